"""One record's fields, read against what the content format allows (docs/content-format.md).

FieldReader turns each problem into a ContentError with its file and line, and queues each
reference to another record (a PendingRef) to be checked once every id is known.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import NamedTuple
from urllib.parse import urlsplit

from briefing.content.load import CONTROL_CHARACTER
from briefing.content.yaml_text import CutText, Items, Record
from briefing.errors import ContentError
from briefing.model import Location
from briefing.text import in_utc, suggest

# \Z, not $: '$' also matches before a final newline, and a file can be named "a\n.md".
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}\Z")
# An absolute http(s) address with a host: what an href from YAML may hold (never javascript:).
# Quotes, angle brackets and spaces are never raw in a URL (RFC 3986): they must be %-encoded.
HTTP_URL_PATTERN = re.compile(r"^https?://[^\s/?#\\\x00-\x1f\x7f\"<>`]+([/?#][^\s\x00-\x1f\x7f\"<>`]*)?\Z",
                              re.IGNORECASE)
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
# Numbers as YAML 1.2's core schema writes them (https://yaml.org/spec/1.2.2/#1023-core-schema),
# without .inf and .nan: content never needs them.
INTEGER_PATTERN = re.compile(r"^[-+]?[0-9]+\Z")
NUMBER_PATTERN = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
# What YAML 1.1 read as true/false; text now, and an error where true or false is wanted.
YES, NO = {"y", "yes", "on"}, {"n", "no", "off"}
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
    namespace: str  # 'actor', 'place', 'source', 'topic', 'side', 'link'; 'as_of': a date, not after it


class FieldReader:
    """Reads the fields of one record, turning each problem into a ContentError."""

    # The site's default language while files are read (readers.read_work sets it from site.yaml
    # for each unit, and it is part of each unit's key): which text of a `{en: ..., ar: ...}`
    # mapping is the field's own.
    default_language = "en"

    def __init__(self, record: Record, what: str, errors: list, refs: list):
        self.record, self.what, self.errors, self.refs = record, what, errors, refs
        self.file, self.line = record.file, record.line
        self.translated: list = []   # (field, language, text): prose() and prose_list()'s other languages

    def prose(self, key: str, required: bool = True, default: str = "") -> str:
        """A field of prose that may be translated (docs/languages.md): plain text, in the default
        language, or a mapping from language tag to text. Returns the default language's text;
        the other languages' go to self.translated. A tag that is not a language, or a mapping
        without the default language, is an error here; a tag not in site.yaml's `languages` is
        queued as a PendingRef ('language') and reported once every file is read."""
        value = self.record.get(key)
        if not isinstance(value, Record):
            return self.text(key, required, default)
        return self._per_language(key, value, required, default, lambda inner, lang: inner.text(lang, required))

    def prose_list(self, key: str) -> tuple[str, ...]:
        """A list of prose (aliases) that may be given per language, as prose() takes text."""
        value = self.record.get(key)
        if not isinstance(value, Record):
            return self.texts(key)
        return self._per_language(key, value, False, (), lambda inner, lang: inner.texts(lang))

    def _per_language(self, key: str, mapping: Record, required: bool, default, read):
        """A field given per language (prose, prose_list): read(reader of the mapping, language)
        reads each language's value; errors name the language as the key ("'ar' is empty")."""
        inner = FieldReader(mapping, f"'{key}'", self.errors, self.refs)
        own = default
        for lang in mapping:
            line = mapping.line_of(lang)
            if not isinstance(lang, str) or not LANGUAGE_PATTERN.match(lang):
                self.errors.append(ContentError(self.file, line, f"'{lang}' in '{key}' is not a language tag",
                                                "give the text per language, as {en: ..., ar: ...}, or write "
                                                "plain text in the site's default language"))
                continue
            text = read(inner, lang)
            if lang == self.default_language:
                own = text
            else:
                self.refs.append(PendingRef(self.file, line, key, lang, "language"))
                if text:
                    self.translated.append((key, lang, text))
        if self.default_language not in mapping and (required or mapping):
            self.errors.append(ContentError(
                self.file, self.record.line_of(key),
                f"'{key}' has no text in '{self.default_language}', the site's default language",
                f"add {self.default_language}: with the text every edition falls back to"))
        return own

    def translations(self) -> tuple:
        """What prose() and prose_list() read in languages other than the default, for a model
        record's `translations`."""
        return tuple(self.translated)

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
            comment = self.record.comments.get(key, "") if value is None else ""
            if comment and (required or re.match(r"\s*#\S", comment)):
                self.error(key, f"'{key}' is empty: YAML reads '{comment.strip()}' after it as a comment",
                           f"if it is the value, put it in quotes: {key}: {quoted(comment.strip())}")
            elif required and value is None:
                self.error(key, f"'{key}' is empty", "give it a value")
            elif required:
                self.error(None, f"{self.what} is missing required key '{key}'")
            return MISSING
        return value

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        """A field of prose (a title, a name, a note): exactly the text typed, stripped of
        surrounding white space. A value a YAML comment cut short is an error (see CutText)."""
        value = self._scalar(key, required, default)
        if isinstance(self.record.get(key), CutText):
            self._cut(key, self.record[key], self.record[key].line)
            return default
        return value

    def _scalar(self, key: str, required: bool = True, default: str = "") -> str:
        """A field's text, stripped: the form every field is typed in (loaders resolve no
        types; load.TextResolver). For text that names something (an id, a date, a choice,
        an address) a comment after it on its line is just a comment."""
        value = self._get(key, required)
        if value is MISSING:
            return default
        if not isinstance(value, str):
            self.error(key, f"'{key}' must be text, not {type_name(value)}",
                       "put the text in quotes" if isinstance(value, (bool, int, float)) else "")
            return default
        control = self._control_character(key, value, self.record.line_of(key))
        value = value.strip()
        if required and not value:
            self.error(key, f"'{key}' is empty")
        return default if control else value

    def _control_character(self, key: str, value: str, line: int) -> bool:
        """Report a control character in a value (one a YAML escape wrote: read_text reports those
        typed raw), before any strip(): Python counts U+001C-U+001F as white space."""
        bad = CONTROL_CHARACTER.search(value)
        if bad:
            self.errors.append(ContentError(self.file, line, f"'{key}' contains an invisible control "
                                            f"character (U+{ord(bad.group()):04X})",
                                            "delete it; it cannot appear in the feed or the page"))
        return bool(bad)

    def _cut(self, key: str, value: "CutText", line: int) -> None:
        whole = f"{value}{value.rest}"
        self.errors.append(ContentError(
            self.file, line or self.record.line_of(key),
            f"'{key}' is cut short by a YAML comment: it would read '{value.strip()}', "
            f"without '{value.rest.strip()}'",
            f"in YAML, ' #' starts a comment: if it belongs to the value, put the whole value in "
            f"quotes, {quoted(whole.strip())}; if it is a comment, give it a line of its own"))

    def url(self, key: str, required: bool = False) -> str:
        """An absolute http(s) address; anything else (javascript:, data:, a bare name) is an error."""
        value = self._scalar(key, required)
        if value and not (HTTP_URL_PATTERN.match(value) and readable_url(value)):
            self.error(key, f"'{value}' is not an http(s) address", "e.g. https://example.org/")
            return ""
        return value

    def ident(self, key: str, required: bool = True) -> str:
        value = self._scalar(key, required)
        if value and not ID_PATTERN.match(value):
            self.error(key, f"'{value}' is not a valid id", id_hint(value))
            return ""
        return value

    def ref(self, key: str, namespace: str, required: bool = True) -> str:
        value = self._scalar(key, required)
        if value:
            self.refs.append(PendingRef(self.file, self.record.line_of(key), key, value, namespace))
        return value

    def _items(self, key: str, value) -> list[tuple[object, int]]:
        """A list field's items with each item's own line; one value alone is a list of one."""
        if isinstance(value, list):
            lines = value.line_of_item if isinstance(value, Items) else (lambda index: self.record.line_of(key))
            return [(item, lines(index)) for index, item in enumerate(value)]
        return [(value, self.record.line_of(key))]

    def refs_list(self, key: str, namespace: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is MISSING:
            return ()
        if not isinstance(value, (str, list)):
            self.error(key, f"'{key}' must be a list of ids, not {type_name(value)}")
            return ()
        result = []
        for item, line in self._items(key, value):
            if not isinstance(item, str):
                self.errors.append(ContentError(self.file, line, f"'{key}' must be a list of ids; "
                                                f"found {type_name(item)}"))
                continue
            item = item.strip()
            if item in result:
                self.errors.append(ContentError(self.file, line, f"'{item}' is listed twice in '{key}'"))
                continue
            result.append(item)
            self.refs.append(PendingRef(self.file, line, key, item, namespace))
        if required and not result:
            self.error(key, f"'{key}' needs at least one id")
        return tuple(result)

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of prose (aliases): each item exactly as typed, like text()."""
        value = self._get(key, False)
        if value is MISSING:
            return ()
        if not isinstance(value, (str, list)):
            self.error(key, f"'{key}' must be a list of text, not {type_name(value)}")
            return ()
        result, ok = [], True
        for item, line in self._items(key, value):
            if not isinstance(item, str):
                hint = "put it in quotes" if isinstance(item, (bool, int, float)) else ""
                self.errors.append(ContentError(self.file, line, f"'{key}' must be a list of text; "
                                                f"found {type_name(item)}", hint))
                ok = False
            elif isinstance(item, CutText):
                self._cut(key, item, line)
                ok = False
            elif self._control_character(key, item, line):
                ok = False
            elif not item.strip():
                self.errors.append(ContentError(self.file, line, f"'{key}' has an empty item",
                                                "delete it, or write the text it was meant to hold"))
                ok = False
            elif item.strip() in result:
                self.errors.append(ContentError(self.file, line, f"'{item.strip()}' is listed twice in '{key}'"))
                ok = False
            else:
                result.append(item.strip())
        return tuple(result) if ok else ()

    def choice(self, key: str, options: tuple[str, ...], required: bool = True) -> str:
        value = self._scalar(key, required)
        if value and value not in options:
            self.error(key, f"'{value}' is not a known {key} for {self.what}", suggest(value, options))
            return ""
        return value

    def number(self, key: str, low: float, high: float, required: bool = True) -> float | None:
        """A number, written as YAML 1.2's core schema writes one (36.2, -1, 1e3); quotes allowed."""
        value = self._number(key, required)
        if value is None:
            return None
        if not low <= value <= high:
            typed = self.record.get(key)
            shown = typed.strip() if isinstance(typed, str) else value
            self.error(key, f"'{key}' is {shown}, outside the range {low} to {high}",
                       "latitude and longitude may be swapped" if key in ("lat", "lon") else "")
            return None
        return float(value)

    def _number(self, key: str, required: bool, pattern: re.Pattern | None = None,
                wants: str = "a number"):
        value = self._get(key, required)
        if value is MISSING:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):   # an explicit !!int, !!float
            return value
        text = value.strip() if isinstance(value, str) else None
        if text is None or not (pattern or NUMBER_PATTERN).match(text):
            shown = f"'{text}'" if text is not None else type_name(value)
            self.error(key, f"'{key}' must be {wants}, not {shown}",
                       "write digits, with a point for decimals: e.g. 36.21" if pattern is None else "")
            return None
        number = float(text) if not INTEGER_PATTERN.match(text) else int(text)
        if isinstance(number, float) and not math.isfinite(number):
            self.error(key, f"'{key}' must be a finite number, not '{text}'")
            return None
        return number

    def integer(self, key: str, required: bool = False) -> int | None:
        value = self._number(key, required, INTEGER_PATTERN, "a positive whole number")
        if value is None:
            return None
        if not isinstance(value, int) or value <= 0:
            self.error(key, f"'{key}' must be a positive whole number")
            return None
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        """true or false, as YAML 1.2 writes them; YAML 1.1's yes/no/on/off are an error, since
        a reader of the file cannot tell which was meant."""
        value = self._get(key, False)
        if value is MISSING:
            return default
        if isinstance(value, bool):   # an explicit !!bool
            return value
        text = value.strip().lower() if isinstance(value, str) else None
        if text in ("true", "false"):
            return text == "true"
        shown = f"'{value.strip()}'" if text is not None else type_name(value)
        self.error(key, f"'{key}' must be true or false, not {shown}",
                   "write true or false" + (f"; '{value.strip()}' is text here, not {str(text in YES).lower()}"
                                            if text in YES or text in NO else ""))
        return default

    def date(self, key: str, required: bool = True, by_as_of: bool = False) -> dt.date | None:
        """A day, YYYY-MM-DD. by_as_of: it may not be after site.yaml's as_of (checked once as_of is known)."""
        value = self._scalar(key, required)
        return self._day(key, value, by_as_of) if value else None

    def _day(self, key: str, value: str, by_as_of: bool) -> dt.date | None:
        parsed = parse_date(value)
        if parsed is None and parse_datetime(value):
            self.error(key, f"'{key}' takes a day, not a date and time: '{value}'",
                       f"write the day alone, e.g. '{value[:10]}'")
        elif parsed is None:
            self.error(key, f"'{value}' is not a real date", "write dates as YYYY-MM-DD")
        elif by_as_of:
            self.not_after_as_of(key, value)
        return parsed

    def day_or_range(self, key: str, required: bool = True,
                     by_as_of: bool = False) -> tuple[dt.date | None, dt.date | None]:
        """A day, YYYY-MM-DD, or a range of days when the exact one is not known,
        YYYY-MM-DD..YYYY-MM-DD (the first and last days it may have been): (first, last), with
        last None for a single day or a range of one day. by_as_of: as for date, on the last day."""
        value = self._scalar(key, required)
        if ".." not in value:
            return (self._day(key, value, by_as_of) if value else None), None
        first_text, _, last_text = (part.strip() for part in value.partition(".."))
        first, last = parse_date(first_text), parse_date(last_text)
        if first is None or last is None:
            wrong = first_text if first is None else last_text
            self.error(key, f"'{value}' is not a range of days: '{wrong}' is not a real date",
                       "write the first and last days it may have been, e.g. 2024-11-28..2024-12-01")
            return None, None
        if last < first:
            self.error(key, f"the range '{value}' ends before it starts",
                       f"write the earlier day first: {last_text}..{first_text}")
            return None, None
        if by_as_of:
            self.not_after_as_of(key, last_text)
        return first, (last if last != first else None)

    def datetime(self, key: str, required: bool = True, date_allowed: bool = False,
                 by_as_of: bool = False) -> dt.datetime | dt.date | None:
        """A moment with a UTC offset; with date_allowed, a day alone is kept as a day (dt.date), so
        no page shows a time the editor never gave. by_as_of: as for date."""
        value = self._scalar(key, required)
        if not value:
            return None
        if date_allowed and DATE_PATTERN.match(value):
            return self.date(key, required, by_as_of)
        parsed = parse_datetime(value)
        if parsed is None and parse_date(value):
            self.error(key, f"'{key}' needs a time and a UTC offset, not only a day: '{value}'",
                       f"e.g. '{value}T18:00:00+00:00'")
        elif parsed is None:
            self.error(key, f"'{value}' is not a real date and time",
                       "write it as YYYY-MM-DDTHH:MM:SS+00:00")
        elif parsed.tzinfo is None:
            self.error(key, f"'{value}' has no time zone", f"add one, e.g. '{value}+00:00'")
            return None
        else:
            try:  # pages show times in UTC: 0001-01-01T00:00+05:00 has no UTC equivalent
                in_utc(parsed)
            except OverflowError:
                self.error(key, f"'{value}' is out of range")
                return None
            if by_as_of:
                self.not_after_as_of(key, value)
        return parsed

    def not_after_as_of(self, key: str, value: str) -> None:
        """Queue a check of this date (its text, as written) against as_of, which another file holds:
        validate.py makes it with the references, once site.yaml is read."""
        self.refs.append(PendingRef(self.file, self.record.line_of(key), key, value, "as_of"))

    def records(self, key: str, what: str, required: bool = False, plural: str = "") -> list[Record]:
        value = self._get(key, required)
        if value is MISSING:
            return []
        if not isinstance(value, list) or not all(isinstance(i, Record) for i in value):
            self.error(key, f"'{key}' must be a list of {plural or what + 's'}, each with its own keys")
            return []
        return value

    def location(self) -> Location:
        return Location(self.file, self.line)


