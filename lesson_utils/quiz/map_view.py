"""The clickable map of a map question, as plain data: each country's outline in page pixels, what
it is (one to pick, one for orientation, context), the borders note and the key in words.

`ClickMap` (`click_map.py`) draws it as SVG and reports clicks; this module only computes it, so
it can be tested without a front end. The outlines are projected here, in Python, so the browser
draws a few kilobytes of SVG paths instead of loading a map library for each question.
"""

from __future__ import annotations

import dataclasses
import html
import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from lesson_utils import geo
from lesson_utils.quiz.kinds import MapClick
from lesson_utils.workarounds import paused_collector

if TYPE_CHECKING:
    import pandas as pd

MAP_WIDTH, MAP_HEIGHT = 640, 420
"""The map's size in pixels (it shrinks with a narrow window, never grows)."""

NOTE_WIDTH = 95
"""Characters per line of the borders note drawn at the foot of the map."""


def map_key_html(question: MapClick, names: dict[str, str]) -> str:
    """The map's colours in words, so nobody has to tell them apart to use the map."""
    parts = [
        f"<b>light blue</b>: the {len(question.choices)} countries you can pick",
        "<b>orange</b> outlined in black: your choice",
    ]
    if question.reference:
        shown = ", ".join(html.escape(names.get(code, code)) for code in question.reference)
        parts.insert(0, f"<b>dark blue</b>: {shown} (for orientation)")
    return f"<small>Map key: {'; '.join(parts)}.</small>"


def map_label(question: MapClick, names: dict[str, str], borders: str) -> str:
    """What a screen reader says for the map: the same countries are in the list beside it."""
    shown = ", ".join(sorted(names.get(code, code) for code in question.choices))
    return (
        f"Map of Europe with the countries you can pick in light blue: {shown}. "
        f"The list below has the same countries. {borders}."
    )


def role_of(code: str, question: MapClick) -> str:
    """'choice' (may be picked), 'reference' (drawn for orientation) or 'context' (the neighbours)."""
    return "choice" if code in question.choices else "reference" if code in question.reference else "context"


def svg_path(shape: Any) -> str:
    """An SVG path (`d`) of the polygons in a projected shape (clipping may leave lines, dropped), to a tenth of a pixel."""
    parts = shapely.get_parts(shape)
    rings = []
    for polygon in parts[shapely.get_type_id(parts) == shapely.GeometryType.POLYGON]:
        for ring in [polygon.exterior, *polygon.interiors]:
            points = np.round(shapely.get_coordinates(ring)[:-1], 1)
            rings.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")
    return "".join(rings)


@paused_collector()
def map_picture(question: MapClick, names: dict[str, str], timeline: pd.DataFrame) -> dict[str, Any]:
    """The map as `ClickMap` draws it: the countries around the choices, cut to the view, in pixels.

    Cutting, thinning and projecting run on all outlines at once (shapely's vectorised functions).
    Countries too small to hit with a pointer (Malta) also get a dot, so they can be clicked.
    """
    from lesson_utils.figures.cartography import (
        SMALL_PX,
        TILE_PX,
        View,
        borders_note,
        focus_box,
        label_point,
        load_shapes,
    )

    borders = borders_note(timeline)
    features = geo.load_geometry(question.region)["features"]
    fitted = View.fit(
        focus_box([f for f in features if f["id"] in question.choices]), MAP_WIDTH, MAP_HEIGHT, (0, 0, 0, 0)
    )
    view = dataclasses.replace(fitted, zoom=fitted.zoom - 0.3)  # a margin of neighbours around the choices
    codes, outlines = load_shapes(question.region)
    cut = shapely.clip_by_rect(outlines, *view.bounds(pad=0.1))
    seen = ~shapely.is_empty(cut)
    degree_px = TILE_PX * 2**view.zoom / 360
    thinned = shapely.simplify(cut[seen], 0.5 / degree_px, preserve_topology=True)  # within half a pixel
    projected = shapely.transform(thinned, view.pixels)
    widths = np.diff(shapely.bounds(outlines[seen])[:, ::2], axis=1)[:, 0] * degree_px
    shapes = []
    for code, shape, width in zip(np.array(codes)[seen], projected, widths, strict=True):
        role = role_of(code, question)
        dot = None
        if role == "choice" and width < SMALL_PX:
            lat, lon = label_point(view, geo.feature(question.region, code))
            dot = [round(float(v), 1) for v in view.pixels(np.array([[lon, lat]]))[0]]
        shapes.append(
            {"code": str(code), "name": names.get(code, code), "role": role, "d": svg_path(shape), "dot": dot}
        )
    order = {"context": 0, "reference": 1, "choice": 2}  # choices last, so their outlines are drawn whole
    shapes.sort(key=lambda shape: order[shape["role"]])
    return {
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "shapes": [shape for shape in shapes if shape["d"] or shape["dot"]],
        "note": textwrap.wrap(borders, NOTE_WIDTH),  # every map says which borders it shows
        "label": map_label(question, names, borders),
    }
