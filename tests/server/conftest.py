"""Fixtures for the endpoint and push tests: a real build, `ipgraph serve` and an Oxigraph server as processes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, deadline: float = 30.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {deadline} s")


def small_data_copy(dst: Path) -> Path:
    """data/ with its tables trimmed to a few subjects, so a build takes seconds and table queries have rows."""
    from ..conftest import trimmed_data_copy

    return trimmed_data_copy(dst)


@pytest.fixture(scope="session")
def store_build(tmp_path_factory) -> Path:
    """The seed built without SHACL and HermiT (validated elsewhere): these tests need its store and files."""
    from ipgraph.build import build

    root = tmp_path_factory.mktemp("served")
    build(small_data_copy(root / "data"), root / "exports", reasoner=False, shacl=False, extract=False)
    return root / "exports"


class Served:
    def __init__(self, proc: subprocess.Popen, url: str):
        self.proc, self.url = proc, url

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


def start_serve(out: Path, *extra: str) -> Served:
    """`ipgraph serve --port 0` in a fresh process; the URL is read from its first stderr line."""
    proc = subprocess.Popen([sys.executable, "-m", "ipgraph", "serve", "--out", str(out), "--port", "0", *extra],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT)
    line = proc.stderr.readline()
    if "serving" not in line:
        proc.kill()
        raise AssertionError(f"ipgraph serve did not start: {line}{proc.stderr.read()}")
    url = line.split(" at ", 1)[1].split("/ ", 1)[0]
    return Served(proc, url)


@pytest.fixture(scope="session")
def endpoint(store_build) -> str:
    served = start_serve(store_build, "--timeout", "3", "--max-rows", "1000", "--max-request", "20000")
    yield served.url
    served.stop()


@pytest.fixture()
def oxigraph_server(tmp_path) -> str:
    """A real Oxigraph server (PyPI `oxigraph`) on a free loopback port; yields its base URL."""
    exe = shutil.which("oxigraph", path=os.path.dirname(sys.executable)) or shutil.which("oxigraph")
    assert exe, "the `oxigraph` server binary is missing: pip install -e '.[test]'"
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "oxstore"), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/query?query=ASK%7B%7D")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture()
def small_data(tmp_path) -> Path:
    """A writable copy of data/ without its large tables."""
    return small_data_copy(tmp_path / "data")


@pytest.fixture()
def serve():
    """Start `ipgraph serve` processes (`serve(out, *options)` -> Served); all are stopped afterwards."""
    started: list[Served] = []

    def start(out: Path, *extra: str) -> Served:
        started.append(start_serve(out, *extra))
        return started[-1]

    yield start
    for s in started:
        s.stop()
