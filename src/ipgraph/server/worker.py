"""Query workers: each SPARQL query runs in a separate process that is killed at the deadline.

pyoxigraph's `Store.query` cannot be interrupted (contracts: SPARQL), so the endpoint keeps a few worker
processes, each with the current build's store opened read-only; a request borrows one, and a worker that
misses the deadline is killed and replaced. Workers reopen the store when the build directory they are
handed changes (the exports symlink switched).
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass

from .results import CONTENT_TYPES, GRAPH_TYPES, SELECT_TYPES, ask_bytes, graph_bytes, negotiate, select_bytes


@dataclass
class Answer:
    """What the HTTP layer sends: a status, a content type and a body."""

    status: int
    content_type: str
    body: bytes


def _error(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def execute(store, job: dict) -> Answer:
    """Run one job on an open store: a SPARQL query text, or a named query with its parameters."""
    import pyoxigraph as ox

    from ..errors import InputError
    from ..query import OxigraphEngine, _with_prologue, bind_params, resolve_query, shipped_queries

    max_rows = job["max_rows"]
    subs = {}
    if job.get("name"):
        queries = shipped_queries()
        if job["name"] not in queries:
            return _error(404, f"no named query {job['name']!r} (shipped: {', '.join(queries)})")
        named = resolve_query(job["name"])
        try:
            bindings = bind_params(OxigraphEngine(store=store), named, job.get("params") or {})
        except InputError as exc:
            return _error(400, str(exc))
        subs = {ox.Variable(k): OxigraphEngine.to_ox(v) for k, v in bindings.items()}
        text = _with_prologue(named.text)
    else:
        text = _with_prologue(job["query"]) if job.get("prologue", True) else job["query"]
    kwargs: dict = {"substitutions": subs}
    if job.get("default_graphs") or job.get("named_graphs"):
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.get("default_graphs") or []] or None
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.get("named_graphs") or []] or None
    else:
        kwargs["use_default_graph_as_union"] = True
    try:
        res = store.query(text, **kwargs)
    except SyntaxError as exc:
        return _error(400, f"SPARQL syntax error: {exc}")
    except (OSError, ValueError, TypeError) as exc:
        return _error(400, f"query failed: {exc}")
    accept, forced = job.get("accept"), job.get("format")
    if isinstance(res, ox.QueryTriples):
        fmt = forced if forced in ("ttl", "nt") else negotiate(accept, GRAPH_TYPES, "ttl")
        if fmt is None:
            return _error(406, "CONSTRUCT / DESCRIBE results are available as text/turtle or application/n-triples")
        triples = []
        for t in res:
            triples.append(t)
            if len(triples) > max_rows:
                return _error(413, f"result has more than {max_rows} triples (the server's cap); "
                                   "narrow the query or add a LIMIT")
        return Answer(200, CONTENT_TYPES[fmt], graph_bytes(triples, fmt))
    fmt = forced if forced in ("json", "xml", "csv", "tsv") else negotiate(accept, SELECT_TYPES, "json")
    if fmt is None:
        return _error(406, "SELECT / ASK results are available as SPARQL JSON, XML, CSV or TSV")
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        rows = []
        for sol in res:
            rows.append([sol[v] for v in variables])
            if len(rows) > max_rows:
                return _error(413, f"result has more than {max_rows} rows (the server's cap); "
                                   "narrow the query or add a LIMIT")
        return Answer(200, CONTENT_TYPES[fmt], select_bytes(variables, rows, fmt))
    return Answer(200, CONTENT_TYPES[fmt], ask_bytes(bool(res), fmt))


def _worker_main(conn) -> None:
    """Serve jobs from `conn` until it closes; the store is (re)opened read-only per build directory."""
    from pyoxigraph import Store

    store, opened = None, None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if job["store"] != opened:
                store = None
                store = Store.read_only(job["store"])
                opened = job["store"]
            answer = execute(store, job)
        except Exception as exc:  # noqa: BLE001 - reported to the client, the worker lives on
            answer = _error(500, f"internal error: {type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child,), daemon=True)
        self.proc.start()
        child.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """A fixed number of query processes; `run` borrows one, and kills it if the deadline passes."""

    def __init__(self, size: int = 2, timeout: float = 30.0):
        self.ctx = mp.get_context("spawn")  # no fork of a threaded server
        self.timeout = timeout
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self.idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        w = _Worker(self.ctx)
        with self._lock:
            self._all.append(w)
        return w

    def _retire(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            if w in self._all:
                self._all.remove(w)

    def run(self, job: dict, timeout: float | None = None) -> Answer:
        timeout = self.timeout if timeout is None else timeout
        start = time.monotonic()
        try:
            w = self.idle.get(timeout=timeout)
        except queue.Empty:
            return _error(503, f"all query workers busy for {timeout:g} s; try again")
        remaining = max(0.05, timeout - (time.monotonic() - start))
        try:
            w.conn.send(job)
            if w.conn.poll(remaining):
                answer = w.conn.recv()
                self.idle.put(w)
                return answer
        except (EOFError, OSError, BrokenPipeError):
            self._retire(w)
            self.idle.put(self._spawn())
            return _error(500, "query worker died; the query was not answered")
        self._retire(w)
        self.idle.put(self._spawn())
        return _error(503, f"query stopped: it ran longer than the {timeout:g} s timeout")

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
