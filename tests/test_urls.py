"""Relative links: the fast segment comparison agrees with posixpath.relpath; link_target undoes them."""
import pytest
from hypothesis import given, strategies as st

from briefing.urls import _relative_slow, link_target, relative

SEGMENT = st.sampled_from(["actors", "hts", "briefs", "x", "feed.xml", "s.1.css", "a-b", "index.html"])
PATH = st.tuples(st.lists(SEGMENT, max_size=4), st.sampled_from(["", "/", "#top", "/#top"])).map(
    lambda parts: "/".join(parts[0]) + (parts[1] if parts[0] else parts[1].lstrip("/")))


@given(PATH.filter(lambda p: "#" not in p), PATH)
def test_relative_matches_relpath(from_path, to_path):
    assert relative(from_path, to_path) == _relative_slow(from_path, to_path)


def test_dot_segments_fall_back_to_relpath():
    assert relative("briefs/x/", "actors/../places/p/") == _relative_slow("briefs/x/", "actors/../places/p/")


@given(PATH.filter(lambda p: "#" not in p), PATH.filter(lambda p: p.partition("#")[0] in ("",) or
                                                          p.partition("#")[0].endswith("/")))
def test_link_target_undoes_relative(from_path, to_path):
    """A relative link made by `relative` to a page (a folder: every page's path is one) leads
    back to it."""
    target = to_path.partition("#")[0]
    assert link_target(from_path, relative(from_path, to_path)) == target


@pytest.mark.parametrize("from_path,link,root,expected", [
    ("briefs/x/", "../../actors/hts/", "/", "actors/hts/"),
    ("briefs/x/", "../../actors/hts", "/", "actors/hts"),
    ("briefs/x/", "../y/#how?", "/", "briefs/y/"),
    ("briefs/x/", "?q=1", "/", "briefs/x/"),
    ("briefs/x/", "../../", "/", ""),
    ("briefs/x/", "..", "/", "briefs/"),
    ("about/", "../data/events.csv", "/", "data/events.csv"),
    ("briefs/x/", "../../actors/h%C3%A9/", "/", "actors/hé/"),
    ("briefs/x/", "/actors/hts/", "/", "actors/hts/"),
    ("briefs/x/", "/syria/actors/hts/", "/syria/", "actors/hts/"),
    ("briefs/x/", "/actors/hts/", "/syria/", None),          # root-relative, but outside the site's folder
    ("briefs/x/", "../../../etc/passwd", "/", None),         # above the root
    ("feed.xml", "actors/", "/", "actors/"),
])
def test_link_target(from_path, link, root, expected):
    assert link_target(from_path, link, root) == expected
