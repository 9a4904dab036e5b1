"""`ipgraph serve` as a process, queried with SPARQLWrapper and plain HTTP (SPARQL 1.1 Protocol)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pytest
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from ipgraph.query import OxigraphEngine, format_result, run_query, shipped_queries

COUNT_BY_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
LABELS = """SELECT ?e ?label WHERE { ?e a ?kind ; rdfs:label ?label FILTER(?kind IN (ipg:City, ipg:Province, ipg:Country, ipg:IndustryCluster))
FILTER(LANGMATCHES(LANG(?label), "en")) }
ORDER BY ?e ?label"""
CONSTRUCT = "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a ipg:City ; rdfs:label ?l }"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, content type, body) of one request; error statuses are returned, not raised."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def expected(store_build, text: str) -> list[tuple]:
    """The embedded store's answer, as sorted rows of plain values (the endpoint is compared with this)."""
    res = OxigraphEngine(store_build / "store").run(text, {})
    return [tuple(str(row.get(v, "")) for v in res.variables) for row in res.rows]


def total_quads(store_build) -> int:
    return int(expected(store_build, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0][0])


def rows_json(body: bytes) -> list[tuple]:
    doc = json.loads(body)
    return [tuple(b.get(v, {}).get("value", "") for v in doc["head"]["vars"]) for b in doc["results"]["bindings"]]


def rows_xml(body: bytes) -> list[tuple]:
    root = ET.fromstring(body)
    names = [v.get("name") for v in root.iter(SRX + "variable")]
    out = []
    for result in root.iter(SRX + "result"):
        vals = {b.get("name"): next(iter(b)).text or "" for b in result.iter(SRX + "binding")}
        out.append(tuple(vals.get(n, "") for n in names))
    return out


def rows_csv(body: bytes) -> list[tuple]:
    return [tuple(r) for r in list(csv.reader(io.StringIO(body.decode("utf-8"))))[1:]]


def rows_tsv(body: bytes) -> list[tuple]:
    def plain(cell: str) -> str:
        if cell.startswith("<") and cell.endswith(">"):
            return cell[1:-1]
        m = re.match(r'^"(.*)"(@[\w-]+|\^\^<[^>]+>)?$', cell, re.S)
        return json.loads(f'"{m.group(1)}"') if m else cell

    lines = body.decode("utf-8").rstrip("\n").split("\n")
    assert lines[0].startswith("?")
    return [tuple(plain(c) for c in line.split("\t")) for line in lines[1:]]


PARSERS = {"application/sparql-results+json": rows_json, "application/sparql-results+xml": rows_xml,
           "text/csv": rows_csv, "text/tab-separated-values": rows_tsv}


