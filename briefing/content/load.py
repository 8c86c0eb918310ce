"""Files -> raw records that remember their file and line (the YAML in them: yaml_text.py).

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
from typing import NamedTuple

from briefing.content.yaml_text import Record, parse_yaml
from briefing.errors import ContentError
from briefing.model import Work

# A brief or page of 5 MB is a mistake (a pasted dump, an embedded file); a data file grows with
# the desk: 40,000 events, a 20,000-brief site's, are 10 MB of YAML (bench/corpus.py).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DATA_FILE_BYTES = 64 * 1024 * 1024
DATA_FILES = ("site", "actors", "relations", "places", "events", "sources")
# C0 controls other than tab, newline and carriage return; DEL; C1 controls; the Unicode line
# and paragraph separators (YAML counts them as line breaks, editors do not); the two
# noncharacters U+FFFE and U+FFFF. All invisible, none allowed in XML (the feed, the sitemap).
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
MAX_REPORTED_PER_FILE = 20


@dataclass
class MarkdownFile:
    path: Path
    label: str
    meta: Record | None
    body: str
    body_line: int
    digest: str = ""   # text_digest(label, text): reading the file is a function of this alone


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


def read_text(path: Path, label: str, errors: list, root: Path | None = None,
              limit: int = MAX_FILE_BYTES) -> str | None:
    """Read a UTF-8 text file of at most `limit` bytes, turning every way it can fail into one
    clear error (appended to `errors`; then None).

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
        if size > limit:
            kind = "data" if limit == MAX_DATA_FILE_BYTES else "content"
            errors.append(ContentError(label, 1, f"file is {size / 2**20:.1f} MB, larger than the "
                                       f"{limit // 2**20} MB a {kind} file may be"))
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
    text = text.removeprefix("\ufeff")
    if "\r" in text:   # Windows' \r\n and old Mac's lone \r: one kind of line break, so lines count alike
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if CONTROL_CHARACTER.search(text):
        text = control_characters(text, label, errors)
    return text


def control_characters(text: str, label: str, errors: list) -> str:
    """Report each line's invisible control characters (CONTROL_CHARACTER) at its real line and
    column, and return the text with each replaced by a space, so the rest of the file is still
    read and its other errors reported with the same build. (The YAML scanner would otherwise
    stop at the first with "special characters are not allowed", at a line of its own counting.)"""
    reported = 0
    for number, line in enumerate(text.split("\n"), start=1):
        found = CONTROL_CHARACTER.findall(line)
        if not found:
            continue
        reported += 1
        if reported > MAX_REPORTED_PER_FILE:
            errors.append(ContentError(label, number, "more invisible control characters follow; "
                                       "not all are listed", "the file may not be text"))
            break
        column = CONTROL_CHARACTER.search(line).start() + 1
        codes = ", ".join(dict.fromkeys(f"U+{ord(char):04X}" for char in found))
        what = "an invisible control character" if len(found) == 1 else f"{len(found)} invisible control characters"
        errors.append(ContentError(label, number, f"{what} ({codes}) at column {column}",
                                   "delete it: it cannot appear in a page or the feed; editors show it "
                                   "as a box, as ^ and a letter, or not at all"))
    return CONTROL_CHARACTER.sub(" ", text)


