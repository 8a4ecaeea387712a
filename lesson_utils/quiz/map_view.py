"""The clickable map of a map question: which countries to show, their shades, and its key in words.

The quiz view (`widgets.py`) turns the figure into a FigureWidget and forwards clicks; this module
only builds the figure, so it can be tested without a front end.
"""

from __future__ import annotations

import dataclasses
import html
import textwrap
from typing import TYPE_CHECKING, Any

from lesson_utils.quiz.kinds import MapClick
from lesson_utils.workarounds import paused_collector

if TYPE_CHECKING:
    import pandas as pd

MAP_WIDTH, MAP_HEIGHT = 640, 420
"""The clickable map's size in pixels: fixed, so the view (and what is sent) fits the choices."""


def map_key_html(question: MapClick, names: dict[str, str]) -> str:
    """The map's colours in words, so nobody has to tell them apart to use the map."""
    parts = [f"<b>light blue</b>: the {len(question.choices)} countries you can pick", "<b>orange</b>: your choice"]
    if question.reference:
        shown = ", ".join(html.escape(names.get(code, code)) for code in question.reference)
        parts.insert(0, f"<b>dark blue</b>: {shown} (for orientation)")
    return f"<small>Map key: {'; '.join(parts)}.</small>"


def shades(locations: Any, question: MapClick, selected: str | None) -> list[int]:
    """0 = context, 1 = a country one may pick, 2 = the one picked, 3 = a reference for orientation."""
    return [
        2 if code == selected else 1 if code in question.choices else 3 if code in question.reference else 0
        for code in locations
    ]


@paused_collector()
def map_figure(question: MapClick, geometry: dict, names: dict[str, str], timeline: pd.DataFrame) -> Any:
    """The clickable map: the countries around the choices cut to the view, no tiles, no network."""
    import plotly.graph_objects as go

    from lesson_utils.figures.cartography import View, countries_in_view, focus_box
    from lesson_utils.figures.mapping import LABEL_BG, borders_note, note
    from lesson_utils.figures.palette import OKABE_ITO
    from lesson_utils.figures.theme import TEMPLATE

    fitted = View.fit(
        focus_box([f for f in geometry["features"] if f["id"] in question.choices]), MAP_WIDTH, MAP_HEIGHT, (0, 0, 0, 0)
    )
    view = dataclasses.replace(fitted, zoom=fitted.zoom - 0.3)  # a margin of neighbours around the choices
    shown = list(countries_in_view(view, geometry).values())
    codes = [f["id"] for f in shown]
    colours = [
        [0, "#EDEDED"],
        [0.24, "#EDEDED"],
        [0.25, OKABE_ITO["sky_blue"]],
        [0.49, OKABE_ITO["sky_blue"]],
        [0.5, OKABE_ITO["orange"]],
        [0.74, OKABE_ITO["orange"]],
        [0.75, OKABE_ITO["blue"]],
        [1, OKABE_ITO["blue"]],
    ]
    trace = go.Choroplethmap(
        geojson={"type": "FeatureCollection", "features": shown},
        featureidkey="properties.iso3",
        locations=codes,
        z=shades(codes, question, None),
        zmin=-0.5,
        zmax=3.5,
        colorscale=colours,
        showscale=False,
        marker_line_color="#555555",
        marker_line_width=0.6,
        text=[names.get(code, code) for code in codes],
        hovertemplate="%{text}<extra></extra>",
    )
    figure = go.Figure(trace)
    text = "<br>".join(textwrap.wrap(borders_note(timeline), 95))  # every map says which borders it shows
    borders = note(text, 0.005, 0.005, yanchor="bottom", bgcolor=LABEL_BG, font=dict(size=11, color="#333333"))
    figure.update_layout(template=TEMPLATE, clickmode="event", annotations=[borders], **view.layout())
    return figure
