"""What the maps and the chart draw of what is not known exactly, read back from the built figures
(plotly JSON, its SVG first view, the place map's SVG and the tables): each day's status as it stood
that day (a claim confirmed later is a claim until then; claimed, denied, then contested), an event
whose day is a range counted from its first possible day and marked until its last, and an
approximate place drawn as a circle of its precision_km."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from html import unescape

import pytest

from briefing.derive.advances import build_timeline, distance_km
from briefing.figures.advance_chart import UNCERTAIN_OPACITY, advance_chart
from briefing.figures.advances_map import advances_map
from briefing.figures.mapparts import AREA_TITLE, UNCERTAIN_DAY_TITLE, circle_ring
from briefing.figures.place_map import place_map
from briefing.model import Place
from briefing.text import between_days, km
from conftest import ROOT, build_to
from derive.test_advances import make_site
from derive.test_claim_history import CLAIMED_DENIED_CONTESTED, CLAIMED_THEN_CONFIRMED, event

D = dt.date
REBELS = "#009e73"          # make_site's rebels' colour
RANGED = event("c-taken", D(2024, 11, 28), "village-c", date_end=D(2024, 12, 1), claimed_by=("reb-channel",))
DOT = "M0,0.5L0.5,0L0,-0.5L-0.5,0Z"     # plotly's '-dot' symbols end with it


def site_with(events, precision=None, kinds=None):
    """make_site's site, its places given a precision_km or a kind ({place id: value})."""
    site = make_site(events)
    places = tuple(dataclasses.replace(p, precision_km=(precision or {}).get(p.id),
                                       kind=(kinds or {}).get(p.id, p.kind)) for p in site.places)
    return dataclasses.replace(site, places=places, index={})


def spec_of(figure) -> dict:
    return json.loads(figure.json_bytes())


