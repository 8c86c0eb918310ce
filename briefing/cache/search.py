"""The search index, shard by shard: from the cache where a shard's indexed content is unchanged,
indexed by Pagefind otherwise (output/search.py, which knows nothing of this).

Decided up front, as for pages (cache/pages.py):
- each shard's key digests the Pagefind that indexes, and the path and indexed content of
  each of its pages (output/search.index_input, kept under its digest, which is kept under
  the page's own digest: a page seen before is neither read nor reduced again);
- a shard whose key is known takes its files from the cache (linked from the last output
  folder when it still holds them, as pages are); the others are indexed, in parallel.
  A text edit to one brief re-indexes that brief's shard alone.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path

from briefing.cache.keys import file_digest, plain_digest
from briefing.cache.pages import kept_file
from briefing.cache.store import BuildCache
from briefing.errors import SearchIndexError
from briefing.model import OutputFile
from briefing.output import search
from briefing.output.write import PreviousFile, spare_of

INPUT = "search-input"     # page digest -> digest of its index input (a blob), or NOT_SEARCHABLE
SHARD = "search-shard"     # shard key -> (None, ((path in the bundle, blob digest), ...))
NOT_SEARCHABLE = "-"


def search_files_later(files: list, dates: dict[str, dt.date], cache: BuildCache, out_dir, jobs: int,
                       staging: Path | None = None):
    """The files of the search index (OutputFile, or PreviousFile when the output folder holds them)
    for the site's files (`files`: its pages, OutputFile or PreviousFile), with Pagefind started
    now and waited for later: returns a function that waits for it and returns that list, or
    raises SearchIndexError; its `cancel()` stops Pagefind instead. Until it is called, the
    caller may use the cache (Pagefind's threads never touch it) but must not change the pages
    in `staging`.

    `dates`: each brief's page path -> its publication date (the shards of briefs go by it).
    `staging`: the folder the new site is being written in (output/write.SiteWriter), where a
    PreviousFile's bytes are read first. Raises SearchIndexError."""
    pages = {f.path: f for f in files if f.path.endswith(".html")}
    read = functools.partial(page_bytes, cache=cache, out_dir=out_dir, staging=staging)
    reduced: dict[str, bytes] = {}   # index inputs made by this build, for the shards it indexes
    plan, keys, digests = plan_and_keys(pages, dates, cache, read, search.indexer_version(), reduced)
    primary = next(iter(plan))
    out, missing = [], []
    for name in plan:
        kept = reuse(cache, keys[name], name, primary, out_dir)
        if kept is None:
            missing.append(name)
        else:
            out.extend(kept)
    shards = [[search.SearchPage(path, reduced.get(path) or index_input(pages[path], digests[path], cache, read))
               for path in plan[name]] for name in missing]
    indexed = search.index_shards_later(shards, jobs) if shards else None

    def finish() -> list:
        for name, bundle in zip(missing, indexed() if indexed else []):
            cache.put(SHARD, keys[name], (None, tuple((path, cache.add_blob(data)) for path, data in bundle)))
            out.extend(OutputFile(target, data) for path, data in bundle
                       if (target := search.site_path(name, primary, path)) is not None)
        return out + [search.shard_list(list(plan))]
    # The build failed before it needed the index: Pagefind is stopped, not waited for.
    finish.cancel = indexed.cancel if indexed else (lambda: None)
    return finish


def plan_and_keys(pages: dict, dates: dict, cache: BuildCache, read, version: str,
                  reduced: dict) -> tuple[dict, dict, dict]:
    """The shards (output/search.plan_shards) and each one's key: a digest of the indexer and of
    its pages' paths and indexed content, each page's known by the page's bytes where the
    cache has seen them (a page whose bytes changed but whose indexed content did not, say
    after a change of style sheet, leaves its shard's key as it was). Each page reduced here
    is left in `reduced` (path -> index input), and kept in the cache under its digest, for
    the next time its shard is indexed. Returns the plan, the keys, and each searchable page's
    index input digest (path -> digest)."""
    digests = {}
    for path, file in pages.items():
        digest = digest_of(file)
        value = cache.get(INPUT, digest)
        if value is None:
            html = search.index_input(read(file))
            value = NOT_SEARCHABLE if html is None else cache.add_blob(html)
            cache.put(INPUT, digest, value)
            if html is not None:
                reduced[path] = html
        if value != NOT_SEARCHABLE:
            digests[path] = value
    if not digests:
        raise SearchIndexError("no page has anything to search: Pagefind indexes the elements marked "
                               "data-pagefind-body, as the generator's templates mark each brief, actor, place, "
                               "source and standalone page")
    plan = search.plan_shards({path: dates.get(path) for path in digests})
    keys = {name: plain_digest((version, name, tuple((path, digests[path]) for path in paths)))
            for name, paths in plan.items()}
    return plan, keys, digests


def reuse(cache: BuildCache, key: str, name: str, primary: str, out_dir) -> list | None:
    """A shard's files from the cache, linked from the last output where it holds them; None
    when the cache does not know the shard (or lost one of its files)."""
    entry = cache.get(SHARD, key)
    if entry is None:
        return None
    files = []
    for path, digest in entry[1]:
        target = search.site_path(name, primary, path)
        if target is None:
            cache.keep_blob(digest)
            continue
        file = kept_file(cache, out_dir, target, digest)
        if file is None:
            return None
        files.append(file)
    return files


def index_input(file, digest: str, cache: BuildCache, read) -> bytes:
    """A page's index input: the cache's copy (kept under its digest, which the INPUT entry names),
    or made again from the page (`read(file)`: its bytes)."""
    return cache.blob(digest) or search.index_input(read(file))


def digest_of(file) -> str:
    return file.digest if isinstance(file, PreviousFile) else file_digest(file.data)


def page_bytes(file, cache: BuildCache, out_dir, staging: Path | None = None) -> bytes:
    """A page's bytes: its data, or for a PreviousFile, the copy this build staged, the cache's
    copy, else the last output's (or its spare's)."""
    if not isinstance(file, PreviousFile):
        return file.data
    if staging is not None:
        try:
            return (staging / file.path).read_bytes()
        except OSError:
            pass
    data = cache.blob(file.digest, count=False)
    if data is not None:
        return data
    out_dir = Path(os.path.abspath(out_dir))
    for folder in (out_dir, spare_of(out_dir)):   # on_disk found it in one of them
        try:
            return (folder / file.path).read_bytes()
        except OSError:
            pass
    raise SearchIndexError(f"{file.path}: the earlier build's copy of this page is gone; build again")
