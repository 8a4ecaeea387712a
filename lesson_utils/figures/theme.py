"""The one plotly template every figure uses: readable fonts and a colour-blind-safe palette.

The colours are in `palette.py` (Okabe & Ito's, colour-blind safe). Figures pass
`template=TEMPLATE` explicitly rather than changing plotly's global default, so importing the
package never alters a student's own plots.
"""

from __future__ import annotations

import plotly.graph_objects as go

from lesson_utils.figures.palette import GRID, PALETTE

FONT = "Arial, Helvetica, sans-serif"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=15, color="#222222"),
        title=dict(font=dict(size=20), x=0.02, xanchor="left"),
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(showgrid=True, gridcolor=GRID, zeroline=False, ticks="outside", title=dict(standoff=10)),
        yaxis=dict(showgrid=True, gridcolor=GRID, zeroline=False, ticks="outside", title=dict(standoff=10)),
        legend=dict(bgcolor="rgba(255,255,255,0.8)"),
        hoverlabel=dict(font=dict(family=FONT, size=14)),
        margin=dict(l=70, r=30, t=80, b=60),
    )
)
