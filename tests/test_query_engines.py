"""Every shipped query gives the same answers on the embedded Oxigraph store and on rdflib over the TriG export.

Compared by value (numbers as decimals, so "1" and "1.0" agree), ignoring row order except the ORDER BY keys.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from ipgraph.query import OxigraphEngine, RdflibEngine, bind_params, shipped_queries

ROOT = Path(__file__).resolve().parents[1]
# XSD numeric types (Oxigraph stores derived integer types such as nonNegativeInteger as xsd:integer)
NUMERIC = {"decimal", "integer", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
           "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
           "unsignedShort", "unsignedByte"}


@pytest.fixture(scope="module")
def small_build(tmp_path_factory) -> Path:
    """The seed and the tables trimmed to a few subjects (so rdflib parses the TriG in seconds)."""
    from ipgraph.build import build

    from .conftest import trimmed_data_copy

    root = tmp_path_factory.mktemp("engines")
    data = trimmed_data_copy(root / "data")
    build(data, root / "exports", reasoner=False, shacl=False, extract=False)
    return root / "exports"


def value(term) -> tuple:
    if term is None:
        return ("unbound",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, Literal):
        try:
            if term.datatype and str(term.datatype).rsplit("#", 1)[-1] in NUMERIC:
                return ("number", Decimal(str(term)).normalize())
        except InvalidOperation:
            pass
        if term.datatype and str(term.datatype).endswith("#boolean"):
            return ("bool", str(term).lower() in ("true", "1"))
        return ("literal", str(term), term.language or "")
    return ("bnode",)


def order_keys(text: str) -> list[str]:
    m = re.search(r"ORDER\s+BY\s+(.*?)(LIMIT|OFFSET|$)", text, re.I | re.S)
    return re.findall(r"\?(\w+)", m.group(1)) if m else []


def test_every_shipped_query_agrees_on_both_engines(small_build):
    from ipgraph.build import open_graph

    ox = OxigraphEngine(small_build / "store")
    rd = RdflibEngine(open_graph(small_build))
    queries = shipped_queries()
    assert len(queries) >= 10
    for name, q in queries.items():
        bindings = bind_params(ox, q, {})
        a, b = ox.run(q.text, bindings), rd.run(q.text, bindings)
        assert a.kind == b.kind == "select", name
        assert a.variables == b.variables, name
        rows_a = [tuple(value(r.get(v)) for v in a.variables) for r in a.rows]
        rows_b = [tuple(value(r.get(v)) for v in b.variables) for r in b.rows]
        assert rows_a, f"{name} returns no row on the seed"
        assert Counter(rows_a) == Counter(rows_b), name
        keys = [a.variables.index(k) for k in order_keys(q.text) if k in a.variables]
        if keys:
            assert [tuple(r[i] for i in keys) for r in rows_a] == [tuple(r[i] for i in keys) for r in rows_b], name


def test_value_comparison_can_fail():
    """The comparison is not vacuous: different numbers and languages are different values."""
    assert value(Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))) == \
        value(Literal("1.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))
    assert value(Literal("1.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))) != \
        value(Literal("1.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))
    assert value(Literal("x", lang="en")) != value(Literal("x", lang="zh"))
