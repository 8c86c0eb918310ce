"""A figure's first view drawn at build time as SVG, from its own plotly spec.

Every plotly figure of the site (networks, the advances map, the advance chart) is shown first as
the SVG made here, inline in the page: it shows at once, without JavaScript and on paper, and
static/js/figures.js fetches plotly.js only when the reader turns to the figure (points at it,
touches it, focuses it or uses its controls), then puts plotly's drawing in its place. The SVG is
made from the very spec plotly draws, by one small renderer for the trace kinds the site uses, so
the two cannot drift apart:

- `scatter` (lines, markers, text; an `arrow-wide` marker with `angleref: "previous"`) and
  `bar` (stacked, categorical x) on cartesian axes (`svgchart.cartesian`);
- `scattergeo` (markers, text; lines, broken by None, and the areas they close with
  `fill: "toself"`) and the governorates' `choropleth` on a Mercator `geo` (`geo`), with the base
  map of svgmap.py (the same Natural Earth layers plotly is given).

Geometry follows plotly's: a cartesian plot stretches its x range over the canvas's width and
its y range over the layout's height, markers and text keep their size in px. So x positions are
written as percentages of the plot area's width (its horizontal margins are set by the
stylesheet: `svgplot-x{left}-{right}`), y positions in px; lines are drawn in a nested SVG
stretched the same way, with strokes that do not stretch. A geo map keeps plotly's fit of the
view's box to the canvas (map.js `fitted`): the view box is the viewBox, shown whole
(`xMidYMid meet`) with more of the map around it on a wider or taller canvas; one viewBox unit
is one px at the layout's height.

Colours are presentation attributes; a theme colour written `var(--map-...)` in the spec becomes
a class (`pf-map-label`: fill, `ps-map-halo`: stroke) that the stylesheet defines, and the text
colour plotly takes from the page is `currentColor`: no style attribute, so nothing the
Content-Security-Policy could object to. Text in a spec is plotly markup, its content already
escaped once (markup.py): `<br>` starts a line, `<b>`/`<i>` become tspans, any other tag is an
error (ValueError), and the escaped text is written as it is (HTML decodes the same entities).
The SVG is aria-hidden by its template: the caption and the data table are the figure's text.
"""
from __future__ import annotations

import functools
import math
import re

from briefing.figures import svgmap
from briefing.figures.markup import attribute

# Theme colours the spec may name, and the stylesheet defines as classes (static/style.css).
THEME_COLOURS = ("map-sea", "map-land", "map-syria", "map-border", "map-governorate", "map-river", "map-label",
                 "map-label-muted", "map-halo", "map-grid")
# Horizontal plot margins (left, right) the stylesheet knows: class svgplot-x{left}-{right}.
MARGIN_CLASSES = {(10, 10): "svgplot-x10-10", (12, 12): "svgplot-x12-12", (48, 12): "svgplot-x48-12",
                  (12, 48): "svgplot-x12-48"}
LINE_SPACING = 1.3        # plotly's line height, in ems
NEXT_LINE = f' dy="{LINE_SPACING}em"'   # a label's next line (a <tspan>)
VIEW_W = 1000.0           # the stretched nested SVG's width in its own units
_VAR = re.compile(r"^var\(--([a-z0-9-]+)\)$")
_TAG = re.compile(r"<(/?)([a-z]*)[^>]*>")


class SvgError(ValueError):
    """A spec the renderer cannot draw faithfully (an unknown trace kind, symbol, colour or tag)."""


