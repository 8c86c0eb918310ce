"""One reader a kind of record, and reading each content file as a unit of work.

Every text a record holds is plain text (content/plain.py): each reader names its text fields.

Each file's records are read on their own (a function of that file alone: model.Work keyed
by its digest); what spans files is validate.py's.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple

import babel

from briefing.content.fields import (COLOUR_PATTERN, ID_PATTERN, KINDS_WITHOUT_ACTOR, KINDS_WITHOUT_PLACE,
                                     LANGUAGE_PATTERN, STATUS_NEEDS, STATUS_VERBS, FieldReader, PendingRef,
                                     EMAIL_ADDRESS, check_unique, file_name_hint, find_placeholder,
                                     reserved_domain, type_name)
from briefing.content.geography import misplaced
from briefing.content.load import RawContent
from briefing.content.yaml_text import Items, Record
from briefing.content.plain import check_plain
from briefing.content.syntax import WIKILINK, empty_text, link_id, outside_code
from briefing.errors import ContentError
from briefing.model import (ACTOR_KINDS, EVENT_KINDS, EVENT_STATUSES, PLACE_KINDS, RELATION_TYPES, SOURCE_KINDS,
                            Actor, Brief, Correction, Event, KeyFigure, Licence, Page, Place, Relation, Side,
                            SiteConfig, Source, StatusChange, Topic, Translation, Update, Work, sources_of)
from briefing.text import iso, suggest, utc_day, utc_note
from briefing.urls import with_slash

# --- one reader a kind of record -------------------------------------------------------------

def read_site(record: Record, errors: list, refs: list) -> SiteConfig | None:
    r = FieldReader(record, "site.yaml", errors, refs)
    r.only_keys(("title", "description", "base_url", "language", "languages", "as_of", "licence", "topics",
                 "sides", "key_figures", "author"))
    check_plain(r, ("title", "description", "author"))
    topics = []
    for item in r.records("topics", "topic", required=True):
        t = FieldReader(item, "a topic", errors, refs)
        t.only_keys(("id", "title", "order", "description"))
        check_plain(t, ("title", "description"))
        topics.append(Topic(t.ident("id"), t.prose("title"), t.number("order", -1e6, 1e6) or 0,
                            t.prose("description", False), t.translations()))
    if not topics and "topics" in record:
        r.error("topics", "site.yaml needs at least one topic")
    sides = []
    for item in r.records("sides", "side"):
        s = FieldReader(item, "a side", errors, refs)
        s.only_keys(("id", "title", "colour", "description"))
        check_plain(s, ("title", "description"))
        colour = s.text("colour")
        if colour and not COLOUR_PATTERN.match(colour):
            s.error("colour", f"'{colour}' is not a colour", "write it as #rrggbb, e.g. #1f6feb")
        sides.append(Side(s.ident("id"), s.prose("title"), colour, s.prose("description", False),
                          s.translations()))
    figures = []
    for item in r.records("key_figures", "key figure"):
        f = FieldReader(item, "a key figure", errors, refs)
        f.only_keys(("value", "label", "sources", "note"))
        check_plain(f, ("value", "label", "note"))
        figures.append(KeyFigure(f.prose("value"), f.prose("label"),
                                 f.refs_list("sources", "source", required=True), f.prose("note", False),
                                 f.translations()))
    licence = read_licence(r, errors, refs)
    base_url = r.url("base_url", required=True)
    if "?" in base_url or "#" in base_url:
        r.error("base_url", f"'{base_url}' has a query or fragment", "the site's address ends with its path")
        base_url = ""
    languages = read_languages(r)
    for kind, items in (("topic", topics), ("side", sides)):
        check_unique([(i.id, r.file, item.line) for i, item in zip(items, record.get(kind + "s") or [])],
                     kind, errors)
    as_of = r.datetime("as_of")
    title, description, author = r.prose("title"), r.prose("description"), r.prose("author", False)
    if not all((title, description, languages, as_of, licence)):
        return None
    return SiteConfig(title, description, with_slash(base_url), languages[0], as_of, licence, tuple(topics),
                      tuple(sides), tuple(figures), author, languages, r.translations())


def read_languages(r: FieldReader) -> tuple[str, ...]:
    """site.yaml's `languages` (a list of BCP 47 tags, the default first) or, for a site in one
    language, `language` (one tag). Each must be a tag Babel has locale data for: dates,
    numbers and the direction of writing come from it. () after an error."""
    if "languages" in r.record and "language" in r.record:
        r.error("language", "site.yaml has both 'language' and 'languages'",
                "keep 'languages', the default language first")
        return ()
    if "languages" in r.record:
        tags = r.texts("languages")
        if isinstance(r.record.get("languages"), list) and not r.record["languages"]:
            r.error("languages", "'languages' lists no language", "e.g. languages: [en, ar]")
    else:
        tags = (r.text("language"),) if r.text("language") else ()
    key = "languages" if "languages" in r.record else "language"
    for tag in tags:
        if not LANGUAGE_PATTERN.match(tag):
            r.error(key, f"'{tag}' is not a language tag", "e.g. en, ar, or en-GB")
            return ()
        try:
            babel.Locale.parse(tag.replace("-", "_"))
        except (ValueError, babel.UnknownLocaleError):
            r.error(key, f"'{tag}' is a language Babel has no data for", "e.g. en, ar, fr, or en-GB")
            return ()
    return tags


def read_licence(r: FieldReader, errors: list, refs: list) -> Licence | None:
    value = r.record.get("licence")
    if isinstance(value, str):
        return Licence(value)
    if isinstance(value, Record):
        lic = FieldReader(value, "the licence", errors, refs)
        lic.only_keys(("name", "url"))
        check_plain(lic, ("name",))
        return Licence(lic.text("name"), lic.url("url"))
    r.error(None if value is None else "licence",
            "site.yaml needs a 'licence' with a name and optional url")
    return None


def read_source(record: Record, errors: list, refs: list) -> Source:
    r = FieldReader(record, "a source", errors, refs)
    r.only_keys(("id", "name", "kind", "actor", "url", "note"))
    check_plain(r, ("name", "note"))
    url = r.url("url")
    return Source(r.ident("id"), r.prose("name"), r.choice("kind", SOURCE_KINDS), r.prose("note"),
                  r.ref("actor", "actor", False), url, r.location(), r.translations())


def read_actor(record: Record, errors: list, refs: list) -> Actor:
    r = FieldReader(record, "an actor", errors, refs)
    r.only_keys(("id", "name", "short_name", "kind", "role", "aliases", "description", "part_of",
                 "country", "side", "sources"))
    check_plain(r, ("name", "short_name", "role", "aliases", "description", "country"))
    actor = Actor(r.ident("id"), r.prose("name"), r.choice("kind", ACTOR_KINDS),
                  r.prose("short_name", False), r.prose("role", False), r.prose_list("aliases"),
                  r.prose("description", False), r.refs_list("part_of", "actor"),
                  r.prose("country", False), r.ref("side", "side", False),
                  r.refs_list("sources", "source"), r.location(), r.translations())
    if actor.id and actor.id in actor.part_of:
        r.error("part_of", f"actor '{actor.id}' cannot be part of itself")
    return actor


def read_relation(record: Record, errors: list, refs: list) -> Relation:
    r = FieldReader(record, "a relation", errors, refs)
    r.only_keys(("from", "to", "type", "since", "until", "sources", "note"))
    check_plain(r, ("note",))
    source, target = r.ref("from", "actor"), r.ref("to", "actor")
    # A relation cannot start after as_of; it may end after it: an end agreed or announced (a truce's
    # term) is known before it comes, and pages show it as planned (text.date_span).
    since, until = r.date("since", False, by_as_of=True), r.date("until", False)
    if source and source == target:
        r.error("to", f"a relation cannot go from '{source}' to itself")
    if since and until and until < since:
        r.error("until", f"'until' ({until}) is before 'since' ({since})")
    rel_type = r.choice("type", RELATION_TYPES)
    return Relation(f"{source}--{rel_type}--{target}", source, target, rel_type,
                    r.refs_list("sources", "source", required=True), since, until,
                    r.prose("note", False), r.location(), r.translations())


def read_place(record: Record, errors: list, refs: list) -> Place:
    r = FieldReader(record, "a place", errors, refs)
    r.only_keys(("id", "name", "kind", "governorate", "country", "lat", "lon", "geonames",
                 "coords_source", "precision_km", "aliases", "description"))
    not_plain = check_plain(r, ("name", "governorate", "country", "coords_source", "aliases", "description"))
    ident, name, kind = r.ident("id"), r.prose("name"), r.choice("kind", PLACE_KINDS)
    governorate, lat, lon = r.prose("governorate"), r.number("lat", -90, 90), r.number("lon", -180, 180)
    coords_source, country = r.text("coords_source"), r.prose("country", False)
    geonames, precision = r.integer("geonames"), r.number("precision_km", 0, 1000, required=False)
    place = Place(ident, name, kind, governorate, lat or 0.0, lon or 0.0, coords_source, country or "Syria",
                  geonames, precision, r.prose_list("aliases"), r.prose("description", False), r.location(),
                  r.translations())
    # Where it is, against the base map: only once every value that says so was read without error
    # (a country or precision_km given but unreadable has its own error, and no default stands in).
    if lat is not None and lon is not None and governorate and (country or record.get("country") is None) \
            and (precision is not None or record.get("precision_km") is None) \
            and not not_plain & {"governorate", "country"}:
        problem = misplaced(place)
        if problem:
            r.error(problem.key, problem.message, problem.hint)
    return place


def read_event(record: Record, errors: list, refs: list) -> Event:
    r = FieldReader(record, "an event", errors, refs)
    r.only_keys(("id", "date", "place", "actor", "kind", "status", "summary", "claimed_by",
                 "denied_by", "confirmed_by", "sources", "note", "history", "related"))
    check_plain(r, ("summary", "note"))
    kind = r.choice("kind", EVENT_KINDS)
    status = r.choice("status", EVENT_STATUSES)
    place = r.ref("place", "place", required=bool(kind) and kind not in KINDS_WITHOUT_PLACE)
    lists = {key: r.refs_list(key, "source") for key in ("claimed_by", "denied_by", "confirmed_by")}
    for key in STATUS_NEEDS.get(status, ()):
        if not lists[key] and not find_placeholder(record.get(key)):  # a TODO has its own error
            r.error(None, f"an event with status '{status}' needs '{key}'",
                    f"name the source ids that {STATUS_VERBS[key]} it")
    actor = r.ref("actor", "actor", required=bool(kind) and kind not in KINDS_WITHOUT_ACTOR)
    first, last = r.day_or_range("date", by_as_of=True)
    first = first or dt.date.min
    history = (StatusChange(first, status, lists["claimed_by"], lists["denied_by"], lists["confirmed_by"]),)
    history += read_status_changes(r, history[0], errors, refs)
    now = history[-1]
    ident = r.ident("id")
    related = r.refs_list("related", "event")
    if ident and ident in related:
        r.error("related", f"event '{ident}' is listed as related to itself",
                "'related' names other events that bear on this one; remove its own id")
        related = tuple(i for i in related if i != ident)
    named = sources_of(history)
    return Event(ident, first, actor, kind, now.status,
                 r.prose("summary"), r.refs_list("sources", "source", required=True), place,
                 named["claimed_by"], named["denied_by"], named["confirmed_by"],
                 r.prose("note", False), r.location(), last, history, related, r.translations())


def read_status_changes(r: FieldReader, first: StatusChange, errors: list, refs: list) -> tuple[StatusChange, ...]:
    """An event's `history`: its later changes of status, in date order, each with the sources
    behind it. A step's status needs the same sources as an event's (STATUS_NEEDS), counting
    those named in earlier steps: a claim then contested needs only the denial's source."""
    steps, before = [], first
    for item in r.records("history", "change of status", plural="changes of status"):
        h = FieldReader(item, "a change of status", errors, refs)
        h.only_keys(("date", "status", "claimed_by", "denied_by", "confirmed_by", "note"))
        check_plain(h, ("note",))
        day, status = h.date("date", by_as_of=True), h.choice("status", EVENT_STATUSES)
        lists = {key: h.refs_list(key, "source") for key in ("claimed_by", "denied_by", "confirmed_by")}
        if day and first.date != dt.date.min and day < before.date:
            what = "the event's date" if before is first else f"the change before it ({iso(before.date)})"
            h.error("date", f"a change of status on {iso(day)} comes before {what}",
                    "list changes in date order, each on or after the day the event was first reported")
        named = {key: set(getattr(first, key)).union(*(getattr(s, key) for s in steps))
                 for key in lists}
        missing = [key for key in STATUS_NEEDS.get(status, ())
                   if not lists[key] and not named[key] and not find_placeholder(item.get(key))]
        for key in missing:
            h.error(None, f"a change to '{status}' needs '{key}'",
                    f"name the source ids that {STATUS_VERBS[key]} it")
        if status and not missing and not any(lists.values()) \
                and not any(find_placeholder(item.get(k)) for k in lists):
            h.error(None, "a change of status needs the sources behind it",
                    f"name them in {STATUS_NEEDS[status][-1]}: who said it on that day")
        elif status and status == before.status and not any(set(lists[k]) - named[k] for k in lists):
            h.error("status", f"this change leaves the status '{status}' and names no new source",
                    "a change of status gives the new status, or the new sources that back the same one")
        step = StatusChange(day or before.date, status, lists["claimed_by"], lists["denied_by"],
                            lists["confirmed_by"], h.prose("note", False), h.translations())
        steps.append(step)
        before = step
    return tuple(steps)


