"""Network graph -> Figures: the plotly drawing, its legend, its caption and its table of relations.

Which networks the site shows, and where, is decided in network_pages.py; this module only
draws one. Colour says the side (from content) or, for actors without one, the detected bloc
(open shapes); shape says the kind of actor; line colour and dash say the kind of relation;
arrows point from the actor who acts to the one acted on; size grows with the number of relations.
"""
from __future__ import annotations

import functools
import math
import textwrap
from dataclasses import dataclass

import networkx as nx

from briefing.figures.figure import Figure, Table
from briefing.figures.markup import bold, esc, wrapped
from briefing.model import ACTOR_KINDS, RELATION_TYPES, Site
from briefing.derive.network import FAMILY_OF, ActorMetrics, Bloc
from briefing.derive.network_layout import Canvas, place_labels
from briefing.i18n import N_, current, gettext as _, ngettext
from briefing.text import and_list, date_span, kind_word, number as text_number, separated

# Line colour by family, dash by type within it. Each colour has at least 3:1 contrast on
# white and on the dark theme's surface (tests/test_network.py checks).
FAMILY_COLOUR = {"structure": "#6b7686", "support": "#2b7bba", "hostility": "#d6412b", "contact": "#9a63c4"}
FAMILY_TITLE = {"structure": N_("leadership and membership"), "support": N_("support"),
                "hostility": N_("hostility"), "contact": N_("contact")}
DASH = {"leads": "solid", "commands": "dash", "member-of": "dot", "speaks-for": "dashdot",
        "backs": "solid", "supports": "dash", "allied-with": "dashdot",
        "fights": "solid", "condemns": "dash", "blames": "dot",
        "meets": "solid", "calls": "dash", "mediates": "dashdot"}
# plotly's dash patterns for a line of width w (in units of max(w, 3) px), for the legend.
DASH_PATTERN = {"solid": "", "dot": (1, 1), "dash": (3, 3), "dashdot": (3, 1, 1, 1)}
KIND_SYMBOL = {"state": "square", "government": "diamond", "armed-forces": "pentagon",
               "armed-group": "triangle-up", "coalition": "hexagon", "militia": "triangle-down",
               "person": "circle", "media": "star", "monitor": "cross", "organisation": "star-diamond"}
# For actors without a side: a colour per detected bloc (drawn as open shapes), then grey.
BLOC_COLOURS = ("#3f7f93", "#b8652f", "#6b8e23", "#c2417a", "#5f6fb0", "#8a6d3b")
NO_BLOC_COLOUR = "#7d7d7d"
ARROW_AT = 0.72            # arrowheads sit at this fraction of each edge, clear of the target node
# Labels are placed for three widths of the plot area: each tier adds the labels that fit at its
# width, and shows only when the figure is that wide (a CSS container query on the trace's uid).
# 300 px is a phone's plot inside the page's margins; tier widths + 24 px are the container widths.
LABEL_TIERS = (300, 560, 900)
RELAXED_LABELS = 6    # the busiest actors, labelled even among many neighbours (network_layout.place_labels)
LABEL_GAP = 6              # px added to a node's size to set its label a little further off


def text_offset(size: float) -> float:
    """How far plotly sets text from its point, for a marker of this size (plotly: r / 0.8 + 1)."""
    return (size + LABEL_GAP) / 2 / 0.8 + 1


@dataclass(frozen=True)
class Style:
    """Sizes that depend on how many actors a figure has."""
    node_min: float
    node_per_degree: float
    node_max: float
    edge_width: float
    arrow: float
    font: float
    edge_opacity: float = 1.0

    @staticmethod
    def for_size(n: int) -> "Style":
        if n <= 40:
            return Style(12, 5, 34, 1.8, 12, 12)
        if n <= 120:
            return Style(8, 3.5, 26, 1.3, 10, 11)
        return Style(6, 2.2, 20, 0.9, 8, 10, 0.55)


