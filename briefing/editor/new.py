"""`generate.py new`: a new brief file, or a new actor, place or event appended to its YAML file.

What the editor passes is checked now (ids against the id rules and the ids already in use,
references against the content), so what is written is correctly formed. Required fields only
the editor can write (a brief's summary and sources, an event's summary and sources) may be
left out: they are written as a value starting with TODO, which `check` and `build` reject by
name, so a half-filled entry can never be published. Data files are appended to as text, never
re-dumped, so their comments and layout stay exactly as they were.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.content.geography import misplaced
from briefing.content.load import load_content
from briefing.content.yaml_text import Record, parse_yaml
from briefing.errors import NewError
from briefing.model import ACTOR_KINDS, EVENT_KINDS, EVENT_STATUSES, PLACE_KINDS, Place
from briefing.content.fields import (ID_PATTERN, KINDS_WITHOUT_ACTOR, KINDS_WITHOUT_PLACE, STATUS_NEEDS, parse_date,
                                     parse_datetime, slugify)
from briefing.text import iso, suggest, utc_day

PLAIN_TEXT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .,()'/-]*$")
TODO = {
    "title": "TODO: the title in this language",
    "summary": "TODO: the bottom line in one or two sentences",
    "event_summary": "TODO: one line, what happened, in our words",
    "sources": "TODO: source ids from sources.yaml",
    "claimed_by": "TODO: ids of the sources that claim it",
    "denied_by": "TODO: ids of the sources that deny it",
    "confirmed_by": "TODO: ids of the independent sources that confirm it",
}


@dataclass
class Created:
    path: Path
    line: int                       # where the new brief or entry starts
    what: str                       # 'brief', 'actor', ...
    ident: str
    todos: list[str] = field(default_factory=list)   # fields left for the editor
    notes: list[str] = field(default_factory=list)   # what check will say of what was written


# --- YAML as text ------------------------------------------------------------------------------

def scalar(value) -> str:
    """One value as YAML text that reads back as exactly that value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return iso(value)
    text = str(value)
    if PLAIN_TEXT.match(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def flow_list(values) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def yaml_lines(pairs: list[tuple[str, object]]) -> list[str]:
    return [f"{key}: {flow_list(value) if isinstance(value, (list, tuple)) else scalar(value)}"
            for key, value in pairs]


def expected_record(pairs: list[tuple[str, object]]) -> dict:
    """What the loader will read back for these pairs: every value as the text scalar() wrote
    (the loader resolves no types: load.TextResolver), lists as lists."""
    def read_back(value):
        if isinstance(value, (list, tuple)):
            return [read_back(v) for v in value]
        text = scalar(value)
        return json.loads(text) if text.startswith('"') else text
    return {key: read_back(value) for key, value in pairs}


# --- the content as it is now ----------------------------------------------------------------

class Existing:
    """The ids already in the content, read leniently: another file's errors do not stop `new`."""

    def __init__(self, content_dir: Path):
        self.content_dir = Path(content_dir)
        if not self.content_dir.is_dir():
            raise NewError(f"content folder '{content_dir}' not found")
        self.raw = load_content(self.content_dir)
        self.ids = {name: self._ids(name) for name in ("actors", "places", "sources", "events")}
        briefs_dir = self.content_dir / "briefs"
        self.ids["briefs"] = sorted(p.stem for p in briefs_dir.glob("*.md")) if briefs_dir.is_dir() else []
        site = self.raw.data.get("site")
        self.topics = self._sub_ids(site, "topics")
        self.sides = self._sub_ids(site, "sides")
        as_of = site.get("as_of") if isinstance(site, Record) else None
        self.as_of = parse_datetime(str(as_of)) if as_of is not None else None

    def after_as_of(self, day: dt.date) -> list[str]:
        """A note when a new entry's day is after as_of, which check reports as an error: a new
        brief is dated today, and publishing it means moving the information cut-off forward."""
        if self.as_of is None or self.as_of.tzinfo is None or day <= utc_day(self.as_of):
            return []
        return [f"its date, {iso(day)}, is after as_of in site.yaml ({iso(self.as_of)}); check and build "
                f"report it until you move as_of forward (or correct the date)"]

    def _ids(self, name: str) -> list[str]:
        data = self.raw.data.get(name)
        if not isinstance(data, list):
            return []
        return [str(r["id"]) for r in data if isinstance(r, Record) and r.get("id") is not None]

    @staticmethod
    def _sub_ids(site, key: str) -> list[str]:
        items = site.get(key) if isinstance(site, Record) else None
        return [str(i["id"]) for i in items or [] if isinstance(i, Record) and "id" in i]

    def owner_of(self, ident: str) -> str:
        """Which kind of thing already uses ident in the shared namespace, or ''."""
        for name, what in (("actors", "an actor"), ("places", "a place"), ("sources", "a source"),
                           ("briefs", "a brief")):
            if ident in self.ids[name]:
                return what
        return ""

    def file_errors(self, name: str) -> list:
        label = self.raw.data_labels.get(name)
        return [e for e in self.raw.errors if e.file == label]


def check_new_id(ident: str, what: str, existing: Existing, namespace: str = "shared",
                 made_from: str = "") -> None:
    """made_from: the option that gives the id instead, when `new` made it from a text (a title)."""
    if not ID_PATTERN.match(ident):
        slug = slugify(ident)
        raise NewError(f"'{ident}' is not a valid id for {what}: use lower-case letters, digits and "
                       f"hyphens, starting with a letter or digit" + (f", e.g. '{slug}'" if slug else ""))
    owner = existing.owner_of(ident) if namespace == "shared" else (
        "an event" if ident in existing.ids["events"] else "")
    if owner and made_from:
        raise NewError(f"the id '{ident}' (made from the title) is already used by {owner}; "
                       f"choose another with {made_from}")
    if owner:
        raise NewError(f"the id '{ident}' is already used by {owner}; choose another")


def check_refs(values, known: list[str], what: str, option: str) -> tuple[str, ...]:
    for value in values:
        if value not in known:
            hint = suggest(value, known)
            raise NewError(f"unknown {what} '{value}' in {option}" + (f" ({hint})" if hint else ""))
    return tuple(values)


def check_choice(value: str, options: tuple[str, ...], what: str) -> str:
    if value not in options:
        raise NewError(f"'{value}' is not a known {what} ({suggest(value, options)})")
    return value


def required_text(value: str | None, option: str) -> str:
    text = (value or "").strip()
    if not text:
        raise NewError(f"{option} must not be empty")
    if "\n" in text:
        raise NewError(f"{option} must be one line")
    return text


# --- writing -----------------------------------------------------------------------------------

def write_atomically(path: Path, text: str, exclusive: bool = False) -> None:
    """Write text to path in one step: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(temp, mode)
        if exclusive:
            os.link(temp, path)  # fails if path appeared meanwhile: never overwrite
            os.unlink(temp)
        else:
            os.replace(temp, path)
    except FileExistsError:
        os.unlink(temp)
        raise NewError(f"'{path}' already exists; not overwriting it") from None
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def item_indent(text: str) -> int | None:
    """Column of the '-' of the top-level list's items (None if the file has no block list yet)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if node is None:
        return None
    if not isinstance(node, yaml.SequenceNode):
        raise NewError("it is not a list of entries")
    if node.flow_style:
        raise NewError("it is written as a [...] list; write it as '- id: ...' entries first")
    if not node.value:
        return None
    mark = node.value[-1].start_mark
    line = text.splitlines()[mark.line]
    return line[:mark.column].rfind("-")


def append_entry(existing: Existing, name: str, pairs: list[tuple[str, object]]) -> int:
    """Append one entry to content/<name>.yaml as text; returns the line where it starts."""
    path = existing.content_dir / f"{name}.yaml"
    errors = existing.file_errors(name)
    if errors:
        raise NewError(f"{path} has errors; fix them first, then run this again: {errors[0]}")
    original = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        indent = item_indent(original) or 0
    except (NewError, yaml.YAMLError) as exc:
        raise NewError(f"cannot append to {path}: {exc}") from None
    lines = yaml_lines(pairs)
    pad = " " * indent
    entry = pad + "- " + lines[0] + "\n" + "".join(f"{pad}  {line}\n" for line in lines[1:])
    joint = "" if not original or original.endswith("\n") else "\n"
    if re.search(r"\n[ \t]*\n" + re.escape(pad) + r"- ", original) and not original.endswith("\n\n"):
        joint += "\n"  # the file keeps a blank line between entries: so do we
    text = original + joint + entry
    start_line = text.count("\n", 0, len(original) + len(joint)) + 1
    check_appended(text, path, len(existing.raw.data.get(name) or []), expected_record(pairs))
    write_atomically(path, text)
    return start_line


def check_appended(text: str, path: Path, count_before: int, expected: dict) -> None:
    """Read the new text back: one more entry, and exactly the one meant. Else write nothing."""
    errors: list = []
    data = parse_yaml(text, str(path), errors)
    if errors or not isinstance(data, list) or len(data) != count_before + 1 or dict(data[-1]) != expected:
        raise NewError(f"appending to {path} would not give a correct entry; nothing was written. "
                       f"Add it by hand: {expected}")


# --- the four commands ------------------------------------------------------------------------

def new_brief(content_dir: Path, title: str, topic: str, slug: str | None = None,
              summary: str | None = None, sources=(), actors=(), places=(), draft: bool = False,
              today: dt.date | None = None) -> Created:
    existing = Existing(content_dir)
    title = required_text(title, "the title")
    made_from = ""
    if not slug:   # from the title, in whatever script: transliterated, never a placeholder
        slug, made_from = slugify(title, max_length=60), "--slug"
        if not slug:
            raise NewError("the title gives no usable file name (no letters or digits that can be written in "
                           "Latin); give one with --slug, e.g. --slug aleppo-falls")
    check_new_id(slug, "a brief", existing, made_from=made_from)
    if topic not in existing.topics:
        hint = suggest(topic, existing.topics)
        raise NewError(f"unknown topic '{topic}'" + (f" ({hint})" if hint else "") +
                       "; topics are listed in site.yaml")
    todos = []
    if summary is None or not summary.strip():
        summary, todos = TODO["summary"], todos + ["summary"]
    sources = check_refs(sources, existing.ids["sources"], "source", "--source")
    if not sources:
        sources, todos = (TODO["sources"],), todos + ["sources"]
    day = today or dt.date.today()
    pairs = [("title", title), ("date", day), ("summary", summary.strip()),
             ("topic", topic), ("actors", check_refs(actors, existing.ids["actors"], "actor", "--actor")),
             ("places", check_refs(places, existing.ids["places"], "place", "--place")),
             ("sources", sources), ("draft", draft)]
    text = ("---\n" + "".join(line + "\n" for line in yaml_lines(pairs)) + "---\n\n"
            "<!-- Write the brief here, in Markdown. To link an actor, place, source or brief, put its "
            "id in double square brackets. This comment is not published. -->\n")
    path = existing.content_dir / "briefs" / f"{slug}.md"
    write_atomically(path, text, exclusive=True)
    return Created(path, 1, "brief", slug, todos, existing.after_as_of(day))


def new_actor(content_dir: Path, ident: str, name: str, kind: str, short_name: str = "",
              role: str = "", country: str = "", side: str = "", part_of=(), aliases=()) -> Created:
    existing = Existing(content_dir)
    check_new_id(ident, "an actor", existing)
    pairs = [("id", ident), ("name", required_text(name, "--name")),
             ("kind", check_choice(kind, ACTOR_KINDS, "actor kind"))]
    if short_name:
        pairs.append(("short_name", required_text(short_name, "--short-name")))
    if role:
        pairs.append(("role", required_text(role, "--role")))
    if aliases:
        pairs.append(("aliases", tuple(required_text(a, "--alias") for a in aliases)))
    if part_of:
        pairs.append(("part_of", check_refs(part_of, existing.ids["actors"], "actor", "--part-of")))
    if country:
        pairs.append(("country", required_text(country, "--country")))
    if side:
        pairs.append(("side", check_refs([side], existing.sides, "side", "--side")[0]))
    line = append_entry(existing, "actors", pairs)
    return Created(existing.content_dir / "actors.yaml", line, "actor", ident)


def new_place(content_dir: Path, ident: str, name: str, kind: str, governorate: str, lat: float,
              lon: float, coords_source: str | None = None, geonames: int | None = None,
              precision_km: float | None = None, country: str = "", aliases=()) -> Created:
    existing = Existing(content_dir)
    check_new_id(ident, "a place", existing)
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise NewError(f"lat {lat}, lon {lon} is not on Earth (are latitude and longitude swapped?)")
    if not coords_source:
        if geonames is None:
            raise NewError("say where the coordinates come from: --coords-source TEXT "
                           "(or pass --geonames ID when they come from GeoNames)")
        coords_source = "GeoNames"
    pairs = [("id", ident), ("name", required_text(name, "--name")),
             ("kind", check_choice(kind, PLACE_KINDS, "place kind")),
             ("governorate", required_text(governorate, "--governorate"))]
    # The build's own check of where it is (governorate, country), before anything is written.
    problem = misplaced(Place(ident, name, kind, governorate, float(lat), float(lon), coords_source,
                              country or "Syria", precision_km=precision_km))
    if problem:
        raise NewError(f"{problem.message} ({problem.hint})" if problem.hint else problem.message)
    if country:
        pairs.append(("country", required_text(country, "--country")))
    pairs += [("lat", float(lat)), ("lon", float(lon))]
    if geonames is not None:
        if geonames <= 0:
            raise NewError("--geonames must be a positive whole number")
        pairs.append(("geonames", int(geonames)))
    pairs.append(("coords_source", required_text(coords_source, "--coords-source")))
    if precision_km is not None:
        pairs.append(("precision_km", float(precision_km)))
    if aliases:
        pairs.append(("aliases", tuple(required_text(a, "--alias") for a in aliases)))
    line = append_entry(existing, "places", pairs)
    return Created(existing.content_dir / "places.yaml", line, "place", ident)


def new_event(content_dir: Path, actor: str | None, kind: str, status: str, place: str | None = None,
              date: str | None = None, summary: str | None = None, sources=(), claimed_by=(),
              denied_by=(), confirmed_by=(), ident: str | None = None,
              today: dt.date | None = None) -> Created:
    existing = Existing(content_dir)
    check_choice(kind, EVENT_KINDS, "event kind")
    check_choice(status, EVENT_STATUSES, "event status")
    day = parse_date(date) if date else (today or dt.date.today())
    if day is None:
        raise NewError(f"--date '{date}' is not a real date; write it as YYYY-MM-DD")
    if actor:
        check_refs([actor], existing.ids["actors"], "actor", "--actor")
    elif kind not in KINDS_WITHOUT_ACTOR:
        raise NewError(f"an event of kind '{kind}' has someone who acted: pass --actor ID")
    if place:
        check_refs([place], existing.ids["places"], "place", "--place")
    elif kind not in KINDS_WITHOUT_PLACE:
        raise NewError(f"an event of kind '{kind}' happens somewhere: pass --place ID")
    ident = ident or f"{iso(day)}-{place or actor or kind}"
    check_new_id(ident, "an event", existing, namespace="events")
    todos = []
    pairs = [("id", ident), ("date", day)]
    if place:
        pairs.append(("place", place))
    if actor:
        pairs.append(("actor", actor))
    pairs += [("kind", kind), ("status", status)]
    if summary is None or not summary.strip():
        summary, todos = TODO["event_summary"], todos + ["summary"]
    pairs.append(("summary", required_text(summary, "--summary")))
    given = {"claimed_by": claimed_by, "denied_by": denied_by, "confirmed_by": confirmed_by}
    for key in ("claimed_by", "denied_by", "confirmed_by"):
        values = check_refs(given[key], existing.ids["sources"], "source", "--" + key.replace("_", "-"))
        if not values and key in STATUS_NEEDS[status]:
            values, todos = (TODO[key],), todos + [key]
        if values:
            pairs.append((key, values))
    sources = check_refs(sources, existing.ids["sources"], "source", "--source")
    if not sources:
        sources, todos = (TODO["sources"],), todos + ["sources"]
    pairs.append(("sources", sources))
    line = append_entry(existing, "events", pairs)
    return Created(existing.content_dir / "events.yaml", line, "event", ident, todos, existing.after_as_of(day))


def new_translation(content_dir: Path, slug: str, lang: str, kind: str = "brief") -> Created:
    """Start `briefs/<slug>.<lang>.md` (or `pages/`, kind 'page'): title and summary TODO (check
    and build refuse them until written), `translates:` set to the original's version now
    (derive/editions.text_version), and the original's body inside an HTML comment, never
    published, to translate from. Raises NewError for a language not in site.yaml (or the
    default), an unknown slug, or a translation that exists."""
    from briefing.build import load_site
    from briefing.derive.editions import languages, text_version
    try:
        site = load_site(content_dir, drafts=True)
    except Exception as exc:   # ContentErrors: the content must be valid to translate from it
        raise NewError(f"the content has errors; run check and fix them first ({exc})") from None
    langs = languages(site)
    if lang not in langs[1:]:
        raise NewError(f"'{lang}' is not one of the site's other languages" +
                       (f" ({', '.join(langs[1:])})" if langs[1:] else "; add it to 'languages' in site.yaml first"))
    items = {item.slug: item for item in (site.briefs if kind == "brief" else site.pages)}
    if slug not in items:
        hint = suggest(slug, items)
        raise NewError(f"no {kind} '{slug}' to translate" + (f" ({hint})" if hint else ""))
    original = items[slug]
    pairs = [("title", TODO["title"]), ("summary", TODO["summary"]), ("translates", text_version(original))]
    quoted = original.body.replace("-->", "-- >")
    text = ("---\n" + "".join(line + "\n" for line in yaml_lines(pairs)) + "---\n\n"
            f"<!-- The original ({slug}.md), to translate: keep every [[id]] and every {{{{< >}}}} line as it is. "
            f"This comment is not published; delete it when you are done.\n\n{quoted.strip()}\n-->\n")
    path = Path(content_dir) / ("briefs" if kind == "brief" else "pages") / f"{slug}.{lang}.md"
    write_atomically(path, text, exclusive=True)
    return Created(path, 1, "translation", f"{slug}.{lang}", ["title", "summary"],
                   ["the original's body is in a comment at the end: write the translation above it"])
