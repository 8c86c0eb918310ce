"""Render every page: from the cache where nothing it shows has changed, on every core otherwise.

A page's key digests everything its template can reach: the generator's version,
the templates, the asset names, the address, the navigation, which pages exist,
the whole site except Markdown bodies, the cross-references, and the page's own
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

from briefing.cache.store import BuildCache, take_made_while_rendering
from briefing.cache.keys import Digester, plain_digest
from briefing.cache.markdown import MarkdownMemo
from briefing.model import ContentErrors, OutputFile
from briefing.render.parallel import map_indexed
from briefing.render.renderer import PageSpec, Renderer
from briefing.urls import file_of
from briefing.output.write import PreviousFile, on_disk

KIND = "page"


@dataclass
class PageResult:
    """One page, rendered here or found in the cache."""
    file: object = None                          # OutputFile or PreviousFile; None if it failed
    figures: list = field(default_factory=list)  # its figures' JSON files
    errors: list = field(default_factory=list)
    markdown: list = field(default_factory=list)  # Markdown results to keep (rendered here only)
    made: list = field(default_factory=list)      # (kind, key, value) to keep: cache.made_while_rendering
    reused: bool = False


@dataclass
class RenderedPages:
    files: list          # one a page, in the order of the specs
    figure_files: list   # each figure once, by path
    rendered: int
    reused: int


# Pages whose figures take seconds at scale: handed out first, so that neither process ends
# the build alone with one of them (they are built last, after every brief).
COSTLY_TEMPLATES = frozenset({"map.html", "network.html", "claims.html", "chronology.html"})


def render_pages(renderer: Renderer, specs: list[PageSpec], cache: BuildCache, jobs: int,
                 out_dir=None, before=None) -> RenderedPages:
    """before(specs), if given, runs once in this process with the pages that will render,
    before any does (and before forking): work they share, done once."""
    renderer.prepare(specs)
    keys = page_keys(renderer, specs, cache) if cache.enabled else [None] * len(specs)
    results: list[PageResult | None] = [reuse(cache, key, spec, out_dir) for key, spec in zip(keys, specs)]
    todo = [i for i, result in enumerate(results) if result is None]
    if cache.enabled:
        renderer.markdown_memo = memo = MarkdownMemo(cache)
        for i in todo:
            item = specs[i].context.get("markdown_of")
            if item is not None:
                memo.prefetch(specs[i].path, item.body, renderer.resolver(specs[i]))
    if todo:
        renderer.markdown   # Markdown imported and built here, before forking: every process inherits it
        if before is not None:
            before([specs[i] for i in todo])
    order = sorted(todo, key=lambda i: specs[i].template not in COSTLY_TEMPLATES)
    done = map_indexed(lambda n: render_one(renderer, specs[order[n]]), len(order), jobs)
    by_index = dict(zip(order, done))
    fresh = [by_index[i] for i in todo]      # errors are reported in page order
    errors = [error for result in fresh for error in result.errors]
    if errors:
        raise ContentErrors(errors)
    for i, result in zip(todo, fresh):
        results[i] = result
        if cache.enabled:
            renderer.markdown_memo.store(result.markdown)
            store(cache, keys[i], result)
            for kind, key, value in result.made:
                cache.keep(kind, key, value)
    figures = {}
    for result in results:
        for figure in result.figures:
            figures.setdefault(figure.path, figure)
    return RenderedPages([r.file for r in results], [figures[p] for p in sorted(figures)],
                         rendered=len(todo), reused=len(specs) - len(todo))


def render_one(renderer: Renderer, spec: PageSpec) -> PageResult:
    """Render one page (in whichever process runs this), with what the parent must keep."""
    errors_before = len(renderer.errors)
    output = renderer.render(spec)
    result = PageResult(output, [file for figure in spec.figures for file in figure.output_files()],
                        renderer.errors[errors_before:])
    if renderer.markdown_memo is not None:
        result.markdown = renderer.markdown_memo.take_fresh()
    result.made = take_made_while_rendering()
    return result


def page_keys(renderer: Renderer, specs: list[PageSpec], cache: BuildCache) -> list[str | None]:
    """Each page's cache key: what every page shares, the page's path and template, its own body.

    Page specs are a function of the site and its cross-references (pages.py), so the
    shared digest stands for every spec's context; that holds as long as whatever a
    spec carries (figures included) is computed from the site by this package's code.
    """
    shared = shared_digest(renderer, cache.salt)
    keys = []
    for spec in specs:
        item = spec.context.get("markdown_of")
        body = item.body if item is not None else ""
        keys.append(hashlib.sha256(f"{shared}\x1f{spec.path}\x1f{spec.template}\x1f{item is not None}\x1f{body}"
                                   .encode("utf-8", "surrogatepass")).hexdigest())
    return keys


def shared_digest(renderer: Renderer, salt: str) -> str:
    """Everything a template can see, bodies aside: generator, templates, assets, address,
    navigation, which pages exist, the whole site without its Markdown bodies, and the
    cross-references (as ids; they include the links bodies make)."""
    refs = renderer.refs
    cross = {f.name: {key: [item.id for item in items] for key, items in getattr(refs, f.name).items()}
             for f in dataclasses.fields(refs)}
    return plain_digest((salt, templates_digest(renderer), renderer.assets, renderer.base_url, renderer.nav,
                         sorted(renderer.paths), sorted(renderer.embeds), content_digest(renderer.site), cross))


_latest: list = []   # [site, its content digest]


def content_digest(site) -> str:
    """Digest of the whole site but its Markdown bodies; computed once a site."""
    if not (_latest and _latest[0] is site):
        without_bodies = (site.config, tuple(dataclasses.replace(b, body="") for b in site.briefs),
                          tuple(dataclasses.replace(p, body="") for p in site.pages), site.actors,
                          site.relations, site.places, site.events, site.sources)
        _latest[:] = [site, plain_digest(without_bodies)]
    return _latest[1]


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
        if out_dir is not None and on_disk(cache.manifest, out_dir, path, digest):
            files.append(PreviousFile(path, digest))
            cache.keep_blob(digest)
            continue
        data = cache.blob(digest)
        if data is None:
            return None   # lost or damaged: render it again
        files.append(OutputFile(path, data))
    return PageResult(files[0], files[1:], reused=True)


def store(cache: BuildCache, key: str | None, result: PageResult) -> None:
    if key is None or result.file is None:
        return
    page = cache.add_blob(result.file.data)
    figures = tuple((f.path, cache.add_blob(f.data)) for f in result.figures)
    cache.put(KIND, key, (page, figures))


def templates_digest(renderer: Renderer) -> str:
    """Every template's name and source, however the environment loads them."""
    env = renderer.env
    return Digester().digest([(name, env.loader.get_source(env, name)[0]) for name in env.list_templates()])
