"""The events in ACLED's column layout (data/events-acled.csv), and the one mapping between our
events and ACLED's columns, which `generate.py import acled` reads back (editor/import_acled.py).

ACLED, the Armed Conflict Location & Event Data project, publishes conflict events one a row; its
codebook defines every column: https://acleddata.com/knowledge-base/codebook/ (read for this module
in November 2026: "ACLED Data Columns at a Glance", "Event types and sub-event types", "Spatial
precision codes", "Time precision codes", "Reported fatalities", "Source scale"). The export has
exactly these of its columns, in its order (ACLED_COLUMNS); docs/acled.md gives the mapping as a
table, and what survives a round trip through it.

- event_id_cnty: our event id (ACLED's own ids are a country code and a number, SYR12345; ours are
  unique too, so a file exported here and imported again is recognised row by row).
- event_date, time_precision: ACLED records a day. A single day is precision 1; a range of up to a
  week precision 2, longer precision 3. For a range, event_date is its middle day (the earlier of
  the two middle days for an even length), as the codebook dates an event known only by its week
  "on either Wednesday or Thursday of that week" and one known by its month at the month's
  midpoint. The range itself is given in `notes` (below).
- event_type, sub_event_type: from our kind (KIND_TYPES); `captured` and `recaptured` are
  "Government regains territory" when the actor is the state forces of the place's country or on
  their side, else "Non-state actor overtakes territory" (the codebook counts a foreign state's
  forces as non-state there).
- actor1: the actor's name; actor2 is empty (we record who acted, not against whom).
- admin1, location, latitude, longitude: the place's governorate, name and coordinates to four
  decimals (the codebook's precision); geo_precision from the place (geo_precision()).
- source: the names of the event's sources (where we read it), joined by "; " as ACLED joins them;
  source_scale from their kinds (SOURCE_SCALES), since our sources record no reach.
- notes: a bracketed prefix in words, then the summary. ACLED has no column for who claims,
  denies or confirms an event, nor for a claim's history, so the prefix says it, much as ACLED's
  own notes attribute a claim: "[Claimed by Military Operations Command, Telegram channel; denied
  by Syrian Ministry of Defence; then on 2024-12-02 confirmed by Syrian Observatory for Human
  Rights (SOHR)] The coalition says it took Saraqib." The prefix may also hold `kind: ...` (when
  the ACLED types would read back as another kind), `between FIRST and LAST` (a range), `related:
  ...` (the ids of the events an editor links to it) and `note: ...` (the event's note, or a later
  step's). parse_notes() reads it back.
- fatalities: 0. The codebook records "no information on fatalities" as 0, and our events carry
  no count (a casualty figure is in the summary).

A cell that would start a spreadsheet formula gets a leading apostrophe, as in every CSV download
(downloads.csv_cell); the import takes it off again.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from briefing.model import Actor, Event, Place, Site, Source, StatusChange
from briefing.text import iso

ACLED_PATH = "data/events-acled.csv"
CODEBOOK = "https://acleddata.com/knowledge-base/codebook/"

ACLED_COLUMNS = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                 "actor2", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
                 "source_scale", "notes", "fatalities")

# The codebook's Table 2: event types and their sub-event types, in its (hierarchical) order.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Government regains territory", "Non-state actor overtakes territory", "Armed clash"),
    "Protests": ("Excessive force against protesters", "Protest with intervention", "Peaceful protest"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}

TAKEN = "Non-state actor overtakes territory"
RETAKEN = "Government regains territory"
# Our kind -> ACLED's (event_type, sub_event_type). captured and recaptured depend on who acted
# (acled_type); every other kind has one pair.
KIND_TYPES: dict[str, tuple[str, str]] = {
    "captured": ("Battles", TAKEN),
    "recaptured": ("Battles", RETAKEN),
    "secured": ("Strategic developments", "Non-violent transfer of territory"),
    "clashes": ("Battles", "Armed clash"),
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
    "advanced": ("Strategic developments", "Change to group/activity"),     # "movement of forces"
    "withdrew": ("Strategic developments", "Change to group/activity"),
    "crossed": ("Strategic developments", "Change to group/activity"),
    "reinforced": ("Strategic developments", "Change to group/activity"),
    "visit": ("Strategic developments", "Other"),
    "statement": ("Strategic developments", "Other"),
    "casualties": ("Strategic developments", "Other"),
    "displacement": ("Strategic developments", "Other"),   # the codebook's own example of Other
}

# ACLED's (event_type, sub_event_type) -> (our kind, exact). The kind an import gives a row whose
# notes name none; not exact: ours has no such kind, the nearest is taken and the ACLED types are
# kept in the event's note.
TYPE_KINDS: dict[tuple[str, str], tuple[str, bool]] = {
    ("Battles", RETAKEN): ("recaptured", True),
    ("Battles", TAKEN): ("captured", True),
    ("Battles", "Armed clash"): ("clashes", True),
    ("Explosions/Remote violence", "Air/drone strike"): ("airstrike", True),
    ("Strategic developments", "Non-violent transfer of territory"): ("secured", True),
    ("Strategic developments", "Change to group/activity"): ("advanced", True),
    ("Strategic developments", "Other"): ("statement", True),
    ("Strategic developments", "Headquarters or base established"): ("reinforced", False),
    **{("Explosions/Remote violence", sub): ("clashes", False)
       for sub in EVENT_TYPES["Explosions/Remote violence"] if sub != "Air/drone strike"},
    **{("Violence against civilians", sub): ("casualties", False) for sub in EVENT_TYPES["Violence against civilians"]},
    **{(kind, sub): ("statement", False) for kind in ("Protests", "Riots") for sub in EVENT_TYPES[kind]},
    **{("Strategic developments", sub): ("statement", False)
       for sub in ("Agreement", "Arrests", "Disrupted weapons use", "Looting/property destruction")},
}

# Our source kinds -> ACLED's source scale (the codebook: local, subnational, national, regional,
# international, or other; "New media" for social media channels). An approximation: our sources
# record what they are, not how far their reporting reaches.
SOURCE_SCALES = {"monitor": "Other", "wire": "International", "state-media": "National",
                 "pro-government-media": "National", "official": "National", "armed-group-channel": "New media",
                 "newspaper": "National", "news-site": "National", "un-agency": "International",
                 "dataset": "Other"}
SCALE_ORDER = ("Local partner", "Subnational", "National", "Regional", "International", "New media", "Other")

# Our places -> ACLED's geo_precision: 1 a particular town (within EXACT_KM), 2 near a town or a
# small part of a region (within AREA_KM), 3 a larger region.
EXACT_KM = 5.0
AREA_KM = 25.0
AREA_KINDS = ("region", "district")
# ...and back, for a place an import has to create: geo_precision -> precision_km, kind.
PRECISION_PLACES = {1: (None, "town"), 2: (10.0, "town"), 3: (50.0, "region")}

STATE_KINDS = ("government", "armed-forces", "state")
ROLES = (("claimed_by", "claimed"), ("denied_by", "denied"), ("confirmed_by", "confirmed"))


# --- the export --------------------------------------------------------------------------------

def acled_rows(site: Site) -> list[dict]:
    """One dict a row (ACLED_COLUMNS, in order) for each event, in the order of events.yaml."""
    return [acled_row(event, site) for event in site.events]


def acled_row(event: Event, site: Site) -> dict:
    place: Place | None = site.get(event.place) if event.place else None
    actor: Actor | None = site.get(event.actor) if event.actor else None
    event_type, sub_event_type = acled_type(event, site)
    sources = [site.source(s) for s in event.sources]
    return {
        "event_id_cnty": event.id,
        "event_date": iso(event_date(event.date, event.last_day)),
        "time_precision": time_precision(event.date, event.last_day),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actor.name if actor else "",
        "actor2": "",
        "admin1": place.governorate if place else "",
        "location": place.name if place else "",
        "latitude": round(place.lat, 4) if place else "",
        "longitude": round(place.lon, 4) if place else "",
        "geo_precision": geo_precision(place) if place else "",
        "source": "; ".join(s.name for s in sources),
        "source_scale": source_scale(sources),
        "notes": f"{notes_prefix(event, site, TYPE_KINDS[event_type, sub_event_type][0])} {event.summary}",
        "fatalities": 0,
    }


def acled_type(event: Event, site: Site) -> tuple[str, str]:
    """(event_type, sub_event_type) for an event: KIND_TYPES, with a change of control by the
    state's side as "Government regains territory", by anyone else as "Non-state actor overtakes
    territory"."""
    if event.kind in ("captured", "recaptured"):
        place = site.get(event.place) if event.place else None
        state = on_state_side(site, event.actor, place.country if place else "Syria")
        return "Battles", RETAKEN if state else TAKEN
    return KIND_TYPES[event.kind]


