"""Small pieces of wording shared by every stage, defined once so they cannot drift apart:
"did you mean", and every date, number, distance and list as pages, feed, sitemap, downloads and
figures show or write them.

What a page shows is in the language of the page being made (briefing.i18n.current()): its words
through gettext, its days, numbers and lists through Babel's CLDR data for that language
(i18n.locale(): British English for 'en', so 'en' pages read as they always did). What machines
read (iso, atom_time) and what editors read (suggest, utc_note) is the same in every language.

Imports nothing of ours but briefing.i18n, which imports nothing of ours.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools

from babel.dates import format_date, format_time
from babel.lists import format_list

from briefing import i18n
from briefing.i18n import N_, gettext as _, pgettext


def suggest(value, options, list_up_to: float = 14, choices: str = "expected one of: ",
            sort: bool = False) -> str:
    """A hint for a mistyped value: "did you mean 'x'?" when an option is close enough; failing
    that, the options after `choices` when there are at most `list_up_to` of them (0: never);
    failing that, ''. Empty options (a record whose id was itself wrong) are never offered."""
    options = [option for option in options if option]
    folded = {str(option).casefold(): option for option in options}
    if str(value).casefold() in folded:   # 'HTS' for 'hts': difflib counts case as a difference
        return f"did you mean '{folded[str(value).casefold()]}'?"
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if 0 < len(options) <= list_up_to:
        return choices + ", ".join(sorted(options) if sort else options)
    return ""


# Numbers up to ten in words, as newsrooms write them ("five villages"); each language's catalog
# says how it writes them: in words, or in digits where its nouns agree with the number in ways a
# word alone cannot carry (Arabic: the plural forms of the message around it say the rest).
# TRANSLATORS: a number in words, before a counted noun ("five villages"); digits are fine.
NUMBER_WORDS = (N_("no"), N_("one"), N_("two"), N_("three"), N_("four"), N_("five"), N_("six"), N_("seven"),
                N_("eight"), N_("nine"), N_("ten"))


def number(value, pattern: str = "0") -> str:
    """A number a page shows, in the current language's digits (Babel; see i18n.number): '12',
    with pattern '0.#' '2.5', with '0.000' '0.125'. The templates' `number` filter."""
    return i18n.number(value, pattern)


def number_word(n: int) -> str:
    """n in words up to ten ('five'), in the current language, else in digits."""
    if 0 <= n < len(NUMBER_WORDS):
        return _(NUMBER_WORDS[n])
    return number(n)


def and_list(items) -> str:
    """'A', 'A and B', 'A, B and C': Babel's list patterns for the current language ('أ وب وج')."""
    items = list(items)
    return format_list(items, locale=i18n.locale()) if items else ""


def separated(items, separator: str = ", ") -> str:
    """Items one after the other, without 'and': separator ', ' or '; ', as the current language
    writes it ('، ' and '؛ ' in Arabic)."""
    return pgettext("separator", separator).join(items)


