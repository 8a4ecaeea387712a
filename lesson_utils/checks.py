"""Check one table: every row against its pydantic model, the unique key, the references between
tables and every `source_id`; build the typed DataFrame.

Imported only when a table has not been checked in exactly its current form before (see
`tablecache`), because pydantic and the row models cost a kernel about 0.2 s to import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import types
import typing
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ValidationError

from lesson_utils.data import DataError, Problem, load_sources, load_table, split_ids, table_path
from lesson_utils.schemas import REFERENCES, TABLES, Row

HEADER_LINE = 1


def check_table(name: str) -> pd.DataFrame:
    """Parse, validate and cross-check table `name`; raise DataError listing every problem found."""
    path = table_path(name)
    model = TABLES[name]
    rows = _parse_rows(path, model)
    problems = _duplicate_keys(path, model, rows)
    if name != "sources":
        problems += _unknown_sources(path, rows)
    problems += _broken_references(name, path, rows)
    if problems:
        raise DataError(problems)
    return _to_frame(model, [row for _, row in rows])


def _parse_rows(path: Path, model: type[Row]) -> list[tuple[int, Row]]:
    """Read the CSV and validate every row; collect all problems before raising."""
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""), restval=None)
    header = reader.fieldnames or []
    problems = _header_problems(path, model, header)
    if problems:
        raise DataError(problems)
    rows: list[tuple[int, Row]] = []
    for raw in reader:
        line = reader.line_num
        if None in raw:
            problems.append(Problem(path, f"{len(raw[None]) + len(header)} cells, but the header has {len(header)}.", line))
            continue
        cells = {key: (value if value and value.strip() else None) for key, value in raw.items()}
        try:
            rows.append((line, model.model_validate(cells)))
        except ValidationError as error:
            problems += [_problem_from(path, line, cells, detail) for detail in error.errors()]
    if not rows and not problems:
        problems.append(Problem(path, "the table has a header but no rows.", HEADER_LINE + 1))
    if problems:
        raise DataError(problems)
    return rows


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(path, "file not found. Is LESSON_DATA_DIR pointing at a data folder?")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError([Problem(path, f"not valid UTF-8 (byte {raw[error.start]:#04x}); save the file as UTF-8.", line)]) from None
    if not text.strip():
        raise DataError([Problem(path, "the file is empty; it needs a header line and at least one row.")])
    return text


def _header_problems(path: Path, model: type[Row], header: list[str]) -> list[Problem]:
    """Every declared column must be present (optional ones may have blank cells), and no others."""
    fields = model.model_fields
    problems = [Problem(path, "required column is missing.", HEADER_LINE, col) for col in fields if col not in header]
    problems += [
        Problem(path, f"unknown column; expected only: {', '.join(fields)}.", HEADER_LINE, col)
        for col in header
        if col not in fields
    ]
    return problems


def _problem_from(path: Path, line: int, cells: dict[str, str | None], detail: dict) -> Problem:
    column = str(detail["loc"][0]) if detail["loc"] else None
    value = cells.get(column) if column else None
    if value is None:
        return Problem(path, "a value is required here, but the cell is blank.", line, column)
    return Problem(path, f"{detail['msg']} (got {value!r}).", line, column)


def _duplicate_keys(path: Path, model: type[Row], rows: list[tuple[int, Row]]) -> list[Problem]:
    if model.KEY is None:
        return []
    first_seen: dict[object, int] = {}
    problems = []
    for line, row in rows:
        key = getattr(row, model.KEY)
        if key in first_seen:
            problems.append(Problem(path, f"duplicate key {key!r}; first used on line {first_seen[key]}.", line, model.KEY))
        first_seen.setdefault(key, line)
    return problems


def _unknown_sources(path: Path, rows: list[tuple[int, Row]]) -> list[Problem]:
    known = set(load_sources()["id"])
    problems = []
    for line, row in rows:
        for column in ("source_id", "coord_source_id"):
            for source_id in split_ids(getattr(row, column, None)):
                if source_id not in known:
                    problems.append(Problem(path, f"source id {source_id!r} is not in sources.csv; add it there first.", line, column))
    return problems


def _broken_references(name: str, path: Path, rows: list[tuple[int, Row]]) -> list[Problem]:
    problems = []
    for (table, column), (target, key) in REFERENCES.items():
        if table != name:
            continue
        targets = {getattr(r, key) for _, r in rows} if target == name else set(load_table(target)[key])
        for line, row in rows:
            value = getattr(row, column)
            if value is not None and value not in targets:
                problems.append(Problem(path, f"{value!r} is not an '{key}' in {target}.csv.", line, column))
    return problems


def _to_frame(model: type[BaseModel], rows: list[BaseModel]) -> pd.DataFrame:
    """Build the DataFrame, giving each column the dtype its annotation implies."""
    frame = pd.DataFrame([row.model_dump() for row in rows], columns=list(model.model_fields))
    for column, field in model.model_fields.items():
        frame[column] = _convert(frame[column], field.annotation)
    return frame


def _convert(series: pd.Series, annotation: object) -> pd.Series:
    kind, optional = _base_type(annotation)
    if kind is dt.date:
        return pd.to_datetime(series)
    if kind is bool:
        return series.astype("boolean" if optional else bool)
    if kind is int:
        return series.astype("Int64" if optional else "int64")
    if kind is float:
        return series.astype("float64")
    if typing.get_origin(kind) is typing.Literal:
        return series.astype(pd.CategoricalDtype(list(typing.get_args(kind))))
    return series.astype("string")


def _base_type(annotation: object) -> tuple[object, bool]:
    """Strip `Annotated[...]` and `| None` from an annotation: (base type, optional?)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, optional
