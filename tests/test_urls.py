"""Relative links: the fast segment comparison agrees with posixpath.relpath."""
from hypothesis import given, strategies as st

from briefing.urls import _relative_slow, relative

SEGMENT = st.sampled_from(["actors", "hts", "briefs", "x", "feed.xml", "s.1.css", "a-b", "index.html"])
PATH = st.tuples(st.lists(SEGMENT, max_size=4), st.sampled_from(["", "/", "#top", "/#top"])).map(
    lambda parts: "/".join(parts[0]) + (parts[1] if parts[0] else parts[1].lstrip("/")))


@given(PATH.filter(lambda p: "#" not in p), PATH)
def test_relative_matches_relpath(from_path, to_path):
    assert relative(from_path, to_path) == _relative_slow(from_path, to_path)


def test_dot_segments_fall_back_to_relpath():
    assert relative("briefs/x/", "actors/../places/p/") == _relative_slow("briefs/x/", "actors/../places/p/")
