"""Markdown HTML from earlier builds, when the body and every link in it are unchanged.

A body's HTML depends on its text, on the page it sits on (links are relative)
and on what each [[id]] in it resolves to (a renamed actor changes the label).
The first two make the key; the links come with the rendered body
(markdown.Rendered.links) and are checked again before reuse, so the key needs no
guess at which ids a body names. Bodies with figure embeds are never kept: their
HTML depends on the figures' data.

The parent process looks results up before forking (`prefetch`), so children only
read a dict; new results travel back with each page's result and are stored by the
parent (`store`).
"""
from __future__ import annotations

import hashlib
import pickle

from briefing import i18n
from briefing.cache.store import BuildCache

KIND = "markdown"


class MarkdownMemo:
    def __init__(self, cache: BuildCache):
        self.cache = cache
        self.ready: dict[str, tuple[str, object]] = {}   # page path -> (key, Rendered) found in the cache

    def key(self, page_path: str, body: str) -> str:
        # the language too: a body's figures are worded in the language of its page
        text = f"{self.cache.salt}\x1f{i18n.current()}\x1f{page_path}\x1f{body}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def prefetch(self, page_path: str, body: str, resolve) -> None:
        """Find this page's body in the cache, if its links still resolve as they did."""
        if not self.cache.enabled:
            return
        key = self.key(page_path, body)
        digest = self.cache.get(KIND, key)
        data = self.cache.blob(digest) if digest is not None else None
        if data is None:
            return
        try:
            rendered = pickle.loads(data)
        except Exception:
            return
        if not hasattr(rendered, "links"):
            return
        if all(resolve(ident) == target for ident, target in rendered.links):
            self.ready[page_path] = (key, rendered)

    def known(self, page_path: str, body: str):
        """The Rendered body found by prefetch, or None."""
        found = self.ready.get(page_path)
        if found is not None and found[0] == self.key(page_path, body):
            return found[1]
        return None

    def fresh(self, page_path: str, body: str, rendered) -> list:
        """[(key, pickled Rendered)] to keep for this body, rendered by this build: [] if it
        places figures, or if the cache keeps nothing."""
        if not self.cache.enabled or rendered is None or rendered.embeds:
            return []
        return [(self.key(page_path, body), pickle.dumps(rendered, protocol=pickle.HIGHEST_PROTOCOL))]

    def store(self, fresh: list) -> None:
        for key, data in fresh:
            self.cache.put(KIND, key, self.cache.add_blob(data))
