"""Text in another language than its page's, marked: `<span lang="en" dir="ltr">` around it.

derive/editions.Untranslated brackets a field that has no translation yet in private-use
markers wherever Jinja's autoescape shows it. Where the markers land in a page's text, they
become a span with the text's language and direction (WCAG 2.2 success criterion 3.1.2,
"Language of Parts"), so a screen reader speaks it with the right voice and the bidirectional
algorithm lays it out as its own run. Where a span may not go, inside a tag (an attribute
value) or in an element that holds only text (title, option, textarea, script, style), the
markers are dropped and the text stays as it is: the page's language is then all the markup
can say.
"""
from __future__ import annotations

import re

from briefing import i18n
from briefing.derive.editions import CLOSE, MIDDLE, OPEN

MARKED = re.compile(f"{OPEN}([A-Za-z0-9-]{{2,35}}){MIDDLE}(.*?){CLOSE}", re.DOTALL)
# A tag or comment (attribute values in our templates never hold a raw '>': autoescape writes &gt;).
TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
TEXT_ONLY = {"title", "option", "textarea", "script", "style"}


def mark_languages(html: str) -> str:
    """The page with every marked text resolved (see the module's docstring); unchanged, and
    at no cost, when it has none."""
    if OPEN not in html:
        return html
    out, at, text_only = [], 0, None
    for tag in TAG.finditer(html):
        out.append(_text(html[at:tag.start()], keep_markup=text_only is None))
        out.append(MARKED.sub(r"\2", tag.group()))
        name = re.match(r"<(/?)([A-Za-z][A-Za-z0-9-]*)", tag.group())
        if name:
            closing, element = name.group(1) == "/", name.group(2).lower()
            if not closing and element in TEXT_ONLY:
                text_only = element
            elif closing and element == text_only:
                text_only = None
        at = tag.end()
    out.append(_text(html[at:], keep_markup=text_only is None))
    return "".join(out)


def _text(text: str, keep_markup: bool) -> str:
    if OPEN not in text:
        return text
    if not keep_markup:
        return MARKED.sub(r"\2", text)
    return MARKED.sub(lambda m: f'<span lang="{m.group(1)}" dir="{i18n.direction(m.group(1))}">{m.group(2)}</span>',
                      text)


def strip_marks(text: str) -> str:
    """Text with the markers taken out (a feed, a file that is not HTML)."""
    return MARKED.sub(r"\2", text) if OPEN in text else text
