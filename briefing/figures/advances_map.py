"""The advances map: who holds or claims each place, a frame per day (the map page and the
`{{< map >}}` embed).

The Figure carries a plotly spec (drawn by static/js/figures.js, its controls by
static/js/map.js) and the same data as a table with a caption computed from the data, for
readers without JavaScript or sight. No HTML here. Theme colours are written as
`var(--map-...)`, as in mapparts.py.
"""
from __future__ import annotations

import datetime as dt

from briefing.derive.advances import (AREA_KINDS, MARK_TITLES, MARKS, PlaceDay, Timeline, build_timeline,
                                      speakers)
from briefing.figures import basemap
from briefing.figures.figure import Figure, Table
from briefing.figures.mapparts import (AREA_TITLE, NO_SIDE, SYMBOLS, UNCERTAIN_DAY_TITLE, actor_label, base_traces,
                                       circle_ring, geo_box, has_area, in_box, map_config, map_layout, position_note,
                                       side_colours, side_of, state_cell, state_phrase, symbol_for, translucent,
                                       uncertain_day, when_uncertain)
from briefing.figures.markup import BOLD_WRAP, LABEL_WRAP, WRAP, esc, wrapped
from briefing.model import Event, Place, Site
from briefing.i18n import N_, gettext as _, ngettext
from briefing.text import (between_days, iso, join_names, kind_word, km, long_day, number, separated, short_day,
                           status_word)

# The smallest box each view must show; map.js widens it to the shape of the reader's screen.
VIEWS = {   # titles translated where the figure is made (views_in_words)
    "aleppo": {"title": N_("Aleppo"), "lon": [36.98, 37.34], "lat": [36.1, 36.32], "detail": True},
    "front": {"title": N_("North-west"), "lon": [36.2, 37.8], "lat": [34.98, 36.66]},
    "syria": {"title": N_("All of Syria"), "lon": [35.6, 42.4], "lat": [32.3, 37.35], "labels": False},
}
LABELLED_KINDS = ("town", "airbase", "crossing")     # cities carry the base map's own label
MARKER_SIZE = {"region": 34, "city": 14, "capital": 14}
MARKER_OPACITY = {"region": 0.45}
DETAIL_WRAP = 32       # the close-up names: 'Field artillery college, Aleppo' on one line


def source_names(site: Site, ids) -> str:
    return separated(site.source(s).name for s in ids)


def place_link(place: Place) -> str:
    """A place page's path relative to the figure JSON (figures/<id>.<hash>.json)."""
    return f"../places/{place.id}/"


def map_label(place: Place) -> str:
    """Short label on the map: '✈ Kuweires' for 'Kuweires airbase'."""
    if place.kind != "airbase":
        return place.name
    name = place.name.replace(" International Airport", " airport")
    for suffix in (" airbase", " Airbase", " air base", " military airport"):
        name = name.removesuffix(suffix)
    return "✈ " + name


# --- hover text -------------------------------------------------------------------------------
def when_prefix(event: Event, day: dt.date, stated: Event | None = None) -> str:
    """'' for an event of the day shown, '29 Nov: ' for an earlier one, the range for one whose day
    is not known ('between 28 Nov and 1 Dec (exact day not known): '), unless already `stated`."""
    if event.uncertain_date:
        return "" if stated is not None and stated.id == event.id else _("%(day)s: ", day=when_uncertain(event, short=True))
    return "" if event.date == day else _("%(day)s: ", day=short_day(event.date))


def status_history(event: Event) -> str:
    """A claim's history up to the day shown (the event as it stood): 'claimed 30 Nov; confirmed
    2 Dec'; '' for an event whose status has not changed."""
    if not event.changes:
        return ""
    return separated((_("%(status)s %(day)s", status=status_word(step.status), day=short_day(step.date))
                      for step in event.history), "; ")


