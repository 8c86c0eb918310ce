"""Raw records -> the Site model, or every ContentError at once.

Each record is read field by field against what the content format allows
(docs/content-format.md). References between records are checked last, when
every id is known, so an error can say what was probably meant.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple

from briefing.content.load import Items, RawContent, Record
from briefing.content.syntax import WIKILINK, link_id, outside_code
from briefing.errors import ContentError, ContentErrors
from briefing.model import (ACTOR_KINDS, EVENT_KINDS, EVENT_STATUSES, PLACE_KINDS, RELATION_TYPES,
                    SOURCE_KINDS, Actor, Brief, Event, KeyFigure,
                    Licence, Location, Page, Place, Relation, Side, Site, SiteConfig, Source, Topic, Work)
from briefing.text import suggest
from briefing.urls import with_slash

# \Z, not $: '$' also matches before a final newline, and a file can be named "a\n.md".
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}\Z")
# An absolute http(s) address with a host: what an href from YAML may hold (never javascript:).
# Quotes, angle brackets and spaces are never raw in a URL (RFC 3986): they must be %-encoded.
HTTP_URL_PATTERN = re.compile(r"^https?://[^\s/?#\\\x00-\x1f\x7f\"<>`]+([/?#][^\s\x00-\x1f\x7f\"<>`]*)?\Z",
                              re.IGNORECASE)
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")
# C0 controls other than tab and newline, DEL, C1 controls: invisible, and not allowed in XML.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
MISSING = object()
# `generate.py new` writes this where only the editor can fill in a required value; check rejects it.
PLACEHOLDER_PATTERN = re.compile(r"^\s*TODO\b")
# Event kinds that happen somewhere, so need a place.
KINDS_WITHOUT_PLACE = {"statement", "casualties", "displacement"}
# A death toll or a displacement count has no one actor who did it.
KINDS_WITHOUT_ACTOR = {"casualties", "displacement"}
STATUS_NEEDS = {"confirmed": ("confirmed_by",), "claimed": ("claimed_by",),
                "denied": ("denied_by",), "contested": ("claimed_by", "denied_by")}
STATUS_VERBS = {"claimed_by": "claim", "denied_by": "deny", "confirmed_by": "confirm"}


class PendingRef(NamedTuple):
    """A reference to check once every id is known. (A named tuple, not a dataclass: a site
    has hundreds of thousands, and a kept Read unpickles them every build.)"""
    file: str
    line: int
    field: str
    value: str
    namespace: str  # 'actor', 'place', 'source', 'topic', 'side', 'link'


class FieldReader:
    """Reads the fields of one record, turning each problem into a ContentError."""

    def __init__(self, record: Record, what: str, errors: list, refs: list):
        self.record, self.what, self.errors, self.refs = record, what, errors, refs
        self.file, self.line = record.file, record.line

    def error(self, key: str | None, message: str, hint: str = "") -> None:
        line = self.record.line_of(key) if key else self.line
        self.errors.append(ContentError(self.file, line, message, hint))

    def only_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.record:
            if key not in allowed:
                self.error(key, f"unknown key '{key}' in {self.what}", suggest(key, allowed))

    def _get(self, key: str, required: bool):
        value = self.record.get(key, MISSING)
        placeholder = find_placeholder(value)
        if placeholder:
            self.error(key, f"'{key}' is still a placeholder: {placeholder}",
                       "replace the TODO with the real value")
            return MISSING
        if value is MISSING or value is None:
            if required:
                self.error(None, f"{self.what} is missing required key '{key}'")
            return MISSING
        return value

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        value = self._get(key, required)
        if value is MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            hint = "put the text in quotes" if isinstance(value, bool) else ""
            self.error(key, f"'{key}' must be text, not {type_name(value)}", hint)
            return default
        value = str(value).strip()
        if required and not value:
            self.error(key, f"'{key}' is empty")
        bad = CONTROL_CHARACTER.search(value)
        if bad:
            self.error(key, f"'{key}' contains an invisible control character (U+{ord(bad.group()):04X})",
                       "delete it; it cannot appear in the feed or the page")
            return default
        return value

    def url(self, key: str, required: bool = False) -> str:
        """An absolute http(s) address; anything else (javascript:, data:, a bare name) is an error."""
        value = self.text(key, required)
        if value and not HTTP_URL_PATTERN.match(value):
            self.error(key, f"'{value}' is not an http(s) address", "e.g. https://example.org/")
            return ""
        return value

    def ident(self, key: str, required: bool = True) -> str:
        value = self.text(key, required)
        if value and not ID_PATTERN.match(value):
            self.error(key, f"'{value}' is not a valid id",
                       f"use lower-case letters, digits and hyphens, e.g. '{slugify(value)}'")
            return ""
        return value

    def ref(self, key: str, namespace: str, required: bool = True) -> str:
        value = self.text(key, required)
        if value:
            self.refs.append(PendingRef(self.file, self.record.line_of(key), key, value, namespace))
        return value

    def refs_list(self, key: str, namespace: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is MISSING:
            return ()
        items = [value] if isinstance(value, (str, int)) and not isinstance(value, bool) else value
        if not isinstance(items, list):
            self.error(key, f"'{key}' must be a list of ids, not {type_name(value)}")
            return ()
        result = []
        for item in items:
            if not isinstance(item, (str, int)) or isinstance(item, bool):
                self.error(key, f"'{key}' must be a list of ids; found {type_name(item)}")
                continue
            item = str(item).strip()
            if item in result:
                self.error(key, f"'{item}' is listed twice in '{key}'")
                continue
            result.append(item)
            self.refs.append(PendingRef(self.file, self.record.line_of(key), key, item, namespace))
        if required and not result:
            self.error(key, f"'{key}' needs at least one id")
        return tuple(result)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is MISSING:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, (str, int, float)) for i in items):
            self.error(key, f"'{key}' must be a list of text")
            return ()
        if any(CONTROL_CHARACTER.search(str(i)) for i in items):
            self.error(key, f"'{key}' contains an invisible control character")
            return ()
        return tuple(str(i) for i in items)

    def choice(self, key: str, options: tuple[str, ...], required: bool = True) -> str:
        value = self.text(key, required)
        if value and value not in options:
            self.error(key, f"'{value}' is not a known {key} for {self.what}", suggest(value, options))
            return ""
        return value

    def number(self, key: str, low: float, high: float, required: bool = True) -> float | None:
        value = self._get(key, required)
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(key, f"'{key}' must be a number, not {type_name(value)}")
            return None
        if not low <= value <= high:
            self.error(key, f"'{key}' is {value}, outside the range {low} to {high}",
                       "latitude and longitude may be swapped" if key in ("lat", "lon") else "")
            return None
        return float(value)

    def integer(self, key: str, required: bool = False) -> int | None:
        value = self._get(key, required)
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.error(key, f"'{key}' must be a positive whole number")
            return None
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self._get(key, False)
        if value is MISSING:
            return default
        if not isinstance(value, bool):
            self.error(key, f"'{key}' must be true or false")
            return default
        return value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self.text(key, required)
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(key, f"'{value}' is not a real date", "write dates as YYYY-MM-DD")
        return parsed

    def datetime(self, key: str, required: bool = True, date_allowed: bool = False) -> dt.datetime | None:
        value = self.text(key, required)
        if not value:
            return None
        if date_allowed and DATE_PATTERN.match(value):
            day = parse_date(value)
            if day is None:
                self.error(key, f"'{value}' is not a real date", "write dates as YYYY-MM-DD")
                return None
            return dt.datetime.combine(day, dt.time(), dt.timezone.utc)
        parsed = parse_datetime(value)
        if parsed is None:
            self.error(key, f"'{value}' is not a real date and time",
                       "write it as YYYY-MM-DDTHH:MM:SS+00:00")
        elif parsed.tzinfo is None:
            self.error(key, f"'{value}' has no time zone", f"add one, e.g. '{value}+00:00'")
            return None
        else:
            try:  # pages show times in UTC: 0001-01-01T00:00+05:00 has no UTC equivalent
                parsed.astimezone(dt.timezone.utc)
            except OverflowError:
                self.error(key, f"'{value}' is out of range")
                return None
        return parsed

    def records(self, key: str, what: str, required: bool = False) -> list[Record]:
        value = self._get(key, required)
        if value is MISSING:
            return []
        if not isinstance(value, list) or not all(isinstance(i, Record) for i in value):
            self.error(key, f"'{key}' must be a list of {what}s, each with its own keys")
            return []
        return value

    def location(self) -> Location:
        return Location(self.file, self.line)


def find_placeholder(value) -> str:
    """The TODO text in a value (or in an item of a list), or ''."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and PLACEHOLDER_PATTERN.match(item):
            return item.strip()
    return ""


