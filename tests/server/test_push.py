"""`ipgraph push` to a real Oxigraph server (Graph Store HTTP Protocol), directly and behind a Basic-auth proxy."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest

from ipgraph.query import OxigraphEngine, bind_params, shipped_queries

COUNT_BY_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def push_cli(out, endpoint: str, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "ipgraph", "push", "--out", str(out), "--endpoint", endpoint,
                           *extra], capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})})


def remote_select(base: str, text: str) -> list[tuple]:
    req = urllib.request.Request(f"{base}/query", urlencode({"query": text}).encode(),
                                 {"Accept": "application/sparql-results+json",
                                  "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        doc = json.loads(resp.read())
    return [tuple(b.get(v, {}).get("value", "") for v in doc["head"]["vars"]) for b in doc["results"]["bindings"]]


def local_select(out, text: str, bindings: dict | None = None) -> list[tuple]:
    res = OxigraphEngine(out / "store").run(text, bindings or {})
    return [tuple(str(r.get(v, "")) for v in res.variables) for r in res.rows]


def with_values(text: str, bindings: dict) -> str:
    """The query with its parameters fixed by a VALUES block at the start of WHERE (terms, never raw text)."""
    if not bindings:
        return text
    names = sorted(bindings)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(bindings[n].n3() for n in names)}) }}\n"
    m = re.search(r"WHERE\s*\{", text, re.I)
    assert m, text
    return text[:m.end()] + "\n" + block + text[m.end():]


def test_push_twice_gives_the_same_answers_as_the_embedded_store(store_build, oxigraph_server):
    from ipgraph.query import _with_prologue

    first = push_cli(store_build, f"{oxigraph_server}/store")
    assert first.returncode == 0, first.stderr
    counts = remote_select(oxigraph_server, COUNT_BY_GRAPH)
    assert counts == local_select(store_build, COUNT_BY_GRAPH)
    assert len(counts) >= 3
    second = push_cli(store_build, f"{oxigraph_server}/store")
    assert second.returncode == 0, second.stderr
    assert remote_select(oxigraph_server, COUNT_BY_GRAPH) == counts  # replace semantics: nothing doubled
    engine = OxigraphEngine(store_build / "store")
    for name, q in shipped_queries().items():
        bindings = bind_params(engine, q, {})
        want = local_select(store_build, q.text, bindings)
        got = remote_select(oxigraph_server, _with_prologue(with_values(q.text, bindings)))
        assert sorted(got) == sorted(want), name
        assert want, f"{name} returns no row on the seed"


def test_push_replaces_a_graph_that_changed_on_the_server(store_build, oxigraph_server):
    graph = "https://w3id.org/ipgraph/graph/reference"
    extra = b"<http://example.org/stale> <http://example.org/p> \"left over\" .\n"
    req = urllib.request.Request(f"{oxigraph_server}/store?graph={graph}", extra, method="POST",
                                 headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(req, timeout=30).close()
    proc = push_cli(store_build, f"{oxigraph_server}/store", "--graph", graph)
    assert proc.returncode == 0, proc.stderr
    assert "pushed 1 graphs" in proc.stdout
    assert remote_select(oxigraph_server, 'SELECT ?s WHERE { ?s ?p "left over" }') == []
    assert remote_select(oxigraph_server, COUNT_BY_GRAPH) == [r for r in local_select(store_build, COUNT_BY_GRAPH)
                                                              if r[0] == graph]


class AuthProxy:
    """Forwards requests to `target` only with the expected Basic credentials, else answers 401."""

    def __init__(self, target: str, user: str, password: str):
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.seen: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _forward(self) -> None:
                auth = self.headers.get("Authorization", "")
                proxy.seen.append(auth)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if auth != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                req = urllib.request.Request(target + self.path, body or None, method=self.command,
                                             headers={k: v for k, v in self.headers.items()
                                                      if k.lower() in ("content-type", "accept")})
                try:
                    with urllib.request.urlopen(req, timeout=60) as resp:
                        status, data = resp.status, resp.read()
                except urllib.error.HTTPError as exc:
                    status, data = exc.code, exc.read()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_PUT = do_POST = do_GET = _forward  # noqa: N815

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def auth_proxy(oxigraph_server):
    proxy = AuthProxy(oxigraph_server, "publisher", "s3cret-pw")
    yield proxy
    proxy.close()


def test_push_sends_basic_credentials_through_a_proxy(store_build, oxigraph_server, auth_proxy):
    refused = push_cli(store_build, f"{auth_proxy.url}/store")
    assert refused.returncode == 2
    assert "401" in refused.stderr and "Traceback" not in refused.stderr
    wrong = push_cli(store_build, f"{auth_proxy.url}/store", "--user", "publisher", "--password-env", "IPG_PW",
                     env={"IPG_PW": "wrong"})
    assert wrong.returncode == 2 and "401" in wrong.stderr
    assert remote_select(oxigraph_server, COUNT_BY_GRAPH) == []  # nothing got through
    ok = push_cli(store_build, f"{auth_proxy.url}/store", "--user", "publisher", "--password-env", "IPG_PW",
                  env={"IPG_PW": "s3cret-pw"})
    assert ok.returncode == 0, ok.stderr
    assert "s3cret-pw" not in ok.stdout + ok.stderr
    assert remote_select(oxigraph_server, COUNT_BY_GRAPH) == local_select(store_build, COUNT_BY_GRAPH)
    missing = push_cli(store_build, f"{auth_proxy.url}/store", "--user", "publisher", "--password-env", "NO_SUCH_VAR")
    assert missing.returncode == 2 and "NO_SUCH_VAR" in missing.stderr


def test_push_to_an_unreachable_endpoint_is_a_one_line_error(store_build):
    import socket

    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = push_cli(store_build, f"http://127.0.0.1:{port}/store")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "cannot connect" in proc.stderr
