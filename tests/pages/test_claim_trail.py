"""A claim's history and a range of days, followed through every page that shows them, built by the
real build from tests/fixtures/trail (laid over mini): Saraqib claimed on 29 November and confirmed
on 1 December; Aleppo claimed on 30 November, denied on 1 December, contested on 2 December;
al-Atarib claimed on a day from 28 to 30 November. Each page must say, on each day, what stood
that day, and now what stands now: the chronology, the claims ledger and its timeline, the place
pages and their day tables, the home page, the actor page, and the map's frame of each day."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import MINI, ROOT, build_to
from pages.html_tree import Element, page

TRAIL = ROOT / "tests" / "fixtures" / "trail"
SARAQIB, ALEPPO, ATARIB, SECURED = ("2024-11-29-saraqib", "2024-11-30-aleppo", "2024-11-28-al-atarib",
                                    "2024-11-29-al-atarib-secured")


def build_trail(folder):
    """The trail fixture built into folder/site; returns the site folder."""
    content = folder / "content"
    shutil.copytree(MINI, content)
    for path in TRAIL.glob("*.yaml"):
        shutil.copyfile(path, content / path.name)
    out = folder / "site"
    build_to(content, out)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_trail(tmp_path_factory.mktemp("trail"))


def steps(timeline: Element) -> list[tuple[str, str]]:
    """(first day, status) of each step of a timeline (ol.timeline or ol.history-steps)."""
    return [(li.times()[0], li.statuses()[0]) for li in timeline.find_all("li")]


def day_table(doc: Element) -> dict[str, str]:
    """A place map's table, day -> state, as the page gives it to readers without the map."""
    table = next(t for t in doc.find_all("table") if t.find("caption") and "day by day" in t.find("caption").text())
    columns = [th.text() for th in table.find("thead").find_all("th")]
    day, state = columns.index("Day"), columns.index("State")
    return {cells[day].text(): cells[state].text()
            for cells in (row.find_all("td") for row in table.find("tbody").find_all("tr"))}


# --- claimed, then confirmed ----------------------------------------------------------------------
def test_claimed_then_confirmed_in_the_chronology(site):
    doc = page(site, "chronology")
    row = doc.find("tr", id=f"event-{SARAQIB}")
    assert row.ancestor("section").attrs["id"] == "day-2024-11-29"
    assert row.attrs["data-status"] == "confirmed" and row.statuses()[0] == "confirmed"
    assert steps(row.find("ol", cls="history-steps")) == [("2024-11-29", "claimed"), ("2024-12-01", "confirmed")]
    assert "confirmed by Syrian Observatory" in row.find("ol", cls="history-steps").text()
    # the confirmation is news on 1 December: listed there, linking back to the claim of the 29th
    change = next(li for li in doc.find("section", id="day-2024-12-01").find_all("li")
                  if SARAQIB in li.attrs.get("data-events", "").split())
    assert change.statuses() == ["confirmed"] and change.find("a").attrs["href"] == f"#event-{SARAQIB}"
    assert change.times() == ["2024-11-29"]
    assert len(doc.find_all("tr", id=f"event-{SARAQIB}")) == 1


def test_claimed_then_confirmed_in_the_ledger(site):
    entry = page(site, "claims").find("section", id=f"claim-{SARAQIB}")
    assert entry.attrs["data-status"] == "confirmed"
    assert entry.find(cls="claim-meta").find(cls="when").times() == ["2024-11-29"]
    assert entry.find(cls="claim-now").statuses() == ["confirmed"]
    timeline = entry.find("ol", cls="timeline")
    assert steps(timeline) == [("2024-11-29", "claimed"), ("2024-12-01", "confirmed")]
    confirmed = timeline.find_all("li")[1].text()
    assert "Confirmed by Syrian Observatory for Human Rights (SOHR)" in confirmed
    assert "SOHR reports the coalition's fighters in the town centre." in confirmed
    assert entry.find(cls="flag-single") is None                  # MOC's channel and SOHR
    counts = {r.find("th").text(): [td.text() for td in r.find_all("td")] for r in entry.find_all("tr")[1:]}
    assert counts["Monitors (independent)"] == ["1", "0"] and counts["The parties' own channels"] == ["1", "0"]
    assert counts["All sources"] == ["2", "0"] and counts["Independent of the parties"] == ["1", "0"]
    assert "Held by MOC: confirmed by Syrian Observatory" in entry.text()


