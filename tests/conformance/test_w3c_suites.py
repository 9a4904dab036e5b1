"""W3C RDF 1.1 Turtle and N-Triples suites, driven by their manifests (vendored: tests/data/README.md).

Negative syntax tests must be rejected by the strict loader with file, line and column; eval tests must give the
expected triples and round-trip through ipgraph's own writers (Turtle, N-Triples, JSON-LD) isomorphically.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from ipgraph.errors import InputError
from ipgraph.rdf.load import parse_rdf_strict
from ipgraph.rdf.serialize import nt_lines, write_jsonld, write_turtle

SUITES = Path(__file__).resolve().parents[1] / "data" / "w3c"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")
BASES = {"rdf-turtle": "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/",
         "rdf-n-triples": "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-n-triples/"}

# Known deviations of the strict loader (pyoxigraph), each with its reason. Strict: they fail today, and a
# fix upstream turns them into an XPASS failure so the list stays true.
KNOWN_FAILURES: dict[str, str] = {}


def _cases():
    cases = []
    for suite, base in BASES.items():
        manifest = SUITES / suite / "manifest.ttl"
        g = Graph().parse(manifest, format="turtle", publicID=base + "manifest.ttl")
        root = next(g.subjects(RDF.type, MF.Manifest))
        entries = Collection(g, g.value(root, MF.entries))
        for test in entries:
            kind = str(g.value(test, RDF.type)).rsplit("#", 1)[1]
            action = str(g.value(test, MF.action))
            result = g.value(test, MF.result)
            name = str(g.value(test, MF.name))
            fmt = "N_TRIPLES" if suite == "rdf-n-triples" else "TURTLE"
            case = (suite, name, kind, action[len(base):], str(result)[len(base):] if result else None, fmt)
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[name])] if name in KNOWN_FAILURES else []
            cases.append(pytest.param(*case, id=f"{suite}/{name}", marks=marks))
    return cases


def _graph(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


@pytest.mark.parametrize(("suite", "name", "kind", "action", "result", "fmt"), _cases())
def test_w3c(suite, name, kind, action, result, fmt):
    path = SUITES / suite / action
    base = BASES[suite] + action
    if "Negative" in kind:
        with pytest.raises(InputError) as exc:
            parse_rdf_strict(path, base_iri=base, fmt=fmt)
        problem = exc.value.problems[0]
        assert problem.file.endswith(action)
        assert problem.line is not None and "column" in problem.message, str(problem)
        return
    triples = parse_rdf_strict(path, base_iri=base, fmt=fmt)
    if "Eval" not in kind:
        return
    expected = _graph(parse_rdf_strict(SUITES / suite / result, base_iri=BASES[suite] + result, fmt="N_TRIPLES"))
    got = _graph(triples)
    assert isomorphic(got, expected)
    # round trip through ipgraph's writers
    buf = io.StringIO()
    write_turtle(triples, buf)
    assert isomorphic(Graph().parse(data=buf.getvalue(), format="turtle"), expected), buf.getvalue()
    nt = "".join(nt_lines(triples))
    assert isomorphic(Graph().parse(data=nt, format="nt"), expected), nt
    buf = io.StringIO()
    write_jsonld(triples, buf)
    assert isomorphic(Graph().parse(data=buf.getvalue(), format="json-ld"), expected), buf.getvalue()


def test_suites_are_complete():
    """The vendored slice holds every manifest entry's files (no silent shrinking of the suite)."""
    cases = _cases()
    assert len(cases) > 350
    kinds = {c.values[2] for c in cases}
    assert {"TestTurtleNegativeSyntax", "TestTurtleEval", "TestNTriplesNegativeSyntax"} <= kinds
