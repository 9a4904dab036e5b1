"""`ipgraph push`: publish a build to a SPARQL 1.1 Graph Store HTTP Protocol server, one PUT per named graph.

PUT replaces a graph's content, so pushing the same build twice leaves the server with the same data
(contracts: named graphs in `push` are one per source plus `ontology`, `reference` and `derived`). Works with
any GSP server: Oxigraph (`http://host:7878/store`), Fuseki (`http://host:3030/ds/data`), GraphDB
(`http://host:7200/repositories/R/rdf-graphs/service`), Virtuoso (`http://host:8890/sparql-graph-crud`).
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..errors import IpgraphError


@dataclass
class Pushed:
    graph: str
    triples: int
    status: int


def graph_payloads(out: Path, only: list[str] | None = None) -> dict[str, bytes]:
    """Each named graph of the build's store as sorted N-Triples (deterministic bytes per graph)."""
    import pyoxigraph as ox

    store_dir = Path(out) / "store"
    if not store_dir.is_dir():
        raise IpgraphError(f"{out}: no build with a store (run `ipgraph build --out {out}`)")
    store = ox.Store.read_only(str(store_dir))
    names = sorted(g.value for g in store.named_graphs())
    if only:
        missing = sorted(set(only) - set(names))
        if missing:
            raise IpgraphError(f"graph(s) not in the build: {', '.join(missing)} (has: {', '.join(names)})")
        names = [n for n in names if n in set(only)]
    payloads = {}
    for name in names:
        lines = sorted(str(ox.Triple(q.subject, q.predicate, q.object)) + " .\n"
                       for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        payloads[name] = "".join(lines).encode("utf-8")
    return payloads


def _auth_header(user: str | None, password_env: str | None) -> dict[str, str]:
    if user is None:
        if password_env:
            raise IpgraphError("--password-env needs --user")
        return {}
    password = ""
    if password_env:
        if password_env not in os.environ:
            raise IpgraphError(f"--password-env {password_env}: the environment variable is not set")
        password = os.environ[password_env]
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def push(out: Path | str, endpoint: str, graphs: list[str] | None = None, user: str | None = None,
         password_env: str | None = None, timeout: float = 120.0) -> list[Pushed]:
    """PUT every named graph of the build at `out` to the Graph Store endpoint; raise on the first failure."""
    if not endpoint.startswith(("http://", "https://")):
        raise IpgraphError(f"--endpoint {endpoint!r}: expected an http(s) URL of a Graph Store endpoint")
    headers = {"Content-Type": "application/n-triples", **_auth_header(user, password_env)}
    done = []
    sep = "&" if "?" in endpoint else "?"
    for name, body in graph_payloads(Path(out), graphs).items():
        url = f"{endpoint}{sep}graph={quote(name, safe='')}"
        req = urllib.request.Request(url, data=body, method="PUT", headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                status = resp.status
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
            hint = " (check --user / --password-env)" if exc.code in (401, 403) else ""
            raise IpgraphError(f"{endpoint}: PUT graph <{name}> refused: HTTP {exc.code} {exc.reason}{hint}"
                               + (f": {detail}" if detail else "")) from exc
        except urllib.error.URLError as exc:
            raise IpgraphError(f"{endpoint}: cannot connect: {exc.reason}") from exc
        except TimeoutError as exc:
            raise IpgraphError(f"{endpoint}: no answer within {timeout:g} s") from exc
        done.append(Pushed(name, body.count(b"\n"), status))
    return done
