"""National-scale benchmark: the synthetic corpus into an on-disk Oxigraph store vs an rdflib in-memory graph.

Why: the table path must scale to tens of millions of triples; this measures it with the pipeline a national build
would run (stream N-Quads chunks into the store with bulk loading while the next chunks are generated in another
process, materialise per-company and per-place-per-year patent counts as derived observations, run the
`*-violation.rq` queries per source graph, answer three CQ-style queries) and the same pipeline on rdflib at the
sizes it can hold, and prints the ratios side by side. Each size runs in its own process so peak RSS is its own.

Usage: python bench/scale.py --sizes 1e6,1e7[,4e7] [--rdflib-sizes 1e6,5e6] [--out bench/out] [--json FILE]
       [--qc-timeout 60] [--jobs 1]
       python bench/scale.py --merge A.json B.json   (one table from runs made separately)
Progress goes to stderr, the table to stdout; `--json -` prints the summary as JSON on stdout instead.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import resource
import shutil
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
}

DERIVE_COMPANY = PREFIXES + "SELECT ?c (COUNT(?p) AS ?n) WHERE { ?p ipg:applicant ?c } GROUP BY ?c"
DERIVE_PLACE_YEAR = PREFIXES + "SELECT ?pl ?y (COUNT(?p) AS ?n) WHERE { ?p ipg:place ?pl ; ipg:year ?y } GROUP BY ?pl ?y"

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


def derived_nquads(company_counts, place_year_counts, years: int) -> str:
    """Derived patent-count observations (origin derived) as N-Quads in the `derived` graph."""
    g = f" <{DERIVED}> .\n"
    last = FIRST_YEAR + years - 1
    span = f"https://w3id.org/ipgraph/period/{FIRST_YEAR}--{last}"
    out = [f"<{span}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2006/time#ProperInterval>{g}",
           f'<{span}> <{IPG}isoPeriod> "{FIRST_YEAR}/{last}"{g}']

    def obs(subject: str, period: str, n: int, sources: list[str]) -> None:
        key = hashlib.sha1(f"{subject}|patent_applications|value|{period}|none".encode()).hexdigest()[:16]
        o = f"<https://w3id.org/ipgraph/obs/derived/{key}>"
        out.extend([
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
        ] + [f"{o} <http://www.w3.org/ns/prov#wasDerivedFrom> <{s}>{g}" for s in sources])

    all_years = [f"https://w3id.org/ipgraph/source/bench-patents-{y}" for y in range(FIRST_YEAR, last + 1)]
    for company, n in sorted(company_counts):
        obs(company, span, n, all_years)
    for place, year, n in sorted(place_year_counts):
        obs(place, f"https://w3id.org/ipgraph/period/{year}", n, [f"https://w3id.org/ipgraph/source/bench-patents-{year}"])
    return "".join(out)


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


_RDFLIB_DS = None  # set before forking the rdflib QC workers


def _qc_worker_rdflib(query: str, graphs: list[str], q) -> None:
    from rdflib import URIRef

    for g in graphs:
        t0 = time.perf_counter()
        rows = len(list(_RDFLIB_DS.graph(URIRef(g)).query(query)))
        q.put((g, rows, time.perf_counter() - t0))
    q.put(None)


def run_qc(engine: str, graphs: list[str], timeout: float, store_path: str | None = None) -> dict:
    """Every violation query on every graph alone (smallest first); a query past `timeout` s is killed and skipped."""
    ctx = mp.get_context("spawn" if engine == "oxigraph" else "fork")
    result: dict[str, dict] = {}
    for path in qc_queries():
        name = path.name.removesuffix("-violation.rq")
        wanted = [g for g in graphs if (name, g) not in QC_NOT_APPLICABLE]
        q = ctx.Queue()
        args = (store_path, path.read_text(encoding="utf-8"), wanted, q) if engine == "oxigraph" else \
            (path.read_text(encoding="utf-8"), wanted, q)
        proc = ctx.Process(target=_qc_worker_ox if engine == "oxigraph" else _qc_worker_rdflib, args=args)
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
        secs = round(time.perf_counter() - t0, 2)
        result[name] = {"violations": rows, "graphs": len(done), "seconds": secs,
                        "skipped": f"over {timeout:g} s on {timed_out.rsplit('/', 1)[-1]}" if timed_out else None}
        log(f"{engine} qc {name}: {rows} rows on {len(done)}/{len(wanted)} graphs in {secs} s"
            + (f" SKIPPED ({result[name]['skipped']})" if timed_out else ""))
    return result


# ---------------------------------------------------------------- one run (its own process)

def graph_names(manifest: dict) -> list[str]:
    years = manifest["plan"]["years"]
    small = ["bench-articles", "bench-regional-statistics", "bench-reference"]
    return [GRAPH + g for g in small] + [DERIVED] + [f"{GRAPH}bench-patents-{y}" for y in range(FIRST_YEAR, FIRST_YEAR + years)]


def run_oxigraph(target: int, corpus: Path, store_dir: Path, qc_timeout: float, jobs: int, seed: int) -> dict:
    """Generate (child process) and bulk-load the chunks as they appear; derive; QC per graph; time the queries."""
    from pyoxigraph import Literal, NamedNode, RdfFormat, Store

    shutil.rmtree(store_dir, ignore_errors=True)
    out: dict = {"engine": "oxigraph", "target": target}
    t0 = time.perf_counter()
    gen = None
    if not (corpus / "manifest.json").exists() or json.loads((corpus / "manifest.json").read_text())["plan"]["target"] != target:
        gen = subprocess.Popen([sys.executable, str(HERE / "generate.py"), "--triples-target", str(target),
                                "--out", str(corpus), "--seed", str(seed), "--jobs", str(jobs)])
        time.sleep(0.2)  # let it clear the old files first
    store = Store(str(store_dir))
    loaded: set[str] = set()
    load_s, triples = 0.0, 0
    while True:
        manifest_path = corpus / "manifest.json"
        finished = manifest_path.exists() and (gen is None or gen.poll() is not None)
        ready = sorted(p for p in corpus.glob("*.nq") if p.name not in loaded)
        if not ready:
            if finished:
                break
            if gen is not None and gen.poll() not in (None, 0):
                raise SystemExit(f"generate.py failed with exit {gen.returncode}")
            time.sleep(0.05)
            continue
        for p in ready:
            t1 = time.perf_counter()
            store.bulk_load(path=str(p), format=RdfFormat.N_QUADS)
            load_s += time.perf_counter() - t1
            loaded.add(p.name)
            log(f"oxigraph loaded {p.name} ({load_s:.1f} s loading so far)")
    manifest = json.loads((corpus / "manifest.json").read_text())
    triples = manifest["triples"]
    store.flush()
    out.update(triples=triples, generate_s=manifest["seconds"], load_s=round(load_s, 2),
               build_wall_s=round(time.perf_counter() - t0, 2), triples_per_s_load=round(triples / load_s))
    log(f"oxigraph: {triples} triples, load {load_s:.1f} s ({triples / load_s:,.0f}/s), wall {out['build_wall_s']} s")

    t1 = time.perf_counter()
    companies = [(r["c"].value, int(r["n"].value)) for r in store.query(DERIVE_COMPANY, use_default_graph_as_union=True)]
    place_years = [(r["pl"].value, r["y"].value, int(r["n"].value))
                   for r in store.query(DERIVE_PLACE_YEAR, use_default_graph_as_union=True)]
    nq = derived_nquads(companies, place_years, manifest["plan"]["years"])
    store.bulk_load(nq.encode("utf-8"), RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    out.update(derive_s=round(time.perf_counter() - t1, 2), derived_triples=nq.count("\n"),
               derived_observations=len(companies) + len(place_years),
               patents_counted=sum(n for _c, n in companies))
    log(f"oxigraph derive: {out['derived_observations']} observations in {out['derive_s']} s")
    del store
    out["store_bytes"] = dir_bytes(store_dir)
    out["bytes_per_triple_disk"] = round(out["store_bytes"] / (triples + out["derived_triples"]), 1)

    out["qc"] = run_qc("oxigraph", graph_names(manifest), qc_timeout, str(store_dir))

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


def run_rdflib(target: int, corpus: Path, qc_timeout: float, seed: int) -> dict:
    """The same pipeline with rdflib: parse every chunk into an in-memory Dataset, derive, QC, query."""
    global _RDFLIB_DS
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
    companies = [(str(r.c), int(r.n)) for r in ds.query(DERIVE_COMPANY)]
    place_years = [(str(r.pl), str(r.y), int(r.n)) for r in ds.query(DERIVE_PLACE_YEAR)]
    nq = derived_nquads(companies, place_years, manifest["plan"]["years"])
    ds.parse(data=nq, format="nquads")
    out.update(derive_s=round(time.perf_counter() - t1, 2), derived_triples=nq.count("\n"),
               derived_observations=len(companies) + len(place_years),
               patents_counted=sum(n for _c, n in companies))
    log(f"rdflib derive: {out['derived_observations']} observations in {out['derive_s']} s")
    out["peak_rss_mb_after_load"] = round(peak_rss_mb(), 1)
    out["bytes_per_triple_rss"] = round((peak_rss_mb() - base_rss) * 1048576 / (triples + out["derived_triples"]), 1)

    _RDFLIB_DS = ds
    out["qc"] = run_qc("rdflib", graph_names(manifest), qc_timeout)

    out["queries"] = {}
    for name, text in QUERIES.items():
        bindings = {var: URIRef(value) if kind == "iri" else Literal(int(value), datatype=XSD.integer)
                    for var, (kind, value) in params(manifest["plan"]["years"])[name].items()}
        times, rows = [], []
        for _ in range(3):
            t1 = time.perf_counter()
            rows = list(ds.query(text, initBindings=bindings))
            times.append(time.perf_counter() - t1)
            if times[0] > 2:  # one run is enough to compare at that speed
                break
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
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_one", engine, "--sizes", str(target),
           "--out", str(args.out), "--qc-timeout", str(args.qc_timeout), "--jobs", str(args.jobs), "--seed", str(args.seed)]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    if res.returncode != 0:
        raise SystemExit(f"{engine} at {target} failed (exit {res.returncode})")
    return json.loads(res.stdout)


def table(results: list[dict]) -> str:
    """Side-by-side figures and ratios rdflib / Oxigraph at every size both ran."""
    lines = ["| engine | size | triples | load s | triples/s | derive s | peak RSS MB | bytes/triple | "
             + " | ".join(f"{q} s" for q in QUERIES) + " | QC skipped |",
             "|---|---|---|---|---|---|---|---|" + "---|" * len(QUERIES) + "---|"]
    for r in results:
        bpt = r.get("bytes_per_triple_disk", r.get("bytes_per_triple_rss"))
        skipped = ", ".join(k for k, v in r["qc"].items() if v["skipped"]) or "none"
        lines.append(f"| {r['engine']} | {r['target']:.0e} | {r['triples']:,} | {r['load_s']} | {r['triples_per_s_load']:,} | "
                     f"{r['derive_s']} | {r['peak_rss_mb']:,} | {bpt} ({'disk' if r['engine'] == 'oxigraph' else 'RSS'}) | "
                     + " | ".join(str(r["queries"][q]["best_s"]) for q in QUERIES) + f" | {skipped} |")
    ox = {r["target"]: r for r in results if r["engine"] == "oxigraph"}
    rl = {r["target"]: r for r in results if r["engine"] == "rdflib"}
    both = sorted(set(ox) & set(rl))
    if both:
        lines += ["", "| size | load time rdflib/oxigraph | derive time | peak RSS | bytes per triple (rdflib RSS / "
                  "oxigraph disk) | " + " | ".join(QUERIES) + " |", "|---|---|---|---|---|" + "---|" * len(QUERIES)]
        for t in both:
            a, b = rl[t], ox[t]
            lines.append(f"| {t:.0e} | {a['load_s'] / b['load_s']:.1f}x | {a['derive_s'] / max(b['derive_s'], 1e-6):.1f}x | "
                         f"{a['peak_rss_mb'] / b['peak_rss_mb']:.1f}x | {a['bytes_per_triple_rss'] / b['bytes_per_triple_disk']:.1f}x | "
                         + " | ".join(f"{a['queries'][q]['best_s'] / max(b['queries'][q]['best_s'], 1e-6):.0f}x" for q in QUERIES)
                         + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1e6", help="Oxigraph sizes in triples, comma-separated")
    ap.add_argument("--rdflib-sizes", default="", help="rdflib sizes (same pipeline), comma-separated")
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--json", help="write the summary as JSON to this file ('-' = stdout)")
    ap.add_argument("--qc-timeout", type=float, default=60.0, help="seconds per violation query before it is skipped")
    ap.add_argument("--jobs", type=int, default=1, help="generator processes (the loader is one more)")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--merge", nargs="+", type=Path, help="print the side-by-side table of earlier --json files")
    ap.add_argument("--_one", choices=["oxigraph", "rdflib"], help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.merge:
        print(table([r for f in a.merge for r in json.loads(f.read_text(encoding="utf-8"))["results"]]))
        return
    if a._one:
        target = parse_sizes(a.sizes)[0]
        corpus = a.out / f"corpus-{target}"
        r = run_oxigraph(target, corpus, a.out / f"store-{target}", a.qc_timeout, a.jobs, a.seed) if a._one == "oxigraph" \
            else run_rdflib(target, corpus, a.qc_timeout, a.seed)
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
