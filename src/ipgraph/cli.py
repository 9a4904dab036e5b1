"""`ipgraph` command line: a thin click layer over the library (exit codes: 0 ok, 1 validation, 2 input)."""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_INPUT, EXIT_OK, InputError, IpgraphError, ValidationFailed


class Context:
    def __init__(self, debug: bool, quiet: bool):
        self.debug = debug
        self.quiet = quiet

    def progress(self, msg: str) -> None:
        if not self.quiet:
            click.echo(f"ipgraph: {msg}", err=True)


def _fail(ctx: Context, exc: BaseException) -> None:
    if ctx.debug:
        traceback.print_exception(exc)
    if isinstance(exc, InputError):
        for p in exc.problems:
            click.echo(str(p), err=True)
        sys.exit(exc.exit_code)
    if isinstance(exc, ValidationFailed):
        click.echo(exc.report.summary(), err=True)
        sys.exit(exc.exit_code)
    if isinstance(exc, IpgraphError):
        click.echo(f"ipgraph: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(f"ipgraph: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)", err=True)
    sys.exit(EXIT_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ipgraph")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@click.pass_context
def cli(click_ctx: click.Context, debug: bool, quiet: bool) -> None:
    """Build and query a knowledge graph of regional innovation and IP statistics."""
    click_ctx.obj = Context(debug, quiet)


@cli.command()
@click.option("--data", "data_dir", default="data", show_default=True, type=click.Path(path_type=Path))
@click.option("--out", default="exports", show_default=True, type=click.Path(path_type=Path))
@click.option("--no-reasoner", is_flag=True, help="Skip the OWL reasoner (it needs Java).")
@click.option("--strict", is_flag=True, help="Every reported problem (cross-check, conflict) fails the build.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout.")
@click.pass_obj
def build(ctx: Context, data_dir: Path, out: Path, no_reasoner: bool, strict: bool, as_json: bool) -> None:
    """Build the graph from DATA into OUT (atomically switched; the previous build stays on failure)."""
    from .build import build as run_build

    try:
        res = run_build(data_dir, out, reasoner=not no_reasoner, strict=strict, progress=ctx.progress)
    except Exception as exc:  # noqa: BLE001 - mapped to exit codes
        _fail(ctx, exc)
        return
    if as_json:
        click.echo(json.dumps({"out": str(out), "build": res.build_dir.name, "stats": res.stats,
                               "validation": res.validation.checks_run}, sort_keys=True))
    elif not ctx.quiet:
        click.echo(res.validation.summary())
        click.echo(f"{res.stats.get('data_triples', 0)} triples, {res.stats.get('observations', 0)} observations -> {out}/")


@cli.command()
@click.option("--data", "data_dir", default="data", show_default=True, type=click.Path(path_type=Path))
@click.option("--no-reasoner", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def validate(ctx: Context, data_dir: Path, no_reasoner: bool, as_json: bool) -> None:
    """Validate DATA (SHACL, OWL reasoner, QC queries) without touching the exports."""
    import tempfile

    from .build import build as run_build

    with tempfile.TemporaryDirectory(prefix="ipgraph-validate-") as tmp:
        try:
            res = run_build(data_dir, Path(tmp) / "exports", reasoner=not no_reasoner, progress=ctx.progress)
        except Exception as exc:  # noqa: BLE001 - mapped to exit codes
            if as_json and isinstance(exc, ValidationFailed):
                click.echo(json.dumps([r.__dict__ for r in exc.report.results], sort_keys=True))
                sys.exit(exc.exit_code)
            _fail(ctx, exc)
            return
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in res.validation.results], sort_keys=True))
    else:
        click.echo(res.validation.summary())
    sys.exit(EXIT_OK)


@cli.command()
@click.argument("query", required=False)
@click.option("--out", default="exports", show_default=True, type=click.Path(path_type=Path),
              help="The build to query.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True)
@click.option("--list", "list_", is_flag=True, help="List the shipped named queries.")
@click.pass_obj
def query(ctx: Context, query: str | None, out: Path, fmt: str, params: tuple[str, ...], engine: str,
          list_: bool) -> None:
    """Run QUERY (a shipped query name, a .rq file or SPARQL text) against the current build."""
    from .query import format_result, run_query, shipped_queries

    try:
        if list_:
            for name, q in shipped_queries().items():
                ps = ", ".join(f"{p.name}={p.default}" for p in q.params)
                click.echo(f"{name}\t{q.description}" + (f"\t[{ps}]" if ps else ""))
            return
        if not query:
            raise click.UsageError("give a QUERY or --list")
        bound = {}
        for item in params:
            if "=" not in item:
                raise InputError_from_param(item)
            k, v = item.split("=", 1)
            bound[k.strip()] = v
        result = run_query(query, out, engine, bound)
        click.echo(format_result(result, fmt), nl=False)
    except click.UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - mapped to exit codes
        _fail(ctx, exc)


def InputError_from_param(item: str) -> InputError:  # noqa: N802 - reads as a constructor
    from .errors import Problem

    return InputError(Problem("--param", None, "param", f"expected NAME=VALUE, got {item!r}"))


def _register_stage_commands() -> None:
    """The extract, viz/stats and serve/push commands live beside their stages and register themselves here."""
    from .extract import cli as extract_cli
    from .server import cli as server_cli
    from .view import cli as view_cli

    for module in (extract_cli, view_cli, server_cli):
        module.register(cli)


_register_stage_commands()


def main() -> None:
    cli(prog_name="ipgraph")


if __name__ == "__main__":  # pragma: no cover
    main()
