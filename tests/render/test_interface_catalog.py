"""The interface in each language (docs/languages.md, "Translating the interface"): the committed
template of messages is what the code says now, the Arabic catalog translates all of it as Babel's
checkers want, text.py's days, numbers and lists follow the language, and a site built in Arabic
shows no English word of its own.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import fields, is_dataclass
from pathlib import Path

import lxml.html
import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from briefing import i18n, text
from briefing.build import BuildOptions, build, load_site
from conftest import ROOT

LOCALE = ROOT / "briefing" / "locale"
POT = LOCALE / "messages.pot"
AR = LOCALE / "ar" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def keys(catalog) -> set:
    """(context, msgid, plural msgid) of every message."""
    return {(m.context, m.id[0], m.id[1]) if m.pluralizable else (m.context, m.id, None) for m in catalog if m.id}


@pytest.fixture(scope="module")
def arabic():
    return read(AR)


# --- the template of messages is the code's ------------------------------------------------------
def test_the_committed_pot_holds_exactly_the_messages_the_code_has(tmp_path, monkeypatch):
    """A string marked in the code and not extracted, or one extracted that the code no longer
    has, fails here: run scripts/i18n-update, then translate."""
    extracted = tmp_path / "messages.pot"
    monkeypatch.chdir(ROOT)
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "babel.cfg", "-k", "N_", "-o", str(extracted), "."])
    now, committed = keys(read(extracted)), keys(read(POT))
    assert not now - committed, f"marked in the code but not in {POT.name}: {sorted(now - committed)[:10]}"
    assert not committed - now, f"in {POT.name} but no longer in the code: {sorted(committed - now)[:10]}"


def test_the_update_script_extracts_as_this_test_does():
    """Plural messages and contexts need Babel's default keywords: `-k ngettext` would replace them."""
    commands = [line for line in (ROOT / "scripts" / "i18n-update").read_text(encoding="utf-8").splitlines()
                if not line.startswith("#")]
    extract = next(line for line in commands if line.startswith("pybabel extract"))
    assert extract.startswith("pybabel extract -F babel.cfg -k N_ ") and "ngettext" not in extract
    assert any(m.pluralizable for m in read(POT)) and any(m.context for m in read(POT))


# --- the Arabic catalog ---------------------------------------------------------------------------
def test_the_arabic_catalog_has_every_message_of_the_template(arabic):
    assert keys(arabic) == keys(read(POT))


def test_every_message_is_translated_in_every_plural_form_and_none_is_fuzzy(arabic):
    assert arabic.num_plurals == 6 and arabic.plural_forms.startswith("nplurals=6;")
    assert not arabic.fuzzy
    untranslated, fuzzy = [], []
    for message in arabic:
        if not message.id:
            continue
        forms = message.string if message.pluralizable else (message.string,)
        if message.pluralizable and len(forms) != 6 or not all(forms):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated and not fuzzy, (untranslated[:5], fuzzy[:5])


def test_babel_s_checkers_pass(arabic):
    """babel.messages.checkers: placeholders compatible with the msgid's, as many plural forms as the header says."""
    problems = [(message.id, [str(e) for e in errors]) for message, errors in arabic.check()]
    assert not problems, problems[:5]


def test_each_translation_keeps_its_placeholders_and_adds_no_markup(arabic):
    """Stricter than the checkers: a singular message says every placeholder of its msgid (a plural
    form may leave out %(num)s: Arabic says 'one' and 'two' in words), says no other, and brings no
    '<' or '&' (templates put translations into pages unescaped)."""
    problems = []
    for message in arabic:
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        wanted = {name for msgid in ids for name in PLACEHOLDER.findall(msgid)}
        forms = message.string if message.pluralizable else (message.string,)
        for form in forms:
            names = set(PLACEHOLDER.findall(form))
            needed = wanted - {"num"} if message.pluralizable else wanted
            if names - wanted or needed - names or "%" in PLACEHOLDER.sub("", form):
                problems.append((ids[0], form))
            if ("<" in form or "&" in form) and not any("<" in i or "&" in i for i in ids):
                problems.append((ids[0], form))
    assert not problems, problems[:5]


