"""What every map shares: the recognised-borders caption (`cartography.borders_note`), flat country layers, labels and the frame.

Every lesson map uses `go.Choroplethmap`/`go.Scattermap` with geometry from `geo.load_geometry()` and
`map.style="white-bg"`, so nothing is fetched from the internet. Map text drawn *inside* the map by
MapLibre needs font files from a server, so labels are layout annotations instead, placed by a
`cartography.View`. Each map states, on the map itself, that it shows internationally recognised
borders; the statement is built from the timeline, which every map builder therefore takes.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from lesson_utils import geo, i18n
from lesson_utils.figures.cartography import View, borders_note, collection, hatch
from lesson_utils.figures.palette import OKABE_ITO
from lesson_utils.figures.theme import TEMPLATE

UKRAINE = "UKR"

MAP_WIDTH = 840
"""Every lesson map's width in pixels: it fits the notebook on a 1024-pixel screen, and on a 1280-pixel
one with the file browser open. Maps cannot shrink to fit (their labels are placed for one size)."""


LAND_COLOUR = "#EDEDED"
"""Countries that are only context on a map where NEUTRAL already means something."""


ABSENT_COLOUR = "#8C8C8C"


SEA_COLOUR = OKABE_ITO["blue"]


CITY_COLOUR = OKABE_ITO["vermillion"]


LABEL_BG = "rgba(255,255,255,0.75)"


def fill(
    features: list[dict[str, Any]],
    colour: str,
    name: str,
    *,
    legend: bool = True,
    hover: str | None = None,
    line: str = "white",
    width: float = 0.6,
) -> go.Choroplethmap:
    """One flat-coloured country layer; its geojson holds only its own features (small payload)."""
    codes = [f["id"] for f in features]
    names = country_names()
    labels = [country_label(f, names) + (f": {hover}" if hover else "") for f in features]
    return go.Choroplethmap(
        geojson=collection(features),
        featureidkey="properties.iso3",
        locations=codes,
        z=[1] * len(codes),
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker=dict(line=dict(color=line, width=width)),
        name=name,
        showlegend=legend and bool(codes),
        text=labels,
        hovertemplate="%{text}<extra></extra>",
    )


def country_names() -> dict[str, str]:
    """iso3 -> name in the kernel's language (Unicode CLDR); empty for English, the geometry's own."""
    return {} if i18n.current() == i18n.SOURCE else geo.cldr_names(i18n.current())


def country_label(feature: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """A country outline's name in the kernel's language (its geometry carries the English); pass
    `country_names()` when labelling many, so the table is read once."""
    names = country_names() if names is None else names
    return names.get(feature["id"], feature["properties"]["name"])


def label(
    view: View,
    lat: float,
    lon: float,
    text: str,
    *,
    size: int = 13,
    colour: str = "#222222",
    italic: bool = False,
    bold: bool = False,
    background: bool = True,
    **kwargs: Any,
) -> dict | None:
    """A text label at a place on the map, or None when the place is outside the view."""
    x, y = view.paper(lat, lon)
    if not (0.02 <= x <= 0.98 and 0.02 <= y <= 0.98):
        return None
    text = f"<i>{text}</i>" if italic else text
    text = f"<b>{text}</b>" if bold else text
    return dict(
        x=x,
        y=y,
        xref="paper",
        yref="paper",
        text=text,
        showarrow=False,
        font=dict(size=size, color=colour),
        bgcolor=LABEL_BG if background else None,
        **kwargs,
    )


def caption(view: View, timeline: pd.DataFrame, extra: str = "") -> dict:
    """The recognised-borders note under the map (and any extra line), wrapped to the map's width."""
    chars = int((view.width - view.margin[0]) / 7)
    lines = textwrap.wrap(borders_note(timeline), chars) + (textwrap.wrap(extra, chars) if extra else [])
    return note("<br>".join(lines), 0, -0.015, font=dict(size=12, color="#333333"))


def side_note(text: str, y: float = 1.0) -> dict:
    """A block of text in the right margin, beside the map."""
    return note(text, 1.02, y, font=dict(size=13))


def note(text: str, x: float, y: float, *, yanchor: str = "top", **style: Any) -> dict:
    """Left-aligned text at a place on the figure's paper (0..1 across the plot area), not on the map."""
    return dict(
        x=x, y=y, xref="paper", yref="paper", xanchor="left", yanchor=yanchor, align="left", showarrow=False,
        text=text, **style,
    )  # fmt: skip


def finish(fig: go.Figure, view: View, title: str, annotations: list[dict | None], legend_y: float = 0.99) -> go.Figure:
    """Apply the template, the view, the labels and a legend inside the map (outside it would move the map).

    A title too long for the map's width is wrapped (20 px letters average about 10 px)."""
    fig.update_layout(
        template=TEMPLATE,
        title=dict(text="<br>".join(textwrap.wrap(title, int(view.width / 10.5)))),
        **view.layout(),
        annotations=[a for a in annotations if a is not None],
        legend=dict(
            x=0.01,
            y=legend_y,
            xanchor="left",
            yanchor="top" if legend_y > 0.5 else "bottom",
            bgcolor="rgba(255,255,255,0.9)",
            bordercolor="#999999",
            borderwidth=1,
            font=dict(size=13),
        ),
    )
    return fig


def hatching(features: list[dict[str, Any]], spacing: float, name: str) -> go.Scattermap:
    """White diagonal lines across the features: marks an area by pattern, not by colour alone."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    for feature in features:
        x, y = hatch(feature, spacing)
        lons, lats = lons + x, lats + y
    return go.Scattermap(
        lon=lons,
        lat=lats,
        mode="lines",
        line=dict(color="white", width=1.2),
        showlegend=False,
        hoverinfo="skip",
        name=name,
    )
