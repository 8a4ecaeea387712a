"""Map geometry on a fixed-size Web-Mercator window (where a point lands, what of a shape is seen),
and the recognised-borders caption every map carries.

Geometry on GeoJSON dicts (no plotly): a `View` projects lon/lat onto the page so labels can be
placed as annotations; `clip` cuts a shape to the window and thins it to a pixel (small payloads);
`label_point` finds where a name fits; `hatch` draws lines inside a shape, so an area can be marked
without relying on colour. Cutting, thinning and finding room are shapely's (GEOS) work.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
import shapely.geometry
from shapely.geometry import LineString, MultiLineString, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from lesson_utils import file_cache, geo
from lesson_utils.i18n import N_, _

if TYPE_CHECKING:
    import pandas as pd

    from lesson_utils.schemas import TimelineEvent

TILE_PX = 512
"""Width in pixels of the whole world at zoom 0 in MapLibre, which plotly's map subplot uses."""

BORDERS_NOTE = N_(
    "Internationally recognised borders: Crimea is shown as part of Ukraine "
    "(occupied by Russia since {year}; UN General Assembly resolution {resolution})"
)
"""The caption every map carries; `borders_note(timeline)` fills in the year and resolution."""


def borders_note(timeline: pd.DataFrame | Iterable[TimelineEvent]) -> str:
    """The recognised-borders caption, with the occupation year and the UN resolution from the timeline.

    The year is the earliest Crimea-2014 event; the resolution number is read from the earliest such
    event that names a General Assembly resolution, so neither is typed here. A lesson passes its
    timeline DataFrame; a quiz passes the rows of `tables.load_rows("timeline")` (no pandas).
    """
    events = timeline.itertuples() if hasattr(timeline, "itertuples") else timeline
    crimea = sorted((e for e in events if e.category == "crimea_2014"), key=lambda e: e.date)
    if not crimea:
        raise ValueError("timeline.csv has no 'crimea_2014' events to date the occupation of Crimea")
    texts = (" ".join(t for t in (e.event, e.label, e.note) if isinstance(t, str)) for e in crimea)
    numbers = [found.group(1) for text in texts if (found := re.search(r"(\d{2,3}/\d{3})", text))]
    if not numbers:
        raise ValueError("no 'crimea_2014' event in timeline.csv names the UN General Assembly resolution")
    return _(BORDERS_NOTE).format(year=crimea[0].date.year, resolution=numbers[0])


# --- views: where a map looks, and where a lon/lat lands on the page ----------------------------


def mercator(lat: float, lon: float) -> tuple[float, float]:
    """Web-Mercator position in world units (0..1 across, 0 at the top)."""
    phi = math.radians(max(min(lat, 85.0), -85.0))
    return (lon + 180) / 360, (1 - math.log(math.tan(math.pi / 4 + phi / 2)) / math.pi) / 2


def inverse_lat(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))


