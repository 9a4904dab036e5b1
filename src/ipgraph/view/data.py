"""The graph view's data: entities, relations and observations read from a build's RDF as plain node and edge
lists, and the networkx graph made from them in one `add_nodes_from`/`add_edges_from` call (pyvis's per-node
`add_node` path is quadratic).

Only IRIs under `ipr:` typed with an `ipg:` class are entities (decision 0001); quotes, observations,
assertions, periods and indicators are not nodes unless observations are asked for as nodes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from ..rdf.namespaces import IPG, IPR, QB, SDMX_ATT, SDMX_MEAS

ENTITY_PREFIX = str(IPR)
NOT_ENTITIES = (ENTITY_PREFIX + "dataset/",)
CLUSTER_CLASSES = frozenset({"IndustryCluster", "ClusterGroup", "Industry"})
#: Predicates that are bookkeeping, not relations between entities.
SKIP_PREDICATES = frozenset({RDF.type, IPG.statedIn, IPG.mentionedIn, OWL.sameAs, QB.dataSet})


@dataclass
class ViewData:
    """Node and edge lists of the view; nodes are dicts ready to be serialised as JSON."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    superclasses: dict[str, list[str]] = field(default_factory=dict)
    data_triples: int = 0

    def graph(self) -> nx.MultiDiGraph:
        """A networkx multigraph built directly from the lists (node attributes = the node dicts)."""
        g = nx.MultiDiGraph()
        g.add_nodes_from((n["id"], n) for n in self.nodes)
        g.add_edges_from((e["from"], e["to"], e["key"], {"label": e["label"], "predicate": e["predicate"]})
                         for e in self.edges)
        return g

    def families(self, kind: str) -> list[str]:
        """`kind` and its ipg superclasses, nearest first."""
        return [kind] + self.superclasses.get(kind, [])


def local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1]
    return iri


def format_decimal(value: str) -> str:
    """A normalised decimal without exponent or trailing zeros ('1.50' -> '1.5', '1E+3' -> '1000')."""
    try:
        d = Decimal(value)
    except InvalidOperation:
        return value
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


class _Index:
    """Subject -> predicate -> objects over every graph of the dataset, built in one pass that also counts the
    distinct triples outside the ontology graph (what the build reports as data triples)."""

    def __init__(self, ds):
        from ..rdf.emit import ONTOLOGY_GRAPH

        self.out: dict = defaultdict(lambda: defaultdict(dict))  # s -> p -> {o: None} (ordered set)
        data_hashes: set[int] = set()
        graphs = ds.graphs() if hasattr(ds, "graphs") else [ds]
        # graph by graph: rdflib's Dataset.quads looks up the contexts of every triple (7x slower)
        for g in graphs:
            is_data = getattr(g, "identifier", None) != ONTOLOGY_GRAPH
            for s, p, o in g:
                self.out[s][p][o] = None
                if is_data:
                    data_hashes.add(hash((s, p, o)))
        self.data_triples = len(data_hashes)

    def objects(self, s, p) -> list:
        return list(self.out.get(s, {}).get(p, ()))

    def one(self, s, p):
        objs = self.objects(s, p)
        return sorted(objs, key=str)[0] if objs else None

    def label(self, s, lang: str | None = "en") -> str:
        for p in (SKOS.prefLabel, RDFS.label):
            lits = [o for o in self.objects(s, p) if isinstance(o, Literal)]
            for o in sorted(lits, key=str):
                if (o.language or "") == (lang or "") or (lang == "en" and not o.language):
                    return str(o)
        return ""


def _superclasses(idx: _Index) -> dict[str, list[str]]:
    """ipg class local name -> its ipg superclasses (transitive, nearest first), from the ontology graph."""
    direct: dict[str, list[str]] = {}
    for s, preds in idx.out.items():
        if isinstance(s, URIRef) and str(s).startswith(str(IPG)):
            sups = [local_name(str(o)) for o in preds.get(RDFS.subClassOf, [])
                    if isinstance(o, URIRef) and str(o).startswith(str(IPG))]
            if sups:
                direct[local_name(str(s))] = sorted(sups)
    out = {}
    for cls in direct:
        seen: list[str] = []
        frontier = list(direct[cls])
        while frontier:
            c = frontier.pop(0)
            if c not in seen and c != cls:
                seen.append(c)
                frontier.extend(direct.get(c, []))
        out[cls] = seen
    return out


