"""QuizSession without any front end: feedback by mode, attempts, score, seeded order, persistence
(atomic appends, restore after a restart, torn lines) and hand-in."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import yaml
from locations import FIXTURES, REPO

from lesson_utils.quiz import QuizSession, ResponseError, load_bank
from lesson_utils.quiz.bank import parse_bank
from lesson_utils.quiz.store import read_records, student_slug
from lesson_utils.quiz.widgets import feedback_html

SAMPLE = FIXTURES / "sample.yaml"
RIGHT = {"capital": "Kyiv", "neighbours": ["Poland", "Slovakia"], "us-absent": False, "border": "1 944 km",
         "close-enough": "2,200", "order": ["Russia", "Moldova", "Belarus"],
         "leaders": {"Giorgia Meloni": "Italy", "Donald Tusk": "Poland"}, "north": "BLR"}  # fmt: skip


@pytest.fixture
def bank():
    return load_bank(SAMPLE)


@pytest.fixture
def assessment(tmp_path):
    raw = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    raw["mode"] = "assessment"
    path = tmp_path / "sample.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_bank(path)


def test_practice_feedback_is_immediate_with_explanation_and_source(bank, tmp_path):
    session = QuizSession(bank, "Alex Martin", tmp_path)
    feedback = session.answer("border", "1,944")
    assert (feedback.correct, feedback.attempt, feedback.explanation) == (True, 1, "1,944 km.")
    assert [c.id for c in feedback.source] == ["factbook-2020"]
    assert feedback.source[0].url.startswith("https://")
    wrong = session.answer("capital", "Lviv")
    assert wrong.correct is False and wrong.explanation == "Kyiv is the capital."


def test_assessment_shows_nothing_until_hand_in_then_locks(assessment, tmp_path):
    session = QuizSession(assessment, "Alex Martin", tmp_path)
    feedback = session.answer("capital", "Lviv")
    assert (feedback.correct, feedback.explanation, feedback.source, feedback.attempt) == (None, None, None, 1)
    assert session.feedback("capital").correct is None
    session.answer("capital", "Kyiv")
    session.hand_in()
    assert session.feedback("capital").correct is True
    assert session.feedback("capital").explanation == "Kyiv is the capital."
    with pytest.raises(ResponseError, match="handed in"):
        session.answer("capital", "Odesa")


def test_attempts_are_counted_and_the_latest_answer_scores(bank, tmp_path):
    session = QuizSession(bank, "Alex Martin", tmp_path)
    assert session.answer("capital", "Lviv").attempt == 1
    assert session.answer("capital", "Odesa").attempt == 2
    assert session.answer("capital", "Kyiv").attempt == 3
    session.answer("neighbours", ["Poland", "Slovakia"])
    score = session.score()
    assert (score.points, score.max_points, score.answered, score.total) == (3, 10, 2, 8)
    assert score.correct_first_time == 1
    by_id = {q.question_id: q for q in score.questions}
    capital = by_id["capital"]
    assert (capital.attempts, capital.correct, capital.correct_first_time) == (3, True, False)
    assert "3 / 10 points" in str(score)


def test_full_marks(bank, tmp_path):
    session = QuizSession(bank, "Alex Martin", tmp_path)
    for question_id, response in RIGHT.items():
        assert session.answer(question_id, response).correct, question_id
    assert session.score().points == bank.max_points


def test_unreadable_response_is_not_an_attempt(bank, tmp_path):
    session = QuizSession(bank, "Alex Martin", tmp_path)
    with pytest.raises(ResponseError, match="not a number"):
        session.answer("border", "lots")
    assert session.attempts("border") == 0 and not session.path.exists()


def test_unknown_question_is_a_key_error(bank, tmp_path):
    with pytest.raises(KeyError, match="no question 'nope'"):
        QuizSession(bank, "Alex Martin", tmp_path).answer("nope", 1)


def test_hints_are_given_on_request_and_logged(bank, tmp_path):
    session = QuizSession(bank, "Alex Martin", tmp_path)
    assert session.hint("capital") == "It lies on the Dnieper."
    assert session.hint("border") is None
    assert [r["kind"] for r in read_records(session.path)] == ["hint"]


@pytest.mark.parametrize("name", ["", "   ", None, 42, "a\x00b", "x" * 101])
def test_student_name_must_be_a_real_name(bank, tmp_path, name):
    with pytest.raises(ValueError, match="name"):
        QuizSession(bank, name, tmp_path)


def test_file_names_are_safe_and_distinct(bank, tmp_path):
    assert student_slug("Zoë O'Brien / ../etc").startswith("zoe-o-brien-etc-")
    assert student_slug("Zoë") != student_slug("Zoe")
    assert student_slug("  zoë ") == student_slug("Zoë")
    assert student_slug("王芳").startswith("student-")
    session = QuizSession(bank, "../../Evil", tmp_path)
    session.answer("capital", "Kyiv")
    assert session.path.parent == tmp_path and session.path.name.startswith("sample--evil-")


# --- order -----------------------------------------------------------------------------------


def test_order_is_seeded_by_student_and_quiz(bank, tmp_path):
    alex = QuizSession(bank, "Alex Martin", tmp_path)
    again = QuizSession(bank, "alex  martin", tmp_path)
    assert [q.id for q in alex.questions] == [q.id for q in again.questions]
    assert all(alex.options(q.id) == again.options(q.id) for q in bank.questions)
    others = [QuizSession(bank, f"Student {n}", tmp_path) for n in range(8)]
    assert len({tuple(q.id for q in s.questions) for s in others}) > 1
    assert len({tuple(s.options("capital")) for s in others}) > 1


def test_options_are_the_choices_reordered(bank, tmp_path):
    session = QuizSession(bank, "Alex Martin", tmp_path)
    assert sorted(session.options("capital")) == sorted(bank.question("capital").choices)
    assert sorted(session.options("leaders")) == ["Hungary", "Italy", "Poland"]
    assert session.options("border") == []


def test_ordering_never_starts_solved(bank, tmp_path):
    for n in range(40):
        assert QuizSession(bank, f"Student {n}", tmp_path).options("order") != bank.question("order").answer


def test_the_same_order_in_a_new_process(bank, tmp_path):
    here = QuizSession(bank, "Alex Martin", tmp_path)
    code = f"""
        import json
        from lesson_utils.quiz import QuizSession, load_bank
        s = QuizSession(load_bank({str(SAMPLE)!r}), "Alex Martin", {str(tmp_path)!r})
        print(json.dumps([[q.id for q in s.questions], s.options("capital"), s.options("order")]))
    """
    there = json.loads(run(code).stdout)
    assert there == [[q.id for q in here.questions], here.options("capital"), here.options("order")]


# --- persistence -------------------------------------------------------------------------------


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_answers_survive_a_restart_in_another_process(bank, tmp_path):
    """Answer in one kernel, read back in a fresh one (results dir from LESSON_RESULTS_DIR)."""
    run(
        f"""
        from lesson_utils.quiz import QuizSession, load_bank
        s = QuizSession(load_bank({str(SAMPLE)!r}), "Alex Martin")
        s.answer("capital", "Lviv")
        s.answer("capital", "Kyiv")
        s.answer("border", "1 944 km")
        s.answer("leaders", {{"Giorgia Meloni": "Poland", "Donald Tusk": "Italy"}})
        s.hint("capital")
    """,
        LESSON_RESULTS_DIR=str(tmp_path),
    )
    restored = QuizSession(bank, "Alex Martin", tmp_path)
    assert restored.attempts("capital") == 2 and restored.response("capital") == "Kyiv"
    assert restored.response("border") == 1944.0
    assert restored.response("leaders") == {"Giorgia Meloni": "Poland", "Donald Tusk": "Italy"}
    assert restored.score().points == 2
    assert restored.answer("capital", "Kyiv").attempt == 3


def test_results_dir_defaults_to_results_beside_the_notebook(bank, tmp_path, monkeypatch):
    monkeypatch.delenv("LESSON_RESULTS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert QuizSession(bank, "Alex").path.parent == tmp_path / "results"
    monkeypatch.setenv("LESSON_RESULTS_DIR", str(tmp_path / "elsewhere"))
    assert QuizSession(bank, "Alex").path.parent == tmp_path / "elsewhere"
    assert QuizSession(bank, "Alex", tmp_path / "given").path.parent == tmp_path / "given"


def test_each_answer_is_one_json_line(bank, tmp_path):
    session = QuizSession(bank, "Alex Martin", tmp_path)
    session.answer("border", "1,944")
    session.answer("north", "blr")
    lines = session.path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["question_id"], r["attempt"], r["response"]) for r in records] == [
        ("border", 1, 1944.0),
        ("north", 1, "BLR"),
    ]
    assert all(r["bank_version"] == bank.version and r["student"] == "Alex Martin" and r["time"] for r in records)


def test_a_torn_last_line_is_skipped_with_a_warning_and_never_spreads(bank, tmp_path):
    session = QuizSession(bank, "Alex Martin", tmp_path)
    session.answer("capital", "Kyiv")
    session.answer("border", "1944")
    with open(session.path, "ab") as handle:  # what a kernel killed inside write() leaves behind
        handle.write(b'{"kind": "answer", "question_id": "north", "resp')
    with pytest.warns(RuntimeWarning, match="skipped unreadable line 3"):
        restored = QuizSession(bank, "Alex Martin", tmp_path)
    assert restored.response("capital") == "Kyiv" and restored.response("border") == 1944.0
    assert restored.attempts("north") == 0
    restored.answer("north", "BLR")  # the next answer starts on a line of its own
    with pytest.warns(RuntimeWarning):
        again = QuizSession(bank, "Alex Martin", tmp_path)
    assert again.response("north") == "BLR" and again.score().points == 3


def test_a_process_killed_while_answering_leaves_a_readable_file(bank, tmp_path):
    """SIGKILL a writer in the middle of a burst of answers: every complete line is still there."""
    code = f"""
        import sys
        from lesson_utils.quiz import QuizSession, load_bank
        s = QuizSession(load_bank({str(SAMPLE)!r}), "Alex Martin", {str(tmp_path)!r})
        print("ready", flush=True)
        n = 0
        while True:
            n += 1
            s.answer("border", str(n))
    """
    writer = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout.readline().strip() == "ready"
    path = QuizSession(bank, "Alex Martin", tmp_path).path
    deadline = time.monotonic() + 60
    while (not path.exists() or path.stat().st_size < 20_000) and time.monotonic() < deadline:
        time.sleep(0.01)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    restored = QuizSession(bank, "Alex Martin", tmp_path)  # may warn about a torn last line, never fails
    attempts = restored.attempts("border")
    assert attempts > 50
    assert restored.response("border") == float(attempts)  # answer n was the n-th line: none lost
    whole = path.read_bytes().split(b"\n")[:-1]
    assert all(json.loads(line)["kind"] == "answer" for line in whole)


# --- hand-in -------------------------------------------------------------------------------------


def test_hand_in_holds_every_response_and_the_score(bank, tmp_path):
    session = QuizSession(bank, "Alex Martin", tmp_path)
    session.answer("capital", "Lviv")
    session.answer("capital", "Kyiv")
    session.answer("order", ["Moldova", "Russia", "Belarus"])
    session.hint("capital")
    path = session.hand_in()
    assert path.parent == tmp_path and path.name.endswith(".handin.json")
    handin = json.loads(path.read_text(encoding="utf-8"))
    assert (handin["student"], handin["quiz_id"], handin["bank_version"]) == ("Alex Martin", "sample", bank.version)
    assert [(r["question_id"], r["attempt"], r["response"]) for r in handin["responses"]] == [
        ("capital", 1, "Lviv"),
        ("capital", 2, "Kyiv"),
        ("order", 1, ["Moldova", "Russia", "Belarus"]),
    ]
    assert all(r["time"] for r in handin["responses"])
    assert handin["score"]["points"] == 1 and handin["score"]["max_points"] == bank.max_points
    assert handin["hints"][0]["question_id"] == "capital" and handin["handed_in_at"]
    assert not list(tmp_path.glob("*.tmp"))  # written via a temporary file, renamed into place


def test_hand_in_can_be_rescored_with_the_same_check(bank, tmp_path):
    """What the teacher's gradebook will do: re-score the hand-in from the bank alone."""
    from lesson_utils.quiz import check

    session = QuizSession(bank, "Alex Martin", tmp_path)
    for question_id, response in RIGHT.items():
        session.answer(question_id, response)
    session.answer("capital", "Odesa")
    handin = json.loads(session.hand_in().read_text(encoding="utf-8"))
    latest = {r["question_id"]: r["response"] for r in handin["responses"]}
    rescored = sum(q.points for q in bank.questions if check(q, latest.get(q.id)))
    assert rescored == handin["score"]["points"] == bank.max_points - 1


