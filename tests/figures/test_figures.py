"""Figure plumbing: embeds in Markdown, shared JSON files, plotly loaded only where needed."""
import json

import pytest

from briefing import build as build_module
from briefing.errors import ContentErrors, EmbedError
from briefing.figures.figure import Figure, Table
from conftest import build_to, edit


def demo_figure(args, page):
    if "bad" in args:
        raise EmbedError("'bad' is not an argument of demo")
    return Figure("demo", "chart", "Demo", "Two points.", {"data": [{"type": "scatter", "x": [1, 2], "y": [3, 4]}]},
                  Table("Demo data", ("x", "y"), ((1, 3), (2, 4))), height=320)


@pytest.fixture
def with_demo_embed(monkeypatch):
    monkeypatch.setattr(build_module, "embed_handlers", lambda site, *later: {"demo": demo_figure})


def test_embedded_figure_renders_caption_table_and_shared_json(content, tmp_path, with_demo_embed):
    edit(content / "briefs/the-offensive.md", "## The advance", "{{< demo >}}\n\n## The advance")
    edit(content / "briefs/diplomacy.md", "backs [[syrian-government]].", "backs [[syrian-government]].\n\n{{< demo >}}")
    out = tmp_path / "site"
    build_to(content, out)
    page = (out / "briefs/the-offensive/index.html").read_text()
    assert 'data-figure-src="../../figures/demo.' in page
    assert "<td>3</td>" in page and "Two points." in page
    assert 'data-plotly="../../assets/vendor/plotly.min.' in page
    files = list((out / "figures").glob("demo.*.json"))
    assert len(files) == 1  # two pages, one file
    spec = json.loads(files[0].read_text())
    assert spec["data"][0]["y"] == [3, 4] and spec["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"
    assert len(list((out / "assets/vendor").glob("plotly.min.*.js"))) == 1


def test_pages_without_figures_load_no_figure_script(mini_site):
    for page in mini_site.rglob("*.html"):
        assert "figures." not in page.read_text() or "data-figure-src" in page.read_text(), page


def test_bad_embed_is_a_content_error_with_line(content, tmp_path, with_demo_embed):
    brief = content / "briefs/the-offensive.md"
    edit(brief, "## The advance", "{{< demo bad >}}\n\n{{< demoo >}}\n\n## The advance")
    with pytest.raises(ContentErrors) as caught:
        build_to(content, tmp_path / "site")
    errors = [(e.line, e.message, e.hint) for e in caught.value.errors]
    lines = brief.read_text().splitlines()
    assert errors == [
        (lines.index("{{< demo bad >}}") + 1, "demo: 'bad' is not an argument of demo", ""),
        (lines.index("{{< demoo >}}") + 1, "unknown figure 'demoo'", "did you mean 'demo'?"),
    ]