def hover_text(site: Site, state: PlaceDay) -> str:
    """What pointing at a place shows, as it stood on the day: its state, the day's events (or the
    latest) with the sources behind each and their history so far, and the denied claims."""
    place = state.place
    # (the state is wrapped apart from its day, a little narrower: one wrapping serves every day)
    lines = [wrapped(_("· %(kind)s, %(governorate)s", kind=kind_word(place.kind), governorate=place.governorate),
                     BOLD_WRAP, lead=place.name, tag="b"),
             f"<i>{esc(_('%(day)s:', day=short_day(state.day)))}</i> {wrapped(state_phrase(site, state), WRAP - 8)}"]
    unsure = uncertain_day(state)
    if unsure is not None:
        lines.append(wrapped(_("Date: %(days)s", days=when_uncertain(unsure))))
    if has_area(place):
        lines.append(wrapped(position_note(place)))
    shown = state.today or (state.latest,)
    for event in shown[-3:]:
        lines.append(wrapped(f"{when_prefix(event, state.day, unsure)}{event.summary}"))
        for label, ids in ((_("Claimed by: %(names)s"), event.claimed_by), (_("Denied by: %(names)s"), event.denied_by),
                           (_("Confirmed by: %(names)s"), event.confirmed_by)):
            if ids:
                lines.append(wrapped(label % {"names": source_names(site, ids)}))
        history = status_history(event)
        if history:
            lines.append(wrapped(_("Status: %(history)s", history=history)))
    for denial in state.denials:
        if denial not in shown:
            lines.append(wrapped(_("Denied claim, %(day)s%(summary)s",
                                   day=when_prefix(denial, state.day) or _("%(day)s: ", day=short_day(denial.date)),
                                   summary=denial.summary)))
    sources = dict.fromkeys(s for e in shown for s in e.sources)
    lines.append(wrapped(_("Sources: %(names)s", names=source_names(site, sources))))
    if len(shown) < len(state.today):
        lines.append(esc(ngettext("and %(num)s more event that day", "and %(num)s more events that day",
                                  len(state.today) - len(shown))))
    return "<br>".join(lines)


# --- the traces and frames -----------------------------------------------------------------------
def trace_keys(site: Site, states) -> list[tuple[str, str]]:
    """(side id, mark) of every data trace needed, in a stable order."""
    present = {(side_of(site, s.actor), s.mark) for s in states}
    order = [s.id for s in site.config.sides] + [""]
    return [(side, mark) for side in order for mark in MARKS if (side, mark) in present]


def point_data(site: Site, states: list[PlaceDay], labels: bool = True) -> dict:
    """The per-point values of a data trace (and of its frame on a day)."""
    return {
        "lat": [s.place.lat for s in states], "lon": [s.place.lon for s in states],
        "text": [wrapped(map_label(s.place), LABEL_WRAP) if labels and s.place.kind in LABELLED_KINDS else ""
                 for s in states],
        "hovertext": [hover_text(site, s) for s in states],
        "customdata": [[s.place.id, place_link(s.place)] for s in states],
        "marker.size": [MARKER_SIZE.get(s.place.kind, 11) for s in states],
        "marker.opacity": [MARKER_OPACITY.get(s.place.kind, 1) for s in states],
        "marker.symbol": [symbol_for(s.mark, uncertain_day(s) is not None) for s in states],
    }


def data_trace(site: Site, key: tuple[str, str], states: list[PlaceDay], labels: bool = True) -> dict:
    side, mark = key
    colour = side_colours(site).get(side, NO_SIDE)
    points = point_data(site, states, labels)
    open_symbol = mark in ("claimed", "contested", "activity")
    return {
        "type": "scattergeo", "mode": "markers+text", "name": f"{side or 'none'} · {mark}",
        "lat": points["lat"], "lon": points["lon"], "text": points["text"], "hovertext": points["hovertext"],
        "customdata": points["customdata"], "hovertemplate": "%{hovertext}<extra></extra>",
        "textposition": "middle right", "textfont": {"size": 11, "color": "var(--map-label)"},
        "marker": {"symbol": points["marker.symbol"], "color": colour, "size": points["marker.size"],
                   "opacity": points["marker.opacity"], "line": {"width": 2.6 if open_symbol else 1.2,
                                          "color": colour if open_symbol else "var(--map-halo)"}},
        "showlegend": False,
    }


def frame_update(site: Site, key, states, labels=True) -> dict:
    points = point_data(site, states, labels)
    return {"lat": points["lat"], "lon": points["lon"], "text": points["text"], "hovertext": points["hovertext"],
            "customdata": points["customdata"], "marker": {"size": points["marker.size"],
                                                           "opacity": points["marker.opacity"],
                                                           "symbol": points["marker.symbol"],
                                                           "color": side_colours(site).get(key[0], NO_SIDE)}}


def area_data(states: list[PlaceDay]) -> dict:
    """The circles of the approximate places among `states`, as one line broken by None between
    circles (plotly fills each piece of a broken line 'toself')."""
    lat, lon = [], []
    for state in states:
        if has_area(state.place):
            if lat:
                lat.append(None)
                lon.append(None)
            ring = circle_ring(state.place.lat, state.place.lon, state.place.precision_km)
            lon += [x for x, _ in ring]
            lat += [y for _, y in ring]
    return {"lat": lat, "lon": lon}