def test_claimed_then_confirmed_on_the_place_page(site):
    doc = page(site, "places/saraqib")
    history = doc.find("article", cls="place-history", data_event=SARAQIB)
    assert steps(history.find("ol", cls="timeline")) == [("2024-11-29", "claimed"), ("2024-12-01", "confirmed")]
    assert history.find(cls="claim-now").statuses() == ["confirmed"]
    assert history.find("a", href=f"../../claims/#claim-{SARAQIB}") is not None
    row = doc.find("tr", id=f"event-{SARAQIB}")
    assert row.find(cls="when").times() == ["2024-11-29"] and row.statuses()[0] == "confirmed"
    # the day table: the status as it stood each day, never the later confirmation drawn back
    days = day_table(doc)
    assert "Claimed" in days["29 Nov"] and "Claimed" in days["30 Nov"]
    assert "Confirmed" in days["1 Dec"] and "Claimed" not in days["1 Dec"] and "Confirmed" in days["2 Dec"]


# --- claimed, denied, then contested ---------------------------------------------------------------
def test_claimed_denied_contested_in_the_chronology(site):
    doc = page(site, "chronology")
    row = doc.find("tr", id=f"event-{ALEPPO}")
    assert row.ancestor("section").attrs["id"] == "day-2024-11-30" and row.statuses()[0] == "contested"
    assert steps(row.find("ol", cls="history-steps")) == [
        ("2024-11-30", "claimed"), ("2024-12-01", "denied"), ("2024-12-02", "contested")]
    for day, status in (("2024-12-01", "denied"), ("2024-12-02", "contested")):
        [change] = [li for li in doc.find("section", id=f"day-{day}").find_all("li")
                    if ALEPPO in li.attrs.get("data-events", "").split()]
        assert change.statuses() == [status]
    assert "denied by Syrian Ministry of Defence" in doc.find("section", id="day-2024-12-01").text()


def test_claimed_denied_contested_in_the_ledger(site):
    entry = page(site, "claims").find("section", id=f"claim-{ALEPPO}")
    assert entry.find(cls="claim-now").statuses() == ["contested"]
    timeline = entry.find("ol", cls="timeline")
    assert steps(timeline) == [("2024-11-30", "claimed"), ("2024-12-01", "denied"), ("2024-12-02", "contested")]
    first, denied, contested = (li.text() for li in timeline.find_all("li"))
    assert "first report" in first and "Claimed by Military Operations Command, Telegram channel" in first
    assert "until then claimed" in denied and "Denied by Syrian Ministry of Defence" in denied
    assert "The ministry says its forces hold the city." in denied
    assert "until then denied" in contested and "still denies it" in contested
    assert entry.find(cls="flag-single").text() == "Single source"        # only MOC's own channel backs it
    assert "Contested: claimed by MOC, disputed by Syrian government" in entry.text()


def test_claimed_denied_contested_on_the_place_page(site):
    doc = page(site, "places/aleppo")
    history = doc.find("article", cls="place-history", data_event=ALEPPO)
    assert steps(history.find("ol", cls="timeline")) == [
        ("2024-11-30", "claimed"), ("2024-12-01", "denied"), ("2024-12-02", "contested")]
    days = day_table(doc)
    assert "Claimed" in days["30 Nov"] and "denied" in days["1 Dec"] and "Contested" in days["2 Dec"]


def test_both_histories_on_the_home_page_and_the_actor_page(site):
    home = page(site, "")
    for event, day, status in ((SARAQIB, "2024-11-29", "confirmed"), (ALEPPO, "2024-11-30", "contested")):
        [line] = [li for li in home.find("ul", cls="event-feed").find_all("li")
                  if event in li.attrs["data-events"].split()]
        assert line.find(cls="when").times() == [day] and line.statuses() == [status]
    actor = page(site, "actors/moc")
    for event, history in ((SARAQIB, ["claimed", "confirmed"]), (ALEPPO, ["claimed", "denied", "contested"])):
        row = actor.find("tr", id=f"event-{event}")
        assert row.statuses()[0] == history[-1]
        assert [s for _, s in steps(row.find("ol", cls="history-steps"))] == history


