"""The actor network: graph from content, metrics, figures that agree with their tables, downloads, embeds."""
import datetime as dt
import json
import os
import re
import subprocess
import sys
import time

import networkx as nx
import pytest

from briefing.build import load_site
from briefing.figures.network import BLOC_COLOURS, FAMILY_COLOUR, LABEL_TIERS, NO_BLOC_COLOUR, text_offset
from briefing.errors import ContentErrors
from briefing.derive.network import (actor_metrics, build_graph, data_files, detect_blocs, key_dates, neighbourhood, spaced,
                              on_date, read_graphml)
from briefing.derive.network_layout import TEXT_POSITIONS, Canvas
from briefing.pages.network import SiteNetwork
from conftest import MINI, ROOT, build_to, edit
from network_synthetic import synthetic_content

D = dt.date


def edges_of(graph):
    return sorted((u, d["type"], v) for u, v, d in graph.edges(data=True))


@pytest.fixture
def richer(content):
    """The mini content with a member listed by part_of only, a dated end and a repeated meeting."""
    with (content / "actors.yaml").open("a") as f:
        f.write("- id: spokesman\n  name: Coalition spokesman\n  kind: person\n  part_of: [moc, hts]\n"
                "  side: opposition\n  sources: [moc-telegram]\n")
    with (content / "relations.yaml").open("a") as f:
        f.write("- from: spokesman\n  to: hts\n  type: speaks-for\n  sources: [moc-telegram]\n"
                "- from: russia\n  to: hts\n  type: fights\n  since: 2024-11-28\n  until: 2024-11-30\n  sources: [sohr]\n"
                "- from: russia\n  to: moc\n  type: meets\n  since: 2024-11-29\n  until: 2024-11-29\n  sources: [sohr]\n"
                "- from: russia\n  to: moc\n  type: meets\n  since: 2024-12-01\n  until: 2024-12-01\n  sources: [sohr]\n")
    return content


# --- the graph ------------------------------------------------------------------------------------

def test_graph_has_every_actor_and_one_typed_directed_edge_per_relation():
    site = load_site(MINI)
    graph = build_graph(site)
    assert isinstance(graph, nx.MultiDiGraph)
    assert list(graph.nodes) == [a.id for a in site.actors]
    assert graph.nodes["hts"] | {} == {"name": "Hayat Tahrir al-Sham", "label": "HTS", "kind": "armed-group",
                                       "side": "opposition", "part_of": ("moc",), "country": ""}
    assert edges_of(graph) == [("hts", "leads", "moc"), ("moc", "fights", "syrian-government"),
                               ("russia", "backs", "syrian-government")]
    assert not graph.has_edge("moc", "hts")   # direction kept: HTS leads the MOC, not the other way
    leads = graph.edges["hts", "moc", "hts--leads--moc"]
    assert leads == {"type": "leads", "since": D(2024, 11, 27), "until": None, "sources": ("sohr",),
                     "note": "", "derived": False}


def test_part_of_becomes_member_of_unless_a_relation_already_ties_the_pair(richer):
    graph = build_graph(load_site(richer))
    derived = sorted((u, d["type"], v) for u, v, d in graph.edges(data=True) if d["derived"])
    # spokesman is part of moc and of hts; it speaks for hts, so only moc gets a derived edge.
    # hts is part of moc but leads it: no derived edge either.
    assert derived == [("spokesman", "member-of", "moc")]
    assert graph.edges["spokesman", "moc", "spokesman--member-of--moc"]["sources"] == ("moc-telegram",)


def test_two_relations_of_one_type_between_one_pair_stay_two_edges(richer):
    graph = build_graph(load_site(richer))
    meetings = [(k, d["since"]) for _, _, k, d in graph.edges("russia", keys=True, data=True) if d["type"] == "meets"]
    assert meetings == [("russia--meets--moc", D(2024, 11, 29)), ("russia--meets--moc--2", D(2024, 12, 1))]


