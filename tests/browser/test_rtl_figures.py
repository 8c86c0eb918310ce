"""The Arabic edition's figures in Chromium (briefing/figures/language.py): every figure of the map,
chart, network and place pages drawn without a console error; plotly's hover labels in a
right-to-left page with their text inside their box (plotly.js #2790), in Arabic, aligned right;
the chart's days running right to left in plotly's drawing as in the first view drawn at build
time; the map's day control meaning earlier and later the right way round; nothing wider than a
320 px screen.

The content is the mini fixture in English and Arabic (tests/bilingual_content.py)."""
from __future__ import annotations

import re

import pytest

from bilingual_content import write_bilingual
from conftest import build_to
from http_server import serve_site

pytestmark = pytest.mark.browser

PHONE, NARROW, DESKTOP = {"width": 375, "height": 800}, {"width": 320, "height": 640}, {"width": 1280, "height": 900}
PAGES = ["ar/map/", "ar/network/", "ar/places/saraqib/", "ar/actors/moc/", "ar/briefs/the-offensive/"]
RLI = "\u2067"
ARABIC = re.compile(r"[\u0600-\u06ff]")

# The hover label plotly shows: its text's box and its background's (the path around it), in px.
HOVER = """figure => {
  const label = figure.querySelector('.hoverlayer .hovertext');
  if (!label) return null;
  const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const text = label.querySelector('text');
  return {text: box(text), path: box(label.querySelector('path')), words: text.textContent,
          anchor: text.getAttribute('text-anchor'), direction: getComputedStyle(text).direction,
          canvas: box(figure.querySelector('.chart-canvas'))};
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("rtl-figures")
    build_to(write_bilingual(root / "content"), root / "site", search=False)
    with serve_site(root / "site") as base_url:
        yield base_url


def open_page(browser, served, path, viewport=DESKTOP, draw=True):
    """A page, its disclosures open, every plotly figure drawn; console errors collected."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.goto(served + path, wait_until="networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    figures = page.locator("figure[data-figure-src]")
    for index in range(figures.count() if draw else 0):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()
        figure.locator(".chart-canvas").hover()     # plotly loads when the reader turns to a figure
        page.wait_for_function("el => ['drawn', 'failed'].includes(el.getAttribute('data-state'))",
                               arg=figure.element_handle(), timeout=20_000)
    page.wait_for_timeout(300)
    return context, page


def hover_labels(page, selector: str, points: str) -> list[dict]:
    """Point at each mark in view, as a reader would; the hover label each shows."""
    figure = page.locator(selector)
    canvas = figure.locator(".chart-canvas")
    canvas.evaluate("el => el.scrollIntoView({block: 'center'})")
    frame = canvas.bounding_box()
    shown = []
    marks = figure.locator(points)
    for index in range(marks.count()):
        box = marks.nth(index).bounding_box()
        if not box:
            continue
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if not (frame["x"] < x < frame["x"] + frame["width"] and frame["y"] < y < frame["y"] + frame["height"]):
            continue
        page.mouse.move(x - 12, y)
        page.mouse.move(x, y, steps=4)
        page.wait_for_timeout(150)
        label = figure.evaluate(HOVER)
        if label:
            shown.append(label)
    return shown


@pytest.mark.parametrize("path", PAGES)
def test_every_figure_is_drawn_without_an_error(browser, served, path):
    context, page = open_page(browser, served, path)
    try:
        assert page.evaluate("document.documentElement.dir") == "rtl"
        figures = page.locator("figure.chart")
        assert figures.count() >= 1
        for index in range(figures.count()):
            figure = figures.nth(index)
            if figure.get_attribute("data-figure-src"):
                assert figure.get_attribute("data-state") == "drawn", figure.get_attribute("id")
                assert figure.locator(".chart-canvas .main-svg").count() >= 1
            else:       # a place map, drawn at build time
                assert figure.locator(".chart-canvas > svg.static-map text").count() >= 1
            words = figure.locator(".chart-canvas").evaluate("el => el.textContent")
            assert ARABIC.search(words), figure.get_attribute("id")
        assert page.problems == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "320px"])
