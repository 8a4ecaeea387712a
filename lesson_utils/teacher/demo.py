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

from lesson_utils.quiz.bank import (
    MapClick, Matching, MultipleSelect, Numeric, Ordering, QuestionBase, SingleChoice, TrueFalse,
)  # fmt: skip
from lesson_utils.quiz.session import QuizSession
from lesson_utils.teacher import TeacherError
from lesson_utils.teacher.cache import load_keyed_bank
from lesson_utils.teacher.plan import banks

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
    if isinstance(question, Numeric):
        return _typed(question.answer, question.unit, rng)
    if isinstance(question, MapClick):
        return rng.choice(question.answer)
    if isinstance(question, Ordering | MultipleSelect):
        return list(question.answer)
    if isinstance(question, Matching):
        return dict(question.answer)
    return question.answer


def wrong_response(question: QuestionBase, rng: random.Random) -> Any:
    """A plausible wrong answer; among distractors the first listed is the most popular."""
    if isinstance(question, SingleChoice | MapClick):
        right = question.answer if isinstance(question.answer, list) else [question.answer]
        wrong = [choice for choice in question.choices if choice not in right]
        return rng.choices(wrong, weights=[4, 2, *[1] * (len(wrong) - 2)][: len(wrong)])[0]
    if isinstance(question, MultipleSelect):
        extra = [choice for choice in question.choices if choice not in question.answer]
        if len(question.answer) > 1 and (not extra or rng.random() < 0.5):
            left_out = rng.choice(question.answer)
            return [a for a in question.answer if a != left_out]
        return [*question.answer, rng.choice(extra)]
    if isinstance(question, TrueFalse):
        return not question.answer
    if isinstance(question, Numeric):
        off = max(question.tolerance * 2, abs(question.answer) * 0.1, 1)
        candidates = [question.answer + 1, question.answer - 1, question.answer + off, question.answer - off]
        wrong = [v for v in candidates
                 if abs(v - question.answer) > question.tolerance and (v >= 0 or question.answer < 0)]
        return _typed(round(rng.choice(wrong), 1), question.unit, rng)
    if isinstance(question, Ordering):
        order = list(question.answer)
        i = rng.randrange(len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
        return order
    if isinstance(question, Matching):
        return _mismatched(question, rng)
    raise TypeError(f"cannot simulate a {type(question).__name__}")


def _mismatched(question: Matching, rng: random.Random) -> dict[str, str]:
    """Two items' matches swapped, or one item matched to another option where a swap changes nothing."""
    pairs = dict(question.answer)
    lefts = list(pairs)
    swappable = [(a, b) for a in lefts for b in lefts if a < b and pairs[a] != pairs[b]]
    if swappable:
        a, b = rng.choice(swappable)
        pairs[a], pairs[b] = pairs[b], pairs[a]
    else:
        left = rng.choice(lefts)
        pairs[left] = rng.choice([option for option in question.options if option != pairs[left]])
    return pairs


def _typed(value: float, unit: str | None, rng: random.Random) -> str:
    """'1944', '1 944' or '1944 km': the spellings the quiz accepts."""
    text = f"{value:.15g}"
    if rng.random() < 0.3 and value >= 1000 and value == int(value):
        text = f"{int(value):,}".replace(",", " ")
    if unit and rng.random() < 0.3:
        text += f" {unit}"
    return text