# `the-offensive.ar.md`: a translation of `the-offensive.md` (docs/languages.md), as Hugo names them.
TRANSLATION_STEM = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\Z")


def read_translation(file, kind: str, errors: list, refs: list) -> Translation | None:
    """A brief's or page's translation (kind 'brief' or 'page'): its title, summary, body and,
    for a brief, its corrections and updates in another language, and `translates`, the
    version of the original it was made from. That the original exists and the language is one
    of site.yaml's is checked once every file is read (PendingRefs 'brief'/'page', 'language')."""
    match = TRANSLATION_STEM.match(file.path.stem)
    slug, lang = match["slug"], match["lang"]
    r = FieldReader(file.meta, f"a translation of a {kind}", errors, refs)
    if not ID_PATTERN.match(slug):
        errors.append(ContentError(file.label, 1, f"file name '{file.path.name}' cannot be a slug",
                                   file_name_hint(slug)))
    allowed = ("title", "summary", "translates") + (("corrections", "updates") if kind == "brief" else ())
    for key in file.meta:
        if key not in allowed:
            hint = (f"a translation gives only {', '.join(allowed)}; '{key}' comes from the original, "
                    f"{slug}.md" if key in TRANSLATION_INHERITS else suggest(key, allowed))
            r.error(key, f"unknown key '{key}' in a translation", hint)
    check_plain(r, ("title", "summary"))
    check_wikilinks(file, refs, errors)
    check_images(file, errors)
    check_placeholder_addresses(file, errors)
    refs.append(PendingRef(file.label, 1, "file name", slug, kind))
    refs.append(PendingRef(file.label, 1, "file name", lang, "language"))
    notices = {key: read_notices(r, key, NOTICE_KINDS[key], None, errors, refs) for key in ("corrections", "updates")}
    return Translation(kind, slug, lang, r.text("title"), r.text("summary", kind == "brief"), file.body,
                       file.body_line, r.text("translates", False), notices["corrections"], notices["updates"],
                       r.location())


