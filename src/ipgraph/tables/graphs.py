"""The table path of a build: table and derived graphs as N-Quads straight into the store, never through rdflib.

An rdflib Dataset costs about 1 KB and tens of microseconds per triple; the three real tables and their derived
statistics are close to a million triples, which would make `ipgraph build` minutes slower. Here the same
`Emitter` methods write into a plain list (so the triples are exactly those of the rdflib path), the lines are
bulk-loaded into Oxigraph, validated per source graph with the `*-violation.rq` queries (SHACL and the reasoner
stay on the ontology + curated/extracted/reference graphs: contracts, validation at scale), and appended to the
TriG export and `tables.nq`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, QB, RDF, RDFS

from ..model import Observation
from ..rdf.emit import DERIVED_GRAPH, Emitter, consolidate, graph_iri
from ..rdf.namespaces import IPR
from ..rdf.serialize import term_nt


class _ListGraph:
    """Just enough of an rdflib Graph for `Emitter`: `add` collects triples."""

    def __init__(self) -> None:
        self.triples: set[tuple] = set()

    def add(self, triple: tuple) -> None:
        self.triples.add(triple)


class _TableEmitter(Emitter):
    """The emitter with periods written once per graph (the same ~20 periods recur on every row)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.periods: dict[tuple[int, str], URIRef] = {}

    def add_period(self, g, period: str) -> URIRef:
        key = (id(g), period)
        iri = self.periods.get(key)
        if iri is None:
            iri = self.periods[key] = super().add_period(g, period)
        return iri


@dataclass
class CrossConflict:
    """The same subject, indicator, statistic, period and scope stated with different values by two sources."""

    first: Observation
    second: Observation