def test_date_filter_keeps_undated_relations_and_those_holding_on_the_day(richer):
    graph = build_graph(load_site(richer))
    before = on_date(graph, D(2024, 11, 26))
    assert ("hts", "leads", "moc") not in edges_of(before)                  # starts 27 November
    assert ("russia", "backs", "syrian-government") in edges_of(before)     # undated: always
    assert ("spokesman", "member-of", "moc") in edges_of(before)            # derived: undated
    assert ("russia", "fights", "hts") in edges_of(on_date(graph, D(2024, 11, 30)))  # until is inclusive
    assert ("russia", "fights", "hts") not in edges_of(on_date(graph, D(2024, 12, 1)))
    assert [d["since"] for _, _, d in on_date(graph, D(2024, 12, 1)).edges(data=True) if d["type"] == "meets"] \
        == [D(2024, 12, 1)]
    assert set(on_date(graph, D(2024, 11, 26)).nodes) == set(graph.nodes)   # every actor stays
    assert key_dates(graph, D(2024, 12, 2)) == [D(2024, 11, 27), D(2024, 11, 28), D(2024, 11, 29),
                                                D(2024, 11, 30), D(2024, 12, 1), D(2024, 12, 2)]


def test_neighbourhood_follows_relations_both_ways_up_to_depth():
    graph = build_graph(load_site(MINI))
    assert neighbourhood(graph, ["hts"], 1) == ["moc", "hts"]
    assert neighbourhood(graph, ["hts"], 2) == ["moc", "hts", "syrian-government"]
    assert neighbourhood(graph, ["russia"], 1) == ["syrian-government", "russia"]


# --- metrics --------------------------------------------------------------------------------------

def small_graph():
    """Two camps (a b c) and (d e), tied by one hostile edge c -> d; f only blames; a -> b twice."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from("abcdef", label="x")
    for u, v, t in [("a", "b", "backs"), ("a", "b", "meets"), ("b", "c", "leads"), ("c", "a", "supports"),
                    ("c", "d", "fights"), ("d", "e", "backs"), ("e", "d", "calls"), ("f", "e", "blames")]:
        graph.add_edge(u, v, key=f"{u}-{t}-{v}", type=t)
    return graph


def test_metrics_match_networkx_on_a_small_known_graph():
    graph = small_graph()
    metrics = actor_metrics(graph)
    assert {n: (m.in_degree, m.out_degree) for n, m in metrics.items()} == {
        "a": (1, 2), "b": (2, 1), "c": (1, 2), "d": (2, 1), "e": (2, 1), "f": (0, 1)}
    simple = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "f")])
    expected = nx.betweenness_centrality(simple, normalized=True)
    assert {n: m.betweenness for n, m in metrics.items()} == pytest.approx(expected, abs=1e-6)
    # by hand: c lies on every path from a or b to d, e or f: 6 of the 10 pairs without c
    assert metrics["c"].betweenness == pytest.approx(0.6)
    assert metrics["d"].betweenness == pytest.approx(0.6) and metrics["f"].betweenness == 0


def test_blocs_come_from_binding_ties_only():
    graph = small_graph()
    blocs = detect_blocs(graph)
    assert [(b.number, b.members) for b in blocs] == [(1, ("a", "b", "c")), (2, ("d", "e"))]
    assert blocs[0].anchor == "a" and blocs[1].anchor == "d"   # most relations, then first listed
    metrics = actor_metrics(graph, blocs)
    assert metrics["f"].bloc is None      # blaming binds no one
    assert metrics["c"].bloc == 1 and metrics["d"].bloc == 2   # fighting does not merge the camps


# --- figures agree with content --------------------------------------------------------------------

def edge_segments(figure):
    """(type, number of drawn edges) from the line traces, and the arrows' hover texts."""
    lines = {t["name"]: sum(1 for x in t["x"] if x is None) for t in figure.spec["data"]
             if t["mode"] == "lines"}
    arrows = [text for t in figure.spec["data"] if t["name"].endswith("(arrows)") for text in t["hovertext"] if text]
    return lines, arrows