def test_the_glossary_s_words_are_the_catalog_s(arabic):
    """A few of the shared glossary's terms, as the interface uses them."""
    said = {m.id: m.string for m in arabic if m.id and not m.pluralizable and not m.context}
    assert said["Bottom line"] == "الخلاصة" and said["Claims ledger"] == "سجلّ الادعاءات"
    assert said["Single source"] == "مصدر واحد" and said["Chronology"] == "التسلسل الزمني"
    assert (said["Claimed"], said["Confirmed"], said["Denied"], said["Contested"]) == (
        "مُعلَن", "مؤكَّد", "منفيّ", "متنازَع عليه")
    assert said["Claimed by %(actor)s; not confirmed by anyone independent; denied by %(who)s"] == (
        "أعلنه %(actor)s؛ لم يؤكّده أيّ طرف مستقل؛ نفاه %(who)s")
    assert said["Information as of %(day)s"] == "المعلومات حتى %(day)s"


# --- days, numbers and lists in the page's language ---------------------------------------------
DAY = dt.date(2024, 11, 27)
MOMENT = dt.datetime(2024, 12, 2, 18, 0, tzinfo=dt.timezone.utc)


class Ranged:
    date, date_end = dt.date(2024, 11, 28), dt.date(2024, 12, 1)


def test_english_reads_as_it_always_did():
    with i18n.use("en"):
        assert str(i18n.locale()) == "en_GB"
        assert (text.long_day(DAY), text.short_day(DAY), text.long_date(MOMENT)) == (
            "27 November 2024", "27 Nov", "2 December 2024, 18:00 UTC")
        assert text.join_names(["A", "B", "C"]) == "A, B and C" and text.join_names(["A", "B"]) == "A and B"
        assert text.join_names(["Military academy, Aleppo", "Saraqib", "Aleppo"]) == (
            "Military academy, Aleppo; Saraqib and Aleppo")
        assert text.event_when(Ranged) == "28 November to 1 December 2024"
        assert text.between_days(DAY, dt.date(2024, 11, 30)) == "between 27 and 30 November 2024"
        assert text.date_span(DAY, None) == "since 27 November 2024"
        assert (text.km(20.4), text.km(2.46), text.km(0.35), text.km(9.96)) == ("20 km", "2.5 km", "0.3 km", "10 km")
        assert text.number(1234) == "1234" and text.number(0.4567, "0.000") == "0.457"
        assert text.coordinates(36.20124, 37.16117, "0.000") == "36.201° N, 37.161° E"
        assert (text.status_label("claimed"), text.kind_word("armed-group"), text.number_word(5)) == (
            "Claimed", "armed group", "five")
        assert text.short_day(dt.date(2024, 9, 3)) == "3 Sept"   # CLDR's British abbreviation (strftime said 'Sep')


@pytest.mark.parametrize("first", [-0.001, 0.001, -0.0, 0.0, 1.5, None])
def test_numbers_are_what_babel_writes_whatever_was_formatted_before(first):
    """i18n.number remembers what Babel wrote; a zero keeps its own sign (-0.0 == 0.0 in Python,
    but Babel writes '-0.00' and '0.00'), and every value is written as format_decimal writes it,
    in whichever order a page (or a process) meets them."""
    from decimal import Decimal
    from babel.numbers import format_decimal
    values = [(0.001, "0.00"), (-0.001, "0.00"), (-0.0, "0.0"), (0.0, "0.0"), (Decimal("-0"), "0"),
              (Decimal("0"), "0"), (0, "0"), (-3.14159, "0.000"), (2.5, "0.#"), (1234, "0")]
    with i18n.use("en"):
        i18n._formatted.cache_clear()
        if first is not None:
            i18n.number(first, "0.00")
        for value, pattern in values:
            rounded = round(value, len(pattern.partition(".")[2])) if isinstance(value, float) else value
            assert i18n.number(value, pattern) == format_decimal(rounded, pattern, locale="en_GB"), (value, pattern)


