"""The lesson tables from `data/` as pandas DataFrames with typed columns.

The rows come checked from `tables.py` (schemas, keys, references, sources; a problem raises
`DataError` naming the file, the line and the column); this module gives each column the dtype its
annotation implies. Frames are built once per version of their rows.
"""

from __future__ import annotations

import datetime as dt
import types
import typing

import pandas as pd

from lesson_utils.schemas import TABLES, Row
from lesson_utils.sources import split_ids
from lesson_utils.table_checks import DataError as DataError  # re-exported: where lessons and tools look
from lesson_utils.table_checks import Problem
from lesson_utils.tables import ENV_VAR as ENV_VAR
from lesson_utils.tables import data_dir as data_dir
from lesson_utils.tables import load_rows, table_path

_frames: dict[str, tuple[tuple[Row, ...], pd.DataFrame]] = {}


def load_table(name: str) -> pd.DataFrame:
    """Table `name` as a DataFrame with typed columns (dates, numbers, categories).

    Returns a copy, so a student's changes never leak into the next lesson cell. The copy knows its
    table (`attrs["table"]`, kept by pandas through selections), so a lesson in another language can
    show its names translated (`display.table_html`).
    """
    rows = load_rows(name)
    built = _frames.get(name)
    if built is None or built[0] is not rows:  # a new tuple means the file (or one it checks against) changed
        built = _frames[name] = (rows, _to_frame(TABLES[name], rows))
    frame = built[1].copy()
    frame.attrs["table"] = name
    return frame


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


def load_country_names() -> pd.DataFrame:
    """Every country of the shipped maps named in English, Ukrainian and French (Unicode CLDR)."""
    return load_table("country_names")


def load_occupied_regions() -> pd.DataFrame:
    """Ukrainian regions Russia occupies in whole or in part, with the year and the annexation claim."""
    return load_table("occupied_regions")


def facts_checked() -> str:
    """One line for the top of every lesson: what date the facts describe, and when they were checked.

    The check dates are the `date_accessed` range of sources.csv, so the line changes only when the
    record does.
    """
    from lesson_utils.i18n import SOURCE, _, current, format_day

    accessed = load_sources()["date_accessed"].dropna()
    if accessed.empty:
        return _(
            "Facts as of the summit, 27 March 2025, unless a row gives a later date. Check dates are not recorded."
        )
    first, last = (format_day(day) for day in (accessed.min(), accessed.max()))
    checked = first if first == last else _("{first} to {last}").format(first=first, last=last)
    line = _(
        "Facts as of the summit, 27 March 2025, unless a row gives a later date (later changes of office are in "
        "office_changes.csv). Sources last checked: {checked}."
    ).format(checked=checked)
    if current() != SOURCE:  # said where it applies: in every lesson that is not English
        line += " " + _(
            "The tables show names, places, roles and events translated; their notes, the corrections and the "
            "article stay in English, as recorded."
        )
    return line


def _to_frame(model: type[Row], rows: tuple[Row, ...]) -> pd.DataFrame:
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
