"""The ledger's and the home page's words, read as an editor would: who does what said plainly, no
sentence said twice in one entry, "the same day" and "since then" by date, six near-identical
lines made one (issue 16's careful reading)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from briefing.build import load_site
from briefing.derive.advances import build_timeline, claims_ledger
from briefing.model import StatusChange
from briefing.pages.ledger import (claim_sentence, entry_notes, latest_lines, ledger_entry, sentences,
                                   standing_phrase, step_words)
from conftest import ROOT
from derive.test_advances import event, make_site

CONTENT = ROOT / "content"
D = dt.date


@pytest.fixture(scope="module")
def publication():
    site = load_site(CONTENT)
    return site, claims_ledger(site, build_timeline(site))


def test_who_does_what_is_said_plainly(publication):
    """Not "Claimed, unconfirmed by MOC" (MOC does not leave its own claim unconfirmed) nor
    "Contested by MOC" (MOC claims; the army disputes)."""
    site, ledger = publication
    phrases = {p.id: standing_phrase(site, s) for c in ledger for p, s in zip(c.places, c.now)}
    assert phrases["al-tulaysieh"] == ("Claimed by MOC; not confirmed by anyone independent; "
                                       "denied by Ministry of Defence and Al-Watan")
    assert phrases["aleppo"] == "Contested: claimed by MOC, disputed by Syrian army"
    assert phrases["aleppo-military-academy"] == "Held by MOC: confirmed by AFP"
    for phrase in phrases.values():
        assert "unconfirmed by" not in phrase and not phrase.startswith("Contested by")


def test_no_sentence_is_said_twice_in_one_entry(publication):
    """A note shared by a claim's places, or by a step of its history, is said once; a place's own
    note that repeats it keeps only its own sentences (Taybat al-Imam's did)."""
    site, ledger = publication
    parties = set()
    for claim in ledger:
        entry = ledger_entry(site, claim, parties)
        said = [s for note in entry["shared_notes"] for s in sentences(note)]
        said += [s for note in entry["own_notes"].values() for s in sentences(note)]
        said += [s for notes in (step["notes"] for step in entry["steps"]) for note, _ in notes for s in sentences(note)]
        assert len(said) == len(set(said)), claim.id


def test_a_place_s_note_that_repeats_a_shared_one_keeps_only_its_own_sentences():
    shared = "The denial names no village."
    steps = (StatusChange(D(2024, 12, 2), "claimed", denied_by=("mod-statements",), note=shared),)

    def claim_event(ident, place, note):
        e = event(ident, D(2024, 12, 1), place, "reb", "captured", "claimed", note=note)
        return replace(e, history=(StatusChange(e.date, "claimed", ("reb-channel",)),) + steps,
                       denied_by=("mod-statements",))
    site = make_site([claim_event("a", "town-a", ""), claim_event("b", "town-b", "Read as Town B. " + shared)])
    [claim] = claims_ledger(site)
    shared_notes, own, step_notes = entry_notes(claim)
    assert step_notes == [[], [(shared, [])]]               # said once, for every place
    assert own == [("town-b", "Read as Town B.")] and shared_notes == []


def test_each_step_says_what_it_did():
    claimed = StatusChange(D(2024, 12, 1), "claimed", claimed_by=("reb-channel",))
    denied = StatusChange(D(2024, 12, 2), "claimed", denied_by=("mod-statements",))
    contested = StatusChange(D(2024, 12, 3), "contested", claimed_by=("reb-channel",))
    assert [step_words(s, before) for s, before in ((claimed, ()), (denied, (claimed,)),
                                                    (contested, (claimed, denied)))] == [
        "first report", "still claimed, now denied", "until then claimed"]


def test_since_then_is_after_the_claim_and_the_same_day_is_evidence():
    """What happened at the place on the claim's own days is weighed as evidence; only what came
    later is listed as "Since then"."""
    site = make_site([
        event("claim", D(2024, 12, 1), "town-a", "reb", "captured", "claimed", denied_by=("mod-statements",)),
        event("same-day", D(2024, 12, 1), "town-a", "army", "clashes", "confirmed"),
        event("later", D(2024, 12, 3), "town-a", "army", "clashes", "confirmed"),
    ])
    [claim] = claims_ledger(site)
    assert [x.event.id for x in claim.evidence] == ["same-day"]
    assert [e.id for e in claim.later] == ["later"] and all(e.date > claim.last_day for e in claim.later)


def test_claim_sentences_say_who_says_so():
    site = make_site([
        event("c", D(2024, 12, 1), "town-a", "reb", "captured", "claimed"),
        event("s", D(2024, 12, 1), "town-b", "army", "secured", "claimed"),
        event("f", D(2024, 12, 1), "village-c", "reb", "captured", "confirmed"),
    ])
    c, s, f = site.events
    assert claim_sentence(site, c, [site.place("town-a")]) == "REB says it took Town A"
    assert claim_sentence(site, s, [site.place("town-b")]) == "Ministry of Defence says Army secured Town B"
    assert claim_sentence(site, f, [site.place("village-c")]) == "REB took Village C"


def test_the_home_page_makes_one_line_of_one_source_s_day(publication):
    """Al-Watan's field source named six villages the army secured on 2 December: one line, six links."""
    site, _ = publication
    lines = latest_lines(site)
    [watan] = [line for line in lines if len(line["events"]) == 6]
    assert watan["text"] == "Al-Watan says Syrian army secured six villages in Hama"
    assert [p.id for p in watan["places"]] == ["tal-al-nasiriyah", "tal-al-samman", "zour-al-jadeed",
                                               "zour-al-haisa", "zour-qasiyyah", "zour-balhussin"]
    assert len(lines) == 8 and sum(len(line["events"]) for line in lines) > 8
    # newest first: the last day it may have happened, the surer date first
    assert [line["events"][0].last_day for line in lines] == sorted(
        (line["events"][0].last_day for line in lines), reverse=True)
