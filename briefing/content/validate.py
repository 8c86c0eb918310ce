"""Raw records -> the Site model, or every ContentError at once.

Each file is read by readers.py; what no single file can tell is checked here, last, when
every id is known (ids unique across files, references that lead somewhere), so an error
can say what was probably meant.
"""
from __future__ import annotations

import datetime as dt

from briefing.content.fields import PendingRef, check_unique, parse_date, parse_datetime
from briefing.content.load import RawContent
from briefing.content.readers import DATA_READERS, Read, read_work
from briefing.content.syntax import without_comments
from briefing.errors import ContentError, ContentErrors
from briefing.model import Site, Translation
from briefing.text import has_time, in_utc, iso, suggest, utc_day, utc_note

# --- the whole site ---------------------------------------------------------------------------

def entries(items):
    return [(item.id, item.loc.file, item.loc.line) for item in items]


def validate(raw: RawContent, include_drafts: bool = False) -> Site:
    """Turn raw content into a Site, or raise ContentErrors listing every problem."""
    work = read_work(raw)
    return check_site(raw, [unit.run() for unit in work], include_drafts)


def check_site(raw: RawContent, reads: list[Read], include_drafts: bool = False) -> Site:
    """The Site from every file's Read (read_work's units, run, in order), once what no single
    file can tell is checked: ids unique across files, references that lead somewhere.
    Raises ContentErrors listing every problem, the files' own first."""
    if not raw.data_labels:   # no content folder: its error says so, and there is nothing to read
        raise ContentErrors(raw.errors)
    errors, refs = list(raw.errors), []
    for read in reads:
        errors.extend(read.errors)
        refs.extend(read.refs)
    config = reads[0].value
    sources, actors, relations, places, events = (read.value for read in reads[1:1 + len(DATA_READERS)])
    rest = reads[1 + len(DATA_READERS):]
    briefs = [read.value for read in rest[:len(raw.briefs)] if read.value]
    pages = [read.value for read in rest[len(raw.briefs):] if read.value]
    translations = [item for item in briefs + pages if isinstance(item, Translation)]
    briefs = [b for b in briefs if not isinstance(b, Translation)]
    pages = [p for p in pages if not isinstance(p, Translation)]

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
        "as_of": config.as_of if config else None,
        "event": {e.id: e for e in events},
        "page": {p.slug: p for p in pages},
        "language": None if config is None else {lang: lang for lang in config.languages},
    }
    drafts = {b.slug: b.loc.file for b in briefs if b.draft}
    errors.extend(check_refs(refs, namespaces, drafts))
    if config is not None:
        originals = {("brief", b.slug): b for b in briefs} | {("page", p.slug): p for p in pages}
        errors.extend(check_translations(translations, config.language, originals))
        taken = {lang.lower(): lang for lang in config.languages[1:]}
        errors.extend(ContentError(p.loc.file, 1, f"page slug '{p.slug}' is taken by the site's '{taken[p.slug]}' "
                                   f"edition, published under /{p.slug}/", "rename the file")
                      for p in pages if p.slug in taken)
    if errors:
        raise ContentErrors(errors)
    if not include_drafts:
        drafts_out = {b.slug for b in briefs if b.draft}
        briefs = [b for b in briefs if not b.draft]
        translations = [t for t in translations if not (t.kind == "brief" and t.slug in drafts_out)]
    return Site(config, tuple(sorted(briefs, key=lambda b: (b.date, b.slug), reverse=True)),
                tuple(sorted(pages, key=lambda p: p.slug)), tuple(actors), tuple(relations),
                tuple(places), tuple(sorted(events, key=lambda e: (e.date, e.id))), tuple(sources),
                translations=tuple(sorted(translations, key=lambda t: (t.kind, t.slug, t.lang))))