# --- small pieces ------------------------------------------------------------------------------
def num(value: float) -> str:
    """A coordinate, rounded to 0.1 (px or viewBox units), without a trailing '.0'."""
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def pct(value: float) -> str:
    """A share of the plot's width in %, to 0.01 (0.1 px on a 1,000 px plot)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text) + "%"


def paint(prop: str, colour) -> tuple[str, str]:
    """(attribute text, class) for a fill or stroke: '#hex'/'rgba(..)' as an attribute, a theme
    colour `var(--name)` as the class pf-name / ps-name, None as currentColor."""
    if colour is None:
        return f' {prop}="currentColor"', ""
    if not isinstance(colour, str):
        raise SvgError(f"colour {colour!r} is not text")
    match = _VAR.match(colour)
    if match:
        if match[1] not in THEME_COLOURS:
            raise SvgError(f"theme colour {colour!r} has no class in the stylesheet (THEME_COLOURS)")
        return "", ("pf-" if prop == "fill" else "ps-") + match[1]
    if not re.fullmatch(r"#[0-9a-fA-F]{3,8}|rgba?\([0-9., ]+\)|currentColor|none", colour):
        raise SvgError(f"colour {colour!r} is not one the renderer writes as an attribute")
    return f' {prop}="{colour}"', ""


def attrs_and_class(parts: list[tuple[str, str]], extra_class: str = "") -> str:
    text = "".join(a for a, _ in parts)
    classes = " ".join(c for c in [extra_class, *(c for _, c in parts)] if c)
    return text + (f' class="{classes}"' if classes else "")


def at(value, i: int, default=None):
    """A per-point attribute: the i-th item of a list, or the one value for all points."""
    if isinstance(value, (list, tuple)):
        return value[i] if i < len(value) else default
    return default if value is None else value


def dash_array(dash: str | None, width: float) -> str:
    """plotly's dash patterns (Drawing.dashStyle): in units of max(width, 3) px."""
    unit = max(width, 3)
    pattern = {None: (), "solid": (), "dot": (1, 1), "dash": (3, 3), "longdash": (5, 5), "dashdot": (3, 1, 1, 1),
               "longdashdot": (5, 2, 1, 2)}.get(dash)
    if pattern is None:
        raise SvgError(f"line dash {dash!r}")
    return ",".join(num(step * unit) for step in pattern)


# --- plotly's marker symbols (src/components/drawing/symbol_defs.js), r = size / 2 ----------------
def _r(v: float) -> str:
    return num(round(v, 2))


DOT_PATH = "M0,0.5L0.5,0L0,-0.5L-0.5,0Z"   # plotly's '-dot' symbols add it: a dot as wide as the stroke


def symbol_parts(symbol: str) -> tuple[str, bool, bool]:
    """'circle-open-dot' -> ('circle', open, dot): plotly's symbol name as its shape and variants."""
    dot = symbol.endswith("-dot")
    symbol = symbol.removesuffix("-dot")
    return symbol.removesuffix("-open"), symbol.endswith("-open"), dot


@functools.lru_cache(maxsize=None)
def symbol_path(symbol: str, size: float) -> str:
    """SVG path data of a plotly marker symbol of this size (px across), centred on 0,0; a '-dot'
    symbol ends with plotly's dot (drawn by the stroke: drawing/index.js makePointPath)."""
    base, _, dot = symbol_parts(symbol)
    if dot:
        return symbol_path(base, size) + DOT_PATH
    r = size / 2
    s3 = math.sqrt(3)
    if base == "circle":
        a = _r(r)
        return f"M{a},0A{a},{a} 0 1,1 0,-{a}A{a},{a} 0 0,1 {a},0Z"
    if base == "square":
        a = _r(r)
        return f"M{a},{a}H-{a}V-{a}H{a}Z"
    if base == "diamond":
        a = _r(r * 1.3)
        return f"M{a},0L0,{a}L-{a},0L0,-{a}Z"
    if base == "cross":
        a, n = _r(r * 0.4), _r(r * 1.2)
        return f"M{n},{a}H{a}V{n}H-{a}V{a}H-{n}V-{a}H-{a}V-{n}H{a}V-{a}H{n}Z"
    if base == "x":
        a = r * 0.8 / math.sqrt(2)
        n, i = f"l{_r(a)},{_r(a)}", f"l{_r(a)},-{_r(a)}"
        o, l_ = f"l-{_r(a)},-{_r(a)}", f"l-{_r(a)},{_r(a)}"
        return f"M0,{_r(a)}{n}{i}{o}{i}{o}{l_}{o}{l_}{n}{l_}{n}Z"
    if base in ("triangle-up", "triangle-down"):
        a, n, i = _r(r * 2 / s3), _r(r / 2), _r(r)
        return f"M-{a},{n}H{a}L0,-{i}Z" if base == "triangle-up" else f"M-{a},-{n}H{a}L0,{i}Z"
    if base == "pentagon":
        a, n, i, o, l_ = _r(r * .951), _r(r * .588), _r(-r), _r(r * -.309), _r(r * .809)
        return f"M{a},{o}L{n},{l_}H-{n}L-{a},{o}L0,{i}Z"
    if base == "hexagon":
        a, n, i = _r(r), _r(r / 2), _r(r * s3 / 2)
        return f"M{i},-{n}V{n}L0,{a}L-{i},{n}V-{n}L0,-{a}Z"
    if base == "star":
        a = r * 1.4
        n, i, o, l_, s_, u, c, f, h = (_r(a * k) for k in (.225, .951, .363, .588, -1, -.309, .118, .809, .382))
        return (f"M{n},{u}H{i}L{o},{c}L{l_},{f}L0,{h}L-{l_},{f}L-{o},{c}L-{i},{u}H-{n}L0,{s_}Z")
    if base == "star-diamond":
        a, n = _r(r * 1.4), _r(r * 1.9)
        arc = f"A {n},{n} 0 0 1 "
        return f"M-{a},0{arc}0,{a}{arc}{a},0{arc}0,-{a}{arc}-{a},0Z"
    if base == "arrow-wide":       # tip at 0,0 pointing along +x (plotly's points up; SVG markers orient on +x)
        n, i = _r(2 * r * math.cos(math.pi / 4)), _r(2 * r * math.sin(math.pi / 4))
        return f"M0,0L-{i},-{n}A {_r(2 * r)},{_r(2 * r)} 0 0 1 -{i},{n}Z"
    raise SvgError(f"marker symbol {symbol!r}")


