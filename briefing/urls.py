"""Where each thing lives in the built site, and links between pages that work from any sub-path."""
from __future__ import annotations

import functools
import posixpath

from briefing.model import Actor, Brief, Page, Place, Source, Topic

SECTION_OF = {Actor: "actors", Place: "places", Source: "sources", Brief: "briefs", Topic: "topics"}


def with_slash(url: str) -> str:
    """A site's address as links are joined to it: 'https://example.org/syria' -> 'https://example.org/syria/'."""
    return url if url.endswith("/") else url + "/"


def path_of(item) -> str:
    """The folder path of an item's page inside the site, e.g. 'actors/hts/' ('' is the home page)."""
    if isinstance(item, str):
        return item
    if isinstance(item, Page):
        return f"{item.slug}/"
    return f"{SECTION_OF[type(item)]}/{item.id}/"


def file_of(path: str) -> str:
    """The file that serves a site path: folders get their index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def relative(from_path: str, to_path: str) -> str:
    """A link from the page at from_path to to_path that needs no knowledge of the site's root.

    Called for every link of every page (200,000 times for 1,000 briefs): it compares path
    segments instead of calling posixpath.relpath, which made each call resolve both paths
    against the working directory.
    """
    target, _, fragment = to_path.partition("#")
    start = _folder_parts(from_path)
    parts = [p for p in target.split("/") if p]
    if "." in parts or ".." in parts or "." in start or ".." in start:
        return _relative_slow(from_path, to_path)
    common = 0
    for a, b in zip(start, parts):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(start) - common) + parts[common:]) or "."
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


@functools.lru_cache(maxsize=8192)
def _folder_parts(from_path: str) -> tuple[str, ...]:
    """The folders of the page at from_path: 'briefs/x/' -> ('briefs', 'x'), 'feed.xml' -> ()."""
    folder = from_path if from_path.endswith("/") or from_path == "" else posixpath.dirname(from_path)
    return tuple(p for p in folder.split("/") if p)


def _relative_slow(from_path: str, to_path: str) -> str:
    """posixpath.relpath, for paths with '.' or '..' in them (ours never have; a template might)."""
    from_dir = from_path if from_path.endswith("/") or from_path == "" else posixpath.dirname(from_path) + "/"
    from_dir = from_dir.rstrip("/") or "."
    target, fragment = (to_path.split("#", 1) + [""])[:2]
    rel = posixpath.relpath(target or ".", from_dir)
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")
