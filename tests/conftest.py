"""Shared fixtures: one seed build and one Hangzhou-fixture build per test session (real builds, no mocks)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "data" / "fixtures"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, check: bool = False
            ) -> subprocess.CompletedProcess:
    """Run `python -m ipgraph ARGS` in a fresh process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "ipgraph", *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"ipgraph {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def seed_data_copy(dst: Path) -> Path:
    """data/ without its table sources: the seed article, its curated file and the gazetteer.

    The real tables (issue 6) have their own tests; keeping them out makes the seed fixtures fast."""
    import yaml

    shutil.copytree(DATA, dst, ignore=shutil.ignore_patterns("tables"))
    reg = dst / "sources.yaml"
    doc = yaml.safe_load(reg.read_text(encoding="utf-8"))
    doc["sources"] = [s for s in doc["sources"] if s.get("kind") != "table"]
    reg.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst


def trimmed_data_copy(dst: Path, ids_per_table: int = 6) -> Path:
    """data/ with every table cut to the rows of its first `ids_per_table` subjects (all their years), so that
    a build with the table path and derived statistics takes seconds and every shipped query has rows."""
    import csv
    import io

    shutil.copytree(DATA, dst)
    for path in sorted((dst / "tables").glob("*.csv")):
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="surrogateescape")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if len(rows) < 200:
            continue
        keep_ids: list[str] = []
        for row in rows[1:]:
            if row and row[0] not in keep_ids:
                keep_ids.append(row[0])
            if len(keep_ids) >= ids_per_table:
                break
        kept = [rows[0]] + [r for r in rows[1:] if r and r[0] in keep_ids]
        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\n").writerows(kept)
        path.write_bytes(buf.getvalue().encode("utf-8", errors="surrogateescape"))
    return dst


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory) -> Path:
    return seed_data_copy(tmp_path_factory.mktemp("seeddata") / "data")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, seed_data) -> Path:
    """The seed data folder built with full validation (SHACL, HermiT, QC); returns the exports path."""
    from ipgraph import build

    out = tmp_path_factory.mktemp("seed") / "exports"
    build(seed_data, out, extract=False)
    return out


@pytest.fixture(scope="session")
def hangzhou_build(tmp_path_factory) -> Path:
    from ipgraph import build

    out = tmp_path_factory.mktemp("hangzhou") / "exports"
    build(FIXTURES / "hangzhou", out, extract=False)
    return out


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A writable copy of the seed data folder, for tests that break it on purpose."""
    return seed_data_copy(tmp_path / "data")
