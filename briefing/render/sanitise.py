"""The HTML an editor may write: an allowlist fitting briefs, enforced with nh3.

Everything that comes from Markdown (bodies, descriptions) passes through
`sanitise`; only the generator's own HTML (figure embeds) is added after it.
Beyond tags and attributes, the policy keeps content from reaching into the page
around it:

- URLs: links may be http(s), mailto or relative; images only relative (the site makes no
  request to another origin: readers may be put at risk by one)
  (never `data:` or `javascript:`). External links get rel="noopener noreferrer".
- Classes: only those Python-Markdown emits and a few our stylesheet gives a
  meaning to in prose; an editor cannot borrow the page's own hooks.
- Ids: lower-case and never one the page itself uses (see `is_page_id`), so a
  body cannot capture the skip link, a section heading, a figure, or a global
  name a script reads (DOM clobbering: `<a id="Plotly">` would become
  `window.Plotly`).
- Style: only `text-align` on table cells (what Markdown tables produce).
"""
from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "q": {"cite"}, "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Python-Markdown's own classes (footnotes, [TOC]), our [[id]] links, and the prose classes of
# static/style.css an editor may reasonably set with `{: .note }`.
ALLOWED_CLASSES = {"footnote", "footnote-ref", "footnote-backref", "toc", "idlink",
                   "lede", "note", "muted", "nowrap"}

# Ids the templates give elements of a page that shows Markdown: `main` (the skip link's target),
# section headings `*-title`, table rows `event-*`, groups `group-*`, topics `topic-*`, figures
# `fig-*`. Templates that add ids should keep to these shapes.
PAGE_ID = re.compile(r"^(main|.*-title|(event|group|topic|fig|figure)-.*)\Z")
# What Python-Markdown generates (toc slugs, 'fn:1', 'fnref:1', '_1'), and what an editor needs.
BODY_ID = re.compile(r"^(?!__)[a-z0-9_-][a-z0-9_:.-]{0,99}\Z")
ALIGNMENT = re.compile(r"^text-align:\s*(left|right|center|justify|start|end);?\Z", re.IGNORECASE)
RELATIVE_ONLY = re.compile(r"^(?![a-z][a-z0-9+.-]*:)(?!//)", re.IGNORECASE)
EXTERNAL_LINK = re.compile(r'<a ((?:[^>]*? )?href="(?:https?:)?//)', re.IGNORECASE)


def is_page_id(value: str) -> bool:
    """True for an id the page around a Markdown body uses, or may use."""
    return bool(PAGE_ID.match(value))


def unreserved_id(value: str) -> str:
    """A body id that cannot collide with the page's own: 'main' -> 'main-1'."""
    if not is_page_id(value):
        return value
    value += "-1"
    return "s-" + value if is_page_id(value) else value


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id":
        return value if BODY_ID.match(value) and not is_page_id(value) else None
    if name == "src":
        return value if RELATIVE_ONLY.match(value.strip()) else None
    if name == "style":
        return value if ALIGNMENT.match(value.strip()) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
    allowed_classes={tag: ALLOWED_CLASSES for tag in ALLOWED_TAGS},
    filter_style_properties={"text-align"}, attribute_filter=_filter_attribute,
    link_rel=None, strip_comments=True)


def sanitise(html: str) -> str:
    """Keep what briefs need; drop scripts, event handlers, foreign classes and ids, bad URLs.

    External links get rel="noopener noreferrer". nh3 serialises every tag the same way
    (double quotes, '>' escaped inside values), so the pattern sees only its own output.
    """
    html = EXTERNAL_LINK.sub(r'<a rel="noopener noreferrer" \1', _CLEANER.clean(html))
    return html.replace(' class=""', "")  # left where every class was dropped
