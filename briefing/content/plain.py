"""Text in YAML and front matter is plain text: shown as typed, everywhere it appears.

Only the body of a brief or page is Markdown. A summary, a description, a note, a title or a
name is shown in places where Markdown cannot be rendered (<meta name="description"> and
og:description, the feed's <summary>, the CSV and JSON downloads, figures' hover text, the
search index), so it is plain text in all of them, the page included. Markdown in one would be
shown as its syntax (`[[rusia]]`, `**bold**`): an error, with the field's line.

What counts as Markdown is what Python-Markdown's own inline patterns would turn into
formatting or a link (emphasis, code, links, images, autolinks), plus our [[id]] links and the
footnote and reference forms, which have no definitions to resolve here. Characters that are
only text to a reader stay allowed: angle brackets and ampersands ('<10 killed', 'AT&T'), a lone
'*' or '_', brackets ('[sic]').
"""
from __future__ import annotations

import html
import re

from briefing.content.syntax import WIKILINK

# Markdown that formats or links starts with one of these: text without any is plain, unread.
TRIGGER = re.compile(r"[\[*_`<]")
FOOTNOTE = re.compile(r"\[\^[^\]\n]*\]")
REFERENCE = re.compile(r"\[[^\]\n]*\]\[[^\]\n]*\]")
# Python-Markdown's inline patterns that make formatting or a link from text alone (em_strong
# reads both '*' and '_').
FORMATTING = ("backtick", "escape", "link", "image_link", "autolink", "automail", "em_strong")
KINDS = {"strong": "bold", "em": "italics", "code": "code"}
STX, ETX, AMP_SUBSTITUTE = "\x02", "\x03", "\x02amp\x03"   # markdown.util's, without importing it
ESCAPED = re.compile(f"{STX}(\\d+){ETX}")   # what Python-Markdown leaves for a backslash escape

_inline = None


def markdown_in(text: str) -> str:
    """The first Markdown in text, described: 'the link by id [[rusia]]', 'the Markdown for bold
    around 'the coalition'', 'the Markdown link [SOHR](https://...)'...; '' if it has none."""
    if not TRIGGER.search(text):
        return ""
    for what, pattern in (("the link by id", WIKILINK), ("the footnote", FOOTNOTE), ("the reference link", REFERENCE)):
        found = pattern.search(text)
        if found:
            return f"{what} {found.group(0)}"
    return _formatting(text)


def _formatting(text: str) -> str:
    """What Python-Markdown's inline pass makes of text: its first element, described."""
    import xml.etree.ElementTree as etree
    global _inline
    if _inline is None:   # imported and built once, when a text first needs it
        import markdown
        md = markdown.Markdown()
        for name in [item.name for item in md.inlinePatterns._priority]:
            if name not in FORMATTING:
                md.inlinePatterns.deregister(name)
        _inline = md
    _inline.reset()
    root = etree.Element("div")
    paragraph = etree.SubElement(root, "p")
    paragraph.text = text
    _inline.treeprocessors["inline"].run(root)
    escaped = ESCAPED.search(paragraph.text or "")
    if not len(paragraph):
        return f"the Markdown escape \\{chr(int(escaped.group(1)))}" if escaped else ""
    element = paragraph[0]
    inner = _text("".join(element.itertext()))
    if element.tag == "a":
        href = _text(element.get("href", ""))
        autolink = inner == href or f"mailto:{inner}" == href
        return f"the Markdown link <{inner}>" if autolink else f"the Markdown link [{inner}]({href})"
    if element.tag == "img":
        return f"the Markdown image ![{element.get('alt', '')}]({element.get('src', '')})"
    return f"the Markdown for {KINDS.get(element.tag, element.tag)} around '{inner}'"


def _text(value: str) -> str:
    """Text from Python-Markdown's tree as typed (automail writes its address as entities)."""
    return " ".join(html.unescape(value.replace(AMP_SUBSTITUTE, "&")).split())


def check_plain(r, keys: tuple[str, ...]) -> set[str]:
    """Report Markdown in each of these text fields of a record (a FieldReader's), or in each
    item of a list of text (aliases). A placeholder (TODO) has its own error. Returns the keys
    reported, so that no other check runs on a value already known to be wrong."""
    reported = set()
    for key in keys:
        value = r.record.get(key)
        values = list(value.values()) if isinstance(value, dict) else [value]   # per language
        for item in (i for v in values for i in (v if isinstance(v, list) else [v])):
            if not isinstance(item, str) or item.lstrip().startswith("TODO"):
                continue
            found = markdown_in(item)
            if found:
                hint = ("write the name itself: links by id are for the body of a brief or page"
                        if found.startswith("the link by id") else
                        "write it without Markdown: only the body of a brief or page is Markdown")
                r.error(key, f"'{key}' is plain text: {found} would be shown as typed", hint)
                reported.add(key)
                break
    return reported
