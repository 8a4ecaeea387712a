"""The hand-in screen off a collecting hub: it says the teacher does not have the file yet, and its
download link really downloads the hand-in in JupyterLab (otter-grader once shipped one that did not).
The Binder screen is checked too, in a notebook that runs the quiz as Binder's environment would."""

from __future__ import annotations

import time

import nbformat
import pytest
from labsupport import SCREENSHOTS
from quizdriver import QuizDriver

from lesson_utils.quiz.handin import read_handin

pytestmark = pytest.mark.browser


def take(lab_page, notebook: str, student: str) -> QuizDriver:
    lab_page.open(notebook)
    run = lab_page.run_all()
    assert not run["notRun"], f"cells {run['notRun']} of {notebook} did not run"
    driver = QuizDriver(lab_page)
    driver.start(student)
    return driver


def test_the_download_link_downloads_the_hand_in(lab_page, tmp_path):
    student = f"Download Test {time.strftime('%H%M%S')}"
    driver = take(lab_page, "quiz_01_summit_participants.ipynb", student)
    receipt = driver.hand_in()
    assert "Saved on this computer only" in receipt and "nothing has reached your teacher yet" in receipt
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    lab_page.page.screenshot(path=str(SCREENSHOTS / "quiz_01_summit_participants__handin_local.png"))
    link = lab_page.page.locator(".quiz-receipt a[download]").first
    with lab_page.page.expect_download(timeout=30_000) as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    handin = read_handin(saved)
    assert handin.student == student and handin.quiz_id == "summit_participants"
    assert saved.name.endswith(".handin.json")


def test_on_binder_the_screen_says_download_before_the_session_is_deleted(lab_page, lab_server):
    notebook = "_handin_on_binder.ipynb"
    cells = [
        nbformat.v4.new_code_cell('import os\nos.environ["BINDER_LAUNCH_HOST"] = "https://mybinder.org/"'),
        nbformat.v4.new_code_cell('from lesson_utils import quiz\nquiz.show("summit_participants", "Binder Test")'),
    ]
    path = lab_server.root / "lessons" / notebook
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    try:
        driver = take(lab_page, notebook, "Binder Test")
        receipt = driver.hand_in()
        assert "Binder deletes this session" in receipt and "Download" in receipt
        lab_page.page.screenshot(path=str(SCREENSHOTS / "quiz_01_summit_participants__handin_binder.png"))
    finally:
        path.unlink(missing_ok=True)
