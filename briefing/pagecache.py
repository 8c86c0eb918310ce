"""Render every page: from the cache where nothing it shows has changed, on every core otherwise.

A page's key digests everything its template can reach: the generator's version,
the templates, the asset names, the address, the navigation, which pages exist, the whole site
except Markdown bodies, the cross-references, the page's own spec, and its own
body. A body reaches a page only through that page's `markdown_of` (see
fingerprint.py), so editing one brief re-renders that brief's page and the few
pages whose lists show it, not the other thousands.

A page found in the cache is not even read if the previous output folder still
holds it unchanged: write.py hard-links it (a PreviousFile).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .cache import BuildCache
from .fingerprint import Digester, Undigestable
from .markdown_cache import MarkdownMemo
from .model import Brief, ContentErrors, OutputFile, Page, Site
from .parallel import map_indexed
from .render import PageSpec, Renderer
from .urls import file_of
from .write import PreviousFile, on_disk

KIND = "page"
# Bodies are digested only as the page's own markdown_of; `index` repeats what Site holds.
OMIT = {Brief: {"body"}, Page: {"body"}, Site: {"index"}}


@dataclass
class PageResult:
    """One page, rendered here or found in the cache."""
    file: object = None                          # OutputFile or PreviousFile; None if it failed
    figures: list = field(default_factory=list)  # its figures' JSON files
    errors: list = field(default_factory=list)
    markdown: list = field(default_factory=list)  # Markdown results to keep (rendered here only)
    reused: bool = False


@dataclass
class RenderedPages:
    files: list          # one a page, in the order of the specs
    figure_files: list   # each figure once, by path
    rendered: int
    reused: int


def render_pages(renderer: Renderer, specs: list[PageSpec], cache: BuildCache, jobs: int,
                 out_dir=None) -> RenderedPages:
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
    fresh = map_indexed(lambda n: render_one(renderer, specs[todo[n]]), len(todo), jobs)
    errors = [error for result in fresh for error in result.errors]
    if errors:
        raise ContentErrors(errors)
    for i, result in zip(todo, fresh):
        results[i] = result
        if cache.enabled:
            renderer.markdown_memo.store(result.markdown)
            store(cache, keys[i], result)
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
    result = PageResult(output, [figure.output_file() for figure in spec.figures],
                        renderer.errors[errors_before:])
    if renderer.markdown_memo is not None:
        result.markdown = renderer.markdown_memo.take_fresh()
    return result


def page_keys(renderer: Renderer, specs: list[PageSpec], cache: BuildCache) -> list[str | None]:
    """Each page's cache key; None for a page whose inputs cannot be digested (never cached)."""
    digester = Digester(OMIT)
    shared = digester.digest(cache.salt, templates_digest(renderer), renderer.assets, renderer.base_url,
                             renderer.nav, sorted(renderer.paths), sorted(renderer.embeds), renderer.site,
                             renderer.refs)
    keys = []
    for spec in specs:
        item = spec.context.get("markdown_of")
        try:
            own = digester.digest(spec)
            # The sitemap lists every spec: digest each once. Specs are not changed from here on.
            digester.remember(spec, own)
            keys.append(digester.digest(shared, own, item.body if item is not None else None))
        except Undigestable:
            keys.append(None)
    return keys


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
