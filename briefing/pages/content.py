"""Which pages the site has: model + cross-references -> PageSpecs (nothing is rendered here)."""
from __future__ import annotations

from collections import defaultdict

from briefing.derive.advances import ledger_anchors
from briefing.derive.crossrefs import CrossRefs
from briefing.model import Site
from briefing.pages.ledger import latest_lines, place_timelines
from briefing.pages.corrections import corrections_pages, notices
from briefing.pages.spec import PageSpec
from briefing.i18n import N_, gettext as _
from briefing.text import iso

ACTOR_KIND_TITLES = {
    "state": N_("States"), "government": N_("Governments and ministries"), "armed-forces": N_("Armed forces"),
    "armed-group": N_("Armed groups"), "coalition": N_("Coalitions"), "militia": N_("Militias"),
    "person": N_("People"), "media": N_("Media"), "monitor": N_("Monitors"), "organisation": N_("Organisations"),
}


# The main navigation after the topics, in this order; an entry shows only when the page exists.
# Labels translated where shown (base.html).
NAV = (("map/", N_("Map")), ("chronology/", N_("Chronology")), ("claims/", N_("Claims")), ("network/", N_("Network")),
       ("actors/", N_("Actors")), ("places/", N_("Places")), ("sources/", N_("Sources")))


def grouped(items, key, order=None):
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    keys = [k for k in order if k in groups] if order else sorted(groups)
    return [(k, groups[k]) for k in keys]


def briefs_by_topic(site: Site) -> list:
    topics = sorted(site.config.topics, key=lambda t: (t.order, t.title))
    return [(t, [b for b in site.briefs if b.topic == t.id]) for t in topics]


def home_page(site: Site) -> PageSpec:
    return PageSpec("", "home.html", site.config.title, {"topics": briefs_by_topic(site),
                    "latest": latest_lines(site)}, site.config.description)


def brief_pages(site: Site, refs: CrossRefs) -> list[PageSpec]:
    specs = []
    for brief in site.briefs:
        topic = next(t for t in site.config.topics if t.id == brief.topic)
        specs.append(PageSpec(f"briefs/{brief.slug}/", "brief.html", brief.title, {
            "brief": brief, "topic": topic, "markdown_of": brief,
            "actors": refs.brief_actors[brief.slug], "places": refs.brief_places[brief.slug],
            "sources": [site.source(s) for s in brief.sources],
            "corrections": notices(brief, "correction"), "updates": notices(brief, "update"),
        }, brief.summary, lastmod=iso(brief.updated or brief.date)))
    return specs


def actor_pages(site: Site, refs: CrossRefs) -> list[PageSpec]:
    specs = []
    for actor in site.actors:
        specs.append(PageSpec(f"actors/{actor.id}/", "actor.html", actor.name, {
            "actor": actor, "parents": [site.actor(i) for i in actor.part_of],
            "members": sorted(refs.members[actor.id], key=lambda a: a.name),
            "relations": refs.relations_of[actor.id], "briefs": refs.briefs_naming[actor.id],
            "events": refs.events_by_actor[actor.id], "own_sources": refs.sources_of_actor[actor.id],
        }, actor.description or _("%(name)s: role, relations and events in the briefing.", name=actor.name)))
    return specs


def place_pages(site: Site, refs: CrossRefs) -> list[PageSpec]:
    anchors = ledger_anchors(site)
    return [PageSpec(f"places/{place.id}/", "place.html", place.name, {
        "place": place, "events": refs.events_at_place[place.id], "briefs": refs.briefs_naming[place.id],
        "timelines": place_timelines(refs.events_at_place[place.id], anchors),
    }, place.description or _("%(name)s (%(governorate)s): events and briefs.", name=place.name,
                               governorate=place.governorate))
        for place in site.places]


def source_pages(site: Site, refs: CrossRefs) -> list[PageSpec]:
    return [PageSpec(f"sources/{source.id}/", "source.html", source.name, {
        "source": source, "briefs": refs.briefs_citing[source.id], "events": refs.events_citing[source.id],
        "relations": refs.relations_citing[source.id],
        "actor": site.actor(source.actor) if source.actor else None,
    }, source.note) for source in site.sources]


def topic_pages(site: Site) -> list[PageSpec]:
    specs = [PageSpec(f"topics/{topic.id}/", "topic.html", topic.title, {"topic": topic, "briefs": briefs},
                      topic.description or topic.title)
             for topic, briefs in briefs_by_topic(site)]
    specs.append(PageSpec("briefs/", "briefs.html", _("All briefs"), {"topics": briefs_by_topic(site)},
                          _("Every brief of %(site)s, by topic.", site=site.config.title)))
    return specs


def index_pages(site: Site) -> list[PageSpec]:
    return [
        PageSpec("actors/", "actors.html", _("Actors"), {"groups": [
            (_(ACTOR_KIND_TITLES[k]), sorted(v, key=lambda a: a.name))
            for k, v in grouped(site.actors, lambda a: a.kind, ACTOR_KIND_TITLES)]},
            _("Every state, armed group, official and organisation named in the briefing.")),
        PageSpec("places/", "places.html", _("Places"), {"groups": [
            (k, sorted(v, key=lambda p: p.name)) for k, v in grouped(site.places, lambda p: p.governorate)]},
            _("Every place named in the briefing, by governorate.")),
        PageSpec("sources/", "sources.html", _("Sources"), {"groups": [
            (k, sorted(v, key=lambda s: s.name)) for k, v in grouped(site.sources, lambda s: s.kind)]},
            _("Who the information comes from, and how far to trust it.")),
    ]


def standalone_pages(site: Site) -> list[PageSpec]:
    return [PageSpec(f"{page.slug}/", "page.html", page.title, {"item": page, "markdown_of": page},
                     page.summary or page.title) for page in site.pages]


def machine_pages(site: Site) -> list[PageSpec]:
    """Feed, sitemap, robots.txt, the 404 page, and the form readers report errors with."""
    return [
        PageSpec("404.html", "404.html", _("Page not found"), {}, "", in_sitemap=False, absolute_links=True),
        PageSpec("feed.xml", "feed.xml", site.config.title, {}, in_sitemap=False),
        PageSpec("robots.txt", "robots.txt", "", {}, in_sitemap=False),
        PageSpec("report-an-error/", "report.html", _("Report an error"), {},
                 _("Tell the editors what you think is wrong on this site.")),
        PageSpec("report-an-error/thanks/", "report_thanks.html", _("Thank you"), {}, "", in_sitemap=False),
    ]


def content_pages(site: Site, refs: CrossRefs) -> list[PageSpec]:
    """The pages every site has; figure pages (network, map...) are added by build.py."""
    return [home_page(site), *brief_pages(site, refs), *topic_pages(site), *index_pages(site),
            *actor_pages(site, refs), *place_pages(site, refs), *source_pages(site, refs),
            *standalone_pages(site), *corrections_pages(site), *machine_pages(site)]


def sitemap_page(specs: list[PageSpec]) -> PageSpec:
    return PageSpec("sitemap.xml", "sitemap.xml", "", {"entries": [s for s in specs if s.in_sitemap]},
                    in_sitemap=False)
