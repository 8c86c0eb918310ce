"""Render every page: from the cache where nothing it shows has changed, on every core otherwise.

A page's key digests everything its template can reach: the generator's version,
the templates, the asset names, the address, the navigation, which pages exist,
the whole site except Markdown bodies, the cross-references, the page's own
inputs from outside the content (`PageSpec.inputs`: a brief's revision history,
so a new commit re-renders that brief's history page alone) and the page's own
body. A body reaches a page only through that page's `markdown_of` (templates
show no other page's body), so editing one brief's text re-renders that brief's
page alone; editing anything else (a title, an actor, a template) re-renders every
page, with Markdown still taken from the cache.

A page found in the cache is not even read if the previous output folder still
holds it unchanged: write.py hard-links it (a PreviousFile).
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field

from briefing import resources
from briefing import i18n
from briefing.cache.keys import Digester, plain_digest
from briefing.cache.markdown import MarkdownMemo
from briefing.cache.store import BuildCache
from briefing.errors import ContentErrors
from briefing.model import OutputFile
from briefing.output.write import PreviousFile, on_disk
from briefing.pages.lazy_network import SiteNetworkLater, brief_actors, needs_network
from briefing.pages.spec import PageSpec
from briefing.render.parallel import imap_indexed
from briefing.render.renderer import Renderer, template_names
from briefing.urls import file_of

KIND = "page"


@dataclass
class PageResult:
    """One page, rendered here or found in the cache."""
    file: object = None                          # OutputFile or PreviousFile; None if it failed
    figures: list = field(default_factory=list)  # its figures' JSON files
    errors: list = field(default_factory=list)
    markdown: list = field(default_factory=list)  # Markdown results to keep (rendered here only)
    network: object = None                        # a brief's network figure, drawn here: to keep
    reused: bool = False


@dataclass
class RenderedPages:
    files: list          # each page's path in the site, in the order of the specs
    figure_files: list   # each figure's path, once, sorted
    rendered: int
    reused: int

    def merged(self, other: "RenderedPages") -> "RenderedPages":
        """Two editions' pages as one: files in order, figures once each, counts added."""
        return RenderedPages(self.files + other.files, sorted(set(self.figure_files) | set(other.figure_files)),
                             self.rendered + other.rendered, self.reused + other.reused)


# Pages whose figures take seconds at scale: handed out first, so that neither process ends
# the build alone with one of them (they are built last, after every brief).
COSTLY_TEMPLATES = frozenset({"map.html", "network.html", "claims.html", "chronology.html"})


BRIEF_NETWORK = "brief-network"
NETWORK_ANALYSIS = "network-analysis"


def render_pages(renderer: Renderer, specs: list[PageSpec], cache: BuildCache, jobs: int, out_dir,
                 network: SiteNetworkLater, site_key: str, emit) -> RenderedPages:
    """Every page: from the cache where its key is unchanged, rendered on `jobs` processes otherwise.

    Each page's file, and each figure's once, goes to emit(file) (OutputFile or PreviousFile)
    as soon as it is ready, and is not kept here: the caller writes it away (output/write.py's
    SiteWriter), so a build holds one page at a time, not the site. Raises ContentErrors with
    every page's errors, in page order, after all pages were tried.

    What is outdated is decided once, up front (as Sphinx's get_outdated_docs does); then, in
    this process and before forking, the work the outdated pages share: their Markdown and
    their briefs' networks looked up, and the site's network built, its analysis from the cache,
    if any of them draws from it (so the processes that render inherit it, and a build that
    draws no network never imports networkx). site_key: content_digest(site).
    """
    renderer.prepare(specs)
    keys = page_keys(renderer, specs, cache, site_key) if cache.enabled else [None] * len(specs)
    written: list[str | None] = [None] * len(specs)
    figures: set[str] = set()

    def put(i: int, result: PageResult) -> None:
        emit(result.file)
        written[i] = result.file.path
        for figure in result.figures:
            if figure.path not in figures:
                figures.add(figure.path)
                emit(figure)

    todo = []
    for i, (key, spec) in enumerate(zip(keys, specs)):
        result = reuse(cache, key, spec, out_dir)
        if result is None:
            todo.append(i)
        else:
            put(i, result)
            keep_brief_network(cache, site_key, spec)
    if cache.enabled:   # kept while the site (bodies aside) is unchanged, used or not
        cache.get(NETWORK_ANALYSIS, site_key)
    memo = MarkdownMemo(cache)
    for i in todo:
        item = specs[i].context.get("markdown_of")
        if item is not None:
            memo.prefetch(specs[i].path, item.body, renderer.resolver(specs[i]))
    recall_brief_networks(cache, site_key, [specs[i] for i in todo])
    if todo:
        renderer.markdown   # Markdown imported and built here, before forking: every process inherits it
        if any(needs_network(specs[i]) for i in todo):
            network.analysis = cache.memo(NETWORK_ANALYSIS, site_key, network.analyse)
            network.network   # built here, before forking
    order = sorted(todo, key=lambda i: specs[i].template not in COSTLY_TEMPLATES)
    errors = {}
    for n, result in imap_indexed(lambda n: render_one(renderer, specs[order[n]], memo, cache.enabled),
                                  len(order), jobs):
        i = order[n]
        if result.errors:
            errors[i] = result.errors
        if errors:   # the build will fail: nothing more to write or keep
            continue
        put(i, result)
        memo.store(result.markdown)
        store(cache, keys[i], result)
        if result.network is not None:
            cache.keep(BRIEF_NETWORK, brief_network_key(site_key, specs[i]), result.network)
    if errors:
        raise ContentErrors([error for i in sorted(errors) for error in errors[i]])
    return RenderedPages(written, sorted(figures), rendered=len(todo), reused=len(specs) - len(todo))


