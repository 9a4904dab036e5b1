"""Synthetic national corpus for the scale benchmark, written directly as N-Quads chunks.

Why not through the loaders/emitter: at 40 M triples an rdflib term per triple is exactly the cost the benchmark
measures against, so the corpus is made as text, following decision 0001's IRIs (places, organisations,
observations like the table path's) plus patent records (`ipr:patent/<n>` with a number as rdfs:label, ipg:applicant, ipg:place, ipg:year,
ipg:ipcClass). Every count scales with one factor so the output has about `--triples-target` triples
(~350 places x 15 years x 20 indicators, 100,000 companies in clusters and cities, 5 M patents, 10,000 articles
at factor 1, i.e. ~32 M triples). Deterministic: one seeded RNG per chunk, so chunks can be made in parallel.

Usage: python bench/generate.py --triples-target 1e6 --out bench/out/1m [--seed 6] [--jobs 2]
Writes `reference.nq`, `stats.nq`, `articles.nq`, `patents-00000.nq` ... and `manifest.json` (written last;
a chunk appears under its final name only when complete, so a loader may follow the directory while it grows).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

IPG = "https://w3id.org/ipgraph/ontology#"
IPR = "https://w3id.org/ipgraph/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
GRAPH = "https://w3id.org/ipgraph/graph/"
SRC = "https://w3id.org/ipgraph/source/"
OBS = "https://w3id.org/ipgraph/obs/"
IND = "https://w3id.org/ipgraph/indicator/"
PERIOD = "https://w3id.org/ipgraph/period/"
FIRST_YEAR = 2009
PATENT_TRIPLES = 6
OBS_TRIPLES = 18  # 15 on the observation + 3 on its table cell
# per unit of scale factor (see `plan`): 5 M patents x 6 + 105,000 obs x 18 + 100,000 companies x 5 + ...
TRIPLES_AT_FACTOR_1 = 5_000_000 * PATENT_TRIPLES + 105_000 * OBS_TRIPLES + 100_000 * 5 + 10_000 * 5 + 1_000 * 4
IPC_CLASSES = [f"{s}{n:02d}{c}" for s in "ABCDEFGH" for n in (1, 4, 21, 33, 61) for c in "BFKL"]


@dataclass(frozen=True)
class Plan:
    """All counts of one corpus; derived from the target so any size has the same proportions."""

    target: int
    seed: int
    places: int
    provinces: int
    years: int
    indicators: list[str]
    clusters: int
    companies: int
    patents: int
    articles: int
    chunk_patents: int

    @property
    def cities(self) -> int:
        return self.places - self.provinces


def plan(target: int, seed: int = 6) -> Plan:
    f = target / TRIPLES_AT_FACTOR_1
    places = max(6 if target < 100_000 else 40, round(350 * f))
    big = places >= 35
    years, indicators = (15, _indicators()[:20]) if big else (5, _indicators()[:5])
    clusters, companies, articles = max(3, round(1_000 * f)), max(20, round(100_000 * f)), max(5, round(10_000 * f))
    # patents take what the fixed-shape parts leave, so small targets are not swamped by the 40-place minimum
    other = (2 + 3 * places + 3 * clusters + 5 * companies + 4 * years + 2 + (places + 1) * years
             * len(indicators) * OBS_TRIPLES + 5 * articles)
    return Plan(target=target, seed=seed, places=places, provinces=max(2, places // 10), years=years,
                indicators=indicators, clusters=clusters, companies=companies,
                patents=max(200, (target - other) // PATENT_TRIPLES), articles=articles, chunk_patents=200_000)


def _indicators() -> list[str]:
    """Count and amount indicators of the project's scheme (the extraction lexicon), in file order."""
    import yaml

    path = Path(__file__).resolve().parents[1] / "src/ipgraph/data/indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]
    return [i["id"] for i in data if i.get("unit") in ("count", "CNY") and i.get("kind") in ("flow", "stock")]


