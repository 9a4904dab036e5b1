"""`ipgraph viz` and `ipgraph stats` through the real command line."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from ipgraph.cli import cli


def _data(html: str) -> dict:
    return json.loads(re.search(r'id="ipgraph-data">(.*?)</script>', html, re.S).group(1))


def test_viz_focus_depth_and_classes(seed_build, tmp_path):
    out = tmp_path / "focus.html"
    res = CliRunner().invoke(cli, ["-q", "viz", "--out", str(seed_build.out), "--focus", "Core Huazhang",
                                   "--depth", "1", "-o", str(out)])
    assert res.exit_code == 0, res.output
    d = _data(out.read_text(encoding="utf-8"))
    ids = {n["id"] for n in d["nodes"]}
    focus = "https://w3id.org/ipgraph/id/org/core-huazhang"
    assert focus in ids and len(ids) > 3
    assert all(e["from"] == focus or e["to"] == focus or {e["from"], e["to"]} <= ids for e in d["edges"])
    res = CliRunner().invoke(cli, ["-q", "viz", "--out", str(seed_build.out), "--classes", "Organization,Place",
                                   "--max-nodes", "5", "-o", str(out)])
    assert res.exit_code == 0, res.output
    d = _data(out.read_text(encoding="utf-8"))
    assert len(d["nodes"]) == 5


def test_viz_bad_input_exits_2_with_one_line(seed_build, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["viz", "--out", str(seed_build.out), "--focus", "no such thing", "-o",
                              str(tmp_path / "x.html")])
    assert res.exit_code == 2 and "--focus: focus: no entity matches 'no such thing'" in res.output
    res = runner.invoke(cli, ["viz", "--out", str(seed_build.out), "--classes", "Spaceship", "-o",
                              str(tmp_path / "x.html")])
    assert res.exit_code == 2 and "unknown class Spaceship" in res.output
    res = runner.invoke(cli, ["stats", "--out", str(tmp_path / "nothing")])
    assert res.exit_code == 2 and "no build found" in res.output
    assert not (tmp_path / "x.html").exists()


def test_stats_json_and_text(seed_build):
    res = CliRunner().invoke(cli, ["stats", "--out", str(seed_build.out), "--json", "--top", "3"])
    assert res.exit_code == 0, res.output
    st = json.loads(res.output)
    assert st["classes"]["Company"] >= 1 and len(st["top_degree"]) == 3
    res = CliRunner().invoke(cli, ["stats", "--out", str(seed_build.out)])
    assert res.exit_code == 0 and "entities per class:" in res.output
