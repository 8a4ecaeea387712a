"""The data folder's tables as validated rows, without pandas.

Every load checks each row against its model in `schemas.py`, the table's unique key, the
references between tables and that every `source_id` resolves in `sources.csv`. Any problem
raises `DataError` naming the file, the line and the column, so a teacher who edits a CSV
learns exactly what to fix. Checked rows are cached until the file changes.

A quiz kernel reads its sources and the timeline here and never imports pandas (about 35 MB a
student on a hub); `data.py` builds the lessons' DataFrames from the same rows.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from lesson_utils import file_cache
from lesson_utils import table_checks as checks
from lesson_utils.schemas import REFERENCES, TABLES, Row
from lesson_utils.table_checks import DataError, Problem

ENV_VAR = "LESSON_DATA_DIR"


def data_dir() -> Path:
    """The data folder: `$LESSON_DATA_DIR`, else the `data/` of the lesson copy the notebook is in,
    else the repository's `data/`, else the copy packaged with lesson_utils.

    The lesson copy comes first because on a JupyterHub the package is installed once in the image
    while the lessons arrive by nbgitpuller: a teacher's fix to a bank or a table reaches students
    with the next pull, no reinstall needed. A kernel runs in its notebook's folder (`lessons/`)."""
    if override := os.environ.get(ENV_VAR):
        return Path(override)
    for folder in (Path.cwd(), Path.cwd().parent):
        if _is_data_folder(folder / "data"):
            return folder / "data"
    here = Path(__file__).resolve().parent
    repo_data = here.parent / "data"
    return repo_data if repo_data.is_dir() else here / "_data"


def _is_data_folder(folder: Path) -> bool:
    """A lesson copy's data folder, not any folder that happens to be called data."""
    return (folder / "sources.csv").is_file() and (folder / "quizzes").is_dir()


def table_path(name: str) -> Path:
    """Where table `name` lives; raises DataError for a name that is not a table."""
    if name not in TABLES:
        known = ", ".join(sorted(TABLES))
        raise DataError([Problem(Path(f"{name}.csv"), f"'{name}' is not a table. Known tables: {known}.")])
    return data_dir() / f"{name}.csv"


def load_rows(name: str) -> tuple[Row, ...]:
    """Table `name` as checked rows (frozen models), in file order.

    The same tuple is returned until the table or a table its checks read changes, so a caller may
    keep what it builds from the rows for as long as it gets the same tuple back.
    """
    path = table_path(name)
    referred = [target for (table, _), (target, _) in REFERENCES.items() if table == name and target != name]
    depends_on = ["sources", *referred]
    return _load_checked(name, path, _version(path), tuple(_version(table_path(t)) for t in depends_on))


def _version(path: Path) -> file_cache.FileVersion:
    """Part of the cache key, so an edited CSV is read again (see `file_cache`)."""
    try:
        return file_cache.version(path)
    except FileNotFoundError:
        raise DataError([Problem(path, "file not found. Is LESSON_DATA_DIR pointing at a data folder?")]) from None


@cache
def _load_checked(
    name: str, path: Path, version: file_cache.FileVersion, depends_on: tuple[file_cache.FileVersion, ...]
) -> tuple[Row, ...]:
    """Parse, validate and cross-check one table; cached per version of it and of the tables its
    checks read (sources.csv, and any table it refers to), so an edit to either is checked again."""
    model = TABLES[name]
    rows = checks.parse_rows(path, model)
    problems = checks.duplicate_keys(path, model, rows)
    if name != "sources":
        problems += checks.unknown_sources(path, rows, {row.id for row in load_rows("sources")})
    problems += checks.broken_references(name, path, rows, load_rows)
    problems += checks.cycles(name, path, rows)
    if problems:
        raise DataError(problems)
    return tuple(row for _, row in rows)
