"""overview.html: a section per indicator with its charts, a build facts panel, nothing that runs or loads."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

from ipgraph.view.charts import bar_chart, rank_chart
from ipgraph.view.data import view_data


def test_overview_sections_and_build_facts(seed_build):
    page = (seed_build.out / "overview.html").read_text(encoding="utf-8")
    data = view_data(seed_build.dataset)
    indicators = {o["indicator_id"] for n in data.nodes for o in n["obs"]}
    sections = set(re.findall(r'<section id="ind-([^"]+)"', page))
    assert sections == indicators
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    facts = page.split('id="build-facts"')[1].split("<h2>Indicators")[0]
    assert "<th>validation</th><td>passed</td>" in facts
    n_triples = int(re.search(r"<th>data triples</th><td>(\d+)</td>", facts).group(1))
    manifest = json.loads((seed_build.out / "manifest.json").read_text(encoding="utf-8"))
    assert n_triples == manifest["stats"]["data_triples"] > 500
    assert "nanjing-ip-2023" in facts and "gazetteer" in facts
    ranks = sum(1 for n in data.nodes for o in n["obs"] if o["statistic"] == "rank")
    assert page.count("<circle") == ranks > 0


def test_svg_charts_are_well_formed_and_escaped():
    svg = bar_chart([("a <b>", 10.0, "10"), ("c & d", -5.0, "-5")], "count")
    root = ElementTree.fromstring(svg)
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    assert len(rects) == 2
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] == 2 * widths[1]
    assert "a &lt;b&gt;" in svg and "c &amp; d" in svg
    svg = rank_chart([("x", 1, "in province"), ("y", 3, "in country")])
    circles = ElementTree.fromstring(svg).findall("{http://www.w3.org/2000/svg}circle")
    assert float(circles[0].get("cx")) < float(circles[1].get("cx"))