def join_names(names) -> str:
    """'A', 'A and B', 'A, B and C' (Babel's list patterns for the current language: 'أ وب وج' in
    Arabic); with semicolons when a name has its own comma ('Military academy, Aleppo; Saraqib
    and Aleppo') and the language's lists are separated by commas, so the list reads one way only."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    where = i18n.locale()
    if not any("," in n for n in names):
        return and_list(names)
    patterns = {key: pattern.replace(", ", "; ") for key, pattern in where.list_patterns["standard"].items()}
    if len(names) == 2:
        return patterns["2"].format(*names)
    text = patterns["start"].format(names[0], names[1])
    for name in names[2:-1]:
        text = patterns["middle"].format(text, name)
    return patterns["end"].format(text, names[-1])


# --- the vocabularies, as pages name them -----------------------------------------------------
# model.py's vocabularies are ids (content writes them, downloads keep them); a page shows each in
# words of its language. English: the id with spaces for hyphens, as pages always showed them.
STATUS_LABELS = {"confirmed": N_("Confirmed"), "claimed": N_("Claimed"), "contested": N_("Contested"),
                 "denied": N_("Denied")}
# TRANSLATORS: the status of a claim (a noun: the claim), within a sentence.
STATUS_WORDS = {"confirmed": N_("confirmed"), "claimed": N_("claimed"), "contested": N_("contested"),
                "denied": N_("denied")}
KIND_WORDS = {
    # actor kinds
    "state": N_("state"), "government": N_("government"), "armed-forces": N_("armed forces"),
    "armed-group": N_("armed group"), "coalition": N_("coalition"), "militia": N_("militia"),
    "person": N_("person"), "media": N_("media"), "monitor": N_("monitor"), "organisation": N_("organisation"),
    # relation types
    "leads": N_("leads"), "commands": N_("commands"), "member-of": N_("member of"), "speaks-for": N_("speaks for"),
    "backs": N_("backs"), "allied-with": N_("allied with"), "fights": N_("fights"), "condemns": N_("condemns"),
    "blames": N_("blames"), "supports": N_("supports"), "meets": N_("meets"), "calls": N_("calls"),
    "mediates": N_("mediates"),
    # place kinds
    "city": N_("city"), "town": N_("town"), "village": N_("village"), "neighbourhood": N_("neighbourhood"),
    "district": N_("district"), "region": N_("region"), "airbase": N_("airbase"),
    "military-site": N_("military site"), "crossing": N_("crossing"), "junction": N_("junction"),
    "industrial-area": N_("industrial area"), "capital": N_("capital"),
    # event kinds
    "captured": N_("captured"), "advanced": N_("advanced"), "secured": N_("secured"), "recaptured": N_("recaptured"),
    "withdrew": N_("withdrew"), "clashes": N_("clashes"), "airstrike": N_("airstrike"), "crossed": N_("crossed"),
    "reinforced": N_("reinforced"), "visit": N_("visit"), "statement": N_("statement"),
    "casualties": N_("casualties"), "displacement": N_("displacement"),
    # source kinds (monitor: above)
    "wire": N_("wire"), "state-media": N_("state media"), "pro-government-media": N_("pro-government media"),
    "official": N_("official"), "armed-group-channel": N_("armed group channel"), "newspaper": N_("newspaper"),
    "news-site": N_("news site"), "un-agency": N_("UN agency"), "dataset": N_("dataset"),
}


def status_label(status: str) -> str:
    """A status as a badge or a title says it: 'Confirmed'; the templates' `status_label` filter."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def status_word(status: str) -> str:
    """A status within a sentence: 'confirmed'."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def kind_word(kind: str) -> str:
    """A word of a vocabulary (an actor's, place's, source's or event's kind, a relation's type) as
    a page shows it: 'armed group'; the templates' `kind` filter."""
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind.replace("-", " ")


# --- dates: the one conversion ----------------------------------------------------------------
#
# Content holds days (dt.date: a brief's date, an event's, a relation's since and until, an
# `updated` given without a time) and moments (dt.datetime, always with a UTC offset: as_of, an
# `updated` given with a time). The site states every moment in UTC and every day as the day it
# is: `in_utc` is the only conversion, and every date a page, the feed, the sitemap, a download,
# a figure or `new` shows or writes is formatted by one of the functions after it.

UTC = dt.timezone.utc


def in_utc(value):
    """A day stays that day (no time was given, and none is made up); a moment becomes the same
    moment in UTC (one without an offset, which content never holds, is taken to be UTC)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return value


def utc_day(value) -> dt.date:
    """The day a date or moment falls on in UTC: the day pages show, and what as_of is compared by."""
    value = in_utc(value)
    return value.date() if isinstance(value, dt.datetime) else value


def has_time(value) -> bool:
    """Whether a content date was given with a time (a moment) or without one (a day)."""
    return isinstance(value, dt.datetime)


def iso(value) -> str:
    """For machines: '2024-12-02' for a day, '2024-12-02T04:30:00Z' for a moment, '' for none.
    <time datetime>, meta tags, the sitemap's lastmod, downloads, figures' JSON, error messages and
    the files `new` writes; the templates' `iso` filter."""
    if not value:
        return ""
    value = in_utc(value)
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


def atom_time(value) -> str:
    """For Atom (RFC 4287), whose dates must be full date-times: a moment as iso; a day as its first
    moment in UTC, 'T00:00:00Z' (the one place a day is given a time: a feed cannot do without); the
    templates' `atom_time` filter."""
    if isinstance(value, dt.datetime) or not value:
        return iso(value)
    return f"{value.isoformat()}T00:00:00Z"


# Days as pages show them: Babel with explicit CLDR patterns, in the current language
# (i18n.locale()): '27 November 2024' and '27 Nov' in English (en_GB), '27 نوفمبر 2024' in Arabic.
LONG_DAY = "d MMMM y"
SHORT_DAY = "d MMM"
DAY_MONTH = "d MMMM"       # the first day of a range within one year: '28 November'
DAY = "d"                  # the first day of a range within one month: '28'
CLOCK = "HH:mm"


def day_text(value, pattern: str) -> str:
    """A day (of a moment: its UTC day) in the current language, by a CLDR date pattern."""
    return _day_text(utc_day(value), pattern, i18n.current())


@functools.lru_cache(maxsize=4096)   # a network's hover texts ask for the same few days thousands of times
def _day_text(day: dt.date, pattern: str, lang: str) -> str:
    return format_date(day, pattern, locale=i18n.locale(lang))


def long_day(value) -> str:
    """'27 November 2024': a day (of a moment: its UTC day) in running text, captions and titles."""
    return day_text(value, LONG_DAY)


def short_day(value) -> str:
    """'27 Nov': a day in a table column or a list of days (the year is clear from around it); the
    templates' `short_day` filter. (Babel's en_GB abbreviates September 'Sept'.)"""
    return day_text(value, SHORT_DAY)


def long_date(value) -> str:
    """A day as long_day, a moment as '27 November 2024, 14:05 UTC', nothing as ''; the templates'
    `long_date` filter."""
    if not value:
        return ""
    value = in_utc(value)
    if isinstance(value, dt.datetime):
        return _("%(day)s, %(time)s UTC", day=long_day(value),
                 time=format_time(value, CLOCK, tzinfo=UTC, locale=i18n.locale()))
    return long_day(value)


def date_span(since, until, as_of=None) -> str:
    """When a relation held: '27 November 2024 to 1 December 2024', 'since ...', 'until ...', one day
    as that day, '' for neither. An end after as_of's day is one agreed or announced, not seen:
    '(planned end)'. The templates' `date_span` filter."""
    if since and until:
        text = long_day(since) if since == until else days_to(long_day(since), long_day(until))
    elif since:
        text = _("since %(day)s", day=long_day(since))
    else:
        text = _("until %(day)s", day=long_day(until)) if until else ""
    if until and as_of and utc_day(until) > utc_day(as_of):
        return _("%(dates)s (planned end)", dates=text)
    return text


def days_to(first: str, last: str) -> str:
    """Two days already in words as a span: '28 November to 1 December 2024'."""
    return _("%(first)s to %(last)s", first=first, last=last)


# --- an event's day, or the range of days it may have been -------------------------------------
UNCERTAIN_DAY = N_("exact day not known")


def day_span_parts(first: dt.date, last: dt.date | None = None, short: bool = False) -> tuple[tuple[str, str], ...]:
    """The pieces of a day or a range of days, each (iso, text), for one <time> element a piece:
    (('2024-12-01', '1 December 2024'),) for a day; (('2024-11-28', '28 November'), ('2024-12-01',
    '1 December 2024')) for a range, whose first piece leaves out what the last one says (the year;
    the month too, '28 to 30 November 2024'). short: '28 Nov', as short_day. A range of one day
    (last equal to first, or None) is that day."""
    if last is None or last == first:
        return ((iso(first), short_day(first) if short else long_day(first)),)
    if short:
        head = day_text(first, DAY) if (first.year, first.month) == (last.year, last.month) else short_day(first)
        return (iso(first), head), (iso(last), short_day(last))
    if first.year != last.year:
        head = long_day(first)
    elif first.month != last.month:
        head = day_text(first, DAY_MONTH)
    else:
        head = day_text(first, DAY)
    return (iso(first), head), (iso(last), long_day(last))


def day_span(first: dt.date, last: dt.date | None = None, short: bool = False) -> str:
    """A day or a range of days in words: '1 December 2024', '28 November to 1 December 2024',
    '28 to 30 November 2024'; short: '1 Dec', '28 Nov to 1 Dec'. Its pieces are day_span_parts'."""
    parts = day_span_parts(first, last, short)
    return parts[0][1] if len(parts) == 1 else days_to(parts[0][1], parts[1][1])


def event_when(event, short: bool = False) -> str:
    """When an event happened, in words: its day, or for an uncertain date (`date_end`) the range
    of days it may have been, never one invented day. Any object with `date` and, optionally,
    `date_end` (an Event, a ledger Claim). The templates' `event_when` filter; their `when` macro
    (macros.html) gives the same words in <time> elements."""
    return day_span(event.date, getattr(event, "date_end", None), short)


def when_parts(event, short: bool = False) -> tuple[tuple[str, str], ...]:
    """event_when's pieces, (iso, text) each: the templates' `when_parts` filter, for the `when` macro."""
    return day_span_parts(event.date, getattr(event, "date_end", None), short)


def between_days(first, last, short: bool = False) -> str:
    """An uncertain day, as the range of days it may have been: 'between 28 November and
    1 December 2024', 'between 28 and 30 November 2024' (short: 'between 28 Nov and 1 Dec', for
    tables and hover texts whose year is clear from around them); one day as that day. The
    pieces are day_span_parts', so the figures and the pages name the same days."""
    parts = day_span_parts(utc_day(first), utc_day(last), short)
    if len(parts) == 1:
        return parts[0][1]
    return _("between %(first)s and %(last)s", first=parts[0][1], last=parts[1][1])


def utc_note(value) -> str:
    """'that is 2024-12-01T20:00:00Z; ' for a moment written with an offset other than UTC's, else
    '': the start of an error's hint, since the site compares (and shows) moments in UTC."""
    if isinstance(value, dt.datetime) and value.utcoffset():
        return f"that is {iso(value)}; "
    return ""


# --- places --------------------------------------------------------------------------------------
def coordinates(lat: float, lon: float, pattern: str = "0.000") -> str:
    """A position as pages show it: '36.123° N, 37.160° E', each number to the decimals of
    `pattern` (as many as the position is sure to), in the current language."""
    return _("%(lat)s N, %(lon)s E", lat=left_to_right(number(lat, pattern) + "°"),
             lon=left_to_right(number(lon, pattern) + "°"))


def left_to_right(text: str) -> str:
    """Text that must read left to right whatever surrounds it ('36.123°': a number with a sign
    after it), isolated between U+2066 LEFT-TO-RIGHT ISOLATE and U+2069 POP DIRECTIONAL ISOLATE in
    a right-to-left language (Unicode's bidirectional algorithm, UAX #9, isolates; what <bdi dir="ltr">
    does in markup, here in plain text that also goes into attributes and figures). As it is in a
    left-to-right one, where nothing can reorder it."""
    return f"\u2066{text}\u2069" if i18n.direction() == "rtl" else text


# --- distances ----------------------------------------------------------------------------------
def km(value: float, lang: str | None = None) -> str:
    """A distance in km as pages, captions, hover texts and error messages show it: '20 km',
    '2.5 km', '0.4 km' (below 10 km to a tenth, a whole number shown without '.0'; from 10 km
    whole: a precision finer than that would be invented); the templates' `km` filter. In the
    current language ('20 كم'), or in `lang` ('en' for error messages, which editors read in English)."""
    with i18n.use(lang or i18n.current()):
        return _("%(distance)s km", distance=number(value, "0.#" if value < 10 else "0"))
