"""The static locator maps: projection, clipping, the layers read from the base map."""
import re

from briefing.figures import svgmap
from briefing.figures.svgmap import HEIGHT, WIDTH, Frame, Marker, arc_line, clip_line, clip_ring, decode_arcs


def test_frame_centres_the_place_and_keeps_north_up():
    frame = Frame(37.16, 36.2, 0.4)
    assert frame.px(37.16, 36.2) == (WIDTH / 2, HEIGHT / 2)
    x, y = frame.px(37.26, 36.3)                  # north-east of the centre
    assert x > WIDTH / 2 and y < HEIGHT / 2
    top = frame.px(37.16, 36.4)[1]
    bottom = frame.px(37.16, 36.0)[1]
    assert abs((bottom - top) - HEIGHT) < 1e-6 and abs(top) < 0.5    # `span` degrees of latitude fill the height
    # about 0.4 degrees of latitude (44 km) in 320 px
    assert 0.12 < frame.km_per_px() < 0.14


def test_clip_ring_cuts_a_square_to_the_rectangle():
    square = [(-10, -10), (50, -10), (50, 50), (-10, 50)]
    clipped = clip_ring(square, (0, 0), (100, 100))
    assert sorted(clipped) == sorted([(0, 0), (50, 0), (50, 50), (0, 50)])
    assert clip_ring([(200, 200), (300, 200), (300, 300)], (0, 0), (100, 100)) == []


def test_clip_line_keeps_the_runs_that_enter_with_a_point_beyond():
    line = [(-50, 10), (-20, 10), (10, 10), (20, 10), (200, 10), (300, 10)]
    assert clip_line(line, (0, 0), (100, 100)) == [[(-20, 10), (10, 10), (20, 10), (200, 10)]]
    assert clip_line([(200, 5), (300, 5)], (0, 0), (100, 100)) == []


def test_topojson_arcs_decode_and_join_reversed():
    topo = {"transform": {"scale": [0.5, 0.5], "translate": [10, 20]}, "arcs": [[[0, 0], [2, 0], [0, 2]]]}
    arcs = decode_arcs(topo)
    assert arcs == [[(10.0, 20.0), (11.0, 20.0), (11.0, 21.0)]]
    assert arc_line([~0], arcs) == [(11.0, 21.0), (11.0, 20.0), (10.0, 20.0)]


def test_base_layers_come_from_the_vendored_natural_earth_files():
    layers = svgmap.layers()
    assert len(layers["governorates"]) >= 14 and layers["land"] and layers["rivers"] and layers["countries"]
    aleppo = Frame(37.16, 36.2, 0.4)
    drawn = svgmap.layer_path(aleppo, "governorates", True)
    points = [tuple(map(float, p.split(","))) for p in re.findall(r"-?[\d.]+,-?[\d.]+", drawn)]
    assert points and all(-svgmap.MARGIN - 0.1 <= x <= WIDTH + svgmap.MARGIN + 0.1 for x, _ in points)


def test_the_map_escapes_names_and_labels_the_place():
    frame = Frame(37.16, 36.2, 0.4)
    here = Marker(37.16, 36.2, "#1f6feb", "contested", 18, label="<b>Aleppo</b>", tooltip="a & b")
    around = [Marker(37.2, 36.22, "#aa0000", "denied", 12, label="Near", tooltip="Near: denied", faint=True)]
    svg = svgmap.locator_map(frame, here, around, [], [("Idlib", 35.93, 36.63)], "Aleppo on the map")
    assert "<b>" not in svg and "&lt;b&gt;Aleppo&lt;/b&gt;" in svg and "a &amp; b" in svg
    assert svg.count("<title>") == 2 and 'class="sm-near-name">Near</text>' in svg
    assert svg.index('stroke="#1f6feb"') > svg.index('stroke="#aa0000"')     # the place is drawn on top
    assert "Idlib" not in svg        # a label that would fall outside the frame is left out


def test_a_long_label_takes_several_lines_and_a_short_one_stays_one_text():
    frame = Frame(37.16, 36.2, 0.4)
    name = "Donaudampfschifffahrtsgesellschaftskapitaenswitwenrente & Co"
    here = Marker(37.16, 36.2, "#1f6feb", "confirmed", 18, label=name)
    around = [Marker(37.2, 36.22, "#aa0000", "denied", 12, label="Western Aleppo countryside")]
    svg = svgmap.locator_map(frame, here, around, [], [], "on the map")
    place = re.search(r'<text [^>]*class="sm-place-name">(.*?)</text>', svg).group(1)
    lines = re.findall(r"<tspan [^>]*>(.*?)</tspan>", place)
    assert lines == ["Donaudampfschifffahrtsgesellscha", "ftskapitaenswitwenrente &amp; Co"]   # 32 and 30
    assert 'class="sm-near-name">Western Aleppo countryside</text>' in svg
