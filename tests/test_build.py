"""The built site: complete, atomic, deterministic, and every internal link resolves."""
import hashlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from briefing.errors import ContentErrors
from briefing.errors import OutputFolderError
from conftest import MINI, ROOT, build_to, edit


def tree_digest(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") == "canonical") \
                    and not (tag == "meta"):
                self.links.append(attrs[name])


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_expected_pages_exist(mini_site):
    for path in ["index.html", "404.html", "briefs/the-offensive/index.html", "briefs/index.html",
                 "actors/hts/index.html", "places/aleppo/index.html", "sources/sohr/index.html",
                 "topics/offensive/index.html", "about/index.html", "feed.xml", "sitemap.xml",
                 "robots.txt", "data/events.csv", "data/events.json", "data/relations.json"]:
        assert (mini_site / path).is_file(), path
    assert not (mini_site / "briefs" / "draft-note").exists()
    assert len(list((mini_site / "assets").glob("style.*.css"))) == 1


def test_every_internal_link_and_anchor_resolves(mini_site):
    pages = {p: parse(p) for p in mini_site.rglob("*.html")}
    checked = 0
    for page, collector in pages.items():
        if page.name == "404.html":
            continue  # links from the site root; checked separately
        base = "http://site/" + page.relative_to(mini_site).as_posix()
        for link in collector.links:
            parts = urlsplit(urljoin(base, link))
            if parts.netloc != "site":
                continue
            target = mini_site / parts.path.lstrip("/")
            if parts.path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{page}: broken link {link}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in pages[target].ids, f"{page}: missing anchor {link}"
            checked += 1
    assert checked > 100


def test_404_links_work_from_any_depth(mini_site):
    links = [l for l in parse(mini_site / "404.html").links if l.startswith("/")]
    assert links and all((mini_site / l.lstrip("/")).exists() for l in links)


def test_brief_links_actors_both_ways(mini_site):
    brief = (mini_site / "briefs/the-offensive/index.html").read_text()
    actor = (mini_site / "actors/hts/index.html").read_text()
    assert 'href="../../actors/hts/"' in brief
    assert 'href="../../briefs/the-offensive/"' in actor
    assert "Syrian Observatory for Human Rights (SOHR)" in brief.split('id="sources-title"')[1]


def test_feed_and_sitemap_are_valid_xml(mini_site):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(mini_site / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}title").text for e in entries] == ["The offensive", "Regional diplomacy"]
    assert entries[0].find(f"{atom}id").text == "https://briefing.example.org/briefs/the-offensive/"
    urls = [u.text for u in ET.parse(mini_site / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://briefing.example.org/actors/hts/" in urls
    assert all(u.startswith("https://briefing.example.org/") for u in urls)
    assert not any("404" in u for u in urls)


def test_canonical_and_open_graph(mini_site):
    html = (mini_site / "briefs/the-offensive/index.html").read_text()
    assert '<link rel="canonical" href="https://briefing.example.org/briefs/the-offensive/">' in html
    assert '<meta property="og:type" content="article">' in html


def test_base_url_override(content, tmp_path):
    build_to(content, tmp_path / "out", base_url="https://preview.example.net/sub")
    assert "https://preview.example.net/sub/actors/hts/" in (tmp_path / "out/sitemap.xml").read_text()
    assert '"/sub/actors/"' in (tmp_path / "out/404.html").read_text()


def test_drafts_only_with_the_flag(content, tmp_path):
    build_to(content, tmp_path / "out", drafts=True)
    page = (tmp_path / "out/briefs/draft-note/index.html").read_text()
    assert "draft-banner" in page


def test_two_builds_are_byte_identical(content, tmp_path):
    build_to(content, tmp_path / "a")
    build_to(content, tmp_path / "b")
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_failed_build_leaves_previous_site_untouched(content, tmp_path):
    out = tmp_path / "site"
    build_to(content, out)
    before = tree_digest(out)
    edit(content / "briefs" / "the-offensive.md", "[[saraqib]]", "[[nowhere]]")
    edit(content / "briefs" / "diplomacy.md", "title: Regional diplomacy", "title: Changed")
    with pytest.raises(ContentErrors):
        build_to(content, out)
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_successful_rebuild_replaces_the_site(content, tmp_path):
    out = tmp_path / "site"
    build_to(content, out)
    (out / "stale.html").write_text("old")
    edit(content / "briefs" / "diplomacy.md", "title: Regional diplomacy", "title: Changed title")
    build_to(content, out)
    assert not (out / "stale.html").exists()
    assert "Changed title" in (out / "briefs/diplomacy/index.html").read_text()


def test_refuses_to_replace_a_folder_it_did_not_make(content, tmp_path):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    with pytest.raises(OutputFolderError):
        build_to(content, precious)
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_data_exports_match_content(mini_site):
    import csv
    import json
    events = json.loads((mini_site / "data/events.json").read_text())
    assert [e["id"] for e in events] == ["2024-11-29-saraqib", "2024-11-30-aleppo"]
    assert events[0]["claimed_by"] == ["moc-telegram"]
    rows = list(csv.DictReader((mini_site / "data/relations.csv").open()))
    assert {(r["source"], r["type"], r["target"]) for r in rows} == {
        ("hts", "leads", "moc"), ("moc", "fights", "syrian-government"), ("russia", "backs", "syrian-government")}


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), *args], cwd=cwd,
                          capture_output=True, text=True)


