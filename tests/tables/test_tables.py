"""Table mappings on the real tables of data/tables/ and on fixtures: ingestion, bad rows, derived statistics."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from ipgraph.derive import growth_observations, rank_observations
from ipgraph.errors import InputError
from ipgraph.loaders.project import load_project
from ipgraph.tables import load_mapping

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "data" / "tables"


@pytest.fixture(scope="module")
def project():
    return load_project(DATA)


def _fs(project, sid):
    fs = project.factset(sid)
    assert fs is not None and fs.origin == "table"
    return fs


def test_three_real_tables_are_ingested(project):
    uspto = _fs(project, "uspto-grants-cbsa-2000-2015")
    oecd = _fs(project, "oecd-regpat-cbsa-2008-2012")
    gii = _fs(project, "gii-overall-rank-2010-2017")
    # 1018 CBSA-like rows per year, 65 of them state remainders / undetermined (skipped, reported)
    assert len(uspto.observations) == 953 * 16
    assert len(gii.observations) == 5 * 8
    assert {o.period for o in oecd.observations} == {"2008/2012"}
    usa_2012 = next(o for o in gii.observations if o.subject == "united-states" and o.period == "2012")
    assert (usa_2012.value, usa_2012.statistic, usa_2012.scope) == (Decimal(10), "rank", "world")
    cell = usa_2012.table_cell
    assert (cell.file, cell.line, cell.column) == ("tables/gii_overall_rank_2010_2017_selected_countries.csv", 2, "2012")


def test_values_match_the_csv_cell_by_cell(project):
    uspto = _fs(project, "uspto-grants-cbsa-2000-2015")
    by_cell = {(o.table_cell.line, o.subject, o.period): o.value for o in uspto.observations}
    with open(DATA / "tables/uspto_patent_grants_by_cbsa_2000_2015.csv", encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            if row["cbsa_name"].startswith(("Non Metro", "Undetermined")):
                assert (n, f"us-cbsa-{row['cbsa_code']}", row["year"]) not in by_cell
                continue
            assert by_cell[(n, f"us-cbsa-{row['cbsa_code']}", row["year"])] == Decimal(row["patents_issued"])


def test_u_fffd_rows_and_na_cells_are_reported_with_file_row_column(project):
    oecd = _fs(project, "oecd-regpat-cbsa-2008-2012")
    issues = {(i.row, i.column): i.reason for i in oecd.issues}
    assert "U+FFFD" in issues[(133, "cbsa_name")]
    assert "U+FFFD" in issues[(258, "cbsa_name")]
    assert "us-cbsa-15860" not in {o.subject for o in oecd.observations}
    na = [i for i in oecd.issues if i.reason.startswith("missing value")]
    assert na and all(i.raw == "NA" for i in na)
    # a row with one NA cell still gives its other value
    row, column = na[0].row, na[0].column
    assert any(o.table_cell.line == row and o.table_cell.column != column for o in oecd.observations)
    assert str(oecd.issues[0]).startswith("tables/oecd_regpat_cbsa_2008_2012.csv:")


def test_metro_areas_sit_in_their_first_state_and_share_iris_across_tables(project):
    ny = project.entities["us-cbsa-35620"]
    assert ny.type == "MetroArea" and ny.located_in == "us-new-york"
    assert "3 states" in (ny.description or "")
    # USPTO (2009 names) and OECD (2013 names) name the area differently: one entity, the other name an alias
    names = {ny.label, *ny.aliases}
    assert {"New York-Northern New Jersey-Long Island, NY-NJ-PA", "New York-Newark-Jersey City, NY-NJ-PA"} <= names
    assert project.entities["us-new-york"].located_in == "united-states"
    minted_by = [fs.source.id for fs in project.factsets if any(e.id == "us-cbsa-35620" for e in fs.entities)]
    assert len(minted_by) == 1


def test_latin1_fixture_is_read_with_its_encoding_and_reported_as_utf8(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA / "reference", data / "reference")
    (data / "tables").mkdir()
    for name in ("oecd_regpat_cbsa_latin1.csv", "oecd_regpat_cbsa_latin1.yaml"):
        shutil.copy(FIXTURES / name, data / "tables" / name)
    (data / "sources.yaml").write_text(
        "sources:\n  - {id: gazetteer, kind: reference, title: g, path: reference/gazetteer.yaml}\n"
        "  - {id: latin1, kind: table, title: t, path: tables/oecd_regpat_cbsa_latin1.csv}\n", encoding="utf-8")
    fs = load_project(data).factset("latin1")
    assert not fs.issues
    assert load_project(data).entities["us-cbsa-15860"].label == "Cañon City, CO"
    mapping = data / "tables" / "oecd_regpat_cbsa_latin1.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace("latin-1", "utf-8"), encoding="utf-8")
    fs = load_project(data).factset("latin1")
    assert {(i.row, i.column, i.reason) for i in fs.issues} == {
        (4, "cbsa_name", "undecodable bytes"), (5, "cbsa_name", "undecodable bytes")}
    assert len(fs.observations) == 2


def test_xlsx_table_with_bad_cells(tmp_path):
    from openpyxl import Workbook

    data = tmp_path / "data"
    shutil.copytree(DATA / "reference", data / "reference")
    (data / "tables").mkdir()
    wb = Workbook()
    ws = wb.active
    ws.append(["country", "2016", "2017"])
    ws.append(["Canada", 15, 18])
    ws.append(["Australia", "n.a.", 23])
    ws.append(["Atlantis", 1, 2])
    wb.save(data / "tables" / "ranks.xlsx")
    (data / "tables" / "ranks.yaml").write_text(
        "table: ranks.xlsx\nsubject: {lookup_column: country, type: Country}\nperiod_columns: ['2016', '2017']\n"
        "values:\n  - {indicator: gii_overall_rank, statistic: rank, unit: rank, scope: world}\n", encoding="utf-8")
    (data / "sources.yaml").write_text(
        "sources:\n  - {id: gazetteer, kind: reference, title: g, path: reference/gazetteer.yaml}\n"
        "  - {id: ranks, kind: table, title: t, path: tables/ranks.xlsx}\n", encoding="utf-8")
    fs = load_project(data).factset("ranks")
    assert sorted((o.subject, o.period, o.value) for o in fs.observations) == [
        ("australia", "2017", 23), ("canada", "2016", 15), ("canada", "2017", 18)]
    assert {(i.row, i.column, i.reason) for i in fs.issues} == {
        (3, "2016", "not a number"), (4, "country", "no Country named 'Atlantis' in the gazetteer")}


def test_bad_mapping_names_file_line_and_field(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("table: t.csv\nsubject: {id_column: c, label_column: n, type: Town}\nperiod: {column: y}\n"
                    "values:\n  - column: v\n    indicator: no_such_indicator\n", encoding="utf-8")
    problems = []
    from ipgraph.loaders.indicators import load_indicator_scheme

    assert load_mapping(path, "t.yaml", load_indicator_scheme(DATA), problems) is None
    found = {(p.line, p.field) for p in problems}
    assert (2, "subject.type") in found
    assert (6, "values[0].indicator") in found


def test_bad_mapping_fails_the_load_with_exit_code_2(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES.parent.parent.parent / "data" / "reference", data / "reference")
    (data / "tables").mkdir()
    shutil.copy(FIXTURES / "oecd_regpat_cbsa_latin1.csv", data / "tables" / "x.csv")
    (data / "tables" / "x.yaml").write_text("table: x.csv\n", encoding="utf-8")
    (data / "sources.yaml").write_text(
        "sources:\n  - {id: gazetteer, kind: reference, title: g, path: reference/gazetteer.yaml}\n"
        "  - {id: x, kind: table, title: t, path: tables/x.csv}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_project(data)
    assert exc.value.exit_code == 2
    assert any(p.field == "subject" and p.file.endswith("x.yaml") for p in exc.value.problems)


def test_growth_and_rank_are_derived_from_their_inputs(project):
    growth = {(o.subject, o.period): o for o in growth_observations(project)
              if o.indicator == "utility_patents_granted"}
    uspto = _fs(project, "uspto-grants-cbsa-2000-2015")
    values = {(o.subject, o.period): o.value for o in uspto.observations}
    g = growth[("us-cbsa-41940", "2015")]
    expected = (values[("us-cbsa-41940", "2015")] / values[("us-cbsa-41940", "2014")] - 1) * 100
    assert abs(g.value - expected) < Decimal("0.0001")
    assert g.origin == "derived" and g.source is None and len(g.derived_from) == 2
    assert all(d.startswith("https://w3id.org/ipgraph/obs/uspto-grants-cbsa-2000-2015/") for d in g.derived_from)
    ranks = [o for o in rank_observations(project) if o.period == "2015" and o.indicator == "utility_patents_granted"]
    top = min(ranks, key=lambda o: o.value)
    assert top.value == 1
    assert values[(top.subject, "2015")] == max(v for (_s, p), v in values.items() if p == "2015")
    assert {o.scope for o in ranks} == {"country"} and {o.scope_area for o in ranks} == {"united-states"}
