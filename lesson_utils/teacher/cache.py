"""Banks and notebooks read once per version of their file, within one process.

One run of the teacher guide (plans, question map, demo class, gradebook, validate) asked for the
same four banks 23 times and parsed their YAML each time, most of the guide's run time. A bank here
was fully checked when it was read, and is read again as soon as its file or `sources.csv` (where
its source ids must resolve) changes, as the data tables are; a bank that fails to load is never
kept, so its error is raised on every call.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lesson_utils import data
from lesson_utils.catalogue import cells, read_notebook
from lesson_utils.quiz import bank as quiz_bank
from lesson_utils.teacher import TeacherError

FileVersion = tuple[Path, int, int]
"""Absolute path, modification time (ns) and size: a changed or replaced file gets a new one."""


def load_bank(quiz_id_or_path: str | Path) -> quiz_bank.Bank:
    """`lesson_utils.quiz.load_bank`, parsed and checked once per version of the bank and sources.csv.

    The Bank is shared between callers; its models are frozen."""
    path = quiz_bank.bank_path(quiz_id_or_path)
    try:
        versions = _version(path), _version(data.table_path("sources"))
    except FileNotFoundError:
        return quiz_bank.load_bank(path)  # raises the loader's own error, naming what is missing
    return _load_bank(path, *versions)


def load_keyed_bank(quiz_id_or_path: str | Path, action: str) -> quiz_bank.Bank:
    """The bank with its answer key, for a tool that needs the answers to `action` (e.g. "grade").

    A student copy's banks have no key; saying so up front beats a crash on the first answer.
    """
    try:
        bank = load_bank(quiz_id_or_path)
    except quiz_bank.QuizError as error:
        raise TeacherError(f"cannot {action} quiz '{quiz_id_or_path}': {error}") from None
    if not bank.has_key:
        raise TeacherError(
            f"cannot {action} quiz '{quiz_id_or_path}': its bank has no answer key (is this a "
            "student copy?). Use the teacher's repository, which has the key."
        )
    return bank


@lru_cache(maxsize=32)
def _load_bank(path: Path, version: FileVersion, sources_version: FileVersion) -> quiz_bank.Bank:
    return quiz_bank.load_bank(path)  # the path as given, so error messages name it as the caller did


def notebook_cells(path: Path) -> tuple[tuple[str, str], ...]:
    """(cell type, source) of every cell of a notebook, read once per version of the file."""
    return _notebook_cells(_version(path))


@lru_cache(maxsize=64)
def _notebook_cells(version: FileVersion) -> tuple[tuple[str, str], ...]:
    return tuple(cells(read_notebook(version[0])))


def _version(path: Path) -> FileVersion:
    stat = path.stat()
    return path.resolve(), stat.st_mtime_ns, stat.st_size