@dataclass
class TableGraphs:
    """What the table path adds to a build; `build` calls `load`, `report_sections` and `write`."""

    graphs: dict[URIRef, list[str]] = field(default_factory=dict)  # graph -> sorted N-Quads lines
    iris: dict[int, URIRef] = field(default_factory=dict)
    issues: list = field(default_factory=list)
    mappings: list = field(default_factory=list)
    conflicts: list[CrossConflict] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    qc: dict[str, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(len(v) for v in self.graphs.values())

    def nquads(self) -> str:
        return "".join(line for _g, lines in sorted(self.graphs.items()) for line in lines)

    def load(self, store, progress: Callable[[str], None]) -> list:
        """Bulk-load the table graphs, then run the violation queries on each graph alone."""
        from pyoxigraph import RdfFormat, Store

        from ..resources import qc_queries
        from ..validate.qc import run_qc

        progress(f"loading {self.triples} table triples into the store")
        store.bulk_load(self.nquads().encode("utf-8"), RdfFormat.N_QUADS)
        store.flush()
        # the project's queries that stay fast on a large graph, plus the table path's own provenance check
        wanted = [q for q in qc_queries() if q.name.startswith(("rank-", "statistic-without-unit"))]
        wanted += sorted((Path(__file__).parent / "qc").glob("*-violation.rq"))
        results = []
        for g, lines in sorted(self.graphs.items()):
            progress(f"validating {g} ({len(lines)} triples, {len(wanted)} violation queries)")
            one = Store()
            one.bulk_load("".join(lines).encode("utf-8"), RdfFormat.N_QUADS)
            found = run_qc(one, wanted)
            self.qc[str(g)] = len(found)
            results.extend(found)
        return results

    def report_sections(self) -> list[str]:
        lines = ["## Tables", ""]
        if self.mappings:
            lines += ["| source | rows read | observations | bad cells / skipped rows | conventions |",
                      "|---|---|---|---|---|"]
            for fs in self.mappings:
                lines.append(f"| {fs.source.id} | {fs.rows_read} | {len(fs.observations)} | {len(fs.issues)} | "
                             f"{fs.mapping.describe() if fs.mapping else ''} |")
        lines += ["", "### Bad rows and cells (not ingested)", ""]
        skipped = [i for i in self.issues if i.reason.startswith("skipped by the mapping")]
        bad = [i for i in self.issues if i not in skipped]
        if bad:
            lines += ["| file:row:column | reason | cell |", "|---|---|---|"]
            for i in bad:
                lines.append(f"| {i.file}:{i.row}:{i.column} | {i.reason} | {_cell(i.raw)} |")
        else:
            lines.append("None.")
        if skipped:
            by_reason: dict[tuple[str, str, str], list[int]] = {}
            for i in skipped:
                by_reason.setdefault((i.file, i.column, i.reason), []).append(i.row)
            lines += ["", "Rows the mappings skip on purpose:", ""]
            for (file, column, reason), rows in sorted(by_reason.items()):
                lines.append(f"- {file}, column {column}: {reason.removeprefix('skipped by the mapping: ')} "
                             f"({len(rows)} rows: {_ranges(rows)})")
        lines += ["", "### Conflicting sources (same subject, indicator, statistic, period; different values)", ""]
        if self.conflicts:
            lines += ["| subject | indicator | statistic | period | first | second | first quote or cell | "
                      "second quote or cell |", "|---|---|---|---|---|---|---|---|"]
            for c in self.conflicts:
                a, b = c.first, c.second
                lines.append(f"| {a.subject} | {a.indicator} | {a.statistic} | {a.period} | {a.value} ({a.source}) "
                             f"| {b.value} ({b.source}) | {_evidence(a)} | {_evidence(b)} |")
        else:
            lines.append("None.")
        lines += ["", "### Reported ranks, growth and shares against derived ones", ""]
        if self.checks:
            lines += ["| subject | indicator | statistic | period | reported | derived | verdict | quote or cell |",
                      "|---|---|---|---|---|---|---|---|"] + self.checks
        else:
            lines.append("No reported figure restates a derived one.")
        lines += ["", "### Validation of the table graphs (violation queries per graph)", ""]
        for g, n in sorted(self.qc.items()):
            lines.append(f"- {g}: {n} violation rows")
        return ["\n".join(lines)]

    def write(self, out: Path) -> None:
        """`tables.nq` (sorted N-Quads) and the same graphs appended to `ipgraph.trig`."""
        with open(out / "tables.nq", "w", encoding="utf-8", newline="\n") as fh:
            fh.write(self.nquads())
        trig = out / "ipgraph.trig"
        if trig.exists():
            with open(trig, "a", encoding="utf-8", newline="\n") as fh:
                for g, lines in sorted(self.graphs.items()):
                    fh.write(f"\n<{g}> {{\n")
                    fh.writelines(line.rsplit(" <", 1)[0] + " .\n" for line in lines)
                    fh.write("}\n")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")[:80]


def _evidence(o: Observation) -> str:
    if o.quote is not None:
        return _cell(o.quote.text)
    if o.table_cell is not None:
        return f"{o.table_cell.file}:{o.table_cell.line}:{o.table_cell.column}"
    return ""


def _ranges(rows: list[int]) -> str:
    rows = sorted(rows)
    parts, start, prev = [], rows[0], rows[0]
    for r in rows[1:] + [None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(parts)


def cross_source_conflicts(project) -> list[CrossConflict]:
    """Pairs of sources stating one fact differently (within one source, `emit.consolidate` reports them)."""
    by_key: dict[tuple, list[Observation]] = {}
    for fs in project.factsets:
        for obs in fs.observations:
            by_key.setdefault(obs.key(), []).append(obs)
    out = []
    for _key, group in sorted(by_key.items()):
        seen: dict[str, Observation] = {}
        for obs in sorted(group, key=lambda o: (o.source or "", o.value)):
            seen.setdefault(obs.source or "", obs)
        firsts = list(seen.values())
        for i, a in enumerate(firsts):
            for b in firsts[i + 1:]:
                if a.value != b.value or a.qualifier != b.qualifier:
                    out.append(CrossConflict(a, b))
    return out


def split_project(project, derived: list[Observation]):
    """The project without its table sources (for the rdflib path) and the table path's graphs."""
    tables = [fs for fs in project.factsets if fs.origin == "table"]
    if not tables:
        return project, derived, None
    rest = dataclasses.replace(project, factsets=[fs for fs in project.factsets if fs.origin != "table"])
    tg = TableGraphs(mappings=tables)
    em = _TableEmitter(project.entities, project.scheme)
    for fs in tables:
        g = _ListGraph()
        em.add_source(g, fs.source)
        dataset = IPR[f"dataset/{fs.source.id}"]
        if fs.observations:
            g.add((dataset, RDF.type, QB.DataSet))
            g.add((dataset, RDF.type, OWL.NamedIndividual))
            g.add((dataset, QB.structure, URIRef("https://w3id.org/ipgraph/ontology#dsd")))
            g.add((dataset, RDFS.label, Literal(f"observations stated in {fs.source.id}")))
        for ent in fs.entities:
            em.add_entity(g, ent, fs.source)
        conflicts: list = []
        for obs, iri in zip(*consolidate(fs.observations, conflicts), strict=True):
            em.add_observation(g, obs, dataset, iri)
            tg.iris[id(obs)] = iri
        tg.issues.extend(getattr(fs, "issues", []))
        _store_graph(tg, graph_iri(fs.source), g)
    if derived:
        g = _ListGraph()
        ds_iri = IPR["dataset/derived"]
        g.add((ds_iri, RDF.type, QB.DataSet))
        g.add((ds_iri, QB.structure, URIRef("https://w3id.org/ipgraph/ontology#dsd")))
        g.add((ds_iri, RDFS.label, Literal("derived statistics")))
        for obs in derived:
            tg.iris[id(obs)] = em.add_observation(g, obs, ds_iri)
        _store_graph(tg, DERIVED_GRAPH, g)
    tg.conflicts = cross_source_conflicts(project)
    from ..derive import check_reported

    tg.checks = check_reported(project, derived)
    return rest, [], tg


_SAFE_IRI = re.compile(r"^[A-Za-z0-9:/#?=;&%._~+@!$',()*-]+$")


def _nt_lines(triples, graph: URIRef) -> list[str]:
    """`serialize.nt_lines` with a cache per term: the same IRIs recur on every observation."""
    cache: dict = {}

    def term(t) -> str:
        s = cache.get(t)
        if s is None:
            s = f"<{t}>" if isinstance(t, URIRef) and _SAFE_IRI.match(t) else term_nt(t)
            cache[t] = s
        return s

    suffix = f" {term(graph)} .\n"
    return sorted(f"{term(s)} {term(p)} {term(o)}{suffix}" for s, p, o in triples)


def _store_graph(tg: TableGraphs, graph: URIRef, g: _ListGraph) -> None:
    tg.graphs[graph] = _nt_lines(g.triples, graph)


__all__ = ["TableGraphs", "split_project", "cross_source_conflicts", "CrossConflict", "Decimal"]
