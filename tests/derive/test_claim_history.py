"""A claim's history and an uncertain date, through the day-by-day state (derive/advances.py).

The rules, stated on a site made in code: each day sees every event as it stood that day, so the
map for a day never shows a later confirmation, and an event dated by a range counts from the
first day it may have happened."""
import datetime as dt

from briefing.derive.advances import build_timeline, gains, held_by_day
from briefing.model import Event, StatusChange, sources_of
from derive.test_advances import D, make_site


def event(id, day, place, kind="captured", steps=(), date_end=None, actor="reb", **first):
    """An event as readers.read_event makes it: history's first step is the first report."""
    status = first.pop("status", "claimed")
    head = StatusChange(day, status, first.get("claimed_by", ()), first.get("denied_by", ()),
                        first.get("confirmed_by", ()))
    history = (head,) + tuple(steps)
    union = sources_of(history)
    return Event(id, day, actor, kind, history[-1].status, f"{id} summary", ("report",), place,
                 union["claimed_by"], union["denied_by"], union["confirmed_by"], date_end=date_end,
                 history=history)


CLAIMED_THEN_CONFIRMED = event("a-taken", D(2024, 11, 30), "town-a", claimed_by=("reb-channel",),
                               steps=(StatusChange(D(2024, 12, 2), "confirmed", confirmed_by=("monitor",)),))
CLAIMED_DENIED_CONTESTED = event(
    "b-taken", D(2024, 11, 30), "town-b", claimed_by=("reb-channel",),
    steps=(StatusChange(D(2024, 12, 1), "denied", denied_by=("mod-statements",)),
           StatusChange(D(2024, 12, 3), "contested", claimed_by=("monitor",))))


def test_status_on_each_day_follows_the_history():
    e = CLAIMED_DENIED_CONTESTED
    assert [e.status_on(D(2024, 11, d)) for d in (29, 30)] == ["", "claimed"]
    assert [e.status_on(D(2024, 12, d)) for d in (1, 2, 3, 4)] == ["denied", "denied", "contested", "contested"]
    stood = e.as_it_stood(D(2024, 12, 1))
    assert (stood.status, stood.denied_by, stood.claimed_by) == ("denied", ("mod-statements",), ("reb-channel",))
    assert stood.history == e.history[:2]
    assert e.as_it_stood(D(2024, 12, 5)) is e


def test_the_map_of_a_day_never_shows_a_later_confirmation():
    site = make_site([CLAIMED_THEN_CONFIRMED])
    timeline = build_timeline(site)
    marks = {s.day: (s.mark, s.changed) for s in timeline.history("town-a")}
    assert marks[D(2024, 11, 30)] == ("claimed", True)
    assert marks[D(2024, 12, 1)] == ("claimed", False)
    assert marks[D(2024, 12, 2)] == ("confirmed", True)       # the day SOHR confirmed it
    assert marks[D(2024, 12, 5)] == ("confirmed", False)
    day_30 = timeline.history("town-a")[0]
    assert day_30.basis.confirmed_by == () and day_30.events[0].status == "claimed"
    assert [e.status for e in timeline.history("town-a")[2].today] == ["confirmed"]   # the change is news that day


def test_claimed_then_denied_then_contested():
    site = make_site([CLAIMED_DENIED_CONTESTED])
    timeline = build_timeline(site)
    states = {s.day: s for s in timeline.history("town-b")}
    assert (states[D(2024, 11, 30)].mark, states[D(2024, 11, 30)].holder) == ("claimed", "reb")
    # A denial is kept against the place, and the place shows as a denied claim: nobody holds it.
    assert (states[D(2024, 12, 1)].mark, states[D(2024, 12, 1)].holder) == ("denied", "")
    assert states[D(2024, 12, 1)].changed and not states[D(2024, 12, 2)].changed
    assert (states[D(2024, 12, 3)].mark, states[D(2024, 12, 3)].holder) == ("contested", "reb")
    held = held_by_day(site, timeline)["reb"]
    days = list(timeline.days)
    assert [held[days.index(D(2024, 12, d))] for d in (1, 2, 3)] == [0, 0, 1]


def test_a_later_event_after_a_change_keeps_its_own_effect():
    """A change to an earlier event refolds the place: a later capture by someone else still wins."""
    retaken = event("a-retaken", D(2024, 12, 1), "town-a", kind="recaptured", actor="army",
                    status="confirmed", confirmed_by=("monitor",))
    site = make_site([CLAIMED_THEN_CONFIRMED, retaken])
    states = {s.day: s for s in build_timeline(site).history("town-a")}
    assert states[D(2024, 12, 1)].holder == "army"
    assert states[D(2024, 12, 2)].holder == "army"          # the confirmation of the earlier claim is not a retaking
    assert states[D(2024, 12, 2)].events[0].status == "confirmed"


def test_a_ranged_event_counts_from_its_first_possible_day():
    ranged = event("c-taken", D(2024, 11, 28), "village-c", date_end=D(2024, 12, 1), claimed_by=("reb-channel",))
    assert ranged.uncertain_date and ranged.last_day == D(2024, 12, 1)
    timeline = build_timeline(make_site([ranged]))
    assert timeline.first_day("village-c") == D(2024, 11, 28)
    assert timeline.history("village-c")[0].holder == "reb"


def test_the_advance_chart_counts_each_gain_as_it_stood_on_its_day():
    site = make_site([CLAIMED_THEN_CONFIRMED])
    (gain,) = gains(site, build_timeline(site))
    assert (gain.day, gain.status, gain.event.confirmed_by) == (D(2024, 11, 30), "claimed", ())
