"""The self-hosted base map: where its files are (resources.basemap_dir) and in the built site.

plotly asks for its base layers by name (`topojsonURL + 'asia_50m.json'`), so the
files cannot take content-hashed names like other assets. Instead the whole
folder is published under a name that carries the hash of everything in it
(`assets/basemap-<hash>/`): the names stay as plotly wants them, and a change
to any file gives a new folder that browsers fetch afresh, so the folder can be
cached for a year like every other asset.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from briefing import resources
from briefing.i18n import N_
from briefing.model import OutputFile

BASEMAP_DIR = resources.basemap_dir()
GOVERNORATES_FILE = "syria-governorates.json"
CREDIT = N_("Base map: Natural Earth (public domain)")     # translated where shown


def published(folder: Path = BASEMAP_DIR) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".json")


@functools.lru_cache(maxsize=4)
def folder_path(folder: Path = BASEMAP_DIR) -> str:
    """Site path of the published folder, e.g. 'assets/basemap-0123456789/'."""
    digest = hashlib.sha256()
    for path in published(folder):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"assets/basemap-{digest.hexdigest()[:10]}/"


def basemap_files(folder: Path = BASEMAP_DIR) -> list[OutputFile]:
    base = folder_path(folder)
    return [OutputFile(base + path.name, path.read_bytes()) for path in published(folder)]


@functools.lru_cache(maxsize=1)
def governorates() -> tuple[tuple[str, float, float], ...]:
    """(name, label lon, label lat) of each governorate, for labels on the map."""
    data = json.loads((BASEMAP_DIR / GOVERNORATES_FILE).read_text(encoding="utf-8"))
    return tuple((f["id"], f["properties"]["label_lon"], f["properties"]["label_lat"]) for f in data["features"])
