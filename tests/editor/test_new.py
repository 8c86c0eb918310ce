"""generate.py new: correctly formed files and entries, never an overwrite, never a reused id."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import yaml

import generate
from briefing.build import load_site
from briefing.errors import ContentErrors, NewError
from briefing.editor.new import new_actor, new_brief, new_event, new_place, scalar
from conftest import ROOT, line_of

DAY = dt.date(2024, 12, 2)   # the fixture's as_of day: nothing may be dated after it


def errors_of(content):
    with pytest.raises(ContentErrors) as caught:
        load_site(content, drafts=True)
    return caught.value.errors


def run_cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), *args], capture_output=True, text=True)


def test_brief_with_everything_given_is_valid_and_dated_today(content):
    created = new_brief(content, 'Hama: the "front" moves south', "offensive", summary="The front moved.",
                        sources=["sohr"], actors=["hts"], places=["aleppo"], today=DAY)
    assert created.path == content / "briefs" / "hama-the-front-moves-south.md" and created.todos == []
    brief = next(b for b in load_site(content).briefs if b.slug == "hama-the-front-moves-south")
    assert (brief.title, brief.date, brief.topic) == ('Hama: the "front" moves south', DAY, "offensive")
    assert (brief.sources, brief.actors, brief.places, brief.draft) == (("sohr",), ("hts",), ("aleppo",), False)


def test_brief_left_to_fill_in_is_rejected_by_check_with_clear_messages(content):
    created = new_brief(content, "Talks in Doha", "diplomacy", draft=True, today=DAY)
    assert created.todos == ["summary", "sources"]
    errors = errors_of(content)
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [
        (line_of(created.path, "summary:"), "'summary' is still a placeholder"),
        (line_of(created.path, "sources:"), "'sources' is still a placeholder")]
    assert all(e.file.endswith("talks-in-doha.md") and "TODO" in e.hint for e in errors)
    check = run_cli("check", "--content", str(content))
    assert check.returncode == 1 and "talks-in-doha.md:4: error: 'summary' is still a placeholder" in check.stderr


def test_brief_refuses_to_overwrite_or_take_an_id_in_use(content):
    path = content / "briefs" / "diplomacy.md"
    before = path.read_bytes()
    with pytest.raises(NewError, match="already used by a brief"):
        new_brief(content, "Diplomacy", "diplomacy")
    with pytest.raises(NewError, match="already used by a place"):
        new_brief(content, "Aleppo", "offensive")
    with pytest.raises(NewError, match="not a valid id"):
        new_brief(content, "Anything", "offensive", slug="Bad Slug")
    with pytest.raises(NewError, match=r"unknown topic 'ofensive' \(did you mean 'offensive'\?\)"):
        new_brief(content, "Anything", "ofensive")
    with pytest.raises(NewError, match="unknown source 'sohrr'"):
        new_brief(content, "Anything", "offensive", sources=["sohrr"])
    assert path.read_bytes() == before
    assert sorted(p.name for p in (content / "briefs").iterdir()) == ["diplomacy.md", "draft-note.md",
                                                                      "the-offensive.md"]


def test_actor_is_appended_as_text_keeping_comments(content):
    path = content / "actors.yaml"
    original = "# Who is who.\n" + path.read_text().rstrip("\n") + "  # no newline at the end\n"
    original = original.rstrip("\n")
    path.write_text(original)
    created = new_actor(content, "iran", "Islamic Republic of Iran", "state", short_name="Iran",
                        country="Iran", side="government", part_of=["russia"], aliases=["Tehran: the government"])
    text = path.read_text()
    assert text.startswith(original + "\n")           # the old text, byte for byte
    assert created.line == line_of(path, "- id: iran")
    actor = load_site(content).actor("iran")
    assert (actor.name, actor.kind, actor.short_name, actor.side) == ("Islamic Republic of Iran", "state", "Iran",
                                                                      "government")
    assert actor.part_of == ("russia",) and actor.aliases == ("Tehran: the government",)
    with pytest.raises(NewError, match="already used by an actor"):
        new_actor(content, "iran", "Iran", "state")
    with pytest.raises(NewError, match="already used by a source"):
        new_actor(content, "sohr", "SOHR", "monitor")
    with pytest.raises(NewError, match=r"'Iran' is not a valid id .* e\.g\. 'iran'"):
        new_actor(content, "Iran", "Iran", "state")
    with pytest.raises(NewError, match="unknown side"):
        new_actor(content, "turkey", "Turkey", "state", side="nato")
    assert path.read_text() == text


def test_place_keeps_the_files_layout(content):
    path = content / "places.yaml"
    original = ("# Places.\n\n# --- Cities ---\n\n" + path.read_text().replace("- id: saraqib", "\n- id: saraqib")
                + "\n# --- Towns (more to come) ---\n")
    path.write_text(original)
    new_place(content, "hama", "Hama", "city", "Hama", 35.13179, 36.75783, geonames=170017)
    text = path.read_text()
    assert text.startswith(original)
    assert text[len(original):] == ("\n- id: hama\n  name: Hama\n  kind: city\n  governorate: Hama\n"
                                    "  lat: 35.13179\n  lon: 36.75783\n  geonames: 170017\n  coords_source: GeoNames\n")
    place = load_site(content).place("hama")
    assert (place.lat, place.lon, place.geonames, place.coords_source) == (35.13179, 36.75783, 170017, "GeoNames")
    with pytest.raises(NewError, match="say where the coordinates come from"):
        new_place(content, "kafr", "Kafr", "village", "Idlib", 35.9, 36.6)
    with pytest.raises(NewError, match="swapped"):
        new_place(content, "kafr", "Kafr", "village", "Idlib", 136.6, 35.9, coords_source="estimate")


def test_place_is_refused_where_the_build_would_refuse_it(content):
    """new place runs the build's check of where a place is before it writes anything."""
    path = content / "places.yaml"
    before = path.read_text()
    with pytest.raises(NewError) as caught:
        new_place(content, "kafr", "Kafr", "village", "Idlib", 36.80056, 35.86444, coords_source="estimate")
    assert str(caught.value) == ("place 'kafr' (lat 36.80056, lon 35.86444) is in the sea, 79 km outside its "
                                 "governorate 'Idlib' (lat and lon look swapped: lat 35.86444, lon 36.80056 is in Idlib)")
    with pytest.raises(NewError, match="'Idilb' is not a governorate of Syria .did you mean 'Idlib'"):
        new_place(content, "kafr", "Kafr", "village", "Idilb", 35.86444, 36.80056, coords_source="estimate")
    assert path.read_text() == before
    new_place(content, "kafr", "Kafr", "village", "Idleb", 35.86444, 36.80056, coords_source="estimate")
    assert load_site(content).place("kafr").governorate == "Idleb"


