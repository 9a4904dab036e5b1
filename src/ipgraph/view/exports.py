"""Build hook (`build._write_extra`): `graph.html`, `ipgraph.graphml` and `overview.html` in the build dir."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .analytics import write_graphml
from .charts import render_overview
from .data import ViewData, view_data
from .html import render_html


def _validation_status(out_dir: Path) -> str:
    """The outcome of the build's validation, read from what the build already wrote."""
    manifest = out_dir / "manifest.json"
    if manifest.exists():
        return str(json.loads(manifest.read_text(encoding="utf-8")).get("validation", "unknown"))
    report = out_dir / "report.md"
    if report.exists():
        m = re.search(r"^Outcome:\s*\**([A-Za-z ]+?)\**\s*$", report.read_text(encoding="utf-8"), re.M)
        if m:
            return m.group(1).lower()
    return "unknown"


def build_facts(data: ViewData, sources: list[tuple[str, str, str, str]], triples: int | str, out_dir: Path,
                validation: str | None = None) -> dict:
    n_obs = sum(len(n["obs"]) for n in data.nodes)
    return {
        "summary": [("validation", validation or _validation_status(out_dir)), ("sources", len(sources)),
                    ("data triples", triples), ("entities", len(data.nodes)), ("relations", len(data.edges)),
                    ("observations", n_obs)],
        "sources": sources,
    }


def write_pages(data: ViewData, out_dir: Path, facts: dict, title: str = "ipgraph: whole graph") -> None:
    out_dir = Path(out_dir)
    (out_dir / "graph.html").write_text(render_html(data, title), encoding="utf-8", newline="\n")
    write_graphml(data, out_dir / "ipgraph.graphml")
    (out_dir / "overview.html").write_text(render_overview(data, facts), encoding="utf-8", newline="\n")


def write_view_exports(project, ds, out_dir: Path, validation: str | None = None) -> None:
    """Write the three view exports for a build; everything comes from the emitted dataset `ds`."""
    data = view_data(ds)
    sources = [(sid, str(getattr(s, "kind", "")), str(getattr(s, "title", "")), str(getattr(s, "date", "")))
               for sid, s in sorted(project.sources.items())]
    write_pages(data, Path(out_dir), build_facts(data, sources, data.data_triples, Path(out_dir), validation))