# What a translation takes from its original and may not give itself.
TRANSLATION_INHERITS = ("date", "updated", "topic", "actors", "places", "sources", "draft", "order")


def read_brief(file, errors: list, refs: list) -> Brief | Translation | None:
    if file.meta is None:
        return None
    if TRANSLATION_STEM.match(file.path.stem):
        return read_translation(file, "brief", errors, refs)
    slug = file.path.stem
    r = FieldReader(file.meta, "a brief", errors, refs)
    if not ID_PATTERN.match(slug):
        errors.append(ContentError(file.label, 1, f"file name '{file.path.name}' cannot be a slug",
                                   file_name_hint(slug)))
    r.only_keys(("title", "date", "updated", "summary", "topic", "actors", "places", "sources", "draft",
                 "corrections", "updates"))
    check_plain(r, ("title", "summary"))
    check_wikilinks(file, refs, errors)
    check_images(file, errors)
    check_placeholder_addresses(file, errors)
    date = r.date("date", by_as_of=True)
    updated = r.datetime("updated", False, date_allowed=True, by_as_of=True)
    if date and updated and utc_day(updated) < date:
        written = str(file.meta.get("updated")).strip()   # as typed (a comment after it is not part of it)
        r.error("updated", f"'updated' ({written}) is before 'date' ({iso(date)})",
                utc_note(updated) + "a brief is updated on or after the day it is published")
    corrections = read_notices(r, "corrections", Correction, date, errors, refs)
    updates = read_notices(r, "updates", Update, date, errors, refs)
    return Brief(slug, r.text("title"), date or dt.date.min, r.text("summary"),
                 r.ref("topic", "topic"), r.refs_list("sources", "source", required=True),
                 file.body, file.body_line, r.refs_list("actors", "actor"),
                 r.refs_list("places", "place"), updated, r.boolean("draft"), r.location(),
                 corrections, updates)


