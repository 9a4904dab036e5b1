"""Writing a build's files: RDF in four syntaxes, the tidy observations CSV (a contract), the report."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL

from ..iri import entity_iri
from ..model import Observation
from ..rdf.emit import ONTOLOGY_GRAPH
from ..rdf.namespaces import IPG, WD
from ..rdf.serialize import nt_lines, write_jsonld, write_trig, write_turtle

CSV_COLUMNS = [
    "subject", "subject_label", "indicator", "statistic", "value", "unit", "qualifier", "period", "scope",
    "source", "quote", "origin",
    # appended columns (contracts: suggested)
    "published", "multiplier", "ranked_what", "reference", "document_date", "confidence", "locator",
    "period_inferred", "observation",
]

COLUMN_DOCS = {
    "subject": "IRI of the entity the figure is about (place, organisation, cluster)",
    "subject_label": "English label of the subject",
    "indicator": "notation of the indicator in the ipgraph indicator scheme",
    "statistic": "value | share | growth | pp_difference | multiple | rank",
    "value": "normalised value (9918000000 for '9.918 billion yuan', 26.34 for '26.34%')",
    "unit": "count, per_10k_people, CNY, USD, percent, percentage_points, times, rank, score",
    "qualifier": "exact | more_than | at_least | about | less_than | at_most",
    "period": "ISO 8601: 2023 (flow), 2023-12-31 (stock), 2023-06, 2024-01/2024-06",
    "scope": "ranks: province, country, world, city or the list's name; empty otherwise",
    "source": "id of the source in sources.yaml",
    "quote": "verbatim sentence of the source stating the figure (empty for table and derived figures)",
    "origin": "curated | extracted | table | derived",
    "published": "the figure as published ('9.918 billion yuan', 'first')",
    "multiplier": "power of ten of the published magnitude word (9 for billion, 8 for 100 million)",
    "ranked_what": "ranks: the indicator ranked, share:<indicator>, or score (a list's own score)",
    "reference": "shares and differences: the total they are taken of",
    "document_date": "publication date of the source",
    "confidence": "extraction confidence 0..1 (extracted figures)",
    "locator": "quote offsets start-end, or file:row:column for table cells",
    "period_inferred": "true when the period came from the document date rather than the text",
    "observation": "IRI of the observation in the graph",
}


def data_triples(ds: Dataset, include_ontology: bool = False):
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = g.identifier if hasattr(g, "identifier") else g
        if not include_ontology and gid == ONTOLOGY_GRAPH:
            continue
        yield s, p, o


def graphs_of(ds: Dataset) -> dict[URIRef, list]:
    out: dict[URIRef, list] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = g.identifier if hasattr(g, "identifier") else g
        if isinstance(gid, URIRef):
            out.setdefault(gid, []).append((s, p, o))
    return out


def alignment_triples(project, alignment_path: Path) -> list:
    from rdflib import Graph

    g = Graph().parse(alignment_path, format="turtle") if alignment_path.exists() else Graph()
    triples = list(g)
    for ent in project.entities.values():
        iri = URIRef(entity_iri(ent.id, ent.type))
        if ent.wikidata:
            triples.append((iri, OWL.sameAs, WD[ent.wikidata]))
        if ent.geonames:
            triples.append((iri, OWL.sameAs, URIRef(f"https://sws.geonames.org/{ent.geonames}/")))
    return triples


def _scope_text(obs: Observation, project) -> str:
    if obs.scope == "none":
        return ""
    if obs.scope in project.entities:
        return project.entities[obs.scope].label
    return obs.scope


def csv_rows(observations: list[Observation], project, iris: dict[int, URIRef]) -> list[list[str]]:
    rows = []
    for o in observations:
        ent = project.entities.get(o.subject)
        src = project.sources.get(o.source) if o.source else None
        if o.quote is not None:
            locator = f"{o.quote.start}-{o.quote.end}"
        elif o.table_cell is not None:
            locator = f"{o.table_cell.file}:{o.table_cell.line}:{o.table_cell.column}"
        else:
            locator = ""
        rows.append([
            entity_iri(o.subject, ent.type) if ent else o.subject, ent.label if ent else "",
            o.indicator, o.statistic, _plain(o.value), o.unit, o.qualifier, o.period, _scope_text(o, project),
            o.source or "", " ".join(o.quote.text.split()) if o.quote else "", o.origin,
            o.published or "", str(o.multiplier or ""), o.ranked_what or "", o.reference or "",
            (src.date or "") if src else "", _plain(o.confidence) if o.confidence is not None else "", locator,
            "true" if o.period_inferred else "false", str(iris.get(id(o), "")),
        ])
    rows.sort(key=lambda r: (r[0], r[2], r[3], r[7], r[8], r[9], r[4], r[20]))
    return rows


def _plain(value) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def write_csv(rows: list[list[str]], path: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    meta = {
        "@context": "http://www.w3.org/ns/csvw",
        "url": path.name,
        "dc:title": "ipgraph observations (one row per numeric fact)",
        "dialect": {"encoding": "utf-8", "lineTerminators": ["\n"], "header": True},
        "tableSchema": {
            "columns": [
                {"name": c, "titles": c, "dc:description": COLUMN_DOCS[c],
                 **({"datatype": "decimal"} if c in ("value", "confidence") else {}),
                 **({"datatype": "anyURI"} if c in ("subject", "observation") else {})}
                for c in CSV_COLUMNS
            ],
            "primaryKey": "observation",
        },
    }
    (path.parent / (path.name + "-metadata.json")).write_text(
        json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


_CLASS_COUNTS = """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { ?s a ?c }
  FILTER(?g != <https://w3id.org/ipgraph/graph/ontology>)
  FILTER(STRSTARTS(STR(?c), "https://w3id.org/ipgraph/ontology#"))
} GROUP BY ?c"""


def class_counts_in_store(store) -> Counter:
    """Instances per ipgraph class over every data graph of the store (table and derived graphs included)."""
    counts: Counter = Counter()
    for row in store.query(_CLASS_COUNTS):
        counts[row["c"].value[len(str(IPG)):]] = int(row["n"].value)
    return counts


def write_rdf(ds: Dataset, project, out: Path, alignment_path: Path) -> dict[str, int]:
    """ipgraph.ttl / .nt / .jsonld (data), ontology.ttl, alignment.ttl, ipgraph.trig (all graphs)."""
    data = sorted(set(data_triples(ds)))
    ontology = [(s, p, o) for s, p, o in ds.graph(ONTOLOGY_GRAPH)]
    with open(out / "ipgraph.ttl", "w", encoding="utf-8", newline="\n") as fh:
        write_turtle(data, fh, header="ipgraph data graph (all sources merged). Ontology: ontology.ttl.")
    with open(out / "ontology.ttl", "w", encoding="utf-8", newline="\n") as fh:
        write_turtle(ontology, fh, header="ipgraph ontology with the generated indicator scheme.")
    with open(out / "alignment.ttl", "w", encoding="utf-8", newline="\n") as fh:
        write_turtle(alignment_triples(project, alignment_path), fh,
                     header="Alignments to schema.org, Wikidata, GeoNames, QUDT (not part of the DL view).")
    with open(out / "ipgraph.nt", "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(nt_lines(data))
    with open(out / "ipgraph.jsonld", "w", encoding="utf-8", newline="\n") as fh:
        write_jsonld(data, fh)
    with open(out / "ipgraph.trig", "w", encoding="utf-8", newline="\n") as fh:
        write_trig(graphs_of(ds), fh)
    return {"data_triples": len(data), "ontology_triples": len(ontology)}


def nquads(ds: Dataset, extra: dict[URIRef, list] | None = None) -> str:
    lines: list[str] = []
    for g, triples in sorted(graphs_of(ds).items(), key=lambda kv: str(kv[0])):
        lines.extend(nt_lines(triples, g))
    for g, triples in (extra or {}).items():
        lines.extend(nt_lines(triples, g))
    return "".join(lines)


__all__ = ["CSV_COLUMNS", "write_csv", "csv_rows", "write_rdf", "class_counts_in_store", "nquads",
           "Literal"]
