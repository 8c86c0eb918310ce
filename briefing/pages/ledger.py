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
from briefing.i18n import N_, gettext as _, ngettext
from briefing.text import join_names, kind_word, number_word, status_word

# What an actor did, for "MOC took Saraqib" (confirmed), "MOC says it took Saraqib" (its own claim)
# and "Al-Watan says the Syrian army secured Tal al-Samman" (who says so: one or several): one
# whole sentence a kind, so that a language may order its words as it must. v: actor, what, who.
CLAIM_SENTENCES = {
    "captured": (lambda v: _("%(actor)s took %(what)s", **v),
                 lambda v: _("%(actor)s says it took %(what)s", **v),
                 lambda v, n: ngettext("%(who)s says %(actor)s took %(what)s",
                                       "%(who)s say %(actor)s took %(what)s", n, **v)),
    "advanced": (lambda v: _("%(actor)s advanced into %(what)s", **v),
                 lambda v: _("%(actor)s says it advanced into %(what)s", **v),
                 lambda v, n: ngettext("%(who)s says %(actor)s advanced into %(what)s",
                                       "%(who)s say %(actor)s advanced into %(what)s", n, **v)),
    "secured": (lambda v: _("%(actor)s secured %(what)s", **v),
                lambda v: _("%(actor)s says it secured %(what)s", **v),
                lambda v, n: ngettext("%(who)s says %(actor)s secured %(what)s",
                                      "%(who)s say %(actor)s secured %(what)s", n, **v)),
    "recaptured": (lambda v: _("%(actor)s retook %(what)s", **v),
                   lambda v: _("%(actor)s says it retook %(what)s", **v),
                   lambda v, n: ngettext("%(who)s says %(actor)s retook %(what)s",
                                         "%(who)s say %(actor)s retook %(what)s", n, **v)),
    "withdrew": (lambda v: _("%(actor)s withdrew from %(what)s", **v),
                 lambda v: _("%(actor)s says it withdrew from %(what)s", **v),
                 lambda v, n: ngettext("%(who)s says %(actor)s withdrew from %(what)s",
                                       "%(who)s say %(actor)s withdrew from %(what)s", n, **v)),
    "clashes": (lambda v: _("%(actor)s fought at %(what)s", **v),
                lambda v: _("%(actor)s says it fought at %(what)s", **v),
                lambda v, n: ngettext("%(who)s says %(actor)s fought at %(what)s",
                                      "%(who)s say %(actor)s fought at %(what)s", n, **v)),
    "airstrike": (lambda v: _("%(actor)s struck %(what)s", **v),
                  lambda v: _("%(actor)s says it struck %(what)s", **v),
                  lambda v, n: ngettext("%(who)s says %(actor)s struck %(what)s",
                                        "%(who)s say %(actor)s struck %(what)s", n, **v)),
    "crossed": (lambda v: _("%(actor)s crossed at %(what)s", **v),
                lambda v: _("%(actor)s says it crossed at %(what)s", **v),
                lambda v, n: ngettext("%(who)s says %(actor)s crossed at %(what)s",
                                      "%(who)s say %(actor)s crossed at %(what)s", n, **v)),
    "reinforced": (lambda v: _("%(actor)s reinforced %(what)s", **v),
                   lambda v: _("%(actor)s says it reinforced %(what)s", **v),
                   lambda v, n: ngettext("%(who)s says %(actor)s reinforced %(what)s",
                                         "%(who)s say %(actor)s reinforced %(what)s", n, **v)),
    "visit": (lambda v: _("%(actor)s visited %(what)s", **v),
              lambda v: _("%(actor)s says it visited %(what)s", **v),
              lambda v, n: ngettext("%(who)s says %(actor)s visited %(what)s",
                                    "%(who)s say %(actor)s visited %(what)s", n, **v)),
    "statement": (lambda v: _("%(actor)s spoke at %(what)s", **v),
                  lambda v: _("%(actor)s says it spoke at %(what)s", **v),
                  lambda v, n: ngettext("%(who)s says %(actor)s spoke at %(what)s",
                                        "%(who)s say %(actor)s spoke at %(what)s", n, **v)),
    "casualties": (lambda v: _("%(actor)s suffered casualties at %(what)s", **v),
                   lambda v: _("%(actor)s says it suffered casualties at %(what)s", **v),
                   lambda v, n: ngettext("%(who)s says %(actor)s suffered casualties at %(what)s",
                                         "%(who)s say %(actor)s suffered casualties at %(what)s", n, **v)),
    "displacement": (lambda v: _("%(actor)s displaced people from %(what)s", **v),
                     lambda v: _("%(actor)s says it displaced people from %(what)s", **v),
                     lambda v, n: ngettext("%(who)s says %(actor)s displaced people from %(what)s",
                                           "%(who)s say %(actor)s displaced people from %(what)s", n, **v)),
}


