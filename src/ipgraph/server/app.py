"""`ipgraph serve`: a read-only SPARQL 1.1 Protocol endpoint over the current build, on the standard library.

Routes: `/` query page (offline), `/sparql` (GET `?query=`, POST form or `application/sparql-query`),
`/query/<name>?param=value` (a shipped named query, parameters bound as RDF terms), `/queries.json`,
`/graph.html` and `/ontology.html` (files of the current build). Updates are refused with 403. The build is
found through the `exports` symlink on every request, so a new build is picked up without a restart.
"""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..errors import IpgraphError
from .results import FORMAT_ALIASES
from .worker import Answer, WorkerPool

BUILD_FILES = {"/graph.html": "graph.html", "/ontology.html": "ontology.html", "/overview.html": "overview.html",
               "/report.md": "report.md", "/manifest.json": "manifest.json"}
_UPDATE_TYPES = ("application/sparql-update",)


class Endpoint:
    """The state shared by request threads: where the build is, the worker pool and the limits."""

    def __init__(self, out: Path, timeout: float = 30.0, max_rows: int = 100_000,
                 max_request: int = 1_000_000, workers: int = 2):
        self.out = Path(out)
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_request = max_request
        self.current_store()  # fail early, before workers start, when there is no build
        self.pool = WorkerPool(workers, timeout)

    def build_dir(self) -> Path:
        return Path(os.path.realpath(self.out))

    def current_store(self) -> str:
        store = self.build_dir() / "store"
        if not store.is_dir():
            raise IpgraphError(f"{self.out}: no build with a store (run `ipgraph build --out {self.out}`)")
        return str(store)

    def run(self, job: dict) -> Answer:
        try:
            job = {**job, "store": self.current_store(), "max_rows": self.max_rows}
        except IpgraphError as exc:
            return Answer(503, "text/plain; charset=utf-8", f"{exc}\n".encode())
        return self.pool.run(job)


def _looks_like_update(text: str) -> bool:
    """An update sent where a query is expected (a query never starts with these keywords after its prologue)."""
    import re

    body = re.sub(r"(?m)#.*$", "", text)
    body = re.sub(r"(?is)^\s*((PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", body)
    return bool(re.match(r"(?i)\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", body))


