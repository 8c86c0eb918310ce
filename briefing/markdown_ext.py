"""Markdown for briefs and pages: Python-Markdown, our two extensions, then nh3 sanitising.

- `[[id]]` / `[[id|text]]` links to an actor, place, source or brief by id.
- A line `{{< name key="value" ... >}}` on its own embeds a figure; the caller
  says what each name renders (see `Embedder`).
Everything an editor wrote passes through nh3; only our own generated HTML (the
embeds) is put back after sanitising, through placeholders.
"""
from __future__ import annotations

import re
import shlex
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Callable

import markdown
import nh3
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .model import ContentError, ContentErrors

WIKILINK_RE = r"\[\[([^\]\|\n]+)(?:\|([^\]\n]+))?\]\]"
EMBED_RE = re.compile(r"^\{\{<\s*(?P<name>[a-z][a-z-]*)(?P<args>[^\n]*?)>\}\}\s*$")
EMBED_TOKEN = "BRIEFINGEMBED{}END"

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "q": {"cite"}, "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}


@dataclass
class Rendered:
    html: str
    toc: str          # the table of contents as HTML ('' when the body places its own with [TOC])
    headings: list    # [(level, id, text)] for page outlines


LinkResolver = Callable[[str], "tuple[str, str] | None"]        # id -> (relative url, label)
Embedder = Callable[[str, dict, int], str]                     # name, args, line -> trusted html


class WikiLinkProcessor(InlineProcessor):
    def __init__(self, pattern, md, resolve: LinkResolver):
        super().__init__(pattern, md)
        self.resolve = resolve

    def handleMatch(self, m, data):
        target = self.resolve(m.group(1).strip())
        if target is None:  # validation reports unknown ids; keep the text readable regardless
            return m.group(2) or m.group(1), m.start(0), m.end(0)
        url, label = target
        link = etree.Element("a", {"href": url, "class": "idlink"})
        link.text = (m.group(2) or label).strip()
        return link, m.start(0), m.end(0)


class EmbedProcessor(BlockProcessor):
    """Turns a paragraph that is only `{{< name args >}}` into a placeholder for trusted HTML."""

    def __init__(self, parser, state):
        super().__init__(parser)
        self.state = state

    def test(self, parent, block):
        return bool(EMBED_RE.match(block.strip()))

    def run(self, parent, blocks):
        block = blocks.pop(0).strip()
        match = EMBED_RE.match(block)
        index = len(self.state.embeds)
        self.state.embeds.append((match.group("name"), match.group("args"), block))
        para = etree.SubElement(parent, "p")
        para.text = EMBED_TOKEN.format(index)


class HeadingShift(Treeprocessor):
    """The page title is the only h1: body headings start at h2, keeping their order."""

    def run(self, root):
        levels = [int(el.tag[1]) for el in root.iter() if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        if levels and min(levels) < 2:
            shift = 2 - min(levels)
            for el in root.iter():
                if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    el.tag = f"h{min(6, int(el.tag[1]) + shift)}"


class _State:
    def __init__(self):
        self.resolve: LinkResolver = lambda _id: None
        self.embeds: list = []


class BriefingExtension(Extension):
    def __init__(self, state: _State, **kwargs):
        self.state = state
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.inlinePatterns.register(WikiLinkProcessor(WIKILINK_RE, md, lambda i: self.state.resolve(i)),
                                   "briefing_wikilink", 175)
        md.parser.blockprocessors.register(EmbedProcessor(md.parser, self.state), "briefing_embed", 105)
        md.treeprocessors.register(HeadingShift(md), "briefing_headings", 25)


def parse_embed_args(text: str) -> dict:
    """`key="a value" other=x` -> {'key': 'a value', 'other': 'x'}; a bare word is a flag."""
    args = {}
    for token in shlex.split(text):
        key, sep, value = token.partition("=")
        args[key.strip()] = value if sep else True
    return args


class MarkdownRenderer:
    """One Python-Markdown instance, reset between documents (building one per page is slow)."""

    def __init__(self):
        self.state = _State()
        self.md = markdown.Markdown(
            extensions=["tables", "footnotes", "toc", "attr_list", "def_list", "abbr", "sane_lists",
                        "smarty", BriefingExtension(self.state)],
            extension_configs={"toc": {"permalink": False, "toc_depth": "2-3"},
                               "footnotes": {"BACKLINK_TITLE": "Back to the text of note %d"},
                               "smarty": {"smart_quotes": False}},
            output_format="html")

    def render(self, text: str, resolve: LinkResolver, embed: Embedder | None = None,
               file: str = "", first_line: int = 1) -> Rendered:
        """Markdown -> sanitised HTML. Raises ContentErrors listing every bad embed line."""
        self.md.reset()
        self.state.resolve = resolve
        self.state.embeds = []
        html = self.md.convert(text)
        toc = getattr(self.md, "toc", "")
        headings = _flatten_toc(getattr(self.md, "toc_tokens", []))
        html = wrap_tables(sanitise(html))
        errors = []
        for index, (name, args_text, source_line) in enumerate(self.state.embeds):
            line = first_line + _line_of(text, source_line)
            try:
                if embed is None:
                    raise ContentError(file, line, f"figures cannot be embedded here ('{name}')")
                try:
                    args = parse_embed_args(args_text)
                except ValueError as exc:
                    raise ContentError(file, line, f"cannot read the arguments of '{name}': {exc}") from None
                trusted = embed(name, args, line)
            except ContentError as error:
                errors.append(error)
                continue
            html = html.replace(f"<p>{EMBED_TOKEN.format(index)}</p>", trusted, 1)
        if errors:
            raise ContentErrors(errors)
        toc_in_body = '<div class="toc">' in html
        return Rendered(html, sanitise(toc) if "<li" in toc and not toc_in_body else "", headings)


def _line_of(text: str, fragment: str) -> int:
    position = text.find(fragment)
    return text.count("\n", 0, position) if position >= 0 else 0


def _flatten_toc(tokens, out=None):
    out = [] if out is None else out
    for token in tokens:
        out.append((token["level"], token["id"], token["name"]))
        _flatten_toc(token.get("children", []), out)
    return out


EXTERNAL_LINK = re.compile(r'<a ((?:[^>]*? )?href="(?:https?:)?//)')


def sanitise(html: str) -> str:
    """Keep what briefs need; drop scripts, event handlers, styles beyond alignment, bad URLs.

    External links get rel="noopener noreferrer"; nh3 serialises every tag the same
    way, so the pattern below sees only its own output.
    """
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                      filter_style_properties={"text-align"}, link_rel=None, strip_comments=True)
    return EXTERNAL_LINK.sub(r'<a rel="noopener noreferrer" \1', clean)


def wrap_tables(html: str) -> str:
    """Wide tables scroll inside their own box on phones instead of widening the page.

    The box is focusable so keyboard users can scroll it too; added after sanitising,
    so editors cannot add these attributes themselves.
    """
    count = html.count("<table>")
    for number in range(1, count + 1):
        html = html.replace("<table>", f'<div class="table-scroll" role="region" tabindex="0" '
                                       f'aria-label="Table {number}"><table class="md-table">', 1)
    return html.replace("</table>", "</table></div>")


def render_inline(text: str) -> str:
    """Short Markdown (a description, a note) as inline HTML, sanitised."""
    html = markdown.markdown(text, extensions=["smarty"], extension_configs={"smarty": {"smart_quotes": False}})
    html = html.removeprefix("<p>").removesuffix("</p>") if html.count("<p>") == 1 else html
    return sanitise(html)
