"""[[id]] links: validation and the renderer read them with one pattern (content/syntax.py) and
agree on what is a link: in running text, every link on a page is one validation checked, and
every id it checked is a link on the page or, if empty, an error. Where they may still differ
(a code span Markdown continues on the next line of a paragraph, or pairs otherwise), the
renderer reports an unknown id validation did not check
(test_every_link_is_checked_by_validation_or_by_the_renderer)."""
from __future__ import annotations

import re
from collections import Counter
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.build import load_site
from briefing.content.readers import check_wikilinks
from briefing.errors import ContentErrors
from briefing.render.markdown import MarkdownRenderer
from conftest import line_of

RENDERER = MarkdownRenderer()
# For the properties below, which are about [[id]] links: text made of brackets also makes
# reference links without definitions ('[[]][[]]' is '[[]]' linked to '[]'), errors of their own
# (tests/render/test_references.py) that would hide what the page shows.
LINKS_ONLY = MarkdownRenderer()
LINKS_ONLY.problems.errors = lambda *args: []


def checked(body: str) -> list[str]:
    """The ids validation queues for the reference check (each must be a known id)."""
    refs = []
    check_wikilinks(SimpleNamespace(label="briefs/b.md", body=body, body_line=1), refs, [])
    return [ref.value for ref in refs]


def linked(body: str) -> list[str]:
    """The ids of the links on the rendered page, when every id but the empty one is known."""
    asked = []

    def resolve(ident):
        if not ident:
            return None      # as on a real site: no item has the empty id
        asked.append(ident)
        return f"../../link-{len(asked) - 1}/", ident.upper()
    html = LINKS_ONLY.render(body, resolve).html
    # From the page, not from the calls: a link inside an HTML comment is made, then dropped.
    return [asked[int(n)] for n in re.findall(r'<a class="idlink" href="\.\./\.\./link-(\d+)/">', html)]


def agree(body: str) -> None:
    """Every link the renderer makes was checked; every checked id is linked, except the empty
    id, which validation rejects (test_empty_link_ids_are_errors) and the renderer never links.

    Ids are compared with runs of white space made one space: Markdown expands tabs before it
    reads links (and an id with white space inside is never a valid one)."""
    made = Counter(" ".join(ident.split()) for ident in linked(body))
    queued = Counter(" ".join(ident.split()) for ident in checked(body))
    assert made <= queued, f"linked without being checked: {made - queued}"
    assert set(queued - made) <= {""}, f"checked but not linked: {queued - made}"


def plain_paragraphs(text: str) -> bool:
    """No indented code block and no table (where validation checks ids the renderer shows as text:
    in a code block, or in a cell beyond the header's, which Python-Markdown drops; stricter, not
    looser). A link in a table: test_link_text_in_a_table."""
    lines = text.split("\n")
    return (not any(line.expandtabs(4).startswith("    ") for line in lines)
            and not any("|" in line and not line.strip(" \t|") for line in lines))   # a table's rule


# Text made of what the link syntax is made of.
pieces = st.sampled_from(["[", "]", "[[", "]]", "|", " ", "\t", "a", "hts", "b c", "\n", ".", "[[a]]",
                          "[[ a ]]", "[[a|the text]]", "[[]]", "[[ ]]", "[[|x]]", "[[a|]]"])
inline_text = st.lists(pieces, max_size=24).map("".join).filter(plain_paragraphs)
# With what hides a link: code spans (escaped or not), HTML comments. (Not a backslash before
# '-->': in running text Markdown reads '\\-' as an escaped '-', and the comment goes on.)
hiding = st.sampled_from(["`", "``", "\\`", "\\\\`", "<!--", "-->", "[[a]]", "[[a|b]]", "a", " ", "\n", "|",
                          "[[b]]"])
hidden_text = st.lists(hiding, max_size=16).map("".join)


@settings(max_examples=400, deadline=None, database=None)
@given(inline_text)
def test_the_renderer_links_exactly_what_validation_checked(text):
    agree(text)


@settings(max_examples=400, deadline=None, database=None)
@given(hidden_text)
def test_every_link_is_checked_by_validation_or_by_the_renderer(text):
    """Around code spans and comments the two may read a link differently (a code span Markdown
    pairs otherwise, '``<!--`[[a]]`'): an id the page links that validation did not check is
    reported by the renderer when it is unknown, so no unknown id is published, as a link or
    as text."""
    normal = lambda idents: Counter(" ".join(ident.split()) for ident in idents)   # noqa: E731
    unchecked = normal(linked(text)) - normal(checked(text))
    if unchecked:
        with pytest.raises(ContentErrors) as caught:
            LINKS_ONLY.render(text, lambda ident: None)
        reported = {e.message for e in caught.value.errors}
        assert {f"[[{ident}]] links to an unknown id" for ident in unchecked} <= reported


