"""National-scale benchmark: the synthetic corpus into an on-disk Oxigraph store vs an rdflib in-memory graph.

Why: the table path must scale to tens of millions of triples; this measures it with the pipeline a national build
would run: stream N-Quads chunks into the on-disk store with bulk loading, two loads at once (both cores), while the
next chunks are generated in another process (or read from an earlier corpus of the same size); derive per patent
graph the per-company (whole period) and per-place per-year patent counts as derived observations; compact; run the
`*-violation.rq` queries per source graph in a read-only worker killed at the deadline; answer three CQ-style
queries with bound parameters. The same pipeline runs on rdflib at the sizes it can hold (QC and queries stopped
in-process at their deadline), and the ratios are printed side by side. Each engine and size runs in its own
process so peak RSS is its own; a run that dies (rdflib out of memory) is recorded as failed, not fatal.

Usage: python bench/scale.py --sizes 1e6,1e7[,4e7] [--rdflib-sizes 1e6,5e6] [--out bench/out] [--json FILE]
       [--qc-timeout 60] [--rdflib-qc-timeout 10] [--query-timeout 900] [--load-threads 1] [--jobs 1]
       python bench/scale.py --merge A.json B.json   (one table from runs made separately)
Progress goes to stderr, the table to stdout; `--json -` prints the summary as JSON on stdout instead.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QC_DIR = ROOT / "ontology" / "qc"
IPG = "https://w3id.org/ipgraph/ontology#"
IPR = "https://w3id.org/ipgraph/id/"
GRAPH = "https://w3id.org/ipgraph/graph/"
DERIVED = f"{GRAPH}derived"
FIRST_YEAR = 2009

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ipg: <https://w3id.org/ipgraph/ontology#>
PREFIX origin: <https://w3id.org/ipgraph/origin/>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX qb: <http://purl.org/linked-data/cube#>
"""

# the three CQ-style queries; parameters are bound as RDF terms (contracts), hence projected (pyoxigraph)
QUERIES = {
    "top_k_places": PREFIXES + """SELECT ?place ?label ?value ?indicator ?period WHERE {
  ?obs ipg:period ?period ; ipg:indicator ?indicator ; ipg:origin origin:table ;
       ipg:subject ?place ; sdmx-measure:obsValue ?value .
  ?place rdf:type ipg:City ; rdfs:label ?label .
} ORDER BY DESC(?value) ?place LIMIT 10""",
    "shares_per_province": PREFIXES + """SELECT ?province ?value ?share ?indicator ?period ?country WHERE {
  ?t ipg:subject ?country ; ipg:indicator ?indicator ; ipg:period ?period ; sdmx-measure:obsValue ?total .
  ?province ipg:locatedIn ?country ; rdf:type ipg:Province .
  ?obs ipg:subject ?province ; ipg:indicator ?indicator ; ipg:period ?period ; sdmx-measure:obsValue ?value .
  BIND(ROUND(10000 * ?value / ?total) / 100 AS ?share)
} ORDER BY DESC(?share) ?province""",
    "companies_per_cluster": PREFIXES + """SELECT ?cluster (COUNT(?company) AS ?companies) ?k ?indicator ?period WHERE {
  ?obs ipg:period ?period .
  ?obs sdmx-measure:obsValue ?n .
  FILTER(?n > ?k)
  ?obs ipg:indicator ?indicator ; ipg:origin origin:derived ; ipg:subject ?company .
  ?company ipg:partOf ?cluster .
} GROUP BY ?cluster ?k ?indicator ?period ORDER BY DESC(?companies) ?cluster""",
    # the same question answered from the materialised size classes (K = 10, 100, 1000): one observation per cluster
    "companies_per_cluster_sized": PREFIXES + """SELECT ?cluster ?companies ?k ?period WHERE {
  ?obs qb:dataSet <https://w3id.org/ipgraph/id/dataset/derived-company-size-classes> .
  ?obs ipg:threshold ?k .
  ?obs ipg:period ?period .
  ?obs ipg:subject ?cluster .
  ?obs sdmx-measure:obsValue ?companies .
} ORDER BY DESC(?companies) ?cluster""",
}
SIZE_CLASSES = (10, 100, 1000)
SIZE_CLASS_DATASET = f"{IPR}dataset/derived-company-size-classes"
COMPANY_CLUSTER = PREFIXES + "SELECT ?c ?cluster WHERE { ?c ipg:partOf ?cluster }"

