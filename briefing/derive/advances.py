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

from briefing.model import Event, Place, Site
from briefing.text import utc_day

GRID_DEGREES = 0.25      # cell size of Timeline.near's grid

GAIN_KINDS = ("captured", "advanced", "secured", "recaptured")
CONTROL_KINDS = GAIN_KINDS + ("withdrew",)
AREA_KINDS = ("region",)          # label points for whole areas: drawn, but never counted as places taken
MARKS = ("confirmed", "claimed", "contested", "denied", "activity")
MARK_TITLES = {"confirmed": "Confirmed", "claimed": "Claimed, unconfirmed", "contested": "Contested",
               "denied": "Claim denied", "activity": "Other activity (no claim of control)"}
# How far a place of each kind reaches, in km, when asking what was reported "at or near" it.
EXTENT_KM = {"capital": 10.0, "city": 8.0, "town": 3.0}
INDEPENDENT_SOURCE_KINDS = ("monitor", "wire", "un-agency", "dataset")


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
@dataclass(frozen=True)
class Report:
    """Something an independent source says at or near a disputed place."""
    event: Event
    place: Place
    distance_km: float


@dataclass(frozen=True)
class Claim:
    """One disputed claim: the same claimant, words and denial on one day, about one or more places."""
    date: dt.date
    actor: str
    kind: str
    status: str
    events: tuple[Event, ...]
    places: tuple[Place, ...]
    claimed_by: tuple[str, ...]
    denied_by: tuple[str, ...]
    confirmed_by: tuple[str, ...]
    independent: tuple[Report, ...]      # confirmed reports by independent sources at or near its places
    now: tuple[PlaceDay, ...]            # each place's state on the as-of date
    later: tuple[Event, ...]             # later events at the same places

    @property
    def id(self) -> str:
        return self.events[0].id


def is_disputed(event: Event) -> bool:
    return event.status in ("contested", "denied") or (event.status == "claimed" and bool(event.denied_by))


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places' coordinates."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def reach_km(place: Place) -> float:
    return max(place.precision_km or 0.0, EXTENT_KM.get(place.kind, 1.0))


def independent_reports(site: Site, places, since: dt.date, exclude, candidates=None) -> list[Report]:
    """Confirmed events from independent sources at or near the places, on or after `since`.

    `candidates` (independent_confirmations(site)) saves the ledger filtering every event per claim."""
    found = {}
    for event in independent_confirmations(site) if candidates is None else candidates:
        if event.date < since or event.id in exclude:
            continue
        where = site.place(event.place)
        for place in places:
            distance = distance_km(place, where)
            if distance <= reach_km(place) + reach_km(where):
                best = found.get(event.id)
                if best is None or distance < best.distance_km:
                    found[event.id] = Report(event, where, round(distance, 1))
    return sorted(found.values(), key=lambda r: (r.event.date, r.distance_km, r.event.id))


def independent_confirmations(site: Site) -> list[Event]:
    """Located events that a monitor or other independent source confirms."""
    independent = {s.id for s in site.sources if s.kind in INDEPENDENT_SOURCE_KINDS}
    return [e for e in located_events(site) if e.status == "confirmed" and independent.intersection(e.confirmed_by)]


def claims_ledger(site: Site, timeline: Timeline | None = None) -> list[Claim]:
    """Every contested, denied, or claimed-and-denied event with a place, grouped by who said what when."""
    timeline = timeline or build_timeline(site)
    located = located_events(site)
    candidates = independent_confirmations(site)
    position = {e.id: n for n, e in enumerate(located)}
    groups, at_place = defaultdict(list), defaultdict(list)
    for event in located:
        at_place[event.place].append(event)
        if is_disputed(event):
            key = (event.date, event.actor, event.kind, event.status, event.claimed_by, event.denied_by)
            groups[key].append(event)
    ledger = []
    for (date, actor, kind, status, claimed_by, denied_by), events in groups.items():
        places = tuple(dict.fromkeys(site.place(e.place) for e in events))
        ids = {e.id for e in events}
        later = [e for p in places for e in at_place[p.id] if e.id not in ids and e.date >= date]
        later = tuple(sorted(later, key=lambda e: position[e.id]))     # date order, then as written
        confirmed_by = tuple(dict.fromkeys(s for e in events for s in e.confirmed_by))
        ledger.append(Claim(date, actor, kind, status, tuple(events), places, claimed_by, denied_by, confirmed_by,
                            tuple(independent_reports(site, places, date, ids, candidates)),
                            tuple(s for s in (timeline.last(p.id) for p in places) if s is not None), later))
    return sorted(ledger, key=lambda c: (c.date, c.id))


def speakers(site: Site, source_ids) -> list[str]:
    """The actors behind sources (a ministry behind its statements), once each, in order."""
    return list(dict.fromkeys(site.source(s).actor for s in source_ids if site.source(s).actor))
