"""A build killed with SIGKILL anywhere leaves the old or the new complete build, and the store opens."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ipgraph.faults import CRASH_POINTS

from .conftest import ROOT, run_cli, seed_data_copy

BUILD_ARGS = ("--quiet", "build", "--data", "data", "--out", "exports", "--no-reasoner")


def _complete(out: Path) -> str:
    """Assert `out` is a complete build and return its input digest."""
    assert out.is_symlink(), "exports must stay a symlink"
    target = out.resolve()
    assert target.is_dir(), f"dangling exports -> {target}"
    for name in ("ipgraph.ttl", "ipgraph.nt", "ipgraph.trig", "observations.csv", "report.md", "manifest.json"):
        assert (out / name).is_file(), name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["validation"] == "passed"
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(out / "store"))
    n = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))["n"]
    assert int(n.value) > 1000
    return manifest["inputs_sha256"]


@pytest.fixture()
def workspace(tmp_path: Path):
    ws = tmp_path / "ws"
    seed_data_copy(ws / "data")
    run_cli(*BUILD_ARGS, cwd=ws, check=True)
    old = _complete(ws / "exports")
    reg = ws / "data" / "sources.yaml"
    reg.write_text(reg.read_text(encoding="utf-8").replace("title: First in the province",
                                                           "title: First in the province (revised)", 1),
                   encoding="utf-8")
    assert "(revised)" in reg.read_text(encoding="utf-8")
    return ws, old


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_kill_at_named_point(workspace, point):
    ws, old = workspace
    proc = run_cli(*BUILD_ARGS, cwd=ws, env={"IPGRAPH_CRASH_AT": point})
    assert proc.returncode == -signal.SIGKILL, (point, proc.returncode, proc.stderr)
    # every point lies before the one rename that switches: the old build is still the complete current one
    assert _complete(ws / "exports") == old
    # the next build succeeds and switches to the new inputs
    run_cli(*BUILD_ARGS, cwd=ws, check=True)
    new = _complete(ws / "exports")
    assert new != old
    assert not list((ws / ".builds").glob(".tmp-*")), "stale temporary build folders are cleaned"


def test_random_kill_sweep(workspace):
    """Seeded random kill times over a whole build (covers points between the named ones)."""
    ws, old = workspace
    rng = random.Random(20261125)
    seen = set()
    for _ in range(4):
        p = subprocess.Popen([sys.executable, "-m", "ipgraph", *BUILD_ARGS], cwd=ws, env=os.environ.copy(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 3.0))
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=60)
        digest = _complete(ws / "exports")
        seen.add(digest)
    assert seen <= {old, _new_digest(ws)}


def _new_digest(ws: Path) -> str:
    out = ws / "probe-exports"
    run_cli("--quiet", "build", "--data", "data", "--out", str(out), "--no-reasoner", cwd=ws, check=True)
    return json.loads((out / "manifest.json").read_text())["inputs_sha256"]


def test_points_are_reached():
    """Every named point exists in the build code (a renamed point would make its test vacuous)."""
    src = "".join(p.read_text() for p in (ROOT / "src" / "ipgraph").rglob("*.py"))
    for point in CRASH_POINTS:
        assert f'crash_point("{point}")' in src, point