def make_handler(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "ipgraph"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
            if os.environ.get("IPGRAPH_SERVE_LOG"):
                super().log_message(format, *args)

        # -- responses ------------------------------------------------------------------------------------
        def send(self, answer: Answer, head_only: bool = False) -> None:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.send_header("Vary", "Accept")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if not head_only:
                self.wfile.write(answer.body)

        def text(self, status: int, message: str) -> None:
            self.send(Answer(status, "text/plain; charset=utf-8", (message + "\n").encode()))

        # -- methods ----------------------------------------------------------------------------------------
        def do_GET(self) -> None:  # noqa: N802 - stdlib naming
            url = urlsplit(self.path)
            params = parse_qs(url.query, keep_blank_values=True)
            path = url.path.rstrip("/") or "/"
            if path in ("/", "/index.html"):
                from .page import render_page

                self.send(Answer(200, "text/html; charset=utf-8", render_page().encode("utf-8")))
            elif path == "/queries.json":
                from .page import queries_json

                self.send(Answer(200, "application/json", queries_json().encode("utf-8")))
            elif path == "/sparql":
                if "update" in params:
                    self.text(403, "updates are refused: this endpoint is read-only")
                elif "query" not in params:
                    self.text(400, "missing `query` parameter (SPARQL 1.1 Protocol)")
                else:
                    self.sparql(params["query"][0], params)
            elif path.startswith("/query/"):
                self.named(path[len("/query/"):], params)
            elif path in BUILD_FILES:
                self.build_file(BUILD_FILES[path])
            else:
                self.text(404, f"not found: {url.path}")

        def do_HEAD(self) -> None:  # noqa: N802
            self.text(405, "HEAD is not supported; use GET")

        def do_POST(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            path = url.path.rstrip("/")
            length = self.headers.get("Content-Length")
            if length is None or not length.isdigit():
                self.close_connection = True
                self.text(411, "a POST needs a Content-Length")
                return
            if int(length) > endpoint.max_request:
                self.close_connection = True
                self.text(413, f"request body larger than {endpoint.max_request} bytes")
                return
            body = self.rfile.read(int(length))
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            params = parse_qs(url.query, keep_blank_values=True)
            if ctype in _UPDATE_TYPES:
                self.text(403, "updates are refused: this endpoint is read-only")
                return
            if path == "/sparql":
                if ctype == "application/x-www-form-urlencoded":
                    try:
                        form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
                    except UnicodeDecodeError:
                        self.text(400, "form body is not UTF-8")
                        return
                    if "update" in form:
                        self.text(403, "updates are refused: this endpoint is read-only")
                        return
                    if "query" not in form:
                        self.text(400, "missing `query` field in the form body")
                        return
                    self.sparql(form["query"][0], {**params, **form})
                elif ctype == "application/sparql-query":
                    try:
                        self.sparql(body.decode("utf-8"), params)
                    except UnicodeDecodeError:
                        self.text(400, "query body is not UTF-8")
                else:
                    self.text(415, "POST a form (application/x-www-form-urlencoded) or application/sparql-query")
            elif path.startswith("/query/"):
                self.named(path[len("/query/"):], params)
            else:
                self.text(404, f"not found: {url.path}")

        do_PUT = do_DELETE = do_PATCH = lambda self: self.text(405, "read-only endpoint")  # noqa: E731,N815

        # -- handlers ---------------------------------------------------------------------------------------
        def _format(self, params: dict) -> str | None:
            for key in ("format", "output"):
                for value in params.get(key, []):
                    fmt = FORMAT_ALIASES.get(value.lower().strip())
                    if fmt:
                        return fmt
            return None

        def sparql(self, text: str, params: dict) -> None:
            if len(text.encode("utf-8")) > endpoint.max_request:
                self.text(413, f"query larger than {endpoint.max_request} bytes")
                return
            if _looks_like_update(text):
                self.text(403, "updates are refused: this endpoint is read-only")
                return
            job = {"query": text, "accept": self.headers.get("Accept"), "format": self._format(params),
                   "default_graphs": params.get("default-graph-uri", []),
                   "named_graphs": params.get("named-graph-uri", [])}
            self.send(endpoint.run(job))

        def named(self, name: str, params: dict) -> None:
            reserved = {"format", "output"}
            bound = {k: v[-1] for k, v in params.items() if k not in reserved}
            job = {"name": name, "params": bound, "accept": self.headers.get("Accept"),
                   "format": self._format(params)}
            self.send(endpoint.run(job))

        def build_file(self, name: str) -> None:
            path = endpoint.build_dir() / name
            if not path.is_file():
                self.text(404, f"{name} is not in the current build")
                return
            ctype = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8",
                     "json": "application/json"}[name.rsplit(".", 1)[1]]
            self.send(Answer(200, ctype, path.read_bytes()))

    return Handler


class Server:
    """The endpoint and its HTTP server; `serve_forever` blocks, `start` runs it on a thread (for tests)."""

    def __init__(self, out: Path | str = "exports", host: str = "127.0.0.1", port: int = 7878,
                 timeout: float = 30.0, max_rows: int = 100_000, max_request: int = 1_000_000, workers: int = 2):
        self.endpoint = Endpoint(Path(out), timeout, max_rows, max_request, workers)
        try:
            self.httpd = ThreadingHTTPServer((host, port), make_handler(self.endpoint))
        except OSError as exc:
            self.endpoint.pool.close()
            raise IpgraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def serve_forever(self) -> None:
        try:
            self.httpd.serve_forever()
        finally:
            self.close()

    def start(self) -> Server:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self.httpd.shutdown() if self._thread else None
        self.httpd.server_close()
        self.endpoint.pool.close()


__all__ = ["Server", "Endpoint"]
