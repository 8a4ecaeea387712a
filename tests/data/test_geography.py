"""Geography computations and charts: values from the tables, units on the axes, offline figures."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from lesson_utils import data, geography
from lesson_utils.figures import geography_charts


@pytest.fixture(scope="module")
def neighbours():
    return data.load_neighbours()


def test_border_lengths_are_sorted_with_shares(neighbours):
    borders = geography.border_lengths(neighbours)
    assert list(borders["border_km"]) == sorted(borders["border_km"], reverse=True)
    assert set(borders["name"]) == set(neighbours.loc[neighbours["kind"] == "country", "name"])
    assert borders["share_percent"].sum() == pytest.approx(100)


def test_total_land_border_is_the_sum_of_the_rows(neighbours):
    expected = neighbours.loc[neighbours["kind"] == "country", "border_km"].sum()
    assert geography.total_land_border_km(neighbours) == expected


def test_distance_km_haversine():
    assert geography.distance_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.01)  # one degree on the equator
    assert geography.distance_km(50, 30, 50, 30) == 0
    assert geography.distance_km(0, 0, 0, 180) == pytest.approx(geography.EARTH_RADIUS_KM * 3.14159265, rel=1e-6)


def test_city_distance_uses_the_table_and_refuses_missing_coordinates():
    cities = data.load_cities()
    kyiv, lviv = cities.set_index("name").loc["Kyiv"], cities.set_index("name").loc["Lviv"]
    assert geography.city_distance_km(cities, "Kyiv", "Lviv") == geography.distance_km(
        kyiv.lat, kyiv.lon, lviv.lat, lviv.lon
    )
    unmapped = cities.loc[cities["lat"].isna(), "name"]
    if not unmapped.empty:
        with pytest.raises(ValueError, match="no coordinates"):
            geography.city_distance_km(cities, "Kyiv", unmapped.iloc[0])
    with pytest.raises(KeyError):
        geography.city_distance_km(cities, "Kyiv", "Atlantis")


def test_climate_characterisation_comes_from_the_claims_table():
    text = geography.climate_characterisation(data.load_article_claims())
    assert "temperate continental" in text and "Mediterranean" in text


def test_border_chart(neighbours):
    fig = geography_charts.border_chart(neighbours)
    bar = fig.data[0]
    assert isinstance(bar, go.Bar) and bar.orientation == "h"
    assert list(bar.x) == sorted(bar.x)  # longest at the top of a horizontal chart
    total = geography.total_land_border_km(neighbours)
    assert f"{total:,.0f} km" in fig.layout.title.text
    assert "(km)" in fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert "http" not in fig.to_json()
    text = geography_charts.describe_border_chart(neighbours)
    assert f"{total:,.0f} km" in text and "Russia 1,944 km" in text


def test_climate_chart():
    climate = data.load_climate()
    fig = geography_charts.climate_chart(climate)
    assert all(isinstance(t, go.Scatter) for t in fig.data)
    regions = {y for t in fig.data for y in t.y}
    assert regions == set(climate["region"])
    titles = [fig.layout[k].title.text for k in fig.layout if k.startswith("xaxis")]
    for unit in climate["unit"].unique():
        assert any(f"({unit})" in t for t in titles)
    assert fig.layout.title.text and "http" not in fig.to_json()
    text = geography_charts.describe_climate_chart(climate)
    for row in climate.itertuples():
        assert row.region in text
    assert "over 1500" in text and "under 300" in text  # bounds read from the notes


def test_land_cover_chart_separates_computed_shares():
    land = data.load_land_cover()
    fig = geography_charts.land_cover_chart(land)
    computed = next(t for t in fig.data if t.name == "Computed share")
    assert list(computed.x) == list(land.loc[land["computed"], "percent"])
    assert all("computed" in t for t in computed.text)
    sourced = [t for t in fig.data if t.name != "Computed share"]
    children = land[~land["computed"] & land["parent_id"].notna()]
    assert sum(t.x[0] for t in sourced) == pytest.approx(
        land.loc[~land["computed"] & land["parent_id"].isna(), "percent"].sum()
    )
    assert (
        len(sourced)
        == len(children) + (land["parent_id"].isna() & ~land["computed"]).sum() - children["parent_id"].nunique()
    )
    assert "(%)" in fig.layout.xaxis.title.text and "computed" in fig.layout.xaxis2.title.text
    assert "http" not in fig.to_json()
    text = geography_charts.describe_land_cover_chart(land)
    assert "16.8%" in text and "computed" in text and "2011" in text
