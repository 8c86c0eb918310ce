"""Drafts: out of every page, listing, backlink, feed and sitemap of a normal build; in draft builds,
with a banner; and deploy previews build them."""
from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT, build_to, edit

SECRET = "Secret draft headline"


@pytest.fixture
def draft_content(content):
    """The mini draft, made to name an actor, a place and a source and to link by id."""
    edit(content / "briefs" / "draft-note.md", "title: A draft", f"title: {SECRET}\nactors: [hts]\nplaces: [aleppo]")
    edit(content / "briefs" / "draft-note.md", "sources: [sohr]", "sources: [sohr, moc-telegram]")
    edit(content / "briefs" / "draft-note.md", "Draft text.", "Draft text about [[saraqib]] and [[russia]].")
    return content


def every_file_mentioning(site, *needles):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
                  and any(n in p.read_text(encoding="utf-8", errors="replace") for n in needles))


def test_a_normal_build_has_no_trace_of_drafts(draft_content, tmp_path):
    site = tmp_path / "site"
    build_to(draft_content, site)
    assert every_file_mentioning(site, "draft-note", SECRET) == []
    assert not (site / "briefs" / "draft-note").exists()


def test_a_draft_build_has_the_draft_everywhere_with_a_banner(draft_content, tmp_path):
    site = tmp_path / "site"
    build_to(draft_content, site, drafts=True)
    page = (site / "briefs/draft-note/index.html").read_text()
    assert 'class="draft-banner"' in page and SECRET in page
    found = set(every_file_mentioning(site, "draft-note", SECRET))
    # The same places the normal build is checked for: listings, backlinks, feed and sitemap.
    assert {"briefs/index.html", "topics/diplomacy/index.html", "actors/hts/index.html",
            "actors/russia/index.html", "places/aleppo/index.html", "places/saraqib/index.html",
            "sources/sohr/index.html", "sources/moc-telegram/index.html", "feed.xml", "sitemap.xml"} <= found
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.find(f"{atom}title").text for e in ET.parse(site / "feed.xml").getroot().iter(f"{atom}entry")]
    assert SECRET in titles
    assert 'class="draft-flag"' in (site / "briefs/index.html").read_text()


def test_deploy_previews_build_drafts_and_production_does_not():
    config = tomllib.loads((ROOT / "netlify.toml").read_text())
    assert "--drafts" not in config["build"]["command"]
    for context in ("deploy-preview", "branch-deploy"):
        command = config["context"][context]["command"]
        assert "--drafts" in command and '--base-url "$DEPLOY_PRIME_URL"' in command


def test_a_published_brief_cannot_link_to_a_draft(draft_content, tmp_path):
    """As text the link would show the draft's slug; as a link it would lead nowhere. The same
    error in a normal build, a draft build (previews) and `check`, which all agree."""
    from briefing.build import load_site
    from briefing.errors import ContentErrors
    from conftest import line_of
    brief = draft_content / "briefs" / "diplomacy.md"
    edit(brief, "see also [[the-offensive]].", "see also [[the-offensive]] and [[draft-note|the draft]].")
    for drafts in (False, True):
        with pytest.raises(ContentErrors) as caught:
            load_site(draft_content, drafts=drafts)
        assert [(e.file.endswith("briefs/diplomacy.md"), e.line, e.message) for e in caught.value.errors] == [
            (True, line_of(brief, "[[draft-note"), "[[draft-note]] links to a draft")]
    # A draft may link to another draft, or to itself.
    edit(brief, " and [[draft-note|the draft]]", "")
    edit(draft_content / "briefs" / "draft-note.md", "Draft text", "Draft text ([[draft-note]])")
    build_to(draft_content, tmp_path / "site")
