"""Extraction throughput: 1,000 synthetic ~10 KB articles on both cores (multiprocessing), articles per second.

    .venv/bin/python bench/extract_speed.py [--n 1000] [--workers 2]

Articles are built from the test articles' paragraphs with place names and numbers varied (seeded RNG), so
every article differs. Reports one-core and all-core rates side by side and their ratio.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

_PROJECT = None


def _init(data: str) -> None:
    global _PROJECT
    from ipgraph.loaders.project import load_project

    _PROJECT = load_project(data)


def _one(args) -> int:
    from ipgraph.extract import extract_source
    from ipgraph.model import Source

    i, text = args
    src = Source(id=f"synthetic-{i}", kind="article", title="t", path="p", date="2024-03-01", text=text,
                 focus="nanjing")
    fs = extract_source(src, _PROJECT)
    return len(fs.observations)


def synthetic_articles(n: int, size: int = 10_000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    paras = []
    for p in sorted((ROOT / "tests/data/articles").glob("*.txt")) + [ROOT / "data/sources/nanjing-ip-2023.txt"]:
        paras += [x for x in p.read_text(encoding="utf-8").split("\n\n") if x.strip()]
    out = []
    for _ in range(n):
        buf = []
        while sum(len(b) for b in buf) < size:
            para = rng.choice(paras)
            para = para.replace("2023", str(rng.choice([2021, 2022, 2023])))
            buf.append("".join(c if not c.isdigit() or rng.random() > 0.3 else str(rng.randint(0, 9)) for c in para))
        out.append("\n\n".join(buf))
    return out


def run(texts: list[str], data: str, workers: int) -> float:
    t0 = time.perf_counter()
    if workers == 1:
        _init(data)
        for item in enumerate(texts):
            _one(item)
    else:
        with mp.get_context("fork").Pool(workers, initializer=_init, initargs=(data,)) as pool:
            list(pool.imap_unordered(_one, enumerate(texts), chunksize=8))
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=mp.cpu_count())
    args = ap.parse_args()
    from extraction_eval import uncurated_copy

    with tempfile.TemporaryDirectory() as tmp:
        data = str(uncurated_copy(ROOT / "data", Path(tmp) / "data"))
        texts = synthetic_articles(args.n)
        kb = sum(len(t.encode()) for t in texts) / len(texts) / 1024
        sample = texts[: max(50, args.n // 10)]
        t1 = run(sample, data, 1)
        tn = run(texts, data, args.workers)
        r1, rn = len(sample) / t1, len(texts) / tn
        print(f"articles: {len(texts)} of {kb:.1f} KB on average")
        print(f"1 worker : {r1:.1f} articles/s ({len(sample)} articles in {t1:.2f} s)")
        print(f"{args.workers} workers: {rn:.1f} articles/s ({len(texts)} articles in {tn:.2f} s)")
        print(f"ratio {args.workers} workers / 1 worker: {rn / r1:.2f}")


if __name__ == "__main__":
    main()
