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


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The seed data folder built with full validation (SHACL, HermiT, QC); returns the exports path."""
    from ipgraph import build

    out = tmp_path_factory.mktemp("seed") / "exports"
    build(DATA, out, extract=False)
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
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst
