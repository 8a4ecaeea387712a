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
from typing import Annotated, Any, ClassVar, Literal, Union, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from lesson_utils.schemas import ISO3, TABLES, Slug, SourceIds, Text

SCHEMA_FILE = "bank.schema.json"
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when pyyaml was built with it: the same documents several times faster than the
pure-Python parser, and its errors are `yaml.YAMLError`s too. Every quiz notebook loads its bank."""


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


KEY_FIELDS = ("answer", "explanation", "source_id")
"""A question's answer key. The teacher's banks have it for every question; a student copy of an
assessment (see teacher/student_copy.py) has it for none, so the file gives no answer away."""
_WITH_ANSWER = KEY_FIELDS[1:]
_ONLY_WITH_ANSWER = (*_WITH_ANSWER, "data")


def _key_schema(schema: dict[str, Any], model: type[QuestionBase]) -> None:
    """Say in the published JSON Schema what `QuestionBase._key_whole` checks, so editors see it too."""
    schema["dependentRequired"] = {"answer": list(_WITH_ANSWER), **{name: ["answer"] for name in _ONLY_WITH_ANSWER}}
    if model.WITHOUT_ANSWER:
        schema["anyOf"] = [{"required": ["answer"]}, {"required": list(model.WITHOUT_ANSWER)}]


class QuestionBase(Model):
    """What every question has. Its key (`answer`, declared by each question type, `explanation` and
    `source_id`) is all there or, in a student copy of an assessment, all left out."""

    model_config = ConfigDict(json_schema_extra=_key_schema)
    WITHOUT_ANSWER: ClassVar[tuple[str, ...]] = ()
    """Fields a student needs that a bank with the key derives from `answer`, so required without it."""

    id: Slug = Field(description="Unique within the bank; results files refer to it, so never reuse one.")
    prompt: Text = Field(description="Shown as plain text: HTML and Markdown are not rendered.")
    explanation: Text | None = Field(None, description="Why the answer is right; shown after answering (practice) "
                                                       "or hand-in. Required with an answer.")
    source_id: SourceIds | None = Field(None, description="An id in data/sources.csv, or several separated by ';'. "
                                                          "Required with an answer.")
    section: Text = Field(description="The lesson section this question tests: a '## ' heading of the lesson.")
    points: Annotated[int, Field(ge=1)]
    hint: Text | None = None
    data: DataRef | None = Field(None, description="Where the answer comes from in the data tables, if it does.")

    @property
    def has_answer(self) -> bool:
        """Whether this question carries its answer (each question type declares `answer`, typed)."""
        return getattr(self, "answer", None) is not None

    @model_validator(mode="after")
    def _key_whole(self) -> QuestionBase:
        """An answer comes with its explanation and source, which students see after it. Without the
        answer, none of them nor a data reference (a half-stripped key is a mistake), but whatever
        the answer would have listed for the student (`WITHOUT_ANSWER`)."""
        if self.has_answer:
            missing = [name for name in _WITH_ANSWER if getattr(self, name) is None]
            if missing:
                raise _invalid(missing[0], "Field required (a question with an answer explains it and cites a source)")
            return self
        stray = [name for name in _ONLY_WITH_ANSWER if getattr(self, name) is not None]
        if stray:
            raise _invalid("answer", f"Field required (the question has its {stray[0]}, so it needs its answer)")
        missing = [name for name in self.WITHOUT_ANSWER if not getattr(self, name)]
        if missing:
            raise _invalid(missing[0], "Field required (without an answer, the question must list it)")
        return self


def _unique(field: str, values: list[str]) -> None:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise _invalid(field, f"repeated: {', '.join(map(repr, repeated))}")


class SingleChoice(QuestionBase):
    type: Literal["single"]
    choices: Annotated[list[Text], Field(min_length=2)]
    answer: Text | None = None
    shuffle: bool = True

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> SingleChoice:
        _unique("choices", self.choices)
        if self.has_answer and self.answer not in self.choices:
            raise _invalid("answer", f"{self.answer!r} is not one of the choices")
        return self


class MultipleSelect(QuestionBase):
    type: Literal["multiple"]
    choices: Annotated[list[Text], Field(min_length=2)]
    answer: Annotated[list[Text], Field(min_length=1)] | None = None
    shuffle: bool = True

    @model_validator(mode="after")
    def _answers_are_choices(self) -> MultipleSelect:
        _unique("choices", self.choices)
        if not self.has_answer:
            return self
        _unique("answer", self.answer)
        stray = [a for a in self.answer if a not in self.choices]
        if stray:
            raise _invalid("answer", f"not among the choices: {', '.join(map(repr, stray))}")
        return self


class TrueFalse(QuestionBase):
    type: Literal["true_false"]
    answer: StrictBool | None = None


class Numeric(QuestionBase):
    type: Literal["numeric"]
    answer: float | None = None
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    unit: str | None = Field(None, description="Shown beside the box; the student may also type it.")


def _same_set(field: str, values: list[str], expected: list[str], what: str) -> None:
    if set(values) != set(expected):
        raise _invalid(field, f"must be {what}, in any order (expected {', '.join(map(repr, expected))})")


class Ordering(QuestionBase):
    WITHOUT_ANSWER = ("items",)

    type: Literal["ordering"]
    answer: Annotated[list[Text], Field(min_length=2)] | None = Field(
        None, description="The items, in the correct order."
    )
    items: Annotated[list[Text], Field(min_length=2)] = Field(
        default_factory=lambda data: list(data.get("answer") or []),
        description="The items to put in order, before shuffling; by default the answer's. Required without "
                    "an answer.",
    )

    @model_validator(mode="after")
    def _items_agree(self) -> Ordering:
        if self.has_answer:
            _unique("answer", self.answer)
            _same_set("items", self.items, self.answer, "the answer's items")
        _unique("items", self.items)
        return self


def _matches_then_distractors(answer: dict[str, str] | None, distractors: list[str]) -> list[str]:
    """A Matching's default options: each distinct right-hand match, then the distractors."""
    return list(dict.fromkeys([*answer.values(), *distractors])) if answer else []


