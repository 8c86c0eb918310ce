"""Model -> the actor network: a directed, typed networkx graph, its metrics and blocs, GraphML and JSON.

Nothing here draws: figures_network.py turns what this module computes into figures.
Every function returns nodes and edges in a fixed order (content order), never in set
order, so the same content always gives the same output byte for byte.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from briefing.model import OutputFile, Site
from briefing.text import iso
from briefing.urls import NETWORK_DOWNLOADS

# Relation types by family: the family gives an edge its colour, and says whether a tie
# binds two actors together (blocs are detected on binding ties only: two enemies who
# fight each other a lot are entangled, not allied).
FAMILY_OF = {
    "leads": "structure", "commands": "structure", "member-of": "structure", "speaks-for": "structure",
    "backs": "support", "allied-with": "support", "supports": "support",
    "fights": "hostility", "condemns": "hostility", "blames": "hostility",
    "meets": "contact", "calls": "contact", "mediates": "contact",
}
BINDING_FAMILIES = ("structure", "support", "contact")


@dataclass(frozen=True)
class Bloc:
    """A group of actors more tightly bound to each other than to the rest (detected, not declared)."""
    number: int              # 1 is the largest
    anchor: str              # the most connected member: the bloc is named after it
    members: tuple[str, ...]


@dataclass(frozen=True)
class ActorMetrics:
    id: str
    in_degree: int           # relations pointing at the actor
    out_degree: int          # relations the actor is the subject of
    betweenness: float       # 0..1, direction ignored
    bloc: int | None         # Bloc.number, or None when the actor binds with nobody

    @property
    def degree(self) -> int:
        return self.in_degree + self.out_degree


# --- the graph -------------------------------------------------------------------------------

def build_graph(site: Site) -> nx.MultiDiGraph:
    """Actors as nodes, one edge per relation (key: the relation's id), plus part_of as member-of.

    A `part_of` link becomes a `member-of` edge (marked derived) unless a relation from the
    member to its parent already says how they are tied (HTS *leads* the MOC it is part of).
    """
    graph = nx.MultiDiGraph(title=site.config.title, as_of=iso(site.config.as_of))
    for actor in site.actors:
        graph.add_node(actor.id, name=actor.name, label=actor.label, kind=actor.kind, side=actor.side,
                       part_of=tuple(actor.part_of), country=actor.country)
    explicit = {(rel.source, rel.target) for rel in site.relations}
    for rel in site.relations:
        graph.add_edge(rel.source, rel.target, key=unique_key(graph, rel.source, rel.target, rel.id),
                       type=rel.type, since=rel.since, until=rel.until, sources=tuple(rel.sources),
                       note=rel.note, derived=False)
    for actor in site.actors:
        for parent in actor.part_of:
            if (actor.id, parent) not in explicit:
                graph.add_edge(actor.id, parent, key=f"{actor.id}--member-of--{parent}", type="member-of",
                               since=None, until=None, sources=tuple(actor.sources), note="", derived=True)
    return graph


def unique_key(graph, source, target, key):
    """Two relations of one type between one pair (a meeting on two days) keep separate edges."""
    candidate, number = key, 1
    while graph.has_edge(source, target, candidate):
        number += 1
        candidate = f"{key}--{number}"
    return candidate


def active_on(edge: dict, day: dt.date) -> bool:
    """A relation holds on `day` when it started by then and had not ended; undated ones always hold."""
    return (edge["since"] is None or edge["since"] <= day) and (edge["until"] is None or edge["until"] >= day)


def subgraph(graph: nx.MultiDiGraph, nodes, day: dt.date | None = None) -> nx.MultiDiGraph:
    """The nodes given (in the graph's order) and the edges among them, only those active on `day`.

    networkx's own subgraph views iterate in the order of the node set passed in, which for
    a Python set changes from run to run; this copy keeps the graph's order.
    """
    keep = set(nodes)
    ordered = [n for n in graph.nodes if n in keep]
    sub = nx.MultiDiGraph(**graph.graph)
    sub.add_nodes_from((n, graph.nodes[n]) for n in ordered)
    sub.add_edges_from((u, v, k, data) for u, v, k, data in graph.edges(ordered, keys=True, data=True)
                       if v in keep and (day is None or active_on(data, day)))
    return sub


def on_date(graph: nx.MultiDiGraph, day: dt.date | None) -> nx.MultiDiGraph:
    """Every actor, and the relations that hold on `day` (all of them when day is None)."""
    return graph if day is None else subgraph(graph, graph.nodes, day)


def connected_nodes(graph: nx.MultiDiGraph) -> list[str]:
    """Actors with at least one relation, in graph order."""
    return [n for n in graph.nodes if graph.degree(n) > 0]


def neighbourhood(graph: nx.MultiDiGraph, centres, depth: int) -> list[str]:
    """The centres and every actor up to `depth` relations away, either direction, in graph order."""
    reached, frontier = set(centres), set(centres)
    for _ in range(depth):
        frontier = {m for n in frontier for m in (*graph.successors(n), *graph.predecessors(n))} - reached
        reached |= frontier
    return [n for n in graph.nodes if n in reached]


def steps_from(graph: nx.MultiDiGraph, centre: str) -> dict:
    """Node -> number of relations between it and `centre`, ignoring direction."""
    return nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre)


def key_dates(graph: nx.MultiDiGraph, last: dt.date | None = None) -> list[dt.date]:
    """The days on which the set of holding relations changes: each start, and the day after each end."""
    days = set()
    for _, _, data in graph.edges(data=True):
        if data["since"]:
            days.add(data["since"])
        if data["until"]:
            days.add(data["until"] + dt.timedelta(days=1))
    if last and days:
        days.add(last)
        days = {d for d in days if d <= last}
    return sorted(days)


def spaced(days: list, most: int) -> list:
    """At most `most` of `days`, evenly spread, keeping the first and the last.

    A desk that records relations for years gathers hundreds of dates on which the network
    changed; a figure for each would make the network page's cost grow with dates x relations,
    and a menu of hundreds of dates helps no reader."""
    if len(days) <= most:
        return list(days)
    picks = sorted({round(i * (len(days) - 1) / (most - 1)) for i in range(most)})
    return [days[i] for i in picks]


# --- metrics and blocs -------------------------------------------------------------------------

def undirected_simple(graph: nx.MultiDiGraph, families=None) -> nx.Graph:
    """One undirected tie per pair, weighted by how many relations (of the given families) join it."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        if families is None or FAMILY_OF[data["type"]] in families:
            weight = simple.edges[u, v]["weight"] + 1 if simple.has_edge(u, v) else 1
            simple.add_edge(u, v, weight=weight)
    return simple


def detect_blocs(graph: nx.MultiDiGraph) -> list[Bloc]:
    """Communities of binding ties (greedy modularity, deterministic); single actors are no bloc."""
    binding = undirected_simple(graph, BINDING_FAMILIES)
    binding.remove_nodes_from([n for n in list(binding.nodes) if binding.degree(n) == 0])
    if binding.number_of_edges() == 0:
        return []
    order = {n: i for i, n in enumerate(graph.nodes)}
    groups = [sorted(c, key=order.get) for c in
              nx.community.greedy_modularity_communities(binding, weight="weight") if len(c) > 1]
    groups.sort(key=lambda members: (-len(members), order[members[0]]))
    return [Bloc(number, max(members, key=lambda n: (graph.degree(n), -order[n])), tuple(members))
            for number, members in enumerate(groups, 1)]


def actor_metrics(graph: nx.MultiDiGraph, blocs: list[Bloc] | None = None) -> dict[str, ActorMetrics]:
    """Degree in and out (relations, counted one by one), betweenness (direction ignored), bloc."""
    blocs = detect_blocs(graph) if blocs is None else blocs
    bloc_of = {member: bloc.number for bloc in blocs for member in bloc.members}
    betweenness = nx.betweenness_centrality(undirected_simple(graph), normalized=True, weight=None)
    return {n: ActorMetrics(n, graph.in_degree(n), graph.out_degree(n), round(betweenness[n], 6),
                            bloc_of.get(n)) for n in graph.nodes}


def ranked(metrics: dict[str, ActorMetrics], graph: nx.MultiDiGraph) -> list[ActorMetrics]:
    """Most central first: betweenness, then number of relations, then name."""
    return sorted(metrics.values(), key=lambda m: (-m.betweenness, -m.degree, graph.nodes[m.id]["label"].lower()))


def relation_counts(graph: nx.MultiDiGraph) -> Counter:
    return Counter(data["type"] for _, _, data in graph.edges(data=True))


# --- downloads ---------------------------------------------------------------------------------

def export_graph(graph: nx.MultiDiGraph, metrics: dict[str, ActorMetrics], blocs: list[Bloc],
                 flat: bool) -> nx.MultiDiGraph:
    """A copy for analysts with the metrics on each node. flat: GraphML takes only plain values."""
    anchor = {b.number: graph.nodes[b.anchor]["label"] for b in blocs}

    def value(v):
        if isinstance(v, tuple):
            return "; ".join(v) if flat else list(v)
        if isinstance(v, dt.date):
            return iso(v)
        return ("" if flat else None) if v is None else v

    out = nx.MultiDiGraph(**{k: value(v) for k, v in graph.graph.items()})
    for n, data in graph.nodes(data=True):
        m = metrics[n]
        out.add_node(n, **{k: value(v) for k, v in data.items()}, in_degree=m.in_degree, out_degree=m.out_degree,
                     betweenness=m.betweenness, bloc=value(f"Bloc {m.bloc}: {anchor[m.bloc]}" if m.bloc else None))
    for u, v, k, data in graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **{name: value(x) for name, x in data.items()})
    return out


def graphml_bytes(graph, metrics, blocs) -> bytes:
    flat = export_graph(graph, metrics, blocs, flat=True)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', *nx.generate_graphml(flat, prettyprint=True)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def node_link_bytes(graph, metrics, blocs) -> bytes:
    data = nx.node_link_data(export_graph(graph, metrics, blocs, flat=False), edges="links")
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def data_files(graph: nx.MultiDiGraph, metrics=None, blocs=None) -> list[OutputFile]:
    """data/network.graphml (Gephi, Cytoscape, yEd) and data/network.json (node-link, for D3 or networkx)."""
    blocs = detect_blocs(graph) if blocs is None else blocs
    metrics = actor_metrics(graph, blocs) if metrics is None else metrics
    graphml, node_link = NETWORK_DOWNLOADS
    return [OutputFile(graphml, graphml_bytes(graph, metrics, blocs)),
            OutputFile(node_link, node_link_bytes(graph, metrics, blocs))]


def read_graphml(data: bytes) -> nx.MultiDiGraph:
    """For tests and analysts: the GraphML download back into networkx."""
    return nx.read_graphml(io.BytesIO(data), force_multigraph=True)
