"""The one plotly template every figure uses: readable fonts and a colour-blind-safe palette.

The palette is Okabe & Ito's (2008), designed to stay distinguishable under the common forms of
colour-vision deficiency. Figures pass `template=TEMPLATE` explicitly rather than changing plotly's
global default, so importing the package never alters a student's own plots.
"""

from __future__ import annotations

import plotly.graph_objects as go

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
PALETTE = [OKABE_ITO[name] for name in ("blue", "orange", "bluish_green", "vermillion", "sky_blue", "reddish_purple", "yellow", "black")]
"""Discrete colours in the order figures use them; blue and orange first, the safest pair."""

NEUTRAL = "#BBBBBB"
"""Grey for context (countries not in focus, gridlines)."""

SEQUENTIAL = ["#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B"]
"""One-hue blue scale: ordered by lightness, so it reads in greyscale and for every colour vision."""

FONT = "Arial, Helvetica, sans-serif"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=15, color="#222222"),
        title=dict(font=dict(size=20), x=0.02, xanchor="left"),
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(showgrid=True, gridcolor="#E5E5E5", zeroline=False, ticks="outside", title=dict(standoff=10)),
        yaxis=dict(showgrid=True, gridcolor="#E5E5E5", zeroline=False, ticks="outside", title=dict(standoff=10)),
        legend=dict(bgcolor="rgba(255,255,255,0.8)"),
        hoverlabel=dict(font=dict(family=FONT, size=14)),
        margin=dict(l=70, r=30, t=80, b=60),
    )
)
