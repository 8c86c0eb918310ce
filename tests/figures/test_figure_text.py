"""Text from content reaches plotly's figures as text, never as markup (issue 14, kind 6).

plotly.js draws a subset of HTML in every piece of figure text (svg_text_utils: <a href>, <b>,
<i>, <em>, <s>, <u>, <sup>, <sub>, <span style>, <br>) and decodes entities. So a place named
`<a href="https://phish.example/">Saraqib</a>` would be a live link on the map unless it is
escaped, and escaped twice it would show as `&amp;lt;a ...`. The hostile content
(tests/hostile.py) carries that markup, and text that shows as written only when escaped
exactly once, in every field; here every figure file of its build is read back.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import hypothesis
import hypothesis.strategies as st
import pytest

from briefing.figures.markup import esc, wrapped
from conftest import build_to
from hostile import write_hostile_content

# plotly.js's own pattern for a tag (svg_text_utils.js, SPLIT_TAGS and ONE_TAG)
SPLIT_TAGS = re.compile(r"(<[^<>]*>)")
ONE_TAG = re.compile(r"<(/?)([^ >]*)(\s+(.*))?>", re.IGNORECASE)
PLOTLY_TAGS = {"a", "b", "i", "em", "s", "u", "sup", "sub", "span", "br"}
# The only tags our figures write themselves; `<extra>` ends a hovertemplate (not drawn as text).
OUR_TAGS = {"<b>", "</b>", "<i>", "</i>", "<br>", "<extra>", "</extra>"}

# Every field whose text a plotly figure shows (in a label, hover text or legend), by payload name.
FIELDS_IN_PLOTLY = {
    "place-name", "town-name", "airbase-name", "village-name", "place-governorate", "town-governorate",
    "actor-short-name", "actor2-name", "actor3-name", "source-name", "source2-name", "side-title",
    "side2-title", "event-summary", "event2-summary", "event3-summary", "event4-summary",
    "relation2-note",      # relation-note too, but a note is cut to four lines: the markup is past them
}


@pytest.fixture(scope="module")
def hostile_figures(tmp_path_factory) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("hostile-figures")
    build_to(write_hostile_content(root / "content"), root / "site", search=False)
    return {path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((root / "site" / "figures").glob("*.json"))}


def strings(value, path=""):
    """(path, string) for every string in a JSON value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}" if path else key)


def drawn_strings(spec: dict):
    """The strings plotly draws: everything but `meta`, which map.js shows as DOM text."""
    for key in ("data", "layout", "frames"):
        yield from strings(spec.get(key), key)


def test_every_kind_of_figure_is_there(hostile_figures):
    names = " ".join(hostile_figures)
    for prefix in ("advances-map.", "map-the-offensive.", "advance-over-time.", "advance-chart-the-offensive.",
                   "network.", "network-hts-1.", "network-saa-2."):
        assert prefix in names


def test_no_tag_from_content_reaches_plotly(hostile_figures):
    leaks = {}
    for name, spec in hostile_figures.items():
        for path, text in drawn_strings(spec):
            for part in SPLIT_TAGS.split(text):
                tag = ONE_TAG.fullmatch(part)
                if tag and tag.group(2).lower() in PLOTLY_TAGS and part not in OUR_TAGS:
                    leaks.setdefault(f"{name} {path}", part)
            # content's own <b>, <i> and <br> as they would look had they got through unescaped
            if re.search(r"<(b|i)>\1-[\w-]+</\1>|<br>br-[\w-]+ AT&T", text):
                leaks.setdefault(f"{name} {path}", text[:80])
    assert leaks == {}


def test_content_is_escaped_exactly_once(hostile_figures):
    drawn = "".join(text for spec in hostile_figures.values() for _, text in drawn_strings(spec))
    assert "AT&amp;T 5 &lt; 6 &amp;lt;3" in re.sub(r"</?(b|i)>", "", drawn.replace("<br>", " "))
    for twice in ("&amp;amp;", "&amp;lt;b&amp;gt;", "&amp;lt;a", "5 &amp;lt; 6"):
        assert twice not in drawn