@dataclass(frozen=True)
class View:
    """A fixed-size map window: centre, zoom and margins, so labels can be projected onto the page."""

    lat: float
    lon: float
    zoom: float
    width: int
    height: int
    margin: tuple[int, int, int, int]  # left, right, top, bottom

    @classmethod
    def fit(
        cls, bbox: tuple[float, float, float, float], width: int, height: int, margin: tuple[int, int, int, int]
    ) -> View:
        """The view that shows bbox (lon0, lat0, lon1, lat1) as large as the plot area allows."""
        lon0, lat0, lon1, lat1 = bbox
        x0, y1 = mercator(lat0, lon0)
        x1, y0 = mercator(lat1, lon1)
        w, h = width - margin[0] - margin[1], height - margin[2] - margin[3]
        zoom = math.log2(min(w / ((x1 - x0) * TILE_PX), h / ((y1 - y0) * TILE_PX)))
        return cls(inverse_lat((y0 + y1) / 2), (lon0 + lon1) / 2, zoom, width, height, margin)

    @property
    def _scale(self) -> tuple[float, float]:
        px = TILE_PX * 2**self.zoom
        return px / (self.width - self.margin[0] - self.margin[1]), px / (self.height - self.margin[2] - self.margin[3])

    def paper(self, lat: float, lon: float) -> tuple[float, float]:
        """Paper coordinates (0..1 across the plot area) of a point, for a layout annotation."""
        x, y = mercator(lat, lon)
        xc, yc = mercator(self.lat, self.lon)
        sx, sy = self._scale
        return 0.5 + (x - xc) * sx, 0.5 - (y - yc) * sy

    def pixels(self, lonlat: np.ndarray) -> np.ndarray:
        """Page pixels (x right, y down, from the window's top left) of an (n, 2) array of lon/lat."""
        lon, lat = lonlat[:, 0], np.clip(lonlat[:, 1], -85.0, 85.0)
        x = (lon + 180) / 360
        y = (1 - np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) / np.pi) / 2
        xc, yc = mercator(self.lat, self.lon)
        px = TILE_PX * 2**self.zoom
        left, right, top, bottom = self.margin
        centre = (left + (self.width - left - right) / 2, top + (self.height - top - bottom) / 2)
        return np.column_stack([centre[0] + (x - xc) * px, centre[1] + (y - yc) * px])

    def bounds(self, pad: float = 0.05) -> tuple[float, float, float, float]:
        """(lon0, lat0, lon1, lat1) visible in the window, widened by `pad` of its size each side."""
        xc, yc = mercator(self.lat, self.lon)
        sx, sy = self._scale
        half_x, half_y = (0.5 + pad) / sx, (0.5 + pad) / sy
        to_lon = lambda x: x * 360 - 180  # noqa: E731
        return to_lon(xc - half_x), inverse_lat(yc + half_y), to_lon(xc + half_x), inverse_lat(yc - half_y)

    def layout(self) -> dict[str, Any]:
        """The layout keys that pin the figure to this view."""
        left, right, top, bottom = self.margin
        return dict(
            width=self.width,
            height=self.height,
            margin=dict(l=left, r=right, t=top, b=bottom),
            map=dict(
                style="white-bg",
                center=dict(lat=self.lat, lon=self.lon),
                zoom=self.zoom,
                domain=dict(x=[0, 1], y=[0, 1]),
            ),
        )


# --- geometry (shapely): crop to the view (small payloads), label points, hatching ----------------


def _rounded(ring: Any) -> list[list[float]]:
    """A ring's points to a thousandth of a degree (about 100 m): finer is more bytes, not more map."""
    return np.round(shapely.get_coordinates(ring), 3).tolist()


def _polygons(shape: BaseGeometry) -> list[Polygon]:
    """The non-empty polygons of whatever clipping or intersecting left (polygon, multi or collection)."""
    parts = getattr(shape, "geoms", [shape])
    return [part for part in parts if isinstance(part, Polygon) and not part.is_empty]


def clip(
    feature: dict[str, Any], box: tuple[float, float, float, float], tolerance: float = 0.0
) -> dict[str, Any] | None:
    """The feature cut to the box and thinned to `tolerance` (a pixel), or None when nothing of it is inside.

    Thinning keeps the outline within half a pixel (Douglas-Peucker): plotly copies, checks and
    serialises every point several times before the browser draws it.
    """
    shape = shapely.clip_by_rect(shapely.geometry.shape(feature["geometry"]), *box)
    if tolerance > 0:
        shape = shape.simplify(tolerance / 2, preserve_topology=True)
    polygons = [[_rounded(p.exterior), *map(_rounded, p.interiors)] for p in _polygons(shape)]
    if not polygons:
        return None
    return {**feature, "geometry": {"type": "MultiPolygon", "coordinates": polygons}}


def collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def load_shapes(name: str) -> tuple[list[str], np.ndarray]:
    """The ids of geometry `name` and their shapely outlines (an array, for shapely's vectorised
    functions), built once per version of the file."""
    return _shapes(name, file_cache.version(geo.geometry_path(name)))


@lru_cache(maxsize=4)
def _shapes(name: str, version: file_cache.FileVersion) -> tuple[list[str], np.ndarray]:
    features = geo.load_geometry(name)["features"]
    return [f["id"] for f in features], np.array([shapely.geometry.shape(f["geometry"]) for f in features])


