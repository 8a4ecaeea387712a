"""The lessons' colours, apart from plotly: a colour-blind-safe palette any output can use.

The palette is Okabe & Ito's (2008), designed to stay distinguishable under the common forms of
colour-vision deficiency. `theme.py` builds the plotly template from it; code that draws without
plotly (the gradebook report's SVG chart) imports it from here, without paying for the template.
"""

from __future__ import annotations

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
PALETTE = [
    OKABE_ITO[name]
    for name in ("blue", "orange", "bluish_green", "vermillion", "sky_blue", "reddish_purple", "yellow", "black")
]
"""Discrete colours in the order figures use them; blue and orange first, the safest pair."""

NEUTRAL = "#BBBBBB"
"""Grey for context: countries not in focus, zero lines, computed shares."""

GRID = "#E5E5E5"
"""Gridlines: light enough to stay behind the data."""
