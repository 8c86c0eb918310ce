"""The reader's experience in a real Chromium, served with netlify.toml's headers (CSP included).

For each kind of page: no WCAG 2 A/AA violation (axe-core, light and dark), no console
error, no failed request, no request to another origin, figures drawn once scrolled
into view with a table row per data point, readable without JavaScript and at 320 px.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, build_to
from http_server import serve_site
from axe import axe_violations

pytestmark = pytest.mark.browser

PAGES = {
    "home": "", "brief": "briefs/the-offensive/", "actor": "actors/hts/", "place": "places/aleppo/",
    "source": "sources/sohr/", "actors index": "actors/", "search": "search/?q=Aleppo",
    "map": "map/", "network": "network/", "chronology": "chronology/", "claims": "claims/",
    "report an error": "report-an-error/",
    "corrections": "corrections/", "revision history": "briefs/the-offensive/history/",
}
# The Arabic edition (issue 17): every kind of page again under ar/, held to the same tests.
ARABIC_SEARCH_WORD = "حلب"   # Aleppo, in the Arabic briefs, places and actors
PAGES.update({f"{name} (ar)": ("ar/search/?q=" + ARABIC_SEARCH_WORD if name == "search" else "ar/" + path)
              for name, path in list(PAGES.items())})
BRIEF_BUDGET_BYTES = 60_000


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The real publication, built once for these tests."""
    out = tmp_path_factory.mktemp("browser") / "site"
    build_to(ROOT / "content", out)
    return out


@pytest.fixture(scope="module")
def base_url(site):
    with serve_site(site) as url:
        yield url


class PageWatch:
    """Everything that went wrong while a page loaded."""

    def __init__(self, page, base_url):
        self.origin = urlsplit(base_url).netloc
        self.errors, self.failed, self.foreign = [], [], []
        # A request still under way when the reader leaves the page (a search submitted, a link
        # followed) is cancelled by the browser: net::ERR_ABORTED, no fault of the site's. Each
        # request remembers how many times the page had navigated when it was made.
        self.page, self.navigations, self.made_at = page, 0, {}
        page.on("request", self._request_made)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", self._request_failed)
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} {r.status}"))
        page.on("request", lambda r: urlsplit(r.url).netloc != self.origin
                and not r.url.startswith(("data:", "blob:")) and self.foreign.append(r.url))

    def _request_made(self, request):
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.navigations += 1   # counted when the page is left, before what it had under way is cut off
        self.made_at[id(request)] = (request, self.navigations)

    def _request_failed(self, request):
        made_at = self.made_at.get(id(request), (request, self.navigations))[1]
        if request.failure == "net::ERR_ABORTED" and made_at < self.navigations:
            return   # cut off by the page being left, not failed
        self.failed.append(f"{request.url} {request.failure}")

    def assert_clean(self):
        assert self.errors == [], self.errors
        assert self.failed == [], self.failed
        assert self.foreign == [], self.foreign


