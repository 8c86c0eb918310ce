"""Validation: every problem is reported with file, line and, where possible, what was meant."""
import pytest

from briefing.build import load_site
from briefing.errors import ContentErrors
from conftest import edit, line_of


def errors_of(content):
    with pytest.raises(ContentErrors) as caught:
        load_site(content)
    return caught.value.errors


def only_error(content):
    errors = errors_of(content)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def test_valid_content_loads(content):
    site = load_site(content)
    assert [b.slug for b in site.briefs] == ["the-offensive", "diplomacy"]  # newest first, no draft
    assert load_site(content, drafts=True).briefs[0].slug in ("draft-note", "the-offensive")
    assert site.actor("hts").part_of == ("moc",)
    assert site.relations[0].id == "hts--leads--moc"


def test_unknown_key_suggests_the_right_one(content):
    edit(content / "actors.yaml", "  short_name: HTS", "  shortname: HTS")
    error = only_error(content)
    assert error.file.endswith("actors.yaml")
    assert error.line == line_of(content / "actors.yaml", "shortname")
    assert "unknown key 'shortname'" in error.message and "short_name" in error.hint


def test_unknown_reference_suggests_a_close_id(content):
    edit(content / "relations.yaml", "  to: moc", "  to: mocc")
    error = only_error(content)
    assert error.line == line_of(content / "relations.yaml", "to: mocc")
    assert error.message == "unknown actor 'mocc' in 'to'" and "'moc'" in error.hint


def test_an_id_in_capitals_suggests_it_in_lower_case(content):
    """difflib scores 'HTS' against 'hts' as nothing alike: the case is compared first."""
    edit(content / "relations.yaml", "  to: moc", "  to: MOC")
    error = only_error(content)
    assert error.message == "unknown actor 'MOC' in 'to'" and error.hint == "did you mean 'moc'?"


def test_reference_to_the_wrong_kind_says_so(content):
    edit(content / "events.yaml", "  actor: moc\n  kind: captured", "  actor: aleppo\n  kind: captured")
    error = only_error(content)
    assert "'aleppo' is a place, not a actor" in error.hint or "'aleppo' is a place" in error.hint


def test_unknown_id_in_front_matter_and_wikilink(content):
    brief = content / "briefs" / "the-offensive.md"
    edit(brief, "actors: [hts, moc]", "actors: [hts, mocc]")
    edit(brief, "[[saraqib]]", "[[saraquib]]")
    errors = errors_of(content)
    assert [(e.line, e.message) for e in errors] == [
        (line_of(brief, "actors:"), "unknown actor 'mocc' in 'actors'"),
        (line_of(brief, "[[saraquib]]"), "[[saraquib]] links to an unknown id"),
    ]
    assert "saraqib" in errors[1].hint


def test_wikilink_syntax_in_code_or_a_comment_is_not_a_link(content):
    brief = content / "briefs" / "the-offensive.md"
    with open(brief, "a", encoding="utf-8") as f:
        f.write("\nLink with `[[some-id]]`.\n\n<!-- [[left-out]]\n-->\n\nBut [[nowhere]] is one.\n")
    error = only_error(content)
    assert (error.line, error.message) == (line_of(brief, "[[nowhere]]"), "[[nowhere]] links to an unknown id")


def test_wrong_dates(content):
    edit(content / "events.yaml", "date: 2024-11-29", "date: 2024-11-31")
    edit(content / "site.yaml", "as_of: 2024-12-02T18:00:00+00:00", "as_of: 2024-12-02T18:00:00")
    errors = errors_of(content)
    messages = sorted(e.message for e in errors)
    assert messages == ["'2024-11-31' is not a real date", "'2024-12-02T18:00:00' has no time zone"]


def test_duplicate_ids_across_files(content):
    with open(content / "places.yaml", "a", encoding="utf-8") as places:
        places.write("- id: hts\n  name: H\n  kind: town\n  governorate: Idlib\n  lat: 35.86\n  lon: 36.8\n"
                     "  coords_source: test\n")
    error = only_error(content)
    assert error.message == "duplicate id 'hts'"
    assert error.file.endswith("places.yaml") and "actors.yaml" in error.hint