def countries_in_view(view: View, name: str) -> dict[str, dict[str, Any]]:
    """iso3 → the country of geometry `name` cut to the view (a little beyond its edges) and thinned
    to a pixel, for every country in sight: a map sends the browser only what it can show (small
    payloads). Cutting and thinning run on all outlines at once, on the shapes `load_shapes` keeps."""
    codes, shapes = load_shapes(name)
    pixel = 360 / (TILE_PX * 2**view.zoom)
    cut = shapely.simplify(shapely.clip_by_rect(shapes, *view.bounds(pad=0.1)), pixel / 2, preserve_topology=True)
    features = {f["id"]: f for f in geo.load_geometry(name)["features"]}
    shown = {}
    for code, shape in zip(codes, cut, strict=True):
        if polygons := [[_rounded(p.exterior), *map(_rounded, p.interiors)] for p in _polygons(shape)]:
            shown[code] = {**features[code], "geometry": {"type": "MultiPolygon", "coordinates": polygons}}
    return shown


def label_point(view: View, feature: dict[str, Any]) -> tuple[float, float]:
    """(lat, lon) of the point of the feature's visible part farthest from its edges: where its name fits.

    A centroid can fall outside a country that wraps around another (Russia around eastern
    Ukraine); the pole of inaccessibility of its roomiest visible part cannot.
    """
    visible = clip(feature, view.bounds(pad=-0.05)) or feature
    parts = _polygons(shapely.geometry.shape(visible["geometry"]))
    poles = [(part, polylabel(part, tolerance=max(part.length / 1000, 1e-4))) for part in parts]
    _part, pole = max(poles, key=lambda pair: pair[0].boundary.distance(pair[1]))
    return pole.y, pole.x


SMALL_PX = 8
"""Countries narrower than this many pixels also get a dot, so Malta or Luxembourg can be seen."""


def extent_px(view: View, feature: dict[str, Any]) -> float:
    """Width of the feature's bounding box in pixels on this view."""
    lons = [p[0] for polygon in geo.polygons(feature) for p in polygon[0]]
    return (max(lons) - min(lons)) * TILE_PX * 2**view.zoom / 360


def hatch(feature: dict[str, Any], spacing: float) -> tuple[list[float | None], list[float | None]]:
    """Diagonal hatch lines inside the feature, `spacing` degrees apart, as lon/lat lists broken by None."""
    shape = shapely.geometry.shape(feature["geometry"])
    west, south, east, north = shape.bounds
    first = math.floor((west - north) / spacing) * spacing + spacing / 2
    offsets = np.arange(first, east - south, spacing)  # each line is lon - lat = offset
    lines = MultiLineString([[(west, west - c), (east, east - c)] for c in offsets])
    lons: list[float | None] = []
    lats: list[float | None] = []
    for piece in getattr(cut := shape.intersection(lines), "geoms", [cut]):
        if isinstance(piece, LineString) and not piece.is_empty:
            points = _rounded(piece)
            lons += [*(x for x, _ in points), None]
            lats += [*(y for _, y in points), None]
    return lons, lats


Box = tuple[float, float, float, float]
"""(west, south, east, north) in degrees."""


def bounds(polygons: list) -> Box:
    lons = [point[0] for polygon in polygons for ring in polygon for point in ring]
    lats = [point[1] for polygon in polygons for ring in polygon for point in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def focus_box(features: list[dict[str, Any]]) -> Box:
    """The box a map should centre on: each feature's main landmass (not far islands), leaving out a
    feature much bigger than the others (Russia beside Ukraine's western neighbours), which is
    still drawn, only partly in view."""
    boxes = [bounds([max(geo.polygons(f), key=lambda polygon: _area(bounds([polygon])))]) for f in features]
    limit = 4 * statistics.median(_area(box) for box in boxes)
    kept = [box for box in boxes if _area(box) <= limit] or boxes
    return min(b[0] for b in kept), min(b[1] for b in kept), max(b[2] for b in kept), max(b[3] for b in kept)
