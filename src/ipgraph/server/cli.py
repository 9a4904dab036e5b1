"""`ipgraph serve` and `ipgraph push`, registered on the main CLI by `ipgraph.cli`."""

from __future__ import annotations

from pathlib import Path

import click


def _fail(ctx, exc: BaseException) -> None:
    from ..cli import _fail as fail

    fail(ctx, exc)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (loopback by default; anything else exposes the endpoint).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option("--out", default="exports", show_default=True, type=click.Path(path_type=Path),
              help="The build to serve (followed through its symlink on every request).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds a query may run before its worker process is killed.")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(1),
              help="Largest result (rows or triples) returned.")
@click.option("--max-request", default=1_000_000, show_default=True, type=click.IntRange(1024),
              help="Largest request body or query, in bytes.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Query worker processes (queries run in parallel up to this number).")
@click.pass_obj
def serve(ctx, host: str, port: int, out: Path, timeout: float, max_rows: int, max_request: int,
          workers: int) -> None:
    """Serve the current build as a read-only SPARQL 1.1 endpoint with a query page."""
    from .app import Server

    try:
        server = Server(out, host, port, timeout=timeout, max_rows=max_rows, max_request=max_request,
                        workers=workers)
    except Exception as exc:  # noqa: BLE001 - mapped to exit codes
        _fail(ctx, exc)
        return
    click.echo(f"ipgraph: serving {out} at {server.url}/ (SPARQL endpoint {server.url}/sparql)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


@click.command()
@click.option("--endpoint", required=True, help="Graph Store HTTP Protocol URL (e.g. http://host:7878/store).")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="Push only this named graph (repeatable; default: every graph of the build).")
@click.option("--out", default="exports", show_default=True, type=click.Path(path_type=Path),
              help="The build to push.")
@click.option("--user", default=None, help="HTTP Basic user name.")
@click.option("--password-env", default=None, metavar="VAR",
              help="Name of the environment variable holding the password (never the password itself).")
@click.option("--timeout", default=120.0, show_default=True, type=click.FloatRange(1))
@click.pass_obj
def push(ctx, endpoint: str, graphs: tuple[str, ...], out: Path, user: str | None, password_env: str | None,
         timeout: float) -> None:
    """Publish the build to a triple store, one PUT (replace) per named graph."""
    from .push import push as run_push

    try:
        done = run_push(out, endpoint, list(graphs) or None, user, password_env, timeout)
    except Exception as exc:  # noqa: BLE001 - mapped to exit codes
        _fail(ctx, exc)
        return
    for p in done:
        ctx.progress(f"PUT <{p.graph}>: {p.triples} triples (HTTP {p.status})")
    click.echo(f"pushed {len(done)} graphs, {sum(p.triples for p in done)} triples to {endpoint}")


def register(cli: click.Group) -> None:
    cli.add_command(serve)
    cli.add_command(push)
