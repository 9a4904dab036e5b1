"""IRI minting: names needing escaping, Unicode normalisation (issue 7)."""

import unicodedata

from rdflib import URIRef

from ipgraph.iri import mint_iri, slugify
from ipgraph.rdf.serialize import term_nt, term_turtle


def test_nfc_and_nfd_forms_give_one_iri():
    nfc = unicodedata.normalize("NFC", "L'Oréal")
    nfd = unicodedata.normalize("NFD", "L'Oréal")
    assert nfc != nfd
    assert mint_iri("org", nfc) == mint_iri("org", nfd)


def test_names_needing_escaping_give_valid_distinct_iris():
    from pyoxigraph import NamedNode

    names = ["华为技术有限公司", "L'Oréal", "A/B Labs", "AB Labs", "A&B <Labs>", "  ", "Ｆｕｌｌｗｉｄｔｈ"]
    iris = [mint_iri("org", n) for n in names]
    assert len(set(iris[:4])) == 4  # "A/B Labs" and "AB Labs" stay distinct
    for iri in iris:
        NamedNode(iri)  # raises on an invalid IRI
        assert " " not in iri and "<" not in iri and "/" not in iri.rsplit("/org/", 1)[1]
        assert term_turtle(URIRef(iri)) and term_nt(URIRef(iri)).startswith("<")
    assert slugify("华为技术有限公司").startswith("%E5%8D%8E")
