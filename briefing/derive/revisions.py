"""What a revision changed in a brief's text, word by word: the revision history's diffs.

Two texts (a brief's file before and after a commit) -> the words removed and added, in
passages with a few words of context around them, as a reader compares two printings.

The method is git's own `--word-diff` in spirit, done with the standard library's difflib: the
lines are aligned first (difflib.SequenceMatcher over lines: unchanged paragraphs are passed
over at once), then each run of changed lines is aligned word by word. A word is a run of
letters and digits, a run of punctuation, or a run of white space; runs of white space compare
equal whatever they hold, so text re-wrapped onto other lines is no change.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Words, punctuation and white space, each its own token: "Aleppo." -> "Aleppo", ".".
TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")
# Words of unchanged text kept before and after each change (white space and punctuation aside).
CONTEXT_WORDS = 12
# Beyond this many tokens on either side of a run of changed lines, aligning them word by word
# would cost seconds (difflib is quadratic at worst): the run is shown removed, then added.
MAX_ALIGNED_TOKENS = 6000


@dataclass(frozen=True)
class Piece:
    """A stretch of text: 'same' (in both versions), 'removed' (only before) or 'added' (only after)."""
    kind: str
    text: str


@dataclass(frozen=True)
class Passage:
    """Changes with up to CONTEXT_WORDS words of unchanged text either side. `cut_before` and
    `cut_after`: unchanged text goes on beyond it (a page shows an ellipsis there)."""
    pieces: tuple[Piece, ...]
    cut_before: bool
    cut_after: bool


@dataclass(frozen=True)
class Comparison:
    """What a revision changed: its passages, in reading order (text between them is left out),
    and how many words were `added` and `removed` (words, not punctuation or space)."""
    passages: tuple[Passage, ...]
    added: int
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.passages)


def compare(before: str, after: str, context: int = CONTEXT_WORDS) -> Comparison:
    """The changes from `before` to `after`, in passages with `context` words around each change."""
    pieces = _pieces(before, after)
    added = sum(_words(p.text) for p in pieces if p.kind == "added")
    removed = sum(_words(p.text) for p in pieces if p.kind == "removed")
    return Comparison(_passages(pieces, context), added, removed)


def word_count(text: str) -> int:
    return _words(text)


def _words(text: str) -> int:
    return sum(1 for token in TOKEN.findall(text) if token[0].isalnum() or token[0] == "_")


def _key(token: str) -> str:
    return " " if token.isspace() else token


def _pieces(before: str, after: str) -> list[Piece]:
    """Every piece of both texts in reading order: the same text once, each change as what was
    removed, then what was added. Unchanged stretches carry the later version's white space."""
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    pieces: list[Piece] = []
    lines = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            _add(pieces, "same", "".join(new_lines[j1:j2]))
        else:
            _words_of(pieces, "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2]))
    return _slid(pieces)


def _slid(pieces: list[Piece]) -> list[Piece]:
    """Words inserted or deleted with the space before them (" broad", as difflib aligns them)
    take the space after them instead, where the text after starts with the same: "a <ins>broad
    </ins>coalition", as a deletion reads "a <del>b </del>c"."""
    for i in range(1, len(pieces) - 1):
        before, piece, after = pieces[i - 1:i + 2]
        space = piece.text[:len(piece.text) - len(piece.text.lstrip())]
        if piece.kind != "same" and before.kind == after.kind == "same" and space and piece.text.strip() \
                and after.text.startswith(space):
            pieces[i - 1:i + 2] = [Piece("same", before.text + space), Piece(piece.kind, piece.text[len(space):] + space),
                                   Piece("same", after.text[len(space):])]
    return [piece for piece in pieces if piece.text]


def _words_of(pieces: list[Piece], before: str, after: str) -> None:
    """A run of changed lines, aligned word by word."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    if len(old) > MAX_ALIGNED_TOKENS or len(new) > MAX_ALIGNED_TOKENS:
        _add(pieces, "removed", before)
        _add(pieces, "added", after)
        return
    words = difflib.SequenceMatcher(None, [_key(t) for t in old], [_key(t) for t in new], autojunk=False)
    for tag, i1, i2, j1, j2 in words.get_opcodes():
        if tag == "equal":
            _add(pieces, "same", "".join(new[j1:j2]))
            continue
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if not removed.strip() and not added.strip():   # white space alone (it compares equal)
            _add(pieces, "same", added)
            continue
        # White space that both versions have at an edge of a replacement is no change: shown once,
        # unmarked, as the later version has it. (What a deletion or an insertion takes with it is
        # part of it: "a <del>b </del>c".)
        lead = trail = ""
        if removed.strip() and added.strip():
            if removed[0].isspace() and added[0].isspace():
                lead = added[:len(added) - len(added.lstrip())]
                removed, added = removed.lstrip(), added.lstrip()
            if removed[-1].isspace() and added[-1].isspace():
                trail = added[len(added.rstrip()):]
                removed, added = removed.rstrip(), added.rstrip()
        _add(pieces, "same", lead)
        _add(pieces, "removed", removed)
        _add(pieces, "added", added)
        _add(pieces, "same", trail)


def _add(pieces: list[Piece], kind: str, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))


def _passages(pieces: list[Piece], context: int) -> tuple[Passage, ...]:
    """The changes, each with up to `context` words of the same text before and after it; changes
    closer together than twice that share one passage."""
    passages: list[Passage] = []
    current: list[Piece] = []
    cut_before = False
    for index, piece in enumerate(pieces):
        if piece.kind != "same":
            current.append(piece)
            continue
        first, last = index == 0, index == len(pieces) - 1
        if not first and not last and _words(piece.text) <= 2 * context:
            current.append(piece)      # between two changes, and short: one passage
            continue
        tokens = TOKEN.findall(piece.text)
        if not first:                  # the end of the passage before
            kept = _first_words(tokens, context)
            cut = len(kept) < len(piece.text.rstrip())
            if cut and "\n" in kept.rstrip():   # at the end of a line rather than inside the next
                kept = kept[:kept.rstrip().rindex("\n")]
            current.append(Piece("same", kept.rstrip()))
            passages.append(_passage(current, cut_before, cut))
            current = []
        if not last:                   # the start of the next
            kept = _last_words(tokens, context)
            cut_before = len(kept) < len(piece.text.lstrip())
            if cut_before and "\n" in kept.lstrip():   # from the start of a line rather than inside it
                kept = kept[kept.lstrip().index("\n") + len(kept) - len(kept.lstrip()) + 1:]
            current.append(Piece("same", kept.lstrip()))
    if any(piece.kind != "same" for piece in current):
        passages.append(_passage(current, cut_before, False))
    return tuple(passages)


def _passage(pieces: list[Piece], cut_before: bool, cut_after: bool) -> Passage:
    return Passage(tuple(p for p in pieces if p.text), cut_before, cut_after)


def _first_words(tokens: list[str], count: int) -> str:
    """The text of the first `count` words (with the punctuation and space between them)."""
    taken, words = [], 0
    for token in tokens:
        if token[0].isalnum() or token[0] == "_":
            if words == count:
                break
            words += 1
        taken.append(token)
    return "".join(taken)


def _last_words(tokens: list[str], count: int) -> str:
    """The text of the last `count` words (with the punctuation and space between them)."""
    taken, words = [], 0
    for token in reversed(tokens):
        if token[0].isalnum() or token[0] == "_":
            if words == count:
                break
            words += 1
        taken.append(token)
    return "".join(reversed(taken))
