"""Words in figures: the one way text from content enters a figure, escaped exactly once.

plotly.js reads every string it draws (trace text and labels, hover text, legend names and group
titles, axis, colour-bar and figure titles, tick labels, annotations) as a small subset of HTML.
Its documentation says so for each of those attributes: "Plotly uses a subset of HTML tags to do
things like newline (`<br>`), bold (`<b></b>`), italics (`<i></i>`), hyperlinks
(`<a href='...'></a>`). Tags `<em>`, `<sup>`, `<sub>`, `<s>`, `<u>`, and `<span>` are also
supported." (plotly.js src/lib/svg_text_utils.js, TAG_STYLES; `<span style>` styles the text and
`<a href>` becomes a live link in the drawing). It then decodes entities: `&amp;`, `&lt;`, `&gt;`,
`&nbsp;`, a few more by name, and every numeric one. Any other tag it shows as text.

So a place named `<a href="https://phish.example/">Saraqib</a>` is a link on the map unless its
`<` is escaped, and `AT&amp;T` shows as `AT&T` unless its `&` is. `esc` escapes `&`, `<` and `>`
(not quotes: plotly does not decode `&quot;`, and with `<` escaped no tag, so no attribute, can
begin). The same escaping is right for the text of the SVG maps drawn here (svgmap.py), which the
page parses as HTML.

The rule, for every figure module: text from content goes into a figure only through `esc`,
`wrapped`, `bold` or `italic` here, once, where it is put into a figure string; everything else
about a figure (its title, caption, table, key, and the `meta` that map.js shows as DOM text)
stays plain text, escaped by Jinja or the DOM. And text from content never goes into a
hovertemplate: plotly fills in `%{...}` there, escaped or not; it goes into hovertext,
customdata or text, which a template only quotes. tests/figures/test_figure_text.py and
tests/browser/test_figure_text_browser.py hold this with markup in every content field.
"""
from __future__ import annotations

import functools
import html
import textwrap

WRAP = 58


def esc(text: str) -> str:
    """Text from content as figure text that shows exactly as written (see the module's docstring)."""
    return html.escape(text, quote=False)


def attribute(text: str) -> str:
    """Text from content as the value of an attribute (in double quotes) of an SVG drawn here."""
    return html.escape(text)


def bold(text: str) -> str:
    return f"<b>{esc(text)}</b>"


def italic(text: str) -> str:
    return f"<i>{esc(text)}</i>"


@functools.lru_cache(maxsize=1 << 16)
def wrapped(text: str, width: int = WRAP) -> str:
    """Escaped lines of at most `width` characters (a longer word is broken), joined by `<br>`.
    Cached: the advances map words the same event for every day a place keeps its state
    (textwrap was a fifth of the map's time)."""
    return "<br>".join(esc(line) for line in textwrap.wrap(text, width))
