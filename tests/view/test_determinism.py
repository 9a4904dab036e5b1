"""The view exports are byte-identical across processes with different hash seeds (contracts: determinism)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from .conftest import seed_data_dir

SCRIPT = """
import hashlib, sys
from pathlib import Path
from ipgraph.loaders.project import load_project
from ipgraph.rdf.emit import emit
from ipgraph.resources import ontology_files
from ipgraph.view.data import view_data
from ipgraph.view.exports import write_view_exports
from ipgraph.view.html import render_html

project = load_project(Path(sys.argv[1]), extractor=None)
ds = emit(project, ontology_files(), []).dataset
out = Path(sys.argv[2]); out.mkdir()
write_view_exports(project, ds, out, validation="passed")
(out / "forced-layout.html").write_text(render_html(view_data(ds), "t", large_threshold=10), encoding="utf-8")
for name in sorted(p.name for p in out.iterdir()):
    print(name, hashlib.sha256((out / name).read_bytes()).hexdigest())
"""


def test_view_exports_identical_across_hash_seeds(tmp_path):
    data = seed_data_dir(tmp_path / "data")
    digests = []
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        res = subprocess.run([sys.executable, "-c", SCRIPT, str(data), str(tmp_path / f"out{seed}")],
                             capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
        assert res.returncode == 0, res.stderr
        digests.append(res.stdout)
    assert digests[0] == digests[1]
    assert len(digests[0].splitlines()) == 4
    assert hashlib.sha256(digests[0].encode()).hexdigest()
