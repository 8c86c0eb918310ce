"""Model -> who holds or claims each place on each day, and the ledger of disputed claims.

Pure data: no plotly, no HTML. briefing/figures/ (advances_map.py, advance_chart.py,
place_map.py) draws from it; templates list it.

The per-day state of a place (PlaceDay) is a fold over its events up to and
including that day, in date order and, within a day, in the order the editors
wrote them:

- A movement event (captured, advanced, secured, recaptured) whose status is
  confirmed, claimed or contested makes its actor the place's *holder*, with
  that status: a claimed capture stays "claimed" however loudly the other side
  denies it, and a contested one "contested". Nothing is ever upgraded to
  confirmed by being repeated.
- `withdrew` (not denied) leaves the place with no holder named by our events.
- A `denied` movement changes nothing about the holder: it is kept as a denial
  against the place (`denials`), and shown as such where nobody holds it.
- Every other kind of event (strikes, clashes, visits, crossings...) is
  activity at the place: it is listed, but says nothing about control.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
from collections import defaultdict
from dataclasses import dataclass

from briefing.i18n import N_
from briefing.model import Event, Place, Site, StatusChange
from briefing.text import utc_day

GRID_DEGREES = 0.25      # cell size of Timeline.near's grid

GAIN_KINDS = ("captured", "advanced", "secured", "recaptured")
CONTROL_KINDS = GAIN_KINDS + ("withdrew",)
AREA_KINDS = ("region",)          # label points for whole areas: drawn, but never counted as places taken
MARKS = ("confirmed", "claimed", "contested", "denied", "activity")
# How the maps name each mark (translated where shown: figures/mapparts.py, advances_map.py).
MARK_TITLES = {"confirmed": N_("Confirmed"), "claimed": N_("Claimed, unconfirmed"), "contested": N_("Contested"),
               "denied": N_("Claim denied"), "activity": N_("Other activity (no claim of control)")}


@dataclass(frozen=True)
class PlaceDay:
    """What our events say about one place on one day."""
    place: Place
    day: dt.date
    holder: str                    # actor id holding or claiming to hold the place; '' if none named
    status: str                    # status of the event behind `holder` ('' if there is none)
    basis: Event | None            # the latest control event that was not denied
    denials: tuple[Event, ...]     # denied control claims since `basis`, which did not change the holder
    events: tuple[Event, ...]      # every event at the place up to and including this day
    today: tuple[Event, ...]       # the events of this day
    changed: bool                  # holder, status or denials differ from the day before (or first day shown)

    @property
    def mark(self) -> str:
        """How the map draws it: one of MARKS."""
        if self.basis is not None and self.holder:
            return self.status
        if self.denials:
            return "denied"
        if self.basis is not None:      # a withdrawal: nobody named holds it
            return self.basis.status
        return "activity"

    @property
    def actor(self) -> str:
        """The actor whose colour the place takes: holder, else the denied claimant, else the latest actor."""
        if self.holder:
            return self.holder
        if self.basis is not None:      # withdrawn from: nobody we can name holds it
            return ""
        if self.denials:
            return self.denials[-1].actor
        return self.events[-1].actor if self.events else ""

    @property
    def latest(self) -> Event:
        return self.events[-1]


@dataclass(frozen=True)
class Timeline:
    """Every day from the first event at a place to the as-of date, and each place's state on it."""
    days: tuple[dt.date, ...]
    states: dict                   # place id -> tuple[PlaceDay | None, ...], one per day (None before its first event)

    def on(self, day: dt.date) -> list[PlaceDay]:
        index = self.days.index(day)
        return [states[index] for states in self.states.values() if states[index] is not None]

    def history(self, place_id: str) -> list[PlaceDay]:
        return [s for s in self.states.get(place_id, ()) if s is not None]

    def last(self, place_id: str) -> PlaceDay | None:
        history = self.history(place_id)
        return history[-1] if history else None

    def near(self, place: Place, km: float) -> list[PlaceDay]:
        """The last state of every other place within `km` of `place`, in the timeline's order.

        Looked up in a grid of the places, not by measuring every place against every other:
        each place page shows its neighbours, and that made place pages quadratic."""
        dlat = km / 111.0
        dlon = km / (111.0 * max(math.cos(math.radians(place.lat)), 0.05))
        rows = range(math.floor((place.lat - dlat) / GRID_DEGREES), math.floor((place.lat + dlat) / GRID_DEGREES) + 1)
        cols = range(math.floor((place.lon - dlon) / GRID_DEGREES), math.floor((place.lon + dlon) / GRID_DEGREES) + 1)
        found = [(n, s) for i in rows for j in cols for n, s in self._grid.get((i, j), ())
                 if s.place.id != place.id and distance_km(place, s.place) <= km]
        return [s for _, s in sorted(found, key=lambda item: item[0])]

    @functools.cached_property
    def _grid(self) -> dict:
        grid = defaultdict(list)
        for n, place_id in enumerate(self.states):
            state = self.last(place_id)
            if state is not None:
                key = (math.floor(state.place.lat / GRID_DEGREES), math.floor(state.place.lon / GRID_DEGREES))
                grid[key].append((n, state))
        return grid

    def first_day(self, place_id: str) -> dt.date | None:
        history = self.history(place_id)
        return history[0].day if history else None


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places' coordinates (a sphere of radius 6,371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def located_events(site: Site, until: dt.date | None = None) -> list[Event]:
    """Events with a place, up to the as-of date, in date order (ties: the order they were written)."""
    until = until or utc_day(site.config.as_of)
    order = {event.id: n for n, event in enumerate(site.events)}
    return sorted((e for e in site.events if e.place and e.date <= until), key=lambda e: (e.date, order[e.id]))


