"""Materialised size classes for `companies_per_cluster`: per cluster, the number of companies with more than K patent
records (K = 10, 100, 1000) as a derived QB data set, each observation `prov:wasDerivedFrom` the company totals it
counts; then the CQ-style query reading them with bound parameters (substitutions), on a store that
`bench/scale.py` built. Why: at 40 M the ad-hoc query (any K) costs one index lookup chain per company (~125k) and
takes seconds; a size-class table answers the standard thresholds from ~1,250 observations per K.

Usage: python bench/size_classes.py bench/out/store-40000000   (adds the size-class observations to that store)
"""

import hashlib
import sys
import time

from pyoxigraph import Literal, NamedNode, RdfFormat, Store, Variable

store = Store(sys.argv[1])
IPG = "https://w3id.org/ipgraph/ontology#"
P = """PREFIX ipg: <https://w3id.org/ipgraph/ontology#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
"""
span = "https://w3id.org/ipgraph/period/2009--2023"
t = time.perf_counter()
rows = [(r[0].value, r[1].value, int(r[2].value)) for r in store.query(P + f"""SELECT ?o ?cluster ?n WHERE {{
  GRAPH <https://w3id.org/ipgraph/graph/derived> {{ ?o ipg:period <{span}> . ?o ipg:subject ?c . ?o sdmx-measure:obsValue ?n }}
  ?c ipg:partOf ?cluster }}""", use_default_graph_as_union=True)]
print("read company totals", len(rows), round(time.perf_counter() - t, 2))
G = " <https://w3id.org/ipgraph/graph/derived> .\n"
out = []
ds = "https://w3id.org/ipgraph/id/dataset/derived-company-size-classes"
for k in (10, 100, 1000):
    per = {}
    for o, cl, n in rows:
        if n > k:
            per.setdefault(cl, []).append(o)
    for cl, obs in sorted(per.items()):
        key = hashlib.sha1(f"{cl}|companies_over_threshold|{k}|{span}".encode()).hexdigest()[:16]
        o = f"<https://w3id.org/ipgraph/obs/derived/{key}>"
        out += [f"{o} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{IPG}Observation>{G}",
                f"{o} <http://purl.org/linked-data/cube#dataSet> <{ds}>{G}",
                f"{o} <{IPG}subject> <{cl}>{G}",
                f"{o} <{IPG}indicator> <https://w3id.org/ipgraph/indicator/patent_applications>{G}",
                f"{o} <{IPG}period> <{span}>{G}",
                f'{o} <{IPG}threshold> "{k}"^^<http://www.w3.org/2001/XMLSchema#integer>{G}',
                f'{o} <http://purl.org/linked-data/sdmx/2009/measure#obsValue> "{len(obs)}"^^<http://www.w3.org/2001/XMLSchema#decimal>{G}']
        out += [f"{o} <http://www.w3.org/ns/prov#wasDerivedFrom> <{x}>{G}" for x in obs]
store.bulk_load("".join(out).encode(), RdfFormat.N_QUADS)
store.flush()
print("size-class triples", len(out), round(time.perf_counter() - t, 2))
q = P + f"""SELECT ?cluster ?companies ?k ?indicator ?period WHERE {{
  ?obs qb:dataSet <{ds}> .
  ?obs ipg:threshold ?k .
  ?obs ipg:indicator ?indicator .
  ?obs ipg:period ?period .
  ?obs ipg:subject ?cluster .
  ?obs sdmx-measure:obsValue ?companies .
}} ORDER BY DESC(?companies) ?cluster"""
subs = {Variable("period"): NamedNode(span), Variable("indicator"): NamedNode("https://w3id.org/ipgraph/indicator/patent_applications"),
        Variable("k"): Literal("100", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))}
for _ in range(3):
    t = time.perf_counter()
    r = list(store.query(q, substitutions=subs, use_default_graph_as_union=True))
    print("size-class query", len(r), r[0][0].value, r[0][1].value, round(time.perf_counter() - t, 3))