# Domains reserved for examples and tests (RFC 2606, RFC 6761): an address there is a placeholder.
RESERVED_DOMAIN = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|[a-z0-9-]+\.(?:example|invalid|test|localhost))\.?\Z",
                             re.IGNORECASE)
EMAIL_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                           r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)")


def reserved_domain(host: str) -> bool:
    """Whether `host` is reserved for examples (example.org, anything.test...): RFC 2606 and 6761."""
    return bool(host) and bool(RESERVED_DOMAIN.search(host))


def readable_url(value: str) -> bool:
    """Whether urllib reads the address as every later stage will: 'https://[host/' passes the
    pattern but is a broken IPv6 literal to urlsplit, and a port must be a number below 65536."""
    try:
        parts = urlsplit(value)
        parts.port   # raises ValueError for a port that is not one
    except ValueError:
        return False
    return bool(parts.hostname)


def find_placeholder(value) -> str:
    """The TODO text in a value (or in an item of a list), or ''."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and PLACEHOLDER_PATTERN.match(item):
            return item.strip()
    return ""


def quoted(text: str) -> str:
    """text as a YAML double-quoted scalar ("Talks #2 in Astana"): JSON's string syntax is
    YAML's double-quoted style."""
    return json.dumps(text, ensure_ascii=False)


