"""Re-derive answers from the data tables, so a quiz can never contradict a lesson.

A question whose answer follows from the data carries a `data:` reference (see `DataRef` in
bank.py). `disagreements(bank)` recomputes each such answer from `lesson_utils.data` and lists
every question whose bank answer differs: the tests require that list to be empty.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from lesson_utils import data
from lesson_utils.quiz.bank import (
    Bank,
    DataRef,
    MapClick,
    Matching,
    MultipleSelect,
    Numeric,
    Ordering,
    QuestionBase,
    SingleChoice,
    TrueFalse,
)
from lesson_utils.schemas import TABLES


def disagreements(bank: Bank) -> list[str]:
    """One line per question whose answer the data does not support; empty when all agree."""
    problems = []
    for question in bank.questions:
        if question.data is not None:
            try:
                problem = _disagreement(question, question.data)
            except (KeyError, ValueError) as error:
                problem = f"the data reference does not resolve: {error}"
            if problem:
                problems.append(f"{bank.id}/{question.id}: {problem}")
    return problems


def _rows(ref: DataRef) -> pd.DataFrame:
    """The rows `where` selects, narrowed by `key` and sorted by `order_by` if given; never none."""
    rows = data.load_table(ref.table)
    for column, value in ref.where.items():
        rows = rows[rows[column].astype(object) == value]
    if ref.key is not None:
        rows = rows[rows[_key_column(ref)].astype(object) == ref.key]
    if rows.empty:
        raise ValueError(f"no row of {ref.table} matches {ref.model_dump(exclude_defaults=True)}")
    if ref.order_by:
        rows = rows.sort_values(ref.order_by, ascending=not ref.descending, kind="stable")
    return rows


def _key_column(ref: DataRef) -> str:
    column = ref.key_column or TABLES[ref.table].KEY
    if column is None:
        raise ValueError(f"table {ref.table} has no key: give key_column")
    return column


def _one(ref: DataRef) -> object:
    """The single value the reference points at (the first row when it sorts)."""
    rows = _rows(ref)
    if len(rows) != 1 and not ref.order_by:
        raise ValueError(f"expected one row of {ref.table}, found {len(rows)}")
    return rows.iloc[0][ref.column]


def _as_texts(value: object) -> set[str]:
    """The ways a cell may be written in a bank: itself, and a date as '27 March 2025' too."""
    if isinstance(value, dt.date | pd.Timestamp):
        day = pd.Timestamp(value)
        return {day.date().isoformat(), f"{day.day} {day:%B %Y}"}
    return {str(value)}


def _disagreement(question: QuestionBase, ref: DataRef) -> str | None:
    if isinstance(question, Numeric):
        value = _one(ref)
        number = pd.Timestamp(value).year if isinstance(value, dt.date | pd.Timestamp) else float(value)
        ok = math.isclose(number, question.answer, rel_tol=0, abs_tol=question.tolerance + 1e-9)
        return None if ok else f"answer {question.answer:g}, data {number:g}"
    if isinstance(question, SingleChoice):
        texts = _as_texts(_one(ref))
        return None if question.answer in texts else f"answer {question.answer!r}, data {sorted(texts)}"
    if isinstance(question, TrueFalse):
        value = bool(_one(ref))
        return None if value == question.answer else f"answer {question.answer}, data {value}"
    if isinstance(question, MultipleSelect | MapClick):
        rows = _rows(ref)
        found = {str(v) for v in (rows[ref.column].head(1) if ref.order_by else rows[ref.column])}
        expected = [choice for choice in question.choices if choice in found]
        return None if set(expected) == set(question.answer) else f"answer {question.answer}, data {expected}"
    if isinstance(question, Ordering):
        return _ordering(question, ref)
    if isinstance(question, Matching):
        wrong = []
        for left, right in question.answer.items():
            texts = _as_texts(_one(ref.model_copy(update={"key": left, "key_column": _key_column(ref)})))
            if right not in texts:
                wrong.append(f"{left} → {right!r} (data: {sorted(texts)})")
        return "; ".join(wrong) or None
    return f"a data reference is not supported for {question.type} questions"


def _ordering(question: Ordering, ref: DataRef) -> str | None:
    if not ref.order_by:
        raise ValueError("ordering needs order_by")
    keys = ref.keys or question.answer
    if len(keys) != len(question.answer):
        raise ValueError("keys must name one row per answer item")
    rows = _rows(ref.model_copy(update={"order_by": None}))
    by_key = rows.set_index(_key_column(ref) if ref.keys else ref.column)
    missing = [key for key in keys if key not in by_key.index]
    if missing:
        raise KeyError(f"no row for {', '.join(missing)}")
    values = [by_key.loc[key, ref.order_by] for key in keys]
    ordered = all(a > b if ref.descending else a < b for a, b in zip(values, values[1:], strict=False))
    found = ", ".join(f"{key} {value}" for key, value in zip(keys, values, strict=True))
    return None if ordered else f"items are not in {ref.order_by} order: {found}"
