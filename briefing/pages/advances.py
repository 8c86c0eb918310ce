"""The pages around the advances: map, chronology, claims ledger; small maps on place pages;
and the `{{< map >}}` / `{{< advances-chart >}}` embeds for briefs.

build.py adds these to the content pages; nothing else needs to know they exist.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

from briefing.derive.advances import Timeline, build_timeline, located_events
from briefing.errors import EmbedError
from briefing.figures.advance_chart import advance_chart
from briefing.figures.advances_map import advances_map
from briefing.figures.figure import embed_id
from briefing.figures.place_map import place_map
from briefing.i18n import gettext as _, ngettext
from briefing.model import EVENT_STATUSES, PLACE_KINDS, Place, Site
from briefing.pages.ledger import claims_page
from briefing.pages.spec import PageSpec, deferred_page
from briefing.text import iso, long_day, suggest, utc_day


class SiteTimeline:
    """The site's day-by-day timeline (derive.advances.build_timeline), built when first asked
    for and shared by the pages and embeds of one build."""

    def __init__(self, site: Site):
        self.site = site

    @functools.cached_property
    def timeline(self) -> Timeline:
        return build_timeline(self.site)


def advances_pages(site: Site, specs: list[PageSpec], later: SiteTimeline) -> list[PageSpec]:
    """map/, chronology/ and claims/ (when there are events to show); gives place pages their small map.

    The timeline, the maps and the ledger are made only for the pages that are rendered, just
    before they are (PageSpec.prepare): a page that is not rendered needs none of them.
    """
    for spec in specs:
        if spec.template == "place.html" and isinstance(spec.context.get("place"), Place):
            spec.prepare.append(lambda page: add_place_maps(site, later.timeline, [page]))
    pages = [chronology_page(site)]
    if located_events(site, utc_day(site.config.as_of)):   # what makes build_timeline's days non-empty
        pages.insert(0, deferred_page("map/", "map.html", lambda: map_page(site, later.timeline)))
        pages.append(deferred_page("claims/", "claims.html", lambda: claims_page(site, later.timeline)))
    return pages


def map_page(site: Site, timeline: Timeline) -> PageSpec:
    the_map = advances_map(site, timeline)
    chart = advance_chart(site, timeline)
    first, last = timeline.days[0], timeline.days[-1]
    return PageSpec("map/", "map.html", _("Map of the advances"), {
        "the_map": the_map, "chart": chart, "first": first, "last": last,
        "places_count": len(timeline.states),
    }, _("Who held or claimed each place, day by day from %(first)s to %(last)s, with what is confirmed, what "
         "is only claimed and what is denied.", first=long_day(first), last=long_day(last)), figures=[the_map, chart])


def chronology_days(site: Site) -> list[dict]:
    """The chronology's groups, in date order: one for each day, and one for each range of days
    that events are dated to when the exact day is not known. An event is listed once, in the
    group of its date as written: a day, or its range, which sorts by its first day and, after the
    day of that first day, before the next (the map counts it from its first day too). Each group:
    {'first', 'last' (None for a day), 'events', 'changes': [{'step', 'events'}]: the changes of status
    of earlier events on that day, one for the same change to the claims of one first report (one
    denial of five villages' claims is one change)}."""
    order = {event.id: n for n, event in enumerate(site.events)}
    groups = defaultdict(list)
    for event in sorted(site.events, key=lambda e: (e.date, order[e.id])):
        groups[(event.date, event.date_end if event.uncertain_date else None)].append(event)
    changes = defaultdict(dict)        # day -> the same change to claims of one first report -> events
    for event in sorted(site.events, key=lambda e: (e.date, order[e.id])):
        for step in event.changes:
            key = (event.date, event.date_end, event.actor, event.kind, step)
            changes[step.date].setdefault(key, []).append(event)
    for day in changes:
        groups.setdefault((day, None), [])
    return [{"first": first, "last": last, "events": events,
             "changes": [{"step": key[-1], "events": changed} for key, changed in changes.get(first, {}).items()]
             if last is None else []}
            for (first, last), events in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or g[0][0]))]


def chronology_filters(site: Site) -> dict:
    acting = {e.actor for e in site.events if e.actor}     # casualties and displacement may name no actor
    sides = {s.id: s.title for s in site.config.sides}
    actors = sorted((site.actor(a) for a in acting),
                    key=lambda a: (list(sides).index(a.side) if a.side in sides else len(sides), a.label.lower()))
    groups = defaultdict(list)
    for actor in actors:
        groups[sides.get(actor.side) or _("No side")].append(actor)
    kinds = {site.place(e.place).kind for e in site.events if e.place}
    return {"actor_groups": list(groups.items()),
            "place_kinds": [k for k in PLACE_KINDS if k in kinds] + (["none"] if any(not e.place for e in site.events) else []),
            "statuses": [s for s in EVENT_STATUSES if any(e.status == s for e in site.events)]}


