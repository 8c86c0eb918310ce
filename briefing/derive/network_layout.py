"""Where each actor goes in a network drawing, and which labels fit: geometry only, no plotly.

Layouts use no randomness, so the same content gives the same picture byte for byte, and all
coordinates come back in the unit square, rounded, in graph order.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np

from briefing.derive.network import FAMILY_OF

# The distance a relation asks for between two actors: members sit by their parent, allies
# close, enemies further apart with their relation stretched between camps.
LENGTH = {"structure": 1.0, "support": 1.1, "contact": 1.2, "hostility": 1.4}


def force_layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Stress layout per connected component, components packed in rows, largest first."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        length = LENGTH[FAMILY_OF[data["type"]]]
        simple.add_edge(u, v, length=min(length, simple.edges[u, v]["length"] if simple.has_edge(u, v) else 9))
    order = {n: i for i, n in enumerate(graph.nodes)}
    components = sorted((sorted(c, key=order.get) for c in nx.connected_components(simple)),
                        key=lambda c: (-len(c), order[c[0]]))
    boxes = [component_layout(simple.subgraph(c).copy(), c) for c in components]
    return normalise(pack(boxes), graph.nodes)


def component_layout(component: nx.Graph, nodes: list[str]) -> dict:
    """One component in a box whose side grows with the square root of its size."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (0.0, 0.0), nodes[1]: (1.0, 0.0)}
    pos = upright(stress_majorization(component, nodes))
    side = math.sqrt(len(nodes))
    return scale_to(pos, side, side)


def stress_majorization(component: nx.Graph, nodes: list[str], iterations: int = 300) -> dict:
    """Place actors so that distances on the page follow distances in the network (Gansner, Koren
    and North's stress majorization), starting from classical scaling. No randomness at all:
    the same network always gives the same picture."""
    index = {n: i for i, n in enumerate(nodes)}
    size = len(nodes)
    dist = np.full((size, size), np.inf)
    np.fill_diagonal(dist, 0.0)
    for u, v, length in component.edges(data="length"):
        dist[index[u], index[v]] = dist[index[v], index[u]] = length
    for k in range(size):  # Floyd-Warshall, a row at a time: all shortest path lengths
        np.minimum(dist, dist[:, k, None] + dist[None, k, :], out=dist)
    # classical scaling: the two main axes of the double-centred squared distances
    centring = np.eye(size) - 1.0 / size
    values, vectors = np.linalg.eigh(-0.5 * centring @ (dist ** 2) @ centring)
    top = np.argsort(values)[::-1][:2]
    xy = vectors[:, top] * np.sqrt(np.maximum(values[top], 1e-9))
    xy *= np.where(xy[np.abs(xy).argmax(axis=0), [0, 1]] < 0, -1.0, 1.0)   # eigenvector signs are arbitrary
    xy += np.linspace(0, 1e-3, size)[:, None] * np.array([1.0, -1.0])     # no two actors on one spot
    weights = np.where(dist > 0, 1.0 / np.maximum(dist, 1e-9) ** 2, 0.0)
    total = weights.sum(axis=1)[:, None]
    weighted_dist = weights * dist
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    total = total[:, 0]
    # n x n work arrays made once and written in place (out=): the same arithmetic as fresh
    # arrays each time, without allocating and faulting in 8 MB a piece for a 1,000-actor network
    dx, dy, norm, pull = (np.empty((size, size)) for _ in range(4))
    for _ in range(iterations):
        np.subtract(x[:, None], x[None, :], out=dx)
        np.subtract(y[:, None], y[None, :], out=dy)
        np.multiply(dx, dx, out=norm)           # |x_i - x_j|: the square root of the sum of squares,
        np.add(norm, np.multiply(dy, dy, out=pull), out=norm)   # four times faster than np.hypot
        np.sqrt(norm, out=norm)
        np.fill_diagonal(norm, 1.0)
        # x_i <- sum_j w_ij (x_j + d_ij (x_i - x_j) / |x_i - x_j|) / sum_j w_ij
        np.divide(weighted_dist, norm, out=pull)
        new_x = (weights @ x + np.multiply(pull, dx, out=dx).sum(axis=1)) / total
        new_y = (weights @ y + np.multiply(pull, dy, out=dy).sum(axis=1)) / total
        moved = max(np.abs(new_x - x).max(), np.abs(new_y - y).max())
        x, y = new_x, new_y
        if moved < 1e-4:
            break
    xy = np.column_stack([x, y])
    return {n: (float(xy[i, 0]), float(xy[i, 1])) for n, i in index.items()}


def upright(pos: dict) -> dict:
    """Rotate so the layout's long axis is vertical: phones are narrow, and desktops have room to spare."""
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)          # direction of the long axis
    turn = math.pi / 2 - angle
    c, s = math.cos(turn), math.sin(turn)
    return {n: ((x - mx) * c - (y - my) * s, (x - mx) * s + (y - my) * c) for n, (x, y) in pos.items()}


def scale_to(pos: dict, width: float, height: float) -> dict:
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    spanx, spany = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    factor = min(width / spanx, height / spany)
    return {n: ((x - min(xs)) * factor, (y - min(ys)) * factor) for n, (x, y) in pos.items()}


