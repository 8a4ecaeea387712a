"""Multiple select: tick every right option (and no other)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from lesson_utils.i18n import _
from lesson_utils.quiz.kinds.base import (
    Choosing,
    DataRef,
    Labels,
    QuestionBase,
    ResponseError,
    as_list,
    check_labels,
    invalid,
    one_of,
    unique,
)
from lesson_utils.schemas import Text


class MultipleSelect(Choosing, QuestionBase):
    INPUT = "checkboxes"

    type: Literal["multiple"]
    choices: Labels
    answer: Annotated[list[Text], Field(min_length=1)] | None = Field(
        None, description="Every right choice (their ids, when choices have ids)."
    )
    shuffle: bool = True

    @model_validator(mode="after")
    def _answers_are_choices(self) -> MultipleSelect:
        check_labels("choices", self.choices)
        if not self.has_answer:
            return self
        unique("answer", self.answer)
        stray = [a for a in self.answer if a not in self.choices]
        if stray:
            raise invalid("answer", f"not among the choices: {', '.join(map(repr, stray))}")
        return self

    def read(self, response: Any) -> list[str]:
        return ticked(response, self.choices, _("Tick only the listed options."))

    def is_right(self, value: Any) -> bool:
        return set(value) == set(self.answer)

    def key_lines(self, names: Mapping[str, str]) -> list[str]:
        return [self.choices[choice] for choice in self.answer]

    def key_choices(self, names: Mapping[str, str]) -> list[tuple[str, bool]]:
        return [(text, choice in self.answer) for choice, text in self.choices.items()]

    def describe(self, value: Any, names: Mapping[str, str]) -> str:
        return "; ".join(map(self.label, value)) if isinstance(value, list) else str(value)

    def right_response(self, rng: random.Random) -> list[str]:
        return list(self.answer)

    def wrong_response(self, rng: random.Random) -> list[str]:
        extra = [choice for choice in self.choices if choice not in self.answer]
        if len(self.answer) > 1 and (not extra or rng.random() < 0.5):
            left_out = rng.choice(self.answer)
            return [a for a in self.answer if a != left_out]
        return [*self.answer, rng.choice(extra)]

    def disagreement(self, ref: DataRef, tables: Any) -> str | None:
        return set_disagreement(self.choices, self.answer, ref, tables)


def ticked(response: Any, choices: Mapping[str, str] | list[str], hint: str) -> list[str]:
    """The options a response ticks, in the choices' order; at least one."""
    picked = {one_of(item, choices, hint) for item in as_list(response, "your choices")}
    if not picked:
        raise ResponseError(_("Tick at least one option."))
    return [choice for choice in choices if choice in picked]


def set_disagreement(
    choices: Mapping[str, str] | list[str], answer: list[str], ref: DataRef, tables: Any
) -> str | None:
    """The choices the data rows name (by their text), against the answer (as a set)."""
    labels = choices if isinstance(choices, Mapping) else {choice: choice for choice in choices}
    rows = tables.rows(ref)
    found = {str(v) for v in (rows[ref.column].head(1) if ref.order_by else rows[ref.column])}
    expected = [choice for choice, text in labels.items() if text in found]
    if set(expected) == set(answer):
        return None
    return f"answer {[labels[a] for a in answer]}, data {[labels[e] for e in expected]}"


KIND = MultipleSelect
"""The kind this module adds (read by `kinds/__init__.py`)."""
