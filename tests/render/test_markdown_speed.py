"""The quick inline pass gives exactly what Python-Markdown's own gives."""
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

from briefing.errors import ContentErrors
from briefing.render import markdown_speed
from briefing.render.markdown import MarkdownRenderer
from conftest import MINI, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from corpus import make_corpus  # noqa: E402


def resolve(ident):
    return {"hts": ("../../actors/hts/", "HTS"), "aleppo": ("../../places/aleppo/", "Aleppo")}.get(ident)


def outcome(renderer, text):
    """The Rendered body, or the errors it raised (the same for both, or the shim changed something)."""
    try:
        return renderer.render(text, resolve)
    except ContentErrors as failed:
        return failed.errors


class PlainRenderer(MarkdownRenderer):
    """Python-Markdown exactly as it ships: the shim switched off."""

    def __init__(self):
        install, markdown_speed.install = markdown_speed.install, lambda md: None
        try:
            super().__init__()
        finally:
            markdown_speed.install = install


def test_the_quick_pass_is_installed():
    kinds = {type(p).__name__ for p in MarkdownRenderer().md.treeprocessors}
    assert "QuickInlineProcessor" in kinds and "InlineProcessor" not in kinds


def test_same_html_for_fixtures_and_synthetic_briefs():
    corpus = make_corpus(12)
    bodies = [p.read_text() for p in Path(MINI).rglob("*.md")]
    bodies += [b["body"].replace("[[actor-", "[[hts|x").replace("[[place-", "[[aleppo|y") for b in corpus.briefs]
    quick, plain = MarkdownRenderer(), PlainRenderer()
    for body in bodies:
        assert outcome(quick, body) == outcome(plain, body)


PIECES = st.sampled_from([
    "word", " ", "\n", "\n\n", "  \n", "*", "**", "_", "__", "`", "``", "\\", "\\*", "[", "]", "(", ")",
    "![", "[^1]", "[^1]: note", "[[hts]]", "[[hts|the group]]", "[[nope]]", "<b>", "</b>", "<http://x.org>",
    "<a@b.org>", "&amp;", "&", "--", "---", "...", "<<", ">>", "# ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n",
    "[x](http://y.org/)", "[x][r]\n\n[r]: http://r.org/", "{: .note }", "*[HTS]: Hayat", "'", '"',
])


QUICK, PLAIN = MarkdownRenderer(), PlainRenderer()   # reused: each render resets its state


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_same_html_for_any_mix_of_markdown_syntax(text):
    assert outcome(QUICK, text) == outcome(PLAIN, text)