def pack(boxes: list[dict]) -> dict:
    """Shelf packing: the largest component on top, smaller ones in rows beneath it, left to right."""
    gap = 0.8
    width = max(max(x for x, _ in b.values()) for b in boxes)
    width = max(width, 3.0)
    placed, x0, y0, row_height = {}, 0.0, 0.0, 0.0
    for box in boxes:
        w = max(x for x, _ in box.values())
        h = max(y for _, y in box.values())
        if x0 > 0 and x0 + w > width:
            x0, y0, row_height = 0.0, y0 - row_height - gap, 0.0
        for n, (x, y) in box.items():
            placed[n] = (x0 + x, y0 - h + y)   # rows go downwards
        x0 += w + gap
        row_height = max(row_height, h)
    return placed


def normalise(pos: dict, order) -> dict:
    """Each axis into 0..1, so the drawing fills its frame; rounded so float noise never shows in output."""
    result = {}
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    lo_x, span_x = min(xs), max(xs) - min(xs)
    lo_y, span_y = min(ys), max(ys) - min(ys)
    for n in order:
        if n in pos:
            x, y = pos[n]
            result[n] = (round((x - lo_x) / span_x, 4) if span_x > 1e-9 else 0.5,
                         round((y - lo_y) / span_y, 4) if span_y > 1e-9 else 0.5)
    return result


def radial_layout(graph: nx.MultiDiGraph, centre: str, steps: dict) -> dict[str, tuple[float, float]]:
    """The centre in the middle, actors one relation away on a ring, two away on an outer ring.

    Ring one is ordered by how each actor relates to the centre (so backers sit together,
    enemies together); each outer actor sits near the ring-one actors it is tied to.
    """
    order = {n: i for i, n in enumerate(graph.nodes)}
    ties = {}
    for u, v, data in graph.edges(data=True):
        if centre in (u, v):
            ties.setdefault(v if u == centre else u, []).append(FAMILY_OF[data["type"]])
    ring1 = [n for n in graph.nodes if steps.get(n) == 1]
    ring2 = [n for n in graph.nodes if steps.get(n) == 2]

    def tie(n):
        return (min(ties.get(n, [""])), graph.nodes[n]["side"], order[n])

    ring1.sort(key=tie)
    pos = {centre: (0.0, 0.0)}
    angle_of = {}
    for i, n in enumerate(ring1):
        angle = math.pi / 2 - 2 * math.pi * i / max(len(ring1), 1)
        angle_of[n] = angle
        pos[n] = (math.cos(angle), math.sin(angle))
    if ring2:
        def anchor(n):
            near = [angle_of[m] for m in (*graph.successors(n), *graph.predecessors(n)) if m in angle_of]
            return math.atan2(sum(math.sin(a) for a in near), sum(math.cos(a) for a in near)) if near else 0.0
        targets = sorted(ring2, key=lambda n: ((math.pi / 2 - anchor(n)) % (2 * math.pi), order[n]))
        start = math.pi / 2 - ((math.pi / 2 - anchor(targets[0])) % (2 * math.pi))
        for i, n in enumerate(targets):
            angle = start - 2 * math.pi * i / len(targets)
            pos[n] = (2 * math.cos(angle), 2 * math.sin(angle))
    # leave room beside the ring for the labels of the actors at its left and right
    return {n: (round(0.14 + 0.72 * x, 4), y) for n, (x, y) in normalise(pos, graph.nodes).items()}


# --- labels -------------------------------------------------------------------------------------

# plotly text positions, tried in this order; (dx, dy) of the label box's centre in units of
# (text offset + half the box), y downwards as on screen. No diagonals: a label set off at a
# corner sits as near to the neighbours as to its own actor.
TEXT_POSITIONS = {"middle right": (1, 0), "middle left": (-1, 0), "top center": (0, -1), "bottom center": (0, 1)}


AMBIGUITY = 2.5   # another actor must be this many times further from a label than its own
RELAXED_AMBIGUITY = 1.5   # ... for the busiest few (place_labels' `relaxed`)
CLEAR = 5  # px kept free around a label: other actors and labels stay clear, so it reads as its own actor's


@dataclass(frozen=True)
class Canvas:
    """The smallest drawing a figure should stay legible in: labels are placed for it."""
    width: float             # px, the plot area
    height: float
    pad: float               # axis range is [-pad, 1 + pad] in both directions
    margin: float            # px around the plot area where labels may spill
    font: float = 12.0       # px

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        span = 1 + 2 * self.pad
        return (x + self.pad) / span * self.width, (1 - (y + self.pad) / span) * self.height


