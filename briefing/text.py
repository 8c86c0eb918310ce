"""Small pieces of wording shared by every stage, defined once so they cannot drift apart:
"did you mean", and every date as pages, feed, sitemap, downloads and figures show or write it.

Imports nothing of ours.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools


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


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def join_names(names) -> str:
    """'A', 'A and B', 'A, B and C'; with semicolons when a name has its own comma ('Military
    academy, Aleppo; Saraqib and Aleppo'), so the list reads one way only."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    comma = "; " if any("," in n for n in names) else ", "
    return comma.join(names[:-1]) + " and " + names[-1]


def count_words(n: int, one: str, many: str = "") -> str:
    """'one village', 'five villages', '12 villages': numbers up to ten in words, as newsrooms write them."""
    number = NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)
    return f"{number} {one if n == 1 else (many or one + 's')}"


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


@functools.lru_cache(maxsize=4096)   # a network's hover texts ask for the same few days thousands of times
def long_day(value) -> str:
    """'27 November 2024': a day (of a moment: its UTC day) in running text, captions and titles."""
    day = utc_day(value)
    return f"{day.day} {day:%B %Y}"


def short_day(value) -> str:
    """'27 Nov': a day in a table column or a list of days (the year is clear from around it); the
    templates' `short_day` filter."""
    day = utc_day(value)
    return f"{day.day} {day:%b}"


def long_date(value) -> str:
    """A day as long_day, a moment as '27 November 2024, 14:05 UTC', nothing as ''; the templates'
    `long_date` filter."""
    if not value:
        return ""
    value = in_utc(value)
    if isinstance(value, dt.datetime):
        return f"{long_day(value)}, {value:%H:%M} UTC"
    return long_day(value)


def date_span(since, until, as_of=None) -> str:
    """When a relation held: '27 November 2024 to 1 December 2024', 'since ...', 'until ...', one day
    as that day, '' for neither. An end after as_of's day is one agreed or announced, not seen:
    '(planned end)'. The templates' `date_span` filter."""
    planned = " (planned end)" if until and as_of and utc_day(until) > utc_day(as_of) else ""
    if since and until:
        text = long_day(since) if since == until else f"{long_day(since)} to {long_day(until)}"
    elif since:
        text = f"since {long_day(since)}"
    else:
        text = f"until {long_day(until)}" if until else ""
    return text + planned


# --- an event's day, or the range of days it may have been -------------------------------------
UNCERTAIN_DAY = "exact day not known"


def day_span_parts(first: dt.date, last: dt.date | None = None, short: bool = False) -> tuple[tuple[str, str], ...]:
    """The pieces of a day or a range of days, each (iso, text), for one <time> element a piece:
    (('2024-12-01', '1 December 2024'),) for a day; (('2024-11-28', '28 November'), ('2024-12-01',
    '1 December 2024')) for a range, whose first piece leaves out what the last one says (the year;
    the month too, '28 to 30 November 2024'). short: '28 Nov', as short_day. A range of one day
    (last equal to first, or None) is that day."""
    if last is None or last == first:
        return ((iso(first), short_day(first) if short else long_day(first)),)
    if short:
        head = str(first.day) if (first.year, first.month) == (last.year, last.month) else short_day(first)
        return (iso(first), head), (iso(last), short_day(last))
    if first.year != last.year:
        head = long_day(first)
    elif first.month != last.month:
        head = f"{first.day} {first:%B}"
    else:
        head = str(first.day)
    return (iso(first), head), (iso(last), long_day(last))


def day_span(first: dt.date, last: dt.date | None = None, short: bool = False) -> str:
    """A day or a range of days in words: '1 December 2024', '28 November to 1 December 2024',
    '28 to 30 November 2024'; short: '1 Dec', '28 Nov to 1 Dec'. Its pieces are day_span_parts'."""
    return " to ".join(text for _, text in day_span_parts(first, last, short))


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
    return f"between {parts[0][1]} and {parts[1][1]}"


def utc_note(value) -> str:
    """'that is 2024-12-01T20:00:00Z; ' for a moment written with an offset other than UTC's, else
    '': the start of an error's hint, since the site compares (and shows) moments in UTC."""
    if isinstance(value, dt.datetime) and value.utcoffset():
        return f"that is {iso(value)}; "
    return ""


# --- distances ----------------------------------------------------------------------------------
def km(value: float) -> str:
    """A distance in km as pages, captions, hover texts and error messages show it: '20 km',
    '2.5 km', '0.4 km' (below 10 km to a tenth, a whole number shown without '.0'; from 10 km
    whole: a precision finer than that would be invented); the templates' `km` filter."""
    text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return f"{text.removesuffix('.0')} km"
