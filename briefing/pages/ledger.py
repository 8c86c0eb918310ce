"""The claims ledger (claims/): each claim with its history as a timeline, the sources that back and
dispute it counted by kind, the other events that bear on it, and where it stands; and the words
for claims that the home page shares (what an actor did, who says so, where a place stands).

Which claims enter the ledger and what counts as evidence is derive/advances.py's rule (see
claims_ledger); here it is put into words. Plain text only: the template adds the links.
"""
from __future__ import annotations

import re

from briefing.derive.advances import (AREA_KINDS, GAIN_KINDS, INDEPENDENT_CLASSES, SOURCE_CLASSES, Claim, PlaceDay,
                                      Timeline, claims_ledger, count_by_class, evidence_for, in_ledger,
                                      located_events, party_sides)
from briefing.model import Event, Site, StatusChange
from briefing.pages.spec import PageSpec
from briefing.text import count_words, join_names

STATUS_WORDS = {"confirmed": "Confirmed", "claimed": "Claimed", "contested": "Contested", "denied": "Denied"}
# What an actor did, in the past tense, for "MOC took Saraqib" and "MOC says it took five villages".
KIND_VERBS = {"captured": "took", "advanced": "advanced into", "secured": "secured", "recaptured": "retook",
              "withdrew": "withdrew from", "clashes": "fought at", "airstrike": "struck", "crossed": "crossed at",
              "reinforced": "reinforced", "visit": "visited", "statement": "spoke at",
              "casualties": "suffered casualties at", "displacement": "displaced people from"}
# Plural nouns for a group of places of one kind ("five villages in Hama").
PLACE_KIND_PLURALS = {"city": "cities", "town": "towns", "village": "villages", "neighbourhood": "neighbourhoods",
                      "district": "districts", "region": "areas", "airbase": "airbases",
                      "military-site": "military sites", "crossing": "crossings", "junction": "junctions",
                      "industrial-area": "industrial areas", "capital": "capitals"}
BEARING_WORDS = {"backs": "backs the claim", "disputes": "disputes the claim",
                 "context": "context: counted neither for nor against"}
LEDGER_DESCRIPTION = ("Every claim that was disputed or whose status changed: who claimed what and when, who "
                      "denied or confirmed it and when, how many sources of each kind back or dispute it, and "
                      "where it stands now.")


# --- words shared with the home page --------------------------------------------------------
def voices(site: Site, source_ids) -> list[str]:
    """Who speaks through these sources: the actors behind them ('MOC', 'AFP'), else the sources'
    own names, once each, in order."""
    names = []
    for source_id in source_ids:
        source = site.source(source_id)
        names.append(site.actor(source.actor).label if source.actor else source.name)
    return list(dict.fromkeys(names))


def place_phrase(places) -> str:
    """The places a claim is about, as the object of its verb: a region is 'ground in' it."""
    return join_names([f"ground in {p.name}" if p.kind in AREA_KINDS else p.name for p in places])


def claim_sentence(site: Site, event: Event, places) -> str:
    """'MOC took Saraqib' for a confirmed event; 'MOC says it took Saraqib' or 'Al-Watan says the
    Syrian army secured Tal al-Samman' while it is claimed, contested or denied: who says so
    comes from the claimants' sources (voices)."""
    actor = site.actor(event.actor).label if event.actor else "Someone"
    verb = KIND_VERBS.get(event.kind, event.kind)
    what = place_phrase(places) if not isinstance(places, str) else places
    if event.status == "confirmed" or not event.claimed_by:
        return f"{actor} {verb} {what}"
    said_by = voices(site, event.claimed_by)
    if said_by == [actor]:
        return f"{actor} says it {verb} {what}"
    return f"{join_names(said_by)} {'says' if len(said_by) == 1 else 'say'} {actor} {verb} {what}"


