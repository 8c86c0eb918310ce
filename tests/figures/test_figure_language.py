"""Figures in a language (briefing/figures/language.py): in English a figure is what it always was,
byte for byte; in Arabic its time axis runs right to left, its value axis and legend sit on the
right, its labels beside a point on a map go to the point's left, its text reads right to left
(each line between U+2067 and U+2069), its font is an Arabic one and plotly's locale is Babel's.
And the first views drawn at build time (svgchart.py, svgmap.py) draw the same."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from bilingual_content import write_bilingual
from briefing import i18n
from briefing.figures import svgchart, svgmap
from briefing.figures.figure import BASE_CONFIG, BASE_LAYOUT, Figure, Table
from briefing.figures.language import PDI, RLI, in_language, isolated, plotly_format
from conftest import build_to

TABLE = Table("t", ("a",), ())


def chart_spec() -> dict:
    """An advance chart in small: stacked bars and a line by actor, on days, with a legend."""
    days = ["27 Nov", "28 Nov", "29 Nov"]
    group = {"legendgroup": "moc", "legendgrouptitle": {"text": "إدارة العمليات"}}
    return {"data": [
        {"type": "bar", "x": days, "y": [1, 0, 2], "name": "إدارة العمليات: مؤكد", **group,
         "customdata": ["حلب", "", "سراقب<br>إدلب"], "marker": {"color": "#b45309"},
         "hovertemplate": "<b>%{fullData.legendgrouptitle.text}</b>، %{x}: %{y}<br>%{customdata}<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "x": days, "y": [1, 1, 3], "name": "إدارة العمليات: المجموع",
         **group, "line": {"color": "#b45309"}, "hovertemplate": "%{y} في %{x}<extra></extra>"},
        {"type": "bar", "x": days, "y": [0, 1, 0], "name": "الحكومة: مؤكد", "legendgroup": "gov",
         "legendgrouptitle": {"text": "الحكومة"}, "marker": {"color": "#1d4ed8"}},
        {"type": "scatter", "mode": "markers+text", "x": ["28 Nov"], "y": [3], "text": ["✈ مطار كويرس"],
         "textposition": "top center", "name": "مطارات ومدن", "marker": {"symbol": "star"}},
    ], "layout": {
        "barmode": "stack", "height": 460, "margin": {"l": 48, "r": 12, "t": 16, "b": 10},
        "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": days, "tickmode": "array",
                  "tickvals": days, "ticktext": days},
        "yaxis": {"title": {"text": "أماكن"}, "range": [0, 6]},
        "legend": {"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0}, "hovermode": "closest"}}


def map_spec() -> dict:
    """A map in small: labelled marks with links in customdata, a frame a day."""
    trace = {"type": "scattergeo", "mode": "markers+text", "lat": [36.2, 35.86], "lon": [37.16, 36.8],
             "text": ["حلب", "سراقب"], "hovertext": ["<b>حلب</b> · مدينة<br>المقاتلون يدخلون حلب.", "سراقب"],
             "customdata": [["aleppo", "../places/aleppo/"], ["saraqib", "../places/saraqib/"]],
             "hovertemplate": "%{hovertext}<extra></extra>", "textposition": "middle right",
             "marker": {"size": 11, "color": "#b45309"}}
    cities = {"type": "scattergeo", "mode": "markers+text", "lat": [36.2], "lon": [37.16], "text": ["حلب"],
              "textposition": ["top left"], "marker": {"size": 5}}
    return {"data": [cities, trace],
            "layout": {"geo": {"lonaxis": {"range": [36, 38]}, "lataxis": {"range": [35, 37]}},
                       "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "hoverlabel": {"align": "left", "namelength": -1}},
            "frames": [{"name": "2024-11-29", "traces": [1], "data": [{"text": ["", "سراقب"],
                                                                        "hovertext": ["", "سراقب: مُطالَب"]}]}],
            "meta": {"view": "front", "views": {"front": {"lon": [36, 38], "lat": [35, 37]}},
                     "timeline": {"labels": ["29 نوفمبر"]}}}


def network_spec() -> dict:
    """A network in small: positions on hidden axes, labels placed on chosen sides, links to actors."""
    return {"data": [{"type": "scatter", "mode": "markers", "x": [0.1, 0.9], "y": [0.5, 0.5], "hoverinfo": "text",
                      "hovertext": ["روسيا", "الحكومة السورية"], "customdata": ["actors/russia/", "actors/syrian-government/"]},
                     {"type": "scatter", "mode": "markers+text", "x": [0.1, 0.9], "y": [0.5, 0.5],
                      "text": ["روسيا", "الحكومة<br>السورية"], "textposition": ["middle right", "top center"],
                      "marker": {"size": 12, "opacity": 0}}],
            "layout": {"height": 480, "showlegend": False, "margin": {"l": 12, "r": 12, "t": 12, "b": 12},
                       "xaxis": {"visible": False, "range": [-0.06, 1.06]},
                       "yaxis": {"visible": False, "range": [-0.06, 1.06]}}}


def drawn(spec: dict, lang: str) -> dict:
    return json.loads(Figure("t", "chart", "T", "c", spec, TABLE, lang=lang).json_bytes())


# --- English: nothing changes ------------------------------------------------------------------
@pytest.mark.parametrize("make", [chart_spec, map_spec, network_spec])
def test_an_english_figure_is_what_it_was_byte_for_byte(make):
    spec = make()
    assert in_language(spec, "en", BASE_LAYOUT) is spec
    # the encoding as it was before figures had a language (figure.py, Figure._encode)
    before = {"data": spec["data"], "layout": {**BASE_LAYOUT, **spec["layout"]}, "config": {**BASE_CONFIG}}
    before.update({key: spec[key] for key in ("frames", "meta") if key in spec})
    expected = json.dumps(before, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    assert Figure("t", "chart", "T", "c", spec, TABLE, lang="en").json_bytes() == expected


def test_a_figure_takes_the_language_current_when_it_is_made():
    assert Figure("t", "chart", "T", "c", chart_spec(), TABLE).lang == "en"
    with i18n.use("ar"):
        assert Figure("t", "chart", "T", "c", chart_spec(), TABLE).lang == "ar"


@pytest.mark.parametrize("make", [chart_spec, map_spec, network_spec])
def test_the_spec_itself_is_never_changed(make):
    spec = make()
    kept = copy.deepcopy(spec)
    figure = Figure("t", "chart", "T", "c", spec, TABLE, lang="ar")
    figure.json_bytes(), figure.first_view
    assert spec == kept


# --- Arabic: right to left ---------------------------------------------------------------------
def test_time_runs_right_to_left_with_the_value_axis_and_legend_on_the_right():
    layout = drawn(chart_spec(), "ar")["layout"]
    assert layout["xaxis"]["autorange"] == "reversed"
    assert layout["yaxis"]["side"] == "right" and layout["yaxis"]["range"] == [0, 6]
    assert (layout["margin"]["l"], layout["margin"]["r"]) == (12, 48)
    assert (layout["legend"]["x"], layout["legend"]["xanchor"]) == (1, "right")
    assert layout["hoverlabel"] == {"align": "right", "namelength": -1}


def test_a_given_range_is_turned_round_and_a_hidden_axis_left_alone():
    spec = chart_spec()
    spec["layout"]["xaxis"] = {"range": [0, 10]}
    assert drawn(spec, "ar")["layout"]["xaxis"] == {"range": [10, 0]}
    network = drawn(network_spec(), "ar")["layout"]
    assert network["xaxis"] == {"visible": False, "range": [-0.06, 1.06]}
    assert "side" not in network["yaxis"] and (network["margin"]["l"], network["margin"]["r"]) == (12, 12)


def test_a_horizontal_legend_ranks_its_groups_right_to_left():
    data = drawn(chart_spec(), "ar")["data"]
    ranks = [trace["legendrank"] for trace in data]
    assert ranks[0] == ranks[1] > ranks[2] > ranks[3]      # first group first from the right


def test_every_line_of_text_reads_right_to_left():
    data = drawn(chart_spec(), "ar")["data"]
    bar = data[0]
    assert bar["name"] == f"{RLI}إدارة العمليات: مؤكد{PDI}"
    assert bar["legendgrouptitle"]["text"] == f"{RLI}إدارة العمليات{PDI}"
    # each line isolated; plotly's <extra> box left outside
    assert bar["hovertemplate"] == (f"{RLI}<b>%{{fullData.legendgrouptitle.text}}</b>، %{{x}}: %{{y}}{PDI}<br>"
                                    f"{RLI}%{{customdata}}{PDI}<extra></extra>")
    # what the hovertemplate shows of customdata too, line by line; empty text stays empty
    assert bar["customdata"] == [f"{RLI}حلب{PDI}", "", f"{RLI}سراقب{PDI}<br>{RLI}إدلب{PDI}"]
    assert data[3]["text"] == [f"{RLI}✈ مطار كويرس{PDI}"]
    layout = drawn(chart_spec(), "ar")["layout"]
    assert layout["yaxis"]["title"]["text"] == f"{RLI}أماكن{PDI}"
    assert layout["xaxis"]["ticktext"][0] == f"{RLI}27 Nov{PDI}"
    assert layout["xaxis"]["tickvals"] == chart_spec()["layout"]["xaxis"]["tickvals"]     # values, not words


def test_links_and_ids_are_left_as_they_are():
    spec = drawn(map_spec(), "ar")
    assert spec["data"][1]["customdata"] == map_spec()["data"][1]["customdata"]
    assert spec["meta"] == map_spec()["meta"]
    assert drawn(network_spec(), "ar")["data"][0]["customdata"] == ["actors/russia/", "actors/syrian-government/"]


def test_labels_on_a_map_go_to_the_left_of_their_point_but_a_networks_stay_where_they_were_placed():
    spec = drawn(map_spec(), "ar")
    assert spec["data"][1]["textposition"] == "middle left"
    assert spec["data"][0]["textposition"] == ["top right"]
    assert spec["layout"]["hoverlabel"]["align"] == "right"
    assert spec["frames"][0]["data"][0]["hovertext"] == ["", f"{RLI}سراقب: مُطالَب{PDI}"]
    network = drawn(network_spec(), "ar")
    assert network["data"][1]["textposition"] == ["middle right", "top center"]
    assert network["data"][1]["text"][1] == f"{RLI}الحكومة{PDI}<br>{RLI}السورية{PDI}"


def test_an_arabic_figure_has_an_arabic_font_and_babels_months():
    spec = drawn(network_spec(), "ar")
    family = spec["layout"]["font"]["family"]
    assert family.startswith("'Briefing Naskh', 'Noto Naskh Arabic', 'Noto Sans Arabic'") and family.endswith("sans-serif")
    assert spec["layout"]["font"]["size"] == BASE_LAYOUT["font"]["size"]
    assert spec["config"]["locale"] == "ar" and spec["config"]["displayModeBar"] is False
    form = spec["config"]["locales"]["ar"]["format"]
    assert form["months"][10] == "نوفمبر" and form["shortMonths"][11] == "ديسمبر"
    assert form["days"][0] == "الأحد"                  # d3 counts from Sunday
    assert (form["decimal"], form["thousands"]) == (".", ",")  # Western digits: CLDR's ar default (latn)
    assert form["dayMonth"] == "%-d %b" and form["dayMonthYear"] == "%-d %b %Y"


def test_another_left_to_right_language_gets_its_locale_and_keeps_its_direction():
    spec = drawn(chart_spec(), "fr")
    assert spec["config"]["locales"]["fr"]["format"]["months"][0] == "janvier"
    assert "autorange" not in spec["layout"]["xaxis"] and spec["layout"]["font"] == BASE_LAYOUT["font"]
    assert spec["data"][0]["name"] == chart_spec()["data"][0]["name"]
    assert plotly_format("fr")["decimal"] == ","


def test_isolating_keeps_markup_and_leaves_no_empty_isolate():
    assert isolated("a<br/>b<br>") == f"{RLI}a{PDI}<br/>{RLI}b{PDI}<br>"
    assert isolated(["", None, "x"]) == ["", None, f"{RLI}x{PDI}"]
    assert isolated(3) == 3


# --- the first views --------------------------------------------------------------------------
def bar_xs(svg: str) -> list[float]:
    return [float(x) + float(w) / 2 for x, w in re.findall(r'<rect x="([\d.]+)%" y="[^"]+" width="([\d.]+)%"', svg)]


def test_the_first_view_runs_right_to_left_too():
    figure = Figure("t", "chart", "T", "c", chart_spec(), TABLE, height=460, lang="ar")
    svg = figure.first_view
    wide = svg[:svg.index("svgplot-narrow") - 60]
    assert "svgplot-x12-48" in svg
    # 27 Nov's bar on the right, 29 Nov's on the left: the categories at 5/6, 3/6, 1/6 of the width
    first = bar_xs(wide)
    assert [round(x, 1) for x in first[:2]] == [83.3, 16.7]
    assert re.search(r'<text x="83.33%" y="[^"]+" text-anchor="middle">\u206727 Nov\u2069</text>', wide)
    # the value axis right of the plot, in an SVG whose origin is its right edge
    assert re.search(r'<svg x="100%" overflow="visible"><text x="3" y="[^"]+" dy="0.35em" text-anchor="start">0</text>',
                     wide)
    assert 'transform="rotate(-90 48 ' in wide
    # the legend ends at the plot's right edge, the first group rightmost
    legend = wide[wide.rindex('<svg x="100%" overflow="visible"><g fill="currentColor">'):]
    titles = re.findall(r'<text x="(-?[\d.]+)" y="[^"]+" font-size="13">\u2067([^\u2069]+)\u2069</text>', legend)
    assert [t for _, t in titles] == ["الحكومة", "إدارة العمليات"]
    assert float(titles[0][0]) < float(titles[1][0]) < 0


def test_drawings_are_laid_out_left_to_right_in_any_page():
    """plotly sets direction: ltr on its plots; the stylesheet sets it on every figure's canvas, so
    that the first views' text-anchor means in a right-to-left page what plotly's does."""
    style = (Path(__file__).resolve().parents[2] / "static" / "style.css").read_text(encoding="utf-8")
    assert re.search(r"^\.chart-canvas \{ direction: ltr; \}$", style, re.M)


def test_the_first_view_draws_a_reversed_range_as_plotly_does():
    spec = network_spec()
    spec["layout"]["xaxis"] = {"range": [1.06, -0.06]}
    svg = svgchart.cartesian(spec, 480, "t_")
    assert re.findall(r'<use href="#t_s\d" x="([\d.]+)%"', svg)[:2] == ["85.71", "14.29"]


def test_a_place_map_in_arabic_puts_names_left_of_their_place():
    frame = svgmap.Frame(36.8, 35.86, 0.4)
    place = svgmap.Marker(36.8, 35.86, "#b45309", "confirmed", 18, label="سراقب")
    with i18n.use("ar"):
        svg = svgmap.locator_map(frame, place, [], [], [], "سراقب")
    assert re.search(r'text-anchor="end" class="sm-place-name">\u2067سراقب\u2069</text>', svg)
    assert re.search(r'>\u2067\d+ (?:km|كم)\u2069</text>', svg)   # the scale, in the edition's words
    english = svgmap.locator_map(frame, svgmap.Marker(36.8, 35.86, "#b45309", "confirmed", 18, label="Saraqib"),
                                 [], [], [], "Saraqib")
    assert 'text-anchor="start" class="sm-place-name">Saraqib</text>' in english


# --- a bilingual build ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bilingual(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bilingual")
    out = root / "site"
    build_to(write_bilingual(root / "content"), out, search=False)
    return out


def figure_of(site: Path, page: str, figure_id: str) -> dict:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    src = re.search(rf'id="fig-{figure_id}" data-figure-src="([^"]+)"', html)[1]
    return json.loads((site / page / src).resolve().read_text(encoding="utf-8"))


def test_the_arabic_editions_figures_are_drawn_right_to_left_and_the_english_ones_are_not(bilingual):
    english, arabic = figure_of(bilingual, "map", "advance-over-time"), figure_of(bilingual, "ar/map", "advance-over-time")
    assert "autorange" not in english["layout"]["xaxis"] and "locale" not in english["config"]
    assert arabic["layout"]["xaxis"]["autorange"] == "reversed" and arabic["config"]["locale"] == "ar"
    assert f"{RLI}إدارة العمليات{PDI}" in arabic["data"][0]["legendgrouptitle"]["text"]
    arabic_map = figure_of(bilingual, "ar/map", "advances-map")
    labels = [t for trace in arabic_map["data"] for t in (trace.get("text") or []) if "سراقب" in t]
    assert labels and all(t.startswith(RLI) for t in labels)
    page = (bilingual / "ar" / "map" / "index.html").read_text(encoding="utf-8")
    assert 'svgplot-x12-48' in page and 'class="svgplot svgplot-geo"' in page


def test_the_arabic_figures_are_valid_plotly_figures(bilingual):
    """plotly.py accepts every property the Arabic edition adds (as test_plotly_validation.py checks
    the others'); a frame's partial traces are checked as the type of the trace each updates."""
    go = pytest.importorskip("plotly.graph_objects")
    checked = 0
    for path in sorted((bilingual / "figures").glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        if spec["config"].get("locale") != "ar":
            continue
        frames = [{**frame, "data": [{"type": spec["data"][i].get("type", "scatter"), **t}
                                     for i, t in zip(frame["traces"], frame["data"])]}
                  for frame in spec.get("frames", [])]
        go.Figure({"data": spec["data"], "layout": spec["layout"], "frames": frames})
        checked += 1
    assert checked >= 3
