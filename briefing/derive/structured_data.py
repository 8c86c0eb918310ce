"""Site -> schema.org structured data, as JSON-LD values (plain dicts) for
`<script type="application/ld+json">` in the pages' heads (base.html).

Search engines and archives read these (schema.org types, https://schema.org/):

- a brief is a `NewsArticle` (headline, datePublished, dateModified, author, publisher, its
  sources as `citation`, the places it names as `contentLocation`, mainEntityOfPage: its
  canonical address, inLanguage);
- a place is a `Place` (name, geo: GeoCoordinates in decimal degrees WGS 84 as places.yaml has
  them, containedInPlace: its governorate within its country, sameAs: its GeoNames page);
- each claim of the claims ledger is a `ClaimReview` whose itemReviewed is the `Claim` (its author
  the claimant, its datePublished the day it was made (for a range of days, no day: the range as
  temporalCoverage), its appearance the channels that carried it) and whose reviewRating says in words where the claim stands: "Confirmed", "Contested",
  "Denied by ..." or "Claimed, unconfirmed" (the site's own words, as the ledger shows them). No
  numeric rating: the site has no scale of truth, only who says what (schema.org's Rating
  allows `alternateName` alone).

Dates are ISO 8601 (text.iso): a day as 2024-12-02, a moment as 2024-12-02T18:00:00Z. Addresses
are absolute: base_url + the page's path. Values are plain text as content has them; escaping
for the page is the template's (the `tojson_safe` filter), once.
"""
from __future__ import annotations

from briefing.i18n import gettext as _
from briefing.derive.citations import permanent_address
from briefing.model import Actor, Brief, Event, Place, Site, Source
from briefing.text import and_list, iso, utc_day, when_parts
from briefing.urls import path_of, with_slash

CONTEXT = "https://schema.org"
CLAIMS_PATH = "claims/"
GEONAMES = "https://www.geonames.org/{}"


def publisher(site: Site, base_url: str) -> dict:
    """The publication: an Organization with its name (the site's title) and address."""
    return {"@type": "Organization", "name": site.config.title, "url": with_slash(base_url)}


def author(site: Site, base_url: str) -> dict:
    """Who writes the site: site.yaml `author` (an Organization, the desk), else the publication."""
    if site.config.author and site.config.author != site.config.title:
        return {"@type": "Organization", "name": site.config.author}
    return publisher(site, base_url)


def geo(place: Place) -> dict:
    return {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon}


def place_data(site: Site, place: Place, base_url: str, detail: bool = True) -> dict:
    """A Place: name, address, geo and, if it has a GeoNames id, its GeoNames page as sameAs.
    detail (a place's own page): also where it lies (governorate within country), its aliases and
    description; a brief's places leave those to the places' pages, which their `url` leads to."""
    data = {"@type": "Place", "name": place.name, "url": permanent_address(base_url, path_of(place)),
            "geo": geo(place)}
    if place.geonames:
        data["sameAs"] = GEONAMES.format(place.geonames)
    if detail:
        data["containedInPlace"] = {"@type": "AdministrativeArea", "name": place.governorate,
                                    "containedInPlace": {"@type": "Country", "name": place.country}}
    if detail and place.aliases:
        data["alternateName"] = list(place.aliases)
    if detail and place.description:
        data["description"] = place.description
    return data


def place_page(site: Site, place: Place, base_url: str) -> dict:
    """The JSON-LD of a place's page."""
    return {"@context": CONTEXT, **place_data(site, place, base_url)}


def creative_work(source: Source) -> dict:
    """A source as a cited CreativeWork: its name, and its address where it has one."""
    work = {"@type": "CreativeWork", "name": source.name}
    if source.url:
        work["url"] = source.url
    return work


def news_article(site: Site, brief: Brief, places: list[Place], base_url: str) -> dict:
    """The JSON-LD of a brief's page: a NewsArticle. places: the places the brief covers (its
    `places` and those its text links, as the page lists them)."""
    address = permanent_address(base_url, path_of(brief))
    data = {"@context": CONTEXT, "@type": "NewsArticle", "headline": brief.title, "description": brief.summary,
            "url": address, "mainEntityOfPage": {"@type": "WebPage", "@id": address},
            "datePublished": iso(brief.date), "dateModified": iso(brief.updated or brief.date),
            "inLanguage": site.lang or site.config.language, "isAccessibleForFree": True,
            "author": author(site, base_url), "publisher": publisher(site, base_url),
            "citation": [creative_work(site.source(s)) for s in brief.sources]}
    if places:
        data["contentLocation"] = [place_data(site, p, base_url, detail=False) for p in places]
    if site.config.licence.url:
        data["license"] = site.config.licence.url
    return data


