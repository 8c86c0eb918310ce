"""A site in two languages: each edition's words, what is not yet translated, stale translations,
the marks on untranslated text, and the cache across editions."""
from __future__ import annotations

import re
import subprocess
import sys

from briefing import i18n
from briefing.build import load_site
from briefing.derive.editions import (Untranslated, edition, text_version, translation_status,
                                      untranslated_fields)
from briefing.render.untranslated import mark_languages
from conftest import ROOT, build_to, edit
from test_build import tree_digest


def bilingual(content, translates: str | None = "now"):
    """The mini fixture in English and Arabic: HTS and one history note translated, the offensive
    brief translated (recording the original's version now, unless told otherwise)."""
    edit(content / "site.yaml", "language: en", "languages: [en, ar]")
    edit(content / "actors.yaml", "  name: Hayat Tahrir al-Sham\n",
         "  name: {en: Hayat Tahrir al-Sham, ar: هيئة تحرير الشام}\n")
    original = load_site(content)
    version = text_version(next(b for b in original.briefs if b.slug == "the-offensive"))
    line = "" if translates is None else f"translates: {version if translates == 'now' else translates}\n"
    (content / "briefs" / "the-offensive.ar.md").write_text(
        f"---\ntitle: الهجوم\nsummary: ملخص.\n{line}---\n\nأعلنت [[hts]] الهجوم.\n", encoding="utf-8")
    return content


def test_an_edition_has_each_record_s_words_in_its_language_and_marks_the_rest(content):
    site = load_site(bilingual(content))
    arabic = edition(site, "ar")
    hts, moc = arabic.get("hts"), arabic.get("moc")
    assert hts.name == "هيئة تحرير الشام" and not isinstance(hts.name, Untranslated)
    assert isinstance(moc.name, Untranslated) and moc.name == "Military Operations Command" and moc.name.lang == "en"
    assert [a.id for a in arabic.actors] == [a.id for a in site.actors]   # same records, same order
    assert arabic.get("the-offensive").title == "الهجوم"
    assert isinstance(arabic.get("diplomacy").title, Untranslated)
    english = edition(site, "en")
    assert english.get("hts").name == "Hayat Tahrir al-Sham" and english.lang == "en"


def test_translation_status_tells_current_stale_unrecorded_and_missing(content):
    site = load_site(bilingual(content))
    states = {(s.slug, s.lang): s.state for s in translation_status(site)}
    assert states[("the-offensive", "ar")] == "current"
    assert states[("diplomacy", "ar")] == "missing"
    edit(content / "briefs" / "the-offensive.md", "## How it started", "## How it began")
    assert {(s.slug, s.state) for s in translation_status(load_site(content))} >= {("the-offensive", "stale")}


def test_a_change_to_what_a_translation_does_not_render_leaves_it_current(content):
    bilingual(content)
    edit(content / "briefs" / "the-offensive.md", "places: [aleppo]", "places: [aleppo, saraqib]")
    states = {(s.slug, s.lang): s.state for s in translation_status(load_site(content))}
    assert states[("the-offensive", "ar")] == "current"


def test_untranslated_fields_are_listed_with_file_and_line(content):
    site = load_site(bilingual(content))
    fields = untranslated_fields(site)
    assert ("actors.yaml" in fields[0][0] or fields[0][0].endswith("site.yaml"))
    names = {(ident, name) for _, ident, name, lang in fields if lang == "ar"}
    assert ("moc", "name") in names and ("hts", "name") not in names
    where = next(w for w, ident, name, _ in fields if ident == "moc" and name == "name")
    assert where.endswith("actors.yaml:1")


