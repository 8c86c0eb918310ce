"""The search index: Pagefind (the `pagefind[bin]` package's binary), run over the finished pages,
in shards that readers' browsers merge.

A Pagefind index has no incremental mode: changing one page means indexing again every page
of its index. So the searchable pages are split into shards (`plan_shards`), each indexed by a
Pagefind process of its own from only its pages' indexed content (`index_input`), and the
search page merges them in the browser (Pagefind's `mergeIndex`, see static/js/search.js).
A build re-indexes only the shards whose pages' indexed content changed; whoever runs these
functions decides which (briefing/cache/search.py), this module knows nothing of it.

What goes out, under `pagefind/` (`bundle_files`):
- the first shard is Pagefind's primary bundle, in `pagefind/` itself: its index, plus
  pagefind.js, the UI and the WebAssembly, as one Pagefind run writes them;
- each other shard in `pagefind/<name>/`: its index alone (entry, meta, index chunks,
  fragments), since the browser takes the code and WebAssembly from the primary;
- `pagefind/shards.js`, the names of the other shards, which the search page loads beside
  Pagefind's UI (a script file: no inline script under our CSP, and no request in series).

Every function that runs Pagefind raises SearchIndexError when it fails; the build then
fails before the atomic swap, and the published site stays as it was.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import SearchIndexError
from briefing.model import OutputFile

SEARCH_DIR = "pagefind"
SHARD_LIST = f"{SEARCH_DIR}/shards.js"

# Briefs in one shard (the last takes up to twice as many). The trade: a rebuild after one brief
# changed indexes this many pages again (~0.2 s at 200), and a reader's search fetches one index
# chunk of ~27 KB (gzipped) from every shard, for each word: fewer, larger shards are lighter for
# readers, and rank closer to one index.
BRIEFS_PER_SHARD = 200

# ---------------------------------------------------------------------------------------------
# What Pagefind reads of a page.
#
# Pagefind (pagefind/src/fossick/parser.rs, 1.5) indexes, when any page of a site carries
# data-pagefind-body, only the text inside elements with that attribute; inside them, it drops
# the text of REMOVE_SELECTORS (below) but still records each such element's id as an anchor;
# it reads the language from <html lang> and falls back to <title> for a page's title when its
# body has no <h1>. index_input keeps exactly those parts, bytes unchanged; the rest (head,
# header, navigation, footers, figures' JSON and SVG) is 40% of the bytes Pagefind would parse.
# tests/output/test_search.py checks that Pagefind writes the same index, byte for byte, from
# these inputs as from the whole pages.

REMOVED = ("head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe", "template")
BODY_ATTRIBUTE = b"data-pagefind-body"

_NAME_END = rb"(?=[\s/>])"
_ATTRS = rb"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+"""   # a tag's attributes, quoted values whole
_HAS_BODY = rb"""[A-Za-z][^\s/>]*+(?:[^>"']|"[^"]*+"|'[^']*+')*?(?<=[\s"'])(?i:data-pagefind-body)(?=[\s=/>])"""


def _finder(names: tuple[str, ...] | None) -> re.Pattern:
    """A pattern whose every match skips, in C, text, comments, declarations and the tags it is
    not looking for (script and style content as raw text), and ends on a tag it is looking
    for: a start or end tag with one of `names`, or (names None) a start tag that carries
    data-pagefind-body. Groups: 1 '/' of an end tag, 2 the name, 3 the attributes."""
    if names is None:
        wanted = rb"(?=" + _HAS_BODY + rb")"
        raw = rb"<(?i:script|style)" + _NAME_END + _ATTRS + rb">.*?</(?i:script|style)\s*+>|"
        target = rb"<()([A-Za-z][^\s/>]*+)(" + _ATTRS + rb")>"
        other_tag = rb"</?+(?!" + _HAS_BODY + rb")[A-Za-z][^\s/>]*+" + _ATTRS + rb">"
    else:
        alternatives = rb"(?i:" + b"|".join(re.escape(name.encode()) for name in names) + rb")"
        wanted = rb"/?+(?:" + alternatives + rb")" + _NAME_END
        raw_names = [n for n in ("script", "style") if n not in names]
        raw = (rb"<(?i:" + b"|".join(n.encode() for n in raw_names) + rb")" + _NAME_END + _ATTRS + rb">.*?</(?i:"
               + b"|".join(n.encode() for n in raw_names) + rb")\s*+>|") if raw_names else b""
        target = rb"<(/?+)(" + alternatives + rb")" + _NAME_END + rb"(" + _ATTRS + rb")>"
        other_tag = rb"<(?!" + wanted + rb")/?+[A-Za-z][^\s/>]*+" + _ATTRS + rb">"
    skip = (rb"(?>[^<]++|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*+>|" + raw + other_tag
            + rb"|<(?![A-Za-z/!])|</(?![A-Za-z]))*+")
    # Matched from a position (never searched): a failed search would start again one byte
    # further, and scan the rest of the page once for each byte.
    return re.compile(skip + rb"(?:" + target + rb")?", re.S)   # (?i:...) for names: re.I slows every byte


