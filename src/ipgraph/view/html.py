"""Self-contained HTML page of the graph: project template + inlined vis-network + data embedded as JSON.

The page makes no network request (no CDN, no fonts, a CSP that forbids connections). Text from sources reaches
the page only inside a JSON block whose `<`, `>`, `&`, U+2028 and U+2029 are escaped, and the page's script
puts it into the DOM with `textContent`, so a label such as `</script><script>...` shows as text.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources

import networkx as nx

from .data import CLUSTER_CLASSES, ViewData
from .layout import LARGE_GRAPH, compute_layout

#: Colours of well-known classes; other classes get one from the palette by a hash of their name.
CLASS_COLOURS = {
    "Country": "#1f4e9c", "Province": "#2f6fd0", "State": "#2f6fd0", "City": "#5b9bec", "District": "#8cbcf2",
    "NewArea": "#6fa8dc", "DevelopmentZone": "#76a5af", "Park": "#a4c2f4", "MetroArea": "#3d85c6",
    "Company": "#e06666", "ResearchInstitution": "#b45f06", "University": "#e69138", "GovernmentAgency": "#7f6000",
    "InternationalOrganization": "#a64d79", "Bank": "#c27ba0", "Court": "#741b47", "Person": "#cc4125",
    "IndustryCluster": "#38a169", "ClusterGroup": "#1e7b46", "Industry": "#93c47d",
    "Product": "#9b59b6", "Project": "#f1c232", "Facility": "#bf9000", "Programme": "#c9a227",
    "RankingList": "#16a2b8", "Award": "#45818e", "ProductRelease": "#ff8c1a", "ProjectSigning": "#ffb366",
    "Meeting": "#d5a6bd", "ListSelection": "#ff6f61", "Observation": "#999999",
}
#: Observations carried per node in the page (table rows have hundreds; the rest are in observations.csv).
MAX_OBS_PER_NODE = 100
#: Above this many nodes every class is drawn as a dot (the legend says so).
DOTS_ONLY = 3000
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]
#: Shape per family of classes (nearest ipg superclass that is listed wins).
FAMILY_SHAPES = {"Place": "dot", "Organization": "square", "Event": "star", "Scope": "triangleDown",
                 "Product": "triangle", "Person": "dot"}


def class_style(kind: str, families: list[str]) -> dict:
    colour = CLASS_COLOURS.get(kind) or PALETTE[int(hashlib.sha1(kind.encode()).hexdigest(), 16) % len(PALETTE)]
    shape = "diamond"
    if kind in CLUSTER_CLASSES:
        shape = "hexagon"
    else:
        for fam in families:
            if fam in FAMILY_SHAPES:
                shape = FAMILY_SHAPES[fam]
                break
    return {"name": kind, "color": colour, "shape": shape}


def json_for_html(obj) -> str:
    """JSON that cannot end a `<script>` element or open markup: `<`, `>`, `&`, U+2028, U+2029 escaped."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=8)
def _asset(folder: str, name: str) -> str:
    return resources.files("ipgraph").joinpath(folder, name).read_text(encoding="utf-8")


def page_data(data: ViewData, title: str, large_threshold: int = LARGE_GRAPH) -> dict:
    """The JSON the page reads: nodes (with positions when large), edges, legend, filter values."""
    large = len(data.nodes) > large_threshold
    counts: dict[str, int] = {}
    for n in data.nodes:
        counts[n["kind"]] = counts.get(n["kind"], 0) + 1
    classes = [dict(class_style(k, data.families(k)), count=c) for k, c in sorted(counts.items())]
    if len(data.nodes) > DOTS_ONLY:
        # arcs draw 2-3x faster than vis-network's path shapes; classes stay apart by colour
        classes = [c | {"shape": "dot"} for c in classes]
    nodes = [{k: n[k] for k in ("id", "kind", "label", "en", "zh", "aliases", "local_id", "periods", "clusters")}
             | {"obs": [{k: v for k, v in o.items() if v and k != "iri"} for o in n["obs"][:MAX_OBS_PER_NODE]],
                "obs_more": max(0, len(n["obs"]) - MAX_OBS_PER_NODE)} for n in data.nodes]
    if large:
        skeleton = nx.Graph()
        skeleton.add_nodes_from(n["id"] for n in data.nodes)
        skeleton.add_edges_from((e["from"], e["to"]) for e in data.edges)
        pos = compute_layout(skeleton)
        for n in nodes:
            n["x"], n["y"] = pos[n["id"]]
    edges = [{k: e[k] for k in ("id", "from", "to", "label")} for e in data.edges]
    labels = {n["id"]: n["label"] for n in data.nodes}
    clusters = sorted({c for n in data.nodes for c in n["clusters"]}, key=lambda c: (labels.get(c, c), c))
    indicators = sorted({(o["indicator_id"], o["indicator"]) for n in data.nodes for o in n["obs"]
                         if o["statistic"] == "value" and o["indicator_id"]}, key=lambda x: (x[1], x[0]))
    return {
        "meta": {"title": title, "large": large, "edge_labels": len(data.edges) <= 5000},
        "classes": classes, "nodes": nodes, "edges": edges,
        "clusters": [{"id": c, "label": labels.get(c, c)} for c in clusters],
        "periods": sorted({p for n in data.nodes for p in n["periods"]}),
        "indicators": [{"id": i, "label": lab} for i, lab in indicators],
    }


def render_html(data: ViewData, title: str = "ipgraph", large_threshold: int = LARGE_GRAPH) -> str:
    """The whole page as one string (deterministic for the same data)."""
    template = _asset("templates", "graph.html")
    parts = {
        "__TITLE__": html.escape(title),
        "__DATA__": json_for_html(page_data(data, title, large_threshold)),
        "__VIS_JS__": _asset("static", "vis-network.min.js"),
    }
    # one pass, so that nothing inserted is itself searched for placeholders
    return re.sub("|".join(parts), lambda m: parts[m.group(0)], template)
