"""The first views of cartesian figures (the networks and the advance chart), drawn at build time as
SVG from their plotly specs: axes, lines, markers and labels, stacked bars, plotly's legend.

The pieces every first view shares (numbers, colours, marker symbols, text, defs) and the maps'
first views are in svgplot.py, whose docstring gives the geometry both follow.
"""
from __future__ import annotations

import math
import re

from briefing.figures.markup import attribute
from briefing.text import number
from briefing.figures.svgplot import (MARGIN_CLASSES, VIEW_W, Defs, SvgError, at, attrs_and_class, check_trace,
                                      dash_array, font_of, marker_svg, num, paint, pct, text_lines, text_svg)


# --- cartesian figures: the networks and the advance chart ------------------------------------------
class Axes:
    """Data -> the plot area: x as % of its width, y in px from the top of the canvas."""

    def __init__(self, layout: dict, height: float, categories: list | None = None, data: list = ()):
        margin = layout.get("margin", {})
        self.top, self.bottom = margin.get("t", 10), margin.get("b", 10)
        self.height = height
        self.plot_height = height - self.top - self.bottom
        self.categories = {c: i for i, c in enumerate(categories)} if categories else None
        xaxis = layout.get("xaxis", {})
        xr = xaxis.get("range") or autorange(data, "x")
        if self.categories is not None:
            xr = [-0.5, len(self.categories) - 0.5]
        if xaxis.get("autorange") == "reversed":      # right to left (language.py): plotly's reversed autorange
            xr = xr[::-1]
        self.x0, self.x1 = xr
        self.y0, self.y1 = layout.get("yaxis", {}).get("range") or autorange(data, "y")

    def fx(self, x) -> float:
        """x as a share of the plot's width (0..1)."""
        if self.categories is not None:
            x = self.categories[x]
        return (x - self.x0) / (self.x1 - self.x0)

    def py(self, y: float) -> float:
        return self.top + (self.y1 - y) / (self.y1 - self.y0) * self.plot_height


def autorange(data: list, axis: str) -> list[float]:
    """A range for an axis the spec leaves to plotly: the data's, with 6% more either side (plotly
    pads by its markers' size; the site's own figures all give their ranges)."""
    values = [v for t in data for v in t.get(axis, []) if isinstance(v, (int, float))]
    if not values:
        return [-1.0, 1.0]
    low, high = min(values), max(values)
    pad = (high - low) * 0.06 or 1
    return [low - pad, high + pad]


def mode_of(trace: dict) -> str:
    """plotly's default mode: lines and markers for fewer than 20 points, else lines."""
    return trace.get("mode") or ("lines+markers" if len(trace.get("x", [])) < 20 else "lines")


def cartesian(spec: dict, height: int, prefix: str) -> str:
    """A network or chart spec -> its first view (see `plot`). A chart with a legend is drawn twice,
    as plotly lays it out on a wide canvas (the legend's groups side by side under the plot) and
    on a narrow one (stacked, the figure taller, as figures.js's fitLegend makes it); the
    stylesheet shows the one that fits (`svgplot-w{N}`: a canvas at least N px wide, N in steps of 50)."""
    layout = spec.get("layout", {})
    if not layout.get("legend") or layout.get("showlegend") is False:
        return plot(spec, height, prefix)
    margin = layout.get("margin", {})
    wide = Legend(spec, font=13, title_font=13, stacked=False)
    narrow = Legend(spec, font=11, title_font=12, stacked=True)
    # the legend starts at the plot's left edge and may reach into the right margin (right to left: the other way)
    need = margin.get("r" if wide.from_right else "l", 10) + wide.width
    step = min(1400, max(400, math.ceil(need / 50) * 50))
    narrow_plot = height - margin.get("t", 10) - margin.get("b", 10) - height / 2 - NARROW_GAP
    narrow_height = max(height, round(margin.get("t", 10) + narrow_plot + NARROW_GAP + narrow.height + margin.get("b", 10)))
    return (plot(spec, height, prefix + "w", wide, f"svgplot-wide svgplot-w{step}")
            + plot(spec, narrow_height, prefix + "n", narrow, f"svgplot-narrow svgplot-w{step}", narrow_plot))


WIDE_GAP, NARROW_GAP = 35, 22     # px from the plot's bottom to plotly's legend (below the tick labels)