# A brief's notes: key -> (one of them, in errors; what it is called; what is done to a brief).
NOTICE_KINDS = {"corrections": Correction, "updates": Update}
NOTICES = {"corrections": ("a correction", "correction", "corrected"), "updates": ("an update", "update", "updated")}


def read_notices(r: FieldReader, key: str, kind, published: dt.date | None, errors: list, refs: list) -> tuple:
    """A brief's `corrections` or `updates` (key): a list of records of `date` (a day, or a
    date-time with its UTC offset, as `updated` takes) and `text` (plain text), each made a `kind`
    (model.Correction or model.Update). A date may not be after as_of, nor before the brief's own
    `date` (`published`, compared by its UTC day, as `updated` is): a brief is corrected or
    updated once it is out. Every problem is an error at the line of its item or key."""
    one, name, done = NOTICES[key]
    notices = []
    for item in r.records(key, name):
        n = FieldReader(item, one, errors, refs)
        n.only_keys(("date", "text"))
        check_plain(n, ("text",))
        when = n.datetime("date", date_allowed=True, by_as_of=True)
        text = n.text("text")
        if when and published and utc_day(when) < published:
            written = str(item.get("date")).strip()   # as typed (a comment after it is not part of it)
            n.error("date", f"the {name}'s 'date' ({written}) is before the brief's 'date' ({iso(published)})",
                    utc_note(when) + f"a brief is {done} on or after the day it is published")
        if when and text:
            notices.append(kind(when, text))
    return tuple(notices)


