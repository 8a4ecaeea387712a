"""The hand-in file: one model that the quiz session writes and the teacher's gradebook reads.

`HandIn` is the file's whole format (`lesson-quiz-handin/1`); its JSON Schema is published as
`data/quizzes/handin.schema.json` (`python -m lesson_utils.quiz schema`), so a school's own tools
can read hand-ins too. `read_handin` turns any file a teacher collects into a HandIn or a
`HandInError` that says what is wrong with it in words a teacher can act on.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from lesson_utils.quiz import store

FORMAT = "lesson-quiz-handin/1"
SCHEMA_FILE = "handin.schema.json"


class HandInError(ValueError):
    """A file that is not a readable hand-in; the message says what is wrong with it."""


def _moment(value: str) -> str:
    """A date and time that can be compared with others (ValueError otherwise, e.g. year 9999 west of UTC)."""
    moment = dt.datetime.fromisoformat(value)
    try:
        (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)
    except OverflowError:
        raise ValueError("out of range") from None
    return value


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Answer(_Part):
    """One submitted answer, as the student gave it; the list keeps every attempt in order."""

    question_id: str
    attempt: int | None = None
    response: Any
    time: str | None = None
    bank_version: str | None = None


class HintUse(_Part):
    question_id: str
    time: str | None = None


class ClaimedScore(_Part):
    """The score the student's kernel computed; the gradebook re-scores and notes any difference."""

    model_config = ConfigDict(extra="allow", frozen=True)
    points: int | None = None


class HandIn(_Part):
    """Who handed in which quiz (and which version of it) when, with every answer and hint."""

    format: Literal["lesson-quiz-handin/1"]
    student: Annotated[str, AfterValidator(store.clean_name)]
    user: str | None = Field(None, description="The JupyterHub user who handed in; the gradebook keys on it.")
    quiz_id: str
    quiz_title: str | None = None
    mode: str | None = None
    bank_version: str
    handed_in_at: Annotated[str, AfterValidator(_moment)]
    responses: list[Answer]
    hints: list[HintUse] = []
    score: ClaimedScore | None = None

    @property
    def moment(self) -> dt.datetime:
        """`handed_in_at` as an aware datetime (UTC when the file gives no zone)."""
        moment = dt.datetime.fromisoformat(self.handed_in_at)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)

    def latest(self) -> dict[str, Any]:
        """Each question's last answer: the one that counts."""
        return {answer.question_id: answer.response for answer in self.responses}

    def write(self, path: Path) -> None:
        store.write_atomically(path, self.model_dump(mode="json"))


def read_handin(path: Path) -> HandIn:
    """Read and check one hand-in file; HandInError says what is wrong and what to do."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise HandInError("not a text file, so not a hand-in (a hand-in is a .handin.json file)") from None
    try:
        payload = json.loads(text)
    except RecursionError:
        raise HandInError("nested too deeply to be a hand-in (the file was edited or made up)") from None
    except json.JSONDecodeError as error:
        if text.lstrip().startswith("{") and not text.rstrip().endswith("}"):
            raise HandInError(
                "the file is cut off (it ends in the middle): ask the student to download the hand-in file again"
            ) from None
        raise HandInError(
            f"not valid JSON (line {error.lineno}, column {error.colno}): not a hand-in file, or it was edited"
        ) from None
    except ValueError as error:  # e.g. an integer of thousands of digits
        raise HandInError(f"not a hand-in: {str(error)[:120]}") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        found = payload.get("format") if isinstance(payload, dict) else None
        raise HandInError(f"not a quiz hand-in (format {found!r}, expected {FORMAT!r})")
    try:
        return HandIn.model_validate(payload)
    except ValidationError as error:
        raise HandInError(_reason(error.errors()[0], payload)) from None


def _reason(detail: dict, payload: dict) -> str:
    """The first problem in words: which part of the file, and what is wrong with it."""
    loc = detail["loc"]
    if loc[:1] == ("student",):
        return "the file has no student name"
    if loc[:1] == ("handed_in_at",):
        return f"'handed_in_at' is not a date and time (got {payload.get('handed_in_at')!r})"
    if loc[:1] == ("responses",) and len(loc) > 1 and isinstance(loc[1], int):
        return f"answer {loc[1] + 1} is malformed (needs 'question_id' and 'response')"
    return f"'{loc[0]}' is missing or of the wrong kind" if loc else "the file is not a hand-in"


def json_schema() -> dict:
    """The hand-in JSON Schema, as published in data/quizzes/handin.schema.json."""
    schema = HandIn.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": "Quiz hand-in"}
