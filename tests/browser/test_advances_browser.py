"""The map and the chronology in a real browser: base map from the site itself, the day control and
the citable address, and the chronology's filters."""
import functools
import http.server
import threading
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from axe import axe_violations


@pytest.fixture(scope="module")
def site_url(mini_site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    handler = functools.partial(Quiet, directory=str(mini_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser, site_url):
    """A page that records every request, failure and console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests, page.problems = [], []
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("requestfailed", lambda request: page.problems.append(f"failed: {request.url}"))
    page.on("console", lambda message: message.type == "error" and page.problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    yield page
    context.close()


def drawn_places(page) -> set:
    """Place ids drawn by the map's data traces now (not the base map's labels)."""
    return set(page.evaluate("""() => {
        const figure = document.getElementById('fig-advances-map');
        const canvas = figure.querySelector('.chart-canvas');
        return canvas.data.filter(t => t.customdata && t.visible !== false)
                          .flatMap(t => t.customdata.map(c => c[0]));
    }"""))


def open_map(page, url):
    page.goto(url)
    figure = page.locator("#fig-advances-map")
    figure.scroll_into_view_if_needed()
    page.wait_for_selector("#fig-advances-map[data-controls=ready]", timeout=20000)
    figure.locator(".chart-canvas").hover()     # plotly loads when the reader turns to the map
    page.wait_for_selector("#fig-advances-map .chart-canvas svg.main-svg .geo path.choroplethlocation")
    return figure


def test_map_draws_from_the_site_itself_and_cites_the_day(page, site_url):
    figure = open_map(page, site_url + "map/")
    origin = urlsplit(site_url).netloc
    assert all(urlsplit(url).netloc == origin for url in page.requests), page.requests
    assert any(url.endswith("/asia_50m.json") for url in page.requests)
    assert any(url.endswith("/syria-governorates.json") for url in page.requests)
    assert page.locator("#fig-advances-map .geo .layer.land path").count() >= 1    # plotly's base map, self-hosted
    assert page.locator("#fig-advances-map path.choroplethlocation").count() == 14  # the governorates
    assert figure.get_attribute("data-day") == "2024-12-02" and drawn_places(page) == {"saraqib", "aleppo"}

    day = page.get_by_label("Day", exact=True)
    day.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector("#fig-advances-map[data-day='2024-11-30']")
    assert urlsplit(page.url).fragment == "date=2024-11-30"
    assert page.locator("#fig-advances-map .map-date").inner_text() == "30 November 2024"
    assert drawn_places(page) == {"saraqib", "aleppo"}
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector("#fig-advances-map[data-day='2024-11-29']")
    assert drawn_places(page) == {"saraqib"}
    assert page.locator("#fig-advances-map .map-summary").inner_text() == "29 November 2024: MOC claims Saraqib."

    page.get_by_label("Confirmed", exact=True).uncheck()    # the key filters, and the filter is cited too
    assert "status=claimed" in urlsplit(page.url).fragment
    assert page.problems == []


def test_a_cited_address_opens_the_map_on_that_day(page, site_url):
    figure = open_map(page, site_url + "map/#date=2024-11-29&view=syria")
    page.wait_for_selector("#fig-advances-map[data-day='2024-11-29']")
    assert drawn_places(page) == {"saraqib"}
    assert figure.get_by_role("button", name="All of Syria").get_attribute("aria-pressed") == "true"
    lon = page.evaluate("document.querySelector('#fig-advances-map .chart-canvas').layout.geo.lonaxis.range")
    assert lon[0] < 36.5 and lon[1] > 41.5                # Al-Bukamal's side of the country is in view
    assert page.problems == []


def test_chronology_filter_hides_and_shows_rows(page, site_url):
    page.goto(site_url + "chronology/")
    form = page.locator("#chronology-filters")
    assert form.is_visible()
    rows = page.locator(".chronology-table tbody tr")
    assert rows.count() == 2
    page.get_by_label("Confirmed").uncheck()
    assert page.locator(".chronology-table tbody tr:visible").count() == 1
    assert page.locator("[data-status=confirmed]").is_hidden()
    assert "status=claimed" in urlsplit(page.url).fragment
    assert form.locator("[data-shown]").inner_text() == "1"
    page.get_by_label("Kind of place").select_option("city")     # Aleppo, whose event is confirmed
    assert page.locator(".chronology-table tbody tr:visible").count() == 0
    assert page.locator(".chronology-day:visible").count() == 0
    assert page.locator(".filter-empty").is_visible()
    page.get_by_role("button", name="Show all").click()
    page.wait_for_function("document.querySelectorAll('.chronology-table tbody tr:not([hidden])').length === 2")
    assert page.problems == []




@pytest.mark.parametrize("path", ["map/", "chronology/", "claims/"])
def test_pages_with_their_controls_pass_axe_and_fit_320px(browser, site_url, path):
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + path)
    if path == "map/":
        page.locator("#fig-advances-map").scroll_into_view_if_needed()
        page.wait_for_selector("#fig-advances-map[data-controls=ready]", timeout=20000)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    violations = axe_violations(page)
    context.close()
    assert violations == []
