"""A student taking one quiz: answers, attempts, score and hand-in, with no front end at all.

Everything a session knows is replayed from its JSON Lines log, so re-running the notebook
after a kernel restart (or on another day) brings back the student's answers and score.
A bank without its answer key (a student copy) is answered and handed in the same way, but it
is never scored or revealed here: the teacher's gradebook marks the hand-in from the key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lesson_utils.quiz import store
from lesson_utils.quiz.answers import ResponseError, check, parse
from lesson_utils.quiz.bank import Bank, QuestionBase, load_bank
from lesson_utils.quiz.handin import FORMAT, HandIn
from lesson_utils.sources import Citation, citations, question_source_ids


@dataclass(frozen=True)
class Feedback:
    """What a student learns after answering. In assessment mode `correct`, `explanation` and
    `source` stay None until hand-in; without an answer key, they always do."""

    question_id: str
    response: Any
    attempt: int
    correct: bool | None
    explanation: str | None
    source: tuple[Citation, ...] | None
    tries_left: int = 0
    """Wrong attempts still to go before the explanation is shown (the bank's `reveal_after`)."""


@dataclass(frozen=True)
class QuestionScore:
    question_id: str
    attempts: int
    correct: bool
    correct_first_time: bool
    points: int
    max_points: int


@dataclass(frozen=True)
class Score:
    """Points for each question's latest answer, plus how many were right at the first attempt."""

    points: int
    max_points: int
    answered: int
    total: int
    correct_first_time: int
    questions: tuple[QuestionScore, ...]

    def __str__(self) -> str:
        return (
            f"{self.points} / {self.max_points} points; {self.answered} of {self.total} questions answered, "
            f"{self.correct_first_time} right at the first attempt"
        )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _canonical(question: QuestionBase, response: Any) -> Any:
    """A logged response as the question reads it now: a log from before choices had ids holds
    texts, which become ids. One that no longer reads stays as it was (the view says it changed)."""
    try:
        return parse(question, response)
    except (ValueError, TypeError, OverflowError):  # ResponseError, or a value no reader expects
        return response


def _rng(*parts: str) -> random.Random:
    """A generator seeded by quiz, student and (for choices) question: same order on every re-open."""
    digest = hashlib.sha256("\n".join(parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


class QuizSession:
    """One student's run through one bank; every answer is on disk before feedback is returned."""

    def __init__(
        self, bank: Bank | str | Path, student: str, results_dir: str | Path | None = None, user: str | None = None
    ):
        """`student` is the name shown; `user`, on a JupyterHub, is who the student is: the log, the
        hand-in and the option order follow the user, so a name typed differently changes nothing."""
        self.bank = bank if isinstance(bank, Bank) else load_bank(bank)
        self.bank_version = self.bank.version  # hashed once: every answer record carries it
        self.student = store.clean_name(student)
        self.user = user
        self.results_dir = store.results_dir(results_dir)
        stem = f"{self.bank.id}--{store.student_slug(user or self.student)}"
        self.path = self.results_dir / f"{stem}.jsonl"
        self.handin_path = self.results_dir / f"{stem}.handin.json"
        self._seed = (user or self.student).casefold()
        self._answers: list[dict] = []
        self._hints: list[dict] = []
        self.handed_in_at: str | None = None
        self._restore()

    # --- presentation -------------------------------------------------------------------
    @property
    def questions(self) -> list[QuestionBase]:
        """The questions in this student's order (shuffled unless the bank says not to)."""
        questions = list(self.bank.questions)
        if self.bank.shuffle_questions:
            _rng(self.bank.id, self._seed).shuffle(questions)
        return questions

    def options(self, question_id: str) -> list[str]:
        """The choices, items or right-hand matches in the order this student sees them."""
        question = self.bank.question(question_id)
        return question.shown_options(_rng(self.bank.id, self._seed, question.id))

    @property
    def reveals(self) -> bool:
        """Whether correctness may be shown now: always in practice, after hand-in in assessment,
        never without the answer key."""
        return self.bank.has_key and (self.bank.mode == "practice" or self.handed_in_at is not None)

    # --- answering ----------------------------------------------------------------------
    def answer(self, question_id: str, response: Any) -> Feedback:
        """Check, record (durably) and return feedback; ResponseError if it cannot be accepted."""
        question = self.bank.question(question_id)
        self._reload()  # the same student may have answered, or handed in, in another kernel
        if self.bank.mode == "assessment" and self.handed_in_at:
            raise ResponseError("This quiz has been handed in, so answers can no longer change.")
        value = parse(question, response)
        record = {
            "kind": "answer",
            "quiz_id": self.bank.id,
            "bank_version": self.bank_version,
            "student": self.student,
            "question_id": question.id,
            "attempt": self.attempts(question.id) + 1,
            "response": value,
            "time": _now(),
        }
        store.append_record(self.path, record)
        self._answers.append(record)
        return self.feedback(question.id)

    def hint(self, question_id: str) -> str | None:
        """The question's hint (None if it has none); asking is logged so a teacher can see it."""
        question = self.bank.question(question_id)
        if question.hint:
            record = {
                "kind": "hint",
                "quiz_id": self.bank.id,
                "student": self.student,
                "question_id": question.id,
                "time": _now(),
            }
            store.append_record(self.path, record)
            self._hints.append(record)
        return question.hint

    def attempts(self, question_id: str) -> int:
        return sum(1 for record in self._answers if record["question_id"] == question_id)

    def answered(self) -> int:
        """How many questions have an answer: progress, which (unlike the score) needs no key."""
        return len({record["question_id"] for record in self._answers})

    def response(self, question_id: str) -> Any:
        """The latest answer to a question, in canonical form, or None."""
        latest = [record for record in self._answers if record["question_id"] == question_id]
        return latest[-1]["response"] if latest else None

    def feedback(self, question_id: str) -> Feedback | None:
        """Feedback on the latest answer (None if unanswered), revealing only what the mode allows."""
        question = self.bank.question(question_id)
        attempts = self.attempts(question.id)
        if not attempts:
            return None
        response = self.response(question.id)
        if not self.reveals:
            return Feedback(question.id, response, attempts, None, None, None)
        correct = check(question, response)
        tries_left = self.bank.reveal_after - attempts if self.bank.mode == "practice" and not correct else 0
        if tries_left > 0:  # not yet: the explanation would give the answer away
            return Feedback(question.id, response, attempts, correct, None, None, tries_left)
        known = citations()
        source = tuple(known[i] for i in question_source_ids(question) if i in known)
        return Feedback(question.id, response, attempts, correct, question.explanation, source)

    def score(self) -> Score | None:
        """Points for the latest answers; None without the answer key, since nothing can be scored."""
        if not self.bank.has_key:
            return None
        results = []
        for question in self.bank.questions:
            mine = [r["response"] for r in self._answers if r["question_id"] == question.id]
            correct = bool(mine) and check(question, mine[-1])
            results.append(
                QuestionScore(
                    question.id,
                    len(mine),
                    correct,
                    bool(mine) and check(question, mine[0]),
                    question.points if correct else 0,
                    question.points,
                )
            )
        return Score(
            sum(r.points for r in results),
            self.bank.max_points,
            sum(1 for r in results if r.attempts),
            len(results),
            sum(1 for r in results if r.correct_first_time),
            tuple(results),
        )

    # --- hand-in ------------------------------------------------------------------------
    def hand_in(self) -> Path:
        """Write the hand-in file (every response, the score or null) and return its path.

        Built from the answer log, not from memory, so answers given in another kernel count too. An
        assessment is handed in once: asking again (from another kernel, say) leaves the file as it was."""
        self._reload()
        if self.bank.mode == "assessment" and self.handed_in_at and self.handin_path.exists():
            return self.handin_path
        handed_in_at = _now()
        score = self.score()
        HandIn(
            format=FORMAT,
            student=self.student,
            user=self.user,
            quiz_id=self.bank.id,
            quiz_title=self.bank.title,
            mode=self.bank.mode,
            bank_version=self.bank_version,
            handed_in_at=handed_in_at,
            responses=self._answers,
            hints=self._hints,
            score=asdict(score) if score is not None else None,
        ).write(self.handin_path)
        store.append_record(
            self.path,
            {
                "kind": "hand_in",
                "quiz_id": self.bank.id,
                "student": self.student,
                "bank_version": self.bank_version,
                "time": handed_in_at,
            },
        )
        self.handed_in_at = handed_in_at  # only now: a failed write leaves the quiz open
        return self.handin_path

    def _reload(self) -> None:
        """Read the answer log again: it, not this kernel's memory, is the record of what was answered.
        What is wrong with the log was said when the quiz opened; it is not repeated at every answer."""
        self._answers, self._hints, self.handed_in_at = [], [], None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._restore()

    def _restore(self) -> None:
        known = {question.id: question for question in self.bank.questions}
        for record in store.read_records(self.path):
            kind, question_id = record.get("kind"), record.get("question_id")
            if kind in ("answer", "hint") and question_id not in known:
                warnings.warn(
                    f"{self.path}: question '{question_id}' is no longer in quiz '{self.bank.id}'; "
                    "its answer is ignored.",
                    RuntimeWarning,
                    stacklevel=3,
                )
            elif kind == "answer" and "response" in record:
                record["response"] = _canonical(known[question_id], record["response"])
                self._answers.append(record)
            elif kind == "hint":
                self._hints.append(record)
            elif kind == "hand_in":
                self.handed_in_at = record.get("time")
        # attempt numbers are recounted, so a lost line can never make two answers share one
        counts: dict[str, int] = {}
        for record in self._answers:
            counts[record["question_id"]] = counts.get(record["question_id"], 0) + 1
            record["attempt"] = counts[record["question_id"]]
