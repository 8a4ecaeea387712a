"""Question banks: the pydantic models of `data/quizzes/<quiz_id>.yaml`, and loading them.

The models are the one description of a bank: they validate a file on load, and their JSON
Schema (`python -m lesson_utils.quiz schema`) is published beside the banks so editors can
check a file as they type. Anything wrong raises `QuizError` naming file, question and field.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from lesson_utils.schemas import ISO3, TABLES, Slug, SourceIds, Text

SCHEMA_FILE = "bank.schema.json"


class QuizError(ValueError):
    """A bank is missing or malformed. `file`, `question_id` and `field` locate the first problem."""

    def __init__(self, message: str, *, file: Path | str | None = None, question_id: str | None = None,
                 field: str | None = None):
        self.file, self.question_id, self.field = file, question_id, field
        super().__init__(_located(message, file and str(file), question_id, field))


def _located(message: str, file: str | None = None, question_id: str | None = None, field: str | None = None) -> str:
    """'file, question 'x', field 'y': message', leaving out what is not known."""
    where = [file, question_id and f"question '{question_id}'", field and f"field '{field}'"]
    prefix = ", ".join(part for part in where if part)
    return f"{prefix}: {message}" if prefix else message


def _invalid(field: str, message: str, **ctx: Any) -> PydanticCustomError:
    """A validation error that remembers which field it is about (pydantic's loc cannot, here)."""
    return PydanticCustomError("bank_field", "{message}", {"field": field, "message": message, **ctx})


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataRef(Model):
    """Where in the data tables an answer comes from, so a test can re-derive it (see crosscheck.py).

    Rows of `table` are kept if they match `where`, then `key` (looked up in `key_column`, by
    default the table's key) or `order_by` (first row after sorting) narrows them to one.
    `column` holds the answer. Ordering questions name the row behind each item in `keys`;
    matching questions look each left-hand item up in `key_column`.
    """

    table: Literal[tuple(TABLES)]  # type: ignore[valid-type]
    column: str
    where: dict[str, str | float | bool] = Field(default_factory=dict)
    key: str | None = None
    key_column: str | None = None
    keys: list[str] | None = Field(None, description="Ordering: the row (in key_column) behind each answer item.")
    order_by: str | None = None
    descending: bool = False


class QuestionBase(Model):
    id: Slug = Field(description="Unique within the bank; results files refer to it, so never reuse one.")
    prompt: Text = Field(description="Shown as plain text: HTML and Markdown are not rendered.")
    explanation: Text = Field(description="Why the answer is right; shown after answering (practice) or hand-in.")
    source_id: SourceIds = Field(description="An id in data/sources.csv, or several separated by ';'.")
    section: Text = Field(description="The lesson section this question tests: a '## ' heading of the lesson.")
    points: Annotated[int, Field(ge=1)]
    hint: Text | None = None
    data: DataRef | None = Field(None, description="Where the answer comes from in the data tables, if it does.")


def _unique(field: str, values: list[str]) -> None:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise _invalid(field, f"repeated: {', '.join(map(repr, repeated))}")


class SingleChoice(QuestionBase):
    type: Literal["single"]
    choices: Annotated[list[Text], Field(min_length=2)]
    answer: Text
    shuffle: bool = True

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> SingleChoice:
        _unique("choices", self.choices)
        if self.answer not in self.choices:
            raise _invalid("answer", f"{self.answer!r} is not one of the choices")
        return self


class MultipleSelect(QuestionBase):
    type: Literal["multiple"]
    choices: Annotated[list[Text], Field(min_length=2)]
    answer: Annotated[list[Text], Field(min_length=1)]
    shuffle: bool = True

    @model_validator(mode="after")
    def _answers_are_choices(self) -> MultipleSelect:
        _unique("choices", self.choices)
        _unique("answer", self.answer)
        stray = [a for a in self.answer if a not in self.choices]
        if stray:
            raise _invalid("answer", f"not among the choices: {', '.join(map(repr, stray))}")
        return self


class TrueFalse(QuestionBase):
    type: Literal["true_false"]
    answer: StrictBool


class Numeric(QuestionBase):
    type: Literal["numeric"]
    answer: float
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    unit: str | None = Field(None, description="Shown beside the box; the student may also type it.")


class Ordering(QuestionBase):
    type: Literal["ordering"]
    answer: Annotated[list[Text], Field(min_length=2, description="The items, in the correct order.")]

    @model_validator(mode="after")
    def _items_unique(self) -> Ordering:
        _unique("answer", self.answer)
        return self


class Matching(QuestionBase):
    type: Literal["matching"]
    answer: Annotated[dict[Text, Text], Field(min_length=2, description="Left-hand item → its match.")]
    distractors: list[Text] = Field(default_factory=list, description="Extra right-hand options that match nothing.")

    @model_validator(mode="after")
    def _distractors_are_extra(self) -> Matching:
        _unique("distractors", self.distractors)
        clash = [d for d in self.distractors if d in self.answer.values()]
        if clash:
            raise _invalid("distractors", f"also a correct match: {', '.join(map(repr, clash))}")
        return self

    @property
    def options(self) -> list[str]:
        """The right-hand options a student chooses from (before shuffling)."""
        return list(dict.fromkeys([*self.answer.values(), *self.distractors]))


class MapClick(QuestionBase):
    type: Literal["map"]
    region: Literal["europe"] = "europe"
    choices: Annotated[list[ISO3], Field(min_length=2, description="ISO3 codes of the countries a student may pick.")]
    answer: Annotated[list[ISO3], Field(min_length=1, description="Every ISO3 code that counts as correct.")]

    @model_validator(mode="after")
    def _answers_are_choices(self) -> MapClick:
        _unique("choices", self.choices)
        _unique("answer", self.answer)
        stray = [a for a in self.answer if a not in self.choices]
        if stray:
            raise _invalid("answer", f"not among the choices: {', '.join(stray)}")
        return self


QUESTION_MODELS = (SingleChoice, MultipleSelect, TrueFalse, Numeric, Ordering, Matching, MapClick)
Question = Annotated[Union[QUESTION_MODELS], Field(discriminator="type")]  # noqa: UP007 (a tuple cannot use |)
QUESTION_TYPES = tuple(get_args(model.model_fields["type"].annotation)[0] for model in QUESTION_MODELS)


class Bank(Model):
    """One quiz: its questions and how it is run."""

    id: Slug = Field(description="The file name without .yaml.")
    title: Text
    lesson: Text = Field(description="The lesson notebook this quiz goes with, e.g. 01_summit_participants.ipynb.")
    mode: Literal["practice", "assessment"] = Field(
        description="practice: feedback after each answer; assessment: nothing shown until hand-in."
    )
    instructions: Text | None = None
    shuffle_questions: bool = True
    questions: Annotated[list[Question], Field(min_length=1)]

    @model_validator(mode="after")
    def _ids_unique(self) -> Bank:
        seen: set[str] = set()
        for question in self.questions:
            if question.id in seen:
                raise _invalid("id", "this id is used by more than one question", question_id=question.id)
            seen.add(question.id)
        return self

    def question(self, question_id: str) -> QuestionBase:
        """The question with this id; KeyError names the bank if there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"quiz '{self.id}' has no question '{question_id}'")

    @property
    def version(self) -> str:
        """A hash of the bank's content (not its layout), stored with every answer and hand-in."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    @property
    def max_points(self) -> int:
        return sum(q.points for q in self.questions)


@dataclass(frozen=True)
class Citation:
    """A row of sources.csv, as a student sees it under an explanation."""

    id: str
    title: str
    publisher: str
    url: str

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher}): {self.url}"


