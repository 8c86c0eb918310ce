"""Small maps drawn on the server as SVG: the locator map on each place page.

A place page's map shows where the place is and the state of the places around it. That needs
no interaction, and drawing it with plotly made every place page fetch and run a 480 KB
script (Lighthouse: 84 for performance). Here the same Natural Earth layers the interactive
map uses (vendor/basemap) are projected, clipped to the frame and written as SVG paths; the
colours are CSS classes, so the map follows the light and dark themes like the rest of the page.
"""
from __future__ import annotations

import functools
import json
import math
import re
import textwrap
from dataclasses import dataclass

from briefing import i18n
from briefing.content.geography import arc_line, decode_arcs  # one TopoJSON decoder: the check and the maps
from briefing.figures.basemap import BASEMAP_DIR, GOVERNORATES_FILE
from briefing.figures.language import isolated
from briefing.figures.markup import attribute, esc
from briefing.text import km as km_text

WIDTH, HEIGHT = 720, 320          # the viewBox; the stylesheet crops its sides on narrow screens
SAFE = (WIDTH / 2 - 215, WIDTH / 2 + 215)   # x range a phone still shows (the stylesheet crops the sides)
MARGIN = 12                       # px beyond the frame that clipped shapes keep (their cut edges stay out of view)
LABEL_WRAP = 32                   # a longer label takes more lines ('Field artillery college, Aleppo' one)
NEXT_LINE = ' dy="1.15em"'        # a label's next line (a <tspan>)


