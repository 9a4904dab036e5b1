"""The seed data folder with its real tables, built end to end: store, report, shipped table queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipgraph.query import OxigraphEngine, RdflibEngine, run_query

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def table_build(tmp_path_factory) -> Path:
    from ipgraph import build

    out = tmp_path_factory.mktemp("tables") / "exports"
    build(ROOT / "data", out, extract=False)
    return out


@pytest.mark.slow
def test_top_metros_query_ranks_by_value_with_growth(table_build):
    res = run_query("tables-top-metros", table_build)
    rows = res.rows
    assert len(rows) == 10
    values = [r["value"].toPython() for r in rows]
    assert values == sorted(values, reverse=True)
    first = rows[0]
    assert str(first["metro"]).startswith("https://w3id.org/ipgraph/id/place/us-cbsa-")
    growth = (first["value"].toPython() - first["baseValue"].toPython()) * 100 / first["baseValue"].toPython()
    assert abs(float(first["growthPercent"].toPython()) - float(growth)) < 0.01
    small = run_query("tables-top-metros", table_build, params={"k": "3", "year": "2001", "base": "2000"})
    assert len(small.rows) == 3 and {str(r["year"]) for r in small.rows} == {"2001"}


@pytest.mark.slow
def test_latest_source_query_and_engines_agree(table_build):
    ox = run_query("latest-source", table_build, engine_obj=OxigraphEngine(table_build / "store"))
    assert ox.rows
    usa = run_query("latest-source", table_build, params={"subject": "United States"})
    assert {str(r["source"]).rsplit("/", 1)[1] for r in usa.rows} == {"gii-overall-rank-2010-2017"}
    from ipgraph.build import open_graph

    rd = run_query("latest-source", table_build, engine_obj=RdflibEngine(open_graph(table_build)),
                   params={"subject": "United States"})
    assert sorted((str(r["period"]), r["value"].toPython()) for r in rd.rows) == \
        sorted((str(r["period"]), r["value"].toPython()) for r in usa.rows)


@pytest.mark.slow
def test_report_lists_bad_rows_and_table_conventions(table_build):
    report = (table_build / "report.md").read_text(encoding="utf-8")
    assert "tables/oecd_regpat_cbsa_2008_2012.csv:133:cbsa_name | text holds U+FFFD" in report
    assert "counting location first_inventor, method whole; grant year" in report
    assert "(65 rows" in report or "rows:" in report