def test_cli_build_summary_and_exit_codes(content, tmp_path):
    ok = run_cli("build", "--content", str(content), "--out", str(tmp_path / "site"))
    assert ok.returncode == 0, ok.stderr
    assert re.match(r"Built \d+ pages \(\d+ files\) in [\d.]+ s", ok.stdout)
    edit(content / "actors.yaml", "kind: state", "kind: nation")
    bad = run_cli("build", "--content", str(content), "--out", str(tmp_path / "site"))
    assert bad.returncode == 1
    assert re.search(r"actors\.yaml:\d+: error: 'nation' is not a known kind", bad.stderr)
    assert "Traceback" not in bad.stderr
    assert run_cli("check", "--content", str(MINI)).returncode == 0


def test_cli_help_describes_each_command():
    for command in ("build", "check"):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "--content" in result.stdout


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path):
    """A --out whose parent cannot hold a folder (here a file; elsewhere a read-only disk)."""
    (tmp_path / "a-file").write_text("mine")
    with pytest.raises(OutputFolderError, match="cannot write the site beside .*; choose another --out"):
        build_to(MINI, tmp_path / "a-file" / "site", search=False)
    assert (tmp_path / "a-file").read_text() == "mine"


def test_the_downloads_a_body_may_link_are_those_written(mini_site):
    from briefing.build import download_paths
    written = {p.relative_to(mini_site).as_posix() for p in (mini_site / "data").iterdir()}
    assert download_paths() == written


def test_a_reused_spare_takes_a_folder_where_it_had_a_file_and_a_file_where_it_had_a_folder(tmp_path):
    from briefing.model import OutputFile
    from briefing.output.write import write_site
    out = tmp_path / "site"
    first = [OutputFile("a", b"file a"), OutputFile("b/index.html", b"folder b")]
    second = [OutputFile("a/index.html", b"now a folder"), OutputFile("b", b"now a file")]
    manifest = write_site(first, out)
    manifest = write_site(first, out, previous=manifest)       # the earlier `first` becomes the spare
    assert manifest["spare"]
    manifest = write_site(second, out, previous=manifest)      # staged in that spare
    assert (out / "a" / "index.html").read_bytes() == b"now a folder"
    assert (out / "b").read_bytes() == b"now a file"
    assert sorted(p.name for p in out.iterdir()) == [".briefing-build", "a", "b"]


def test_an_unchanged_file_is_never_written_again(tmp_path):
    """The manifest records each file as it is on disk (not as its write buffer left it), so
    the next build links it from the live site and the one after keeps the spare's copy:
    small files too, which a stat taken before the buffer was flushed recorded as empty."""
    from briefing.model import OutputFile
    from briefing.output.write import on_disk, spare_of, write_site
    out = tmp_path / "site"
    files = [OutputFile("small.json", b"{}"), OutputFile("a/index.html", b"<p>" * 3000),
             OutputFile("big.bin", bytes(range(256)) * 100)]
    manifest = write_site(files, out)
    for f in files:
        assert manifest["live"][f.path][1] == len(f.data), f.path
        assert on_disk(manifest, out, f.path, manifest["live"][f.path][0]), f.path
    first = {f.path: os.stat(out / f.path).st_ino for f in files}
    manifest = write_site(files, out, previous=manifest)    # linked from the live site
    assert {f.path: os.stat(out / f.path).st_ino for f in files} == first
    manifest = write_site(files, out, previous=manifest)    # staged in the spare: kept as they are
    assert {f.path: os.stat(out / f.path).st_ino for f in files} == first
    assert {f.path: os.stat(spare_of(out) / f.path).st_ino for f in files} == first


def test_a_link_put_in_place_of_a_kept_file_is_not_kept(tmp_path):
    """A symbolic link put where the spare had a file (pointing at the live copy, with the same
    size and times) is not that file: the next build writes the file, it does not keep a link to
    itself (which the reader would get as 'too many levels of symbolic links')."""
    from briefing.model import OutputFile
    from briefing.output.write import spare_of, write_site
    out = tmp_path / "site"
    files = [OutputFile("places/index.html", b"<p>places</p>"), OutputFile("index.html", b"<p>home</p>")]
    manifest = write_site(files, out)
    manifest = write_site(files, out, previous=manifest)       # the first build's folder is now the spare
    spare_copy = spare_of(out) / "places/index.html"
    spare_copy.unlink()
    spare_copy.symlink_to(out / "places/index.html")
    manifest = write_site(files, out, previous=manifest)       # staged in that spare
    assert not (out / "places/index.html").is_symlink()
    assert (out / "places/index.html").read_bytes() == b"<p>places</p>"
    write_site(files, out, previous=manifest)
    assert not (out / "places/index.html").is_symlink() and (out / "places/index.html").read_bytes() == b"<p>places</p>"