def read_page(file, errors: list, refs: list) -> Page | Translation | None:
    if file.meta is None:
        return None
    if TRANSLATION_STEM.match(file.path.stem):
        return read_translation(file, "page", errors, refs)
    r = FieldReader(file.meta, "a page", errors, refs)
    slug = file.path.stem
    if not ID_PATTERN.match(slug):
        errors.append(ContentError(file.label, 1, f"file name '{file.path.name}' cannot be a slug",
                                   file_name_hint(slug)))
    r.only_keys(("title", "summary", "order"))
    check_plain(r, ("title", "summary"))
    check_wikilinks(file, refs, errors)
    check_images(file, errors)
    check_placeholder_addresses(file, errors)
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


def check_placeholder_addresses(file, errors: list) -> None:
    """An e-mail address at a domain reserved for examples (corrections@example.org) is a
    placeholder left in the text: readers who write to it reach nobody."""
    for match in EMAIL_ADDRESS.finditer(file.body):
        if reserved_domain(match.group(1)):
            line = file.body_line + file.body.count("\n", 0, match.start())
            errors.append(ContentError(file.label, line, f"'{match.group(0)}' is a placeholder address: "
                                       f"{match.group(1)} is reserved for examples and reaches nobody",
                                       "give the real address, or take the sentence out"))


