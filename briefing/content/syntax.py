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
WIKILINK = re.compile(r"\[\[([^\[\]\|\n]*)(?:\|([^\[\]\n]*))?\]\]")


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
# not escaped by an odd number of backslashes, and closes with the next run of the same length.
# Here it ends on its line; Markdown's may go on to the next line of a paragraph, or fall back to
# a shorter closing run, where [[id]] is then checked though shown as text (stricter, never looser).
CODE_OR_COMMENT = re.compile(r"(?s:<!--.*?-->)|(?<![\\`])(?:\\\\)*(`+)(?!`)[^\n]+?(?<!`)\1(?!`)")


def outside_code(body: str) -> str:
    """The body with code spans and HTML comments blanked (newlines kept, so lines still count):
    `[[id]]` there is text about the syntax, not a link, and Markdown leaves it as written."""
    if "`" not in body and "<!--" not in body:
        return body
    return CODE_OR_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


EMBED = re.compile(r"^\{\{<\s*(?P<name>[a-z][a-z-]*)(?P<args>[^\n]*?)>\}\}\s*$")
EMBED_LINE = re.compile(EMBED.pattern, re.MULTILINE)


def embed_names(body: str) -> set[str]:
    """Names of the figures a Markdown body may embed (every line that reads like an embed)."""
    return {m.group("name") for m in EMBED_LINE.finditer(body)} if "{{<" in body else set()
