"""The installable package: `pip install .` gives a `briefing` command that builds a site from any
folder, with the generator's templates, static files, base map and plotly bundle taken from the
install, and a site's own templates/ overriding the packaged ones template by template.

The package is installed into a fresh virtual environment in a temporary folder. To stay fast and
work offline it is installed without its dependencies (--no-deps), which the environment takes from
the interpreter running the tests (a .pth file naming its site-packages, which also works when that
interpreter is itself a virtual environment), and built without build isolation when hatchling is
installed (requirements-dev.txt). Every command runs from a folder outside the repository, with
PYTHONPATH unset, and each test checks that the code and data it used came from the install.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import site
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from briefing import resources
from briefing.build import BuildOptions, templates_path
from conftest import MINI, ROOT

PACKAGED_DATA = ("templates", "static", "vendor/basemap", "vendor/fonts", "vendor/plotly/plotly-briefing.min.js")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder (dot files included), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}


def run(command: list, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=clean_env(), capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh virtual environment with the package installed from the repository."""
    folder = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", folder], cwd=folder)
    python = folder / "bin" / "python"
    purelib = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], folder).stdout.strip())
    (purelib / "_test_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")  # deps and pip
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("hatchling") else []  # else pip fetches it
    run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", "--no-cache-dir",
         "--disable-pip-version-check", *isolation, ROOT], cwd=folder)
    return folder


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A working folder outside the repository, with no templates/ or netlify.toml of its own."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_pins_agree():
    """pyproject.toml's dependencies are requirements.txt's pins (Netlify installs that file), and the
    tests build with the backend version pyproject.toml pins."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    requirements = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
                    if line.strip() and not line.startswith("#")]
    assert sorted(project["project"]["dependencies"]) == sorted(requirements)
    dev = (ROOT / "requirements-dev.txt").read_text().splitlines()
    [backend] = project["build-system"]["requires"]
    assert backend in dev
    assert project["project"]["scripts"] == {"briefing": "briefing.cli:main"}


def test_installed_code_and_data_come_from_the_install(venv, elsewhere):
    probe = ("import json, briefing, briefing.editor.devserver as d, briefing.figures.basemap as b\n"
             "from briefing import resources as r\n"
             "print(json.dumps({'package': briefing.__file__, 'data': str(r.data_root()), 'basemap': str(b.BASEMAP_DIR),"
             " 'editor': d.__file__}))")
    found = json.loads(run([venv / "bin" / "python", "-c", probe], elsewhere).stdout)
    for where in found.values():
        assert Path(where).is_relative_to(venv), found
    data = Path(found["data"])
    assert data == Path(found["package"]).parent / resources.PACKAGED
    for name in PACKAGED_DATA:   # the wheel carries the repository's files, byte for byte
        source, packaged = ROOT / name, data / name
        assert (tree(source) == tree(packaged)) if source.is_dir() else source.read_bytes() == packaged.read_bytes()
    editor = Path(found["editor"]).parent
    assert {"live.js", "live.css"} <= {p.name for p in editor.iterdir()}
    assert (venv / "bin" / "briefing").is_file()


def test_installed_command_builds_the_publication_byte_for_byte(venv, elsewhere, tmp_path):
    """`briefing build` from another folder gives exactly what `python generate.py build` gives in the
    repository, search index included (Pagefind's output is deterministic)."""
    content = tmp_path / "publication" / "content"
    shutil.copytree(ROOT / "content", content)
    run([venv / "bin" / "briefing", "build", "--content", content, "--out", tmp_path / "installed", "--no-cache"],
        elsewhere)
    run([sys.executable, "generate.py", "build", "--content", content, "--out", tmp_path / "checkout", "--no-cache"],
        ROOT)
    installed, checkout = tree(tmp_path / "installed"), tree(tmp_path / "checkout")
    assert "pagefind/pagefind-entry.json" in installed and "index.html" in installed
    assert sorted(installed) == sorted(checkout)
    assert [name for name in installed if installed[name] != checkout[name]] == []


AUDIT = """
import json, os, sys
touched = set()
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        touched.add(os.path.abspath(os.fsdecode(args[0])))
sys.addaudithook(hook)
from briefing.cli import main
code = main(sys.argv[1:])
print(json.dumps(sorted(touched)))
sys.exit(code)
"""


def test_installed_build_reads_nothing_from_the_repository(venv, elsewhere, tmp_path):
    """Every file the installed build opens or lists (its code, templates, static files, base map and
    plotly bundle) is in the install; none is in the repository."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    result = run([venv / "bin" / "python", "-c", AUDIT, "build", "--content", content, "--out", tmp_path / "site",
                  "--no-cache", "--no-search", "--jobs", "1"], elsewhere)
    touched = [Path(path) for path in json.loads(result.stdout.splitlines()[-1])]
    # The dependencies come from the environment running the tests (the venv fixture's .pth file),
    # which may be a virtual environment inside the checkout, as the README suggests (.venv/).
    dependencies = [Path(folder) for folder in site.getsitepackages()]
    assert [path for path in touched if path.is_relative_to(ROOT)
            and not any(path.is_relative_to(folder) for folder in dependencies)] == []
    data = [path.relative_to(venv).as_posix() for path in touched if resources.PACKAGED in path.parts]
    for name in ("templates/page.html", "static/style.css", "vendor/basemap/asia_50m.json",
                 "vendor/plotly/plotly-briefing.min.js"):
        assert any(path.endswith(f"/briefing/{resources.PACKAGED}/{name}") for path in data), (name, data)


def test_a_sites_own_template_overrides_the_packaged_one(venv, elsewhere, tmp_path):
    """Run in a site folder (content/ and templates/), the build takes the site's page.html and every
    other template from the package: only the page drawn with page.html changes."""
    site_folder = tmp_path / "mysite"
    shutil.copytree(MINI, site_folder / "content")
    (site_folder / "templates").mkdir()
    page = (ROOT / "templates" / "page.html").read_text()
    assert '<article class="standalone"' in page
    (site_folder / "templates" / "page.html").write_text(
        page.replace('<article class="standalone"', '<article class="standalone mine"'))
    briefing = venv / "bin" / "briefing"
    run([briefing, "build", "--no-cache", "--no-search"], site_folder)   # defaults: content/ -> site/
    run([briefing, "build", "--content", site_folder / "content", "--out", tmp_path / "plain", "--no-cache",
         "--no-search"], elsewhere)
    own, plain = tree(site_folder / "site"), tree(tmp_path / "plain")
    assert sorted(own) == sorted(plain)
    assert [name for name in own if own[name] != plain[name]] == ["about/index.html"]
    assert b'<article class="standalone mine"' in own["about/index.html"]


def test_template_search_path(tmp_path, monkeypatch):
    """The site's templates/ (the current folder's, or templates_dir) first, then the generator's;
    one folder when they are the same, as in this checkout built from its root."""
    assert resources.data_root() == ROOT   # a source checkout: the data are read where git keeps them
    monkeypatch.chdir(ROOT)
    assert templates_path(BuildOptions()) == [ROOT / "templates"]
    monkeypatch.chdir(tmp_path)
    assert templates_path(BuildOptions()) == [ROOT / "templates"]
    (tmp_path / "templates").mkdir()
    assert templates_path(BuildOptions()) == [tmp_path / "templates", ROOT / "templates"]
    other = tmp_path / "other"
    assert templates_path(BuildOptions(templates_dir=other)) == [other, ROOT / "templates"]