def nodes_trace(figure):
    return next(t for t in figure.spec["data"] if t.get("uid") == "nodes")


def test_every_relation_is_in_the_table_and_drawn_as_an_edge(richer):
    site = load_site(richer)
    net = SiteNetwork(site)
    figure = net.whole()
    expected = sorted((site.actor(u).label, d["type"].replace("-", " "), site.actor(v).label)
                      for u, v, d in net.graph.edges(data=True))
    assert sorted((row[0][0], row[1], row[2][0]) for row in figure.table.rows) == expected
    lines, arrows = edge_segments(figure)
    by_type = {}
    for _, kind, _ in expected:
        by_type[kind] = by_type.get(kind, 0) + 1
    assert lines == by_type
    assert len(arrows) == 2 * len(expected)   # two points an arrow, both naming the relation
    for u, v, d in net.graph.edges(data=True):
        head = f"<b>{site.actor(u).label} → {site.actor(v).label}</b><br>{d['type'].replace('-', ' ')}"
        assert any(text.startswith(head) for text in arrows), head
        for source in d["sources"]:
            # (hover lines wrap: a name may run over two)
            assert any(site.source(source).name in text.replace("<br>", " ") for text in arrows if text.startswith(head))
    nodes = nodes_trace(figure)
    assert nodes["customdata"] == [f"actors/{n}/" for n in net.connected.nodes]
    assert len(nodes["x"]) == len({c for row in figure.table.rows for c in (row[0], row[2])})


def test_ego_figures_hold_only_the_neighbourhood(richer):
    net = SiteNetwork(load_site(richer))
    near, wider = net.ego("hts", 1), net.ego("hts", 2)
    assert nodes_trace(near)["customdata"] == ["actors/moc/", "actors/hts/", "actors/russia/", "actors/spokesman/"]
    assert {(r[0][0], r[1], r[2][0]) for r in near.table.rows} == {
        ("HTS", "leads", "MOC"), ("Russia", "fights", "HTS"), ("Coalition spokesman", "speaks for", "HTS"),
        ("Coalition spokesman", "member of", "MOC"), ("Russia", "meets", "MOC")}
    assert "actors/syrian-government/" in nodes_trace(wider)["customdata"]
    assert len(near.json_bytes()) < len(wider.json_bytes()) <= len(net.whole().json_bytes()) * 1.2
    assert near.caption == ("HTS has 3 relations with 3 actors: HTS leads MOC; is fought by Russia; has as "
                            "spokesperson Coalition spokesman. The drawing also shows 3 relations among them.")


def test_figure_on_a_date_fades_actors_without_a_relation_then():
    net = SiteNetwork(load_site(MINI))
    whole, early = net.whole(), net.whole(D(2024, 11, 26))
    assert nodes_trace(early)["x"] == nodes_trace(whole)["x"]      # same picture, fewer lines
    faded = [n for n, o in zip(nodes_trace(early)["customdata"], nodes_trace(early)["marker"]["opacity"]) if o < 1]
    assert faded == ["actors/moc/", "actors/hts/"]   # both relations among them start on 27 November
    assert [(r[0][0], r[1], r[2][0]) for r in early.table.rows] == [("Russia", "backs", "Syrian government")]
    assert early.title == "The actor network on 26 November 2024"


def test_colours_keep_3_to_1_contrast_on_light_and_dark_pages():
    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a, b):
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    for colour in [*FAMILY_COLOUR.values(), *BLOC_COLOURS, NO_BLOC_COLOUR]:
        for background in ("#ffffff", "#1d2024"):   # the figure's surface in the light and dark themes
            assert contrast(colour, background) >= 3, (colour, background)


