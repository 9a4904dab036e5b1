"""Incremental builds: the previous store is reused, only changed graphs are replaced, and the result is
identical to a clean build of the same inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from ipgraph.build import build
from ipgraph.incremental import graph_digests, split_graphs

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = "https://w3id.org/ipgraph/graph/ontology"
REFERENCE = "https://w3id.org/ipgraph/graph/reference"


def small_data(dst: Path) -> Path:
    """data/ without its large tables (a build in seconds)."""
    shutil.copytree(ROOT / "data", dst)
    doc = yaml.safe_load((dst / "sources.yaml").read_text(encoding="utf-8"))
    doc["sources"] = [s for s in doc["sources"] if s.get("kind") != "table" or (dst / s["path"]).stat().st_size < 10_000]
    (dst / "sources.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst


def store_nquads(build_dir: Path) -> list[str]:
    from pyoxigraph import Store

    store = Store.read_only(str(build_dir / "store"))
    return sorted(str(q) for q in store)


def files(build_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(build_dir).as_posix(): p.read_bytes() for p in sorted(build_dir.rglob("*"))
            if p.is_file() and "store" not in p.relative_to(build_dir).parts}


def change_inputs(data: Path) -> str:
    """Add a place to the gazetteer and retitle the first article: two graphs change, the ontology does not."""
    gaz = data / "reference" / "gazetteer.yaml"
    text = gaz.read_text(encoding="utf-8")
    assert "\nplaces:\n" in text
    gaz.write_text(text.replace("\nplaces:\n", "\nplaces:\n  - id: incremental-test-place\n    type: City\n"
                                "    label: {en: Incremental-test place}\n    within: china\n", 1), encoding="utf-8")
    doc = yaml.safe_load((data / "sources.yaml").read_text(encoding="utf-8"))
    article = next(s for s in doc["sources"] if s["kind"] == "article")
    article["title"] = "Retitled for the incremental-build test"
    (data / "sources.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return f"https://w3id.org/ipgraph/graph/{article['id']}"


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    data = small_data(root / "data")
    first = build(data, root / "exports", reasoner=False, shacl=False, extract=False)
    unchanged = build(data, root / "exports", reasoner=False, shacl=False, extract=False)
    article_graph = change_inputs(data)
    inc = build(data, root / "exports", reasoner=False, shacl=False, extract=False)
    clean = build(data, root / "clean" / "exports", reasoner=False, shacl=False, extract=False)
    return first, unchanged, inc, clean, article_graph


def test_incremental_build_equals_a_clean_build(builds):
    _first, _unchanged, inc, clean, _g = builds
    assert inc.store_update.reused_from and clean.store_update.reused_from is None
    assert store_nquads(inc.build_dir) == store_nquads(clean.build_dir)
    a, b = files(inc.build_dir), files(clean.build_dir)
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name
    assert any('"Incremental-test place"@en' in q for q in store_nquads(inc.build_dir))


def test_only_changed_graphs_are_replaced(builds):
    first, unchanged, inc, _clean, article_graph = builds
    assert first.store_update.reused_from is None
    # table graphs are loaded by the table loader, outside the emitted dataset: dropped from the copy, reloaded
    tables = {f"https://w3id.org/ipgraph/graph/{s['id']}" for s in yaml.safe_load(
        (ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"] if s["kind"] == "table"}
    assert unchanged.store_update.replaced == [] and set(unchanged.store_update.removed) <= tables
    assert ONTOLOGY in unchanged.store_update.kept
    assert set(inc.store_update.replaced) == {REFERENCE, article_graph}
    assert ONTOLOGY in inc.store_update.kept
    assert store_nquads(unchanged.build_dir) == store_nquads(first.build_dir)


def test_a_removed_source_graph_is_dropped(tmp_path):
    from ipgraph.incremental import load_store

    prev = tmp_path / "prev"
    quads = ('<http://e/s> <http://e/p> "x" <http://e/g1> .\n<http://e/s> <http://e/p> "y" <http://e/g2> .\n')
    prev.mkdir()
    store, digests, _u = load_store(prev / "store", quads, None)
    del store
    (prev / "manifest.json").write_text(json.dumps({"graph_sha256": digests}), encoding="utf-8")
    new = '<http://e/s> <http://e/p> "y" <http://e/g2> .\n<http://e/s> <http://e/p> "z" <http://e/g3> .\n'
    store, _d, update = load_store(tmp_path / "next" / "store", new, prev)
    assert update.kept == ["http://e/g2"] and update.removed == ["http://e/g1"] and update.replaced == ["http://e/g3"]
    assert sorted(str(q) for q in store) == sorted(line[:-2].strip() for line in new.splitlines())


def test_graph_digests_ignore_line_order():
    lines = ['<http://e/s> <http://e/p> "a b" <http://e/g> .\n', '<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\n']
    assert graph_digests(split_graphs("".join(lines))) == graph_digests(split_graphs("".join(reversed(lines))))
    assert set(split_graphs("".join(lines))) == {"http://e/g"}
