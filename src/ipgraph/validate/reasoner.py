"""OWL 2 DL consistency with HermiT (owlready2) on the DL-safe view (contracts: reasoning view).

owlready2 does not read Turtle and HermiT rejects xsd:date / xsd:gYear: the view is written as N-Triples
with those literals given as xsd:dateTime, and without the non-DL alignment file.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from ..errors import IpgraphError
from ..rdf.serialize import nt_lines
from .report import ValidationResult

_DATE_TYPES = {XSD.date, XSD.gYear, XSD.gYearMonth}


def _to_datetime(lit: Literal) -> Literal:
    text = str(lit)
    if lit.datatype == XSD.gYear:
        text = f"{text}-01-01"
    elif lit.datatype == XSD.gYearMonth:
        text = f"{text}-01"
    return Literal(f"{text}T00:00:00", datatype=XSD.dateTime)


def dl_view(graph: Graph) -> list:
    """The triples handed to the reasoner: dates mapped to xsd:dateTime, long texts dropped."""
    out = []
    for s, p, o in graph:
        if isinstance(o, Literal):
            if o.datatype in _DATE_TYPES:
                o = _to_datetime(o)
            elif o.datatype in (XSD.anyURI,):
                o = Literal(str(o))
        out.append((s, p, o))
    return out


def java_available() -> bool:
    return shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME"))


def check_consistency(graph: Graph) -> list[ValidationResult]:
    """Empty list when consistent; one violation when HermiT finds the ontology plus data inconsistent."""
    import owlready2

    if not java_available():
        raise IpgraphError("the OWL reasoner needs Java (java not found on PATH)")
    with tempfile.TemporaryDirectory(prefix="ipgraph-dl-") as tmp:
        path = Path(tmp) / "view.nt"
        path.write_text("".join(nt_lines(dl_view(graph))), encoding="utf-8")
        world = owlready2.World()
        # owlready2 prints punning warnings for QB component properties; they are not findings
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            nodes = sorted(str(c.iri) for c in world.inconsistent_classes())[:5] if hasattr(world, "inconsistent_classes") else []
            detail = f"; unsatisfiable classes: {', '.join(nodes)}" if nodes else ""
            return [ValidationResult("reasoner", "violation", f"ontology and data are inconsistent (HermiT){detail}")]
        except owlready2.OwlReadyJavaError as exc:
            raise IpgraphError(f"the OWL reasoner failed: {str(exc).strip().splitlines()[-1][:300]}") from exc
        finally:
            world.close()
    return []
