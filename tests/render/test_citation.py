"""The reference a reader copies (render/citation.py): citeproc-py's own formatting, the same
bytes as formatting each reference whole, and escaped exactly once whatever the text holds."""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.build import load_site
from briefing.derive.citations import brief_reference, event_reference, map_reference
from briefing.model import Event
from briefing.render.citation import format_reference, format_reference_directly
from conftest import MINI, ROOT
from hostile import write_hostile_content

BASE = "https://briefing.example.org/"


def plain(reference: str) -> str:
    """format_reference's HTML without the span around the title, the link and the note's span:
    what format_reference_directly gives."""
    text = re.sub(r'<span class="cite-title">(.*?)</span>', r"\1", str(reference), flags=re.S)
    text = re.sub(r'<a class="cite-url" href="[^"]*">(.*?)</a>', r"\1", text, flags=re.S)
    return re.sub(r'<span class="cite-note">(.*?)</span>', r"\1", text, flags=re.S)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(reference: str) -> Tags:
    parser = Tags()
    parser.feed(str(reference))
    return parser


def every_reference(site) -> list[dict]:
    return ([brief_reference(site, b, BASE) for b in site.briefs] + [event_reference(site, e, BASE) for e in site.events]
            + [map_reference(site, BASE, e.date) for e in site.events])


def test_the_publication_s_references_read_as_cite_them_right_writes_them():
    site = load_site(ROOT / "content")
    brief = next(b for b in site.briefs if b.slug == "the-offensive")
    assert plain(format_reference(brief_reference(site, brief, "https://nw-syria-briefing.netlify.app/"))) == (
        "North-west Syria Briefing editors (2024) ‘The offensive: from Idlib to Aleppo, and now towards Hama’, "
        "<i>North-west Syria Briefing</i>, 2 December. Available at: "
        "https://nw-syria-briefing.netlify.app/briefs/the-offensive/ (Accessed: 2 December 2024). "
        "Information as of 2 December 2024, 18:00 UTC.")


def test_each_kind_of_reference_is_citeproc_s_own_formatting_byte_for_byte():
    """Formatting a shape once and placing title and address after gives what formatting each
    reference whole gives: for every brief, event and map day of the publication and the fixtures."""
    for content in (ROOT / "content", MINI):
        site = load_site(content)
        for item in every_reference(site):
            assert plain(format_reference(item)) == format_reference_directly(item), item["id"]


def test_hostile_text_is_escaped_once_and_only_our_tags_remain(tmp_path):
    site = load_site(write_hostile_content(tmp_path / "content"))
    for item in every_reference(site):
        reference = format_reference(item)
        assert plain(reference) == format_reference_directly(item)
        found = parsed(reference)
        assert {tag for tag, _ in found.tags} <= {"i", "span", "a"}, found.tags
        assert [attrs for tag, attrs in found.tags if tag == "span"] == [(("class", "cite-title"),),
                                                                           (("class", "cite-note"),)]
        assert [attrs for tag, attrs in found.tags if tag == "a"] == [(("class", "cite-url"), ("href", item["URL"]))]
        text = "".join(found.text)
        assert item["title"] in text and item["author"][0]["literal"] in text   # shown as typed
        assert "<script>" in text and "&lt;" not in text.replace("&lt;3", "")   # escaped once, not twice


MINI_SITE = load_site(MINI)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(title=TEXT, author=TEXT, container=TEXT, path=st.text("abc-/#=&%?", max_size=12))
def test_any_text_formats_as_citeproc_formats_it(title, author, container, path):
    item = brief_reference(MINI_SITE, MINI_SITE.briefs[0], BASE)
    item.update(title=title, URL=BASE + path, author=[{"literal": author}], **{"container-title": container})
    assert plain(format_reference(item)) == format_reference_directly(item)
    found = parsed(format_reference(item))
    assert {tag for tag, _ in found.tags} <= {"i", "span", "a"}
    private = re.compile("[\ue000-\ue01f]")
    assert private.sub("", title) in html.unescape(str(format_reference(item)))


RANGES = "date_end" in {f.name for f in dataclasses.fields(Event)}


@pytest.mark.skipif(not RANGES, reason="events have no date ranges (model.Event.date_end) on this branch")
def test_an_event_known_to_a_range_of_days_is_cited_with_the_range():
    site = load_site(MINI)
    event = dataclasses.replace(site.events[0], date=dt.date(2024, 11, 27), date_end=dt.date(2024, 11, 29))
    item = event_reference(site, event, BASE)
    assert item["title"].startswith("27 to 29 November 2024: ")
    assert plain(format_reference(item)) == format_reference_directly(item)


@pytest.mark.parametrize("as_of", [dt.datetime(2024, 12, 2, 18, tzinfo=dt.timezone.utc),
                                   dt.datetime(2025, 5, 27, 18, tzinfo=dt.timezone.utc)])
def test_briefs_of_every_day_share_one_shape_and_read_as_citeproc_writes_them(as_of):
    """A brief's reference differs from its neighbours' mostly by its date: the date is placed like
    the title and address, after one citeproc run a shape. Every day of a year (and the sentinel
    day itself, and an access date that is the sentinel's day and month, which makes the shape
    fall back to one run a date) gives what citeproc-py gives for the reference whole."""
    import briefing.render.citation as citation
    site = load_site(MINI)
    site = dataclasses.replace(site, config=dataclasses.replace(site.config, as_of=as_of))
    brief = site.briefs[0]
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(0, 366, 7)] + [dt.date(1234, 5, 27)]
    shapes_before = citation._shape.cache_info().currsize
    for day in days:
        item = brief_reference(site, dataclasses.replace(brief, date=day), BASE)
        assert plain(format_reference(item)) == format_reference_directly(item), day
    made = citation._shape.cache_info().currsize - shapes_before
    if as_of.month == 5 and as_of.day == 27:     # 'Accessed: 27 May 2025' holds the sentinel: a run a date
        assert made >= len(days)
    else:
        assert made <= 3                         # the sentinel shape and its one check


def test_a_reference_reads_in_its_page_s_language():
    """An Arabic page's reference in CSL's Arabic terms and months, an English one as before; the
    placed title and address the same in both, and each equal to citeproc-py's own result."""
    from briefing.render.citation import citation_locale, format_reference, format_reference_directly
    item = {"id": "x", "type": "article-newspaper", "title": "الهجوم", "container-title": "إحاطة",
            "author": [{"literal": "المحرّرون"}], "issued": {"date-parts": [[2024, 12, 2]]},
            "accessed": {"date-parts": [[2024, 12, 2]]}, "URL": "https://example.net/ar/briefs/a/"}
    arabic, english = str(format_reference(item, "ar")), str(format_reference(item, "en"))
    assert "موجود في" in arabic and "2 ديسمبر" in arabic and "Available at" not in arabic
    assert "Available at" in english and "2 December" in english
    for lang, text in (("ar", arabic), ("en", english)):
        plain = re.sub(r'<span class="cite-title">(.*?)</span>', r"\1", text)
        plain = re.sub(r'<a class="cite-url" href="[^"]*">(.*?)</a>', r"\1", plain)
        assert plain == format_reference_directly(item, lang)
    assert citation_locale("en") == "en-GB" and citation_locale("ar") == "ar" and citation_locale("xx") == "en-GB"
