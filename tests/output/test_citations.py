"""The citation downloads (output/citations.py), read back by independent parsers: BibTeX by
bibtexparser (with its LaTeX decoding), RIS by rispy, CSL-JSON by citeproc-py, which must format
each brief's download as the brief's page shows its reference."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from briefing.build import load_site
from briefing.derive.citations import brief_reference, briefs_references
from briefing.output.citations import to_bibtex, to_ris
from briefing.render.citation import format_reference
from conftest import MINI, ROOT, build_to, edit
from hostile import write_hostile_content

BASE = "https://briefing.example.org/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """The publication, the mini fixture and the hostile fixture, each built: name -> (site, out)."""
    root = tmp_path_factory.mktemp("citations")
    sites = {"publication": ROOT / "content", "mini": MINI,
             "hostile": write_hostile_content(root / "hostile-content")}
    found = {}
    for name, content in sites.items():
        build_to(content, root / name, search=False)
        found[name] = (load_site(content), root / name)
    return found


def parse_bib(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert not library.failed_blocks, library.failed_blocks
    return library


def fields(entry) -> dict:
    return {field.key: field.value for field in entry.fields}


@pytest.mark.parametrize("name", ["publication", "mini", "hostile"])
def test_every_brief_has_each_file_with_its_address_and_the_cut_off(built, name):
    site, out = built[name]
    base = site.config.base_url
    as_of_day = site.config.as_of.date().isoformat()
    for brief in site.briefs:
        address = base + f"briefs/{brief.slug}/"
        [entry] = parse_bib((out / f"citations/briefs/{brief.slug}.bib").read_text(encoding="utf-8")).entries
        bib = fields(entry)
        assert (entry.entry_type, entry.key) == ("online", brief.slug)
        assert (bib["url"], bib["urldate"], bib["date"]) == (address, as_of_day, brief.date.isoformat())
        assert bib["note"] == "Information as of 2 December 2024, 18:00 UTC"
        assert bib["title"] == brief.title and bib["author"] == (site.config.author or site.config.title)

        with (out / f"citations/briefs/{brief.slug}.ris").open(encoding="utf-8", newline="") as f:
            [record] = rispy.load(f)
        assert record["type_of_reference"] == "NEWS" and record["urls"] == [address]
        assert record["access_date"] == as_of_day.replace("-", "/") and record["title"] == " ".join(brief.title.split())
        assert record["notes"] == ["Information as of 2 December 2024, 18:00 UTC"]
        raw = (out / f"citations/briefs/{brief.slug}.ris").read_bytes()
        assert raw.startswith(b"TY  - NEWS\r\n") and b"\r\nER  - \r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")

        [item] = json.loads((out / f"citations/briefs/{brief.slug}.json").read_text(encoding="utf-8"))
        assert item == brief_reference(site, brief, base)
        assert item["URL"] == address and item["note"].startswith("Information as of")
        assert item["accessed"] == {"date-parts": [[2024, 12, 2]]}


@pytest.mark.parametrize("name", ["publication", "hostile"])
def test_the_files_for_every_brief_hold_them_all_newest_first(built, name):
    site, out = built[name]
    expected = [item["id"] for item in briefs_references(site, site.config.base_url)]
    assert sorted(expected) == sorted(b.slug for b in site.briefs)
    assert [e.key for e in parse_bib((out / "citations/briefs.bib").read_text(encoding="utf-8")).entries] == expected
    with (out / "citations/briefs.ris").open(encoding="utf-8", newline="") as f:
        assert [r["id"] for r in rispy.load(f)] == expected
    assert [i["id"] for i in json.loads((out / "citations/briefs.json").read_text(encoding="utf-8"))] == expected


@pytest.mark.parametrize("name", ["publication", "mini", "hostile"])
def test_citeproc_formats_each_csl_json_download_as_the_brief_shows_it(built, name):
    """The CSL-JSON download, loaded as any reader would, gives the reference on the page."""
    site, out = built[name]
    for brief in site.briefs:
        [item] = json.loads((out / f"citations/briefs/{brief.slug}.json").read_text(encoding="utf-8"))
        page = (out / f"briefs/{brief.slug}/index.html").read_text(encoding="utf-8")
        shown = re.search(r'<p class="cite-ref">(.*?)</p>', page, re.S).group(1)
        assert shown == str(format_reference(item))
        for label, ext in (("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "json")):
            assert f'<a href="../../citations/briefs/{brief.slug}.{ext}">{label}</a>' in page
            assert f'<a href="../../citations/briefs.{ext}">{label}</a>' in page


LATEX_SPECIALS = r"Braces {unbalanced and } \ back, 100% & #1 $5 a_b ~ ^ <!-- x --> ``q'' ,,a<<b>> ?`! — Alep ‘حلب’"


def decoded(entry, name: str) -> str:
    """A field as pylatexenc reads it; it gives \\textasciicircum{} as U+02C6, where LaTeX prints '^'."""
    return fields(entry)[name].replace("\u02c6", "^")


def test_latex_specials_and_any_script_come_back_from_bibtex_as_written():
    site = load_site(MINI)
    item = dict(brief_reference(site, site.briefs[0], BASE), title=LATEX_SPECIALS, abstract=LATEX_SPECIALS + "\nline two")
    item["author"] = [{"literal": "Desk {of} 50%"}]
    [entry] = parse_bib(to_bibtex([item]).decode("utf-8")).entries
    assert decoded(entry, "title") == LATEX_SPECIALS
    assert decoded(entry, "abstract") == LATEX_SPECIALS + " line two"   # one line
    assert fields(entry)["author"] == "Desk {of} 50%"
    [record] = rispy.loads(to_ris([item]).decode("utf-8"))
    assert record["title"] == LATEX_SPECIALS and record["abstract"] == LATEX_SPECIALS + " line two"


def test_a_site_without_an_author_is_cited_under_its_title(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    edit(content / "site.yaml", "author: The test desk\n", "")
    build_to(content, tmp_path / "site", search=False)
    [item] = json.loads(next((tmp_path / "site/citations/briefs").glob("*.json")).read_text(encoding="utf-8"))
    assert item["author"] == [{"literal": "Test Briefing"}]
    page = next((tmp_path / "site/briefs").glob("*/index.html")).read_text(encoding="utf-8")
    assert re.search(r'<p class="cite-ref">Test Briefing \(2024\)', page)


@pytest.mark.parametrize("name", ["publication", "hostile"])
def test_every_listed_event_cites_its_anchor_in_the_chronology(built, name):
    """Wherever an event is listed with an anchor (chronology, actor, place, source pages), its row
    has a "Cite this event" block whose address is that event's anchor in the chronology of its
    own edition (an Arabic page's, in Arabic, the Arabic chronology)."""
    site, out = built[name]
    rows = 0
    for page in sorted(out.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for event_id, row in re.findall(r'<tr id="event-([^"]+)"(.*?)</tr>', html, re.S):
            edition = "ar/" if page.relative_to(out).parts[0] == "ar" else ""
            address = f"{site.config.base_url}{edition}chronology/#event-{event_id}"
            assert re.search(r'<summary>(?:Cite this event|استشهد بهذا الحدث)</summary>\s*<p class="cite-ref">.*?<a class="cite-url" href="'
                             + re.escape(address) + '">', row, re.S), (page, event_id)
            assert f'<tr id="event-{event_id}"' in (out / edition / "chronology/index.html").read_text(encoding="utf-8")
            rows += 1
    assert rows > len(site.events)     # the chronology's and at least one other page's