def _next_tag(finder: re.Pattern, html: bytes, pos: int, end: int) -> re.Match | None:
    """The first tag `finder` looks for in html[pos:end], or None."""
    while pos < end:
        match = finder.match(html, pos, end)
        if match.group(2) is not None:
            return match
        pos = match.end() + 1   # at the end, or at markup nothing parses (an unclosed quote)
    return None


def _tag_start(match: re.Match) -> int:
    """Where the tag a finder's match ends on begins (its '<')."""
    return match.start(2) - 1 - len(match.group(1))


_BODY_START = _finder(None)
_REMOVED_TAG = _finder(REMOVED)
_SUBTREE_TAG: dict[bytes, re.Pattern] = {}
_HTML_TAG = re.compile(rb"<html" + _NAME_END + _ATTRS + rb">", re.I)
_TITLE = re.compile(rb"<title" + _NAME_END + _ATTRS + rb">.*?</title\s*+>", re.S | re.I)
_RAW_END = {name: re.compile(rb"</" + name + rb"\s*+>", re.I) for name in (b"script", b"style")}


def index_input(html: bytes) -> bytes | None:
    """What Pagefind reads of a page (UTF-8 HTML in, out): None when the page has no element with
    data-pagefind-body (Pagefind then leaves it out, as other pages have one).

    Otherwise a small HTML page: the <html> start tag (its lang), the <title>, and each
    data-pagefind-body element as written, less the content of the elements Pagefind never
    indexes (REMOVED: they stay, empty, for their ids). The page whole when a data-pagefind-*
    attribute lies outside what is kept (a filter or meta Pagefind would read there).
    """
    if BODY_ATTRIBUTE not in html:
        return None
    bodies, head_end, pos = [], None, 0
    while (match := _next_tag(_BODY_START, html, pos, len(html))) is not None:
        start = _tag_start(match)
        head_end = start if head_end is None else head_end
        pos = _subtree_end(html, match)
        bodies.append(_without_removed(html, start, pos))
    if not bodies:
        return None
    html_tag = _HTML_TAG.search(html, 0, head_end)
    title = _TITLE.search(html, 0, head_end)
    reduced = b"".join((b"<!doctype html>\n", html_tag.group() if html_tag else b"<html>", b"<head>",
                        title.group() if title else b"", b"</head><body>", b"\n".join(bodies), b"</body></html>\n"))
    if reduced.count(b"data-pagefind-") != html.count(b"data-pagefind-"):
        return html
    return reduced


def _subtree_end(html: bytes, start: re.Match) -> int:
    """The offset just past the end of the element that `start` (a start tag) opens."""
    name = start.group(2).lower()
    if start.group(3).rstrip().endswith(b"/"):
        return start.end()
    if name in _RAW_END:
        end = _RAW_END[name].search(html, start.end())
        return end.end() if end else len(html)
    finder = _SUBTREE_TAG.get(name)
    if finder is None:
        finder = _SUBTREE_TAG[name] = _finder((name.decode("ascii", "replace"),))
    depth, pos = 1, start.end()
    while (match := _next_tag(finder, html, pos, len(html))) is not None:
        pos = match.end()
        if match.group(1):
            depth -= 1
            if depth == 0:
                return match.end()
        elif not match.group(3).rstrip().endswith(b"/"):
            depth += 1
    return len(html)


def _without_removed(html: bytes, start: int, end: int) -> bytes:
    """html[start:end] with each REMOVED element emptied (its start and end tags kept)."""
    parts, copied, pos = [], start, start
    while (match := _next_tag(_REMOVED_TAG, html, pos, end)) is not None:
        pos = match.end()
        if match.group(1) or match.group(3).rstrip().endswith(b"/"):
            continue
        parts.append(html[copied:pos])
        copied = pos = min(_subtree_end(html, match), end)
        parts.append(b"</" + match.group(2) + b">")
    parts.append(html[copied:end])
    return b"".join(parts)


# ---------------------------------------------------------------------------------------------
# Shards.

