"""The search index in shards: Pagefind reads less of each page and indexes the same; a shard is
re-indexed only when what it indexes changed; the index is the same, warm or cold."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from briefing.errors import SearchIndexError
from briefing.output import search
from briefing.resources import static_dir
from conftest import MINI, build_to, edit
from test_build import tree_digest


def pages_of(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))
            if not p.relative_to(site).as_posix().startswith("pagefind/")}


# --- what Pagefind reads ---------------------------------------------------------------------

def test_pagefind_writes_the_same_index_from_the_reduced_pages(mini_site):
    pages = pages_of(mini_site)
    whole = [search.SearchPage(path, html) for path, html in pages.items()]
    reduced = [search.SearchPage(path, search.index_input(html)) for path, html in pages.items()
               if search.index_input(html) is not None]
    assert {p.path for p in reduced} == {path for path, html in pages.items() if b"data-pagefind-body" in html}
    assert sum(len(p.html) for p in reduced) < 0.7 * sum(len(pages[p.path]) for p in reduced)
    assert search.index_shard(reduced) == search.index_shard(whole)   # every file, byte for byte


AWKWARD = """<!DOCTYPE html><HTML lang="en"><head><title>Awkward page</title>
<meta name="description" content="a > b"></head><body><nav id="top"><a href="/">Home</a></nav>
<!-- <article data-pagefind-body> not this one -->
<main><ARTICLE class="x" title="a > b" data-pagefind-body><H1 id="t">Heading &amp; more</H1>
<p title='<footer>'>Kept text with <b>bold</b> words<br/>and a break.</p>
<svg viewBox="0 0 10 10"><svg><text>inner svg text</text></svg><style>p { content: "</article>" }</style></svg>
<figure id="fig-1"><script type="application/json" id="data-1">{"text": "</div><p>not text</p>"}</script>
<figcaption>A caption after a script</figcaption></figure>
<footer id="foot"><p>footer text</p><footer>nested footer</footer></footer>
<table><tr><th>Head</th></tr><tr><td id="cell">Cell text</td></tr></table>
<div data-pagefind-ignore>ignored words</div><img src="/x.png" alt="an image">
<p>After everything</p></ARTICLE></main><footer>site footer</footer></body></HTML>
"""


@pytest.mark.parametrize("html", [
    AWKWARD,
    AWKWARD.replace("<p>After everything</p>", "<p data-pagefind-meta='kind:brief'>After everything</p>"),
    AWKWARD.replace('<meta name="description"', '<meta data-pagefind-meta="kind:outside" name="description"'),
    AWKWARD.replace("</main>", "</main><section data-pagefind-body><p>A second body</p></section>"),
])
def test_pagefind_indexes_awkward_markup_as_the_whole_page(html):
    page = html.encode()
    reduced = search.index_input(page)
    assert reduced is not None
    assert search.index_shard([search.SearchPage("a/index.html", reduced)]) == \
        search.index_shard([search.SearchPage("a/index.html", page)])


def test_a_filter_or_meta_outside_the_body_keeps_the_page_whole():
    page = AWKWARD.replace('<meta name="description"', '<meta data-pagefind-meta="kind:outside" name="description"')
    assert search.index_input(page.encode()) == page.encode()


def test_a_page_without_a_body_is_not_searchable():
    assert search.index_input(b"<html><body><p>No body marked</p></body></html>") is None
    assert search.index_input(b"<html><body><p>Text about data-pagefind-body</p></body></html>") is None


def test_pagefind_output_is_a_function_of_its_input(mini_site):
    pages = [search.SearchPage(path, html) for path, html in pages_of(mini_site).items()]
    first, second = search.index_shards([pages, pages[::-1]], jobs=2)
    assert first == second


# --- shards -----------------------------------------------------------------------------------

def briefs(count: int, start: dt.date, prefix: str = "b") -> dict:
    return {f"briefs/{prefix}{i:04d}/index.html": start + dt.timedelta(days=i) for i in range(count)}


def test_shards_of_briefs_in_order_of_publication_and_one_of_the_rest():
    pages = {**briefs(250, dt.date(2023, 1, 1)), **briefs(80, dt.date(2024, 1, 1), "c"),
             "actors/hts/index.html": None, "places/aleppo/index.html": None,
             "sources/sohr/index.html": None, "network/index.html": None, "about/index.html": None}
    plan = search.plan_shards(pages, briefs_per_shard=100)
    assert list(plan) == ["briefs-001", "briefs-002", "briefs-003", "pages"]
    assert [len(plan[name]) for name in plan] == [100, 100, 130, 5]      # the last takes the rest
    assert plan["briefs-001"][0] == "briefs/b0000/index.html" and "briefs/c0079/index.html" in plan["briefs-003"]
    assert sorted(path for paths in plan.values() for path in paths) == sorted(pages)
    assert not any(name.startswith(("pagefind", "_pagefind")) for name in plan)


def test_a_small_site_has_one_shard():
    pages = {**briefs(99, dt.date(2023, 1, 1)), "actors/hts/index.html": None}
    assert list(search.plan_shards(pages, briefs_per_shard=100)) == ["pages"]


def test_a_new_brief_changes_only_the_last_shard():
    pages = briefs(250, dt.date(2023, 1, 1))
    before = search.plan_shards(pages, briefs_per_shard=100)
    after = search.plan_shards({**pages, "briefs/new/index.html": dt.date(2024, 6, 1)}, briefs_per_shard=100)
    assert {name for name in after if after[name] != before.get(name)} == {"briefs-002"}
    grown = search.plan_shards(briefs(300, dt.date(2023, 1, 1)), briefs_per_shard=100)
    assert list(grown) == ["briefs-001", "briefs-002", "briefs-003"]     # the last splits when full
    assert grown["briefs-001"] == before["briefs-001"]


# --- the build: one shard re-indexed, warm equal to cold, failures ------------------------------

@pytest.fixture
def indexed(monkeypatch):
    """The pages of each shard Pagefind indexes, by build: a list of lists of paths."""
    runs = []
    real = search.index_shards_later

    def counting(shards, jobs=2):
        runs.append(sorted(page.path for shard in shards for page in shard))
        return real(shards, jobs)
    monkeypatch.setattr(search, "index_shards_later", counting)
    return runs


@pytest.fixture
def one_brief_a_shard(monkeypatch):
    """Shards of one brief, so that the test site (two briefs) has three shards."""
    monkeypatch.setattr(search, "BRIEFS_PER_SHARD", 1)


def test_editing_one_brief_reindexes_its_shard_alone(content, tmp_path, indexed, one_brief_a_shard):
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_to(content, out, cache_dir=cache)
    before = tree_digest(out / "pagefind")
    build_to(content, out, cache_dir=cache)
    assert len(indexed) == 1                     # nothing changed: nothing indexed
    assert tree_digest(out / "pagefind") == before
    edit(content / "briefs/diplomacy.md", "backs [[syrian-government]].", "backs [[syrian-government]]. Zanzibar.")
    build_to(content, out, cache_dir=cache)
    assert indexed[-1] == ["briefs/diplomacy/index.html"]        # that shard's page alone (briefs-001)
    after = tree_digest(out / "pagefind")
    changed = set(before) ^ set(after) | {path for path in after if before.get(path) != after[path]}
    assert changed and not any(path.startswith(("briefs-002/", "pages/")) for path in changed)   # the others
    build_to(content, tmp_path / "cold")
    assert after == tree_digest(tmp_path / "cold" / "pagefind")


def test_a_change_that_leaves_the_indexed_content_as_it_was_reindexes_nothing(content, tmp_path, indexed):
    static = tmp_path / "static"
    shutil.copytree(static_dir(), static)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_to(content, out, cache_dir=cache, static_dir=static)
    (static / "style.css").write_text((static / "style.css").read_text() + "\n/* a new rule */\n")
    build_to(content, out, cache_dir=cache, static_dir=static)   # every page names the new style sheet
    assert len(indexed) == 1
    build_to(content, tmp_path / "cold", static_dir=static)
    assert tree_digest(out / "pagefind") == tree_digest(tmp_path / "cold" / "pagefind")


def test_a_failed_index_fails_the_build_and_leaves_the_site(content, tmp_path, monkeypatch):
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_to(content, out, cache_dir=cache)
    before = tree_digest(out)
    edit(content / "briefs/diplomacy.md", "backs [[syrian-government]].", "backs [[syrian-government]]. More.")

    def failing(pages, running=None):
        raise SearchIndexError("Pagefind failed to index the site: out of memory")
    monkeypatch.setattr(search, "index_shard", failing)
    with pytest.raises(SearchIndexError):
        build_to(content, out, cache_dir=cache)
    assert tree_digest(out) == before
    monkeypatch.undo()
    build_to(content, out, cache_dir=cache)       # and the next build indexes what failed
    build_to(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_a_site_with_nothing_marked_searchable_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "index_input", lambda html: None)
    with pytest.raises(SearchIndexError, match="data-pagefind-body"):
        build_to(MINI, tmp_path / "site")


def test_the_search_page_names_the_other_shards(content, tmp_path, one_brief_a_shard):
    mini_site = tmp_path / "site"
    build_to(content, mini_site)
    listing = (mini_site / search.SHARD_LIST).read_text()
    names = sorted(p.name for p in (mini_site / "pagefind").iterdir()
                   if p.is_dir() and (p / "pagefind-entry.json").is_file())
    assert names == ["briefs-002", "pages"]                                  # briefs-001 is the primary
    assert f"window.briefingSearchShards = {names!r};".replace("'", '"').replace(", ", ",") in listing
    assert (mini_site / "pagefind/pagefind-entry.json").is_file()          # the primary, with the code
    assert not any((mini_site / "pagefind" / name / "pagefind.js").exists() for name in names)
    assert "pagefind/shards.js" in (mini_site / "search/index.html").read_text()


def test_a_build_that_fails_while_pagefind_runs_stops_it(content, tmp_path, monkeypatch):
    """Pagefind starts as soon as the pages are rendered and runs while the downloads are made;
    when the build fails there, it stops Pagefind instead of waiting for it to finish (which at
    scale takes minutes), leaves no process behind, and the published site as it was."""
    import os
    import time
    from briefing import build as build_module
    out = tmp_path / "site"
    build_to(content, out, search=False)
    before = tree_digest(out)
    pid_file = tmp_path / "pagefind.pid"
    slow = tmp_path / "bin" / "pagefind"
    slow.parent.mkdir()
    slow.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 60\n")
    slow.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_executable", lambda: slow)

    def downloads_fail(site):
        for _ in range(200):                  # until Pagefind is under way
            if pid_file.exists() and pid_file.read_text().strip():
                break
            time.sleep(0.05)
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(build_module, "data_files", downloads_fail)
    with pytest.raises(OSError, match="No space left"):
        build_to(content, out)
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)                       # stopped, and reaped
    assert tree_digest(out) == before
