"""Each brief's revision history page, /briefs/<slug>/history/, built from a real repository."""
from __future__ import annotations

import html
import re
import shutil

import pytest

from conftest import MINI, build_to, edit
from history_repo import COMMITS, commit, git, history_repository
from test_build import tree_digest


@pytest.fixture
def repository(tmp_path):
    return history_repository(tmp_path / "repo")


def page(site, slug: str) -> str:
    return (site / "briefs" / slug / "history" / "index.html").read_text(encoding="utf-8")


def visible(text: str) -> str:
    """The page's text as a screen reader has it: tags out, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_the_history_page_lists_each_revision_with_its_date_message_and_changed_words(repository, tmp_path):
    build_to(repository, tmp_path / "site", search=False)
    history = page(tmp_path / "site", "offensive")
    dates = re.findall(r'<h2>Revision (\d): <time datetime="([^"]+)">([^<]+)</time></h2>', history)
    assert dates == [("4", "2024-12-02T15:00:00Z", "2 December 2024, 15:00 UTC"),
                     ("3", "2024-12-02T12:00:00Z", "2 December 2024, 12:00 UTC"),
                     ("2", "2024-12-02T09:30:00Z", "2 December 2024, 09:30 UTC"),
                     ("1", "2024-12-01T10:00:00Z", "1 December 2024, 10:00 UTC")]
    assert re.findall(r'<p class="commit-message">([^<]+)</p>', history) == [html.escape(s) for _, s in COMMITS]
    assert '<p class="commit-body">Who was in it, as SOHR listed them.</p>' in history
    commits = git(repository.parent, "log", "--format=%H").split()
    assert re.findall(r"Commit <code>([0-9a-f]+)</code>", history) == [c[:12] for c in commits]
    # The words each commit changed, marked, and named for screen readers (not by colour alone)
    assert ('took <del><span class="visually-hidden">[removed: </span>most<span class="visually-hidden">]</span></del>'
            '<ins><span class="visually-hidden">[added: </span>all<span class="visually-hidden">]</span></ins> of Aleppo'
            in history)
    assert "formed a [added: broad ]coalition" in visible(history)
    assert "renamed from <code>content/briefs/the-offensive.md</code>" in history
    assert "The text is unchanged: the file was renamed." in history
    assert "The first version of this file." in history
    assert "not available" not in history
    assert 'href="../">Back to the brief</a>' in history
    brief = (tmp_path / "site" / "briefs/offensive/index.html").read_text(encoding="utf-8")
    assert '<a href="history/">Revision history</a>' in brief
    # diplomacy.md was changed by the rename too: its link to the brief
    assert "[[[removed: the-]offensive]]" in visible(page(tmp_path / "site", "diplomacy"))


def test_a_shallow_clone_says_the_history_is_not_available(repository, tmp_path):
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repository.parent}", "shallow")
    build_to(tmp_path / "shallow" / "content", tmp_path / "site", search=False)
    history = page(tmp_path / "site", "offensive")
    assert ("The revision history is not available in this build: the site was built from a shallow clone of its "
            "repository") in history
    assert '<ol class="revisions">' not in history


def test_content_outside_a_repository_says_the_history_is_not_available(content, tmp_path):
    build_to(content, tmp_path / "site", search=False)
    for slug in ("the-offensive", "diplomacy"):
        assert ("The revision history is not available in this build: the site was built from a folder that "
                "is not a git repository.") in page(tmp_path / "site", slug)
    assert not (tmp_path / "site" / "briefs/draft-note/history").exists()   # drafts have none in a normal build


def test_a_brief_never_committed_and_edits_not_yet_committed_are_said_so(repository, tmp_path):
    shutil.copyfile(repository / "briefs/diplomacy.md", repository / "briefs/new-brief.md")
    edit(repository / "briefs/offensive.md", "took all of Aleppo", "took all of Aleppo city")
    build_to(repository, tmp_path / "site", search=False)
    assert "No revision of this brief has been committed yet" in page(tmp_path / "site", "new-brief")
    offensive = page(tmp_path / "site", "offensive")
    assert "changes that are not yet committed" in offensive and "Aleppo city" not in offensive
    assert "not yet committed" not in page(tmp_path / "site", "diplomacy")


def test_history_pages_are_not_searched_nor_in_the_sitemap(repository, tmp_path):
    build_to(repository, tmp_path / "site", search=False)
    assert "data-pagefind-body" not in page(tmp_path / "site", "offensive")
    assert "/history/" not in (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_a_commit_message_is_text_never_markup(repository, tmp_path):
    edit(repository / "briefs/offensive.md", "took all of Aleppo", "took all of Aleppo city")
    commit(repository.parent, "<script>alert(1)</script> & <b>bold</b>", "2024-12-02T17:00:00+00:00")
    build_to(repository, tmp_path / "site", search=False)
    history = page(tmp_path / "site", "offensive")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in history
    assert "<script>alert" not in history and "<b>bold" not in history


def test_a_new_commit_reaches_the_warm_build(repository, tmp_path):
    """The history is an input of its pages: after a commit, a warm build shows the new revision,
    byte for byte as a cold build does, and renders again only what the commit changed."""
    cache = tmp_path / "cache"
    build_to(repository, tmp_path / "site", cache_dir=cache, search=False)
    before = tree_digest(tmp_path / "site")
    edit(repository / "briefs/offensive.md", "formed a broad coalition", "formed a broad new coalition")
    build_to(repository, tmp_path / "site", cache_dir=cache, search=False)   # edited, not yet committed
    uncommitted = tree_digest(tmp_path / "site")
    assert {p for p in uncommitted if before.get(p) != uncommitted[p]} == {
        "briefs/offensive/index.html", "briefs/offensive/history/index.html"}
    commit(repository.parent, "A new coalition", "2024-12-02T17:00:00+00:00")
    result = build_to(repository, tmp_path / "site", cache_dir=cache, search=False)
    after = tree_digest(tmp_path / "site")
    assert {p for p in after if uncommitted.get(p) != after[p]} == {"briefs/offensive/history/index.html"}
    assert result.rendered == 1
    assert "[added: new ]" in visible(page(tmp_path / "site", "offensive"))
    build_to(repository, tmp_path / "cold", search=False)
    assert after == tree_digest(tmp_path / "cold")


def test_a_history_changed_without_any_text_changed_reaches_the_warm_build(repository, tmp_path):
    """A history can change while every file's text stays the same (here: the last message amended)."""
    cache = tmp_path / "cache"
    build_to(repository, tmp_path / "site", cache_dir=cache, search=False)
    git(repository.parent, "commit", "-q", "--amend", "-m", "Correct the offensive (amended)",
        date="2024-12-02T15:30:00+00:00")
    build_to(repository, tmp_path / "site", cache_dir=cache, search=False)
    assert "Correct the offensive (amended)" in page(tmp_path / "site", "offensive")
    build_to(repository, tmp_path / "cold", search=False)
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")