class Legend:
    """plotly's legend below a plot: one group a legendgroup (its title, then its entries, in
    reverse order for stacked bars), groups side by side or stacked, in the order of their traces'
    `legendrank` (stable: plotly's default rank is 1000). It starts at the plot's left edge, or
    (`xanchor: "right"`, a right-to-left edition's, language.py) ends at its right edge, its
    entries still drawn from their left as plotly draws them. Sizes measured on plotly's."""

    def __init__(self, spec: dict, font: float, title_font: float, stacked: bool):
        self.font, self.title_font, self.stacked = font, title_font, stacked
        layout = spec.get("layout", {})
        self.from_right = layout.get("legend", {}).get("xanchor") == "right"
        reverse = layout.get("barmode") == "stack" and any(t.get("type") == "bar" for t in spec.get("data", []))
        groups: dict = {}
        for trace in spec.get("data", []):
            if trace.get("showlegend") is False or trace.get("visible", True) is not True:
                continue
            key = trace.get("legendgroup") or f"\0{len(groups)}"
            groups.setdefault(key, {"title": trace.get("legendgrouptitle", {}).get("text", ""), "items": []})
            groups[key]["items"].append(trace)
        self.groups = sorted(groups.values(), key=lambda g: min(t.get("legendrank", 1000) for t in g["items"]))
        for group in self.groups:
            if reverse:
                group["items"].reverse()
        self.item_h, self.line_h = font * 1.5, font * 1.3
        self.title_h = title_font * 1.25 + 2

    def group_width(self, group) -> float:
        text = [len(_plain(line)) for t in group["items"] for line in text_lines(t.get("name", ""))]
        title = [len(_plain(line)) for line in text_lines(group["title"])] if group["title"] else [0]
        return max(40 + max(text + [0]) * self.font * 0.52, max(title) * self.title_font * 0.56 + 5) + 3

    def group_height(self, group) -> float:
        lines = sum(len(text_lines(t.get("name", ""))) for t in group["items"])
        return ((self.title_h if group["title"] else 0) + len(group["items"]) * self.item_h
                + (lines - len(group["items"])) * self.line_h)

    @property
    def width(self) -> float:
        return sum(self.group_width(g) for g in self.groups)

    @property
    def box_width(self) -> float:
        """The width the legend takes: its groups' side by side, the widest one's stacked."""
        return max(self.group_width(g) for g in self.groups) if self.stacked else self.width

    @property
    def height(self) -> float:
        if self.stacked:
            return sum(self.group_height(g) for g in self.groups) + 13 * len(self.groups)
        return max(self.group_height(g) for g in self.groups) + 13

    def svg(self, top: float, defs: "Defs") -> str:
        out, x, y = [], -self.box_width if self.from_right else 0.0, top + 8
        for group in self.groups:
            gy = y
            if group["title"]:
                out.append(f'<text x="{num(x + 5)}" y="{num(gy + self.title_font)}" font-size="{num(self.title_font)}">'
                           f'{text_lines(group["title"])[0]}</text>')
                gy += self.title_h
            for trace in group["items"]:
                lines = text_lines(trace.get("name", ""))
                middle = gy + self.item_h / 2
                out.append(legend_symbol(trace, x + 20, middle, defs))
                out.append(text_svg(num(x + 40), middle, "<br>".join(lines), "middle right", self.font, 0,
                                    first_line=True)
                           .replace("<text ", f'<text font-size="{num(self.font)}" ', 1))
                gy += self.item_h + (len(lines) - 1) * self.line_h
            if self.stacked:
                y = gy + 13
            else:
                x += self.group_width(group)
        if self.from_right:      # x from the plot's right edge
            return f'<svg x="100%" overflow="visible"><g fill="currentColor">{"".join(out)}</g></svg>'
        return f'<g fill="currentColor">{"".join(out)}</g>'


def _plain(text: str) -> str:
    """Text as wide as it is drawn: a tag or entity one character, bidi controls (language.py) none."""
    return re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", re.sub(r"<[^>]*>|&[a-z]+;|&#\d+;", "x", text))


