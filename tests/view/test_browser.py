"""graph.html of the seed build in headless Debian Chromium with the network blocked (issue 4, done-when)."""

from __future__ import annotations

from pyoxigraph import NamedNode

from .conftest import wait_for

ENTITIES_OF_CLASSES = """
PREFIX ipg: <https://w3id.org/ipgraph/ontology#>
SELECT ?cls (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a ?cls .
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/ipgraph/id/") && !STRSTARTS(STR(?e), "https://w3id.org/ipgraph/id/dataset/"))
  FILTER(STRSTARTS(STR(?cls), STR(ipg:)))
} GROUP BY ?cls
"""
DISTINCT_ENTITIES = """
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a ?cls .
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/ipgraph/id/") && !STRSTARTS(STR(?e), "https://w3id.org/ipgraph/id/dataset/"))
  FILTER(?cls IN (%s))
}
"""
IPG = "https://w3id.org/ipgraph/ontology#"


def open_page(b, seed_build):
    b.page.goto((seed_build.out / "graph.html").as_uri())
    wait_for(b.page, "window.ipgraphView && window.ipgraphView.state.stable")
    return b.page


def test_page_offline_counts_legend_search_hover(seed_build, browser_page, tmp_path):
    page = open_page(browser_page, seed_build)
    legend = page.eval_on_selector_all("#legend li", "els => els.map(e => e.dataset.kind)")
    assert legend == sorted(legend) and legend, legend

    classes_in_store = {str(r["cls"].value)[len(IPG):] for r in seed_build.store.query(ENTITIES_OF_CLASSES, use_default_graph_as_union=True)}
    assert set(legend) == classes_in_store
    in_list = ", ".join(f"<{IPG}{c}>" for c in legend)
    expected = int(next(iter(seed_build.store.query(DISTINCT_ENTITIES % in_list, use_default_graph_as_union=True)))["n"].value)
    drawn = page.evaluate("ipgraphView.drawnCount()")
    assert drawn == expected > 30

    page.fill("#search", "Core Huazhang")
    page.press("#search", "Enter")
    selected = page.evaluate("ipgraphView.network.getSelectedNodes()")
    assert selected == ["https://w3id.org/ipgraph/id/org/core-huazhang"]
    assert "Core Huazhang" in page.inner_text("#details")

    # hover the node where vis-network drew it
    box = page.eval_on_selector("#network", "e => { const r = e.getBoundingClientRect(); return [r.left, r.top]; }")
    xy = page.evaluate("""() => { const id = ipgraphView.network.getSelectedNodes()[0];
        const p = ipgraphView.network.canvasToDOM(ipgraphView.network.getPositions([id])[id]); return [p.x, p.y]; }""")
    page.mouse.move(box[0] + xy[0] + 40, box[1] + xy[1] + 40)
    page.mouse.move(box[0] + xy[0], box[1] + xy[1], steps=4)
    page.wait_for_selector("#tooltip", state="visible", timeout=5_000)
    tip = page.inner_text("#tooltip")
    assert "Core Huazhang Technology" in tip and "Company" in tip
    assert "HuaEmu E1" in tip and "released" in tip
    assert page.evaluate("ipgraphView.state.hovered") == selected[0]

    shot = tmp_path / "graph.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000

    assert browser_page.console_errors == []
    assert browser_page.failed == []
    assert all(u.startswith("file:") for u in browser_page.requests), browser_page.requests


def test_tooltip_lists_observations_with_rank_scope_and_quote(seed_build, browser_page):
    page = open_page(browser_page, seed_build)
    ranked = page.evaluate("""() => ipgraphView.data.nodes.filter(n => n.obs.some(o => o.statistic === 'rank'))
                               .map(n => n.id)""")
    assert ranked
    node = ranked[0]
    page.evaluate("id => ipgraphView.select(id)", node)
    details = page.inner_text("#details")
    obs = page.evaluate("id => ipgraphView.data.nodes.find(n => n.id === id).obs.find(o => o.statistic === 'rank')", node)
    assert f"rank {obs['value']} in {obs['scope']}" in details
    assert obs["quote"][:40] in details
    assert page.locator("#details table.obs tr").count() == 1 + page.evaluate(
        "id => ipgraphView.data.nodes.find(n => n.id === id).obs.length", node)


def test_filters_really_hide_nodes(seed_build, browser_page):
    page = open_page(browser_page, seed_build)
    total = page.evaluate("ipgraphView.drawnCount()")
    first = page.eval_on_selector("#legend li", "e => e.dataset.kind")
    n_first = page.evaluate("k => ipgraphView.data.nodes.filter(n => n.kind === k).length", first)
    page.click("#legend li input")
    assert page.evaluate("ipgraphView.drawnCount()") == total - n_first
    page.click("#legend li input")
    assert page.evaluate("ipgraphView.drawnCount()") == total

    clusters = page.eval_on_selector_all("#f-cluster option", "os => os.map(o => o.value).filter(Boolean)")
    assert clusters
    for value in clusters:
        page.select_option("#f-cluster", value)
        shown = page.evaluate("""() => ipgraphView.data.nodes.filter(n => !ipgraphView.network.body.nodes[n.id]
                                 .options.hidden).map(n => n.clusters)""")
        assert shown and all(value in c for c in shown)
        assert len(shown) == page.evaluate("ipgraphView.drawnCount()") < total
    page.select_option("#f-cluster", "")
    periods = page.eval_on_selector_all("#f-period option", "os => os.map(o => o.value).filter(Boolean)")
    assert periods
    page.select_option("#f-period", periods[0])
    shown = page.evaluate("""() => ipgraphView.data.nodes.filter(n => !ipgraphView.network.body.nodes[n.id]
                             .options.hidden).map(n => n.periods)""")
    assert shown and all(periods[0] in p for p in shown)
    page.select_option("#f-period", "")
    assert page.evaluate("ipgraphView.drawnCount()") == total
    assert browser_page.console_errors == []


def test_click_highlights_neighbourhood_and_chinese_search(seed_build, browser_page):
    page = open_page(browser_page, seed_build)
    zh = page.evaluate("() => ipgraphView.data.nodes.filter(n => n.zh).map(n => [n.id, n.zh])")
    assert zh
    node_id, label = zh[0]
    assert page.evaluate("q => ipgraphView.matches(q)[0]", label) == node_id
    page.evaluate("id => ipgraphView.select(id)", node_id)
    neighbours = set(page.evaluate("id => ipgraphView.network.getConnectedNodes(id)", node_id)) | {node_id}
    colours = page.evaluate("() => ipgraphView.nodes.get().map(n => [n.id, n.color])")
    faded = {i for i, c in colours if isinstance(c, str) and c.startswith("rgba(200")}
    assert faded == {i for i, _c in colours} - neighbours
    assert seed_build.store is not None and NamedNode(node_id)