def render_one(renderer: Renderer, spec: PageSpec, memo: MarkdownMemo, keep: bool) -> PageResult:
    """Render one page (in whichever process runs this), with what the parent must keep
    (if `keep`: the build has a cache).

    The page is finished (its figures drawn) on a copy of its spec, let go once the page is
    out: the specs stay as described, and a rendering process does not hold every figure it
    drew until the build ends (gigabytes at 20,000 briefs)."""
    errors_before = len(renderer.errors)
    drawn_here = keep and spec.template == "brief.html" and "network" not in spec.context
    spec = dataclasses.replace(spec, context=dict(spec.context), figures=list(spec.figures),
                               prepare=list(spec.prepare))
    renderer.finish(spec)
    body = fresh = None
    item = spec.context.get("markdown_of")
    if item is not None:
        body = memo.known(spec.path, item.body)
        if body is None:
            body = renderer.markdown_html(spec)
            fresh = memo.fresh(spec.path, item.body, body)
    output = renderer.render(spec, body) if body is not None or item is None else None
    result = PageResult(output, [file for figure in spec.figures for file in figure.output_files()],
                        renderer.errors[errors_before:], fresh or [])
    if drawn_here and "network" in spec.context:
        result.network = spec.context["network"]
    return result


def brief_network_key(site_key: str, spec: PageSpec) -> str:
    """A brief's network is a function of the site (bodies aside), the actors it names and the
    language its words are in."""
    return f"{site_key}/{i18n.current()}/" + ",".join(brief_actors(spec))


def keep_brief_network(cache: BuildCache, site_key: str, spec: PageSpec) -> None:
    """Mark a reused brief page's network as used, so the cache keeps it for as long as the page:
    an entry no build asks for is dropped after a few builds (cache/store.py KEEP_BUILDS), and
    the next edit of that brief's text would then build the site's whole network again."""
    if spec.template == "brief.html" and "network" not in spec.context:
        cache.get(BRIEF_NETWORK, brief_network_key(site_key, spec))


def recall_brief_networks(cache: BuildCache, site_key: str, specs: list[PageSpec]) -> None:
    """Each brief's network from the cache, when the site and the brief's actors are unchanged."""
    if not cache.enabled:
        return
    for spec in specs:
        if spec.template == "brief.html" and "network" not in spec.context:
            found, figure = cache.recall(BRIEF_NETWORK, brief_network_key(site_key, spec))
            if found:
                spec.context["network"] = figure