class Matching(QuestionBase):
    WITHOUT_ANSWER = ("items", "options")

    type: Literal["matching"]
    answer: Annotated[dict[Text, Text], Field(min_length=2)] | None = Field(
        None, description="Left-hand item → its match."
    )
    distractors: list[Text] = Field(default_factory=list, description="Extra right-hand options that match nothing.")
    items: Annotated[list[Text], Field(min_length=2)] = Field(
        default_factory=lambda data: list(data.get("answer") or {}),
        description="The left-hand items; by default the answer's. Required without an answer.",
    )
    options: Annotated[list[Text], Field(min_length=2)] = Field(
        default_factory=lambda data: _matches_then_distractors(data.get("answer"), data.get("distractors", [])),
        description="The right-hand options a student chooses from, before shuffling; by default the answer's "
                    "matches, then the distractors. Required without an answer.",
    )

    @model_validator(mode="after")
    def _distractors_are_extra(self) -> Matching:
        _unique("distractors", self.distractors)
        _unique("items", self.items)
        _unique("options", self.options)
        if self.has_answer:
            clash = [d for d in self.distractors if d in self.answer.values()]
            if clash:
                raise _invalid("distractors", f"also a correct match: {', '.join(map(repr, clash))}")
            _same_set("items", self.items, list(self.answer), "the answer's left-hand items")
            _same_set("options", self.options, _matches_then_distractors(self.answer, self.distractors),
                      "the answer's matches and the distractors")
        return self


class MapClick(QuestionBase):
    type: Literal["map"]
    region: Literal["europe"] = "europe"
    choices: Annotated[list[ISO3], Field(min_length=2, description="ISO3 codes of the countries a student may pick.")]
    answer: Annotated[list[ISO3], Field(min_length=1)] | None = Field(
        None, description="Every ISO3 code that counts as correct."
    )
    reference: list[ISO3] = Field(
        default_factory=list,
        description="Countries drawn in dark blue and named under the map for orientation (e.g. UKR); "
        "they cannot be picked.",
    )

    @model_validator(mode="after")
    def _answers_are_choices(self) -> MapClick:
        _unique("choices", self.choices)
        clash = [code for code in self.reference if code in self.choices]
        if clash:
            raise _invalid("reference", f"also a choice: {', '.join(clash)}")
        if not self.has_answer:
            return self
        _unique("answer", self.answer)
        stray = [a for a in self.answer if a not in self.choices]
        if stray:
            raise _invalid("answer", f"not among the choices: {', '.join(stray)}")
        return self


QUESTION_MODELS = (SingleChoice, MultipleSelect, TrueFalse, Numeric, Ordering, Matching, MapClick)
Question = Annotated[Union[QUESTION_MODELS], Field(discriminator="type")]  # noqa: UP007 (a tuple cannot use |)
QUESTION_TYPES = tuple(get_args(model.model_fields["type"].annotation)[0] for model in QUESTION_MODELS)


_WHOLE_KEY_SCHEMA = {"anyOf": [
    {"properties": {"questions": {"items": {"required": ["answer"]}}}},
    {"properties": {"mode": {"const": "assessment"}, "questions": {"items": {"not": {"required": ["answer"]}}}}},
]}  # fmt: skip
"""`Bank._key_whole` in JSON Schema: every question has its answer, or (in an assessment) none has."""


class Bank(Model):
    """One quiz: its questions and how it is run."""

    model_config = ConfigDict(json_schema_extra=_WHOLE_KEY_SCHEMA)

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

    @model_validator(mode="after")
    def _key_whole(self) -> Bank:
        """The key is all there or all left out: a practice quiz tells whether each answer is right at
        once, so it needs it; a student copy of an assessment has none, and half a key is a mistake."""
        without = [q.id for q in self.questions if not q.has_answer]
        if without and self.mode == "practice":
            raise _invalid("answer", "Field required (a practice quiz tells whether each answer is right)",
                           question_id=without[0])
        if without and len(without) < len(self.questions):
            raise _invalid("answer", "Field required (other questions have their answers: a bank has the whole "
                           "answer key, or none in a student copy)", question_id=without[0])
        return self

    @property
    def has_key(self) -> bool:
        """Whether answers can be checked here; false in a student copy, which the teacher's gradebook marks."""
        return all(q.has_answer for q in self.questions)

    def question(self, question_id: str) -> QuestionBase:
        """The question with this id; KeyError names the bank if there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"quiz '{self.id}' has no question '{question_id}'")

    @property
    def version(self) -> str:
        """A hash of the bank's content (not its layout), stored with every answer and hand-in.

        What a question with its answer derives from it (`WITHOUT_ANSWER`) is left out: it adds
        nothing, and leaving it out keeps the versions hand-ins carried before those fields existed."""
        derived = {n: set(q.WITHOUT_ANSWER) for n, q in enumerate(self.questions) if q.has_answer and q.WITHOUT_ANSWER}
        content = self.model_dump(mode="json", exclude={"questions": derived})
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
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
    """The question's sources; none in a student copy, which leaves them out with the answer."""
    return [part.strip() for part in question.source_id.split(";")] if question.source_id else []


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
    """Read and validate a bank; every source id it names must resolve in data/sources.csv."""
    path = bank_path(quiz_id_or_path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
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
    located = [_locate(detail, raw) for detail in error.errors()
               if detail["type"] != "default_factory_not_called"]  # a default taken from a field that failed
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
