"""One stylesheet for both directions, and Arabic type, in a real Chromium.

The real publication is built once and served with netlify.toml's headers (its CSP has font-src
'self'). Right to left is its Arabic edition, under ar/ (`<html lang="ar" dir="rtl">`): what the
style sheet and the scripts do with a right-to-left page is what these tests see.

- The header, the navigation and the footer start at the right; the skip link shows at the right.
- Tables mirror (the first column at the right), and numbers line up by place value in both
  directions; the claims ledger's timeline runs down the right.
- Nothing makes a page scroll sideways at 320 px, figures drawn (axe on Arabic pages: test_browser.py).
- The map's day slider is drawn right to left, and the arrow keys follow what is drawn.
- Arabic text is drawn in the vendored Noto Naskh Arabic (the fonts Chromium used for the text, read
  over the DevTools protocol), Latin words and digits in it in the Latin stack; an English page
  downloads no font.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, build_to
from http_server import serve_site
from test_layout_browser import STICKING_OUT

pytestmark = pytest.mark.browser

ARABIC = "سراقب"          # Saraqib
ARABIC_FAMILY = "Briefing Naskh"
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 320, "height": 800}
PAGES = {"home": "", "brief": "briefs/the-offensive/", "claims": "claims/", "chronology": "chronology/",
         "map": "map/", "network": "network/", "actor": "actors/hts/", "place": "places/aleppo/",
         "sources": "sources/", "about": "about/", "corrections": "corrections/", "search": "search/"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("rtl") / "site"
    build_to(ROOT / "content", out)
    with serve_site(out) as url:
        yield url


def open_page(browser, base_url, path, rtl=True, viewport=DESKTOP, **options):
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.goto(base_url + ("ar/" if rtl else "") + path, wait_until="load")
    if rtl:
        assert page.evaluate("[document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]
    return context, page


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def content_box(page, selector):
    """The element's content box (inside its padding): its left and right, in px."""
    return page.locator(selector).first.evaluate("""el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
      return { left: r.left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth),
               right: r.right - parseFloat(s.paddingRight) - parseFloat(s.borderRightWidth) }; }""")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_header_starts_at_the_right(browser, base_url, viewport):
    context, page = open_page(browser, base_url, "", viewport=viewport)
    inner = content_box(page, ".masthead-inner")
    title = box(page, ".site-title")
    assert abs(title["x"] + title["width"] - inner["right"]) <= 1          # the first item, at the right edge
    as_of = box(page, ".as-of")
    if viewport is DESKTOP:
        assert as_of["x"] + as_of["width"] < title["x"]                     # the next one to its left
        search = box(page, ".site-search")
        assert abs(search["x"] - inner["left"]) <= 1                        # the search form at the far end
    else:
        assert abs(as_of["x"] + as_of["width"] - inner["right"]) <= 1       # wrapped: its line starts at the right
    # the skip link: off screen, then at the right when focused, and never widening the page
    assert page.evaluate("document.documentElement.scrollWidth") == viewport["width"]
    page.keyboard.press("Tab")
    skip = box(page, ".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert 0 < viewport["width"] - (skip["x"] + skip["width"]) <= 16
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_navigation_and_footer_run_right_to_left(browser, base_url, viewport):
    context, page = open_page(browser, base_url, "", viewport=viewport)
    for selector, parent in ((".site-nav li", ".site-nav ul"), (".footer-links li", ".footer-links")):
        items = page.locator(selector).evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())")
        assert len(items) > 3
        first_line = [i for i in items if abs(i["top"] - items[0]["top"]) < 2]
        rights = [i["right"] for i in first_line]
        assert rights == sorted(rights, reverse=True), selector             # each item left of the one before
        assert abs(rights[0] - content_box(page, parent)["right"]) <= 1, selector              # the first at the start, the right
    # on a phone the sections are one row that scrolls: it starts with the first, at the right
    if viewport is PHONE:
        first = box(page, ".site-nav li")
        assert first["x"] + first["width"] <= viewport["width"] and first["x"] >= 0
    context.close()