def standing_phrase(site: Site, state: PlaceDay) -> str:
    """Where a place stands, who does what spelt out: 'Claimed by MOC; not confirmed by anyone
    independent; denied by the Ministry of Defence and Al-Watan', 'Contested: claimed by MOC,
    disputed by the Syrian army', 'Held by MOC: confirmed by AFP'."""
    basis, who = state.basis, (site.actor(state.actor).label if state.actor else "")
    deniers = join_names(voices(site, basis.denied_by)) if basis is not None else ""
    if basis is not None and basis.kind == "withdrew":
        return f"Left by {site.actor(basis.actor).label} ({basis.status})"
    if state.mark == "confirmed":
        return f"Held by {who}: confirmed by {join_names(voices(site, basis.confirmed_by))}"
    if state.mark == "claimed":
        return f"Claimed by {who}; not confirmed by anyone independent" + (f"; denied by {deniers}" if deniers else "")
    if state.mark == "contested":
        return f"Contested: claimed by {who}, disputed by {deniers or 'the other side'}"
    if state.mark == "denied":
        denial = state.denials[-1]
        return (f"{site.actor(denial.actor).label}'s claim denied by {join_names(voices(site, denial.denied_by))}; "
                f"nobody is known to hold it")
    return "No claim of control" + (f"; latest activity by {who}" if who else "")


def written_order(event: Event) -> tuple:
    """Where the editors wrote an event (file, line): the order of events within a day."""
    return (event.loc.file, event.loc.line) if event.loc else ("", 0)


# --- the ledger's entries -------------------------------------------------------------------
def step_words(step: StatusChange, before: tuple[StatusChange, ...]) -> str:
    """What a step of a history did, in words, beside its status: 'first report', 'now denied'..."""
    if not before:
        return "first report"
    previous = before[-1]
    if step.status != previous.status:
        return f"until then {previous.status}"
    named = {s for b in before for s in b.by}
    if set(step.denied_by) - named:
        return f"still {step.status}, now denied"
    if set(step.confirmed_by) - named:
        return "confirmed by another source"
    return f"{step.status} again"


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(" ".join(text.split())) if s]


def without_sentences(text: str, said: set[str]) -> str:
    """text without the sentences already said elsewhere in the same entry."""
    return " ".join(s for s in sentences(text) if s not in said)


def entry_notes(claim: Claim) -> tuple[list, list, list]:
    """The notes of one entry, each sentence said once: (the events' notes shared by every place,
    [(place, its own note)], for each step [(note, places it is about, or [] for all)]).

    A note written on several events is said once for the entry; a sentence a place's own note
    repeats from a shared note or a step's note is left out of the place's (one claim's five
    events each carried the denial's scope, and one said it again in a longer note)."""
    steps, said = [], set()
    for index in range(len(claim.history)):
        notes = claim.notes_of_step(index)
        everywhere = len(notes) == 1 and len(next(iter(notes.values()))) == len(claim.events)
        steps.append([(note, [] if everywhere else places) for note, places in notes.items()])
        said.update(s for note in notes for s in sentences(note))
    notes = [e.note for e in claim.events if e.note]
    common = [n for n in dict.fromkeys(notes) if notes.count(n) == len(claim.events) > 1]
    shared = []
    for note in common:
        kept = without_sentences(note, said)
        if kept:
            shared.append(kept)
        said.update(sentences(note))
    own = []
    for event in claim.events:
        if event.note and event.note not in common:
            kept = without_sentences(event.note, said)
            if kept:
                own.append((event.place, kept))
    return shared, own, steps


def who_said(step: StatusChange) -> list[tuple[str, tuple[str, ...]]]:
    """(words, source ids) for who made a step: 'Claimed by', 'Denied by' ('Disputed by' when
    the step makes the claim contested), 'Confirmed by'."""
    return [(label, ids) for label, ids in (
        ("Claimed by", step.claimed_by),
        ("Disputed by" if step.status == "contested" else "Denied by", step.denied_by),
        ("Confirmed by", step.confirmed_by)) if ids]


def timeline_steps(history: tuple[StatusChange, ...], notes=None) -> list[dict]:
    """A history as the `claim_timeline` macro shows it: each step with its words, who made it
    and its notes, [(note, place ids it is about, or [] for all)] (notes: one list a step; else
    the step's own note)."""
    return [{"step": step, "words": step_words(step, history[:i]), "who": who_said(step),
             "notes": notes[i] if notes is not None else ([(step.note, [])] if step.note else [])}
            for i, step in enumerate(history)]


def place_timelines(events, anchors: dict) -> list[dict]:
    """For a place page: each of its events whose status changed, with its history as a timeline
    and the id of its entry in the claims ledger (anchors: derive.advances.ledger_anchors)."""
    return [{"event": e, "steps": timeline_steps(e.history), "ledger": anchors.get(e.id, "")}
            for e in events if e.changes]


