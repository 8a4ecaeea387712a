"""axe-core over what this package renders in every notebook (lessons, started quizzes, the teacher guide):
no serious or critical WCAG 2.x A/AA violation in an output area. JupyterLab's own are listed apart."""

from __future__ import annotations

import json
import time
from collections import Counter

import pytest
from axe import AXE, axe_violations, serious_in_outputs
from labpage import safe_name
from labsupport import SCREENSHOTS, lesson_notebooks, under_ci
from quizdriver import QuizDriver

pytestmark = pytest.mark.browser

REPORT = SCREENSHOTS / "axe.json"


@pytest.fixture(scope="module")
def report():
    found: dict = {}
    yield found
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@pytest.mark.parametrize("notebook", lesson_notebooks())
def test_no_serious_violation_in_what_the_package_renders(lab_page, report, notebook):
    if not AXE.exists():
        message = f"axe-core is not installed ({AXE}); run `make test`, which installs it with npm"
        pytest.fail(message) if under_ci() else pytest.skip(message)
    lab_page.open(notebook)
    lab_page.run_all()
    if "quiz" in notebook:
        QuizDriver(lab_page).start(f"Axe Test {time.strftime('%H%M%S')}")
    lab_page.page.wait_for_timeout(1500)
    violations = axe_violations(lab_page.page, lab_page.cell_count())
    ours = serious_in_outputs(violations)
    report[safe_name(notebook)] = {
        "ours": ours,
        "jupyterlab": dict(Counter(v["id"] for v in violations for _ in range(v["theirs"]))),
    }
    assert not ours, f"{notebook}: axe finds serious or critical violations in the package's output:\n- " + "\n- ".join(
        ours
    )
