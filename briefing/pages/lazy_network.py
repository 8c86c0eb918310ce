"""The network's part in a build, made only for pages that render (see PageSpec.prepare).

pages/network.py draws with networkx and numpy, which take a quarter of a second to
import: a build that renders no page with a network (a warm rebuild after one brief's
text changed, say) should not pay for that. Everything here imports it when a page
first needs a network.
"""
from __future__ import annotations

import functools

from briefing.content.syntax import embed_names
from briefing.model import Site
from briefing.pages.spec import PageSpec, deferred_page


def _network():
    """pages/network.py, imported on first use."""
    from briefing.pages import network
    return network


NETWORK_TEMPLATES = ("actor.html", "brief.html", "network.html")


class SiteNetworkLater:
    """The site's network (a pages.network.SiteNetwork), built when first asked for.

    One a build, shared by every page and embed that draws from it (layout and metrics
    are computed once). `analysis`, if set before first use, is (blocs, metrics) as
    pages.network.analyse(site) would compute them: a build may have kept it."""

    def __init__(self, site: Site):
        self.site = site
        self.analysis: tuple | None = None

    @functools.cached_property
    def network(self):
        return _network().SiteNetwork(self.site, self.analysis)

    def analyse(self) -> tuple:
        """pages.network.analyse(site): (blocs, metrics), the costly part of the network."""
        return _network().analyse(self.site)


def needs_network(spec: PageSpec) -> bool:
    """Whether rendering this page draws from the site's network: an actor's page, the network
    page, a brief whose network is not yet attached, or a body with a {{< network >}} embed."""
    attached = spec.template == "brief.html" and "network" in spec.context
    if spec.template in NETWORK_TEMPLATES and not attached:
        return True
    item = spec.context.get("markdown_of")
    return item is not None and "network" in embed_names(item.body)


def brief_actors(spec: PageSpec) -> tuple[str, ...]:
    """A brief's network is a function of the site (bodies aside) and of the actors it names."""
    return tuple(actor.id for actor in spec.context["actors"])


def attach_network(page: PageSpec, later: SiteNetworkLater) -> None:
    """pages.network.attach_networks for one actor or brief page, unless the brief has its network."""
    if page.template == "brief.html" and "network" in page.context:
        return
    _network().attach_networks([page], later.network)


def has_relations(site: Site) -> bool:
    """Whether the network has an edge (network.build_graph: relations, and part_of links)."""
    return bool(site.relations) or any(actor.part_of for actor in site.actors)


def attach_networks_later(specs: list[PageSpec], later: SiteNetworkLater) -> None:
    """attach_network, for each actor and brief page just before it renders."""
    for spec in specs:
        if spec.template in ("actor.html", "brief.html"):
            spec.prepare.append(lambda page: attach_network(page, later))


def network_pages_later(later: SiteNetworkLater) -> list[PageSpec]:
    """The network page, its figures drawn only if the page is rendered."""
    if not has_relations(later.site):
        return []
    return [deferred_page("network/", "network.html", lambda: _network().network_pages(later.network)[0])]


def network_embed(later: SiteNetworkLater):
    """The {{< network >}} embed handler."""
    return lambda args, spec: later.network.embed(args, spec)


def network_downloads(later: SiteNetworkLater) -> list:
    """data/network.graphml and data/network.json."""
    return _network().network_files(later.network)