def legend_symbol(trace: dict, x: float, y: float, defs: "Defs") -> str:
    """An entry's swatch as plotly draws it: a bar's square, a line with its marker, a marker."""
    marker = trace.get("marker", {})
    if trace.get("type") == "bar":
        line = marker.get("line", {})
        fill = marker.get("color")
        parts = [paint("fill", fill) if fill != "rgba(0,0,0,0)" else (' fill="none"', "")]
        if line.get("width"):
            parts += [paint("stroke", line.get("color")), (f' stroke-width="{num(line["width"])}"', "")]
        box = f'x="{num(x - 6)}" y="{num(y - 6)}" width="12" height="12"'
        out = f"<rect {box}{attrs_and_class(parts)}/>"
        pattern = marker.get("pattern", {})
        if pattern.get("shape"):
            href = pattern_id(defs, pattern["shape"], pattern.get("fgcolor", fill), pattern.get("solidity", 0.3),
                              pattern.get("fgopacity", 1))
            out += f'<rect {box} fill="url(#{href})"/>'
        return out
    out = ""
    mode = trace.get("mode", "markers")
    if "lines" in mode:
        line = trace.get("line", {})
        width = num(line.get("width", 2))
        stroke = attrs_and_class([paint("stroke", line.get("color")), (f' stroke-width="{width}"', "")])
        out += f'<line x1="{num(x - 15)}" x2="{num(x + 15)}" y1="{num(y)}" y2="{num(y)}"{stroke}/>'
    if "markers" in mode:
        small = {**marker, "size": min(at(marker.get("size"), 0, 6), 12)}
        out += marker_svg(defs, small, 0, num(x), y)
    return out


def plot(spec: dict, height: int, prefix: str, legend: "Legend | None" = None, css: str = "",
         plot_height: float | None = None) -> str:
    """A network or chart spec -> its first view, `height` px high and as wide as its canvas.

    Draws `scatter` (lines, markers, text) and stacked `bar` traces on a categorical or linear x
    axis, left to right or reversed (a reversed `range`, or `autorange: "reversed"`: time in a
    right-to-left edition, language.py); a bar chart's y axis (grid lines, ticks, title) on the
    left or (`side: "right"`) the right, and a `legend` under the plot, the plot then
    `plot_height` px high (by default what the legend leaves). Raises SvgError for anything else."""
    layout = spec.get("layout", {})
    margin = layout.get("margin", {})
    horizontal = (margin.get("l", 10), margin.get("r", 10))
    if horizontal not in MARGIN_CLASSES:
        raise SvgError(f"plot margins {horizontal} have no class in the stylesheet (MARGIN_CLASSES)")
    xaxis = layout.get("xaxis", {})
    categories = xaxis.get("categoryarray") if xaxis.get("type") == "category" else None
    axes = Axes(layout, height, categories, spec.get("data", []))
    defs = Defs(prefix)
    legend_svg = ""
    if legend is not None:
        gap = NARROW_GAP if legend.stacked else WIDE_GAP
        if plot_height is None:
            plot_height = height - axes.top - axes.bottom - legend.height - gap
        axes.plot_height = plot_height
        legend_svg = legend.svg(axes.top + plot_height + gap, defs)
    body = [axis_svg(layout, axes)] if categories else []
    traces = [t for t in spec.get("data", []) if check_trace(t, ("scatter", "bar"))]
    bars = [t for t in traces if t.get("type") == "bar"]
    if bars:
        body.append(bars_svg(bars, axes, defs, layout))
    lines = [t for t in traces if t.get("type", "scatter") == "scatter" and "lines" in mode_of(t)]
    if lines:
        body.append(f'<svg width="100%" height="{height}" viewBox="0 0 {num(VIEW_W)} {height}" '
                    f'preserveAspectRatio="none" overflow="visible">'
                    + "".join(line_svg(t, axes) for t in lines) + "</svg>")
    for trace in traces:
        if trace.get("type", "scatter") == "scatter":
            body.append(points_svg(trace, axes, defs))
    body.append(legend_svg)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="svgplot {MARGIN_CLASSES[horizontal]}{" " + css if css else ""}" '
            f'width="100%" height="{height}" overflow="visible" focusable="false"{font_of(layout)}>'
            + defs.svg() + "".join(body) + "</svg>")


