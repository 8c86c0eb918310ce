"""What plotly draws in Chromium from content full of markup (tests/hostile.py: a link, bold, a
styled span... and `AT&T 5 < 6 &lt;3 %{y}` in every field): no link, no styled text from
content anywhere in a figure, and every label, legend entry and hover text shows the text as
the editor wrote it. The place map, drawn at build time as SVG, likewise.

tests/figures/test_figure_text.py checks the figure files themselves; this checks the drawing.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_to
from hostile import figure_markup, write_hostile_content
from http_server import serve_site

pytestmark = pytest.mark.browser
AS_WRITTEN = "AT&T 5 < 6 &lt;3 %{y}"

# In a figure's drawing: any link, any text styled by content's <span style>, <b>, <i>, <sup>...
FROM_CONTENT = """figure => {
  const canvas = figure.querySelector('.chart-canvas');
  const styled = [...canvas.querySelectorAll('tspan, text, a')].filter(el =>
      /fill:\\s*red/.test(el.getAttribute('style') || '') ||
      (el.tagName === 'tspan' && /^(a|b|i|em|s|u|sup|sub|span)-/.test(el.textContent) &&
       el.getAttribute('style')));
  return {links: canvas.querySelectorAll('a').length,
          phish: [...canvas.querySelectorAll('*')].some(el => /phish/.test((el.getAttribute('href') || '') +
              (el.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || ''))),
          styled: styled.map(el => el.outerHTML.slice(0, 120))};
}"""
TEXT = "figure => figure.querySelector('.chart-canvas').textContent"
HOVER = "figure => (figure.querySelector('.hoverlayer') || {textContent: ''}).textContent"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("figure-text")
    build_to(write_hostile_content(root / "content"), root / "site", search=False)
    with serve_site(root / "site") as base_url:
        yield base_url


@pytest.fixture
def page(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs, page.errors = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.base = served
    yield page
    assert page.dialogs == [] and page.errors == []
    context.close()


def draw_all(page, path: str) -> list:
    """Open a page and draw every plotly figure on it (opening the disclosures they sit in)."""
    page.goto(page.base + path)
    figures = page.locator("figure[data-figure-src]")
    handles = []
    for index in range(figures.count()):
        figure = figures.nth(index)
        figure.evaluate("el => { const d = el.closest('details'); if (d) d.open = true; }")
        figure.scroll_into_view_if_needed()
        figure.locator(".chart-canvas").hover()     # plotly loads when the reader turns to a figure
        page.wait_for_function("el => el.getAttribute('data-state') === 'drawn'", arg=figure.element_handle(),
                               timeout=20_000)
        handles.append(figure)
    return handles


def assert_nothing_from_content_is_markup(figure):
    found = figure.evaluate(FROM_CONTENT)
    assert found == {"links": 0, "phish": False, "styled": []}, found


def squeezed(text: str) -> str:
    """Text without its spaces: figure text is wrapped, and a line break takes the space it falls on."""
    return "".join(text.split())


def hover(page, figure, selector: str) -> str:
    """Point at the first element matching selector in the figure, as a reader would.

    The figure is made much taller first: plotly leaves out a hover label taller than the plot,
    and with markup in every field the labels are very tall."""
    figure.locator(".chart-canvas").evaluate("el => Plotly.relayout(el, {height: el.layout.height + 1600})")
    target = figure.locator(selector).first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box, selector
    page.mouse.move(box["x"] + box["width"] / 2 - 20, box["y"] + box["height"] / 2)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    page.wait_for_function("el => el.querySelector('.hoverlayer .hovertext')", arg=figure.element_handle(),
                           timeout=5_000)
    return figure.evaluate(HOVER)


@pytest.mark.parametrize("path", ["map/", "briefs/the-offensive/", "network/", "actors/hts/", "actors/saa/"])
def test_no_link_or_styled_text_from_content_in_any_figure(page, path):
    figures = draw_all(page, path)
    assert figures
    for figure in figures:
        assert_nothing_from_content_is_markup(figure)


def test_map_labels_show_the_text_as_written(page):
    """(The map's hover text is escaped like the chart's and the network's below.)"""
    figure = draw_all(page, "map/")[0]
    drawn = squeezed(figure.evaluate(TEXT))
    # the town's label, the airbase's, and Aleppo's, a city, among the base map's names
    for field in ("town-name", "airbase-name", "place-name"):
        assert squeezed(figure_markup(field)) in drawn


def test_chart_legend_and_hover_show_the_text_as_written(page):
    chart = draw_all(page, "map/")[1]
    legend = squeezed(chart.evaluate("figure => figure.querySelector('.legend').textContent"))
    assert squeezed(figure_markup("actor-short-name")) in legend     # the group title, and in each entry
    text = squeezed(hover(page, chart, ".barlayer .point path"))
    # the actor's name in full, its '%{y}' not filled in with the count
    assert squeezed(figure_markup("actor2-name")) in text or squeezed(figure_markup("actor-short-name")) in text


def test_network_hover_shows_the_text_as_written(page):
    figure = draw_all(page, "network/")[0]
    text = squeezed(hover(page, figure, ".tracenodes .point"))
    assert squeezed("<a href=\"https://phish.example/") in text and squeezed(AS_WRITTEN) in text


def test_place_map_shows_names_and_states_as_written(page):
    page.goto(page.base + "places/aleppo/")
    figure = page.locator("#fig-place-map-aleppo")
    svg = figure.locator("svg.static-map")
    assert svg.locator("a, [style]").count() == 0       # (long names take lines of their own: <tspan>s)
    titles = [t.text_content() for t in svg.locator("title").all()]
    assert any(t.startswith(page.locator("h1").text_content() + ": ") and t.endswith(", disputed")
               for t in titles), titles
    assert any(figure_markup("airbase-name") in t for t in titles), titles
    # the caption and the tooltips say the states in plain words, the names as written
    caption = figure.locator("figcaption").text_content()
    assert figure_markup("actor-short-name") in caption and figure_markup("place-name") in caption