def split_front_matter(text: str, label: str, errors: list) -> tuple[Record | None, str, int]:
    """Split '---' YAML front matter from a Markdown body; returns (meta, body, body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        errors.append(ContentError(label, 1, "missing front matter",
                                   "the file must start with a line '---', then YAML, then '---'"))
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            meta_text = "".join(lines[1:index])
            meta = parse_yaml(meta_text, label, errors, line_offset=1)
            if meta is None and not meta_text.strip():
                errors.append(ContentError(label, 1, "front matter is empty"))
            elif meta is not None and not isinstance(meta, Record):
                errors.append(ContentError(label, 2, "front matter must be YAML keys and values"))
                meta = None
            return meta, "".join(lines[index + 1:]), index + 2
    errors.append(ContentError(label, 1, "front matter is not closed",
                               "add a line '---' after the last front matter key"))
    return None, "", len(lines) + 1


@dataclass
class SourceFile:
    """One content file, read but not parsed."""
    kind: str        # 'data' (a YAML file), 'brief' or 'page' (Markdown with front matter)
    name: str        # a data file's name ('actors'); a Markdown file's stem
    path: Path
    label: str       # the path as the editor would type it, for errors
    text: str
    digest: str      # text_digest(label, text): parsing it is a function of this alone


class Parsed(NamedTuple):
    """parse_source's result: the parsed value (YAML: Records and lists, or None; Markdown:
    a MarkdownFile) and the errors met (ContentErrors)."""
    value: object
    errors: list


@dataclass
class ContentFiles:
    """What read_sources found: content files to parse, and the errors met while finding
    them, in the order they are reported."""
    root: Path
    entries: list = field(default_factory=list)       # SourceFile or ContentError, in order
    data_labels: dict = field(default_factory=dict)   # data file name -> its label
    data: dict = field(default_factory=dict)          # data file name -> value, for files not to parse

    @property
    def sources(self) -> list[SourceFile]:
        return [entry for entry in self.entries if isinstance(entry, SourceFile)]


def parse_source(source: SourceFile) -> Parsed:
    """A content file's text -> Records (YAML) or a MarkdownFile (front matter and body).

    A pure function of `source.digest` (the text and the label its errors name), so its
    result can be kept between builds under that key. Never raises for content problems."""
    errors: list = []
    if source.kind == "data":
        return Parsed(parse_yaml(source.text, source.label, errors), errors)
    meta, body, body_line = split_front_matter(source.text, source.label, errors)
    return Parsed(MarkdownFile(source.path, source.label, meta, body, body_line, source.digest), errors)


def read_markdown_dir(folder: Path, kind: str, files: ContentFiles) -> None:
    if not folder.is_dir():
        return
    if outside(folder, files.root):
        files.entries.append(ContentError(file_label(folder), 0, "links to a folder outside the content folder"))
        return
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        label = file_label(path)
        if path.suffix != ".md":
            files.entries.append(ContentError(label, 1, f"unexpected file '{path.name}' here",
                                              "briefs and pages are Markdown files ending in .md"))
            continue
        text = read_text(path, label, files.entries, files.root)
        if text is None:
            continue
        if not text.strip():
            files.entries.append(ContentError(label, 1, "file is empty"))
            continue
        files.entries.append(SourceFile(kind, path.stem, path, label, text, text_digest(label, text)))


def read_sources(root: Path) -> ContentFiles:
    """Find and read every content file under root (parse_source parses each). Never raises
    for content problems: they are ContentErrors among the entries."""
    _resolved.cache_clear()   # folders are resolved afresh for each load (serve loads many times)
    files = ContentFiles(root=root)
    if not root.is_dir():
        files.entries.append(ContentError(file_label(root), 0, "content folder not found"))
        return files
    for name in DATA_FILES:
        path = root / f"{name}.yaml"
        label = file_label(path)
        files.data_labels[name] = label
        files.data[name] = None
        if not path.exists():
            alt = root / f"{name}.yml"
            if alt.exists():
                files.entries.append(ContentError(file_label(alt), 1, "wrong file extension",
                                                  f"rename it to {name}.yaml"))
            continue
        text = read_text(path, label, files.entries, root, limit=MAX_DATA_FILE_BYTES)
        if text is None:
            continue
        if not text.strip():
            files.data[name] = [] if name != "site" else None
            if name == "site":
                files.entries.append(ContentError(label, 1, "file is empty"))
            continue
        files.entries.append(SourceFile("data", name, path, label, text, text_digest(label, text)))
    read_markdown_dir(root / "briefs", "brief", files)
    read_markdown_dir(root / "pages", "page", files)
    return files


def assemble(files: ContentFiles, parsed: list[Parsed]) -> RawContent:
    """RawContent from the files found and what parse_source made of each (in files.sources' order)."""
    raw = RawContent(root=files.root, data=dict(files.data), data_labels=dict(files.data_labels))
    results = iter(parsed)
    for entry in files.entries:
        if isinstance(entry, ContentError):
            raw.errors.append(entry)
            continue
        value, errors = next(results)
        raw.errors.extend(errors)
        if entry.kind == "data":
            raw.data[entry.name] = value
            raw.digests[entry.name] = entry.digest
        else:
            (raw.briefs if entry.kind == "brief" else raw.pages).append(value)
    return raw


def parse_work(files: ContentFiles) -> list[Work]:
    """Parsing each file found, as units of work keyed by the file's digest (see model.Work)."""
    return [Work("parsed", source.digest, functools.partial(parse_source, source)) for source in files.sources]


def load_content(root: Path) -> RawContent:
    """Read and parse every content file under root. Never raises for content problems."""
    files = read_sources(root)
    return assemble(files, [unit.run() for unit in parse_work(files)])
