"""Loading RDF that ipgraph did not write (the ontology, user-supplied Turtle) through a strict parser.

rdflib accepts invalid Turtle (literals as subjects, bad escapes, invalid IRIs); pyoxigraph's parser follows the
grammar, so every file is parsed by pyoxigraph first and errors name file, line and column with the offending text.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Literal, URIRef

from ..errors import InputError, Problem

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".trig": "TRIG", ".nq": "N_QUADS", ".rdf": "RDF_XML"}


def to_rdflib(term):
    """A pyoxigraph term as the equal rdflib term (xsd:string literals without a datatype, as rdflib reads them)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        # rdflib treats "x" and "x"^^xsd:string as different terms; RDF 1.1 says they are one
        return Literal(term.value, datatype=None if dt == _XSD_STRING else URIRef(dt))
    raise TypeError(f"unsupported term {term!r}")


def _line_text(data: bytes, line: int) -> str:
    lines = data.decode("utf-8", errors="replace").splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def parse_rdf_strict(path: Path | str, base_iri: str | None = None, fmt: str | None = None,
                     display: str | None = None) -> list[tuple]:
    """Triples (as rdflib terms) of an RDF file; InputError `file:line: syntax: column C: message: "text"`."""
    import pyoxigraph as ox

    path = Path(path)
    shown = display or str(path)
    name = fmt or _FORMATS.get(path.suffix.lower())
    if name is None:
        raise InputError(Problem(shown, None, "format", f"unknown RDF file type {path.suffix!r}"))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(shown, None, "file", f"cannot read: {exc.strerror}")) from exc
    base = base_iri or path.resolve().as_uri()
    try:
        quads = list(ox.parse(data, getattr(ox.RdfFormat, name), base_iri=base))
    except SyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        col = f"column {exc.offset}: " if isinstance(exc.offset, int) else ""
        message = str(exc.args[0]) if exc.args else str(exc)
        message = message.split(": ", 1)[1] if message.startswith("Parser error at line") and ": " in message else message
        text = _line_text(data, line) if line else ""
        quoted = f": {text[:120]!r}" if text else ""
        raise InputError(Problem(shown, line, "syntax", f"{col}{message}{quoted}")) from exc
    except ValueError as exc:
        raise InputError(Problem(shown, None, "syntax", str(exc))) from exc
    out = []
    for q in quads:
        t = q.triple if hasattr(q, "triple") else q
        out.append((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return out


__all__ = ["parse_rdf_strict", "to_rdflib"]
