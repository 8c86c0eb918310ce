"""YAML text -> Records and lists that remember their file and line, every value text as typed.

PyYAML parses (libyaml's C parser where the text is not nested too deep); TextResolver resolves
no implicit type; the constructors here give mappings and lists their lines, and mark a plain
value a comment cut short (CutText). A syntax error becomes a ContentError with its line.
"""
from __future__ import annotations

import re

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import BaseResolver

try:  # the C parser is several times faster; marks work the same with it
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _Parser

from briefing.errors import ContentError

# libyaml's composer recurses in C: some 20,000 nested brackets crash the process outright
# (a segmentation fault, not an exception). Text that might nest deeper than this is read
# with the pure-Python loader instead, where too deep is a RecursionError we can report.
MAX_C_NESTING = 1000


class Record(dict):
    """A YAML mapping that knows its file, its line and the line of each key, and, for a key
    whose value is empty with a comment after it (`colour: #009e73`), that comment."""
    file: str = ""
    line: int = 0
    key_lines: dict
    comments: dict = {}    # key -> ' #009e73': set on the instance only when there is one

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Items(list):
    """A YAML list that knows its line and the line of each item."""
    line: int = 0
    item_lines: list

    def line_of_item(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class CutText(str):
    """A plain (unquoted) YAML value that a comment on its line cut short: in
    `title: Talks #2 in Astana`, YAML reads ` #2 in Astana` as a comment and the value as
    'Talks'. It is still that text; `rest` is what YAML dropped (' #2 in Astana') and `line`
    the value's 1-based line. FieldReader.text reports it: where the content format wants
    prose, a cut value is an error, never published short."""
    rest: str = ""
    line: int = 0

    def __reduce__(self):   # kept in the cache between builds
        return _cut_text, (str(self), self.rest, self.line)


def _cut_text(value: str, rest: str, line: int) -> CutText:
    text = CutText(value)
    text.rest, text.line = rest, line
    return text


class TextResolver(BaseResolver):
    """YAML that resolves no implicit type: every plain scalar is text, exactly as typed.

    PyYAML follows YAML 1.1, where `NO`, `yes` and `off` are booleans, `18:30` a base-60
    number, `010` an octal number, `2.10` the float 2.1 and `~` a null. An alias 'NO' or a
    title 'Off' must be published as typed, so nothing is resolved here: each field's
    reader (fields.FieldReader) converts the text it holds by the content format's schema
    (numbers, true/false, dates). Only an empty value is null: `note:` with nothing after
    it means no note. Explicit tags (`!!int 5`) still construct what they name.
    (YAML 1.2's failsafe schema, https://yaml.org/spec/1.2.2/#101-failsafe-schema, plus
    its null for the empty value.)"""


TextResolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])
# A comment after a plain value on its line: YAML needs white space before the '#'.
_COMMENT_AFTER = re.compile(r"[ \t]+#[^\n\r]*")


class _LineMixin:
    """Safe loading whose mappings are Records carrying 1-based line numbers."""
    file_label = ""
    line_offset = 0
    source_text = ""    # the text parsed, to see what follows a value on its line
    has_comments = False   # '#' in source_text, found once: asked per value, a scan each time was quadratic

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # '!!int abc', an integer of 5,000 digits...
            value = node.value if isinstance(node.value, str) else ""
            shown = value if len(value) <= 30 else value[:27] + "..."
            kind = node.tag.rsplit(":", 1)[-1]
            detail = " (too many digits)" if "digits" in str(exc) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {shown!r} as {kind}{detail}", node.start_mark) from None

    def comment_after(self, node) -> str:
        """The comment after a plain value on its line (' #2 in Astana'), or ''."""
        if getattr(node, "style", None) or not self.has_comments:   # quoted, a block, or no '#' at all
            return ""
        found = _COMMENT_AFTER.match(self.source_text, node.end_mark.index)
        return found.group().rstrip() if found else ""

    def construct_text(self, node):
        value = self.construct_scalar(node)
        rest = self.comment_after(node)
        return _cut_text(value, rest, node.end_mark.line + 1 + self.line_offset) if rest else value

    def construct_yaml_seq(self, node):
        items = Items()
        items.line = node.start_mark.line + 1 + self.line_offset
        items.item_lines = [item.start_mark.line + 1 + self.line_offset for item in node.value]
        yield items
        items.extend(self.construct_sequence(node))

    def construct_mapping(self, node, deep=False):
        record = Record()
        record.file = self.file_label
        record.line = node.start_mark.line + 1 + self.line_offset
        record.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                # str() of a nested or aliased collection can be huge: name only plain values
                key = str(key) if key is None or isinstance(key, (int, float)) else f"<{type(key).__name__}>"
            record.key_lines[key] = key_node.start_mark.line + 1 + self.line_offset
            if key in record:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark)
            record[key] = self.construct_object(value_node, deep=deep)
            comment = self.comment_after(value_node) if record[key] is None else ""
            if comment:
                if not record.comments:
                    record.comments = {}
                record.comments[key] = comment
        return record


