"""`ipgraph build`: data folder -> validated graph -> exports, switched atomically (contracts: build outputs).

A build is written into `.builds/<name>-<n>` beside the output path; only when it is complete and valid does
one `rename` point the output symlink (`exports`) at it. A failed or killed build leaves the previous one
as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import ConjunctiveGraph, Graph

from .errors import IpgraphError, ValidationFailed
from .exports.report import render_report
from .exports.writer import class_counts_in_store, csv_rows, nquads, write_csv, write_rdf
from .faults import crash_point
from .loaders.project import Project, load_project
from .rdf.emit import DERIVED_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH, emit, graph_iri
from .resources import alignment_file, ontology_files, qc_queries, shapes_file
from .validate.crosscheck import cross_check
from .validate.report import ValidationReport, ValidationResult

Progress = Callable[[str], None]
KEEP_BUILDS = 2


@dataclass
class BuildResult:
    out: Path
    build_dir: Path
    validation: ValidationReport
    stats: dict = field(default_factory=dict)
    switched: bool = False
    store_update: object = None  # incremental.StoreUpdate: graphs kept from the previous build's store


def _quiet(_msg: str) -> None:
    pass


def input_digest(project: Project) -> str:
    """A digest of what the build reads, independent of the order of entries and of file listing order."""
    h = hashlib.sha256()
    records = [{k: v for k, v in vars(src).items() if k not in ("text", "locator")}
               for _sid, src in sorted(project.sources.items())]
    h.update(json.dumps(records, sort_keys=True, default=str).encode())
    for path in sorted(project.data_dir.rglob("*.yaml")):
        rel = path.relative_to(project.data_dir).as_posix()
        if rel == "sources.yaml":
            continue
        h.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    for path in ontology_files() + [shapes_file(), alignment_file()] + qc_queries():
        if path.exists():
            h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def validate_dataset(ds, store, reasoner: bool = True, shacl: bool = True, progress: Progress = _quiet,
                     skip_graphs: frozenset = frozenset()) -> ValidationReport:
    """SHACL and HermiT on ontology + curated/extracted/reference graphs; QC queries on the whole store.

    `skip_graphs` (the table graphs) are validated per graph by the QC queries in the store only (contracts:
    validation at scale): SHACL and the reasoner would take minutes on them."""
    from .validate.qc import run_qc

    report = ValidationReport()
    progress("validating: QC queries")
    qc = run_qc(store, qc_queries())
    report.extend(qc)
    report.checks_run["qc"] = f"{len(qc_queries())} queries, {len(qc)} rows"
    from .query import OxigraphEngine
    from .validate.datacube import INTEGRITY_CONSTRAINTS, check_integrity

    progress("validating: RDF Data Cube integrity constraints")
    cube = check_integrity(OxigraphEngine(store=store))
    report.extend(cube)
    report.checks_run["datacube"] = (f"IC-1..IC-21 hold ({len(INTEGRITY_CONSTRAINTS) + 1} checks)" if not cube
                                     else f"{len(cube)} violations")
    combined = Graph()
    for g in ds.graphs():
        if g.identifier == DERIVED_GRAPH or not isinstance(g.identifier, type(ONTOLOGY_GRAPH)) \
                or g.identifier in skip_graphs:
            continue
        for t in g:
            combined.add(t)
    if shacl:
        from .validate.shacl import run_shacl

        progress("validating: SHACL shapes")
        res = run_shacl(combined, shapes_file())
        report.extend(res)
        report.checks_run["shacl"] = "conforms" if not [r for r in res if r.severity == "violation"] else \
            f"{len(res)} results"
    if reasoner:
        from .validate.reasoner import check_consistency

        progress("validating: OWL reasoner (HermiT)")
        res = check_consistency(combined)
        report.extend(res)
        report.checks_run["reasoner"] = "consistent" if not res else "INCONSISTENT"
    return report


def _remove_stale_tmp(root: Path, name: str) -> None:
    """Temporary build folders of builds that were killed (their process is gone) are removed."""
    if not root.is_dir():
        return
    for p in root.glob(f".tmp-{name}-*"):
        pid = p.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _next_build_dir(root: Path, name: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    numbers = []
    for p in root.iterdir():
        if p.name.startswith(name + "-"):
            tail = p.name[len(name) + 1:]
            if tail.isdigit():
                numbers.append(int(tail))
    return root / f"{name}-{max(numbers, default=0) + 1}"


def switch(out: Path, build_dir: Path) -> None:
    """Point `out` at `build_dir` with one atomic rename (a real directory at `out` is moved aside first)."""
    if out.exists() and not out.is_symlink():
        legacy = _next_build_dir(build_dir.parent, out.name)
        os.rename(out, legacy)
    tmp_link = out.parent / f".{out.name}.switch-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(os.path.relpath(build_dir, out.parent), tmp_link)
    crash_point("mid-switch")
    os.replace(tmp_link, out)
    _fsync_dir(out.parent)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prune(root: Path, name: str, current: Path) -> None:
    builds = sorted((p for p in root.iterdir() if p.name.startswith(name + "-") and p.name[len(name) + 1:].isdigit()),
                    key=lambda p: int(p.name[len(name) + 1:]))
    keep = {current.resolve()} | {p.resolve() for p in builds[-KEEP_BUILDS:]}
    for p in builds:
        if p.resolve() not in keep:
            shutil.rmtree(p, ignore_errors=True)


def load_store(store_dir: Path, quads: str):
    from pyoxigraph import RdfFormat, Store

    store = Store(str(store_dir))
    store.bulk_load(quads.encode("utf-8"), RdfFormat.N_QUADS)
    store.flush()
    return store


def build(data_dir: Path | str = "data", out: Path | str = "exports", *, reasoner: bool = True,
          shacl: bool = True, strict: bool = False, extract: bool = True, progress: Progress = _quiet
          ) -> BuildResult:
    """Build the graph from `data_dir` into a new build directory and switch `out` to it when valid."""
    data_dir, out = Path(data_dir), Path(out)
    progress(f"loading {data_dir}")
    extractor = _extractor() if extract else None
    project = load_project(data_dir, extractor=extractor)
    derived = _derived(project)
    emit_project, emit_derived, tables = _table_path(project, derived)
    progress(f"emitting RDF for {len(project.factsets)} sources")
    result = emit(emit_project, ontology_files(), emit_derived)
    ds = result.dataset

    root = out.resolve().parent / ".builds"
    build_dir = _next_build_dir(root, out.name)
    tmp_dir = root / f".tmp-{out.name}-{os.getpid()}"
    _remove_stale_tmp(root, out.name)
    if tmp_dir.exists():
        shutil.rmtree(tmp_dir)
    tmp_dir.mkdir(parents=True)
    try:
        progress("loading the store")
        from . import incremental

        store, graph_sha256, store_update = incremental.load_store(tmp_dir / "store", nquads(ds),
                                                                   incremental.previous_build(out))
        crash_point("after-store-load")
        progress(f"store: {len(store_update.kept)} graphs kept from {store_update.reused_from}, "
                 f"{len(store_update.replaced)} loaded, {len(store_update.removed)} removed"
                 if store_update.reused_from else "store: loaded from scratch")
        table_graphs = frozenset(graph_iri(s) for s in project.sources.values() if s.kind == "table")
        validation = validate_dataset(ds, store, reasoner=reasoner, shacl=shacl, progress=progress,
                                      skip_graphs=table_graphs)
        if tables is not None:
            validation.extend(tables.load(store, progress))
            validation.checks_run["qc (table graphs, per graph)"] = f"{len(tables.graphs)} graphs"
            result.observation_iris.update(tables.iris)
        checks = cross_check([o for fs in project.factsets for o in fs.observations], project.scheme)
        for c in checks:
            validation.results.append(ValidationResult(
                "crosscheck", "info" if c.agrees else "warning", c.describe(), None,
                c.share.quote.text if c.share.quote else None, c.share.source))
        for c in result.conflicts:
            validation.results.append(ValidationResult(
                "conflict", "warning", f"{c.first.subject} {c.first.indicator} {c.first.statistic} {c.first.period}: "
                f"{c.first.value} vs {c.second.value}", None, c.second.quote.text if c.second.quote else None,
                c.second.source))
        if strict:
            validation.results = [
                ValidationResult(r.check, "violation", r.message, r.node, r.quote, r.source)
                if r.severity == "warning" else r for r in validation.results]
        progress("writing exports")
        stats = write_rdf(ds, project, tmp_dir, alignment_file())
        observations = [o for fs in project.factsets for o in fs.observations] + list(derived)
        stats["observations"] = len(observations)
        write_csv(csv_rows(observations, project, result.observation_iris), tmp_dir / "observations.csv")
        counts = class_counts_in_store(store)
        agreement = _agreement(project)
        (tmp_dir / "report.md").write_text(
            render_report(project, counts, stats, validation, checks, result.conflicts, agreement,
                          tables.report_sections() if tables is not None else None),
            encoding="utf-8")
        _write_extra(project, ds, tmp_dir, progress)
        if tables is not None:
            tables.write(tmp_dir)
            stats["table_triples"] = tables.triples
        manifest = {"inputs_sha256": input_digest(project), "sources": sorted(project.sources),
                    "source_sha256": incremental.source_digests(project), "graph_sha256": graph_sha256,
                    "stats": stats, "validation": "passed" if validation.ok else "failed",
                    "graphs": sorted(str(g.identifier) for g in ds.graphs() if g.identifier is not None
                                     and len(g))}
        (tmp_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        (tmp_dir / "README.md").write_text(EXPORTS_README, encoding="utf-8")
        del store
        crash_point("after-exports")
        if not validation.ok:
            failed = root / f"failed-{out.name}"
            if failed.exists():
                shutil.rmtree(failed)
            os.rename(tmp_dir, failed)
            raise ValidationFailed(validation)
        os.rename(tmp_dir, build_dir)
        crash_point("before-switch")
    except BaseException:
        if tmp_dir.exists():
            shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    switch(out, build_dir)
    prune(root, out.name, build_dir)
    progress(f"build complete: {out} -> {build_dir.name}")
    return BuildResult(out, build_dir, validation, stats, True, store_update)


def _extractor():
    from .extract import extract_source

    return extract_source


def _derived(project: Project) -> list:
    from .derive import derive_statistics

    return derive_statistics(project)


def _table_path(project: Project, derived: list):
    """Tables and derived statistics go to the store as N-Quads, not through rdflib (ipgraph.tables.graphs)."""
    from .tables.graphs import split_project

    return split_project(project, derived)


def _agreement(project: Project) -> list[str] | None:
    from .extract.agreement import agreement_lines

    return agreement_lines(project)


def _write_extra(project: Project, ds, out: Path, progress: Progress) -> None:
    """Exports of the later stages: ontology documentation, graph view, GraphML, charts."""
    from .server.docs import write_ontology_docs
    from .view.exports import write_view_exports

    progress("writing ontology documentation")
    write_ontology_docs(out)
    progress("writing graph view and charts")
    write_view_exports(project, ds, out)


def open_graph(out: Path | str = "exports") -> ConjunctiveGraph:
    """The current build as an rdflib graph (all named graphs), for notebooks and the rdflib query path."""
    from rdflib import Dataset

    path = Path(out) / "ipgraph.trig"
    if not path.exists():
        raise IpgraphError(f"{path}: no build found (run `ipgraph build`)")
    ds = Dataset(default_union=True)
    ds.parse(path, format="trig")
    return ds


EXPORTS_README = """# exports/ (generated by `ipgraph build`; never edit or commit)

