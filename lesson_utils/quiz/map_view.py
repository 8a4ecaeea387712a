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
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from lesson_utils import file_cache, geo
from lesson_utils.i18n import _, current, ngettext
from lesson_utils.quiz.kinds import MapClick, QuestionBase
from lesson_utils.workarounds import paused_collector

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lesson_utils.schemas import TimelineEvent

MAP_WIDTH, MAP_HEIGHT = 640, 420
"""The map's size in pixels (it shrinks with a narrow window, never grows)."""

NOTE_WIDTH = 95
"""Characters per line of the borders note drawn at the foot of the map."""


def map_key_html(question: MapClick, names: dict[str, str]) -> str:
    """The map's colours in words, so nobody has to tell them apart to use the map."""
    count = len(question.choices)
    parts = [
        ngettext(
            "<b>light blue</b>: the {count} country you can pick",
            "<b>light blue</b>: the {count} countries you can pick",
            count,
        ).format(count=count),
        _("<b>orange</b> outlined in black: your choice"),
    ]
    if question.reference:
        shown = ", ".join(html.escape(names.get(code, code)) for code in question.reference)
        parts.insert(0, _("<b>dark blue</b>: {countries} (for orientation)").format(countries=shown))
    # Translators: the separator between the parts of the map key (French puts a space before the semicolon)
    separator = _("; ")
    return "<small>" + _("Map key: {parts}.").format(parts=separator.join(parts)) + "</small>"


def map_label(choices: tuple[str, ...], names: dict[str, str], borders: str) -> str:
    """What a screen reader says for the map: the same countries are in the list beside it."""
    shown = ", ".join(sorted((names.get(code, code) for code in choices), key=str.casefold))
    return _(
        "Map of Europe with the countries you can pick in light blue: {countries}. "
        "The list below has the same countries. {borders}."
    ).format(countries=shown, borders=borders)


def role_of(code: str, choices: tuple[str, ...], reference: tuple[str, ...]) -> str:
    """'choice' (may be picked), 'reference' (drawn for orientation) or 'context' (the neighbours)."""
    return "choice" if code in choices else "reference" if code in reference else "context"


def svg_path(shape: Any) -> str:
    """An SVG path (`d`) of the polygons in a projected shape (clipping may leave lines, dropped), to a tenth of a pixel."""
    parts = shapely.get_parts(shape)
    rings = []
    for polygon in parts[shapely.get_type_id(parts) == shapely.GeometryType.POLYGON]:
        for ring in [polygon.exterior, *polygon.interiors]:
            points = np.round(shapely.get_coordinates(ring)[:-1], 1)
            rings.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")
    return "".join(rings)


def map_picture(question: MapClick, timeline: Iterable[TimelineEvent]) -> dict[str, Any]:
    """The map as `ClickMap` draws it: the countries around the choices, cut to the view, in pixels.

    Built once per choices, geometry file and borders note (kept in `_picture`'s cache), so a quiz
    that shows its name box first has its maps ready when the student presses Start
    (`prepare_maps`), and a quiz run again starts at once.
    """
    from lesson_utils.figures.cartography import borders_note

    version = file_cache.version(geo.geometry_path(question.region))
    key = (question.region, tuple(question.choices), tuple(question.reference), borders_note(timeline), current())
    return _picture(*key, version)


def prepare_maps(questions: list[QuestionBase], timeline: Iterable[TimelineEvent]) -> None:
    """Build the maps of these questions now (while a student types a name), not at Start."""
    for question in questions:
        if isinstance(question, MapClick):
            map_picture(question, timeline)


@lru_cache(maxsize=32)
@paused_collector()
def _picture(
    region: str, choices: tuple[str, ...], reference: tuple[str, ...], borders: str, language: str, _version: Any
) -> dict[str, Any]:
    """Cutting, thinning and projecting run on all outlines at once (shapely's vectorised functions).
    Countries too small to hit with a pointer (Malta) also get a dot, so they can be clicked."""
    from lesson_utils.figures.cartography import SMALL_PX, TILE_PX, View, focus_box, label_point, load_shapes

    names = geo.country_names(region, language)
    features = geo.load_geometry(region)["features"]
    fitted = View.fit(focus_box([f for f in features if f["id"] in choices]), MAP_WIDTH, MAP_HEIGHT, (0, 0, 0, 0))
    view = dataclasses.replace(fitted, zoom=fitted.zoom - 0.3)  # a margin of neighbours around the choices
    codes, outlines = load_shapes(region)
    cut = shapely.clip_by_rect(outlines, *view.bounds(pad=0.1))
    seen = ~shapely.is_empty(cut)
    degree_px = TILE_PX * 2**view.zoom / 360
    thinned = shapely.simplify(cut[seen], 0.5 / degree_px, preserve_topology=True)  # within half a pixel
    projected = shapely.transform(thinned, view.pixels)
    widths = np.diff(shapely.bounds(outlines[seen])[:, ::2], axis=1)[:, 0] * degree_px
    shapes = []
    for code, shape, width in zip(np.array(codes)[seen], projected, widths, strict=True):
        role = role_of(code, choices, reference)
        dot = None
        if role == "choice" and width < SMALL_PX:
            lat, lon = label_point(view, geo.feature(region, code))
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
        "label": map_label(choices, names, borders),
    }
