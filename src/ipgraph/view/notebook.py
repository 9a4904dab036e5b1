"""The graph view in a Jupyter cell: the same self-contained page inside an `<iframe srcdoc>`, so its
scripts and CSP stay isolated from the notebook and it still makes no network request."""

from __future__ import annotations

import html
from pathlib import Path

from .data import subgraph
from .html import render_html


def iframe_html(page: str, height: int = 700) -> str:
    """An iframe whose document is `page` (attribute-escaped; no URL is loaded)."""
    return (f'<div class="ipgraph-view"><iframe srcdoc="{html.escape(page, quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #ccc" sandbox="allow-scripts"></iframe></div>')


def show(out: Path | str = "exports", focus: str | None = None, depth: int = 1, classes=None,
         max_nodes: int | None = None, height: int = 700):
    """Display the build at `out` (or the part around `focus`) in the current notebook cell."""
    from IPython.display import HTML

    from .cli import load_view, resolve_focus

    data = load_view(Path(out))
    focus_iri = resolve_focus(data, focus) if focus else None
    part = subgraph(data, focus_iri, depth, classes, max_nodes)
    return HTML(iframe_html(render_html(part, "ipgraph"), height))