class NetworkDrawer:
    """Knows the site (names, sides, metrics, blocs) and draws any part of its network."""

    def __init__(self, site: Site, graph: nx.MultiDiGraph, metrics: dict[str, ActorMetrics], blocs: list[Bloc]):
        self.site, self.graph, self.metrics = site, graph, metrics
        self.blocs = {b.number: b for b in blocs}
        self.sides = {s.id: s for s in site.config.sides}
        self.hover_cache: dict = {}      # (language, edge key or node id) -> hover text: each is worded once

    # what each node and edge looks like --------------------------------------------------------
    def colour(self, node: str) -> tuple[str, bool]:
        """(colour, open shape?): the side's colour, else the bloc's, else grey."""
        side = self.graph.nodes[node]["side"]
        if side in self.sides:
            return self.sides[side].colour, False
        bloc = self.metrics[node].bloc
        return (BLOC_COLOURS[(bloc - 1) % len(BLOC_COLOURS)] if bloc else NO_BLOC_COLOUR), True

    def label(self, node: str) -> str:
        return self.graph.nodes[node]["label"]

    def bloc_name(self, number: int | None) -> str:
        if not number:
            return _("none")
        return _("Bloc %(number)s (around %(actor)s)", number=text_number(number), actor=self.label(self.blocs[number].anchor))

    def side_title(self, node: str) -> str:
        side = self.graph.nodes[node]["side"]
        return self.sides[side].title if side in self.sides else _("no side given")

    def relation_phrase(self, data: dict) -> str:
        return kind_word(data["type"])

    def dates(self, data: dict) -> str:
        return date_span(data["since"], data["until"], self.site.config.as_of)

    def source_names(self, data: dict) -> str:
        return separated(self.site.source(s).name for s in data["sources"])

    def note(self, u: str, v: str, data: dict) -> str:
        if data["derived"]:
            return _("From the actor list: %(member)s is part of %(whole)s.", member=self.label(u), whole=self.label(v))
        return data["note"]

    # the figure ------------------------------------------------------------------------------
    def figure(self, sub: nx.MultiDiGraph, pos: dict, *, fig_id: str, title: str, caption: str,
               height: int, faded: frozenset = frozenset(), label_pos: dict | None = None,
               style: Style | None = None) -> Figure:
        style = style or Style.for_size(sub.number_of_nodes())
        edges = sorted_edges(sub)
        size = {n: self.node_size(n, style) for n in sub.nodes}
        pad, margin = 0.06, 12
        if label_pos is None:
            label_pos = self.place_labels(sub, pos, size, height - 2 * margin, pad, margin, style)
        data = (self.edge_traces(edges, pos, style) + [self.node_trace(sub, pos, size, faded)]
                + self.label_traces(sub, pos, size, label_pos, style))
        layout = {
            "height": height, "showlegend": False, "hovermode": "closest", "dragmode": False,
            "margin": {"l": margin, "r": margin, "t": margin, "b": margin},
            "xaxis": {"visible": False, "range": [-pad, 1 + pad], "fixedrange": True},
            "yaxis": {"visible": False, "range": [-pad, 1 + pad], "fixedrange": True},
        }
        table = Table(ngettext("%(title)s: %(num)s relation", "%(title)s: %(num)s relations", len(edges), title=title),
                      (_("From"), _("Relation"), _("To"), _("When"), _("Sources"), _("Note")),
                      tuple(self.table_row(u, v, d) for u, v, _, d in edges))
        return Figure(fig_id, "network", title, caption, {"data": data, "layout": layout}, table, height,
                      extra={"legend": self.legend(sub, faded), "label_pos": label_pos,
                             "edge_keys": [k for _, _, k, _ in edges]})

    def place_labels(self, sub, pos, size, plot_height, pad, margin, style) -> dict:
        """Node -> (textposition, tier): the labels that fit at each tier's width, smallest first."""
        priority = sorted(sub.nodes, key=lambda n: (-self.metrics[n].degree, -self.metrics[n].betweenness,
                                                    self.label(n).casefold()))
        texts, radii = {n: self.short(n) for n in sub.nodes}, {n: size[n] / 2 + 1 for n in sub.nodes}
        offsets = {n: text_offset(size[n]) for n in sub.nodes}
        placed, tier_of = {}, {}
        for tier, width in enumerate(LABEL_TIERS):
            canvas = Canvas(width, plot_height, pad, margin, style.font)
            for n, where in place_labels(pos, texts, radii, offsets, canvas, priority, placed,
                                             relaxed=RELAXED_LABELS).items():
                if n not in placed:
                    placed[n], tier_of[n] = where, tier
        return {n: [placed[n], tier_of[n]] for n in sub.nodes if n in placed}

    def node_size(self, node: str, style: Style) -> float:
        degree = self.metrics[node].degree
        return round(min(style.node_max, style.node_min + style.node_per_degree * math.sqrt(degree)), 1)

    def short(self, node: str) -> str:
        """The label as drawn: at most two lines of about 18 characters."""
        lines = textwrap.wrap(self.label(node), 18)
        return "<br>".join(esc(line) for line in lines[:2]) + ("…" if len(lines) > 2 else "")

    def edge_traces(self, edges, pos, style: Style) -> list[dict]:
        """Per relation type: one trace of lines (no hover), one of arrowheads (hover names the relation)."""
        bend = curvatures(edges)
        lines, arrows = {}, {}
        for u, v, key, data in edges:
            path = edge_path(pos[u], pos[v], bend[key])
            line = lines.setdefault(data["type"], {"x": [], "y": []})
            for x, y in path:
                line["x"].append(x)
                line["y"].append(y)
            line["x"].append(None)
            line["y"].append(None)
            arrow = arrows.setdefault(data["type"], {"x": [], "y": [], "text": []})
            worded = (current(), key)        # an edge shows in many figures: word it once a language
            if worded not in self.hover_cache:
                self.hover_cache[worded] = self.edge_hover(u, v, data)
            text = self.hover_cache[worded]
            for t in (ARROW_AT - 0.05, ARROW_AT):
                x, y = point_on(pos[u], pos[v], bend[key], t)
                arrow["x"].append(x)
                arrow["y"].append(y)
                arrow["text"].append(text)
            arrow["x"].append(None)
            arrow["y"].append(None)
            arrow["text"].append("")
        traces = []
        for rel_type in (t for t in RELATION_TYPES if t in lines):
            colour = FAMILY_COLOUR[FAMILY_OF[rel_type]]
            name = rel_type.replace("-", " ")
            traces.append({"type": "scatter", "mode": "lines", "name": name, "uid": f"lines-{rel_type}",
                           "x": lines[rel_type]["x"],
                           "y": lines[rel_type]["y"], "hoverinfo": "skip", "cliponaxis": False,
                           "opacity": style.edge_opacity,
                           "line": {"color": colour, "width": style.edge_width, "dash": DASH[rel_type]}})
        for rel_type in (t for t in RELATION_TYPES if t in arrows):
            colour = FAMILY_COLOUR[FAMILY_OF[rel_type]]
            count = len(arrows[rel_type]["x"]) // 3
            traces.append({"type": "scatter", "mode": "markers", "name": rel_type.replace("-", " ") + " (arrows)",
                           "uid": f"arrows-{rel_type}",
                           "x": arrows[rel_type]["x"], "y": arrows[rel_type]["y"],
                           "hovertext": arrows[rel_type]["text"], "hoverinfo": "text", "cliponaxis": False,
                           "marker": {"symbol": "arrow-wide", "angleref": "previous", "color": colour,
                                      "size": [0, style.arrow, 0] * count, "line": {"width": 0}}})
        return traces

    def node_trace(self, sub, pos, size, faded) -> dict:
        """The actors: shape by kind, colour by side (open shape: by bloc), size by relations; hover names them."""
        nodes = list(sub.nodes)
        colours = [self.colour(n) for n in nodes]
        return {
            "type": "scatter", "mode": "markers", "name": "actors", "uid": "nodes", "cliponaxis": False,
            "x": [pos[n][0] for n in nodes], "y": [pos[n][1] for n in nodes],
            "hovertext": [self.node_hover(n) for n in nodes], "hoverinfo": "text",
            "customdata": [f"actors/{n}/" for n in nodes],
            "marker": {"symbol": [KIND_SYMBOL[sub.nodes[n]["kind"]] + ("-open" if is_open else "")
                                  for n, (_, is_open) in zip(nodes, colours)],
                       "size": [size[n] for n in nodes], "color": [c for c, _ in colours],
                       "opacity": [0.3 if n in faded else 1 for n in nodes],
                       "line": {"width": [2.5 if is_open else 1 for _, is_open in colours],
                                "color": [c if is_open else "rgba(255,255,255,0.85)" for c, is_open in colours]}},
        }

    def label_traces(self, sub, pos, size, label_pos, style: Style) -> list[dict]:
        """One text trace a tier; its invisible markers, sized like the nodes, keep the text clear of them."""
        traces = []
        for tier in range(len(LABEL_TIERS)):
            nodes = [n for n in sub.nodes if n in label_pos and label_pos[n][1] == tier]
            if not nodes:
                continue
            traces.append({
                "type": "scatter", "mode": "markers+text", "name": f"labels {tier}", "uid": f"labels-{tier}",
                "cliponaxis": False, "hoverinfo": "skip",
                "x": [pos[n][0] for n in nodes], "y": [pos[n][1] for n in nodes],
                "text": [self.short(n) for n in nodes], "textposition": [label_pos[n][0] for n in nodes],
                "textfont": {"size": style.font},
                "marker": {"size": [size[n] + LABEL_GAP for n in nodes], "opacity": 0, "symbol": "circle"},
            })
        return traces

    def node_hover(self, node: str) -> str:
        worded = (current(), node)
        if worded not in self.hover_cache:
            self.hover_cache[worded] = self.word_node(node)
        return self.hover_cache[worded]

    def word_node(self, node: str) -> str:
        data, m = self.graph.nodes[node], self.metrics[node]
        lines = [bold(data['name']), wrapped(f"{kind_word(data['kind'])} · {self.side_title(node)}"),
                 ngettext("%(num)s relation in all (%(out)s out, %(in)s in)",
                          "%(num)s relations in all (%(out)s out, %(in)s in)", m.degree,
                          out=text_number(m.out_degree), **{"in": text_number(m.in_degree)})]
        if m.bloc:
            lines.append(wrapped(self.bloc_name(m.bloc)))
        return "<br>".join(lines)

    def edge_hover(self, u: str, v: str, data: dict) -> str:
        head = bold(f"{self.label(u)} → {self.label(v)}")
        what = self.relation_phrase(data) + (f" · {self.dates(data)}" if self.dates(data) else "")
        lines = [head, wrapped(what)]
        if data["sources"]:
            lines.append(wrapped(_("Sources: %(names)s", names=self.source_names(data))))
        note = self.note(u, v, data)
        if note:
            lines += wrapped("", lead=note, tag="i").split("<br>")[:4]    # content's <br> is escaped
        return "<br>".join(lines)

    def table_row(self, u: str, v: str, data: dict) -> tuple:
        return ((self.label(u), f"actors/{u}/"), self.relation_phrase(data), (self.label(v), f"actors/{v}/"),
                self.dates(data) or _("undated"), self.source_names(data) or "—", self.note(u, v, data))

    # the legend ------------------------------------------------------------------------------
    def legend(self, sub: nx.MultiDiGraph, faded=frozenset()) -> dict:
        """What colours, shapes and lines mean, for the kinds present in this figure only."""
        colour_items, seen = [], set()
        for side in self.site.config.sides:
            if any(sub.nodes[n]["side"] == side.id for n in sub.nodes):
                colour_items.append(legend_item(side.title, shape=symbol_path("circle"), fill=side.colour))
        for n in sub.nodes:
            colour, is_open = self.colour(n)
            bloc = self.metrics[n].bloc
            if is_open and bloc not in seen:
                seen.add(bloc)
                label = (_("No side given; detected bloc %(number)s (around %(actor)s)", number=text_number(bloc),
                           actor=self.label(self.blocs[bloc].anchor)) if bloc else _("No side given, no bloc"))
                colour_items.append(legend_item(label, shape=symbol_path("circle"), stroke=colour, open=True))
        kinds = [k for k in ACTOR_KINDS if any(sub.nodes[n]["kind"] == k for n in sub.nodes)]
        types = [t for t in RELATION_TYPES if any(d["type"] == t for _, _, d in sub.edges(data=True))]
        groups = [
            {"title": _("Colour"), "items": colour_items},
            {"title": _("Shape"), "items": [legend_item(kind_word(k), shape=symbol_path(KIND_SYMBOL[k]))
                                            for k in kinds]},
            {"title": _("Line"), "items": [legend_item(kind_word(t), line=FAMILY_COLOUR[FAMILY_OF[t]],
                                                       dash=dasharray(DASH[t])) for t in types]},
        ]
        note = _("Arrows point from the actor who acts to the one acted on. Bigger shapes: more relations.")
        if faded:
            note = _("%(note)s Faded: no relation on that date.", note=note)
        return {"groups": groups, "note": note}