class _LineLoader(_LineMixin, _Parser, SafeConstructor, TextResolver):
    def __init__(self, stream):
        _Parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        TextResolver.__init__(self)


class _PyLineLoader(_LineMixin, yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                    yaml.composer.Composer, SafeConstructor, TextResolver):
    """The same in pure Python, for text nested too deep for libyaml (see MAX_C_NESTING)."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        SafeConstructor.__init__(self)
        TextResolver.__init__(self)


for _loader in (_LineLoader, _PyLineLoader):
    _loader.add_constructor(BaseResolver.DEFAULT_MAPPING_TAG, _loader.construct_mapping)
    _loader.add_constructor(BaseResolver.DEFAULT_SEQUENCE_TAG, _loader.construct_yaml_seq)
    _loader.add_constructor(BaseResolver.DEFAULT_SCALAR_TAG, _loader.construct_text)
    # An explicit !!timestamp stays text too: validation parses dates, with our messages.
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_text)


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def nesting_bound(text: str) -> int:
    """An upper bound of how deep YAML text nests: flow brackets, plus block indicators and
    indentation at the start of a line. Cheap, and never too low; often far too high."""
    brackets = _NOT_BRACKET.sub("", text)
    flow = len(brackets)
    if flow > MAX_C_NESTING:
        depth = 0
        flow = 0
        for char in brackets:
            depth += 1 if char in "[{" else -1
            flow = max(flow, depth)
    block = max(map(len, _BLOCK_PREFIX.findall(text)), default=0)
    return flow + block


def parse_yaml(text: str, label: str, errors: list, line_offset: int = 0):
    """Parse YAML into Records and lists; a syntax error becomes a ContentError with its line."""
    loader_class = _LineLoader if nesting_bound(text) <= MAX_C_NESTING else _PyLineLoader
    loader = loader_class(text)
    loader.file_label = label
    loader.line_offset = line_offset
    loader.source_text = text
    loader.has_comments = "#" in text
    try:
        return loader.get_single_data()
    except RecursionError:
        errors.append(ContentError(label, line_offset + 1, "invalid YAML: nested too deeply",
                                   "content never needs more than a few levels of lists and keys"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        problem = exc.problem or exc.context or "invalid YAML"
        errors.append(ContentError(label, line, f"invalid YAML: {problem}",
                                   _yaml_hint(problem)))
    except yaml.YAMLError as exc:
        errors.append(ContentError(label, line_offset + 1, f"invalid YAML: {exc}"))
    finally:
        loader.dispose()
    return None


QUOTE_HINT = ("a value that starts with one of [ ] { } * & ! | > ' \" % @ ` or holds ': ' or ' #' "
              "must be in quotes: title: \"[LIVE] Aleppo\"")


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted"
    if any(text in problem for text in ("cannot start any token", "expected alphabetic or numeric",
                                        "did not find expected key", "expected <document start>",
                                        "found undefined alias", "while scanning an anchor")):
        return QUOTE_HINT
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return ("inside [ ] or { }, ' #' starts a comment and ', ' separates items: quote an item "
                "that holds either, [\"Liwa #7\", Brigade 7]")
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "duplicate key" in problem:
        return "each key may appear once in a record"
    return ""