def test_hand_in_is_remembered_after_a_restart(assessment, tmp_path):
    session = QuizSession(assessment, "Alex Martin", tmp_path)
    session.answer("capital", "Kyiv")
    session.hand_in()
    restored = QuizSession(assessment, "Alex Martin", tmp_path)
    assert restored.handed_in_at == session.handed_in_at and restored.reveals
    with pytest.raises(ResponseError, match="handed in"):
        restored.answer("capital", "Lviv")


def test_answers_to_removed_questions_are_ignored_with_a_warning(bank, tmp_path):
    session = QuizSession(bank, "Alex Martin", tmp_path)
    session.answer("capital", "Kyiv")
    with open(session.path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"kind": "answer", "question_id": "gone", "attempt": 1, "response": 1}) + "\n")
    with pytest.warns(RuntimeWarning, match="'gone' is no longer in quiz 'sample'"):
        restored = QuizSession(bank, "Alex Martin", tmp_path)
    assert restored.score().answered == 1


# --- a bank without its answer key (a student copy) -----------------------------------------------


@pytest.fixture
def answerless(tmp_path):
    """The sample bank as a student copy has it, on disk so another process can open it too."""
    from lesson_tools.teacher.student_copy import student_bank

    path = tmp_path / "bank" / "sample.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(student_bank(load_bank(SAMPLE)), allow_unicode=True), encoding="utf-8")
    return path