def _entity_class(types: list, superclasses: dict[str, list[str]]) -> str | None:
    names = sorted({local_name(str(t)) for t in types if str(t).startswith(str(IPG))})
    if not names:
        return None
    # the most specific: a class that is no other's superclass
    specific = [n for n in names if not any(n in superclasses.get(m, []) for m in names if m != n)]
    return (specific or names)[0]


def _observation(idx: _Index, obs: URIRef) -> dict:
    def name(p) -> str:
        o = idx.one(obs, p)
        return local_name(str(o)) if o is not None else ""

    indicator = idx.one(obs, IPG.indicator)
    period = idx.one(obs, IPG.period)
    iso = idx.one(period, IPG.isoPeriod) if period is not None else None
    period_text = str(iso) if iso is not None else (local_name(str(period)).replace("--", "/") if period else "")
    scope = idx.one(obs, IPG.scope)
    scope_text = ""
    if scope is not None:
        scope_text = idx.label(scope) if str(scope).startswith(ENTITY_PREFIX) else local_name(str(scope))
        if scope_text == "none":
            scope_text = ""
    area = idx.one(obs, IPG.scopeArea)
    if area is not None and scope_text:
        scope_text += f" ({idx.label(area) or local_name(str(area))})"
    value = idx.one(obs, SDMX_MEAS.obsValue)
    quote_texts = []
    for q in sorted(idx.objects(obs, PROV.wasDerivedFrom), key=str):
        text = idx.one(q, IPG.quoteText)
        if text is not None:
            quote_texts.append(str(text))
    ranked = idx.one(obs, IPG.rankedWhat)
    return {
        "indicator": (idx.label(indicator) or local_name(str(indicator))) if indicator is not None else "",
        "indicator_id": local_name(str(indicator)) if indicator is not None else "",
        "statistic": name(IPG.statistic),
        "value": format_decimal(str(value)) if value is not None else "",
        "published": str(idx.one(obs, IPG.published) or ""),
        "unit": name(SDMX_ATT.unitMeasure),
        "qualifier": name(IPG.qualifier),
        "period": period_text,
        "scope": scope_text,
        "ranked_what": (idx.label(ranked) or local_name(str(ranked))) if isinstance(ranked, URIRef) else
        (str(ranked) if ranked is not None else ""),
        "source": local_name(str(idx.one(obs, IPG.statedIn) or "")),
        "quote": " … ".join(quote_texts),
        "iri": str(obs),
    }


def _obs_sort_key(o: dict) -> tuple:
    return (o["indicator"], o["statistic"], o["period"], o["scope"], o["source"], o["iri"])


def view_data(ds, observations_as_nodes: bool = False) -> ViewData:
    """Read entities, relations and observations from an rdflib Dataset/Graph of a build."""
    idx = _Index(ds)
    superclasses = _superclasses(idx)
    entities: dict[URIRef, str] = {}
    for s, preds in idx.out.items():
        if not isinstance(s, URIRef) or not str(s).startswith(ENTITY_PREFIX) or str(s).startswith(NOT_ENTITIES):
            continue
        kind = _entity_class(preds.get(RDF.type, []), superclasses)
        if kind:
            entities[s] = kind

    observations: dict[URIRef, list[dict]] = defaultdict(list)
    obs_type = IPG.Observation
    for s, preds in idx.out.items():
        if obs_type in preds.get(RDF.type, []):
            for subj in preds.get(IPG.subject, []):
                if subj in entities:
                    observations[subj].append(_observation(idx, s))

    edges: list[dict] = []
    for s in sorted(entities, key=str):
        for p, objs in sorted(idx.out[s].items(), key=lambda kv: str(kv[0])):
            if p in SKIP_PREDICATES:
                continue
            for o in sorted(objs, key=str):
                if o in entities and o != s:
                    edges.append({"from": str(s), "to": str(o), "label": local_name(str(p)), "predicate": str(p),
                                  "key": f"{local_name(str(p))}"})

    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        neighbours[e["from"]].add(e["to"])
        neighbours[e["to"]].add(e["from"])

    nodes: list[dict] = []
    kinds = {str(k): v for k, v in entities.items()}
    for s in sorted(entities, key=str):
        sid = str(s)
        kind = entities[s]
        en = idx.label(s, "en")
        zh = idx.label(s, "zh")
        aliases = sorted({str(o) for o in idx.objects(s, SKOS.altLabel) if isinstance(o, Literal)}
                         - {en, zh})
        obs = sorted(observations.get(s, []), key=_obs_sort_key)
        periods = {o["period"] for o in obs if o["period"]}
        for p in (IPG.period, IPG.date):
            for v in idx.objects(s, p):
                iso = idx.one(v, IPG.isoPeriod) if isinstance(v, URIRef) else None
                periods.add(str(iso) if iso is not None else local_name(str(v)).replace("--", "/"))
        clusters = {n for n in neighbours[sid] if kinds[n] in CLUSTER_CLASSES}
        if kind in CLUSTER_CLASSES:
            clusters.add(sid)
        nodes.append({
            "id": sid, "kind": kind, "label": en or zh or local_name(sid), "en": en, "zh": zh,
            "aliases": aliases, "local_id": str(idx.one(s, IPG.localId) or local_name(sid)),
            "obs": obs, "periods": sorted(periods), "clusters": sorted(clusters),
        })

    data = ViewData(nodes, edges, superclasses, idx.data_triples)
    if observations_as_nodes:
        _observations_to_nodes(data)
    _dedupe_edge_keys(data)
    return data


