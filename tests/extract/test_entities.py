"""Entity typing, name finding and resolution (gazetteer aliases, abbreviations, short forms and transliteration
variants), with the guarantees issue 3 asks for: similar names of different companies never merge, and the
outcome does not depend on the order in which a document names them."""

from __future__ import annotations

import pytest

from ipgraph.extract import extract_source
from ipgraph.extract.entities import Registry, classify, find_names, is_variant
from ipgraph.loaders.project import load_project
from ipgraph.model import Source


@pytest.mark.parametrize("name,typ", [
    ("Ministry of Industry and Information Technology", "GovernmentAgency"),
    ("University of Science and Technology of China", "University"),
    ("Information Office of the Guangdong Provincial People's Government", "GovernmentAgency"),
    ("Global Innovation Index 2024", "RankingList"),
    ("Special Action for Patent Transformation and Application", "Programme"),
    ("Lanxi Weiguang Photonics Technology Co., Ltd.", "Company"),
    ("Lanxi High-tech Zone", "DevelopmentZone"),
    ("Lanxi Economic Development Zone", "DevelopmentZone"),
    ("Lanxi New Area", "NewArea"),
    ("Lanxi Industrial Park", "Park"),
    ("Lanxi Rural Commercial Bank", "Bank"),
    ("Lanxi Intermediate People's Court", "Court"),
    ("Lanxi Institute of Optics", "ResearchInstitution"),
    ("Lanxi", None),
])
def test_classify_by_head_word(name, typ):
    assert classify(name) == typ


def test_find_names_keeps_company_suffix_and_skips_second_names():
    t = ("Walking into Lanxi Weiguang Photonics Technology Co., Ltd., the staff said. The Lanxi Municipal "
         "Administration for Market Regulation (Municipal Intellectual Property Office) held it; Beijing 4th, "
         "the China (Lanxi) Intellectual Property Protection Center and the Chinese Academy of Sciences (CAS).")
    names = [n for _s, _e, n in find_names(t, 0, len(t))]
    assert "Lanxi Weiguang Photonics Technology Co., Ltd." in names
    assert "The Lanxi Municipal Administration for Market Regulation" in names
    assert not any("Municipal Intellectual Property Office" in n for n in names)
    assert "Beijing" in names and "China (Lanxi) Intellectual Property Protection Center" in names
    assert "Chinese Academy of Sciences (CAS)" in names
    for s, e, n in find_names(t, 0, len(t)):
        assert t[s:e] == n


def test_gazetteer_aliases_and_abbreviations(seed_data):
    reg = Registry.build(load_project(seed_data).entities)
    assert reg.lookup("Jiangbei New District") == reg.lookup("Nanjing Jiangbei New Area") == "jiangbei-new-area"
    assert reg.lookup("CAS") == reg.lookup("Chinese Academy of Sciences") == "chinese-academy-of-sciences"
    assert reg.lookup("WIPO") == "world-intellectual-property-organization"
    assert reg.lookup("CNIPA") == reg.lookup("National Intellectual Property Administration") == "cnipa"
    assert reg.lookup("Most") is None and reg.lookup("MOST") == "ministry-of-science-and-technology"


@pytest.mark.parametrize("short,full,same", [
    ("Core Huajang", "Core Huazhang Technology", True),           # transliteration variant
    ("Qiancheng Sensing", "Hefei Qiancheng Intelligent Sensing Technology", True),   # short form
    ("Qian Cheng", "Hefei Qiancheng Intelligent Sensing Technology", True),          # split syllables
    ("Jinway Photonics", "Suzhou Jinwei Photonics Technology", True),
    ("Jinwei Optics", "Suzhou Jinwei Photonics Technology", False),  # what a company does must agree
    ("Huaxin Semiconductor", "Huaxin Software", False),
    ("Technology", "Core Huazhang Technology", False),
    ("Lanxi High-tech Zone", "Lanxi High-tech Industrial Development Zone", True),
])
def test_is_variant(short, full, same):
    assert is_variant(short, full) is same


_PARAS = [
    "Founded in 2018, Weiguang Photonics is headquartered in Nanjing, and it has 120 patents.",
    "Nanjing Lanxi Weiguang Photonics Technology Co., Ltd. released the \"Guangyu\" LX-300 laser last May.",
    "Lanxi Weiguang Optics joined hands with the Chinese Academy of Sciences to build a laboratory.",
    "Last year, Weiguang Photonics was selected as a national intellectual property demonstration enterprise.",
]


def _orgs(seed_data, paras: list[str]) -> dict[str, tuple[str, ...]]:
    project = load_project(seed_data)
    src = Source(id="synthetic", kind="article", title="t", path="p", date="2024-03-01", text="\n\n".join(paras))
    facts = extract_source(src, project)
    return {e.id: (e.label, *sorted(e.aliases)) for e in facts.entities if e.type == "Company"}, facts


def test_short_forms_merge_and_similar_companies_do_not(seed_data):
    orgs, facts = _orgs(seed_data, _PARAS)
    full = orgs["nanjing-lanxi-weiguang-photonics-technology"]
    assert "Weiguang Photonics" in full
    assert orgs["lanxi-weiguang-optics"] == ("Lanxi Weiguang Optics",)
    assert len(orgs) == 2
    ent = {e.id: e for e in facts.entities}["nanjing-lanxi-weiguang-photonics-technology"]
    assert ent.founded == 2018 and ent.located_in == "nanjing"
    rels = {(r.subject, r.predicate, r.object) for r in facts.relations}
    assert ("lanxi-weiguang-optics", "partner_of", "chinese-academy-of-sciences") in rels
    assert ("nanjing-lanxi-weiguang-photonics-technology", "located_in", "nanjing") in rels


def test_resolution_does_not_depend_on_mention_order(seed_data):
    base, _ = _orgs(seed_data, _PARAS)
    for order in ([3, 2, 1, 0], [1, 0, 3, 2], [2, 3, 0, 1]):
        got, _ = _orgs(seed_data, [_PARAS[i] for i in order])
        assert got == base, order


def test_relation_cues_type_names_without_head_words(seed_data):
    """Names with no head word ("Lanxi Muyang") are organisations when a relation cue says so."""
    project = load_project(seed_data)
    text = ("On March 3, the research base project of Lanxi Muyang, an important affiliate of Haoyue Qiming, was "
            "signed and landed in Jiangbei New District.")
    facts = extract_source(Source(id="cue", kind="article", title="t", path="p", date="2024-03-05", text=text),
                           project)
    ents = {e.id: e for e in facts.entities}
    assert ents["lanxi-muyang"].type == ents["haoyue-qiming"].type == "Company"
    rels = {(r.subject, r.predicate, r.object) for r in facts.relations}
    assert ("lanxi-muyang", "affiliate_of", "haoyue-qiming") in rels
    signing = next(e for e in facts.entities if e.type == "ProjectSigning")
    assert (signing.date, signing.date_inferred, signing.place) == ("2024-03-03", True, "jiangbei-new-area")
    project_id = signing.object[0]
    assert ("lanxi-muyang", "undertakes", project_id) in rels and ents[project_id].located_in == "jiangbei-new-area"