def area_trace(site: Site, key: tuple[str, str], states: list[PlaceDay]) -> dict:
    """The areas of the approximate places of one data trace (same side and mark, so the key's
    filters hide both): shaded in the side's colour, a dotted edge; nothing to point at (the
    place's mark, drawn over it, says how far off it may be)."""
    side, mark = key
    colour = side_colours(site).get(side, NO_SIDE)
    return {"type": "scattergeo", "mode": "lines", "name": f"{side or 'none'} · {mark} · areas",
            **area_data(states), "fill": "toself", "fillcolor": translucent(colour),
            "line": {"color": colour, "width": 1.2, "dash": "dot"}, "hoverinfo": "skip", "showlegend": False}


def detail_labels(site: Site, timeline: Timeline, visible: bool) -> dict:
    """Names of the smaller places (districts, sites, villages), for views zoomed in close enough."""
    places = [site.place(p) for p in timeline.states]
    places = [p for p in places if p.kind not in LABELLED_KINDS + AREA_KINDS + ("city", "capital")]
    # An invisible marker under each name pushes the text beside the point, as for the other labels.
    return {"type": "scattergeo", "mode": "markers+text", "name": "Place names", "visible": visible,
            "marker": {"size": 12, "opacity": 0},
            "lat": [p.lat for p in places], "lon": [p.lon for p in places],
            "text": [wrapped(p.name, DETAIL_WRAP) for p in places], "textposition": "middle right", "hoverinfo": "skip",
            "textfont": {"size": 11, "color": "var(--map-label-muted)"}, "showlegend": False}


# --- the words: day summaries, standing, the table ------------------------------------------------
def changes_on(timeline: Timeline, day: dt.date) -> list[PlaceDay]:
    return [s for s in timeline.on(day) if s.changed]


def notable_first(states: list[PlaceDay]) -> list[str]:
    order = {"city": 0, "capital": 0, "airbase": 1, "town": 2, "military-site": 3, "region": 5}
    return [s.place.name for s in sorted(states, key=lambda s: (order.get(s.place.kind, 4), s.place.name))]


def same_claim(before: PlaceDay | None, state: PlaceDay) -> bool:
    """Whether a day's change is only a change of status of the claim the place rested on the day
    before (a monitor confirms it), not a new event taking the place."""
    return (before is not None and before.basis is not None and state.basis is not None
            and before.basis.id == state.basis.id and before.holder == state.holder)


def day_summary(site: Site, timeline: Timeline, day: dt.date) -> str:
    """What changed on a day, in a sentence: read out by screen readers as the day control moves.
    Each change as it stood that day; a claim confirmed later is 'now confirmed' on the day it
    was, and an event whose day is not known says when it may have been."""
    changed = changes_on(timeline, day)
    if not changed:
        return _("%(day)s: no change.", day=long_day(day))
    index = timeline.days.index(day)
    groups = {}
    for state in changed:
        denied_by = state.basis.denied_by if state.basis is not None and state.mark == "claimed" else ()
        actor = state.actor if state.mark != "activity" else ""
        before = timeline.states[state.place.id][index - 1] if index else None
        unsure = uncertain_day(state)
        span = (unsure.date, unsure.last_day) if unsure is not None else None
        now = state.mark in ("confirmed", "contested") and same_claim(before, state)
        groups.setdefault((state.mark, actor, denied_by, now, span), []).append(state)
    parts = []
    for (mark, actor, denied_by, now, span), states in sorted(
            groups.items(), key=lambda g: (MARKS.index(g[0][0]), -len(g[1]), g[0][3], g[0][4] or ())):
        who = actor_label(site, actor) if actor else _("nobody named")
        names = join_names(notable_first(states)) if len(states) <= 5 else \
            ngettext("%(num)s places, among them %(names)s", "%(num)s places, among them %(names)s", len(states),
                     names=join_names(notable_first(states)[:4]))
        deniers = []
        if states[0].basis is not None and states[0].basis.kind == "withdrew":
            part = _("%(actor)s leaves %(places)s", actor=actor_label(site, states[0].basis.actor), places=names)
        elif now:
            part = _("%(actor)s's claim to %(places)s is now %(status)s", actor=who, places=names,
                     status=status_word(mark))
            span = None
        elif mark == "confirmed":
            part = _("%(actor)s takes %(places)s (confirmed)", actor=who, places=names)
        elif mark == "claimed":
            deniers = [site.actor(a).label for a in speakers(site, denied_by)]
            part = _("%(actor)s claims %(places)s", actor=who, places=names)
        elif mark == "contested":
            part = _("%(actor)s's claim to %(places)s is contested", actor=who, places=names)
        elif mark == "denied":
            part = _("%(actor)s's claim to %(places)s is denied", actor=who, places=names)
        else:
            part = _("activity without a claim of control at %(places)s", places=names)
        if span:
            part = _("%(change)s (%(days)s, exact day not known)", change=part, days=between_days(*span))
        if deniers:
            part = _("%(change)s, denied by %(who)s", change=part, who=join_names(deniers))
        parts.append(part)
    return _("%(day)s: %(changes)s.", day=long_day(day), changes=separated(parts, "; "))


