"""Which networks the site shows: the network page, each actor's neighbourhood, each brief's actors,
and networks editors embed with `{{< network ... >}}`.

One SiteNetwork per site computes the graph, metrics, blocs and the whole layout once; every
figure is drawn once for what it shows, so a network shown on several pages is one JSON file.
"""
from __future__ import annotations

import posixpath

import datetime as dt
import functools
import hashlib

from briefing.errors import EmbedError
from briefing.figures.figure import Figure
from briefing.figures.network import NetworkDrawer, names
from briefing.model import OutputFile, Site
from briefing.derive.network import (actor_metrics, build_graph, connected_nodes, data_files, detect_blocs, key_dates,
                      neighbourhood, on_date, ranked, spaced, steps_from, subgraph)
from briefing.derive.network_layout import force_layout, radial_layout
from briefing.pages.spec import PageSpec
from briefing.text import iso, long_day, suggest, utc_day


ACTIVE = {"leads": "leads", "commands": "commands", "member-of": "is part of", "speaks-for": "speaks for",
          "backs": "backs", "allied-with": "is allied with", "supports": "supports", "fights": "fights",
          "condemns": "condemns", "blames": "blames", "meets": "meets", "calls": "calls",
          "mediates": "mediates with"}
PASSIVE = {"leads": "is led by", "commands": "is commanded by", "member-of": "includes",
           "speaks-for": "has as spokesperson", "backs": "is backed by", "allied-with": "is allied with",
           "supports": "is supported by", "fights": "is fought by", "condemns": "is condemned by",
           "blames": "is blamed by", "meets": "is met by", "calls": "is called by", "mediates": "has mediation from"}
EMBED_ARGS = ("actors", "depth", "date")
MAX_DATES = 24    # dates offered on the network page (see network.spaced)
MEASURES = (
    ("Relations in", "how many relations point at the actor: who leads, backs, fights or blames it."),
    ("Relations out", "how many relations the actor is the subject of: whom it leads, backs, fights or blames."),
    ("Betweenness", "the share of shortest paths between two other actors that run through this one "
                    "(direction ignored), from 0 to 1: high for go-betweens that link camps."),
    ("Bloc", "a group of actors more tightly tied to each other than to the rest, detected by modularity "
             "(networkx's greedy method) from leadership, membership, support and contact; fighting, "
             "condemning and blaming do not bind. An actor with no such tie has no bloc."),
)


def analyse(site: Site) -> tuple:
    """(blocs, metrics): the costly part of a SiteNetwork (betweenness is O(actors x relations)),
    a function of the site alone, so a build can keep it between builds and pass it back in."""
    graph = build_graph(site)
    blocs = detect_blocs(graph)
    return blocs, actor_metrics(graph, blocs)


