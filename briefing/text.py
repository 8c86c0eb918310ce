"""Small pieces of wording shared by every stage, defined once so they cannot drift apart:
"did you mean", and days as pages and figures write them.

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
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if 0 < len(options) <= list_up_to:
        return choices + ", ".join(sorted(options) if sort else options)
    return ""


@functools.lru_cache(maxsize=4096)   # a network's hover texts ask for the same few days thousands of times
def long_day(day: dt.date) -> str:
    """'27 November 2024': a day in running text, captions and titles."""
    return f"{day.day} {day:%B %Y}"


def short_day(day: dt.date) -> str:
    """'27 Nov': a day in a table column or a list of days (the year is clear from around it)."""
    return f"{day.day} {day:%b}"


def long_date(value) -> str:
    """A day as long_day, a moment as '27 November 2024, 14:05 UTC', nothing as ''; the templates'
    `long_date` filter."""
    if isinstance(value, dt.datetime):
        utc = value.astimezone(dt.timezone.utc)
        return f"{long_day(utc)}, {utc:%H:%M} UTC"
    return long_day(value) if value else ""