def test_legend_lists_only_what_the_figure_shows():
    net = SiteNetwork(load_site(MINI))
    groups = {g["title"]: [i["label"] for i in g["items"]] for g in net.ego("hts", 1).extra["legend"]["groups"]}
    assert groups == {"Colour": ["Opposition coalition"], "Shape": ["armed group", "coalition"], "Line": ["leads"]}
    groups = {g["title"]: [i["label"] for i in g["items"]] for g in net.whole().extra["legend"]["groups"]}
    # Russia has no side: coloured (open shape) by the bloc it forms with the government it backs
    assert groups["Colour"] == ["Opposition coalition", "Government",
                                "No side given; detected bloc 2 (around Syrian government)"]
    assert groups["Line"] == ["leads", "backs", "fights"]


# --- layout ---------------------------------------------------------------------------------------

def label_boxes(figure, width):
    """Every label shown at this plot width, as a screen box, the way the layout module measures it."""
    layout = figure.spec["layout"]
    canvas = Canvas(width, layout["height"] - 2 * layout["margin"]["t"], -layout["xaxis"]["range"][0],
                    layout["margin"]["l"], next(t for t in figure.spec["data"] if t.get("uid") == "labels-0")
                    ["textfont"]["size"])
    boxes = []
    for tier, tier_width in enumerate(LABEL_TIERS):
        trace = next((t for t in figure.spec["data"] if t.get("uid") == f"labels-{tier}"), None)
        if trace is None or tier_width > width:
            continue
        for x, y, text, where, size in zip(trace["x"], trace["y"], trace["text"], trace["textposition"],
                                           trace["marker"]["size"]):
            cx, cy = canvas.to_px(x, y)
            lines = text.split("<br>")
            w, h = max(map(len, lines)) * canvas.font * 0.56 + 2, canvas.font * 1.2 * len(lines)
            dx, dy = TEXT_POSITIONS[where]
            offset = text_offset(size - 6)
            bx, by = cx + dx * (offset + w / 2), cy + dy * (offset * 0.8 + h / 2)
            boxes.append((bx - w / 2, by - h / 2, bx + w / 2, by + h / 2))
    return boxes


def test_300_actors_lay_out_quickly_without_overlapping_labels(tmp_path):
    site = load_site(synthetic_content(tmp_path / "content", 300))
    started = time.process_time()   # CPU time: a busy test machine must not fail this
    net = SiteNetwork(site)
    figure = net.whole()
    seconds = time.process_time() - started
    assert seconds < 6, f"the whole network of 300 actors took {seconds:.1f} s of CPU"
    positions = list(zip(nodes_trace(figure)["x"], nodes_trace(figure)["y"]))
    assert len(positions) == net.connected.number_of_nodes() > 250
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in positions)
    assert len(set(positions)) == len(positions)          # no two actors on one spot
    for width in LABEL_TIERS:
        boxes = label_boxes(figure, width)
        assert len(boxes) >= 20
        overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                       if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
        assert not overlapping, f"{len(overlapping)} labels overlap at {width} px"
    assert len(label_boxes(figure, LABEL_TIERS[-1])) > len(label_boxes(figure, LABEL_TIERS[0]))


def test_layout_is_the_same_every_time_even_across_processes():
    """Set order changes with PYTHONHASHSEED: a layout that leaned on it would differ between builds."""
    code = ("import sys; sys.path.insert(0, 'tests'); from briefing.build import load_site; "
            "from briefing.pages.network import SiteNetwork; from conftest import MINI; "
            "import hashlib; n = SiteNetwork(load_site('content' if len(sys.argv) < 2 else sys.argv[1])); "
            "print(hashlib.sha256(b''.join(f.json_bytes() for f in [n.whole(), n.ego(next(iter(n.connected)), 2)]"
            ")).hexdigest())")
    digests = set()
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", code, str(MINI)], cwd=ROOT, capture_output=True, text=True,
                                env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout.strip())
    assert len(digests) == 1


# --- the built site ------------------------------------------------------------------------------

