"""The "Cite this map" block in a real browser: without JavaScript it cites the as-of view, with
it the reference follows the day (and area) the reader shows, and an address opened with #date=
is cited as that day at once."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from http_server import serve_site

BASE = "https://briefing.example.org/map/"


@pytest.fixture(scope="module")
def site_url(mini_site):
    with serve_site(mini_site) as url:
        yield url


def reference(page) -> tuple[str, str, str]:
    block = page.locator("details.cite")   # open or not: text_content, not what is shown
    return (block.locator(".cite-title").text_content(), block.locator("a.cite-url").text_content(),
            block.locator("a.cite-url").get_attribute("href"))


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    assert not page.problems
    context.close()


def test_without_javascript_the_map_is_cited_as_of_the_cut_off(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "map/#date=2024-11-30")
    page.locator("details.cite > summary").click()
    assert reference(page) == ("Map of the advances as of 2 December 2024", BASE + "#date=2024-12-02",
                               BASE + "#date=2024-12-02")
    assert "Information as of 2 December 2024, 18:00 UTC." in page.locator(".cite-ref").inner_text()
    context.close()


def test_the_reference_follows_the_day_shown(page, site_url):
    page.goto(site_url + "map/")
    page.wait_for_selector("#fig-advances-map[data-controls=ready]", timeout=20000)
    page.locator("details.cite > summary").click()
    assert reference(page)[1] == BASE + "#date=2024-12-02"
    day = page.get_by_label("Day", exact=True)
    day.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("location.hash === '#date=2024-11-30'")
    assert reference(page) == ("Map of the advances as of 30 November 2024", BASE + "#date=2024-11-30",
                               BASE + "#date=2024-11-30")
    page.get_by_role("button", name="All of Syria").click()
    assert reference(page)[1] == BASE + "#date=2024-11-30&view=syria" == BASE + "#" + urlsplit(page.url).fragment


def test_an_address_with_a_day_is_cited_as_that_day(page, site_url):
    page.goto(site_url + "map/#date=2024-11-29")
    page.wait_for_selector("#fig-advances-map[data-controls=ready]", timeout=20000)
    assert reference(page) == ("Map of the advances as of 29 November 2024", BASE + "#date=2024-11-29",
                               BASE + "#date=2024-11-29")
