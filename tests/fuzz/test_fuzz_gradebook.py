"""The gradebook under a hostile hand-in: the class is still graded, the bad file graded or named."""

from __future__ import annotations

import copy
import json
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hostile import JSON_LIKE
from hypothesis import given
from hypothesis import strategies as st
from outcomes import record

from lesson_tools.teacher import gradebook
from lesson_utils.quiz import QuizSession, load_bank

STUDENTS = ["Alex Martin", "Zoë Brun"]


@pytest.fixture(scope="module")
def klass():
    """Two genuine hand-ins (one all right, one half right) and their totals."""
    bank = load_bank("summit_participants")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        totals = {}
        for n, student in enumerate(STUDENTS):
            session = QuizSession(bank, student, folder / "logs")
            rng = random.Random(n)
            for i, question in enumerate(bank.questions):
                right = n == 0 or i % 2 == 0
                session.answer(question.id, question.right_response(rng) if right else question.wrong_response(rng))
            (folder / "class").mkdir(exist_ok=True)
            shutil.copy(session.hand_in(), folder / "class")
            totals[student] = session.score().points
        yield folder / "class", totals


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document, as a key path."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += paths(item, (*prefix, i))
    return found


def replaced(document: Any, where: tuple, value: Any) -> Any:
    if not where:
        return value
    document[where[0]] = replaced(document[where[0]], where[1:], value)
    return document


@given(which=st.integers(min_value=0), value=JSON_LIKE, raw=st.one_of(st.none(), st.binary(max_size=200)))
def test_one_hostile_hand_in_never_stops_the_class(klass, which, value, raw):
    folder, totals = klass
    genuine = json.loads(next(folder.glob("*alex*.handin.json")).read_text(encoding="utf-8"))
    genuine["student"] = "Hostile Test"  # graded, it is a third student; refused, it is named
    where = paths(genuine)[which % len(paths(genuine))]
    hostile = replaced(copy.deepcopy(genuine), where, value)
    with tempfile.TemporaryDirectory() as temporary:
        room = Path(temporary) / "class"
        shutil.copytree(folder, room)
        bad = room / "zz-hostile.handin.json"
        if raw is not None:
            bad.write_bytes(raw)
        else:
            try:
                bad.write_text(json.dumps(hostile, ensure_ascii=False), encoding="utf-8")
            except (ValueError, OverflowError):  # not even JSON can write it
                return
        try:
            book = gradebook.grade(room)
        except Exception as error:  # noqa: BLE001
            record("gradebook", "other exception")
            raise AssertionError(f"{where}: {value!r:.120} stopped the class: {type(error).__name__}: {error}")
    graded = {g.handin.path.name: g for g in book.graded}
    named = any("zz-hostile" in line for line in book.skipped) or any("zz-hostile" in n for n in book.notes)
    if "zz-hostile.handin.json" not in graded and not named:
        record("gradebook", "silently changed")
        raise AssertionError(f"{where}: the hostile file is neither graded nor listed")
    by_student = {g.handin.student: g.total for g in book.graded}
    for student, total in totals.items():
        flagged = any(student.casefold() in line.casefold() for line in [*book.skipped, *book.notes])
        if by_student.get(student) != total and not flagged and "zz-hostile.handin.json" not in graded:
            record("gradebook", "silently changed")
            raise AssertionError(f"{student}'s mark changed without a word: {by_student.get(student)} != {total}")
    record("gradebook", "accepted" if "zz-hostile.handin.json" in graded else "clear error")