def _observations_to_nodes(data: ViewData) -> None:
    """Draw each observation as its own node linked from its subject (option of `ipgraph viz`)."""
    extra = []
    for n in data.nodes:
        for o in n["obs"]:
            label = f"{o['indicator']}: {o['value']} {o['unit']}".strip() + (f" ({o['period']})" if o["period"] else "")
            extra.append({"id": o["iri"], "kind": "Observation", "label": label, "en": label, "zh": "",
                          "aliases": [], "local_id": local_name(o["iri"]), "obs": [o],
                          "periods": [o["period"]] if o["period"] else [], "clusters": list(n["clusters"])})
            data.edges.append({"from": n["id"], "to": o["iri"], "label": "observation",
                               "predicate": str(IPG.subject), "key": "observation"})
    data.nodes.extend(sorted(extra, key=lambda x: x["id"]))


def _dedupe_edge_keys(data: ViewData) -> None:
    seen: dict[tuple, int] = defaultdict(int)
    for e in data.edges:
        k = (e["from"], e["to"], e["key"])
        seen[k] += 1
        if seen[k] > 1:
            e["key"] = f"{e['key']}-{seen[k]}"
        e["id"] = f"{e['from']}|{e['key']}|{e['to']}"


def subgraph(data: ViewData, focus: str | None = None, depth: int = 1, classes: Iterable[str] | None = None,
             max_nodes: int | None = None) -> ViewData:
    """The part of the view around `focus` (an IRI already resolved), of the given classes, capped in size.

    The cap keeps the focus and its nearest neighbours first (breadth-first), else the highest-degree nodes.
    """
    by_id = {n["id"]: n for n in data.nodes}
    keep_classes = set(classes) if classes else None
    allowed = {i for i, n in by_id.items()
               if keep_classes is None or n["kind"] in keep_classes or i == focus
               or any(c in keep_classes for c in data.families(n["kind"]))}
    adj: dict[str, set[str]] = defaultdict(set)
    for e in data.edges:
        if e["from"] in allowed and e["to"] in allowed:
            adj[e["from"]].add(e["to"])
            adj[e["to"]].add(e["from"])
    if focus is not None:
        order = [focus]
        dist = {focus: 0}
        i = 0
        while i < len(order):
            cur = order[i]
            i += 1
            if dist[cur] >= depth:
                continue
            for nb in sorted(adj[cur]):
                if nb not in dist:
                    dist[nb] = dist[cur] + 1
                    order.append(nb)
    else:
        order = sorted(allowed, key=lambda i: (-len(adj[i]), i))
    if max_nodes is not None and max_nodes >= 0:
        order = order[:max_nodes]
    keep = set(order)
    nodes = [n for n in data.nodes if n["id"] in keep]
    edges = [e for e in data.edges if e["from"] in keep and e["to"] in keep]
    return ViewData(nodes, edges, data.superclasses, data.data_triples)
