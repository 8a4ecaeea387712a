"""The classroom loop without a hub: who the student is, where a hand-in goes, and what the screen says."""

from __future__ import annotations

import json

import pytest

from lesson_tools.teacher import gradebook
from lesson_utils.quiz import QuizSession, ResponseError, load_bank
from lesson_utils.quiz.classroom import Place, collect, current_place
from lesson_utils.quiz.handin import read_handin
from lesson_utils.quiz.widgets import QuizView


def test_the_place_is_read_from_what_the_hub_or_binder_set(monkeypatch, tmp_path):
    assert current_place() == Place("local")
    monkeypatch.setenv("JUPYTERHUB_USER", "student-2")
    assert current_place() == Place("hub", "student-2")
    monkeypatch.setenv("LESSON_HANDIN_DIR", str(tmp_path))
    assert current_place() == Place("hub", "student-2", tmp_path)
    monkeypatch.setenv("JUPYTERHUB_USER", "../teacher")  # not a user name: never a path
    assert current_place().user is None and "does not say who you are" in current_place().problem
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    assert current_place().kind == "binder"


def handed_in(tmp_path, user: str | None = "student-2", student: str = "Alex Martin") -> QuizSession:
    session = QuizSession(load_bank("security_guarantee"), student, tmp_path / "home", user=user)
    session.answer("pillar-count", "3")
    session.hand_in()
    return session


def test_on_a_hub_the_hand_in_is_filed_under_the_user_atomically(tmp_path):
    session = handed_in(tmp_path)
    (tmp_path / "collect").mkdir()
    receipt = collect(session.handin_path, Place("hub", "student-2", tmp_path / "collect"))
    assert receipt.collected == tmp_path / "collect" / "student-2" / session.handin_path.name
    assert receipt.collected.read_bytes() == session.handin_path.read_bytes()
    assert read_handin(receipt.collected).user == "student-2"
    assert receipt.message.startswith("Received") and not receipt.must_download
    assert not list((tmp_path / "collect").rglob(".*.tmp"))


@pytest.mark.parametrize(
    "place, says",
    [
        (Place("binder"), "Binder deletes this session"),
        (Place("lite"), "only in this browser's storage"),
        (Place("hub", "student-2"), "Saved on this hub only"),
        (Place("local"), "Saved on this computer only"),
    ],
)
def test_where_nothing_is_collected_the_screen_says_download_and_upload(tmp_path, place, says):
    receipt = collect(handed_in(tmp_path).handin_path, place)
    assert says in receipt.message and receipt.must_download and receipt.collected is None
    assert "nothing has reached your teacher" in receipt.message.lower() or "not sent yet" in receipt.message.lower()


def test_an_unwritable_collection_folder_or_no_user_is_said_and_keeps_the_file(tmp_path):
    session = handed_in(tmp_path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the collection folder should be")
    for place, reason in [
        (Place("hub", "student-2", blocked), "cannot be written"),
        (Place("hub", "student-2", tmp_path / "missing"), "cannot be written"),
        (Place("hub", None, tmp_path), "does not say who you are"),
    ]:
        with pytest.raises(OSError, match=f"NOT sent to your teacher.*{reason}"):
            collect(session.handin_path, place)
        assert session.handin_path.exists()


@pytest.fixture
def shown(monkeypatch) -> list:
    """What the quiz puts in its hand-in output (outside a kernel an Output widget keeps nothing)."""
    from lesson_utils.quiz import widgets

    captured: list = []
    monkeypatch.setattr(widgets, "display", captured.append)
    return captured


def test_on_a_hub_the_quiz_needs_no_typed_name_and_shows_received(tmp_path, shown):
    (tmp_path / "collect").mkdir()
    place = Place("hub", "student-2", tmp_path / "collect")
    view = QuizView("security_guarantee", None, tmp_path / "home", place=place)
    assert (
        view.session.user == "student-2" and "Signed in as <strong>student-2</strong>" in view.widget.children[1].value
    )
    view.hand_in_button.click()
    view.hand_in_button.click()  # unanswered questions: hand in anyway
    screen = shown[-1].data
    assert "Received" in screen and "quiz-not-received" not in screen
    collected = tmp_path / "collect" / "student-2" / view.session.handin_path.name
    assert json.loads(collected.read_text(encoding="utf-8"))["user"] == "student-2"


def test_a_failed_collection_is_never_shown_as_received(tmp_path, shown):
    place = Place("hub", "student-2", tmp_path / "missing")
    view = QuizView("security_guarantee", "Alex Martin", tmp_path / "home", place=place)
    view.hand_in_button.click()
    view.hand_in_button.click()
    screen = shown[-1].data
    assert "NOT sent to your teacher" in screen and "quiz-not-received" in screen and "Received:" not in screen


def test_the_hub_user_is_who_the_student_is(tmp_path):
    first = QuizSession(load_bank("security_guarantee"), "Alex", tmp_path, user="student-2")
    first.answer("pillar-count", "3")
    again = QuizSession(load_bank("security_guarantee"), "Alex Martin", tmp_path, user="student-2")
    assert again.attempts("pillar-count") == 1  # a display name typed differently changes nothing


def test_the_gradebook_keys_on_the_hub_user(tmp_path):
    folder = tmp_path / "collect"
    for user, student in [("student-1", "Alex"), ("student-2", "Alex"), ("student-3", "Sam Lee")]:
        session = handed_in(tmp_path / user, user=user, student=student)
        collect(session.handin_path, Place("hub", user, folder.mkdir(exist_ok=True) or folder))
    table = gradebook.grade(folder).table()
    assert sorted(table["user"]) == ["student-1", "student-2", "student-3"]  # two Alexes, two rows
    assert sorted(table["student"]) == ["Alex", "Alex", "Sam Lee"]


def test_a_second_kernel_of_the_same_hub_user_shares_the_answers_and_the_lock(tmp_path):
    bank = load_bank("security_guarantee")  # an assessment: handed in once, then locked
    first = QuizSession(bank, "Alex", tmp_path, user="student-2")
    second = QuizSession(bank, "Alex M.", tmp_path, user="student-2")  # another tab, another name typed
    first.answer("pillar-count", "3")
    second.answer("first-line", "strong-ukrainian-army")
    handed = json.loads(second.hand_in().read_text(encoding="utf-8"))
    assert {r["question_id"] for r in handed["responses"]} == {"pillar-count", "first-line"}
    with pytest.raises(ResponseError, match="handed in"):
        first.answer("pillar-count", "4")
