"""`make bench`'s class on one hub (benchmarks/hub_load.py), with two students: it must keep working,
since `make bench` runs it only now and then. Each student logs in, answers all of quiz 2 through
the kernel's websocket and hands in; the teacher's collection folder must hold both hand-ins."""

from __future__ import annotations

import sys

import pytest
from hubsupport import proxy_missing
from labsupport import REPO, under_ci

pytestmark = pytest.mark.browser


def test_two_students_take_quiz_2_on_one_hub():
    if reason := proxy_missing():
        pytest.fail(reason) if under_ci() else pytest.skip(reason)
    sys.path.insert(0, str(REPO / "benchmarks"))
    import hub_load
    import run

    result = hub_load.measure(2, think=0)  # no pause between questions: a test, not a measurement
    assert result["handins_received"] == 2 and not result["load"]["failed"], result
    assert result["single"]["p95_ms"] > 0 and len(result["load"]["ready_s"]) == 2
    assert result["per_student_mb"]["server"] > 20 and len(result["per_student_mb"]["kernels"]) == 2
    rows = run.hub_budgets(result)
    assert [row["ok"] for row in rows][1] is True  # two of two received
    assert "2 students at once" in run.hub_report(result)
