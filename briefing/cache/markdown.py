"""Markdown HTML from earlier builds, when the body and every link in it are unchanged.

A body's HTML depends on its text, on the page it sits on (links are relative)
and on what each [[id]] in it resolves to (a renamed actor changes the label).
The first two make the key; the links are recorded while rendering and checked
again before reuse, so the key needs no guess at which ids a body names. Bodies
with figure embeds are never kept: their HTML depends on the figures' data.

The parent process looks results up before forking (`prefetch`), so children
only read a dict; new results travel back with each page and are stored by the
parent (`store`).
"""
from __future__ import annotations

import hashlib
import pickle

from briefing.cache.store import BuildCache

KIND = "markdown"


class MarkdownMemo:
    def __init__(self, cache: BuildCache):
        self.cache = cache
        self.ready: dict[str, tuple[str, object]] = {}   # page path -> (key, Rendered) found in the cache
        self.fresh: list[tuple] = []                      # (key, pickled (links, Rendered)) made here
        self._links: dict | None = None

    def key(self, page_path: str, body: str) -> str:
        text = f"{self.cache.salt}\x1f{page_path}\x1f{body}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def prefetch(self, page_path: str, body: str, resolve) -> None:
        """Find this page's body in the cache, if its links still resolve as they did."""
        key = self.key(page_path, body)
        digest = self.cache.get(KIND, key)
        data = self.cache.blob(digest) if digest is not None else None
        if data is None:
            return
        try:
            links, rendered = pickle.loads(data)
        except Exception:
            return
        if all(resolve(ident) == target for ident, target in links):
            self.ready[page_path] = (key, rendered)

    def known(self, page_path: str, body: str):
        found = self.ready.get(page_path)
        if found is not None and found[0] == self.key(page_path, body):
            return found[1]
        return None

    def recording(self, resolve):
        """resolve, noting each id it is asked about and its answer."""
        links = self._links = {}

        def recorded(ident):
            links[ident] = target = resolve(ident)
            return target
        return recorded

    def remember(self, page_path: str, body: str, rendered) -> None:
        links = tuple(self._links.items())
        self.fresh.append((self.key(page_path, body),
                           pickle.dumps((links, rendered), protocol=pickle.HIGHEST_PROTOCOL)))

    def take_fresh(self) -> list:
        fresh, self.fresh = self.fresh, []
        return fresh

    def store(self, fresh: list) -> None:
        for key, data in fresh:
            self.cache.put(KIND, key, self.cache.add_blob(data))
