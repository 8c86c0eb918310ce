"""A figure's plotly spec as it is drawn in a language: its font, plotly's locale, and, in a language
written right to left, its direction. Figure._encode and Figure.first_view pass every spec through
`in_language`, so that the modules that make figures write them once, for any language.

In English (`en`, the site's first language) nothing changes: the spec is returned as it is, the
same object, and the English site builds to the same bytes it always did.

In another language:
- The font: the stack of the language's script (FONT_FAMILIES), where the Latin stack would leave
  its letters to whatever face the system picks.
- plotly's locale, from Babel (CLDR), in the figure's own config (`config.locale` and
  `config.locales`, plotly.js's per-plot locales, so no script registers one and nothing more is
  fetched): month and day names and date orders, should a figure ever give plotly a date axis to
  label. The site's own figures write their days themselves (text.py, through Babel).

Right to left (Arabic; i18n.direction):
- Time runs right to left: every visible x axis is reversed (`autorange: "reversed"`, or its
  `range` turned round), the value axis moves to the right (`yaxis.side`), the horizontal margins
  change sides with it, and the legend moves to the right-hand side (`x`, `xanchor`); a horizontal
  legend's groups run right to left (`legendrank`).
  An invisible axis (a network's, whose positions are a layout, not a scale) is left as it is.
- Labels beside a point on a map go on its other side (`textposition` "middle right" becomes
  "middle left"): a name then starts at its point, as it does in English. A network's labels are
  placed by network_layout.place_labels for the sides it chose, clear of each other, and stay.
- Hover labels align right (`hoverlabel.align`).
- Every line of text plotly draws is put between RIGHT-TO-LEFT ISOLATE and POP DIRECTIONAL ISOLATE
  (U+2067, U+2069; Unicode's bidirectional algorithm, UAX #9, section 2.7). plotly lays its drawing
  out left to right in any page (it sets `direction: ltr` on its plots: plotly.js pull request
  #2790, "tooltip misplaced in RTL documents", since with `direction: rtl` it measured a label's
  box on one side of its anchor and drew the text on the other), so each line needs its own
  direction: within the isolate, a line of Arabic with numbers, dates, Latin names and punctuation
  reads right to left ("الهيئة، 30 نوفمبر: 3" and not its pieces in left-to-right order, a full
  stop on the right), while plotly measures and places the box as before. The isolates are
  characters in the text, so the first views drawn at build time (svgplot.py, svgchart.py), which
  draw the same strings, read the same way.
"""
from __future__ import annotations

import functools
import re

from briefing import i18n

RLI, PDI = "\u2067", "\u2069"      # RIGHT-TO-LEFT ISOLATE, POP DIRECTIONAL ISOLATE
# A script's own faces first. "Briefing Naskh" is the site's self-hosted Noto Naskh Arabic (the
# stylesheet's @font-face, Arabic letters only by its unicode-range, so Latin letters and digits take
# the Latin faces after it); then Noto Naskh Arabic and Noto Sans Arabic where the system has them
# (Android, many Linux systems), the Latin stack, and the systems' own Arabic faces (macOS and iOS:
# Geeza Pro; Windows: Segoe UI carries Arabic, then Tahoma).
FONT_FAMILIES = {
    "ar": ("'Briefing Naskh', 'Noto Naskh Arabic', 'Noto Sans Arabic', system-ui, -apple-system, 'Segoe UI', "
           "Roboto, 'Noto Sans', 'Geeza Pro', Tahoma, sans-serif"),
}
_OTHER_SIDE = {"left": "right", "right": "left"}
_BREAK = re.compile(r"(<br\s*/?>)")
_EXTRA = re.compile(r"<extra>.*?</extra>\s*$", re.S)
# Trace attributes whose strings plotly draws; customdata only where a hovertemplate shows it.
TRACE_TEXT = ("name", "text", "hovertext", "hovertemplate")
# plotly's d3 date formats from CLDR's skeletons (Babel): the few fields a day or month needs.
_CLDR_TO_D3 = {"d": "%-d", "dd": "%d", "MMM": "%b", "LLL": "%b", "MMMM": "%B", "LLLL": "%B", "y": "%Y",
               "yyyy": "%Y"}


