"""A CSL-JSON reference (derive/citations.py) -> the reference as a reader copies it, in HTML,
formatted by citeproc-py in the Cite Them Right Harvard style that citeproc-py ships
(`harvard-cite-them-right.csl`, CC BY-SA 3.0, British English), followed by the reference's
note (the information cut-off).

Two things citeproc-py does not do, done here:

- **Escaping.** Its HTML formatter leaves the text of a reference as it is (citeproc-py issues
  #27 and #97: a title `<script>...` comes out as a tag), and it reads `<span class="nocase">`
  in any text as markup. So citeproc-py is given a formatter of our own whose italic, bold...
  are private-use characters, and text whose '<' is one too; the result is escaped once
  (markupsafe), then the characters become the tags. Content never reaches the page unescaped.
- **Speed.** Formatting one reference takes citeproc-py about 3 ms (a chronology of 40,000
  events: two minutes). The title and the address of a reference are placed by the style word
  for word (tests/render/test_citation.py holds it, for every kind of reference and for any
  text), so each *shape* of reference (its type, date, author, container...) is formatted once,
  with placeholders for the title and address, and every reference of that shape is the
  placeholders replaced. The result is the same, byte for byte, as formatting each one.

The title is wrapped in `<span class="cite-title">` and the address is a link,
`<a class="cite-url">`: map.js rewrites both when the reader moves the map to another day.
"""
from __future__ import annotations

import functools
import json
import re
import types

from markupsafe import Markup, escape

from briefing import i18n

STYLE = "harvard-cite-them-right"
LOCALE = "en-GB"

# Private-use characters (U+E000..U+E01F) stand for markup while citeproc-py works; they are
# taken out of any text before it reaches citeproc-py, so none can come from content.
_TAGS = {"i": ("\ue000", "\ue001"), "b": ("\ue002", "\ue003"), "sup": ("\ue004", "\ue005"),
         "sub": ("\ue006", "\ue007")}
_LESS_THAN = "\ue010"
_TITLE, _URL = "\ue011", "\ue012"
_PRIVATE = re.compile("[\ue000-\ue01f]")


def _wrapper(tag: str):
    start, end = _TAGS[tag]
    return lambda text: f"{start}{text}{end}"


# A citeproc-py formatter module (the interface of citeproc.formatter.plain): text as it is,
# markup as private-use characters.
SENTINEL_FORMATTER = types.SimpleNamespace(
    preformat=lambda text: str(text),
    Italic=_wrapper("i"), Oblique=_wrapper("i"), Bold=_wrapper("b"), Light=str, Underline=str,
    Superscript=_wrapper("sup"), Subscript=_wrapper("sub"), SmallCaps=str)


def _each_text(value, change):
    """`value` (a CSL-JSON item, or any text, list or dict in it) with change(text) for each text."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [_each_text(v, change) for v in value]
    if isinstance(value, dict):
        return {k: _each_text(v, change) for k, v in value.items()}
    return value


def without_private(value):
    """The item (or any text, list or dict in it) without a private-use character of ours."""
    return _each_text(value, lambda text: _PRIVATE.sub("", text))


@functools.lru_cache(maxsize=8)
def _style(locale: str = LOCALE):
    from citeproc import CitationStylesStyle   # imported when a page first shows a reference
    return CitationStylesStyle(STYLE, validate=False, locale=locale)


@functools.lru_cache(maxsize=16)
def citation_locale(lang: str) -> str:
    """The CSL locale a page in language `lang` formats references in: British English for
    English (as before: 'Available at', 'Accessed'), else the language's own where citeproc-py
    ships CSL's locale file for it ('ar': 'موجود في', 'تاريخ الوصول'), else British English."""
    if lang.split("-")[0] == "en":
        return LOCALE
    import importlib.resources
    folder = importlib.resources.files("citeproc") / "data" / "locales"
    for tag in (lang, lang.split("-")[0]):
        if (folder / f"locales-{tag}.xml").is_file():
            return tag
    return LOCALE


def citeproc_text(item: dict, locale: str = LOCALE) -> str:
    """citeproc-py's bibliography entry for one CSL-JSON item (without_private), markup as
    private-use characters; every '<' in its text is one too, so none is read as markup."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    data = {k: (v if k in ("id", "type") else _each_text(v, lambda text: text.replace("<", _LESS_THAN)))
            for k, v in item.items()}
    data["id"] = "ref"
    bibliography = CitationStylesBibliography(_style(locale), CiteProcJSON([data]), SENTINEL_FORMATTER)
    bibliography.register(Citation([CitationItem("ref")]))
    return str(bibliography.bibliography()[0])


def _html(text: str) -> str:
    """citeproc_text's result as HTML: escaped once, then the markup characters made tags."""
    html = str(escape(text.replace(_LESS_THAN, "<")))
    for tag, (start, end) in _TAGS.items():
        html = html.replace(start, f"<{tag}>").replace(end, f"</{tag}>")
    return html