def on_state_side(site: Site, actor_id: str, country: str) -> bool:
    """Whether the actor is the state forces of `country` or their affiliate: an actor of kind
    government or armed-forces whose country it is (or the state of that name), one part of such an
    actor, or one on the side such an actor is on. (The codebook: government forces "or their
    affiliates".) An actor without a country is no state's."""
    actor = site.get(actor_id) if actor_id else None
    if not isinstance(actor, Actor):
        return False
    state = [a for a in site.actors if a.kind in STATE_KINDS
             and country.casefold() in (a.country.casefold(), a.name.casefold() if a.kind == "state" else "")]
    if actor.side and actor.side in {a.side for a in state if a.side}:
        return True
    seen, todo = set(), [actor]
    while todo:
        current = todo.pop()
        if current.id in seen:
            continue
        seen.add(current.id)
        if current in state:
            return True
        todo += [a for a in (site.get(p) for p in current.part_of) if isinstance(a, Actor)]
    return False


def time_precision(first: dt.date, last: dt.date) -> int:
    """1 for a day, 2 for a range of up to seven days, 3 for a longer one."""
    days = (last - first).days + 1
    return 1 if days == 1 else 2 if days <= 7 else 3


def event_date(first: dt.date, last: dt.date) -> dt.date:
    """The day ACLED would record for a range: its middle (the earlier one for an even length)."""
    return first + dt.timedelta(days=((last - first).days) // 2)


def geo_precision(place: Place) -> int:
    """1: a particular place, its coordinates off by at most EXACT_KM; 3: off by more than AREA_KM,
    or a region whose precision is not given; 2: the rest (a district, a region up to AREA_KM,
    a place known only to within AREA_KM)."""
    off = place.precision_km
    if off is not None and off > AREA_KM or off is None and place.kind == "region":
        return 3
    if place.kind in AREA_KINDS or off is not None and off > EXACT_KM:
        return 2
    return 1


def source_scale(sources: list[Source]) -> str:
    """The scales of the sources' kinds, in ACLED's order, joined by '-' (e.g. 'National-International')."""
    scales = {SOURCE_SCALES[s.kind] for s in sources}
    return "-".join(scale for scale in SCALE_ORDER if scale in scales)


# --- the notes' prefix ------------------------------------------------------------------------

def notes_prefix(event: Event, site: Site, default_kind: str) -> str:
    """'[Claimed by A; denied by B; then on 2024-12-02 confirmed by C]': see the module's docstring.

    Clauses, joined by '; ': 'kind: K' when the kind is not `default_kind` (what the ACLED types read
    back as); 'between FIRST and LAST' for a range; 'related: ID, ID' for linked events; then each step of the claim's history, the
    first as reported on `date`, the later ones from 'then on DATE': the status with its own
    sources ('claimed by A, B'), or the status alone ('contested'), then the other sources of the
    step ('denied by C'), then 'note: ...' (after the first step, the event's note)."""
    names = {s.id: s.name for s in site.sources}
    clauses = []
    if event.kind != default_kind:
        clauses.append(f"kind: {event.kind}")
    if event.uncertain_date:
        clauses.append(f"between {iso(event.date)} and {iso(event.last_day)}")
    if event.related:
        clauses.append(f"related: {', '.join(event.related)}")
    steps = event.history or (StatusChange(event.date, event.status, event.claimed_by, event.denied_by,
                                           event.confirmed_by),)
    for index, step in enumerate(steps):
        start = f"then on {iso(step.date)} " if index else ""
        roles = [(verb, ", ".join(names.get(s, s) for s in getattr(step, key))) for key, verb in ROLES
                 if getattr(step, key)]
        own = dict(roles).get(step.status)
        clauses.append(f"{start}{step.status}" + (f" by {own}" if own else ""))
        clauses += [f"{verb} by {who}" for verb, who in roles if not (own and verb == step.status)]
        note = event.note if index == 0 else step.note
        if note:
            clauses.append(f"note: {' '.join(note.split())}")
    text = "; ".join(clauses)
    return f"[{text[:1].upper()}{text[1:]}]"


@dataclass
class Step:
    """A step of a claim's history as the notes give it: sources by name, as written."""
    status: str
    date: dt.date | None = None            # None for the first step: the event's date
    claimed_by: list[str] = field(default_factory=list)
    denied_by: list[str] = field(default_factory=list)
    confirmed_by: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Notes:
    """What parse_notes reads from a row's notes."""
    summary: str                            # the notes without the prefix
    kind: str = ""
    first: dt.date | None = None            # a range, from 'between FIRST and LAST'
    last: dt.date | None = None
    steps: list[Step] = field(default_factory=list)
    note: str = ""                          # the event's note
    related: list[str] = field(default_factory=list)   # ids of linked events
    prefixed: bool = False                  # whether the notes had our prefix


DATE = r"(\d{4}-\d{2}-\d{2})"
STATUS = r"(claimed|denied|confirmed|contested)"
CLAUSES = (
    ("kind", re.compile(r"kind: ([a-z-]+)", re.IGNORECASE)),
    ("between", re.compile(rf"between {DATE} and {DATE}", re.IGNORECASE)),
    ("then", re.compile(rf"then on {DATE} {STATUS}(?: by (.+))?", re.IGNORECASE | re.DOTALL)),
    ("role", re.compile(rf"{STATUS}(?: by (.+))?", re.IGNORECASE | re.DOTALL)),
    ("related", re.compile(r"related: ([a-z0-9][a-z0-9-]*(?:, [a-z0-9][a-z0-9-]*)*)", re.IGNORECASE)),
    ("note", re.compile(r"note: (.*)", re.IGNORECASE | re.DOTALL)),
)
CLAUSE_START = re.compile(rf"(kind: |between {DATE} and |related: |then on {DATE} |{STATUS}\b|note: )",
                          re.IGNORECASE)


def parse_notes(text: str, known_names=()) -> Notes:
    """Read back what notes_prefix wrote. Notes without a prefix of ours (any other row of ACLED's)
    come back whole as the summary, with prefixed False. known_names: source names the lists of
    names are matched against first, so a name holding ', ' stays whole."""
    text = " ".join(text.split())
    end = closing_bracket(text)
    if end is None:
        return Notes(text)
    clauses = split_clauses(text[1:end])
    notes = Notes(text[end + 1:].strip(), prefixed=True)
    for clause in clauses:
        if not read_clause(notes, clause, known_names):
            return Notes(text)   # not our prefix after all: ACLED's own "[...]", or text
    return notes


def closing_bracket(text: str) -> int | None:
    """Where the bracket that opens `text` closes (brackets inside it balanced), or None."""
    if not text.startswith("["):
        return None
    depth = 0
    for index, char in enumerate(text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth == 0:
            return index
    return None


def split_clauses(text: str) -> list[str]:
    """Split on '; ', keeping a piece that starts no clause with the one before (a note or a
    name that holds '; ')."""
    clauses: list[str] = []
    for piece in text.split("; "):
        if clauses and not CLAUSE_START.match(piece):
            clauses[-1] += "; " + piece
        else:
            clauses.append(piece)
    return clauses


def read_clause(notes: Notes, clause: str, known_names) -> bool:
    for what, pattern in CLAUSES:
        match = pattern.fullmatch(clause)
        if not match:
            continue
        if what == "kind":
            notes.kind = match[1].lower()
        elif what == "between":
            notes.first, notes.last = dt.date.fromisoformat(match[1]), dt.date.fromisoformat(match[2])
        elif what == "related":
            notes.related = match[1].split(", ")
        elif what in ("then", "role"):
            day, status, names = (match[1], match[2], match[3]) if what == "then" else (None, match[1], match[2])
            status = status.lower()
            if status == "contested" and names or what == "then" and not notes.steps:
                return False        # never written: contested names no one itself; 'then' follows a step
            if what == "then" or not notes.steps:
                notes.steps.append(Step(status, dt.date.fromisoformat(day) if day else None))
            elif not names:
                return False
            if names:
                getattr(notes.steps[-1], f"{status}_by").extend(split_names(names, known_names))
        else:
            if notes.steps[1:]:
                notes.steps[-1].note = match[1]
            else:
                notes.note = match[1]
        return True
    return False


def split_names(text: str, known_names=()) -> list[str]:
    """'A, B, C' -> names, taking the longest run of pieces that is a known name first (so
    'Two Syrian army sources, speaking to Reuters' stays one name)."""
    known = {name_key(name) for name in known_names}
    pieces, names, index = text.split(", "), [], 0
    while index < len(pieces):
        end = next((end for end in range(len(pieces), index, -1)
                    if name_key(", ".join(pieces[index:end])) in known), index + 1)
        names.append(", ".join(pieces[index:end]).strip())
        index = end
    return [name for name in names if name]


def name_key(name: str) -> str:
    """How names are compared: case and spacing aside."""
    return " ".join(name.casefold().split())
