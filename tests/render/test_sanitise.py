"""The sanitiser's allowlist: what an editor's HTML may keep, and what it may never do."""
import pytest

from briefing.render.markdown import MarkdownRenderer
from briefing.render.sanitise import is_page_id, sanitise, unreserved_id


def resolve(ident):
    return {"hts": ("../../actors/hts/", "HTS")}.get(ident)


def render(text):
    return MarkdownRenderer().render(text, resolve)


@pytest.mark.parametrize("html,expected", [
    ('<a href="HTTPS://example.org/">x</a>', '<a rel="noopener noreferrer" href="HTTPS://example.org/">x</a>'),
    ('<a href="//example.org/">x</a>', '<a rel="noopener noreferrer" href="//example.org/">x</a>'),
    ('<a title="a&gt;b" href="https://e.org/">x</a>', '<a rel="noopener noreferrer" title="a&gt;b" href="https://e.org/">x</a>'),
    ('<a href="#fn:1">x</a><a href="../y/">y</a><a href="mailto:a@b.org">m</a>',
     '<a href="#fn:1">x</a><a href="../y/">y</a><a href="mailto:a@b.org">m</a>'),
    ('<a href="javascript:alert(1)" target="_blank" rel="opener">x</a>', '<a>x</a>'),
    ('<a href="data:text/html,x">x</a><a href="vbscript:x">y</a><a href="tel:1">z</a>', '<a>x</a><a>y</a><a>z</a>'),
])
def test_links(html, expected):
    assert sanitise(html) == expected


@pytest.mark.parametrize("src,kept", [
    ("https://upload.example.org/a.png", False), ("img/a.png", True), ("/img/a.png", True), ("?v=1", True),
    ("http://example.org/a.png", False), ("//example.org/a.png", False), ("data:image/png;base64,AAAA", False),
    ("javascript:alert(1)", False), ("mailto:a@b.org", False), ("file:///etc/passwd", False),
])
def test_image_sources_are_relative_only(src, kept):
    assert (f'src="{src}"' in sanitise(f'<img src="{src}" alt="a">')) is kept


def test_classes_are_allowlisted():
    html = sanitise('<p class="lede skip-link visually-hidden"><span class="note x">n</span><b class="x">b</b></p>')
    assert html == '<p class="lede"><span class="note">n</span><b>b</b></p>'


@pytest.mark.parametrize("value,kept", [
    ("the-advance", True), ("fn:1", True), ("fnref:1", True), ("_1", True), ("section-2.1", True),
    ("main", False), ("sources-title", False), ("event-x", False), ("fig-network", False),
    ("topic-offensive", False), ("group-1", False), ("__xss", False), ("Plotly", False), ("a b", False),
    ("x" * 101, False),
])
def test_ids_cannot_take_the_pages_or_clobber_globals(value, kept):
    assert (f'id="{value}"' in sanitise(f'<p id="{value}">x</p>')) is kept


def test_style_only_text_align_on_cells():
    html = sanitise('<table><tr><td style="text-align: right">a</td><td style="text-align:left;color:red">b</td>'
                    '<th style="text-align: expression(alert(1))">c</th></tr></table><p style="text-align:left">p</p>')
    assert '<td style="text-align:right">a</td>' in html
    assert html.count("style=") == 1  # anything beside a lone text-align drops the whole style


def test_markdown_tables_keep_alignment():
    html = render("| a | b |\n|:-|-:|\n| 1 | 2 |").html
    assert '<th style="text-align:left">a</th>' in html and '<td style="text-align:right">2</td>' in html


def test_footnotes_abbreviations_definition_lists_survive():
    html = render("HTS[^1] said.\n\n*[HTS]: Hayat Tahrir al-Sham\n\nTerm\n:   Meaning\n\n[^1]: A note.").html
    for piece in ('<abbr title="Hayat Tahrir al-Sham">HTS</abbr>', 'class="footnote-ref" href="#fn:1"',
                  '<div class="footnote">', 'id="fn:1"', 'class="footnote-backref"', "<dl>", "<dd>Meaning</dd>"):
        assert piece in html, piece


def test_headings_and_attribute_lists_never_take_a_page_id():
    result = render("[TOC]\n\n# Main\n\n## Sources title\n\n## Event 1\n\nText\n{: #bottom-line-title }\n\nMore\n{: #main }")
    ids = sorted(set(__import__("re").findall(r'id="([^"]+)"', result.html)))
    assert ids and not any(is_page_id(i) for i in ids), ids
    for i in ids:  # the toc links to the renamed ids
        if i.startswith(("main", "sources", "s-event")) and "_" not in i and i not in ("main-1",):
            assert f'href="#{i}"' in result.html


def test_unreserved_id():
    assert [unreserved_id(v) for v in ("intro", "main", "sources-title", "event-1")] == [
        "intro", "main-1", "sources-title-1", "s-event-1-1"]


def test_attribute_lists_cannot_add_handlers_or_styles():
    html = render('Para\n{: onclick="alert(1)" style="color:red" data-x="1" .lede }').html
    assert html == '<p class="lede">Para</p>'


def test_wikilink_text_is_sanitised_like_any_link_text():
    html = render("[[hts|<img src=x onerror=alert(1)>]] [[hts|<b>bold</b>]] [[hts|*em*]]").html
    assert html == ('<p><a class="idlink" href="../../actors/hts/"><img src="x"></a> '
                    '<a class="idlink" href="../../actors/hts/"><b>bold</b></a> '
                    '<a class="idlink" href="../../actors/hts/"><em>em</em></a></p>')


def test_typed_placeholder_text_is_not_an_embed():
    calls = []
    result = MarkdownRenderer().render("BRIEFINGEMBED0END\n\n{{< demo >}}", resolve,
                                       lambda *a: calls.append(a) or "<figure>ours</figure>")
    assert result.html.startswith("<p>BRIEFINGEMBED0END</p>") and "<figure>ours</figure>" in result.html