def places_counted(n: int, kind: str) -> str:
    """'six villages', 'two places': places of one kind (or of several: kind ''), counted in words
    up to ten (text.number_word), in the current language's plural form for n."""
    num = number_word(n)
    return {
        "city": lambda: ngettext("%(num)s city", "%(num)s cities", n, num=num),
        "town": lambda: ngettext("%(num)s town", "%(num)s towns", n, num=num),
        "village": lambda: ngettext("%(num)s village", "%(num)s villages", n, num=num),
        "neighbourhood": lambda: ngettext("%(num)s neighbourhood", "%(num)s neighbourhoods", n, num=num),
        "district": lambda: ngettext("%(num)s district", "%(num)s districts", n, num=num),
        "region": lambda: ngettext("%(num)s region", "%(num)s areas", n, num=num),
        "airbase": lambda: ngettext("%(num)s airbase", "%(num)s airbases", n, num=num),
        "military-site": lambda: ngettext("%(num)s military site", "%(num)s military sites", n, num=num),
        "crossing": lambda: ngettext("%(num)s crossing", "%(num)s crossings", n, num=num),
        "junction": lambda: ngettext("%(num)s junction", "%(num)s junctions", n, num=num),
        "industrial-area": lambda: ngettext("%(num)s industrial area", "%(num)s industrial areas", n, num=num),
        "capital": lambda: ngettext("%(num)s capital", "%(num)s capitals", n, num=num),
    }.get(kind, lambda: ngettext("%(num)s place", "%(num)s places", n, num=num))()


BEARING_WORDS = {"backs": N_("backs the claim"), "disputes": N_("disputes the claim"),
                 "context": N_("context: counted neither for nor against")}