def type_name(value) -> str:
    for kind, name in ((bool, "true/false"), (str, "text"), ((int, float), "a number"), (list, "a list"),
                       (dict, "a mapping"), (type(None), "empty"), ((bytes, bytearray), "binary data"),
                       ((set, frozenset), "a set")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def slugify(value: str, max_length: int = 80) -> str:
    """An id made from a name in any script, or '' when nothing usable is left (emoji,
    punctuation): the caller then asks the editor for one, never makes one up.

    text-unidecode spells it in Latin ('سقوط حلب' -> 'sqwT Hlb', 'Türkiye' -> 'Turkiye'); an
    apostrophe or backtick (a possessive, or what Arabic's hamza and ayn become) joins, as in a word;
    python-slugify keeps lower-case letters, digits and single hyphens, cut at a word boundary to
    max_length. The transliteration is named, not python-slugify's 'auto' (Unidecode when installed),
    so an id never depends on what else is installed."""
    # Imported here: 10 ms, for errors, `new` and headings in other scripts only, not every build.
    from slugify import slugify as python_slugify
    from text_unidecode import unidecode

    latin = unidecode(str(value)).replace("'", "").replace("`", "")
    slug = python_slugify(latin, max_length=max_length, word_boundary=True, backend="text-unidecode")
    return slug if ID_PATTERN.match(slug) else ""


def id_hint(value: str) -> str:
    """What an invalid id should look like, with the id its text gives where it gives one."""
    slug = slugify(value)
    return "use lower-case letters, digits and hyphens" + (f", e.g. '{slug}'" if slug else "")


def file_name_hint(stem: str) -> str:
    """How to rename a brief or page whose file name cannot be a slug."""
    slug = slugify(stem)
    return f"rename it to '{slug}.md'" if slug else "rename it: lower-case letters, digits and hyphens, then .md"


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
