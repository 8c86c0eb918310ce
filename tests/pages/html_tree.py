"""A built page as a tree of elements, read with the standard library's HTML parser, for tests that
ask what a reader sees where: the <time> elements of an event's date, the status beside it, the
steps of a claim's history."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict, parent: "Element | None" = None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        """The text a reader sees in it, white space made single spaces."""
        parts = []

        def walk(node):
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)
        walk(self)
        return " ".join("".join(parts).split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Element"]:
        """Descendants with this tag, class and attributes (attribute names with '_' for '-';
        True: present with any value)."""
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
        return [e for e in self.iter()
                if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
                and all((k in e.attrs) if v is True else e.attrs.get(k) == v for k, v in wanted.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> "Element | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def ancestor(self, tag: str | None = None, cls: str | None = None) -> "Element | None":
        node = self.parent
        while node is not None and not ((tag is None or node.tag == tag) and (cls is None or cls in node.classes)):
            node = node.parent
        return node

    def times(self) -> list[str]:
        """The datetime of every <time> inside, in order."""
        return [t.attrs["datetime"] for t in self.find_all("time")]

    def statuses(self) -> list[str]:
        """The status of every badge inside, in order ('status status-claimed' -> 'claimed')."""
        return [c.removeprefix("status-") for e in self.find_all(cls="status") for c in e.classes
                if c.startswith("status-")]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(text: str) -> Element:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


def page(site: Path, path: str) -> Element:
    return parse_html((site / path / "index.html").read_text(encoding="utf-8") if not path.endswith(".html")
                      else (site / path).read_text(encoding="utf-8"))


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
