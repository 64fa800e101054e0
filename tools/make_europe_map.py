"""Make consortia/data/europe-map.json, the country shapes of the partner map, from Natural Earth.

A one-off converter: the JSON it writes is committed, so neither the build nor a visitor's browser
fetches anything. Re-run it only to change the map's extent, projection or detail:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    cd /work/main && .venv/bin/python tools/make_europe_map.py /tmp/package/countries-50m.json

(world-atlas 2.0.2 is Natural Earth's 1:50m Admin 0 countries as TopoJSON, ISC licence; Natural
Earth itself is public domain.) The output is deterministic: the same input gives the same bytes.

Steps: decode the TopoJSON (quantized, delta-encoded arcs shared between neighbours); project onto
a Lambert azimuthal equal-area projection centred on 10° E, 52° N (as ETRS89-LAEA, EPSG:3035);
simplify each shared arc once with Douglas–Peucker at half a unit of the output (so neighbours keep
one common border); clip to a rectangle from Iceland and Portugal to Cyprus and eastern Turkey; round
to one decimal; write relative SVG path data by ISO 3166 alpha-2 code (pycountry, from the numeric
ids), keys sorted. The output's units are CSS pixels at its natural width, WIDTH.

Choices about borders: Natural Earth draws de facto borders. Cyprus is drawn as the whole island (the
Republic of Cyprus and the EU's view; "N. Cyprus" has no ISO code), Crimea with Ukraine (the EU does
not recognise its annexation; Natural Earth draws it with Russia), Åland with Finland. Kosovo has no
ISO code: it is kept as neutral land under the EU's code XK, which partner records cannot use, so it
is never a link. Countries so small that a reader could not find or click them (Malta, Andorra, …)
also get a marker point, drawn as a dot when they have a partner.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parent.parent / "consortia" / "data" / "europe-map.json"

WIDTH = 800  # output units (CSS px at natural size); the height follows from the extent
TOLERANCE = 0.5  # Douglas–Peucker tolerance, output units
MIN_RING_AREA = 0.8  # islands smaller than this (output units²) are dropped, unless a country's only land
SMALL_AREA = 40.0  # countries smaller than this get a marker point
MARGIN = 12  # output units around the places that must be on the map

CENTRE = (10.0, 52.0)  # lon, lat of the projection centre
# Places that must be inside the map; the clip rectangle is their bounding box plus MARGIN.
MUST_SHOW = [
    (-24.6, 65.5), (-16.0, 66.6),  # Iceland, west and north
    (-9.5, 37.0), (-9.5, 38.8),  # Portugal, Cabo de São Vicente and Cabo da Roca
    (33.0, 34.56), (34.6, 35.7),  # Cyprus, south and east
    (44.8, 39.7), (44.5, 37.1), (36.2, 35.8),  # Turkey, east, south-east, south
    (24.1, 34.8),  # Gavdos, south of Crete
    (25.8, 71.2), (31.0, 70.3),  # North Cape, eastern Finnmark
]

# Natural Earth units that are drawn as part of another country (by their ISO numeric id or name).
MERGE = {"N. Cyprus": "CY", "248": "FI"}
# Polygons of a unit, found by a point inside them, that are drawn as part of another country.
MOVE = {("Russia", (34.1, 45.0)): "UA"}  # Crimea, at Simferopol
# Units without an ISO numeric id that are kept, as neutral land, under this code.
NO_ISO_ID = {"Kosovo": "XK"}
# Countries left out: only a sliver of Greenland's coast would show, in a corner.
LEAVE_OUT = {"GL"}


def project(lon: float, lat: float) -> tuple[float, float]:
    """Spherical Lambert azimuthal equal-area, unit sphere; y grows northwards."""
    lon0, lat0 = map(math.radians, CENTRE)
    lam, phi = math.radians(lon), math.radians(lat)
    cos_c = math.sin(lat0) * math.sin(phi) + math.cos(lat0) * math.cos(phi) * math.cos(lam - lon0)
    k = math.sqrt(2 / (1 + cos_c))
    x = k * math.cos(phi) * math.sin(lam - lon0)
    y = k * (math.cos(lat0) * math.sin(phi) - math.sin(lat0) * math.cos(phi) * math.cos(lam - lon0))
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Quantized, delta-encoded arcs → lists of (lon, lat)."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, keeping both ends; a closed arc is split at its farthest point first."""
    if len(points) < 3:
        return points
    if points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        if far == 0:
            return points[:1]
        return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        best, best_distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs((x2 - x1) * (y1 - py) - (x1 - px) * (y2 - y1)) / length
            else:
                distance = math.hypot(px - x1, py - y1)
            if distance > best_distance:
                best, best_distance = i, distance
        if best is not None:
            keep[best] = True
            stack += [(first, best), (best, last)]
    return [point for point, kept in zip(points, keep) if kept]


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring's points from its arc indices (~i is arc i backwards), without repeated joints."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def merge_rings(rings: list[list[int]], arcs: list[list[tuple[float, float]]]) -> list[list[int]]:
    """The outline of several units drawn as one country: arcs used both ways (their common border)
    go, and the rest are chained end to start into rings again."""
    used = {index for ring in rings for index in ring}
    kept = [index for ring in rings for index in ring if ~index not in used]
    ends = {}
    for index in kept:
        points = ring_points([index], arcs)
        ends[index] = (points[0], points[-1])
    merged: list[list[int]] = []
    while kept:
        ring = [kept.pop(0)]
        while ends[ring[-1]][1] != ends[ring[0]][0]:
            following = next(index for index in kept if ends[index][0] == ends[ring[-1]][1])
            kept.remove(following)
            ring.append(following)
        merged.append(ring)
    return merged


