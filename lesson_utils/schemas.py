"""One pydantic row model per data table: the only place columns are declared.

Each model validates one CSV row. `KEY` names the column whose values must be unique,
so a row can be referred to (by a quiz, a figure or another table) without ambiguity.
`data.py` turns the annotations into pandas dtypes, so a column's type lives here only.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
ISO3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
SourceIds = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*(;[a-z0-9][a-z0-9_-]*)*$")]
"""One source id, or several separated by ';' (each must resolve in sources.csv)."""


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD: pydantic would otherwise read '0' or '1700000000' as a Unix time."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("a date is written YYYY-MM-DD, e.g. 2025-03-27")
    return value


ISODate = Annotated[dt.date, BeforeValidator(_iso_date)]
"""A date as the tables write it: ISO YYYY-MM-DD."""
Int64 = Annotated[int, Field(lt=2**63)]
"""A whole number that fits pandas' int64 column (a bigger one would wrap round to a negative)."""

Level = Literal["head_of_state_or_government", "vice_president", "minister", "ambassador", "head_of_organisation"]
Verdict = Literal["supported", "partly", "unsupported", "wrong"]


class Row(BaseModel):
    """Base for every table row: unknown columns and blank required cells are errors.

    `defer_build`: a model's validator is built when its table is first loaded, not at import,
    so a quiz, which only loads sources.csv, does not build the others.
    """

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True, allow_inf_nan=False
    )
    KEY: ClassVar[str | None] = None


class Sourced(Row):
    source_id: SourceIds


class Source(Row):
    KEY = "id"
    id: Slug
    title: Text
    publisher: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    date_published: ISODate | None = None
    date_accessed: ISODate | None = None
    note: str | None = None


class SummitFact(Sourced):
    """A key fact of the summit; `value` is what a lesson prints, `number`/`date` what it computes with."""

    KEY = "fact"
    fact: Slug
    value: Text
    number: float | None = None
    unit: str | None = None
    date: ISODate | None = None
    note: str | None = None


class Participant(Sourced):
    KEY = "id"
    id: Slug
    name: Text
    kind: Literal["country", "organisation"]
    iso3: ISO3 | None = None
    attended: bool
    role: Literal["host", "co-host", "participant", "absent"]
    leader: str | None = None
    title: str | None = None
    level: Level | None = None
    eu_member: bool
    named_in_article: bool
    leader_inferred: bool
    note: str | None = None


class Statement(Sourced):
    KEY = "id"
    id: Slug
    delegation_id: Slug
    speaker: Text
    date: ISODate
    text: Text
    kind: Literal["quote", "paraphrase"]
    topic: Slug
    note: str | None = None


class GuaranteeItem(Sourced):
    """A node of the security-guarantee hierarchy: root → pillar → component."""

    KEY = "id"
    id: Slug
    parent_id: Slug | None = None
    level: Literal["plan", "pillar", "component"]
    name: Text
    description: Text
    proposed_by: Text
    note: str | None = None


class TimelineEvent(Sourced):
    KEY = "id"
    id: Slug
    date: ISODate
    date_end: ISODate | None = None
    precision: Literal["day", "month", "year"]
    label: Text
    event: Text
    category: Literal["crimea_2014", "war", "diplomacy", "coalition", "us_track", "eu_defence", "symbol"]
    note: str | None = None


class Neighbour(Sourced):
    KEY = "name"
    name: Text
    kind: Literal["country", "sea"]
    iso3: ISO3 | None = None
    border_km: Annotated[float, Field(gt=0)] | None = None
    direction: Text
    note: str | None = None


class CountryName(Sourced):
    """A country of the shipped maps named in each lesson language (Unicode CLDR; scripts/country_names.py)."""

    KEY = "iso3"
    iso3: ISO3
    iso2: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    name_en: Text
    name_uk: Text
    name_fr: Text


class Feature(Sourced):
    KEY = "id"
    id: Slug
    name: Text
    kind: Literal["mountain_range", "peak", "river", "peninsula", "sea", "point"]
    lat: Latitude
    lon: Longitude
    measure: str | None = None
    value: float | None = None
    unit: str | None = None
    note: str | None = None


class City(Sourced):
    KEY = "name"
    name: Text
    lat: Latitude | None = None
    lon: Longitude | None = None
    population: Annotated[Int64, Field(gt=0)]
    population_year: Annotated[int, Field(ge=1900, le=2100)]
    population_basis: Text
    capital: bool
    occupied_since: Annotated[int, Field(ge=1900, le=2100)] | None = None
    coord_source_id: SourceIds | None = None
    note: str | None = None


class ClimateMeasure(Sourced):
    KEY = "id"
    id: Slug
    region: Text
    measure: Text
    low: float
    high: float
    unit: Text
    note: str | None = None

    @model_validator(mode="after")
    def _low_not_above_high(self) -> ClimateMeasure:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) is above high ({self.high:g}); a single figure has low = high")
        return self


class LandCover(Sourced):
    KEY = "id"
    id: Slug
    category: Text
    parent_id: Slug | None = None
    percent: Annotated[float, Field(ge=0, le=100)]
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    computed: bool
    note: str | None = None


class ArticleClaim(Sourced):
    KEY = "id"
    id: Slug
    order: Annotated[Int64, Field(ge=1)]
    topic: Slug
    article_text: Text
    verdict: Verdict
    fact_sheet_verdict: Text
    correction: Text
    note: str | None = None


class OfficeChange(Sourced):
    """A change of office since the summit: who held it on 27 March 2025, and who holds it since."""

    KEY = "id"
    id: Slug
    delegation_id: Slug
    office: Text
    holder_at_summit: Text
    successor: Text
    date: ISODate
    note: str | None = None


class OccupiedRegion(Sourced):
    """A Ukrainian region Russia occupies in whole or in part; `id` names its shape in geo/regions.geojson."""

    KEY = "id"
    id: Slug
    name: Text
    control: Literal["occupied", "partly occupied"]
    occupied_since: Annotated[int, Field(ge=2014, le=2100)]
    annexation_claimed: ISODate
    note: str | None = None


TABLES: dict[str, type[Row]] = {
    "sources": Source,
    "summit": SummitFact,
    "participants": Participant,
    "statements": Statement,
    "guarantee": GuaranteeItem,
    "timeline": TimelineEvent,
    "neighbours": Neighbour,
    "features": Feature,
    "cities": City,
    "climate": ClimateMeasure,
    "land_cover": LandCover,
    "article_claims": ArticleClaim,
    "office_changes": OfficeChange,
    "occupied_regions": OccupiedRegion,
    "country_names": CountryName,
}
"""Table name → row model; the file is `data/<name>.csv`."""

REFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("statements", "delegation_id"): ("participants", "id"),
    ("office_changes", "delegation_id"): ("participants", "id"),
    ("guarantee", "parent_id"): ("guarantee", "id"),
    ("land_cover", "parent_id"): ("land_cover", "id"),
}
"""(table, column) → (table, key column) it must point to; source ids are checked separately."""
