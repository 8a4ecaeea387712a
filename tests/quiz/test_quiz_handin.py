"""The hand-in file: one model, written by the session, read by the gradebook, published as a schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from locations import FIXTURES

from lesson_utils.quiz import QuizSession, load_bank
from lesson_utils.quiz.__main__ import schema_text
from lesson_utils.quiz.bank import quizzes_dir
from lesson_utils.quiz.handin import SCHEMA_FILE, HandIn, HandInError, read_handin

SAMPLE = FIXTURES / "sample.yaml"


@pytest.fixture
def handed_in(tmp_path) -> Path:
    session = QuizSession(load_bank(SAMPLE), "Alex Martin", tmp_path)
    session.answer("capital", "Lviv")
    session.answer("capital", "Kyiv")
    session.hint("capital")
    return session.hand_in()


def test_published_schema_is_up_to_date():
    published = (quizzes_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    assert published == schema_text(SCHEMA_FILE), "run: python -m lesson_utils.quiz schema"


def test_what_the_session_writes_is_valid_against_the_published_schema(handed_in):
    schema = json.loads((quizzes_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(handed_in.read_text(encoding="utf-8")), schema)


def test_the_gradebook_reads_back_what_the_session_wrote(handed_in):
    handin = read_handin(handed_in)
    assert isinstance(handin, HandIn) and handin.student == "Alex Martin" and handin.quiz_id == "sample"
    assert handin.latest()["capital"] == "Kyiv" and [a.attempt for a in handin.responses] == [1, 2]
    assert handin.moment.tzinfo is not None and handin.hints[0].question_id == "capital"


@pytest.mark.parametrize(("change", "reason"), [
    ({"student": "  "}, "no student name"),
    ({"handed_in_at": "yesterday"}, "'handed_in_at' is not a date and time"),
    ({"responses": [{"question_id": "capital"}]}, "answer 1 is malformed"),
    ({"quiz_id": 7}, "'quiz_id' is missing or of the wrong kind"),
    ({"format": "something-else/1"}, "not a quiz hand-in"),
])  # fmt: skip
def test_a_bad_field_is_named(handed_in, change, reason):
    payload = {**json.loads(handed_in.read_text(encoding="utf-8")), **change}
    handed_in.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(HandInError, match=reason):
        read_handin(handed_in)