def line_svg(trace: dict, axes: Axes) -> str:
    """A trace's lines (None breaks a line) as one path in the stretched nested SVG."""
    line = trace.get("line", {})
    width = line.get("width", 2)
    parts, pen = [], "M"
    for x, y in zip(trace["x"], trace["y"]):
        if x is None or y is None:
            pen = "M"
            continue
        parts.append(f"{pen}{num(axes.fx(x) * VIEW_W)},{num(axes.py(y))}")
        pen = "L"
    dash = dash_array(line.get("dash"), width)
    paint_parts = [(' fill="none"', ""), paint("stroke", line.get("color")), (f' stroke-width="{num(width)}"', ""),
                   (' vector-effect="non-scaling-stroke" stroke-linejoin="round"', "")]
    if dash:
        paint_parts.append((f' stroke-dasharray="{dash}"', ""))
    if trace.get("opacity", 1) != 1:
        paint_parts.append((f' opacity="{trace["opacity"]:g}"', ""))
    return f'<path d="{"".join(parts)}"{attrs_and_class(paint_parts)}/>'


def points_svg(trace: dict, axes: Axes, defs: Defs) -> str:
    """A scatter trace's markers (arrowheads pointing along their line) and text, in a group named
    as plotly names the trace's (class trace<uid>: the stylesheet shows label tiers by width)."""
    mode = mode_of(trace)
    marker = trace.get("marker", {})
    xs, ys = trace["x"], trace["y"]
    out = []
    if "markers" in mode:
        arrows = marker.get("symbol") == "arrow-wide" and marker.get("angleref") == "previous"
        for i, (x, y) in enumerate(zip(xs, ys)):
            if x is None or y is None:
                continue
            if arrows:
                size = at(marker.get("size"), i, 6)
                if size and i and xs[i - 1] is not None:
                    href = defs.arrow(at(marker.get("color"), i), size)
                    out.append(f'<line x1="{pct(axes.fx(xs[i - 1]) * 100)}" y1="{num(axes.py(ys[i - 1]))}" '
                               f'x2="{pct(axes.fx(x) * 100)}" y2="{num(axes.py(y))}" marker-end="url(#{href})"/>')
                continue
            out.append(marker_svg(defs, marker, i, pct(axes.fx(x) * 100), axes.py(y)))
    if "text" in mode:
        font = trace.get("textfont", {})
        size = font.get("size", 13)
        texts = []
        for i, (x, y) in enumerate(zip(xs, ys)):
            text = at(trace.get("text"), i, "")
            if x is None or y is None or not text:
                continue
            radius = at(marker.get("size"), i, 6) / 2 if "markers" in mode else 0
            texts.append(text_svg(pct(axes.fx(x) * 100), axes.py(y), text,
                                  at(trace.get("textposition"), i, "middle center"), size, radius))
        fill = attrs_and_class([paint("fill", font.get("color"))], "textpoint")
        out.append(f'<g font-size="{num(size)}"{fill}>{"".join(texts)}</g>')
    opacity = f' opacity="{trace["opacity"]:g}"' if trace.get("opacity", 1) != 1 and "lines" not in mode else ""
    uid = trace.get("uid")
    css = f' class="trace{attribute(uid)}"' if uid else ""
    return f"<g{css}{opacity}>{''.join(out)}</g>" if out else ""


# --- the advance chart's axes, bars and legend --------------------------------------------------------
def nice_step(span: float, ticks: int = 6) -> float:
    """plotly's auto tick step: 1, 2 or 5 times a power of ten, for about `ticks` ticks."""
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 5, 10):
        if raw <= m * power:
            return max(m * power, 1)
    return 10 * power


