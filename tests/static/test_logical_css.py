"""One stylesheet for both directions: our CSS says where a box's start and end are (margin-inline-start,
text-align: start, float: inline-start), never its left and right, so that a page with dir="rtl" mirrors.

Every CSS file we ship (static/, briefing/), every inline style= in templates/ and every style our
JavaScript (static/, briefing/editor/live.js) sets is read, CSS with tinycss2 (a CSS Syntax Level 3 parser), and any physical
property is an error. A physical property that is meant (a drawing's margins, numbers lined up by place
value) is allowed by a comment right after its declaration, in the same block, that starts with
"physical:" and says why:

    .svgplot-x48-12 { margin: 0 12px 0 48px; /* physical: plotly's plot margins */ }
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import tinycss2

from conftest import ROOT

MARKER = "physical:"

# Longhands whose name is a side or a corner: each has a logical twin (margin-left: margin-inline-start,
# left: inset-inline-start, border-top-left-radius: border-start-start-radius...).
SIDES = ("left", "right")
PHYSICAL_NAMES = frozenset(
    [*SIDES,
     *(f"{box}-{side}" for box in ("margin", "padding", "scroll-margin", "scroll-padding") for side in SIDES),
     *(f"border-{side}{part}" for side in SIDES for part in ("", "-width", "-style", "-color")),
     *(f"border-{v}-{h}-radius" for v in ("top", "bottom") for h in SIDES),
     "overscroll-behavior-x"])
# Properties whose value may be a side: text-align: left, float: right, clear: left...
SIDE_VALUED = frozenset(["text-align", "text-align-last", "float", "clear", "caption-side", "justify-content",
                         "justify-items", "justify-self"])
# Shorthands of four sides (top right bottom left): physical when the right and left values differ.
FOUR_SIDED = frozenset(["margin", "padding", "inset", "border-width", "border-style", "border-color",
                        "scroll-margin", "scroll-padding"])


def _values(tokens) -> list[str]:
    """A declaration's value as its space-separated parts ('0 12px 0 48px' -> ['0', '12px', '0', '48px'])."""
    return [tinycss2.serialize([t]).strip() for t in tokens if t.type not in ("whitespace", "comment")]


def _radius_mirrors(parts: list[str]) -> bool:
    """Whether border-radius values (one set, 1 to 4 corners: top-left, top-right, bottom-right,
    bottom-left) are the same when left and right swap."""
    corners = {1: lambda p: p * 4, 2: lambda p: [p[0], p[1], p[0], p[1]], 3: lambda p: [p[0], p[1], p[2], p[1]],
               4: lambda p: p}[len(parts)](parts)
    top_left, top_right, bottom_right, bottom_left = corners
    return top_left == top_right and bottom_left == bottom_right


def physical(declaration) -> str | None:
    """Why a tinycss2 Declaration is physical (lays out differently than its mirror), or None."""
    name = declaration.lower_name
    parts = _values(declaration.value)
    if name in PHYSICAL_NAMES:
        return f"{name} (a side: use its -inline-start/-inline-end twin)"
    if name in SIDE_VALUED and any(p.lower() in SIDES for p in parts):
        return f"{name}: {' '.join(parts)} (use start/end or inline-start/inline-end)"
    if name in FOUR_SIDED and len(parts) == 4 and parts[1] != parts[3]:
        return f"{name}: {' '.join(parts)} (right and left differ: use {name}-inline)"
    if name == "border-radius" and parts:
        sets = " ".join(parts).split("/")
        if not all(_radius_mirrors(s.split()) for s in sets if 1 <= len(s.split()) <= 4):
            return f"border-radius: {' '.join(parts)} (corners differ: use border-start-start-radius...)"
    return None


def _blocks(nodes, where: str):
    """(declaration list, where) for every block of declarations in parsed CSS, nested rules included."""
    for node in nodes:
        if node.type == "qualified-rule":
            content = tinycss2.parse_blocks_contents(node.content, skip_whitespace=True, skip_comments=False)
            yield content, f"{where} {tinycss2.serialize(node.prelude).strip()}"
            yield from _blocks(content, where)
        elif node.type == "at-rule" and node.content is not None:
            content = tinycss2.parse_blocks_contents(node.content, skip_whitespace=True, skip_comments=False)
            if any(n.type == "declaration" for n in content):   # @font-face, @page
                yield content, f"{where} @{node.lower_at_keyword}"
            yield from _blocks(content, where)


def _is_marker(node) -> bool:
    """A comment that starts with "physical:" and gives a reason."""
    text = node.value.strip() if node is not None and node.type == "comment" else ""
    return text.startswith(MARKER) and bool(text[len(MARKER):].strip())


def _problems_in(declarations, where: str) -> list[str]:
    problems = []
    for index, node in enumerate(declarations):
        if node.type != "declaration":
            continue
        why = physical(node)
        if why is None:
            continue
        # the comment after the declaration: the next node, or the value's last token when no ';' ends it
        after = declarations[index + 1] if index + 1 < len(declarations) else None
        last = next((t for t in reversed(node.value) if t.type != "whitespace"), None)
        if any(_is_marker(c) for c in (after, last)):
            continue
        problems.append(f"{where} (line {node.source_line}): {why}")
    return problems


