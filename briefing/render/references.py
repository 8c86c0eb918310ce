"""References in Markdown that must lead somewhere: what Python-Markdown could not resolve.

Python-Markdown leaves a reference it cannot resolve as text and drops a definition nobody
uses or that a second one replaces, silently. Its own processors know when that happens, so
they are asked, not a second parser:

- footnotes (`CheckedFootnotes`, the footnotes extension recording what it met): a
  reference `[^id]` without a definition, a definition `[^id]:` given twice (the last one
  wins: the first is lost), a definition never referred to (shown without a number in the
  text, its back link leading nowhere);
- reference links and images (`CheckedReferences` and the reference processors): `[text][id]`
  and `[text][]` without a definition `[id]: address`, a definition given twice (the last one
  wins), a definition never used. The shortcut `[id]` is not a reference unless `[id]:` is
  defined: brackets in running text (`[sic]`, `[...]`, "he said [the army] would") stay text,
  and are never an error; so is `[text] [id]`, with a space between.

Python-Markdown does not say where in the source it met each of them: `Problems.errors` finds
the line by searching the source for what it met, outside code spans and HTML comments
(tests/render/test_references.py holds that the search agrees with what was rendered).
"""
from __future__ import annotations

import re
from collections import Counter

from markdown import util
from markdown.extensions.footnotes import FootnoteExtension, FootnoteInlineProcessor
from markdown.inlinepatterns import ImageReferenceInlineProcessor, ReferenceInlineProcessor

from briefing.content.syntax import outside_code
from briefing.errors import ContentError
from briefing.text import suggest


class Problems:
    """What one conversion met that leads nowhere, in the order met (reset before each)."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.missing_footnotes: list[str] = []        # ids of [^id] without a definition
        self.twice_footnotes: list[str] = []          # ids of [^id]: defined again
        self.unused_footnotes: list[str] = []         # ids of [^id]: never referred to
        self.missing_links: list[tuple] = []          # (kind, as written, id) of [text][id] without [id]:
        self.twice_links: list[str] = []              # ids of [id]: defined again
        self.unused_links: list[str] = []             # ids of [id]: never used
        self.footnote_ids: tuple = ()                 # every footnote defined, for suggestions
        self.link_ids: tuple = ()                     # every link definition, for suggestions
        self.extra_cells: list[tuple] = []            # (row as written, its cells, the table's columns)

    def __bool__(self) -> bool:
        return bool(self.missing_footnotes or self.twice_footnotes or self.unused_footnotes
                    or self.missing_links or self.twice_links or self.unused_links or self.extra_cells)

    def errors(self, text: str, file: str, first_line: int) -> list[ContentError]:
        """Each problem as a ContentError at its line of `text` (the body, which starts at
        first_line of file)."""
        if not self:
            return []
        source = outside_code(text)
        found = Lines(source, first_line)
        errors = []
        for ident, line in found.each(self.missing_footnotes, lambda i: _footnote_refs(source, i)):
            hint = suggest(ident, self.footnote_ids, list_up_to=0) or \
                f"add its note on a line of its own: '[^{ident}]: the note'"
            errors.append(ContentError(file, line, f"footnote [^{ident}] has no definition", hint))
        errors += _definition_errors(
            file, found, source, FOOTNOTE_DEFINITION, self.twice_footnotes, self.unused_footnotes,
            twice=lambda i: (f"footnote [^{i}] is defined twice",
                             "; only the last would be shown: give each note an id of its own"),
            unused=lambda i: (f"footnote [^{i}] is never referred to",
                              f"refer to it with [^{i}] where it belongs, or delete it"))
        for (kind, written, ident), line in found.each(self.missing_links, lambda m: _written(source, m[1])):
            hint = suggest(ident, self.link_ids, list_up_to=0) or \
                f"add a line '[{ident}]: https://...' under the paragraph"
            errors.append(ContentError(file, line, f"{kind} {' '.join(written.split())} has no definition", hint))
        errors += _definition_errors(
            file, found, source, LINK_DEFINITION, self.twice_links, self.unused_links,
            twice=lambda i: (f"link definition [{i}] is defined twice", "; only the last would be used"),
            unused=lambda i: (f"link definition [{i}] is never used", f"link to it with [text][{i}], or delete it"))
        after = 0
        for row, cells, columns in self.extra_cells:   # in the order Python-Markdown met them
            found = source.find(row, after)
            after = found + len(row) if found >= 0 else after
            dropped = " | ".join(cell.strip() for cell in cells[columns:])
            errors.append(ContentError(file, found_line(found, found >= 0, first_line, source),
                                       f"table row has {len(cells)} cells but the table has {columns} columns: "
                                       f"'{dropped}' would not be shown",
                                       "add the column to the header row and the line under it; a '|' that "
                                       "is part of the text is written '\\|'"))
        return errors


# --- footnotes ---------------------------------------------------------------------------------

class CheckedFootnotes(FootnoteExtension):
    """Python-Markdown's footnotes extension, recording what leads nowhere into `problems`."""

    def __init__(self, problems: Problems, **kwargs):
        self.problems = problems
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        found = md.inlinePatterns["footnote"]
        md.inlinePatterns.register(CheckedFootnoteProcessor(found.pattern, self), "footnote", 175)

    def setFootnote(self, id: str, text: str) -> None:
        if id in self.footnotes:
            self.problems.twice_footnotes.append(id)
        super().setFootnote(id, text)

    def unused(self) -> list[str]:
        """Definitions no reference reached (after a conversion)."""
        return [ident for ident in self.footnotes if ident not in self.footnote_order]


