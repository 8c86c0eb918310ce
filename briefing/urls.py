"""Where each thing lives in the built site, and links between pages that work from any sub-path."""
from __future__ import annotations

import functools
import posixpath
from urllib.parse import unquote, urlsplit

from briefing.model import Actor, Brief, Page, Place, Source, Topic

SECTION_OF = {Actor: "actors", Place: "places", Source: "sources", Brief: "briefs", Topic: "topics"}
# The network's downloads (derive/network.py), named here so a build knows them before drawing it.
NETWORK_DOWNLOADS = ("data/network.graphml", "data/network.json")


# Folders every edition shares (one copy at the site's root): hashed assets, drawn figures, the
# search index, the downloads and third-party files. Pages live under their edition's prefix.
SHARED_FOLDERS = ("assets/", "figures/", "pagefind/", "data/", "vendor/")


def language_prefix(lang: str, languages: tuple[str, ...]) -> str:
    """Where an edition's pages live: '' for the default language (the first), 'ar/' for Arabic.
    Lower case, as addresses are (BCP 47 tags are case-insensitive): 'pt-BR' -> 'pt-br/'."""
    return "" if not languages or lang == languages[0] else f"{lang.lower()}/"


def shared_path(path: str, files=frozenset()) -> bool:
    """Whether a site path is a file every edition shares (SHARED_FOLDERS, or one of `files`,
    the downloads a build writes) rather than a page of one edition."""
    return path.startswith(SHARED_FOLDERS) or path in files or path in ("robots.txt", "sitemap.xml")


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


@functools.lru_cache(maxsize=4096)
def relative(from_path: str, to_path: str) -> str:
    """A link from the page at from_path to to_path that needs no knowledge of the site's root.

    Called for every link of every page (325,000 times for 1,000 briefs): it compares path
    segments instead of calling posixpath.relpath, which made each call resolve both paths
    against the working directory. A third of the calls repeat a link the same page made
    before (an actor in every row of a table): those are remembered.
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


def link_target(from_path: str, link: str, root_path: str = "/") -> str | None:
    """The site path a link on the page at from_path leads to ('actors/hts/', 'data/events.csv',
    '' for the home page), without its query and fragment; None when it leads above the site's
    root. link: relative, or root-relative (from root_path, the path of the site's address).
    The inverse of `relative`."""
    path = urlsplit(link).path
    if path.startswith("/"):
        if not path.startswith(root_path):
            return None
        segments = path[len(root_path):].split("/")
    elif not path:   # '?query' or '#fragment' alone: this page
        return from_path
    else:
        segments = [*_folder_parts(from_path), *path.split("/")]
    parts: list[str] = []
    for segment in segments:
        if segment == "..":
            if not parts:
                return None
            parts.pop()
        elif segment not in ("", "."):
            parts.append(segment)
    folder = path.endswith("/") or path.rsplit("/", 1)[-1] in (".", "..")
    return unquote("/".join(parts) + ("/" if folder and parts else ""))
