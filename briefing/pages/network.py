"""Which networks the site shows: the network page, each actor's neighbourhood, each brief's actors,
and networks editors embed with `{{< network ... >}}`.

One SiteNetwork per site computes the graph, metrics, blocs and the whole layout once; every
figure is drawn once for what it shows, so a network shown on several pages is one JSON file.
"""
from __future__ import annotations

import collections
import datetime as dt
import functools
import hashlib
import posixpath

from briefing.errors import EmbedError
from briefing.figures.figure import Figure
from briefing.figures.network import NetworkDrawer, names
from briefing.model import OutputFile, Site
from briefing.derive.network import (actor_metrics, build_graph, connected_nodes, data_files, detect_blocs, key_dates,
                      neighbourhood, on_date, ranked, spaced, steps_from, subgraph)
from briefing.derive.network_layout import force_layout, radial_layout
from briefing.pages.spec import PageSpec
from briefing.i18n import N_, current, gettext as _, ngettext
from briefing.text import iso, long_day, number, number_word, separated, suggest, utc_day

# What a relation says of the actor it starts from ("leads HTS") and of the one it points at ("is led
# by MOC"), each with the names it applies to: one message a type, so a language orders its words.
ACTIVE = {
    "leads": lambda who: _("leads %(names)s", names=who),
    "commands": lambda who: _("commands %(names)s", names=who),
    "member-of": lambda who: _("is part of %(names)s", names=who),
    "speaks-for": lambda who: _("speaks for %(names)s", names=who),
    "backs": lambda who: _("backs %(names)s", names=who),
    "allied-with": lambda who: _("is allied with %(names)s", names=who),
    "supports": lambda who: _("supports %(names)s", names=who),
    "fights": lambda who: _("fights %(names)s", names=who),
    "condemns": lambda who: _("condemns %(names)s", names=who),
    "blames": lambda who: _("blames %(names)s", names=who),
    "meets": lambda who: _("meets %(names)s", names=who),
    "calls": lambda who: _("calls %(names)s", names=who),
    "mediates": lambda who: _("mediates with %(names)s", names=who),
}
PASSIVE = {
    "leads": lambda who: _("is led by %(names)s", names=who),
    "commands": lambda who: _("is commanded by %(names)s", names=who),
    "member-of": lambda who: _("includes %(names)s", names=who),
    "speaks-for": lambda who: _("has as spokesperson %(names)s", names=who),
    "backs": lambda who: _("is backed by %(names)s", names=who),
    "allied-with": ACTIVE["allied-with"],       # the same words either way: one group (relation_phrases)
    "supports": lambda who: _("is supported by %(names)s", names=who),
    "fights": lambda who: _("is fought by %(names)s", names=who),
    "condemns": lambda who: _("is condemned by %(names)s", names=who),
    "blames": lambda who: _("is blamed by %(names)s", names=who),
    "meets": lambda who: _("is met by %(names)s", names=who),
    "calls": lambda who: _("is called by %(names)s", names=who),
    "mediates": lambda who: _("has mediation from %(names)s", names=who),
}
EMBED_ARGS = ("actors", "depth", "date")
FIGURES_KEPT = 256   # networks a rendering process keeps, the last drawn (SiteNetwork.once)
MAX_DATES = 24    # dates offered on the network page (see network.spaced)
MEASURES = (   # translated where shown (network_pages)
    (N_("Relations in"), N_("how many relations point at the actor: who leads, backs, fights or blames it.")),
    (N_("Relations out"), N_("how many relations the actor is the subject of: whom it leads, backs, fights or blames.")),
    (N_("Betweenness"), N_("the share of shortest paths between two other actors that run through this one "
                           "(direction ignored), from 0 to 1: high for go-betweens that link camps.")),
    (N_("Bloc"), N_("a group of actors more tightly tied to each other than to the rest, detected by modularity "
                    "(networkx's greedy method) from leadership, membership, support and contact; fighting, "
                    "condemning and blaming do not bind. An actor with no such tie has no bloc.")),
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
        self.drawn: collections.OrderedDict = collections.OrderedDict()

    def label(self, node: str) -> str:
        return self.graph.nodes[node]["label"]

    @functools.cached_property
    def whole_layout(self) -> dict:
        return force_layout(self.connected)

    # figures, each computed once while it is recent --------------------------------------------
    def once(self, key, make):
        """make(), or the figure made for this key lately: a network shown on several pages (an
        actor's on its page and on a brief that names it alone) is drawn once while it is among
        the FIGURES_KEPT last drawn. The whole network stays: each day's version takes its label
        places. Kept without a bound, a rendering process would hold every figure it draws, now
        that pages are finished on copies of their specs (cache/pages.py render_one), which
        held them too until then: the two together took 20,000 briefs from 3.2 to 2.8 GB at
        peak. A figure drawn again is the same figure (drawing is deterministic)."""
        key = (current(), key)          # a figure's words are its page's language's
        drawn = self.drawn
        if key in drawn:
            drawn.move_to_end(key)
            return drawn[key]
        figure = drawn[key] = make()
        if len(drawn) > FIGURES_KEPT:
            oldest = next(k for k in drawn if k[1] != ("whole", None))
            del drawn[oldest]
        return figure

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
        title = on_day(_("The actor network"), day)
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
        title = (_("%(actor)s and its relations", actor=label) if depth == 1 else
                 ngettext("%(actor)s: %(num)s step out", "%(actor)s: %(num)s steps out", depth, actor=label,
                          num=number_word(depth)))
        title = on_day(title, day)
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
        title = on_day(_("Relations among %(names)s", names=names(shown)) if len(shown) <= 3 else
                       ngettext("Relations among %(num)s actor", "Relations among %(num)s actors", sub.number_of_nodes()),
                       day)
        n = sub.number_of_nodes()
        return self.drawer.figure(sub, force_layout(sub), fig_id=fig_id, title=title,
                                  caption=self.among_caption(sub, alone, depth, day),
                                  height=figure_height(n, 400, 520, 640, 760))

    # captions: what each figure shows, in words ------------------------------------------------------
    def top(self, sub, count=3) -> list[str]:
        order = sorted(sub.nodes, key=lambda n: (-sub.degree(n), self.label(n).casefold()))
        return [f"{self.label(n)} ({number(sub.degree(n))})" for n in order[:count]]

    def whole_caption(self, sub, faded, day) -> str:
        derived = sum(1 for _, _, d in sub.edges(data=True) if d["derived"])
        edges = sub.number_of_edges()
        linked = ngettext("%(num)s actor linked by %(relations)s", "%(num)s actors linked by %(relations)s",
                          sub.number_of_nodes() - len(faded), relations=relations(edges))
        linked = on_day(linked, day)
        if derived:
            linked = ngettext("%(text)s (%(num)s of them membership taken from the actor list)",
                              "%(text)s (%(num)s of them membership taken from the actor list)", derived, text=linked)
        sentences = [_("%(text)s.", text=linked), _("Most relations: %(names)s.", names=names(self.top(sub)))]
        brokers = [m for m in ranked(self.metrics, self.graph) if m.betweenness > 0 and m.id in sub][:2]
        if brokers:
            sentences.append(ngettext("Main go-between (betweenness): %(names)s.",
                                      "Main go-betweens (betweenness): %(names)s.", len(brokers),
                                      names=names([self.label(m.id) for m in brokers])))
        if faded:
            sentences.append(ngettext("%(num)s actor has no relation on that day and is faded.",
                                      "%(num)s actors have no relation on that day and are faded.", len(faded)))
        return " ".join(sentences)

    def ego_caption(self, sub, actor, steps, day) -> str:
        label = self.label(actor)
        if max(steps.values()) == 1:
            phrases = self.relation_phrases(sub, actor)
            shown = phrases[:8] + ([ngettext("and %(num)s more (see the table)", "and %(num)s more (see the table)",
                                             len(phrases) - 8)] if len(phrases) > 8 else [])
            own = sub.degree(actor)
            others = sub.number_of_nodes() - 1
            head = on_day(_("%(actor)s has %(relations)s with %(actors)s", actor=label, relations=relations(own),
                            actors=ngettext("%(num)s actor", "%(num)s actors", others)), day)
            text = _("%(summary)s: %(actor)s %(relations)s.", summary=head, actor=label,
                     relations=separated(shown, "; "))
            among = sub.number_of_edges() - own
            if among:
                text += " " + _("The drawing also shows %(relations)s among them.", relations=relations(among))
            return text
        far = [self.label(n) for n in sub.nodes if steps.get(n, 0) >= 2]
        listed = names(far[:8] + ([ngettext("%(num)s more", "%(num)s more", len(far) - 8)] if len(far) > 8 else []))
        return ngettext("%(actor)s and the %(num)s actors up to %(steps)s away, with the %(relations)s among them. "
                        "Reached only through another actor: %(names)s.",
                        "%(actor)s and the %(num)s actors up to %(steps)s away, with the %(relations)s among them. "
                        "Reached only through another actor: %(names)s.",
                        sub.number_of_nodes() - 1, actor=label, steps=relations(max(steps.values())),
                        relations=relations(sub.number_of_edges()), names=listed)

    def relation_phrases(self, sub, actor) -> list[str]:
        groups: dict = {}
        for u, v, data in sub.edges(data=True):
            if u == actor:
                groups.setdefault(ACTIVE[data["type"]], []).append(self.label(v))
            elif v == actor:
                groups.setdefault(PASSIVE[data["type"]], []).append(self.label(u))
        return [phrase(names(list(dict.fromkeys(who)))) for phrase, who in groups.items()]

    def among_caption(self, sub, alone, depth, day) -> str:
        drawn = sub.number_of_nodes()
        who = (ngettext("%(num)s of the %(all)s actors", "%(num)s of the %(all)s actors", drawn,
                        all=number(drawn + len(alone))) if alone else
               ngettext("%(num)s actor", "%(num)s actors", drawn))
        if depth:
            who = _("%(actors)s (the ones chosen and those up to %(relations)s away)", actors=who,
                    relations=relations(depth))
        text = on_day(_("%(actors)s and the %(relations)s among them", actors=who,
                        relations=relations(sub.number_of_edges())), day)
        text = _("%(text)s. Most relations here: %(names)s.", text=text, names=names(self.top(sub)))
        if alone:
            text += " " + _("Not drawn, having no relation to the others: %(names)s.",
                            names=names([self.label(n) for n in alone]))
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


def relations(count: int) -> str:
    """'1 relation', '5 relations', in the current language."""
    return ngettext("%(num)s relation", "%(num)s relations", count)


def on_day(text: str, day: dt.date | None) -> str:
    """A title or caption of the network as it stood on a day: 'The actor network on 30 November 2024'."""
    return _("%(text)s on %(day)s", text=text, day=long_day(day)) if day else text


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
                        "title": fig.title, "caption": fig.caption, "rows": rows_in(edge_rows, fig),
                        "status": showing(len(rows_in(edge_rows, fig)), len(edge_rows), day)}
                       for day, fig in by_day]}
    actors = [site.actor(n) for n in net.graph.nodes]
    context = {
        "network": whole, "dates": dates if days else None,
        "measures": [(_(term), _(meaning)) for term, meaning in MEASURES],
        "rows": [(site.actor(m.id), net.drawer.side_title(m.id), net.drawer.bloc_name(m.bloc), number(m.in_degree),
                  number(m.out_degree), number(m.betweenness, "0.000"))
                 for m in ranked(net.metrics, net.graph) if m.id in net.connected],
        "blocs": [(bloc, [site.actor(a) for a in bloc.members]) for bloc in net.blocs],
        "alone": [a for a in actors if a.id not in net.connected],
        "counts": {"actors": net.connected.number_of_nodes(), "relations": net.connected.number_of_edges()},
    }
    context["dates_left_out"] = len(changes) - len(days)
    return [PageSpec("network/", "network.html", _("Network"), context,
                     ngettext("Who leads, backs, fights and talks to whom: %(num)s actors and %(relations)s, with "
                              "measures of centrality and the blocs they form.",
                              "Who leads, backs, fights and talks to whom: %(num)s actors and %(relations)s, with "
                              "measures of centrality and the blocs they form.", context["counts"]["actors"],
                              relations=relations(context["counts"]["relations"])),
                     figures=[fig for _, fig in by_day])]


def showing(shown: int, every: int, day: dt.date) -> str:
    """What the network page says when it shows a date (network.js puts it in its status line)."""
    return ngettext("Showing the %(shown)s of %(num)s relation that held on %(day)s (undated ones always count); "
                    "actors without one are faded.",
                    "Showing the %(shown)s of %(num)s relations that held on %(day)s (undated ones always count); "
                    "actors without one are faded.", every, shown=number(shown), day=long_day(day))


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

