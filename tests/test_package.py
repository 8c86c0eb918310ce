"""The installable package: where templates come from."""
from __future__ import annotations

from briefing import resources
from briefing.build import BuildOptions, templates_path
from conftest import ROOT


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
