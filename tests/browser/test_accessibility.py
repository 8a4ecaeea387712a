"""axe-core over what this package renders in every notebook (lessons, started quizzes, the teacher guide)
and over the gradebook's report.html: no serious or critical WCAG 2.x A/AA violation in an output area
or the report. JupyterLab's own are listed apart."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter

import pytest
from axe import AXE, WHOLE_PAGE, axe_violations, serious_in_outputs
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


def test_the_teacher_report_has_no_serious_violation(_browser_tab, tmp_path, report):
    """The gradebook's report.html, as a teacher opens it in the browser: the whole page is ours."""
    if not AXE.exists():
        message = f"axe-core is not installed ({AXE}); run `make test`, which installs it with npm"
        pytest.fail(message) if under_ci() else pytest.skip(message)
    cli = [sys.executable, "-m", "lesson_tools.cli"]
    subprocess.run([*cli, "demo-class", str(tmp_path / "handins"), "--students", "12"], check=True, capture_output=True)
    subprocess.run(
        [*cli, "gradebook", str(tmp_path / "handins"), "--out", str(tmp_path / "marks")],
        check=True,
        capture_output=True,
    )
    page = _browser_tab[0].context.new_page()
    try:
        page.goto((tmp_path / "marks" / "report.html").as_uri())
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(WHOLE_PAGE)
        page.screenshot(path=str(SCREENSHOTS / "teacher_guide__report_html.png"), full_page=True)
    finally:
        page.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}: {v['nodes']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    report["report.html"] = {"all": [v["id"] for v in violations], "serious": serious}
    assert not serious, "report.html: " + "; ".join(serious)
