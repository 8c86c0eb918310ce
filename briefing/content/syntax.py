"""The two pieces of syntax our Markdown adds, defined once for every stage that reads them.

- `[[id]]` / `[[id|text]]` links to an actor, place, source or brief by id. Validation checks
  every such id (content/validate.py), cross-references collect them (derive/crossrefs.py),
  and the renderer turns them into links (render/markdown.py), all with WIKILINK.
- A line `{{< name key="value" ... >}}` on its own embeds a figure (EMBED).
"""
from __future__ import annotations

import re

# An id may be empty here ('*', not '+'): validation must see [[]] and [[ ]] to report them.
# The renderer makes no link of a match with an empty id or an empty text (`is_link`), and
# leaves such text as written. No '[' inside: with it, a run of '[' made matching quadratic
# (3,000 took a second).
# Its text may run over a line break, as a Markdown link's may ('[[id|news report of\nMonday]]'), but
# not over a blank line: a paragraph ends there.
WIKILINK = re.compile(r"\[\[([^\[\]\|\n]*)(?:\|((?:[^\[\]\n]|\n(?![ \t]*\n))*))?\]\]")


def link_id(match: re.Match) -> str:
    """The id a WIKILINK match names ('' when it names none)."""
    return match.group(1).strip()


def is_link(match: re.Match) -> bool:
    """Whether the renderer reads a WIKILINK match as a link: it has an id part ('[[]]' and
    '[[|text]]' stay text as written; '[[ ]]' is a link to the empty id, which resolves to nothing).
    '[[id|]]' is a link that shows the id's name, as '[[id]]' does; validation reports its empty
    text (`empty_text`)."""
    return match.group(1) != ""


def empty_text(match: re.Match) -> bool:
    """Whether a WIKILINK match has a '|' and nothing but white space after it ('[[id|]]')."""
    return match.group(2) is not None and not match.group(2).strip()


# Code spans and HTML comments: `[[id]]` there is text about the syntax, not a link. As in
# Python-Markdown (BACKTICK_RE, find_code_spans), a code span opens with a whole run of backticks
# not escaped by an odd number of backslashes, and closes with the next run of the same length,
# within its paragraph (a blank line ends it): ``` on a line of its own, text, ``` again is one
# code span. Where Markdown falls back to a shorter closing run, [[id]] there is checked though
# shown as text (stricter, never looser).
# An HTML comment, which no page shows; one left open hides the rest of the body.
HTML_COMMENT = r"(?s:<!--.*?(?:-->|\Z))"
CODE_OR_COMMENT = re.compile(r"(?s:<!--.*?-->)|(?<![\\`])(?:\\\\)*(`+)(?!`)(?:[^\n]|\n(?![ \t]*\n))+?(?<!`)\1(?!`)")
# Indented code blocks (Python-Markdown's CodeBlockProcessor: a block indented by four spaces or a
# tab), unless the block before continues into it: a list item, a footnote or a definition
# (ListIndentProcessor, the footnotes' and def_list's own indented continuations).
BLOCKS = re.compile(r"(?:^[ \t]*\n)+", re.MULTILINE)
INDENTED = re.compile(r"^(?: {4}|\t)")
CONTINUED_BY_INDENT = re.compile(r"^ {0,3}(?:[*+-][ \t]|\d+[.)][ \t]|\[\^[^\]\n]+\]:|:[ \t])")


def outside_code(body: str) -> str:
    """The body with code spans, indented code blocks and HTML comments blanked (newlines kept,
    so lines still count): `[[id]]` there is text about the syntax, not a link, and Markdown
    leaves it as written."""
    if "    " in body or "\t" in body:   # first: a code span blanked would read as indented
        body = _without_indented_code(body)
    if "`" in body or "<!--" in body:
        body = CODE_OR_COMMENT.sub(_blank, body)
    return body


def without_comments(body: str) -> str:
    """The body with its HTML comments taken out: what of it a page can show (`generate.py new
    translation` leaves the original's text in one, to work from)."""
    return re.sub(HTML_COMMENT, "", body)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _without_indented_code(body: str) -> str:
    parts, position, continued = [], 0, False
    for separator in list(BLOCKS.finditer(body)) + [None]:
        end = separator.start() if separator else len(body)
        block = body[position:end]
        if block:
            if INDENTED.match(block) and not continued:
                block = re.sub(r"[^\n]", " ", block)      # code: nothing in it is a link
            elif not INDENTED.match(block):
                continued = bool(CONTINUED_BY_INDENT.match(block))
            # an indented block after a list item, footnote or definition continues it, and so may the next
        parts.append(block)
        if separator:
            parts.append(separator.group(0))
            position = separator.end()
    return "".join(parts)


EMBED = re.compile(r"^\{\{<\s*(?P<name>[a-z][a-z-]*)(?P<args>[^\n]*?)>\}\}\s*$")
EMBED_LINE = re.compile(EMBED.pattern, re.MULTILINE)


def embed_names(body: str) -> set[str]:
    """Names of the figures a Markdown body may embed (every line that reads like an embed)."""
    return {m.group("name") for m in EMBED_LINE.finditer(body)} if "{{<" in body else set()