class SiteNetwork:
    def __init__(self, site: Site, analysis: tuple | None = None):
        self.site = site
        self.graph = build_graph(site)
        if analysis is None:
            self.blocs = detect_blocs(self.graph)
            self.metrics = actor_metrics(self.graph, self.blocs)
        else:
            self.blocs, self.metrics = analysis
        self.drawer = NetworkDrawer(site, self.graph, self.metrics, self.blocs)
        self.connected = subgraph(self.graph, connected_nodes(self.graph))
        self.drawn: dict = {}

    def label(self, node: str) -> str:
        return self.graph.nodes[node]["label"]

    @functools.cached_property
    def whole_layout(self) -> dict:
        return force_layout(self.connected)

    # figures, each computed once --------------------------------------------------------------
    def once(self, key, make):
        if key not in self.drawn:
            self.drawn[key] = make()
        return self.drawn[key]

    def whole(self, day: dt.date | None = None) -> Figure | None:
        """Every actor with a relation; on a date, only relations that hold then (others fade)."""
        if self.connected.number_of_edges() == 0:
            return None
        return self.once(("whole", day), lambda: self._whole(day))

    def _whole(self, day):
        sub = subgraph(self.graph, self.connected.nodes, day)
        faded = frozenset(n for n in sub.nodes if sub.degree(n) == 0)
        label_pos = None if day is None else self.whole().extra["label_pos"]
        n = sub.number_of_nodes()
        title = "The actor network" + (f" on {long_day(day)}" if day else "")
        return self.drawer.figure(sub, self.whole_layout, fig_id="network" + (f"-{day}" if day else ""),
                                  title=title, caption=self.whole_caption(sub, faded, day),
                                  height=figure_height(n, 480, 640, 760, 820), faded=faded, label_pos=label_pos)

    def ego(self, actor: str, depth: int = 1, day: dt.date | None = None) -> Figure | None:
        """The actor and everyone up to `depth` relations away, and the relations among them."""
        return self.once(("ego", actor, depth, day), lambda: self._ego(actor, depth, day))

    def _ego(self, actor, depth, day):
        graph = on_date(self.graph, day)
        sub = subgraph(graph, neighbourhood(graph, [actor], depth), day)
        if sub.number_of_edges() == 0:
            return None
        steps = steps_from(sub, actor)
        pos = radial_layout(sub, actor, steps) if depth <= 2 else force_layout(sub)
        label = self.label(actor)
        title = f"{label} and its relations" if depth == 1 else f"{label}: {('two', 'three')[depth - 2]} steps out"
        title += f" on {long_day(day)}" if day else ""
        fig_id = f"network-{actor}-{depth}" + (f"-{day}" if day else "")
        n = sub.number_of_nodes()
        return self.drawer.figure(sub, pos, fig_id=fig_id, title=title, caption=self.ego_caption(sub, actor, steps, day),
                                  height=figure_height(n, 400, 480, 600, 720))

    def among(self, actors, depth: int = 0, day: dt.date | None = None) -> Figure | None:
        """Several actors (and those up to `depth` away) and the relations among them."""
        actors = tuple(dict.fromkeys(actors))
        if len(actors) == 1 and depth >= 1:
            return self.ego(actors[0], depth, day)
        return self.once(("among", actors, depth, day), lambda: self._among(actors, depth, day))

    def _among(self, actors, depth, day):
        graph = on_date(self.graph, day)
        nodes = neighbourhood(graph, actors, depth)
        sub = subgraph(graph, nodes, day)
        alone = [n for n in sub.nodes if sub.degree(n) == 0]
        if sub.number_of_edges() == 0:
            return None
        sub = subgraph(sub, [n for n in sub.nodes if n not in alone])
        digest = hashlib.sha1(",".join(sorted(actors)).encode()).hexdigest()[:8]
        fig_id = f"network-{digest}-{depth}" + (f"-{day}" if day else "")
        shown = [self.label(a) for a in actors if a in sub]
        title = "Relations among " + (names(shown) if len(shown) <= 3 else f"{sub.number_of_nodes()} actors")
        title += f" on {long_day(day)}" if day else ""
        n = sub.number_of_nodes()
        return self.drawer.figure(sub, force_layout(sub), fig_id=fig_id, title=title,
                                  caption=self.among_caption(sub, alone, depth, day),
                                  height=figure_height(n, 400, 520, 640, 760))

    # captions: what each figure shows, in words ------------------------------------------------------
    def top(self, sub, count=3) -> list[str]:
        order = sorted(sub.nodes, key=lambda n: (-sub.degree(n), self.label(n).casefold()))
        return [f"{self.label(n)} ({sub.degree(n)})" for n in order[:count]]

    def whole_caption(self, sub, faded, day) -> str:
        derived = sum(1 for _, _, d in sub.edges(data=True) if d["derived"])
        edges = sub.number_of_edges()
        text = (f"{sub.number_of_nodes() - len(faded)} actors linked by {edges} relation{'s' if edges != 1 else ''}"
                + (f" on {long_day(day)}" if day else "")
                + (f" ({derived} of them membership taken from the actor list)" if derived else "") + ". ")
        text += f"Most relations: {names(self.top(sub))}. "
        brokers = [m for m in ranked(self.metrics, self.graph) if m.betweenness > 0 and m.id in sub][:2]
        if brokers:
            text += f"Main go-between{'s' if len(brokers) > 1 else ''} (betweenness): {names([self.label(m.id) for m in brokers])}."
        if faded:
            text += f" {len(faded)} actors have no relation on that day and are faded."
        return text.strip()

    def ego_caption(self, sub, actor, steps, day) -> str:
        label = self.label(actor)
        if max(steps.values()) == 1:
            phrases = self.relation_phrases(sub, actor)
            shown = phrases[:8] + ([f"and {len(phrases) - 8} more (see the table)"] if len(phrases) > 8 else [])
            own = sub.degree(actor)
            others = sub.number_of_nodes() - 1
            text = (f"{label} has {plural(own, 'relation')} with {plural(others, 'actor')}"
                    + (f" on {long_day(day)}" if day else "") + f": {label} " + "; ".join(shown) + ".")
            among = sub.number_of_edges() - own
            return text + (f" The drawing also shows {plural(among, 'relation')} among them." if among else "")
        far = [self.label(n) for n in sub.nodes if steps.get(n, 0) >= 2]
        listed = names(far[:8] + ([f"{len(far) - 8} more"] if len(far) > 8 else []))
        return (f"{label} and the {sub.number_of_nodes() - 1} actors up to {max(steps.values())} relations away, "
                f"with the {sub.number_of_edges()} relations among them. Reached only through another actor: {listed}.")

    def relation_phrases(self, sub, actor) -> list[str]:
        groups: dict = {}
        for u, v, data in sub.edges(data=True):
            if u == actor:
                groups.setdefault(ACTIVE[data["type"]], []).append(self.label(v))
            elif v == actor:
                groups.setdefault(PASSIVE[data["type"]], []).append(self.label(u))
        return [f"{verb} {names(list(dict.fromkeys(who)))}" for verb, who in groups.items()]

    def among_caption(self, sub, alone, depth, day) -> str:
        drawn = sub.number_of_nodes()
        who = f"{drawn} of the {drawn + len(alone)} actors" if alone else f"{drawn} actors"
        if depth:
            who += f" (the ones chosen and those up to {plural(depth, 'relation')} away)"
        text = (f"{who} and the {plural(sub.number_of_edges(), 'relation')} among them"
                + (f" on {long_day(day)}" if day else "") + f". Most relations here: {names(self.top(sub))}.")
        if alone:
            text += f" Not drawn, having no relation to the others: {names([self.label(n) for n in alone])}."
        return text

    # embeds: {{< network >}}, {{< network actors="hts,sna" depth=1 date="2024-11-30" >}} ------------------
    def embed(self, args: dict, spec: PageSpec) -> Figure:
        unknown = [k for k in args if k not in EMBED_ARGS]
        if unknown:
            raise EmbedError(f"unknown argument '{unknown[0]}' (known: {', '.join(EMBED_ARGS)})")
        actors = self.embed_actors(args, spec)
        day = embed_date(args.get("date"))
        depth = embed_depth(args.get("depth"), 1 if actors and len(actors) == 1 else 0)
        figure = self.whole(day) if actors is None else self.among(actors, depth, day)
        if figure is None:
            raise EmbedError("no relations to draw" + (f" on {args['date']}" if day else "")
                             + (f" among {', '.join(actors)}" if actors else ""))
        if any(f.id == figure.id for f in spec.figures):
            raise EmbedError("this network is already shown on this page")
        return figure

    def embed_actors(self, args, spec):
        if "actors" in args:
            ids = [i.strip() for i in str(args["actors"]).split(",") if i.strip()]
            for ident in ids:
                if ident not in self.graph:
                    hint = suggest(ident, self.graph.nodes)
                    raise EmbedError(f"unknown actor '{ident}'" + (f" ({hint})" if hint else ""))
            if not ids:
                raise EmbedError("'actors' is empty: give actor ids separated by commas")
            return ids
        if spec.template == "brief.html":
            return [a.id for a in spec.context["actors"]] or None
        return None