def test_without_the_key_answers_are_recorded_but_never_judged(answerless, tmp_path):
    bank = load_bank(answerless)
    session = QuizSession(bank, "Alex Martin", tmp_path)
    assert session.answer("capital", "Lviv").attempt == 1
    feedback = session.answer("capital", "Kyiv")
    assert (feedback.correct, feedback.explanation, feedback.source, feedback.attempt) == (None, None, None, 2)
    session.answer("order", ["Russia", "Moldova", "Belarus"])
    assert session.score() is None and not session.reveals
    assert (session.answered(), session.attempts("capital")) == (2, 2)
    assert sorted(session.options("order")) == ["Belarus", "Moldova", "Russia"]
    assert sorted(session.options("leaders")) == ["Hungary", "Italy", "Poland"]
    handin = json.loads(session.hand_in().read_text(encoding="utf-8"))
    assert handin["score"] is None and handin["bank_version"] == bank.version
    assert [(r["question_id"], r["response"]) for r in handin["responses"]] == [
        ("capital", "Lviv"),
        ("capital", "Kyiv"),
        ("order", ["Russia", "Moldova", "Belarus"]),
    ]
    assert not session.reveals and session.feedback("capital").correct is None  # not even after hand-in
    with pytest.raises(ResponseError, match="handed in"):
        session.answer("capital", "Odesa")


