"""Dates: one conversion (text.in_utc) and the formats built on it, and nothing else in the
generator that converts or formats a date. A day stays a day; a moment is shown in UTC.

The pages, feed and sitemap are checked end to end by the bad-input cases tests/cases/date-*.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from briefing.text import atom_time, date_span, has_time, in_utc, iso, long_date, long_day, short_day, utc_day
from conftest import ROOT

NEW_YORK = dt.timezone(dt.timedelta(hours=-5))
DAY = dt.date(2024, 12, 2)
LATE_EVENING = dt.datetime(2024, 12, 1, 23, 30, tzinfo=NEW_YORK)   # 04:30 UTC on 2 December


def test_a_day_stays_a_day_everywhere():
    assert in_utc(DAY) is DAY and not has_time(DAY)
    assert (iso(DAY), long_date(DAY), long_day(DAY), short_day(DAY)) == (
        "2024-12-02", "2 December 2024", "2 December 2024", "2 Dec")
    assert atom_time(DAY) == "2024-12-02T00:00:00Z"   # Atom must have a time: the day's first moment, in UTC


def test_a_moment_is_shown_in_utc_on_its_utc_day_everywhere():
    assert in_utc(LATE_EVENING) == LATE_EVENING and in_utc(LATE_EVENING).utcoffset() == dt.timedelta(0)
    assert utc_day(LATE_EVENING) == DAY and has_time(LATE_EVENING)
    assert (iso(LATE_EVENING), atom_time(LATE_EVENING), long_date(LATE_EVENING)) == (
        "2024-12-02T04:30:00Z", "2024-12-02T04:30:00Z", "2 December 2024, 04:30 UTC")
    assert (long_day(LATE_EVENING), short_day(LATE_EVENING)) == ("2 December 2024", "2 Dec")


def test_nothing_is_shown_as_nothing():
    assert iso(None) == atom_time(None) == long_date(None) == ""


@pytest.mark.parametrize("since, until, expected", [
    (dt.date(2024, 11, 27), None, "since 27 November 2024"),
    (None, dt.date(2024, 11, 30), "until 30 November 2024"),
    (dt.date(2024, 11, 27), dt.date(2024, 11, 30), "27 November 2024 to 30 November 2024"),
    (dt.date(2024, 11, 27), dt.date(2024, 11, 27), "27 November 2024"),
    (dt.date(2024, 11, 27), dt.date(2024, 12, 10), "27 November 2024 to 10 December 2024 (planned end)"),
    (None, None, ""),
])
def test_when_a_relation_held(since, until, expected):
    as_of = dt.datetime(2024, 12, 2, 18, tzinfo=dt.timezone.utc)
    assert date_span(since, until, as_of) == expected


def test_an_end_on_as_of_s_utc_day_is_not_planned():
    as_of = dt.datetime(2024, 12, 2, 20, tzinfo=NEW_YORK)    # 01:00 UTC on 3 December
    assert date_span(None, dt.date(2024, 12, 3), as_of) == "until 3 December 2024"


# What converts or formats a date: only text.py may. (Parsing, fromisoformat, is content's.)
FORMATTING = re.compile(r"strftime|\.isoformat\(|astimezone|\.date\(\)|:%[A-Za-z]|\|%-?[A-Za-z]|tickformat|"
                        r"hoverformat|\|\s*date\b|\.(?:day|month|year|hour|minute)\s*\}\}|"
                        r"toLocale\w*String|toISOString|getUTC\w+|new Date\(")
ALLOWED = {"briefing/text.py", "briefing/cache/keys.py",   # keys digest values, they show nothing
           "briefing/editor/serve.py"}                       # the terminal's clock, not a content date


def test_no_date_is_converted_or_formatted_outside_text_py():
    found = []
    for folder, pattern in (("briefing", "*.py"), ("templates", "*"), ("static/js", "*.js")):
        for path in sorted((ROOT / folder).rglob(pattern)):
            name = path.relative_to(ROOT).as_posix()
            if name in ALLOWED or not path.is_file():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FORMATTING.search(line):
                    found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "dates converted or formatted outside text.py:\n" + "\n".join(found)


# An event's date is a day or a range of days (Event.date_end): shown alone, `event.date` would
# give a ranged event one invented day. Every page shows it through the `when` macro (macros.html)
# or text.event_when; only these may name `.date` in a template: a brief's day, and a step of a
# claim's history (a StatusChange: always one day).
TEMPLATE_DATE = re.compile(r"\b([A-Za-z_][\w.]*)\.date\b(?!_)")
ONE_DAY_THINGS = {"brief", "step",
                  "note", "revision"}           # a correction's or update's date, a commit's: one day or moment
# In Python, a day format applied to some `.date`: only to a StatusChange's, or in a file listed here.
PYTHON_DATE = re.compile(r"\b(?:long_day|short_day|long_date|iso|day_span)\(\s*([A-Za-z_][\w.]*)\.date\b(?!_)")
ONE_DAY_NAMES = {"step", "before",          # readers.py: `before` is the StatusChange before a step
                 "brief",                   # a brief's date, a day (ONE_DAY_THINGS): its JSON-LD's datePublished
                 "item"}                    # pages/corrections.py: a correction's day or moment, for its anchor
PYTHON_ALLOWED = {
    "briefing/text.py": "defines the formats",
    "briefing/figures/advances_map.py": "the map's hover text: the maps branch words uncertain dates there",
    "briefing/output/acled.py": "ACLED's notes give a range as 'between FIRST and LAST', its first day beside its last",
}


def test_no_page_shows_an_event_s_date_as_one_day_without_its_range():
    found = []
    for path in sorted((ROOT / "templates").rglob("*")):
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in TEMPLATE_DATE.finditer(line):
                if match.group(1).split(".")[-1] not in ONE_DAY_THINGS:
                    found.append(f"templates/{path.name}:{number}: {match.group(0)}")
    for path in sorted((ROOT / "briefing").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name in PYTHON_ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in PYTHON_DATE.finditer(line):
                if match.group(1).split(".")[-1] not in ONE_DAY_NAMES:
                    found.append(f"{name}:{number}: {match.group(0)}")
    assert not found, ("an event's date shown as one day; use the `when` macro or text.event_when:\n"
                       + "\n".join(found))


def test_a_guard_that_could_fail():
    """The guard's patterns do find what they are meant to."""
    assert TEMPLATE_DATE.search("{{ event.date|long_date }}").group(1) == "event"
    assert TEMPLATE_DATE.search("{{ claim.date_end|iso }}") is None
    assert PYTHON_DATE.search("f'{short_day(e.date)}'").group(1) == "e"


def test_an_event_s_when_says_a_range_as_a_range():
    from briefing.text import day_span, event_when, when_parts

    class Ranged:
        date, date_end = dt.date(2024, 11, 28), dt.date(2024, 12, 1)

    class OneDay:
        date = dt.date(2024, 12, 1)

    assert event_when(Ranged) == "28 November to 1 December 2024"
    assert event_when(Ranged, short=True) == "28 Nov to 1 Dec"
    assert when_parts(Ranged) == (("2024-11-28", "28 November"), ("2024-12-01", "1 December 2024"))
    assert event_when(OneDay) == "1 December 2024" and when_parts(OneDay) == (("2024-12-01", "1 December 2024"),)
    assert day_span(dt.date(2024, 11, 28), dt.date(2024, 11, 30)) == "28 to 30 November 2024"
    assert day_span(dt.date(2024, 12, 30), dt.date(2025, 1, 2)) == "30 December 2024 to 2 January 2025"
    assert day_span(dt.date(2024, 12, 1), dt.date(2024, 12, 1)) == "1 December 2024"