def test_check_reports_a_stale_translation(content):
    bilingual(content)
    edit(content / "briefs" / "the-offensive.md", "## How it started", "## How it began")
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "check", "--content", str(content)],
                          capture_output=True, text=True, cwd=content.parent)
    assert done.returncode == 0, done.stderr
    stale = [line for line in done.stdout.splitlines() if ": stale: " in line]
    assert len(stale) == 1 and "the-offensive.ar.md" in stale[0]
    now = text_version(next(b for b in load_site(content).briefs if b.slug == "the-offensive"))
    assert stale[0].rstrip().endswith(f"translates: {now}")
    assert "not yet translated into 'ar' (no diplomacy.ar.md)" in done.stdout


def test_a_stale_translation_says_so_on_its_page_and_links_the_original(content, tmp_path):
    bilingual(content, translates="000000000000")
    build_to(content, tmp_path / "site", search=False)
    page = (tmp_path / "site" / "ar" / "briefs" / "the-offensive" / "index.html").read_text(encoding="utf-8")
    assert 'class="notice translation-notice"' in page
    assert 'href="../../../briefs/the-offensive/" hreflang="en"' in page


def test_marks_become_spans_in_text_and_vanish_in_attributes_and_text_only_elements():
    name = Untranslated("Tom & Jerry", "en")
    marked = name.__html__()
    html = (f"<html><head><title>{marked} · x</title></head><body><p title=\"{marked}\">{marked}</p>"
            f"<select><option>{marked}</option></select></body></html>")
    with i18n.use("ar"):
        out = mark_languages(html)
    assert "<title>Tom &amp; Jerry · x</title>" in out
    assert '<p title="Tom &amp; Jerry"><span lang="en" dir="ltr">Tom &amp; Jerry</span></p>' in out
    assert "<option>Tom &amp; Jerry</option>" in out
    assert "\ue000" not in out and "\ue002" not in out
    assert mark_languages("<p>plain</p>") == "<p>plain</p>"
    assert Untranslated("نص", "ar").__html__() and mark_languages(Untranslated("نص", "ar").__html__()) == \
        '<span lang="ar" dir="rtl">نص</span>'


def test_a_bilingual_warm_build_is_byte_identical_to_a_cold_one(content, tmp_path):
    bilingual(content)
    build_to(content, tmp_path / "site", cache_dir=tmp_path / "cache", search=False)
    edit(content / "briefs" / "the-offensive.md", "## How it started", "## How it began")   # the translation goes stale
    warm = build_to(content, tmp_path / "site", cache_dir=tmp_path / "cache", search=False)
    assert warm.reused > 0
    build_to(content, tmp_path / "cold", search=False)
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")
    page = (tmp_path / "site" / "ar" / "briefs" / "the-offensive" / "index.html").read_text(encoding="utf-8")
    assert "translation-notice" in page


def test_an_untranslated_correction_is_shown_marked_and_reported(content, tmp_path):
    bilingual(content)
    edit(content / "briefs" / "the-offensive.md", "topic: offensive",
         "topic: offensive\ncorrections:\n  - date: 2024-12-02\n    text: An earlier version named the wrong town.")
    version = text_version(next(b for b in load_site(content).briefs if b.slug == "the-offensive"))
    page = content / "briefs" / "the-offensive.ar.md"
    page.write_text(re.sub(r"translates: \w+", f"translates: {version}", page.read_text(encoding="utf-8")),
                    encoding="utf-8")
    build_to(content, tmp_path / "site", search=False)
    arabic = (tmp_path / "site" / "ar" / "briefs" / "the-offensive" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="en" dir="ltr">An earlier version named the wrong town.</span>' in arabic
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "check", "--content", str(content)],
                          capture_output=True, text=True)
    assert "the-offensive.ar.md: the original's corrections are not translated" in done.stdout


def test_check_says_when_a_language_has_no_catalog_for_the_interface(content):
    bilingual(content)
    edit(content / "site.yaml", "languages: [en, ar]", "languages: [en, ar, fr]")
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "check", "--content", str(content)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "'fr' has no catalog for the interface" in done.stdout and "'ar' has no catalog" not in done.stdout
