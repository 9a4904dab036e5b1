"""SPARQL results and graphs as bytes in the formats of the SPARQL 1.1 Protocol, from pyoxigraph terms.

Written here rather than with `QuerySolutions.serialize` so that rows can be counted (and capped) while they
are read, and so that both the endpoint and its named queries share one content negotiation.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# media type -> short format name
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
}
CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
}
# `format=` request parameter (SPARQLWrapper and browsers) -> short name
FORMAT_ALIASES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "ttl", "ttl": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
}


def negotiate(accept: str | None, offers: dict[str, str], default: str) -> str | None:
    """The short format for an Accept header (q-values honoured; `*/*` and no header give `default`).

    Returns None when nothing offered is acceptable (the caller answers 406).
    """
    if not accept or not accept.strip():
        return default
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media))
    for _q, _i, media in sorted(ranked):
        if media in offers:
            return offers[media]
        if media in ("*/*", "*"):
            return default
        if media.endswith("/*"):
            major = media[:-1]
            for offered, fmt in offers.items():
                if offered.startswith(major):
                    return fmt
    return None


def _term_json(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    d = {"type": "literal", "value": term.value}
    if term.language:
        d["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        d["datatype"] = term.datatype.value
    return d


def _term_xml(term) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _term_csv(term) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def select_bytes(variables: list[str], rows: list[list], fmt: str) -> bytes:
    """Rows (lists of terms or None, in `variables` order) in one of json, xml, csv, tsv."""
    if fmt == "json":
        doc = {"head": {"vars": variables},
               "results": {"bindings": [{v: _term_json(t) for v, t in zip(variables, row, strict=True)
                                         if t is not None} for row in rows]}}
        return (json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                                            for v, t in zip(variables, row, strict=True) if t is not None)
                       + "</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for row in rows:
            w.writerow([_term_csv(t) for t in row])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(fmt)


def ask_bytes(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return (json.dumps({"head": {}, "boolean": value}) + "\n").encode()
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head/>\n'
                f"<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode()
    return ("true" if value else "false").encode() + b"\n"


def graph_bytes(triples: list, fmt: str) -> bytes:
    import pyoxigraph as ox

    from ..rdf.namespaces import PREFIXES

    if fmt == "nt":
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