def test_indented_lists_are_followed_and_flow_lists_refused(content):
    (content / "places.yaml").write_text("".join("  " + line for line in
                                                 (content / "places.yaml").read_text().splitlines(True)))
    new_place(content, "hama", "Hama", "city", "Hama", 35.1, 36.7, coords_source="approximate")
    assert load_site(content).place("hama").coords_source == "approximate"
    assert (content / "places.yaml").read_text().endswith("  - id: hama\n    name: Hama\n    kind: city\n"
                                                          "    governorate: Hama\n    lat: 35.1\n    lon: 36.7\n"
                                                          "    coords_source: approximate\n")
    events = content / "events.yaml"
    events.write_text("[]  # none yet\n")
    with pytest.raises(NewError, match=r"\[\.\.\.\] list"):
        new_event(content, "moc", "captured", "confirmed", place="aleppo", summary="x", sources=["sohr"],
                  confirmed_by=["sohr"])
    assert events.read_text() == "[]  # none yet\n"


def test_a_broken_file_is_not_appended_to(content):
    path = content / "actors.yaml"
    path.write_text(path.read_text() + "- id: [oops\n")
    before = path.read_text()
    with pytest.raises(NewError, match="has errors; fix them first"):
        new_actor(content, "iran", "Iran", "state")
    assert path.read_text() == before


def test_event_gets_its_id_from_date_and_place_and_todo_only_where_needed(content):
    created = new_event(content, "moc", "captured", "contested", place="saraqib", date="2024-12-01",
                        confirmed_by=["sohr"])
    assert created.ident == "2024-12-01-saraqib"
    assert created.todos == ["summary", "claimed_by", "denied_by", "sources"]
    errors = errors_of(content)
    assert sorted(e.message.split(":")[0] for e in errors) == [
        "'claimed_by' is still a placeholder", "'denied_by' is still a placeholder",
        "'sources' is still a placeholder", "'summary' is still a placeholder"]   # nothing else
    with pytest.raises(NewError, match="already used by an event"):
        new_event(content, "moc", "captured", "claimed", place="saraqib", date="2024-12-01")


