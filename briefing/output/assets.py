"""The site's own CSS, JavaScript and vendored files under content-hashed names.

A file's name changes whenever its bytes do, so every asset can be served with a
year-long cache lifetime (netlify.toml) and a page always gets the version it was
rendered with. Runs before rendering: templates link assets by their hashed names.

A style sheet names other assets by their names here, relative to itself
(`url("vendor/fonts/x.woff2")` in style.css): those are rewritten to the hashed names, so
the sheet's own hash changes whenever an asset it names does, as Django's
ManifestStaticFilesStorage and webpack's css-loader do.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

from briefing.model import OutputFile

# url(x), url('x') or url("x") in CSS (https://www.w3.org/TR/css-values-4/#urls)
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')\s]+)\1\s*\)""")


def hash_assets(static_dir: Path, extra: dict | None = None) -> tuple[dict, list[OutputFile]]:
    """static/ files (and extra name -> path) -> content-hashed names under assets/, cached forever.

    Returns ({name: "assets/<stem>.<hash>.<suffix>"}, the files). Style sheets are hashed last,
    after the url()s in them are rewritten (see link_assets); ValueError if one names no asset.
    """
    mapping, files = {}, []
    sources = {p.relative_to(static_dir).as_posix(): p for p in static_dir.rglob("*") if p.is_file()}
    sources.update(extra or {})
    for name, path in sorted(sources.items(), key=lambda item: (item[0].endswith(".css"), item[0])):
        data = path.read_bytes()
        if name.endswith(".css"):
            data = link_assets(data, name, mapping)
        stem, dot, suffix = name.rpartition(".")
        digest = hashlib.sha256(data).hexdigest()[:10]
        hashed = f"assets/{stem}.{digest}.{suffix}" if dot else f"assets/{name}.{digest}"
        mapping[name] = hashed
        files.append(OutputFile(hashed, data))
    return mapping, files


def link_assets(css: bytes, name: str, mapping: dict) -> bytes:
    """A style sheet (named `name` among the assets) with each relative url() that names an asset
    replaced by that asset's hashed name, relative to where the sheet itself is published.
    Absolute and data: URLs and fragments are left as they are. ValueError for a relative url()
    that names no asset (a typo would otherwise be a 404 on the published site)."""
    here = posixpath.dirname(name)
    published_here = posixpath.dirname(f"assets/{name}")

    def hashed(match: re.Match) -> str:
        url = match.group(2)
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", url, re.I):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(here, url))
        if target not in mapping:
            raise ValueError(f"{name}: url({url}) names no asset (known: {', '.join(sorted(mapping))})")
        return f'url("{posixpath.relpath(mapping[target], published_here)}")'

    return CSS_URL.sub(hashed, css.decode("utf-8")).encode("utf-8")