def iri(s: str) -> str:
    return f"<{s}>"


def lit(v: str, dt: str | None = None) -> str:
    v = v.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{v}"^^<{XSD}{dt}>' if dt else f'"{v}"'


def place_iri(p: int, pl: Plan) -> str:
    return f"<{IPR}place/bench-province-{p:03d}>" if p < pl.provinces else f"<{IPR}place/bench-city-{p:04d}>"


def company_city(c: int, pl: Plan) -> int:
    """The city (place number) of company c: a deterministic hash, so every process agrees without a table."""
    h = int.from_bytes(hashlib.blake2b(f"{pl.seed}:{c}".encode(), digest_size=8).digest(), "big")
    return pl.provinces + h % pl.cities


def _write(path: Path, lines: list[str]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    os.replace(tmp, path)


def reference(pl: Plan) -> list[str]:
    """Places (country > provinces > cities), clusters in cities, companies in cities and clusters, periods."""
    g = f" <{GRAPH}bench-reference> .\n"
    out = [f"<{IPR}place/bench-country> {RDF_TYPE} <{IPG}Country>{g}",
           f"<{IPR}place/bench-country> {RDFS_LABEL} {lit('Bench country')}{g}"]
    for p in range(pl.places):
        s = place_iri(p, pl)
        if p < pl.provinces:
            out += [f"{s} {RDF_TYPE} <{IPG}Province>{g}", f"{s} {RDFS_LABEL} {lit(f'Bench province {p:03d}')}{g}",
                    f"{s} <{IPG}locatedIn> <{IPR}place/bench-country>{g}"]
        else:
            out += [f"{s} {RDF_TYPE} <{IPG}City>{g}", f"{s} {RDFS_LABEL} {lit(f'Bench city {p:04d}')}{g}",
                    f"{s} <{IPG}locatedIn> {place_iri(p % pl.provinces, pl)}{g}"]
    rng = random.Random(f"{pl.seed}:clusters")
    for k in range(pl.clusters):
        s = f"<{IPR}cluster/bench-cluster-{k:04d}>"
        out += [f"{s} {RDF_TYPE} <{IPG}IndustryCluster>{g}", f"{s} {RDFS_LABEL} {lit(f'Bench cluster {k:04d}')}{g}",
                f"{s} <{IPG}locatedIn> {place_iri(pl.provinces + rng.randrange(pl.cities), pl)}{g}"]
    for c in range(pl.companies):
        s = f"<{IPR}org/bench-company-{c:06d}>"
        out += [f"{s} {RDF_TYPE} <{IPG}Company>{g}", f"{s} {RDFS_LABEL} {lit(f'Bench company {c:06d}')}{g}",
                f"{s} <{IPG}locatedIn> {place_iri(company_city(c, pl), pl)}{g}",
                f"{s} <{IPG}partOf> <{IPR}cluster/bench-cluster-{c % pl.clusters:04d}>{g}",
                f"{s} <{IPG}localId> {lit(f'bench-company-{c:06d}')}{g}"]
    for y in range(FIRST_YEAR, FIRST_YEAR + pl.years):
        s = f"<{PERIOD}{y}>"
        out += [f"{s} {RDF_TYPE} <http://www.w3.org/2006/time#ProperInterval>{g}",
                f"{s} <{IPG}isoPeriod> {lit(str(y))}{g}"]
        pg = f" <{GRAPH}bench-patents-{y}> .\n"  # each year's patent table is a source with its own graph
        out += [f"<{SRC}bench-patents-{y}> {RDF_TYPE} <{IPG}Table>{pg}",
                f"<{SRC}bench-patents-{y}> <http://purl.org/dc/terms/title> {lit(f'Synthetic patent records {y}')}{pg}"]
    return out


def stats(pl: Plan) -> list[str]:
    """Place x year x indicator observations of one statistical table; a province's value is its cities' sum."""
    sid = "bench-regional-statistics"
    g = f" <{GRAPH}{sid}> .\n"
    rng = random.Random(f"{pl.seed}:stats")
    out = [f"<{SRC}{sid}> {RDF_TYPE} <{IPG}Table>{g}", f"<{SRC}{sid}> <http://purl.org/dc/terms/title> "
           f"{lit('Synthetic regional IP statistics')}{g}"]
    size = [rng.lognormvariate(0, 1.2) for _ in range(pl.places)]
    country = f"<{IPR}place/bench-country>"
    row = 0
    for ind in pl.indicators:
        unit = "CNY" if "amount" in ind or "expenditure" in ind else "count"
        for y in range(FIRST_YEAR, FIRST_YEAR + pl.years):
            values = [0] * pl.places
            for p in range(pl.provinces, pl.places):
                values[p] = max(0, round(size[p] * 1000 * (1 + 0.08 * (y - FIRST_YEAR)) * rng.uniform(0.7, 1.3)))
                values[p % pl.provinces] += values[p]
            # the country total is reported too, so shares of it are derivable (contracts: reported total)
            subjects = [(place_iri(p, pl), values[p]) for p in range(pl.places)] + [(country, sum(values[pl.provinces:]))]
            for subject, value in subjects:
                row += 1
                key = hashlib.sha1(f"{subject}|{ind}|{y}".encode()).hexdigest()[:16]
                o, cell = f"<{OBS}{sid}/{key}>", f"<{SRC}{sid}#row={row};col={ind}>"
                out += [f"{o} {RDF_TYPE} <{IPG}Observation>{g}",
                        f"{o} {RDF_TYPE} <http://purl.org/linked-data/cube#Observation>{g}",
                        f"{o} <http://purl.org/linked-data/cube#dataSet> <{IPR}dataset/{sid}>{g}",
                        f"{o} <{IPG}subject> {subject}{g}",
                        f"{o} <{IPG}indicator> <{IND}{ind}>{g}",
                        f"{o} <{IPG}statistic> <https://w3id.org/ipgraph/statistic/value>{g}",
                        f"{o} <{IPG}period> <{PERIOD}{y}>{g}",
                        f"{o} <{IPG}scope> <https://w3id.org/ipgraph/scope/none>{g}",
                        f"{o} <http://purl.org/linked-data/sdmx/2009/measure#obsValue> {lit(str(value), 'decimal')}{g}",
                        f"{o} <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> "
                        f"<https://w3id.org/ipgraph/unit/{unit}>{g}",
                        f"{o} <{IPG}qualifier> <https://w3id.org/ipgraph/qualifier/exact>{g}",
                        f"{o} <{IPG}origin> <https://w3id.org/ipgraph/origin/table>{g}",
                        f"{o} <{IPG}periodInferred> {lit('false', 'boolean')}{g}",
                        f"{o} <http://www.w3.org/ns/prov#wasDerivedFrom> {cell}{g}",
                        f"{o} <{IPG}statedIn> <{SRC}{sid}>{g}",
                        f"{cell} {RDF_TYPE} <{IPG}TableCell>{g}",
                        f"{cell} <{IPG}row> {lit(str(row), 'integer')}{g}",
                        f"{cell} <{IPG}column> {lit(ind)}{g}"]
    return out


def articles(pl: Plan) -> list[str]:
    """Short news articles as sources (metadata only: the benchmark does not extract text)."""
    g = f" <{GRAPH}bench-articles> .\n"
    rng = random.Random(f"{pl.seed}:articles")
    out = []
    for a in range(pl.articles):
        s = f"<{SRC}bench-article-{a:05d}>"
        y = FIRST_YEAR + rng.randrange(pl.years)
        out += [f"{s} {RDF_TYPE} <{IPG}Source>{g}", f"{s} {RDF_TYPE} <https://schema.org/NewsArticle>{g}",
                f"{s} <http://purl.org/dc/terms/title> {lit(f'Bench article {a:05d}')}{g}",
                f"{s} <http://purl.org/dc/terms/issued> {lit(f'{y}-{rng.randint(1, 12):02d}-15', 'date')}{g}",
                f"{s} <https://schema.org/mentions> <{IPR}org/bench-company-{rng.randrange(pl.companies):06d}>{g}"]
    return out


def patents(pl: Plan, chunk: int) -> list[str]:
    """One chunk of patent records; applicants Zipf-skewed (few firms file most), place = applicant's city."""
    rng = random.Random(f"{pl.seed}:patents:{chunk}")
    first = chunk * pl.chunk_patents
    n = min(pl.chunk_patents, pl.patents - first)
    weights = _zipf_cum(pl.companies)
    applicants = rng.choices(range(pl.companies), cum_weights=weights, k=n)
    city = {c: place_iri(company_city(c, pl), pl) for c in set(applicants)}
    out = []
    for i, c in enumerate(applicants, start=first):
        y = FIRST_YEAR + rng.randrange(pl.years)
        g = f" <{GRAPH}bench-patents-{y}> .\n"
        s = f"<{IPR}patent/{i}>"
        out += [f"{s} {RDF_TYPE} <{IPG}PatentRecord>{g}", f'{s} {RDFS_LABEL} "BP{i:09d}"{g}',
                f"{s} <{IPG}applicant> <{IPR}org/bench-company-{c:06d}>{g}",
                f"{s} <{IPG}place> {city[c]}{g}",
                f'{s} <{IPG}year> "{y}"^^<{XSD}gYear>{g}',
                f'{s} <{IPG}ipcClass> "{IPC_CLASSES[rng.randrange(len(IPC_CLASSES))]}"{g}']
    return out


_CUM: dict[int, list[float]] = {}


def _zipf_cum(n: int) -> list[float]:
    if n not in _CUM:
        acc, cum = 0.0, []
        for k in range(1, n + 1):
            acc += 1.0 / k ** 0.8
            cum.append(acc)
        _CUM[n] = cum
    return _CUM[n]


def _patent_chunk(args: tuple[Plan, int, str]) -> int:
    pl, chunk, out = args
    lines = patents(pl, chunk)
    _write(Path(out) / f"patents-{chunk:05d}.nq", lines)
    return len(lines)


def generate(target: int, out: Path, seed: int = 6, jobs: int = 1, progress=None) -> dict:
    """Write the corpus; returns the manifest (plan, files, triple counts, seconds)."""
    progress = progress or (lambda m: print(m, file=sys.stderr, flush=True))
    t0 = time.perf_counter()
    pl = plan(target, seed)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.nq"):
        old.unlink()
    (out / "manifest.json").unlink(missing_ok=True)
    files: dict[str, int] = {}
    for name, fn in (("reference.nq", reference), ("stats.nq", stats), ("articles.nq", articles)):
        lines = fn(pl)
        _write(out / name, lines)
        files[name] = len(lines)
    chunks = -(-pl.patents // pl.chunk_patents)
    work = [(pl, k, str(out)) for k in range(chunks)]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as ex:
            counts = list(ex.map(_patent_chunk, work))
    else:
        counts = []
        for w in work:
            counts.append(_patent_chunk(w))
            progress(f"generate: patent chunk {w[1] + 1}/{chunks}")
    for k, n in enumerate(counts):
        files[f"patents-{k:05d}.nq"] = n
    manifest = {"plan": asdict(pl), "files": files, "triples": sum(files.values()),
                "seconds": round(time.perf_counter() - t0, 2)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    progress(f"generate: {manifest['triples']} triples in {manifest['seconds']} s -> {out}")
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples-target", required=True, type=lambda s: int(float(s)))
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--jobs", type=int, default=1, help="processes generating patent chunks")
    a = ap.parse_args(argv)
    generate(a.triples_target, a.out, a.seed, a.jobs)


if __name__ == "__main__":
    main()