# --- text ----------------------------------------------------------------------------------------
def text_lines(text: str) -> list[str]:
    """plotly markup -> lines of SVG text content (already escaped; <b>/<i> as tspans)."""
    lines = []
    for line in re.split(r"<br\s*/?>", text):
        out, position = [], 0
        for tag in _TAG.finditer(line):
            out.append(line[position:tag.start()])
            closing, name = tag[1], tag[2]
            if name == "b":
                out.append("</tspan>" if closing else '<tspan font-weight="bold">')
            elif name == "i":
                out.append("</tspan>" if closing else '<tspan font-style="italic">')
            else:
                raise SvgError(f"figure text has a tag the renderer does not draw: {tag[0]!r}")
            position = tag.end()
        out.append(line[position:])
        lines.append("".join(out))
    return lines


def text_offsets(position: str, font: float, radius: float, lines: int) -> tuple[float, float, str]:
    """(dx, dy of the first baseline, text-anchor) as plotly's Drawing.textPointPosition sets them."""
    v = "top" if "top" in position else "bottom" if "bottom" in position else "middle"
    h = "end" if "left" in position else "start" if "right" in position else "middle"
    sign = {"top": -1, "bottom": 1, "middle": 0, "end": -1, "start": 1}
    r = radius / 0.8 + 1 if radius else 0
    height = (lines - 1) * LINE_SPACING + 1
    dy = font * 0.75 + sign[v] * r + (sign[v] - 1) * height * font / 2
    return sign[h] * r, dy, h


def text_svg(x: str, y: float, text: str, position: str, font: float, radius: float, dx0: float = 0.0,
             first_line: bool = False) -> str:
    """One label: x is an attribute value (px, % or viewBox units), y in the same units as px;
    placed by its first line only when `first_line` (a legend entry), else by all its lines."""
    lines = text_lines(text)
    dx, dy, anchor = text_offsets(position, font, radius, 1 if first_line else len(lines))
    if len(lines) == 1:
        body = lines[0]
    else:
        shift = f' dx="{num(dx + dx0)}"' if dx + dx0 else ""
        body = "".join(f'<tspan x="{x}"{shift}{NEXT_LINE if n else ""}>{line}</tspan>' for n, line in enumerate(lines))
    shift = f' dx="{num(dx + dx0)}"' if dx + dx0 else ""
    anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text x="{x}" y="{num(y + dy)}"{shift}{anchor_attr}>{body}</text>'


# --- the drawing's defs: one path a symbol and size, one arrowhead a colour ------------------------
class Defs:
    """Shapes used many times, defined once per figure (ids prefixed by the figure's id)."""

    def __init__(self, prefix: str):
        self.prefix, self.parts, self.ids = prefix, [], {}

    def symbol(self, symbol: str, size: float) -> str:
        base, _, dot = symbol_parts(symbol)
        key = ("s", base + ("-dot" if dot else ""), size)
        if key not in self.ids:
            self.ids[key] = f"{self.prefix}s{len(self.ids)}"
            self.parts.append(f'<path id="{self.ids[key]}" d="{symbol_path(symbol, size)}"/>')
        return self.ids[key]

    def arrow(self, colour: str, size: float) -> str:
        key = ("a", colour, size)
        if key not in self.ids:
            self.ids[key] = f"{self.prefix}a{len(self.ids)}"
            fill = attrs_and_class([paint("fill", colour)])
            self.parts.append(f'<marker id="{self.ids[key]}" markerUnits="userSpaceOnUse" orient="auto" '
                              f'overflow="visible" markerWidth="1" markerHeight="1">'
                              f'<path d="{symbol_path("arrow-wide", size)}"{fill}/></marker>')
        return self.ids[key]

    def svg(self) -> str:
        return f"<defs>{''.join(self.parts)}</defs>" if self.parts else ""


