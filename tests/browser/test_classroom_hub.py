"""The classroom loop on a real JupyterHub: three students open quiz 2 from an nbgitpuller link,
answer differently and hand in; the teacher grades the collection folder, touching no file by hand.

The hub is started here (hubsupport.py) with the dummy authenticator and local-process spawner;
each student logs in through Chromium (the suite's one browser) and logs out before the next.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import pytest
from hubsupport import lesson_repository, proxy_missing, start_hub
from labpage import LabPage
from labsupport import SCREENSHOTS, under_ci
from quizdriver import QUIZ_CLASSES, QuizDriver

from lesson_tools.teacher.student_copy import make_student_copy

pytestmark = pytest.mark.browser

STUDENTS = ["student-1", "student-2", "student-3"]
QUIZ = "quiz_02_security_guarantee.ipynb"


class HubNotebook(LabPage):
    """A LabPage whose notebook is opened by a link (nbgitpuller), not by a workspace URL."""

    def open_link(self, link: str, path: str, timeout: float = 240) -> None:
        self.path = path
        self.page.goto(link, wait_until="domcontentloaded", timeout=timeout * 1000)
        from notebook_js import NOTEBOOK_STATE

        def state() -> dict:
            try:  # the hub's spawn page, then nbgitpuller's, come first; only JupyterLab has the app
                return self.page.evaluate(NOTEBOOK_STATE, self.path)
            except Exception:  # noqa: BLE001  (a page navigating away while asked)
                return {}

        self._poll(
            state,
            lambda s: s.get("open") and s["ready"] and s["kernel"] and s["status"] == "idle",
            timeout,
            f"open {path} from the nbgitpuller link",
        )


@pytest.fixture(scope="module")
def hub(chromium_executable, tmp_path_factory):
    if reason := proxy_missing():
        if under_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("hub")
    copy = folder / "paris-summit-lessons"
    make_student_copy(copy)
    repository = lesson_repository(copy)
    shared = Path(tempfile.mkdtemp(prefix="lesson-handins-"))  # outside pytest's private tmp: reachable by all
    shared.chmod(0o755)
    collection = shared / "handins"
    collection.mkdir()
    collection.chmod(0o3773)  # as docs/hub-setup.md sets it up on TLJH: students add their folder, list nothing
    hub = start_hub(folder / "hub", STUDENTS, collection)
    try:
        yield hub, repository, collection, folder
    finally:
        hub.stop()
        shutil.rmtree(shared, ignore_errors=True)


def answer_as(driver: QuizDriver, choice: int) -> int:
    """Tick option number `choice` of every single-choice question (so students differ), submit each."""
    answered = 0
    for card in driver.cards():
        if not card["radios"]:
            continue
        option = driver.card(card["n"]).locator("label:has(input[type=radio])").nth(choice % card["radios"])
        option.scroll_into_view_if_needed()
        option.click()
        driver.page.wait_for_timeout(300)  # the value reaches the kernel before Submit
        driver.submit(card["n"])
        answered += 1
    return answered


def test_three_students_hand_in_on_a_hub_and_the_teacher_grades_the_folder(hub, _browser_tab):
    hub, repository, collection, folder = hub
    page, log = _browser_tab  # the suite's one Chromium; each student logs out before the next logs in
    receipts = {}
    for n, user in enumerate(STUDENTS):
        link = hub.git_pull_link(repository, QUIZ)
        page.goto(f"{hub.base_url}/hub/login?next={urllib.parse.quote(link.split(hub.base_url)[1])}")
        page.fill("#username_input", user)
        page.fill("#password_input", "any password")
        page.click("#login_submit")
        notebook = HubNotebook(page, hub, log)
        notebook.open_link(page.url, f"paris-summit-lessons/lessons/{QUIZ}")
        notebook.run_all()
        driver = QuizDriver(notebook)
        assert not driver.start(user), "on a hub the quiz must not ask for a name"
        header = page.locator(f".{QUIZ_CLASSES['quiz']}").first.inner_text()
        assert f"Signed in as {user}" in header
        assert answer_as(driver, n) >= 3
        receipts[user] = driver.hand_in()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"quiz_02_security_guarantee__hub_{user}_handed_in.png"))
        page.goto(f"{hub.base_url}/hub/logout")
    for user, receipt in receipts.items():
        assert "Received" in receipt and user in receipt, receipt

    marks = folder / "marks"
    run = subprocess.run(
        [sys.executable, "-m", "lesson_tools.cli", "gradebook", str(collection), "--out", str(marks)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    with (marks / "gradebook.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["user"] for row in rows) == STUDENTS, rows
    assert len({row["total"] for row in rows}) > 1, "the students answered differently"
    (SCREENSHOTS / "hub__gradebook_rows.txt").write_text(
        "\n".join(f"{r['user']}: {r['total']} / {r['max_points']} ({r['percent']}%)" for r in rows) + "\n"
    )

    # results back: the teacher releases the marks; student-2 opens the quiz again and sees theirs
    run = subprocess.run([sys.executable, "-m", "lesson_tools.cli", "release", str(collection)],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0 and "Released 3" in run.stdout, run.stdout + run.stderr
    reopen = f"/hub/user-redirect/lab/tree/paris-summit-lessons/lessons/{QUIZ}"  # from their files, no new pull
    page.goto(f"{hub.base_url}/hub/login?next={urllib.parse.quote(reopen)}")
    page.fill("#username_input", "student-2")
    page.fill("#password_input", "any password")
    page.click("#login_submit")
    notebook = HubNotebook(page, hub, log)
    notebook.open_link(page.url, f"paris-summit-lessons/lessons/{QUIZ}")
    notebook.run_all()
    page.wait_for_selector(".quiz-marked", timeout=60_000)
    result = page.locator(".quiz-marked").first
    assert "Your marked result" in result.inner_text()
    result.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "quiz_02_security_guarantee__hub_student-2_marked_result.png"))
    page.goto(f"{hub.base_url}/hub/logout")


def test_a_student_cannot_read_another_students_hand_in(hub):
    _, _, collection, _ = hub
    handins = sorted(collection.glob("student-*/*.handin.json"))
    if not handins:
        pytest.skip("needs the hand-ins of the classroom test")
    other = handins[0]
    assert other.parent.stat().st_mode & 0o007 == 0, "a student's folder is closed to other users"
    assert collection.stat().st_mode & 0o1007 == 0o1003, "students may add their folder but list none"
    if os.geteuid() != 0:
        return  # the servers ran as this user; only root can try the files as another user
    as_other = lambda *command: subprocess.run(["runuser", "-u", "nobody", "--", *command], capture_output=True)  # noqa: E731
    assert as_other("mkdir", str(collection / "nobody")).returncode == 0  # another user reaches the folder...
    assert as_other("cat", str(other)).returncode != 0  # ...but cannot read a student's hand-in
    assert as_other("ls", str(other.parent)).returncode != 0
    assert as_other("ls", str(collection)).returncode != 0  # nor list who handed in
