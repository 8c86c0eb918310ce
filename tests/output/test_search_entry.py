"""Pagefind's entry file, the same bytes from build to build."""


def test_the_entry_lists_languages_in_one_order_whatever_pagefind_wrote():
    """Pagefind writes a two-language site's languages from a hash map, in any order: the build's
    bytes must not depend on it (tests/test_package.py builds twice and compares)."""
    from briefing.output.search import entry_in_order
    one = b'{"version":"1.5.2","languages":{"en":{"hash":"en_1"},"ar":{"hash":"ar_2"}},"include_characters":["_"]}'
    other = b'{"version":"1.5.2","languages":{"ar":{"hash":"ar_2"},"en":{"hash":"en_1"}},"include_characters":["_"]}'
    assert entry_in_order(one) == entry_in_order(other) == other