@dataclass(frozen=True)
class SearchPage:
    """One searchable page: its file in the site ('briefs/x/index.html') and its index_input."""
    path: str
    html: bytes


def plan_shards(pages: dict[str, dt.date | None], briefs_per_shard: int | None = None) -> dict[str, list[str]]:
    """Which shard indexes each searchable page: shard name -> its pages' paths, sorted.

    `pages`: each searchable page's path, with its publication date for a brief (None for
    the rest). `briefs_per_shard`: BRIEFS_PER_SHARD unless given. So that new content leaves
    the other shards as they were, and no shard is small:
    - briefs in order of publication (date, then path), `briefs_per_shard` a shard
      ('briefs-001', 'briefs-002'...), the last shard taking the rest (up to twice as
      many): a new brief, dated today, joins the last shard; an edit re-indexes its own
      shard; a brief added or removed in the past moves the later briefs (every later shard
      is indexed again once);
    - every other page in one shard, 'pages' (actors, places, sources, the network,
      standalone pages), with the briefs too while they are fewer than `briefs_per_shard`
      (a small site has one index, as without shards). Those pages change together when a
      brief is added (its actors, places and sources list it), never when a brief's text is
      edited, so splitting them would save no rebuild any work and cost every search a request.
    Pagefind scores a result within its shard (word frequencies, page lengths): a small shard
    of briefs would rank its briefs below the others, hence no shard of fewer briefs.
    Names are made of [a-z0-9-] and never begin with 'pagefind' (Pagefind derives a merged
    index's base URL from the last '/pagefind' in its path).
    """
    size = briefs_per_shard or BRIEFS_PER_SHARD
    briefs = sorted((published, path) for path, published in pages.items()
                    if published is not None and path.startswith("briefs/"))
    in_briefs = {path for _, path in briefs} if len(briefs) >= size else set()
    plan = {"pages": [path for path in pages if path not in in_briefs]}
    count = len(in_briefs) // size
    for number in range(count):
        chunk = briefs[number * size:(number + 1) * size if number < count - 1 else len(briefs)]
        plan[f"briefs-{number + 1:03d}"] = [path for _, path in chunk]
    return {name: sorted(plan[name]) for name in sorted(plan) if plan[name]}


def indexer_version() -> str:
    """What identifies the Pagefind that indexes (for keys of kept shards): its binary's name and
    size, and the installed pagefind_bin distribution (its folder's name holds the version)."""
    executable = pagefind_executable()
    dist = sorted(p.name for p in executable.parent.parent.glob("pagefind_bin-*.dist-info"))
    return f"{executable.name}:{executable.stat().st_size}:{','.join(dist)}"


def pagefind_executable() -> Path:
    """Pagefind's binary, as the pagefind_bin package (the [bin] extra of `pagefind`) ships it
    (`pagefind_bin.get_executable()`, the function `python -m pagefind` runs too).
    Raises SearchIndexError when it is not installed."""
    try:
        import pagefind_bin
        return Path(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError(f"Pagefind is not installed ({exc}); install it with: "
                               "python -m pip install -r requirements.txt") from None


def index_shard(pages: list[SearchPage], running: "Running | None" = None) -> tuple[tuple[str, bytes], ...]:
    """Run Pagefind over these pages alone: its whole bundle, (path inside it, bytes), by path.

    The pages are written to a temporary folder at their own paths, so each result's URL is
    the page's (Pagefind strips 'index.html'). Pagefind's output is a function of its input:
    the same pages give the same bytes (tests/output/test_search.py). `running`, if given,
    knows the Pagefind process while it runs, so that it can be stopped. Raises
    SearchIndexError.
    """
    executable = pagefind_executable()
    with tempfile.TemporaryDirectory(prefix="briefing-search-") as temp:
        site, out = Path(temp) / "site", Path(temp) / "bundle"
        for page in pages:
            target = site / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.html)
        command = [str(executable), "--site", str(site), "--output-path", str(out), "--silent"]
        running = running or Running()
        try:
            process = running.start(command)
            try:
                stdout, stderr = process.communicate(timeout=600)
            except subprocess.TimeoutExpired as exc:
                process.kill()
                process.communicate()
                raise SearchIndexError(f"could not run Pagefind: {exc}") from None
            finally:
                running.done(process)
        except OSError as exc:
            raise SearchIndexError(f"could not run Pagefind: {exc}") from None
        if running.stopped:
            raise SearchIndexError("the search index was stopped: the build failed")
        if process.returncode != 0 or not (out / "pagefind-entry.json").is_file():
            detail = (stderr or stdout).strip().splitlines()
            raise SearchIndexError("Pagefind failed to index the site: " + (detail[-1] if detail else "no output"))
        files = []
        for folder, _, names in os.walk(out):
            for name in names:
                path = Path(folder) / name
                data = path.read_bytes()
                if name == "pagefind-entry.json":
                    data = entry_in_order(data)
                files.append((path.relative_to(out).as_posix(), data))
    return tuple(sorted(files))