def legend_item(label: str, *, shape="", fill="", stroke="", open=False, line="", dash="") -> dict:
    """One entry of the key: a marker (shape, filled or open) or a line (colour, SVG dash array)."""
    return {"label": label, "shape": shape, "fill": fill, "stroke": stroke, "open": open, "line": line, "dash": dash}


# --- geometry -------------------------------------------------------------------------------------

def sorted_edges(sub: nx.MultiDiGraph) -> list:
    """Edges in reading order: by the acting actor's label, relation type, then the other actor."""
    rank = {t: i for i, t in enumerate(RELATION_TYPES)}
    label = nx.get_node_attributes(sub, "label")
    return sorted(sub.edges(keys=True, data=True),
                  key=lambda e: (label[e[0]].casefold(), rank[e[3]["type"]], label[e[1]].casefold(), e[2]))


def curvatures(edges) -> dict:
    """Edge key -> bend: edges sharing a pair of actors curve apart instead of lying on each other."""
    by_pair = {}
    for u, v, key, _ in edges:
        by_pair.setdefault(tuple(sorted((u, v))), []).append((u, v, key))
    bend = {}
    for (a, _), group in by_pair.items():
        for i, (u, v, key) in enumerate(group):
            offset = 0.0 if len(group) == 1 else (i - (len(group) - 1) / 2) * 0.22
            bend[key] = offset if u == a else -offset   # same side of the pair whichever way it points
    return bend


