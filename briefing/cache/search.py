"""The search index, shard by shard: from the cache where a shard's indexed content is unchanged,
indexed by Pagefind otherwise (output/search.py, which knows nothing of this).

Decided up front, as for pages (cache/pages.py):
- each page's indexed content (output/search.index_input) is a unit of work keyed by the
  page's bytes; the cache keeps the digest of its result, so a page taken from the cache
  is neither read nor reduced again;
- each shard's key digests the Pagefind that indexes, and the path and indexed content of
  each of its pages: a shard whose key is known takes its files from the cache (linked from
  the last output folder when it still holds them, as pages are), the others are indexed,
  in parallel. A text edit to one brief re-indexes that brief's shard alone.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from briefing.cache.keys import file_digest, plain_digest
from briefing.cache.store import BuildCache
from briefing.errors import SearchIndexError
from briefing.model import OutputFile, Work
from briefing.output import search
from briefing.output.write import PreviousFile, on_disk, spare_of

INPUT = "search-input"   # page digest -> digest of its index input, or None (not searchable)
SHARD = "search-shard"   # shard key -> (None, ((path in the bundle, blob digest), ...))


def search_files(files: list, dates: dict[str, dt.date], cache: BuildCache, out_dir, jobs: int) -> list:
    """The files of the search index (OutputFile, or PreviousFile when the output folder holds them)
    for the site's files (`files`: its pages, OutputFile or PreviousFile). `dates`: each brief's
    page path -> its publication date (the shards of briefs go by it). Raises SearchIndexError."""
    pages = {f.path: f for f in files if f.path.endswith(".html")}
    reduced: dict[str, bytes] = {}   # index inputs made by this build

    def reduce(file) -> str | None:
        html = search.index_input(page_bytes(file, cache, out_dir))
        if html is None:
            return None
        reduced[file.path] = html
        return file_digest(html)

    digests = {path: cache.run(Work(INPUT, digest_of(file), lambda file=file: reduce(file)))
               for path, file in pages.items()}
    searchable = {path: dates.get(path) for path, digest in digests.items() if digest is not None}
    if not searchable:
        raise SearchIndexError("no page has anything to search: Pagefind indexes the elements marked "
                               "data-pagefind-body, as the generator's templates mark each brief, actor, place, "
                               "source and standalone page")
    plan = search.plan_shards(searchable)
    version = search.indexer_version()
    keys = {name: plain_digest((version, name, tuple((path, digests[path]) for path in paths)))
            for name, paths in plan.items()}
    primary = next(iter(plan))
    out, missing = [], []
    for name in plan:
        kept = reuse(cache, keys[name], name, primary, out_dir)
        if kept is None:
            missing.append(name)
        else:
            out.extend(kept)
    if missing:
        shards = [[search.SearchPage(path, reduced.get(path) or search.index_input(page_bytes(pages[path], cache,
                                                                                              out_dir)))
                   for path in plan[name]] for name in missing]
        for name, bundle in zip(missing, search.index_shards(shards, jobs)):
            cache.put(SHARD, keys[name], (None, tuple((path, cache.add_blob(data)) for path, data in bundle)))
            out.extend(OutputFile(target, data) for path, data in bundle
                       if (target := search.site_path(name, primary, path)) is not None)
    return out + [search.shard_list(list(plan))]


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
        if out_dir is not None and on_disk(cache.manifest, out_dir, target, digest):
            files.append(PreviousFile(target, digest))
            cache.keep_blob(digest)
            continue
        data = cache.blob(digest)
        if data is None:
            return None
        files.append(OutputFile(target, data))
    return files


def digest_of(file) -> str:
    return file.digest if isinstance(file, PreviousFile) else file_digest(file.data)


def page_bytes(file, cache: BuildCache, out_dir) -> bytes:
    """A page's bytes: its data, or for a page the last output holds (a PreviousFile), the cache's
    copy, else that output's (or its spare's)."""
    if not isinstance(file, PreviousFile):
        return file.data
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