def test_arabic_days_lists_and_numbers():
    with i18n.use("ar"):
        assert text.long_day(DAY) == "27 نوفمبر 2024" and text.short_day(DAY) == "27 نوفمبر"
        assert text.long_date(MOMENT) == "2 ديسمبر 2024، الساعة 18:00 بالتوقيت العالمي"
        assert text.join_names(["أ", "ب", "ج"]) == "أ وب وج" and text.join_names(["أ", "ب"]) == "أ وب"
        assert text.event_when(Ranged) == "28 نوفمبر إلى 1 ديسمبر 2024"
        assert text.between_days(DAY, dt.date(2024, 11, 30)) == "بين 27 و30 نوفمبر 2024"
        assert (text.km(20.4), text.km(2.46)) == ("20 كم", "2.5 كم")                     # Western digits
        assert text.coordinates(36.20124, 37.16117, "0.000") == "\u206636.201°\u2069 شمالاً، \u206637.161°\u2069 شرقاً"   # each position isolated left to right (text.left_to_right)
        assert (text.status_label("claimed"), text.status_word("denied")) == ("مُعلَن", "منفيّ")
        assert i18n.ngettext("%(num)s event", "%(num)s events", 7) == "7 أحداث"
        assert i18n.ngettext("%(num)s event", "%(num)s events", 2) == "حدثان"
        assert i18n.ngettext("%(num)s event", "%(num)s events", 12) == "12 حدثاً"
    assert text.long_day(DAY) == "27 November 2024"            # and back in English after the block


def test_the_language_is_the_current_one_not_the_first_one_asked_for():
    """i18n.locale() and text.py's cache of days follow i18n.use: a build in two languages in one
    process must not keep the first language's words."""
    assert text.long_day(DAY) == "27 November 2024"
    with i18n.use("ar"):
        assert str(i18n.locale()) == "ar" and text.long_day(DAY) == "27 نوفمبر 2024"
    assert str(i18n.locale()) == "en_GB" and text.long_day(DAY) == "27 November 2024"


def test_distances_in_error_messages_stay_english():
    with i18n.use("ar"):
        assert text.km(79.4, "en") == "79 km"


# --- no English word of the interface on a page built in Arabic ---------------------------------------
PAGES = ("index.html", "briefs/the-offensive/index.html", "claims/index.html", "map/index.html",
         "chronology/index.html", "network/index.html", "actors/hts/index.html", "places/saraqib/index.html",
         "sources/index.html", "404.html", "report-an-error/index.html")
INLINE = {"a", "abbr", "b", "bdi", "br", "code", "del", "em", "i", "ins", "small", "span", "strong", "time"}
READER_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-label", "data-placeholder")


def content_strings(site) -> set[str]:
    """Every text the editors wrote (names, titles, summaries, notes...), white space made single."""
    found, seen = set(), set()

    def walk(value):
        if isinstance(value, str):
            found.add(" ".join(value.split()))
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif is_dataclass(value) and id(value) not in seen:
            seen.add(id(value))
            for field in fields(value):
                walk(getattr(value, field.name))
    walk(site)
    # ids and vocabulary words ('armed-group', 'claimed') are not text: the page says them in words
    found |= {s.strip(" .,:;·()") for s in found}      # as a piece of text between elements shows it
    return {s for s in found if len(s) >= 3 and not re.fullmatch(r"[a-z0-9-]+", s)}


def message_pattern(catalog, content: set[str]) -> re.Pattern:
    """One pattern that matches, whole, any text made from an English message of the catalog (its
    placeholders filled with anything). Left out: messages with fewer than three letters of their
    own ('%(place)s: %(state)s') and those that are also the editors' text (a city named 'Aleppo')."""
    alternatives = []
    for message in catalog:
        if not message.id:
            continue
        for msgid in (message.id if message.pluralizable else (message.id,)):
            literal = PLACEHOLDER.sub("", msgid)
            if len(re.findall(r"[A-Za-z]", literal)) < 3 or " ".join(msgid.split()) in content:
                continue
            parts = [re.sub(r"\s+", " ", part) for part in PLACEHOLDER.split(msgid)[::2]]
            parts[0], parts[-1] = parts[0].lstrip(), parts[-1].rstrip()      # as the texts looked at are
            alternatives.append(".+?".join(re.escape(part) for part in parts))
    return re.compile("|".join(f"(?:{a})" for a in sorted(set(alternatives), key=len, reverse=True)))