def marker_svg(defs: Defs, marker: dict, i: int, x: str, y: float, transform: str = "") -> str:
    """One point's marker as a <use> of its symbol, or '' when it is not drawn (size or opacity 0)."""
    size = at(marker.get("size"), i, 6)
    opacity = at(marker.get("opacity"), i, 1)
    if not size or opacity == 0:
        return ""
    symbol = at(marker.get("symbol"), i, "circle")
    colour = at(marker.get("color"), i, None)
    line = marker.get("line", {})
    width = at(line.get("width"), i, 0)
    line_colour = at(line.get("color"), i, None)
    _, is_open, _ = symbol_parts(symbol)
    parts = []
    if is_open:
        parts += [(' fill="none"', ""), paint("stroke", colour)]
        width = width or 1
    else:
        parts.append(paint("fill", colour))
        if width:
            parts.append(paint("stroke", line_colour))
    if width:
        parts.append((f' stroke-width="{num(width)}"', ""))
    if opacity != 1:
        parts.append((f' opacity="{opacity:g}"', ""))
    return (f'<use href="#{defs.symbol(symbol, size)}" x="{x}" y="{num(y)}"'
            f'{transform}{attrs_and_class(parts)}/>')


def check_trace(trace: dict, kinds: tuple[str, ...]) -> bool:
    """Whether to draw the trace (False when hidden); SvgError for a kind the renderer does not know."""
    if trace.get("type", "scatter") not in kinds:
        raise SvgError(f"trace type {trace.get('type')!r} is not drawn as SVG here")
    return trace.get("visible", True) is True


def font_of(layout: dict) -> str:
    family = layout.get("font", {}).get("family", "sans-serif")
    return f' font-family="{attribute(family)}"'


# --- geo maps: the advances map ------------------------------------------------------------------------
class GeoFrame:
    """A Mercator frame for svgmap's layers: `scale` px per degree of longitude, `width` x `height`
    px around (lon, lat). The same projection as svgmap.Frame, with its own size and scale."""

    def __init__(self, lon: float, lat: float, scale: float, width: float, height: float):
        self.lon, self.lat, self.scale, self.width, self.height = lon, lat, scale, width, height
        self._y0 = svgmap.mercator_y(lat)

    def px(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.width / 2 + (lon - self.lon) * self.scale,
                self.height / 2 - (svgmap.mercator_y(lat) - self._y0) * self.scale)

    def window(self, margin: float):
        half_lon = (self.width / 2 + margin) / self.scale
        north = self._y0 + (self.height / 2 + margin) / self.scale
        south = self._y0 - (self.height / 2 + margin) / self.scale
        return ((self.lon - half_lon, svgmap.inverse_mercator_y(south)),
                (self.lon + half_lon, svgmap.inverse_mercator_y(north)))


def geo_frame(box: dict, height: float, reach: float = 1.4) -> tuple[GeoFrame, str]:
    """The frame drawn (the view box and `reach` times its size more on every side, for wider or
    taller canvases) and the viewBox (the view box itself, `height` units high)."""
    lon0, lon1 = box["lon"]
    y0, y1 = svgmap.mercator_y(box["lat"][0]), svgmap.mercator_y(box["lat"][1])
    scale = height / (y1 - y0)
    view_w = (lon1 - lon0) * scale
    width, full_height = view_w * (1 + 2 * reach), height * (1 + 2 * reach)
    frame = GeoFrame((lon0 + lon1) / 2, svgmap.inverse_mercator_y((y0 + y1) / 2), scale, width, full_height)
    view = f"{num((width - view_w) / 2)} {num((full_height - height) / 2)} {num(view_w)} {num(height)}"
    return frame, view