def axis_svg(layout: dict, axes: Axes) -> str:
    """Grid lines and tick labels of the y axis, its title, and the x axis's tick labels."""
    yaxis, xaxis = layout.get("yaxis", {}), layout.get("xaxis", {})
    step = nice_step(axes.y1 - axes.y0)
    grid = attrs_and_class([paint("stroke", yaxis.get("gridcolor", "#eeeeee"))])
    # the y axis's labels and title left of the plot, or right of it (`side: "right"`, right to left:
    # then drawn in an SVG whose origin is the plot's right edge)
    right = yaxis.get("side") == "right"
    parts = []
    labels = [] if right else parts
    tick_x, anchor, title_x = ("3", "start", 48) if right else ("-3", "end", -38)
    value = 0.0
    while value <= axes.y1:
        y = num(axes.py(value))
        if value > 0:
            parts.append(f'<line x1="0" x2="100%" y1="{y}" y2="{y}"{grid} stroke-width="1"/>')
        labels.append(f'<text x="{tick_x}" y="{y}" dy="0.35em" text-anchor="{anchor}">{number(value, "0.##")}</text>')
        value += step
    title = yaxis.get("title", {}).get("text")
    if title:
        middle = num(axes.top + axes.plot_height / 2)
        labels.append(f'<text x="{title_x}" y="{middle}" text-anchor="middle" transform="rotate(-90 {title_x} {middle})">'
                      f'{text_lines(title)[0]}</text>')
    if right:
        parts.append(f'<svg x="100%" overflow="visible">{"".join(labels)}</svg>')
    base = axes.py(axes.y0)
    for value, label in zip(xaxis.get("tickvals", []), xaxis.get("ticktext", [])):
        parts.append(f'<text x="{pct(axes.fx(value) * 100)}" y="{num(base + 16)}" text-anchor="middle">'
                     f'{text_lines(label)[0]}</text>')
    return f'<g font-size="12" fill="currentColor">{"".join(parts)}</g>'


PATTERN_PATHS = {"/": "M-1,1L1,-1M0,8L8,0M7,9L9,7", "x": "M0,0L8,8M0,8L8,0", ".": "M4,4h0.01"}


def pattern_id(defs: Defs, shape: str, colour: str, solidity: float, opacity: float = 1) -> str:
    """A hatch of plotly's bar `marker.pattern` (shape '/', 'x' or '.') in the bar's colour, as
    opaque as its `fgopacity`."""
    key = ("p", shape, colour, opacity)
    if key not in defs.ids:
        if shape not in PATTERN_PATHS:
            raise SvgError(f"bar pattern {shape!r}")
        defs.ids[key] = f"{defs.prefix}p{len(defs.ids)}"
        stroke = attrs_and_class([paint("stroke", colour)])
        width = num(8 * solidity / 2 if shape != "." else 8 * solidity)
        faint = f' stroke-opacity="{opacity:g}"' if opacity != 1 else ""
        defs.parts.append(f'<pattern id="{defs.ids[key]}" patternUnits="userSpaceOnUse" width="8" height="8">'
                          f'<path d="{PATTERN_PATHS[shape]}"{stroke} stroke-width="{width}" stroke-linecap="round"{faint}/>'
                          f'</pattern>')
    return defs.ids[key]


def bars_svg(bars: list[dict], axes: Axes, defs: Defs, layout: dict) -> str:
    """Stacked bars on a categorical axis, each slot `1 - bargap` of its share of the width."""
    gap = layout.get("bargap", 0.2)
    slot = 1 / abs(axes.x1 - axes.x0)      # the x axis may run right to left
    width = slot * (1 - gap)
    stack: dict = {}
    out = []
    for trace in bars:
        marker = trace.get("marker", {})
        line = marker.get("line", {})
        pattern = marker.get("pattern", {})
        for x, y in zip(trace["x"], trace["y"]):
            if not y:
                continue
            bottom = stack.get(x, 0)
            stack[x] = bottom + y
            top_px, bottom_px = axes.py(bottom + y), axes.py(bottom)
            left = axes.fx(x) - width / 2
            geometry = (f'x="{pct(left * 100)}" y="{num(top_px)}" width="{pct(width * 100)}" '
                        f'height="{num(bottom_px - top_px)}"')
            fill = marker.get("color")
            parts = [paint("fill", fill) if fill != "rgba(0,0,0,0)" else (' fill="none"', "")]
            if line.get("width"):
                parts += [paint("stroke", line.get("color")), (f' stroke-width="{num(line["width"])}"', "")]
            out.append(f"<rect {geometry}{attrs_and_class(parts)}/>")
            if pattern.get("shape"):
                href = pattern_id(defs, pattern["shape"], pattern.get("fgcolor", fill), pattern.get("solidity", 0.3),
                                  pattern.get("fgopacity", 1))
                out.append(f'<rect {geometry} fill="url(#{href})"/>')
    return f"<g>{''.join(out)}</g>"
