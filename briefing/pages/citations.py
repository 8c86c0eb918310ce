"""What the pages cite and declare: each brief's and the map view's reference (for the "Cite this"
blocks, templates/cite.html) and each page's JSON-LD (base.html's head).

`attach_citations` gives the page specs made by content.py and advances.py what they need, in
PageSpec.prepare hooks: made just before a page renders, never for a page taken from the cache.
The values themselves come from derive/citations.py (CSL-JSON) and derive/structured_data.py
(schema.org); the files to download from output/citations.py, at CITATION_FILES' paths.
"""
from __future__ import annotations

from briefing.derive.citations import MAP_PATH, brief_reference, map_reference, map_title, permanent_address
from briefing.derive.structured_data import claim_reviews, news_article, place_page
from briefing.model import Brief, Place, Site
from briefing.pages.spec import PageSpec
from briefing.text import utc_day

# The citation downloads: (label, extension), in the order the Cite block lists them.
CITATION_FORMATS = (("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "json"))
ALL_BRIEFS = "citations/briefs"       # + .bib, .ris, .json: every brief's reference in one file


def brief_citation_path(slug: str, extension: str) -> str:
    """'citations/briefs/<slug>.bib': one brief's reference in one format."""
    return f"citations/briefs/{slug}.{extension}"


def citation_paths(site: Site) -> list[str]:
    """Every citation file a build writes (output/citations.py writes them; a body may link them)."""
    paths = [f"{ALL_BRIEFS}.{ext}" for _, ext in CITATION_FORMATS]
    return paths + [brief_citation_path(b.slug, ext) for b in site.briefs for _, ext in CITATION_FORMATS]


def attach_citations(site: Site, specs: list[PageSpec], base_url: str) -> None:
    """Give briefs their reference, downloads and NewsArticle; the map the reference of its as-of
    view; place pages their Place; the claims ledger its ClaimReviews. (An event's reference is
    made where a template lists the event, by the renderer's `cite_event`.)"""
    for spec in specs:
        if spec.template == "brief.html" and isinstance(spec.context.get("brief"), Brief):
            spec.prepare.append(lambda page: add_brief(site, page, base_url))
        elif spec.template == "place.html" and isinstance(spec.context.get("place"), Place):
            spec.prepare.append(lambda page: page.context.update(
                structured_data=place_page(site, page.context["place"], base_url)))
        elif spec.path == MAP_PATH and spec.template == "map.html":
            spec.prepare.append(lambda page: add_map(site, page, base_url))
        elif spec.template == "claims.html":
            spec.prepare.append(lambda page: page.context.update(structured_data=claim_reviews(
                site, [entry["claim"] for entry in page.context["entries"]],
                [item["event"] for item in page.context["unconfirmed"]], base_url)))


def add_brief(site: Site, spec: PageSpec, base_url: str) -> None:
    brief = spec.context["brief"]
    spec.context.update(
        citation=brief_reference(site, brief, base_url),
        citation_files=[(label, brief_citation_path(brief.slug, ext)) for label, ext in CITATION_FORMATS],
        all_citation_files=[(label, f"{ALL_BRIEFS}.{ext}") for label, ext in CITATION_FORMATS],
        structured_data=news_article(site, brief, list(spec.context.get("places") or ()), base_url))


def add_map(site: Site, spec: PageSpec, base_url: str) -> None:
    """The map's reference cites the as-of view (the last day the map shows); map.js makes it
    follow the day the reader shows, from `citation_view` (the address without its #date=, and
    the title with {day} where the day goes)."""
    day = utc_day(site.config.as_of)
    spec.context.update(citation=map_reference(site, base_url, day),
                        citation_view={"url": permanent_address(base_url, MAP_PATH), "title": map_title("{day}")})