# derivation, run on each patent graph alone (one source table): patent counts per company and per place, by year.
# When a graph's records all carry one year (checked: the per-year count covers every record counted), one
# single-pattern GROUP BY per graph suffices (measured at 40 M: 0.96 s vs 4.65 s for the two-pattern join);
# otherwise the join queries run.
DERIVE_YEARS = PREFIXES + "SELECT ?y (COUNT(?p) AS ?n) WHERE { ?p ipg:year ?y } GROUP BY ?y"
DERIVE_COMPANY = PREFIXES + "SELECT ?c (COUNT(?p) AS ?n) WHERE { ?p ipg:applicant ?c } GROUP BY ?c"
DERIVE_PLACE = PREFIXES + "SELECT ?pl (COUNT(?p) AS ?n) WHERE { ?p ipg:place ?pl } GROUP BY ?pl"
DERIVE_COMPANY_YEAR = PREFIXES + """SELECT ?c ?y (COUNT(?p) AS ?n) WHERE {
  ?p ipg:applicant ?c .
  ?p ipg:year ?y .
} GROUP BY ?c ?y"""
DERIVE_PLACE_YEAR = PREFIXES + """SELECT ?pl ?y (COUNT(?p) AS ?n) WHERE {
  ?p ipg:place ?pl .
  ?p ipg:year ?y .
} GROUP BY ?pl ?y"""


def count_graph(select) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """(company, year, n) and (place, year, n) rows of one patent graph; `select(query)` yields rows of term
    values (strings), so both engines share the logic."""
    years = [(y, int(n)) for y, n in select(DERIVE_YEARS)]
    if len(years) == 1:
        year, total = years[0]
        cy = [(c, year, int(n)) for c, n in select(DERIVE_COMPANY)]
        py = [(pl, year, int(n)) for pl, n in select(DERIVE_PLACE)]
        if sum(n for *_x, n in cy) == total and sum(n for *_x, n in py) == total:
            return cy, py
    return ([(c, y, int(n)) for c, y, n in select(DERIVE_COMPANY_YEAR)],
            [(pl, y, int(n)) for pl, y, n in select(DERIVE_PLACE_YEAR)])