def standing(site: Site, states: list[PlaceDay]) -> str:
    """'MOC 18 (3 confirmed, 14 claimed, 1 contested); SNA 4 (...)' for places (not regions) with a holder."""
    counts = {}
    for state in states:
        if state.holder and state.place.kind not in AREA_KINDS:
            counts.setdefault(state.holder, {}).setdefault(state.status, 0)
            counts[state.holder][state.status] += 1
    parts = []
    for actor, by_status in sorted(counts.items(), key=lambda item: -sum(item[1].values())):
        detail = separated(_("%(count)s %(status)s", count=number(n), status=status_word(status))
                           for status, n in sorted(by_status.items(), key=lambda i: MARKS.index(i[0])))
        parts.append(_("%(actor)s %(count)s (%(detail)s)", actor=actor_label(site, actor),
                       count=number(sum(by_status.values())), detail=detail))
    return separated(parts, "; ")


def map_table(site: Site, timeline: Timeline, caption: str) -> Table:
    columns = (_("Place"), _("Kind"), _("Governorate"), *(short_day(d) for d in timeline.days))
    rows = []
    for place_id, states in sorted(timeline.states.items(),
                                   key=lambda item: (timeline.first_day(item[0]), site.place(item[0]).name)):
        place = site.place(place_id)
        kind = kind_word(place.kind)
        if has_area(place):
            kind = _("%(kind)s; position within about %(distance)s", kind=kind, distance=km(place.precision_km))
        rows.append(((place.name, f"places/{place.id}/"), kind, place.governorate,
                     *(state_cell(site, s) for s in states)))
    return Table(caption, columns, tuple(rows))


