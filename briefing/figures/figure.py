"""Figures: plotly figure JSON plus the text alternative every figure must carry.

A Figure is data, not HTML: its plotly spec goes into one JSON file under
figures/ (content-hashed, so pages that show the same figure share one file),
and templates/figure.html renders the caption and table around it. The
network, advances_map, advance_chart and place_map modules build Figures;
nothing here knows what they show.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass, field

from briefing import i18n
from briefing.figures.language import in_language
from briefing.model import OutputFile
from briefing.text import iso

# Shared look: transparent backgrounds so the page's light or dark theme shows through;
# static/js/figures.js fills in the text colour from the page at draw time.
BASE_LAYOUT = {
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
    "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif", "size": 13},
    "hoverlabel": {"namelength": -1},
}
BASE_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}


@dataclass(frozen=True)
class Table:
    """A figure's data as a table: the figure for readers without JavaScript or sight."""
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]        # cells: text, or (text, site path) for a link


@dataclass
class Figure:
    id: str                      # unique across the site, safe for file names and HTML ids
    kind: str                    # 'network', 'map' or 'chart': a CSS hook
    title: str
    caption: str                 # what the figure shows, in a sentence or three
    spec: dict                   # {'data': [...], 'layout': {...}, 'config': {...}}
    table: Table
    height: int = 480            # reserved height in px, so the page does not jump when it draws
    extra: dict = field(default_factory=dict)   # anything the page's controls need
    svg: str = ""                # a drawing made here (svgmap.py): then no JSON, no plotly
    # the language it is drawn in (language.py): the one current when it was made, its edition's
    lang: str = field(default_factory=i18n.current)
    _json: bytes | None = field(default=None, init=False, repr=False, compare=False)

    @functools.cached_property
    def first_view(self) -> str:
        """The figure's first view as SVG, drawn from its plotly spec as plotly draws it in the figure's
        language (language.py; svgplot.py, svgchart.py): '' for a figure drawn only as SVG (`svg`). A
        map shows its first view's box (`meta.view`), as map.js does."""
        if self.svg or not self.spec.get("data"):
            return ""
        from briefing.figures import svgchart, svgplot     # only pages that show a figure need them
        spec = in_language(self.spec, self.lang, BASE_LAYOUT)
        if "geo" in spec.get("layout", {}):
            meta = spec.get("meta", {})
            box = meta.get("views", {}).get(meta.get("view")) or {
                "lon": spec["layout"]["geo"]["lonaxis"]["range"], "lat": spec["layout"]["geo"]["lataxis"]["range"]}
            return svgplot.geo(spec, self.height, f"fig-{self.id}_", box)
        layout = {**BASE_LAYOUT, **spec.get("layout", {})}
        # ids of its shapes: fig-<id>_..., never another figure's id ('_' is in no id) nor content's (fig-* is refused)
        return svgchart.cartesian({**spec, "layout": layout}, layout.get("height", self.height), f"fig-{self.id}_")

    def output_files(self) -> list[OutputFile]:
        """The figure's JSON file, if the browser draws it."""
        return [] if self.svg else [self.output_file()]

    def json_bytes(self) -> bytes:
        """The plotly figure as compact UTF-8 JSON, keys sorted. Encoded once: the page, the file
        name's hash and the output all ask for it, so the spec must not change after that."""
        if self._json is None:
            self._json = self._encode()
        return self._json

    def _encode(self) -> bytes:
        drawn = in_language(self.spec, self.lang, BASE_LAYOUT)
        spec = {"data": drawn.get("data", []),
                "layout": {**BASE_LAYOUT, **drawn.get("layout", {})},
                "config": {**BASE_CONFIG, **drawn.get("config", {})}}
        for key in ("frames", "meta"):
            if key in drawn:
                spec[key] = drawn[key]
        return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                          default=_plain).encode("utf-8")

    @property
    def path(self) -> str:
        """Site path of the figure's JSON: the hash makes it safe to cache forever."""
        digest = hashlib.sha256(self.json_bytes()).hexdigest()[:10]
        return f"figures/{self.id}.{digest}.json"

    def output_file(self) -> OutputFile:
        return OutputFile(self.path, self.json_bytes())


def _plain(value):
    """numpy numbers and other odd types that plotly helpers may hand us."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, dt.date):
        return iso(value)
    raise TypeError(f"cannot put {type(value).__name__} into figure JSON")


def embed_id(prefix: str, page_path: str, args: dict) -> str:
    """An embedded map or chart's figure id: the page's slug, and a digest of the arguments if any."""
    slug = page_path.strip("/").split("/")[-1] or "home"
    if not args:
        return f"{prefix}-{slug}"
    digest = hashlib.sha256(repr(sorted(args.items())).encode()).hexdigest()[:6]
    return f"{prefix}-{slug}-{digest}"
