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