def shown(spec: dict, day: str) -> dict:
    """place id -> (mark, symbol, hover text as plain text) in the frame of a day."""
    frame = next(f for f in spec["frames"] if f["name"] == day)
    found = {}
    for index, update in zip(frame["traces"], frame["data"]):
        trace = spec["meta"]["traces"][index]
        if trace.get("area"):
            continue
        for (place, _), symbol, text in zip(update["customdata"], update["marker"]["symbol"], update["hovertext"]):
            found[place] = (trace["mark"], symbol, " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split()))
    return found


def areas(spec: dict, day: str) -> list[list[tuple[float, float]]]:
    """The circles drawn on a day: each a list of (lat, lon), from the area traces' broken lines."""
    frame = next(f for f in spec["frames"] if f["name"] == day)
    rings = []
    for index, update in zip(frame["traces"], frame["data"]):
        if spec["meta"]["traces"][index].get("area"):
            ring = []
            for lat, lon in zip(update["lat"] + [None], update["lon"] + [None]):
                if lat is None:
                    rings += [ring] if ring else []
                    ring = []
                else:
                    ring.append((lat, lon))
    return rings


def cells(figure, place_id: str) -> dict:
    """A place's row of the map's table: short day -> cell."""
    row = next(r for r in figure.table.rows if r[0][1] == f"places/{place_id}/")
    return dict(zip(figure.table.columns, row))


# --- each day's status as it stood ------------------------------------------------------------
def test_a_claim_confirmed_later_is_a_claim_on_the_days_before():
    site = site_with([CLAIMED_THEN_CONFIRMED])
    figure = advances_map(site)
    spec = spec_of(figure)
    for day in ("2024-11-30", "2024-12-01"):
        mark, symbol, hover = shown(spec, day)["town-a"]
        assert (mark, symbol) == ("claimed", "circle-open"), day
        assert "claimed by REB, not confirmed" in hover and "Claimed by: Rebel channel" in hover
        assert "The monitor" not in hover and "Confirmed by" not in hover and "Status:" not in hover
    mark, symbol, hover = shown(spec, "2024-12-02")["town-a"]
    assert (mark, symbol) == ("confirmed", "circle")
    assert "held by REB (confirmed)" in hover and "Confirmed by: The monitor" in hover
    assert "Status: claimed 30 Nov; confirmed 2 Dec" in hover
    summaries = dict(zip(spec["meta"]["timeline"]["days"], spec["meta"]["timeline"]["summaries"]))
    assert summaries["2024-11-30"] == "30 November 2024: REB claims Town A."
    assert summaries["2024-12-01"] == "1 December 2024: no change."
    assert summaries["2024-12-02"] == "2 December 2024: REB's claim to Town A is now confirmed."
    row = cells(figure, "town-a")
    assert (row["30 Nov"], row["1 Dec"], row["2 Dec"]) == (
        "new: Claimed, unconfirmed: REB", "Claimed, unconfirmed: REB", "new: Confirmed: REB")


def test_a_claim_denied_then_contested_shows_each_step_on_its_day():
    spec = spec_of(advances_map(site_with([CLAIMED_DENIED_CONTESTED])))
    steps = {day: shown(spec, day)["town-b"] for day in ("2024-11-30", "2024-12-01", "2024-12-02", "2024-12-03")}
    assert [(m, s) for m, s, _ in steps.values()] == [
        ("claimed", "circle-open"), ("denied", "x"), ("denied", "x"), ("contested", "diamond-open")]
    assert "Denied by" not in steps["2024-11-30"][2]
    assert "REB's claim to it denied" in steps["2024-12-01"][2] and "Denied by: MoD statements" in steps["2024-12-01"][2]
    assert "Status: claimed 30 Nov; denied 1 Dec; contested 3 Dec" in steps["2024-12-03"][2]
    assert "contested 3 Dec" not in steps["2024-12-02"][2]       # not before it happened


def first_view_marks(svg: str) -> list[str]:
    """The paint of each mark in the rebels' colour the first view draws (not the cities' squares)."""
    return [paint for paint in re.findall(r'<use href="#[^"]+" x="[^"]+" y="[^"]+"([^>]*)/>', svg) if REBELS in paint]


@pytest.mark.parametrize("last,drawn", [(D(2024, 12, 1), "open"), (D(2024, 12, 2), "filled")])
def test_the_first_view_of_the_as_of_day_draws_the_claim_as_it_stood(last, drawn):
    """The SVG drawn at build time is the map's last day: as of 1 December a claim, of 2 December confirmed."""
    site = site_with([CLAIMED_THEN_CONFIRMED])
    figure = advances_map(site, build_timeline(site, last=last))
    (paint,) = first_view_marks(figure.first_view)
    if drawn == "open":
        assert f'fill="none" stroke="{REBELS}"' in paint
    else:
        assert f'fill="{REBELS}"' in paint and "ps-map-halo" in paint


# --- an uncertain day -----------------------------------------------------------------------------
def test_a_ranged_event_counts_from_its_first_day_marked_until_its_last():
    site = site_with([RANGED])
    figure = advances_map(site)
    spec = spec_of(figure)
    assert spec["meta"]["timeline"]["days"][0] == "2024-11-28"        # the first day it may have been
    for day in ("2024-11-28", "2024-11-29", "2024-11-30"):
        mark, symbol, hover = shown(spec, day)["village-c"]
        assert (mark, symbol) == ("claimed", "circle-open-dot"), day
        assert "Date: between 28 November and 1 December 2024 (exact day not known)" in hover
    for day in ("2024-12-01", "2024-12-05"):              # from its last day on, it has happened
        mark, symbol, hover = shown(spec, day)["village-c"]
        assert (mark, symbol) == ("claimed", "circle-open") and "Date:" not in hover
        assert "between 28 Nov and 1 Dec (exact day not known): c-taken summary" in hover
    summary = spec["meta"]["timeline"]["summaries"][0]
    assert summary == ("28 November 2024: REB claims Village C (between 28 November and 1 December 2024, "
                       "exact day not known).")
    row = cells(figure, "village-c")
    assert row["29 Nov"] == "Claimed, unconfirmed: REB (between 28 Nov and 1 Dec, exact day not known)"
    assert row["1 Dec"] == "Claimed, unconfirmed: REB"
    assert {"symbol": "circle-open-dot", "title": UNCERTAIN_DAY_TITLE} in spec["meta"]["notes"]
    assert "dot in the middle" in figure.caption


def test_the_first_view_marks_an_uncertain_day_as_plotly_does():
    site = site_with([RANGED])
    svg = advances_map(site, build_timeline(site, last=D(2024, 11, 29))).first_view
    assert re.search(rf'<path id="[^"]+" d="M[^"]+Z{re.escape(DOT)}"/>', svg)     # the open circle and its dot
    (paint,) = first_view_marks(svg)
    assert f'fill="none" stroke="{REBELS}"' in paint
    assert DOT not in advances_map(site).first_view         # as of 5 December the day is past doubt


def test_the_advance_chart_counts_an_uncertain_gain_on_its_first_day_in_a_fainter_bar():
    site = site_with([RANGED, CLAIMED_THEN_CONFIRMED])
    chart = advance_chart(site)
    spec = spec_of(chart)
    bars = {t["name"]: t for t in spec["data"] if t["type"] == "bar"}
    unsure = bars["REB: claimed, day not known"]
    # fainter: its colours themselves, so that plotly's legend shows it fainter too
    assert unsure["marker"]["line"]["color"] == f"rgba(0,158,115,{UNCERTAIN_OPACITY:g})"
    assert unsure["marker"]["pattern"]["fgopacity"] == UNCERTAIN_OPACITY
    assert bars["REB: claimed"]["marker"]["line"]["color"] == REBELS and "fgopacity" not in bars["REB: claimed"]["marker"]["pattern"]
    assert dict(zip(unsure["x"], unsure["y"]))["28 November 2024"] == 1 and sum(unsure["y"]) == 1
    assert unsure["customdata"][0] == "Village C (between 28 Nov and 1 Dec)"
    assert "exact day not known" in unsure["hovertemplate"]
    # the claim confirmed on 2 December is a claimed bar on 30 November: its status as it stood that day
    assert dict(zip(bars["REB: claimed"]["x"], bars["REB: claimed"]["y"]))["30 November 2024"] == 1
    assert "REB: confirmed" not in bars
    rows = {r[0]: dict(zip(chart.table.columns, r)) for r in chart.table.rows if r[1] == "REB"}
    column = "Day not known (counted on the first day it may have been)"
    assert rows["28 Nov"][column] == "Village C (between 28 Nov and 1 Dec)" and rows["30 Nov"][column] == "–"
    assert "Fainter bars: 1 place whose day is not known" in chart.caption
    svg = chart.first_view                           # the first view too, bars and legend
    assert f'stroke="rgba(0,158,115,{UNCERTAIN_OPACITY:g})"' in svg
    assert f'stroke-linecap="round" stroke-opacity="{UNCERTAIN_OPACITY:g}"/></pattern>' in svg


# --- an approximate position ------------------------------------------------------------------------
def test_circle_ring_is_the_radius_away_all_round():
    centre = Place("p", "P", "village", "Hama", 35.4, 36.92, "test")
    ring = circle_ring(centre.lat, centre.lon, 20)
    assert len(ring) == 65 and ring[0] == ring[-1]
    for lon, lat in ring:
        assert distance_km(centre, dataclasses.replace(centre, lat=lat, lon=lon)) == pytest.approx(20, rel=0.002)
    lats = [lat for _, lat in ring]
    assert max(lats) - centre.lat == pytest.approx(centre.lat - min(lats), abs=1e-3)     # north as far as south


def test_an_approximate_place_is_drawn_as_its_circle_under_its_mark():
    site = site_with([RANGED, CLAIMED_THEN_CONFIRMED], precision={"village-c": 5})
    figure = advances_map(site)
    spec = spec_of(figure)
    area_traces = [t for t, meta in zip(spec["data"], spec["meta"]["traces"]) if meta and meta.get("area")]
    (area,) = area_traces
    assert (area["fill"], area["fillcolor"], area["hoverinfo"]) == ("toself", "rgba(0,158,115,0.13)", "skip")
    assert area["line"]["dash"] == "dot" and area["mode"] == "lines"
    first_mark = min(i for i, meta in enumerate(spec["meta"]["traces"]) if meta and not meta.get("area"))
    assert spec["data"].index(area) < first_mark                         # drawn under every mark
    village = site.place("village-c")
    (ring,) = areas(spec, "2024-11-29")
    assert len(ring) == 65
    assert all(distance_km(village, dataclasses.replace(village, lat=lat, lon=lon)) == pytest.approx(5, rel=0.01)
               for lat, lon in ring)
    assert areas(spec, "2024-11-30") == [ring]                            # town-a is exact: no circle
    assert "Position known to within about 5 km" in shown(spec, "2024-11-29")["village-c"][2]
    assert "Position known" not in shown(spec, "2024-11-30")["town-a"][2]
    assert {"symbol": "area", "title": AREA_TITLE} in spec["meta"]["notes"]
    assert cells(figure, "village-c")["Kind"] == "town; position within about 5 km"
    assert "shaded circle" in figure.caption
    # the first view draws it from the same spec: a closed, shaded path with a dotted edge, before the marks
    svg = figure.first_view
    match = re.search(r'<path d="(M[^"]+)" fill="rgba\(0,158,115,0.13\)" stroke="#009e73" stroke-width="1.2" '
                      r'stroke-dasharray="3,3"/>', svg)
    assert match and match[1].endswith("Z")
    steps = [tuple(float(v) for v in step.split(",")) for step in match[1][:-1].split("l", 1)[1].split(" ")]
    assert len(steps) == 64                                              # 65 points, the last the first
    assert round(sum(x for x, _ in steps), 6) == 0 == round(sum(y for _, y in steps), 6)   # back where it began
    assert match.start() < re.search(rf'<use [^>]*{REBELS}', svg).start()


def test_a_region_is_not_drawn_as_a_circle():
    """A region's precision_km is its extent around a label point: its large faint mark stands for it."""
    site = site_with([RANGED], precision={"village-c": 40}, kinds={"village-c": "region"})
    spec = spec_of(advances_map(site))
    assert not any(meta and meta.get("area") for meta in spec["meta"]["traces"])
    assert all(n["symbol"] != "area" for n in spec["meta"]["notes"])
    assert "Position known" not in shown(spec, "2024-11-29")["village-c"][2]


def test_a_place_map_draws_its_place_s_circle_and_gives_its_range():
    site = site_with([RANGED, CLAIMED_THEN_CONFIRMED, CLAIMED_DENIED_CONTESTED],
                     precision={"village-c": 5, "town-b": 3})
    timeline = build_timeline(site)
    figure = place_map(site, site.place("village-c"), timeline)
    assert re.search(r'<path d="M[^"]+Z" fill="#009e73" fill-opacity="0.13" stroke="#009e73" stroke-width="1.2" '
                     r'stroke-dasharray="3,3"/>', figure.svg)
    assert "Position known to within about 5 km: the shaded circle around it" in figure.caption
    assert figure.caption.startswith("Village C: claimed by REB, not confirmed, since a day between 28 November "
                                     "and 1 December 2024 (exact day not known).")
    first = figure.table.rows[0]
    assert first[0] == "28 Nov" and first[2] == "c-taken summary (between 28 Nov and 1 Dec, exact day not known)"
    assert "exact day not known" in first[1] and "exact day not known" not in figure.table.rows[3][1]
    # a place known exactly has no circle; its neighbours are context, drawn without theirs
    exact = place_map(site, site.place("town-a"), timeline)
    assert "fill-opacity" not in exact.svg and "Position known" not in exact.caption
    assert "within about 3 km" in exact.svg          # town-b's tooltip still says how far off it may be


# --- distances as pages show them ---------------------------------------------------------------
@pytest.mark.parametrize("value,text", [(20.0, "20 km"), (20, "20 km"), (2.5, "2.5 km"), (2.0, "2 km"),
                                        (0.46, "0.5 km"), (9.96, "10 km"), (78.4, "78 km")])
def test_km_shows_no_pointless_decimal(value, text):
    assert km(value) == text


def test_between_days_gives_a_range_as_a_range():
    assert between_days(D(2024, 11, 28), D(2024, 12, 1)) == "between 28 November and 1 December 2024"
    assert between_days(D(2024, 11, 28), D(2024, 11, 30)) == "between 28 and 30 November 2024"
    assert between_days(D(2024, 12, 30), D(2025, 1, 2)) == "between 30 December 2024 and 2 January 2025"
    assert between_days(D(2024, 11, 28), D(2024, 12, 1), short=True) == "between 28 Nov and 1 Dec"
    assert between_days(D(2024, 11, 28), D(2024, 11, 28)) == "28 November 2024"


def test_the_place_page_gives_its_precision_as_written(tmp_path):
    out = tmp_path / "site"
    build_to(ROOT / "content", out, search=False)
    page = (out / "places/al-tulaysieh/index.html").read_text()
    assert "35.40° N, 36.92° E (within about 20 km)" in page        # 0.01° is about 1 km: no more digits
    assert "35.8645° N, 36.8059° E</dd>" in (out / "places/saraqib/index.html").read_text()
    assert "36.25° N, 37.50° E (a label point: the area reaches about 80 km from it)</dd>" in (
        out / "places/aleppo-province/index.html").read_text()
    for path in out.rglob("*.html"):
        assert not re.search(r"\d\.0 km", path.read_text()), path
