"""The built graph reads the same in every syntax and every tool (issue 7: round trips)."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import XSD

DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
INTEGER_RE = re.compile(r"^[+-]?\d+$")
DATE_RE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$")
CHECKS = {
    XSD.decimal: DECIMAL_RE, XSD.integer: INTEGER_RE, XSD.nonNegativeInteger: re.compile(r"^\+?\d+$"),
    XSD.date: DATE_RE, XSD.gYear: re.compile(r"^-?\d{4,}$"), XSD.gYearMonth: re.compile(r"^-?\d{4,}-\d{2}$"),
    XSD.boolean: re.compile(r"^(true|false|1|0)$"),
}


def test_syntaxes_are_isomorphic(seed_build: Path):
    ttl = Graph().parse(seed_build / "ipgraph.ttl", format="turtle")
    for name, fmt in (("ipgraph.nt", "nt"), ("ipgraph.jsonld", "json-ld")):
        assert isomorphic(ttl, Graph().parse(seed_build / name, format=fmt)), name
    ds = Dataset()
    ds.parse(seed_build / "ipgraph.trig", format="trig")
    union = Graph()
    for g in ds.graphs():
        if str(g.identifier) != "https://w3id.org/ipgraph/graph/ontology":
            for t in g:
                union.add(t)
    assert isomorphic(to_isomorphic(union), to_isomorphic(ttl))
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert "https://w3id.org/ipgraph/graph/ontology" in graphs and "https://w3id.org/ipgraph/graph/reference" in graphs


def test_independent_parsers_accept_every_syntax(seed_build: Path):
    import pyoxigraph

    counts = {}
    for name, fmt in (("ipgraph.ttl", pyoxigraph.RdfFormat.TURTLE), ("ipgraph.nt", pyoxigraph.RdfFormat.N_TRIPLES),
                      ("ipgraph.trig", pyoxigraph.RdfFormat.TRIG), ("ipgraph.jsonld", pyoxigraph.RdfFormat.JSON_LD)):
        with open(seed_build / name, "rb") as fh:
            counts[name] = sum(1 for _ in pyoxigraph.parse(fh, fmt))
    assert counts["ipgraph.ttl"] == counts["ipgraph.nt"] == counts["ipgraph.jsonld"] > 1000
    assert counts["ipgraph.trig"] > counts["ipgraph.ttl"]  # the ontology graph is in the TriG too
    rapper = shutil.which("rapper")
    assert rapper, "rapper (raptor2-utils) is installed by make deps"
    for name, syntax in (("ipgraph.trig", "trig"), ("ipgraph.ttl", "turtle"), ("ipgraph.nt", "ntriples")):
        proc = subprocess.run([rapper, "-q", "-i", syntax, "-c", str(seed_build / name)], capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, (name, proc.stderr)


def test_no_ill_typed_literal(seed_build: Path):
    g = Graph().parse(seed_build / "ipgraph.nt", format="nt")
    g.parse(seed_build / "ontology.ttl", format="turtle")
    checked = 0
    for o in g.objects():
        if not isinstance(o, Literal) or o.datatype is None:
            continue
        assert not o.ill_typed, f"ill-typed literal {o.n3()}"
        pattern = CHECKS.get(o.datatype)
        if pattern is not None:
            assert pattern.match(str(o)), f"{o.n3()} is not in the lexical space of {o.datatype}"
            checked += 1
        if o.datatype == XSD.decimal:
            try:
                value = Decimal(str(o))
            except InvalidOperation as exc:  # pragma: no cover - the regex above already failed
                raise AssertionError(str(o)) from exc
            assert value.is_finite() and "e" not in str(o).lower()
    assert checked > 100
