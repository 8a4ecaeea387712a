"""The CSV loader under hostile cells and broken structure: a clear error, or exactly what was written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import numbers
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hostile import HOSTILE_TEXT, TEXT
from hypothesis import given
from hypothesis import strategies as st
from locations import REPO
from outcomes import record

from lesson_utils import data
from lesson_utils.table_checks import DataError

FUZZED = ["cities", "neighbours", "timeline", "climate", "guarantee", "participants"]
BOOLEAN = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False,
           "on": True, "off": False, "t": True, "f": False, "y": True, "n": False}  # fmt: skip
"""Spellings pydantic reads as booleans; reading them so changes nothing a teacher meant."""


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as temporary:
        yield Path(temporary)


def rows_of(name: str) -> list[list[str]]:
    with (REPO / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def as_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def load(folder: Path, name: str, text: str | bytes, monkeypatch_env) -> pd.DataFrame:
    """Table `name` from a copy of data/ in which only that file is replaced by `text`."""
    target = folder / "data"
    if not target.exists():
        shutil.copytree(REPO / "data", target)
    path = target / f"{name}.csv"
    original = (REPO / "data" / f"{name}.csv").read_bytes()
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    fresh_version(path)
    try:
        with monkeypatch_env(target):
            return data.load_table(name)
    finally:
        path.write_bytes(original)
        fresh_version(path)


WRITES = itertools.count(1)


def fresh_version(path: Path) -> None:
    """A modification time no earlier write had: the loader's cache keys on it (and the size), and
    a file system's clock may not tick between two quick writes."""
    stamp = 1_700_000_000_000_000_000 + next(WRITES) * 1_000_000
    os.utime(path, ns=(stamp, stamp))


class _Env:
    def __init__(self, target: Path):
        self.target = target

    def __enter__(self):
        self.before = os.environ.get(data.ENV_VAR)
        os.environ[data.ENV_VAR] = str(self.target)

    def __exit__(self, *exc):
        if self.before is None:
            os.environ.pop(data.ENV_VAR, None)
        else:
            os.environ[data.ENV_VAR] = self.before


def represents(written: str, loaded, dtype) -> bool:
    """Whether the loaded cell is what the written text says, read as the column's type."""
    text = written.strip()
    if loaded is None or loaded is pd.NA or (isinstance(loaded, float) and math.isnan(loaded)) or loaded is pd.NaT:
        return text == ""
    if isinstance(loaded, bool) or str(dtype) in ("bool", "boolean"):
        return BOOLEAN.get(text.lower()) == bool(loaded)
    if isinstance(loaded, pd.Timestamp):
        try:
            return dt.date.fromisoformat(text) == loaded.date()
        except ValueError:
            return False
    if isinstance(loaded, numbers.Real):  # numpy's int64 and float64 too
        try:
            return float(text) == float(loaded) and math.isfinite(float(loaded))
        except ValueError:
            return False
    return str(loaded) == text


def classify(name: str, action, check, line: int | None = None, old: str | None = None) -> str:
    """How one case ended. A clear error names the file and, when given, the changed line, or the rows
    that referred to the value it replaced (an id other rows point to)."""
    try:
        frame = action()
    except DataError as error:
        message = str(error)
        assert f"{name}.csv" in message, f"the error does not name the file: {message}"
        located = line is None or f"line {line}" in message or (old is not None and repr(old) in message)
        assert located, f"the error does not name line {line}: {message}"
        return "clear error"
    except Exception as error:  # noqa: BLE001  (the fuzz counts what escapes, then fails on it)
        return f"other exception: {type(error).__name__}: {error}"[:300]
    return "accepted" if check(frame) else "silently changed"


