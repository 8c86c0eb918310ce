"""`generate.py import acled FILE.csv`: rows in ACLED's column layout -> events.yaml entries (and the
places, actors and sources they need) for an editor to review.

It never overwrites anything. New entries are appended to the YAML files as text, under a comment
"# Imported from FILE on DATE: review before publishing.", so every byte the editor wrote stays as
it was; a row whose event id is already in events.yaml is skipped (and reported), as is a place,
actor or source that exists already (matched by name, and a place also by its coordinates). Before
writing, it reads the new text back and loads the whole content with it from a copy: if the result
would not build, it writes nothing and says why. Every problem in the file (a malformed row, an
unknown event_type, a date after as_of, a place outside its governorate...) is reported at once,
with the CSV's file and line, and nothing is written.

The mapping is the export's (output/acled.py, documented in docs/acled.md), read backwards:

- event_id_cnty -> the event's id (lower-cased; made an id if it is not one: SYR12345 -> syr12345).
- event_type, sub_event_type -> the kind (TYPE_KINDS), unless the notes name it ('kind: ...'); an
  ACLED type with no kind of ours gets the nearest, and the event's note keeps the ACLED types.
- event_date, time_precision -> the date: 1 the day itself; 2 the week around it (three days either
  side: the codebook dates a week's event on its middle day); 3 its calendar month (the codebook
  dates a month's event on the month's midpoint, or first or last day). A range the notes give
  ('between FIRST and LAST') wins. A range that would end after as_of ends on as_of's day.
- actor1 -> an actor by name, short name or alias; an unknown name becomes a new actor (its kind
  guessed from ACLED's naming, "Military Forces of ..." armed-forces, else armed-group), reported
  with the nearest existing name. actor2, when given, is kept in the event's note.
- location, latitude, longitude, admin1, geo_precision -> a place by name within 5 km (plus its
  precision_km) or, failing that, any place within 1 km; else a new place (PRECISION_PLACES).
- source -> the event's sources: each name (split at ';') an existing source by name, acronym or
  id, else a new source of kind news-site whose note says which row it came from.
- notes -> the summary, after the status prefix the export writes, if any. Without one, the event is
  `claimed` by the row's sources: ACLED records what its sources report, without confirming it.
- fatalities -> when above 0, kept in the event's note ("ACLED reports N fatalities").
"""
from __future__ import annotations

import csv
import os
import datetime as dt
import difflib
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.content.fields import ID_PATTERN, KINDS_WITHOUT_ACTOR, KINDS_WITHOUT_PLACE, slugify
from briefing.content.load import file_label
from briefing.content.geography import (COUNTRY_NAMES, base_map, governorates_named, haversine_km, misplaced,
                                        suggest_governorate)
from briefing.content.yaml_text import Record, parse_yaml
from briefing.editor.new import Existing, item_indent, scalar, write_atomically, yaml_lines
from briefing.errors import ContentError, ContentErrors, ImportErrors, NewError
from briefing.model import EVENT_KINDS, Place
from briefing.output.acled import EVENT_TYPES, PRECISION_PLACES, TYPE_KINDS, Notes, Step, parse_notes
from briefing.text import iso, suggest, utc_day

REQUIRED = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
            "admin1", "location", "latitude", "longitude", "source", "notes")
NAME_MATCH_KM = 5.0       # a place of the same name this close (plus its precision_km) is the same place
POINT_MATCH_KM = 1.0      # a place of another name this close is the same place, spelt otherwise
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FILES = ("sources", "actors", "places", "events")   # written in this order: what is referred to first
# ACLED's generic actor names (the codebook, "Actor names, types, and Inter codes") -> our kinds.
ACTOR_KIND_BY_NAME = (("military forces of", "armed-forces"), ("police forces of", "armed-forces"),
                      ("government of", "government"), ("protesters", "organisation"),
                      ("rioters", "organisation"), ("civilians", "organisation"))


@dataclass
class Entry:
    """One entry to append: the YAML file it goes in, its id, its keys in order, the CSV line."""
    file: str
    ident: str
    pairs: list
    row: int
    name: str = ""
    hint: str = ""           # e.g. the nearest existing name, for a new actor
    line: int = 0            # where it starts in the YAML file, once placed


