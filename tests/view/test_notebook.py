"""The view in a Jupyter notebook: a notebook is executed (nbclient + ipykernel) and its output cell is
opened in headless Chromium, where the graph inside the iframe draws without any network request."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from .conftest import wait_for


def test_notebook_cell_shows_the_graph(seed_build, browser_page, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from ipgraph.view.notebook import show\n"
        f"show({str(seed_build.out)!r}, focus='core-huazhang', depth=2, height=600)")]
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = nb.cells[0].outputs
    assert [o["output_type"] for o in outputs] == ["execute_result"], outputs
    cell_html = outputs[0]["data"]["text/html"]
    assert cell_html.startswith('<div class="ipgraph-view"><iframe srcdoc=')
    page_path = tmp_path / "cell.html"
    page_path.write_text(f"<!DOCTYPE html><html><body>{cell_html}</body></html>", encoding="utf-8")
    page = browser_page.page
    page.goto(page_path.as_uri())
    frame = page.frames[1]
    wait_for(frame, "window.ipgraphView && window.ipgraphView.state.stable")
    ids = frame.evaluate("ipgraphView.data.nodes.map(n => n.id)")
    assert "https://w3id.org/ipgraph/id/org/core-huazhang" in ids
    assert frame.evaluate("ipgraphView.drawnCount()") == len(ids) > 5
    assert browser_page.console_errors == [] and browser_page.failed == []
    assert all(u.startswith("file:") for u in browser_page.requests)
