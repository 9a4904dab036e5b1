"""`ipgraph stats` figures and the GraphML export on the seed graph."""

from __future__ import annotations

import re
from collections import Counter

import networkx as nx

from ipgraph.view.analytics import format_stats, graph_stats, write_graphml
from ipgraph.view.data import view_data


def test_stats_counts_components_centrality_and_sharing(seed_build):
    data = view_data(seed_build.dataset)
    st = graph_stats(data, top=5)
    assert st["classes"] == dict(sorted(Counter(n["kind"] for n in data.nodes).items()))
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in data.nodes)
    g.add_edges_from((e["from"], e["to"]) for e in data.edges)
    assert st["components"]["count"] == nx.number_connected_components(g)
    degrees = [r["degree"] for r in st["top_degree"]]
    assert degrees == sorted(degrees, reverse=True) and degrees[0] == max(d for _n, d in g.degree())
    assert len(st["top_betweenness"]) == 5 and st["top_betweenness"][0]["betweenness"] > 0
    labels = {n["id"]: n["label"] for n in data.nodes}
    assert st["shared_clusters"] or st["shared_places"]
    for key in ("shared_clusters", "shared_places"):
        for row in st[key]:
            assert len(row["organisations"]) >= 2
            linked = {labels[e["from"]] for e in data.edges if e["to"] == row["id"]} | \
                     {labels[e["to"]] for e in data.edges if e["from"] == row["id"]}
            assert set(row["organisations"]) <= linked
    text = format_stats(st)
    assert "connected components" in text and st["top_degree"][0]["label"] in text


def test_graphml_has_labels_and_types_and_no_empty_values(seed_build, tmp_path):
    data = view_data(seed_build.dataset)
    path = tmp_path / "g.graphml"
    write_graphml(data, path)
    first = path.read_bytes()
    write_graphml(view_data(seed_build.dataset), path)
    assert path.read_bytes() == first
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == len(data.nodes)
    assert g.number_of_edges() == len(data.edges)
    for _n, attrs in g.nodes(data=True):
        assert attrs["label"] and attrs["type"]
        assert "None" not in map(str, attrs.values())
    for _u, _v, attrs in g.edges(data=True):
        assert attrs["label"]
    assert b"None" not in first
    edge_ids = re.findall(r'<edge [^>]*id="([^"]*)"', first.decode())
    assert len(edge_ids) == len(set(edge_ids)) == len(data.edges)
