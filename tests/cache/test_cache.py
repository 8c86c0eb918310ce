"""The build cache never changes the result: warm builds equal cold ones, and every input invalidates."""
import re
import shutil

import pytest

from briefing import build as build_module
from briefing.cache import store as cache_module
from briefing.render import parallel
from briefing.errors import CacheFolderError
from briefing.cache.keys import Digester
from briefing.model import Brief
from conftest import MINI, ROOT, build_to, edit
from test_build import tree_digest


@pytest.fixture
def cached(tmp_path):
    """build(content, out) with a cache folder of its own; returns the BuildResult.
    Without the search index unless asked: Pagefind is not what these tests are about."""
    def run(content, out, **kwargs):
        return build_to(content, out, cache_dir=tmp_path / "cache", **{"search": False, **kwargs})
    return run


def cold(content, out, **kwargs):
    return build_to(content, out, **{"search": False, **kwargs})


def test_warm_build_with_search_index_is_byte_identical_to_cold(content, tmp_path, cached):
    cached(content, tmp_path / "site", search=True)
    cached(content, tmp_path / "site", search=True)
    edit(content / "briefs/diplomacy.md", "backs [[syrian-government]].", "backs [[syrian-government]]. More.")
    cached(content, tmp_path / "site", search=True)   # staged in the spare, which held an older index
    cold(content, tmp_path / "cold", search=True)
    assert any(path.startswith("pagefind/") for path in tree_digest(tmp_path / "cold"))
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_warm_build_is_byte_identical_to_cold(content, tmp_path, cached):
    first = cached(content, tmp_path / "site")
    assert first.reused == 0
    second = cached(content, tmp_path / "site")
    assert second.reused == second.pages + 4  # every page (html, both feeds, sitemap, robots) from the cache
    cold(content, tmp_path / "cold")
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_one_brief_edited_rerenders_only_what_shows_it(content, tmp_path, cached):
    cached(content, tmp_path / "site")
    before = tree_digest(tmp_path / "site")
    edit(content / "briefs/diplomacy.md", "backs [[syrian-government]].", "backs [[syrian-government]]. More.")
    result = cached(content, tmp_path / "site")
    after = tree_digest(tmp_path / "site")
    assert result.reused > 0
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed == {"briefs/diplomacy/index.html"}
    cold(content, tmp_path / "cold")
    assert after == tree_digest(tmp_path / "cold")


@pytest.fixture
def network_draws(monkeypatch):
    """Call it to start counting: the list it returns grows each time a build asks for the site's
    network (pages.lazy_network imports networkx and draws)."""
    from briefing.pages import lazy_network as figure_pages

    def start() -> list:
        drawn, real = [], figure_pages._network

        def counting():
            drawn.append(1)
            return real()
        monkeypatch.setattr(figure_pages, "_network", counting)
        return drawn
    return start