def test_tables_mirror_and_numbers_line_up(browser, base_url):
    """The claims ledger's tables of sources for and against: the kind of source (the first column) at
    the right, the counts to its left; every count's last digit under its column's heading's end."""
    context, page = open_page(browser, base_url, "claims/")
    tables = page.locator("table.source-counts")
    assert tables.count() >= 3
    for index in range(tables.count()):
        columns = tables.nth(index).evaluate("""table => {
          const text = el => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect(); };
          const head = [...table.tHead.rows[0].cells];
          return head.map((th, c) => ({ cell: th.getBoundingClientRect().toJSON(), head: text(th).toJSON(),
            numbers: [...table.querySelectorAll('tbody tr, tfoot tr')].map(tr => tr.cells[c])
              .filter(td => td && /^\\s*\\d+\\s*$/.test(td.textContent)).map(td => text(td).toJSON()) })); }""")
        assert columns[0]["cell"]["left"] > columns[-1]["cell"]["left"]   # the first column is the rightmost
        numeric = [c for c in columns if c["numbers"]]
        assert numeric
        for column in numeric:
            ends = {round(n["right"]) for n in column["numbers"]}
            assert len(ends) == 1, column                                    # units under units
            assert abs(column["head"]["right"] - column["numbers"][0]["right"]) <= 1
    # the claim's timeline runs down the right, its dots on that line
    timeline = page.locator(".timeline").first
    assert timeline.evaluate("el => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]") \
        == ["2px", "0px"]
    step, dot = timeline.evaluate("""el => { const s = el.querySelector('.timeline-step'); const d = getComputedStyle(s, '::before');
      return [s.getBoundingClientRect().right, parseFloat(d.right)]; }""")
    assert dot < 0                                                           # astride the line, at the right
    context.close()


def test_the_chronology_table_starts_at_the_right(browser, base_url):
    context, page = open_page(browser, base_url, "chronology/")
    heads = page.locator(".chronology-table").first.locator("thead th").evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().left, getComputedStyle(e).textAlign])")
    lefts = [left for left, _ in heads]
    assert lefts == sorted(lefts, reverse=True)
    assert {align for _, align in heads} == {"start"}
    context.close()


def draw_figures(page) -> None:
    """Every disclosure open and every figure drawn by plotly, as tests/browser/test_layout_browser.py
    opens a page (plotly lays out its drawings left to right in either direction)."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    figures = page.locator("figure[data-figure-src]")
    for index in range(figures.count()):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()
        figure.locator(".chart-canvas").hover()
        page.wait_for_function("el => ['drawn', 'failed'].includes(el.getAttribute('data-state'))",
                               arg=figure.element_handle(), timeout=20_000)
        assert figure.get_attribute("data-state") == "drawn"
    if page.url.endswith("search/"):
        page.wait_for_selector(".pagefind-ui", timeout=15_000)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)


@pytest.mark.parametrize("name", ["home", "brief", "claims", "chronology", "map", "network", "actor", "place",
                                  "sources", "about", "corrections", "search"])
def test_nothing_is_wider_than_a_phone(browser, base_url, name):
    context, page = open_page(browser, base_url, PAGES[name], viewport=PHONE)
    draw_figures(page)
    # in a right-to-left page what overflows does so to the left, where the page would scroll
    assert page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]") == [320, 320]
    assert page.evaluate(STICKING_OUT) == []
    context.close()


# axe on every kind of Arabic page, light and dark: tests/browser/test_browser.py (its "(ar)" pages).


@pytest.mark.parametrize("rtl", [False, True], ids=["ltr", "rtl"])
def test_the_day_slider_and_its_keys_follow_the_direction(browser, base_url, rtl):
    """The slider is drawn from the first day at the start (the left, or the right in Arabic); the
    arrow key that points to a later day's side goes to it, and the previous/next buttons sit on
    either side in the same order (each arrow glyph mirrored by the bidi algorithm)."""
    context, page = open_page(browser, base_url, "map/", rtl=rtl)
    page.locator(".map-day-range").wait_for()
    slider = page.locator(".map-day-range")
    assert slider.evaluate("el => getComputedStyle(el).direction") == ("rtl" if rtl else "ltr")
    slider.focus()
    page.keyboard.press("Home")
    assert slider.input_value() == "0"
    first_thumb = thumb_x(page)
    page.keyboard.press("ArrowLeft" if rtl else "ArrowRight")
    assert slider.input_value() == "1"                                       # the later day, on that side
    assert (thumb_x(page) < first_thumb) == rtl
    page.keyboard.press("ArrowRight" if rtl else "ArrowLeft")
    assert slider.input_value() == "0"
    ticks = page.locator(".map-day-ticks span").evaluate_all("els => els.map(e => e.getBoundingClientRect().left)")
    assert (ticks == sorted(ticks, reverse=True)) == rtl                     # the first day's tick at the start
    # the two step buttons, previous then next (map.js makes them in that order; their labels are in the page's language)
    previous, following = (page.locator(".map-step").nth(i).bounding_box() for i in (0, 1))
    assert (previous["x"] > following["x"]) == rtl
    context.close()


def thumb_x(page) -> float:
    """Where the range input's thumb is: the x of the value's share of its width, from its start."""
    return page.locator(".map-day-range").evaluate("""el => { const r = el.getBoundingClientRect();
      const share = (el.value - el.min) / (el.max - el.min);
      const rtl = getComputedStyle(el).direction === 'rtl';
      return rtl ? r.right - share * r.width : r.left + share * r.width; }""")


def fonts_used(page, selector) -> list[dict]:
    """The fonts Chromium drew an element's text with: [{familyName, isCustomFont, glyphCount}]."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def test_arabic_text_is_drawn_in_the_vendored_font(browser, base_url):
    context, page = open_page(browser, base_url, "briefs/the-offensive/")
    page.evaluate(f"""() => {{ const main = document.querySelector('main .prose') || document.querySelector('main');
      main.insertAdjacentHTML('afterbegin', '<p id="specimen">{ARABIC} Saraqib 2024</p><p id="bold"><strong>{ARABIC}</strong></p>'
        + '<p id="english" lang="en">Saraqib</p>'); }}""")
    page.wait_for_function(f"""() => [...document.fonts].filter(f => f.family.replace(/"/g, '') === '{ARABIC_FAMILY}'
      && f.status === 'loaded').length === 2""")
    assert page.evaluate(f"document.fonts.check('16px \"{ARABIC_FAMILY}\"', '{ARABIC}')")
    specimen = fonts_used(page, "#specimen")
    arabic = [f for f in specimen if f["isCustomFont"]]
    assert [f["familyName"] for f in arabic] == ["Noto Naskh Arabic"]      # the Arabic letters
    assert [f for f in specimen if not f["isCustomFont"]]                   # Latin and digits: the Latin stack
    assert [f["familyName"] for f in fonts_used(page, "#bold strong") if f["isCustomFont"]] == ["Noto Naskh Arabic"]
    assert [f for f in fonts_used(page, "#english") if f["isCustomFont"]] == []
    # both weights from the site itself (the CSP allows font-src 'self' only), under hashed names
    # (an Arabic page asks for them as it loads: read from the resource timings, which a failed
    # request also leaves, with no body)
    fonts = [(e["name"], e["size"]) for e in page.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.name.endsWith('.woff2'))"
        ".map(e => ({name: e.name, size: e.decodedBodySize}))")]
    origin = urlsplit(base_url).netloc
    assert len(fonts) == 2 and all(size > 10_000 and urlsplit(url).netloc == origin for url, size in fonts)
    assert all(re.search(r"/assets/vendor/fonts/noto-naskh-arabic-arabic-[47]00-normal\.[0-9a-f]{10}\.woff2$", url)
               for url, _ in fonts)
    context.close()


