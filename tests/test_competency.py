"""Every competency question of the spec, answered by its shipped query on the seed build and on the
Hangzhou fixture (a second curated article with its own expected answers, so no query is shaped to the seed)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from ipgraph.query import run_query, shipped_queries

from .conftest import FIXTURES

D = Decimal


def rows(out: Path, name: str, **params) -> list[dict]:
    res = run_query(name, out, params=params)
    return [{k: (str(v) if v is not None else None) for k, v in r.items()} for r in res.rows]


def test_every_cq_has_a_query_returning_rows(seed_build):
    names = sorted(shipped_queries())
    assert [f"cq{i:02d}" for i in range(1, 15)] == [n for n in names if n.startswith("cq")]
    for name in names:
        if name.startswith("cq"):
            assert run_query(name, seed_build).rows, f"{name} returns no row on the seed"


# --------------------------------------------------------------------------------------------- the seed
def test_cq01(seed_build):
    r = rows(seed_build, "cq01")
    assert {(x["statistic"], D(x["value"]), x["scope"]) for x in r} == {
        ("value", D("146.80"), "none"), ("rank", D(1), "province"), ("rank", D(3), "country")}
    ranks = {x["scope"]: x["scopeArea"] for x in r if x["statistic"] == "rank"}
    assert ranks == {"province": "Jiangsu", "country": "China"}


def test_cq02(seed_build):
    r = rows(seed_build, "cq02")
    got = {(D(x["rank"]), x["scope"]) for x in r}
    assert (D(4), "country") in got
    world = [x for x in r if x["rank"] == "11"]
    assert world and "WIPO" in world[0]["list"] and world[0]["edition"] == "2023"
    assert all(x["periodInferred"] == "true" for x in r)


def test_cq03(seed_build):
    r = rows(seed_build, "cq03")
    assert {x["indicator"]: D(x["value"]) for x in r} == {"effective_patents": 410664,
                                                        "effective_invention_patents": 139331}


def test_cq04(seed_build):
    r = rows(seed_build, "cq04")
    assert {(D(x["value"]), x["referenceSubject"]) for x in r} == {(D("26.34"), "Jiangsu"), (D("33.93"), "Nanjing")}
    assert all(x["unit"] == "percent" for x in r)


def test_cq05(seed_build):
    r = rows(seed_build, "cq05")
    got = {(x["statistic"], D(x["value"]), x["scope"], x["rankedStatistic"]) for x in r}
    assert ("value", D(28565), "none", "") in got
    assert ("rank", D(1), "province", "value") in got
    assert ("share", D("26.47"), "none", "") in got
    assert ("share", D("41.52"), "none", "") in got
    assert ("rank", D(1), "province", "share") in got
    pp = [x for x in r if x["statistic"] == "pp_difference"]
    assert pp and D(pp[0]["value"]) == D("17.38") and pp[0]["unit"] == "percentage_points"


def test_cq06(seed_build):
    r = rows(seed_build, "cq06")
    labels = {x["label"] for x in r} | {x["altLabel"] for x in r if x.get("altLabel")}
    for expected in ("software and information service industry", "new material industry",
                     "new electric power (smart grid) industry", "future networks and advanced communications",
                     "genes and cells", "third-generation semiconductor industry", "the universe", "metaverse",
                     "electronic information industry cluster", "automotive industry cluster",
                     "petrochemical industry cluster", "digital economy industry"):
        assert expected in labels, expected
    above = {x["label"] for x in r if x["exceeds"] == "true"}
    assert above == {"software and information service industry", "new material industry"}
    assert {x["qualifier"] for x in r if x["exceeds"] == "true"} == {"more_than"}
    assert {x["type"] for x in r if x["label"] == "digital economy industry"} == {"Industry"}


def test_cq07(seed_build):
    r = rows(seed_build, "cq07")
    assert [(D(x["value"]), x["members"]) for x in r if "2+6+6" in x["label"]] == [(D(104700), "7")]


def test_cq08(seed_build):
    r = rows(seed_build, "cq08")
    got = {(x["indicator"], x["statistic"]): (D(x["value"]), x["unit"]) for x in r}
    assert got == {
        ("ip_pledge_financing_projects", "value"): (D(803), "count"),
        ("ip_pledge_financing_projects", "growth"): (D("7.07"), "percent"),
        ("ip_pledge_financing_amount", "value"): (D(9918000000), "CNY"),
        ("ip_pledge_financing_amount", "growth"): (D("26.65"), "percent"),
    }
    assert all(x["periodInferred"] == "true" for x in r)


def test_cq09(seed_build):
    r = rows(seed_build, "cq09")
    assert {x["affiliateLabel"] for x in r} == {"Cibo Bio"}
    assert {x["place"] for x in r} == {"https://w3id.org/ipgraph/id/place/jiangbei-new-area"}
    assert {x["containerLabel"] for x in r} == {"Nanjing", "Jiangsu", "China"}
    products = {x["productLabel"] for x in r}
    assert any("CAR-NK" in p for p in products) and any("BiTE CAR-T" in p for p in products)


def test_cq10(seed_build):
    r = rows(seed_build, "cq10")
    released = [x for x in r if x["relation"] == "released"]
    assert {x["objectLabel"] for x in released} == {"HuaEmu E1"}
    assert "Huamin HuaEmu E1" in {x["alias"] for x in released}
    assert {x["date"] for x in released} == {"2023-06"} and {x["dateInferred"] for x in released} == {"true"}
    assert "over 10 billion" in released[0]["description"]
    assert {x["objectLabel"] for x in r if x["relation"] == "partner"} == {"Chinese Academy of Sciences"}
    programme = [x for x in r if x["relation"] == "undertakes"]
    assert programme and "National Key R&D Program" in programme[0]["objectLabel"]
    assert "Ministry of Science and Technology" in programme[0]["description"]


def test_cq11(seed_build):
    r = rows(seed_build, "cq11")
    assert {x["label"] for x in r} == {"Nanjing", "Jiangsu", "China"}
    assert {x["graph"] for x in r} == {"https://w3id.org/ipgraph/graph/reference"}


def test_cq12(seed_build):
    r = rows(seed_build, "cq12")
    total = run_query("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a ipg:Observation }", seed_build).rows[0]["n"]
    with_quote = {x["observation"] for x in r if x["quote"] and x["start"] is not None}
    assert len(with_quote) == int(total) > 40
    assert {x["document"] for x in r} == {"https://w3id.org/ipgraph/source/nanjing-ip-2023"}


def test_cq13(seed_build):
    r = rows(seed_build, "cq13")
    garbled = [x for x in r if x["published"] == "1,13%"]
    assert garbled and set(garbled[0]["readings"].split(" | ")) == {"1.13", "113"}
    assert "sales growth of 1,13%" in garbled[0]["quote"]


def test_cq14(seed_build):
    r = rows(seed_build, "cq14")
    pairs = {(x["label"], x["alternative"]) for x in r}
    assert ("Core Huazhang Technology", "Core Huajang") in pairs
    assert ("Core Huazhang Technology", "Core Huazhang") in pairs
    assert len({x["entity"] for x in r if x["alternative"] in ("Core Huajang", "Core Huazhang")}) == 1


# --------------------------------------------------------------------------------------------- Hangzhou
EXPECTED = yaml.safe_load((FIXTURES / "hangzhou" / "expected.yaml").read_text(encoding="utf-8"))["questions"]


def test_hangzhou_cq01(hangzhou_build):
    exp = EXPECTED["CQ01"]["answer"]
    r = rows(hangzhou_build, "cq01", place="Hangzhou")
    value = [x for x in r if x["statistic"] == "value"]
    assert D(value[0]["value"]) == D(str(exp["value"]["value"]))
    assert {(D(x["value"]), x["scope"]) for x in r if x["statistic"] == "rank"} == {
        (D(k["value"]), k["scope"]) for k in exp["ranks"]}


def test_hangzhou_cq02_to_cq05(hangzhou_build):
    r = rows(hangzhou_build, "cq02", place="Hangzhou")
    assert {D(x["rank"]) for x in r} == {D(k["value"]) for k in EXPECTED["CQ02"]["answer"]["ranks"]}
    r = rows(hangzhou_build, "cq03", place="Hangzhou")
    assert {x["indicator"]: D(x["value"]) for x in r} == {
        k["indicator"]: D(k["value"]) for k in EXPECTED["CQ03"]["answer"]["rows"]}
    r = rows(hangzhou_build, "cq04", place="Hangzhou")
    assert {D(x["value"]) for x in r} == {D(str(k["value"])) for k in EXPECTED["CQ04"]["answer"]["shares"]}
    r = rows(hangzhou_build, "cq05", place="Hangzhou")
    exp = EXPECTED["CQ05"]["answer"]
    assert {D(x["value"]) for x in r if x["statistic"] == "value"} == {D(exp["value"]["value"])}
    assert {D(x["value"]) for x in r if x["statistic"] == "share"} == {D(str(s["value"])) for s in exp["shares"]}
    assert not [x for x in r if x["statistic"] == "pp_difference"]


def test_hangzhou_cq06_cq07(hangzhou_build):
    exp = EXPECTED["CQ06"]["answer"]
    r = rows(hangzhou_build, "cq06", place="Hangzhou", threshold="15000")
    assert {x["label"] for x in r} >= {c["label"] for c in exp["clusters"]}
    above = {x["cluster"].rsplit("/", 1)[1] for x in r if x["exceeds"] == "true"}
    assert above == {a["subject"] for a in exp["above_threshold"]}
    r = rows(hangzhou_build, "cq07", place="Hangzhou")
    assert {D(x["value"]) for x in r} == {D(EXPECTED["CQ07"]["answer"]["value"]["value"])}


def test_hangzhou_cq08(hangzhou_build):
    r = rows(hangzhou_build, "cq08", place="Hangzhou")
    got = {(x["indicator"], x["statistic"], D(x["value"])) for x in r}
    assert got == {(k["indicator"], k["statistic"], D(str(k["value"]))) for k in EXPECTED["CQ08"]["answer"]["rows"]}


def test_hangzhou_cq09_cq10(hangzhou_build):
    exp = EXPECTED["CQ09"]["answer"]
    r = rows(hangzhou_build, "cq09", parent="ipr:org/" + "tianmu-holdings-group")
    assert {x["affiliate"].rsplit("/", 1)[1] for x in r} == {exp["company"]["id"]}
    assert {x["place"].rsplit("/", 1)[1] for x in r if x["place"]} == {exp["base"]["place"]}
    assert {x["product"].rsplit("/", 1)[1] for x in r} == {p["id"] for p in exp["products"]}
    exp10 = EXPECTED["CQ10"]["answer"]
    r = rows(hangzhou_build, "cq10", company=exp["company"]["label"])
    released = [x for x in r if x["relation"] == "released"]
    assert {x["object"].rsplit("/", 1)[1] for x in released} == {exp10["product"]["id"]}
    assert {x["date"] for x in released} == {exp10["release"]["date"]}
    assert {x["object"].rsplit("/", 1)[1] for x in r if x["relation"] == "partner"} == set(exp10["partners"])


def test_hangzhou_cq11_to_cq14(hangzhou_build):
    r = rows(hangzhou_build, "cq11", place="ipr:place/" + EXPECTED["CQ11"]["params"]["place"])
    assert {x["container"].rsplit("/", 1)[1] for x in r} == set(EXPECTED["CQ11"]["answer"]["places"])
    r = rows(hangzhou_build, "cq12", source="hangzhou-ip-2023")
    assert len({x["observation"] for x in r if x["quote"]}) == EXPECTED["CQ12"]["answer"]["observations_with_quote"]
    r = rows(hangzhou_build, "cq13")
    exp = EXPECTED["CQ13"]["answer"]["unparsed"][0]
    assert {x["published"] for x in r} == {exp["published"]}
    assert {D(v) for v in r[0]["readings"].split(" | ")} == {D(str(v)) for v in exp["readings"]}
    r = rows(hangzhou_build, "cq14")
    assert r and all(x["alternative"] != x["label"] for x in r)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_injection_through_params_is_inert(seed_build, engine):
    for evil in ['foo" } ; DROP ALL ; #', '"> } INSERT DATA { <a> <b> <c> } #']:
        res = run_query("cq13", seed_build, engine=engine, params={"source": evil})
        assert res.rows == []
    assert run_query("cq13", seed_build, engine=engine).rows