def test_downloads_parse_and_match_the_content(richer, tmp_path):
    out = tmp_path / "site"
    build_to(richer, out)
    site = load_site(richer)
    graph = build_graph(site)
    graphml = read_graphml((out / "data/network.graphml").read_bytes())
    assert set(graphml.nodes) == {a.id for a in site.actors}
    assert graphml.nodes["spokesman"]["part_of"] == "moc; hts"
    assert graphml.nodes["moc"]["in_degree"] == graph.in_degree("moc")
    assert edges_of(graphml) == edges_of(graph)
    derived = [(u, v) for u, v, d in graphml.edges(data=True) if d["derived"]]
    assert derived == [("spokesman", "moc")]
    data = json.loads((out / "data/network.json").read_text())
    again = nx.node_link_graph(data, edges="links")
    assert again.is_directed() and again.is_multigraph()
    assert edges_of(again) == edges_of(graph)
    fights = next(d for _, _, d in again.edges(data=True) if d["type"] == "fights" and d["until"])
    assert (fights["since"], fights["until"], fights["sources"]) == ("2024-11-28", "2024-11-30", ["sohr"])
    metrics = actor_metrics(graph)
    assert {n["id"]: n["betweenness"] for n in data["nodes"]} == {n: m.betweenness for n, m in metrics.items()}


def test_network_page_lists_metrics_dates_and_downloads(mini_site):
    page = (mini_site / "network/index.html").read_text()
    assert '<a href="../data/network.graphml">' in page and '<a href="../data/network.json">' in page
    rows = re.findall(r'<tr><th scope="row"><a href="../actors/([a-z-]+)/">', page)
    assert rows == ["moc", "syrian-government", "hts", "russia"]   # by betweenness, then relations
    dates = json.loads(re.search(r'<script type="application/json" id="network-dates">(.*?)</script>', page).group(1))
    assert [d["value"] for d in dates["dates"]] == ["2024-11-27", "2024-12-02"]
    for entry in [dates["all"], *dates["dates"]]:   # files beside the figure's own (network.js)
        assert (mini_site / "figures" / entry["src"]).is_file()
    assert 'src="../assets/js/network.' in page
    assert "Betweenness" in page and "greedy" in page


def test_actor_and_brief_pages_show_their_networks(mini_site):
    actor = (mini_site / "actors/hts/index.html").read_text()
    assert re.search(r'data-figure-src="../../figures/network-hts-1\.[0-9a-f]{10}\.json"', actor)
    assert re.search(r'data-figure-src="../../figures/network-hts-2\.[0-9a-f]{10}\.json"', actor)
    assert "chart-legend" in actor and "HTS and its relations." in actor
    brief = (mini_site / "briefs/the-offensive/index.html").read_text()
    assert 'id="network-title"' in brief and "Relations among HTS and MOC." in brief
    diplomacy = (mini_site / "briefs/diplomacy/index.html").read_text()
    assert "Relations among Russia and Syrian government." in diplomacy   # one in front matter, one linked
    nav = (mini_site / "index.html").read_text()
    assert 'href="network/"' in nav


def test_embeds_in_markdown(content, tmp_path):
    edit(content / "briefs/the-offensive.md", "## The advance",
         "{{< network >}}\n\n{{< network actors=\"russia\" >}}\n\n{{< network date=\"2024-11-28\" >}}\n\n## The advance")
    out = tmp_path / "site"
    build_to(content, out)
    brief = (out / "briefs/the-offensive/index.html").read_text()
    assert brief.count('<figure class="chart chart-network') == 3   # the brief's own network is not shown twice
    assert 'id="network-title"' not in brief
    assert 'id="fig-network-russia-1"' in brief
    assert re.search(r'id="fig-network-[0-9a-f]{8}-0-2024-11-28"', brief)   # the brief's actors on that day
    actor = (out / "actors/russia/index.html").read_text()
    shared = re.search(r'figures/network-russia-1\.[0-9a-f]{10}\.json', actor).group(0)
    assert shared in brief   # the embed and the actor page share one file
    assert len(list((out / "figures").glob("network-russia-1.*.json"))) == 1


