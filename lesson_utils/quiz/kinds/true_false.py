"""True or false."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import StrictBool

from lesson_utils.i18n import _
from lesson_utils.quiz.kinds.base import DataRef, QuestionBase, ResponseError

_TRUE = {"true", "t", "yes", "y"}
_FALSE = {"false", "f", "no", "n"}


class TrueFalse(QuestionBase):
    INPUT = "true_false"

    type: Literal["true_false"]
    answer: StrictBool | None = None

    def read(self, response: Any) -> bool:
        if isinstance(response, bool):
            return response
        if isinstance(response, str) and response.strip().lower() in _TRUE | _FALSE:
            return response.strip().lower() in _TRUE
        raise ResponseError(_("Choose True or False."))

    def key_lines(self, names: Mapping[str, str]) -> list[str]:
        return ["True" if self.answer else "False"]

    def wrong_response(self, rng: random.Random) -> bool:
        return not self.answer

    def disagreement(self, ref: DataRef, tables: Any) -> str | None:
        value = bool(tables.one(ref))
        return None if value == self.answer else f"answer {self.answer}, data {value}"


KIND = TrueFalse
"""The kind this module adds (read by `kinds/__init__.py`)."""
