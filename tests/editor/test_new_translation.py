"""`generate.py new translation`: a translation started from its original, never published half-done."""
from __future__ import annotations

import subprocess
import sys

import pytest

from briefing.build import load_site
from briefing.derive.editions import text_version, translation_status
from briefing.editor.new import new_translation
from briefing.errors import ContentErrors, NewError
from conftest import ROOT, edit


@pytest.fixture
def bilingual(content):
    edit(content / "site.yaml", "language: en", "languages: [en, ar]")
    return content


def test_a_new_translation_records_the_original_s_version_and_is_refused_until_written(bilingual):
    created = new_translation(bilingual, "the-offensive", "ar")
    path = bilingual / "briefs" / "the-offensive.ar.md"
    assert created.path == path
    text = path.read_text(encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_site(bilingual)
    assert {e.message.split(":")[0] for e in caught.value.errors} == {"'title' is still a placeholder",
                                                                      "'summary' is still a placeholder",
                                                                      "the translation has no body"}
    assert "## How it started" in text and text.index("<!--") < text.index("## How it started") < text.index("-->")
    text = text.replace("TODO: the title in this language", "الهجوم").replace(
        "TODO: the bottom line in one or two sentences", "ملخص.")
    path.write_text(text.replace("\n<!--", "\nنص مترجم.\n\n<!--", 1), encoding="utf-8")
    site = load_site(bilingual)
    original = next(b for b in site.briefs if b.slug == "the-offensive")
    assert f"translates: {text_version(original)}" in text
    assert {(s.slug, s.state) for s in translation_status(site)} >= {("the-offensive", "current")}


def test_a_translation_needs_a_language_of_the_site_and_an_original(bilingual):
    with pytest.raises(NewError, match="'fr' is not one of the site's other languages"):
        new_translation(bilingual, "the-offensive", "fr")
    with pytest.raises(NewError, match="'en' is not one of the site's other languages"):
        new_translation(bilingual, "the-offensive", "en")
    with pytest.raises(NewError, match="did you mean 'the-offensive'"):
        new_translation(bilingual, "the-ofensive", "ar")
    new_translation(bilingual, "the-offensive", "ar")
    with pytest.raises(NewError):   # never overwrites
        new_translation(bilingual, "the-offensive", "ar")


def test_the_command_line_starts_a_page_s_translation(bilingual):
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "new", "translation", "about", "ar", "--page",
                           "--content", str(bilingual)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (bilingual / "pages" / "about.ar.md").is_file()
    assert "Created" in done.stdout and "title, summary" in done.stdout
