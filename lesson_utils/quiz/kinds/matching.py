"""Matching: pair each left-hand item with its match among the options."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from lesson_utils.i18n import _
from lesson_utils.quiz.kinds.base import (
    DataRef,
    Labels,
    QuestionBase,
    ResponseError,
    alphabetical,
    check_labels,
    compact,
    invalid,
    one_of,
    same_set,
    unique,
)
from lesson_utils.schemas import Text


def _matches_then_distractors(answer: dict[str, str] | None, distractors: list[str]) -> list[str]:
    """A Matching's default options: each distinct right-hand match, then the distractors."""
    return list(dict.fromkeys([*answer.values(), *distractors])) if answer else []


def _own_labels(values: list[str]) -> dict[str, str]:
    return {value: value for value in values}


class Matching(QuestionBase):
    WITHOUT_ANSWER = ("items", "options")
    INPUT = "match"

    type: Literal["matching"]
    answer: Annotated[dict[Text, Text], Field(min_length=2)] | None = Field(
        None, description="Left-hand item → its match (their ids, when items and options have ids)."
    )
    distractors: list[Text] = Field(
        default_factory=list, description="Extra right-hand options that match nothing (ids, when options have ids)."
    )
    items: Labels = Field(
        default_factory=lambda data: _own_labels(list(data.get("answer") or {})),
        description="The left-hand items, texts or id → text; by default the answer's. Required without an "
        "answer, or when the answer names ids.",
    )
    options: Labels = Field(
        default_factory=lambda data: _own_labels(
            _matches_then_distractors(data.get("answer"), data.get("distractors", []))
        ),
        description="The right-hand options a student chooses from, texts or id → text, before shuffling; by "
        "default the answer's matches, then the distractors. Required without an answer, or when it names ids.",
    )

    @model_validator(mode="after")
    def _distractors_are_extra(self) -> Matching:
        unique("distractors", self.distractors)
        check_labels("items", self.items)
        check_labels("options", self.options)
        if self.has_answer:
            clash = [d for d in self.distractors if d in self.answer.values()]
            if clash:
                raise invalid("distractors", f"also a correct match: {', '.join(map(repr, clash))}")
            same_set("items", list(self.items), list(self.answer), "the answer's left-hand items")
            same_set(
                "options",
                list(self.options),
                _matches_then_distractors(self.answer, self.distractors),
                "the answer's matches and the distractors",
            )
        return self

    def label(self, option: Any) -> str:
        return self.options.get(option, str(option))

    def read(self, response: Any) -> dict[str, str]:
        if not isinstance(response, Mapping):
            raise ResponseError(_("Give your matches as pairs (item → match)."))
        pairs = {}
        for left, right in response.items():
            try:
                pairs[one_of(left, self.items, "")] = right
            except ResponseError:
                raise ResponseError(_("Not an item in this question: {item}.").format(item=left)) from None
        missing = [self.items[left] for left in self.items if pairs.get(left) in (None, "")]
        if missing:
            raise ResponseError(
                _("Choose a match for every item (still open: {items}).").format(items=", ".join(missing))
            )
        return {left: one_of(pairs[left], self.options, _("Choose matches from the list.")) for left in self.items}

    def shown_options(self, rng: random.Random) -> list[str]:
        options = list(self.options)
        rng.shuffle(options)
        return options

    def key_lines(self, names: Mapping[str, str]) -> list[str]:
        lines = [f"{self.items[left]} → {self.options[right]}" for left, right in self.answer.items()]
        extra = "; ".join(self.options[option] for option in self.distractors)
        return lines + ([f"(matches nothing: {extra})"] if extra else [])

    def describe(self, value: Any, names: Mapping[str, str]) -> str:
        if isinstance(value, dict):
            return "; ".join(f"{self.items.get(left, left)} → {self.label(right)}" for left, right in value.items())
        return str(value)

    def right_response(self, rng: random.Random) -> dict[str, str]:
        return dict(self.answer)

    def wrong_response(self, rng: random.Random) -> dict[str, str]:
        """Two items' matches swapped, or one item matched to another option where a swap changes nothing."""
        pairs = dict(self.answer)
        lefts = list(pairs)
        swappable = [(a, b) for a in lefts for b in lefts if a < b and pairs[a] != pairs[b]]
        if swappable:
            a, b = rng.choice(swappable)
            pairs[a], pairs[b] = pairs[b], pairs[a]
        else:
            left = rng.choice(lefts)
            pairs[left] = rng.choice([option for option in self.options if option != pairs[left]])
        return pairs

    def disagreement(self, ref: DataRef, tables: Any) -> str | None:
        wrong = []
        for left, right in self.answer.items():
            item, match = self.items[left], self.options[right]
            texts = tables.texts(tables.one(ref.model_copy(update={"key": item, "key_column": tables.key_column(ref)})))
            if match not in texts:
                wrong.append(f"{item} → {match!r} (data: {sorted(texts)})")
        return "; ".join(wrong) or None

    def student_fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        fields["items"] = compact(self.items)
        fields["options"] = compact(alphabetical(self.options))
        return fields


KIND = Matching
"""The kind this module adds (read by `kinds/__init__.py`)."""