def test_a_brief_s_network_comes_from_the_cache_until_its_actors_change(content, tmp_path, cached, network_draws):
    cached(content, tmp_path / "site")
    drawn = network_draws()
    edit(content / "briefs/diplomacy.md", "backs [[syrian-government]].", "backs [[syrian-government]]. More.")
    cached(content, tmp_path / "site")
    assert drawn == []          # same actors: the figure from the cache, networkx never asked for
    figure_id = re.compile(r'id="fig-(network-[0-9a-f]+-0)"')
    before = figure_id.findall((tmp_path / "site" / "briefs/diplomacy/index.html").read_text())
    edit(content / "briefs/diplomacy.md", "More.", "More, and [[hts]].")
    cached(content, tmp_path / "site")
    assert drawn                # a new actor named: drawn again
    after = figure_id.findall((tmp_path / "site" / "briefs/diplomacy/index.html").read_text())
    assert len(before) == len(after) == 1 and before != after
    cold(content, tmp_path / "cold")
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_an_unchanged_brief_keeps_its_network_in_the_cache_however_many_builds_pass(
        content, tmp_path, cached, network_draws):
    """Entries no build asks for are dropped after KEEP_BUILDS builds; a reused brief page keeps
    its network entry alive, so editing that brief's text after many edits of another still
    needs no network drawn (before, it rebuilt the site's network and its analysis)."""
    cached(content, tmp_path / "site")
    drawn = network_draws()
    brief = content / "briefs/the-offensive.md"
    for n in range(cache_module.KEEP_BUILDS + 1):
        brief.write_text(brief.read_text() + f"\nEdit {n}.\n")
        cached(content, tmp_path / "site")
    edit(content / "briefs/diplomacy.md", "backs [[syrian-government]].", "backs [[syrian-government]]. More.")
    cached(content, tmp_path / "site")
    assert drawn == []
    cold(content, tmp_path / "cold")
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_template_edit_changes_pages(content, tmp_path, cached):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    cached(content, tmp_path / "site", templates_dir=templates)
    edit(templates / "base.html", '<a class="skip-link"', '<a data-edited class="skip-link"')
    result = cached(content, tmp_path / "site", templates_dir=templates)
    assert result.reused == 0
    assert "data-edited" in (tmp_path / "site/actors/hts/index.html").read_text()
    cold(content, tmp_path / "cold", templates_dir=templates)
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_actor_edit_changes_its_page_and_the_briefs_that_link_it(content, tmp_path, cached):
    cached(content, tmp_path / "site")
    edit(content / "actors.yaml", "short_name: HTS", "short_name: HTS-renamed")
    cached(content, tmp_path / "site")
    assert "HTS-renamed" in (tmp_path / "site/actors/hts/index.html").read_text()
    brief = (tmp_path / "site/briefs/the-offensive/index.html").read_text()
    assert 'href="../../actors/hts/">HTS-renamed</a>' in brief   # the [[hts]] link in the body, too
    cold(content, tmp_path / "cold")
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_static_file_edit_changes_asset_names_everywhere(content, tmp_path, cached):
    static = tmp_path / "static"
    shutil.copytree(ROOT / "static", static)
    cached(content, tmp_path / "site", static_dir=static)
    with open(static / "style.css", "a") as css:
        css.write("\n/* edited */\n")
    cached(content, tmp_path / "site", static_dir=static)
    cold(content, tmp_path / "cold", static_dir=static)
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_new_generator_version_reuses_nothing(content, tmp_path, cached, monkeypatch):
    cached(content, tmp_path / "site")
    monkeypatch.setattr(build_module, "generator_version", lambda: "another version")
    assert cached(content, tmp_path / "site").reused == 0


def test_generator_version_covers_the_package_source():
    assert cache_module.generator_version() == cache_module.generator_version()
    assert len(cache_module.generator_version()) == 64


