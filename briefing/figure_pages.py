"""The network's part in a build, made only for pages that render (see PageSpec.prepare).

network_pages.py draws with networkx and numpy, which take a quarter of a second to
import: a warm build that takes every page from the build cache should not pay for
that. These wrappers import it when a page first needs a network.
"""
from __future__ import annotations

from .model import Site
from .render import PageSpec, deferred_page


def _network():
    from . import network_pages
    return network_pages


NETWORK_TEMPLATES = ("actor.html", "brief.html", "network.html")


def prime_network(site: Site, specs: list[PageSpec], memo, key: str) -> None:
    """Before pages render: if any of them shows a network, build the site's network once, here,
    with its analysis (blocs, centrality) from the build cache when the site is unchanged, so
    the processes that render inherit it instead of each computing it (6 s at 5,000 briefs)."""
    if memo is None or not any(spec.template in NETWORK_TEMPLATES for spec in specs):
        return
    network = _network()
    network.seed_site_network(site, memo("network-analysis", key, lambda: network.analyse(site)))


def has_relations(site: Site) -> bool:
    """Whether the network has an edge (network.build_graph: relations, and part_of links)."""
    return bool(site.relations) or any(actor.part_of for actor in site.actors)


def attach_networks_later(specs: list[PageSpec], site: Site) -> None:
    """network_pages.attach_networks, for each actor and brief page just before it renders."""
    for spec in specs:
        if spec.template in ("actor.html", "brief.html"):
            spec.prepare.append(lambda page: _network().attach_networks([page], site))


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