def clip(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman against an axis-aligned rectangle (left, top, right, bottom)."""
    left, top, right, bottom = box
    edges = [
        (lambda p: p[0] >= left, lambda a, b: _cross_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _cross_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: _cross_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: _cross_y(a, b, bottom)),
    ]
    for inside, cross in edges:
        if not ring:
            break
        source, ring = ring, []
        previous = source[-1]
        for point in source:
            if inside(point):
                if not inside(previous):
                    ring.append(cross(previous, point))
                ring.append(point)
            elif inside(previous):
                ring.append(cross(previous, point))
            previous = point
    return ring


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def area(ring: list[tuple[float, float]]) -> float:
    """Signed area (shoelace)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    """Rings of points in tenths of a unit → compact relative SVG path data, 'M12.3 4.5l1-2.5…z m…z'."""
    tokens: list[str] = []
    start = (0, 0)
    for ring in rings:
        tokens.append("M" if not tokens else "m")
        tokens += [_number(ring[0][0] - start[0]), _number(ring[0][1] - start[1]), "l"]
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            tokens += [_number(x2 - x1), _number(y2 - y1)]
        tokens.append("z")
        start = ring[0]  # after z, the current point is the ring's start
    text = ""
    for previous, token in zip([""] + tokens, tokens):
        needs_space = previous[-1:].isdigit() or previous.endswith(".")
        if needs_space and (token[0].isdigit() or (token[0] == "." and "." not in previous)):
            text += " "
        text += token
    return text


def _number(tenths: int) -> str:
    """-5 → '-.5', 123 → '12.3', 10 → '1'."""
    text = f"{tenths / 10:.1f}".removesuffix(".0")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def centre(points: list[tuple[float, float]]) -> list[float]:
    """The mean of the points, rounded like the paths: where a small country's marker goes."""
    return [round(sum(x for x, _ in points) / len(points), 1), round(sum(y for _, y in points) / len(points), 1)]


def contains(ring: list[tuple[float, float]], point: tuple[float, float]) -> bool:
    """Even-odd point-in-polygon test."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def code_of(geometry: dict) -> str | None:
    name, numeric = geometry["properties"]["name"], geometry.get("id")
    if name in MERGE:
        return MERGE[name]
    if numeric in MERGE:
        return MERGE[numeric]
    if numeric is None:
        return NO_ISO_ID.get(name)
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_2 if country else None


def main(source: Path) -> None:
    topology = json.loads(source.read_text(encoding="utf-8"))
    lonlat_arcs = decode_arcs(topology)
    # Frame: the bounding box of MUST_SHOW, projected, plus a margin; scaled to WIDTH.
    corners = [project(lon, lat) for lon, lat in MUST_SHOW]
    west, east = min(x for x, _ in corners), max(x for x, _ in corners)
    south, north = min(y for _, y in corners), max(y for _, y in corners)
    scale = (WIDTH - 2 * MARGIN) / (east - west)
    height = round((north - south) * scale + 2 * MARGIN)

    def to_output(lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return (x - west) * scale + MARGIN, (north - y) * scale + MARGIN

    box = (0.0, 0.0, float(WIDTH), float(height))

    # Rings of each country, as arc indices; only polygons near Europe (far ones would only be clipped).
    rings_by_code: dict[str, list[list[int]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = code_of(geometry)
        if code is None or code in LEAVE_OUT:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            points = ring_points(polygon[0], lonlat_arcs)
            lons, lats = [p[0] for p in points], [p[1] for p in points]
            if max(lons) < -45 or min(lons) > 75 or max(lats) < 25 or min(lats) > 82:
                continue
            owner = next((to for (name, point), to in MOVE.items() if name == geometry["properties"]["name"] and contains(points, point)), code)
            rings_by_code.setdefault(owner, []).extend(polygon)

    used_arcs = sorted({index if index >= 0 else ~index for rings in rings_by_code.values() for ring in rings for index in ring})
    arcs: list[list[tuple[float, float]]] = [[] for _ in lonlat_arcs]
    for index in used_arcs:
        arcs[index] = simplify([to_output(lon, lat) for lon, lat in lonlat_arcs[index]], TOLERANCE)

    countries: dict[str, str] = {}
    markers: dict[str, list[float]] = {}
    for code, rings in sorted(rings_by_code.items()):
        if code in {*MERGE.values(), *MOVE.values()}:
            rings = merge_rings(rings, lonlat_arcs)
        shapes = []
        for ring in rings:
            points = clip(ring_points(ring, arcs), box)
            tenths = []
            for x, y in points:
                point = (round(x * 10), round(y * 10))
                if not tenths or point != tenths[-1]:
                    tenths.append(point)
            while len(tenths) > 1 and tenths[-1] == tenths[0]:
                tenths.pop()
            if len(tenths) >= 3:
                shapes.append((area([(x / 10, y / 10) for x, y in tenths]), tenths, points))
        if not shapes:  # smaller than a tenth of a unit (Monaco, Vatican): only a marker
            points = [point for ring in rings for point in clip(ring_points(ring, arcs), box)]
            if points:
                countries[code] = ""
                markers[code] = centre(points)
            continue
        largest = max(shapes, key=lambda shape: abs(shape[0]))
        kept = [shape for shape in shapes if abs(shape[0]) >= MIN_RING_AREA or shape is largest]
        countries[code] = path_data([tenths for _, tenths, _ in kept])
        land = abs(sum(shape[0] for shape in kept))
        if land < SMALL_AREA:
            markers[code] = centre(largest[2])

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    document = {"viewBox": f"0 0 {WIDTH} {height}", "countries": countries, "markers": markers}
    OUTPUT.write_text(json.dumps(document, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(countries)} countries, {len(markers)} markers, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
