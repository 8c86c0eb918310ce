"""Small pieces of wording shared by every stage, defined once so they cannot drift apart.

Imports nothing of ours.
"""
from __future__ import annotations

import difflib


def suggest(value, options, list_up_to: float = 14, choices: str = "expected one of: ",
            sort: bool = False) -> str:
    """A hint for a mistyped value: "did you mean 'x'?" when an option is close enough; failing
    that, the options after `choices` when there are at most `list_up_to` of them (0: never);
    failing that, ''."""
    options = list(options)
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if 0 < len(options) <= list_up_to:
        return choices + ", ".join(sorted(options) if sort else options)
    return ""