def in_language(spec: dict, lang: str, base_layout: dict) -> dict:
    """The spec ({'data', 'layout', 'config', 'frames'?, 'meta'?}, as a figure module wrote it) as
    drawn in `lang`, a BCP 47 tag, over `base_layout` (figure.py's shared look): the same object in
    English, else a new dict with the base layout merged in (the spec itself, which figure modules
    may share between figures, is never changed). See the module's docstring for what changes."""
    if _base(lang) == "en":
        return spec
    layout = {**base_layout, **spec.get("layout", {})}
    config = dict(spec.get("config", {}))
    family = FONT_FAMILIES.get(_base(lang))
    if family:
        layout["font"] = {**layout.get("font", {}), "family": family}
    config["locale"] = lang
    config["locales"] = {lang: {"dictionary": {}, "format": plotly_format(lang)}}
    out = {**spec, "layout": layout, "config": config}
    if i18n.direction(lang) == "rtl":
        out = right_to_left(out)
    return out


def right_to_left(spec: dict) -> dict:
    """A spec (see `in_language`) laid out and worded for a right-to-left language."""
    layout = dict(spec.get("layout", {}))
    geo = "geo" in layout
    value_axis = False
    for name in [key for key in layout if re.fullmatch(r"[xy]axis\d*", key)]:
        axis = dict(layout[name])
        if axis.get("visible", True) and name.startswith("x"):
            if axis.get("range"):
                axis["range"] = list(reversed(axis["range"]))
            else:
                axis["autorange"] = "reversed"
        elif axis.get("visible", True):
            axis["side"] = "left" if axis.get("side") == "right" else "right"
            value_axis = True
        layout[name] = _titled(axis)
    margin = layout.get("margin", {})
    if value_axis and ("l" in margin or "r" in margin):
        layout["margin"] = {**margin, "l": margin.get("r", 80), "r": margin.get("l", 80)}   # plotly's default: 80
    if "legend" in layout:
        legend = dict(layout["legend"])
        x = legend.get("x", 1.02 if legend.get("orientation", "v") == "v" else 0)   # plotly's defaults
        legend["x"] = round(1 - x, 6)
        anchor = legend.get("xanchor", "auto")      # plotly's "auto": by x, in thirds
        legend["xanchor"] = _OTHER_SIDE.get(anchor, anchor) if anchor != "auto" else \
            "right" if x <= 1 / 3 else "left" if x >= 2 / 3 else "center"
        layout["legend"] = _titled(legend)
    hoverlabel = dict(layout.get("hoverlabel", {}))
    hoverlabel["align"] = _OTHER_SIDE.get(hoverlabel.get("align", "auto"), "right")
    layout["hoverlabel"] = hoverlabel
    if isinstance(layout.get("title"), (dict, str)):
        layout = _titled(layout)
    data = [_trace(t, geo) for t in spec.get("data", [])]
    if layout.get("legend", {}).get("orientation") == "h":
        data = _ranked(data)
    out = {**spec, "layout": layout, "data": data}
    if "frames" in spec:
        out["frames"] = [{**frame, "data": [_trace(t, geo) for t in frame.get("data", [])]}
                         for frame in spec["frames"]]
    return out


def _ranked(data: list[dict]) -> list[dict]:
    """Traces ranked (`legendrank`, plotly's default 1000) so that a horizontal legend's groups run
    right to left: the first group, first in a row, on the right. (A narrow plot's legend, its
    groups one under another, then lists them last first.)"""
    groups = list(dict.fromkeys(t.get("legendgroup") or f"\0{i}" for i, t in enumerate(data)))
    rank = {group: 1000 + len(groups) - n for n, group in enumerate(groups)}
    return [{**t, "legendrank": rank[t.get("legendgroup") or f"\0{i}"]} for i, t in enumerate(data)]


