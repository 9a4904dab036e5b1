"""Cost of the relation pass: `extract_source` on the seed text with and without `extract_relations`,
measured side by side in one process (interleaved rounds, best of each), reported as a ratio.

    .venv/bin/python bench/relations_overhead.py [--runs 15]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from extraction_eval import uncurated_copy  # noqa: E402

import ipgraph.extract as extract  # noqa: E402
from ipgraph.loaders.project import load_project  # noqa: E402


def _time(project, src, runs: int) -> float:
    t = time.perf_counter()
    for i in range(runs):
        extract.extract_source(type(src)(**{**src.__dict__, "id": f"bench-{i}"}), project)
    return (time.perf_counter() - t) / runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = load_project(uncurated_copy(ROOT / "data", Path(tmp) / "seed"))
    src = project.sources["nanjing-ip-2023"]
    real = extract.extract_relations
    with_rel, without = [], []
    for _round in range(3):
        extract.extract_relations = real
        with_rel.append(_time(project, src, args.runs))
        extract.extract_relations = lambda st: None
        without.append(_time(project, src, args.runs))
    extract.extract_relations = real
    a, b = min(with_rel), min(without)
    print(f"seed article ({len(src.text):,} chars), {args.runs} runs x 3 rounds, best round:")
    print(f"  with relations    {a * 1000:7.1f} ms/article")
    print(f"  without relations {b * 1000:7.1f} ms/article")
    print(f"  ratio             {a / b:7.2f}")


if __name__ == "__main__":
    main()
