"""Corrections: printed on the brief, listed on /corrections/, and in their own Atom feed.

Both feeds the site writes (feed.xml and corrections/feed.xml) are checked against what Atom 1.0
(RFC 4287) requires, with the standard library's XML parser: a parser as lenient as feedparser
would read a feed that breaks them.
"""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import build_to
from history_repo import CORRECTION, history_repository

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")


def check_atom(path) -> ET.Element:
    """The feed, once every rule of RFC 4287 it could break is checked: returns its root."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"

    def one(element, name):
        found = element.findall(f"{ATOM}{name}")
        assert len(found) == 1, f"{name}: {len(found)} in {element.tag}"   # atom:id, title, updated: exactly one
        assert (found[0].text or "").strip() or name == "title", name
        return found[0]

    def iri(value):
        parts = urlsplit(value)
        assert parts.scheme in ("http", "https", "tag", "urn") and (parts.netloc or parts.scheme != "http"), value

    def date(element):
        text = element.text
        assert RFC3339.match(text), text
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))

    iri(one(root, "id").text)
    one(root, "title")
    feed_updated = date(one(root, "updated"))
    feed_has_author = bool(root.findall(f"{ATOM}author/{ATOM}name"))
    links = root.findall(f"{ATOM}link")
    assert [l.get("type") for l in links if l.get("rel") == "self"] == ["application/atom+xml"]
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        ids.append(one(entry, "id").text)
        iri(ids[-1])
        one(entry, "title")
        updated = date(one(entry, "updated"))
        assert updated <= feed_updated   # the feed was updated when its latest entry was, or after
        for published in entry.findall(f"{ATOM}published"):
            assert date(published) <= updated
        assert feed_has_author or entry.findall(f"{ATOM}author/{ATOM}name")
        # No atom:content, so an alternate link is required (RFC 4287, 4.1.1)
        alternates = [l for l in entry.findall(f"{ATOM}link") if l.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1 and urlsplit(alternates[0].get("href")).scheme in ("http", "https")
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return root


@pytest.fixture(scope="module")
def corrected_site(tmp_path_factory):
    """The mini content in a repository, the offensive brief corrected (tests/history_repo.py)."""
    root = tmp_path_factory.mktemp("corrected")
    content = history_repository(root / "repo")
    build_to(content, root / "site", search=False)
    return root / "site"


@pytest.mark.parametrize("feed", ["feed.xml", "corrections/feed.xml"])
def test_both_feeds_are_atom(corrected_site, mini_site, feed):
    check_atom(corrected_site / feed)
    check_atom(mini_site / feed)


def test_each_correction_is_a_feed_entry_linking_to_its_note_on_the_brief(corrected_site):
    root = check_atom(corrected_site / "corrections/feed.xml")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    link = entry.find(f"{ATOM}link").get("href")
    assert entry.find(f"{ATOM}id").text == link == "https://briefing.example.org/briefs/offensive/#correction-2024-12-02-150000"
    assert entry.find(f"{ATOM}summary").text == CORRECTION
    assert entry.find(f"{ATOM}title").text == "Correction: The offensive"
    assert entry.find(f"{ATOM}updated").text == entry.find(f"{ATOM}published").text == "2024-12-02T15:00:00Z"
    assert root.find(f"{ATOM}updated").text == "2024-12-02T15:00:00Z"
    brief = (corrected_site / "briefs/offensive/index.html").read_text(encoding="utf-8")
    assert f'id="{link.split("#")[1]}"' in brief and CORRECTION in brief
    assert brief.index('id="corrections-title"') < brief.index('id="bottom-line-title"')   # near the top


def test_the_corrections_page_lists_them_links_their_notes_and_its_feed(corrected_site):
    page = (corrected_site / "corrections/index.html").read_text(encoding="utf-8")
    head = page.split("</head>")[0]
    feed = re.search(r'<link rel="alternate" type="application/atom\+xml" title="Corrections · [^"]+" href="([^"]+)">',
                     head)
    assert feed and (corrected_site / "corrections" / feed.group(1)).is_file()
    note = re.search(r'<a href="([^"#]+)#([^"]+)">The offensive</a>', page)
    brief = (corrected_site / "corrections" / note.group(1) / "index.html").resolve()
    assert f'id="{note.group(2)}"' in brief.read_text(encoding="utf-8")
    assert CORRECTION in page and "No corrections have been published." not in page


def test_without_corrections_the_page_says_so_and_the_feed_has_no_entry(mini_site):
    page = (mini_site / "corrections/index.html").read_text(encoding="utf-8")
    assert '<p class="empty">No corrections have been published.</p>' in page
    root = check_atom(mini_site / "corrections/feed.xml")
    assert root.findall(f"{ATOM}entry") == []
    assert root.find(f"{ATOM}updated").text == "2024-12-02T18:00:00Z"   # as_of, as the site's feed


def test_every_page_links_the_corrections_page(mini_site):
    for path in mini_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        links = re.findall(r'<li><a href="([^"]*)">Corrections</a></li>', html)
        assert links, path
        base = "https://x.org/" + path.relative_to(mini_site).as_posix()
        target = urljoin(base, links[0]) if path.name != "404.html" else "https://x.org" + links[0]
        assert target == "https://x.org/corrections/", (path, links)