def source_ids(question: QuestionBase) -> list[str]:
    return [part.strip() for part in question.source_id.split(";")]


def citations() -> dict[str, Citation]:
    """Every source in data/sources.csv by id."""
    from lesson_utils import data

    frame = data.load_sources()
    return {
        row.id: Citation(row.id, row.title, row.publisher, row.url)
        for row in frame[["id", "title", "publisher", "url"]].itertuples(index=False)
    }


def quizzes_dir() -> Path:
    """`quizzes/` in the data folder, so LESSON_DATA_DIR and installed copies work alike."""
    from lesson_utils import data

    return data.data_dir() / "quizzes"


def bank_path(quiz_id_or_path: str | Path) -> Path:
    """A quiz id names `<quizzes_dir>/<id>.yaml`; anything that looks like a path is used as is."""
    text = str(quiz_id_or_path)
    if isinstance(quiz_id_or_path, Path) or text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
        return Path(quiz_id_or_path)
    return quizzes_dir() / f"{text}.yaml"


def load_bank(quiz_id_or_path: str | Path) -> Bank:
    """Read and validate a bank; every source id must resolve in data/sources.csv."""
    path = bank_path(quiz_id_or_path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(sorted(p.stem for p in path.parent.glob("*.yaml"))) or "none"
        raise QuizError(f"no such bank (banks in {path.parent}: {known})", file=path) from None
    except yaml.YAMLError as error:
        raise QuizError(f"not valid YAML: {error}", file=path) from None
    bank = parse_bank(raw, path)
    known = citations()
    for question in bank.questions:
        for source_id in source_ids(question):
            if source_id not in known:
                raise QuizError(f"{source_id!r} is not an id in data/sources.csv", file=path,
                                question_id=question.id, field="source_id")
    return bank


def parse_bank(raw: Any, file: Path | str | None = None) -> Bank:
    """Validate already-parsed YAML; when it comes from a file, the file name must be the bank id."""
    if not isinstance(raw, dict):
        raise QuizError("a bank must be a mapping with id, title, lesson, mode and questions", file=file)
    try:
        bank = Bank.model_validate(raw)
    except ValidationError as error:
        raise _quiz_error(error, raw, file) from None
    if file is not None and bank.id != Path(file).stem:
        raise QuizError(f"id {bank.id!r} must match the file name {Path(file).stem!r}", file=file, field="id")
    return bank


def _quiz_error(error: ValidationError, raw: dict, file: Path | str | None) -> QuizError:
    """Translate pydantic's errors into file / question id / field; the first one locates the error."""
    located = [_locate(detail, raw) for detail in error.errors()]
    (question_id, field, message), rest = located[0], located[1:]
    if rest:
        others = "; ".join(_located(m, None, q, f) for q, f, m in rest)
        message += f" (and {len(rest)} more: {others})"
    return QuizError(message, file=file, question_id=question_id, field=field)


def _locate(detail: dict, raw: dict) -> tuple[str | None, str | None, str]:
    loc = list(detail["loc"])
    ctx = detail.get("ctx") or {}
    question_id = ctx.get("question_id")
    if loc[:1] == ["questions"] and len(loc) > 1 and isinstance(loc[1], int):
        questions = raw.get("questions") or []
        item = questions[loc[1]] if loc[1] < len(questions) else None
        named = isinstance(item, dict) and item.get("id")
        question_id = question_id or (str(item["id"]) if named else f"#{loc[1] + 1}")
        loc = loc[2:]
        if loc and loc[0] in QUESTION_TYPES:  # the discriminator's tag, not a field
            loc = loc[1:]
    if detail["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return question_id, "type", f"must be one of: {', '.join(QUESTION_TYPES)}"
    field = ctx.get("field") or ".".join(str(part) for part in loc) or None
    message = ctx.get("message") or detail["msg"]
    if detail["type"] != "bank_field" and "input" in detail and detail["type"] != "missing":
        message += f" (got {_short(detail['input'])})"
    return question_id, field, message


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def json_schema() -> dict:
    """The bank JSON Schema, as published in data/quizzes/bank.schema.json."""
    schema = Bank.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": "Quiz bank"}
