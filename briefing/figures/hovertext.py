"""Words in figures: hover text escaped and wrapped, and hover HTML back to plain text. Shared by
the advances map, the place maps and the advance chart (days are written by briefing/text.py)."""
from __future__ import annotations

import functools
import html
import textwrap

WRAP = 58


def esc(text: str) -> str:
    """plotly renders a few HTML tags in hover and label text: content must not add its own."""
    return html.escape(text, quote=False)


@functools.lru_cache(maxsize=1 << 16)
def wrapped(text: str) -> str:
    """Hover lines of at most WRAP characters. Cached: the advances map words the same event
    for every day a place keeps its state (textwrap was a fifth of the map's time)."""
    return "<br>".join(esc(line) for line in textwrap.wrap(text, WRAP)) or ""


def plain(text: str) -> str:
    """Hover HTML (escaped, with <b>) back to plain text."""
    return html.unescape(text.replace("<b>", "").replace("</b>", ""))
