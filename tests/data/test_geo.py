"""The shipped map geometry: valid GeoJSON, internationally recognised borders, offline plotly maps.

Crimea is checked point by point in both country files, because a rebuild from a newer Natural
Earth (which draws it Russian) must never ship a map that shows it as Russia.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from locations import REPO
from shapely.geometry import Point, box, shape

from lesson_utils import geo

DATA = REPO / "data"
GEO = DATA / "geo"
NAMES = ("europe", "world", "rivers", "regions")

NEIGHBOURS = ["RUS", "BLR", "POL", "SVK", "HUN", "ROU", "MDA"]
PARTICIPANTS = (
    "FRA GBR UKR DEU ITA POL ESP TUR GRC DNK BEL ISL FIN LTU ROU CZE CYP NLD SWE NOR EST LVA IRL PRT LUX "
    "BGR HRV SVN AUT"
).split()

# (place, lat, lon, the only country it may fall in; None = at sea)
PLACES = [
    ("Simferopol", 44.95, 34.10, "UKR"),
    ("Sevastopol", 44.60, 33.50, "UKR"),
    ("Kerch", 45.36, 36.47, "UKR"),
    ("Kyiv", 50.45, 30.52, "UKR"),
    ("Moscow", 55.75, 37.62, "RUS"),
    ("Sea of Azov", 46.0, 36.5, None),
    # Natural Earth's default view already matches the recognised borders here; keep it that way.
    ("Donetsk", 48.0, 37.8, "UKR"),
    ("Luhansk", 48.57, 39.33, "UKR"),
    ("Melitopol", 46.85, 35.37, "UKR"),
    ("Tiraspol", 46.84, 29.63, "MDA"),
    ("Sukhumi", 43.0, 41.02, "GEO"),
    ("North Nicosia", 35.25, 33.4, "CYP"),
]
KYIV = (50.45, 30.52)
DNIEPER_MOUTH = (46.567, 31.950)
EARTH_KM = 6371.0088


@pytest.fixture(autouse=True)
def repo_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read this checkout's data/, whatever LESSON_DATA_DIR the shell has."""
    monkeypatch.setenv("LESSON_DATA_DIR", str(DATA))


def raw(name: str) -> dict:
    return json.loads((GEO / f"{name}.geojson").read_text(encoding="utf-8"))


def shapes(name: str) -> dict:
    return {f["id"]: shape(f["geometry"]) for f in raw(name)["features"]}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def area_km2(geom) -> float:
    """Area on the sphere via the sinusoidal (equal-area) projection: plenty for a plausibility check."""
    deg = math.pi / 180 * EARTH_KM

    def sinusoidal(xy: np.ndarray) -> np.ndarray:
        return np.column_stack([xy[:, 0] * deg * np.cos(np.radians(xy[:, 1])), xy[:, 1] * deg])

    return shapely.transform(geom, sinusoidal).area


def all_points(coords):
    if isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from all_points(c)


