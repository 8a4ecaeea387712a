"""Load the lesson tables from `data/` as validated pandas DataFrames.

Every load checks each row against its model in `schemas.py`, the table's unique key, the
references between tables and that every `source_id` resolves in `sources.csv`. Any problem
raises `DataError` naming the file, the line and the column, so a teacher who edits a CSV
learns exactly what to fix. Parsed tables are cached until the file changes.
"""

from __future__ import annotations

import datetime as dt
import os
import types
import typing
from functools import cache
from pathlib import Path

import pandas as pd
from pydantic import BaseModel

from lesson_utils import file_cache
from lesson_utils import table_checks as checks
from lesson_utils.schemas import REFERENCES, TABLES
from lesson_utils.sources import split_ids
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


def load_table(name: str) -> pd.DataFrame:
    """Table `name` as a DataFrame with typed columns (dates, numbers, categories).

    Returns a copy, so a student's changes never leak into the next lesson cell.
    """
    path = table_path(name)
    referred = [target for (table, _), (target, _) in REFERENCES.items() if table == name and target != name]
    depends_on = ["sources", *referred]
    return _load_checked(name, path, _version(path), tuple(_version(table_path(t)) for t in depends_on)).copy()


def validate_all() -> list[Problem]:
    """Every problem in every table (not just the first), for `lesson-utils validate`."""
    problems: list[Problem] = []
    for name in TABLES:
        try:
            load_table(name)
        except DataError as error:
            problems.extend(error.problems)
    return problems


def sources_for(source_ids: str | list[str]) -> pd.DataFrame:
    """The rows of `sources.csv` behind one `;`-separated id string or a list of them."""
    ids = split_ids(source_ids) if isinstance(source_ids, str) else [i for s in source_ids for i in split_ids(s)]
    sources = load_sources().set_index("id")
    missing = [i for i in ids if i not in sources.index]
    if missing:
        raise DataError([Problem(table_path("sources"), f"no source with id {', '.join(map(repr, missing))}.")])
    return sources.loc[list(dict.fromkeys(ids))].reset_index()


def load_sources() -> pd.DataFrame:
    """Every source the tables cite: title, publisher, URL, dates."""
    return load_table("sources")


def load_summit() -> pd.DataFrame:
    """Key facts of the 27 March 2025 summit, one sourced fact per row."""
    return load_table("summit")


def load_participants() -> pd.DataFrame:
    """Delegations at the summit, and the absentees worth teaching."""
    return load_table("participants")


def load_statements() -> pd.DataFrame:
    """What leaders said, each marked as verbatim quote or paraphrase."""
    return load_table("statements")


def load_guarantee() -> pd.DataFrame:
    """The security-guarantee plan as a plan → pillar → component hierarchy."""
    return load_table("guarantee")


def load_timeline() -> pd.DataFrame:
    """Dated events from 2014 to the summit and after, sorted by date."""
    return load_table("timeline").sort_values("date", kind="stable", ignore_index=True)


def load_neighbours() -> pd.DataFrame:
    """Ukraine's seven land neighbours (border length in km) and its two seas."""
    return load_table("neighbours")


def load_features() -> pd.DataFrame:
    """Physical features of Ukraine with coordinates and a measure each."""
    return load_table("features")


def load_cities() -> pd.DataFrame:
    """Major cities with coordinates and a dated population figure."""
    return load_table("cities")


def load_climate() -> pd.DataFrame:
    """Climate measures by region (temperature, precipitation) as low–high ranges."""
    return load_table("climate")


def load_land_cover() -> pd.DataFrame:
    """Land use and natural zones as percentages of Ukraine's area."""
    return load_table("land_cover")


def load_article_claims() -> pd.DataFrame:
    """Each claim of the seed article with the record's verdict and correction."""
    return load_table("article_claims").sort_values("order", ignore_index=True)


def load_office_changes() -> pd.DataFrame:
    """Offices held by summit participants that changed hands after 27 March 2025, by date."""
    return load_table("office_changes").sort_values("date", kind="stable", ignore_index=True)


def load_occupied_regions() -> pd.DataFrame:
    """Ukrainian regions Russia occupies in whole or in part, with the year and the annexation claim."""
    return load_table("occupied_regions")


def facts_checked() -> str:
    """One line for the top of every lesson: what date the facts describe, and when they were checked.

    The check dates are the `date_accessed` range of sources.csv, so the line changes only when the
    record does.
    """
    accessed = load_sources()["date_accessed"].dropna()
    if accessed.empty:
        return "Facts as of the summit, 27 March 2025, unless a row gives a later date. Check dates are not recorded."
    first, last = (f"{day.day} {day:%B %Y}" for day in (accessed.min(), accessed.max()))
    checked = first if first == last else f"{first} to {last}"
    return (
        "Facts as of the summit, 27 March 2025, unless a row gives a later date "
        f"(later changes of office are in office_changes.csv). Sources last checked: {checked}."
    )


def _version(path: Path) -> file_cache.FileVersion:
    """Part of the cache key, so an edited CSV is read again (see `file_cache`)."""
    try:
        return file_cache.version(path)
    except FileNotFoundError:
        raise DataError([Problem(path, "file not found. Is LESSON_DATA_DIR pointing at a data folder?")]) from None


@cache
def _load_checked(
    name: str, path: Path, version: file_cache.FileVersion, depends_on: tuple[file_cache.FileVersion, ...]
) -> pd.DataFrame:
    """Parse, validate and cross-check one table; cached per version of it and of the tables its
    checks read (sources.csv, and any table it refers to), so an edit to either is checked again."""
    model = TABLES[name]
    rows = checks.parse_rows(path, model)
    problems = checks.duplicate_keys(path, model, rows)
    if name != "sources":
        problems += checks.unknown_sources(path, rows, set(load_sources()["id"]))
    problems += checks.broken_references(name, path, rows, load_table)
    problems += checks.cycles(name, path, rows)
    if problems:
        raise DataError(problems)
    return _to_frame(model, [row for _, row in rows])


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