@pytest.mark.parametrize("path, selector, points, words", [
    ("ar/map/", "#fig-advances-map", ".scattergeo .point", ("سراقب", "حلب")),
    ("ar/map/", "#fig-advance-over-time", ".barlayer .point path", ("إدارة العمليات",)),
    ("ar/network/", "#fig-network", ".tracenodes .point", ("روسيا", "الحكومة السورية", "إدارة العمليات العسكرية",
                                                           "هيئة تحرير الشام")),
], ids=["map", "chart", "network"])
def test_hover_labels_hold_their_arabic_text_inside_their_box(browser, served, path, selector, points, words, viewport):
    """plotly.js #2790: in a right-to-left page plotly measured a label's box on one side of its
    anchor and drew the text on the other. With the drawing laid out left to right and each line
    isolated right to left, the text lies inside its box, aligned right, and reads as Arabic."""
    context, page = open_page(browser, served, path, viewport)
    try:
        shown = hover_labels(page, selector, points)
        assert shown, "no hover label shown"
        for label in shown:
            text, path_box, canvas = label["text"], label["path"], label["canvas"]
            assert path_box["left"] - 0.5 <= text["left"] and text["right"] <= path_box["right"] + 0.5, label
            assert path_box["top"] - 0.5 <= text["top"] and text["bottom"] <= path_box["bottom"] + 0.5, label
            # its words whole on the canvas (plotly may set the box's padding a few px past its edge)
            assert canvas["left"] - 0.5 <= text["left"] and text["right"] <= canvas["right"] + 0.5, label
            assert label["direction"] == "ltr" and label["anchor"] == "end", label     # aligned right
            assert label["words"].startswith(RLI), label
        assert any(word in label["words"] for label in shown for word in words), [s["words"] for s in shown]
        assert page.problems == []
    finally:
        context.close()


def test_the_chart_runs_right_to_left_in_plotly_as_in_its_first_view(browser, served):
    """The first view (svgchart.py) and plotly's drawing put each day's bar at the same place, the
    first day rightmost, and the value axis right of the plot."""
    context, page = open_page(browser, served, "ar/map/", DESKTOP, draw=False)
    try:
        figure = page.locator("#fig-advance-over-time")
        figure.scroll_into_view_if_needed()
        first = figure.evaluate("""figure => {
          const svg = [...figure.querySelectorAll('.chart-canvas > svg.svgplot')].find(s => s.getBoundingClientRect().height);
          const plot = svg.getBoundingClientRect();
          const share = el => { const r = el.getBoundingClientRect(); return ((r.left + r.right) / 2 - plot.left) / plot.width; };
          const ticks = [...svg.querySelectorAll('text[dy="0.35em"]')].map(t => t.getBoundingClientRect().left - plot.right);
          return {bars: [...svg.querySelectorAll(':scope > g > rect')].map(share), days: [...svg.querySelectorAll('text[y]')]
                    .filter(t => /\\d+ \\S+/.test(t.textContent) && t.getAttribute('text-anchor') === 'middle' && !t.closest('.textpoint'))
                    .map(t => [t.textContent.replace(/[\\u2066-\\u2069]/g, ''), share(t)]), ticks};
        }""")
        figure.locator(".chart-canvas").hover()
        page.wait_for_function("el => el.getAttribute('data-state') === 'drawn'", arg=figure.element_handle(), timeout=20_000)
        drawn = figure.evaluate("""figure => {
          const plot = figure.querySelector('.nsewdrag').getBoundingClientRect();
          const share = el => { const r = el.getBoundingClientRect(); return ((r.left + r.right) / 2 - plot.left) / plot.width; };
          const ticks = [...figure.querySelectorAll('.ytick text')].map(t => t.getBoundingClientRect().left - plot.right);
          return {bars: [...figure.querySelectorAll('.barlayer .point path')].filter(p => p.getBBox().height > 0).map(share),
                  days: [...figure.querySelectorAll('.xtick text')].map(t => [t.textContent.replace(/[\\u2066-\\u2069]/g, ''), share(t)]),
                  ticks};
        }""")
        days = dict(drawn["days"])
        assert list(days) and all(a > b for a, b in zip(list(days.values()), list(days.values())[1:])), days
        assert dict(first["days"]).keys() == days.keys()
        for day, share in first["days"]:
            assert abs(share - days[day]) < 0.01, (day, share, days[day])
        # (a hatched bar is two rects in the first view: its outline and its hatching)
        assert {round(b, 2) for b in first["bars"]} == {round(b, 2) for b in drawn["bars"]}, (first, drawn)
        assert min(first["ticks"]) >= 0 and min(drawn["ticks"]) >= 0      # right of the plot
        assert page.problems == []
    finally:
        context.close()