class CheckedFootnoteProcessor(FootnoteInlineProcessor):
    def handleMatch(self, m, data):
        result = super().handleMatch(m, data)
        if result[0] is None:   # no definition: Python-Markdown leaves '[^id]' as text
            self.footnotes.problems.missing_footnotes.append(m.group(1))
        return result


# --- reference links ---------------------------------------------------------------------------

class CheckedReferences(dict):
    """Markdown.references (id -> (address, title)) remembering which were used, and which
    were defined twice. Python-Markdown clears it for each document (Markdown.reset)."""

    def __init__(self, problems: Problems):
        super().__init__()
        self.problems = problems
        self.used: set = set()

    def __setitem__(self, key, value):
        if key in self:
            self.problems.twice_links.append(key)
        super().__setitem__(key, value)

    def __getitem__(self, key):   # only the reference processors read a definition
        self.used.add(key)
        return super().__getitem__(key)

    def clear(self):
        super().clear()
        self.used = set()

    def unused(self) -> list[str]:
        return [ident for ident in self if ident not in self.used]


class _Missing:
    """Mixed into the reference processors: `[text][id]` and `[text][]` whose definition is
    missing are recorded (Python-Markdown returns no element but the span it skipped)."""
    kind = "link"

    def handleMatch(self, m, data):
        element, start, end = super().handleMatch(m, data)
        if element is None and start is not None:
            text, index, _ = self.getText(data, m.end(0))
            if not data[index].isspace():   # '[text] [id]': as likely brackets in running text
                written = data[start:end]
                if util.STX in written:      # the text holds what an earlier pattern made: show the id alone
                    written = "[...]" + PLACEHOLDER.sub("...", data[index:end])
                ident = self.NEWLINE_CLEANUP_RE.sub(" ", (data[index + 1:end - 1] or text).lower())   # as evalId
                self.md.references.problems.missing_links.append((self.kind, written, PLACEHOLDER.sub("...", ident)))
        return element, start, end


# What an earlier inline pattern left in the text for what it made (code, an escape...).
PLACEHOLDER = re.compile(f"{util.STX}[^{util.ETX}]*{util.ETX}")


class CheckedReferenceProcessor(_Missing, ReferenceInlineProcessor):
    kind = "link"


class CheckedImageReferenceProcessor(_Missing, ImageReferenceInlineProcessor):
    kind = "image"


def check_references(md, problems: Problems) -> None:
    """Make md record what leads nowhere into `problems`: its references table, and its
    `[text][id]` and `![alt][id]` processors (the footnotes: CheckedFootnotes)."""
    md.references = CheckedReferences(problems)
    for name, kind in (("reference", CheckedReferenceProcessor), ("image_reference", CheckedImageReferenceProcessor)):
        found = md.inlinePatterns[name]
        priority = next(item.priority for item in md.inlinePatterns._priority if item.name == name)
        md.inlinePatterns.register(kind(found.pattern, md), name, priority)


