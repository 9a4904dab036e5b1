"""Graph analytics for `ipgraph stats` and the GraphML export (networkx over the view's node/edge lists)."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx

from .data import CLUSTER_CLASSES, ViewData

PLACE_PREDICATES = ("locatedIn", "eventPlace", "hasSite")


def _simple_undirected(data: ViewData) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in data.nodes)
    g.add_edges_from((e["from"], e["to"]) for e in data.edges if e["from"] != e["to"])
    return g


def graph_stats(data: ViewData, top: int = 10) -> dict:
    """Counts per class, components, most central entities, organisations sharing clusters or places."""
    labels = {n["id"]: n["label"] for n in data.nodes}
    kinds = {n["id"]: n["kind"] for n in data.nodes}
    g = _simple_undirected(data)
    comps = sorted((len(c) for c in nx.connected_components(g)), reverse=True)
    degree = sorted(g.degree(), key=lambda x: (-x[1], labels[x[0]], x[0]))[:top]
    # exact betweenness up to a few thousand nodes, a seeded sample of pivots above
    k = None if g.number_of_nodes() <= 3000 else 500
    between = nx.betweenness_centrality(g, k=k, seed=7, normalized=True)
    top_between = sorted(between.items(), key=lambda x: (-x[1], labels[x[0]], x[0]))[:top]

    def is_org(i: str) -> bool:
        return "Organization" in data.families(kinds[i])

    def is_place(i: str) -> bool:
        return "Place" in data.families(kinds[i])

    by_cluster: dict[str, set[str]] = defaultdict(set)
    by_place: dict[str, set[str]] = defaultdict(set)
    for e in data.edges:
        a, b = e["from"], e["to"]
        for org, other in ((a, b), (b, a)):
            if not is_org(org):
                continue
            if kinds[other] in CLUSTER_CLASSES:
                by_cluster[other].add(org)
            if is_place(other) and (e["label"] in PLACE_PREDICATES or org == a):
                by_place[other].add(org)

    def shared(groups: dict[str, set[str]]) -> list[dict]:
        rows = [{"id": k, "label": labels[k], "organisations": sorted(labels[o] for o in v)}
                for k, v in groups.items() if len(v) >= 2]
        return sorted(rows, key=lambda r: (-len(r["organisations"]), r["label"]))

    return {
        "nodes": g.number_of_nodes(), "relations": len(data.edges),
        "classes": dict(sorted(Counter(kinds.values()).items())),
        "components": {"count": len(comps), "largest": comps[:5], "isolated": sum(1 for c in comps if c == 1)},
        "top_degree": [{"id": i, "label": labels[i], "kind": kinds[i], "degree": d} for i, d in degree],
        "top_betweenness": [{"id": i, "label": labels[i], "kind": kinds[i], "betweenness": round(b, 4)}
                            for i, b in top_between],
        "betweenness_sampled": k is not None,
        "shared_clusters": shared(by_cluster), "shared_places": shared(by_place),
    }


def format_stats(stats: dict) -> str:
    lines = [f"{stats['nodes']} entities, {stats['relations']} relations", "", "entities per class:"]
    lines += [f"  {k:<28} {v}" for k, v in stats["classes"].items()]
    c = stats["components"]
    lines += ["", f"connected components: {c['count']} (largest: {', '.join(map(str, c['largest']))}; "
                  f"isolated entities: {c['isolated']})", "", "most connected (degree):"]
    lines += [f"  {r['degree']:>4}  {r['label']} ({r['kind']})" for r in stats["top_degree"]]
    lines += ["", "most central (betweenness" + (", sampled" if stats["betweenness_sampled"] else "") + "):"]
    lines += [f"  {r['betweenness']:.4f}  {r['label']} ({r['kind']})" for r in stats["top_betweenness"]]
    for key, title in (("shared_clusters", "organisations sharing a cluster or industry"),
                       ("shared_places", "organisations sharing a place")):
        lines += ["", f"{title}:"]
        lines += [f"  {r['label']}: {'; '.join(r['organisations'])}" for r in stats[key]] or ["  (none)"]
    return "\n".join(lines) + "\n"


def write_graphml(data: ViewData, path: Path) -> None:
    """GraphML for Gephi and Cytoscape: `label` and `type` on every node, `label` on every edge, no empty values.

    Attributes are plain strings/ints (GraphML has no null); nodes and edges are written in sorted order.
    """
    g = nx.MultiDiGraph()
    for n in sorted(data.nodes, key=lambda n: n["id"]):
        g.add_node(n["id"], label=n["label"], type=n["kind"], iri=n["id"], label_en=n["en"], label_zh=n["zh"],
                   aliases="; ".join(n["aliases"]), local_id=n["local_id"],
                   clusters="; ".join(n["clusters"]), observations=len(n["obs"]),
                   indicators="; ".join(sorted({o["indicator"] for o in n["obs"]})))
    for e in sorted(data.edges, key=lambda e: e["id"]):
        # the key becomes the GraphML edge id, which must be unique in the document
        g.add_edge(e["from"], e["to"], key=e["id"], label=e["label"], predicate=e["predicate"])
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for line in nx.generate_graphml(g, prettyprint=True):
            fh.write(line + "\n")
