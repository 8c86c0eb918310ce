"""Files -> raw records that remember their file and line.

Loading never raises for bad content: each problem becomes a ContentError, so
the build can report every error of every file at once.
"""
from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.model import ContentError

try:  # the C loader is several times faster; marks work the same with it
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

MAX_FILE_BYTES = 5 * 1024 * 1024
# libyaml's composer recurses in C: some 20,000 nested brackets crash the process outright
# (a segmentation fault, not an exception). Text that might nest deeper than this is read
# with the pure-Python loader instead, where too deep is a RecursionError we can report.
MAX_C_NESTING = 1000
DATA_FILES = ("site", "actors", "relations", "places", "events", "sources")


class Record(dict):
    """A YAML mapping that knows its file, its line and the line of each key."""
    file: str = ""
    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Items(list):
    """A YAML list that knows its line and the line of each item."""
    line: int = 0
    item_lines: list

    def line_of_item(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineMixin:
    """Safe loading whose mappings are Records carrying 1-based line numbers."""
    file_label = ""
    line_offset = 0

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # '!!int abc', an integer of 5,000 digits...
            value = node.value if isinstance(node.value, str) else ""
            shown = value if len(value) <= 30 else value[:27] + "..."
            kind = node.tag.rsplit(":", 1)[-1]
            detail = " (too many digits)" if "digits" in str(exc) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {shown!r} as {kind}{detail}", node.start_mark) from None

    def construct_yaml_seq(self, node):
        items = Items()
        items.line = node.start_mark.line + 1 + self.line_offset
        items.item_lines = [item.start_mark.line + 1 + self.line_offset for item in node.value]
        yield items
        items.extend(self.construct_sequence(node))

    def construct_mapping(self, node, deep=False):
        record = Record()
        record.file = self.file_label
        record.line = node.start_mark.line + 1 + self.line_offset
        record.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                # str() of a nested or aliased collection can be huge: name only plain values
                key = str(key) if key is None or isinstance(key, (int, float)) else f"<{type(key).__name__}>"
            record.key_lines[key] = key_node.start_mark.line + 1 + self.line_offset
            if key in record:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark)
            record[key] = self.construct_object(value_node, deep=deep)
        return record


class _LineLoader(_LineMixin, _BaseLoader):
    pass


class _PyLineLoader(_LineMixin, yaml.SafeLoader):
    """The same in pure Python, for text nested too deep for libyaml (see MAX_C_NESTING)."""


for _loader in (_LineLoader, _PyLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _loader.construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _loader.construct_yaml_seq)
    # Keep dates as text: validation parses them, so a wrong date gets our message, not PyYAML's.
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_yaml_str)


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def nesting_bound(text: str) -> int:
    """An upper bound of how deep YAML text nests: flow brackets, plus block indicators and
    indentation at the start of a line. Cheap, and never too low; often far too high."""
    brackets = _NOT_BRACKET.sub("", text)
    flow = len(brackets)
    if flow > MAX_C_NESTING:
        depth = 0
        flow = 0
        for char in brackets:
            depth += 1 if char in "[{" else -1
            flow = max(flow, depth)
    block = max(map(len, _BLOCK_PREFIX.findall(text)), default=0)
    return flow + block


@dataclass
class MarkdownFile:
    path: Path
    label: str
    meta: Record | None
    body: str
    body_line: int
    digest: str = ""   # SHA-256 of the file's label and text: what the build cache keys its work on


@dataclass
class RawContent:
    """Everything read from content/, before validation."""
    root: Path
    data: dict = field(default_factory=dict)        # name -> parsed YAML (Record or list) or None
    data_labels: dict = field(default_factory=dict)  # name -> file label for errors
    briefs: list = field(default_factory=list)       # MarkdownFile
    pages: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    digests: dict = field(default_factory=dict)      # name -> SHA-256 of a data file's label and text


def file_label(path: Path) -> str:
    """The path as an editor would type it: relative to where the command runs, if inside."""
    try:
        # The folder's label once, then the name: relpath resolves the working directory each call.
        path = os.fspath(path)
        folder = _folder_label(os.path.dirname(path), os.getcwd())
        return posixpath.normpath(posixpath.join(folder, os.path.basename(path)))
    except ValueError:  # another drive on Windows
        return str(path)


@functools.lru_cache(maxsize=64)
def _folder_label(folder: str, cwd: str) -> str:
    return os.path.relpath(folder, cwd)


def text_digest(label: str, text: str) -> str:
    return hashlib.sha256(f"{label}\x1f{text}".encode("utf-8", "surrogatepass")).hexdigest()


def outside(path: Path, root: Path | None) -> bool:
    """True if path (following links) leaves the content folder: a link to /etc/passwd or
    to ~/.ssh would otherwise be published as a brief."""
    if root is None:
        return False
    if not os.path.islink(path):   # then it is where its folder is: resolve each folder once
        return not _resolved(os.path.dirname(os.path.abspath(path))).is_relative_to(_resolved(os.fspath(root)))
    return not path.resolve().is_relative_to(root.resolve())


@functools.lru_cache(maxsize=64)
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()