def collect(md, footnotes: CheckedFootnotes, problems: Problems) -> None:
    """After a conversion: the definitions nobody used."""
    problems.unused_footnotes = footnotes.unused()
    problems.footnote_ids = tuple(footnotes.footnotes)
    problems.unused_links = md.references.unused()
    problems.link_ids = tuple(md.references)


# --- where in the source -----------------------------------------------------------------------

# What may stand before a definition on its line: indentation, block quote marks, list markers
# (Python-Markdown reads definitions inside quotes and list items too). Not '*' right before the
# '[': that is an abbreviation, '*[HTS]: ...'.
_CONTAINER = r"^(?:[ \t]|>|[-+*](?=[ \t])|\d+[.)](?=[ \t]))*"
FOOTNOTE_DEFINITION = re.compile(_CONTAINER + r"\[\^([^\]\n]*)\]:", re.MULTILINE)
LINK_DEFINITION = re.compile(_CONTAINER + r"\[([^\[\]\n]*)\]:", re.MULTILINE)
# A footnote reference as the footnotes extension itself finds them (RE_REFERENCE), not a definition.
FOOTNOTE_REFERENCE = re.compile(r"(?<!!)\[\^([^\]]*)\](?!\s*:)")


def _footnote_refs(source: str, ident: str) -> list[int]:
    return [m.start() for m in FOOTNOTE_REFERENCE.finditer(source) if m.group(1) == ident]


def _definition_errors(file: str, found, source: str, pattern: re.Pattern, twice_ids, unused_ids,
                       twice, unused) -> list[ContentError]:
    """Errors for definitions (footnotes or link references, by `pattern`) made more than once,
    at each line but the first, and for those never used, at their line. `twice(id)` gives the
    message and the end of the hint that follows "first at line N"; `unused(id)` the message and
    the hint."""
    errors = []
    for ident in dict.fromkeys(twice_ids):
        lines = found.lines(_definitions(pattern, source, ident))
        message, rest = twice(ident)
        errors += [ContentError(file, line, message, f"first at line {lines[0]}{rest}") for line in lines[1:] or lines]
    for ident in unused_ids:
        errors.append(ContentError(file, found.first(_definitions(pattern, source, ident)), *unused(ident)))
    return errors


def _definitions(pattern: re.Pattern, source: str, ident: str) -> list[int]:
    same = (lambda found: found == ident) if pattern is FOOTNOTE_DEFINITION else \
        (lambda found: found.strip().lower() == ident and not found.startswith("^"))
    return [m.start(1) for m in pattern.finditer(source) if same(m.group(1))]


def _written(source: str, written: str) -> list[int]:
    """Where `written` (as Python-Markdown met it) stands in the source: where its '[id]' part
    does when an earlier pattern had changed its text ('[...]'), or its longest part that is as
    written when that pattern changed its id too ('...')."""
    if written.startswith("[...]"):
        written = max(("]" + written[len("[...]"):]).split("..."), key=len)
    positions, start = [], source.find(written)
    while start >= 0:
        positions.append(start)
        start = source.find(written, start + 1)
    return positions


def found_line(position: int, found: bool, start: int, source: str) -> int:
    return start + source.count("\n", 0, position) if found else start


class Lines:
    """Lines of positions in a source text whose first line is `start`."""

    def __init__(self, source: str, start: int):
        self.source, self.start = source, start

    def line(self, position: int) -> int:
        return self.start + self.source.count("\n", 0, position)

    def lines(self, positions: list[int]) -> list[int]:
        return [self.line(p) for p in positions] or [self.start]

    def first(self, positions: list[int]) -> int:
        return self.lines(positions)[0]

    def each(self, items: list, positions_of) -> list[tuple]:
        """(item, line) for each distinct item: at each place it stands in the source, as many
        times as Python-Markdown met it (at least once; at the body's first line if not found)."""
        result = []
        for item, count in Counter(items).items():
            result.extend((item, line) for line in self.lines(positions_of(item))[:count])
        return result