def geo(spec: dict, height: int, prefix: str, box: dict) -> str:
    """An advances map spec -> its first view: `box` (lon/lat ranges, the view plotly is first
    shown) fitted into the canvas as plotly is by map.js. Draws the base map (svgmap's layers and
    classes), the governorates `choropleth` and every visible `scattergeo` trace's markers and
    text. Raises SvgError for anything else."""
    layout = spec.get("layout", {})
    frame, view = geo_frame(box, height)
    defs = Defs(prefix)
    layers = [f'<rect width="{num(frame.width)}" height="{num(frame.height)}" class="sm-sea"/>',
              f'<path class="sm-land" d="{svgmap.layer_path(frame, "land", True)}"/>']
    traces = [t for t in spec.get("data", []) if check_trace(t, ("scattergeo", "choropleth"))]
    if any(t["type"] == "choropleth" for t in traces):
        layers.append(f'<path class="sm-syria" d="{svgmap.layer_path(frame, "governorates", True)}"/>')
    layers += [f'<path class="sm-lake" d="{svgmap.layer_path(frame, "lakes", True)}"/>',
               f'<path class="sm-river" d="{svgmap.layer_path(frame, "rivers", False)}"/>',
               f'<path class="sm-border" d="{svgmap.layer_path(frame, "countries", True)}"/>']
    points = []
    for trace in traces:
        if trace["type"] == "scattergeo":
            if "lines" in trace.get("mode", "markers"):
                points.append(geo_lines_svg(trace, frame))
            points.append(geo_points_svg(trace, frame, defs))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="svgplot svgplot-geo" viewBox="{view}" '
            f'preserveAspectRatio="xMidYMid meet" width="100%" height="{height}" focusable="false"'
            f'{font_of(layout)}>' + defs.svg() + "".join(layers) + "".join(points) + "</svg>")


def relative_path(points: list[tuple[float, float]]) -> str:
    """'M x,y l dx,dy ...': a line's path data, each step from the point before, to 0.1 (a circle's
    64 steps are a third shorter written so). Steps are between the rounded points, so the rounding
    never adds up along the line."""
    tenths = [(round(x * 10), round(y * 10)) for x, y in points]
    steps = [f"{num((x1 - x0) / 10)},{num((y1 - y0) / 10)}" for (x0, y0), (x1, y1) in zip(tenths, tenths[1:])]
    return f"M{num(tenths[0][0] / 10)},{num(tenths[0][1] / 10)}l" + " ".join(steps)


def geo_lines_svg(trace: dict, frame: GeoFrame) -> str:
    """A scattergeo trace's lines as one path: None breaks the line, and `fill: "toself"` closes and
    fills each piece (as plotly fills each piece of a broken line). Lines are drawn straight between
    points in the projection, not along great circles: the site's lines are short (an area's edge)."""
    fill = trace.get("fill", "none")
    if fill not in ("none", "toself"):
        raise SvgError(f"scattergeo fill {fill!r}")
    pieces, piece = [], []
    for lat, lon in zip(trace["lat"], trace["lon"]):
        if lat is None or lon is None:
            pieces.append(piece)
            piece = []
            continue
        piece.append(frame.px(lon, lat))
    pieces.append(piece)
    close = "Z" if fill == "toself" else ""
    d = "".join(relative_path(piece) + close for piece in pieces if len(piece) > 1)
    if not d:
        return ""
    line = trace.get("line", {})
    width = line.get("width", 2)
    parts = [paint("fill", trace.get("fillcolor")) if close else (' fill="none"', "")]
    if width:
        parts += [paint("stroke", line.get("color")), (f' stroke-width="{num(width)}"', "")]
        dash = dash_array(line.get("dash"), width)
        if dash:
            parts.append((f' stroke-dasharray="{dash}"', ""))
    return f'<path d="{d}"{attrs_and_class(parts)}/>'


def geo_points_svg(trace: dict, frame: GeoFrame, defs: Defs) -> str:
    """A scattergeo trace's markers and text (none for a trace of lines only)."""
    mode = trace.get("mode", "markers")
    marker = trace.get("marker", {})
    marks, texts = [], []
    font = trace.get("textfont", {})
    size = font.get("size", 13)
    if "markers" not in mode and "text" not in mode:
        return ""
    for i, (lat, lon) in enumerate(zip(trace["lat"], trace["lon"])):
        if lat is None or lon is None:
            continue
        x, y = frame.px(lon, lat)
        if "markers" in mode:
            marks.append(marker_svg(defs, marker, i, num(x), y))
        text = at(trace.get("text"), i, "")
        if "text" in mode and text:
            radius = at(marker.get("size"), i, 6) / 2 if "markers" in mode else 0
            texts.append(text_svg(num(x), y, text, at(trace.get("textposition"), i, "middle center"), size, radius))
    out = "".join(marks)
    if texts:
        out += f'<g font-size="{num(size)}"{attrs_and_class([paint("fill", font.get("color"))])}>{"".join(texts)}</g>'
    return f"<g>{out}</g>" if out else ""
