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
`wrapped` or `bold` here, once, where it is put into a figure string; everything else
about a figure (its title, caption, table, key, and the `meta` that map.js shows as DOM text)
stays plain text, escaped by Jinja or the DOM. And text from content never goes into a
hovertemplate: plotly fills in `%{...}` there, escaped or not; it goes into hovertext,
customdata or text, which a template only quotes. tests/figures/test_figure_text.py and
tests/browser/test_figure_text_browser.py hold this with markup in every content field.
"""
from __future__ import annotations

import functools
import html
import re
import textwrap

WRAP = 40                 # hover lines: one fits the plot on a 320 px phone at the 12 px figures.js sets there
BOLD_WRAP = 36            # bold is wider: a hover text's heading
LABEL_WRAP = 24           # labels drawn beside a mark: a longer one takes a second line
# textwrap's whitespace, each turned into a space before it wraps (textwrap.TextWrapper); then a
# form feed, whitespace to textwrap, marks where a long word may break, and is taken out after
_WHITESPACE = str.maketrans("\t\n\x0b\x0c\r", "     ")
_BREAK = "\x0c"


def esc(text: str) -> str:
    """Text from content as figure text that shows exactly as written (see the module's docstring)."""
    return html.escape(text, quote=False)


def attribute(text: str) -> str:
    """Text from content as the value of an attribute (in double quotes) of an SVG drawn here."""
    return html.escape(text)


@functools.lru_cache(maxsize=1 << 16)
def wrapped(text: str, width: int = WRAP, lead: str = "", tag: str = "") -> str:
    """`lead` and `text`, escaped, in lines of at most `width` characters joined by `<br>`, with the
    lead in `tag` (`b` or `i`) over as many lines as it takes: `wrapped("· town, Idlib",
    lead="Saraqib", tag="b")` is `<b>Saraqib</b> · town, Idlib`.

    A word longer than three quarters of a line (a Telegram handle, a URL) is broken into pieces
    that long: such words are mostly capitals and digits, wider than running text, and a line of
    them would not fit where a line of words does.

    Cached: the advances map words the same event for every day a place keeps its state."""
    size = width * 3 // 4
    full = (f"{lead} {text}" if lead and text else lead or text).expandtabs().translate(_WHITESPACE)
    if len(full) <= width and full == full.strip() and not _long_word(size).search(full):
        # one line as it is (most are short): no textwrap, a fifth of the advances map's time
        return (f"<{tag}>{esc(lead)}</{tag}>" + (f" {esc(text)}" if text else "")) if tag and lead else esc(full)
    full = _breakable(full, width)
    lines = textwrap.wrap(full, width, replace_whitespace=False)
    if not tag:
        return "<br>".join(esc(line.replace(_BREAK, "")) for line in lines)
    out, position, end = [], 0, len(_breakable(lead, width))
    for line in lines:             # each line is a piece of `full`: style what lies within the lead
        start = full.index(line, position)
        position = start + len(line)
        cut = max(0, min(len(line), end - start))
        styled, rest = line[:cut].replace(_BREAK, ""), line[cut:].replace(_BREAK, "")
        out.append((f"<{tag}>{esc(styled)}</{tag}>" if styled else "") + esc(rest))
    return "<br>".join(out)


def _breakable(text: str, width: int) -> str:
    """Words longer than three quarters of `width` cut into pieces that long, between them a run of
    break marks long enough that textwrap never puts two pieces on one line."""
    size = width * 3 // 4
    mark = _BREAK * (width - size + 1)
    return _long_word(size).sub(lambda word: mark.join(word[0][i:i + size] for i in range(0, len(word[0]), size)),
                                text)


@functools.lru_cache(maxsize=None)
def _long_word(size: int) -> re.Pattern:
    return re.compile(f"[^ ]{{{size + 1},}}")


def bold(text: str, width: int = BOLD_WRAP) -> str:
    """Text in bold, over several lines if it is long."""
    return wrapped("", width, text, "b")
