"""The live preview in a real browser: the error overlay and the reload, under the site's CSP."""
from __future__ import annotations

import re
import time

import pytest

from conftest import line_of
from serving import edit, server  # noqa: F401  (server: a fixture)


@pytest.mark.browser
def test_browser_shows_the_overlay_and_reloads_under_the_sites_csp(server, content, browser):
    srv = server()
    page = browser.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(srv.url + "briefs/the-offensive/")
    page.wait_for_function("document.querySelector('link[href=\"/__briefing__/live.css\"]') !== null")
    time.sleep(0.3)  # let the event stream connect
    edit(content / "actors.yaml", "kind: state", "kind: nation")
    overlay = page.wait_for_selector("#briefing-live-overlay", timeout=10_000)
    error = overlay.query_selector(".briefing-live-error")
    line = line_of(content / "actors.yaml", "kind: nation")
    assert error.get_attribute("data-line") == str(line)
    assert re.search(rf"actors\.yaml:{line}$", error.query_selector(".briefing-live-where").inner_text())
    assert "'nation' is not a known kind" in error.query_selector(".briefing-live-message").inner_text()
    assert page.inner_text("main h1") == "The offensive"   # the last good page is still there
    assert overlay.evaluate("el => getComputedStyle(el).position") == "fixed"  # live.css applied

    with page.expect_navigation(timeout=10_000):   # fixed: the page reloads, the overlay is gone
        edit(content / "actors.yaml", "kind: nation", "kind: state")
    assert page.query_selector("#briefing-live-overlay") is None
    page.wait_for_function("document.querySelector('link[href=\"/__briefing__/live.css\"]') !== null")
    time.sleep(0.3)
    with page.expect_navigation(timeout=10_000):   # an edit: the page reloads with it
        edit(content / "briefs" / "the-offensive.md", "title: The offensive", "title: The offensive, day six")
    assert page.inner_text("main h1") == "The offensive, day six"
    assert not [m for m in console if "Content Security Policy" in m or "Refused" in m], console
    page.close()