@pytest.mark.parametrize("damage", ["garbage index", "truncated pack", "flipped bytes", "empty folder"])
def test_damaged_cache_still_gives_the_right_site(content, tmp_path, cached, damage):
    cached(content, tmp_path / "site")
    folder = tmp_path / "cache"
    pack = folder / "blobs.pack"
    if damage == "garbage index":
        (folder / "index.pickle").write_bytes(b"\x80\x05not a pickle")
    elif damage == "truncated pack":
        pack.write_bytes(pack.read_bytes()[: pack.stat().st_size // 3])
    elif damage == "flipped bytes":
        data = bytearray(pack.read_bytes())
        for i in range(0, len(data), 97):
            data[i] ^= 0xFF
        pack.write_bytes(bytes(data))
    else:
        shutil.rmtree(folder)
        folder.mkdir()
    edit(content / "briefs/diplomacy.md", "title: Regional diplomacy", "title: Diplomacy, again")
    shutil.rmtree(tmp_path / "site")   # nothing to link from: every reused page comes from the pack
    shutil.rmtree(tmp_path / ".site.spare", ignore_errors=True)
    cached(content, tmp_path / "site")
    cold(content, tmp_path / "cold")
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_cache_folder_cannot_be_inside_the_output_folder(content, tmp_path):
    with pytest.raises(CacheFolderError):
        build_to(content, tmp_path / "site", cache_dir=tmp_path / "site" / ".cache")
    with pytest.raises(CacheFolderError):
        build_to(content, tmp_path / "site", cache_dir=tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_cli_refuses_a_cache_inside_the_output(content, tmp_path):
    from test_build import run_cli
    result = run_cli("build", "--content", str(content), "--out", str(tmp_path / "out"),
                     "--cache", str(tmp_path / "out" / "cache"))
    assert result.returncode == 2 and "inside the output folder" in result.stderr


def test_stray_files_do_not_survive_into_the_reused_spare(content, tmp_path, cached):
    out = tmp_path / "site"
    cached(content, out)
    cached(content, out)                      # now a spare exists beside the site
    (out / "stray.html").write_text("by hand")
    (out / "actors/hts/index.html").write_text("edited by hand")
    cached(content, out)                      # the hand-edited site becomes the spare...
    cached(content, out)                      # ...and is reused as staging here
    assert not (out / "stray.html").exists()
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_editing_the_live_site_never_reaches_the_spare_or_the_cache(content, tmp_path, cached):
    out = tmp_path / "site"
    for _ in range(3):
        cached(content, out)
    page = out / "briefs/the-offensive/index.html"
    page.write_text("edited in place")        # may share an inode with the spare's copy
    spare_page = tmp_path / ".site.spare/briefs/the-offensive/index.html"
    edit(content / "briefs/diplomacy.md", "title: Regional diplomacy", "title: Changed")
    cached(content, out)
    cold(content, tmp_path / "cold")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")
    assert spare_page.exists()


def test_parallel_rendering_gives_the_same_site(content, tmp_path, monkeypatch):
    cold(content, tmp_path / "serial", jobs=1)
    monkeypatch.setattr(parallel, "MIN_ITEMS_FOR_POOL", 0)
    cold(content, tmp_path / "parallel", jobs=2)
    assert tree_digest(tmp_path / "serial") == tree_digest(tmp_path / "parallel")


def test_a_locked_cache_is_skipped_not_waited_for(content, tmp_path):
    import fcntl
    folder = tmp_path / "cache"
    folder.mkdir()
    with open(folder / "lock", "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = build_to(content, tmp_path / "site", cache_dir=folder)
    assert result.reused == 0 and not (folder / "index.pickle").exists()


def test_digests_tell_apart_what_differs_and_skip_bodies():
    digester = Digester({Brief: {"body"}})
    assert digester.digest("a\x1fsb") != digester.digest("a", "b")
    assert digester.digest(["a", "b"]) != digester.digest(["ab"])
    assert digester.digest({"a": 1}) != digester.digest({"a": 1.0})
    import datetime as dt
    brief = Brief("x", "T", dt.date(2024, 1, 1), "S", "t", ("s",), "body one", 5)
    other = Brief("x", "T", dt.date(2024, 1, 1), "S", "t", ("s",), "body two", 5)
    retitled = Brief("x", "T2", dt.date(2024, 1, 1), "S", "t", ("s",), "body one", 5)
    assert digester.digest(brief) == digester.digest(other)
    assert digester.digest(brief) != digester.digest(retitled)
    assert Digester().digest(brief) != Digester().digest(other)


def test_old_entries_are_dropped_and_the_pack_stays_bounded(content, tmp_path, cached):
    import pickle
    title = "title: Regional diplomacy"
    for n in range(2 * cache_module.KEEP_BUILDS + 1):
        pages = cached(content, tmp_path / "site").pages + 3
        edit(content / "briefs/diplomacy.md", title, f"title: v{n}")
        title = f"title: v{n}"
    index = pickle.loads((tmp_path / "cache/index.pickle").read_bytes())
    assert len(index["entries"]["page"]) <= (cache_module.KEEP_BUILDS + 1) * pages
    assert max(index["ages"].values()) < cache_module.KEEP_BUILDS
    live = set()
    for entries in index["entries"].values():
        for value in entries.values():
            live.update(cache_module._digests_in(value))
    live_bytes = sum(length for digest, (_, length) in index["blobs"].items() if digest in live)
    assert (tmp_path / "cache/blobs.pack").stat().st_size <= 2 * live_bytes


def test_pages_with_figures_keep_their_figure_files_when_reused(content, tmp_path, cached, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "tests" / "figures"))   # found when tests/cache runs alone too
    from test_figures import demo_figure
    monkeypatch.setattr(build_module, "embed_handlers", lambda site, *later: {"demo": demo_figure})
    edit(content / "briefs/the-offensive.md", "## The advance", "{{< demo >}}\n\n## The advance")
    cached(content, tmp_path / "site")
    shutil.rmtree(tmp_path / "site")                  # reused pages and figures come from the pack
    result = cached(content, tmp_path / "site")
    assert result.reused > 0 and list((tmp_path / "site/figures").glob("demo.*.json"))
    cold(content, tmp_path / "cold")
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_a_warm_build_still_finds_every_error(content, tmp_path, cached):
    from briefing.errors import ContentErrors
    cached(content, tmp_path / "site")
    # The brief is unchanged (its reading comes from the cache); the actor it links is gone.
    text = (content / "actors.yaml").read_text()
    start = text.index("- id: hts")
    end = text.find("\n- id:", start + 1)
    (content / "actors.yaml").write_text(text[:start] + (text[end + 1:] if end > 0 else ""))
    with pytest.raises(ContentErrors) as caught:
        cached(content, tmp_path / "site")
    assert any("[[hts]]" in e.message for e in caught.value.errors)
    edit(content / "briefs/diplomacy.md", "title: Regional diplomacy", "titel: Regional diplomacy")
    with pytest.raises(ContentErrors) as caught:
        cached(content, tmp_path / "site")
    assert any("titel" in e.message for e in caught.value.errors)


def test_the_base_map_is_part_of_the_generator_version(tmp_path, monkeypatch):
    """Place pages draw their maps from vendor/basemap at build time: a new base map must not
    reuse pages drawn from the old one."""
    copy = tmp_path / "basemap"
    shutil.copytree(cache_module.basemap_dir(), copy)
    monkeypatch.setattr(cache_module, "basemap_dir", lambda: copy)
    before = cache_module.generator_version()
    changed = sorted(p for p in copy.rglob("*") if p.is_file())[0]
    changed.write_bytes(changed.read_bytes() + b" ")
    assert cache_module.generator_version() != before


def test_a_site_template_that_shows_other_pages_bodies_is_never_stale(content, tmp_path, cached):
    """A site's own template may read any brief's body (here, a word count on every list of
    briefs): a body edit must then re-render the pages that show it, not only its own page."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    edit(templates / "macros.html", "<p>{{ brief.summary }}</p>",
         '<p>{{ brief.summary }}</p><p class="words">{{ brief.body|wordcount }} words</p>')
    cached(content, tmp_path / "site", templates_dir=templates)
    brief = content / "briefs" / "diplomacy.md"
    brief.write_text(brief.read_text() + "\nTen more words added at the end of this brief for the test.\n")
    cached(content, tmp_path / "site", templates_dir=templates)
    cold(content, tmp_path / "cold", templates_dir=templates)
    assert "words</p>" in (tmp_path / "cold" / "briefs/index.html").read_text()
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_a_warm_build_reports_references_that_lead_nowhere(content, tmp_path, cached):
    """Markdown is kept by its text: a body with an error is never kept, so a warm build finds the
    error from the file, and once it is fixed, builds again."""
    from briefing.errors import ContentErrors
    brief = content / "briefs/diplomacy.md"
    cached(content, tmp_path / "site")
    edit(brief, "the government held;", "the government held,[^sohr1] and [Reuters][reuter] agreed;")
    for _ in range(2):   # the second time, everything else comes from the cache
        with pytest.raises(ContentErrors) as caught:
            cached(content, tmp_path / "site")
        assert [e.message for e in caught.value.errors] == ["footnote [^sohr1] has no definition",
                                                            "link [Reuters][reuter] has no definition"]
    with open(brief, "a", encoding="utf-8") as f:
        f.write("\n[^sohr1]: SOHR.\n\n[reuter]: https://www.reuters.com/\n")
    assert cached(content, tmp_path / "site").rendered >= 1
    assert "Back to the text of note 1" in (tmp_path / "site/briefs/diplomacy/index.html").read_text()


def test_a_link_by_path_is_checked_again_when_its_page_goes(content, tmp_path, cached):
    """A body's Markdown comes from the cache while its text is unchanged, but whether its links
    by path lead somewhere depends on the other pages: checked on every build."""
    from briefing.errors import ContentErrors
    edit(content / "briefs/the-offensive.md", "Fighters entered",
         "As [the diplomacy brief](../diplomacy/) says, fighters entered")
    cached(content, tmp_path / "site")
    (content / "briefs/diplomacy.md").unlink()
    with pytest.raises(ContentErrors) as caught:
        cached(content, tmp_path / "site")
    assert [(e.line, e.message) for e in caught.value.errors] == [
        (23, "link '../diplomacy/' leads to no page or file of the site")]


def test_blobs_go_to_the_pack_when_added_not_held_until_save(tmp_path):
    cache = cache_module.BuildCache(tmp_path / "c", "salt")
    pack = tmp_path / "c" / "blobs.pack"
    digest = cache.add_blob(b"page one" * 1000)
    assert pack.stat().st_size == 8000                       # written already, before save
    assert all(isinstance(place, tuple) for place in cache._new_blobs.values())   # places, not bytes
    assert cache.blob(digest) == b"page one" * 1000
    cache.close()                                             # a build that failed: never saved
    again = cache_module.BuildCache(tmp_path / "c", "salt")   # the index never knew those bytes
    second = again.add_blob(b"page two")
    assert pack.stat().st_size == 8                           # unknown bytes are dropped, not kept as dead
    again.put("page", "k", second)
    again.save()
    third = cache_module.BuildCache(tmp_path / "c", "salt")
    assert third.blob(third.get("page", "k")) == b"page two"
    third.close()


def test_a_failed_build_after_some_pages_leaves_the_site_and_a_usable_cache(content, tmp_path, cached,
                                                                           monkeypatch):
    out, fresh_cache = tmp_path / "out", tmp_path / "fresh-cache"
    cached(content, out)
    before = tree_digest(out)
    monkeypatch.setattr(build_module, "basemap_files", lambda: 1 / 0)   # fails after every page was written
    with pytest.raises(ZeroDivisionError):
        cold(content, out, cache_dir=fresh_cache)       # pages written to staging and to the cache's pack
    assert tree_digest(out) == before
    assert (fresh_cache / "blobs.pack").stat().st_size > 0
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out.new-")]   # staging removed
    monkeypatch.undo()
    cold(content, out, cache_dir=fresh_cache)
    assert tree_digest(out) == before
    assert cold(content, out, cache_dir=fresh_cache).reused > 0
    assert tree_digest(out) == before


def test_rendering_a_page_leaves_its_spec_as_it_was_described(tmp_path):
    """A page is finished (its figures drawn) on a copy of its spec: the spec itself keeps no
    figure once the page is out, so a rendering process does not hold every figure it drew."""
    from briefing.build import BuildOptions, Stopwatch, describe_site
    from briefing.cache.markdown import MarkdownMemo
    from briefing.cache.pages import render_one
    from briefing.cache.store import BuildCache
    cache = BuildCache(None)
    _, editions, *_ = describe_site(BuildOptions(content_dir=MINI, out_dir=tmp_path / "site", search=False),
                                    cache, Stopwatch())
    renderer, specs = editions[0].renderer, editions[0].specs
    renderer.prepare(specs)
    finished_later = [spec for spec in specs if spec.prepare]
    assert any(spec.template == "actor.html" for spec in finished_later)
    before = [(dict(spec.context), list(spec.figures), list(spec.prepare)) for spec in finished_later]
    results = [render_one(renderer, spec, MarkdownMemo(cache), keep=False) for spec in finished_later]
    assert any(result.figures for result in results)          # the figures were drawn, and handed back
    assert [(spec.context, spec.figures, spec.prepare) for spec in finished_later] == before
