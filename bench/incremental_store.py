"""Store load time: from scratch vs incremental (previous store copied, one small graph changed), side by side.

Usage: python bench/incremental_store.py BUILD_DIR   (any build with a store, e.g. exports/)
Reports both times and their ratio on the same quads in the same process.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store, serialize

from ipgraph.incremental import load_store, split_graphs


def main(build: Path) -> None:
    quads = serialize(Store.read_only(str(build / "store")), format=RdfFormat.N_QUADS).decode("utf-8")
    graphs = split_graphs(quads)
    smallest = min(graphs, key=lambda g: len(graphs[g]))
    changed = quads + f'<https://w3id.org/ipgraph/id/bench> <http://www.w3.org/2000/01/rdf-schema#label> "bench" <{smallest}> .\n'
    with tempfile.TemporaryDirectory() as tmp:
        prev = Path(tmp) / "prev"
        prev.mkdir()
        t0 = time.perf_counter()
        store, digests, _ = load_store(prev / "store", quads, None)
        clean = time.perf_counter() - t0
        del store
        (prev / "manifest.json").write_text(json.dumps({"graph_sha256": digests}), encoding="utf-8")
        t0 = time.perf_counter()
        store, _d, update = load_store(Path(tmp) / "next" / "store", changed, prev)
        inc = time.perf_counter() - t0
        assert len(store) == changed.count("\n")
    print(f"quads: {quads.count(chr(10))}, graphs: {len(graphs)}, changed graph: {smallest} ({len(graphs[smallest])} quads)")
    print(f"clean load: {clean:.2f} s; incremental (copy + replace 1 graph): {inc:.2f} s; ratio clean/incremental: {clean / inc:.1f}")
    print(f"kept {len(update.kept)}, replaced {update.replaced}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "exports"))
