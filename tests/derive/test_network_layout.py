"""The label placer's spatial index answers exactly as the all-pairs check it replaces."""
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.derive.network_layout import Boxes, overlap

coordinate = st.floats(min_value=-200, max_value=1200, allow_nan=False)
size = st.floats(min_value=0.5, max_value=300, allow_nan=False)
box = st.builds(lambda x, y, w, h: (x, y, x + w, y + h), coordinate, coordinate, size, size)


@settings(max_examples=300, deadline=None)
@given(st.lists(box, max_size=40), st.lists(box, min_size=1, max_size=20))
def test_boxes_hits_exactly_what_an_all_pairs_check_finds(added, probes):
    boxes = Boxes()
    for b in added:
        boxes.add(b)
    for probe in probes:
        assert boxes.hits(probe) == any(overlap(probe, other) for other in added)


def test_boxes_touching_at_an_edge_do_not_overlap_but_sharing_a_sliver_does():
    boxes = Boxes()
    boxes.add((0.0, 0.0, 64.0, 10.0))
    assert not boxes.hits((64.0, 0.0, 80.0, 10.0))      # shares only the edge x = 64
    assert boxes.hits((63.9, 9.9, 200.0, 50.0))         # a sliver across the cell boundary


def test_a_label_touching_another_actor_or_nearer_to_it_than_its_own_is_refused():
    from briefing.derive.network_layout import CLEAR, clear_of_others
    discs = {"own": (0.0, 10.0, 5.0), "far": (500.0, 10.0, 5.0), "close": (60.0, 10.0, 5.0)}
    box = (12.0, 4.0, 40.0, 16.0)                        # just right of "own": gap 7 px
    assert clear_of_others(box, "own", ["own", "far"], discs)
    assert not clear_of_others(box, "own", ["own", "close"], discs)   # "close" is 15 px off: ambiguous
    touching = {"own": (0.0, 10.0, 5.0), "other": (40.0 + CLEAR + 4.0, 10.0, 5.0)}
    assert not clear_of_others(box, "own", list(touching), touching, factor=0.0)