def chronology_page(site: Site) -> PageSpec:
    days = chronology_days(site)
    description = ngettext("Every event in the briefing in date order, %(num)s in all, with who claims, denies or "
                           "confirms it; filter by actor, kind of place and status.",
                           "Every event in the briefing in date order, %(num)s in all, with who claims, denies or "
                           "confirms it; filter by actor, kind of place and status.", len(site.events))
    return PageSpec("chronology/", "chronology.html", _("Chronology"), {
        "days": days, "filters": chronology_filters(site), "total": len(site.events),
    }, description)


def add_place_maps(site: Site, timeline: Timeline, specs: list[PageSpec]) -> None:
    for spec in specs:
        place = spec.context.get("place") if spec.template == "place.html" else None
        if isinstance(place, Place):
            figure = place_map(site, place, timeline)
            spec.context["place_map"] = figure
            spec.figures.append(figure)


# --- embeds -------------------------------------------------------------------------------------
EMBED_ARGS = ("places", "dates", "title")


def parse_dates(text: str, timeline: Timeline) -> tuple[dt.date, dt.date]:
    first_text, _, last_text = str(text).partition("..")
    try:
        first = dt.date.fromisoformat(first_text.strip())
        last = dt.date.fromisoformat((last_text or first_text).strip())
    except ValueError:
        raise EmbedError(f"dates must be YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, not '{text}'") from None
    if last < first:
        raise EmbedError(f"dates '{text}' end before they begin")
    if first < timeline.days[0] or last > timeline.days[-1]:
        raise EmbedError(f"dates '{text}' are outside the events' days "
                         f"({iso(timeline.days[0])}..{iso(timeline.days[-1])})")
    return first, last


def parse_places(site: Site, text) -> set[str]:
    ids = [p.strip() for p in str(text).split(",") if p.strip()]
    if not ids or text is True:
        raise EmbedError("places needs place ids, e.g. places=\"aleppo,saraqib\"")
    known = [p.id for p in site.places]
    for ident in ids:
        if not isinstance(site.get(ident), Place):
            hint = suggest(ident, known, list_up_to=0)
            raise EmbedError(f"unknown place '{ident}'" + (f" ({hint})" if hint else ""))
    return set(ids)


def embed_scope(site: Site, timeline: Timeline, args: dict, spec: PageSpec):
    """(timeline limited to the dates, place ids, title) for an embed's arguments."""
    unknown = [k for k in args if k not in EMBED_ARGS]
    if unknown:
        raise EmbedError(f"unknown argument '{unknown[0]}' (known: {', '.join(EMBED_ARGS)})")
    if not timeline.days:
        raise EmbedError("there are no events with a place to show")
    if "dates" in args:
        first, last = parse_dates(args["dates"], timeline)
        timeline = build_timeline(site, first, last)
    if "places" in args:
        places = parse_places(site, args["places"])
    else:
        named = spec.context.get("places") or []
        places = {p.id for p in named} if named else set(timeline.states)
    shown = places & set(timeline.states)
    if not shown:
        raise EmbedError("none of these places has an event by " + iso(timeline.days[-1])
                         + "; name some with places=\"...\"")
    title = args.get("title") if isinstance(args.get("title"), str) else None
    return timeline, shown, title


def embed_handlers(site: Site, later: SiteTimeline) -> dict:
    """{{< map >}} and {{< advances-chart >}}: name -> handler(args, page spec) -> Figure."""
    def map_embed(args: dict, spec: PageSpec):
        timeline = later.timeline
        scope, places, title = embed_scope(site, timeline, args, spec)
        return advances_map(site, scope, fig_id=embed_id("map", spec.path, args), citable=False, places=places,
                            title=title or _("Who holds or claims these places"), height=480)

    def chart_embed(args: dict, spec: PageSpec):
        timeline = later.timeline
        scope, places, title = embed_scope(site, timeline, args, spec)
        if not args and places == set(timeline.states):
            return advance_chart(site, timeline)      # the map page's own chart: one shared file
        return advance_chart(site, scope, fig_id=embed_id("advance-chart", spec.path, args), places=places,
                             title=title or _("These places taken or claimed, day by day"))

    return {"map": map_embed, "advances-chart": chart_embed}
