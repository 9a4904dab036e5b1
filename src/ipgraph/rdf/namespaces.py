"""Namespaces of decision 0001 and the standard vocabularies, bound once for every serialisation."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..iri import BASE

IPG = Namespace(BASE + "ontology#")
IPR = Namespace(BASE + "id/")
IND = Namespace(BASE + "indicator/")
UNIT = Namespace(BASE + "unit/")
STAT = Namespace(BASE + "statistic/")
QUAL = Namespace(BASE + "qualifier/")
SCOPE = Namespace(BASE + "scope/")
ORIGIN = Namespace(BASE + "origin/")
PERIOD = Namespace(BASE + "period/")
SRC = Namespace(BASE + "source/")
GRAPH = Namespace(BASE + "graph/")
OBS = Namespace(BASE + "obs/")
QUOTE = Namespace(BASE + "quote/")
ASRT = Namespace(BASE + "assertion/")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATT = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEAS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace] = {
    "ipg": IPG, "ipr": IPR, "ind": IND, "unit": UNIT, "stat": STAT, "qual": QUAL, "scope": SCOPE,
    "origin": ORIGIN, "period": PERIOD, "src": SRC, "graph": GRAPH, "obs": OBS, "quote": QUOTE, "asrt": ASRT,
    "qb": QB, "sdmx-dimension": SDMX_DIM, "sdmx-attribute": SDMX_ATT, "sdmx-measure": SDMX_MEAS,
    "org": ORG, "oa": OA, "time": TIME, "schema": SCHEMA, "wd": WD, "prov": PROV, "skos": SKOS,
    "dcterms": DCTERMS, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD,
}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
