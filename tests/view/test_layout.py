"""Python-side layout of large graphs: every node placed, finite, deterministic; the page turns physics off."""

from __future__ import annotations

import math
import random

import networkx as nx

from ipgraph.view.data import ViewData
from ipgraph.view.html import page_data
from ipgraph.view.layout import compute_layout


def synthetic(n: int, seed: int = 3) -> nx.Graph:
    rnd = random.Random(seed)
    g = nx.Graph()
    g.add_nodes_from(f"n{i}" for i in range(n))
    for i in range(1, n):
        if rnd.random() < 0.95:
            g.add_edge(f"n{i}", f"n{rnd.randrange(max(0, i - 30), i)}")
    return g


def test_layout_places_every_node_deterministically():
    g = synthetic(1200)
    a = compute_layout(g)
    assert set(a) == set(g.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in a.values())
    assert compute_layout(g) == a
    assert len(set(a.values())) > 0.95 * len(a)


def test_large_page_gets_positions_and_no_physics():
    g = synthetic(300)
    nodes = [{"id": v, "kind": "Company", "label": v, "en": v, "zh": "", "aliases": [], "local_id": v, "obs": [],
              "periods": [], "clusters": []} for v in sorted(g.nodes)]
    edges = [{"id": f"{u}-{v}", "from": u, "to": v, "label": "partnerOf", "predicate": "p", "key": "k"}
             for u, v in g.edges]
    data = ViewData(nodes, edges, {})
    small = page_data(data, "t", large_threshold=1000)
    assert not small["meta"]["large"] and "x" not in small["nodes"][0]
    large = page_data(data, "t", large_threshold=100)
    assert large["meta"]["large"] and all("x" in n and "y" in n for n in large["nodes"])


def test_page_caps_observations_per_node():
    obs = [{"indicator": "x", "indicator_id": "x", "statistic": "value", "value": str(i), "period": str(1900 + i),
            "iri": f"urn:o{i}"} for i in range(150)]
    node = {"id": "urn:a", "kind": "MetroArea", "label": "a", "en": "a", "zh": "", "aliases": [], "local_id": "a",
            "obs": obs, "periods": [], "clusters": []}
    d = page_data(ViewData([node], [], {}), "t")
    assert len(d["nodes"][0]["obs"]) == 100 and d["nodes"][0]["obs_more"] == 50
    assert "iri" not in d["nodes"][0]["obs"][0]
