"""The start page's language buttons, clicked in JupyterLab: the choice is saved for the student and
the page lists the lessons to open in that language."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from labpage import safe_name
from labsupport import SCREENSHOTS, notebooks_source

from lesson_utils import i18n

pytestmark = pytest.mark.browser

NOTEBOOK = "00_start_here.ipynb"


@pytest.mark.skipif(not (notebooks_source() / NOTEBOOK).exists(), reason=f"{NOTEBOOK} is not among the notebooks")
def test_a_click_on_a_language_saves_it_and_lists_its_lessons(lab_page):
    choice = Path(os.environ[i18n.CHOICE_ENV_VAR])
    choice.unlink(missing_ok=True)
    saved = i18n.translations("ui", "uk").gettext(
        "Saved ({language}): every notebook you open from now on uses this language. A notebook that is already open uses it after <strong>Kernel → Restart Kernel</strong>."
    )
    lab_page.open(NOTEBOOK)
    run = lab_page.run_all()
    assert not run["notRun"], f"cells {run['notRun']} did not run"
    try:
        button = lab_page.page.locator(".language-picker button", has_text="Українська")
        button.scroll_into_view_if_needed()
        button.focus()
        lab_page.page.keyboard.press("Enter")  # the keyboard works as well as the mouse
        status = lab_page.page.locator(".language-status")
        deadline = time.perf_counter() + 20
        while saved.split("(")[0] not in status.inner_text() and time.perf_counter() < deadline:
            time.sleep(0.25)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        lab_page.page.screenshot(path=str(SCREENSHOTS / f"{safe_name(NOTEBOOK)}__language_chosen.png"))
        assert saved.split("(")[0] in status.inner_text()
        lessons = lab_page.page.locator(".language-lessons").inner_text()
        assert "01_summit_participants.uk.ipynb" in lessons and "quiz_02_security_guarantee.uk.ipynb" in lessons
        assert json.loads(choice.read_text(encoding="utf-8")) == {"language": "uk"}
    except BaseException:
        lab_page.failure_screenshot(safe_name(NOTEBOOK) + "__language")
        raise
    finally:
        choice.unlink(missing_ok=True)  # later kernels of this server speak the default again
