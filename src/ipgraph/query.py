"""SPARQL over a build: shipped named queries with typed parameters bound as RDF terms (never pasted).

Two engines answer the same query: the build's embedded Oxigraph store (default) and rdflib over the TriG
export; results are converted to rdflib terms so both print and compare alike.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from .errors import InputError, IpgraphError, Problem
from .rdf.namespaces import PREFIXES, sparql_prologue

PARAM_TYPES = ("entity", "literal", "integer", "decimal", "iri")
_PARAM_RE = re.compile(r"^#\s*param:\s*(\w+)\s*\((\w+)\)\s*=\s*(.*?)\s*(?:--\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str
    description: str = ""


@dataclass
class NamedQuery:
    name: str
    text: str
    description: str = ""
    params: list[Param] = field(default_factory=list)
    path: Path | None = None


@dataclass
class QueryResult:
    kind: str  # select | ask | graph
    variables: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] = field(default_factory=list)


def parse_query_file(text: str, name: str, path: Path | None = None) -> NamedQuery:
    description = ""
    params = []
    for line in text.splitlines():
        if line.lower().startswith("# description:"):
            description = line.split(":", 1)[1].strip()
        m = _PARAM_RE.match(line)
        if m:
            pname, ptype, default, pdesc = m.groups()
            if ptype not in PARAM_TYPES:
                raise IpgraphError(f"{path or name}: param {pname}: unknown type {ptype!r}")
            params.append(Param(pname, ptype, default.strip('"'), pdesc or ""))
    return NamedQuery(name, text, description, params, path)


def shipped_queries() -> dict[str, NamedQuery]:
    out = {}
    folder = resources.files("ipgraph").joinpath("queries")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = parse_query_file(entry.read_text(encoding="utf-8"), name)
    return out


def resolve_query(spec: str) -> NamedQuery:
    """A shipped query's name (case-insensitive), a `.rq` file, or inline SPARQL text."""
    queries = shipped_queries()
    for name, q in queries.items():
        if name.lower() == spec.lower():
            return q
    p = Path(spec)
    try:
        is_file = len(spec) < 1024 and "\n" not in spec and p.is_file()
    except OSError:
        is_file = False
    if spec.endswith(".rq") or is_file:
        if not p.is_file():
            raise InputError(Problem(spec, None, "query", "no such query file"))
        return parse_query_file(p.read_text(encoding="utf-8"), p.stem, p)
    if re.search(r"\b(select|ask|construct|describe)\b", spec, re.I):
        return NamedQuery("inline", spec)
    raise InputError(Problem(spec, None, "query", "not a shipped query name, a .rq file or SPARQL text "
                                                  f"(shipped: {', '.join(queries)})"))


def _with_prologue(text: str) -> str:
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text))
    extra = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return extra + text


class Engine:
    """Something that answers SPARQL with bindings; both engines return rdflib terms."""

    def select(self, text: str, bindings: dict[str, object]) -> QueryResult:  # pragma: no cover - interface
        raise NotImplementedError


