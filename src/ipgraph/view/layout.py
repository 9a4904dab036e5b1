"""Node positions computed in Python for graphs too large for the browser's physics simulation.

Each connected component is laid out on its own (spring layout, seeded so output is deterministic) and the
components are packed on a grid, largest first; a big component gets fewer iterations from a spectral start,
which keeps 10,000 nodes within a few seconds.
"""

from __future__ import annotations

import math

import networkx as nx

#: Above this many nodes the page gets Python positions and physics off.
LARGE_GRAPH = 800
SEED = 7


def _component_layout(g: nx.Graph) -> dict:
    n = g.number_of_nodes()
    if n == 1:
        return {next(iter(g.nodes)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(g.nodes)
        return {a: (-0.5, 0.0), b: (0.5, 0.0)}
    if n <= 300:
        return nx.spring_layout(g, seed=SEED, iterations=60)
    start = nx.spectral_layout(g) if n <= 20000 else None
    return nx.spring_layout(g, pos=start, seed=SEED, iterations=12 if n > 3000 else 30)


def compute_layout(g: nx.Graph, spacing: float = 60.0) -> dict[str, tuple[float, float]]:
    """Positions in screen units (vis-network pixels) for every node of `g`, deterministic for a given graph."""
    und = nx.Graph()
    und.add_nodes_from(sorted(g.nodes))
    und.add_edges_from(sorted((u, v) for u, v in g.to_undirected().edges() if u != v))
    comps = sorted((sorted(c) for c in nx.connected_components(und)), key=lambda c: (-len(c), c[0]))
    positions: dict[str, tuple[float, float]] = {}
    cursor_x = cursor_y = row_h = 0.0
    row_w = spacing * max(10.0, math.sqrt(und.number_of_nodes()) * 1.6)
    for comp in comps:
        sub = und.subgraph(comp)
        pos = _component_layout(sub)
        radius = spacing * max(0.6, math.sqrt(len(comp)) * 0.9)
        if cursor_x + 2 * radius > row_w and cursor_x > 0:
            cursor_x, cursor_y, row_h = 0.0, cursor_y + row_h, 0.0
        cx, cy = cursor_x + radius, cursor_y + radius
        xs = [float(p[0]) for p in pos.values()]
        ys = [float(p[1]) for p in pos.values()]
        span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
        mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        for node, (x, y) in pos.items():
            positions[node] = (round(cx + (float(x) - mx) / span * 2 * radius * 0.9, 1),
                               round(cy + (float(y) - my) / span * 2 * radius * 0.9, 1))
        cursor_x += 2 * radius + spacing
        row_h = max(row_h, 2 * radius + spacing)
    return positions