def place_labels(pos: dict, labels: dict, radii: dict, offsets: dict, canvas: Canvas, priority: list,
                 fixed: dict | None = None, relaxed: int = 0) -> dict:
    """Node -> plotly textposition for labels that fit without touching another label or node.

    Labels may have several lines, joined by '<br>' as plotly writes them. `radii` are the nodes'
    sizes on screen; `offsets` how far plotly sets each label from its point. `fixed` labels (placed
    for a smaller canvas) keep their place; the others are tried in `priority` order (most
    important first). A label that fits nowhere is left out: its node still names itself on
    hover, and in the table. The first `relaxed` in priority (the busiest actors, which sit
    among their many neighbours) need only be clearly nearer their own actor than any other.
    """
    fixed = dict(fixed or {})
    discs = {n: (*canvas.to_px(*pos[n]), radii[n]) for n in pos}
    grid = Grid(discs)
    sizes = {}

    def box_for(n, name):
        cx, cy, _ = discs[n]
        if n not in sizes:
            lines = labels[n].split("<br>")
            sizes[n] = (max(len(line) for line in lines) * canvas.font * 0.56 + 2, canvas.font * 1.2 * len(lines))
        w, h = sizes[n]
        dx, dy = TEXT_POSITIONS[name]
        bx, by = cx + dx * (offsets[n] + w / 2), cy + dy * (offsets[n] * 0.8 + h / 2)
        return bx - w / 2, by - h / 2, bx + w / 2, by + h / 2

    taken = Boxes()
    for n, name in fixed.items():
        taken.add(box_for(n, name))
    chosen = dict(fixed)
    for rank, n in enumerate(priority):
        if n in chosen:
            continue
        factor = RELAXED_AMBIGUITY if rank < relaxed else AMBIGUITY
        for name in TEXT_POSITIONS:
            box = box_for(n, name)
            spaced = (box[0] - CLEAR, box[1] - CLEAR, box[2] + CLEAR, box[3] + CLEAR)
            if not inside(box, canvas) or taken.hits(spaced):
                continue
            near = grid.near(box, AMBIGUITY * (offsets[n] + max(box[2] - box[0], box[3] - box[1])))
            if not clear_of_others(box, n, near, discs, factor):
                continue
            chosen[n] = name
            taken.add(box)
            break
    return chosen


def clear_of_others(box, node, others, discs, factor: float = AMBIGUITY) -> bool:
    """Whether a label box keeps CLEAR px from every other actor's disc and is unambiguous: no
    other actor comes within `factor` times its own actor's distance (+ CLEAR) of it.

    `box` is (x0, y0, x1, y1) in px; `discs` node -> (x, y, radius) in px; `others` may include
    `node` itself, which is skipped. One pass, the two tests inlined: this runs for every
    candidate position of every label of every network figure."""
    b0, b1, b2, b3 = box
    x, y, r = discs[node]
    own = max(0.0, math.hypot(max(b0 - x, 0.0, x - b2), max(b1 - y, 0.0, y - b3)) - r)
    limit = factor * own + CLEAR
    hypot = math.hypot
    for m in others:
        if m == node:
            continue
        x, y, q = discs[m]
        if b0 < x + q + CLEAR and x - q - CLEAR < b2 and b1 < y + q + CLEAR and y - q - CLEAR < b3:
            return False      # the label would touch the actor's disc
        # the gap from the edge of actor m to the nearest point of the label
        if max(0.0, hypot(max(b0 - x, 0.0, x - b2), max(b1 - y, 0.0, y - b3)) - q) < limit:
            return False      # ambiguous: m is nearly as close to the label as its own actor
    return True


class Grid:
    """Discs bucketed by position, so a label is checked only against the actors near it."""
    CELL = 48.0

    def __init__(self, discs: dict):
        self.cells: dict = {}
        self.everyone = list(discs)
        self.reach = max((q for _, _, q in discs.values()), default=0.0)
        for n, (x, y, _) in discs.items():
            self.cells.setdefault((int(x // self.CELL), int(y // self.CELL)), []).append(n)

    def near(self, box, margin: float) -> list:
        m = margin + self.reach + CLEAR
        x0, y0 = int((box[0] - m) // self.CELL), int((box[1] - m) // self.CELL)
        x1, y1 = int((box[2] + m) // self.CELL), int((box[3] + m) // self.CELL)
        if (x1 - x0 + 1) * (y1 - y0 + 1) >= len(self.everyone):   # a small network: faster to take all
            return self.everyone
        return [n for i in range(x0, x1 + 1) for j in range(y0, y1 + 1) for n in self.cells.get((i, j), ())]


class Boxes:
    """Label boxes bucketed by the grid cells they cover, so a new box is checked only against
    the boxes near it. Two boxes that overlap share a point, and so a cell: the answer is the
    same as checking every box (test_network_layout holds it to the all-pairs check)."""
    CELL = 64.0

    def __init__(self):
        self.cells: dict = {}

    def _cells(self, box):
        c = self.CELL
        return ((i, j) for i in range(int(box[0] // c), int(box[2] // c) + 1)
                for j in range(int(box[1] // c), int(box[3] // c) + 1))

    def add(self, box) -> None:
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append(box)

    def hits(self, box) -> bool:
        """Whether `box` (x0, y0, x1, y1 in px) overlaps any box added so far."""
        return any(overlap(box, other) for cell in self._cells(box) for other in self.cells.get(cell, ()))


def inside(box, canvas: Canvas) -> bool:
    m = canvas.margin
    return box[0] >= -m and box[1] >= -m and box[2] <= canvas.width + m and box[3] <= canvas.height + m


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