class OxigraphEngine(Engine):
    def __init__(self, store_path: Path | None = None, store=None):
        from pyoxigraph import Store

        if store is None:
            if store_path is None or not Path(store_path).is_dir():
                raise IpgraphError(f"{store_path}: no store (run `ipgraph build` first)")
            store = Store.read_only(str(store_path))
        self.store = store

    @staticmethod
    def to_ox(term):
        import pyoxigraph as ox

        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
        raise TypeError(term)

    @staticmethod
    def from_ox(term):
        from .rdf.load import to_rdflib

        return None if term is None else to_rdflib(term)

    def run(self, text: str, bindings: dict[str, object]) -> QueryResult:
        import pyoxigraph as ox

        subs = {ox.Variable(k): self.to_ox(v) for k, v in bindings.items()}
        try:
            res = self.store.query(_with_prologue(text), use_default_graph_as_union=True, substitutions=subs)
        except SyntaxError as exc:
            raise InputError(Problem("query", None, "sparql", str(exc))) from exc
        if isinstance(res, bool) or type(res).__name__ == "QueryBoolean":
            return QueryResult("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            variables = [v.value for v in res.variables]
            rows = [{v: self.from_ox(sol[v]) for v in variables if sol[v] is not None} for sol in res]
            return QueryResult("select", variables, rows)
        triples = [(self.from_ox(t.subject), self.from_ox(t.predicate), self.from_ox(t.object)) for t in res]
        return QueryResult("graph", triples=triples)


class RdflibEngine(Engine):
    def __init__(self, graph):
        self.graph = graph

    def run(self, text: str, bindings: dict[str, object]) -> QueryResult:
        try:
            res = self.graph.query(_with_prologue(text), initBindings=bindings)
        except Exception as exc:  # rdflib raises pyparsing errors for syntax
            raise InputError(Problem("query", None, "sparql", str(exc).splitlines()[0])) from exc
        if res.type == "ASK":
            return QueryResult("ask", boolean=bool(res.askAnswer))
        if res.type == "SELECT":
            variables = [str(v) for v in res.vars]
            rows = [{v: row[i] for i, v in enumerate(variables) if row[i] is not None} for row in res]
            return QueryResult("select", variables, rows)
        return QueryResult("graph", triples=list(res))


def open_engine(out: Path | str = "exports", engine: str = "oxigraph") -> Engine:
    out = Path(out)
    if engine == "oxigraph":
        return OxigraphEngine(out / "store")
    if engine == "rdflib":
        from .build import open_graph

        return RdflibEngine(open_graph(out))
    raise IpgraphError(f"unknown engine {engine!r} (oxigraph or rdflib)")


def bind_params(engine: Engine, query: NamedQuery, given: dict[str, str]) -> dict[str, object]:
    """Typed parameter values as RDF terms; an `entity` is looked up by label or alias (itself bound)."""
    declared = {p.name: p for p in query.params}
    unknown = set(given) - set(declared)
    if unknown:
        raise InputError(Problem(query.name, None, "param", f"unknown parameter(s) {', '.join(sorted(unknown))}"
                                 f" (declared: {', '.join(declared) or 'none'})"))
    out: dict[str, object] = {}
    for p in query.params:
        raw = given.get(p.name, p.default)
        if p.type == "literal":
            out[p.name] = Literal(raw)
        elif p.type == "integer":
            if not re.fullmatch(r"-?\d+", raw):
                raise InputError(Problem(query.name, None, f"param {p.name}", f"expected an integer, got {raw!r}"))
            out[p.name] = Literal(int(raw))
        elif p.type == "decimal":
            if not re.fullmatch(r"-?\d+(\.\d+)?", raw):
                raise InputError(Problem(query.name, None, f"param {p.name}", f"expected a number, got {raw!r}"))
            out[p.name] = Literal(raw, datatype=XSD.decimal)
        elif p.type == "iri":
            out[p.name] = _checked_iri(_expand(raw), query.name, p.name)
        else:
            out[p.name] = resolve_entity(engine, raw)
    return out


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _checked_iri(iri: str, query: str, param: str) -> URIRef:
    """An absolute IRI without the characters RFC 3987 forbids (a bad value is bad input, not a crash)."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or _BAD_IRI.search(iri):
        raise InputError(Problem(query, None, f"param {param}", f"not an absolute IRI: {iri!r}"))
    return URIRef(iri)


def _expand(raw: str) -> str:
    if ":" in raw and not raw.startswith("http"):
        prefix, local = raw.split(":", 1)
        if prefix in PREFIXES:
            return str(PREFIXES[prefix]) + local
    return raw


_LOOKUP = """SELECT DISTINCT ?e ?name WHERE {
  { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l } UNION { ?e skos:prefLabel ?l } UNION { ?e ipg:localId ?l }
  FILTER(LCASE(STR(?l)) = LCASE(STR(?name)))
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/ipgraph/id/"))
} ORDER BY ?e"""


def resolve_entity(engine: Engine, raw: str) -> URIRef:
    if raw.startswith("http://") or raw.startswith("https://") or raw.startswith("ipr:"):
        return _checked_iri(_expand(raw), "query", "param")
    res = engine.run(_LOOKUP, {"name": Literal(raw)})
    found = [r["e"] for r in res.rows if "e" in r]
    if not found:
        raise InputError(Problem("query", None, "param", f"no entity with label or alias {raw!r}"))
    return found[0]


def run_query(spec: str, out: Path | str = "exports", engine: str = "oxigraph",
              params: dict[str, str] | None = None, engine_obj: Engine | None = None) -> QueryResult:
    query = resolve_query(spec)
    eng = engine_obj or open_engine(out, engine)
    bindings = bind_params(eng, query, params or {})
    return eng.run(query.text, bindings)


# -- output formats ----------------------------------------------------------------------------------------
def _term_json(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    d = {"type": "literal", "value": str(term)}
    if term.language:
        d["xml:lang"] = term.language
    elif term.datatype:
        d["datatype"] = str(term.datatype)
    return d


def _term_text(term) -> str:
    if term is None:
        return ""
    return str(term)


def _term_tsv(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    return f"_:{term}"


def format_result(result: QueryResult, fmt: str = "table") -> str:
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        from .rdf.serialize import nt_lines

        return "".join(nt_lines(result.triples))
    if fmt == "json":
        doc = {"head": {"vars": result.variables},
               "results": {"bindings": [{k: _term_json(v) for k, v in row.items()} for row in result.rows]}}
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(result.variables)
        for row in result.rows:
            w.writerow([_term_text(row.get(v)) for v in result.variables])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join(_term_tsv(row.get(v)) for v in result.variables) for row in result.rows]
        return "\n".join(lines) + "\n"
    # table
    compact = {str(ns): p for p, ns in PREFIXES.items()}

    def short(term) -> str:
        text = _term_text(term)
        if isinstance(term, URIRef):
            for ns, p in sorted(compact.items(), key=lambda kv: -len(kv[0])):
                if text.startswith(ns):
                    return f"{p}:{text[len(ns):]}"
        return " ".join(text.split())

    table = [result.variables] + [[short(row.get(v)) for v in result.variables] for row in result.rows]
    widths = [min(60, max(len(r[i]) for r in table)) for i in range(len(result.variables))]
    lines = []
    for n, r in enumerate(table):
        lines.append(" | ".join(c[:60].ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("-+-".join("-" * w for w in widths))
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


__all__ = ["run_query", "resolve_query", "shipped_queries", "format_result", "open_engine", "QueryResult",
           "NamedQuery", "OxigraphEngine", "RdflibEngine", "sparql_prologue"]
