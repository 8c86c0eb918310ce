"""Every page that gives a date or a status for the same claim gives the same one (issue 16).

The publication itself (content/) is built, and for every event the date it shows (a day, or both
ends of a range) and the status as it stands now are read from each page that shows the event:
the chronology, the claims ledger, its place page, its actor's page, the page of each source it
cites, and the home page. They must agree with each other and with events.yaml."""
from __future__ import annotations

import datetime as dt

import pytest

from briefing.build import load_site
from briefing.derive.advances import in_ledger
from briefing.model import Event
from briefing.text import iso
from conftest import ROOT, build_to
from pages.html_tree import Element, page

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("publication") / "site"
    build_to(CONTENT, out, search=False)
    return load_site(CONTENT), out


def expected(event: Event) -> tuple[list[str], str]:
    return ([iso(event.date)] + ([iso(event.date_end)] if event.uncertain_date else []), event.status)


def row_reading(row: Element) -> tuple[list[str], str]:
    """An events table row (place, actor and source pages): its date cell and its current status."""
    return row.find(cls="when").times(), row.statuses()[0]


def test_every_event_has_one_date_and_one_status_on_every_page(built):
    site, out = built
    chronology, claims, home = page(out, "chronology"), page(out, "claims"), page(out, "")
    pages: dict = {}

    def cached(path):
        if path not in pages:
            pages[path] = page(out, path)
        return pages[path]

    home_lines = {i: li for li in home.find("ul", cls="event-feed").find_all("li")
                  for i in li.attrs["data-events"].split()}
    entries = {i: s for s in claims.find_all("section", cls="claim") for i in s.attrs["data-events"].split()}
    unconfirmed = {li.attrs["data-event"]: li for li in claims.find("ul", cls="unconfirmed-list").find_all("li")}
    seen = {"ledger": 0, "home": 0}
    for event in site.events:
        want = expected(event)
        readings = {}
        row = chronology.find("tr", id=f"event-{event.id}")
        heading = row.ancestor("section").find("h2").find(cls="when")
        readings["chronology"] = (heading.times(), row.attrs["data-status"])
        assert row.statuses()[0] == row.attrs["data-status"], event.id
        if event.place:
            readings["place page"] = row_reading(cached(f"places/{event.place}").find("tr", id=f"event-{event.id}"))
        if event.actor:
            readings["actor page"] = row_reading(cached(f"actors/{event.actor}").find("tr", id=f"event-{event.id}"))
        for source in dict.fromkeys(event.sources + event.claimed_by + event.denied_by + event.confirmed_by):
            readings[f"source page {source}"] = row_reading(
                cached(f"sources/{source}").find("tr", id=f"event-{event.id}"))
        if event.id in entries:
            entry = entries[event.id]
            readings["ledger"] = (entry.find(cls="claim-meta").find(cls="when").times(),
                                  entry.find(cls="claim-now").statuses()[0])
            assert entry.attrs["data-status"] == readings["ledger"][1]
            seen["ledger"] += 1
        elif event.id in unconfirmed:
            item = unconfirmed[event.id]
            readings["ledger"] = (item.find(cls="when").times(), item.attrs["data-status"])
            seen["ledger"] += 1
        assert (event.id in entries) == in_ledger(event), event.id
        if event.id in home_lines:
            line = home_lines[event.id]
            readings["home"] = (line.find(cls="when").times(), line.statuses()[0])
            seen["home"] += 1
        wrong = {where: got for where, got in readings.items() if got != want}
        assert not wrong, f"{event.id}: events.yaml says {want}, but {wrong}"
    # the check reached the ledger and the home page, not only the tables
    assert seen["ledger"] >= 20 and seen["home"] >= 8


def test_the_seven_announcements_of_the_following_days_are_a_range_everywhere(built):
    """The report dates them only to "the following days" after 27 November: nowhere a single day."""
    site, out = built
    seven = [e for e in site.events if (e.date, e.date_end) == (dt.date(2024, 11, 28), dt.date(2024, 12, 1))]
    assert {e.place for e in seven} == {"hamdaniyah", "new-aleppo", "zahraa", "as-safira", "al-adnaniyah",
                                        "jabal-azzan", "khanasir"}
    section = page(out, "chronology").find("section", id="days-2024-11-28-2024-12-01")
    assert {r.attrs["data-event"] for r in section.find_all("tr", data_event=True)} == {e.id for e in seven}
    assert "exact day not known" in section.find("h2").text()