def isolated(text):
    """plotly text (a string, a list of them, None) with each non-empty line between RLI and PDI, a
    hovertemplate's closing `<extra>...</extra>` (plotly's box beside the label) left outside."""
    if isinstance(text, list):
        return [isolated(item) for item in text]
    if not isinstance(text, str) or not text:
        return text
    return _isolated(text)


@functools.lru_cache(maxsize=1 << 16)
def _isolated(text: str) -> str:
    extra = _EXTRA.search(text)
    body, tail = (text[:extra.start()], text[extra.start():]) if extra else (text, "")
    parts = _BREAK.split(body)
    return "".join(part if i % 2 or not part else f"{RLI}{part}{PDI}" for i, part in enumerate(parts)) + tail


def _titled(item: dict) -> dict:
    """An axis, legend or layout with its title's text and its tick labels isolated."""
    item = dict(item)
    title = item.get("title")
    if isinstance(title, dict) and "text" in title:
        item["title"] = {**title, "text": isolated(title["text"])}
    elif isinstance(title, str):
        item["title"] = isolated(title)
    if "ticktext" in item:
        item["ticktext"] = isolated(item["ticktext"])
    return item


def _trace(trace: dict, geo: bool) -> dict:
    """A trace (or a frame's update of one) worded right to left; on a map, labels on the other side."""
    out = dict(trace)
    for key in TRACE_TEXT:
        if key in out:
            out[key] = isolated(out[key])
    group = out.get("legendgrouptitle")
    if isinstance(group, dict) and "text" in group:
        out["legendgrouptitle"] = {**group, "text": isolated(group["text"])}
    if "%{customdata" in str(out.get("hovertemplate", "")) and isinstance(out.get("customdata"), list):
        out["customdata"] = [isolated(item) if isinstance(item, str) else item for item in out["customdata"]]
    if geo and "textposition" in out:
        out["textposition"] = _mirrored(out["textposition"])
    return out


def _mirrored(position):
    """A textposition ('top left', 'middle right', ... or a list of them) with left and right swapped."""
    if isinstance(position, list):
        return [_mirrored(p) for p in position]
    return " ".join(_OTHER_SIDE.get(word, word) for word in position.split(" "))


@functools.cache
def plotly_format(lang: str) -> dict:
    """plotly.js's locale `format` (d3's time and number formats) for a language, from Babel:
    month and day names (d3 counts days from Sunday), AM/PM, the decimal and group signs of the
    language's default numbering system, and the orders of a day and month."""
    locale = i18n.locale(lang)
    months, days = locale.months["format"], locale.days["format"]
    symbols = locale.number_symbols.get(locale.default_numbering_system, {})
    periods = locale.day_periods["format"]["abbreviated"]
    out = {"months": [months["wide"][m] for m in range(1, 13)],
           "shortMonths": [months["abbreviated"][m] for m in range(1, 13)],
           "days": [days["wide"][(d + 6) % 7] for d in range(7)],
           "shortDays": [days["abbreviated"][(d + 6) % 7] for d in range(7)],
           "periods": [periods["am"], periods["pm"]],
           "decimal": symbols.get("decimal", "."), "thousands": symbols.get("group", ",")}
    for key, skeleton in (("year", "y"), ("month", "yMMM"), ("dayMonth", "MMMd"), ("dayMonthYear", "yMMMd")):
        pattern = _d3(str(locale.datetime_skeletons[skeleton].pattern)) if skeleton in locale.datetime_skeletons \
            else None
        if pattern:
            out[key] = pattern
    return out


def _d3(pattern: str) -> str | None:
    """A CLDR date pattern of days, months and years ('d MMM y') as d3's ('%-d %b %Y'); None for
    one with any other field or quoted text."""
    out = []
    for match in re.finditer(r"([A-Za-z])\1*|[^A-Za-z']+|'", pattern):
        piece = match[0]
        if piece == "'":
            return None
        if piece[0].isalpha():
            if piece not in _CLDR_TO_D3:
                return None
            out.append(_CLDR_TO_D3[piece])
        else:
            out.append(piece)
    return "".join(out)


def _base(lang: str) -> str:
    return (lang or "en").replace("_", "-").split("-")[0].lower()