# --- the layers -------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def layers() -> dict:
    """name -> list of lines (lists of (lon, lat)); polygons' rings are closed lines."""
    topo = json.loads((BASEMAP_DIR / "asia_50m.json").read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    out = {}
    for name in ("land", "lakes", "rivers", "countries"):
        out[name] = [line for geometry in topo["objects"][name]["geometries"] for line in geometry_lines(geometry, arcs)]
    governorates = json.loads((BASEMAP_DIR / GOVERNORATES_FILE).read_text(encoding="utf-8"))
    out["governorates"] = [[tuple(p) for p in ring] for feature in governorates["features"]
                           for ring in polygon_rings(feature["geometry"])]
    return out


def geometry_lines(geometry: dict, arcs: list) -> list[list[tuple[float, float]]]:
    kind, refs = geometry["type"], geometry.get("arcs", [])
    if kind == "LineString":
        return [arc_line(refs, arcs)]
    if kind in ("MultiLineString", "Polygon"):
        return [arc_line(part, arcs) for part in refs]
    if kind == "MultiPolygon":
        return [arc_line(ring, arcs) for polygon in refs for ring in polygon]
    return []


def polygon_rings(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


# --- the frame --------------------------------------------------------------------------------
def mercator_y(lat: float) -> float:
    """Mercator northing in degrees of longitude at the equator (the interactive map's projection)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def inverse_mercator_y(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


@dataclass(frozen=True)
class Frame:
    """What the drawing shows: centred on a point, `span` degrees of latitude high."""
    lon: float
    lat: float
    span: float

    @property
    def scale(self) -> float:     # px per degree of longitude
        return HEIGHT / (mercator_y(self.lat + self.span / 2) - mercator_y(self.lat - self.span / 2))

    def px(self, lon: float, lat: float) -> tuple[float, float]:
        return (WIDTH / 2 + (lon - self.lon) * self.scale,
                HEIGHT / 2 - (mercator_y(lat) - mercator_y(self.lat)) * self.scale)

    def window(self, margin: float) -> tuple[tuple[float, float], tuple[float, float]]:
        """(lon, lat) of the lower-left and upper-right corners, `margin` px beyond the frame."""
        half_lon = (WIDTH / 2 + margin) / self.scale
        north = mercator_y(self.lat) + (HEIGHT / 2 + margin) / self.scale
        south = mercator_y(self.lat) - (HEIGHT / 2 + margin) / self.scale
        return (self.lon - half_lon, inverse_mercator_y(south)), (self.lon + half_lon, inverse_mercator_y(north))

    def km_per_px(self) -> float:
        return 111.32 * math.cos(math.radians(self.lat)) / self.scale

    def contains(self, lon: float, lat: float, margin: float = 0.0) -> bool:
        x, y = self.px(lon, lat)
        return -margin <= x <= WIDTH + margin and -margin <= y <= HEIGHT + margin


def clip_ring(points: list, lo: tuple, hi: tuple) -> list:
    """Sutherland-Hodgman: a closed ring cut to the rectangle lo..hi (pixels)."""
    def cut(points, axis, bound, keep_above):
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            inside_now = (current[axis] >= bound) == keep_above
            inside_before = (previous[axis] >= bound) == keep_above
            if inside_now != inside_before:
                t = (bound - previous[axis]) / (current[axis] - previous[axis])
                out.append(tuple(previous[k] + t * (current[k] - previous[k]) for k in (0, 1)))
            if inside_now:
                out.append(current)
        return out
    for axis, bound, keep_above in ((0, lo[0], True), (0, hi[0], False), (1, lo[1], True), (1, hi[1], False)):
        if not points:
            break
        points = cut(points, axis, bound, keep_above)
    return points


def clip_line(points: list, lo: tuple, hi: tuple) -> list[list]:
    """The runs of an open line that come into the rectangle (each with a point beyond it either side)."""
    def inside(p):
        return lo[0] <= p[0] <= hi[0] and lo[1] <= p[1] <= hi[1]
    runs, run = [], []
    for i, p in enumerate(points):
        near = inside(p) or (i > 0 and inside(points[i - 1])) or (i + 1 < len(points) and inside(points[i + 1]))
        if near:
            run.append(p)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return [r for r in runs if len(r) > 1]


def path_data(lines: list, closed: bool) -> str:
    parts = []
    for line in lines:
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in line)
        parts.append(f"M{coords}{'Z' if closed else ''}")
    return "".join(parts)


def layer_path(frame: Frame, name: str, closed: bool) -> str:
    """A layer's lines within the frame, as SVG path data.

    Cut to the frame in degrees before projecting (Mercator is monotonic in both axes, so
    the rectangle stays a rectangle): projecting every point of Turkey for each of hundreds
    of place pages would cost more than all else on them."""
    (lon0, lat0), (lon1, lat1) = frame.window(MARGIN)
    lines = []
    for (x0, y0, x1, y1), line in bounded(name):
        if x1 < lon0 or x0 > lon1 or y1 < lat0 or y0 > lat1:
            continue
        if closed:
            ring = clip_ring(line, (lon0, lat0), (lon1, lat1))
            if len(ring) > 2:
                lines.append([frame.px(lon, lat) for lon, lat in ring])
        else:
            lines.extend([frame.px(lon, lat) for lon, lat in run] for run in clip_line(line, (lon0, lat0), (lon1, lat1)))
    return path_data(lines, closed)


@functools.lru_cache(maxsize=None)
def bounded(name: str) -> list:
    """A layer's lines, each with its bounding box in degrees."""
    return [((min(x for x, _ in line), min(y for _, y in line), max(x for x, _ in line), max(y for _, y in line)), line)
            for line in layers()[name] if line]


# --- markers ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Marker:
    lon: float
    lat: float
    colour: str          # #rrggbb (validated in site.yaml) or currentColor
    mark: str            # confirmed, claimed, contested, denied, activity
    size: float          # px across
    label: str = ""
    tooltip: str = ""    # shown on pointing (an SVG <title>)
    faint: bool = False
    area: tuple = ()     # an approximate position's circle, (lon, lat) points (mapparts.circle_ring): drawn under all marks


AREA_OPACITY = 0.13      # an area's fill, in its marker's colour (mapparts.AREA_FILL_OPACITY on the advances map)


def area_svg(frame: Frame, marker: Marker) -> str:
    """A marker's area: its circle projected, shaded in the marker's colour, with a dotted edge."""
    if not marker.area:
        return ""
    points = "L".join(f"{x:.1f},{y:.1f}" for x, y in (frame.px(lon, lat) for lon, lat in marker.area))
    colour = attribute(marker.colour)
    return (f'<path d="M{points}Z" fill="{colour}" fill-opacity="{AREA_OPACITY:g}" stroke="{colour}" '
            f'stroke-width="1.2" stroke-dasharray="3,3"/>')


def marker_svg(frame: Frame, marker: Marker) -> str:
    x, y = frame.px(marker.lon, marker.lat)
    r = marker.size / 2
    colour = attribute(marker.colour)
    opacity = ' opacity="0.65"' if marker.faint else ""
    if marker.mark == "confirmed":
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" class="sm-halo"/>'
    elif marker.mark == "denied":
        d = r * 0.8
        shape = (f'<path d="M{x - d:.1f},{y - d:.1f}L{x + d:.1f},{y + d:.1f}M{x - d:.1f},{y + d:.1f}L{x + d:.1f},{y - d:.1f}" '
                 f'stroke="{colour}" stroke-width="{max(2.5, r / 3):.1f}" stroke-linecap="round"/>')
    else:
        if marker.mark == "contested":
            d = f"M{x:.1f},{y - r:.1f}L{x + r:.1f},{y:.1f}L{x:.1f},{y + r:.1f}L{x - r:.1f},{y:.1f}Z"
        elif marker.mark == "activity":
            d = f"M{x:.1f},{y - r:.1f}L{x + r * 0.9:.1f},{y + r * 0.6:.1f}L{x - r * 0.9:.1f},{y + r * 0.6:.1f}Z"
        else:   # claimed: an open circle
            d = f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0Z"
        shape = f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{max(2.2, r / 4):.1f}"/>'
    title = f"<title>{esc(marker.tooltip)}</title>" if marker.tooltip else ""
    return f"<g{opacity}>{title}{shape}</g>"


class Labels:
    """Labels placed greedily, most important first, where they overlap no other label or marker.

    In a language written right to left a label beside its place tries the left side first, so that
    the name starts at its place as an English one does, and each of its lines is isolated right to
    left (language.isolated; the map itself is laid out left to right in any page: the stylesheet's
    `.chart-canvas { direction: ltr }`)."""
    def __init__(self, frame: Frame, markers: list[Marker]):
        self.frame = frame
        self.rtl = i18n.direction(i18n.current()) == "rtl"
        self.taken = []
        for m in markers:
            x, y = frame.px(m.lon, m.lat)
            r = m.size / 2
            self.taken.append((x - r, y - r, x + r, y + r))
        self.parts: list[str] = []

    def add(self, lon: float, lat: float, text: str, css: str, font: float, gap: float,
            sides=("right", "left", "below", "above")) -> bool:
        """Place a label (over several lines if it is longer than LABEL_WRAP) on the first side where it fits."""
        x, y = self.frame.px(lon, lat)
        if self.rtl:
            sides = tuple({"right": "left", "left": "right"}.get(side, side) for side in sides)
        lines = textwrap.wrap(text, LABEL_WRAP) if len(text) > LABEL_WRAP else [text]
        line = font * 1.15
        w, h = max(len(t) for t in lines) * font * 0.56 + 4, line * len(lines)
        for side in sides:
            tx, anchor = {"right": (x + gap, "start"), "left": (x - gap, "end")}.get(side, (x, "middle"))
            # the first line's baseline; the box spans all lines
            ty = {"below": y + gap + line * 0.8, "above": y - gap - h + line * 0.8}.get(side, y - h / 2 + line * 0.85)
            x0 = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
            box = (x0, ty - line * 0.8, x0 + w, ty - line * 0.8 + h)
            if box[0] < SAFE[0] or box[2] > SAFE[1] or box[1] < 2 or box[3] > HEIGHT - 30:
                continue
            if any(a[0] < box[2] and box[0] < a[2] and a[1] < box[3] and box[1] < a[3] for a in self.taken):
                continue
            self.taken.append(box)
            words = isolated if self.rtl else str
            body = words(esc(text)) if len(lines) == 1 else "".join(
                f'<tspan x="{tx:.1f}"{NEXT_LINE if n else ""}>{words(esc(t))}</tspan>' for n, t in enumerate(lines))
            self.parts.append(f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}" class="{css}">{body}</text>')
            return True
        return False


def scale_bar(frame: Frame) -> str:
    """A bar of a round number of km, about a sixth of the width, bottom left of the middle."""
    target = WIDTH / 6 * frame.km_per_px()
    km = max(k for k in (1, 2, 5, 10, 20, 25, 50, 100, 200) if k <= max(target, 1))
    length = km / frame.km_per_px()
    x, y = WIDTH / 2 - 150, HEIGHT - 12      # inside the part a phone still shows
    return (f'<g class="sm-scale"><path d="M{x:.1f},{y - 5}V{y}H{x + length:.1f}V{y - 5}"/>'
            f'<text x="{x + length + 6:.1f}" y="{y}">{esc(km_text(km))}</text></g>')


# --- the map ------------------------------------------------------------------------------------
def locator_map(frame: Frame, place: Marker, around: list[Marker], governorate_labels: list,
                city_labels: list, title: str) -> str:
    """The SVG: land and water, borders, governorates, cities, the areas of approximate places, the
    places around, the place on top.

    Labels go to the place first, then the cities, then the places around while they fit."""
    rtl = i18n.direction(i18n.current()) == "rtl"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'preserveAspectRatio="xMidYMid slice" class="static-map" role="img" aria-label="{attribute(title)}">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" class="sm-sea"/>',
             f'<path class="sm-land" d="{layer_path(frame, "land", True)}"/>',
             f'<path class="sm-syria" d="{layer_path(frame, "governorates", True)}"/>',
             f'<path class="sm-lake" d="{layer_path(frame, "lakes", True)}"/>',
             f'<path class="sm-river" d="{layer_path(frame, "rivers", False)}"/>',
             f'<path class="sm-border" d="{layer_path(frame, "countries", True)}"/>']
    city_marks = [Marker(lon, lat, "", "city", 6) for _, lat, lon in city_labels]
    labels = Labels(frame, [place, *around, *city_marks])
    if place.label:
        labels.add(place.lon, place.lat, place.label, "sm-place-name", 16, place.size / 2 + 5)
    for name, lat, lon in city_labels:
        x, y = frame.px(lon, lat)
        parts.append(f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" class="sm-city"/>')
        labels.add(lon, lat, name, "sm-city-name", 14, 6, sides=("below", "above", "right", "left"))
    parts.extend(area_svg(frame, marker) for marker in [*around, place])
    for marker in around:
        parts.append(marker_svg(frame, marker))
        if marker.label:
            labels.add(marker.lon, marker.lat, marker.label, "sm-near-name", 12, marker.size / 2 + 4)
    for name, lat, lon in governorate_labels:
        labels.add(lon, lat, name.upper(), "sm-gov-name", 12, 0, sides=("below",))
    parts.append(marker_svg(frame, place))
    parts.extend(labels.parts)
    scale = scale_bar(frame)
    if rtl:       # '10 km' read right to left, as the labels are
        scale = re.sub(r"(<text[^>]*>)([^<]*)(</text>)", lambda m: m[1] + isolated(m[2]) + m[3], scale)
    parts.append(scale)
    parts.append("</svg>")
    return "".join(parts)