@given(
    name=st.sampled_from(FUZZED),
    where=st.tuples(st.integers(min_value=0), st.integers(min_value=0)),
    value=st.one_of(HOSTILE_TEXT, TEXT),
)
def test_a_hostile_cell_is_refused_or_loaded_exactly(folder, name, where, value):
    rows = rows_of(name)
    row, column = 1 + where[0] % (len(rows) - 1), where[1] % len(rows[0])
    old, rows[row][column] = rows[row][column], value
    header = rows[0][column]

    def check(frame: pd.DataFrame) -> bool:
        return represents(value, frame[header].iloc[row - 1], frame[header].dtype)

    line = None if "\n" in value or "\r" in value else row + 1  # csv counts a cell's line breaks too
    outcome = classify(name, lambda: load(folder, name, as_csv(rows), _Env), check, line, old)
    record("CSV cell", outcome.split(":")[0])
    assert outcome in ("accepted", "clear error"), (name, header, row, value[:80], outcome)


BREAKS = {
    "extra field": lambda rows, r: rows[r].append("extra"),
    "missing field": lambda rows, r: rows[r].pop(),
    "duplicate header": lambda rows, r: rows[0].__setitem__(-1, rows[0][0]),
    "unknown header": lambda rows, r: rows[0].__setitem__(-1, "colour"),
    "duplicate row": lambda rows, r: rows.insert(r, list(rows[r])),
    "no rows": lambda rows, r: rows.__delitem__(slice(1, None)),
    "no header": lambda rows, r: rows.pop(0),
}


@given(name=st.sampled_from(FUZZED), kind=st.sampled_from(sorted(BREAKS)), where=st.integers(min_value=0))
def test_broken_structure_is_a_clear_error(folder, name, kind, where):
    rows = rows_of(name)
    BREAKS[kind](rows, 1 + where % (len(rows) - 1))
    outcome = classify(name, lambda: load(folder, name, as_csv(rows), _Env), lambda frame: False)
    record("CSV structure", outcome.split(":")[0])
    assert outcome == "clear error", (name, kind, outcome)


SAME_TABLE = {
    "CRLF line ends": lambda text: text.replace(b"\n", b"\r\n"),
    "byte order mark": lambda text: b"\xef\xbb\xbf" + text,
    "no final newline": lambda text: text.rstrip(b"\n"),
}
BAD_BYTES = {
    "Latin-1 byte": lambda text, at: text[:at] + b"\xe9" + text[at:],
    "NUL byte": lambda text, at: text[:at] + b"\x00" + text[at:],
    "unclosed quote": lambda text, at: text[:at] + b'"' + text[at:],
}


@given(name=st.sampled_from(FUZZED), kind=st.sampled_from(sorted(SAME_TABLE)))
def test_harmless_byte_level_differences_load_the_same_table(folder, name, kind):
    text = (REPO / "data" / f"{name}.csv").read_bytes()
    expected = data.load_table(name)
    outcome = classify(
        name, lambda: load(folder, name, SAME_TABLE[kind](text), _Env), lambda frame: frame.equals(expected)
    )
    record("CSV bytes (harmless)", outcome.split(":")[0])
    assert outcome == "accepted", (name, kind, outcome)


@given(name=st.sampled_from(FUZZED), kind=st.sampled_from(sorted(BAD_BYTES)), where=st.integers(min_value=0))
def test_bad_bytes_are_refused_or_change_nothing_silently(folder, name, kind, where):
    text = (REPO / "data" / f"{name}.csv").read_bytes()
    header_end = text.index(b"\n") + 1
    at = header_end + where % (len(text) - header_end)
    mutated = BAD_BYTES[kind](text, at)
    expected = data.load_table(name)

    def unchanged_but_for_the_byte(frame: pd.DataFrame) -> bool:
        # a stray quote may sit inside a quoted cell as a doubled quote; anything else must not load
        return frame.shape == expected.shape and (
            frame.compare(expected).shape[0] <= 1 if kind == "unclosed quote" else False
        )

    outcome = classify(name, lambda: load(folder, name, mutated, _Env), unchanged_but_for_the_byte)
    record("CSV bytes (bad)", outcome.split(":")[0])
    assert outcome in ("clear error", "accepted"), (name, kind, at, outcome)