def test_the_map_s_frames_show_each_day_as_it_stood(site):
    """The map's JSON (written by the figures) draws each day's frame from the timeline: the frame of
    30 November shows Saraqib claimed, not the confirmation of 1 December."""
    spec = json.loads(next((site / "figures").glob("advances-map.*.json")).read_text())
    traces = spec["meta"]["traces"]
    marks = {}
    for frame in spec["frames"]:
        for index, update in zip(frame["traces"], frame["data"]):
            for place, _ in update["customdata"]:
                marks.setdefault(place, {})[frame["name"]] = (traces[index]["side"], traces[index]["mark"])
    assert marks["saraqib"] == {"2024-11-29": ("opposition", "claimed"), "2024-11-30": ("opposition", "claimed"),
                                "2024-12-01": ("opposition", "confirmed"), "2024-12-02": ("opposition", "confirmed")}
    assert {d: m for d, (_, m) in marks["aleppo"].items()} == {
        "2024-11-30": "claimed", "2024-12-01": "denied", "2024-12-02": "contested"}
    # the ranged claim counts from the first day it may have happened; the army's claim of the 29th follows
    assert marks["al-atarib"]["2024-11-28"] == ("opposition", "claimed")
    assert marks["al-atarib"]["2024-11-29"] == ("government", "claimed")
    assert [f["name"] for f in spec["frames"]][0] == "2024-11-28"


# --- a range of days ---------------------------------------------------------------------------------
def test_a_range_of_days_in_the_chronology(site):
    doc = page(site, "chronology")
    section = doc.find("section", id="days-2024-11-28-2024-11-30")
    heading = section.find("h2")
    assert heading.find(cls="when").times() == ["2024-11-28", "2024-11-30"]
    assert heading.text().startswith("28 to 30 November 2024 (exact day not known)")
    assert [r.attrs["id"] for r in section.find_all("tr", data_event=True)] == [f"event-{ATARIB}"]
    assert len(doc.find_all("tr", id=f"event-{ATARIB}")) == 1         # listed once, under its range
    order = [s.attrs["id"] for s in doc.find_all("section", cls="chronology-day")]
    assert order == ["days-2024-11-28-2024-11-30", "day-2024-11-29", "day-2024-11-30", "day-2024-12-01",
                     "day-2024-12-02"]


def test_a_range_of_days_in_the_ledger_with_its_evidence(site):
    doc = page(site, "claims")
    entry = doc.find("section", id=f"claim-{ATARIB}")
    meta = entry.find(cls="claim-meta")
    assert meta.find(cls="when").times() == ["2024-11-28", "2024-11-30"] and "exact day not known" in meta.text()
    assert steps(entry.find("ol", cls="timeline"))[0] == ("2024-11-28", "claimed")
    # the army's claim of the 29th falls within the range, at the same place: it disputes the claim
    [evidence] = entry.find("ul", cls="evidence").find_all("li")
    assert evidence.find(cls="when").times() == ["2024-11-29"]
    assert "disputes the claim" in evidence.text() and "same place and day" in evidence.text()
    unconfirmed = doc.find("ul", cls="unconfirmed-list").find("li", data_event=SECURED)
    assert unconfirmed.find(cls="when").times() == ["2024-11-29"]


def test_a_range_of_days_on_the_place_page_and_home(site):
    row = page(site, "places/al-atarib").find("tr", id=f"event-{ATARIB}")
    assert row.find(cls="when").times() == ["2024-11-28", "2024-11-30"]
    assert "28 to 30 November 2024 (exact day not known)" in row.text()
    [line] = [li for li in page(site, "").find("ul", cls="event-feed").find_all("li")
              if ATARIB in li.attrs["data-events"].split()]
    assert line.find(cls="when").times() == ["2024-11-28", "2024-11-30"]
