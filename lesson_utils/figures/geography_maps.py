"""Lesson 03's maps: Ukraine among its neighbours, its physical geography, and the occupied regions.

DataFrame in, figure out: each map takes every table it uses (the timeline for its borders caption).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from lesson_utils import geo, i18n
from lesson_utils.figures.cartography import View, collection, countries_in_view, label_point
from lesson_utils.figures.mapping import (
    CITY_COLOUR,
    LAND_COLOUR,
    MAP_WIDTH,
    SEA_COLOUR,
    UKRAINE,
    borders_note,
    caption,
    fill,
    finish,
    hatching,
    label,
)  # fmt: skip
from lesson_utils.figures.palette import NEUTRAL, OKABE_ITO, PALETTE
from lesson_utils.figures.words import alphabetical, join, number, translated
from lesson_utils.i18n import N_, _, ngettext
from lesson_utils.workarounds import paused_collector

UKRAINE_VIEW = View.fit((19.5, 43.2, 42.5, 53.8), width=MAP_WIDTH, height=620, margin=(10, 10, 70, 80))


@paused_collector()
def locator_map(neighbours: pd.DataFrame, features: pd.DataFrame, timeline: pd.DataFrame) -> go.Figure:
    """Ukraine, its land neighbours labelled with their border length, and its seas.

    Sea labels sit at the coordinates in features.csv (`kind == "sea"`); seas the table does not
    locate are named in the description only.
    """
    unlocated_seas = _unlocated_seas(neighbours, features)
    neighbours, features = translated(neighbours, "neighbours"), translated(features, "features")
    shapes = countries_in_view(UKRAINE_VIEW, "europe")
    land = neighbours[neighbours["kind"] == "country"]
    codes = [c for c in land["iso3"] if c in shapes]
    fig = go.Figure(
        [
            fill([f for c, f in shapes.items() if c not in codes and c != UKRAINE], NEUTRAL, _("Other countries")),
            fill(
                [shapes[c] for c in codes],
                PALETTE[6],
                _("Land neighbour of Ukraine"),
                hover=_("neighbour"),
                line="#444444",
            ),
            fill([shapes[UKRAINE]], PALETTE[0], ukraine(), line="#222222", width=1.5),
        ]
    )
    labels = [
        label(
            UKRAINE_VIEW,
            *label_point(UKRAINE_VIEW, shapes[UKRAINE]),
            ukraine().upper(),
            size=18,
            colour="white",
            bold=True,
            background=False,
        )
    ]
    km = _("km")
    for row in land[land["iso3"].isin(codes)].itertuples():
        labels.append(
            label(
                UKRAINE_VIEW,
                *label_point(UKRAINE_VIEW, shapes[row.iso3]),
                f"<b>{row.name}</b><br>{number(row.border_km)} {km}",
                size=13,
            )
        )
    for sea in features[features["kind"] == "sea"].itertuples():
        labels.append(
            label(UKRAINE_VIEW, sea.lat, sea.lon, sea.name, size=15, colour=SEA_COLOUR, italic=True, background=False)
        )
    title = ngettext(
        "Ukraine, its {n} land neighbour and its seas", "Ukraine, its {n} land neighbours and its seas", len(codes)
    ).format(n=len(codes))
    extra = _("Neighbour labels give the length of the land border with Ukraine (km).")
    unlocated = [f"{r.name} ({r.direction})" for r in neighbours[unlocated_seas].itertuples()]
    if unlocated:
        extra += " " + _("Seas not labelled, as the data give no coordinates for them: {seas}.").format(
            seas=join(unlocated)
        )
    return finish(fig, UKRAINE_VIEW, title, labels + [caption(UKRAINE_VIEW, timeline, extra)])


def _unlocated_seas(neighbours: pd.DataFrame, features: pd.DataFrame) -> pd.Series:
    """The neighbours table's seas that features.csv gives no coordinates for (matched by English name)."""
    located = set(features.loc[features["kind"] == "sea", "name"])
    return (neighbours["kind"] == "sea") & ~neighbours["name"].isin(located)


