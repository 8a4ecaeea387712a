"""What every question kind shares: the fields of a question, its answer key, and the errors.

A kind is one module in this package holding its pydantic model *and* its behaviour: how a response
is read and checked, the order its options are shown in, its answer-key lines, how a response reads
in the teacher's report, a right and a plausible wrong response for the demo class, how its answer is
re-derived from the data tables, and what a student copy keeps. The quiz, the teacher tools and the
tests call these methods, so adding a kind touches nothing outside its module but one line (KIND_MODULES in
`__init__.py`).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from lesson_utils.i18n import _
from lesson_utils.schemas import TABLES, Slug, SourceIds, Text


class QuizError(ValueError):
    """A bank is missing or malformed. `file`, `question_id` and `field` locate the first problem."""

    def __init__(
        self, message: str, *, file: Path | str | None = None, question_id: str | None = None, field: str | None = None
    ):
        self.file, self.question_id, self.field = file, question_id, field
        super().__init__(located(message, file and str(file), question_id, field))


class ResponseError(ValueError):
    """A response that cannot be read; the message tells the student what to type instead."""


def located(message: str, file: str | None = None, question_id: str | None = None, field: str | None = None) -> str:
    """'file, question 'x', field 'y': message', leaving out what is not known."""
    where = [file, question_id and f"question '{question_id}'", field and f"field '{field}'"]
    prefix = ", ".join(part for part in where if part)
    return f"{prefix}: {message}" if prefix else message


def invalid(field: str, message: str, **ctx: Any) -> PydanticCustomError:
    """A validation error that remembers which field it is about (pydantic's loc cannot, here)."""
    return PydanticCustomError("bank_field", "{message}", {"field": field, "message": message, **ctx})


def unique(field: str, values: list[str]) -> None:
    """No value twice, not even in another case: a student's answer is matched case-insensitively."""
    folded = [str(v).casefold() for v in values]
    repeated = sorted({v for v, f in zip(values, folded, strict=True) if folded.count(f) > 1})
    if repeated:
        raise invalid(field, f"repeated: {', '.join(map(repr, repeated))}")


def same_set(field: str, values: list[str], expected: list[str], what: str) -> None:
    if set(values) != set(expected):
        raise invalid(field, f"must be {what}, in any order (expected {', '.join(map(repr, expected))})")


def one_of(response: Any, options: Mapping[str, str] | list[str], hint: str) -> str:
    """The id of the option the response names: its id, or its text in any case; ResponseError with `hint` otherwise.

    Accepting the text too is what reads answer logs and hand-ins written before choices had ids."""
    labels = options if isinstance(options, Mapping) else {option: option for option in options}
    if isinstance(response, str):
        wanted = response.strip()
        if wanted in labels:
            return wanted
        for option, text in labels.items():
            if wanted.casefold() in (text.casefold(), option.casefold()):
                return option
    if response in (None, ""):
        raise ResponseError(hint)
    raise ResponseError(_("'{response}' is not one of the options.").format(response=response) + " " + hint)


def _as_labels(value: Any) -> Any:
    """A list of texts (each its own id) as the mapping id → text that a bank may also give directly."""
    if not isinstance(value, list):
        return value
    texts = [str(item) for item in value]
    repeated = sorted({text for text in texts if texts.count(text) > 1})
    if repeated:
        raise PydanticCustomError("bank_field", "{message}", {"message": f"repeated: {', '.join(map(repr, repeated))}"})
    return {item: item for item in value} if all(isinstance(item, str) for item in value) else value


_TEXT_SCHEMA = {"type": "string", "minLength": 1}
Labels = Annotated[
    dict[Text, Text],
    BeforeValidator(_as_labels),
    WithJsonSchema({"anyOf": [
        {"type": "array", "items": _TEXT_SCHEMA, "minItems": 2},
        {"type": "object", "additionalProperties": _TEXT_SCHEMA, "minProperties": 2},
    ]}),
    Field(min_length=2),
]  # fmt: skip
"""Options a student picks from: a list of texts, or a mapping id → text. With ids, answers name ids,
and answer logs and hand-ins store them, so rewording or translating a text changes no answer."""


class Choosing:
    """What the choice kinds (single, multiple) share: options are their `choices` (id → text), shuffled
    unless their `shuffle` is off. A plain mixin: the kinds declare the fields, so the schema is theirs."""

    def label(self, option: Any) -> str:
        return self.choices.get(option, str(option))

    def shown_options(self, rng: random.Random) -> list[str]:
        options = list(self.choices)
        if self.shuffle:
            rng.shuffle(options)
        return options


def check_labels(field: str, labels: Mapping[str, str]) -> None:
    """Texts unique in any case, and no id that another option's text could be read as."""
    unique(field, list(labels.values()))
    unique(field, list(labels))
    texts = {text.casefold(): option for option, text in labels.items()}
    clash = sorted(option for option in labels if texts.get(option.casefold(), option) != option)
    if clash:
        raise invalid(field, f"id also the text of another option: {', '.join(map(repr, clash))}")


def compact(labels: Mapping[str, str]) -> list[str] | dict[str, str]:
    """Labels as a bank writes them: a plain list when every id is its own text."""
    return list(labels) if all(option == text for option, text in labels.items()) else dict(labels)


def as_list(response: Any, what: str) -> list:
    if isinstance(response, str | bytes | Mapping) or not hasattr(response, "__iter__"):
        raise ResponseError(_("Give {what} as a list.").format(what=what))
    return list(response)


def alphabetical(values: Any) -> Any:
    """An order that gives nothing away (banks tend to list the right answer first): texts, or a
    mapping id → text sorted by its texts."""
    if isinstance(values, Mapping):
        return dict(sorted(values.items(), key=lambda pair: pair[1].casefold()))
    return sorted(values, key=str.casefold)


class Model(BaseModel):
    # strict: `true` is no number and `1` no boolean (YAML wrote what it wrote); `.nan` is no answer
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


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
    """What every question has. Its key (`answer`, declared by each kind, `explanation` and
    `source_id`) is all there or, in a student copy of an assessment, all left out."""

    model_config = ConfigDict(json_schema_extra=_key_schema)
    WITHOUT_ANSWER: ClassVar[tuple[str, ...]] = ()
    """Fields a student needs that a bank with the key derives from `answer`, so required without it."""
    INPUT: ClassVar[str]
    """How the quiz view asks for the answer: one of the input styles in quiz/widgets.py."""

    id: Slug = Field(description="Unique within the bank; results files refer to it, so never reuse one.")
    prompt: Text = Field(description="Shown as plain text: HTML and Markdown are not rendered.")
    explanation: Text | None = Field(
        None,
        description="Why the answer is right; shown after answering (practice) or hand-in. Required with an answer.",
    )
    source_id: SourceIds | None = Field(
        None, description="An id in data/sources.csv, or several separated by ';'. Required with an answer."
    )
    section: Text = Field(description="The lesson section this question tests: a '## ' heading of the lesson.")
    points: Annotated[int, Field(ge=1, le=100)]
    hint: Text | None = None
    data: DataRef | None = Field(None, description="Where the answer comes from in the data tables, if it does.")

    @property
    def has_answer(self) -> bool:
        """Whether this question carries its answer (each kind declares `answer`, typed)."""
        return getattr(self, "answer", None) is not None

    @model_validator(mode="after")
    def _key_whole(self) -> QuestionBase:
        """An answer comes with its explanation and source, which students see after it. Without the
        answer, none of them nor a data reference (a half-stripped key is a mistake), but whatever
        the answer would have listed for the student (`WITHOUT_ANSWER`)."""
        if self.has_answer:
            missing = [name for name in _WITH_ANSWER if getattr(self, name) is None]
            if missing:
                raise invalid(missing[0], "Field required (a question with an answer explains it and cites a source)")
            return self
        stray = [name for name in _ONLY_WITH_ANSWER if getattr(self, name) is not None]
        if stray:
            raise invalid("answer", f"Field required (the question has its {stray[0]}, so it needs its answer)")
        missing = [name for name in self.WITHOUT_ANSWER if not getattr(self, name)]
        if missing:
            raise invalid(missing[0], "Field required (without an answer, the question must list it)")
        return self

    # --- behaviour: each kind overrides what differs ------------------------------------------

    def read(self, response: Any) -> Any:
        """The canonical, JSON-ready form of a response; ResponseError if it cannot be read.
        Needs only what a student sees, so it works in a student copy too."""
        raise NotImplementedError(f"{type(self).__name__} does not say how to read a response")

    def is_right(self, value: Any) -> bool:
        """Whether a read response earns the points (needs the answer key)."""
        return value == self.answer

    def shown_options(self, rng: random.Random) -> list[str]:
        """The options in the order one student sees them; `rng` is seeded per student and question."""
        return []

    def label(self, option: Any) -> str:
        """The text a student reads for an option id (kinds with options look it up)."""
        return str(option)

    def key_lines(self, names: Mapping[str, str]) -> list[str]:
        """The right answer in words for the answer key, one line per item; `names` names countries."""
        return [str(self.answer)]

    def key_choices(self, names: Mapping[str, str]) -> list[tuple[str, bool]]:
        """Every option with whether it is right, for the answer key; empty for kinds without options."""
        return []

    def describe(self, value: Any, names: Mapping[str, str]) -> str:
        """A response (as stored, possibly unreadable) in words, as a teacher reads it in the report."""
        return str(value)

    def right_response(self, rng: random.Random) -> Any:
        """A right answer as a student gives it, for the demo class."""
        return self.answer

    def wrong_response(self, rng: random.Random) -> Any:
        """A plausible wrong answer, for the demo class."""
        raise NotImplementedError(f"{type(self).__name__} cannot simulate a wrong answer")

    def disagreement(self, ref: DataRef, tables: Any) -> str | None:
        """How the answer differs from what `ref` finds in the data, or None if they agree.
        `tables` is lesson_utils.quiz.crosscheck (its rows/one/texts look-ups), passed in so a kind
        does not import pandas."""
        return f"a data reference is not supported for {self.type} questions"

    def student_fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        """A student copy's fields of this question: lists whose order would give the answer away
        become alphabetical (choices with `shuffle: false` keep theirs: the order is part of them)."""
        if "choices" in fields:
            choices = alphabetical(fields["choices"]) if getattr(self, "shuffle", True) else fields["choices"]
            fields["choices"] = compact(choices) if isinstance(choices, Mapping) else choices
        return fields
