"""Incremental builds: reuse the previous build's store and replace only the named graphs that changed.

Emitting RDF is cheap next to loading a large store, so every build still emits every graph (entity
resolution stays global, contracts: build outputs); each named graph's N-Quads are hashed, and a graph whose
hash matches the previous build's `manifest.json` is kept from the copied store while the others are removed
and loaded again. Graphs loaded into the store outside the emitted dataset (table graphs) are removed from
the copy and reloaded by their own loader, so the store always equals a clean build's.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .faults import crash_point

DEFAULT = ""  # key of the default graph


@dataclass
class StoreUpdate:
    """What an incremental store load did (reported by the build, tested)."""

    reused_from: str | None = None
    kept: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


_QUAD = re.compile(r'^(?:<[^>]*>|_:\S+) <[^>]*> (?:"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?|<[^>]*>|_:\S+)'
                   r'(?: <([^>]*)>)? \.\s*$')


def _graph_of(line: str) -> str:
    """The graph IRI of one N-Quads line ('' for a triple in the default graph)."""
    m = _QUAD.match(line)
    if m is None:
        raise ValueError(f"not an N-Quads line: {line[:200]!r}")
    return m.group(1) or DEFAULT


def split_graphs(quads: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in quads.splitlines(keepends=True):
        if line.strip():
            out.setdefault(_graph_of(line), []).append(line)
    return out


def graph_digests(graphs: dict[str, list[str]]) -> dict[str, str]:
    """SHA-256 of each graph's sorted N-Quads lines (independent of emission order)."""
    return {g: hashlib.sha256("".join(sorted(lines)).encode("utf-8")).hexdigest() for g, lines in graphs.items()}


def source_digests(project) -> dict[str, str]:
    """Per source: its registry entry, its file's bytes and its curated file, so a change names its source."""
    out = {}
    for sid, src in sorted(project.sources.items()):
        h = hashlib.sha256()
        record = {k: v for k, v in vars(src).items() if k not in ("text", "locator")}
        h.update(json.dumps(record, sort_keys=True, default=str).encode())
        for curated in (project.data_dir / "curated" / f"{sid}.yaml", project.data_dir / "curated" / f"{sid}.yml"):
            if curated.is_file():
                h.update(b"curated\0" + hashlib.sha256(curated.read_bytes()).digest())
        out[sid] = h.hexdigest()
    return out


def previous_build(out: Path) -> Path | None:
    """The build `out` points at now, if it has a store and per-graph digests to compare with."""
    if not out.is_symlink() and not out.is_dir():
        return None
    build = Path(os.path.realpath(out))
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (build / "store").is_dir() or "graph_sha256" not in manifest:
        return None
    return build


def load_store(store_dir: Path, quads: str, previous: Path | None) -> tuple[object, dict[str, str], StoreUpdate]:
    """Open a store at `store_dir` holding exactly `quads`, copied from `previous` when there is one."""
    from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store

    graphs = split_graphs(quads)
    digests = graph_digests(graphs)
    update = StoreUpdate()
    old: dict[str, str] = {}
    if previous is not None:
        old = json.loads((previous / "manifest.json").read_text(encoding="utf-8")).get("graph_sha256", {})
        shutil.copytree(previous / "store", store_dir)
        update.reused_from = previous.name
    store = Store(str(store_dir))
    if previous is None:
        store.bulk_load(quads.encode("utf-8"), RdfFormat.N_QUADS)
        crash_point("mid-bulk-load")
        update.replaced = sorted(graphs)
    else:
        present = {g.value for g in store.named_graphs()}
        if any(True for _ in store.quads_for_pattern(None, None, None, DefaultGraph())):
            present.add(DEFAULT)
        for g in sorted(present | set(graphs)):
            if g in graphs and old.get(g) == digests[g] and g in present:
                update.kept.append(g)
                continue
            if g in present:
                store.remove_graph(NamedNode(g) if g else DefaultGraph())
            if g in graphs:
                store.bulk_load("".join(graphs[g]).encode("utf-8"), RdfFormat.N_QUADS)
                crash_point("mid-bulk-load")
                update.replaced.append(g)
            else:
                update.removed.append(g)
    store.flush()
    return store, digests, update
