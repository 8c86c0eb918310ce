"""Text in YAML and front matter is plain text (content/plain.py): Markdown in any of it is an
error at its line, and what is not Markdown is shown as typed."""
from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.build import load_site
from briefing.content.plain import markdown_in
from briefing.errors import ContentErrors
from briefing.render.markdown import MarkdownRenderer
from conftest import line_of


@pytest.mark.parametrize("text,found", [
    ("Russia backs [[rusia]].", "the link by id [[rusia]]"),
    ("Per [[sohr|SOHR]].", "the link by id [[sohr|SOHR]]"),
    ("As SOHR said.[^1]", "the footnote [^1]"),
    ("See [SANA][sana].", "the reference link [SANA][sana]"),
    ("See [SANA][].", "the reference link [SANA][]"),
    ("The army **denies** it.", "the Markdown for bold around 'denies'"),
    ("The army __denies__ it.", "the Markdown for bold around 'denies'"),
    ("The *coalition* leads.", "the Markdown for italics around 'coalition'"),
    ("The _coalition_ leads.", "the Markdown for italics around 'coalition'"),
    ("Run `make`.", "the Markdown for code around 'make'"),
    ("See [the map](../map/).", "the Markdown link [the map](../map/)"),
    ("See <https://sana.sy/>.", "the Markdown link <https://sana.sy/>"),
    ("Write to <desk@example.org>.", "the Markdown link <desk@example.org>"),
    ("![a map](map.png)", "the Markdown image ![a map](map.png)"),
    ("A \\*starred\\* word.", "the Markdown escape \\*"),
])
def test_markdown_is_found(text, found):
    assert markdown_in(text) == found


@pytest.mark.parametrize("text", [
    "Casualties <10 and >5 & falling.", "AT&T &amp; co.", "He said [sic] [the army] would [...] go.",
    "al_nusra_front and snake_case", "a * b and c _ d", "446+", "Hay'at Tahrir al-Sham", "C:\\Users\\desk",
    "<b>not Markdown</b>: HTML is shown as typed, escaped", "-- and ... stay as typed", "# 1 priority", "1. first",
])
def test_what_is_not_markdown_is_plain_text(text):
    assert markdown_in(text) == ""


PIECES = st.sampled_from(["word", " ", "*", "**", "_", "__", "`", "[", "]", "(", ")", "!", "x.org", "[[a]]",
                          "[^1]", "<https://a.org>", "&", "[a](b)", "'", "-", "\\"])
BODY = MarkdownRenderer()
FORMATTING = re.compile(r"<(em|strong|code|a|img|sup)\b")


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(PIECES, min_size=1, max_size=14).map("".join))
def test_text_found_plain_has_no_formatting_in_a_body_either(text):
    """What markdown_in passes is text to Python-Markdown as bodies are read, too: no emphasis,
    code, link, image or footnote (so nothing an editor meant as Markdown is shown as typed).
    (Stripped, as every YAML text is read: four spaces in front would make a code block.)"""
    text = text.strip()
    if not text or markdown_in(text):
        return
    try:
        html = BODY.render(text, lambda ident: ("../x/", ident)).html
    except ContentErrors:
        return   # a footnote or reference without a definition: markdown_in reports those forms too
    assert not FORMATTING.search(html), (text, html)


# Every text field of every kind of record, with where to put it in the mini content.
FIELDS = [
    ("site.yaml", None, ["title", "description", "author"]),
    ("actors.yaml", 0, ["name", "short_name", "role", "description", "country", "aliases"]),
    ("places.yaml", 0, ["name", "governorate", "country", "coords_source", "description", "aliases"]),
    ("sources.yaml", 0, ["name", "note"]),
    ("relations.yaml", 0, ["note"]),
    ("events.yaml", 0, ["summary", "note"]),
]


@pytest.mark.parametrize("file,index,key", [(f, i, k) for f, i, keys in FIELDS for k in keys])
def test_every_text_field_of_the_data_files_is_plain(content, file, index, key):
    path = content / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    record = data if index is None else data[index]
    record[key] = ["Plain", "with **bold**"] if key == "aliases" else "with **bold**"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_site(content)
    assert [(e.line, e.message) for e in caught.value.errors] == [
        (line_of(path, f"{key}:"), f"'{key}' is plain text: the Markdown for bold around 'bold' would be shown as typed")]


@pytest.mark.parametrize("where,key", [
    ("topics", "title"), ("topics", "description"), ("sides", "title"), ("sides", "description"),
    ("key_figures", "value"), ("key_figures", "label"), ("key_figures", "note"), ("licence", "name"),
])
def test_every_text_field_of_site_yaml_is_plain(content, where, key):
    path = content / "site.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    record = data[where] if where == "licence" else data[where][0]
    record[key] = "see [[hts]]"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_site(content)
    assert [e.message for e in caught.value.errors] == [f"'{key}' is plain text: the link by id [[hts]] would be shown as typed"]


@pytest.mark.parametrize("file,key", [("briefs/diplomacy.md", "title"), ("briefs/diplomacy.md", "summary"),
                                      ("pages/about.md", "title")])
def test_front_matter_text_is_plain(content, file, key):
    path = content / file
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf"^{key}: (.*)$", rf"{key}: \1 `code`", text, count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_site(content)
    assert [(e.line, e.message) for e in caught.value.errors] == [
        (line_of(path, f"{key}:"), f"'{key}' is plain text: the Markdown for code around 'code' would be shown as typed")]


def test_a_placeholder_has_its_own_error_only(content):
    path = content / "events.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary: Fighters enter Aleppo.",
                                                             "summary: TODO write **it**", 1), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_site(content)
    assert [e.message for e in caught.value.errors] == ["'summary' is still a placeholder: TODO write **it**"]


def test_plain_text_is_shown_as_typed(content, tmp_path):
    from conftest import build_to, edit
    edit(content / "actors.yaml", "leads the coalition.", "leads the coalition -- <the MOC> & co.")
    build_to(content, tmp_path / "site", search=False)
    page = (tmp_path / "site/actors/hts/index.html").read_text(encoding="utf-8")
    assert '<p class="lede">Islamist armed group that leads the coalition -- &lt;the MOC&gt; &amp; co.</p>' in page
    assert '<meta name="description" content="Islamist armed group that leads the coalition -- &lt;the MOC&gt; &amp; co.">' in page
