"""A page before it is rendered: its address, its template and what the template is given.

Plain data, so that pages can be described by one stage and rendered by another, in
any process.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageSpec:
    path: str                 # site path: 'actors/hts/' or 'feed.xml'
    template: str
    title: str
    context: dict = field(default_factory=dict)
    description: str = ""
    in_sitemap: bool = True
    absolute_links: bool = False   # the 404 page is served at any depth: link from the root
    lastmod: str = ""
    figures: list = field(default_factory=list)   # Figures shown on the page (embeds add theirs)
    # What the page shows that is not in the site (which every page may show): plain data, such as a
    # brief's revision history read from git. Part of what the page is made from, as its body is.
    inputs: tuple = ()
    # Costly work that finishes the spec (figures, mostly), run just before the page renders, in
    # the process that renders it: a page that is not rendered (its bytes reused) never pays for it.
    prepare: list = field(default_factory=list, compare=False)


def deferred_page(path: str, template: str, make, in_sitemap: bool = True) -> PageSpec:
    """A page whose spec is costly to make (a big figure): made only when the page is rendered."""
    def fill(spec: PageSpec) -> None:
        made = make()
        for name in ("title", "context", "description", "absolute_links", "lastmod", "figures"):
            setattr(spec, name, getattr(made, name))
    return PageSpec(path, template, "", in_sitemap=in_sitemap, prepare=[fill])