def day_range(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    return tuple(first + dt.timedelta(days=n) for n in range((last - first).days + 1))


def fold(holder: str, status: str, basis: Event | None, denials: tuple, event: Event):
    """One event applied to a place's state: (holder, status, basis, denials) after it."""
    if event.kind not in CONTROL_KINDS:
        return holder, status, basis, denials
    if event.status == "denied":
        return holder, status, basis, denials + (event,)
    if event.kind == "withdrew":
        return "", event.status, event, ()
    return event.actor, event.status, event, ()


def build_timeline(site: Site, first: dt.date | None = None, last: dt.date | None = None) -> Timeline:
    """Each place's state on every day from `first` (the first event's day) to `last` (as_of's).

    Every event counts from its first day (an event dated by a range, from the first day it may
    have happened: Event.date) and as it stood on each day (Event.as_it_stood): a claim
    confirmed on 2 December is a claim on 30 November's map. On a day an earlier event's status
    changes, the place's state is folded again from its first event; on other days the day's new
    events are folded onto the day before."""
    last = last or utc_day(site.config.as_of)
    events = located_events(site, last)
    if not events:
        return Timeline((), {})
    days = day_range(first or events[0].date, last)
    by_place = defaultdict(list)
    for event in events:
        by_place[event.place].append(event)
    states = {}
    for place_id, place_events in by_place.items():
        place = site.place(place_id)
        change_days = defaultdict(list)         # day -> events whose status changes that day
        for event in place_events:
            for step in event.changes:
                change_days[step.date].append(event)
        state = ("", "", None, ())
        seen, per_day, previous, queue = [], [], None, list(place_events)
        while queue and queue[0].date < days[0]:        # a timeline cut to later days starts from the state so far
            seen.append(queue.pop(0))
        if seen:
            state = refold(seen, days[0] - dt.timedelta(days=1))
            previous = state_key(state)
        for day in days:
            new = []
            while queue and queue[0].date <= day:
                new.append(queue.pop(0))
            changed_today = change_days.get(day, [])
            seen += new
            if not seen:
                per_day.append(None)
                continue
            if changed_today and any(e not in new for e in changed_today):
                state = refold(seen, day)
            else:
                for event in new:
                    state = fold(*state, event.as_it_stood(day))
            today = tuple(e.as_it_stood(day) for e in dict.fromkeys(
                [e for e in new if e.date == day] + changed_today))
            key = state_key(state)
            holder, status, basis, denials = state
            as_they_stood = tuple(e.as_it_stood(day) for e in seen) if change_days else tuple(seen)
            per_day.append(PlaceDay(place, day, holder, status, basis, denials, as_they_stood, today,
                                    changed=key != previous))
            previous = key
        states[place_id] = tuple(per_day)
    ordered = dict(sorted(states.items(), key=lambda item: (site.place(item[0]).name.lower(), item[0])))
    return Timeline(days, ordered)


def refold(events: list[Event], day: dt.date) -> tuple:
    """A place's (holder, status, basis, denials) on `day`, from its events as they stood that day."""
    state = ("", "", None, ())
    for event in events:
        state = fold(*state, event.as_it_stood(day))
    return state


def state_key(state: tuple) -> tuple:
    """What makes two days' states the same: holder, status, the denials and the basis (with its status)."""
    holder, status, basis, denials = state
    return holder, status, tuple(e.id for e in denials), (basis.id, basis.status) if basis else ""


# --- taken per day ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Gain:
    """A place taken, or said to be taken, on a day: one bar segment of the advance chart."""
    day: dt.date
    actor: str
    status: str
    place: Place
    event: Event


def gains(site: Site, timeline: Timeline) -> list[Gain]:
    """Movement events at places (not whole regions), in date order, within the timeline's days,
    each with its status as it stood on its day (a later confirmation is not drawn back)."""
    days = set(timeline.days)
    return [Gain(e.date, e.actor, e.status_on(e.date), site.place(e.place), e.as_it_stood(e.date))
            for e in located_events(site)
            if e.kind in GAIN_KINDS and e.date in days and site.place(e.place).kind not in AREA_KINDS]


def held_by_day(site: Site, timeline: Timeline) -> dict:
    """actor id -> number of places (not regions) it holds or claims to hold, on each day of the timeline."""
    counts = defaultdict(lambda: [0] * len(timeline.days))
    for place_id, states in timeline.states.items():
        if site.place(place_id).kind in AREA_KINDS:
            continue
        for index, state in enumerate(states):
            if state is not None and state.holder:
                counts[state.holder][index] += 1
    return dict(sorted(counts.items()))


# --- the claims ledger ------------------------------------------------------------------------
#
# Which claims enter it: every located event whose status was disputed at some step of its history
# (denied, contested, or claimed while someone denied it), and every event whose status changed
# after it was first reported (a history). Events with the same first report (day, actor, kind)
# and the same history (each step's day, status and sources) are one claim about several places:
# one statement, one denial.
#
# What counts as evidence, by a rule and not by distance:
#   (a) the sources named on the claim's own events, at every step: claimants and confirmers back
#       it, deniers dispute it;
#   (b) other events at the same place whose days overlap the claim's (the same day, or ranges of
#       days that share one);
#   (c) events an editor links to it with `related` (either way: a link from A to B is also one
#       from B to A).
# Another event bears on the claim by what it is: a movement (captured, advanced, secured,
# recaptured) by the claimant's side backs it and one by another side disputes it (a withdrawal
# the other way round); its claimants and confirmers then count for or against the claim, its
# deniers the other way. Every other kind (clashes, strikes, reinforcements, statements) is
# context: listed, never counted. `sources` (where we read it) are never counted: a report that
# relays a claim does not back it. Each source counts once, by its class (SOURCE_CLASSES).

SOURCE_CLASSES = {"monitor": N_("monitors"), "wire": N_("wires"), "party": N_("the parties' own channels"),
                  "state-media": N_("state and pro-government media"), "press": N_("other press")}   # translated where shown
INDEPENDENT_CLASSES = ("monitor", "wire", "press")          # neither a party nor media aligned with one
MONITOR_KINDS = ("monitor", "un-agency", "dataset")
PARTY_KINDS = ("official", "armed-group-channel")
STATE_MEDIA_KINDS = ("state-media", "pro-government-media")
DISPUTED_STATUSES = ("contested", "denied")


@dataclass(frozen=True)
class Evidence:
    """Another event that bears on a claim: why it was chosen ('same place and day' or 'linked by
    the editors') and how it bears ('backs', 'disputes' or 'context')."""
    event: Event
    why: str
    bearing: str

    @property
    def backers(self) -> tuple[str, ...]:
        """Source ids this event adds to those that back the claim."""
        return {"backs": self.event.claimed_by + self.event.confirmed_by,
                "disputes": self.event.denied_by}.get(self.bearing, ())

    @property
    def disputers(self) -> tuple[str, ...]:
        """Source ids this event adds to those that dispute the claim."""
        return {"backs": self.event.denied_by,
                "disputes": self.event.claimed_by + self.event.confirmed_by}.get(self.bearing, ())


@dataclass(frozen=True)
class Claim:
    """One claim of the ledger: the same first report (day or range of days, actor, kind) and the
    same history, about one or more places, with the evidence for and against it (see above)."""
    date: dt.date                        # the first report's day, or the first day of its range
    date_end: dt.date | None             # the last day of that range, None for a day
    actor: str
    kind: str
    status: str                          # as it stands on as_of
    events: tuple[Event, ...]
    places: tuple[Place, ...]
    history: tuple[StatusChange, ...]    # the steps all its events share (their notes: see notes_of_step)
    claimed_by: tuple[str, ...]
    denied_by: tuple[str, ...]
    confirmed_by: tuple[str, ...]
    evidence: tuple[Evidence, ...]       # other events that bear on it, by the rule above
    backing: tuple[str, ...]             # source ids that back it: its own claimants and confirmers, then the evidence's
    disputing: tuple[str, ...]           # source ids that dispute it
    now: tuple[PlaceDay, ...]            # each place's state on the as-of date
    later: tuple[Event, ...]             # other events at its places from its first day on, not evidence

    @property
    def id(self) -> str:
        return self.events[0].id

    @property
    def uncertain_date(self) -> bool:
        return self.date_end is not None and self.date_end != self.date

    @property
    def last_day(self) -> dt.date:
        return self.date_end or self.date

    @property
    def single_source(self) -> bool:
        """It rests on one source alone: nobody else backs it."""
        return len(self.backing) == 1

    def notes_of_step(self, index: int) -> dict:
        """note -> the places whose event gives it, for the history's step `index` (events of one
        claim share their steps, not always the words of their notes)."""
        notes = {}
        for event in self.events:
            note = steps_of(event)[index].note
            if note:
                notes.setdefault(note, []).append(event.place)
        return notes


def steps_of(event: Event) -> tuple[StatusChange, ...]:
    """The event's history; for an event made without one (in code), its status as one step."""
    return event.history or (StatusChange(event.date, event.status, event.claimed_by, event.denied_by,
                                          event.confirmed_by),)


def is_disputed(event: Event) -> bool:
    """Disputed as it stands: denied, contested, or claimed while someone denies it."""
    return event.status in DISPUTED_STATUSES or (event.status == "claimed" and bool(event.denied_by))


def ever_disputed(event: Event) -> bool:
    """Disputed at some step of its history (a denial later overtaken by a confirmation counts)."""
    return any(s.status in DISPUTED_STATUSES or s.denied_by for s in steps_of(event))


def in_ledger(event: Event) -> bool:
    """A located event enters the claims ledger when it was ever disputed or its status changed."""
    return bool(event.place) and (ever_disputed(event) or bool(event.changes))


def party_sides(site: Site) -> set[str]:
    """The sides that take part: those of every actor that acts in an event. (The side of
    monitors, wires and international bodies acts in none.)"""
    return {site.actor(e.actor).side for e in site.events if e.actor and site.actor(e.actor).side}


def source_class(site: Site, source_id: str, parties: set[str] | None = None) -> str:
    """One of SOURCE_CLASSES for a source: a party's own channel (official, armed-group-channel,
    or any source whose actor is on a side that takes part, such as a wire quoting army
    officers), state media (state-media, pro-government-media), a monitor (monitor, un-agency,
    dataset), a wire, or other press (newspaper, news-site)."""
    source = site.source(source_id)
    parties = party_sides(site) if parties is None else parties
    if source.kind in PARTY_KINDS:
        return "party"
    if source.kind in STATE_MEDIA_KINDS:
        return "state-media"
    actor = site.get(source.actor) if source.actor else None
    if actor is not None and getattr(actor, "side", "") in parties:
        return "party"
    if source.kind in MONITOR_KINDS:
        return "monitor"
    return "wire" if source.kind == "wire" else "press"


def count_by_class(site: Site, source_ids, parties: set[str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """(class, source ids) for each class of SOURCE_CLASSES that has any, in that order."""
    parties = party_sides(site) if parties is None else parties
    found = defaultdict(list)
    for source_id in source_ids:
        found[source_class(site, source_id, parties)].append(source_id)
    return [(c, tuple(found[c])) for c in SOURCE_CLASSES if found[c]]


def side_of_actor(site: Site, actor_id: str) -> str:
    """The actor's side, or its own id when it has none (so two actors without one differ)."""
    actor = site.get(actor_id) if actor_id else None
    return getattr(actor, "side", "") or actor_id


def bearing(site: Site, claim_actor: str, other: Event) -> str:
    """How another event bears on a claim by `claim_actor` (see the rule above)."""
    if other.kind not in CONTROL_KINDS or not other.actor:
        return "context"
    same_side = side_of_actor(site, other.actor) == side_of_actor(site, claim_actor)
    moves_in = other.kind != "withdrew"
    return "backs" if same_side == moves_in else "disputes"


def days_overlap(a, b) -> bool:
    """Whether two events' days (a day, or a range of days) share one."""
    return a.date <= b.last_day and b.date <= a.last_day


def evidence_for(site: Site, events: list[Event], candidates: list[Event]) -> tuple[Evidence, ...]:
    """The other events that bear on a claim made of `events`, in the order of `candidates`."""
    ids = {e.id for e in events}
    places = {e.place for e in events}
    linked = {r for e in events for r in e.related}
    found = []
    for other in candidates:
        if other.id in ids:
            continue
        if other.place in places and any(days_overlap(other, e) for e in events):
            why = N_("same place and day")
        elif other.id in linked or ids.intersection(other.related):
            why = N_("linked by the editors")
        else:
            continue
        found.append(Evidence(other, why, bearing(site, events[0].actor, other)))
    return tuple(found)


def claim_key(event: Event) -> tuple:
    """What events of one claim share: first report and every step, their notes apart."""
    return (event.date, event.date_end, event.actor, event.kind,
            tuple((s.date, s.status, s.claimed_by, s.denied_by, s.confirmed_by) for s in steps_of(event)))


def ledger_anchors(site: Site) -> dict[str, str]:
    """event id -> the id of its claim in the ledger (Claim.id: its first event's), for every event
    in the ledger; without building the timeline, so any page can link to its entry."""
    first = {}
    for event in located_events(site):
        if in_ledger(event):
            first.setdefault(claim_key(event), event.id)
    return {e.id: first[claim_key(e)] for e in located_events(site) if in_ledger(e)}


def claims_ledger(site: Site, timeline: Timeline | None = None) -> list[Claim]:
    """Every claim that enters the ledger (in_ledger), grouped by claim_key, with its evidence."""
    timeline = timeline or build_timeline(site)
    located = located_events(site)
    order = {e.id: n for n, e in enumerate(site.events)}
    candidates = sorted(site.events, key=lambda e: (e.date, order[e.id]))   # evidence may be a statement without a place
    position = {e.id: n for n, e in enumerate(located)}
    groups, at_place = defaultdict(list), defaultdict(list)
    for event in located:
        at_place[event.place].append(event)
        if in_ledger(event):
            groups[claim_key(event)].append(event)
    ledger = []
    for events in groups.values():
        first = events[0]
        places = tuple(dict.fromkeys(site.place(e.place) for e in events))
        evidence = evidence_for(site, events, candidates)
        shown = {e.id for e in events} | {x.event.id for x in evidence}
        later = sorted((e for p in places for e in at_place[p.id] if e.id not in shown and e.date >= first.date),
                       key=lambda e: position[e.id])
        union = {key: tuple(dict.fromkeys(s for e in events for s in getattr(e, key)))
                 for key in ("claimed_by", "denied_by", "confirmed_by")}
        backing = dict.fromkeys(union["claimed_by"] + union["confirmed_by"])
        disputing = dict.fromkeys(union["denied_by"])
        for item in evidence:
            backing.update(dict.fromkeys(item.backers))
            disputing.update(dict.fromkeys(item.disputers))
        ledger.append(Claim(first.date, first.date_end, first.actor, first.kind, first.status, tuple(events), places,
                            steps_of(first), union["claimed_by"], union["denied_by"], union["confirmed_by"],
                            evidence, tuple(backing), tuple(disputing),
                            tuple(s for s in (timeline.last(p.id) for p in places) if s is not None),
                            tuple(dict.fromkeys(later))))
    return sorted(ledger, key=lambda c: (c.date, c.last_day, c.id))


def speakers(site: Site, source_ids) -> list[str]:
    """The actors behind sources (a ministry behind its statements), once each, in order."""
    return list(dict.fromkeys(site.source(s).actor for s in source_ids if site.source(s).actor))
