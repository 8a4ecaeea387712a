"""Re-derive answers from the data tables, so a quiz can never contradict a lesson.

A question whose answer follows from the data carries a `data:` reference (see `DataRef` in
bank.py). `disagreements(bank)` recomputes each such answer from `lesson_utils.data` and lists
every question whose bank answer differs: the tests require that list to be empty.
"""

from __future__ import annotations

import datetime as dt
import sys

import pandas as pd

from lesson_utils import data
from lesson_utils.quiz.bank import Bank, DataRef
from lesson_utils.schemas import TABLES


def disagreements(bank: Bank) -> list[str]:
    """One line per question whose answer the data does not support; empty when all agree."""
    problems = []
    for question in bank.questions:
        if question.data is not None:
            try:
                # each kind compares its own answer, with this module's look-ups (rows, one, texts, number)
                problem = question.disagreement(question.data, sys.modules[__name__])
            except (KeyError, ValueError) as error:
                problem = f"the data reference does not resolve: {error}"
            if problem:
                problems.append(f"{bank.id}/{question.id}: {problem}")
    return problems


def rows(ref: DataRef) -> pd.DataFrame:
    """The rows `where` selects, narrowed by `key` and sorted by `order_by` if given; never none."""
    rows = data.load_table(ref.table)
    for column, value in ref.where.items():
        rows = rows[rows[column].astype(object) == value]
    if ref.key is not None:
        rows = rows[rows[key_column(ref)].astype(object) == ref.key]
    if rows.empty:
        raise ValueError(f"no row of {ref.table} matches {ref.model_dump(exclude_defaults=True)}")
    if ref.order_by:
        rows = rows.sort_values(ref.order_by, ascending=not ref.descending, kind="stable")
    return rows


def key_column(ref: DataRef) -> str:
    column = ref.key_column or TABLES[ref.table].KEY
    if column is None:
        raise ValueError(f"table {ref.table} has no key: give key_column")
    return column


def one(ref: DataRef) -> object:
    """The single value the reference points at (the first row when it sorts)."""
    found = rows(ref)
    if len(found) != 1 and not ref.order_by:
        raise ValueError(f"expected one row of {ref.table}, found {len(found)}")
    return found.iloc[0][ref.column]


def texts(value: object) -> set[str]:
    """The ways a cell may be written in a bank: itself, and a date as '27 March 2025' too."""
    if isinstance(value, dt.date | pd.Timestamp):
        day = pd.Timestamp(value)
        return {day.date().isoformat(), f"{day.day} {day:%B %Y}"}
    return {str(value)}


def number(value: object) -> float:
    """A cell as a number; a date counts as its year."""
    return pd.Timestamp(value).year if isinstance(value, dt.date | pd.Timestamp) else float(value)
