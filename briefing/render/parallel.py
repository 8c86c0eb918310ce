"""Work spread over every core: forked processes that share what the parent already built.

The parent loads and validates the site, builds its renderer (one Jinja
environment, every template compiled) and then forks. Each child inherits all of
it, copy-on-write, and is sent only numbers: "render item 17". Nothing big is
pickled on the way out; only each result comes back.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import threading

# Below this many items a pool costs more than it saves.
MIN_ITEMS_FOR_POOL = 48

_task = None   # the function children call; set just before forking


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _run(index: int):
    return index, _task(index)


def imap_indexed(task, count: int, jobs: int):
    """(i, task(i)) for i in range(count), computed by `jobs` forked processes and yielded as
    each is done, in whatever order that is (multiprocessing.Pool.imap_unordered): the caller
    can write each result away at once, and none waits behind a slow one. Consume it to the
    end (or close it): the pool lives until then."""
    global _task
    if (jobs <= 1 or count < MIN_ITEMS_FOR_POOL or "fork" not in multiprocessing.get_all_start_methods()
            or threading.active_count() > 1):   # forking beside other threads (serve's server) can deadlock
        for i in range(count):
            yield i, task(i)
        return
    _task = task
    # Objects the collector never visits stay shared with the children instead of being copied
    # page by page when a collection in a child touches them.
    gc.collect()
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            # Small chunks in order: costly items (long briefs) and cheap ones (index pages)
            # are interleaved, so both processes finish together.
            yield from pool.imap_unordered(_run, range(count), chunksize=max(1, min(16, count // (jobs * 8))))
    finally:
        gc.unfreeze()
        _task = None