def test_without_the_key_answers_survive_a_restart(answerless, tmp_path):
    run(
        f"""
        from lesson_utils.quiz import QuizSession
        s = QuizSession({str(answerless)!r}, "Alex Martin")
        s.answer("capital", "Lviv")
        s.answer("capital", "Kyiv")
        s.answer("leaders", {{"Giorgia Meloni": "Poland", "Donald Tusk": "Italy"}})
    """,
        LESSON_RESULTS_DIR=str(tmp_path),
    )
    restored = QuizSession(load_bank(answerless), "Alex Martin", tmp_path)
    assert restored.attempts("capital") == 2 and restored.response("capital") == "Kyiv"
    assert restored.response("leaders") == {"Giorgia Meloni": "Poland", "Donald Tusk": "Italy"}
    assert restored.answered() == 2 and restored.score() is None
    restored.hand_in()
    again = QuizSession(load_bank(answerless), "Alex Martin", tmp_path)
    assert again.handed_in_at == restored.handed_in_at and not again.reveals


def test_two_kernels_of_one_student_share_one_record(bank, tmp_path):
    """Two notebooks open for the same student: the hand-in holds both kernels' answers."""
    first, second = QuizSession(bank, "Alex Martin", tmp_path), QuizSession(bank, "Alex Martin", tmp_path)
    first.answer("capital", "Kyiv")
    second.answer("north", "BLR")
    handin = json.loads(first.hand_in().read_text(encoding="utf-8"))
    assert {r["question_id"] for r in handin["responses"]} == {"capital", "north"}


def test_after_an_assessment_hand_in_no_other_kernel_changes_it(assessment, tmp_path):
    first = QuizSession(assessment, "Alex Martin", tmp_path)
    second = QuizSession(assessment, "Alex Martin", tmp_path)
    question = assessment.questions[0]
    first.answer(question.id, RIGHT[question.id] if question.id in RIGHT else question.answer)
    path = first.hand_in()
    handed_in = path.read_text(encoding="utf-8")
    with pytest.raises(ResponseError, match="handed in"):
        second.answer(question.id, "anything")
    assert second.hand_in() == path and path.read_text(encoding="utf-8") == handed_in


def test_a_practice_bank_may_hold_the_explanation_back_for_some_wrong_attempts(tmp_path):
    raw = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    raw["reveal_after"] = 2
    bank = parse_bank(raw)
    question = next(q for q in bank.questions if q.type == "single")
    wrong = next(choice for choice in question.choices if choice != question.answer)
    session = QuizSession(bank, "Alex Martin", tmp_path)
    first = session.answer(question.id, wrong)
    assert first.correct is False and first.explanation is None and first.tries_left == 1
    assert "Try again" in feedback_html(first) and question.explanation not in feedback_html(first)
    second = session.answer(question.id, wrong)
    assert second.explanation == question.explanation and second.tries_left == 0
    other = QuizSession(bank, "Sam Lee", tmp_path)
    assert other.answer(question.id, question.answer).explanation == question.explanation  # right: always explained
