"""Graph view benchmark: time to first render and to a stable layout in headless Chromium, and pyvis's
`add_node` path against building the graph from node and edge lists, measured side by side.

    .venv/bin/python bench/viz_render.py            # 1k and 10k nodes, pyvis comparison at 1k and 4k
    .venv/bin/python bench/viz_render.py --sizes 1000 --pyvis-sizes 1000

Synthetic graphs: companies attached to places and clusters (tree-like with ~20% extra cross links), a
few observations per node. Times from the page are `performance.now()` since navigation start: "first render"
is vis-network's first `afterDrawing`, "stable" the moment the layout stops moving (physics mode: the end of
stabilisation, which vis-network runs before its first paint, so it is reported as no earlier than the first
render; python mode: positions are final at the first render). "redraw" is the median of five synchronous
full redraws after that, i.e. the cost of one frame while panning with edges shown.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
KINDS = ["Company", "City", "IndustryCluster", "University", "Product", "ProductRelease"]


def synthetic(n: int, seed: int = 1):
    from ipgraph.view.data import ViewData

    rnd = random.Random(seed)
    nodes = []
    for i in range(n):
        kind = KINDS[0] if i % 3 else rnd.choice(KINDS)
        obs = [{"indicator": "patents", "indicator_id": "patents", "statistic": "value", "value": str(rnd.randint(1, 999)),
                "unit": "count", "period": str(2015 + rnd.randint(0, 8)), "quote": f"node {i} has patents"}
               for _ in range(rnd.randint(0, 3))]
        nodes.append({"id": f"urn:n{i}", "kind": kind, "label": f"node {i}", "en": f"node {i}", "zh": f"节点{i}",
                      "aliases": [], "local_id": f"n{i}", "obs": obs, "periods": sorted({o["period"] for o in obs}),
                      "clusters": []})
    edges = []
    for i in range(1, n):
        j = rnd.randrange(max(0, i - 50), i) if rnd.random() < 0.9 else rnd.randrange(0, i)
        edges.append((i, j))
    edges += [(rnd.randrange(n), rnd.randrange(n)) for _ in range(n // 5)]
    edges = sorted({(a, b) for a, b in edges if a != b})
    return ViewData(nodes, [{"id": f"e{k}", "from": f"urn:n{a}", "to": f"urn:n{b}", "label": "partnerOf",
                             "predicate": "p", "key": "k"} for k, (a, b) in enumerate(edges)],
                    {"Company": ["Organization"], "University": ["Organization"], "City": ["Place"],
                     "ProductRelease": ["Event"]})


def browser_times(browser, html_path: Path) -> dict:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html_path.as_uri())
    deadline = time.monotonic() + 600
    while not page.evaluate("window.ipgraphView && ipgraphView.state.firstDraw && ipgraphView.state.stable"):
        if time.monotonic() > deadline:
            raise SystemExit(f"{html_path}: no stable layout within 600 s")
        time.sleep(0.05)
    t = page.evaluate("[ipgraphView.state.firstDraw, ipgraphView.state.stable, ipgraphView.drawnCount()]")
    frames = page.evaluate("""() => { const r = ipgraphView.network.renderer, out = [];
        for (let i = 0; i < 5; i++) { const t0 = performance.now(); r._redraw(); out.push(performance.now() - t0); }
        return out; }""")
    ctx.close()
    if errors:
        raise SystemExit(f"page errors: {errors}")
    return {"first_render_s": t[0] / 1000, "stable_s": max(t[0], t[1]) / 1000, "drawn": t[2],
            "redraw_ms": statistics.median(frames)}


def pyvis_vs_lists(n: int) -> tuple[float, float]:
    from pyvis.network import Network

    data = synthetic(n)
    gc.collect()
    t0 = time.perf_counter()
    net = Network()
    for node in data.nodes:
        net.add_node(node["id"], label=node["label"])
    for e in data.edges:
        net.add_edge(e["from"], e["to"], label=e["label"])
    t_pyvis = time.perf_counter() - t0
    del net
    gc.collect()
    t_lists = float("inf")
    for _ in range(3):  # best of three: the lists path is short enough for a GC pause to dominate
        t0 = time.perf_counter()
        g = data.graph()
        t_lists = min(t_lists, time.perf_counter() - t0)
    assert g.number_of_nodes() == n
    return t_pyvis, t_lists


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--pyvis-sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from ipgraph.view.html import render_html

    print(f"{'nodes':>6} {'edges':>6} {'mode':<8} {'python s':>9} {'html MB':>8} {'first render s':>15} "
          f"{'stable s':>9} {'redraw ms':>10} {'drawn':>6}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            data = synthetic(n)
            modes = [("python", 0)] + ([("physics", 10**9)] if n <= 2000 else [])
            for mode, threshold in modes:
                t0 = time.perf_counter()
                page = render_html(data, f"synthetic {n}", large_threshold=threshold)
                t_py = time.perf_counter() - t0
                path = Path(tmp) / f"g{n}-{mode}.html"
                path.write_text(page, encoding="utf-8")
                r = browser_times(browser, path)
                print(f"{n:>6} {len(data.edges):>6} {mode:<8} {t_py:>9.2f} {len(page) / 1e6:>8.1f} "
                      f"{r['first_render_s']:>15.2f} {r['stable_s']:>9.2f} {r['redraw_ms']:>10.1f} {r['drawn']:>6}")
        browser.close()
    print()
    print(f"{'nodes':>6} {'pyvis add_node s':>17} {'from lists s':>13} {'ratio':>8}")
    for n in args.pyvis_sizes:
        t_pyvis, t_lists = pyvis_vs_lists(n)
        print(f"{n:>6} {t_pyvis:>17.2f} {t_lists:>13.3f} {t_pyvis / t_lists:>8.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