`exports` is a symlink to the current complete build in `.builds/`; a build switches it atomically.

| file | what |
|---|---|
| `ipgraph.ttl` | the curated, extracted and reference graphs merged (Turtle, sorted, no blank nodes) |
| `ipgraph.nt` | the same triples as N-Triples, sorted lines |
| `tables.nq` | the table and derived graphs as N-Quads (when tables are registered) |
| `ipgraph.jsonld` | the same triples as JSON-LD (compact IRIs, nodes sorted by @id) |
| `ipgraph.trig` | every named graph: one per source, `ontology`, `reference`, `derived` |
| `ontology.ttl` | the ontology (ontology/ipgraph.ttl) with the generated indicator scheme |
| `alignment.ttl` | alignments to schema.org, Wikidata, GeoNames, QUDT (kept out of the DL view) |
| `observations.csv` | one row per numeric fact (contract columns, see `observations.csv-metadata.json`) |
| `observations.csv-metadata.json` | CSVW description of the CSV columns |
| `report.md` | counts per class, validation outcome, unparsed figures, cross-checks, conflicts |
| `manifest.json` | input digest, sources, triple counts, validation outcome |
| `store/` | the embedded Oxigraph store used by `ipgraph query` (every graph) |
| `ontology.html` | documentation of the ontology (classes, properties, labels en/zh, definitions) |
| `graph.html`, `ipgraph.graphml`, `overview.html` | graph view, GraphML and charts (when built) |
"""

__all__ = ["build", "BuildResult", "validate_dataset", "open_graph", "switch", "REFERENCE_GRAPH"]