# QC queries that are pointless or wrong per graph here; everything else runs with a deadline
QC_NOT_APPLICABLE = {
    # derived counts cite the patent graphs they count, not one quote/cell/observation per patent (that would add
    # one triple per patent): the query would flag every derived count by design
    ("fact-without-quote", DERIVED): "derived counts cite their source graphs (by design)",
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def params(years: int) -> dict[str, tuple[str, str]]:
    """Each query's parameter values as (kind, value): 'iri' or 'int'."""
    last = FIRST_YEAR + years - 1
    period = f"https://w3id.org/ipgraph/period/{last}"
    return {
        "top_k_places": {"indicator": ("iri", "https://w3id.org/ipgraph/indicator/patent_applications"),
                         "period": ("iri", period)},
        "shares_per_province": {"indicator": ("iri", "https://w3id.org/ipgraph/indicator/patent_applications"),
                                "period": ("iri", period), "country": ("iri", f"{IPR}place/bench-country")},
        "companies_per_cluster": {"indicator": ("iri", "https://w3id.org/ipgraph/indicator/patent_applications"),
                                  "period": ("iri", f"https://w3id.org/ipgraph/period/{FIRST_YEAR}--{last}"),
                                  "k": ("int", "100")},
        "companies_per_cluster_sized": {"period": ("iri", f"https://w3id.org/ipgraph/period/{FIRST_YEAR}--{last}"),
                                        "k": ("int", "100")},
    }


def inline(text: str, values: dict[str, tuple[str, str]]) -> str:
    """The query with its parameters written as constants: only to measure what substitution costs Oxigraph's planner
    (the shipped way binds RDF terms, contracts); never used for answers."""
    head, body = text.split("WHERE {", 1)
    body, _, tail = body.rpartition("}")
    for var, (kind, value) in values.items():
        head = head.replace(f" ?{var}", "")
        tail = tail.replace(f" ?{var}", "")
        body = body.replace(f" ?{var}", " " + (f"<{value}>" if kind == "iri" else value))
    return head + "WHERE {" + body + "}" + tail


def _obs_iri(subject: str, period: str) -> str:
    key = hashlib.sha1(f"{subject}|patent_applications|value|{period}|none".encode()).hexdigest()[:16]
    return f"https://w3id.org/ipgraph/obs/derived/{key}"


def _obs_nquads(subject: str, period: str, n: int, inputs: list[str]) -> str:
    """One derived patent-count observation (origin derived, all QB dimensions) in the `derived` graph."""
    g = f" <{DERIVED}> .\n"
    o = f"<{_obs_iri(subject, period)}>"
    return "".join([
        f"{o} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{IPG}Observation>{g}",
        f"{o} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://purl.org/linked-data/cube#Observation>{g}",
        f"{o} <http://purl.org/linked-data/cube#dataSet> <{IPR}dataset/derived>{g}",
        f"{o} <{IPG}subject> <{subject}>{g}",
        f"{o} <{IPG}indicator> <https://w3id.org/ipgraph/indicator/patent_applications>{g}",
        f"{o} <{IPG}statistic> <https://w3id.org/ipgraph/statistic/value>{g}",
        f"{o} <{IPG}period> <{period}>{g}",
        f"{o} <{IPG}scope> <https://w3id.org/ipgraph/scope/none>{g}",
        f'{o} <http://purl.org/linked-data/sdmx/2009/measure#obsValue> "{n}"^^<http://www.w3.org/2001/XMLSchema#decimal>{g}',
        f"{o} <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> <https://w3id.org/ipgraph/unit/count>{g}",
        f"{o} <{IPG}qualifier> <https://w3id.org/ipgraph/qualifier/exact>{g}",
        f"{o} <{IPG}origin> <https://w3id.org/ipgraph/origin/derived>{g}",
    ] + [f"{o} <http://www.w3.org/ns/prov#wasDerivedFrom> <{i}>{g}" for i in inputs])


class Derivation:
    """Per-place per-year and per-company whole-period patent counts, as N-Quads batches.

    Fed one patent graph's counts at a time (`add_graph` returns that graph's per-place per-year observations,
    ready to load while the next graph is counted); `totals` returns the per-company whole-period counts, each
    `prov:wasDerivedFrom` the source tables it sums. Per-company per-year observations are not materialised: at
    40 M they were 1.38 M observations (19 M triples, derive 392 s and 5.3 GB peak, measured), and a company's
    count in one year is one single-pattern GROUP BY on that year's patent graph."""

    def __init__(self, years: int) -> None:
        self.last = FIRST_YEAR + years - 1
        self.span = f"https://w3id.org/ipgraph/period/{FIRST_YEAR}--{self.last}"
        self.companies: dict[str, list] = {}  # company -> [total, sources]
        self.observations = 0
        self.triples = 0

    def _count(self, text: str) -> str:
        self.triples += text.count("\n")
        return text

    def add_graph(self, graph: str, company_year: list[tuple[str, str, int]],
                  place_year: list[tuple[str, str, int]]) -> str:
        source = "https://w3id.org/ipgraph/source/" + graph.rsplit("/", 1)[-1]
        for company, _year, n in company_year:
            entry = self.companies.setdefault(company, [0, set()])
            entry[0] += n
            entry[1].add(source)
        out = [_obs_nquads(place, f"https://w3id.org/ipgraph/period/{year}", n, [source])
               for place, year, n in sorted(place_year)]
        self.observations += len(place_year)
        return self._count("".join(out))

    def totals(self) -> tuple[str, list[tuple[str, int]]]:
        span = self.span
        out = [f"<{span}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2006/time#ProperInterval> <{DERIVED}> .\n",
               f'<{span}> <{IPG}isoPeriod> "{FIRST_YEAR}/{self.last}" <{DERIVED}> .\n']
        totals = []
        for company in sorted(self.companies):
            n, sources = self.companies[company]
            totals.append((company, n))
            out.append(_obs_nquads(company, span, n, sorted(sources)))
        self.observations += len(totals)
        return self._count("".join(out)), totals

    def size_classes(self, company_cluster: list[tuple[str, str]]) -> str:
        """Per cluster, the number of companies with more than K patent records (K in SIZE_CLASSES) over the whole
        period: a derived QB data set (one indicator per K, K also as `ipg:threshold`), each observation
        `prov:wasDerivedFrom` the company totals it counts. Why: the ad-hoc query for any K visits every company
        (~125k index lookup chains, seconds at 40 M); the standard thresholds read ~1,250 observations."""
        g, span = f" <{DERIVED}> .\n", self.span
        out = []
        for k in SIZE_CLASSES:
            members: dict[str, list[str]] = {}
            for company, cluster in company_cluster:
                entry = self.companies.get(company)
                if entry and entry[0] > k:
                    members.setdefault(cluster, []).append(_obs_iri(company, span))
            for cluster, inputs in sorted(members.items()):
                ind = f"https://w3id.org/ipgraph/indicator/companies_over_{k}_patent_records"
                key = hashlib.sha1(f"{cluster}|{ind}|value|{span}|none".encode()).hexdigest()[:16]
                o = f"<https://w3id.org/ipgraph/obs/derived/{key}>"
                out += [f"{o} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{IPG}Observation>{g}",
                        f"{o} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://purl.org/linked-data/cube#Observation>{g}",
                        f"{o} <http://purl.org/linked-data/cube#dataSet> <{SIZE_CLASS_DATASET}>{g}",
                        f"{o} <{IPG}subject> <{cluster}>{g}",
                        f"{o} <{IPG}indicator> <{ind}>{g}",
                        f"{o} <{IPG}statistic> <https://w3id.org/ipgraph/statistic/value>{g}",
                        f"{o} <{IPG}period> <{span}>{g}",
                        f"{o} <{IPG}scope> <https://w3id.org/ipgraph/scope/none>{g}",
                        f'{o} <{IPG}threshold> "{k}"^^<http://www.w3.org/2001/XMLSchema#integer>{g}',
                        f'{o} <http://purl.org/linked-data/sdmx/2009/measure#obsValue> "{len(inputs)}"^^<http://www.w3.org/2001/XMLSchema#decimal>{g}',
                        f"{o} <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> <https://w3id.org/ipgraph/unit/count>{g}",
                        f"{o} <{IPG}qualifier> <https://w3id.org/ipgraph/qualifier/exact>{g}",
                        f"{o} <{IPG}origin> <https://w3id.org/ipgraph/origin/derived>{g}"]
                out += [f"{o} <http://www.w3.org/ns/prov#wasDerivedFrom> <{i}>{g}" for i in sorted(inputs)]
                self.observations += 1
        return self._count("".join(out))


def qc_queries() -> list[Path]:
    return sorted(QC_DIR.glob("*-violation.rq"))


# ---------------------------------------------------------------- QC workers (killed at the deadline)

def _qc_worker_ox(store_path: str, query: str, graphs: list[str], q) -> None:
    from pyoxigraph import NamedNode, Store

    store = Store.read_only(store_path)
    for g in graphs:
        t0 = time.perf_counter()
        rows = sum(1 for _ in store.query(query, default_graph=NamedNode(g)))
        q.put((g, rows, time.perf_counter() - t0))
    q.put(None)


class Deadline(Exception):
    """Raised inside rdflib's (pure Python) query evaluation when its time is up."""


@contextlib.contextmanager
def deadline(seconds: float):
    """Interrupt the enclosed pure-Python work after `seconds` (SIGALRM; main thread only). In-process on purpose:
    a forked worker would copy the rdflib heap page by page as reference counts change (2 x 19 GB at 10 M)."""
    def expire(_sig, _frame):
        raise Deadline()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def qc_entry(engine: str, name: str, rows: int, done: int, wanted: int, t0: float, timeout: float,
             timed_out: str | None) -> dict:
    """One violation query's summary (rows, graphs done, seconds, why skipped), logged the same way for both engines."""
    secs = round(time.perf_counter() - t0, 2)
    skipped = f"over {timeout:g} s on {timed_out.rsplit('/', 1)[-1]}" if timed_out else None
    log(f"{engine} qc {name}: {rows} rows on {done}/{wanted} graphs in {secs} s" + (f" SKIPPED ({skipped})" if skipped else ""))
    return {"violations": rows, "graphs": done, "seconds": secs, "skipped": skipped}


def run_qc_rdflib(ds, graphs: list[str], timeout: float) -> dict:
    """Every violation query on every graph alone, in this process, `timeout` s per query over all graphs."""
    from rdflib import URIRef

    result: dict[str, dict] = {}
    for path in qc_queries():
        name = path.name.removesuffix("-violation.rq")
        wanted = [g for g in graphs if (name, g) not in QC_NOT_APPLICABLE]
        text = path.read_text(encoding="utf-8")
        rows, done, timed_out = 0, [], None
        t0 = time.perf_counter()
        try:
            with deadline(timeout):
                for g in wanted:
                    rows += len(list(ds.graph(URIRef(g)).query(text)))
                    done.append(g)
        except Deadline:
            timed_out = wanted[len(done)]
        result[name] = qc_entry("rdflib", name, rows, len(done), len(wanted), t0, timeout, timed_out)
    return result


def run_qc(graphs: list[str], timeout: float, store_path: str) -> dict:
    """Every violation query on every graph alone (smallest first) in a read-only worker process; a query past
    `timeout` s is killed and skipped."""
    engine = "oxigraph"
    ctx = mp.get_context("spawn")
    result: dict[str, dict] = {}
    for path in qc_queries():
        name = path.name.removesuffix("-violation.rq")
        wanted = [g for g in graphs if (name, g) not in QC_NOT_APPLICABLE]
        q = ctx.Queue()
        proc = ctx.Process(target=_qc_worker_ox, args=(store_path, path.read_text(encoding="utf-8"), wanted, q))
        t0 = time.perf_counter()
        proc.start()
        rows, done, timed_out = 0, [], None
        while True:
            left = timeout - (time.perf_counter() - t0)
            try:
                item = q.get(timeout=max(left, 0.01))
            except Exception:
                timed_out = wanted[len(done)] if len(done) < len(wanted) else "?"
                proc.kill()
                break
            if item is None:
                break
            done.append(item[0])
            rows += item[1]
        proc.join()
        result[name] = qc_entry(engine, name, rows, len(done), len(wanted), t0, timeout, timed_out)
    return result


# ---------------------------------------------------------------- one run (its own process)

def patent_graphs(manifest: dict) -> list[str]:
    years = manifest["plan"]["years"]
    return [f"{GRAPH}bench-patents-{y}" for y in range(FIRST_YEAR, FIRST_YEAR + years)]


def graph_names(manifest: dict) -> list[str]:
    years = manifest["plan"]["years"]
    small = ["bench-articles", "bench-regional-statistics", "bench-reference"]
    return [GRAPH + g for g in small] + [DERIVED] + [f"{GRAPH}bench-patents-{y}" for y in range(FIRST_YEAR, FIRST_YEAR + years)]


def run_oxigraph(target: int, corpus: Path, store_dir: Path, qc_timeout: float, jobs: int, seed: int,
                 load_threads: int = 1) -> dict:
    """Generate (child process) and bulk-load the chunks as they appear, `load_threads` at once; derive per patent
    graph; compact; QC per graph; time the queries."""
    from concurrent.futures import ThreadPoolExecutor

    from pyoxigraph import Literal, NamedNode, RdfFormat, Store

    shutil.rmtree(store_dir, ignore_errors=True)
    out: dict = {"engine": "oxigraph", "target": target, "load_threads": load_threads}
    t0 = time.perf_counter()
    gen = None
    if not (corpus / "manifest.json").exists() or json.loads((corpus / "manifest.json").read_text())["plan"]["target"] != target:
        gen = subprocess.Popen([sys.executable, str(HERE / "generate.py"), "--triples-target", str(target),
                                "--out", str(corpus), "--seed", str(seed), "--jobs", str(jobs)])
        time.sleep(0.2)  # let it clear the old files first
    store = Store(str(store_dir))
    # bulk_load releases the GIL: two loads at once use both cores (measured 1.8x on two 1.2 M-quad chunks)
    pool = ThreadPoolExecutor(load_threads)
    submitted: dict[str, object] = {}
    done_count = 0
    load_start = None

    def load_file(p: Path) -> None:
        store.bulk_load(path=str(p), format=RdfFormat.N_QUADS, lenient=True)  # our own generated, valid N-Quads

    while True:
        manifest_path = corpus / "manifest.json"
        finished = manifest_path.exists() and (gen is None or gen.poll() is not None)
        ready = sorted(p for p in corpus.glob("*.nq") if p.name not in submitted)
        for p in ready:
            load_start = load_start or time.perf_counter()
            submitted[p.name] = pool.submit(load_file, p)
        now_done = sum(1 for f in submitted.values() if f.done())
        if now_done != done_count:
            done_count = now_done
            for f in submitted.values():
                if f.done() and f.exception():
                    raise f.exception()
            log(f"oxigraph loaded {done_count}/{len(submitted)} files ({time.perf_counter() - load_start:.1f} s)")
        if finished and not ready and done_count == len(submitted):
            break
        if gen is not None and gen.poll() not in (None, 0):
            raise SystemExit(f"generate.py failed with exit {gen.returncode}")
        time.sleep(0.05)
    load_s = time.perf_counter() - load_start
    manifest = json.loads((corpus / "manifest.json").read_text())
    triples = manifest["triples"]
    out.update(triples=triples, generate_s=manifest["seconds"], load_s=round(load_s, 2),
               build_wall_s=round(time.perf_counter() - t0, 2), triples_per_s_load=round(triples / load_s))
    log(f"oxigraph: {triples} triples, load {load_s:.1f} s ({triples / load_s:,.0f}/s), wall {out['build_wall_s']} s")

    # derivation: each patent graph counted alone (two at a time: query evaluation releases the GIL too), its
    # derived observations loaded while the next graph is counted
    t1 = time.perf_counter()
    der = Derivation(manifest["plan"]["years"])

    def count(graph: str):
        g = NamedNode(graph)
        cy, py = count_graph(lambda q: ([t.value for t in r] for r in store.query(q, default_graph=g)))
        return graph, cy, py

    def load_bytes(text: str) -> None:
        store.bulk_load(text.encode("utf-8"), RdfFormat.N_QUADS, lenient=True)

    loads = []
    with ThreadPoolExecutor(load_threads) as counters:
        for graph, cy, py in counters.map(count, patent_graphs(manifest)):
            loads.append(pool.submit(load_bytes, der.add_graph(graph, cy, py)))
    text, totals = der.totals()
    loads.append(pool.submit(load_bytes, text))
    pairs = [(r[0].value, r[1].value) for r in store.query(COMPANY_CLUSTER, use_default_graph_as_union=True)]
    loads.append(pool.submit(load_bytes, der.size_classes(pairs)))
    for f in loads:
        f.result()
    pool.shutdown()
    store.flush()
    out.update(derive_s=round(time.perf_counter() - t1, 2), derived_triples=der.triples,
               derived_observations=der.observations, patents_counted=sum(n for _c, n in totals))
    log(f"oxigraph derive: {out['derived_observations']} observations ({der.triples} triples) in {out['derive_s']} s")
    t1 = time.perf_counter()
    store.optimize()
    out["optimize_s"] = round(time.perf_counter() - t1, 2)
    out["pipeline_wall_s"] = round(time.perf_counter() - t0, 2)
    log(f"oxigraph optimize (compaction) {out['optimize_s']} s; generate+load+derive+optimize {out['pipeline_wall_s']} s")
    del store
    out["store_bytes"] = dir_bytes(store_dir)
    out["bytes_per_triple_disk"] = round(out["store_bytes"] / (triples + out["derived_triples"]), 1)

    out["qc"] = run_qc(graph_names(manifest), qc_timeout, str(store_dir))

    store = Store.read_only(str(store_dir))
    out["queries"] = {}
    for name, text in QUERIES.items():
        subs = {}
        for var, (kind, value) in params(manifest["plan"]["years"])[name].items():
            from pyoxigraph import Variable
            subs[Variable(var)] = NamedNode(value) if kind == "iri" else Literal(value, datatype=NamedNode(
                "http://www.w3.org/2001/XMLSchema#integer"))
        times, rows = [], []
        for _ in range(3):
            t1 = time.perf_counter()
            rows = list(store.query(text, substitutions=subs, use_default_graph_as_union=True))
            times.append(time.perf_counter() - t1)
        first = [str(t.value) if t is not None else "" for t in rows[0]] if rows else []
        inlined = inline(text, params(manifest["plan"]["years"])[name])
        lit_times = []
        for _ in range(3):
            t1 = time.perf_counter()
            lit_rows = list(store.query(inlined, use_default_graph_as_union=True))
            lit_times.append(time.perf_counter() - t1)
        assert len(lit_rows) == len(rows), name
        out["queries"][name] = {"rows": len(rows), "first_s": round(times[0], 4), "best_s": round(min(times), 4),
                                "inlined_best_s": round(min(lit_times), 4), "first_row": first[:3]}
        log(f"oxigraph query {name}: {len(rows)} rows, first {times[0]:.3f} s, best {min(times):.3f} s, "
            f"values inlined {min(lit_times):.3f} s")
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    out["children_peak_rss_mb"] = round(peak_rss_mb(resource.RUSAGE_CHILDREN), 1)  # generator, QC workers
    return out


def run_rdflib(target: int, corpus: Path, qc_timeout: float, seed: int, query_timeout: float = 900) -> dict:
    """The same pipeline with rdflib: parse every chunk into an in-memory Dataset, derive, QC, query."""
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import XSD

    if not (corpus / "manifest.json").exists() or json.loads((corpus / "manifest.json").read_text())["plan"]["target"] != target:
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--triples-target", str(target), "--out", str(corpus),
                        "--seed", str(seed)], check=True)
    manifest = json.loads((corpus / "manifest.json").read_text())
    triples = manifest["triples"]
    base_rss = peak_rss_mb()
    out: dict = {"engine": "rdflib", "target": target, "triples": triples}
    ds = Dataset(default_union=True)
    t0 = time.perf_counter()
    for name in sorted(manifest["files"]):
        ds.parse(str(corpus / name), format="nquads")
        log(f"rdflib parsed {name} ({time.perf_counter() - t0:.1f} s so far)")
    load_s = time.perf_counter() - t0
    out.update(load_s=round(load_s, 2), triples_per_s_load=round(triples / load_s))
    log(f"rdflib: {triples} triples in {load_s:.1f} s ({triples / load_s:,.0f}/s)")

    t1 = time.perf_counter()
    der = Derivation(manifest["plan"]["years"])
    for graph in patent_graphs(manifest):
        g = ds.graph(URIRef(graph))
        cy, py = count_graph(lambda q, g=g: ([str(t) for t in r] for r in g.query(q)))
        ds.parse(data=der.add_graph(graph, cy, py), format="nquads")
        log(f"rdflib derived {graph.rsplit('/', 1)[-1]} ({time.perf_counter() - t1:.1f} s so far)")
    text, totals = der.totals()
    ds.parse(data=text, format="nquads")
    ds.parse(data=der.size_classes([(str(r[0]), str(r[1])) for r in ds.query(COMPANY_CLUSTER)]), format="nquads")
    out.update(derive_s=round(time.perf_counter() - t1, 2), derived_triples=der.triples,
               derived_observations=der.observations, patents_counted=sum(n for _c, n in totals))
    log(f"rdflib derive: {out['derived_observations']} observations in {out['derive_s']} s")
    out["peak_rss_mb_after_load"] = round(peak_rss_mb(), 1)
    out["bytes_per_triple_rss"] = round((peak_rss_mb() - base_rss) * 1048576 / (triples + out["derived_triples"]), 1)

    out["qc"] = run_qc_rdflib(ds, graph_names(manifest), qc_timeout)

    out["queries"] = {}
    for name, text in QUERIES.items():
        bindings = {var: URIRef(value) if kind == "iri" else Literal(int(value), datatype=XSD.integer)
                    for var, (kind, value) in params(manifest["plan"]["years"])[name].items()}
        times, rows = [], []
        try:
            for _ in range(3):
                t1 = time.perf_counter()
                with deadline(query_timeout):
                    rows = list(ds.query(text, initBindings=bindings))
                times.append(time.perf_counter() - t1)
                if times[0] > 2:  # one run is enough to compare at that speed
                    break
        except Deadline:
            out["queries"][name] = {"rows": None, "first_s": None, "best_s": None, "over_s": query_timeout}
            log(f"rdflib query {name}: over {query_timeout:g} s, stopped")
            continue
        first = [str(t) if t is not None else "" for t in rows[0]] if rows else []
        out["queries"][name] = {"rows": len(rows), "first_s": round(times[0], 4), "best_s": round(min(times), 4),
                                "first_row": first[:3]}
        log(f"rdflib query {name}: {len(rows)} rows, first {times[0]:.3f} s, best {min(times):.3f} s")
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out


