"""The orchestrator: load -> validate -> derive -> render -> write, in one screen.

The only caller of the build cache (cache/): the stages are functions of their inputs
and know nothing of it. Where a stage's work comes in units whose result depends on
a content digest alone (a file parsed, a file's records read, a page rendered, a
brief's Markdown, the network's analysis, the downloads), this module hands each unit
to the cache, which runs it or gives back the result of an earlier build. Without a
cache folder the cache keeps nothing and every unit runs: the output is the same,
byte for byte.
"""
from __future__ import annotations

import contextlib
import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from briefing import i18n, resources
from briefing.cache.keys import plain_digest
from briefing.cache.pages import content_digest, render_pages
from briefing.cache.search import search_files_later
from briefing.cache.store import BuildCache, check_cache_location, generator_version
from briefing.content.history import read_history
from briefing.content.load import assemble, parse_work, read_sources
from briefing.content.readers import read_work
from briefing.content.validate import check_site
from briefing.derive.crossrefs import build_crossrefs
from briefing.derive.editions import edition, languages, translation_status
from briefing.figures.basemap import basemap_files
from briefing.i18n import gettext as _
from briefing.model import Site, Work
from briefing.output.assets import hash_assets
from briefing.output.citations import citation_files
from briefing.output.acled import ACLED_PATH
from briefing.output.downloads import TABLES, data_files
from briefing.output.redirects import redirect_files
from briefing.output.write import PreviousFile, SiteWriter
from briefing.pages.advances import SiteTimeline, advances_pages
from briefing.pages.advances import embed_handlers as advances_embeds
from briefing.pages.citations import attach_citations, citation_paths
from briefing.pages.content import NAV, content_pages, sitemap_page
from briefing.pages.history import history_pages
from briefing.pages.lazy_network import (SiteNetworkLater, attach_networks_later, network_downloads, network_embed,
                                         network_pages_later)
from briefing.pages.spec import PageSpec
from briefing.render.parallel import default_jobs
from briefing.render.renderer import Renderer
from briefing.urls import NETWORK_DOWNLOADS, file_of, language_prefix, path_of, with_slash

DEFAULT_CACHE = Path(".cache/briefing")


def vendor_assets() -> dict:
    """Third-party files served from the site itself (never from a CDN).

    plotly.js is a partial bundle with only the trace types we draw, a third of the full
    one (vendor/plotly/build.sh makes it). The web fonts (vendor/fonts/, see its SOURCES.md)
    are named by style.css as vendor/fonts/<file>.
    """
    fonts = {f"vendor/fonts/{p.name}": p for p in sorted(resources.fonts_dir().glob("*.woff2"))}
    return {"vendor/plotly.min.js": resources.plotly_bundle(), **fonts}


def embed_handlers(site: Site, timeline: SiteTimeline, network: SiteNetworkLater) -> dict:
    """Figures an editor can place in Markdown with {{< name ... >}}: name -> handler(args, page)."""
    return {**advances_embeds(site, timeline), "network": network_embed(network)}


@dataclass
class BuildOptions:
    content_dir: Path = Path("content")
    out_dir: Path = Path("site")
    base_url: str | None = None
    drafts: bool = False
    search: bool = True
    # The site's own templates, each found here before the generator's (templates_path). None: the
    # current folder's templates/, if there is one (the site is the folder the command runs in).
    templates_dir: Path | None = None
    static_dir: Path = field(default_factory=resources.static_dir)
    cache_dir: Path | None = None   # None: no cache (the command line defaults to DEFAULT_CACHE)
    jobs: int = 0                   # processes for rendering; 0: one a core


@dataclass
class BuildResult:
    pages: int
    files: int
    seconds: float
    out_dir: Path
    reused: int = 0      # pages taken from the cache
    rendered: int = 0    # pages rendered by this build
    timings: dict = field(default_factory=dict)   # stage -> seconds