def page_keys(renderer: Renderer, specs: list[PageSpec], cache: BuildCache, site_key: str) -> list[str | None]:
    """Each page's cache key: what every page shares, the page's path and template, its own
    inputs beyond the site (PageSpec.inputs: a brief's revision history) and its own body.

    Page specs are a function of the site, its cross-references and their inputs (pages/), so
    the shared digest and the inputs stand for every spec's context; that holds as long as
    whatever a spec carries (figures included) is computed from those by this package's code.
    """
    shared = shared_digest(renderer, cache.salt, site_key)
    keys = []
    for spec in specs:
        item = spec.context.get("markdown_of")
        body = item.body if item is not None else ""
        inputs = plain_digest(spec.inputs) if spec.inputs else ""
        keys.append(hashlib.sha256(f"{shared}\x1f{spec.path}\x1f{spec.template}\x1f{item is not None}\x1f{inputs}"
                                   f"\x1f{body}".encode("utf-8", "surrogatepass")).hexdigest())
    return keys


def shared_digest(renderer: Renderer, salt: str, site_key: str) -> str:
    """Everything a template can see, bodies aside: generator, templates, assets, address, the
    language of the interface, navigation, which pages and downloads exist (a body's links to them are checked), the whole
    site without its Markdown bodies, and the cross-references (as ids; they include the links
    bodies make).

    The generator's own templates show no page's body but through that page's `markdown_of`
    (tests/render/test_templates.py holds them to it). A site's own templates may (a reading
    time on a list of briefs, a feed with full text): with any of them, every body is part of
    every page's key, so editing a brief's text renders every page again (its Markdown still
    comes from the cache)."""
    refs = renderer.refs
    cross = {f.name: {key: [item.id for item in items] for key, items in getattr(refs, f.name).items()}
             for f in dataclasses.fields(refs)}
    packaged = resources.templates_dir().resolve()
    bodies = "" if all(folder.resolve() == packaged for folder in renderer.template_folders) else \
        plain_digest(([b.body for b in renderer.site.briefs], [p.body for p in renderer.site.pages]))
    return plain_digest((salt, templates_digest(renderer), renderer.assets, renderer.base_url, renderer.nav,
                         renderer.lang, renderer.languages,
                         sorted(renderer.paths), sorted(renderer.files), sorted(renderer.embeds), site_key, cross,
                         bodies, i18n.current()))   # the language the interface's words are in (salt: its catalog)


def content_digest(site) -> str:
    """Digest of the whole site but its Markdown bodies."""
    without_bodies = (site.config, tuple(dataclasses.replace(b, body="") for b in site.briefs),
                      tuple(dataclasses.replace(p, body="") for p in site.pages), site.actors,
                      site.relations, site.places, site.events, site.sources, site.lang,
                      tuple(dataclasses.replace(t, body="") for t in site.translations))
    return plain_digest(without_bodies)


def reuse(cache: BuildCache, key: str | None, spec: PageSpec, out_dir) -> PageResult | None:
    """The page from the cache: linked from the last output if it is still there, else its bytes."""
    if key is None:
        return None
    entry = cache.get(KIND, key)
    if entry is None:
        return None
    page_digest, figures = entry
    files = []
    for path, digest in ((file_of(spec.path), page_digest), *figures):
        file = kept_file(cache, out_dir, path, digest)
        if file is None:
            return None   # lost or damaged: render it again
        files.append(file)
    return PageResult(files[0], files[1:], reused=True)


def kept_file(cache: BuildCache, out_dir, path: str, digest: str):
    """A file an earlier build made, by its digest: a PreviousFile when the last output folder
    (or its spare) still holds it untouched, else an OutputFile with the cache's copy, else None
    (the cache lost it)."""
    if out_dir is not None and on_disk(cache.manifest, out_dir, path, digest):
        cache.keep_blob(digest)
        return PreviousFile(path, digest)
    data = cache.blob(digest)
    return None if data is None else OutputFile(path, data)


def store(cache: BuildCache, key: str | None, result: PageResult) -> None:
    if key is None or result.file is None:
        return
    page = cache.add_blob(result.file.data)
    figures = tuple((f.path, cache.add_blob(f.data)) for f in result.figures)
    cache.put(KIND, key, (page, figures))


def templates_digest(renderer: Renderer) -> str:
    """Every template's name and source, however the environment loads them."""
    env = renderer.env
    return Digester().digest([(name, env.loader.get_source(env, name)[0]) for name in template_names(env)])