def describe_locator_map(neighbours: pd.DataFrame, features: pd.DataFrame, timeline: pd.DataFrame) -> str:
    """Text alternative: each neighbour with direction and border length, and the seas."""
    unlocated_seas = _unlocated_seas(neighbours, features)
    neighbours, features = translated(neighbours, "neighbours"), translated(features, "features")
    land = neighbours[neighbours["kind"] == "country"].sort_values("border_km", ascending=False)
    seas = neighbours[neighbours["kind"] == "sea"]
    located = set(features.loc[features["kind"] == "sea", "name"])
    unlocated = list(neighbours.loc[unlocated_seas, "name"])
    borders = [
        _("{name} to the {direction}, {km} km").format(name=r.name, direction=r.direction, km=number(r.border_km))
        for r in land.itertuples()
    ]
    text = ngettext(
        "Map of Ukraine (dark blue) and its {n} land neighbour (yellow), labelled with the length of its land "
        "border: {borders}.",
        "Map of Ukraine (dark blue) and its {n} land neighbours (yellow), each labelled with the length of its "
        "land border: {borders}.",
        len(land),
    ).format(n=len(land), borders="; ".join(borders))
    if located:
        text += " " + _("Seas labelled on the map: {seas}.").format(seas=join(alphabetical(located)))
    sea_text = join([f"{r.name} ({r.direction})" for r in seas.itertuples()])
    text += " " + _("Ukraine's seas in the neighbours table: {seas}.").format(seas=sea_text)
    if unlocated:
        text += " " + _("Not labelled because features.csv gives no coordinates: {seas}.").format(seas=join(unlocated))
    return text + " " + _("Other countries are grey.") + " " + borders_note(timeline) + "."


PHYSICAL_VIEW = View.fit((21.8, 44.2, 40.5, 52.5), width=MAP_WIDTH, height=630, margin=(10, 10, 70, 90))


MAX_MARKER_PX = 46


def _city_sizes(population: pd.Series) -> pd.Series:
    """Marker diameters with area proportional to population (largest city = MAX_MARKER_PX)."""
    return MAX_MARKER_PX * (population / population.max()) ** 0.5


FEATURE_KINDS = {
    "mountain_range": N_("mountain range"),
    "peak": N_("peak"),
    "river": N_("river"),
    "peninsula": N_("peninsula"),
}
"""The `kind` codes of features.csv that the physical map draws, as a description names them."""


def ukraine() -> str:
    """Ukraine's name in the kernel's language (Unicode CLDR, like every country on a map)."""
    return geo.country_name(UKRAINE, "Ukraine", i18n.current())


def _feature_label(row: Any) -> str:
    if pd.notna(row.value) and pd.notna(row.unit):
        return f"{row.name} {number(row.value)} {row.unit}"
    return row.name


def shared_note(notes: pd.Series) -> str:
    """The sentences that every row's note repeats: a caveat about the whole table, in its words."""
    split = [[part.strip() for part in re.split(r"(?<=\.)\s+", note) if part.strip()] for note in notes.dropna()]
    if not split:
        return ""
    return " ".join(sentence for sentence in split[0] if all(sentence in other for other in split[1:]))


LABEL_STYLE: dict[str, dict[str, Any]] = {
    "peak": dict(xanchor="left", xshift=10),
    "mountain_range": dict(
        colour=OKABE_ITO["bluish_green"], italic=True, size=15, xanchor="right", xshift=-12, yshift=20
    ),
    "river": dict(colour=OKABE_ITO["blue"], italic=True, size=14, xanchor="left", xshift=10),
    "peninsula": dict(size=15, bold=True),
    "sea": dict(colour=SEA_COLOUR, italic=True, size=15, background=False),
}
"""How each kind of feature is labelled; the peak and its range share a point, so they sit apart."""