def check_translations(translations: list, default: str, originals: dict) -> list[ContentError]:
    """What no translation may be (originals: (kind, slug) -> the Brief or Page): in the default
    language (the original is that); without a body where its original has one (a title and a
    bottom line over nothing); with corrections or updates dated otherwise than its original's
    (each is the original's, translated: none added, none left out, none moved)."""
    errors = []
    for t in translations:
        file = t.loc.file if t.loc else t.slug
        if t.lang == default:
            errors.append(ContentError(file, 1, f"'{t.lang}' is the site's default language, the original's own",
                                       f"a translation is into another of site.yaml's languages; the text of "
                                       f"{t.slug}.md is the {t.lang} one"))
            continue
        original = originals.get((t.kind, t.slug))
        if original is None:
            continue   # its own error: the original does not exist
        if without_comments(original.body).strip() and not without_comments(t.body).strip():
            errors.append(ContentError(file, t.body_line, "the translation has no body: its page would show a title "
                                       "and a summary over nothing", f"translate the body of {t.slug}.md below the "
                                       "front matter (`new translation` puts it in a comment to work from)"))
        for key in ("corrections", "updates") if t.kind == "brief" else ():
            mine, theirs = ([iso(when) for when in (notice.date for notice in getattr(item, key))]
                            for item in (t, original))
            if mine and mine != theirs:
                errors.append(ContentError(file, 1, f"the translation's {key} are dated {', '.join(mine)}; "
                                           f"the original's are dated {', '.join(theirs) or '(none)'}",
                                           f"give each of {t.slug}.md's {key}, with the same date, in the same "
                                           "order, its text translated; or leave them out, to show the original's"))
    return errors


# Top-level folders the site itself writes; a page may not take their names.
RESERVED_SLUGS = {"briefs", "actors", "places", "sources", "topics", "assets", "data", "pagefind",
                  "network", "map", "chronology", "claims", "search", "index", "404", "feed", "corrections"}


def check_refs(refs: list[PendingRef], namespaces: dict, drafts: dict | None = None) -> list[ContentError]:
    """drafts: slug -> file of each draft brief. A link from a brief that is not a draft to one
    that is leads nowhere in a published build (as text it would show the draft's slug), so it
    is an error in every build, drafts included: previews and production agree."""
    errors = []
    drafts = drafts or {}
    draft_files = set(drafts.values())
    # Every id a [[link]] may name, built once: rebuilding it per link made validation quadratic.
    linkable = None if any(namespaces[ns] is None for ns in ("actor", "place", "source")) else \
        {k: v for ns in ("actor", "place", "source", "brief") for k, v in namespaces[ns].items()}
    for file, line, field_name, value, namespace in refs:   # PendingRefs, or plain tuples (Read.refs)
        if namespace == "link":
            if linkable is not None and value not in linkable:
                errors.append(ContentError(file, line, f"[[{value}]] links to an unknown id",
                                           suggest(value, linkable)))
            elif value in drafts and file not in draft_files:
                errors.append(ContentError(file, line, f"[[{value}]] links to a draft",
                                           "a draft is not published: link to it once it is (without "
                                           "'draft: true'), or only from another draft"))
            continue
        table = namespaces.get(namespace)
        if table is None:
            continue  # its file failed to parse; that error says why
        if namespace == "as_of":
            error = after_as_of(file, line, field_name, value, table)
            if error:
                errors.append(error)
            continue
        if namespace == "language" and value not in table:
            errors.append(ContentError(file, line, f"'{value}' in '{field_name}' is not one of the site's languages",
                                       suggest(value, table, list_up_to=0) or f"site.yaml's languages are {', '.join(table)}; "
                                       f"add '{value}' there to publish in it"))
            continue
        if field_name == "file name" and value not in table:   # a translation's original (readers.read_translation)
            errors.append(ContentError(file, line, f"this translates the {namespace} '{value}', which does not exist",
                                       suggest(value, table) or f"name the file after the {namespace} it translates: "
                                       f"<slug>.<language>.md beside <slug>.md"))
            continue
        if value not in table:
            elsewhere = [ns for ns in ("actor", "place", "source") if value in (namespaces[ns] or ())]
            hint = (f"'{value}' is a {elsewhere[0]}, not {'an' if namespace[0] in 'aeiou' else 'a'} {namespace}"
                    if elsewhere
                    else suggest(value, table))
            errors.append(ContentError(file, line, f"unknown {namespace} '{value}' in '{field_name}'", hint))
    return errors


def after_as_of(file: str, line: int, key: str, value: str, as_of: dt.datetime) -> ContentError | None:
    """The error for a date later than the site's information cut-off, or None. A day is later when
    it is after as_of's day in UTC (a brief of 2 December is fine under 2 December, 18:00 UTC); a
    moment, when it is after as_of itself. The value is the text as written (read back here)."""
    when = parse_date(value) or parse_datetime(value)
    if when is None:
        return None
    later = in_utc(when) > as_of if has_time(when) else when > utc_day(as_of)
    if not later:
        return None
    return ContentError(file, line, f"'{key}' ({value}) is after as_of",
                        f"{utc_note(when)}as_of in site.yaml is {iso(as_of)}; move as_of forward or correct '{key}'")
