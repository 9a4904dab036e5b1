"""Deterministic serialisations: sorted subjects, predicates and objects, fixed prefixes, no blank nodes.

rdflib's own writers iterate Python sets, whose order changes with PYTHONHASHSEED; these writers sort, so the
same graph always gives the same bytes (contracts: determinism is tested across processes).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import IO

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .namespaces import PREFIXES

Triple = tuple[URIRef, URIRef, URIRef | Literal]
_LOCAL_RE = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_PREFIX_ITEMS = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


def _escape(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    out = out.replace("\t", "\\t").replace("\b", "\\b").replace("\f", "\\f")
    return "".join(c if (ord(c) >= 0x20 and ord(c) != 0x7F) else f"\\u{ord(c):04X}" for c in out)


def _iri_ref(iri: str) -> str:
    bad = set('<>"{}|^`\\ ')
    return "<" + "".join(c if c not in bad and ord(c) > 0x20 else f"%{ord(c):02X}" for c in iri) + ">"


def qname(iri: str) -> str:
    for ns, prefix in _PREFIX_ITEMS:
        if iri.startswith(ns):
            local = iri[len(ns):]
            if local and _LOCAL_RE.match(local):
                return f"{prefix}:{local}"
    return _iri_ref(iri)


_BNODE_RE = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")


def bnode_label(term: BNode) -> str:
    """ipgraph emits no blank nodes (decision 0001); foreign data keeps its labels, made safe for Turtle."""
    label = str(term)
    if not _BNODE_RE.match(label):
        label = "b" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:16]
    return f"_:{label}"


def term_turtle(term) -> str:
    if isinstance(term, BNode):
        return bnode_label(term)
    if isinstance(term, URIRef):
        return qname(str(term))
    if isinstance(term, Literal):
        lex = f'"{_escape(str(term))}"'
        if term.language:
            return f"{lex}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{lex}^^{qname(str(term.datatype))}"
        return lex
    raise TypeError(f"not an RDF term: {term!r}")


def term_nt(term) -> str:
    if isinstance(term, BNode):
        return bnode_label(term)
    if isinstance(term, URIRef):
        return _iri_ref(str(term))
    if isinstance(term, Literal):
        lex = f'"{_escape(str(term))}"'
        if term.language:
            return f"{lex}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{lex}^^{_iri_ref(str(term.datatype))}"
        return lex
    raise ValueError(f"cannot write {term!r} as N-Triples")


def _sort_key(term) -> tuple:
    if isinstance(term, BNode):
        return (2, str(term), "", "")
    if isinstance(term, URIRef):
        return (0, str(term), "", "")
    return (1, str(term), str(term.datatype or ""), term.language or "")


def _group(triples: Iterable[Triple]) -> dict:
    by_subject: dict = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_subject[s][p].add(o)
    return by_subject


def turtle_body(triples: Iterable[Triple], indent: str = "") -> str:
    """Subject blocks, sorted; rdf:type first as `a`."""
    lines: list[str] = []
    grouped = _group(triples)
    for s in sorted(grouped, key=_sort_key):
        preds = grouped[s]
        ordered = sorted(preds, key=lambda p: (p != RDF.type, str(p)))
        parts = []
        for p in ordered:
            objs = ", ".join(term_turtle(o) for o in sorted(preds[p], key=_sort_key))
            parts.append(f"{'a' if p == RDF.type else term_turtle(p)} {objs}")
        lines.append(f"{indent}{term_turtle(s)} " + f" ;\n{indent}    ".join(parts) + " .\n")
    return "\n".join(lines)


def prefix_block(used: str | None = None) -> str:
    rows = []
    for prefix, ns in sorted(PREFIXES.items()):
        if used is None or f"{prefix}:" in used:
            rows.append(f"@prefix {prefix}: <{ns}> .\n")
    return "".join(rows)


def write_turtle(triples: Iterable[Triple], out: IO[str], header: str = "") -> None:
    body = turtle_body(triples)
    if header:
        out.write("".join(f"# {line}\n" for line in header.splitlines()) + "\n")
    out.write(prefix_block(body) + "\n" + body)


def write_trig(graphs: dict[URIRef, list[Triple]], out: IO[str]) -> None:
    bodies = {g: turtle_body(ts, indent="    ") for g, ts in graphs.items()}
    out.write(prefix_block("".join(bodies.values())) + "\n")
    for g in sorted(bodies, key=str):
        out.write(f"{term_turtle(g)} {{\n{bodies[g]}}}\n\n")


def nt_lines(triples: Iterable[Triple], graph: URIRef | None = None) -> list[str]:
    suffix = f" {_iri_ref(str(graph))} .\n" if graph is not None else " .\n"
    return sorted(f"{term_nt(s)} {term_nt(p)} {term_nt(o)}{suffix}" for s, p, o in triples)


def jsonld_document(triples: Iterable[Triple]) -> dict:
    """Expanded-value, compact-IRI JSON-LD with a prefix context; nodes sorted by @id."""
    context = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
    nodes = []
    grouped = _group(triples)
    for s in sorted(grouped, key=_sort_key):
        node: dict = {"@id": _node_id(s)}
        for p in sorted(grouped[s], key=str):
            objs = sorted(grouped[s][p], key=_sort_key)
            if p == RDF.type:
                node["@type"] = [_compact(str(o)) for o in objs]
                continue
            values = []
            for o in objs:
                if isinstance(o, (URIRef, BNode)):
                    values.append({"@id": _node_id(o)})
                elif o.language:
                    values.append({"@value": str(o), "@language": o.language})
                elif o.datatype and o.datatype != XSD.string:
                    values.append({"@value": str(o), "@type": _compact(str(o.datatype))})
                else:
                    values.append({"@value": str(o)})
            node[_compact(str(p))] = values
        nodes.append(node)
    return {"@context": context, "@graph": nodes}


def _node_id(term) -> str:
    return bnode_label(term) if isinstance(term, BNode) else _compact(str(term))


def _compact(iri: str) -> str:
    q = qname(iri)
    return iri if q.startswith("<") else q


def write_jsonld(triples: Iterable[Triple], out: IO[str]) -> None:
    json.dump(jsonld_document(triples), out, ensure_ascii=False, indent=1, sort_keys=False)
    out.write("\n")