def open_page(browser, base_url, path, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    watch = PageWatch(page, base_url)
    page.goto(base_url + path, wait_until="load")
    return context, page, watch


def draw_all_figures(page):
    """Scroll each figure into view, as a reader would, and wait until plotly has drawn it."""
    count = page.locator("figure[data-figure-src]").count()
    for index in range(count):
        figure = page.locator("figure[data-figure-src]").nth(index)
        # a figure in a closed disclosure (an actor's two-step network) draws when the reader opens it
        figure.evaluate("el => { for (let d = el.closest('details'); d; d = d.parentElement.closest('details')) "
                        "d.open = true; }")
        figure.scroll_into_view_if_needed()
        figure.locator(".chart-canvas").hover()     # plotly loads when the reader turns to a figure
        page.wait_for_function("el => ['drawn', 'failed'].includes(el.getAttribute('data-state'))",
                               arg=figure.element_handle(), timeout=20_000)
        assert figure.get_attribute("data-state") == "drawn"
        assert figure.locator(".main-svg").count() >= 1
    return count


# Every kind of page in both schemes; its Arabic edition in the light one: a scheme's colours are the
# same custom properties in either direction, and the dark ones are checked on every English page.
@pytest.mark.parametrize("name, scheme", [(name, scheme) for name in PAGES for scheme in ("light", "dark")
                                          if scheme == "light" or not name.endswith("(ar)")])
def test_no_accessibility_violations(browser, base_url, name, scheme):
    context, page, _ = open_page(browser, base_url, PAGES[name], color_scheme=scheme)
    draw_all_figures(page)
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    context.close()
    assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("name", PAGES)
def test_no_errors_failures_or_other_origins(browser, base_url, name):
    context, page, watch = open_page(browser, base_url, PAGES[name])
    draw_all_figures(page)
    page.mouse.wheel(0, 20_000)
    page.wait_for_load_state("networkidle")
    watch.assert_clean()
    context.close()


@pytest.mark.parametrize("name", [n for n in PAGES if not n.startswith("search")])
def test_readable_without_javascript(browser, base_url, site, name):
    context, page, _ = open_page(browser, base_url, PAGES[name], java_script_enabled=False)
    assert page.locator("main h1").first.inner_text().strip()
    html_tables = page.locator("main table").count()
    source = (site / PAGES[name] / "index.html").read_text() if PAGES[name] else (site / "index.html").read_text()
    assert html_tables == source.count("<table")
    assert page.locator("main").inner_text().strip().count(" ") > 20
    # no blank boxes where figures would be: every canvas shown holds its drawing, made at build time
    assert page.locator(".chart .chart-canvas:visible").count() == page.locator(".chart .chart-canvas > svg:visible").count()
    shown = page.locator(".chart-svg:visible")
    assert shown.count() >= min(1, source.count("chart-svg"))
    for index in range(shown.count()):
        assert shown.nth(index).locator(".chart-canvas > svg.svgplot:visible").count() >= 1
    assert page.locator(".chart-static svg:visible").count() == source.count("chart-static")
    context.close()


def test_place_map_is_drawn_at_build_time_and_loads_no_script(browser, base_url):
    context, page, watch = open_page(browser, base_url, PAGES["place"])
    page.wait_for_load_state("networkidle")
    scripts = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                            ".filter(n => n.endsWith('.js'))")
    svg = page.locator("#fig-place-map-aleppo svg.static-map")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box["height"] >= 240 and box["width"] >= 300
    # the place is drawn and named, and a neighbour's name shows on pointing (its <title>)
    assert svg.locator("text.sm-place-name", has_text="Aleppo").count() == 1
    assert svg.locator("g > title", has_text="Aleppo International Airport").count() == 1
    assert not any("plotly" in s or "/figures." in s or "/map." in s for s in scripts), scripts
    watch.assert_clean()
    context.close()