# The day a reference's `issued` date is formatted with while its shape is made, and how the
# style writes it: its year and its day and month, each found once in the shape's HTML and then
# replaced by the reference's own (a brief's references differ in little but their date).
_SENTINEL_DAY = (1234, 5, 27)
_SENTINEL_YEAR, _SENTINEL_DAY_MONTH = "1234", "27 May"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


_DATED: dict[tuple[str, str], str | None] = {}


def _dated_shape(key: str, item: dict, locale: str = LOCALE) -> str | None:
    """The HTML of a reference of this shape (the item without title, address and a full
    `issued` day), with placeholders for the title and address and the sentinel day where its
    date goes; None when this shape's date cannot be placed that way: the sentinel's year or
    day and month is not found exactly once, or placing the first reference's own date does not
    give what citeproc-py gives for it (checked once a shape, in each process)."""
    if (key, locale) not in _DATED:
        html = _shape(key, locale)
        if html.count(_SENTINEL_YEAR) != 1 or html.count(_SENTINEL_DAY_MONTH) != 1:
            _DATED[key, locale] = None   # another language's months: one citeproc-py run a date
        else:
            shape = json.loads(key)
            shape["issued"] = item["issued"]
            direct = _shape(json.dumps(shape, sort_keys=True, ensure_ascii=False), locale)
            _DATED[key, locale] = html if direct == _place_day(html, item["issued"]) else None
    return _DATED[key, locale]


def _place_day(html: str, issued: dict) -> str:
    year, month, day = issued["date-parts"][0]
    return html.replace(_SENTINEL_YEAR, str(year), 1).replace(_SENTINEL_DAY_MONTH, f"{day} {MONTHS[month - 1]}", 1)


def _full_day(issued) -> bool:
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    return (isinstance(parts, list) and len(parts) == 1 and len(parts[0]) == 3 and set(issued) == {"date-parts"}
            and all(isinstance(n, int) and not isinstance(n, bool) for n in parts[0])
            and 1 <= parts[0][1] <= 12 and 1 <= parts[0][2] <= 31 and parts[0][0] > 0)


@functools.lru_cache(maxsize=4096)
def _shape(key: str, locale: str = LOCALE) -> str:
    """The HTML of a reference of this shape (the JSON of its item without title and address),
    with the placeholders _TITLE and _URL where they go."""
    return _html(citeproc_text(json.loads(key), locale))


def format_reference(item: dict, lang: str | None = None) -> Markup:
    """The reference as HTML: citeproc-py's entry (title in a span.cite-title, the address a link
    a.cite-url), then the item's note as a sentence. Same bytes for the same item, always. In the
    words of `lang` (default: the current language, i18n.current()) through citation_locale: an
    Arabic page's references read in Arabic, as its interface does; the downloads stay in the
    default language (output/citations.py)."""
    locale = citation_locale(lang or i18n.current())
    if "title" not in item or "URL" not in item:
        raise ValueError("a reference needs a title and a URL")
    item = without_private(item)
    if not item["title"] or not item["URL"]:   # nothing to place: the style leaves the part out
        return Markup(_html(citeproc_text(item, locale)) + _note(item))
    shape = {k: v for k, v in item.items() if k not in ("id", "title", "URL", "note", "abstract")}
    shape.update(title=_TITLE, URL=_URL)
    html = None
    if _full_day(item.get("issued")):
        dated = dict(shape, issued={"date-parts": [list(_SENTINEL_DAY)]})
        html = _dated_shape(json.dumps(dated, sort_keys=True, ensure_ascii=False), item, locale)
        if html is not None:
            html = _place_day(html, item["issued"])
    if html is None:
        html = _shape(json.dumps(shape, sort_keys=True, ensure_ascii=False), locale)
    title, url = escape(item["title"]), escape(item["URL"])
    html = html.replace(_TITLE, f'<span class="cite-title">{title}</span>', 1)
    html = html.replace(_URL, f'<a class="cite-url" href="{url}">{url}</a>', 1)
    return Markup(html + _note(item))


def _note(item: dict) -> str:
    return f' <span class="cite-note">{escape(item["note"])}.</span>' if item.get("note") else ""


def format_reference_directly(item: dict, lang: str | None = None) -> str:
    """The same reference formatted by citeproc-py as it is, title and address included, with no
    span or link: what format_reference must equal once those are taken out (the tests' oracle)."""
    item = without_private(item)
    html = _html(citeproc_text(item, citation_locale(lang or i18n.current())))
    return html + (f" {escape(item['note'])}." if item.get("note") else "")
