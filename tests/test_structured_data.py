"""JSON-LD (derive/structured_data.py, in base.html's head), read as search engines read it:
extruct extracts every block of every built page (the publication, the mini fixture and the
hostile fixture); each block is valid JSON as written, and each type has what schema.org and the
brief ask of it: NewsArticle on briefs, Place on place pages, a ClaimReview per entry of the
claims ledger."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import extruct
import pytest

from briefing.build import load_site
from briefing.derive.advances import claims_ledger
from briefing.derive.editions import edition, languages
from briefing.derive.structured_data import claim_reviews
from briefing.text import iso, utc_day, when_parts
from briefing.urls import language_prefix
from conftest import MINI, ROOT, build_to
from hostile import write_hostile_content


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("jsonld")
    sites = {"publication": ROOT / "content", "mini": MINI, "hostile": write_hostile_content(root / "hostile-content")}
    for name, content in sites.items():
        build_to(content, root / name, search=False)
    return {name: (load_site(content), root / name) for name, content in sites.items()}


class Blocks(HTMLParser):
    """The raw text of each <script type="application/ld+json">, as the HTML parser splits it."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks, self.current, self.ids = [], None, set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self.current = []

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.current is not None:
            self.blocks.append("".join(self.current))
            self.current = None


def read(page: Path) -> tuple[list, Blocks]:
    html = page.read_text(encoding="utf-8")
    parser = Blocks()
    parser.feed(html)
    extracted = extruct.extract(html, syntaxes=["json-ld"], uniform=False)["json-ld"]
    return extracted, parser


def every_block(out: Path) -> dict:
    """Site path -> the page's JSON-LD values, as extruct extracts them; each also checked to be
    valid JSON as written, and one value a block."""
    found = {}
    for page in sorted(out.rglob("*.html")):
        extracted, parser = read(page)
        raw = [json.loads(block) for block in parser.blocks]   # valid JSON, whole: nothing broke out
        assert extracted == raw, page
        if raw:
            found[page.parent.relative_to(out).as_posix() + "/"] = raw
    return found


def absolute(site, path: str) -> str:
    return site.config.base_url + path


def check_place(place_data: dict, place, site, detail: bool = True, prefix: str = "") -> None:
    assert place_data["@type"] == "Place" and place_data["name"] == place.name
    assert place_data["url"] == absolute(site, f"{prefix}places/{place.id}/")
    assert place_data["geo"] == {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon}
    if detail:   # a place's own page; a brief's places leave it to that page
        area = place_data["containedInPlace"]
        assert (area["@type"], area["name"]) == ("AdministrativeArea", place.governorate)
        assert area["containedInPlace"] == {"@type": "Country", "name": place.country}
    if place.geonames:
        assert place_data["sameAs"] == f"https://www.geonames.org/{place.geonames}"
    else:
        assert "sameAs" not in place_data


@pytest.mark.parametrize("name", ["publication", "mini", "hostile"])
def test_every_page_s_json_ld_is_what_its_kind_of_page_needs(built, name):
    original, out = built[name]
    every = every_block(out)
    langs = languages(original)
    assert set(every) == {language_prefix(lang, langs) + path for lang in langs for path in (
        [f"briefs/{b.slug}/" for b in original.briefs] + [f"places/{p.id}/" for p in original.places] + ["claims/"])}
    others = tuple(language_prefix(lang, langs) for lang in langs[1:])
    for lang in langs:   # each edition's, in its language, at its addresses
        prefix = language_prefix(lang, langs)
        mine = {path: block for path, block in every.items()
                if (path.startswith(prefix) if prefix else not path.startswith(others or ("\0",)))}
        check_edition(edition(original, lang), out, {path[len(prefix):]: block for path, block in mine.items()}, prefix)