def check_wikilinks(file, refs: list, errors: list) -> None:
    """Queue every [[id]] in a Markdown body for the reference check, with its line; '[[id|]]',
    with nothing after its '|', is an error here."""
    line, counted = file.body_line, 0
    body = outside_code(file.body)
    for match in WIKILINK.finditer(body):
        line += body.count("\n", counted, match.start())   # from the last link on, not from the top
        counted = match.start()
        refs.append(PendingRef(file.label, line, "[[...]]", link_id(match), "link"))
        if empty_text(match) and link_id(match):
            errors.append(ContentError(file.label, line, f"{match.group(0)} has no text after its '|'",
                                       f"write [[{link_id(match)}]] to show its name, or the text after the '|'"))


class Read(NamedTuple):
    """What reading one file gave: its value (a list of records, a Brief, a SiteConfig...), the
    references to check once every id is known (plain tuples: they unpickle 10x faster than
    PendingRefs), and the errors met."""
    value: object
    refs: list
    errors: list


def reading(read, *args, default_language: str = "en") -> Read:
    """read(*args, errors, refs) as a Read, with `default_language` the language whose text a
    `{lang: text}` mapping gives as the field's own (FieldReader.prose)."""
    errors, refs = [], []
    before, FieldReader.default_language = FieldReader.default_language, default_language
    try:
        value = read(*args, errors, refs)
    finally:
        FieldReader.default_language = before
    return Read(value, [tuple(ref) for ref in refs], errors)


def default_language(raw: RawContent) -> str:
    """The site's default language as site.yaml gives it (the first of `languages`, or
    `language`), read before site.yaml is validated: every file's mappings need it. 'en' when
    site.yaml does not say (its own errors say why)."""
    site = raw.data.get("site")
    if isinstance(site, Record):
        tags = site.get("languages")
        first = tags[0] if isinstance(tags, list) and tags else site.get("language")
        if isinstance(first, str) and first.strip():
            return first.strip()
    return "en"


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
    if not raw.data_labels:   # no content folder at all: nothing to read (load says so)
        return []
    lang = default_language(raw)   # in each key: it decides what a file's mappings give
    work = [Work("valid-site", "", lambda: reading(_read_config, raw, default_language=lang))]
    for name, reader in DATA_READERS:
        digest = raw.digests.get(name, "")
        work.append(Work(f"valid-{name}", digest and f"{digest}|{lang}",
                         functools.partial(reading, _read_list, raw, name, reader, default_language=lang)))
    work += [Work("valid-brief", f"{f.digest}|{lang}", functools.partial(reading, read_brief, f, default_language=lang))
             for f in raw.briefs]
    work += [Work("valid-page", "", functools.partial(reading, read_page, f, default_language=lang))
             for f in raw.pages]
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


