"""The networks in a real browser: drawn, as many actors and arrows as their tables list, the date
control, no console errors and nothing fetched from another origin (under the site's CSP)."""

import pytest

from conftest import build_mini_with_an_ending_relation
from http_server import serve_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The mini site plus one relation that ends (so dates differ), served with netlify.toml's headers."""
    out = build_mini_with_an_ending_relation(tmp_path_factory.mktemp("net"))
    with serve_site(out) as base_url:
        yield base_url


@pytest.fixture
def page(browser, served):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.problems, page.foreign = [], []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("request", lambda r: r.url.startswith((served, "data:", "blob:")) or page.foreign.append(r.url))
    page.base = served
    yield page
    assert page.problems == []
    assert page.foreign == []
    page.close()


def draw(page, selector):
    figure = page.locator(selector)
    figure.scroll_into_view_if_needed()
    figure.locator(".chart-canvas").hover()     # plotly loads when the reader turns to a figure
    page.wait_for_selector(f"{selector}[data-state=drawn] .main-svg", timeout=20000)
    return figure


COUNTS = """figure => ({
  nodes: figure.querySelectorAll('.tracenodes .point').length,
  arrows: [...figure.querySelectorAll('[class*="tracearrows-"] .point')].length / 2,
  rows: [...figure.querySelectorAll('.chart-data tbody tr')].filter(r => !r.hidden).length,
  actors: new Set([...figure.querySelectorAll('.chart-data tbody tr')].filter(r => !r.hidden)
            .flatMap(r => [r.cells[0], r.cells[2]].map(c => c.textContent.trim()))).size,
  labels: [...figure.querySelectorAll('.textpoint text')].map(t => t.textContent),
})"""


def test_network_page_draws_every_actor_and_relation_and_filters_by_date(page):
    page.goto(page.base + "network/")
    figure = draw(page, "#fig-network")
    counts = figure.evaluate(COUNTS)
    assert counts["nodes"] == page.locator("table.metrics tbody tr").count() == 4
    assert counts["arrows"] == counts["rows"] == 4
    assert "HTS" in counts["labels"] and "MOC" in counts["labels"]

    page.select_option("#network-date", "2024-12-01")   # Russia no longer fights HTS
    page.wait_for_function("f => f.getAttribute('data-shown') === f.getAttribute('data-figure-src')",
                           arg=figure.element_handle(), timeout=20000)
    counts = figure.evaluate(COUNTS)
    assert counts["arrows"] == counts["rows"] == 3
    assert counts["nodes"] == 4   # the same actors, in the same places
    assert "3 of 4 relations" in page.locator(".network-date-status").inner_text()
    assert "on 1 December 2024" in figure.locator("figcaption").inner_text()

    page.select_option("#network-date", "")
    page.wait_for_function("f => f.getAttribute('data-shown') === f.getAttribute('data-figure-src')",
                           arg=figure.element_handle(), timeout=20000)
    assert figure.evaluate(COUNTS)["rows"] == 4


def test_actor_page_draws_its_neighbourhood_and_two_steps_on_request(page):
    page.goto(page.base + "actors/hts/")
    near = draw(page, "#fig-network-hts-1")
    counts = near.evaluate(COUNTS)
    assert counts["nodes"] == counts["actors"] == 3       # HTS, MOC, Russia
    assert counts["arrows"] == counts["rows"] == 2
    assert page.locator("#fig-network-hts-2").get_attribute("data-state") is None   # closed: not drawn
    page.locator(".network-wider > summary").click()
    wider = draw(page, "#fig-network-hts-2")
    counts = wider.evaluate(COUNTS)
    assert counts["nodes"] == counts["actors"] == 4
    assert counts["arrows"] == counts["rows"] == 4


def test_brief_page_draws_the_network_of_its_actors(page):
    page.goto(page.base + "briefs/the-offensive/")
    figure = draw(page, "#network-title + figure")
    counts = figure.evaluate(COUNTS)
    assert counts["nodes"] == counts["actors"] == 2
    assert counts["arrows"] == counts["rows"] == 1
