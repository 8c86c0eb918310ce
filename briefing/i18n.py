"""The interface in each of the site's languages: gettext catalogs managed by Babel, and Babel's
locale data (CLDR) for dates, numbers, lists and the direction of writing.

Catalogs are `briefing/locale/<lang>/LC_MESSAGES/messages.po`, made and kept with Babel's own
commands (`pybabel extract -F babel.cfg`, `pybabel update`, see docs/languages.md). They are read
from the .po file at build time and compiled in memory (babel.messages.mofile.write_mo), so git
keeps text only and no compiled .mo can fall out of step with its .po. Fuzzy entries are left
out, as `pybabel compile` leaves them out: a translator's unchecked guess is never published.

One language is current at a time in a process (`use`): the build sets it while it describes a
language's pages and the renderer while it renders each page, in whichever process renders it.
Templates call `_()`/`{% trans %}` (jinja2.ext.i18n, new-style) and Python code calls `gettext`
and `ngettext` from here: both read the current language's catalog, and fall back to the
message id (English) where the catalog has no translation.

Imports nothing of ours.
"""
from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
import io
from pathlib import Path

import babel
from babel.messages.mofile import write_mo
from babel.numbers import format_decimal
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT = "en"

_current = DEFAULT


def current() -> str:
    """The language pages are being made in now: a BCP 47 tag such as 'en' or 'ar'."""
    return _current


def set_language(lang: str) -> None:
    global _current
    _current = lang or DEFAULT


@contextlib.contextmanager
def use(lang: str):
    """`with use('ar'):` makes 'ar' the current language for the block, then restores the one before."""
    before = _current
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def catalog_path(lang: str) -> Path:
    """Where a language's catalog is: briefing/locale/<lang>/LC_MESSAGES/messages.po, 'pt-BR' as
    pybabel names its folder, pt_BR. (The file may not exist: then the interface is in English.)"""
    return LOCALE_DIR / lang.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def catalog(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog for a language; gettext.NullTranslations (English as written) when
    there is no .po for it. Raises babel's PoFileError on a .po that does not parse."""
    po = catalog_path(lang)
    if not po.is_file():
        return _gettext.NullTranslations()
    with po.open("rb") as handle:
        messages = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def gettext(message: str, **variables) -> str:
    """The message in the current language; with variables, `%(name)s` placeholders filled in
    after translating (so a translator may move them)."""
    text = catalog(_current).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables) -> str:
    """The singular or plural form for n in the current language (Arabic has six, by CLDR's
    plural rules in the catalog's header), with `%(num)s` set to n written by Babel in the
    language's digits (number(); a `num` among the variables overrides it, e.g. 'five')."""
    text = catalog(_current).ngettext(singular, plural, n)
    return text % {"num": number(n), **variables}


def pgettext(context: str, message: str, **variables) -> str:
    """gettext with a context, for one English word that needs two translations."""
    text = catalog(_current).pgettext(context, message)
    return text % variables if variables else text


_ = gettext


def N_(message: str) -> str:
    """Marks a message for extraction (`pybabel extract -k N_`) where it is defined, in a constant
    read at import time, without translating it: the code that shows it calls gettext on it then,
    in the language of the page being made."""
    return message


def jinja_callables() -> dict:
    """The three functions jinja2.ext.i18n's install_gettext_callables takes, new-style: they
    translate only, and Jinja fills in the placeholders (escaping the values on an HTML page)."""
    return {"gettext": lambda message: catalog(_current).gettext(message),
            "ngettext": lambda singular, plural, n: catalog(_current).ngettext(singular, plural, n),
            "pgettext": lambda context, message: catalog(_current).pgettext(context, message)}


# The locale whose CLDR data formats a language's dates, numbers and lists, where it is not the
# language's own. English is written in British style: '27 November 2024', 'A, B and C' (no serial
# comma), as the site always wrote it; CLDR's plain 'en' is American ('November 27, 2024', 'A, B,
# and C'). Arabic is 'ar' itself: Western digits (CLDR's default numbering system for 'ar' is
# 'latn') and the month names of the Gregorian calendar ('27 نوفمبر 2024').
FORMATTING_LOCALES = {"en": "en_GB"}


@functools.cache
def _parse(tag: str) -> babel.Locale:
    return babel.Locale.parse(FORMATTING_LOCALES.get(tag, tag), sep="-" if "-" in tag else "_")


def locale(lang: str | None = None) -> babel.Locale:
    """Babel's locale for formatting a language's dates, numbers and lists (the current language by
    default): FORMATTING_LOCALES' choice, else the language's own ('ar', 'ar-SY' as ar_SY)."""
    return _parse(lang or _current)


def number(value, pattern: str = "0") -> str:
    """A number as the current language writes it, by Babel (babel.numbers.format_decimal) with an
    explicit CLDR pattern: '0' a whole number without grouping ('1234'), '0.#' at most one decimal,
    '0.000' exactly three. The value is rounded as Python rounds a float first (round-half-even on
    its binary value, as f'{x:.1f}' does), so Babel's decimal rounding never differs from it."""
    decimals = len(pattern.partition(".")[2])
    if isinstance(value, float):
        value = round(value, decimals)
    return _formatted(value, pattern, _current, str(value).startswith("-"))


@functools.lru_cache(maxsize=65536, typed=True)
def _formatted(value, pattern: str, lang: str, negative: bool) -> str:
    """format_decimal, remembered: a build formats the same few numbers tens of thousands of
    times (a chart's counts, a legend's), at ~30 microseconds each. `negative` is part of the
    key because -0.0 equals 0.0 (and Decimal('-0') 0) while Babel writes them '-0' and '0'."""
    return format_decimal(value, pattern, locale=locale(lang))


def direction(lang: str | None = None) -> str:
    """'rtl' or 'ltr': the direction a language is written in, from CLDR (Arabic, Hebrew, Persian
    and Urdu are 'rtl'), as <html dir> wants it."""
    return "rtl" if locale(lang).character_order == "right-to-left" else "ltr"


def language_name(lang: str) -> str:
    """A language's name in that language ('English', 'العربية'), for the language switcher."""
    name = babel.Locale.parse(lang, sep="-" if "-" in lang else "_").get_display_name(lang) or lang
    return name[:1].upper() + name[1:]
