"""SHACL validation with pySHACL; each result names the focus node and, for facts, their quote."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, SH

from ..rdf.namespaces import IPG
from .report import ValidationResult


def _quote_of(data: Graph, node) -> str | None:
    for q in data.objects(node, PROV.wasDerivedFrom):
        text = data.value(q, IPG.quoteText)
        if text is not None:
            return str(text)
    return None


def run_shacl(data: Graph, shapes_path: Path) -> list[ValidationResult]:
    """`data` must contain the ontology too (targets of sh:targetClass follow rdfs:subClassOf in the data)."""
    import pyshacl

    shapes = Graph().parse(shapes_path, format="turtle")
    conforms, results_graph, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True,
        meta_shacl=False, advanced=True,
    )
    out: list[ValidationResult] = []
    for res in results_graph.subjects(SH.resultSeverity, None):
        severity = results_graph.value(res, SH.resultSeverity)
        focus = results_graph.value(res, SH.focusNode)
        message = results_graph.value(res, SH.resultMessage)
        path = results_graph.value(res, SH.resultPath)
        sev = {SH.Violation: "violation", SH.Warning: "warning"}.get(severity, "info")
        text = str(message) if isinstance(message, Literal) else "shape not satisfied"
        if isinstance(path, URIRef):
            text += f" (path {path.n3(data.namespace_manager)})"
        out.append(ValidationResult("shacl", sev, text, str(focus) if focus is not None else None,
                                    _quote_of(data, focus) if focus is not None else None))
    if not conforms and not out:
        out.append(ValidationResult("shacl", "violation", "pySHACL reports non-conformance"))
    return sorted(out)
