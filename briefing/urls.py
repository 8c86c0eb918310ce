"""Where each thing lives in the built site, and links between pages that work from any sub-path."""
from __future__ import annotations

import posixpath

from .model import Actor, Brief, Page, Place, Source, Topic

SECTION_OF = {Actor: "actors", Place: "places", Source: "sources", Brief: "briefs", Topic: "topics"}


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
    """A link from the page at from_path to to_path that needs no knowledge of the site's root."""
    from_dir = from_path if from_path.endswith("/") or from_path == "" else posixpath.dirname(from_path) + "/"
    from_dir = from_dir.rstrip("/") or "."
    target, fragment = (to_path.split("#", 1) + [""])[:2]
    rel = posixpath.relpath(target or ".", from_dir)
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")