@pytest.mark.parametrize("accept", sorted(PARSERS))
@pytest.mark.parametrize("how", ["get", "post-form", "post-direct"])
def test_plain_http_every_format_and_method(endpoint, store_build, accept, how):
    want = expected(store_build, LABELS)
    assert len(want) > 10
    if how == "get":
        status, ctype, body = http(f"{endpoint}/sparql?{urlencode({'query': LABELS})}", headers={"Accept": accept})
    elif how == "post-form":
        status, ctype, body = http(f"{endpoint}/sparql", urlencode({"query": LABELS}).encode(),
                                   {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    else:
        status, ctype, body = http(f"{endpoint}/sparql", LABELS.encode(),
                                   {"Accept": accept, "Content-Type": "application/sparql-query"})
    assert status == 200, body
    assert ctype.split(";")[0] == accept
    assert PARSERS[accept](body) == want


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(endpoint, store_build, fmt):
    sw = SPARQLWrapper(f"{endpoint}/sparql")
    sw.setQuery(COUNT_BY_GRAPH)
    sw.setReturnFormat(fmt)
    res = sw.query()
    raw = res.response.read()
    ctype = res.response.headers.get("Content-Type", "").split(";")[0]
    rows = PARSERS[ctype](raw)
    assert rows == expected(store_build, COUNT_BY_GRAPH)
    assert {r[0] for r in rows} >= {"https://w3id.org/ipgraph/graph/ontology",
                                    "https://w3id.org/ipgraph/graph/reference"}


def test_sparqlwrapper_construct_turtle_and_ntriples(endpoint, store_build):
    from rdflib import Graph

    want = {(str(s), str(o)) for s, o in expected(store_build, "SELECT ?e ?l WHERE { ?e a ipg:City ; rdfs:label ?l }")}
    assert want
    sw = SPARQLWrapper(f"{endpoint}/sparql")
    sw.setQuery(CONSTRUCT)
    sw.setReturnFormat(TURTLE)
    g = sw.queryAndConvert()
    assert isinstance(g, (bytes, Graph))
    g = g if isinstance(g, Graph) else Graph().parse(data=g, format="turtle")
    assert {(str(s), str(o)) for s, _p, o in g} == want
    status, ctype, body = http(f"{endpoint}/sparql?{urlencode({'query': CONSTRUCT})}",
                               headers={"Accept": "application/n-triples"})
    assert status == 200 and ctype.startswith("application/n-triples")
    nt = Graph().parse(data=body.decode(), format="nt")
    assert {(str(s), str(o)) for s, _p, o in nt} == want


def test_ask_and_unacceptable_format(endpoint):
    status, _ct, body = http(f"{endpoint}/sparql?{urlencode({'query': 'ASK { ?s a ipg:Observation }'})}")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _ct, _body = http(f"{endpoint}/sparql?{urlencode({'query': LABELS})}", headers={"Accept": "image/png"})
    assert status == 406


UPDATE = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"


def test_updates_are_refused_and_change_nothing(endpoint, store_build):
    before = total_quads(store_build)
    attempts = [
        http(f"{endpoint}/sparql", urlencode({"update": UPDATE}).encode(),
             {"Content-Type": "application/x-www-form-urlencoded"}),
        http(f"{endpoint}/sparql", UPDATE.encode(), {"Content-Type": "application/sparql-update"}),
        http(f"{endpoint}/sparql?{urlencode({'update': 'DROP ALL'})}"),
        http(f"{endpoint}/sparql?{urlencode({'query': 'PREFIX ex: <http://example.org/> DROP ALL'})}"),
        http(f"{endpoint}/sparql", UPDATE.encode(), {"Content-Type": "application/sparql-query"}),
        http(f"{endpoint}/sparql", b"x", {"Content-Type": "text/turtle"}, method="PUT"),
    ]
    assert [a[0] for a in attempts] == [403, 403, 403, 403, 403, 405]
    status, _ct, body = http(f"{endpoint}/sparql?{urlencode({'query': COUNT_BY_GRAPH})}")
    assert status == 200
    assert sum(int(r[1]) for r in rows_json(body)) == before == total_quads(store_build)


def test_long_query_is_stopped_at_the_timeout_and_the_endpoint_recovers(endpoint):
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    start = time.monotonic()
    status, _ct, body = http(f"{endpoint}/sparql?{urlencode({'query': cartesian})}")
    elapsed = time.monotonic() - start
    assert status == 503 and b"timeout" in body
    assert 2.5 < elapsed < 10  # the server runs with --timeout 3
    status, _ct, body = http(f"{endpoint}/sparql?{urlencode({'query': 'ASK { ?s ?p ?o }'})}")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_result_and_request_caps(endpoint):
    status, _ct, body = http(f"{endpoint}/sparql?{urlencode({'query': 'SELECT * WHERE { ?s ?p ?o }'})}")
    assert status == 413 and b"1000" in body  # the server runs with --max-rows 1000
    big = "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * 30000
    status, _ct, _body = http(f"{endpoint}/sparql", big.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413  # --max-request 20000
    status, _ct, body = http(f"{endpoint}/sparql?{urlencode({'query': 'SELECT * WHERE { ?s ?p ?o } LIMIT 5'})}")
    assert status == 200 and len(rows_json(body)) == 5


def test_syntax_error_is_a_400(endpoint):
    status, _ct, body = http(f"{endpoint}/sparql?{urlencode({'query': 'SELECT WHERE {'})}")
    assert status == 400 and b"syntax" in body.lower()


def test_named_queries_match_the_cli_engine(endpoint, store_build):
    names = list(shipped_queries())
    assert names
    for name in names:
        status, _ct, body = http(f"{endpoint}/query/{name}")
        assert status == 200, (name, body)
        local = json.loads(format_result(run_query(name, store_build), "json"))
        assert json.loads(body)["results"]["bindings"] == local["results"]["bindings"], name
        assert local["results"]["bindings"], f"{name} returns no row on the seed"


def test_named_query_parameter_binding(endpoint):
    status, _ct, body = http(f"{endpoint}/query/cq01?place=Nonexistent-place-name")
    assert status == 400 and b"no entity" in body
    status, _ct, _body = http(f"{endpoint}/query/cq01?nosuchparam=1")
    assert status == 400
    status, _ct, _body = http(f"{endpoint}/query/no-such-query")
    assert status == 404


INJECTIONS = ['foo" } ; DROP ALL ; #', '"> } INSERT DATA { <a> <b> <c> } #']


def _param_queries():
    return [(q.name, p.name) for q in shipped_queries().values() for p in q.params]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_through_endpoint_parameters(endpoint, store_build, attack):
    before = total_quads(store_build)
    pairs = _param_queries()
    assert pairs
    for name, param in pairs:
        # the attack must answer exactly like a harmless value that matches nothing (no extra rows)
        status, _ct, body = http(f"{endpoint}/query/{name}?{param}={quote(attack)}")
        b_status, _ct, b_body = http(f"{endpoint}/query/{name}?{param}=zz-matches-nothing")
        assert status in (200, 400), (name, param, status)
        assert status == b_status, (name, param)
        if status == 200:  # same rows, apart from the parameter's own (echoed) column
            vars_ = json.loads(body)["head"]["vars"]
            keep = [i for i, v in enumerate(vars_) if v != param]
            assert [[r[i] for i in keep] for r in rows_json(body)] == \
                   [[r[i] for i in keep] for r in rows_json(b_body)], (name, param)
    assert total_quads(store_build) == before
    planted = 'ASK { ?s ?p ?o FILTER(STRENDS(STR(?s), "a") && STRENDS(STR(?p), "b")) }'
    status, _ct, body = http(f"{endpoint}/sparql?{urlencode({'query': planted})}")
    assert json.loads(body)["boolean"] is False


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_through_cli_parameters(store_build, attack):
    before = total_quads(store_build)
    by_type = {}
    for q in shipped_queries().values():
        for p in q.params:
            by_type.setdefault(p.type, (q.name, p.name))
    assert by_type
    for name, param in by_type.values():  # one query per parameter type: each CLI run is a fresh process
        proc = subprocess.run([sys.executable, "-m", "ipgraph", "query", name, "--out", str(store_build),
                               "--format", "json", "--param", f"{param}={attack}"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode in (0, 2), proc.stderr
        if proc.returncode == 0:  # a literal matches nothing: no row carries the attack's value
            rows = json.loads(proc.stdout)["results"]["bindings"]
            assert all(v["value"] != attack or k == param for r in rows for k, v in r.items()), (name, param)
            assert len(rows) == len(run_query(name, store_build, params={param: "zz-matches-nothing"}).rows)
        else:
            assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert total_quads(store_build) == before


def test_home_page_is_offline_and_lists_the_named_queries(endpoint):
    status, ctype, body = http(endpoint + "/")
    page = body.decode("utf-8")
    assert status == 200 and ctype.startswith("text/html")
    for name in shipped_queries():
        assert f'value="{name}"' in page
    assert 'href="graph.html"' in page and 'href="ontology.html"' in page
    # no network request: no absolute URL in any src/href/import, no CDN, no prefix.cc
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "prefix.cc" not in page and "cdn" not in page.lower() and "@import" not in page
    status, _ct, body = http(endpoint + "/queries.json")
    assert {q["name"] for q in json.loads(body)} == set(shipped_queries())


def test_endpoint_follows_the_exports_switch(tmp_path, small_data, serve):
    """A new build switched in under a running server is answered from without a restart."""
    from ipgraph.build import build

    out = tmp_path / "exports"
    data = small_data
    build(data, out, reasoner=False, shacl=False, extract=False)
    served = serve(out)
    ask = 'ASK { ?s rdfs:label "Switch-test place"@en }'
    status, _ct, body = http(f"{served.url}/sparql?{urlencode({'query': ask})}")
    assert status == 200 and json.loads(body)["boolean"] is False
    gaz = data / "reference" / "gazetteer.yaml"
    text = gaz.read_text(encoding="utf-8")
    assert "\nplaces:\n" in text
    gaz.write_text(text.replace("\nplaces:\n", "\nplaces:\n  - id: switch-test-place\n    type: City\n"
                                "    label: {en: Switch-test place}\n    within: china\n", 1), encoding="utf-8")
    build(data, out, reasoner=False, shacl=False, extract=False)
    status, _ct, body = http(f"{served.url}/sparql?{urlencode({'query': ask})}")
    assert status == 200 and json.loads(body)["boolean"] is True