def english_left(page: Path, pattern: re.Pattern, content: set[str]) -> list[str]:
    """The texts of a page a reader meets (each element's own text, and the attributes read out)
    that are an English message of the interface; the editors' own texts, the Markdown bodies and
    the references to cite are not looked at."""
    tree = lxml.html.fromstring(page.read_bytes())
    # Markdown bodies are the editors'; a reference to cite is a bibliographic record, formatted by
    # citeproc-py in its style's language and shared with the downloads (render/citation.py)
    for node in tree.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " prose ")]'
                           '|//*[contains(concat(" ", normalize-space(@class), " "), " cite-ref ")]'
                           '|//script[not(@data-words) and not(contains(@type, "json"))]|//style'):
        node.drop_tree()
    candidates = []
    for block in tree.xpath('//script[contains(@type, "json")]'):      # what scripts show: the map's days, words
        candidates += [" ".join(piece.split()) for piece in json_strings(json.loads(block.text))
                       if not re.fullmatch(r"[a-z0-9-]+", piece)]        # ids: a trace's side and mark
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if all(isinstance(inner.tag, str) and inner.tag in INLINE for inner in element.iterdescendants()):
            candidates.append(" ".join("".join(element.itertext()).split()))   # a message with its markup filled in
        for piece in [element.text, *(child.tail for child in element)]:
            if piece and piece.strip():
                candidates.append(" ".join(piece.split()).strip(" .,:;·()"))
        candidates += [" ".join(element.get(name).split()) for name in READER_ATTRIBUTES if element.get(name)]
        if element.get("data-words"):
            candidates += json.loads(element.get("data-words")).values()
    left = set()
    longest_first = sorted(content, key=len, reverse=True)
    for candidate in candidates:
        if not candidate or candidate in content or not pattern.fullmatch(candidate):
            continue
        if len(candidate.split()) >= 3 and any(candidate in own for own in content):
            continue             # a piece of the editors' text: a heading of a brief in its contents box
        # the editors' texts in it stand for placeholders: what is left must still be a message
        reduced = candidate
        for own in longest_first:
            if own in reduced:
                reduced = reduced.replace(own, "\x00")
        if pattern.fullmatch(reduced) and len(re.findall(r"[A-Za-z]", reduced)) >= 3:
            left.add(candidate)
    return sorted(left)


def json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, dict):      # not schema.org's own words: {"@type": "Country"}
        for key, item in value.items():
            if not key.startswith("@"):
                yield from json_strings(item)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """The publication built once: its English edition at the root, its Arabic one under ar/
    (each page rendered in its edition's language, derive/editions.py)."""
    out = tmp_path_factory.mktemp("languages") / "site"
    build(BuildOptions(content_dir=ROOT / "content", out_dir=out, search=False, jobs=1))
    return {"en": out, "ar": out / "ar"}


@pytest.fixture(scope="module")
def checker(arabic):
    site = load_site(ROOT / "content")
    content = content_strings(site)
    return message_pattern(arabic, content), content


def test_the_check_finds_the_english_interface_on_english_pages(built, checker):
    """The guard could fail: on the English build it finds the interface's own words."""
    pattern, content = checker
    found = {page: english_left(built["en"] / page, pattern, content) for page in PAGES}
    assert all(found.values()), [page for page, left in found.items() if not left]
    everywhere = set().union(*found.values())
    assert {"Skip to content", "Bottom line", "Claims ledger", "What happened", "Previous day"} <= everywhere


@pytest.mark.parametrize("page", PAGES)
def test_a_page_built_in_arabic_shows_no_english_interface_word(built, checker, page):
    pattern, content = checker
    assert english_left(built["ar"] / page, pattern, content) == []


def test_an_arabic_page_has_the_arabic_interface(built):
    home = (built["ar"] / "index.html").read_text(encoding="utf-8")
    assert "انتقل إلى المحتوى" in home and "المعلومات حتى" in home and "الخريطة" in home
    claims = (built["ar"] / "claims" / "index.html").read_text(encoding="utf-8")
    assert "أعلنه" in claims and "لم يؤكّده أيّ طرف مستقل" in claims and "كيف يُعدّ هذا السجلّ" in claims


# --- no word a reader sees written in the scripts ------------------------------------------------------
READER_TEXT_IN_JS = re.compile(r"""(?:\btext\s*:|textContent\s*=|"aria-label"\s*:|placeholder\s*:)\s*"[^"]*[A-Za-z]""")


def test_the_scripts_take_their_words_from_the_page():
    found = [f"{path.name}:{number}: {line.strip()}"
             for path in sorted((ROOT / "static" / "js").glob("*.js"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if READER_TEXT_IN_JS.search(line)]
    assert not found, "\n".join(found)