def who(site: Site, actor: Actor | None, base_url: str) -> dict:
    """An actor as schema.org has them: a Person for a person, else an Organization."""
    return {"@type": "Person" if actor.kind == "person" else "Organization", "name": actor.name,
            "url": permanent_address(base_url, path_of(actor))}


def claimant(site: Site, actor_id: str, claimed_by, base_url: str) -> list[dict]:
    """Who made a claim: the actor it is about, when there is one; else the actors behind the
    sources that carried it, else those sources."""
    if actor_id:
        return [who(site, site.actor(actor_id), base_url)]
    speakers = list(dict.fromkeys(site.source(s).actor for s in claimed_by if site.source(s).actor))
    if speakers:
        return [who(site, site.actor(a), base_url) for a in speakers]
    return [{"@type": "Organization", "name": site.source(s).name} for s in claimed_by]


def rating_words(site: Site, status: str, denied_by) -> str:
    """Where a claim stands, in words of the page's language: 'Confirmed', 'Contested', 'Denied by
    <who>' (the actors behind the denying sources, else the sources), 'Denied', or 'Claimed,
    unconfirmed'."""
    if status == "confirmed":
        return _("Confirmed")
    if status == "contested":
        return _("Contested")
    if status == "denied" or denied_by:
        actors = list(dict.fromkeys(site.source(s).actor for s in denied_by if site.source(s).actor))
        deniers = [site.actor(a).label for a in actors] or [site.source(s).name for s in denied_by]
        return _("Denied by %(names)s", names=and_list(deniers)) if deniers else _("Denied")
    return _("Claimed, unconfirmed")


def claim_dates(event: Event) -> dict:
    """When a claim was made: datePublished, its day; for a claim known only to a range of days
    (`date_end`), no day of our choosing but the range as an ISO 8601 interval, temporalCoverage
    ('2024-11-28/2024-11-30'), which schema.org allows there."""
    parts = when_parts(event)
    if len(parts) == 1:
        return {"datePublished": parts[0][0]}
    return {"temporalCoverage": f"{parts[0][0]}/{parts[-1][0]}"}


def claim_review(site: Site, base_url: str, anchor: str, events: list[Event], actor_id: str, status: str,
                 claimed_by, denied_by) -> dict:
    """One ClaimReview: the claim (events: the ledger's events of one claim, one a place), reviewed
    as of the information cut-off, at the ledger's anchor for it."""
    claim = {"@type": "Claim", "author": claimant(site, actor_id, claimed_by, base_url), **claim_dates(events[0])}
    appearances = [creative_work(site.source(s)) for s in claimed_by]
    if appearances:
        claim["appearance"] = appearances
    return {"@type": "ClaimReview", "url": permanent_address(base_url, CLAIMS_PATH, anchor),
            "claimReviewed": " ".join(dict.fromkeys(e.summary for e in events)),
            "itemReviewed": claim, "author": publisher(site, base_url),
            "datePublished": iso(utc_day(site.config.as_of)),
            "reviewRating": {"@type": "Rating", "alternateName": rating_words(site, status, denied_by)}}


def claim_reviews(site: Site, ledger, unconfirmed: list[Event], base_url: str) -> dict:
    """The JSON-LD of the claims ledger: a @graph with a ClaimReview for each claim of the ledger
    (derive.advances.Claim: every claim disputed or whose status changed; anchor claim-<id>) and
    each claim nobody has confirmed, denied or disputed (an Event, anchor claim-<event id>)."""
    reviews = [claim_review(site, base_url, f"claim-{c.id}", list(c.events), c.actor, c.status, c.claimed_by,
                            c.denied_by) for c in ledger]
    reviews += [claim_review(site, base_url, f"claim-{e.id}", [e], e.actor, e.status, e.claimed_by, e.denied_by)
                for e in unconfirmed]
    return {"@context": CONTEXT, "@graph": reviews}
