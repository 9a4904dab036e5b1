"""`ipgraph viz` (one self-contained HTML page of the graph or part of it) and `ipgraph stats`."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import click

from ..errors import InputError, IpgraphError, Problem
from .data import ViewData, view_data


def load_view(out: Path, observations_as_nodes: bool = False) -> ViewData:
    """The view data of the build at `out` (reads its `ipgraph.trig`, ontology included for class families)."""
    from ..build import open_graph

    return view_data(open_graph(out), observations_as_nodes=observations_as_nodes)


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).casefold().strip()


def resolve_focus(data: ViewData, spec: str) -> str:
    """An entity IRI from an IRI, `kind/slug`, local id, label (en/zh) or alias; exact matches only."""
    want = _norm(spec)
    for n in data.nodes:
        if spec == n["id"] or n["id"].endswith("/id/" + spec):
            return n["id"]
    hits = [n["id"] for n in data.nodes
            if want in {_norm(x) for x in [n["local_id"], n["label"], n["en"], n["zh"], *n["aliases"]] if x}]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise InputError(Problem("--focus", None, "focus", f"{spec!r} is ambiguous: {', '.join(sorted(hits))}"))
    near = sorted(n["label"] for n in data.nodes if want and want in _norm(n["label"]))[:5]
    hint = f" (did you mean: {'; '.join(near)})" if near else ""
    raise InputError(Problem("--focus", None, "focus", f"no entity matches {spec!r}{hint}"))


def _classes(data: ViewData, given: tuple[str, ...]) -> list[str] | None:
    names = [c.strip() for g in given for c in g.split(",") if c.strip()]
    if not names:
        return None
    known = {n["kind"] for n in data.nodes} | {f for n in data.nodes for f in data.families(n["kind"])}
    unknown = [c for c in names if c not in known]
    if unknown:
        raise InputError(Problem("--classes", None, "classes",
                                 f"unknown class {', '.join(unknown)}; known: {', '.join(sorted(known))}"))
    return names


def register(cli: click.Group) -> None:
    from ..cli import _fail

    @cli.command()
    @click.option("--out", default="exports", show_default=True, type=click.Path(path_type=Path),
                  help="The build to draw.")
    @click.option("--focus", help="Entity (IRI, id, label or alias) to centre on.")
    @click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 20),
                  help="Hops around --focus.")
    @click.option("--classes", multiple=True, help="Classes to draw (comma-separated or repeated; "
                                                    "superclasses such as Organization or Place work).")
    @click.option("--max-nodes", type=click.IntRange(1), help="Cap on drawn nodes (nearest to the focus first).")
    @click.option("--observations-as-nodes", is_flag=True, help="Draw observations as nodes, not attributes.")
    @click.option("-o", "--output", "output", default="graph.html", show_default=True,
                  type=click.Path(path_type=Path, dir_okay=False))
    @click.pass_obj
    def viz(ctx, out: Path, focus: str | None, depth: int, classes: tuple[str, ...], max_nodes: int | None,
            observations_as_nodes: bool, output: Path) -> None:
        """Write one self-contained HTML page (no network access needed) of the graph or a part of it."""
        from .data import subgraph
        from .html import render_html

        try:
            data = load_view(out, observations_as_nodes)
            focus_iri = resolve_focus(data, focus) if focus else None
            part = subgraph(data, focus_iri, depth, _classes(data, classes), max_nodes)
            title = "ipgraph" + (f": around {next(n['label'] for n in data.nodes if n['id'] == focus_iri)}"
                                 if focus_iri else ": graph")
            try:
                output.write_text(render_html(part, title), encoding="utf-8", newline="\n")
            except OSError as exc:
                raise IpgraphError(f"{output}: cannot write: {exc.strerror}") from exc
        except Exception as exc:  # noqa: BLE001 - mapped to exit codes
            _fail(ctx, exc)
            return
        if not ctx.quiet:
            click.echo(f"{len(part.nodes)} nodes, {len(part.edges)} relations -> {output}")

    @cli.command()
    @click.option("--out", default="exports", show_default=True, type=click.Path(path_type=Path),
                  help="The build to analyse.")
    @click.option("--top", default=10, show_default=True, type=click.IntRange(1))
    @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
    @click.pass_obj
    def stats(ctx, out: Path, top: int, as_json: bool) -> None:
        """Counts per class, components, most central entities, organisations sharing clusters or places."""
        from .analytics import format_stats, graph_stats

        try:
            result = graph_stats(load_view(out), top)
        except Exception as exc:  # noqa: BLE001 - mapped to exit codes
            _fail(ctx, exc)
            return
        click.echo(json.dumps(result, indent=1, sort_keys=True, ensure_ascii=False) if as_json
                   else format_stats(result))