def check_edition(site, out: Path, blocks: dict, prefix: str) -> None:
    """One edition's JSON-LD, blocks by path without the edition's prefix."""
    briefs = {f"briefs/{b.slug}/": b for b in site.briefs}
    places = {f"places/{p.id}/": p for p in site.places}
    assert set(blocks) == set(briefs) | set(places) | {"claims/"}, sorted(blocks)
    publisher = {"@type": "Organization", "name": site.config.title, "url": site.config.base_url + prefix}
    for path, brief in briefs.items():
        [article] = blocks[path]
        assert article["@context"] == "https://schema.org" and article["@type"] == "NewsArticle"
        assert (article["headline"], article["description"]) == (brief.title, brief.summary)
        assert article["datePublished"] == iso(brief.date)
        assert article["dateModified"] == iso(brief.updated or brief.date)
        assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": absolute(site, prefix + path)}
        assert article["inLanguage"] == site.lang and article["publisher"] == publisher
        assert article["author"]["@type"] == "Organization"
        assert article["author"]["name"] == (site.config.author or site.config.title)
        sources = [site.source(s) for s in brief.sources]
        assert [c["name"] for c in article["citation"]] == [s.name for s in sources]
        assert [c.get("url", "") for c in article["citation"]] == [s.url for s in sources]
        shown = re.findall(r'<section aria-labelledby="places-title">.*?</section>',
                           (out / prefix / path / "index.html").read_text(encoding="utf-8"), re.S)
        covered = article.get("contentLocation", [])
        assert len(covered) == (shown[0].count("<li>") if shown else 0)
        for place_data in covered:
            check_place(place_data, site.place(place_data["url"].rstrip("/").rsplit("/", 1)[1]), site,
                        detail=False, prefix=prefix)
    for path, place in places.items():
        [data] = blocks[path]
        assert data["@context"] == "https://schema.org"
        check_place(data, place, site, prefix=prefix)


RATINGS = re.compile(r"Confirmed|Contested|Claimed, unconfirmed|Denied|Denied by .+")


@pytest.mark.parametrize("name", ["publication", "mini", "hostile"])
def test_each_entry_of_the_claims_ledger_is_a_claim_review_at_its_anchor(built, name):
    site, out = built[name]
    extracted, parser = read(out / "claims/index.html")
    [graph] = extracted
    reviews = graph["@graph"]
    html = (out / "claims/index.html").read_text(encoding="utf-8")
    anchors = sorted(re.findall(r'<(?:section|li)\b[^>]*\bid="(claim-[^"]+)"', html))   # each entry's own anchor
    assert sorted(r["url"].rsplit("#", 1)[1] for r in reviews) == anchors and anchors
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        assert review["url"].startswith(absolute(site, "claims/#claim-"))
        event = next(e for e in site.events if f"claim-{e.id}" == review["url"].rsplit("#", 1)[1])
        assert event.summary in review["claimReviewed"]
        claim = review["itemReviewed"]
        parts = when_parts(event)             # a day, or a range of days: never one day of our choosing
        assert claim["@type"] == "Claim" and (claim.get("datePublished"), claim.get("temporalCoverage")) == (
            (parts[0][0], None) if len(parts) == 1 else (None, f"{parts[0][0]}/{parts[1][0]}"))
        assert claim["author"] and all(a["@type"] in ("Organization", "Person") and a["name"] for a in claim["author"])
        if event.actor:
            assert claim["author"][0]["name"] == site.actor(event.actor).name
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and RATINGS.fullmatch(rating["alternateName"])
        assert "ratingValue" not in rating            # no numeric scale is invented
        expected = {"contested": "Contested", "confirmed": "Confirmed"}.get(event.status)
        if expected is None:
            expected = "Denied" if event.status == "denied" or event.denied_by else "Claimed, unconfirmed"
        assert rating["alternateName"].startswith(expected)
        assert review["author"] == {"@type": "Organization", "name": site.config.title, "url": site.config.base_url}
        assert review["datePublished"] == iso(utc_day(site.config.as_of))


def test_the_publication_s_denials_name_who_denied():
    site = load_site(ROOT / "content")
    ledger = claims_ledger(site)
    reviews = claim_reviews(site, ledger, [], site.config.base_url)["@graph"]
    words = {r["reviewRating"]["alternateName"] for r in reviews}
    # the army's ministry and the paper that carry the denials, by the actors' short names
    assert "Denied by Ministry of Defence and Al-Watan" in words and "Contested" in words, words


def test_a_hostile_title_cannot_leave_its_block(built):
    site, out = built["hostile"]
    brief = site.briefs[0]
    html = (out / f"briefs/{brief.slug}/index.html").read_text(encoding="utf-8")
    assert "</script>" in brief.title and "<!--" in brief.title
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block        # escaped as \u003c, \u003e: no tag can start or end
    assert json.loads(block)["headline"] == brief.title   # and the text is exactly the title
