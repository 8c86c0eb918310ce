"""The map's day control in a real browser, on a site whose claims change over time and whose dates
and places are not all known exactly: a day before a confirmation shows the claim as it stood then,
an event whose day is a range shows from its first possible day with a dot in its mark, and an
approximate place is drawn as its circle under its mark, in the first view (SVG) and in plotly's.
Served with netlify.toml's headers: no console error, nothing from another origin."""
import shutil
from urllib.parse import urlsplit

import pytest

from conftest import MINI, build_to
from http_server import serve_site
from uncertain_content import add_uncertainty

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uncertain")
    content = folder / "content"
    shutil.copytree(MINI, content)
    build_to(add_uncertainty(content), folder / "site")
    with serve_site(folder / "site") as base_url:
        yield base_url


def open_map(browser, served, path="map/", viewport=None):
    page = browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
    page.problems, page.foreign = [], []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("request", lambda r: r.url.startswith((served, "data:", "blob:")) or page.foreign.append(r.url))
    page.goto(served + path, wait_until="networkidle")
    page.wait_for_selector("#fig-advances-map[data-controls=ready]")
    return page


def drawn(page) -> dict:
    """place id -> (mark, symbol, hover text) of the marks plotly draws now."""
    return {place: tuple(value) for place, value in page.evaluate("""() => {
        const figure = document.getElementById('fig-advances-map');
        const canvas = figure.querySelector('.chart-canvas');
        const meta = JSON.parse(figure.querySelector('script.figure-meta').textContent);
        const found = {};
        canvas.data.forEach((trace, i) => {
            const kind = meta.traces[i];
            if (!kind || kind.area || trace.visible === false) return;
            trace.customdata.forEach((c, j) => {
                const symbol = Array.isArray(trace.marker.symbol) ? trace.marker.symbol[j] : trace.marker.symbol;
                found[c[0]] = [kind.mark, symbol, trace.hovertext[j].replace(/<[^>]+>/g, ' ').replace(/\\s+/g, ' ')];
            });
        });
        return found;
    }""").items()}


def areas(page) -> list:
    """(mode, number of points) of each area trace plotly has now."""
    return page.evaluate("""() => {
        const figure = document.getElementById('fig-advances-map');
        const meta = JSON.parse(figure.querySelector('script.figure-meta').textContent);
        const canvas = figure.querySelector('.chart-canvas');
        return canvas.data.map((t, i) => [meta.traces[i], t]).filter(p => p[0] && p[0].area)
                          .map(p => [p[1].mode, p[1].lat.filter(v => v !== null).length]);
    }""")


def step_to(page, day):
    """Move the day control one day at a time (the keyboard, as a reader would) until `day` is drawn."""
    days = page.evaluate("JSON.parse(document.querySelector('#fig-advances-map script.figure-meta').textContent)"
                         ".timeline.days")
    page.get_by_label("Day", exact=True).focus()
    current = page.locator("#fig-advances-map").get_attribute("data-day")
    while current != day:
        index = days.index(current) + (1 if days.index(day) > days.index(current) else -1)
        page.keyboard.press("ArrowRight" if days.index(day) > days.index(current) else "ArrowLeft")
        current = days[index]
        page.wait_for_selector(f"#fig-advances-map[data-day='{current}']", timeout=20_000)


def test_the_day_before_a_confirmation_shows_the_claim(browser, served):
    page = open_map(browser, served)
    figure = page.locator("#fig-advances-map")
    # the first view (SVG, no plotly yet) is the as-of day: Saraqib confirmed, a filled mark
    assert figure.get_attribute("data-day") == "2024-12-02"
    assert "now confirmed" in figure.locator(".map-summary").inner_text()
    step_to(page, "2024-12-01")
    page.wait_for_selector("#fig-advances-map[data-state=drawn][data-day='2024-12-01']", timeout=20_000)
    mark, symbol, hover = drawn(page)["saraqib"]
    assert (mark, symbol) == ("claimed", "circle-open")
    assert "claimed by MOC, not confirmed" in hover and "Confirmed by" not in hover and "SOHR" not in hover
    assert urlsplit(page.url).fragment == "date=2024-12-01"
    assert page.locator("#fig-advances-map .map-summary").inner_text() == "1 December 2024: no change."
    step_to(page, "2024-12-02")
    mark, symbol, hover = drawn(page)["saraqib"]
    assert (mark, symbol) == ("confirmed", "circle")
    assert "Confirmed by: Syrian Observatory" in hover and "Status: claimed 29 Nov; confirmed 2 Dec" in hover
    assert page.problems == [] and page.foreign == []
    page.close()


def test_an_uncertain_day_and_an_approximate_place_as_the_day_moves(browser, served):
    page = open_map(browser, served)
    figure = page.locator("#fig-advances-map")
    # the first view draws the village's circle under its mark, from the same spec
    assert figure.locator(".chart-canvas > svg.svgplot path[fill^='rgba(']").count() == 1
    key = page.locator(".map-key-notes")
    assert "Position approximate (circle: how far off it may be)" in key.inner_text()
    assert "Day not known" in key.inner_text()
    step_to(page, "2024-11-29")
    page.wait_for_selector("#fig-advances-map[data-state=drawn][data-day='2024-11-29']", timeout=20_000)
    marks = drawn(page)
    mark, symbol, hover = marks["al-tulaysieh"]
    assert (mark, symbol) == ("claimed", "circle-open-dot")
    assert "Date: between 28 and 30 November 2024 (exact day not known)" in hover
    assert "Position known to within about 20 km" in hover
    assert areas(page) == [["lines", 65]]
    # plotly draws the circle: a filled path in the geo layer, under the marks
    assert page.locator("#fig-advances-map .scattergeo path.js-line").count() >= 1
    step_to(page, "2024-11-27")
    assert "al-tulaysieh" not in drawn(page) and areas(page) == [["lines", 0]]   # before its first possible day
    step_to(page, "2024-11-30")
    assert drawn(page)["al-tulaysieh"][1] == "circle-open"        # its last day: it has happened
    # another area keeps the circles as lines (map.js switches only the marks' labels)
    figure.get_by_role("button", name="All of Syria").click()
    page.wait_for_function("() => document.getElementById('fig-advances-map').getAttribute('data-view') === 'syria'")
    assert areas(page) == [["lines", 65]]
    page.get_by_label("Claimed, unconfirmed", exact=True).uncheck()       # the key hides a mark and its circle
    assert areas(page) == [["lines", 65]] and page.evaluate(
        "() => document.querySelector('#fig-advances-map .chart-canvas').data.filter(t => t.fill === 'toself')"
        ".every(t => t.visible === false)")
    assert page.problems == [] and page.foreign == []
    page.close()
