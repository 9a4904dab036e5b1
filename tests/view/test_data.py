"""The view's node and edge lists read from the seed graph's RDF, and the parts `ipgraph viz` draws."""

from __future__ import annotations

import random

from ipgraph.view.data import format_decimal, subgraph, view_data

COUNT_ENTITIES = """
PREFIX ipg: <https://w3id.org/ipgraph/ontology#>
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a ?c . FILTER(STRSTARTS(STR(?c), STR(ipg:)))
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/ipgraph/id/") && !STRSTARTS(STR(?e), "https://w3id.org/ipgraph/id/dataset/"))
}"""
COUNT_OBS = """
PREFIX ipg: <https://w3id.org/ipgraph/ontology#>
SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a ipg:Observation ; ipg:subject ?s .
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/ipgraph/id/")) }"""


def _count(store, q: str) -> int:
    return int(next(iter(store.query(q, use_default_graph_as_union=True)))["n"].value)


def test_entities_relations_and_observations_match_the_store(seed_build):
    data = view_data(seed_build.dataset)
    assert len(data.nodes) == _count(seed_build.store, COUNT_ENTITIES)
    assert sum(len(n["obs"]) for n in data.nodes) == _count(seed_build.store, COUNT_OBS)
    ids = {n["id"] for n in data.nodes}
    assert all(e["from"] in ids and e["to"] in ids for e in data.edges)
    assert len({e["id"] for e in data.edges}) == len(data.edges)
    assert not any(e["label"] in ("type", "statedIn", "mentionedIn") for e in data.edges)
    g = data.graph()
    assert g.number_of_nodes() == len(data.nodes) and g.number_of_edges() == len(data.edges)
    for n in data.nodes:
        assert n["label"] and n["kind"][0].isupper()
        for o in n["obs"]:
            assert o["indicator"] and o["value"] and o["statistic"]
            if o["statistic"] == "rank":
                assert o["scope"], o


def test_the_seed_company_carries_its_relations_and_figures(seed_build):
    data = view_data(seed_build.dataset)
    node = next(n for n in data.nodes if n["local_id"] == "core-huazhang")
    assert node["kind"] == "Company" and "Core Huazhang" in node["aliases"]
    assert node["clusters"] and all(c.startswith("https://w3id.org/ipgraph/id/") for c in node["clusters"])
    released = [e for e in data.edges if e["from"] == node["id"] and e["label"] == "released"]
    assert [e["to"].rsplit("/", 1)[1] for e in released] == ["huaemu-e1"]
    assert any(o["quote"] and o["published"] for o in node["obs"])


def test_deterministic_and_observations_as_nodes(seed_build):
    a = view_data(seed_build.dataset)
    b = view_data(seed_build.dataset)
    assert a.nodes == b.nodes and a.edges == b.edges
    c = view_data(seed_build.dataset, observations_as_nodes=True)
    n_obs = sum(len(n["obs"]) for n in a.nodes)
    assert len(c.nodes) == len(a.nodes) + n_obs
    assert sum(1 for e in c.edges if e["label"] == "observation") == n_obs
    assert all(n["kind"] == "Observation" for n in c.nodes[len(a.nodes):])


def test_subgraph_focus_depth_classes_and_cap(seed_build):
    data = view_data(seed_build.dataset)
    focus = next(n["id"] for n in data.nodes if n["local_id"] == "core-huazhang")
    nb = {e["to"] for e in data.edges if e["from"] == focus} | {e["from"] for e in data.edges if e["to"] == focus}
    one = subgraph(data, focus, depth=1)
    assert {n["id"] for n in one.nodes} == nb | {focus}
    two = subgraph(data, focus, depth=2)
    assert len(two.nodes) > len(one.nodes)
    assert {n["id"] for n in subgraph(data, focus, depth=0).nodes} == {focus}
    capped = subgraph(data, focus, depth=3, max_nodes=3)
    assert len(capped.nodes) == 3 and focus in {n["id"] for n in capped.nodes}
    orgs = subgraph(data, classes=["Organization"])
    assert orgs.nodes and all("Organization" in data.families(n["kind"]) for n in orgs.nodes)
    places = subgraph(data, classes=["City"])
    assert {n["kind"] for n in places.nodes} == {"City"}


def test_format_decimal():
    assert [format_decimal(x) for x in ("1.50", "1E+3", "0.000", "12", "x")] == ["1.5", "1000", "0", "12", "x"]
    random.seed(1)
    for _ in range(50):
        v = random.randint(0, 10**12)
        assert format_decimal(f"{v}.000") == str(v)
