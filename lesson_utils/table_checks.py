"""The checks every table passes on load, each naming the file, the line and the column.

Reading (UTF-8, CSV with strict quoting, the header), each row against its model in `schemas.py`,
unique keys, source ids, references between tables and trees that must not go round in circles.
`tables.py` runs them and caches what passes; a problem found is a `Problem`, and all the problems of
a table are raised together as one `DataError`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from lesson_utils.schemas import REFERENCES, TABLES, Row
from lesson_utils.sources import split_ids

HEADER_LINE = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, located as precisely as we can."""

    file: Path
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [str(self.file)]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataError(ValueError):
    """A data file is missing or malformed; `problems` lists everything found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems]
        if len(lines) > 1:
            lines.insert(0, f"{len(problems)} problems in the data:")
        super().__init__("\n".join(lines))


def parse_rows(path: Path, model: type[Row]) -> list[tuple[int, Row]]:
    """Read the CSV and validate every row; collect all problems before raising."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)  # strict: an unclosed quote is an error
    rows: list[tuple[int, Row]] = []
    problems: list[Problem] = []
    try:
        header = next(reader, [])
        problems = header_problems(path, model, header)
        if problems:
            raise DataError(problems)
        for cells_in_row in reader:
            line = reader.line_num
            if len(cells_in_row) != len(header):
                problems.append(Problem(path, f"{len(cells_in_row)} cells, but the header has {len(header)}.", line))
                continue
            raw = dict(zip(header, cells_in_row, strict=True))
            cells = {key: (value if value and value.strip() else None) for key, value in raw.items()}
            try:
                rows.append((line, model.model_validate(cells)))
            except ValidationError as error:
                problems += [problem_from(path, line, cells, detail) for detail in error.errors()]
    except csv.Error as error:  # an unclosed quote, or a cell past csv's size limit
        problems.append(Problem(path, f"the file cannot be read as CSV ({error}); check the quotes.", reader.line_num))
    if not rows and not problems:
        problems.append(Problem(path, "the table has a header but no rows.", HEADER_LINE + 1))
    if problems:
        raise DataError(problems)
    return rows


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise DataError([Problem(path, "is a folder, not a CSV file.")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            [Problem(path, f"not valid UTF-8 (byte {raw[error.start]:#04x}); save the file as UTF-8.", line)]
        ) from None
    if not text.strip():
        raise DataError([Problem(path, "the file is empty; it needs a header line and at least one row.")])
    if control := CONTROL.search(text):
        line = text[: control.start()].count("\n") + 1
        raise DataError([Problem(path, f"holds a control character ({control.group()!r}), a sign of a damaged or "
                                       "binary file; remove it.", line)])  # fmt: skip
    return text


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Characters no table holds (tab, newline and carriage return are fine); a NUL would pass as text."""


def header_problems(path: Path, model: type[Row], header: list[str]) -> list[Problem]:
    """Every declared column must be present (optional ones may have blank cells), and no others."""
    fields = model.model_fields
    problems = [Problem(path, "required column is missing.", HEADER_LINE, col) for col in fields if col not in header]
    problems += [
        Problem(path, "this column appears twice in the header; keep one.", HEADER_LINE, col)
        for col in sorted({col for col in header if header.count(col) > 1})
    ]
    problems += [
        Problem(path, f"unknown column; expected only: {', '.join(fields)}.", HEADER_LINE, col)
        for col in header
        if col not in fields
    ]
    return problems


def problem_from(path: Path, line: int, cells: dict[str, str | None], detail: dict) -> Problem:
    column = str(detail["loc"][0]) if detail["loc"] else None
    if column is None:  # a rule about the whole row (e.g. low <= high)
        return Problem(path, f"{detail['msg'].removeprefix('Value error, ')}.", line)
    value = cells.get(column)
    if value is None:
        return Problem(path, "a value is required here, but the cell is blank.", line, column)
    return Problem(path, f"{detail['msg']} (got {value!r}).", line, column)


def duplicate_keys(path: Path, model: type[Row], rows: list[tuple[int, Row]]) -> list[Problem]:
    if model.KEY is None:
        return []
    first_seen: dict[object, int] = {}
    problems = []
    for line, row in rows:
        key = getattr(row, model.KEY)
        if key in first_seen:
            problems.append(
                Problem(path, f"duplicate key {key!r}; first used on line {first_seen[key]}.", line, model.KEY)
            )
        first_seen.setdefault(key, line)
    return problems


def unknown_sources(path: Path, rows: list[tuple[int, Row]], known: set[str]) -> list[Problem]:
    """Every source id of every row must be one of `known` (the ids of sources.csv)."""
    problems = []
    for line, row in rows:
        for column in ("source_id", "coord_source_id"):
            for source_id in split_ids(getattr(row, column, None)):
                if source_id not in known:
                    problems.append(
                        Problem(
                            path, f"source id {source_id!r} is not in sources.csv; add it there first.", line, column
                        )
                    )
    return problems


def broken_references(
    name: str, path: Path, rows: list[tuple[int, Row]], load_rows: Callable[[str], Sequence[Row]]
) -> list[Problem]:
    """Every reference to another row (REFERENCES in schemas.py) must find that row."""
    problems = []
    for (table, column), (target, key) in REFERENCES.items():
        if table != name:
            continue
        targets = {getattr(r, key) for _, r in rows} if target == name else {getattr(r, key) for r in load_rows(target)}
        for line, row in rows:
            value = getattr(row, column)
            if value is not None and value not in targets:
                problems.append(Problem(path, f"{value!r} is not an '{key}' in {target}.csv.", line, column))
    return problems


def cycles(name: str, path: Path, rows: list[tuple[int, Row]]) -> list[Problem]:
    """A table that refers to itself (`parent_id`) is a tree: following parents must end at a root."""
    columns = [column for (table, column), (target, _) in REFERENCES.items() if table == name and target == name]
    problems = []
    for column in columns:
        key = TABLES[name].KEY
        parent = {getattr(row, key): getattr(row, column) for _, row in rows}
        for line, row in rows:
            seen, node = {getattr(row, key)}, getattr(row, column)
            while node is not None and node in parent:
                if node in seen:
                    problems.append(Problem(path, f"{column} goes round in a circle back to {node!r}.", line, column))
                    break
                seen.add(node)
                node = parent[node]
    return problems
