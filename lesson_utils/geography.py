"""Geography of Ukraine in numbers: border lengths, shares and great-circle distances.

Plain functions, so exercises and tests can call them; the charts drawn from them are in
`lesson_utils.figures.geography_charts`.
"""

from __future__ import annotations

import math

import pandas as pd

EARTH_RADIUS_KM = 6371.0
"""Mean radius of the Earth: the usual sphere for great-circle distances (error under 0.5 %)."""


def border_lengths(neighbours: pd.DataFrame) -> pd.DataFrame:
    """Land neighbours, longest border first, with each border's share of the total in percent."""
    land = neighbours[neighbours["kind"] == "country"].sort_values("border_km", ascending=False, ignore_index=True)
    land = land[["name", "iso3", "border_km", "direction"]].copy()
    land["share_percent"] = 100 * land["border_km"] / land["border_km"].sum()
    return land


def total_land_border_km(neighbours: pd.DataFrame) -> float:
    """Sum of the land borders in the table: Ukraine's total land boundary."""
    return float(neighbours.loc[neighbours["kind"] == "country", "border_km"].sum())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle ("as the crow flies") distance in km between two points, by the haversine formula."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def city_distance_km(cities: pd.DataFrame, a: str, b: str) -> float:
    """Great-circle distance between two cities of the table, by name; cities without coordinates raise."""
    rows = cities.set_index("name")
    for name in (a, b):
        if name not in rows.index:
            raise KeyError(f"No city {name!r} in cities.csv; known: {', '.join(rows.index)}")
        if pd.isna(rows.at[name, "lat"]) or pd.isna(rows.at[name, "lon"]):
            raise ValueError(f"cities.csv gives no coordinates for {name}, so no distance can be computed")
    return distance_km(rows.at[a, "lat"], rows.at[a, "lon"], rows.at[b, "lat"], rows.at[b, "lon"])


def climate_characterisation(claims: pd.DataFrame) -> str:
    """The sourced one-sentence climate summary: the first sentence of the climate claim's correction."""
    row = claims[claims["topic"] == "climate"]
    if row.empty:
        raise ValueError("article_claims.csv has no claim with topic 'climate'")
    return row.iloc[0]["correction"].split(". ")[0].rstrip(".") + "."