# ---------------------------------------------------------------- driver

def parse_sizes(text: str) -> list[int]:
    return [int(float(s)) for s in text.split(",") if s.strip()]


def _child(engine: str, target: int, args) -> dict:
    """Run one engine at one size in a fresh interpreter so its peak RSS is its own."""
    qc_timeout = args.qc_timeout if engine == "oxigraph" else args.rdflib_qc_timeout
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_one", engine, "--sizes", str(target),
           "--out", str(args.out), "--qc-timeout", str(qc_timeout), "--jobs", str(args.jobs), "--seed", str(args.seed)]
    cmd += ["--query-timeout", str(args.query_timeout), "--load-threads", str(args.load_threads)]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    if res.returncode != 0:  # recorded, not fatal: rdflib at 10 M may be killed for memory; the other runs count
        why = "killed (SIGKILL: out of memory?)" if res.returncode == -9 else f"exit {res.returncode}"
        log(f"{engine} at {target:,} failed: {why}")
        return {"engine": engine, "target": target, "failed": why}
    return json.loads(res.stdout)


def _q(r: dict, q: str) -> str:
    v = r["queries"].get(q)
    if v is None:
        return "-"
    return f">{v['over_s']:g}" if v.get("best_s") is None else str(v["best_s"])


def table(results: list[dict]) -> str:
    """Side-by-side figures and ratios rdflib / Oxigraph at every size both ran."""
    lines = ["| engine | size | triples | load s | triples/s | derive s | compact s | peak RSS MB | bytes/triple | "
             + " | ".join(f"{q} s" for q in QUERIES) + " | QC skipped |",
             "|---|---|---|---|---|---|---|---|---|" + "---|" * len(QUERIES) + "---|"]
    for r in results:
        if r.get("failed"):
            lines.append(f"| {r['engine']} | {r['target']:.0e} | failed: {r['failed']} |" + " |" * (8 + len(QUERIES)))
            continue
        bpt = r.get("bytes_per_triple_disk", r.get("bytes_per_triple_rss"))
        skipped = ", ".join(k for k, v in r["qc"].items() if v["skipped"]) or "none"
        lines.append(f"| {r['engine']} | {r['target']:.0e} | {r['triples']:,} | {r['load_s']} | {r['triples_per_s_load']:,} | "
                     f"{r['derive_s']} | {r.get('optimize_s', '-')} | {r['peak_rss_mb']:,} | "
                     f"{bpt} ({'disk' if r['engine'] == 'oxigraph' else 'RSS'}) | "
                     + " | ".join(_q(r, q) for q in QUERIES) + f" | {skipped} |")
    ox = {r["target"]: r for r in results if r["engine"] == "oxigraph" and not r.get("failed")}
    rl = {r["target"]: r for r in results if r["engine"] == "rdflib" and not r.get("failed")}
    both = sorted(set(ox) & set(rl))

    def ratio(a: dict, b: dict, q: str) -> str:
        va, vb = a["queries"].get(q), b["queries"].get(q)
        if va is None or vb is None:
            return "-"
        if va.get("best_s") is None:
            return f">{va['over_s'] / max(vb['best_s'], 1e-6):.0f}x"
        return f"{va['best_s'] / max(vb['best_s'], 1e-6):.0f}x"

    if both:
        lines += ["", "| size | load time rdflib/oxigraph | derive time | peak RSS | bytes per triple (rdflib RSS / "
                  "oxigraph disk) | " + " | ".join(QUERIES) + " |", "|---|---|---|---|---|" + "---|" * len(QUERIES)]
        for t in both:
            a, b = rl[t], ox[t]
            lines.append(f"| {t:.0e} | {a['load_s'] / b['load_s']:.1f}x | {a['derive_s'] / max(b['derive_s'], 1e-6):.1f}x | "
                         f"{a['peak_rss_mb'] / b['peak_rss_mb']:.1f}x | {a['bytes_per_triple_rss'] / b['bytes_per_triple_disk']:.1f}x | "
                         + " | ".join(ratio(a, b, q) for q in QUERIES) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1e6", help="Oxigraph sizes in triples, comma-separated")
    ap.add_argument("--rdflib-sizes", default="", help="rdflib sizes (same pipeline), comma-separated")
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--json", help="write the summary as JSON to this file ('-' = stdout)")
    ap.add_argument("--qc-timeout", type=float, default=60.0, help="seconds per violation query before it is skipped")
    ap.add_argument("--rdflib-qc-timeout", type=float, default=10.0, help="the same for rdflib (its QC is far slower)")
    ap.add_argument("--jobs", type=int, default=1, help="generator processes (the loader is one more)")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--load-threads", type=int, default=1, help="Oxigraph bulk loads running at once (2: ~1.3x faster "
                    "at 40 M but peak RSS 4.07-4.26 GiB vs 3.79 GiB with 1, measured)")
    ap.add_argument("--query-timeout", type=float, default=900.0, help="rdflib: seconds per query before it is stopped")
    ap.add_argument("--merge", nargs="+", type=Path, help="print the side-by-side table of earlier --json files")
    ap.add_argument("--_one", choices=["oxigraph", "rdflib"], help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.merge:
        print(table([r for f in a.merge for r in json.loads(f.read_text(encoding="utf-8"))["results"]]))
        return
    if a._one:
        target = parse_sizes(a.sizes)[0]
        corpus = a.out / f"corpus-{target}"
        r = run_oxigraph(target, corpus, a.out / f"store-{target}", a.qc_timeout, a.jobs, a.seed, a.load_threads) \
            if a._one == "oxigraph" else run_rdflib(target, corpus, a.qc_timeout, a.seed, a.query_timeout)
        print(json.dumps(r))
        return
    a.out.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    summary = {"machine": {"cpus": os.cpu_count()}, "results": results}
    runs = [("oxigraph", t) for t in parse_sizes(a.sizes)] + [("rdflib", t) for t in parse_sizes(a.rdflib_sizes)]
    for engine, t in runs:
        log(f"=== {engine} {t:,}")
        results.append(_child(engine, t, a))
        if a.json and a.json != "-":  # after every run, so an interrupted benchmark keeps what it measured
            Path(a.json).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    if a.json == "-":
        print(json.dumps(summary, indent=1))
        return
    print(table(results))


if __name__ == "__main__":
    main()