def point_on(p, q, bend: float, t: float) -> tuple[float, float]:
    """The point at t (0..1) on the quadratic curve from p to q bowed sideways by `bend` of its length."""
    mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
    cx, cy = mx - (q[1] - p[1]) * bend, my + (q[0] - p[0]) * bend
    x = (1 - t) ** 2 * p[0] + 2 * (1 - t) * t * cx + t ** 2 * q[0]
    y = (1 - t) ** 2 * p[1] + 2 * (1 - t) * t * cy + t ** 2 * q[1]
    return round(x, 4), round(y, 4)


def edge_path(p, q, bend: float) -> list:
    if bend == 0:
        return [p, q]
    return [point_on(p, q, bend, i / 12) for i in range(13)]


@functools.lru_cache(maxsize=None)
def symbol_path(symbol: str) -> str:
    """SVG path (16x16 box) of a plotly marker symbol, for the HTML legend."""
    def polygon(points):
        return "M" + "L".join(f"{8 + x:.1f},{8 - y:.1f}" for x, y in points) + "Z"

    def regular(n, r, start=90, inner=None):
        pts = []
        for i in range(n * (2 if inner else 1)):
            radius = inner if inner and i % 2 else r
            a = math.radians(start + 360 * i / (n * (2 if inner else 1)))
            pts.append((radius * math.cos(a), radius * math.sin(a)))
        return polygon(pts)

    return {
        "circle": "M14,8A6,6 0 1,1 2,8A6,6 0 1,1 14,8Z",
        "square": "M2.5,2.5H13.5V13.5H2.5Z",
        "diamond": regular(4, 7),
        "triangle-up": regular(3, 7.5),
        "triangle-down": regular(3, 7.5, start=-90),
        "pentagon": regular(5, 7),
        "hexagon": regular(6, 7, start=0),
        "star": regular(5, 7.5, inner=3.2),
        "star-diamond": regular(4, 7.5, inner=2.8),
        "cross": "M6,1.5H10V6H14.5V10H10V14.5H6V10H1.5V6H6Z",
    }[symbol]


def dasharray(dash: str) -> str:
    pattern = DASH_PATTERN[dash]
    return ",".join(str(3 * step) for step in pattern) if pattern else ""


# --- text ---------------------------------------------------------------------------------------

def names(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C' (in the current language: text.and_list)."""
    return and_list(items)