def templates_path(options: BuildOptions) -> list[Path]:
    """Where Jinja looks for a template, first match wins: the site's own templates folder, then
    the generator's (resources.templates_dir). A site overrides a template by having a file of
    that name; any it does not have come from the generator. One folder if both are the same
    (a source checkout built from its root)."""
    own = Path("templates") if options.templates_dir is None else Path(options.templates_dir)
    search = [Path(os.path.abspath(own))] if options.templates_dir is not None or own.is_dir() else []
    packaged = resources.templates_dir()
    if not any(folder.resolve() == packaged.resolve() for folder in search):
        search.append(packaged)
    return search


def load_site(content_dir: Path, drafts: bool = False, cache: BuildCache | None = None) -> Site:
    """Read and validate content; raises ContentErrors with every problem found.

    Each file is parsed, and its records read, as a unit of work (model.Work) that the
    cache may answer from an earlier build; what spans files is checked every time."""
    cache = cache or BuildCache(None)
    files = read_sources(Path(content_dir))
    raw = assemble(files, [cache.run(unit) for unit in parse_work(files)])
    return check_site(raw, [cache.run(unit) for unit in read_work(raw)], drafts)


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused, and resumed as it was: while the site is read and
    its pages described, nearly every object made lives until the build ends, and each
    collection of the older generations would walk all of them again for nothing (a quarter
    of the time a warm build spends reading at 1,000 briefs; gc module docs, "gc.disable")."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(options: BuildOptions) -> BuildResult:
    clock = Stopwatch()
    if options.cache_dir is not None:
        check_cache_location(options.cache_dir, options.out_dir)
    cache = BuildCache(options.cache_dir, generator_version() if options.cache_dir else "")
    try:
        with collector_paused():
            site, editions, asset_files, base_url, langs = describe_site(options, cache, clock)
        # Each file goes into the staged site as soon as it is made (render and write overlap);
        # the staged site takes out_dir's place only if the whole build succeeds.
        writer = SiteWriter(options.out_dir, previous=cache.manifest)
        index_later = None
        try:
            shared_figures: set = set()

            def put_once(file) -> None:
                """Editions share figures that come out the same (named by their content): write each once."""
                if file.path.startswith("figures/"):
                    if file.path in shared_figures:
                        return
                    shared_figures.add(file.path)
                writer.put(file)

            pages = None
            for ed in editions:
                done = render_pages(ed.renderer, ed.specs, cache, options.jobs or default_jobs(), options.out_dir,
                                    ed.network, ed.key, put_once)
                pages = done if pages is None else pages.merged(done)
            clock.lap("render")
            if options.search:   # Pagefind starts now and runs while the downloads are made
                dates = {file_of(language_prefix(lang, langs) + path_of(brief)): brief.date
                         for brief in site.briefs for lang in langs}
                staged = [PreviousFile(path, writer.written[path][0]) for path in pages.files]
                index_later = search_files_later(staged, dates, cache, options.out_dir,
                                                 options.jobs or default_jobs(), staging=writer.staging)
            downloads = cache.run(Work("downloads", plain_digest(data_of(site)), lambda: data_files(site)))
            network_files = cache.run(Work("network-downloads", editions[0].key,
                                           lambda: network_downloads(editions[0].network)))
            citations = cache.run(Work("citations", plain_digest((citations_of(site), base_url)),
                                       lambda: citation_files(site, base_url)))
            others = downloads + network_files + citations + asset_files + basemap_files() + \
                redirect_files(langs, urlsplit(base_url).path or "/")
            for file in others:
                writer.put(file)
            clock.lap("downloads")
            if index_later is not None:   # before the swap: a failed index leaves the published site as it was
                index, index_later = index_later(), None
                for file in index:
                    writer.put(file)
                others += index
                clock.lap("search index")
            cache.manifest = clock.lap("write", writer.commit())
        except BaseException:
            if index_later is not None:   # failed while Pagefind ran: stop it, do not wait for it
                index_later.cancel()
            writer.abort()
            raise
        clock.lap("save cache", cache.save())
    finally:
        cache.close()
    html_pages = sum(1 for path in pages.files if path.endswith(".html"))
    return BuildResult(html_pages, len(pages.files) + len(pages.figure_files) + len(others), clock.total(),
                       Path(options.out_dir), pages.reused, pages.rendered, clock.laps)


