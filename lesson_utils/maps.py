"""Maps for the lessons: offline GeoJSON on a plain white background, labels placed by projection.

Every map uses `go.Choroplethmap`/`go.Scattermap` with geometry from `geo.load_geometry()` and
`map.style="white-bg"`, so nothing is fetched from the internet. Map text drawn *inside* the map by
MapLibre needs font files from a server, so labels are layout annotations instead: each map has a
fixed size, centre and zoom (a `View`), and a label's position is its Web-Mercator projection. Each
map states, on the map itself, that it shows internationally recognised borders.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lesson_utils import collector, data, geo
from lesson_utils.figures import LEVEL_LABELS
from lesson_utils.palette import NEUTRAL, OKABE_ITO, PALETTE
from lesson_utils.theme import TEMPLATE

BORDERS_NOTE = (
    "Internationally recognised borders: Crimea is shown as part of Ukraine "
    "(occupied by Russia since {year}; UN General Assembly resolution {resolution})"
)
"""The caption every map carries; `borders_note()` fills in the year and resolution from the timeline."""

TILE_PX = 512
"""Width in pixels of the whole world at zoom 0 in MapLibre, which plotly's map subplot uses."""

UKRAINE = "UKR"
LAND_COLOUR = "#EDEDED"
"""Countries that are only context on a map where NEUTRAL already means something."""
ABSENT_COLOUR = "#8C8C8C"
SEA_COLOUR = OKABE_ITO["blue"]
CITY_COLOUR = OKABE_ITO["vermillion"]
LABEL_BG = "rgba(255,255,255,0.75)"


# --- the caption -------------------------------------------------------------------------------


def borders_note(timeline: pd.DataFrame | None = None) -> str:
    """The recognised-borders caption, with the occupation year and the UN resolution from the timeline.

    The year is the earliest Crimea-2014 event; the resolution number is read from the event that
    names a General Assembly resolution, so neither is typed here.
    """
    timeline = data.load_timeline() if timeline is None else timeline
    crimea = timeline[timeline["category"] == "crimea_2014"]
    if crimea.empty:
        raise ValueError("timeline.csv has no 'crimea_2014' events to date the occupation of Crimea")
    text = crimea["event"].fillna("") + " " + crimea["label"].fillna("") + " " + crimea["note"].fillna("")
    numbers = text.str.extract(r"(\d{2,3}/\d{3})", expand=False).dropna()
    if numbers.empty:
        raise ValueError("no 'crimea_2014' event in timeline.csv names the UN General Assembly resolution")
    return BORDERS_NOTE.format(year=crimea["date"].min().year, resolution=numbers.iloc[0])


# --- views: where a map looks, and where a lon/lat lands on the page ----------------------------


def _mercator(lat: float, lon: float) -> tuple[float, float]:
    """Web-Mercator position in world units (0..1 across, 0 at the top)."""
    phi = math.radians(max(min(lat, 85.0), -85.0))
    return (lon + 180) / 360, (1 - math.log(math.tan(math.pi / 4 + phi / 2)) / math.pi) / 2


