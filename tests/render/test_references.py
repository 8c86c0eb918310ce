"""Footnotes and reference links that lead nowhere are errors, at the line where they stand
(briefing/render/references.py): Python-Markdown says what it could not resolve, a search of
the source says where."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.errors import ContentErrors
from briefing.render.markdown import MarkdownRenderer

RENDERER = MarkdownRenderer()
FIRST = 10   # the body starts at line 10 of its file, after the front matter


def resolve(ident):
    return {"hts": ("../../actors/hts/", "HTS")}.get(ident)


def problems(body: str) -> list[tuple]:
    """(line, message, hint) of every error, [] if the body renders."""
    try:
        RENDERER.render(body, resolve, None, "briefs/b.md", FIRST)
    except ContentErrors as failed:
        return [(e.line, e.message, e.hint) for e in failed.errors]
    return []


def messages(body: str) -> list[tuple]:
    return [(line, message) for line, message, _ in problems(body)]


# --- footnotes ---------------------------------------------------------------------------------

def test_a_footnote_without_its_definition():
    body = "As the monitor said.[^sohr1]\n\nAnd again, [^sohr1] and [^x].\n\n[^sohr]: SOHR, 30 November.\n\nSee[^sohr]."
    assert problems(body) == [
        (10, "footnote [^sohr1] has no definition", "did you mean 'sohr'?"),
        (12, "footnote [^sohr1] has no definition", "did you mean 'sohr'?"),
        (12, "footnote [^x] has no definition", "add its note on a line of its own: '[^x]: the note'")]


def test_a_footnote_defined_twice():
    body = "Text.[^1]\n\n[^1]: The first note.\n[^1]: The second note."
    assert problems(body) == [(13, "footnote [^1] is defined twice",
                               "first at line 12; only the last would be shown: give each note an id of its own")]


def test_a_footnote_never_referred_to():
    """Python-Markdown shows it, unnumbered in the text, with a back link to nowhere."""
    body = "Text.[^1]\n\n[^1]: Used.\n\n[^2]: Forgotten."
    assert problems(body) == [(14, "footnote [^2] is never referred to",
                               "refer to it with [^2] where it belongs, or delete it")]


def test_footnotes_that_lead_somewhere_are_fine():
    body = ("One[^1], two[^note], the first again[^1].\n\n- In a list[^3]\n\n> quoted[^4]\n\n"
            "[^1]: First.\n[^note]: Second, which refers on[^3].\n\n    More of it.\n\n[^3]: Third.\n[^4]: Fourth.")
    assert problems(body) == []


def test_footnote_syntax_in_code_is_text():
    assert problems("Write `[^1]` for a note, and `[^1]: the note` below.\n\n    [^2]: in a code block") == []


# --- reference links ---------------------------------------------------------------------------

def test_reference_links_and_images_without_a_definition():
    body = ("Per [Reuters][reutres] and [AFP][], see ![the map][map].\n\n"
            "[reuters]: https://www.reuters.com/\n[Reuters link][reuters]")
    assert problems(body) == [
        (10, "image ![the map][map] has no definition", "add a line '[map]: https://...' under the paragraph"),
        (10, "link [AFP][] has no definition", "add a line '[afp]: https://...' under the paragraph"),
        (10, "link [Reuters][reutres] has no definition", "did you mean 'reuters'?")]


def test_brackets_in_running_text_are_text():
    """Only `[text][id]` and `[text][]` are references Markdown would make; a shortcut `[id]` or
    `[text] [id]` without a definition are brackets in prose: quotes, insertions, [sic]."""
    body = 'He said "they [the army] will [...] withdraw" [sic]. [TOC] [a] [b]\n\n[[]] x'
    assert problems(body) == []


def test_a_shortcut_reference_with_a_definition_is_a_link_and_uses_it():
    html = RENDERER.render("See [Reuters].\n\n[reuters]: https://www.reuters.com/", resolve).html
    assert '<a rel="noopener noreferrer" href="https://www.reuters.com/">Reuters</a>' in html


def test_link_definitions_defined_twice_or_never_used():
    body = ("[A][a] and ![B][b].\n\n[a]: https://a.example/\n[b]: ../../b.png\n"
            "[A]: https://a2.example/\n\n[unused]: https://u.example/ \"A title\"\n\n*[HTS]: Hayat Tahrir al-Sham")
    assert problems(body) == [
        (14, "link definition [a] is defined twice", "first at line 12; only the last would be used"),
        (16, "link definition [unused] is never used", "link to it with [text][unused], or delete it")]


def test_definitions_inside_lists_and_quotes_are_found_at_their_line():
    body = "- item[^1]\n\n    [^1]: note\n\n> [q][x]\n>\n> [y]: https://y.example/"
    assert messages(body) == [(14, "link [q][x] has no definition"), (16, "link definition [y] is never used")]


def test_a_reference_whose_text_holds_other_markup():
    body = "See [`code` and [[hts]]][nope] and [*em*][nope2]."
    assert messages(body) == [(10, "link [*em*][nope2] has no definition"), (10, "link [...][nope] has no definition")]


def test_reference_syntax_in_code_is_text():
    assert problems("`[a][b]` and ``[c][]`` are written so.\n\n    [d][e]\n") == []


# --- the lines agree with what Markdown met ----------------------------------------------------

PARAGRAPH = st.lists(st.sampled_from([
    "text", " ", "[^a]", "[^b]", "[x][r]", "[y][]", "[r][s]", "`[^a]`", "`[x][q]`", "**", "[", "]", "[[hts]]",
    "(", ")", "\n"]), min_size=1, max_size=12).map("".join)
DEFINITION = st.sampled_from(["[^a]: note a", "[^b]: note b", "[^a]: again", "[r]: https://r.example/",
                              "[s]: https://s.example/", "[y]: https://y.example/", "    indented [^b]"])
BODY = st.lists(st.one_of(PARAGRAPH, DEFINITION), min_size=1, max_size=8).map("\n\n".join)
NAMED = re.compile(r"footnote (\[\^[^\]]*\])|(?:link|image) (\S.*) has no definition|link definition \[([^\]]*)\]")


@settings(max_examples=300, deadline=None, database=None)
@given(BODY)
def test_each_error_is_at_a_line_that_holds_what_it_names(body):
    lines = body.split("\n")
    for line, message, _ in problems(body):
        named = NAMED.search(message)
        if named is None:
            continue   # an [[id]] error (none here: hts is known)
        what = named.group(1) or named.group(2) or f"[{named.group(3)}]:"
        text = lines[line - FIRST]
        # '...' stands for what Markdown had changed; a link may go on to the next line.
        part = max(what.replace("[...]", "...").split("..."), key=len).split(" ")[0]
        assert part.lower() in text.lower(), f"line {line} ({text!r}) does not hold {what!r}"
