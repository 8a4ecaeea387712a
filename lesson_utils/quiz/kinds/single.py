"""Single choice: one right option among several."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, model_validator

from lesson_utils.i18n import _
from lesson_utils.quiz.kinds.base import Choosing, DataRef, Labels, QuestionBase, check_labels, invalid, one_of
from lesson_utils.schemas import Text


class SingleChoice(Choosing, QuestionBase):
    INPUT = "radio"

    type: Literal["single"]
    choices: Labels
    answer: Text | None = Field(None, description="The right choice (its id, when choices have ids).")
    shuffle: bool = True

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> SingleChoice:
        check_labels("choices", self.choices)
        if self.has_answer and self.answer not in self.choices:
            raise invalid("answer", f"{self.answer!r} is not one of the choices ({', '.join(self.choices)})")
        return self

    def read(self, response: Any) -> str:
        return one_of(response, self.choices, _("Choose one of the options."))

    def key_lines(self, names: Mapping[str, str]) -> list[str]:
        return [self.choices[self.answer]]

    def key_choices(self, names: Mapping[str, str]) -> list[tuple[str, bool]]:
        return [(text, choice == self.answer) for choice, text in self.choices.items()]

    def describe(self, value: Any, names: Mapping[str, str]) -> str:
        return self.label(value)

    def wrong_response(self, rng: random.Random) -> str:
        return popular_wrong(list(self.choices), [self.answer], rng)

    def disagreement(self, ref: DataRef, tables: Any) -> str | None:
        texts, right = tables.texts(tables.one(ref)), self.choices[self.answer]
        return None if right in texts else f"answer {right!r}, data {sorted(texts)}"


def popular_wrong(choices: list[str], right: list[str], rng: random.Random) -> str:
    """A wrong option; among distractors the first listed is the most popular."""
    wrong = [choice for choice in choices if choice not in right]
    return rng.choices(wrong, weights=[4, 2, *[1] * (len(wrong) - 2)][: len(wrong)])[0]


KIND = SingleChoice
"""The kind this module adds (read by `kinds/__init__.py`)."""
