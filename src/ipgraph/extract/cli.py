"""`ipgraph extract FILE... [--format yaml|jsonl|ttl] [-o OUT] [--date D]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError, Problem


def _source_for(path: Path, date: str | None, focus: str | None):
    from ..iri import slugify
    from ..model import Source
    from ..periods import check_period
    from .text import html_to_text, looks_like_html, plain_document

    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(str(path), None, "file", f"cannot read as UTF-8 text: {exc}")) from exc
    doc = html_to_text(raw) if looks_like_html(raw) else plain_document(raw)
    d = date or doc.date
    if d is not None and (err := check_period(d)):
        raise InputError(Problem(str(path), None, "date", err))
    return Source(id=slugify(path.stem), kind="article", title=doc.title or path.stem, path=str(path), date=d,
                  focus=focus, text=doc.text)


def register(cli: click.Group) -> None:
    @cli.command("extract")
    @click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option("--format", "fmt", type=click.Choice(["yaml", "jsonl", "ttl"]), default="yaml", show_default=True)
    @click.option("-o", "--out", type=click.Path(path_type=Path), help="Output file (default: stdout).")
    @click.option("--date", help="Document date (YYYY-MM-DD, YYYY-MM, YYYY or A/B) when the text gives none.")
    @click.option("--focus", help="Entity id that 'the city' / 'the company' refers to.")
    @click.option("--data", "data_dir", default="data", show_default=True, type=click.Path(path_type=Path),
                  help="Data folder whose gazetteer and curated entities resolve names.")
    @click.pass_obj
    def extract_cmd(ctx, files, fmt, out, date, focus, data_dir):
        """Extract candidate facts (figures, ranks, entities, relations) from plain text or HTML articles."""
        from ..cli import _fail

        try:
            text = _run(files, fmt, date, focus, data_dir)
        except Exception as exc:  # noqa: BLE001 - mapped to exit codes
            _fail(ctx, exc)
            return
        if out:
            out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)


def _run(files, fmt, date, focus, data_dir) -> str:
    from ..loaders.indicators import load_indicator_scheme
    from ..loaders.project import Project, load_project
    from . import extract_source
    from .output import to_jsonl, to_yaml

    if (Path(data_dir) / "sources.yaml").exists():
        project = load_project(data_dir)
    else:
        project = Project(Path(data_dir), {}, load_indicator_scheme(None), [], {})
    chunks = []
    factsets = []
    for f in files:
        if not f.is_file():
            raise InputError(Problem(str(f), None, "file", "no such file"))
        src = _source_for(f, date, focus)
        fs = extract_source(src, project)
        factsets.append(fs)
        if fmt == "yaml":
            chunks.append(to_yaml(fs, project.entities))
        elif fmt == "jsonl":
            chunks.append(to_jsonl(fs, project.entities))
    if fmt == "ttl":
        import io

        from ..rdf.emit import Emitter
        from ..rdf.serialize import write_turtle

        em = Emitter(project.entities, project.scheme)
        for fs in factsets:
            em.add_factset(fs)
        triples = sorted({t for g in em.ds.graphs() for t in g})
        buf = io.StringIO()
        write_turtle(triples, buf, "# Extracted by ipgraph extract (candidate facts, origin extracted)\n")
        return buf.getvalue()
    return "---\n".join(chunks) if fmt == "yaml" else "".join(chunks)
