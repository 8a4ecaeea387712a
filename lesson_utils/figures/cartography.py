"""Map geometry on a fixed-size Web-Mercator window: where a point lands, and what of a shape is seen.

Pure geometry on GeoJSON dicts (no plotly): a `View` projects lon/lat onto the page so labels can
be placed as annotations; `clip` cuts a shape to the window and thins it to a pixel (small payloads);
`label_point` finds where a name fits; `hatch` draws lines inside a shape, so an area can be marked
without relying on colour.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from lesson_utils import geo

TILE_PX = 512
"""Width in pixels of the whole world at zoom 0 in MapLibre, which plotly's map subplot uses."""

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


# --- geometry: crop to the view (small payloads), label points, hatching -----------------------


def _clip_ring(ring: list[list[float]], box: tuple[float, float, float, float]) -> list[list[float]]:
    """Sutherland–Hodgman: the part of a ring inside the rectangle (the rectangle is convex)."""
    lon0, lat0, lon1, lat1 = box
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    if max(lons) < lon0 or min(lons) > lon1 or max(lats) < lat0 or min(lats) > lat1:
        return []  # wholly outside: what the four passes below would find, sooner
    if min(lons) >= lon0 and max(lons) <= lon1 and min(lats) >= lat0 and max(lats) <= lat1:
        points = [tuple(p[:2]) for p in ring]  # wholly inside: the passes would keep every point
        return [list(p) for p in points + points[:1]] if len(points) >= 3 else []
    sides = [(0, lon0, True), (0, lon1, False), (1, lat0, True), (1, lat1, False)]
    points = [tuple(p[:2]) for p in ring]
    for axis, limit, keep_above in sides:
        inside = (lambda p: p[axis] >= limit) if keep_above else (lambda p: p[axis] <= limit)
        out: list[tuple[float, float]] = []
        for prev, cur in zip(points[-1:] + points[:-1], points):
            if inside(cur) != inside(prev):
                t = (limit - prev[axis]) / (cur[axis] - prev[axis])
                out.append(tuple(round(a + t * (b - a), 3) for a, b in zip(prev, cur)))
            if inside(cur):
                out.append(cur)
        points = out
        if not points:
            return []
    return [list(p) for p in points + points[:1]] if len(points) >= 3 else []


def _thin(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    """Drop points closer than `tolerance` degrees to the last kept one: detail finer than a pixel."""
    kept = [ring[0]]
    for point in ring[1:-1]:
        if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) > tolerance:
            kept.append(point)
    return kept + [ring[-1]] if len(kept) >= 3 else ring


