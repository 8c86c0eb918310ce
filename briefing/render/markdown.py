"""Markdown for briefs and pages: Python-Markdown, our two extensions, then nh3 sanitising.

- `[[id]]` / `[[id|text]]` links to an actor, place, source or brief by id.
- A line `{{< name key="value" ... >}}` on its own embeds a figure; the caller
  says what each name renders (see `Embedder`).
Footnotes and reference links that lead nowhere are errors (references.py).
Everything an editor wrote passes through nh3 (sanitise.py); only our own generated
HTML (the embeds) is put back after sanitising, through placeholders.
"""
from __future__ import annotations

import re
import secrets
import shlex
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html import unescape
from typing import Callable

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import slugify
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from briefing.content.fields import slugify as transliterated_id
from briefing.content.syntax import EMBED, WIKILINK, is_link, link_id, outside_code
from briefing.render import markdown_speed
from briefing.render.references import CheckedFootnotes, Problems, check_references, collect
from briefing.errors import ContentError, ContentErrors
from briefing.render.sanitise import sanitise, unreserved_id  # noqa: F401  (sanitise is used by callers too)

# Unguessable, so text an editor types can never be taken for a placeholder.
EMBED_TOKEN = "BRIEFINGEMBED" + secrets.token_hex(8) + "N{}END"


@dataclass
class Rendered:
    html: str
    toc: str          # the table of contents as HTML ('' when the body places its own with [TOC])
    headings: list    # [(level, id, text)] for page outlines
    # What each [[id]] in the body resolved to ((id, (url, label) or None), ...): the HTML holds
    # for another rendering of the same text as long as every id still resolves the same way.
    links: tuple = ()
    embeds: int = 0   # figures placed with {{< ... >}}: their HTML depends on data beyond the links
    # ('link' or 'image', address) of what may lead into the site, to check against its pages
    # (site_links): they depend on which pages exist, so they are checked each time the HTML is used.
    hrefs: tuple = ()


LinkResolver = Callable[[str], "tuple[str, str] | None"]        # id -> (relative url, label)
Embedder = Callable[[str, dict, int], str]                     # name, args, line -> trusted html


class WikiLinkProcessor(InlineProcessor):
    def __init__(self, pattern, md, resolve: LinkResolver):
        super().__init__(pattern, md)
        self.resolve = resolve

    def handleMatch(self, m, data):
        if not is_link(m):   # [[]], [[|text]]: text, left as written
            return None, None, None
        if "<!--" in data and data.rfind("<!--", 0, m.start()) > data.rfind("-->", 0, m.start()):
            return None, None, None   # inside an HTML comment, which the page drops: no link
        target = self.resolve(link_id(m))
        if target is None:  # validation reports unknown ids; keep the text readable regardless
            return m.group(2) or m.group(1), m.start(0), m.end(0)
        url, label = target
        link = etree.Element("a", {"href": url, "class": "idlink"})
        link.text = (m.group(2) or "").strip() or label   # [[id|]]: an error, but never an empty link
        return link, m.start(0), m.end(0)


LINK_WITH_TEXT = re.compile(r"\[\[[^\[\]|\n]*\|")   # the start of a WIKILINK with a '|'


class WikiLinkTableProcessor(TableProcessor):
    """Python-Markdown's tables, which split a row at each '|' outside code, but not at the '|'
    of [[id|text]]: that one belongs to the link (validation reads the link whole, as here)."""

    problems = None   # references.Problems of the Markdown this belongs to: cells beyond the header's

    def _build_row(self, row: str, parent, align) -> None:   # TableProcessor's (Python-Markdown 3.x)
        """As TableProcessor's, which builds as many cells as the table has columns and drops the
        rest of a longer row, silently: here a row with more is recorded, to fail the build."""
        if self.problems is not None and row.count("|") >= len(align):
            cells = self._split_row(row)
            if len(cells) > len(align):
                self.problems.extra_cells.append((row, cells, len(align)))
        super()._build_row(row, parent, align)

    def _split(self, row: str) -> list:   # TableProcessor's private method (Python-Markdown 3.x)
        if "[[" not in row or not LINK_WITH_TEXT.search(row):
            return super()._split(row)
        hold = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in row)   # absent from the row
        cells = super()._split(WIKILINK.sub(lambda m: m.group(0).replace("|", hold), row))
        return [cell.replace(hold, "|") for cell in cells]