def entry_in_order(data: bytes) -> bytes:
    """pagefind-entry.json with its languages in order of their code. Pagefind writes them from a
    Rust HashMap, in an order that changes from run to run once a site has two; pagefind.js looks
    each up by its code, so the order means nothing, and a build must give the same bytes."""
    entry = json.loads(data)
    if isinstance(entry.get("languages"), dict):
        entry["languages"] = dict(sorted(entry["languages"].items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def index_shards(shards: list[list[SearchPage]], jobs: int = 2) -> list[tuple[tuple[str, bytes], ...]]:
    """index_shard for each, `jobs` Pagefind processes at a time (the largest first); in order.
    Raises SearchIndexError (the first shard's that failed)."""
    return index_shards_later(shards, jobs)()


class Running:
    """The Pagefind processes a build has running, so that a build that fails stops them instead
    of waiting for them (at exit, Python waits for the threads that wait for them)."""

    def __init__(self):
        self.processes: set = set()
        self.stopped = False
        self._lock = threading.Lock()

    def start(self, command: list) -> subprocess.Popen:
        with self._lock:
            if self.stopped:
                raise SearchIndexError("the search index was stopped: the build failed")
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            self.processes.add(process)
            return process

    def done(self, process: subprocess.Popen) -> None:
        with self._lock:
            self.processes.discard(process)

    def stop(self) -> None:
        """Start no more Pagefind processes, and end those under way."""
        with self._lock:
            self.stopped = True
            for process in self.processes:
                process.kill()


class IndexingLater:
    """index_shards, started now and waited for later: Pagefind's processes run (each waited for
    by a thread) while the caller goes on with other work. Calling it waits for them and returns
    what index_shards returns, or raises its SearchIndexError; `cancel` ends them instead."""

    def __init__(self, shards: list[list[SearchPage]], jobs: int = 2):
        self.count = len(shards)
        self.running = Running()
        self.pool = ThreadPoolExecutor(max_workers=max(1, jobs))
        order = sorted(range(len(shards)), key=lambda i: -sum(len(page.html) for page in shards[i]))
        self.futures = {i: self.pool.submit(index_shard, shards[i], self.running) for i in order}

    def __call__(self) -> list[tuple[tuple[str, bytes], ...]]:
        try:
            return [self.futures[i].result() for i in range(self.count)]
        finally:
            self.pool.shutdown(cancel_futures=True)

    def cancel(self) -> None:
        """Stop every Pagefind process of this index and wait for their threads (a fraction of a
        second): a build that failed leaves no process behind and exits at once."""
        self.running.stop()
        self.pool.shutdown(wait=True, cancel_futures=True)


def index_shards_later(shards: list[list[SearchPage]], jobs: int = 2) -> IndexingLater:
    """index_shards, started now: see IndexingLater."""
    return IndexingLater(shards, jobs)


# What a merged shard needs; pagefind.js, the UI and the WebAssembly come from the primary.
_INDEX_FILES = re.compile(r"pagefind-entry\.json|[^/]+\.pf_meta|(?:index|fragment|filter)/[^/]+")


def site_path(shard: str, primary: str, path: str) -> str | None:
    """Where a file of a shard's bundle goes in the site (`path` inside the bundle), or None when
    the site needs no copy of it: the primary shard's whole bundle in pagefind/, each other
    shard's index alone in pagefind/<shard>/ (Pagefind's mergeIndex loads no more)."""
    if shard == primary:
        return f"{SEARCH_DIR}/{path}"
    return f"{SEARCH_DIR}/{shard}/{path}" if _INDEX_FILES.fullmatch(path) else None


def shard_list(shards: list[str]) -> OutputFile:
    """pagefind/shards.js: the shards but the primary (the first by name), for static/js/search.js
    to merge. A script file, which the search page loads beside Pagefind's UI: no inline script
    (CSP), and no request made only after another."""
    names = json.dumps(sorted(shards)[1:], separators=(",", ":"))
    return OutputFile(SHARD_LIST, (f"/* The search index's shards besides the one in this folder, merged by "
                                   f"search.js. Written by the build. */\nwindow.briefingSearchShards = {names};\n")
                      .encode())
