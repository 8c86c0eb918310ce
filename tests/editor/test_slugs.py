"""Ids made from names in any script (issue 14, kind 9): `new brief "سقوط حلب"` wrote
briefs/my-id.md, and a second Arabic title then failed with an id the editor never chose.

A title is transliterated (python-slugify with text-unidecode); when that leaves nothing
usable (emoji, punctuation), `new` asks for --slug. Never a placeholder.
"""
from __future__ import annotations

import datetime as dt

import pytest

import generate
from briefing.build import load_site
from briefing.content.fields import ID_PATTERN, slugify
from briefing.errors import ContentErrors, NewError
from briefing.editor.new import new_actor, new_brief, new_place

DAY = dt.date(2024, 12, 2)

SCRIPTS = [
    ("سقوط حلب", "sqwt-hlb"),                          # Arabic
    ("Падение Алеппо", "padenie-aleppo"),              # Cyrillic
    ("阿勒颇陷落", "a-le-po-xian-luo"),                  # Chinese
    ("Πτώση του Χαλεπιού", "ptose-tou-khalepiou"),     # Greek
    ("Türkiye", "turkiye"),                            # accented Latin
    ("Ḥamā", "hama"),
    ("Assad’s fall", "assads-fall"),                   # an apostrophe joins, as in the word
    ("معركة حماة", "mrk-hm"),                          # the ayn (ع) is an apostrophe in Latin: it joins too
]
NOTHING_USABLE = ["🔥🔥", "?!…", "— · —", "___"]


@pytest.mark.parametrize("title, slug", SCRIPTS)
def test_titles_in_any_script_are_transliterated(title, slug):
    assert slugify(title) == slug and ID_PATTERN.match(slug)


@pytest.mark.parametrize("title", NOTHING_USABLE)
def test_a_title_with_nothing_to_spell_gives_no_slug_not_a_placeholder(title):
    assert slugify(title) == ""


def test_a_slug_respects_the_id_pattern_and_its_length():
    long = " ".join(["Aleppo"] * 30)
    assert len(slugify(long)) <= 80 and ID_PATTERN.match(slugify(long)) and not slugify(long).endswith("-")
    assert len(slugify(long, 60)) <= 60 and slugify(long, 60).startswith("aleppo-aleppo")
    assert slugify("ÄÖÜ 2024 -- Über") == "aou-2024-uber"


@pytest.mark.parametrize("title, slug", SCRIPTS)
def test_new_brief_from_a_title_in_any_script(content, title, slug):
    created = new_brief(content, title, "offensive", summary="S.", sources=["sohr"], today=DAY)
    assert created.path == content / "briefs" / f"{slug}.md" and created.ident == slug
    assert next(b for b in load_site(content).briefs if b.slug == slug).title == title


def test_a_second_arabic_title_does_not_collide(content):
    first = new_brief(content, "سقوط حلب", "offensive", summary="S.", sources=["sohr"], today=DAY)
    second = new_brief(content, "الهجوم على حماة", "offensive", summary="S.", sources=["sohr"], today=DAY)
    assert first.ident != second.ident
    assert {b.slug for b in load_site(content).briefs} >= {first.ident, second.ident}
    assert not (content / "briefs" / "my-id.md").exists()


def test_the_same_title_again_is_refused_with_the_way_out(content):
    new_brief(content, "سقوط حلب", "offensive", today=DAY)
    with pytest.raises(NewError, match=r"^the id 'sqwt-hlb' \(made from the title\) is already used by a brief; "
                                       r"choose another with --slug$"):
        new_brief(content, "سقوط  حلب!", "offensive", today=DAY)


@pytest.mark.parametrize("title", NOTHING_USABLE)
def test_new_brief_asks_for_a_slug_when_the_title_gives_none(content, title):
    before = sorted(p.name for p in (content / "briefs").iterdir())
    with pytest.raises(NewError, match=r"^the title gives no usable file name \(no letters or digits that can be "
                                       r"written in Latin\); give one with --slug, e.g\. --slug aleppo-falls$"):
        new_brief(content, title, "offensive", today=DAY)
    assert sorted(p.name for p in (content / "briefs").iterdir()) == before
    created = new_brief(content, title, "offensive", slug="fire", today=DAY)
    assert created.path.name == "fire.md"


def test_cli_asks_for_a_slug(content, capsys):
    assert generate.main(["new", "brief", "🔥", "--topic", "offensive", "--content", str(content)]) == 1
    assert "give one with --slug" in capsys.readouterr().err
    assert generate.main(["new", "brief", "سقوط حلب", "--topic", "offensive", "--content", str(content)]) == 0
    assert (content / "briefs" / "sqwt-hlb.md").exists()


@pytest.mark.parametrize("given, hint", [
    ("Türkiye", "e.g. 'turkiye'"),
    ("هيئة تحرير الشام", "e.g. 'hyy-thryr-lshm'"),
    ("Дейр-эз-Зор", "e.g. 'deir-ez-zor'"),
])
def test_new_actor_and_place_suggest_a_transliterated_id(content, given, hint):
    with pytest.raises(NewError, match=f"is not a valid id for an actor: .*{hint}$"):
        new_actor(content, given, "Name", "state")
    with pytest.raises(NewError, match=f"is not a valid id for a place: .*{hint}$"):
        new_place(content, given, "Name", "town", "Idlib", 35.0, 36.0, coords_source="approximate")


def test_new_actor_with_nothing_to_spell_gets_no_made_up_example(content):
    with pytest.raises(NewError) as caught:
        new_actor(content, "🔥", "Name", "state")
    assert str(caught.value) == ("'🔥' is not a valid id for an actor: use lower-case letters, digits and "
                                 "hyphens, starting with a letter or digit")


def errors_of(content):
    with pytest.raises(ContentErrors) as caught:
        load_site(content, drafts=True)
    return caught.value.errors


@pytest.mark.parametrize("given, hint", [
    ("Türkiye", "use lower-case letters, digits and hyphens, e.g. 'turkiye'"),
    ("حلب", "use lower-case letters, digits and hyphens, e.g. 'hlb'"),
    ("🔥", "use lower-case letters, digits and hyphens"),
])
def test_an_invalid_id_in_content_gets_a_transliterated_example(content, given, hint):
    path = content / "places.yaml"
    path.write_text(path.read_text().replace("- id: saraqib", f"- id: {given}", 1), encoding="utf-8")
    error = next(e for e in errors_of(content) if "is not a valid id" in e.message)
    assert (error.message, error.hint) == (f"'{given}' is not a valid id", hint)


@pytest.mark.parametrize("name, hint", [
    ("Türkiye.md", "rename it to 'turkiye.md'"),
    ("سقوط حلب.md", "rename it to 'sqwt-hlb.md'"),
    ("🔥.md", "rename it: lower-case letters, digits and hyphens, then .md"),
])
def test_a_file_name_that_cannot_be_a_slug_gets_a_transliterated_name(content, name, hint):
    (content / "briefs" / "diplomacy.md").rename(content / "briefs" / name)
    error = next(e for e in errors_of(content) if "cannot be a slug" in e.message)
    assert error.hint == hint