# Arabic pages at 320 px, their figures drawn: tests/browser/test_rtl_layout.py
@pytest.mark.parametrize("name", [n for n in PAGES if not n.endswith("(ar)")])
def test_fits_a_320px_screen(browser, base_url, name):
    context, page, _ = open_page(browser, base_url, PAGES[name], viewport={"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0


def test_brief_page_transfer_budget_and_no_plotly(browser, base_url, site):
    brief = PAGES["brief"]
    # The brief's only figure, the network of its actors, comes after the text: far below the
    # first screen, so plotly must not load until the reader scrolls there.
    context, page, _ = open_page(browser, base_url, brief)
    page.wait_for_load_state("networkidle")
    entries = page.evaluate("""() => performance.getEntriesByType('navigation')
        .concat(performance.getEntriesByType('resource'))
        .filter(e => e.initiatorType !== 'img')
        .map(e => ({name: e.name, size: e.transferSize, encoded: e.encodedBodySize}))""")
    context.close()
    total = sum(e["size"] for e in entries)
    assert all(e["size"] > 0 for e in entries), entries  # 0 would mean a cache hit, not a measurement
    assert total <= BRIEF_BUDGET_BYTES, entries
    assert not any("plotly" in e["name"] for e in entries)


def test_skip_link_is_first_and_moves_focus_to_main(browser, base_url):
    context, page, _ = open_page(browser, base_url, PAGES["brief"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-999px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_search_from_any_page_finds_an_actor(browser, base_url):
    # From a page without plotly figures: leaving a page while its plotly.js is still loading
    # aborts that request, which is no error of the search.
    context, page, watch = open_page(browser, base_url, PAGES["brief"])
    page.fill("#site-search-q", "Tahrir")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Tahrir")
    result = page.locator(".pagefind-ui__result-link", has_text="Hayat Tahrir al-Sham").first
    result.wait_for(timeout=10_000)
    href = result.get_attribute("href")
    assert href.rstrip("/").endswith("actors/hts")
    watch.assert_clean()
    context.close()


@pytest.mark.parametrize("query", [ARABIC_SEARCH_WORD, "بحلب"])   # 'in Aleppo': found by its stem, حلب
def test_search_on_an_arabic_page_finds_arabic_briefs_with_arabic_stemming(browser, base_url, query):
    """Pagefind keeps an index per <html lang>: an Arabic query on an Arabic page finds the Arabic
    edition's briefs, and a word with a prefix attached (بـ 'in') by its stem."""
    context, page, watch = open_page(browser, base_url, "ar/briefs/the-offensive/")
    page.fill("#site-search-q", query)
    page.keyboard.press("Enter")
    page.wait_for_url("**/ar/search/?q=*")
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=10_000)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and all("/ar/" in href for href in hrefs), hrefs
    assert any("/ar/briefs/" in href for href in hrefs), hrefs
    texts = " ".join(links.nth(i).inner_text() for i in range(links.count()))
    assert any("\u0600" <= ch <= "\u06ff" for ch in texts)
    watch.assert_clean()
    context.close()


def test_the_language_switcher_keeps_the_reader_on_the_same_page(browser, base_url):
    context, page, watch = open_page(browser, base_url, "places/aleppo/")
    page.locator(".languages a[hreflang='ar']").click()
    page.wait_for_url("**/ar/places/aleppo/")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    page.locator(".languages a[hreflang='en']").click()
    page.wait_for_url("**/places/aleppo/")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    watch.assert_clean()
    context.close()


@pytest.fixture(scope="module")
def sharded_base_url(tmp_path_factory):
    """The real publication with its search index in four shards (a brief a shard, as a site of
    hundreds of briefs has them), served."""
    from briefing.output import search
    out = tmp_path_factory.mktemp("sharded") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "BRIEFS_PER_SHARD", 1)
        build_to(ROOT / "content", out)
    assert len(json.loads((out / search.SHARD_LIST).read_text().split("= ", 1)[1].rstrip(";\n"))) == 3
    with serve_site(out) as url:
        yield url


@pytest.mark.parametrize("query, page", [
    ("comrades", "briefs/government-defences"),     # a word of one brief's text, in a shard of its own
    ("dialogue", "briefs/regional-diplomacy"),      # another brief's, in another shard
    ("Ankara", "places/ankara"),                    # a place, in the shard of the other pages
    ("Tahrir", "actors/hts"),                       # an actor, likewise
])
def test_search_merges_every_shard(browser, sharded_base_url, query, page):
    base_url = sharded_base_url
    context, search_page, watch = open_page(browser, base_url, f"search/?q={query}")
    links = search_page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=10_000)
    hrefs = [href.rstrip("/") for href in links.evaluate_all("links => links.map(a => a.href)")]
    assert any(href.endswith(page) for href in hrefs), hrefs
    assert all(href.startswith(base_url.rstrip("/")) for href in hrefs), hrefs   # each a page of this site
    watch.assert_clean()                        # no CSP violation, failed request or other origin
    context.close()


def test_print_hides_navigation_and_shows_sources(browser, base_url):
    context, page, _ = open_page(browser, base_url, PAGES["brief"])
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".site-search").is_visible()
    assert page.locator("#sources-title").is_visible()
    context.close()


def test_dark_theme_follows_the_system(browser, base_url):
    colours = {}
    for scheme in ("light", "dark"):
        context, page, _ = open_page(browser, base_url, "", color_scheme=scheme)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours["light"] != colours["dark"]
