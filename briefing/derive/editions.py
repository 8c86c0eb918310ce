"""Site -> the Site in one of its languages (an edition), and how far each translation has got.

A site is read once, in its default language, with every other language's text attached
(`translations` on each record, model.Translation for briefs and pages). `edition(site, lang)`
gives the Site every later stage works from for one language: the same records, ids, dates and
references, each text in that language. Text that has no translation yet stays in the default
language as an `Untranslated` string, which a page marks with `lang` (render/untranslated.py), as
the issue asks: no text of another language is shown unmarked. A brief or page without a
translation keeps its original title, summary and body; pages mark the body too.

`text_version(item)` is the version of an original's words a translation records in
`translates:`; `translation_status(site)` lists, per language, what is missing and what is stale
(its original changed since): `generate.py check` prints it, and pages say so.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from briefing.model import (Actor, Brief, Event, KeyFigure, Page, Place, Relation, Side, Site, SiteConfig, Source,
                            StatusChange, Topic, Translation)

# The fields of each record that are written in words (docs/languages.md): the ones a
# `{en: ..., ar: ...}` mapping may give.
TRANSLATED_FIELDS = {
    SiteConfig: ("title", "description", "author"),
    Topic: ("title", "description"),
    Side: ("title", "description"),
    KeyFigure: ("value", "label", "note"),
    Source: ("name", "note"),
    Actor: ("name", "short_name", "role", "description", "aliases", "country"),
    Relation: ("note",),
    Place: ("name", "governorate", "country", "description", "aliases"),
    Event: ("summary", "note"),
    StatusChange: ("note",),
}


# Values a record has without the editor writing them (a place's country when it gives none:
# model.Place's default), never shown as they are (a place page names a country only outside
# Syria): nothing to translate or to mark.
IMPLICIT = {(Place, "country"): "Syria"}

# Lists that are each language's own, not a translation of the default's: other spellings of a
# name in that language's script. A language without them shows the default's (marked), but
# nothing is missing: check does not report them.
OWN_PER_LANGUAGE = ("aliases",)


class Untranslated(str):
    """Text shown in a language it is not written in (`lang`, a BCP 47 tag): a field with no
    translation yet. Its __html__ wraps it in markers that render/untranslated.mark_languages
    turns into `<span lang="..." dir="...">` in text and drops inside tags, so Jinja's
    autoescape marks it wherever a template shows it. str() and JSON see plain text."""
    lang: str = ""

    def __new__(cls, text: str, lang: str):
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    def __reduce__(self):   # pickled into forked workers and the cache
        return Untranslated, (str(self), self.lang)

    def __html__(self) -> str:
        from markupsafe import escape
        return f"{OPEN}{self.lang}{MIDDLE}{escape(str(self))}{CLOSE}"


# Private-use characters (never in content: load.py rejects them in text) that bracket an
# untranslated text in a rendered page until render/untranslated.py resolves them.
OPEN, MIDDLE, CLOSE = "\ue000", "\ue001", "\ue002"


def marked(text: str) -> str:
    """Untranslated text as plain text with its markers, for a writer that escapes text itself
    (Markdown's link labels); other text as it is."""
    return f"{OPEN}{text.lang}{MIDDLE}{text}{CLOSE}" if isinstance(text, Untranslated) else text


def languages(site: Site) -> tuple[str, ...]:
    """The site's languages, the default first."""
    return site.config.languages or (site.config.language,)


def edition(site: Site, lang: str) -> Site:
    """The site in language `lang` (one of `languages(site)`): every record's words in that
    language where it has them, else Untranslated in the default language; each brief and page
    with its translation's title, summary, body, corrections and updates where there is one.
    The default language's edition is the site itself, with `lang` set."""
    default = site.config.language
    if lang == default:
        return replace(site, lang=lang)
    texts = {(t.kind, t.slug): t for t in site.translations if t.lang == lang}

    def local(record):
        return localise(record, lang, default)

    config = local(site.config)
    config = replace(config, topics=tuple(map(local, config.topics)), sides=tuple(map(local, config.sides)),
                     key_figures=tuple(map(local, config.key_figures)))
    events = tuple(replace(local(e), history=tuple(map(local, e.history))) for e in site.events)
    return Site(config, tuple(translated(b, texts.get(("brief", b.slug)), default) for b in site.briefs),
                tuple(translated(p, texts.get(("page", p.slug)), default) for p in site.pages),
                tuple(map(local, site.actors)), tuple(map(local, site.relations)), tuple(map(local, site.places)),
                events, tuple(map(local, site.sources)), translations=site.translations, lang=lang)


def localise(record, lang: str, default: str):
    """One record with its words in `lang`: its translation where it has one, else its
    default-language text as Untranslated (empty text stays empty: nothing to mark)."""
    own = {name: text for name, language, text in record.translations if language == lang}
    changes = {}
    for name in TRANSLATED_FIELDS[type(record)]:
        if name in own:
            changes[name] = own[name]
        elif getattr(record, name) != IMPLICIT.get((type(record), name)):
            value = getattr(record, name)
            if isinstance(value, tuple):
                changes[name] = tuple(Untranslated(v, default) for v in value)
            elif value:
                changes[name] = Untranslated(value, default)
    return replace(record, **changes) if changes else record


def translated(item: Brief | Page, text: Translation | None, default: str):
    """A brief or page in a language: its translation's words, or its own marked Untranslated."""
    if text is None:
        changes = {"title": Untranslated(item.title, default)}
        if item.summary:
            changes["summary"] = Untranslated(item.summary, default)
        if isinstance(item, Brief):
            changes.update(corrections=marked_notices(item.corrections, default),
                           updates=marked_notices(item.updates, default))
        return replace(item, **changes)
    changes = dict(title=text.title, summary=text.summary or item.summary, body=text.body, body_line=text.body_line,
                   loc=text.loc)
    if isinstance(item, Brief):   # the original's, marked, where the translation gives none
        changes.update(corrections=text.corrections or marked_notices(item.corrections, default),
                       updates=text.updates or marked_notices(item.updates, default))
    return replace(item, **changes)


def marked_notices(notices: tuple, lang: str) -> tuple:
    """A brief's corrections or updates shown untranslated: each text as Untranslated."""
    return tuple(replace(n, text=Untranslated(n.text, lang)) for n in notices)


def text_version(item: Brief | Page) -> str:
    """The version of an original's words: the first 12 hex digits of the SHA-256 of its title,
    summary, body and the texts of its corrections and updates, the parts a translation renders.
    A change to anything else (a date, a topic, an actor listed) leaves it, as it leaves the
    translation right. Shown by `generate.py check` for a translator to copy into `translates:`."""
    parts = [item.title, item.summary, item.body]
    if isinstance(item, Brief):
        parts += [n.text for n in item.corrections + item.updates]
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(frozen=True)
class TranslationStatus:
    """Where one brief or page stands in one language."""
    kind: str            # 'brief' or 'page'
    slug: str
    lang: str
    state: str           # 'current', 'stale' (the original changed since), 'unrecorded' (no `translates:`), 'missing'
    file: str = ""       # the translation's file, when there is one
    recorded: str = ""   # the version it says it translates
    current: str = ""    # the original's version now


def translation_status(site: Site) -> list[TranslationStatus]:
    """Every brief and page in every language besides the default, with its state, in the order
    briefs, pages; by slug; by language."""
    others = languages(site)[1:]
    if not others:
        return []
    found = {(t.kind, t.slug, t.lang): t for t in site.translations}
    out = []
    for kind, items in (("brief", site.briefs), ("page", site.pages)):
        for item in sorted(items, key=lambda i: i.slug):
            now = text_version(item)
            for lang in others:
                t = found.get((kind, item.slug, lang))
                if t is None:
                    out.append(TranslationStatus(kind, item.slug, lang, "missing", current=now))
                    continue
                state = "unrecorded" if not t.translates else "current" if t.translates == now else "stale"
                out.append(TranslationStatus(kind, item.slug, lang, state, t.loc.file if t.loc else "", t.translates, now))
    return out


def untranslated_fields(site: Site, config_file: str = "site.yaml") -> list[tuple[str, str, str, str]]:
    """(where, id, field, language) for every field written in the default language that has no
    text in another of the site's languages: what `check` reports as not yet translated. where:
    'content/actors.yaml:21', the record's file and line (site.yaml's parts: config_file alone)."""
    out = []
    records = [(config_file, "site", site.config), *((config_file, t.id, t) for t in site.config.topics),
               *((config_file, s.id, s) for s in site.config.sides),
               *((config_file, f"key figure {i + 1}", f) for i, f in enumerate(site.config.key_figures))]
    for group in (site.sources, site.actors, site.relations, site.places, site.events):
        records += [(f"{r.loc.file}:{r.loc.line}" if r.loc else "", r.id, r) for r in group]
        if group is site.events:
            records += [(f"{e.loc.file}:{e.loc.line}" if e.loc else "", f"{e.id} (change {i})", step)
                        for e in group for i, step in enumerate(e.history[1:], 1)]
    for lang in languages(site)[1:]:
        for file, ident, record in records:
            have = {name for name, language, _ in record.translations if language == lang}
            out += [(file, ident, name, lang) for name in TRANSLATED_FIELDS[type(record)]
                    if getattr(record, name) and name not in have and name not in OWN_PER_LANGUAGE
                    and getattr(record, name) != IMPLICIT.get((type(record), name))]
    return out