def test_relation_to_itself_and_out_of_range_latitude(content):
    edit(content / "relations.yaml", "  to: moc", "  to: hts")
    edit(content / "places.yaml", "lat: 36.20278", "lat: 136.2")
    messages = [e.message for e in errors_of(content)]
    assert "a relation cannot go from 'hts' to itself" in messages
    assert "'lat' is 136.2, outside the range -90 to 90" in messages


def test_status_needs_its_sources(content):
    edit(content / "events.yaml", "  confirmed_by: [sohr]\n", "")
    error = only_error(content)
    assert error.message == "an event with status 'confirmed' needs 'confirmed_by'"


def test_enumerations_suggest(content):
    edit(content / "relations.yaml", "type: backs", "type: back")
    error = only_error(content)
    assert "'back' is not a known type" in error.message and "'backs'" in error.hint


def test_all_errors_reported_together_in_file_order(content):
    edit(content / "actors.yaml", "kind: coalition", "kind: coalitoin")
    edit(content / "places.yaml", "  governorate: Idlib\n", "")
    (content / "briefs" / "broken.md").write_text("no front matter here\n")
    errors = errors_of(content)
    assert len(errors) == 3
    assert [e.file.rsplit("/", 1)[-1] for e in errors] == ["actors.yaml", "broken.md", "places.yaml"]


def test_yaml_error_does_not_cascade(content):
    edit(content / "places.yaml", "  lat: 35.86444", "   lat: 35.86444")
    error = only_error(content)
    assert error.message.startswith("invalid YAML") and error.file.endswith("places.yaml")
    assert error.line == line_of(content / "places.yaml", "   lat: 35.86444")


def test_missing_required_key(content):
    edit(content / "sources.yaml", "  note: The coalition's own claims.\n", "")
    error = only_error(content)
    assert error.message == "a source is missing required key 'note'"
    assert error.line == line_of(content / "sources.yaml", "id: moc-telegram")


def test_bad_slug_from_file_name(content):
    (content / "briefs" / "the-offensive.md").rename(content / "briefs" / "The Offensive.md")
    errors = errors_of(content)
    assert [e.message for e in errors] == ["file name 'The Offensive.md' cannot be a slug",
                                          "[[the-offensive]] links to an unknown id"]
    assert "the-offensive.md" in errors[0].hint


def test_error_text_names_file_and_line(content):
    edit(content / "actors.yaml", "kind: state", "kind: nation")
    error = only_error(content)
    assert str(error).startswith(f"{error.file}:{error.line}: error: 'nation' is not a known kind")


def test_actor_optional_only_for_tolls_and_displacement(content):
    edit(content / "events.yaml", "  actor: moc\n  kind: advanced", "  kind: casualties")
    assert load_site(content).events[1].actor == ""
    edit(content / "events.yaml", "  actor: moc\n  kind: captured", "  kind: captured")
    error = only_error(content)
    assert error.message == "an event is missing required key 'actor'"


def test_a_brief_that_cannot_be_read_is_one_error_not_a_cascade(content):
    edit(content / "briefs" / "diplomacy.md", "title: Regional diplomacy", "title: Talks: in Doha")
    edit(content / "briefs" / "the-offensive.md", "Fighters entered [[aleppo]]", "Fighters entered [[aleppo]] ([[diplomacy]])")
    error = only_error(content)
    assert error.file.endswith("diplomacy.md") and "invalid YAML" in error.message


@pytest.mark.parametrize("image", ["![map](https://example.org/a.png)", '<img src="//example.org/a.png" alt="">',
                                   '<IMG alt="" SRC=http://example.org/a.png>'])
def test_images_from_other_sites_are_refused(content, image):
    brief = content / "briefs" / "diplomacy.md"
    edit(brief, "[[russia]] said", f"{image}\n\n[[russia]] said")
    error = only_error(content)
    assert error.message == "image from another site" and error.line == line_of(brief, image[:12])


def test_relative_images_are_fine(content):
    edit(content / "briefs" / "diplomacy.md", "[[russia]] said", "![a map](../../assets/map.png)\n\n[[russia]] said")
    load_site(content)


def test_a_missing_content_folder_is_one_clear_error(tmp_path):
    with pytest.raises(ContentErrors) as caught:
        load_site(tmp_path / "no-such-folder")
    [error] = caught.value.errors
    assert error.message == "content folder not found" and error.file.endswith("no-such-folder")