def read_text(path: Path, label: str, errors: list, root: Path | None = None) -> str | None:
    """Read a UTF-8 text file, turning every way it can fail into one clear error.

    File-level problems are reported at line 1, so every error has a file:line to go to."""
    if outside(path, root):
        errors.append(ContentError(label, 1, "links to a file outside the content folder",
                                   "copy the file into the content folder instead"))
        return None
    try:
        if not path.is_file():  # a FIFO or device would block or never end
            errors.append(ContentError(label, 1, "not a regular file"))
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            errors.append(ContentError(label, 1, f"file is {size / 2**20:.1f} MB, larger than the "
                                       f"{MAX_FILE_BYTES // 2**20} MB a content file may be"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        errors.append(ContentError(label, 1, f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        errors.append(ContentError(label, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} "
                                   f"at offset {exc.start})", "save the file as UTF-8"))
        return None
    return text.removeprefix("\ufeff")


def parse_yaml(text: str, label: str, errors: list, line_offset: int = 0, memo=None):
    """Parse YAML into Records and lists; a syntax error becomes a ContentError with its line.

    memo, when given, is the build cache's memo(kind, key, compute, keep): a file parsed
    by an earlier build, with the same text, label and offset, is not parsed again.
    """
    if memo is not None:
        key = hashlib.sha256(f"{label}\x1f{line_offset}\x1f{text}".encode("utf-8", "surrogatepass")).hexdigest()
        found = []
        value = memo("yaml", key, lambda: _parse_yaml(text, label, found, line_offset),
                     keep=lambda value: not found)
        errors.extend(found)
        return value
    return _parse_yaml(text, label, errors, line_offset)


def _parse_yaml(text: str, label: str, errors: list, line_offset: int = 0):
    loader_class = _LineLoader if nesting_bound(text) <= MAX_C_NESTING else _PyLineLoader
    loader = loader_class(text)
    loader.file_label = label
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except RecursionError:
        errors.append(ContentError(label, line_offset + 1, "invalid YAML: nested too deeply",
                                   "content never needs more than a few levels of lists and keys"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        problem = exc.problem or exc.context or "invalid YAML"
        errors.append(ContentError(label, line, f"invalid YAML: {problem}",
                                   _yaml_hint(problem)))
    except yaml.YAMLError as exc:
        errors.append(ContentError(label, line_offset + 1, f"invalid YAML: {exc}"))
    finally:
        loader.dispose()
    return None


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "duplicate key" in problem:
        return "each key may appear once in a record"
    return ""


def split_front_matter(text: str, label: str, errors: list, memo=None) -> tuple[Record | None, str, int]:
    """Split '---' YAML front matter from a Markdown body; returns (meta, body, body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        errors.append(ContentError(label, 1, "missing front matter",
                                   "the file must start with a line '---', then YAML, then '---'"))
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            meta_text = "".join(lines[1:index])
            meta = parse_yaml(meta_text, label, errors, line_offset=1, memo=memo)
            if meta is None and not meta_text.strip():
                errors.append(ContentError(label, 1, "front matter is empty"))
            elif meta is not None and not isinstance(meta, Record):
                errors.append(ContentError(label, 2, "front matter must be YAML keys and values"))
                meta = None
            return meta, "".join(lines[index + 1:]), index + 2
    errors.append(ContentError(label, 1, "front matter is not closed",
                               "add a line '---' after the last front matter key"))
    return None, "", len(lines) + 1


def load_markdown_dir(folder: Path, errors: list, root: Path | None = None, memo=None) -> list[MarkdownFile]:
    files = []
    if not folder.is_dir():
        return files
    if outside(folder, root):
        errors.append(ContentError(file_label(folder), 0, "links to a folder outside the content folder"))
        return files
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        label = file_label(path)
        if path.suffix != ".md":
            errors.append(ContentError(label, 1, f"unexpected file '{path.name}' here",
                                       "briefs and pages are Markdown files ending in .md"))
            continue
        text = read_text(path, label, errors, root)
        if text is None:
            continue
        if not text.strip():
            errors.append(ContentError(label, 1, "file is empty"))
            continue
        meta, body, body_line = split_front_matter(text, label, errors, memo)
        files.append(MarkdownFile(path, label, meta, body, body_line, text_digest(label, text)))
    return files


def load_content(root: Path, memo=None) -> RawContent:
    """Read every content file under root. Never raises for content problems.

    memo: see parse_yaml; files are always read, but unchanged ones are not parsed again.
    """
    _resolved.cache_clear()   # folders are resolved afresh for each load (serve loads many times)
    raw = RawContent(root=root)
    if not root.is_dir():
        raw.errors.append(ContentError(file_label(root), 0, "content folder not found"))
        return raw
    for name in DATA_FILES:
        path = root / f"{name}.yaml"
        label = file_label(path)
        raw.data_labels[name] = label
        if not path.exists():
            alt = root / f"{name}.yml"
            if alt.exists():
                raw.errors.append(ContentError(file_label(alt), 1, "wrong file extension",
                                               f"rename it to {name}.yaml"))
            raw.data[name] = None
            continue
        text = read_text(path, label, raw.errors, root)
        if text is None:
            raw.data[name] = None
            continue
        if not text.strip():
            raw.data[name] = [] if name != "site" else None
            if name == "site":
                raw.errors.append(ContentError(label, 1, "file is empty"))
            continue
        raw.data[name] = parse_yaml(text, label, raw.errors, memo=memo)
        raw.digests[name] = text_digest(label, text)
    raw.briefs = load_markdown_dir(root / "briefs", raw.errors, root, memo)
    raw.pages = load_markdown_dir(root / "pages", raw.errors, root, memo)
    return raw