def test_arabic_rules_of_type(browser, base_url):
    """Under lang="ar": no letter-spacing (it pulls joined letters apart), a taller line, no slanted
    letters (Arabic has no italic): emphasis by weight. English marked lang="en" in it runs left to right."""
    context, page = open_page(browser, base_url, "briefs/the-offensive/")
    page.evaluate(f"""() => document.querySelector('main').insertAdjacentHTML('afterbegin',
      '<p class="kicker" id="kicker">{ARABIC}</p><p id="em"><em>{ARABIC}</em></p><blockquote id="quote">{ARABIC}</blockquote>'
      + '<p lang="en" id="untranslated">Not yet translated.</p>')""")
    styles = page.evaluate("""() => { const s = sel => getComputedStyle(document.querySelector(sel));
      return { kicker: s('#kicker').letterSpacing, h1: s('h1').letterSpacing, em: [s('#em em').fontStyle, s('#em em').fontWeight],
               body: parseFloat(s('body').lineHeight) / parseFloat(s('body').fontSize),
               synthesis: s('#quote').fontSynthesisStyle, english: s('#untranslated').direction }; }""")
    assert styles["kicker"] == "normal" and styles["h1"] == "normal"
    assert styles["em"] == ["normal", "700"]
    assert 1.7 <= styles["body"] <= 1.9
    assert styles["synthesis"] == "none"
    assert styles["english"] == "ltr"          # English left untranslated reads left to right
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_an_english_page_downloads_no_font(browser, base_url, name):
    context, page = open_page(browser, base_url, PAGES[name], rtl=False)
    requested = []
    page.on("request", lambda r: (r.resource_type == "font" or r.url.endswith((".woff2", ".woff", ".ttf")))
            and requested.append(r.url))
    page.reload(wait_until="networkidle")
    page.mouse.wheel(0, 20_000)
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert requested == []
    assert page.evaluate(f"""[...document.fonts].filter(f => f.family.replace(/"/g, '') === '{ARABIC_FAMILY}')
      .map(f => f.status)""") == ["unloaded", "unloaded"]
    context.close()
