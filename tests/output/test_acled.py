"""The events downloads: date ranges and a claim's history in events.csv and .json, and the same
events in ACLED's column layout (data/events-acled.csv), read with the csv module."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from acled_events import acled_content
from briefing.build import download_paths, load_site
from briefing.model import EVENT_KINDS, Place
from briefing.output.acled import (ACLED_COLUMNS, ACLED_PATH, EVENT_TYPES, KIND_TYPES, TYPE_KINDS, event_date,
                                   geo_precision, parse_notes, time_precision)
from briefing.output.downloads import data_files
from conftest import build_to, edit

# ACLED's columns, as its codebook lists them ("ACLED Data Columns at a Glance"), those we fill.
CODEBOOK_COLUMNS = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                    "actor2", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
                    "source_scale", "notes", "fatalities"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("acled-export")
    content = acled_content(folder)
    build_to(content, folder / "site", search=False)
    return folder / "site"


def acled_rows(site_dir) -> dict[str, dict]:
    with (site_dir / ACLED_PATH).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == CODEBOOK_COLUMNS
        return {row["event_id_cnty"]: row for row in reader}


def test_events_json_gives_the_range_and_every_step_of_the_history(built):
    events = {e["id"]: e for e in json.loads((built / "data/events.json").read_text(encoding="utf-8"))}
    assert (events["2024-11-28-saraqib-approach"]["date"], events["2024-11-28-saraqib-approach"]["date_end"]) == \
        ("2024-11-28", "2024-12-01")
    assert events["2024-11-29-saraqib"]["date_end"] is None
    road = events["2024-11-30-saraqib-road"]
    assert road["status"] == "contested"          # as it stands on as_of
    assert road["history"] == [
        {"date": "2024-11-30", "status": "claimed", "claimed_by": ["moc-telegram"], "denied_by": [],
         "confirmed_by": [], "note": ""},
        {"date": "2024-12-01", "status": "denied", "claimed_by": [], "denied_by": ["syrian-mod"],
         "confirmed_by": [], "note": ""},
        {"date": "2024-12-02", "status": "contested", "claimed_by": ["sohr"], "denied_by": [], "confirmed_by": [],
         "note": "SOHR reports fighting on the road; the ministry still denies it."}]
    assert [s["status"] for s in events["2024-11-29-saraqib"]["history"]] == ["claimed"]   # the first report
    assert (road["related"], events["2024-11-29-saraqib"]["related"]) == (["2024-11-29-saraqib"], [])


def test_events_csv_gives_the_range_and_a_readable_history(built):
    rows = {r["id"]: r for r in csv.DictReader((built / "data/events.csv").open(encoding="utf-8", newline=""))}
    assert list(next(iter(rows.values())))[:3] == ["id", "date", "date_end"]
    assert (rows["2024-11-28-saraqib-approach"]["date"], rows["2024-11-28-saraqib-approach"]["date_end"]) == \
        ("2024-11-28", "2024-12-01")
    assert rows["2024-11-29-saraqib"]["date_end"] == ""
    assert rows["2024-11-30-aleppo-airport"]["history"] == (
        "2024-11-30 claimed (claimed by moc-telegram); 2024-12-02 confirmed (confirmed by sohr): "
        "SOHR reports the coalition's fighters at the airport.")
    assert rows["2024-11-30-saraqib-road"]["history"].split("; 2024")[1] == "-12-01 denied (denied by syrian-mod)"


def test_acled_layout_has_exactly_acleds_columns_and_a_row_an_event(built):
    rows = acled_rows(built)
    assert len(rows) == len(load_site(built.parent / "content").events) == 8
    assert ACLED_PATH in download_paths() and list(ACLED_COLUMNS) == CODEBOOK_COLUMNS
    saraqib = rows["2024-11-29-saraqib"]
    assert {k: saraqib[k] for k in CODEBOOK_COLUMNS if k != "notes"} == {
        "event_id_cnty": "2024-11-29-saraqib", "event_date": "2024-11-29", "time_precision": "1",
        "event_type": "Battles", "sub_event_type": "Non-state actor overtakes territory",
        "actor1": "Military Operations Command", "actor2": "", "admin1": "Idlib", "location": "Saraqib",
        "latitude": "35.8644", "longitude": "36.8006", "geo_precision": "1",
        "source": "Military Operations Command, Telegram channel", "source_scale": "New media", "fatalities": "0"}
    assert saraqib["notes"] == "[Claimed by Military Operations Command, Telegram channel] The coalition says it took Saraqib."


def test_acled_layout_writes_ranges_as_time_precision_and_the_middle_day(built):
    rows = acled_rows(built)
    approach = rows["2024-11-28-saraqib-approach"]          # 28 Nov to 1 Dec: four days
    assert (approach["event_date"], approach["time_precision"]) == ("2024-11-29", "2")
    assert approach["notes"].startswith("[Between 2024-11-28 and 2024-12-01; claimed by ")
    toll = rows["2024-12-02-toll"]                          # six days, no place, no actor
    assert (toll["event_date"], toll["time_precision"], toll["location"], toll["actor1"]) == ("2024-11-29", "2", "", "")


def test_acled_layout_words_the_status_and_its_history_in_notes(built):
    rows = acled_rows(built)
    assert rows["2024-11-30-aleppo-airport"]["notes"] == (
        "[Claimed by Military Operations Command, Telegram channel; then on 2024-12-02 confirmed by Syrian "
        "Observatory for Human Rights (SOHR); note: SOHR reports the coalition's fighters at the airport.] "
        "The coalition says it holds the airport.")
    assert rows["2024-11-30-saraqib-road"]["notes"].startswith(
        "[Related: 2024-11-29-saraqib; claimed by Military Operations Command, Telegram channel; then on 2024-12-01 "
        "denied by Syrian Ministry of Defence; then on 2024-12-02 contested; claimed by Syrian Observatory for "
        "Human Rights (SOHR); note: ")
    assert rows["2024-12-02-ministry-statement"]["notes"].startswith("[Confirmed by Syrian Ministry of Defence]")


def test_a_capture_by_the_state_side_is_government_regains_territory(built):
    rows = acled_rows(built)
    retakes = rows["2024-12-01-army-retakes"]
    assert (retakes["event_type"], retakes["sub_event_type"]) == ("Battles", "Government regains territory")
    assert retakes["notes"].startswith("[Kind: captured; claimed by Syrian Ministry of Defence]")  # not 'recaptured'
    assert rows["2024-11-30-aleppo-airport"]["sub_event_type"] == "Non-state actor overtakes territory"


def test_the_build_writes_what_data_files_makes(built):
    site = load_site(built.parent / "content")
    made = {f.path: f.data for f in data_files(site)}
    assert (built / ACLED_PATH).read_bytes() == made[ACLED_PATH]


def test_acled_cells_cannot_be_spreadsheet_formulas(content, tmp_path):
    edit(content / "actors.yaml", "name: Military Operations Command", "name: '=HYPERLINK(\"https://evil.example\")'")
    edit(content / "places.yaml", "name: Saraqib", "name: '@Saraqib'")
    text = {f.path: f.data for f in data_files(load_site(content))}[ACLED_PATH].decode()
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["event_id_cnty"] == "2024-11-29-saraqib")
    assert (row["actor1"], row["location"]) == ("'=HYPERLINK(\"https://evil.example\")", "'@Saraqib")
    assert row["latitude"] == "35.8644"   # numbers are left alone


@pytest.mark.parametrize("first, last, precision, middle", [
    ("2024-12-01", "2024-12-01", 1, "2024-12-01"),
    ("2024-11-30", "2024-12-01", 2, "2024-11-30"),     # two days: the earlier middle day
    ("2024-11-28", "2024-12-02", 2, "2024-11-30"),
    ("2024-11-25", "2024-12-01", 2, "2024-11-28"),     # seven days: still a week
    ("2024-11-24", "2024-12-01", 3, "2024-11-27"),     # eight
    ("2024-11-01", "2024-11-30", 3, "2024-11-15"),     # a month: its midpoint, as ACLED dates it
])
def test_time_precision_and_event_date_of_a_range(first, last, precision, middle):
    first, last = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    assert (time_precision(first, last), event_date(first, last)) == (precision, dt.date.fromisoformat(middle))


@pytest.mark.parametrize("kind, precision_km, code", [
    ("town", None, 1), ("village", 3.0, 1), ("neighbourhood", 5.0, 1), ("town", 8.0, 2), ("district", None, 2),
    ("region", 20.0, 2), ("region", None, 3), ("region", 80.0, 3), ("airbase", 30.0, 3),
])
def test_geo_precision_from_kind_and_precision(kind, precision_km, code):
    place = Place("p", "P", kind, "Idlib", 35.9, 36.6, "GeoNames", precision_km=precision_km)
    assert geo_precision(place) == code


def test_every_kind_and_every_acled_type_has_its_counterpart():
    pairs = {(t, s) for t, subs in EVENT_TYPES.items() for s in subs}
    assert len(pairs) == 25                                    # the codebook's 25 sub-event types
    assert set(KIND_TYPES) == set(EVENT_KINDS) and set(KIND_TYPES.values()) <= pairs
    assert set(TYPE_KINDS) == pairs
    exact = {pair: kind for pair, (kind, is_exact) in TYPE_KINDS.items() if is_exact}
    assert all(KIND_TYPES[kind] == pair or kind == "recaptured" for pair, kind in exact.items())


def test_notes_without_our_prefix_are_the_summary():
    assert parse_notes("[size=no report] On 1 December 2024, people gathered.").summary == \
        "[size=no report] On 1 December 2024, people gathered."
    assert not parse_notes("On 1 December, fighting.").prefixed
    notes = parse_notes("[Claimed by Two Syrian army sources, speaking to Reuters, SOHR; denied by X] Text.",
                        ["Two Syrian army sources, speaking to Reuters"])
    assert notes.steps[0].claimed_by == ["Two Syrian army sources, speaking to Reuters", "SOHR"]
    assert (notes.steps[0].status, notes.steps[0].denied_by, notes.summary) == ("claimed", ["X"], "Text.")