def test_no_content_in_a_template(hostile_figures):
    """plotly fills in `%{...}` in a hovertemplate, and escaping does not stop it: content goes
    into hovertext or customdata, never into the template itself."""
    for name, spec in hostile_figures.items():
        for path, text in drawn_strings(spec):
            if path.endswith("template"):
                assert "phish" not in text and "AT&amp;T" not in text, (name, path, text)


@pytest.mark.parametrize("field", sorted(FIELDS_IN_PLOTLY))
def test_each_field_reaches_a_figure_escaped(hostile_figures, field):
    """Not vacuous: every field that a figure shows is there, as text (wrapping may break a line
    anywhere, each line in its own <b> or <i>, so our own tags are taken out before looking)."""
    drawn = "".join(text for spec in hostile_figures.values() for _, text in drawn_strings(spec))
    assert esc(f"<b>b-{field}</b>") in re.sub(r"</?(br|b|i)>", "", drawn)


def test_text_the_page_shows_itself_is_not_escaped(hostile_figures):
    """`meta` (the day summaries, the key's titles) is set as DOM text by map.js: escaping it
    would show `&lt;` to readers."""
    meta = "".join(text for spec in hostile_figures.values() for _, text in strings(spec.get("meta")))
    assert '<a href="https://phish.example/side-title">' in meta and "AT&T 5 < 6 &lt;3" in meta
    assert "&lt;a" not in meta and "&amp;" not in meta


@pytest.mark.parametrize("text, shown", [
    ("AT&T", "AT&amp;T"), ("5 < 6", "5 &lt; 6"), ("&lt;3", "&amp;lt;3"), ('"quoted" it\'s', '"quoted" it\'s'),
    ('<a href="https://phish.example/">Saraqib</a>', '&lt;a href="https://phish.example/"&gt;Saraqib&lt;/a&gt;'),
])
def test_esc_gives_text_plotly_shows_as_written(text, shown):
    assert esc(text) == shown


# --- wrapping -------------------------------------------------------------------------------------
def visible(markup: str) -> list[str]:
    """The lines plotly shows for some figure text: tags out, entities decoded."""
    return [html.unescape(re.sub(r"</?[bi]>", "", line)) for line in markup.split("<br>")] if markup else []


def test_wrapped_styles_its_lead_and_breaks_long_words():
    assert wrapped("· town, Idlib", lead="Saraqib", tag="b") == "<b>Saraqib</b> · town, Idlib"
    assert wrapped("MOC: holds or claims (running total)", 36) == "MOC: holds or claims (running total)"
    long = wrapped("MOC @AlMilitaryOperationsCommandOfficialTelegramChannel: holds or claims", 36)
    assert long == "MOC @AlMilitaryOperationsComman<br>dOfficialTelegramChannel: holds or<br>claims"
    # pieces of 15 characters, three quarters of 20, each on its line (the last with what follows)
    assert wrapped("", lead="Donaudampfschifffahrtsgesellschaft & Co", tag="i", width=20) == \
        "<i>Donaudampfschif</i><br><i>ffahrtsgesellsc</i><br><i>haft &amp; Co</i>"


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(text=st.text(st.sampled_from("ab &<>;%{}-\t\nMW"), max_size=120),
                  lead=st.text(st.sampled_from("ab &<-MW"), max_size=60),
                  tag=st.sampled_from(["", "b", "i"]), width=st.sampled_from([24, 36, 40]))
def test_wrapped_keeps_every_character_and_each_line_short(text, lead, tag, width):
    wrapped.cache_clear()
    out = wrapped(text, width, lead, tag)
    lines = visible(out)
    assert all(len(line) <= width for line in lines)
    # no run of letters longer than three quarters of a line (a long word's pieces are that long)
    assert all(len(run) <= width * 3 // 4 for line in lines for run in re.findall(r"[abMW]+", line))
    full = f"{lead} {text}" if lead and text else lead or text
    assert "".join("".join(lines).split()) == "".join(full.split())      # only whitespace may go
    assert "<" not in re.sub(r"</?(b|i|br)>", "", out)                    # nothing but our tags
    if tag and lead.strip():
        assert out.startswith(f"<{tag}>")
