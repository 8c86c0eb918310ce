"""Corrections and revision histories in a real Chromium: a brief with a correction, the
corrections page and a history page with changes, in light and dark, with JavaScript and without.

The site is the mini content in a repository of four commits, the last a correction
(tests/history_repo.py), served with netlify.toml's headers.
"""
from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, build_to
from history_repo import history_repository
from http_server import serve_site
from axe import axe_violations

pytestmark = pytest.mark.browser

PAGES = {"corrected brief": "briefs/offensive/", "corrections": "corrections/",
         "revision history": "briefs/offensive/history/"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("corrections")
    build_to(history_repository(root / "repo"), root / "site", search=False)
    with serve_site(root / "site") as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violations(browser, base_url, name, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + PAGES[name])
    violations = axe_violations(page)
    context.close()
    assert violations == [], json.dumps(violations, indent=1)


def test_changes_are_named_for_screen_readers_and_marked_beyond_colour(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PAGES["revision history"])
    change = page.locator("p.diff", has_text="most").first
    spoken = change.aria_snapshot()
    # Chromium gives <del> and <ins> their roles, and each says what it is in words
    assert re.search(r'text: ".* took"\n\s*- deletion: "\[removed: most ?\]"\n\s*- insertion: "\[added: all ?\]"\n'
                     r'\s*- text: "of Aleppo', spoken), spoken
    # Struck through and underlined, not only coloured; and not hidden from sight
    styles = page.evaluate("""() => ['del', 'ins'].map(tag => {
        const style = getComputedStyle(document.querySelector('.diff ' + tag));
        return [style.textDecorationLine, style.color !== style.backgroundColor];
    })""")
    assert styles == [["line-through", True], ["underline", True]]
    assert page.locator("main h1").inner_text() == "Revision history: The offensive"
    assert page.locator("ol.revisions > li").count() == 4
    context.close()


def test_the_correction_note_is_reached_from_the_corrections_page(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + PAGES["corrections"])
    page.locator("main").get_by_role("link", name="The offensive").click()
    page.wait_for_url("**/briefs/offensive/#correction-2024-12-02-150000")
    note = page.locator("#correction-2024-12-02-150000")
    assert "An earlier version said" in note.inner_text()
    assert note.is_visible()
    context.close()