def test_event_with_everything_given_is_valid(content):
    new_event(content, "hts", "statement", "claimed", summary="HTS says: the road is open.",
              sources=["moc-telegram"], claimed_by=["moc-telegram"], today=DAY)
    event = next(e for e in load_site(content).events if e.id == "2024-12-02-hts")
    assert (event.date, event.place, event.summary, event.claimed_by) == (DAY, "", "HTS says: the road is open.",
                                                                          ("moc-telegram",))
    with pytest.raises(NewError, match="pass --place"):
        new_event(content, "hts", "captured", "claimed", today=DAY)
    with pytest.raises(NewError, match="not a real date"):
        new_event(content, "hts", "statement", "claimed", date="2024-02-30")
    with pytest.raises(NewError, match=r"unknown actor 'htss' in --actor \(did you mean 'hts'\?\)"):
        new_event(content, "htss", "statement", "claimed")


@pytest.mark.parametrize("value", ["plain", "yes", "null", "1.5", "2024-01-01", "a: b", "x #y", "'q'", "- z",
                                   "[list]", "{map}", "café \u2018quoted\u2019", 'he said "no"', "@at", "%p", "  pad "])
def test_scalars_read_back_as_written(value):
    assert yaml.safe_load(f"key: {scalar(value)}") == {"key": value}


def test_cli_new_reports_what_it_did_and_refuses_clearly(content):
    ok = run_cli("new", "actor", "iran", "--name", "Iran", "--kind", "state", "--part-of", "russia,moc",
                 "--content", str(content))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"Added actor 'iran' to {content / 'actors.yaml'} at line ")
    assert load_site(content).actor("iran").part_of == ("russia", "moc")


def test_cli_new_in_process(content, capsys):
    assert generate.main(["new", "actor", "hts", "--name", "Iran", "--kind", "state", "--content", str(content)]) == 1
    assert capsys.readouterr().err.startswith("error: the id 'hts' is already used by an actor")
    assert generate.main(["new", "brief", "Day six", "--topic", "offensive", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "Still to write: summary, sources" in out
    assert "Note: its date, " in out and "is after as_of in site.yaml (2024-12-02T18:00:00Z)" in out  # today is
    written = (content / "briefs" / "day-six.md").read_text()
    assert any(f"date: {dt.date.today() - dt.timedelta(days=d)}\n" in written for d in (0, 1))  # midnight
    with pytest.raises(SystemExit) as exit_:
        generate.main(["new", "place", "x", "--name", "X", "--kind", "hamlet", "--governorate", "Idlib",
                       "--lat", "1", "--lon", "2", "--content", str(content)])
    assert exit_.value.code == 2 and "invalid choice: 'hamlet'" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["serve"], ["new", "brief"], ["new", "actor"], ["new", "place"],
                                     ["new", "event"], ["places", "lookup"], ["check"]])
def test_cli_help_for_every_editor_command(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        generate.main([*command, "--help"])
    assert exit_.value.code == 0 and "--content" in capsys.readouterr().out


def test_death_tolls_need_no_actor(content):
    created = new_event(content, None, "casualties", "confirmed", summary="SOHR counts 446 dead.",
                        sources=["sohr"], confirmed_by=["sohr"], today=DAY)
    assert created.ident == "2024-12-02-casualties"
    assert next(e for e in load_site(content).events if e.id == created.ident).actor == ""
    with pytest.raises(NewError, match="pass --actor"):
        new_event(content, None, "captured", "claimed", place="aleppo", today=DAY)


def test_a_new_entry_dated_after_as_of_is_written_with_a_note_and_check_reports_it(content):
    later = dt.date(2024, 12, 5)
    brief = new_brief(content, "Later", "offensive", summary="S.", sources=["sohr"], today=later)
    event = new_event(content, "moc", "captured", "confirmed", place="saraqib", summary="S.",
                      sources=["sohr"], confirmed_by=["sohr"], date="2024-12-05")
    for created in (brief, event):
        assert created.notes == ["its date, 2024-12-05, is after as_of in site.yaml (2024-12-02T18:00:00Z); "
                                 "check and build report it until you move as_of forward (or correct the date)"]
    assert [(e.file.split("/")[-1], e.line, e.message) for e in errors_of(content)] == [
        ("later.md", line_of(brief.path, "date:"), "'date' (2024-12-05) is after as_of"),
        ("events.yaml", event.line + 1, "'date' (2024-12-05) is after as_of")]
    assert new_brief(content, "On the day", "offensive", today=DAY).notes == []