# --- the files -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_file_is_a_valid_feature_collection(name: str) -> None:
    fc = raw(name)
    assert fc["type"] == "FeatureCollection"
    assert fc["features"], f"{name}.geojson has no features"
    kinds = {"LineString", "MultiLineString"} if name == "rivers" else {"Polygon", "MultiPolygon"}
    for f in fc["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] in kinds, f["id"]
        g = shape(f["geometry"])
        assert g.is_valid and not g.is_empty, f"{name}.geojson: {f['id']} has an invalid geometry"


@pytest.mark.parametrize("name", NAMES)
def test_ids_are_unique(name: str) -> None:
    ids = [f["id"] for f in raw(name)["features"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", ["europe", "world"])
def test_country_ids_are_iso3_and_named(name: str) -> None:
    for f in raw(name)["features"]:
        assert len(f["id"]) == 3 and f["id"].isalpha() and f["id"].isupper(), f["id"]
        assert f["properties"]["iso3"] == f["id"]
        assert f["properties"]["name"].strip()
        assert set(f["properties"]) == {"iso3", "name"}


@pytest.mark.parametrize("name", NAMES)
def test_no_coordinate_out_of_range(name: str) -> None:
    for f in raw(name)["features"]:
        for lon, lat in all_points(f["geometry"]["coordinates"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90, (f["id"], lon, lat)
            assert round(lon, 3) == lon and round(lat, 3) == lat, "coordinates are rounded to 3 decimals"


@pytest.mark.parametrize("name", ["europe", "world"])
def test_exterior_rings_follow_rfc7946(name: str) -> None:
    for f in raw(name)["features"]:
        g = shape(f["geometry"])
        for poly in getattr(g, "geoms", [g]):
            assert poly.exterior.is_ccw, f["id"]
            assert not any(hole.is_ccw for hole in poly.interiors), f["id"]


def test_geometry_is_under_one_megabyte() -> None:
    total = sum((GEO / f"{n}.geojson").stat().st_size for n in NAMES)
    assert total < 1_000_000, f"{total} bytes"


def test_europe_has_ukraine_neighbours_and_participants() -> None:
    codes = set(shapes("europe"))
    missing = set(NEIGHBOURS + PARTICIPANTS + ["UKR", "HUN", "SVK", "MLT"]) - codes
    assert not missing


def test_world_has_every_participant_and_the_far_ones() -> None:
    codes = set(shapes("world"))
    missing = set(PARTICIPANTS + ["CAN", "AUS", "USA", "NZL", "JPN"]) - codes  # Malta is too small for 110m
    assert not missing


def test_europe_russia_is_clipped_at_60_east() -> None:
    assert shapes("europe")["RUS"].bounds[2] <= 60.0


# --- internationally recognised borders ------------------------------------------------------


@pytest.mark.parametrize("name", ["europe", "world"])
@pytest.mark.parametrize(("place", "lat", "lon", "country"), PLACES, ids=[p[0] for p in PLACES])
def test_places_fall_in_the_right_country(name: str, place: str, lat: float, lon: float, country: str | None) -> None:
    pt = Point(lon, lat)
    inside = sorted(code for code, g in shapes(name).items() if g.contains(pt))
    assert inside == ([country] if country else []), f"{place} in {name}.geojson"


@pytest.mark.parametrize("name", ["europe", "world"])
def test_crimea_is_ukraine_not_russia(name: str) -> None:
    countries = shapes(name)
    peninsula = box(32.4, 44.3, 36.5, 46.0)  # Perekop to the Kerch peninsula, west of the strait
    assert countries["RUS"].intersection(peninsula).area == 0
    crimea = countries["UKR"].intersection(peninsula)
    assert crimea.area > 2.5, "Ukraine's polygon must include the whole Crimean peninsula"


def test_ukraine_area_is_plausible() -> None:
    countries = shapes("europe")
    ukr = area_km2(countries["UKR"])
    assert 540_000 < ukr < 665_000, ukr  # 603,628 km², Crimea included
    assert area_km2(countries["RUS"]) > ukr
    for code in NEIGHBOURS[1:] + ["FRA", "DEU", "ESP"]:
        assert area_km2(countries[code]) < ukr, code
    assert area_km2(shapes("world")["UKR"]) == pytest.approx(ukr, rel=0.03)


# --- rivers ----------------------------------------------------------------------------------


def river_points(river_id: str) -> list[tuple[float, float]]:
    f = next(f for f in raw("rivers")["features"] if f["id"] == river_id)
    return [(lat, lon) for lon, lat in all_points(f["geometry"]["coordinates"])]


def test_dnieper_flows_past_kyiv_to_its_mouth() -> None:
    rivers = {f["id"]: f for f in raw("rivers")["features"]}
    assert rivers["dnieper"]["properties"]["name"] == "Dnieper"
    line = shape(rivers["dnieper"]["geometry"])
    assert line.distance(Point(KYIV[1], KYIV[0])) < 0.3
    # Natural Earth 50m ends the river at Kherson, where the estuary (drawn as sea) begins: ~47 km.
    nearest = min(km(*DNIEPER_MOUTH, lat, lon) for lat, lon in river_points("dnieper"))
    assert nearest < 0.5 * math.pi / 180 * EARTH_KM  # half a degree of arc, ~56 km
    last = river_points("dnieper")[-1]
    assert km(*DNIEPER_MOUTH, *last) == pytest.approx(nearest), "the line is drawn downstream"


def test_dniester_is_there_too() -> None:
    pts = river_points("dniester")
    assert min(km(46.83, 29.48, lat, lon) for lat, lon in pts) < 30  # Bender
    assert pts[-1][0] < 46.3  # ends at its estuary


# --- the runtime loader ----------------------------------------------------------------------


def test_loader_reads_the_shipped_files() -> None:
    for name in NAMES:
        assert geo.load_geometry(name) is geo.load_geometry(name)  # cached
    codes = geo.country_codes("europe")
    assert codes == sorted(codes) and "UKR" in codes
    assert geo.country_names("europe")["UKR"] == "Ukraine"
    assert geo.country_names("world")["RUS"] == "Russia"
    assert geo.feature("europe", "ukr")["properties"]["name"] == "Ukraine"
    assert geo.feature("rivers", "dnieper")["properties"]["name"] == "Dnieper"


def test_unknown_country_raises_a_helpful_key_error() -> None:
    with pytest.raises(KeyError, match=r"No country 'XYZ' in europe\.geojson; known codes: .*UKR"):
        geo.feature("europe", "XYZ")


def test_unknown_geometry_name_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="europe, world, rivers"):
        geo.load_geometry("mars")
    with pytest.raises(ValueError, match="no countries"):
        geo.country_codes("rivers")


def test_missing_or_malformed_file_raises_data_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lesson_utils.data import DataError

    monkeypatch.setenv("LESSON_DATA_DIR", str(tmp_path))
    with pytest.raises(DataError, match=r"europe\.geojson.*not found"):
        geo.load_geometry("europe")
    (tmp_path / "geo").mkdir()
    path = tmp_path / "geo" / "europe.geojson"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match=r"europe\.geojson.*not valid JSON"):
        geo.load_geometry("europe")
    bad = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "UKR",
                "properties": {"iso3": "UKR", "name": "Ukraine"},
                "geometry": {"type": "Point", "coordinates": [30.5, 50.4]},
            },
            {
                "type": "Feature",
                "id": "UKR",
                "properties": {"iso3": "UKR", "name": "Ukraine"},
                "geometry": {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 50]]]},
            },
        ],
    }
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(DataError, match=r"europe\.geojson.*feature 0 \(UKR\): geometry.*used twice"):
        geo.load_geometry("europe")


def test_loader_imports_neither_shapely_nor_plotly() -> None:
    code = (
        "import sys; from lesson_utils.geo import load_geometry; load_geometry('europe'); "
        "print(sorted(m for m in ('shapely', 'plotly') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={"LESSON_DATA_DIR": str(DATA), "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == "[]"


# --- plotly, offline -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["europe", "world"])
def test_plotly_draws_it_without_any_url(name: str) -> None:
    go = pytest.importorskip("plotly.graph_objects")
    locations = ["UKR", *NEIGHBOURS] + (["CAN", "AUS", "USA"] if name == "world" else ["MLT"])
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geo.load_geometry(name),
            locations=locations,
            z=[2] + [1] * (len(locations) - 1),
            featureidkey="properties.iso3",
            text=[geo.country_names(name)[c] for c in locations],
        )
    )
    fig.update_layout(map_style="white-bg", map_center={"lat": 49, "lon": 31}, map_zoom=3)
    as_json = fig.to_json()
    assert "http" not in as_json, "the figure must not refer to a CDN or tile server"
    assert json.loads(as_json)["data"][0]["geojson"]["features"]