@pytest.mark.parametrize("line, message", [
    ('{{< network actors="hst" >}}', "network: unknown actor 'hst' (did you mean 'hts'?)"),
    ('{{< network depth=5 >}}', "network: 'depth' must be 0, 1, 2 or 3, not '5'"),
    ('{{< network date="30 November" >}}', "network: 'date' must be YYYY-MM-DD, not '30 November'"),
    ('{{< network actor="hts" >}}', "network: unknown argument 'actor' (known: actors, depth, date)"),
    ('{{< network actors="hts,russia" >}}', "network: no relations to draw among hts, russia"),
])
def test_bad_network_embeds_are_content_errors_with_their_line(content, tmp_path, line, message):
    brief = content / "briefs/the-offensive.md"
    edit(brief, "## The advance", line + "\n\n## The advance")
    with pytest.raises(ContentErrors) as caught:
        build_to(content, tmp_path / "site")
    assert [(e.line, e.message) for e in caught.value.errors] == [
        (brief.read_text().splitlines().index(line) + 1, message)]


def test_site_without_relations_has_no_network_page(content, tmp_path):
    (content / "relations.yaml").write_text("[]\n")
    edit(content / "actors.yaml", "  part_of: moc\n", "")
    out = tmp_path / "site"
    build_to(content, out)
    assert not (out / "network").exists()
    assert 'href="network/"' not in (out / "index.html").read_text()
    assert "data-figure-src" not in (out / "actors/hts/index.html").read_text()
    assert json.loads((out / "data/network.json").read_text())["links"] == []



def test_spaced_dates_keep_first_and_last_and_bound_the_count():
    days = [D(2020, 1, 1) + dt.timedelta(days=3 * n) for n in range(500)]
    picked = spaced(days, 24)
    assert len(picked) == 24
    assert picked[0] == days[0] and picked[-1] == days[-1]
    assert picked == sorted(set(picked))
    assert spaced(days[:5], 24) == days[:5]


def test_the_busiest_actors_may_be_labelled_nearer_their_neighbours():
    """A label only the relaxed rule allows: right of A (the only side inside the canvas), with B
    beyond it, nearer than 2.5 times A's own gap but not nearer than 1.5 times."""
    from briefing.derive.network_layout import place_labels
    canvas = Canvas(400, 400, 0.0, 0, 12.0)
    pos = {"A": (10 / 400, 1 - 10 / 400), "B": (70 / 400, 1 - 10 / 400)}
    args = (pos, {"A": "Alpha", "B": "B"}, {"A": 5, "B": 5}, {"A": 8, "B": 8}, canvas, ["A", "B"])
    assert "A" not in place_labels(*args)
    assert place_labels(*args, relaxed=1)["A"] == "middle right"


def test_a_network_drawn_again_after_it_was_forgotten_is_the_same(tmp_path, monkeypatch):
    """A rendering process keeps only the networks it drew last (SiteNetwork.once, FIGURES_KEPT),
    so it does not hold every figure of a 20,000-brief site; keeping one, every network is drawn
    again wherever it shows, and the site must come out the same, byte for byte."""
    from briefing.pages import network as network_pages
    from test_build import tree_digest
    content = synthetic_content(tmp_path / "content", 40)
    build_to(content, tmp_path / "kept", search=False, jobs=1)
    monkeypatch.setattr(network_pages, "FIGURES_KEPT", 1)
    build_to(content, tmp_path / "forgotten", search=False, jobs=1)
    assert tree_digest(tmp_path / "kept") == tree_digest(tmp_path / "forgotten")


def test_only_the_last_networks_drawn_are_kept_and_the_whole_one_always(monkeypatch):
    from briefing.pages import network as network_pages
    monkeypatch.setattr(network_pages, "FIGURES_KEPT", 3)
    network = SiteNetwork(load_site(ROOT / "content"))
    network.whole()
    actors = [a.id for a in network.site.actors]
    assert len(actors) > 4
    for actor in actors:
        network.ego(actor)
    keys = [key[1] for key in network.drawn]
    assert len(keys) == 3 and ("whole", None) in keys
    assert keys[-2:] == [("ego", actors[-2], 1, None), ("ego", actors[-1], 1, None)]
