"""Results back to students: release marks every hand-in, and the student's quiz shows its result."""

from __future__ import annotations

import json
import random
import shutil

import pytest

from lesson_tools.cli import main
from lesson_utils.quiz import QuizSession, load_bank
from lesson_utils.quiz.classroom import Place, collect
from lesson_utils.quiz.marked import find_marked
from lesson_utils.quiz.widgets import QuizView

QUIZ = "security_guarantee"


@pytest.fixture
def hub_class(tmp_path, monkeypatch):
    """Two hub students who handed in to the collection folder, one right on every question."""
    for name in ("JUPYTERHUB_USER", "LESSON_HANDIN_DIR", "BINDER_LAUNCH_HOST"):
        monkeypatch.delenv(name, raising=False)
    collection = tmp_path / "collection"
    collection.mkdir()
    bank = load_bank(QUIZ)
    for n, user in enumerate(["student-1", "student-2"]):
        session = QuizSession(bank, user, tmp_path / user / "results", user=user)
        rng = random.Random(n)
        for question in bank.questions:
            session.answer(question.id, question.right_response(rng) if n == 0 else question.wrong_response(rng))
        collect(session.hand_in(), Place("hub", user, collection))
    return tmp_path, collection


def test_release_writes_each_result_where_the_students_quiz_finds_it(hub_class, capsys):
    home, collection = hub_class
    assert main(["release", str(collection)]) == 0
    assert "Released 2 marked results" in capsys.readouterr().out
    bank = load_bank(QUIZ)
    place = Place("hub", "student-1", collection)
    view = QuizView(QUIZ, None, home / "student-1" / "results", place=place)
    shown = view.widget.children[2].value
    assert f"Your marked result: {bank.max_points} / {bank.max_points} points" in shown
    assert "✓ right" in shown and "Right answer" in shown and "Source:" in shown
    other = find_marked(view.session.handin_path, Place("hub", "student-2", collection))
    assert other is None or other.user == "student-2"  # a student only ever finds their own file
    second = QuizView(QUIZ, None, home / "student-2" / "results", place=Place("hub", "student-2", collection))
    assert "✗ not right" in second.widget.children[2].value


def test_off_a_hub_the_teacher_sends_the_file_and_the_quiz_shows_it_from_results(hub_class, tmp_path):
    home, collection = hub_class
    out = tmp_path / "to-send"
    assert main(["release", str(collection), "--out", str(out)]) == 0
    files = sorted(out.glob("*.feedback.json"))
    assert len(files) == 2 and all(json.loads(f.read_text(encoding="utf-8"))["quiz_id"] == QUIZ for f in files)
    results = home / "student-2" / "results"
    shutil.copy(next(f for f in files if "student-2" in f.name), results)  # where the student saves it
    view = QuizView(QUIZ, None, results, place=Place("local", "student-2"))
    assert "Your marked result" in view.widget.children[2].value


def test_before_release_the_quiz_shows_no_result(hub_class):
    home, collection = hub_class
    view = QuizView(QUIZ, None, home / "student-1" / "results", place=Place("hub", "student-1", collection))
    assert not any("quiz-marked" in getattr(child, "value", "") for child in view.widget.children)
