"""Figures' first views in a real browser: each kind of figure shows its SVG (drawn at build time) at
load without plotly being requested; turning to a figure (pointer, focus, its controls) loads plotly,
which draws in the SVG's place without moving anything; the map's day control and the network's date
control still work on first use; no console error, nothing from another origin."""

import pytest

from conftest import build_mini_with_an_ending_relation
from http_server import serve_site

pytestmark = pytest.mark.browser

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
KINDS = [("network/", "#fig-network"), ("actors/hts/", "#fig-network-hts-1"), ("map/", "#fig-advances-map"),
         ("map/", "#fig-advance-over-time"), ("briefs/the-offensive/", "figure.chart-network")]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The mini site plus one relation that ends (so the network has key dates), served with netlify.toml's headers."""
    out = build_mini_with_an_ending_relation(tmp_path_factory.mktemp("first"))
    with serve_site(out) as base_url:
        yield base_url


def open_page(browser, served, path, viewport=PHONE):
    page = browser.new_page(viewport=viewport)
    page.problems, page.foreign, page.plotly = [], [], []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("request", lambda r: r.url.startswith((served, "data:", "blob:")) or page.foreign.append(r.url))
    page.on("request", lambda r: "plotly" in r.url and page.plotly.append(r.url))
    page.goto(served + path, wait_until="networkidle")
    return page


def closed(page):
    assert page.problems == []
    assert page.foreign == []
    page.close()


def box(page, selector):
    return page.locator(selector).evaluate("el => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path,selector", KINDS)
def test_first_view_is_svg_then_plotly_draws_in_its_place(browser, served, path, selector, viewport):
    page = open_page(browser, served, path, viewport)
    figure = page.locator(selector).first
    svg = figure.locator(".chart-canvas > svg.svgplot:visible").first
    assert svg.count() == 1 and svg.evaluate("el => el.getBoundingClientRect().height") >= 200
    assert figure.locator(".chart-canvas").get_attribute("aria-hidden") == "true"
    marks = svg.locator("use, rect, text").count()
    assert marks >= 3, "the first view draws marks and labels"
    page.wait_for_timeout(800)
    assert page.plotly == [], "plotly is not requested before the reader turns to a figure"
    figure.scroll_into_view_if_needed()
    before = box(page, f"{selector} .chart-canvas") if selector.startswith("#") else None
    figure.locator(".chart-canvas").hover()
    page.wait_for_function("el => el.getAttribute('data-state') === 'drawn'", arg=figure.element_handle(), timeout=20_000)
    assert len(page.plotly) == 1
    assert figure.locator(".chart-canvas > .plot-container .main-svg").count() >= 1
    assert figure.locator(".chart-canvas > svg.svgplot:visible").count() == 0, "the first view gives way"
    if before:
        after = box(page, f"{selector} .chart-canvas")
        assert abs(after[3] - before[3]) <= 1 and abs(after[1] - before[1]) <= 1, (before, after)
    closed(page)


def test_without_javascript_the_svg_is_the_figure(browser, served):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(served + "network/")
    assert page.locator("#fig-network .chart-canvas > svg.svgplot").is_visible()
    assert page.locator("#fig-network .chart-canvas > svg.svgplot use").count() >= 3
    context.close()


def test_map_day_control_loads_plotly_and_shows_the_day(browser, served):
    page = open_page(browser, served, "map/")
    figure = page.locator("#fig-advances-map")
    page.wait_for_selector("#fig-advances-map[data-controls=ready]")
    height = box(page, "#fig-advances-map .chart-canvas")[3]
    assert page.plotly == [] and figure.get_attribute("data-day") == "2024-12-02"
    figure.locator(".map-step[aria-label='Previous day']").click()
    page.wait_for_selector("#fig-advances-map[data-day='2024-12-01']", timeout=20_000)
    assert len(page.plotly) == 1 and figure.get_attribute("data-state") == "drawn"
    assert "2024-12-01" in page.url
    assert abs(box(page, "#fig-advances-map .chart-canvas")[3] - height) <= 1
    figure.locator(".map-step[aria-label='Previous day']").click()       # and it keeps working
    page.wait_for_selector("#fig-advances-map[data-day='2024-11-30']", timeout=20_000)
    closed(page)


def test_a_citable_address_draws_that_day_at_once(browser, served):
    page = open_page(browser, served, "map/#date=2024-11-30")
    page.wait_for_selector("#fig-advances-map[data-day='2024-11-30'][data-state=drawn]", timeout=20_000)
    closed(page)


def test_network_date_control_loads_plotly_and_draws_that_date(browser, served):
    page = open_page(browser, served, "network/")
    figure = page.locator("#fig-network")
    select = page.locator("[data-network-dates] select")
    assert page.plotly == []
    value = select.locator("option").nth(1).get_attribute("value")
    select.select_option(value)
    page.wait_for_function("f => f.getAttribute('data-state') === 'drawn'", arg=figure.element_handle(), timeout=20_000)
    src = figure.get_attribute("data-figure-src")
    assert value in src and len(page.plotly) == 1
    closed(page)


def test_keyboard_focus_in_the_figure_loads_plotly_but_its_table_does_not(browser, served):
    page = open_page(browser, served, "actors/hts/")
    figure = page.locator("#fig-network-hts-1")
    figure.locator(".chart-data > summary").focus()
    page.wait_for_timeout(500)
    assert page.plotly == [] and figure.get_attribute("data-state") is None
    figure.evaluate("el => el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }))")
    page.wait_for_function("el => el.getAttribute('data-state') === 'drawn'", arg=figure.element_handle(), timeout=20_000)
    closed(page)
