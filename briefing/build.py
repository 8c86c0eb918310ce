"""The pipeline: load -> validate -> derive -> render -> write."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .basemap import basemap_files
from .crossrefs import build_crossrefs
from .exports import data_files
from .load import load_content
from .model import Site
from .network_pages import attach_networks, network_files, network_pages, site_network
from .pages import NAV, content_pages, sitemap_page
from .pages_advances import advances_pages
from .pages_advances import embed_handlers as advances_embeds
from .render import PageSpec, Renderer
from .search import index_site
from .validate import validate
from .write import hash_assets, write_site

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def vendor_assets() -> dict:
    """Third-party files served from the site itself (never from a CDN).

    plotly.js is a partial bundle with only the trace types we draw, a third of the full
    one (vendor/plotly/build.sh makes it).
    """
    return {"vendor/plotly.min.js": PROJECT_ROOT / "vendor" / "plotly" / "plotly-briefing.min.js"}


def embed_handlers(site: Site) -> dict:
    """Figures an editor can place in Markdown with {{< name ... >}}: name -> handler(args, page)."""
    return {**advances_embeds(site), "network": site_network(site).embed}


@dataclass
class BuildOptions:
    content_dir: Path = Path("content")
    out_dir: Path = Path("site")
    base_url: str | None = None
    drafts: bool = False
    search: bool = True
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"


@dataclass
class BuildResult:
    pages: int
    files: int
    seconds: float
    out_dir: Path


def load_site(content_dir: Path, drafts: bool = False) -> Site:
    """Read and validate content; raises ContentErrors with every problem found."""
    return validate(load_content(Path(content_dir)), include_drafts=drafts)


def build(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    site = load_site(options.content_dir, options.drafts)
    refs = build_crossrefs(site)
    assets, asset_files = hash_assets(options.static_dir, vendor_assets())
    base_url = with_slash(options.base_url or site.config.base_url)
    renderer = Renderer(site, refs, options.templates_dir, assets, base_url, embed_handlers(site), NAV)
    specs = content_pages(site, refs)
    specs.extend(advances_pages(site, specs))
    attach_networks(specs, site)
    specs += network_pages(site)
    if options.search:
        specs.append(PageSpec("search/", "search.html", "Search", {}, f"Search {site.config.title}.",
                              in_sitemap=False))
    specs.append(sitemap_page(specs))
    pages = renderer.render_all(specs)
    files = (pages + renderer.figure_files(specs) + data_files(site) + network_files(site) + asset_files
             + basemap_files())
    write_site(files, options.out_dir, finish=index_site if options.search else None)
    html_pages = sum(1 for f in pages if f.path.endswith(".html"))
    return BuildResult(html_pages, len(files), time.perf_counter() - started, Path(options.out_dir))


def with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
