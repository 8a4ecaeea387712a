"""Ordering: put the items in the right order."""

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
    as_list,
    check_labels,
    compact,
    one_of,
    same_set,
    unique,
)
from lesson_utils.schemas import Text


class Ordering(QuestionBase):
    WITHOUT_ANSWER = ("items",)
    INPUT = "order"

    type: Literal["ordering"]
    answer: Annotated[list[Text], Field(min_length=2)] | None = Field(
        None, description="The items (their ids, when items have ids), in the correct order."
    )
    items: Labels = Field(
        default_factory=lambda data: {item: item for item in data.get("answer") or []},
        description="The items to put in order, before shuffling: texts, or id → text. By default the "
        "answer's. Required without an answer, or when the answer names ids.",
    )

    @model_validator(mode="after")
    def _items_agree(self) -> Ordering:
        if self.has_answer:
            unique("answer", self.answer)
            same_set("items", list(self.items), self.answer, "the answer's items")
        check_labels("items", self.items)
        return self

    def label(self, option: Any) -> str:
        return self.items.get(option, str(option))

    def read(self, response: Any) -> list[str]:
        order = [one_of(item, self.items, _("Use only the listed items.")) for item in as_list(response, "the order")]
        missing = [item for item in self.items if item not in order]
        repeated = sorted({item for item in order if order.count(item) > 1})
        if missing or repeated or len(order) != len(self.items):
            problems = [
                _("used twice: {items}").format(items=", ".join(map(self.label, repeated))) if repeated else "",
                _("missing: {items}").format(items=", ".join(map(self.label, missing))) if missing else "",
            ]
            explained = "; ".join(p for p in problems if p)
            raise ResponseError(_("Put every item in exactly one place ({problems}).").format(problems=explained))
        return order

    def shown_options(self, rng: random.Random) -> list[str]:
        options = list(self.items)
        rng.shuffle(options)
        if options == self.answer:  # never start in the right order (known only with the key)
            options = options[1:] + options[:1]
        return options

    def key_lines(self, names: Mapping[str, str]) -> list[str]:
        return [f"{n}. {self.items[item]}" for n, item in enumerate(self.answer, 1)]

    def describe(self, value: Any, names: Mapping[str, str]) -> str:
        return " → ".join(map(self.label, value)) if isinstance(value, list) else str(value)

    def right_response(self, rng: random.Random) -> list[str]:
        return list(self.answer)

    def wrong_response(self, rng: random.Random) -> list[str]:
        order = list(self.answer)
        i = rng.randrange(len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
        return order

    def disagreement(self, ref: DataRef, tables: Any) -> str | None:
        if not ref.order_by:
            raise ValueError("ordering needs order_by")
        keys = ref.keys or [self.items[item] for item in self.answer]
        if len(keys) != len(self.answer):
            raise ValueError("keys must name one row per answer item")
        rows = tables.rows(ref.model_copy(update={"order_by": None}))
        by_key = rows.set_index(tables.key_column(ref) if ref.keys else ref.column)
        missing = [key for key in keys if key not in by_key.index]
        if missing:
            raise KeyError(f"no row for {', '.join(missing)}")
        values = [by_key.loc[key, ref.order_by] for key in keys]
        ordered = all(a > b if ref.descending else a < b for a, b in zip(values, values[1:], strict=False))
        found = ", ".join(f"{key} {value}" for key, value in zip(keys, values, strict=True))
        return None if ordered else f"items are not in {ref.order_by} order: {found}"

    def student_fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        fields["items"] = compact(alphabetical(self.items))
        return fields


KIND = Ordering
"""The kind this module adds (read by `kinds/__init__.py`)."""