def _inverse_lat(y: float) -> float:
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
    def fit(cls, bbox: tuple[float, float, float, float], width: int, height: int,
            margin: tuple[int, int, int, int]) -> View:
        """The view that shows bbox (lon0, lat0, lon1, lat1) as large as the plot area allows."""
        lon0, lat0, lon1, lat1 = bbox
        x0, y1 = _mercator(lat0, lon0)
        x1, y0 = _mercator(lat1, lon1)
        w, h = width - margin[0] - margin[1], height - margin[2] - margin[3]
        zoom = math.log2(min(w / ((x1 - x0) * TILE_PX), h / ((y1 - y0) * TILE_PX)))
        return cls(_inverse_lat((y0 + y1) / 2), (lon0 + lon1) / 2, zoom, width, height, margin)

    @property
    def _scale(self) -> tuple[float, float]:
        px = TILE_PX * 2**self.zoom
        return px / (self.width - self.margin[0] - self.margin[1]), px / (self.height - self.margin[2] - self.margin[3])

    def paper(self, lat: float, lon: float) -> tuple[float, float]:
        """Paper coordinates (0..1 across the plot area) of a point, for a layout annotation."""
        x, y = _mercator(lat, lon)
        xc, yc = _mercator(self.lat, self.lon)
        sx, sy = self._scale
        return 0.5 + (x - xc) * sx, 0.5 - (y - yc) * sy

    def bounds(self, pad: float = 0.05) -> tuple[float, float, float, float]:
        """(lon0, lat0, lon1, lat1) visible in the window, widened by `pad` of its size each side."""
        xc, yc = _mercator(self.lat, self.lon)
        sx, sy = self._scale
        half_x, half_y = (0.5 + pad) / sx, (0.5 + pad) / sy
        to_lon = lambda x: x * 360 - 180  # noqa: E731
        return to_lon(xc - half_x), _inverse_lat(yc + half_y), to_lon(xc + half_x), _inverse_lat(yc - half_y)

    def layout(self) -> dict[str, Any]:
        """The layout keys that pin the figure to this view."""
        left, right, top, bottom = self.margin
        return dict(
            width=self.width, height=self.height, margin=dict(l=left, r=right, t=top, b=bottom),
            map=dict(style="white-bg", center=dict(lat=self.lat, lon=self.lon), zoom=self.zoom,
                     domain=dict(x=[0, 1], y=[0, 1])),
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


def _clip(feature: dict[str, Any], box: tuple[float, float, float, float], tolerance: float = 0.0) -> dict[str, Any] | None:
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


def _collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def countries_in_view(view: View, geometry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """iso3 → the country cut to the view (a little beyond its edges) and thinned to a pixel, for
    every country in sight: a map sends the browser only what it can show (small payloads)."""
    box = view.bounds(pad=0.1)
    pixel = 360 / (TILE_PX * 2**view.zoom)
    clipped = {f["id"]: _clip(f, box, tolerance=pixel) for f in geometry["features"]}
    return {code: f for code, f in clipped.items() if f is not None}


LABEL_GRID = 24
"""Candidate label points per side when searching a country's visible part for room."""


def _label_point(view: View, feature: dict[str, Any]) -> tuple[float, float]:
    """(lat, lon) of the point of the feature's visible part farthest from its edges: where its name fits.

    A centroid can fall outside a country that wraps around another (Russia around eastern
    Ukraine); the roomiest point on a grid cannot. Each grid column is tested against every edge
    at once with numpy (even-odd rule for inside, then the distance to the nearest edge), so
    memory stays small and Russia's thousands of edges take milliseconds, not seconds.
    """
    visible = _clip(feature, view.bounds(pad=-0.05)) or feature
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


def _extent_px(view: View, feature: dict[str, Any]) -> float:
    """Width of the feature's bounding box in pixels on this view."""
    lons = [p[0] for polygon in geo.polygons(feature) for p in polygon[0]]
    return (max(lons) - min(lons)) * TILE_PX * 2**view.zoom / 360


def _hatch(feature: dict[str, Any], spacing: float) -> tuple[list[float | None], list[float | None]]:
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


# --- traces and annotations shared by the maps -------------------------------------------------


def _fill(features: list[dict[str, Any]], colour: str, name: str, *, legend: bool = True,
          hover: str | None = None, line: str = "white", width: float = 0.6) -> go.Choroplethmap:
    """One flat-coloured country layer; its geojson holds only its own features (small payload)."""
    codes = [f["id"] for f in features]
    labels = [f["properties"]["name"] + (f": {hover}" if hover else "") for f in features]
    return go.Choroplethmap(
        geojson=_collection(features), featureidkey="properties.iso3", locations=codes, z=[1] * len(codes),
        colorscale=[[0, colour], [1, colour]], showscale=False, marker=dict(line=dict(color=line, width=width)),
        name=name, showlegend=legend and bool(codes), text=labels, hovertemplate="%{text}<extra></extra>",
    )


def _label(view: View, lat: float, lon: float, text: str, *, size: int = 13, colour: str = "#222222",
           italic: bool = False, bold: bool = False, background: bool = True, **kwargs: Any) -> dict | None:
    """A text label at a place on the map, or None when the place is outside the view."""
    x, y = view.paper(lat, lon)
    if not (0.02 <= x <= 0.98 and 0.02 <= y <= 0.98):
        return None
    text = f"<i>{text}</i>" if italic else text
    text = f"<b>{text}</b>" if bold else text
    return dict(x=x, y=y, xref="paper", yref="paper", text=text, showarrow=False,
                font=dict(size=size, color=colour), bgcolor=LABEL_BG if background else None, **kwargs)


def _caption(view: View, extra: str = "") -> dict:
    """The recognised-borders note under the map (and any extra line), wrapped to the map's width."""
    chars = int((view.width - view.margin[0]) / 7)
    lines = textwrap.wrap(borders_note(), chars) + (textwrap.wrap(extra, chars) if extra else [])
    return dict(x=0, y=-0.015, xref="paper", yref="paper", xanchor="left", yanchor="top", align="left",
                showarrow=False, text="<br>".join(lines), font=dict(size=12, color="#333333"))


def _side_note(text: str, y: float = 1.0) -> dict:
    """A block of text in the right margin, beside the map."""
    return dict(x=1.02, y=y, xref="paper", yref="paper", xanchor="left", yanchor="top", align="left",
                showarrow=False, text=text, font=dict(size=13))


def _join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _finish(fig: go.Figure, view: View, title: str, annotations: list[dict | None], legend_y: float = 0.99) -> go.Figure:
    """Apply the template, the view, the labels and a legend inside the map (outside it would move the map)."""
    fig.update_layout(template=TEMPLATE, title=dict(text=title), **view.layout(),
                      annotations=[a for a in annotations if a is not None],
                      legend=dict(x=0.01, y=legend_y, xanchor="left", yanchor="top" if legend_y > 0.5 else "bottom",
                                  bgcolor="rgba(255,255,255,0.9)",
                                  bordercolor="#999999", borderwidth=1, font=dict(size=13)))
    return fig


# --- participants -----------------------------------------------------------------------------

EUROPE_VIEW = View.fit((-25.0, 34.5, 45.0, 71.5), width=1000, height=760, margin=(10, 250, 70, 70))
WORLD_VIEW = View.fit((-135.0, -47.0, 160.0, 72.0), width=1000, height=560, margin=(10, 10, 70, 70))


def _participant_groups(participants: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Countries by how they were represented ('absent' for countries named as absent)."""
    countries = participants[(participants["kind"] == "country") & participants["iso3"].notna()]
    absent = countries[~countries["attended"].astype(bool) | (countries["role"] == "absent")]
    present = countries.drop(absent.index)
    groups = {level: present[present["level"] == level] for level in LEVEL_LABELS}
    groups["absent"] = absent
    return {key: rows for key, rows in groups.items() if not rows.empty}


def _participants_figure(participants: pd.DataFrame, view: View, geometry: str) -> tuple[go.Figure, list[str]]:
    """The coloured countries of a participants map, and the names of those it could not show."""
    shapes = countries_in_view(view, geo.load_geometry(geometry))
    groups = _participant_groups(participants)
    fig = go.Figure()
    shown = {code for rows in groups.values() for code in rows["iso3"]}
    fig.add_trace(_fill([f for code, f in shapes.items() if code not in shown], LAND_COLOUR, "Not invited / not listed",
                        legend=False, line="#FFFFFF"))
    dots: list[tuple[dict[str, Any], str, str]] = []
    for i, (key, rows) in enumerate(groups.items()):
        on_map = [shapes[c] for c in rows["iso3"] if c in shapes]
        colour = ABSENT_COLOUR if key == "absent" else PALETTE[i]
        dots += [(f, colour, key) for f in on_map if _extent_px(view, f) < SMALL_PX]
        if key == "absent":
            fig.add_trace(_fill(on_map, ABSENT_COLOUR, "Absent (hatched)", hover="absent", line="#222222", width=1))
            lons, lats = [], []
            for feature in on_map:
                x, y = _hatch(feature, spacing=0.45 * 2 ** (3.2 - view.zoom))
                lons, lats = lons + x, lats + y
            fig.add_trace(go.Scattermap(lon=lons, lat=lats, mode="lines", line=dict(color="white", width=1.2),
                                        showlegend=False, hoverinfo="skip", name="absent hatching"))
        else:
            fig.add_trace(_fill(on_map, colour, LEVEL_LABELS[key], hover=LEVEL_LABELS[key].lower()))
    if dots:
        points = [_label_point(view, f) for f, _, _ in dots]
        fig.add_trace(go.Scattermap(
            lat=[p[0] for p in points], lon=[p[1] for p in points], mode="markers", showlegend=False,
            marker=dict(size=11, color=[c for _, c, _ in dots]), name="small countries",
            text=[f"{f['properties']['name']}: {'absent' if k == 'absent' else LEVEL_LABELS[k].lower()}" for f, _, k in dots],
            hovertemplate="%{text}<extra></extra>"))
    hosts = participants[participants["role"].isin(["host", "co-host"]) & participants["iso3"].isin(list(shapes))]
    fig.add_trace(go.Choroplethmap(
        geojson=_collection(shapes[c] for c in hosts["iso3"]), featureidkey="properties.iso3",
        locations=list(hosts["iso3"]), z=[1] * len(hosts), colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        showscale=False, marker=dict(line=dict(color="black", width=3)), name="Host and co-host: thick black outline",
        showlegend=not hosts.empty, text=[f"{r.name}: {r.role}" for r in hosts.itertuples()],
        hovertemplate="%{text}<extra></extra>"))
    status = {code: key for key, rows in groups.items() for code in rows["iso3"]}
    off_map = [f"{r.name} ({'absent' if status[r.iso3] == 'absent' else LEVEL_LABELS[status[r.iso3]].lower()})"
               for r in participants.itertuples() if r.iso3 in status and r.iso3 not in shapes]
    return fig, off_map


def _organisations(participants: pd.DataFrame) -> list[str]:
    orgs = participants[participants["kind"] == "organisation"]
    return [f"{r.name}" + (f" ({r.title} {r.leader})" if pd.notna(r.leader) and pd.notna(r.title) else "")
            for r in orgs.itertuples()]


@collector.paused()
def participants_map(participants: pd.DataFrame) -> go.Figure:
    """Europe with each delegation coloured by its level of representation; absentees hatched grey."""
    fig, off_map = _participants_figure(participants, EUROPE_VIEW, "europe")
    orgs = _organisations(participants)
    side = "<b>Also at the table</b><br>" + "<br>".join(textwrap.fill(o, 30).replace("\n", "<br>") for o in orgs)
    if off_map:
        side += "<br><br><b>Beyond this map</b><br>" + "<br>".join(off_map)
    title = "Who came to the Paris summit, by level of representation"
    return _finish(fig, EUROPE_VIEW, title, [_side_note(side), _caption(EUROPE_VIEW)])


@collector.paused()
def participants_world_map(participants: pd.DataFrame) -> go.Figure:
    """The same colouring on a world map, so Canada, Australia and the United States are visible too."""
    fig, _ = _participants_figure(participants, WORLD_VIEW, "world")
    return _finish(fig, WORLD_VIEW, "The summit's delegations on a world map", [_caption(WORLD_VIEW)], legend_y=0.02)


def describe_participants_map(participants: pd.DataFrame) -> str:
    """Text alternative: how many countries at each level, who was absent, what lies off the map."""
    groups = _participant_groups(participants)
    parts = []
    for key, rows in groups.items():
        label = "absent" if key == "absent" else LEVEL_LABELS[key].lower()
        names = _join(sorted(rows["name"]))
        parts.append(f"{label} ({len(rows)}): {names}")
    europe = set(geo.country_codes("europe"))
    beyond = sorted(participants.loc[participants["iso3"].notna() & ~participants["iso3"].isin(europe), "name"])
    hosts = participants[participants["role"].isin(["host", "co-host"])]
    return (
        "Map of Europe. Countries are coloured by how they were represented at the summit: "
        + "; ".join(parts) + ". Absent countries are grey with white hatching. "
        + f"Host and co-host, outlined in black: {_join([f'{r.name} ({r.role})' for r in hosts.itertuples()])}. "
        + f"Not on the European map, listed beside it: {_join(beyond)}. "
        + f"Organisations listed beside the map: {_join(_organisations(participants))}. "
        + borders_note() + "."
    )


# --- Ukraine and its neighbours -----------------------------------------------------------------

UKRAINE_VIEW = View.fit((19.5, 43.2, 42.5, 53.8), width=1000, height=720, margin=(10, 10, 70, 80))


@collector.paused()
def locator_map(neighbours: pd.DataFrame, features: pd.DataFrame | None = None) -> go.Figure:
    """Ukraine, its land neighbours labelled with their border length, and its seas.

    Sea labels sit at the coordinates in features.csv (`kind == "sea"`); seas the table does not
    locate are named in the description only.
    """
    features = data.load_features() if features is None else features
    shapes = countries_in_view(UKRAINE_VIEW, geo.load_geometry("europe"))
    land = neighbours[neighbours["kind"] == "country"]
    codes = [c for c in land["iso3"] if c in shapes]
    fig = go.Figure([
        _fill([f for c, f in shapes.items() if c not in codes and c != UKRAINE], NEUTRAL, "Other countries"),
        _fill([shapes[c] for c in codes], PALETTE[6], "Land neighbour of Ukraine", hover="neighbour", line="#444444"),
        _fill([shapes[UKRAINE]], PALETTE[0], "Ukraine", line="#222222", width=1.5),
    ])
    labels = [_label(UKRAINE_VIEW, *_label_point(UKRAINE_VIEW, shapes[UKRAINE]), "UKRAINE", size=18, colour="white",
                     bold=True, background=False)]
    for row in land[land["iso3"].isin(codes)].itertuples():
        labels.append(_label(UKRAINE_VIEW, *_label_point(UKRAINE_VIEW, shapes[row.iso3]),
                             f"<b>{row.name}</b><br>{row.border_km:,.0f} km", size=13))
    for sea in features[features["kind"] == "sea"].itertuples():
        labels.append(_label(UKRAINE_VIEW, sea.lat, sea.lon, sea.name, size=15, colour=SEA_COLOUR,
                             italic=True, background=False))
    title = f"Ukraine, its {len(codes)} land neighbours and its seas"
    extra = "Neighbour labels give the length of the land border with Ukraine (km)."
    located = set(features.loc[features["kind"] == "sea", "name"])
    unlocated = [f"{r.name} ({r.direction})" for r in neighbours[neighbours["kind"] == "sea"].itertuples()
                 if r.name not in located]
    if unlocated:
        extra += f" Seas not labelled, as the data give no coordinates for them: {_join(unlocated)}."
    return _finish(fig, UKRAINE_VIEW, title, labels + [_caption(UKRAINE_VIEW, extra)])


def describe_locator_map(neighbours: pd.DataFrame, features: pd.DataFrame | None = None) -> str:
    """Text alternative: each neighbour with direction and border length, and the seas."""
    features = data.load_features() if features is None else features
    land = neighbours[neighbours["kind"] == "country"].sort_values("border_km", ascending=False)
    seas = neighbours[neighbours["kind"] == "sea"]
    located = set(features.loc[features["kind"] == "sea", "name"])
    sea_text = _join([f"the {r.name} ({r.direction})" for r in seas.itertuples()])
    unlocated = [n for n in seas["name"] if n not in located]
    return (
        f"Map of Ukraine (dark blue) and its {len(land)} land neighbours (yellow), each labelled with the "
        "length of its land border: "
        + "; ".join(f"{r.name} to the {r.direction}, {r.border_km:,.0f} km" for r in land.itertuples())
        + (f". Seas labelled on the map: {_join(sorted(located))}" if located else "")
        + f". Ukraine's seas in the neighbours table: {sea_text}."
        + (f" Not labelled because features.csv gives no coordinates: {_join(unlocated)}." if unlocated else "")
        + " Other countries are grey. " + borders_note() + "."
    )


# --- physical map -------------------------------------------------------------------------------

PHYSICAL_VIEW = View.fit((21.8, 44.2, 40.5, 52.5), width=1000, height=720, margin=(10, 10, 70, 90))
MAX_MARKER_PX = 46


def _city_sizes(population: pd.Series) -> pd.Series:
    """Marker diameters with area proportional to population (largest city = MAX_MARKER_PX)."""
    return MAX_MARKER_PX * (population / population.max()) ** 0.5


def _feature_label(row: Any) -> str:
    if pd.notna(row.value) and pd.notna(row.unit):
        return f"{row.name} {row.value:,.0f} {row.unit}"
    return row.name


def shared_note(notes: pd.Series) -> str:
    """The sentences that every row's note repeats: a caveat about the whole table, in its words."""
    split = [[part.strip() for part in re.split(r"(?<=\.)\s+", note) if part.strip()] for note in notes.dropna()]
    if not split:
        return ""
    return " ".join(sentence for sentence in split[0] if all(sentence in other for other in split[1:]))


LABEL_STYLE: dict[str, dict[str, Any]] = {
    "peak": dict(xanchor="left", xshift=10),
    "mountain_range": dict(colour=OKABE_ITO["bluish_green"], italic=True, size=15, xanchor="right", xshift=-12, yshift=20),
    "river": dict(colour=OKABE_ITO["blue"], italic=True, size=14, xanchor="left", xshift=10),
    "peninsula": dict(size=15, bold=True),
    "sea": dict(colour=SEA_COLOUR, italic=True, size=15, background=False),
}
"""How each kind of feature is labelled; the peak and its range share a point, so they sit apart."""


@collector.paused()
def physical_map(features: pd.DataFrame, cities: pd.DataFrame) -> go.Figure:
    """Ukraine's relief landmarks, the Dnieper, Crimea and the largest cities sized by population."""
    shapes = countries_in_view(PHYSICAL_VIEW, geo.load_geometry("europe"))
    fig = go.Figure([
        _fill([f for c, f in shapes.items() if c != UKRAINE], LAND_COLOUR, "Other countries", legend=False),
        _fill([shapes[UKRAINE]], "#FFF6D5", "Ukraine", legend=False, line="#222222", width=2),
    ])
    rivers = {f["id"]: f for f in geo.load_geometry("rivers")["features"]}
    dnieper = rivers["dnieper"]
    lines = dnieper["geometry"]["coordinates"]
    lines = [lines] if dnieper["geometry"]["type"] == "LineString" else lines
    fig.add_trace(go.Scattermap(
        lon=[p[0] for line in lines for p in [*line, [None, None]]], lat=[p[1] for line in lines for p in [*line, [None, None]]],
        mode="lines", line=dict(color=OKABE_ITO["sky_blue"], width=3.5), name=f"River {dnieper['properties']['name']}",
        hoverinfo="name"))
    peaks = features[features["kind"] == "peak"]
    fig.add_trace(go.Scattermap(
        lon=peaks["lon"], lat=peaks["lat"], mode="markers", name="Highest point",
        marker=dict(size=14, color=OKABE_ITO["bluish_green"]), text=[_feature_label(r) for r in peaks.itertuples()],
        hovertemplate="%{text}<extra></extra>"))
    shown = features[features["kind"].isin(list(LABEL_STYLE)) & ((features["kind"] != "river") | features["id"].isin(list(rivers)))]
    labels = [_label(PHYSICAL_VIEW, r.lat, r.lon, _feature_label(r) if r.kind == "peak" else r.name, **LABEL_STYLE[r.kind])
              for r in shown.itertuples()]
    mapped = cities.dropna(subset=["lat", "lon"]).sort_values("population", ascending=False)
    sizes = _city_sizes(mapped["population"])
    year = _join([str(y) for y in sorted(mapped["population_year"].unique())])
    fig.add_trace(go.Scattermap(
        lon=mapped["lon"], lat=mapped["lat"], mode="markers", name=f"City (area ∝ population, {year})",
        marker=dict(size=sizes, color=CITY_COLOUR, opacity=0.8),
        text=[f"{r.name}: {r.population:,} ({r.population_year})" for r in mapped.itertuples()],
        hovertemplate="%{text}<extra></extra>"))
    labels += [_label(PHYSICAL_VIEW, r.lat, r.lon, f"<b>{r.name}</b> {r.population / 1e6:.2f} million", yshift=-(size / 2 + 10))
               for r, size in zip(mapped.itertuples(), sizes)]
    missing = cities[cities["lat"].isna() | cities["lon"].isna()]["name"]
    extra = f"City populations: {year} figures. {shared_note(cities['note'])}"
    if not missing.empty:
        extra += f" Not mapped (no coordinates in the data): {_join(list(missing))}."
    title = "Ukraine's physical geography: mountains, the Dnieper, Crimea and the largest cities"
    return _finish(fig, PHYSICAL_VIEW, title, labels + [_caption(PHYSICAL_VIEW, extra)])


def describe_physical_map(features: pd.DataFrame, cities: pd.DataFrame) -> str:
    """Text alternative: landmarks with their measures, mapped cities with population, unmapped cities."""
    marks = [f"{r.name} ({r.kind.replace('_', ' ')}" + (f", {r.measure} {r.value:,.0f} {r.unit})" if pd.notna(r.value) else ")")
             for r in features.itertuples() if r.kind in ("mountain_range", "peak", "river", "peninsula")]
    mapped = cities.dropna(subset=["lat", "lon"]).sort_values("population", ascending=False)
    missing = cities[cities["lat"].isna() | cities["lon"].isna()]
    text = (
        "Map of Ukraine (pale yellow, black outline) with its physical landmarks: " + _join(marks) + ". "
        "The Dnieper is drawn as a light-blue line. Cities are red circles whose area is proportional to population: "
        + _join([f"{r.name} {r.population:,} ({r.population_year}, {r.population_basis})" for r in mapped.itertuples()]) + "."
    )
    if not missing.empty:
        text += " Not mapped because the data give no coordinates: " + _join(
            [f"{r.name} ({r.population:,}, {r.population_year})" for r in missing.itertuples()]) + "."
    return text + " " + borders_note() + "."


# --- occupied regions ---------------------------------------------------------------------------

OCCUPATION_STYLE = {"occupied": OKABE_ITO["vermillion"], "partly occupied": OKABE_ITO["orange"]}
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
    shapes = countries_in_view(view, geo.load_geometry("europe"))
    outlines = {f["id"]: f for f in geo.load_geometry("regions")["features"]}
    fig = go.Figure([
        _fill([f for c, f in shapes.items() if c != UKRAINE], LAND_COLOUR, "Other countries", legend=False),
        _fill([shapes[UKRAINE]], "#FFF6D5", "Ukraine (recognised borders)", line="#222222", width=2),
    ])
    labels = []
    for control, colour in OCCUPATION_STYLE.items():
        rows = regions[regions["control"] == control]
        if rows.empty:
            continue
        claimed = _join(sorted({f"{d.day} {d:%B %Y}" for d in rows["annexation_claimed"]}))
        fig.add_trace(go.Choroplethmap(
            geojson=_collection(outlines[r] for r in rows["id"]), featureidkey="id", locations=list(rows["id"]), z=[1] * len(rows),
            colorscale=[[0, colour], [1, colour]], showscale=False, marker=dict(line=dict(color="#222222", width=1)),
            name=f"{control.capitalize()} by Russia (annexation claimed {claimed})",
            showlegend=True,
            text=[f"{r.name}: {r.control} since {r.occupied_since}" for r in rows.itertuples()],
            hovertemplate="%{text}<extra></extra>"))
        if control == "partly occupied":
            lons: list[float | None] = []
            lats: list[float | None] = []
            for region_id in rows["id"]:
                x, y = _hatch(outlines[region_id], spacing=0.25)
                lons, lats = lons + x, lats + y
            fig.add_trace(go.Scattermap(lon=lons, lat=lats, mode="lines", line=dict(color="white", width=1.2),
                                        showlegend=False, hoverinfo="skip", name="partly occupied hatching"))
        labels += [_label(view, *_label_point(view, outlines[r.id]), r.name.split(" (")[0], size=12)
                   for r in rows.itertuples()]
    extra = (f"Russia's claimed annexations are recognised by no UN resolution: {_resolution(timeline, 'unga-es-11-4-2022-10-12')} "
             "(12 October 2022) declares the 2022 claim invalid. Hatched regions are claimed whole but held only in part; "
             "the front line is not drawn.")
    title = "Regions of Ukraine occupied by Russia, in whole or in part, within Ukraine's recognised borders"
    return _finish(fig, view, title, labels + [_caption(view, extra)], legend_y=0.01)


def describe_occupation_map(regions: pd.DataFrame, timeline: pd.DataFrame) -> str:
    """Text alternative: each region with its status, since when, and the claim; the dated share."""
    share = timeline.set_index("id").loc["territory-controlled-2025-08"]
    parts = [f"{r.name}, {r.control} since {r.occupied_since} (annexation claimed {r.annexation_claimed.day} "
             f"{r.annexation_claimed:%B %Y})" for r in regions.itertuples()]
    return (
        "Map of Ukraine within its internationally recognised borders, with the regions Russia occupies in whole or "
        f"in part: {'; '.join(parts)}. Fully occupied regions are red; partly occupied ones are orange and hatched, "
        f"and drawn whole because Russia claims them whole. {share['label']}: {share['event']} "
        f"UN General Assembly resolution {_resolution(timeline, 'unga-es-11-4-2022-10-12')} declares the 2022 "
        "claim invalid. " + borders_note() + "."
    )
