"""generate.py import acled: ACLED's column layout -> entries to review, appended, never overwriting.

The round trip holds: the events exported in ACLED's layout and imported into the content without
its events come back the same (id, date or range, place, actor, kind, status as first reported and
as it stands, every step of the history with its sources and note, sources, note), and so do the
events downloads, byte for byte. A hand-made file in ACLED's own style imports as documented.
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from acled_events import acled_content
from briefing.build import load_site
from briefing.content.load import file_label
from briefing.editor.import_acled import import_acled
from briefing.errors import ImportErrors
from briefing.output.acled import ACLED_PATH
from briefing.output.downloads import data_files
from conftest import MINI, ROOT, build_to

HAND_MADE = ROOT / "tests" / "fixtures" / "acled" / "hand-made.csv"
DAY = dt.date(2024, 12, 3)
HEADER = "# Imported from {name} on 2024-12-03: review before publishing.\n"
NO_EVENTS = "# The events, removed to be imported again.\n"


def events_of(content: Path) -> dict:
    """Events as ACLED's columns can carry them: in the site's default language (an ACLED file has
    one text a field; the translations stay in events.yaml, docs/acled.md)."""
    return {e.id: replace(e, loc=None, translations=(), history=tuple(replace(s, translations=()) for s in e.history))
            for e in load_site(content, drafts=True).events}


def downloads_of(content: Path) -> dict[str, bytes]:
    return {f.path: f.data for f in data_files(load_site(content, drafts=True))}


def files_of(content: Path) -> dict[str, bytes]:
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}


def run_cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), *args], capture_output=True, text=True)


# --- the round trip ----------------------------------------------------------------------------

def test_round_trip_of_ranges_histories_and_notes_through_two_builds(tmp_path):
    content = acled_content(tmp_path / "first")
    build_to(content, tmp_path / "first" / "site", search=False)
    exported = tmp_path / "events-acled.csv"
    shutil.copy(tmp_path / "first" / "site" / ACLED_PATH, exported)

    again = tmp_path / "again" / "content"
    shutil.copytree(content, again)
    (again / "events.yaml").write_text(NO_EVENTS, encoding="utf-8")
    report = import_acled(again, exported, today=DAY)
    assert [e.file for e in report.entries] == ["events"] * 8    # every place, actor and source was there
    build_to(again, tmp_path / "again" / "site", search=False)

    assert events_of(again) == events_of(content)
    for name in ("data/events.json", "data/events.csv", ACLED_PATH):
        assert (tmp_path / "again" / "site" / name).read_bytes() == (tmp_path / "first" / "site" / name).read_bytes()
    road = events_of(again)["2024-11-30-saraqib-road"]
    assert [(s.date.day, s.status, s.claimed_by + s.denied_by) for s in road.history] == [
        (30, "claimed", ("moc-telegram",)), (1, "denied", ("syrian-mod",)), (2, "contested", ("sohr",))]
    assert road.as_it_stood(dt.date(2024, 11, 30)).status == "claimed"    # as first reported


def test_round_trip_of_this_publication(tmp_path):
    content = ROOT / "content"
    exported = tmp_path / "events-acled.csv"
    exported.write_bytes(downloads_of(content)[ACLED_PATH])
    copy = tmp_path / "content"
    shutil.copytree(content, copy)
    (copy / "events.yaml").write_text(NO_EVENTS, encoding="utf-8")
    import_acled(copy, exported, today=DAY)
    assert events_of(copy) == events_of(content)
    assert downloads_of(copy)["data/events.json"] == downloads_of(content)["data/events.json"]


# --- a file in ACLED's own style -----------------------------------------------------------------

@pytest.fixture
def imported(content):
    before = files_of(content)
    report = import_acled(content, HAND_MADE, today=DAY)
    return content, before, report


def test_hand_made_file_appends_entries_that_build(imported, tmp_path):
    content, before, report = imported
    assert {name: [e.ident for e in report.of(name)] for name in ("events", "places", "actors", "sources")} == {
        "events": ["syr1001", "syr1002", "syr1003", "syr1004", "syr1005"], "places": ["idlib", "kafr-nabudah"],
        "actors": ["military-forces-of-russia-2000", "protesters-syria"],
        "sources": ["smart-news-agency", "enab-baladi"]}
    build_to(content, tmp_path / "site", search=False)
    site = load_site(content)
    events = {e.id: e for e in site.events}
    assert set(events) == {"2024-11-29-saraqib", "2024-11-30-aleppo", "syr1001", "syr1002", "syr1003", "syr1004",
                           "syr1005"}
    first = events["syr1001"]    # a known actor, spelt without the hyphen; a place by its coordinates
    assert (first.date, first.date_end, first.actor, first.place, first.kind) == (
        dt.date(2024, 11, 30), None, "hts", "saraqib", "captured")
    assert (first.status, first.claimed_by, first.sources) == ("claimed", ("sohr",), ("sohr",))
    assert first.note == "ACLED's actor2: Military Forces of Syria (2000-2024). ACLED reports 4 fatalities."
    assert first.summary.startswith("On 30 November 2024, HTS fighters took control of Saraqeb")
    strike = events["syr1002"]   # time_precision 2: the week around event_date
    assert (strike.date, strike.date_end, strike.kind) == (dt.date(2024, 11, 25), dt.date(2024, 12, 1), "airstrike")
    month = events["syr1005"]    # time_precision 3: the calendar month
    assert (month.date, month.date_end, month.actor, month.kind) == (
        dt.date(2024, 11, 1), dt.date(2024, 11, 30), "moc", "clashes")
    assert events["syr1003"].sources == ("moc-telegram", "sohr")   # a source name holding a comma
    protest = events["syr1004"]  # an ACLED type we have no kind for: the nearest, the types kept
    assert (protest.kind, protest.note, protest.place) == ("statement", "ACLED's types: Protests, Peaceful protest.",
                                                            "idlib")
    assert protest.summary.startswith("[size=no report] On 1 December")


def test_hand_made_file_creates_what_is_new_with_its_row(imported):
    content, _, report = imported
    site = load_site(content)
    smart = site.source("smart-news-agency")
    assert (smart.name, smart.kind) == ("Smart News Agency", "news-site")
    assert smart.note.startswith("From ACLED row SYR1002 (line 3 of hand-made.csv): review its kind")
    russia = site.actor("military-forces-of-russia-2000")
    assert (russia.name, russia.kind) == ("Military Forces of Russia (2000-)", "armed-forces")
    assert site.actor("protesters-syria").kind == "organisation"
    idlib, kafr = site.place("idlib"), site.place("kafr-nabudah")
    assert (idlib.governorate, idlib.lat, idlib.lon, idlib.precision_km) == ("Idleb", 35.9306, 36.6339, None)
    assert (kafr.kind, kafr.precision_km, kafr.coords_source) == (
        "town", 10.0, "ACLED row SYR1005 (line 6 of hand-made.csv), geo_precision 2")
    assert any("imported as claimed by their sources" in what for _, what in report.review)
    assert any("'Saraqeb' is taken to be the place 'saraqib'" in what for _, what in report.review)


def test_the_editors_files_stay_byte_for_byte_with_the_import_after_them(imported):
    content, before, _ = imported
    after = files_of(content)
    changed = {name for name in before if after[name] != before[name]}
    assert changed == {"events.yaml", "places.yaml", "actors.yaml", "sources.yaml"}
    for name in changed:
        assert after[name].startswith(before[name])
        added = after[name][len(before[name]):].decode()
        assert added.startswith("\n" + HEADER.format(name="hand-made.csv")) and added.count("# Imported") == 1


def test_importing_again_skips_every_row_and_changes_nothing(imported):
    content, _, _ = imported
    before = files_of(content)
    report = import_acled(content, HAND_MADE, today=DAY)
    assert report.entries == [] and [line for line, _ in report.skipped] == [2, 3, 4, 5, 6]
    assert "'syr1001' is already in events.yaml" in report.skipped[0][1].replace("event ", "")
    assert files_of(content) == before


def test_a_dry_run_writes_nothing(content):
    before = files_of(content)
    report = import_acled(content, HAND_MADE, today=DAY, dry_run=True)
    assert len(report.of("events")) == 5 and files_of(content) == before


def test_blank_lines_between_entries_are_kept_and_a_missing_newline_added(content, tmp_path):
    events = content / "events.yaml"
    text = events.read_text(encoding="utf-8").replace("\n- id:", "\n\n- id:") + "# the end"
    events.write_text(text, encoding="utf-8")
    import_acled(content, HAND_MADE, today=DAY)
    after = events.read_text(encoding="utf-8")
    assert after.startswith(text + "\n\n" + HEADER.format(name="hand-made.csv") + "- id: syr1001\n")
    assert "\n\n- id: syr1002\n" in after
    assert len(load_site(content).events) == 7


def test_a_week_that_would_end_after_as_of_ends_on_it(content, tmp_path):
    csv_file = tmp_path / "late.csv"
    csv_file.write_text(HAND_MADE.read_text(encoding="utf-8").replace("SYR1002,2024-11-28,", "SYR1002,2024-12-01,"),
                        encoding="utf-8")
    report = import_acled(content, csv_file, today=DAY)
    strike = next(e for e in load_site(content).events if e.id == "syr1002")
    assert (strike.date, strike.date_end) == (dt.date(2024, 11, 28), dt.date(2024, 12, 2))
    assert (3, "the range 2024-11-28 to 2024-12-04 (time_precision 2) ends on as_of, 2024-12-02") in report.review


def test_an_unknown_actor_close_to_a_known_one_is_reported_with_its_name(content, tmp_path):
    csv_file = tmp_path / "typo.csv"
    csv_file.write_text(HAND_MADE.read_text(encoding="utf-8").replace(
        "Strategic developments,Other,Military Operations Command,", "Strategic developments,Other,Military Operations Comand,"),
        encoding="utf-8")
    report = import_acled(content, csv_file, today=DAY)
    new = next(e for e in report.of("actors") if e.name == "Military Operations Comand")
    assert (new.ident, new.hint.split("?")[0]) == ("military-operations-comand",
                                                   "did you mean 'Military Operations Command' (moc)")


# --- refusals: every problem at once, with file and line; nothing written ------------------------

BAD_ROWS = [
    ("SYR1002,2024-11-28,2024,2,", "SYR1002,2024-11-28,2024,2,extra,",
     3, "this row has 22 values, the header 21 (a value holding a comma must be in double quotes)"),
    (",Battles,Armed clash,MOC,", ",Battle,Armed clash,MOC,", 6, "unknown event_type 'Battle' (did you mean 'Battles'?)"),
    ("Air/drone strike", "Drone strike", 3, "unknown sub_event_type 'Drone strike' for 'Explosions/Remote violence' "
                                            "(did you mean 'Air/drone strike'?)"),
    ("SYR1003,2024-12-01,", "SYR1003,2024-12-09,", 4, "event_date 2024-12-09 is after as_of (2024-12-02) "
                                                      "(move as_of in site.yaml forward, or leave the row out)"),
    ("SYR1002,2024-11-28,2024,2,", "SYR1002,2024-12-04,2024,2,", 3, "event_date 2024-12-04 is after as_of"),
    ("SYR1004,2024-12-01,2024,1,", "SYR1004,1 Dec 2024,2024,1,", 5,
     "event_date '1 Dec 2024' is not a date (write it as YYYY-MM-DD)"),
    ("SYR1005,2024-11-15,2024,3,", "SYR1005,2024-11-15,2024,4,", 6, "time_precision must be 1, 2 or 3, not '4' "
                                                                    "(1: the day is known; 2: the week; 3: the month)"),
    (",Hama,Hama,Kafr Nabudah,", ",Aleppo,Hama,Kafr Nabudah,", 6, "place 'kafr-nabudah' (lat 35.4427, lon 36.5025)"),
    ("SYR1003,", "SYR1001,", 4, "event id 'syr1001' is on line 2 too (each row is one event)"),
    (",Smart News Agency,National,\"Around", ",,National,\"Around", 3,
     "source is empty (every event needs the source it was read in)"),
    ("Military Forces of Russia (2000-),,,", ",,,", 3, "actor1 is empty (an event of kind 'airstrike' has someone "
                                                       "who acted: name them)"),
]


@pytest.mark.parametrize("old, new, line, message", BAD_ROWS, ids=[" ".join(b[3].split()[:3]) for b in BAD_ROWS])
def test_a_bad_row_is_refused_with_its_line(content, tmp_path, old, new, line, message):
    text = HAND_MADE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = files_of(content)
    with pytest.raises(ImportErrors) as caught:
        import_acled(content, bad, today=DAY)
    assert [(e.file, e.line) for e in caught.value.errors] == [(str(bad), line)]
    assert str(caught.value.errors[0]).startswith(f"{bad}:{line}: error: {message}")
    assert files_of(content) == before


def test_every_bad_row_is_reported_at_once_and_a_broken_header_first(content, tmp_path):
    text = HAND_MADE.read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace("Air/drone strike", "Drone strike").replace(",Battles,Armed clash,", ",Battle,Armed clash,")
                   .replace("SYR1004,2024-12-01,2024,1,", "SYR1004,2024-12-01,2024,1,extra,"), encoding="utf-8")
    with pytest.raises(ImportErrors) as caught:
        import_acled(content, bad, today=DAY)
    assert [e.line for e in caught.value.errors] == [3, 5, 6]
    assert caught.value.errors[1].message.startswith("this row has 22 values")
    bad.write_text(text.replace("event_type,sub_event_type", "type,subtype"), encoding="utf-8")
    with pytest.raises(ImportErrors) as caught:
        import_acled(content, bad, today=DAY)
    assert str(caught.value.errors[0]) == (
        f"{bad}:1: error: the header lacks ACLED's columns event_type, sub_event_type (an ACLED file's first row "
        "names its columns: event_id_cnty, event_date, time_precision, event_type, sub_event_type, actor1, admin1, "
        "location, latitude, longitude, source, notes)")
    bad.write_text(text.replace('"On 30 November', '"On 30 "November'), encoding="utf-8")
    with pytest.raises(ImportErrors) as caught:
        import_acled(content, bad, today=DAY)
    assert caught.value.errors[0].line == 2 and "not valid CSV" in caught.value.errors[0].message


def test_entries_that_would_not_build_are_refused_with_the_content_error(content, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HAND_MADE.read_text(encoding="utf-8").replace(
        '"On 1 December 2024, the coalition', '"On 1 December 2024, [[moc]] and the coalition'), encoding="utf-8")
    before = files_of(content)
    with pytest.raises(ImportErrors) as caught:
        import_acled(content, bad, today=DAY)
    first, last = caught.value.errors[0], caught.value.errors[-1]
    assert first.file == file_label(content / "events.yaml") and "'summary' is plain text" in first.message
    assert last.message == "the imported entries would not build (above); nothing was written"
    assert files_of(content) == before


# --- the command line ----------------------------------------------------------------------------

def test_command_line_reports_what_it_added_and_refuses_with_exit_code_1(content, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HAND_MADE.read_text(encoding="utf-8").replace(",Battles,Armed clash,", ",Battle,Armed clash,"),
                   encoding="utf-8")
    refused = run_cli("import", "acled", str(bad), "--content", str(content))
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [f"{bad}:6: error: unknown event_type 'Battle' (did you mean 'Battles'?)",
                                           "1 error; nothing was written."]
    ok = run_cli("import", "acled", str(HAND_MADE), "--content", str(content))
    assert ok.returncode == 0, ok.stderr
    assert f"Added 5 events to {content / 'events.yaml'} (from line 21): syr1001, " in ok.stdout
    assert "Added 2 sources to" in ok.stdout and "Review (line 5): 'syr1004': ACLED's 'Peaceful protest'" in ok.stdout
    again = run_cli("import", "acled", str(HAND_MADE), "--content", str(content))
    assert again.returncode == 0 and "Nothing to add" in again.stdout and "Skipped line 2: event 'syr1001'" in again.stdout


def test_mini_fixture_is_untouched():
    assert (MINI / "events.yaml").read_text(encoding="utf-8").count("- id:") == 2
