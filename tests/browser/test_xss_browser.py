"""In a real Chromium, under the site's own headers: no payload from content runs, and the
Content-Security-Policy is never violated (a violation means inline script or style got in).

Payloads set window.__xss and call alert(); tests/js/watch_page.js records CSP violations.
The canary test first shows that these detectors do fire when script does run.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT, build_to
from history_repo import commit, git
from hostile import payload, write_hostile_content
from http_server import serve_site

pytestmark = pytest.mark.browser
WATCH_SCRIPT = ROOT / "tests" / "js" / "watch_page.js"
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Refused to")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile content, committed twice with hostile messages, so that its revision history
    shows payloads in commit messages and in the words a commit changed."""
    root = tmp_path_factory.mktemp("hostile")
    content = write_hostile_content(root / "content")
    git(root, "init", "-q")
    commit(root, payload("commit-message"), "2024-12-01T10:00:00+00:00")
    brief = content / "briefs" / "the-offensive.md"
    # the summary's payload edited: its markup is in the words the commit changed
    brief.write_text(brief.read_text(encoding="utf-8").replace("brief-summary", "revised-summary"), encoding="utf-8")
    commit(root, payload("commit2-subject") + "\n\n" + payload("commit2-body"), "2024-12-02T10:00:00+00:00")
    build_to(content, root / "site")
    history = (root / "site" / "briefs/the-offensive/history/index.html").read_text(encoding="utf-8")
    assert "commit2-body" in history and "[added: </span>revised" in history   # the payloads reach it
    return root / "site"


def page_urls(site: Path, base_url: str) -> list[str]:
    urls = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        urls.append(base_url + relative.removesuffix("index.html"))
    return urls + [base_url + "no/such/page/"]  # the 404 page, as served for a missing path


class Visitor:
    """One page in one browser context, watched for dialogs, policy messages and errors."""

    def __init__(self, browser):
        self.context = browser.new_context()
        self.context.add_init_script(path=str(WATCH_SCRIPT))
        self.page = self.context.new_page()
        self.dialogs, self.console, self.errors = [], [], []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def visit(self, url: str, wait_for: str | None = None) -> dict:
        self.dialogs.clear(), self.console.clear(), self.errors.clear()
        response = self.page.goto(url, wait_until="load")
        if wait_for:
            self.page.wait_for_selector(wait_for, timeout=15_000)
        # Scroll through, so lazy parts (figures) start, then give queued events a moment.
        self.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        self.page.wait_for_timeout(60)
        state = self.page.evaluate("({xss: typeof window.__xss === 'undefined' ? null : String(window.__xss),"
                                   " violations: window.__cspViolations || null})")
        return {"status": response.status if response else None, "dialogs": list(self.dialogs),
                "policy_messages": [m for m in self.console if any(w in m for w in POLICY_WORDS)],
                "errors": list(self.errors), **state}

    def close(self):
        self.context.close()


def test_detectors_fire_when_script_runs(browser, tmp_path):
    """The canary: an inline script and an event handler are blocked and reported under our
    headers, and do run (so would be seen) without them."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<!doctype html><title>canary</title><script>window.__xss='canary';alert('canary')</script>"
        "<img src=missing.png onerror=\"window.__xss='handler'\">")
    (site / "404.html").write_text("<!doctype html><title>404</title>")
    visitor = Visitor(browser)
    try:
        with serve_site(site) as base_url:
            guarded = visitor.visit(base_url)
        with serve_site(site, netlify_toml=None) as base_url:
            open_page = visitor.visit(base_url)
    finally:
        visitor.close()
    assert guarded["xss"] is None and guarded["dialogs"] == []
    assert {v["directive"] for v in guarded["violations"]} >= {"script-src-elem", "script-src-attr"}
    assert guarded["policy_messages"]
    assert open_page["xss"] in ("canary", "handler") and open_page["dialogs"] == ["canary"]
    assert open_page["violations"] == []


def test_no_payload_runs_on_any_page(browser, hostile_site):
    visitor = Visitor(browser)
    results = {}
    try:
        with serve_site(hostile_site) as base_url:
            urls = page_urls(hostile_site, base_url)
            for url in urls:
                results[url.removeprefix(base_url) or "/"] = visitor.visit(url)
    finally:
        visitor.close()
    assert len(results) >= 14  # every kind of page: home, brief, topic, indexes, entities, page, 404
    problems = {url: {k: v for k, v in r.items() if v and k not in ("status", "violations")}
                for url, r in results.items()
                if r["xss"] is not None or r["dialogs"] or r["violations"] or r["policy_messages"] or r["errors"]}
    assert problems == {}, problems
    assert results["no/such/page/"]["status"] == 404
    assert all(r["status"] == 200 for url, r in results.items() if url != "no/such/page/")
    assert all(r["violations"] == [] for r in results.values())  # the recorder was installed everywhere


@pytest.mark.parametrize("query", ["xss", "<img src=x onerror=alert('query')>"])
def test_search_results_do_not_run_payloads(browser, hostile_site, query):
    """Pagefind shows excerpts of page text, payloads included, and echoes the query."""
    visitor = Visitor(browser)
    try:
        with serve_site(hostile_site) as base_url:
            result = visitor.visit(f"{base_url}search/?q={quote(query)}", wait_for=".pagefind-ui__message")
            # The message says "Searching for xss..." first, then "8 results for xss" (or "No
            # results"), before the results are drawn one by one as their fragments load: wait
            # for the count, then until as many are drawn as it announces, up to the five
            # Pagefind's UI shows before its "Load more" button.
            visitor.page.wait_for_function(
                "() => { const text = document.querySelector('.pagefind-ui__message').textContent;"
                " if (/^No results/.test(text)) return true;"
                " const m = text.match(/^(\\d+) results? for/); if (!m) return false;"
                " return document.querySelectorAll('.pagefind-ui__result').length >= Math.min(Number(m[1]), 5); }",
                timeout=15_000)
            shown = visitor.page.locator(".pagefind-ui__result").count()
    finally:
        visitor.close()
    if query == "xss":
        assert shown >= 3  # the payload text was indexed and is shown
    assert result["xss"] is None and result["dialogs"] == [] and result["violations"] == [], result
    assert result["policy_messages"] == [] and result["errors"] == [], result


def test_payload_text_is_shown_as_text(browser, hostile_site):
    """Escaped, not dropped: readers see what the editor wrote, markup and all."""
    visitor = Visitor(browser)
    try:
        with serve_site(hostile_site) as base_url:
            visitor.visit(base_url + "actors/hts/")
            heading = visitor.page.inner_text("h1")
            title = visitor.page.title()
    finally:
        visitor.close()
    assert heading.startswith("actor-name \"'><script>window.__xss='actor-name'")
    assert title.startswith("actor-name \"'><script>")