# --- the map -----------------------------------------------------------------------------------
def advances_map(site: Site, timeline: Timeline | None = None, *, fig_id: str = "advances-map",
                 title: str = "", citable: bool = True,
                 view: str = "front", places: set | None = None, height: int = 560) -> Figure:
    """The map with a frame per day; map.js adds the date control, filters and the citable URL.
    title: by default 'Who holds or claims what, day by day'."""
    title = title or _("Who holds or claims what, day by day")
    timeline = timeline or build_timeline(site)
    if places is not None:
        timeline = Timeline(timeline.days, {k: v for k, v in timeline.states.items() if k in places})
    days = timeline.days
    last = days[-1]
    views = {name: {**box, "title": _(box["title"])} for name, box in VIEWS.items()}
    if places is not None:
        box = geo_box([site.place(p) for p in timeline.states])
        views = {"places": {"title": _("These places"), **box, "detail": box["lon"][1] - box["lon"][0] < 0.9}}
        view = "places"
    all_states = [s for states in timeline.states.values() for s in states if s is not None]
    keys = trace_keys(site, all_states)
    box = views[view]
    wide = {"lon": [min(v["lon"][0] for v in views.values()), max(v["lon"][1] for v in views.values())],
            "lat": [min(v["lat"][0] for v in views.values()), max(v["lat"][1] for v in views.values())]}
    base = base_traces(wide, city_rank=2, site=site)
    first_data = len(base)

    grouped = {}

    def states_for(day, key):
        """The day's states of one trace key, in timeline order (grouped once a day, not once a key)."""
        if day not in grouped:
            grouped[day] = {}
            for s in timeline.on(day):
                grouped[day].setdefault((side_of(site, s.actor), s.mark), []).append(s)
        return grouped[day].get(key, [])

    detail = detail_labels(site, timeline, visible=bool(box.get("detail")))
    base.append(detail)
    first_data = len(base)
    # Areas first, under every mark: one trace for each data trace with an approximate place on any day.
    area_keys = [key for key in keys if any(has_area(s.place) for s in all_states
                                            if (side_of(site, s.actor), s.mark) == key)]
    data = (base + [area_trace(site, key, states_for(last, key)) for key in area_keys]
            + [data_trace(site, key, states_for(last, key)) for key in keys])
    if box.get("labels") is False:
        for trace in data[first_data + len(area_keys):]:
            trace["mode"] = "markers"
    frames = [{"name": iso(day), "traces": list(range(first_data, len(data))),
               "data": [area_data(states_for(day, key)) for key in area_keys]
                       + [frame_update(site, key, states_for(day, key)) for key in keys]} for day in days]
    unsure = any(uncertain_day(s) is not None for s in all_states)
    outside = sorted({s.place.name for s in all_states if not in_box(s.place.lat, s.place.lon, wide)})
    sides = {side_of(site, s.actor) for s in all_states}
    meta = {
        "timeline": {"days": [iso(d) for d in days], "labels": [long_day(d) for d in days],
                     "ticks": [short_day(d) for d in days],
                     "start": len(days) - 1, "citable": citable,
                     "summaries": [day_summary(site, timeline, d) for d in days]},
        "traces": [None] * first_data + [{"side": side, "mark": mark, "area": True} for side, mark in area_keys]
                  + [{"side": side, "mark": mark} for side, mark in keys],
        "sides": [{"id": s.id, "title": s.title, "colour": s.colour} for s in site.config.sides if s.id in sides]
                 + ([{"id": "", "title": _("No side named"), "colour": NO_SIDE}] if "" in sides else []),
        "marks": [{"id": m, "title": _(MARK_TITLES[m]), "symbol": SYMBOLS[m]} for m in MARKS
                  if m in {k[1] for k in keys}],
        # the key's entries that filter nothing: how the map draws what is not known exactly
        "notes": ([{"symbol": "area", "title": _(AREA_TITLE)}] if area_keys else [])
                 + ([{"symbol": "circle-open-dot", "title": _(UNCERTAIN_DAY_TITLE)}] if unsure else []),
        "views": views, "view": view, "credit": _(basemap.CREDIT), "detail_labels": first_data - 1,
    }
    named = len(timeline.states)
    span = _("up to %(day)s", day=long_day(last)) if len(days) == 1 else \
        _("from %(first)s to %(last)s", first=long_day(days[0]), last=long_day(last))
    sentences = [ngettext("%(num)s place with events %(days)s, each coloured by who holds or claims it and drawn by "
                          "how sure that is: filled when confirmed, hollow when only claimed, a diamond when contested, "
                          "a cross when the claim is denied, a triangle for activity that claims no control.",
                          "%(num)s places with events %(days)s, each coloured by who holds or claims it and drawn by "
                          "how sure that is: filled when confirmed, hollow when only claimed, a diamond when contested, "
                          "a cross when the claim is denied, a triangle for activity that claims no control.",
                          named, days=span)]
    if area_keys:
        sentences.append(_("A place whose position is known only approximately is drawn as a shaded circle of that "
                           "radius around its mark."))
    if unsure:
        sentences.append(_("An event whose day is not known counts from the first day it may have been, its mark "
                           "with a dot in the middle until the last."))
    final = standing(site, timeline.on(last))
    if final:
        sentences.append(_("By %(day)s, places held or claimed (regions not counted): %(standing)s.",
                           day=long_day(last), standing=final))
    if len(days) > 1:
        busiest = max(days, key=lambda d: len(changes_on(timeline, d)))
        sentences.append(ngettext("The busiest day was %(day)s, with %(num)s change.",
                                  "The busiest day was %(day)s, with %(num)s changes.",
                                  len(changes_on(timeline, busiest)), day=long_day(busiest)))
    if outside:
        sentences.append(_("Outside the map's frame: %(names)s.", names=separated(outside)))
    sentences.append(_("%(credit)s.", credit=_(basemap.CREDIT)))
    caption = " ".join(sentences)
    table = map_table(site, timeline, _("Each place's state on %(day)s", day=short_day(last)) if len(days) == 1 else
                      _("Each place's state on each day, %(first)s to %(last)s", first=short_day(days[0]),
                        last=short_day(last)))
    layout = map_layout(box)
    return Figure(fig_id, "map", title, caption, {"data": data, "layout": layout, "config": map_config(),
                                                   "frames": frames, "meta": meta}, table, height=height)