@paused_collector()
def physical_map(features: pd.DataFrame, cities: pd.DataFrame, timeline: pd.DataFrame) -> go.Figure:
    """Ukraine's relief landmarks, the Dnieper, Crimea and the largest cities sized by population."""
    features, cities = translated(features, "features"), translated(cities, "cities")
    shapes = countries_in_view(PHYSICAL_VIEW, "europe")
    fig = go.Figure(
        [
            fill([f for c, f in shapes.items() if c != UKRAINE], LAND_COLOUR, _("Other countries"), legend=False),
            fill([shapes[UKRAINE]], "#FFF6D5", ukraine(), legend=False, line="#222222", width=2),
        ]
    )
    rivers = {f["id"]: f for f in geo.load_geometry("rivers")["features"]}
    dnieper = rivers["dnieper"]
    lines = dnieper["geometry"]["coordinates"]
    lines = [lines] if dnieper["geometry"]["type"] == "LineString" else lines
    fig.add_trace(
        go.Scattermap(
            lon=[p[0] for line in lines for p in [*line, [None, None]]],
            lat=[p[1] for line in lines for p in [*line, [None, None]]],
            mode="lines",
            line=dict(color=OKABE_ITO["sky_blue"], width=3.5),
            name=_("River {name}").format(name=features.set_index("id").loc["dnieper", "name"]),
            hoverinfo="name",
        )
    )
    peaks = features[features["kind"] == "peak"]
    fig.add_trace(
        go.Scattermap(
            lon=peaks["lon"],
            lat=peaks["lat"],
            mode="markers",
            name=_("Highest point"),
            marker=dict(size=14, color=OKABE_ITO["bluish_green"]),
            text=[_feature_label(r) for r in peaks.itertuples()],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    shown = features[
        features["kind"].isin(list(LABEL_STYLE)) & ((features["kind"] != "river") | features["id"].isin(list(rivers)))
    ]
    labels = [
        label(PHYSICAL_VIEW, r.lat, r.lon, _feature_label(r) if r.kind == "peak" else r.name, **LABEL_STYLE[r.kind])
        for r in shown.itertuples()
    ]
    mapped = cities.dropna(subset=["lat", "lon"]).sort_values("population", ascending=False)
    sizes = _city_sizes(mapped["population"])
    year = join([str(y) for y in sorted(mapped["population_year"].unique())])
    fig.add_trace(
        go.Scattermap(
            lon=mapped["lon"],
            lat=mapped["lat"],
            mode="markers",
            name=_("City (area ∝ population, {year})").format(year=year),
            marker=dict(size=sizes, color=CITY_COLOUR, opacity=0.8),
            text=[f"{r.name}: {number(r.population)} ({r.population_year})" for r in mapped.itertuples()],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    labels += [
        label(
            PHYSICAL_VIEW,
            r.lat,
            r.lon,
            f"<b>{r.name}</b> " + _("{n} million").format(n=number(r.population / 1e6, 2)),
            yshift=-(size / 2 + 10),
        )
        for r, size in zip(mapped.itertuples(), sizes)
    ]
    missing = cities[cities["lat"].isna() | cities["lon"].isna()]["name"]
    extra = _("City populations: {year} figures.").format(year=year)
    if i18n.current() == i18n.SOURCE:  # the record's own caveat, in its English words
        extra += f" {shared_note(cities['note'])}"
    if not missing.empty:
        extra += " " + _("Not mapped (no coordinates in the data): {cities}.").format(cities=join(list(missing)))
    title = _("Ukraine's physical geography: mountains, the Dnieper, Crimea and the largest cities")
    return finish(fig, PHYSICAL_VIEW, title, labels + [caption(PHYSICAL_VIEW, timeline, extra)])


def describe_physical_map(features: pd.DataFrame, cities: pd.DataFrame, timeline: pd.DataFrame) -> str:
    """Text alternative: landmarks with their measures, mapped cities with population, unmapped cities."""
    features, cities = translated(features, "features"), translated(cities, "cities")
    marks = [
        f"{r.name} ({_(FEATURE_KINDS[r.kind])}"
        + (f", {r.measure} {number(r.value)} {r.unit})" if pd.notna(r.value) else ")")
        for r in features.itertuples()
        if r.kind in FEATURE_KINDS
    ]
    mapped = cities.dropna(subset=["lat", "lon"]).sort_values("population", ascending=False)
    missing = cities[cities["lat"].isna() | cities["lon"].isna()]
    shown = [
        f"{r.name} {number(r.population)} ({r.population_year}, {r.population_basis})" for r in mapped.itertuples()
    ]
    text = _(
        "Map of Ukraine (pale yellow, black outline) with its physical landmarks: {landmarks}. The Dnieper is drawn "
        "as a light-blue line. Cities are red circles whose area is proportional to population: {cities}."
    ).format(landmarks=join(marks), cities=join(shown))
    if not missing.empty:
        unmapped = join([f"{r.name} ({number(r.population)}, {r.population_year})" for r in missing.itertuples()])
        text += " " + _("Not mapped because the data give no coordinates: {cities}.").format(cities=unmapped)
    return text + " " + borders_note(timeline) + "."


OCCUPATION_STYLE = {"occupied": OKABE_ITO["vermillion"], "partly occupied": OKABE_ITO["orange"]}
OCCUPATION_LEGEND = {
    "occupied": N_("Occupied by Russia (annexation claimed {dates})"),
    "partly occupied": N_("Partly occupied by Russia (annexation claimed {dates})"),
}
"""Fill per `occupied_regions.control`; partly occupied regions are also hatched, so the difference
does not rest on colour alone."""


def _resolution(timeline: pd.DataFrame, event_id: str) -> str:
    """The UN resolution number a timeline row names (e.g. 'ES-11/4'), so no number is typed here."""
    event = timeline.set_index("id").loc[event_id, "event"]
    found = re.search(r"resolution ([A-Z0-9-]+/\d+)", event)
    if not found:
        raise ValueError(f"timeline.csv row {event_id!r} names no UN resolution")
    return found.group(1)


def occupation_map(regions: pd.DataFrame, timeline: pd.DataFrame) -> go.Figure:
    """Ukraine in its recognised borders, with the regions Russia occupies in whole or in part.

    The oblasts are drawn whole because that is what Russia claims; the hatching and the legend say
    that it holds only part of each. Shapes come from geo/regions.geojson, facts from the tables.
    """
    view = PHYSICAL_VIEW
    shapes = countries_in_view(view, "europe")
    outlines = {f["id"]: f for f in geo.load_geometry("regions")["features"]}
    fig = go.Figure(
        [
            fill([f for c, f in shapes.items() if c != UKRAINE], LAND_COLOUR, _("Other countries"), legend=False),
            fill(
                [shapes[UKRAINE]],
                "#FFF6D5",
                _("{ukraine} (recognised borders)").format(ukraine=ukraine()),
                line="#222222",
                width=2,
            ),
        ]
    )
    labels = []
    named = translated(regions, "occupied_regions")
    for control, colour in OCCUPATION_STYLE.items():
        rows = named[regions["control"] == control]
        if rows.empty:
            continue
        claimed = join([i18n.format_day(d) for d in sorted(set(rows["annexation_claimed"]))])
        fig.add_trace(
            go.Choroplethmap(
                geojson=collection(outlines[r] for r in rows["id"]),
                featureidkey="id",
                locations=list(rows["id"]),
                z=[1] * len(rows),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker=dict(line=dict(color="#222222", width=1)),
                name=_(OCCUPATION_LEGEND[control]).format(dates=claimed),
                showlegend=True,
                text=[
                    _("{region}: {control} since {year}").format(
                        region=r.name, control=r.control, year=r.occupied_since
                    )
                    for r in rows.itertuples()
                ],
                hovertemplate="%{text}<extra></extra>",
            )
        )
        if control == "partly occupied":
            fig.add_trace(hatching([outlines[r] for r in rows["id"]], spacing=0.25, name="partly occupied hatching"))
        labels += [
            label(view, *label_point(view, outlines[r.id]), r.name.split(" (")[0], size=12) for r in rows.itertuples()
        ]
    vote = timeline.set_index("id").loc["unga-es-11-4-2022-10-12", "date"]
    extra = _(
        "Russia's claimed annexations are recognised by no UN resolution: {resolution} ({date}) declares the 2022 "
        "claim invalid. Hatched regions are claimed whole but held only in part; the front line is not drawn."
    ).format(resolution=_resolution(timeline, "unga-es-11-4-2022-10-12"), date=i18n.format_day(vote))
    title = _("Regions of Ukraine occupied by Russia, in whole or in part, within Ukraine's recognised borders")
    return finish(fig, view, title, labels + [caption(view, timeline, extra)], legend_y=0.01)


def describe_occupation_map(regions: pd.DataFrame, timeline: pd.DataFrame) -> str:
    """Text alternative: each region with its status, since when, and the claim; the dated share."""
    share = translated(timeline, "timeline").set_index("id").loc["territory-controlled-2025-08"]
    parts = [
        _("{region}, {control} since {year} (annexation claimed {date})").format(
            region=r.name, control=r.control, year=r.occupied_since, date=i18n.format_day(r.annexation_claimed)
        )
        for r in translated(regions, "occupied_regions").itertuples()
    ]
    return _(
        "Map of Ukraine within its internationally recognised borders, with the regions Russia occupies in whole or "
        "in part: {regions}. Fully occupied regions are red; partly occupied ones are orange and hatched, and drawn "
        "whole because Russia claims them whole. {when}: {share} UN General Assembly resolution {resolution} "
        "declares the 2022 claim invalid. {note}."
    ).format(
        regions="; ".join(parts),
        when=share["label"],
        share=share["event"],
        resolution=_resolution(timeline, "unga-es-11-4-2022-10-12"),
        note=borders_note(timeline),
    )