def type_name(value) -> str:
    for kind, name in ((bool, "true/false"), (str, "text"), ((int, float), "a number"), (list, "a list"),
                       (dict, "a mapping"), (type(None), "empty"), ((bytes, bytearray), "binary data"),
                       ((set, frozenset), "a set")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def slugify(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug or "my-id"


def parse_date(value: str) -> dt.date | None:
    if not DATE_PATTERN.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_datetime(value: str) -> dt.datetime | None:
    if not DATETIME_PATTERN.match(value):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


# --- one reader a kind of record -------------------------------------------------------------

def read_site(record: Record, errors: list, refs: list) -> SiteConfig | None:
    r = FieldReader(record, "site.yaml", errors, refs)
    r.only_keys(("title", "description", "base_url", "language", "as_of", "licence", "topics",
                 "sides", "key_figures", "author"))
    topics = []
    for item in r.records("topics", "topic", required=True):
        t = FieldReader(item, "a topic", errors, refs)
        t.only_keys(("id", "title", "order", "description"))
        topics.append(Topic(t.ident("id"), t.text("title"), t.number("order", -1e6, 1e6) or 0,
                            t.text("description", False)))
    if not topics and "topics" in record:
        r.error("topics", "site.yaml needs at least one topic")
    sides = []
    for item in r.records("sides", "side"):
        s = FieldReader(item, "a side", errors, refs)
        s.only_keys(("id", "title", "colour", "description"))
        colour = s.text("colour")
        if colour and not COLOUR_PATTERN.match(colour):
            s.error("colour", f"'{colour}' is not a colour", "write it as #rrggbb, e.g. #1f6feb")
        sides.append(Side(s.ident("id"), s.text("title"), colour, s.text("description", False)))
    figures = []
    for item in r.records("key_figures", "key figure"):
        f = FieldReader(item, "a key figure", errors, refs)
        f.only_keys(("value", "label", "sources", "note"))
        figures.append(KeyFigure(f.text("value"), f.text("label"),
                                 f.refs_list("sources", "source", required=True), f.text("note", False)))
    licence = read_licence(r, errors, refs)
    base_url = r.url("base_url", required=True)
    if "?" in base_url or "#" in base_url:
        r.error("base_url", f"'{base_url}' has a query or fragment", "the site's address ends with its path")
        base_url = ""
    language = r.text("language")
    if language and not LANGUAGE_PATTERN.match(language):
        r.error("language", f"'{language}' is not a language tag", "e.g. en, or en-GB")
    for kind, items in (("topic", topics), ("side", sides)):
        check_unique([(i.id, r.file, item.line) for i, item in zip(items, record.get(kind + "s") or [])],
                     kind, errors)
    as_of = r.datetime("as_of")
    if not all((r.text("title"), r.text("description"), language, as_of, licence)):
        return None
    return SiteConfig(r.text("title"), r.text("description"), with_slash(base_url), r.text("language"),
                      as_of, licence, tuple(topics), tuple(sides), tuple(figures), r.text("author", False))


def read_licence(r: FieldReader, errors: list, refs: list) -> Licence | None:
    value = r.record.get("licence")
    if isinstance(value, str):
        return Licence(value)
    if isinstance(value, Record):
        lic = FieldReader(value, "the licence", errors, refs)
        lic.only_keys(("name", "url"))
        return Licence(lic.text("name"), lic.url("url"))
    r.error(None if value is None else "licence",
            "site.yaml needs a 'licence' with a name and optional url")
    return None


def read_source(record: Record, errors: list, refs: list) -> Source:
    r = FieldReader(record, "a source", errors, refs)
    r.only_keys(("id", "name", "kind", "actor", "url", "note"))
    url = r.url("url")
    return Source(r.ident("id"), r.text("name"), r.choice("kind", SOURCE_KINDS), r.text("note"),
                  r.ref("actor", "actor", False), url, r.location())


def read_actor(record: Record, errors: list, refs: list) -> Actor:
    r = FieldReader(record, "an actor", errors, refs)
    r.only_keys(("id", "name", "short_name", "kind", "role", "aliases", "description", "part_of",
                 "country", "side", "sources"))
    actor = Actor(r.ident("id"), r.text("name"), r.choice("kind", ACTOR_KINDS),
                  r.text("short_name", False), r.text("role", False), r.texts("aliases"),
                  r.text("description", False), r.refs_list("part_of", "actor"),
                  r.text("country", False), r.ref("side", "side", False),
                  r.refs_list("sources", "source"), r.location())
    if actor.id and actor.id in actor.part_of:
        r.error("part_of", f"actor '{actor.id}' cannot be part of itself")
    return actor


def read_relation(record: Record, errors: list, refs: list) -> Relation:
    r = FieldReader(record, "a relation", errors, refs)
    r.only_keys(("from", "to", "type", "since", "until", "sources", "note"))
    source, target = r.ref("from", "actor"), r.ref("to", "actor")
    since, until = r.date("since", False), r.date("until", False)
    if source and source == target:
        r.error("to", f"a relation cannot go from '{source}' to itself")
    if since and until and until < since:
        r.error("until", f"'until' ({until}) is before 'since' ({since})")
    rel_type = r.choice("type", RELATION_TYPES)
    return Relation(f"{source}--{rel_type}--{target}", source, target, rel_type,
                    r.refs_list("sources", "source", required=True), since, until,
                    r.text("note", False), r.location())


def read_place(record: Record, errors: list, refs: list) -> Place:
    r = FieldReader(record, "a place", errors, refs)
    r.only_keys(("id", "name", "kind", "governorate", "country", "lat", "lon", "geonames",
                 "coords_source", "precision_km", "aliases", "description"))
    return Place(r.ident("id"), r.text("name"), r.choice("kind", PLACE_KINDS), r.text("governorate"),
                 r.number("lat", -90, 90) or 0.0, r.number("lon", -180, 180) or 0.0,
                 r.text("coords_source"), r.text("country", False, "Syria"), r.integer("geonames"),
                 r.number("precision_km", 0, 1000, required=False), r.texts("aliases"),
                 r.text("description", False), r.location())


def read_event(record: Record, errors: list, refs: list) -> Event:
    r = FieldReader(record, "an event", errors, refs)
    r.only_keys(("id", "date", "place", "actor", "kind", "status", "summary", "claimed_by",
                 "denied_by", "confirmed_by", "sources", "note"))
    kind = r.choice("kind", EVENT_KINDS)
    status = r.choice("status", EVENT_STATUSES)
    place = r.ref("place", "place", required=bool(kind) and kind not in KINDS_WITHOUT_PLACE)
    lists = {key: r.refs_list(key, "source") for key in ("claimed_by", "denied_by", "confirmed_by")}
    for key in STATUS_NEEDS.get(status, ()):
        if not lists[key] and not find_placeholder(record.get(key)):  # a TODO has its own error
            r.error(None, f"an event with status '{status}' needs '{key}'",
                    f"name the source ids that {STATUS_VERBS[key]} it")
    actor = r.ref("actor", "actor", required=bool(kind) and kind not in KINDS_WITHOUT_ACTOR)
    return Event(r.ident("id"), r.date("date") or dt.date.min, actor, kind, status,
                 r.text("summary"), r.refs_list("sources", "source", required=True), place,
                 lists["claimed_by"], lists["denied_by"], lists["confirmed_by"],
                 r.text("note", False), r.location())


def read_brief(file, errors: list, refs: list) -> Brief | None:
    if file.meta is None:
        return None
    slug = file.path.stem
    r = FieldReader(file.meta, "a brief", errors, refs)
    if not ID_PATTERN.match(slug):
        errors.append(ContentError(file.label, 1, f"file name '{file.path.name}' cannot be a slug",
                                   f"rename it to '{slugify(slug)}.md'"))
    r.only_keys(("title", "date", "updated", "summary", "topic", "actors", "places", "sources", "draft"))
    check_wikilinks(file, refs)
    check_images(file, errors)
    return Brief(slug, r.text("title"), r.date("date") or dt.date.min, r.text("summary"),
                 r.ref("topic", "topic"), r.refs_list("sources", "source", required=True),
                 file.body, file.body_line, r.refs_list("actors", "actor"),
                 r.refs_list("places", "place"), r.datetime("updated", False, date_allowed=True),
                 r.boolean("draft"), r.location())


def read_page(file, errors: list, refs: list) -> Page | None:
    if file.meta is None:
        return None
    r = FieldReader(file.meta, "a page", errors, refs)
    slug = file.path.stem
    if not ID_PATTERN.match(slug):
        errors.append(ContentError(file.label, 1, f"file name '{file.path.name}' cannot be a slug",
                                   f"rename it to '{slugify(slug)}.md'"))
    r.only_keys(("title", "summary", "order"))
    check_wikilinks(file, refs)
    check_images(file, errors)
    return Page(slug, r.text("title"), file.body, file.body_line, r.text("summary", False),
                r.number("order", -1e6, 1e6, required=False), r.location())


EXTERNAL_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?(?:[a-z][a-z0-9+.-]*:|//)|<img\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:[a-z][a-z0-9+.-]*:|//)",
                            re.IGNORECASE)


def check_images(file, errors: list) -> None:
    """Images must come from the site itself: a request to another origin can expose a reader."""
    for match in EXTERNAL_IMAGE.finditer(file.body):
        line = file.body_line + file.body.count("\n", 0, match.start())
        errors.append(ContentError(file.label, line, "image from another site",
                                   "images must be files of this site (a relative path); "
                                   "the site never makes readers' browsers contact another server"))


def check_wikilinks(file, refs: list) -> None:
    """Queue every [[id]] in a Markdown body for the reference check, with its line."""
    line, counted = file.body_line, 0
    body = outside_code(file.body)
    for match in WIKILINK.finditer(body):
        line += body.count("\n", counted, match.start())   # from the last link on, not from the top
        counted = match.start()
        refs.append(PendingRef(file.label, line, "[[...]]", link_id(match), "link"))


# --- the whole site ---------------------------------------------------------------------------

def check_unique(entries, what: str, errors: list, seen: dict | None = None) -> None:
    """Report ids used twice; entries are (id, file, line). Pass one `seen` to share a namespace."""
    seen = {} if seen is None else seen
    for item_id, file, line in entries:
        if not item_id:
            continue
        if item_id in seen:
            first_file, first_line, first_what = seen[item_id]
            errors.append(ContentError(file, line, f"duplicate id '{item_id}'",
                                       f"already used by the {first_what} at {first_file}:{first_line}"))
        else:
            seen[item_id] = (file, line, what)


def entries(items):
    return [(item.id, item.loc.file, item.loc.line) for item in items]


class Read(NamedTuple):
    """What reading one file gave: its value (a list of records, a Brief, a SiteConfig...), the
    references to check once every id is known (plain tuples: they unpickle 10x faster than
    PendingRefs), and the errors met."""
    value: object
    refs: list
    errors: list


def reading(read, *args) -> Read:
    """read(*args, errors, refs) as a Read."""
    errors, refs = [], []
    value = read(*args, errors, refs)
    return Read(value, [tuple(ref) for ref in refs], errors)


def _read_list(raw: RawContent, name: str, reader, errors: list, refs: list) -> list:
    data = raw.data.get(name)
    label = raw.data_labels[name]
    if data is None:
        return []
    if not isinstance(data, list):
        errors.append(ContentError(label, getattr(data, "line", 1),
                                   f"{name}.yaml must be a list of records, each starting with '- id:'"))
        return []
    items = []
    for index, entry in enumerate(data):
        if not isinstance(entry, Record):
            line = data.line_of_item(index) if isinstance(data, Items) else 1
            errors.append(ContentError(label, line, f"every entry of {name}.yaml must have keys and values; "
                                       f"found {type_name(entry)}"))
            continue
        items.append(reader(entry, errors, refs))
    return items


# The data files read record by record, in the order their errors are reported.
DATA_READERS = (("sources", read_source), ("actors", read_actor), ("relations", read_relation),
                ("places", read_place), ("events", read_event))


def read_work(raw: RawContent) -> list[Work]:
    """Reading every file, as units of work: one a data file, brief and page, in the order
    their errors are reported. A unit whose key is its file's digest is a function of that
    file alone; site.yaml and pages (small) have none."""
    work = [Work("valid-site", "", lambda: reading(_read_config, raw))]
    for name, reader in DATA_READERS:
        work.append(Work(f"valid-{name}", raw.digests.get(name, ""),
                         functools.partial(reading, _read_list, raw, name, reader)))
    work += [Work("valid-brief", f.digest, functools.partial(reading, read_brief, f)) for f in raw.briefs]
    work += [Work("valid-page", "", functools.partial(reading, read_page, f)) for f in raw.pages]
    return work


def _read_config(raw: RawContent, errors: list, refs: list) -> SiteConfig | None:
    site_record = raw.data.get("site")
    if isinstance(site_record, Record):
        return read_site(site_record, errors, refs)
    if "site" in raw.data and not any(e.file == raw.data_labels["site"] for e in raw.errors):
        errors.append(ContentError(raw.data_labels["site"], 0 if site_record is None else 1,
                                   "site.yaml is missing or not a mapping",
                                   "it holds title, description, base_url, language, as_of, licence, topics"))
    return None


def validate(raw: RawContent, include_drafts: bool = False) -> Site:
    """Turn raw content into a Site, or raise ContentErrors listing every problem."""
    work = read_work(raw)
    return check_site(raw, [unit.run() for unit in work], include_drafts)


def check_site(raw: RawContent, reads: list[Read], include_drafts: bool = False) -> Site:
    """The Site from every file's Read (read_work's units, run, in order), once what no single
    file can tell is checked: ids unique across files, references that lead somewhere.
    Raises ContentErrors listing every problem, the files' own first."""
    errors, refs = list(raw.errors), []
    for read in reads:
        errors.extend(read.errors)
        refs.extend(read.refs)
    config = reads[0].value
    sources, actors, relations, places, events = (read.value for read in reads[1:1 + len(DATA_READERS)])
    rest = reads[1 + len(DATA_READERS):]
    briefs = [read.value for read in rest[:len(raw.briefs)] if read.value]
    pages = [read.value for read in rest[len(raw.briefs):] if read.value]

    shared: dict = {}
    for what, items in (("source", sources), ("actor", actors), ("place", places), ("brief", briefs)):
        check_unique(entries(items), what, errors, shared)
    check_unique(entries(events), "event", errors)
    for page in pages:
        if page.slug in RESERVED_SLUGS:
            errors.append(ContentError(page.loc.file, 1, f"page slug '{page.slug}' is taken by the site",
                                       "rename the file"))

    # A file that could not be parsed has its own error; checking references against its
    # missing ids would only bury that error under a cascade.
    unreadable = {name for name in ("actors", "places", "sources")
                  if (raw.data.get(name) is None and any(e.file == raw.data_labels[name] for e in raw.errors))
                  or (raw.data.get(name) is not None and not isinstance(raw.data[name], list))}
    namespaces = {
        "actor": None if "actors" in unreadable else {a.id: a for a in actors},
        "place": None if "places" in unreadable else {p.id: p for p in places},
        "source": None if "sources" in unreadable else {s.id: s for s in sources},
        # A brief whose front matter cannot be read still exists: links to it are not the error.
        "brief": {**{f.path.stem: None for f in raw.briefs if f.meta is None}, **{b.slug: b for b in briefs}},
        "topic": {t.id: t for t in config.topics} if config else None,
        "side": {s.id: s for s in config.sides} if config else None,
    }
    errors.extend(check_refs(refs, namespaces))
    if errors:
        raise ContentErrors(errors)
    if not include_drafts:
        briefs = [b for b in briefs if not b.draft]
    return Site(config, tuple(sorted(briefs, key=lambda b: (b.date, b.slug), reverse=True)),
                tuple(sorted(pages, key=lambda p: p.slug)), tuple(actors), tuple(relations),
                tuple(places), tuple(sorted(events, key=lambda e: (e.date, e.id))), tuple(sources))


# Top-level folders the site itself writes; a page may not take their names.
RESERVED_SLUGS = {"briefs", "actors", "places", "sources", "topics", "assets", "data", "pagefind",
                  "network", "map", "chronology", "claims", "search", "index", "404", "feed"}


def check_refs(refs: list[PendingRef], namespaces: dict) -> list[ContentError]:
    errors = []
    # Every id a [[link]] may name, built once: rebuilding it per link made validation quadratic.
    linkable = None if any(namespaces[ns] is None for ns in ("actor", "place", "source")) else \
        {k: v for ns in ("actor", "place", "source", "brief") for k, v in namespaces[ns].items()}
    for file, line, field_name, value, namespace in refs:   # PendingRefs, or plain tuples (Read.refs)
        if namespace == "link":
            if linkable is not None and value not in linkable:
                errors.append(ContentError(file, line, f"[[{value}]] links to an unknown id",
                                           suggest(value, linkable)))
            continue
        table = namespaces.get(namespace)
        if table is None:
            continue  # its file failed to parse; that error says why
        if value not in table:
            elsewhere = [ns for ns in ("actor", "place", "source") if value in (namespaces[ns] or ())]
            hint = (f"'{value}' is a {elsewhere[0]}, not a {namespace}" if elsewhere
                    else suggest(value, table))
            errors.append(ContentError(file, line, f"unknown {namespace} '{value}' in '{field_name}'", hint))
    return errors