@dataclass
class ImportReport:
    """What an import did (or, with dry_run, would do)."""
    source: str
    entries: list[Entry] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)       # (CSV line, why)
    review: list[tuple[int, str]] = field(default_factory=list)        # (CSV line, what to check)
    paths: dict[str, Path] = field(default_factory=dict)                # file -> path written
    header: str = ""
    checked: bool = True     # whether the content with the new entries was loaded and found valid
    dry_run: bool = False

    def of(self, file: str) -> list[Entry]:
        return [e for e in self.entries if e.file == file]


def import_acled(content_dir: Path, csv_path: Path, today: dt.date | None = None,
                 dry_run: bool = False) -> ImportReport:
    """Append the rows of csv_path (ACLED's columns; others are ignored) to the content's YAML files.

    Returns what was added, skipped and should be reviewed. Raises ImportErrors (every problem,
    each at its CSV line; nothing written), NewError (the content folder or a YAML file cannot be
    appended to). today: the date in the comment above the new entries (default: today)."""
    csv_path = Path(csv_path)
    existing = Existing(content_dir)
    report = ImportReport(csv_path.name, dry_run=dry_run)
    report.header = f"# Imported from {csv_path.name} on {iso(today or dt.date.today())}: review before publishing."
    rows, errors = read_rows(csv_path)
    Importer(existing, csv_path, report).run(rows, errors)
    texts = appended_texts(existing, report)
    report.checked = check_content(existing.content_dir, texts, str(csv_path))
    if not dry_run:
        for name in FILES:
            if name in texts:
                write_atomically(report.paths[name], texts[name])
    return report


# --- reading the file -----------------------------------------------------------------------

def read_rows(path: Path) -> tuple[list[tuple[int, dict]], list[ContentError]]:
    """(line, {column: value}) for each well-formed row that is not blank (header names lower-cased),
    and an error for each malformed one. Raises ImportErrors for a file that is not UTF-8 CSV or
    lacks a column needed."""
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportErrors([ContentError(label, 0, "no such file")], label) from None
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        raise ImportErrors([ContentError(label, line, "this is not UTF-8 text",
                                         "save the file as CSV in UTF-8")], label) from None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    errors, rows, header, end = [], [], None, 0
    try:
        for values in reader:
            start, end = end + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            if header is None:
                header = [v.strip().casefold() for v in values]
                missing = [c for c in REQUIRED if c not in header]
                if missing:
                    raise ImportErrors([ContentError(label, start, "the header lacks ACLED's column"
                                                     f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                                                     "an ACLED file's first row names its columns: "
                                                     + ", ".join(REQUIRED))], label)
                continue
            if len(values) != len(header):
                errors.append(ContentError(label, start, f"this row has {len(values)} values, the header "
                                           f"{len(header)}", "a value holding a comma must be in double quotes"))
                continue
            rows.append((start, {name: unprotect(value) for name, value in zip(header, values)}))
    except csv.Error as exc:
        errors.append(ContentError(label, reader.line_num, f"this is not valid CSV: {exc}",
                                   "a value holding a double quote must be in double quotes, "
                                   "with the quote doubled"))
    if header is None:
        raise ImportErrors([ContentError(label, 0, "the file is empty", "export the events with ACLED's columns")],
                           label)
    return rows, errors


def unprotect(value: str) -> str:
    """Undo what downloads.csv_cell does to a cell that would start a spreadsheet formula."""
    value = value.strip()
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_START else value


def texts_of(value) -> list[str]:
    """Every text a field holds, in every language: plain text, a list of texts (aliases), or a
    mapping from language to either (docs/languages.md). Other values give none."""
    if isinstance(value, dict):
        return [text for each in value.values() for text in texts_of(each)]
    if isinstance(value, list):
        return [text for each in value for text in texts_of(each)]
    return [value] if isinstance(value, str) else []