def ledger_entry(site: Site, claim: Claim, parties: set[str]) -> dict:
    """What the template shows for one claim, computed here: the words, the counts, the notes."""
    shared, own, step_notes = entry_notes(claim)
    backing = count_by_class(site, claim.backing, parties)
    disputing = count_by_class(site, claim.disputing, parties)
    standing = {}
    for state in claim.now:
        standing.setdefault(standing_phrase(site, state), []).append(state.place)
    steps = timeline_steps(claim.history, step_notes)
    for_, against = dict(backing), dict(disputing)
    counts = [(SOURCE_CLASSES[c], c in INDEPENDENT_CLASSES, len(for_.get(c, ())), len(against.get(c, ())))
              for c in SOURCE_CLASSES if c in for_ or c in against]
    return {
        "claim": claim, "heading": claim_sentence(site, claim.events[0], claim.places),
        "shared_notes": shared, "own_notes": dict(own), "steps": steps, "counts": counts,
        "independent": (sum(len(ids) for c, ids in backing if c in INDEPENDENT_CLASSES),
                        sum(len(ids) for c, ids in disputing if c in INDEPENDENT_CLASSES)),
        "evidence": [(item, BEARING_WORDS[item.bearing]) for item in claim.evidence],
        "standing": list(standing.items()), "as_of": claim.now[0].day if claim.now else None,
        "later": list(claim.later),
    }


def unconfirmed_entries(site: Site) -> list[dict]:
    """Claims of movement that nobody has confirmed, denied or disputed, and whose status never
    changed: each flagged when one source alone backs it (by the ledger's rule of evidence)."""
    order = {e.id: n for n, e in enumerate(site.events)}
    candidates = sorted(site.events, key=lambda e: (e.date, order[e.id]))
    entries = []
    for event in located_events(site):
        if event.status != "claimed" or event.kind not in GAIN_KINDS or in_ledger(event):
            continue
        evidence = evidence_for(site, [event], candidates)
        backing = tuple(dict.fromkeys(event.claimed_by + event.confirmed_by
                                      + tuple(s for x in evidence for s in x.backers)))
        entries.append({"event": event, "single_source": len(backing) == 1})
    return entries


def claims_page(site: Site, timeline: Timeline) -> PageSpec:
    ledger = claims_ledger(site, timeline)
    parties = party_sides(site)
    entries = [ledger_entry(site, claim, parties) for claim in ledger]
    unconfirmed = unconfirmed_entries(site)
    return PageSpec("claims/", "claims.html", "Claims ledger", {
        "entries": entries, "unconfirmed": unconfirmed,
        "places_count": len({p.id for claim in ledger for p in claim.places}),
        "single_count": sum(1 for claim in ledger if claim.single_source),
        "history_count": sum(1 for claim in ledger if len(claim.history) > 1),
        "source_classes": SOURCE_CLASSES,
    }, LEDGER_DESCRIPTION)


# --- the home page's latest events, grouped ---------------------------------------------------
def latest_lines(site: Site, lines: int = 8) -> list[dict]:
    """The home page's "Latest on the ground": the latest events (by the last day they may have
    happened, the surer first, then as written), with those of the same day (or range), actor, kind, status and
    sources, at places, made one line: 'Al-Watan says the Syrian army secured six villages in Hama:
    A, B, C, D, E and F'. Each line: {'events', 'text' (None for a single event: its summary is
    shown), 'places'}; at most `lines` lines."""
    ordered = sorted(site.events, key=lambda e: (-e.last_day.toordinal(), -e.date.toordinal(), written_order(e)))
    groups: dict = {}
    for event in ordered:
        key = ((event.date, event.date_end, event.actor, event.kind, event.status, event.claimed_by,
                event.denied_by, event.confirmed_by) if event.place and event.kind in GAIN_KINDS else event.id)
        groups.setdefault(key, []).append(event)
    result = []
    for events in list(groups.values())[:lines]:
        places = [site.place(e.place) for e in events if e.place]
        text = None
        if len(events) > 1:
            kinds = {p.kind for p in places}
            kind = next(iter(kinds)) if len(kinds) == 1 else ""
            counted = count_words(len(places), kind.replace("-", " "), PLACE_KIND_PLURALS[kind]) if kind else \
                count_words(len(places), "place")
            areas = {p.governorate for p in places}
            where = f" in {next(iter(areas))}" if len(areas) == 1 else ""
            text = claim_sentence(site, events[0], counted + where)
        result.append({"events": events, "text": text, "places": places})
    return result
