"""Map builders: offline geometry, recognised-borders caption, data-driven labels and descriptions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from lesson_utils import data, geo
from lesson_utils.figures import cartography, delegations, geography_maps, mapping

MAP_TRACES = (go.Choroplethmap, go.Scattermap)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {
        "participants": data.load_participants(),
        "neighbours": data.load_neighbours(),
        "features": data.load_features(),
        "cities": data.load_cities(),
        "occupied": data.load_occupied_regions(),
        "timeline": data.load_timeline(),
    }


@pytest.fixture(scope="module")
def figures(tables) -> dict[str, go.Figure]:
    return {
        "participants": delegations.participants_map(tables["participants"], tables["timeline"]),
        "world": delegations.participants_world_map(tables["participants"], tables["timeline"]),
        "locator": geography_maps.locator_map(tables["neighbours"], tables["features"], tables["timeline"]),
        "physical": geography_maps.physical_map(tables["features"], tables["cities"], tables["timeline"]),
        "occupation": geography_maps.occupation_map(tables["occupied"], tables["timeline"]),
    }


def annotation_text(fig: go.Figure) -> str:
    return "\n".join(a.text.replace("<br>", " ") for a in fig.layout.annotations)


def test_borders_note_is_built_from_the_timeline():
    timeline = data.load_timeline()
    note = mapping.borders_note(timeline)
    crimea = timeline[timeline["category"] == "crimea_2014"]
    assert str(crimea["date"].min().year) in note
    assert any("68/262" in text for text in crimea["event"]) and "68/262" in note
    assert note.startswith("Internationally recognised borders: Crimea is shown as part of Ukraine")


def test_borders_note_needs_the_resolution_in_the_data():
    timeline = data.load_timeline()
    without = timeline.assign(
        event=timeline["event"].str.replace("68/262", "", regex=False),
        note=timeline["note"].str.replace("68/262", "", regex=False),
    )
    with pytest.raises(ValueError, match="resolution"):
        mapping.borders_note(without)


@pytest.mark.parametrize("name", ["participants", "world", "locator", "physical", "occupation"])
def test_every_map_is_offline_titled_and_captioned(figures, name):
    fig = figures[name]
    assert all(isinstance(t, MAP_TRACES) for t in fig.data)
    assert fig.layout.map.style == "white-bg"
    assert fig.layout.title.text
    assert fig.layout.template.layout.font.family  # the shared TEMPLATE
    payload = fig.to_json()
    assert "http" not in payload
    assert len(payload) < 300_000, f"{name}: {len(payload)} bytes"
    assert mapping.borders_note(data.load_timeline()) in annotation_text(fig)
    for trace in fig.data:
        if isinstance(trace, go.Choroplethmap):
            assert trace.featureidkey in ("properties.iso3", "id")  # countries by ISO code, regions by id
            assert {f["id"] for f in trace.geojson["features"]} == set(trace.locations)


def test_ukraine_includes_crimea_on_every_map(figures):
    crimea = (45.3, 34.4)  # inside the peninsula; checked against the polygon, not typed into a map
    for name in ("locator", "physical", "occupation"):
        ukraine = next(t for t in figures[name].data if isinstance(t, go.Choroplethmap) and "UKR" in t.locations)
        shape = ukraine.geojson["features"][0]
        lon, lat = crimea[1], crimea[0]
        edges = [(a, b) for poly in geo.polygons(shape) for ring in poly for a, b in zip(ring, ring[1:])]
        crossings = sum(
            (a[1] > lat) != (b[1] > lat) and lon < a[0] + (lat - a[1]) * (b[0] - a[0]) / (b[1] - a[1]) for a, b in edges
        )
        assert crossings % 2 == 1, f"{name}: Crimea is not inside Ukraine's polygon"


def test_participants_map_colours_by_level_and_marks_absentees(tables, figures):
    fig, participants = figures["participants"], tables["participants"]
    names = [t.name for t in fig.data]
    assert "Head of state or government" in names and "Absent (hatched)" in names
    absent = next(t for t in fig.data if t.name == "Absent (hatched)")
    european_absent = set(participants.loc[participants["role"] == "absent", "iso3"]) - {"USA"}
    assert set(absent.locations) == european_absent
    heads = next(t for t in fig.data if t.name == "Head of state or government")
    expected = participants.loc[
        (participants["level"] == "head_of_state_or_government") & participants["iso3"].notna(), "iso3"
    ]
    assert set(heads.locations) == set(expected)
    side = annotation_text(fig)
    for org in participants.loc[participants["kind"] == "organisation", "name"]:
        assert org in side
    for name in ("Canada", "Australia", "United States"):
        assert name in side


def test_describe_participants_map_counts_and_names(tables):
    participants = tables["participants"]
    text = delegations.describe_participants_map(participants, tables["timeline"])
    heads = (participants["level"] == "head_of_state_or_government") & (participants["kind"] == "country")
    assert f"head of state or government ({heads.sum()})" in text
    for name in participants.loc[participants["role"] == "absent", "name"]:
        assert name in text
    assert "NATO" in text and mapping.borders_note(data.load_timeline()) in text


def test_locator_map_labels_every_neighbour_with_its_border(tables, figures):
    fig, neighbours = figures["locator"], tables["neighbours"]
    land = neighbours[neighbours["kind"] == "country"]
    assert fig.layout.title.text == f"Ukraine, its {len(land)} land neighbours and its seas"
    labels = annotation_text(fig)
    for row in land.itertuples():
        assert f"<b>{row.name}</b> {row.border_km:,.0f} km" in labels
    highlighted = next(t for t in fig.data if t.name == "Ukraine")
    assert list(highlighted.locations) == ["UKR"]
    neighbours_trace = next(t for t in fig.data if t.name == "Land neighbour of Ukraine")
    assert set(neighbours_trace.locations) == set(land["iso3"])


def test_locator_map_labels_seas_only_where_the_data_locate_them(tables):
    neighbours, features = tables["neighbours"], tables["features"]
    seas = features.iloc[:1].assign(id="black-sea", name="Black Sea", kind="sea", lat=43.5, lon=34.0)
    fig = geography_maps.locator_map(neighbours, pd.concat([features, seas], ignore_index=True), tables["timeline"])
    assert "<i>Black Sea</i>" in annotation_text(fig)
    assert "Sea of Azov (SE)" in annotation_text(fig)  # still unlocated: named in the caption instead
    text = geography_maps.describe_locator_map(neighbours, features, tables["timeline"])
    assert "Black Sea" in text and "Sea of Azov" in text and "Russia to the NE, E, 1,944 km" in text


def test_physical_map_draws_the_dnieper_and_sizes_cities(tables, figures):
    fig, cities = figures["physical"], tables["cities"]
    river = next(t for t in fig.data if t.name and t.name.startswith("River"))
    assert river.mode == "lines" and len(river.lon) > 50
    city_trace = next(t for t in fig.data if t.name and t.name.startswith("City"))
    mapped = cities.dropna(subset=["lat", "lon"]).sort_values("population", ascending=False)
    assert list(city_trace.lat) == list(mapped["lat"])
    sizes = list(city_trace.marker.size)
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == geography_maps.MAX_MARKER_PX
    assert str(mapped["population_year"].iloc[0]) in city_trace.name
    labels = annotation_text(fig)
    for name in ("Hoverla", "Carpathians", "Crimean Peninsula", "Dnieper"):
        assert name in labels
    for name in cities.loc[cities["lat"].isna(), "name"]:
        assert name in labels  # listed as not mapped


def test_describe_physical_map_lists_unmapped_cities(tables):
    text = geography_maps.describe_physical_map(tables["features"], tables["cities"], tables["timeline"])
    cities = tables["cities"]
    for row in cities.itertuples():
        assert row.name in text and f"{row.population:,}" in text
    assert "Not mapped" in text and "2,061" in text


def test_view_projects_its_centre_to_the_middle():
    view = geography_maps.UKRAINE_VIEW
    assert view.paper(view.lat, view.lon) == pytest.approx((0.5, 0.5))
    lon0, lat0, lon1, lat1 = view.bounds(pad=0)
    assert view.paper(lat0, lon0) == pytest.approx((0.0, 0.0), abs=1e-6)
    assert view.paper(lat1, lon1) == pytest.approx((1.0, 1.0), abs=1e-6)


def test_pixels_agree_with_paper_coordinates():
    """The quiz map's SVG (pixels, y down) and the lesson maps' annotations (paper, y up) place a
    point at the same spot of the plot area."""
    view = geography_maps.UKRAINE_VIEW
    left, right, top, bottom = view.margin
    points = [(view.lat, view.lon), (45.0, 33.5), (52.1, 23.6)]
    pixels = view.pixels(np.array([[lon, lat] for lat, lon in points]))
    for (lat, lon), (x, y) in zip(points, pixels, strict=True):
        px, py = view.paper(lat, lon)
        assert x == pytest.approx(left + px * (view.width - left - right))
        assert y == pytest.approx(top + (1 - py) * (view.height - top - bottom))


def test_clip_keeps_only_the_inside():
    square = {
        "type": "Feature",
        "id": "X",
        "properties": {"iso3": "X", "name": "X"},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]},
    }
    clipped = cartography.clip(square, (5, -1, 20, 20))
    xs = [p[0] for p in clipped["geometry"]["coordinates"][0][0]]
    assert min(xs) == 5 and max(xs) == 10
    assert cartography.clip(square, (20, 20, 30, 30)) is None


def test_occupation_map_draws_every_region_and_hatches_the_partly_occupied(tables, figures):
    fig = figures["occupation"]
    drawn = {loc for t in fig.data if isinstance(t, go.Choroplethmap) and t.featureidkey == "id" for loc in t.locations}
    assert drawn == set(tables["occupied"]["id"])
    partly = next(t for t in fig.data if t.name.startswith("Partly occupied"))
    assert "30 September 2022" in partly.name and partly.showlegend
    assert any(t.name == "partly occupied hatching" and len(t.lon) > 10 for t in fig.data)
    caption = annotation_text(fig)
    assert "ES-11/4" in caption and "front line is not drawn" in caption


def test_describe_occupation_map_dates_the_share_and_names_the_resolution(tables):
    text = geography_maps.describe_occupation_map(tables["occupied"], tables["timeline"])
    assert "Mid-August 2025" in text and "19%" in text and "ES-11/4" in text
    for name in tables["occupied"]["name"]:
        assert name in text