class EmbedProcessor(BlockProcessor):
    """Turns a paragraph that is only `{{< name args >}}` into a placeholder for trusted HTML."""

    def __init__(self, parser, state):
        super().__init__(parser)
        self.state = state

    def test(self, parent, block):
        return bool(EMBED.match(block.strip()))

    def run(self, parent, blocks):
        block = blocks.pop(0).strip()
        match = EMBED.match(block)
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


class PageIdGuard(Treeprocessor):
    """Renames ids set with `{: #id }` that the page itself uses ('main' -> 'main-1').

    Runs after attr_list and before toc, which then sees the new id; toc's own ids go
    through `heading_slug`. The sanitiser drops any reserved id that gets past both.
    """

    def run(self, root):
        for el in root.iter():
            if "id" in el.attrib:
                el.set("id", unreserved_id(el.get("id")))


def heading_slug(value: str, separator: str) -> str:
    """A heading's id: Markdown's own (which drops what is not ASCII, so existing anchors stay), or,
    where that leaves nothing (a heading in Arabic, Cyrillic, Chinese...), the heading transliterated
    as ids are (content.fields.slugify) rather than toc's '_1'."""
    return unreserved_id(slugify(value, separator) or transliterated_id(value))


class _State:
    def __init__(self):
        self.resolve: LinkResolver = lambda _id: None
        self.embeds: list = []


class BriefingExtension(Extension):
    def __init__(self, state: _State, **kwargs):
        self.state = state
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.inlinePatterns.register(WikiLinkProcessor(WIKILINK.pattern, md, lambda i: self.state.resolve(i)),
                                   "briefing_wikilink", 175)
        md.parser.blockprocessors.register(EmbedProcessor(md.parser, self.state), "briefing_embed", 105)
        if "table" in md.parser.blockprocessors:
            tables = md.parser.blockprocessors["table"]
            md.parser.blockprocessors.register(WikiLinkTableProcessor(md.parser, tables.config), "table", 75)
        md.treeprocessors.register(HeadingShift(md), "briefing_headings", 25)
        md.treeprocessors.register(PageIdGuard(md), "briefing_page_ids", 6)


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
        self.problems = Problems()
        self.footnotes = CheckedFootnotes(self.problems, BACKLINK_TITLE="Back to the text of note %d")
        self.md = markdown.Markdown(
            extensions=["tables", self.footnotes, "toc", "attr_list", "def_list", "abbr", "sane_lists",
                        "smarty", BriefingExtension(self.state)],
            extension_configs={"toc": {"permalink": False, "toc_depth": "2-3", "slugify": heading_slug},
                               "smarty": {"smart_quotes": False}},
            output_format="html")
        check_references(self.md, self.problems)
        if "table" in self.md.parser.blockprocessors:
            self.md.parser.blockprocessors["table"].problems = self.problems
        markdown_speed.install(self.md)

    def render(self, text: str, resolve: LinkResolver, embed: Embedder | None = None,
               file: str = "", first_line: int = 1) -> Rendered:
        """Markdown -> sanitised HTML. Raises ContentErrors listing every bad embed line, every [[id]]
        link made to an unknown id (_unknown_links) and every footnote or reference link that leads
        nowhere (references.py), each at its line of the file."""
        self.md.reset()
        self.problems.reset()
        links: dict = {}

        def recording(ident):
            links[ident] = target = resolve(ident)
            return target
        self.state.resolve = recording
        self.state.embeds = []
        try:
            html = self.md.convert(text)
        except RecursionError:  # e.g. 500 nested block quotes: Python-Markdown recurses per level
            self.__init__()      # a failed conversion may leave the instance half-way
            raise ContentErrors([ContentError(file, first_line + _deepest_line(text), "Markdown nested too deeply",
                                              "block quotes and lists need only a few levels")]) from None
        collect(self.md, self.footnotes, self.problems)
        toc = getattr(self.md, "toc", "")
        headings = _flatten_toc(getattr(self.md, "toc_tokens", []))
        html = wrap_tables(sanitise(html))
        errors = (self.problems.errors(text, file, first_line) + _unknown_links(links, text, file, first_line)
                  + _stray_embeds(html, text, file, first_line))
        hrefs = site_links(html, {target[0] for target in links.values() if target})
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
        return Rendered(html, sanitise(toc) if "<li" in toc and not toc_in_body else "", headings,
                        tuple(links.items()), len(self.state.embeds), hrefs)


