"""Python-Markdown's inline pass, without trying patterns that cannot match.

Python-Markdown runs every inline pattern (links, emphasis, code, our [[id]]
links, smarty's dashes...) over every piece of text, even where the text does
not contain the one character the pattern starts with. For a typical brief that
is about 2,500 pattern calls, most of them futile, and about 40% of the time
spent on Markdown. `QuickInlineProcessor` asks first whether the text contains
each pattern's trigger (`[` for links, `*` or `_` for emphasis...) and skips the
pattern when it does not: a pattern whose trigger is absent cannot match, so the
output is the same, byte for byte (tests/test_markdown_speed.py compares them).

Patterns it does not know (another extension's) are always tried, as before.
The shim depends on two private methods of Python-Markdown's InlineProcessor;
if a future version renames them, `install` does nothing and Markdown is merely
slower.
"""
from __future__ import annotations

from markdown import Markdown, inlinepatterns, treeprocessors, util

# Registry name -> text that must occur in a string for that pattern to match there.
# Each comes from the pattern's regular expression in Python-Markdown 3.x (or ours).
TRIGGERS = {
    "backtick": "`", "escape": "\\", "reference": "[", "link": "[", "image_link": "![",
    "image_reference": "![", "short_reference": "[", "short_image_ref": "![",
    "autolink": "<", "automail": "<", "html": "<", "entity": "&", "linebreak": "  \n",
    "footnote": "[^", "briefing_wikilink": "[[",
    "smarty-em-dashes": "---", "smarty-en-dashes": "--", "smarty-ellipses": "...",
    "smarty-left-angle-quotes": "<<", "smarty-right-angle-quotes": ">>",
}
_PRIVATE = ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern")


def triggers_of(registry: util.Registry) -> tuple[list, list]:
    """The patterns in priority order, and for each a tuple of triggers (None: always try)."""
    patterns, triggers = [], []
    for name in [item.name for item in sorted(registry._priority, key=lambda i: i.priority, reverse=True)]:
        pattern = registry[name]
        patterns.append(pattern)
        if isinstance(pattern, inlinepatterns.DelimiterProcessor):   # emphasis: '*' and '_'
            triggers.append(tuple(pattern.tokens))
        else:
            trigger = TRIGGERS.get(name)
            triggers.append((trigger,) if trigger else None)
    return patterns, triggers


class QuickInlineProcessor(treeprocessors.InlineProcessor):
    """treeprocessors.InlineProcessor with a cheap test before each pattern."""

    def run(self, tree, ancestors=None):
        self._quick = patterns, triggers = triggers_of(self.inlinePatterns)
        if None not in triggers:
            # No trigger anywhere in the tree's text: no pattern can match, and the pass
            # would leave the tree as it is. (Smarty's pass, for a body without '--' or '...'.)
            text = "".join(tree.itertext())
            if not any(t in text for needed in triggers for t in needed):
                return tree
        return super().run(tree, ancestors)

    # Replaces the base class's private __handleInline (same arguments, same result).
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        patterns, triggers = self._quick
        apply = self._InlineProcessor__applyPattern
        start, count = 0, len(patterns)
        while patternIndex < count:
            needed = triggers[patternIndex]
            if needed is not None:
                for trigger in needed:   # a loop, not any(): this runs ~8,000 times a brief
                    if trigger in data:
                        break
                else:
                    patternIndex, start = patternIndex + 1, 0   # what a failed match returns
                    continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def install(md: Markdown) -> None:
    """Swap the quick processor in for each inline pass of md (the main one and smarty's)."""
    if not all(hasattr(treeprocessors.InlineProcessor, name) for name in _PRIVATE):
        return
    registry = md.treeprocessors
    for item in list(registry._priority):
        current = registry[item.name]
        if type(current) is treeprocessors.InlineProcessor:
            quick = QuickInlineProcessor(md)
            quick.inlinePatterns = current.inlinePatterns
            registry.register(quick, item.name, item.priority)
