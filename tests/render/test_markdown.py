"""Markdown: id links, sanitising, heading levels, embeds."""
import pytest

from briefing.render.markdown import MarkdownRenderer, sanitise
from briefing.errors import ContentErrors
from briefing.urls import relative


def resolve(ident):
    return {"hts": ("../../actors/hts/", "HTS")}.get(ident)


def test_wikilinks_use_label_or_own_text():
    html = MarkdownRenderer().render("[[hts]] and [[hts|the group]]", resolve).html
    assert html == ('<p><a class="idlink" href="../../actors/hts/">HTS</a> and '
                    '<a class="idlink" href="../../actors/hts/">the group</a></p>')


@pytest.mark.parametrize("payload", [
    '<script>alert(1)</script>', '<img src=x onerror="alert(1)">', '[x](javascript:alert(1))',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<div onclick="alert(1)">x</div>',
    '<iframe src="https://evil.example"></iframe>', '<svg onload=alert(1)>',
])
def test_hostile_html_is_neutralised(payload):
    html = MarkdownRenderer().render(payload, resolve).html
    for bad in ("<script", "onerror", "javascript:", "data:text", "onclick", "<iframe", "onload"):
        assert bad not in html


def test_external_links_get_rel_internal_do_not():
    html = sanitise('<a href="https://example.org/">x</a><a href="../y/">y</a>')
    assert html == '<a rel="noopener noreferrer" href="https://example.org/">x</a><a href="../y/">y</a>'


def test_headings_start_at_h2():
    html = MarkdownRenderer().render("# One\n\n## Two\n", resolve).html
    assert "<h2" in html and "<h3" in html and "<h1" not in html


def test_heading_ids_in_other_scripts_are_transliterated_and_latin_ones_stay():
    text = "## سقوط حلب\n\n## Падение Алеппо\n\n## Türkiye’s role\n\n## 🔥\n"
    html = MarkdownRenderer().render(text, resolve).html
    ids = [part.split('"')[0] for part in html.split(' id="')[1:]]
    # Markdown's own id for a Latin heading (anchors already linked stay), never toc's '_1' where
    # the heading has words; a heading of emoji alone has none to spell
    assert ids == ["sqwt-hlb", "padenie-aleppo", "turkiyes-role", "_1"]


def test_embed_calls_the_embedder_with_args_and_line():
    calls = []

    def embed(name, args, line):
        calls.append((name, args, line))
        return '<figure class="fig">ok</figure>'

    text = "Intro.\n\n{{< map dates=\"2024-11-29..2024-12-01\" places=aleppo >}}\n\nAfter."
    html = MarkdownRenderer().render(text, resolve, embed, "b.md", first_line=10).html
    assert calls == [("map", {"dates": "2024-11-29..2024-12-01", "places": "aleppo"}, 12)]
    assert '<figure class="fig">ok</figure>' in html and "After." in html


def test_embed_without_embedder_is_a_content_error():
    with pytest.raises(ContentErrors) as caught:
        MarkdownRenderer().render("{{< network >}}", resolve, None, "b.md", first_line=5)
    assert [e.line for e in caught.value.errors] == [5]


@pytest.mark.parametrize("src,dst,expected", [
    ("briefs/x/", "actors/hts/", "../../actors/hts/"), ("", "actors/", "actors/"),
    ("briefs/x/", "", "../../"), ("actors/hts/", "actors/hts/#a", "./#a"),
    ("briefs/x/", "assets/s.1.css", "../../assets/s.1.css"),
])
def test_relative_links(src, dst, expected):
    assert relative(src, dst) == expected


def test_embed_names_reads_every_spelling_the_embed_syntax_allows():
    from briefing.content.syntax import embed_names
    body = 'Text.\n\n{{<network actors="hts" >}}\n\n{{<   map dates="2024-11-30" >}}\n\nNot {{< chart >}} inline.\n'
    assert embed_names(body) == {"network", "map"}
    assert embed_names("No embeds here.") == set()


@pytest.mark.parametrize("text,line,written", [
    ("Text {{< map >}} more.", 5, "{{< map >}}"),
    ("Intro.\n\n{{< Network >}}", 7, "{{< Network >}}"),
    ("Intro.\n\n{{< map places=\"aleppo\"\n\nAfter.", 7, "{{< map places=\"aleppo\""),
])
def test_an_embed_markdown_leaves_as_text_is_an_error(text, line, written):
    with pytest.raises(ContentErrors) as caught:
        MarkdownRenderer().render(text, resolve, lambda *args: "<figure></figure>", "b.md", first_line=5)
    assert [(e.line, e.message) for e in caught.value.errors] == [(line, f"'{written}' is not read as a figure")]


def test_the_embed_syntax_in_code_is_text():
    html = MarkdownRenderer().render("Write `{{< map >}}`:\n\n    {{< map\n", resolve).html
    assert "<code>{{&lt; map &gt;}}</code>" in html and "<pre><code>{{&lt; map" in html