def _unknown_links(links: dict, text: str, file: str, first_line: int) -> list[ContentError]:
    """[[id]] links Markdown made to an id that resolves to nothing. Validation reports every
    unknown id it finds first (content/readers.py), reading the source as Markdown would; this
    is the renderer's own word, for anything that reading missed: no link is shown as text."""
    errors = []
    for ident, target in links.items():
        if target is None and ident:   # the empty id is validation's error ('[[ ]]')
            found = next((m for m in WIKILINK.finditer(text) if link_id(m) == ident), None)
            line = first_line + (text.count("\n", 0, found.start()) if found else 0)
            errors.append(ContentError(file, line, f"[[{ident}]] links to an unknown id"))
    return errors


CODE_ELEMENT = re.compile(r"<code\b.*?</code>", re.DOTALL)
STRAY_EMBED = re.compile(r"\{\{&lt;[^\n<]*?(?:&gt;\}\}|(?=\n|<|$))")


def _stray_embeds(html: str, text: str, file: str, first_line: int) -> list[ContentError]:
    """'{{< ... >}}' that Markdown left as text (inside a paragraph, a name in capitals, no
    closing '>}}'): a figure the editor meant, published as its syntax. Found in the HTML, where
    code (which may show the syntax) is told apart by Markdown itself."""
    if "{{&lt;" not in html:
        return []
    errors, source = [], outside_code(text)
    for found in STRAY_EMBED.finditer(CODE_ELEMENT.sub("", html)):
        written = unescape(found.group(0))
        at = source.find(written)
        errors.append(ContentError(file, first_line + (text.count("\n", 0, at) if at >= 0 else 0),
                                   f"'{written}' is not read as a figure",
                                   "a figure is a line of its own, {{< name key=\"value\" >}}, its name in lower "
                                   "case; to show the syntax, put it in `backticks`"))
    return errors


# A link's or an image's address in sanitised HTML (nh3 writes every attribute in double quotes),
# not a fragment of the page ('#...'). Starting with '<', it is found several times faster than a
# pattern that starts with the attribute's name.
ADDRESS = re.compile(r'<(?:a [^>]*?href="([^"#][^"]*)"|img [^>]*?src="([^"#][^"]*)")')


def site_links(html: str, made: set) -> tuple:
    """(kind, address) of each link and image in the HTML that may lead into the site: neither
    a fragment of the page ('#...') nor one of the [[id]] links made (`made`, valid by making),
    nor mailto:. The renderer checks them against the pages it has (renderer.py)."""
    found = []
    for link, image in ADDRESS.findall(html):
        if link in made or link.startswith("mailto:"):
            continue
        address = image or link
        item = ("image" if image else "link", unescape(address) if "&" in address else address)
        if item not in found:
            found.append(item)
    return tuple(found)


NESTING_PREFIX = re.compile(r"^[ \t>*+\-\d.)]*", re.MULTILINE)


def _deepest_line(text: str) -> int:
    """0-based line with the longest run of quote, list and indent marks: where nesting is deepest."""
    longest = max(NESTING_PREFIX.finditer(text), key=lambda m: len(m.group()), default=None)
    return text.count("\n", 0, longest.start()) if longest else 0


def _line_of(text: str, fragment: str) -> int:
    position = text.find(fragment)
    return text.count("\n", 0, position) if position >= 0 else 0


def _flatten_toc(tokens, out=None):
    out = [] if out is None else out
    for token in tokens:
        out.append((token["level"], token["id"], token["name"]))
        _flatten_toc(token.get("children", []), out)
    return out


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
