"""The site's own CSS, JavaScript and vendored files under content-hashed names.

A file's name changes whenever its bytes do, so every asset can be served with a
year-long cache lifetime (netlify.toml) and a page always gets the version it was
rendered with. Runs before rendering: templates link assets by their hashed names.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from briefing.model import OutputFile


def hash_assets(static_dir: Path, extra: dict | None = None) -> tuple[dict, list[OutputFile]]:
    """static/ files (and extra name -> path) -> content-hashed names under assets/, cached forever."""
    mapping, files = {}, []
    sources = {p.relative_to(static_dir).as_posix(): p for p in static_dir.rglob("*") if p.is_file()}
    sources.update(extra or {})
    for name, path in sorted(sources.items()):
        data = path.read_bytes()
        stem, dot, suffix = name.rpartition(".")
        digest = hashlib.sha256(data).hexdigest()[:10]
        hashed = f"assets/{stem}.{digest}.{suffix}" if dot else f"assets/{name}.{digest}"
        mapping[name] = hashed
        files.append(OutputFile(hashed, data))
    return mapping, files
