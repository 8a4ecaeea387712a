"""A demo class: simulated students take a quiz through `QuizSession` and hand in, so a teacher can
try the gradebook in a minute, without a class and without touching real students' files.

Each student has an ability and each question a difficulty; a wrong answer is a plausible one
(a popular distractor, a number that is a little off, two items swapped), some students leave a
question out or change their mind. The same seed gives the same answers.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from lesson_tools.teacher import TeacherError, load_keyed_bank
from lesson_tools.teacher.plan import banks
from lesson_utils.quiz.bank import QuestionBase
from lesson_utils.quiz.session import QuizSession

FIRST_NAMES = ("Alex", "Amira", "Ben", "Chloé", "Daniel", "Elif", "Emma", "Finn", "Hana", "Ivan", "Jonas", "Kateryna",
               "Léa", "Liam", "Lucía", "Maja", "Mateo", "Mia", "Noah", "Olena", "Omar", "Priya", "Sami", "Sofia",
               "Tomás", "Yusuf", "Zoë", "Łukasz", "Nora", "Theo")  # fmt: skip
LAST_NAMES = ("Martin", "Bauer", "Szabó", "Dubois", "Rossi", "Novak", "Schmidt", "Jensen", "Petrenko", "García",
              "Yilmaz", "Moreau", "Nielsen", "Horvat", "Costa", "Fischer", "Lindqvist", "Silva", "Bondar",
              "Weber")  # fmt: skip
SKIP, CHANGE_MIND = 0.04, 0.3
"""Chance that a student leaves a question out; chance that a wrong first answer is reconsidered."""


def default_quiz() -> str:
    """The first assessment bank (a demo of marking), else the first bank."""
    found = banks()
    if not found:
        raise TeacherError("there are no quiz banks in data/quizzes/ to simulate.")
    return next((bank.id for bank in found if bank.mode == "assessment"), found[0].id)


def demo_class(out_dir: str | Path, students: int = 25, seed: int = 0, quiz: str | None = None) -> list[Path]:
    """Write one hand-in file per simulated student into `out_dir` (new or empty); return their paths."""
    bank = load_keyed_bank(quiz or default_quiz(), "simulate a class on")
    most = len(FIRST_NAMES) * len(LAST_NAMES)
    if not 1 <= students <= most:
        raise TeacherError(f"--students must be between 1 and {most}, not {students}.")
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise TeacherError(f"{out} already exists and is not an empty folder: choose a new folder for the demo class.")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    difficulty = {q.id: rng.uniform(-0.25, 0.35) for q in bank.questions}
    handins = []
    with tempfile.TemporaryDirectory(dir=_memory_folder()) as logs:  # answer logs stay on the students' machines
        for name in _names(rng, students):
            session = QuizSession(bank, name, logs)
            ability = rng.betavariate(5, 2.5)
            for question in session.questions:
                _answer(session, question, min(0.97, max(0.05, ability - difficulty[question.id])), rng)
            handins.append(Path(shutil.copy2(session.hand_in(), out)))
    return handins


def _memory_folder() -> str | None:
    """/dev/shm where there is one: the quiz engine forces every answer to disk, which for throwaway
    logs of simulated students costs more than the simulation itself; in memory it costs nothing."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def _names(rng: random.Random, count: int) -> list[str]:
    """`count` different names, first names spread evenly (a class of 25 has no five Alexes)."""
    firsts, lasts = list(FIRST_NAMES), list(LAST_NAMES)
    rng.shuffle(firsts)
    rng.shuffle(lasts)
    # the last-name index steps on by one each round of first names, so no pair repeats
    return [f"{firsts[i % len(firsts)]} {lasts[(i + i // len(firsts)) % len(lasts)]}" for i in range(count)]


def _answer(session: QuizSession, question: QuestionBase, chance: float, rng: random.Random) -> None:
    """One student's go at one question: perhaps skipped, perhaps wrong and then reconsidered."""
    if rng.random() < SKIP:
        return
    if rng.random() < chance:
        session.answer(question.id, right_response(question, rng))
        return
    session.answer(question.id, wrong_response(question, rng))
    if rng.random() < CHANGE_MIND:
        response = right_response(question, rng) if rng.random() < chance else wrong_response(question, rng)
        session.answer(question.id, response)


def right_response(question: QuestionBase, rng: random.Random) -> Any:
    """A right answer as a student gives it (numbers typed in the various ways people type them)."""
    return question.right_response(rng)


def wrong_response(question: QuestionBase, rng: random.Random) -> Any:
    """A plausible wrong answer; among distractors the first listed is the most popular."""
    return question.wrong_response(rng)