def embed_date(value) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise EmbedError(f"'date' must be YYYY-MM-DD, not '{value}'") from None


def embed_depth(value, default: int) -> int:
    if value is None:
        return default
    if str(value) not in ("0", "1", "2", "3"):
        raise EmbedError(f"'depth' must be 0, 1, 2 or 3, not '{value}'")
    return int(value)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def figure_height(n: int, tiny: int, small: int, medium: int, large: int) -> int:
    return tiny if n <= 8 else small if n <= 24 else medium if n <= 80 else large


# --- pages ----------------------------------------------------------------------------------------------

def network_pages(net: "SiteNetwork") -> list[PageSpec]:
    """The network page (when there is a relation to draw)."""
    site = net.site
    whole = net.whole()
    if whole is None:
        return []
    changes = key_dates(net.connected, utc_day(site.config.as_of))
    days = spaced(changes, MAX_DATES)
    by_day = [(day, net.whole(day)) for day in days]
    edge_rows = whole.extra["edge_keys"]
    dates = {"figure": f"fig-{whole.id}",
             # file names in the figures' folder: network.js finds them beside the figure's own file, so
             # they hold in every edition (ar/network/ as network/)
             "all": {"src": posixpath.basename(whole.path), "title": whole.title, "caption": whole.caption},
             "dates": [{"value": iso(day), "label": long_day(day), "src": posixpath.basename(fig.path),
                        "title": fig.title, "caption": fig.caption, "rows": rows_in(edge_rows, fig)}
                       for day, fig in by_day]}
    actors = [site.actor(n) for n in net.graph.nodes]
    context = {
        "network": whole, "dates": dates if days else None,
        "measures": MEASURES,
        "rows": [(site.actor(m.id), net.drawer.side_title(m.id), net.drawer.bloc_name(m.bloc), m.in_degree,
                  m.out_degree, f"{m.betweenness:.3f}") for m in ranked(net.metrics, net.graph) if m.id in net.connected],
        "blocs": [(bloc, [site.actor(a) for a in bloc.members]) for bloc in net.blocs],
        "alone": [a for a in actors if a.id not in net.connected],
        "counts": {"actors": net.connected.number_of_nodes(), "relations": net.connected.number_of_edges()},
    }
    context["dates_left_out"] = len(changes) - len(days)
    return [PageSpec("network/", "network.html", "Network", context,
                     f"Who leads, backs, fights and talks to whom: {context['counts']['actors']} actors and "
                     f"{context['counts']['relations']} relations, with measures of centrality and the blocs they form.",
                     figures=[fig for _, fig in by_day])]


def rows_in(edge_rows: list, figure: Figure) -> list[int]:
    """Which rows of the whole network's table (by index) a per-date figure still shows."""
    shown = set(figure.extra["edge_keys"])
    return [i for i, key in enumerate(edge_rows) if key in shown]


def attach_networks(specs: list[PageSpec], net: "SiteNetwork") -> None:
    """Give each actor page its neighbourhood and each brief the network of the actors it names."""
    for spec in specs:
        if spec.template == "actor.html":
            actor = spec.context["actor"].id
            near, wider = net.ego(actor, 1), net.ego(actor, 2)
            spec.context["network"] = near
            spec.context["network_wider"] = wider if near and wider and len(wider.table.rows) > len(near.table.rows) else None
        elif spec.template == "brief.html":
            spec.context["network"] = net.among([a.id for a in spec.context["actors"]])


def network_files(net: "SiteNetwork") -> list[OutputFile]:
    return data_files(net.graph, net.metrics, net.blocs)