def test_the_day_control_steps_earlier_and_later_the_right_way_round(browser, served):
    """In a right-to-left page the range runs right to left natively: the first day at the right,
    with its tick. "Previous day" sits on that side and its arrow ('‹', a mirrored character)
    is drawn pointing right; it goes to the day before."""
    context, page = open_page(browser, served, "ar/map/", DESKTOP, draw=False)
    try:
        figure = page.locator("#fig-advances-map")
        page.wait_for_function("el => el.getAttribute('data-controls') === 'ready'", arg=figure.element_handle())
        previous, following = figure.locator(".map-step").nth(0), figure.locator(".map-step").nth(1)
        slider = figure.locator(".map-day-range").bounding_box()
        assert previous.bounding_box()["x"] > slider["x"] + slider["width"] > following.bounding_box()["x"]
        ticks = figure.locator(".map-day-ticks span")
        assert ticks.first.bounding_box()["x"] > ticks.last.bounding_box()["x"]     # the first day rightmost
        # a mirrored character in right-to-left text: '‹' drawn as '›', pointing right (earlier)
        assert previous.evaluate("el => [el.textContent, getComputedStyle(el).direction]") == ["‹", "rtl"]
        days = page.evaluate("JSON.parse(document.querySelector('#fig-advances-map script.figure-meta').textContent)"
                             ".timeline.days")
        assert figure.get_attribute("data-day") == days[-1]
        previous.click()
        page.wait_for_function(f"() => document.querySelector('#fig-advances-map').getAttribute('data-day') === '{days[-2]}'",
                               timeout=20_000)
        # the thumb moved towards the first day: to the right
        value = figure.locator(".map-day-range").evaluate("el => Number(el.value)")
        assert value == len(days) - 2
        following.click()
        page.wait_for_function(f"() => document.querySelector('#fig-advances-map').getAttribute('data-day') === '{days[-1]}'")
        assert page.problems == []
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES[:4])
def test_nothing_is_wider_than_a_320px_screen(browser, served, path):
    context, page = open_page(browser, served, path, NARROW)
    try:
        # The skip link waits off screen until focused, by the stylesheet (out of this test's reach: a
        # right-to-left page can scroll to what sits off its left edge, so the stylesheet places it
        # by its logical inset); it is put out of the way here to measure what the figures take.
        page.evaluate("document.querySelectorAll('.skip-link').forEach(el => el.style.display = 'none')")
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], width
        outside = page.evaluate("""() => {
          const width = document.documentElement.clientWidth;
          return [...document.querySelectorAll('figure.chart, figure.chart .map-controls, figure.chart .map-key, '
                                               + 'figure.chart .chart-canvas, figure.chart .chart-legend')]
            .map(el => el.getBoundingClientRect()).filter(r => r.width && (r.left < -0.5 || r.right > width + 0.5))
            .map(r => [r.left, r.right]);
        }""")
        assert outside == []
        assert page.problems == []
    finally:
        context.close()
