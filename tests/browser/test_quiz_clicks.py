"""Each quiz answers a student: pick an option and submit, click a country on a map and submit.

Timings (click to feedback, in ms) are printed and written to screenshots/timings.json.
How the driver finds the quiz's parts (stable CSS classes, else today's texts) is explained in
`quizdriver.py`.
"""

from __future__ import annotations

import re
import time
from pathlib import PurePosixPath

import pytest
from labpage import safe_name
from labsupport import SCREENSHOTS, lesson_notebooks
from quizdriver import QuizDriver

pytestmark = pytest.mark.browser

QUIZZES = [nb for nb in lesson_notebooks() if PurePosixPath(nb).name.startswith("quiz")]


@pytest.mark.parametrize("notebook", QUIZZES)
def test_quiz_gives_feedback_on_a_choice_and_a_map_click(lab_page, browser_timings, notebook):
    lab_page.open(notebook)
    run = lab_page.run_all()
    assert not run["notRun"], f"cells {run['notRun']} of {notebook} did not run"
    quiz = QuizDriver(lab_page)
    # A fresh name each time, so no saved answers from an earlier run come back.
    student = f"Browser Test {time.strftime('%H%M%S')}"
    timings: dict = {}
    try:
        timings["asked_name"] = quiz.start(student)
        cards = quiz.cards()
        assert cards, f"{notebook}: no question cards on the page"
        # The questions (and their maps) only appear after the name: check them as the render test would.
        reports = lab_page.inspect_cells(lab_page.cell_count())
        problems = [f"cell {r['index']}: {p}" for r in reports for p in r["problems"]]
        timings["maps_checked"] = [m.get("paint") for r in reports for m in r["maps"]]
        assert not problems, f"{notebook}: the started quiz does not show correctly:\n- " + "\n- ".join(problems)
        cards = quiz.cards()

        choice = next((c for c in cards if c["radios"] or c["checks"]), None)
        mapped = next((c for c in cards if c["map"]), None)
        assert choice or mapped, (
            f"{notebook}: neither a multiple-choice nor a map question among {[c['title'] for c in cards]}"
        )

        if choice:
            picked = quiz.choose_first_option(choice["n"])
            answer = quiz.submit(choice["n"])
            timings["choice"] = {
                "question": choice["title"],
                "option": picked,
                "submit_to_feedback_ms": answer["ms"],
                "feedback": answer["result"][:160],
            }

        if mapped:
            click = quiz.click_map(mapped["n"])
            answer = quiz.submit(mapped["n"])
            timings["map"] = {
                "question": mapped["title"],
                "country": click["country"],
                "click_to_pick_ms": click["ms"],
                "reaction": click["result"][:160],
                "submit_to_feedback_ms": answer["ms"],
                "feedback": answer["result"][:160],
            }
        timings["stable_classes"] = quiz.uses_stable_classes()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        lab_page.page.screenshot(path=str(SCREENSHOTS / f"{safe_name(notebook)}__quiz_answered.png"))
    except BaseException:
        lab_page.failure_screenshot(safe_name(notebook) + "__quiz")
        raise
    finally:
        browser_timings["quiz_clicks"][notebook] = timings

    parts = []
    if "choice" in timings:
        parts.append(f"choice submit -> feedback {timings['choice']['submit_to_feedback_ms']:.0f} ms")
    if "map" in timings:
        parts.append(
            f"map click ({timings['map']['country']}) -> picked {timings['map']['click_to_pick_ms']:.0f} ms, "
            f"map submit -> feedback {timings['map']['submit_to_feedback_ms']:.0f} ms"
        )
    else:
        parts.append("no map question in this quiz")
    if not timings["stable_classes"]:
        parts.append("[found by texts: the quiz widgets have no stable CSS classes yet]")
    print(f"\n{notebook}: " + "; ".join(parts))
    assert not re.search(
        r"Traceback|Error displaying widget",
        lab_page.page.inner_text(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"),
    ), f"{notebook}: an error appeared while answering"
    assert not lab_page.page_errors(), f"{notebook}: uncaught errors in the page: {lab_page.page_errors()}"
    lab_page.assert_offline()
