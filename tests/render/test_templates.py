"""Templates as an editor or a site's designer meets them: errors located in the template file,
editors' temporary files ignored, and errors from the processes that render reported, not hung on."""
from __future__ import annotations

import shutil
import signal

import pytest

from briefing.errors import ContentErrors, TemplateError
from briefing.render import parallel
from conftest import ROOT, build_to, edit, line_of


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    return folder


@pytest.fixture(params=[1, 2], ids=["one process", "forked"])
def jobs(request, monkeypatch):
    """Each test runs in this process and in forked ones (where errors come back pickled)."""
    if request.param > 1:
        monkeypatch.setattr(parallel, "MIN_ITEMS_FOR_POOL", 0)
    return request.param


@pytest.fixture
def deadline():
    """A hung build fails the test instead of the whole run."""
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the build hung"))
    signal.alarm(60)
    yield
    signal.alarm(0)


@pytest.mark.parametrize("broken, message", [
    ("{{ item.title }", "unexpected '}'"),
    ("{{ item.title|no_such_filter }}", "No filter named 'no_such_filter'"),
    ("{{ item.no_such.deeper }}", "no_such"),
])
def test_a_template_error_names_the_template_file_and_line(content, templates, tmp_path, jobs, deadline,
                                                           broken, message):
    edit(templates / "page.html", "{{ item.title }}", broken)
    out = tmp_path / "site"
    with pytest.raises(TemplateError) as caught:
        build_to(content, out, templates_dir=templates, jobs=jobs, search=False)
    error = caught.value
    assert error.file.endswith("templates/page.html") and message in error.message
    assert error.line == line_of(templates / "page.html", broken)
    assert str(error).startswith(f"{error.file}:{error.line}: error: template error: ")
    assert not out.exists()


def test_content_errors_met_in_forked_processes_are_reported(content, tmp_path, jobs, deadline):
    """A bad embed is found while its page renders: in a child process, its error comes back pickled."""
    brief = content / "briefs" / "the-offensive.md"
    brief.write_text(brief.read_text() + '\n{{< map places="nowhere" >}}\n')
    with pytest.raises(ContentErrors) as caught:
        build_to(content, tmp_path / "site", jobs=jobs, search=False)
    [error] = caught.value.errors
    assert error.file.endswith("the-offensive.md") and "unknown place 'nowhere'" in error.message


@pytest.mark.parametrize("name", [".page.html.swp", ".#page.html", "page.html~", ".DS_Store", "drafts/.x.swp"])
def test_editors_temporary_files_in_templates_are_not_templates(content, templates, tmp_path, name):
    (templates / name).parent.mkdir(exist_ok=True)
    (templates / name).write_bytes(b"b0VIM 9.0\x00\x00\xff\xfe\x80 {{ broken }")
    with_junk = build_to(content, tmp_path / "with", templates_dir=templates, search=False)
    (templates / name).unlink()
    without = build_to(content, tmp_path / "without", templates_dir=templates, search=False)
    assert with_junk.files == without.files
    for page in ("index.html", "about/index.html"):
        assert (tmp_path / "with" / page).read_bytes() == (tmp_path / "without" / page).read_bytes()


def test_the_generator_s_templates_read_no_markdown_body():
    """A page's cache key holds only its own body (cache/pages.py): the packaged templates must
    show a body only as `body`, the page's own, rendered; never `brief.body` and the like."""
    import jinja2
    from jinja2 import nodes
    env = jinja2.Environment()
    found = []
    for path in sorted((ROOT / "templates").iterdir()):
        tree = env.parse(path.read_text(encoding="utf-8"))
        for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
            key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
            if key == "body":
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
    # ...and the check sees such a read where there is one.
    assert list(env.parse("{{ brief.body|wordcount }}").find_all(nodes.Getattr))[0].attr == "body"