LEDGER_DESCRIPTION = N_("Every claim that was disputed or whose status changed: who claimed what and when, who "
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
    return join_names([_("ground in %(place)s", place=p.name) if p.kind in AREA_KINDS else p.name for p in places])


def claim_sentence(site: Site, event: Event, places) -> str:
    """'MOC took Saraqib' for a confirmed event; 'MOC says it took Saraqib' or 'Al-Watan says the
    Syrian army secured Tal al-Samman' while it is claimed, contested or denied: who says so
    comes from the claimants' sources (voices)."""
    actor = site.actor(event.actor).label if event.actor else _("Someone")
    what = place_phrase(places) if not isinstance(places, str) else places
    done, says_it, say = CLAIM_SENTENCES[event.kind]
    if event.status == "confirmed" or not event.claimed_by:
        return done({"actor": actor, "what": what})
    said_by = voices(site, event.claimed_by)
    if said_by == [actor]:
        return says_it({"actor": actor, "what": what})
    return say({"actor": actor, "what": what, "who": join_names(said_by)}, len(said_by))


def standing_phrase(site: Site, state: PlaceDay) -> str:
    """Where a place stands, who does what spelt out: 'Claimed by MOC; not confirmed by anyone
    independent; denied by the Ministry of Defence and Al-Watan', 'Contested: claimed by MOC,
    disputed by the Syrian army', 'Held by MOC: confirmed by AFP'."""
    basis, who = state.basis, (site.actor(state.actor).label if state.actor else "")
    deniers = join_names(voices(site, basis.denied_by)) if basis is not None else ""
    if basis is not None and basis.kind == "withdrew":
        return _("Left by %(actor)s (%(status)s)", actor=site.actor(basis.actor).label, status=status_word(basis.status))
    if state.mark == "confirmed":
        return _("Held by %(actor)s: confirmed by %(who)s", actor=who, who=join_names(voices(site, basis.confirmed_by)))
    if state.mark == "claimed":
        if deniers:
            return _("Claimed by %(actor)s; not confirmed by anyone independent; denied by %(who)s",
                     actor=who, who=deniers)
        return _("Claimed by %(actor)s; not confirmed by anyone independent", actor=who)
    if state.mark == "contested":
        if deniers:
            return _("Contested: claimed by %(actor)s, disputed by %(who)s", actor=who, who=deniers)
        return _("Contested: claimed by %(actor)s, disputed by the other side", actor=who)
    if state.mark == "denied":
        denial = state.denials[-1]
        return _("%(actor)s's claim denied by %(who)s; nobody is known to hold it",
                 actor=site.actor(denial.actor).label, who=join_names(voices(site, denial.denied_by)))
    if who:
        return _("No claim of control; latest activity by %(actor)s", actor=who)
    return _("No claim of control")


def written_order(event: Event) -> tuple:
    """Where the editors wrote an event (file, line): the order of events within a day."""
    return (event.loc.file, event.loc.line) if event.loc else ("", 0)


# --- the ledger's entries -------------------------------------------------------------------
def step_words(step: StatusChange, before: tuple[StatusChange, ...]) -> str:
    """What a step of a history did, in words, beside its status: 'first report', 'now denied'..."""
    if not before:
        return _("first report")
    previous = before[-1]
    if step.status != previous.status:
        return _("until then %(status)s", status=status_word(previous.status))
    named = {s for b in before for s in b.by}
    if set(step.denied_by) - named:
        return _("still %(status)s, now denied", status=status_word(step.status))
    if set(step.confirmed_by) - named:
        return _("confirmed by another source")
    return _("%(status)s again", status=status_word(step.status))


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
        (_("Claimed by"), step.claimed_by),
        (_("Disputed by") if step.status == "contested" else _("Denied by"), step.denied_by),
        (_("Confirmed by"), step.confirmed_by)) if ids]


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
    counts = [(_(SOURCE_CLASSES[c]), c in INDEPENDENT_CLASSES, len(for_.get(c, ())), len(against.get(c, ())))
              for c in SOURCE_CLASSES if c in for_ or c in against]
    return {
        "claim": claim, "heading": claim_sentence(site, claim.events[0], claim.places),
        "shared_notes": shared, "own_notes": dict(own), "steps": steps, "counts": counts,
        "independent": (sum(len(ids) for c, ids in backing if c in INDEPENDENT_CLASSES),
                        sum(len(ids) for c, ids in disputing if c in INDEPENDENT_CLASSES)),
        "evidence": [(item, _(BEARING_WORDS[item.bearing])) for item in claim.evidence],
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
    return PageSpec("claims/", "claims.html", _("Claims ledger"), {
        "entries": entries, "unconfirmed": unconfirmed,
        "places_count": len({p.id for claim in ledger for p in claim.places}),
        "single_count": sum(1 for claim in ledger if claim.single_source),
        "history_count": sum(1 for claim in ledger if len(claim.history) > 1),
        "source_classes": {c: _(words) for c, words in SOURCE_CLASSES.items()},
    }, _(LEDGER_DESCRIPTION))


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
            counted = places_counted(len(places), next(iter(kinds)) if len(kinds) == 1 else "")
            areas = {p.governorate for p in places}
            if len(areas) == 1:
                counted = _("%(places)s in %(governorate)s", places=counted, governorate=next(iter(areas)))
            text = claim_sentence(site, events[0], counted)
        result.append({"events": events, "text": text, "places": places})
    return result