@pytest.mark.parametrize("text", [
    "[[hts]]", "[[ hts ]]", "[[hts|the group]]", "[[hts|the | group]]", "[[hts||]]", "[[[hts]]", "[[hts]]]",
    "[[]]", "[[ ]]", "[[\t]]", "[[|text]]", "[[ |text]]", "[[hts\n]]", "[[hts]x]]", "a [[hts]] b [[sna|SNA]]",
    "`[[hts]]`", "``[[hts]]``", "<!-- [[hts]] -->", "x <!-- [[hts]]\n--> y",
    "[[news-report|news report of\nMonday 2 December]]", "[[hts|over\n\nparagraphs]]", "[[hts|a\nb\nc]] d",
])
def test_agreement_on_the_edges(text):
    agree(text)


def test_a_link_s_text_may_run_over_a_line_break_but_not_a_paragraph():
    """As a Markdown link's text may: an editor's line wrapped inside it still makes the link."""
    assert linked("see the [[news-report|news report of\nMonday 2 December]].") == ["news-report"]
    assert checked("see the [[news-report|news report of\nMonday 2 December]].") == ["news-report"]
    assert linked("[[hts|over\n\nparagraphs]]") == [] and checked("[[hts|over\n\nparagraphs]]") == []


def test_code_and_comments_hold_no_links():
    for text in ("`[[hts]]`", "``[[hts]]``", "<!-- [[hts]] -->"):
        assert checked(text) == linked(text) == []


def test_an_empty_text_after_the_bar():
    """[[id|]] is checked, and linked with the id's name (never an empty link); validation also
    reports the missing text (test_an_empty_text_after_the_bar_is_an_error)."""
    for text in ("[[hts|]]", "[[hts| ]]"):
        agree(text)
        assert RENDERER.render(text, lambda ident: ("../../actors/hts/", "HTS")).html == \
            '<p><a class="idlink" href="../../actors/hts/">HTS</a></p>'


def test_an_empty_text_after_the_bar_is_an_error(content):
    brief = content / "briefs" / "the-offensive.md"
    with open(brief, "a", encoding="utf-8") as f:
        f.write("\nNo text: [[hts|]].\n\nBlank: [[moc|  ]].\n\nNone at all: [[|]].\n")
    with pytest.raises(ContentErrors) as caught:
        load_site(content)
    assert [(e.line, e.message, e.hint) for e in caught.value.errors][:2] == [
        (line_of(brief, "No text:"), "[[hts|]] has no text after its '|'",
         "write [[hts]] to show its name, or the text after the '|'"),
        (line_of(brief, "Blank:"), "[[moc|  ]] has no text after its '|'",
         "write [[moc]] to show its name, or the text after the '|'")]
    assert [(e.line, e.message) for e in caught.value.errors][2:] == [   # the empty id's error, not this one
        (line_of(brief, "None at all:"), "[[]] links to an unknown id")]


def test_an_escaped_backtick():
    """Markdown reads \\` as a backtick, not the start of a code span: the link after it is a link."""
    for text in ("\\`[[hts]]`", "\\\\\\`[[hts]]`", "a \\`[[hts]]` b `c`"):
        agree(text)
        assert checked(text) == ["hts"]
    assert checked("\\\\`[[hts]]`") == linked("\\\\`[[hts]]`") == []   # an escaped backslash, then code


def test_link_text_in_a_table():
    text = "| who | what |\n|---|---|\n| [[hts|HTS]] | x |\n| `a|b` | [[sna|the SNA]] and [[moc]] |"
    agree(text)
    html = RENDERER.render(text, lambda ident: (f"../../actors/{ident}/", ident.upper())).html
    assert '<td><a class="idlink" href="../../actors/hts/">HTS</a></td>\n<td>x</td>' in html
    assert '<td><code>a|b</code></td>' in html and '>the SNA</a> and <a' in html


def test_empty_link_ids_are_errors(content):
    brief = content / "briefs" / "the-offensive.md"
    with open(brief, "a", encoding="utf-8") as f:
        f.write("\nEmpty: [[]].\n\nSpace: [[ ]].\n\nTab: [[\t|text]].\n\nBar: [[|text]].\n")
    with pytest.raises(ContentErrors) as caught:
        load_site(content)
    assert [(e.line, e.message) for e in caught.value.errors] == [
        (line_of(brief, needle), "[[]] links to an unknown id") for needle in ("Empty:", "Space:", "Tab:", "Bar:")]


def test_empty_link_ids_render_as_no_link():
    for text in ("[[]]", "[[ ]]", "[[\t]]", "[[|text]]"):
        assert linked(text) == []
    assert RENDERER.render("[[]] and [[|x]]", lambda ident: None).html == "<p>[[]] and [[|x]]</p>"
