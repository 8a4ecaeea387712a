"""`make bench`'s class on one hub (benchmarks/hub_load.py), with two students: it must keep working,
since `make bench` runs it only now and then. Each student logs in, answers all of quiz 2 through
the kernel's websocket and hands in; the teacher's collection folder must hold both hand-ins."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

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

    # In its own thread: the suite's Playwright keeps an event loop running in this one, and the
    # harness runs its own (asyncio.run). No pause between questions: a test, not a measurement.
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(hub_load.measure, 2, 0).result()
    assert result["handins_received"] == 2 and not result["load"]["failed"], result
    assert result["single"]["p95_ms"] > 0 and len(result["load"]["ready_s"]) == 2
    assert result["per_student_mb"]["server"] > 20 and len(result["per_student_mb"]["kernels"]) == 2
    rows = run.hub_budgets(result)
    assert [row["ok"] for row in rows][1] is True  # two of two received
    assert "2 students at once" in run.hub_report(result)
