"""Offline map geometry for the lessons: countries, rivers and occupied regions as GeoJSON dicts.

The maps must work without a network, so the lessons never ask plotly for its CDN topojson:
they pass these dicts as `geojson=` instead, e.g.
`go.Choroplethmap(geojson=load_geometry("europe"), locations=["UKR"], featureidkey="properties.iso3")`.
The files show internationally recognised borders (Crimea is part of Ukraine, UN General
Assembly resolution 68/262); data/geo/README.md says where they come from and how they were
changed. Only the standard library is used here: importing this module costs nothing.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from lesson_utils import file_cache
from lesson_utils.table_checks import DataError, Problem
from lesson_utils.tables import data_dir, load_rows
from lesson_utils.workarounds import paused_collector

GEOMETRIES = ("europe", "world", "rivers", "regions")
"""The files in data/geo/: `<name>.geojson`. `regions` holds the Ukrainian regions Russia occupies in
whole or in part, drawn inside Ukraine's recognised outline (ids such as "crimea", "donetsk")."""

COUNTRY_GEOMETRIES = ("europe", "world")
"""The files whose features are countries, with `id` = `properties.iso3` (ISO 3166-1 alpha-3)."""


def geometry_path(name: str) -> Path:
    """Where `<name>.geojson` lives: `data_dir()/geo/`, so LESSON_DATA_DIR is honoured."""
    if name not in GEOMETRIES:
        raise ValueError(f"Unknown geometry {name!r}; choose one of {', '.join(GEOMETRIES)}")
    return data_dir() / "geo" / f"{name}.geojson"


def load_geometry(name: str) -> dict[str, Any]:
    """The checked GeoJSON FeatureCollection `name` ("europe", "world", "rivers" or "regions").

    Cached until the file changes; the same dict is returned each time, so treat it as
    read-only (copy it before changing it). A missing or malformed file raises DataError.
    """
    path = geometry_path(name)
    try:
        version = file_cache.version(path)
    except FileNotFoundError:
        raise _error(path, "file not found. Is LESSON_DATA_DIR pointing at a data folder?") from None
    return _load_checked(name, path, version)


def country_codes(name: str) -> list[str]:
    """ISO 3166-1 alpha-3 codes of the countries in `name`, sorted (what `locations=` accepts)."""
    return [f["id"] for f in _countries(name)]


def country_names(name: str, language: str = "en") -> dict[str, str]:
    """iso3 -> the country's name in `language` ("en", "uk", "fr"), for lists, hover labels and legends.

    English is the geometry's own; the others come from `country_names.csv` (Unicode CLDR), and a
    country missing there keeps its English name."""
    english = {f["id"]: f["properties"]["name"] for f in _countries(name)}
    if language == "en":
        return english
    translated = cldr_names(language)
    return {code: translated.get(code, english_name) for code, english_name in english.items()}


def country_name(iso3: str, english: str, language: str) -> str:
    """One country's name in `language` (Unicode CLDR), `english` where CLDR has none or for English."""
    return english if language == "en" else cldr_names(language).get(iso3, english)


def cldr_names(language: str, by: str = "iso3") -> dict[str, str]:
    """Name in `language` for every country in `country_names.csv` (Unicode CLDR), keyed by its iso3
    code, or by its English name (`by="name_en"`)."""
    return {getattr(row, by): getattr(row, f"name_{language}") for row in load_rows("country_names")}


def feature(name: str, code: str) -> dict[str, Any]:
    """One Feature by its id: an ISO alpha-3 code for countries (case-insensitive), or a river or
    region id such as "dnieper" or "donetsk". Raises KeyError listing the known ids when there is no such feature."""
    collection = load_geometry(name)
    key = code.upper() if name in COUNTRY_GEOMETRIES else code.lower()
    for f in collection["features"]:
        if f["id"] == key:
            return f
    known = ", ".join(f["id"] for f in collection["features"])
    what = "country" if name in COUNTRY_GEOMETRIES else "feature"
    raise KeyError(f"No {what} {code!r} in {name}.geojson; known {'codes' if what == 'country' else 'ids'}: {known}")


def polygons(feature: dict[str, Any]) -> list[list[list[list[float]]]]:
    """A country's polygons as one list, whether its geometry is a Polygon or a MultiPolygon."""
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _countries(name: str) -> list[dict[str, Any]]:
    if name not in COUNTRY_GEOMETRIES:
        raise ValueError(f"{name}.geojson has no countries; use one of {', '.join(COUNTRY_GEOMETRIES)}")
    return load_geometry(name)["features"]


@cache
@paused_collector()
def _load_checked(name: str, path: Path, version: file_cache.FileVersion) -> dict[str, Any]:
    """Parse and check one file; `version` is in the key so an edited file is re-read."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _error(path, f"not valid JSON ({exc})") from None
    problems = _problems(name, collection)
    if problems:
        raise _error(path, "; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
    return collection


_POLYGONS = {"Polygon", "MultiPolygon"}
_GEOMETRY_TYPES = {
    "europe": _POLYGONS,
    "world": _POLYGONS,
    "regions": _POLYGONS,
    "rivers": {"LineString", "MultiLineString"},
}


def _problems(name: str, collection: Any) -> list[str]:
    """What is wrong with a parsed file, in words a maintainer can act on; empty if nothing."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return ["not a GeoJSON FeatureCollection"]
    features = collection.get("features")
    if not isinstance(features, list) or not features:
        return ["'features' is missing or empty"]
    kinds = _GEOMETRY_TYPES[name]
    problems: list[str] = []
    seen: set[str] = set()
    for i, f in enumerate(features):
        fid = f.get("id") if isinstance(f, dict) else None
        where = f"feature {i} ({fid})" if fid else f"feature {i}"
        if not isinstance(f, dict) or f.get("type") != "Feature":
            problems.append(f"{where} is not a Feature")
            continue
        if not isinstance(fid, str) or not fid:
            problems.append(f"{where} has no string 'id'")
        elif fid in seen:
            problems.append(f"{where}: id {fid!r} is used twice")
        else:
            seen.add(fid)
        props = f.get("properties")
        if not isinstance(props, dict) or not isinstance(props.get("name"), str):
            problems.append(f"{where} has no properties.name")
        elif name in COUNTRY_GEOMETRIES and props.get("iso3") != fid:
            problems.append(f"{where}: properties.iso3 {props.get('iso3')!r} differs from id")
        geom = f.get("geometry")
        if not isinstance(geom, dict) or geom.get("type") not in kinds:
            problems.append(f"{where}: geometry must be one of {sorted(kinds)}")
        elif not isinstance(geom.get("coordinates"), list) or not geom["coordinates"]:
            problems.append(f"{where}: geometry has no coordinates")
    return problems


def _error(path: Path, message: str) -> Exception:
    return DataError([Problem(path, message)])
