"""`ontology.html` is generated from ontology/ into every build."""

from __future__ import annotations

import re

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from ipgraph.rdf.namespaces import IPG
from ipgraph.resources import ontology_files
from ipgraph.server.docs import render_ontology_html, write_ontology_docs


def test_build_writes_ontology_docs_with_every_class_and_property(store_build):
    page = (store_build / "ontology.html").read_text(encoding="utf-8")
    g = Graph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    terms = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in g.subjects(RDF.type, kind) if str(s).startswith(str(IPG))}
    assert len(terms) > 20
    for t in terms:
        assert f'id="{str(t)[len(str(IPG)):]}"' in page, t
    # labels in both languages, definitions, domains / ranges
    assert "@zh" in page and "@en" in page
    assert "<dt>definition</dt>" in page and "<dt>domain</dt>" in page and "<dt>range</dt>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)  # offline: no external asset or link


def test_docs_are_deterministic_and_follow_the_input(tmp_path):
    ttl = tmp_path / "o.ttl"
    ttl.write_text("""@prefix ipg: <https://w3id.org/ipgraph/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ipg:Widget a owl:Class ; rdfs:label "widget"@en , "小部件"@zh .
ipg:size a owl:DatatypeProperty ; rdfs:domain ipg:Widget .
""", encoding="utf-8")
    a = write_ontology_docs(tmp_path, ttl).read_bytes()
    b = render_ontology_html(Graph().parse(ttl)).encode("utf-8")
    assert a == b
    page = a.decode()
    assert 'id="Widget"' in page and "小部件" in page and '<a href="#Widget">ipg:Widget</a>' in page
    assert 'id="Gadget"' not in page
