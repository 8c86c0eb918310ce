"""No content makes a page wider than a phone (issue 14, kind 7).

The mini content with a long unbroken word (a Telegram handle, a compound, a URL, a 40-digit
key figure) in every text field (tests/long_words.py), every kind of page opened in Chromium at
320 px with its figures drawn and its disclosures open: the page does not scroll sideways, and
no element reaches past the screen's edges unless it sits in a box that scrolls or clips it
(a table's own scrolling wrapper, a figure's drawing). The page itself must not hide what
sticks out (overflow-x on html or body would pass the first check and cut text off).

Inside the figures, which clip what sticks out: hover labels and the chart's legend fit the plot
at 320 px, where plotly would cut them off.
"""
from __future__ import annotations

import pytest

from conftest import build_to
from http_server import serve_site
from history_repo import commit, git
from long_words import COMPOUND, HANDLE, write_long_words_content

pytestmark = pytest.mark.browser

# Every kind of page, by one address of it in the long-words site.
PAGES = {
    "home": "", "brief": "briefs/the-offensive/", "briefs list": "briefs/", "topic": "topics/offensive/",
    "actor": "actors/hts/", "actor with two steps": "actors/moc/", "actors list": "actors/",
    "place": "places/aleppo/", "places list": "places/", "source": "sources/sohr/", "sources list": "sources/",
    "chronology": "chronology/", "claims ledger": "claims/", "map": "map/", "network": "network/",
    "search": "search/?q=AlMilitaryOperationsCommandOfficialTelegramChannel", "404": "no/such/page/",
    "standalone page": "about/", "corrections": "corrections/", "revision history": "briefs/the-offensive/history/",
    "report an error": "report-an-error/", "report sent": "report-an-error/thanks/",
}

STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    // off screen on purpose: until focused, for screen readers, plotly's text measurer
    if (el.closest('.skip-link, .visually-hidden, #js-plotly-tester')) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (box.left >= -0.5 && box.right <= width + 0.5) continue;
    if (clipped(el)) continue;
    out.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} ` +
             `[${Math.round(box.left)}, ${Math.round(box.right)}]: ${(el.textContent || '').trim().slice(0, 60)}`);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("long-words")
    content = write_long_words_content(root / "content")
    # Committed, then edited with more long words and committed again: the revision history shows
    # them in its changes, and in a commit message.
    git(root, "init", "-q")
    commit(root, f"First version, from {HANDLE}", "2024-12-01T10:00:00+00:00")
    brief = content / "briefs" / "the-offensive.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace("The channel", f"The channel {COMPOUND}{HANDLE}"),
                     encoding="utf-8")
    commit(root, f"The statement of {HANDLE}{COMPOUND}", "2024-12-02T10:00:00+00:00")
    build_to(content, root / "site")
    with serve_site(root / "site") as base_url:
        yield base_url, root / "site"


def open_fully(browser, url: str, **options):
    """A page with every disclosure open and every figure drawn (and the map's controls built)."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(url)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    figures = page.locator("figure[data-figure-src]")
    for index in range(figures.count()):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()
        figure.locator(".chart-canvas").hover()     # plotly loads when the reader turns to a figure
        page.wait_for_function("el => ['drawn', 'failed'].includes(el.getAttribute('data-state'))",
                               arg=figure.element_handle(), timeout=20_000)
        assert figure.get_attribute("data-state") == "drawn"
        if "chart-map" in figure.get_attribute("class"):
            page.wait_for_function("el => el.getAttribute('data-controls') === 'ready'", arg=figure.element_handle())
    if "search/" in url:
        page.wait_for_selector(".pagefind-ui__result", timeout=15_000)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)    # plotly redraws after the resize its figures watch
    return context, page


def test_every_page_of_the_site_is_of_a_kind_checked(served):
    _, site = served
    kinds = {path.split("/")[0] for path in PAGES.values()}
    for page in site.rglob("*.html"):
        first = page.relative_to(site).parts[0]
        assert first in kinds or first in ("index.html", "404.html"), page


@pytest.mark.parametrize("name", PAGES)
def test_long_words_do_not_widen_a_320px_page(browser, served, name):
    base_url, _ = served
    context, page = open_fully(browser, base_url + PAGES[name], viewport={"width": 320, "height": 640})
    try:
        assert HANDLE[:20] in page.locator("body").text_content()     # the long words are there
        sizes = page.evaluate("({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
                              " html: getComputedStyle(document.documentElement).overflowX,"
                              " body: getComputedStyle(document.body).overflowX})")
        assert sizes["html"] == sizes["body"] == "visible"
        assert sizes["scroll"] <= sizes["inner"], sizes
        assert page.evaluate(STICKING_OUT) == []
    finally:
        context.close()


HOVER_BOX = """figure => {
  const label = figure.querySelector('.hoverlayer .hovertext');
  return label && label.getBoundingClientRect().toJSON();
}"""


@pytest.mark.parametrize("path, selector, points", [
    ("map/", "#fig-advances-map", ".scattergeo .point"),
    ("map/", "#fig-advance-over-time", ".barlayer .point path"),
    ("network/", "#fig-network", ".tracenodes .point"),
    ("network/", "#fig-network", "[class*='tracearrows-'] .point"),
])
def test_hover_text_fits_a_320px_figure(browser, served, path, selector, points):
    """Hover lines are cut to fit a phone's plot (briefing/figures/markup.py, and figures.js's
    smaller font there): plotly would otherwise cut them off at both sides."""
    base_url, _ = served
    context, page = open_fully(browser, base_url + path, viewport={"width": 320, "height": 640})
    try:
        canvas = page.locator(f"{selector} .chart-canvas")
        canvas.evaluate("el => el.scrollIntoView({block: 'center'})")
        frame = canvas.bounding_box()
        shown = []
        marks = page.locator(f"{selector} {points}")
        for index in range(marks.count()):
            box = marks.nth(index).bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            if not (frame["x"] < x < frame["x"] + frame["width"] and frame["y"] < y < frame["y"] + frame["height"]):
                continue            # outside the part of the map in view
            page.mouse.move(x - 12, y)
            page.mouse.move(x, y, steps=4)
            page.wait_for_timeout(150)
            label = page.locator(selector).evaluate(HOVER_BOX)
            if label:
                shown.append(label)
        assert shown, "no hover label shown"
        for label in shown:
            assert frame["x"] - 0.5 <= label["left"] and label["right"] <= frame["x"] + frame["width"] + 0.5, (label, frame)
    finally:
        context.close()


def test_the_chart_legend_is_whole_at_320px(browser, served):
    """On a phone a legend entry takes a row of its own: figures.js makes the figure as tall as
    its legend needs, where plotly would cut it off at half the figure's height."""
    base_url, _ = served
    context, page = open_fully(browser, base_url + "map/", viewport={"width": 320, "height": 640})
    try:
        legend = page.locator("#fig-advance-over-time").evaluate("""figure => {
          const canvas = figure.querySelector('.chart-canvas').getBoundingClientRect();
          const items = figure.querySelector('.legend .scrollbox'), shown = figure.querySelector('.legend .bg');
          const texts = [...figure.querySelectorAll('.legend text')].map(t => t.getBoundingClientRect());
          return {entries: items.getBBox().height, shown: Number(shown.getAttribute('height')),
                  right: Math.max(...texts.map(t => t.right)), canvas: canvas.right,
                  count: figure.querySelectorAll('.legend .traces').length};
        }""")
        assert legend["count"] >= 5
        assert legend["entries"] <= legend["shown"], legend
        assert legend["right"] <= legend["canvas"] + 0.5, legend
    finally:
        context.close()
