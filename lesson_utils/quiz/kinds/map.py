"""Map click: pick the right country on a map (or from the list beside it)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from lesson_utils.i18n import _
from lesson_utils.quiz.kinds.base import DataRef, QuestionBase, invalid, one_of, unique
from lesson_utils.quiz.kinds.multiple import set_disagreement
from lesson_utils.quiz.kinds.single import popular_wrong
from lesson_utils.schemas import ISO3


def country(code: str, names: Mapping[str, str]) -> str:
    """'Hungary (HUN)' where the name is known, else the code."""
    return f"{names[code]} ({code})" if code in names else code


class MapClick(QuestionBase):
    INPUT = "map"

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
        unique("choices", self.choices)
        clash = [code for code in self.reference if code in self.choices]
        if clash:
            raise invalid("reference", f"also a choice: {', '.join(clash)}")
        if not self.has_answer:
            return self
        unique("answer", self.answer)
        stray = [a for a in self.answer if a not in self.choices]
        if stray:
            raise invalid("answer", f"not among the choices: {', '.join(stray)}")
        return self

    def read(self, response: Any) -> str:
        code = str(response).strip().upper() if isinstance(response, str) else response
        return one_of(code, self.choices, _("Pick one of the highlighted countries (click it, or use the list)."))

    def is_right(self, value: Any) -> bool:
        return value in self.answer

    def shown_options(self, rng: random.Random) -> list[str]:
        return list(self.choices)

    def key_lines(self, names: Mapping[str, str]) -> list[str]:
        return [country(code, names) for code in self.answer]

    def key_choices(self, names: Mapping[str, str]) -> list[tuple[str, bool]]:
        return [(country(code, names), code in self.answer) for code in self.choices]

    def describe(self, value: Any, names: Mapping[str, str]) -> str:
        return country(value, names) if isinstance(value, str) else str(value)

    def right_response(self, rng: random.Random) -> str:
        return rng.choice(self.answer)

    def wrong_response(self, rng: random.Random) -> str:
        return popular_wrong(self.choices, self.answer, rng)

    def disagreement(self, ref: DataRef, tables: Any) -> str | None:
        return set_disagreement(self.choices, self.answer, ref, tables)


KIND = MapClick
"""The kind this module adds (read by `kinds/__init__.py`)."""