def describe_site(options: BuildOptions, cache: BuildCache, clock: Stopwatch) -> tuple:
    """The site read and checked, and each edition's pages described (not yet rendered):
    (site, editions, asset_files, base_url, langs). Raises ContentErrors."""
    site = clock.lap("load and validate", load_site(options.content_dir, options.drafts, cache))
    # Read every build (three git runs), never kept: each history page's key holds its part.
    history = clock.lap("revision history", read_history(options.content_dir, [b.slug for b in site.briefs]))
    assets, asset_files = hash_assets(options.static_dir, vendor_assets())
    base_url = with_slash(options.base_url or site.config.base_url)
    langs = languages(site)
    status = translation_status(site)   # how far each translation has got: its page says so
    editions = [describe_edition(site, lang, langs, history, options, assets, base_url,
                                 {(s.kind, s.slug): s.state for s in status if s.lang == lang}) for lang in langs]
    all_specs = [spec for ed in editions for spec in ed.specs]
    editions[0].specs.append(sitemap_page(all_specs))
    for ed in editions:
        ed.renderer.env.bytecode_cache = cache.bytecode_cache(otherwise=ed.renderer.env.bytecode_cache)
        ed.renderer.files = download_paths() | frozenset(citation_paths(site))
    clock.lap("derive")   # cross-references, pages, figures
    return site, editions, asset_files, base_url, langs


@dataclass
class Edition:
    """One language's pages, described: its Site, renderer, page specs and network, and the
    digest of its content (the pages' cache keys start from it)."""
    site: Site
    renderer: Renderer
    specs: list
    network: SiteNetworkLater
    key: str


def describe_edition(site: Site, lang: str, langs: tuple, history, options: BuildOptions, assets: dict,
                     base_url: str, translation_states: dict) -> Edition:
    """Every page of one language's edition, described (in that language: titles, captions and
    labels made here are words too), at its addresses under the edition's prefix.
    translation_states: (kind, slug) -> the state of its translation into `lang`
    (derive/editions.translation_status)."""
    local = edition(site, lang)
    prefix = language_prefix(lang, langs)
    with i18n.use(lang):
        refs = build_crossrefs(local)
        timeline, network = SiteTimeline(local), SiteNetworkLater(local)
        renderer = Renderer(local, refs, templates_path(options), assets, base_url,
                            embed_handlers(local, timeline, network), NAV, langs)
        specs = content_pages(local, refs)
        specs += history_pages(local, history)
        specs.extend(advances_pages(local, specs, timeline))
        attach_networks_later(specs, network)
        specs += network_pages_later(network)
        attach_citations(local, specs, base_url + prefix)
        if options.search:
            specs.append(PageSpec("search/", "search.html", _("Search"), {},
                                  _("Search %(site)s.", site=local.config.title), in_sitemap=False))
    renderer.translation_states = translation_states
    if prefix:   # one robots.txt, at the root, for every edition
        specs = [spec for spec in specs if spec.path != "robots.txt"]
    for spec in specs:
        item = spec.context.get("markdown_of")
        if item is not None and prefix:   # whether its original changed since: the page says so
            spec.inputs = spec.inputs + (("translation", renderer.translation_state(item)),)
        spec.path = prefix + spec.path
    return Edition(local, renderer, specs, network, content_digest(local))


class Stopwatch:
    """Seconds each stage took, for `generate.py build --timings` and the benchmark."""

    def __init__(self):
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str, value=None):
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now
        return value

    def total(self) -> float:
        return time.perf_counter() - self.started


def download_paths() -> frozenset:
    """The downloads every build writes (data_files, network_downloads): a body may link them."""
    return frozenset({f"data/{name}.{kind}" for name in TABLES for kind in ("csv", "json")} | {ACLED_PATH}
                     | set(NETWORK_DOWNLOADS))


def citations_of(site: Site) -> tuple:
    """What the citation downloads are made of (with the base URL, their cache key): the site's
    settings and its briefs without their bodies."""
    return site.config, tuple((b.slug, b.title, b.date, b.summary) for b in site.briefs)


def data_of(site: Site) -> tuple:
    """What the CSV and JSON downloads are made of (and so their cache key)."""
    return site.actors, site.relations, site.places, site.events, site.sources