def problems_in_css(css: str, where: str) -> list[str]:
    """Every physical declaration in a style sheet without a "physical:" comment after it."""
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=False)
    errors = [f"{where}: {node.message}" for node in rules if node.type == "error"]
    for declarations, selector in _blocks(rules, where):
        errors += [f"{e}" for e in _problems_in(declarations, selector)]
    return errors


def problems_in_style_attribute(value: str, where: str) -> list[str]:
    """The same for the declarations of one style="..." attribute."""
    return _problems_in(tinycss2.parse_blocks_contents(value, skip_whitespace=True, skip_comments=False), where)


# Styles set from JavaScript: el.style.marginLeft = ..., el.style.left = ..., style.setProperty("margin-left"),
# and style="..." or cssText strings.
JS_PHYSICAL = re.compile(
    r"\.style\.(left|right|(margin|padding|border|scrollMargin|scrollPadding)(Left|Right)\w*|"
    r"border(Top|Bottom)(Left|Right)Radius|cssFloat|textAlign)\b"
    r"|setProperty\(\s*[\"'](left|right|(margin|padding|border)-(left|right)[\w-]*|float|text-align)[\"']")


def shipped_css() -> list[Path]:
    return sorted([*(ROOT / "static").rglob("*.css"), *(ROOT / "briefing").rglob("*.css")])


def test_there_is_css_to_check():
    names = {p.relative_to(ROOT).as_posix() for p in shipped_css()}
    assert {"static/style.css", "briefing/editor/live.css"} <= names


@pytest.mark.parametrize("path", shipped_css(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_css_is_logical(path):
    assert problems_in_css(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix()) == []


def test_inline_styles_in_templates_are_logical():
    problems = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for match in re.finditer(r"""\sstyle\s*=\s*(["'])(.*?)\1""", path.read_text(encoding="utf-8"), re.S):
            problems += problems_in_style_attribute(match.group(2), path.relative_to(ROOT).as_posix())
    assert problems == []


def test_styles_set_from_javascript_are_logical():
    """The scripts style nothing by side: none sets left, marginRight, textAlign... (a side-free
    property set from JavaScript, such as el.style.insetInlineStart, passes)."""
    problems = []
    for path in sorted([*(ROOT / "static").rglob("*.js"), *(ROOT / "briefing").rglob("*.js")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if JS_PHYSICAL.search(line) and MARKER not in line:
                problems.append(f"{path.relative_to(ROOT).as_posix()}:{number}: {line.strip()}")
    assert problems == []


# The checker itself: what it must catch, and what it must let through.
CAUGHT = [
    "a { margin-left: 1rem }", "a { padding-right: 0 }", "a { border-left: 1px solid }", "a { border-right-color: red }",
    "a { left: 0 }", "a { right: auto }", "a { text-align: left }", "a { text-align: RIGHT }", "a { float: right }",
    "a { clear: left }", "a { margin: 0 12px 0 48px }", "a { padding: 1px 2px 3px 4px }", "a { inset: 0 1px 0 0 }",
    "a { border-top-left-radius: 2px }", "a { border-radius: 4px 0 0 4px }", "a { border-radius: 1px 2px }",
    "@media (min-width: 40rem) { a { margin-right: 1rem } }", "@container (min-width: 1px) { a b { left: 1px } }",
    "a { b { padding-left: 1px } }",
    "a { margin-left: 1px; /* not a marker */ }", "a { margin-left: 1px; /* physical: */ }",
    "a { margin-left: 1px; color: red; /* physical: too far from its declaration */ }",
]
LET_THROUGH = [
    "a { margin-inline-start: 1rem }", "a { padding-inline: 1rem 0 }", "a { border-inline-start: 4px solid }",
    "a { inset-inline-start: -999px }", "a { text-align: start }", "a { text-align: center }",
    "a { float: inline-start }", "a { margin: 0 auto }", "a { padding: 1px 2px 3px }", "a { margin: 1px 2px 3px 2px }",
    "a { border-radius: 50% }", "a { border-radius: 3px 3px 0 0 }", "a { border-start-start-radius: 2px }",
    "a { overflow-x: auto }", "a { margin-left: 1px; /* physical: a drawing's own margin */ }",
    "a { text-align: right /* physical: place value */ }", "a { content: 'left' }", "a { caption-side: top }",
]


@pytest.mark.parametrize("css", CAUGHT)
def test_the_checker_catches(css):
    assert problems_in_css(css, "case")


@pytest.mark.parametrize("css", LET_THROUGH)
def test_the_checker_lets_through(css):
    assert problems_in_css(css, "case") == []


def test_the_checker_reads_style_attributes_and_scripts():
    assert problems_in_style_attribute("margin-left: 1px; color: red", "case")
    assert problems_in_style_attribute("margin-inline-start: 1px", "case") == []
    assert JS_PHYSICAL.search('node.style.marginLeft = "1px";')
    assert JS_PHYSICAL.search("el.style.left = x + 'px';")
    assert JS_PHYSICAL.search('el.style.setProperty("padding-right", "0")')
    assert not JS_PHYSICAL.search("el.style.insetInlineStart = x + 'px';")
    assert not JS_PHYSICAL.search("var left = 3;")
