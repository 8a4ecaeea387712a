"""Load the lesson tables from `data/` as validated pandas DataFrames.

Every load checks each row against its model in `schemas.py`, the table's unique key, the
references between tables and that every `source_id` resolves in `sources.csv`. Any problem
raises `DataError` naming the file, the line and the column, so a teacher who edits a CSV
learns exactly what to fix (the checks are in `checks.py`). A table is checked once per exact
content of the data files and the checking code (`tablecache.py`): an unchanged table is read back
as the DataFrame its check produced, any change is checked afresh.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from lesson_utils import tablecache

ENV_VAR = "LESSON_DATA_DIR"


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


def data_dir() -> Path:
    """The data folder: `$LESSON_DATA_DIR`, else the repository's `data/`, else the packaged copy."""
    if override := os.environ.get(ENV_VAR):
        return Path(override)
    here = Path(__file__).resolve().parent
    repo_data = here.parent / "data"
    return repo_data if repo_data.is_dir() else here / "_data"


def table_path(name: str) -> Path:
    """Where table `name` lives; raises DataError for a name that is not a table."""
    from lesson_utils.schemas import TABLES  # here, not at the top: a cached load needs no pydantic

    if name not in TABLES:
        known = ", ".join(sorted(TABLES))
        raise DataError([Problem(Path(f"{name}.csv"), f"'{name}' is not a table. Known tables: {known}.")])
    return data_dir() / f"{name}.csv"


def load_table(name: str) -> pd.DataFrame:
    """Table `name` as a DataFrame with typed columns (dates, numbers, categories).

    Returns a copy, so a student's changes never leak into the next lesson cell.
    """
    folder = data_dir()
    return _load_checked(name, folder, tablecache.fingerprint(folder)).copy()


def validate_all() -> list[Problem]:
    """Every problem in every table (not just the first), for `lesson-utils validate`."""
    from lesson_utils.schemas import TABLES

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


@cache
def _load_checked(name: str, folder: Path, fingerprint: str) -> pd.DataFrame:
    """The checked table: from the cache when these exact files were checked before, else checked now."""
    frame = tablecache.read(fingerprint, name)
    if frame is None:
        from lesson_utils.checks import check_table

        frame = check_table(name)
        tablecache.write(fingerprint, name, frame)
    return frame


def split_ids(value: str | None) -> list[str]:
    """The ids in a `;`-separated source_id cell."""
    return [part.strip() for part in value.split(";") if part.strip()] if value else []
