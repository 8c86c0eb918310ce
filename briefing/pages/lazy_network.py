"""The network's part in a build, made only for pages that render (see PageSpec.prepare).

network_pages.py draws with networkx and numpy, which take a quarter of a second to
import: a warm build that takes every page from the build cache should not pay for
that. These wrappers import it when a page first needs a network.
"""
from __future__ import annotations

from briefing.cache.store import made_while_rendering
from briefing.render.markdown import embed_names
from briefing.model import Site
from briefing.render.renderer import PageSpec, deferred_page


def _network():
    from briefing.pages import network as network_pages
    return network_pages


NETWORK_TEMPLATES = ("actor.html", "brief.html", "network.html")


BRIEF_NETWORK = "brief-network"
_brief_networks: dict = {}    # "key": the site's digest while a build with a cache renders


def brief_network_key(site_key: str, spec: PageSpec) -> str:
    """A brief's network is a function of the site (bodies aside) and the actors it names."""
    return f"{site_key}/" + ",".join(a.id for a in spec.context["actors"])


def prime_network(site: Site, specs: list[PageSpec], cache, key: str) -> None:
    """Before pages render (in this process, before any fork), with the build cache:

    - each brief's network comes from the cache when the site and the brief's actors are
      unchanged; one made while rendering is kept for the next build;
    - if a page still needs to draw a network, the site's network is built once, here, with
      its analysis (blocs, centrality) from the cache, so the processes that render inherit it
      (6 s at 5,000 briefs);
    - if none does, networkx and numpy are not even imported (a quarter of a second, which is
      a quarter of a warm rebuild after one brief's text changed)."""
    _brief_networks.clear()
    if cache is None or not cache.enabled:
        return
    _brief_networks["key"] = key
    needs_graph = False
    for spec in specs:
        if spec.template == "brief.html":
            found, figure = cache.recall(BRIEF_NETWORK, brief_network_key(key, spec))
            if found:
                spec.context["network"] = figure
            else:
                needs_graph = True
        elif spec.template in NETWORK_TEMPLATES:
            needs_graph = True
        item = spec.context.get("markdown_of")
        if item is not None and "network" in embed_names(item.body):
            needs_graph = True
    if needs_graph:
        network = _network()
        network.seed_site_network(site, cache.memo("network-analysis", key, lambda: network.analyse(site)))


def attach_network(page: PageSpec, site: Site) -> None:
    """network_pages.attach_networks for one actor or brief page, unless the cache had it."""
    if page.template == "brief.html" and "network" in page.context:
        return
    _network().attach_networks([page], site)
    if page.template == "brief.html" and "key" in _brief_networks:
        made_while_rendering(BRIEF_NETWORK, brief_network_key(_brief_networks["key"], page), page.context["network"])


def has_relations(site: Site) -> bool:
    """Whether the network has an edge (network.build_graph: relations, and part_of links)."""
    return bool(site.relations) or any(actor.part_of for actor in site.actors)


def attach_networks_later(specs: list[PageSpec], site: Site) -> None:
    """network_pages.attach_networks, for each actor and brief page just before it renders."""
    for spec in specs:
        if spec.template in ("actor.html", "brief.html"):
            spec.prepare.append(lambda page: attach_network(page, site))


def network_pages_later(site: Site) -> list[PageSpec]:
    """The network page, its figures drawn only if the page is rendered."""
    if not has_relations(site):
        return []
    return [deferred_page("network/", "network.html", lambda: _network().network_pages(site)[0])]


def network_embed(site: Site):
    """The {{< network >}} embed handler."""
    return lambda args, spec: _network().site_network(site).embed(args, spec)


def network_downloads(site: Site) -> list:
    return _network().network_files(site)
