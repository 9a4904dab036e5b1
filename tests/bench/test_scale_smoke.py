"""The scale benchmark's scripts at 20,000 triples: deterministic corpus, both engines, queries with rows.

Not a timing test: the figures are in docs/notes/issue-6-scale.md; this proves the scripts run and agree.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pyoxigraph import RdfFormat, parse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402


def test_generate_is_deterministic_valid_and_near_target(tmp_path: Path) -> None:
    a = generate.generate(20_000, tmp_path / "a", seed=6, progress=lambda m: None)
    b = generate.generate(20_000, tmp_path / "b", seed=6, progress=lambda m: None)
    c = generate.generate(20_000, tmp_path / "c", seed=7, progress=lambda m: None)
    assert abs(a["triples"] - 20_000) < 1_000
    assert b["triples"] == a["triples"] and c["plan"]["patents"] == a["plan"]["patents"]
    for name in a["files"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "patents-00000.nq").read_bytes() != (tmp_path / "c" / "patents-00000.nq").read_bytes()
    quads = [q for name in a["files"] for q in parse(path=str(tmp_path / "a" / name), format=RdfFormat.N_QUADS)]
    assert len(quads) == a["triples"]
    patents = {q.subject for q in quads if q.predicate.value.endswith("#applicant")}
    assert len(patents) == a["plan"]["patents"]
    assert all(q.subject.value.startswith("https://w3id.org/ipgraph/id/patent/") for q in quads
               if q.predicate.value.endswith(("#applicant", "#ipcClass", "#year")))


def test_scale_runs_both_engines_and_they_agree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "scale.py"), "--sizes", "2e4", "--rdflib-sizes", "2e4",
                           "--out", str(out), "--qc-timeout", "2", "--json", "-"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = {r["engine"]: r for r in json.loads(proc.stdout)["results"]}
    ox, rl = results["oxigraph"], results["rdflib"]
    manifest = json.loads((out / "corpus-20000" / "manifest.json").read_text())
    assert ox["triples"] == rl["triples"] == manifest["triples"]
    # every patent is counted once in the per-company derived counts, by both engines
    assert ox["patents_counted"] == rl["patents_counted"] == manifest["plan"]["patents"]
    assert ox["derived_observations"] == rl["derived_observations"] > 0
    assert (out / "store-20000").is_dir() and ox["store_bytes"] > 0
    # the materialised size classes answer K = 100 exactly like the ad-hoc query, on both engines
    for engine in (ox, rl):
        sized, adhoc = engine["queries"]["companies_per_cluster_sized"], engine["queries"]["companies_per_cluster"]
        assert sized["rows"] == adhoc["rows"] > 0
        assert sized["first_row"][:2] == adhoc["first_row"][:2]
    for name in ("top_k_places", "shares_per_province", "companies_per_cluster", "companies_per_cluster_sized"):
        assert ox["queries"][name]["rows"] > 0, name
        assert ox["queries"][name]["rows"] == rl["queries"][name]["rows"], name
        assert ox["queries"][name]["first_row"] == rl["queries"][name]["first_row"], name
    # the synthetic corpus is clean: the violation queries that finished found nothing
    for engine in (ox, rl):
        assert all(v["violations"] == 0 for v in engine["qc"].values()), engine["qc"]
    assert all(v["skipped"] is None for v in ox["qc"].values()), ox["qc"]


def test_derivation_counts_a_graph_of_several_years_by_the_join_queries() -> None:
    """The single-pattern shortcut holds only when a graph's records share one year; a mixed graph is counted by
    (applicant, year) and (place, year), and a record without a year is not counted in a year."""
    import scale
    from pyoxigraph import Store

    ipg, ipr = "https://w3id.org/ipgraph/ontology#", "https://w3id.org/ipgraph/id/"
    rows = [(1, "a", "x", "2010"), (2, "a", "x", "2011"), (3, "b", "y", "2011"), (4, "b", "y", None)]
    nq = []
    for n, company, place, year in rows:
        p = f"<{ipr}patent/{n}>"
        nq += [f"{p} <{ipg}applicant> <{ipr}org/{company}> .", f"{p} <{ipg}place> <{ipr}place/{place}> ."]
        if year:
            nq.append(f'{p} <{ipg}year> "{year}"^^<http://www.w3.org/2001/XMLSchema#gYear> .')
    store = Store()
    store.load("\n".join(nq).encode(), RdfFormat.N_TRIPLES)
    cy, py = scale.count_graph(lambda q: ([t.value for t in r] for r in store.query(q)))
    assert sorted(cy) == [(f"{ipr}org/a", "2010", 1), (f"{ipr}org/a", "2011", 1), (f"{ipr}org/b", "2011", 1)]
    assert sorted(py) == [(f"{ipr}place/x", "2010", 1), (f"{ipr}place/x", "2011", 1), (f"{ipr}place/y", "2011", 1)]
    # one year, but a record without one: the shortcut's totals disagree, so the join queries run
    single = Store()
    single.load("\n".join(x for x in nq if '"2010"' not in x).encode(), RdfFormat.N_TRIPLES)
    cy, _py = scale.count_graph(lambda q: ([t.value for t in r] for r in single.query(q)))
    assert sorted(cy) == [(f"{ipr}org/a", "2011", 1), (f"{ipr}org/b", "2011", 1)]
