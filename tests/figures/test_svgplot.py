"""The first views drawn at build time (briefing/figures/svgplot.py, svgchart.py): where points land, how text is
escaped, how colours follow the theme, and that what the stylesheet must define it defines."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.figures import svgchart, svgplot
from briefing.figures.figure import Figure, Table

ROOT = Path(__file__).resolve().parents[2]
STYLE = (ROOT / "static" / "style.css").read_text(encoding="utf-8")


def network_spec(**trace) -> dict:
    return {"data": [{"type": "scatter", "mode": "markers+text", "x": [0, 0.5, 1], "y": [0, 1, 0.5],
                      "text": ["A", "B", "C"], "textposition": "top center",
                      "marker": {"size": 10, "color": "#ff0000", "symbol": "square"}, **trace}],
            "layout": {"height": 480, "margin": {"l": 12, "r": 12, "t": 12, "b": 12},
                       "xaxis": {"range": [-0.06, 1.06]}, "yaxis": {"range": [-0.06, 1.06]}}}


def uses(svg: str) -> list[tuple[str, str]]:
    return re.findall(r'<use href="#[^"]+" x="([^"]+)" y="([^"]+)"', svg)


def test_points_land_where_the_spec_puts_them():
    svg = svgchart.cartesian(network_spec(), 480, "fig-t_")
    # x: a share of the plot's width, over plotly's range [-0.06, 1.06]; y: px, plot 456 px high from 12
    def y(value):
        return svgplot.num(12 + (1.06 - value) / 1.12 * 456)
    assert uses(svg) == [("5.36%", y(0)), ("50%", y(1)), ("94.64%", y(0.5))]
    assert y(0) == "443.6" and y(1) == "36.4"


def test_points_move_with_the_spec():
    moved = network_spec(x=[0.25, 0.5, 1])
    assert uses(svgchart.cartesian(moved, 480, "fig-t_"))[0][0] == svgplot.pct((0.25 + 0.06) / 1.12 * 100) == "27.68%"


def test_markers_are_plotlys_symbols():
    assert svgplot.symbol_path("circle", 10) == "M5,0A5,5 0 1,1 0,-5A5,5 0 0,1 5,0Z"
    assert svgplot.symbol_path("square", 10) == "M5,5H-5V-5H5Z"
    svg = svgchart.cartesian(network_spec(), 480, "fig-t_")
    assert '<path id="fig-t_s0" d="M5,5H-5V-5H5Z"/>' in svg and svg.count('href="#fig-t_s0"') == 3


def test_labels_sit_above_their_point_as_plotly_sets_them():
    svg = svgchart.cartesian(network_spec(), 480, "fig-t_")
    # 'top center': first baseline at font * 0.75 - r - font, r = size / 2 / 0.8 + 1 (Drawing.textPointPosition)
    y = 12 + 1.06 / 1.12 * 456 + 13 * 0.75 - (5 / 0.8 + 1) - 13
    assert f'<text x="5.36%" y="{svgplot.num(y)}" text-anchor="middle">A</text>' in svg


def test_text_stays_escaped_once_and_other_tags_are_refused():
    svg = svgchart.cartesian(network_spec(text=["&lt;a href=x&gt;A&amp;B", "B<br>two", "<b>C</b>"]), 480, "fig-t_")
    assert "&lt;a href=x&gt;A&amp;B</text>" in svg and "<a " not in svg
    assert 'dy="1.3em">two</tspan>' in svg and '<tspan font-weight="bold">C</tspan>' in svg
    with pytest.raises(svgplot.SvgError, match="tag"):
        svgchart.cartesian(network_spec(text=['<a href="https://x.example/">A</a>', "B", "C"]), 480, "fig-t_")


def test_theme_colours_are_classes_and_the_page_text_is_current_color():
    svg = svgchart.cartesian(network_spec(textfont={"size": 12}), 480, "fig-t_")
    assert '<g font-size="12" fill="currentColor" class="textpoint">' in svg
    themed = svgchart.cartesian(network_spec(textfont={"color": "var(--map-label)"}), 480, "fig-t_")
    assert 'class="textpoint pf-map-label"' in themed and "var(" not in themed and "style=" not in themed
    with pytest.raises(svgplot.SvgError, match="no class"):
        svgchart.cartesian(network_spec(textfont={"color": "var(--nowhere)"}), 480, "fig-t_")
    with pytest.raises(svgplot.SvgError, match="attribute"):
        svgchart.cartesian(network_spec(marker={"color": 'red" onload="x'}), 480, "fig-t_")


def test_every_class_the_renderer_writes_is_in_the_stylesheet():
    for name in svgplot.THEME_COLOURS:
        assert f".pf-{name} {{ fill: var(--{name}); }}" in STYLE
        assert f".ps-{name} {{ stroke: var(--{name}); }}" in STYLE
    for css in svgplot.MARGIN_CLASSES.values():
        assert f".{css} {{" in STYLE
    for step in range(400, 1450, 50):
        assert f".svgplot-w{step}.svgplot-wide" in STYLE


def test_unknown_traces_and_margins_are_refused():
    with pytest.raises(svgplot.SvgError, match="heatmap"):
        svgchart.cartesian({**network_spec(), "data": [{"type": "heatmap", "z": [[1]]}]}, 480, "fig-t_")
    spec = network_spec()
    spec["layout"]["margin"] = {"l": 7, "r": 12, "t": 12, "b": 12}
    with pytest.raises(svgplot.SvgError, match="margins"):
        svgchart.cartesian(spec, 480, "fig-t_")


def test_arrowheads_point_along_their_edge():
    spec = network_spec(mode="markers", x=[0.1, 0.2, None], y=[0.1, 0.2, None],
                        marker={"symbol": "arrow-wide", "angleref": "previous", "color": "#2b7bba", "size": [0, 12, 0]})
    svg = svgchart.cartesian(spec, 480, "fig-t_")
    line = re.search(r'<line x1="([^"]+)" y1="[^"]+" x2="([^"]+)" y2="[^"]+" marker-end="url\(#(fig-t_a0)\)"/>', svg)
    assert line and line[1] == svgplot.pct(0.16 / 1.12 * 100) and line[2] == svgplot.pct(0.26 / 1.12 * 100)
    assert '<marker id="fig-t_a0" markerUnits="userSpaceOnUse" orient="auto"' in svg and 'fill="#2b7bba"' in svg


def test_a_map_centres_its_first_view_and_draws_the_base_map():
    box = {"lon": [36.2, 37.8], "lat": [34.98, 36.66]}
    spec = {"data": [{"type": "scattergeo", "mode": "markers", "lon": [37.0], "lat": [35.8247],
                      "marker": {"size": 11, "symbol": "circle", "color": "#0a8f6a"}}],
            "layout": {"geo": {"lonaxis": {"range": box["lon"]}, "lataxis": {"range": box["lat"]}}}}
    svg = svgplot.geo(spec, 560, "fig-m_", box)
    x0, y0, width, height = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg)[1].split())
    assert height == 560 and 'preserveAspectRatio="xMidYMid meet"' in svg
    x, y = (float(v) for v in uses(svg)[0])
    frame, _ = svgplot.geo_frame(box, 560)
    centre_y = frame.px(37.0, svgplot.svgmap.inverse_mercator_y(
        (svgplot.svgmap.mercator_y(34.98) + svgplot.svgmap.mercator_y(36.66)) / 2))[1]
    assert abs(x - (x0 + width / 2)) < 0.1 and abs(y - (y0 + height / 2)) < 0.1 and abs(centre_y - y) < 0.2
    assert 'class="sm-land"' in svg and 'class="sm-border"' in svg


def test_a_map_draws_broken_lines_and_fills_each_piece_as_plotly_does():
    """scattergeo lines broken by None, filled 'toself' piece by piece (the approximate places' circles),
    and plotly's '-dot' symbols; a fill the renderer does not draw is refused."""
    box = {"lon": [36.2, 37.8], "lat": [34.98, 36.66]}
    area = {"type": "scattergeo", "mode": "lines", "lon": [36.5, 36.6, 36.5, 36.5, None, 37.0, 37.1, 37.0, 37.0],
            "lat": [35.5, 35.5, 35.6, 35.5, None, 36.0, 36.0, 36.1, 36.0], "fill": "toself",
            "fillcolor": "rgba(0,158,115,0.13)", "line": {"color": "#009e73", "width": 1.2, "dash": "dot"}}
    mark = {"type": "scattergeo", "mode": "markers", "lon": [36.5, 37.0], "lat": [35.5, 36.0],
            "marker": {"size": 11, "symbol": ["circle-open-dot", "circle-dot"], "color": "#009e73"}}
    spec = {"data": [area, mark], "layout": {"geo": {"lonaxis": {"range": box["lon"]}, "lataxis": {"range": box["lat"]}}}}
    svg = svgplot.geo(spec, 560, "fig-m_", box)
    path = re.search(r'<path d="([^"]+)" fill="rgba\(0,158,115,0.13\)" stroke="#009e73" stroke-width="1.2" '
                     r'stroke-dasharray="3,3"/>', svg)
    assert path and path[1].count("M") == 2 and path[1].count("Z") == 2        # two circles, each closed
    frame, _ = svgplot.geo_frame(box, 560)
    x, y = frame.px(36.5, 35.5)
    assert path[1].startswith(f"M{svgplot.num(x)},{svgplot.num(y)}l")      # then each step from the point before
    assert svg.index(path[0]) < svg.index("<use ")                             # under the marks
    dot = "M0,0.5L0.5,0L0,-0.5L-0.5,0Z"
    assert svgplot.symbol_path("circle-open-dot", 11) == svgplot.symbol_path("circle", 11) + dot
    marks = re.findall(r'<use href="#(fig-m_s\d)"[^>]*?( fill="[^"]+")', svg)
    assert [fill for _, fill in marks] == [' fill="none"', ' fill="#009e73"'] and marks[0][0] == marks[1][0]
    with pytest.raises(svgplot.SvgError, match="fill"):
        svgplot.geo({**spec, "data": [{**area, "fill": "tonext"}]}, 560, "fig-m_", box)


def test_a_chart_with_a_legend_is_drawn_for_wide_and_narrow_canvases():
    spec = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2], "name": "X: confirmed", "legendgroup": "x",
                      "legendgrouptitle": {"text": "X"}, "marker": {"color": "#123456"}}],
            "layout": {"barmode": "stack", "height": 460, "margin": {"l": 48, "r": 12, "t": 16, "b": 10},
                       "xaxis": {"type": "category", "categoryarray": ["a", "b"], "tickvals": ["a", "b"],
                                 "ticktext": ["A", "B"]},
                       "yaxis": {"range": [0, 4], "title": {"text": "places"}}, "legend": {"orientation": "h"}}}
    svg = svgchart.cartesian(spec, 460, "fig-c_")
    assert svg.count("<svg ") == 2 and "svgplot-wide" in svg and "svgplot-narrow" in svg
    assert svg.count(">X: confirmed</text>") == 2 and svg.count('<rect x="') >= 4


def test_a_figure_has_a_first_view_unless_it_is_drawn_as_svg_only():
    table = Table("t", ("a",), ())
    assert Figure("n", "network", "T", "c", network_spec(), table).first_view.startswith("<svg")
    assert Figure("p", "map", "T", "c", {}, table, svg="<svg/>").first_view == ""


def test_built_figures_show_their_first_view(mini_site):
    page = (mini_site / "network" / "index.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="chart chart-network chart-svg"[^>]*>\s*<div class="chart-canvas[^"]*" '
                       r'aria-hidden="true"><svg [^>]*class="svgplot', page)
    assert figure, "the network page's figure carries its SVG first view"
    assert " style=" not in page.split('class="svgplot', 1)[1].split("</figure>")[0]