def key(name: str) -> str:
    """How names are matched: case, accents, punctuation and spacing aside ('Saraqeb' != 'Saraqib')."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def acled_date(value: str) -> dt.date | None:
    """ACLED's event_date: year-month-day (the codebook), or '29 November 2024' as older files have it."""
    for pattern in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y"):
        try:
            parsed = dt.datetime.strptime(value, pattern)   # parsed, not formatted: text.py formats
            return dt.date(parsed.year, parsed.month, parsed.day)
        except ValueError:
            pass
    return None


def number(value: str) -> float | None:
    try:
        result = float(value)
    except ValueError:
        return None
    return result if result == result and abs(result) != float("inf") else None


# --- rows -> entries --------------------------------------------------------------------------

class Importer:
    """Turns rows into entries, matching what exists; collects every problem with its CSV line."""

    def __init__(self, existing: Existing, path: Path, report: ImportReport):
        self.existing, self.path, self.report = existing, path, report
        self.label = str(path)
        self.errors: list[ContentError] = []
        data = existing.raw.data
        self.records = {name: [r for r in data.get(name) or [] if isinstance(r, Record)] for name in FILES}
        self.taken = {i for name in ("actors", "places", "sources", "briefs") for i in existing.ids[name]}
        self.event_ids = set(existing.ids["events"])
        self.as_of = utc_day(existing.as_of) if existing.as_of and existing.as_of.tzinfo else None
        self.actors = self._names("actors", ("name", "short_name", "aliases"))
        self.sources = self._names("sources", ("name",))
        for record in self.records["sources"]:       # 'SOHR' for 'Syrian Observatory for Human Rights (SOHR)'
            ident = str(record.get("id") or "")
            for name in texts_of(record.get("name")):
                short = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
                for other in [short[1], short[2]] if short else []:
                    self.sources.setdefault(key(other), ident)
            self.sources.setdefault(key(ident), ident)
        self.places = [self._place(r) for r in self.records["places"]]
        self.places = [p for p in self.places if p]
        self.new: dict[str, dict[str, str]] = {"actors": {}, "sources": {}}   # key -> new id
        self.claimed: list[tuple[int, str]] = []    # (line, id) of events whose notes give no status
        self.row_ids: dict[int, str] = {}

    def _names(self, name: str, keys) -> dict[str, str]:
        found = {}
        for record in self.records[name]:
            for k in keys:
                for text in texts_of(record.get(k)):
                    if text.strip():
                        found.setdefault(key(text), str(record.get("id")))
        return found

    @staticmethod
    def _place(record) -> dict | None:
        lat, lon = number(str(record.get("lat", ""))), number(str(record.get("lon", "")))
        if lat is None or lon is None or not record.get("id"):
            return None
        names = texts_of(record.get("name")) + texts_of(record.get("aliases"))
        return {"id": str(record["id"]), "keys": {key(n) for n in names if n}, "lat": lat, "lon": lon,
                "precision": number(str(record.get("precision_km") or "0")) or 0.0}

    def origin(self, line: int) -> str:
        """'From ACLED row SYR1002 (line 3 of file.csv)': where a new entry came from."""
        return f"From ACLED row {self.row_ids.get(line, '')} (line {line} of {self.path.name})"

    def error(self, line: int, message: str, hint: str = "") -> None:
        self.errors.append(ContentError(self.label, line, message, hint))

    def run(self, rows, errors=()) -> None:
        """Plan an entry for each row (errors: those of rows already found malformed); raises
        ImportErrors with every problem, in line order."""
        self.errors += errors
        seen: dict[str, int] = {}
        self.row_ids = {line: row["event_id_cnty"] for line, row in rows}
        for line, row in rows:
            ident = self.event_id(line, row["event_id_cnty"])
            if not ident:
                continue
            if ident in seen:
                self.error(line, f"event id '{ident}' is on line {seen[ident]} too", "each row is one event")
                continue
            seen[ident] = line
            if ident in self.event_ids:
                self.report.skipped.append((line, f"event '{ident}' is already in events.yaml: left as it is"))
                continue
            self.event(line, ident, row)
        if self.claimed:
            lines, ids = zip(*self.claimed)
            self.report.review.append((lines[0], f"{len(ids)} event{'s' if len(ids) > 1 else ''} whose notes say "
                                                 "nothing of the status are imported as claimed by their sources "
                                                 f"(check each): {', '.join(ids)}"))
        if self.errors:
            raise ImportErrors(self.errors, self.label)

    def event_id(self, line: int, value: str) -> str:
        ident = value if ID_PATTERN.match(value) else value.lower() if ID_PATTERN.match(value.lower()) \
            else slugify(value)
        if not ident:
            self.error(line, f"event_id_cnty '{value}' gives no usable id" if value else "event_id_cnty is empty",
                       "give each row an id of letters, digits and hyphens, e.g. SYR12345")
        return ident

    def event(self, line: int, ident: str, row: dict) -> None:
        errors_before = len(self.errors)
        acled_type = self.acled_type(line, row)
        notes = parse_notes(row["notes"], self.known_source_names(row))
        kind, exact = (notes.kind, True) if notes.kind else TYPE_KINDS.get(acled_type, ("", True))
        if notes.kind and notes.kind not in EVENT_KINDS:
            self.error(line, f"the notes give the kind '{notes.kind}', which is not an event kind",
                       suggest(notes.kind, EVENT_KINDS))
        first, last = self.dates(line, row, notes)
        actor = self.actor(line, row["actor1"], kind)
        place = self.place(line, row, kind)
        sources = self.source_ids(line, [s.strip() for s in row["source"].split(";") if s.strip()])
        if not sources:
            self.error(line, "source is empty", "every event needs the source it was read in")
        if not notes.summary:
            self.error(line, "notes is empty (or holds only the status in brackets)",
                       "an event needs a summary: what happened, in one line")
        steps = notes.steps or [Step("claimed", claimed_by=[s.strip() for s in row["source"].split(";") if s.strip()])]
        if not notes.steps:
            self.claimed.append((line, ident))
        for step in steps[1:]:
            if step.date and self.as_of and step.date > self.as_of:
                self.error(line, f"the notes give a change of status on {iso(step.date)}, after as_of "
                                 f"({iso(self.as_of)})", "move as_of in site.yaml forward, or leave the change out")
        note = [notes.note] if notes.note else []
        if acled_type and not exact and not notes.kind:
            note.append(f"ACLED's types: {acled_type[0]}, {acled_type[1]}.")
            self.report.review.append((line, f"'{ident}': ACLED's '{acled_type[1]}' has no kind of ours; "
                                             f"imported as '{kind}'"))
        if row.get("actor2"):
            note.append(f"ACLED's actor2: {row['actor2']}.")
        fatalities = self.fatalities(line, row.get("fatalities", ""))
        if fatalities:
            note.append(f"ACLED reports {fatalities} fatalit{'y' if fatalities == 1 else 'ies'}.")
        if len(self.errors) > errors_before:
            return
        pairs = [("id", ident), ("date", first if last == first else f"{iso(first)}..{iso(last)}")]
        if place:
            pairs.append(("place", place))
        if actor:
            pairs.append(("actor", actor))
        pairs += [("kind", kind), ("status", steps[0].status), ("summary", notes.summary)]
        pairs += self.roles(line, steps[0])
        pairs.append(("sources", tuple(sources)))
        if note:
            pairs.append(("note", " ".join(note)))
        history = []
        for step in steps[1:]:
            entry = [("date", step.date), ("status", step.status)] + self.roles(line, step)
            history.append(entry + ([("note", step.note)] if step.note else []))
        if history:
            pairs.append(("history", history))
        if notes.related:
            pairs.append(("related", tuple(notes.related)))
        self.report.entries.append(Entry("events", ident, pairs, line))

    def acled_type(self, line: int, row: dict) -> tuple[str, str] | None:
        types = {t.casefold(): t for t in EVENT_TYPES}
        event_type = types.get(" ".join(row["event_type"].split()).casefold())
        if event_type is None:
            self.error(line, f"unknown event_type '{row['event_type']}'",
                       suggest(row["event_type"], list(EVENT_TYPES), choices="ACLED's are: "))
            return None
        subs = {s.casefold(): s for s in EVENT_TYPES[event_type]}
        sub = subs.get(" ".join(row["sub_event_type"].split()).casefold())
        if sub is None:
            self.error(line, f"unknown sub_event_type '{row['sub_event_type']}' for '{event_type}'",
                       suggest(row["sub_event_type"], EVENT_TYPES[event_type], choices="ACLED's are: "))
            return None
        return event_type, sub

    def dates(self, line: int, row: dict, notes: Notes) -> tuple[dt.date, dt.date]:
        day = acled_date(row["event_date"])
        if day is None:
            self.error(line, f"event_date '{row['event_date']}' is not a date", "write it as YYYY-MM-DD")
            return dt.date.min, dt.date.min
        precision = row["time_precision"]
        if precision not in ("1", "2", "3"):
            self.error(line, f"time_precision must be 1, 2 or 3, not '{precision}'",
                       "1: the day is known; 2: the week; 3: the month")
            return day, day
        if notes.first:
            first, last = notes.first, notes.last
            if not first <= day <= last:
                self.error(line, f"event_date {iso(day)} is outside the range the notes give "
                                 f"({iso(first)} to {iso(last)})", "correct one or the other")
        elif precision == "1":
            first = last = day
        elif precision == "2":
            first, last = day - dt.timedelta(days=3), day + dt.timedelta(days=3)
        else:
            first = day.replace(day=1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        if self.as_of and day > self.as_of:
            self.error(line, f"event_date {iso(day)} is after as_of ({iso(self.as_of)})",
                       "move as_of in site.yaml forward, or leave the row out")
        elif self.as_of and last > self.as_of:
            self.report.review.append((line, f"the range {iso(first)} to {iso(last)} (time_precision {precision}) "
                                             f"ends on as_of, {iso(self.as_of)}"))
            last = self.as_of
        return first, last

    def actor(self, line: int, name: str, kind: str) -> str:
        if not name:
            if kind and kind not in KINDS_WITHOUT_ACTOR:
                self.error(line, "actor1 is empty", f"an event of kind '{kind}' has someone who acted: name them")
            return ""
        found = self.actors.get(key(name)) or self.new["actors"].get(key(name))
        if found:
            return found
        ident = self.new_id(name, "actor")
        lowered = name.casefold()
        guess = next((k for start, k in ACTOR_KIND_BY_NAME if lowered.startswith(start)), "armed-group")
        names = {name: str(r.get("id")) for r in self.records["actors"] for name in texts_of(r.get("name"))}
        close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
        hint = (f"did you mean '{close[0]}' ({names[close[0]]})? If so, delete the new actor, add '{name}' "
                f"to that one's aliases and point the events at it") if close else ""
        self.new["actors"][key(name)] = ident
        self.report.entries.append(Entry("actors", ident, [
            ("id", ident), ("name", name), ("kind", guess),
            ("description", f"{self.origin(line)}: its kind is guessed from the name; review the kind, "
                            "and add its side")], line, name, hint))
        return ident

    def place(self, line: int, row: dict, kind: str) -> str:
        name = row["location"]
        if not name:
            if kind and kind not in KINDS_WITHOUT_PLACE:
                self.error(line, "location is empty", f"an event of kind '{kind}' happens somewhere: name the place")
            return ""
        lat, lon = number(row["latitude"]), number(row["longitude"])
        named = [p for p in self.places if key(name) in p["keys"]]
        if named and (lat is None or lon is None):
            return named[0]["id"]
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.error(line, f"latitude '{row['latitude']}' and longitude '{row['longitude']}' are not a point "
                             "on Earth", "write decimal degrees, e.g. 35.8645 and 36.8059")
            return ""
        distance = {p["id"]: haversine_km(lon, lat, p["lon"], p["lat"]) for p in self.places}
        same = [p for p in named if distance[p["id"]] <= NAME_MATCH_KM + p["precision"]]
        if same:
            return min(same, key=lambda p: distance[p["id"]])["id"]
        near = [p for p in self.places if distance[p["id"]] <= POINT_MATCH_KM]
        if near:
            match = min(near, key=lambda p: distance[p["id"]])
            self.report.review.append((line, f"'{name}' is taken to be the place '{match['id']}', "
                                             f"{distance[match['id']]:.1f} km away"))
            return match["id"]
        return self.new_place(line, row, name, lat, lon)

    def new_place(self, line: int, row: dict, name: str, lat: float, lon: float) -> str:
        governorate = row["admin1"]
        precision = row.get("geo_precision") or "1"
        if precision not in ("1", "2", "3"):
            self.error(line, f"geo_precision must be 1, 2 or 3, not '{precision}'",
                       "1: the town itself; 2: near it, or a small area; 3: a larger region")
            return ""
        precision_km, place_kind = PRECISION_PLACES[int(precision)]
        if not governorate:
            self.error(line, f"admin1 is empty, and '{name}' is a new place",
                       "give the governorate (or province) it lies in")
            return ""
        known, unknown = governorates_named(governorate)
        country = "Syria"
        if unknown or not known:
            code = base_map().country_at(lon, lat)
            if code in (None, "SYR"):
                hint = suggest_governorate(governorate)
                self.error(line, f"admin1 '{governorate}' is not a governorate of Syria, and the point "
                                 f"({lat}, {lon}) is in no other country the base map has",
                           hint or "write a governorate's name, e.g. Idlib")
                return ""
            country = COUNTRY_NAMES[code][0]
        ident = self.new_id(name, "place", governorate)
        coords = f"{self.origin(line)[5:]}, geo_precision {precision}"
        problem = misplaced(Place(ident, name, place_kind, governorate, lat, lon, coords, country,
                                  precision_km=precision_km))
        if problem:
            self.error(line, problem.message, problem.hint)
            return ""
        pairs = [("id", ident), ("name", name), ("kind", place_kind), ("governorate", governorate)]
        pairs += [("country", country)] if country != "Syria" else []
        pairs += [("lat", lat), ("lon", lon), ("coords_source", coords)]
        pairs += [("precision_km", precision_km)] if precision_km else []
        self.report.entries.append(Entry("places", ident, pairs, line, name))
        self.places.append({"id": ident, "keys": {key(name)}, "lat": lat, "lon": lon, "precision": precision_km or 0.0})
        return ident

    def known_source_names(self, row: dict) -> list[str]:
        names = [name for r in self.records["sources"] for name in texts_of(r.get("name"))]
        return names + [e.name for e in self.report.of("sources")] + row["source"].split(";")

    def source_ids(self, line: int, names) -> list[str]:
        ids = []
        for name in names:
            found = self.sources.get(key(name)) or self.new["sources"].get(key(name))
            if not found:
                found = self.new_id(name, "source")
                self.new["sources"][key(name)] = found
                self.report.entries.append(Entry("sources", found, [
                    ("id", found), ("name", name), ("kind", "news-site"),
                    ("note", f"{self.origin(line)}: review its kind, and say where it stands and how far we "
                             "lean on it")], line, name))
            if found not in ids:
                ids.append(found)
        return ids

    def roles(self, line: int, step: Step) -> list:
        return [(f"{verb}_by", tuple(self.source_ids(line, getattr(step, f"{verb}_by"))))
                for verb in ("claimed", "denied", "confirmed") if getattr(step, f"{verb}_by")]

    def fatalities(self, line: int, value: str) -> int:
        if not value:
            return 0
        if not value.isdigit():
            self.error(line, f"fatalities must be a whole number, not '{value}'", "0 when none are reported")
            return 0
        return int(value)

    def new_id(self, name: str, what: str, qualifier: str = "") -> str:
        """An unused id in the shared namespace, from the name (then with the qualifier, then numbered)."""
        base = slugify(name) or what
        candidates = [base] + ([f"{base}-{slugify(qualifier)}"] if slugify(qualifier) else [])
        candidates += [f"{base}-{n}" for n in range(2, 1000)]
        ident = next(c for c in candidates if c not in self.taken)
        self.taken.add(ident)
        return ident


# --- entries -> text ------------------------------------------------------------------------

def entry_lines(pairs) -> list[str]:
    """A YAML mapping as lines, as `new` writes them; a list of mappings (history) as a block list."""
    lines = []
    for name, value in pairs:
        if isinstance(value, list) and value and isinstance(value[0], list):
            lines.append(f"{name}:")
            for item in value:
                inner = entry_lines(item)
                lines += ["  - " + inner[0]] + ["    " + line for line in inner[1:]]
        else:
            lines += yaml_lines([(name, value)])
    return lines


def read_back(value):
    """What the loader reads for a value written by entry_lines (every scalar as text)."""
    if isinstance(value, list) and value and isinstance(value[0], list):
        return [{k: read_back(v) for k, v in item} for item in value]
    if isinstance(value, (list, tuple)):
        return [read_back(v) for v in value]
    text = scalar(value)
    return yaml.safe_load(text) if text.startswith('"') else text


def appended_texts(existing: Existing, report: ImportReport) -> dict[str, str]:
    """Each YAML file with its new entries appended after a comment header; nothing else changes.
    Each text is read back: one more entry for each new one, exactly as meant."""
    texts = {}
    for name in FILES:
        entries = report.of(name)
        if not entries:
            continue
        path = existing.content_dir / f"{name}.yaml"
        report.paths[name] = path
        errors = existing.file_errors(name)
        if errors:
            raise ImportErrors([ContentError(e.file, e.line, e.message, e.hint) for e in errors] +
                               [ContentError(str(path), 0, "fix this file's errors first, then import again")],
                               str(path))
        original = path.read_text(encoding="utf-8") if path.exists() else ""
        try:
            indent = item_indent(original) or 0
        except (NewError, yaml.YAMLError) as exc:   # a YAML file that is not a block list
            raise ImportErrors([ContentError(str(path), 0, f"cannot append to it: {exc}")], str(path)) from None
        pad = " " * indent
        spaced = bool(re.search(r"\n[ \t]*\n" + re.escape(pad) + r"- ", original))
        text = original + ("" if not original or original.endswith("\n") else "\n")
        text += ("\n" if text.strip() else "") + pad + report.header + "\n"
        for index, entry in enumerate(entries):
            text += "\n" if spaced and index else ""
            entry.line = text.count("\n") + 1
            lines = entry_lines(entry.pairs)
            text += pad + "- " + lines[0] + "\n" + "".join(f"{pad}  {line}\n" for line in lines[1:])
        problems: list = []
        data = parse_yaml(text, str(path), problems)
        before = len(existing.raw.data.get(name) or [])
        expected = [{k: read_back(v) for k, v in e.pairs} for e in entries]
        if problems or not isinstance(data, list) or len(data) != before + len(entries) or \
                [plain(r) for r in data[before:]] != expected:
            raise ImportErrors([ContentError(str(path), 0, "appending the imported entries would not give "
                                             "the entries meant; nothing was written")], str(path))
        texts[name] = text
    return texts


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return str(value)


def check_content(content_dir: Path, texts: dict[str, str], source: str) -> bool:
    """Load the content with the new texts, from a copy: raises ImportErrors if it was valid and
    would no longer be. Returns False when the content had errors already (nothing to compare)."""
    from briefing.build import load_site
    try:
        load_site(content_dir, drafts=True)
    except ContentErrors:
        return False
    with tempfile.TemporaryDirectory(prefix="briefing-import-") as temp:
        copy = Path(temp) / "content"
        shutil.copytree(content_dir, copy)
        for name, text in texts.items():
            (copy / f"{name}.yaml").write_text(text, encoding="utf-8")
        try:
            load_site(copy, drafts=True)
        except ContentErrors as caught:
            errors = [ContentError(in_content(e.file, copy, content_dir), e.line, e.message, e.hint)
                      for e in caught.errors]
            errors.append(ContentError(source, 0, "the imported entries would not build (above); "
                                       "nothing was written"))
            raise ImportErrors(errors, source) from None
    return True


def in_content(label: str, copy: Path, content_dir: Path) -> str:
    """An error's file in the copy -> the same file in the content folder, labelled as `check` labels it."""
    try:
        inside = Path(os.path.abspath(label)).relative_to(copy.resolve())
    except ValueError:
        return label
    return file_label(Path(content_dir) / inside)