def _simplify(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas-Peucker: drop the points that lie within `tolerance` of the outline without them.

    Fewer points make a smaller figure, and plotly copies, checks and serialises every point
    several times before the browser draws it. Long spans are measured with numpy, short ones
    in plain Python (cheaper below a few hundred points).
    """
    if tolerance <= 0 or len(ring) < 5:
        return ring
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    points = None
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    spans = [(0, len(ring) - 1)]
    while spans:
        first, last = spans.pop()
        if last - first < 2:
            continue
        x0, y0 = xs[first], ys[first]
        cx, cy = xs[last] - x0, ys[last] - y0
        length = math.hypot(cx, cy)
        if last - first > 256:
            if points is None:
                points = np.array([xs, ys])
            ox, oy = points[0, first + 1 : last] - x0, points[1, first + 1 : last] - y0
            distances = np.hypot(ox, oy) if length == 0 else np.abs(cx * oy - cy * ox) / length
            farthest = int(distances.argmax())
            worst = float(distances[farthest])
        else:
            worst, farthest = -1.0, 0
            for k in range(first + 1, last):
                ox, oy = xs[k] - x0, ys[k] - y0
                distance = math.hypot(ox, oy) if length == 0 else abs(cx * oy - cy * ox) / length
                if distance > worst:
                    worst, farthest = distance, k - first - 1
        if worst > tolerance:
            split = first + 1 + farthest
            keep[split] = True
            spans += [(first, split), (split, last)]
    simplified = [point for point, kept in zip(ring, keep) if kept]
    return simplified if len(simplified) >= 4 else ring


def clip(
    feature: dict[str, Any], box: tuple[float, float, float, float], tolerance: float = 0.0
) -> dict[str, Any] | None:
    """The feature cut to the box and thinned to `tolerance`, or None when nothing of it is inside.

    Thinning drops detail finer than `tolerance` (a pixel): points closer than that to the last
    kept one, then, once cut to the box, points within half of it of the outline.
    """
    polygons = []
    for polygon in geo.polygons(feature):
        rings = [_simplify(_clip_ring(_thin(ring, tolerance), box), tolerance / 2) for ring in polygon]
        if rings[0]:
            polygons.append([r for r in rings if r])
    if not polygons:
        return None
    return {**feature, "geometry": {"type": "MultiPolygon", "coordinates": polygons}}


def collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def countries_in_view(view: View, geometry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """iso3 → the country cut to the view (a little beyond its edges) and thinned to a pixel, for
    every country in sight: a map sends the browser only what it can show (small payloads)."""
    box = view.bounds(pad=0.1)
    pixel = 360 / (TILE_PX * 2**view.zoom)
    clipped = {f["id"]: clip(f, box, tolerance=pixel) for f in geometry["features"]}
    return {code: f for code, f in clipped.items() if f is not None}


LABEL_GRID = 24
"""Candidate label points per side when searching a country's visible part for room."""


def label_point(view: View, feature: dict[str, Any]) -> tuple[float, float]:
    """(lat, lon) of the point of the feature's visible part farthest from its edges: where its name fits.

    A centroid can fall outside a country that wraps around another (Russia around eastern
    Ukraine); the roomiest point on a grid cannot. Each grid column is tested against every edge
    at once with numpy (even-odd rule for inside, then the distance to the nearest edge), so
    memory stays small and Russia's thousands of edges take milliseconds, not seconds.
    """
    visible = clip(feature, view.bounds(pad=-0.05)) or feature
    edges = [(a, b) for polygon in geo.polygons(visible) for ring in polygon for a, b in zip(ring, ring[1:])]
    ax, ay = np.array([a[0] for a, _ in edges]), np.array([a[1] for a, _ in edges])
    bx, by = np.array([b[0] for _, b in edges]), np.array([b[1] for _, b in edges])
    lon0, lon1, lat0, lat1 = min(ax.tolist()), max(ax.tolist()), min(ay.tolist()), max(ay.tolist())
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    length2[length2 == 0] = 1.0
    ys = np.array([lat0 + (j + 0.5) / LABEL_GRID * (lat1 - lat0) for j in range(LABEL_GRID)])[:, None]
    straddles = (ay > ys) != (by > ys)  # the edge crosses the horizontal line through the point
    with np.errstate(divide="ignore", invalid="ignore"):  # horizontal edges never straddle
        crossing_x = ax + (ys - ay) * dx / dy
    best = (-1.0, (lat0 + lat1) / 2, (lon0 + lon1) / 2)
    for i in range(LABEL_GRID):
        x = lon0 + (i + 0.5) / LABEL_GRID * (lon1 - lon0)
        inside = ((straddles & (x < crossing_x)).sum(axis=1) % 2).astype(bool)
        if not inside.any():
            continue
        y = ys[inside]
        t = np.clip(((x - ax) * dx + (y - ay) * dy) / length2, 0.0, 1.0)
        rooms = np.hypot(x - ax - t * dx, y - ay - t * dy).min(axis=1)
        for room, lat in zip(rooms.tolist(), y[:, 0].tolist()):
            best = max(best, (room, lat, x))
    return best[1], best[2]


SMALL_PX = 8
"""Countries narrower than this many pixels also get a dot, so Malta or Luxembourg can be seen."""


def extent_px(view: View, feature: dict[str, Any]) -> float:
    """Width of the feature's bounding box in pixels on this view."""
    lons = [p[0] for polygon in geo.polygons(feature) for p in polygon[0]]
    return (max(lons) - min(lons)) * TILE_PX * 2**view.zoom / 360


def hatch(feature: dict[str, Any], spacing: float) -> tuple[list[float | None], list[float | None]]:
    """Diagonal hatch lines inside the feature (even–odd rule), as lon/lat lists broken by None."""
    edges = [(a[:2], b[:2]) for polygon in geo.polygons(feature) for ring in polygon for a, b in zip(ring, ring[1:])]
    diagonals = [x - y for (x, y), _ in edges]
    lons: list[float | None] = []
    lats: list[float | None] = []
    c = math.floor(min(diagonals) / spacing) * spacing + spacing / 2
    while c < max(diagonals):
        hits = []
        for (x0, y0), (x1, y1) in edges:
            u0, u1 = x0 - y0, x1 - y1
            if (u0 < c) != (u1 < c):
                t = (c - u0) / (u1 - u0)
                hits.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
        hits.sort()
        for (xa, ya), (xb, yb) in zip(hits[::2], hits[1::2]):
            lons += [round(xa, 3), round(xb, 3), None]
            lats += [round(ya, 3), round(yb, 3), None]
        c += spacing
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
