"""Figures and ranks: general sentence patterns of the genre (invented names and numbers, none from an article),
the rank-scope decision (0003) in the evaluation, and the speed-ups that must not change what is found."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from ipgraph.extract import extract_source
from ipgraph.extract.core import Lexicon, lexicon_for
from ipgraph.extract.evaluate import evaluate
from ipgraph.extract.periods import _PATTERNS, find_periods
from ipgraph.loaders.project import load_project
from ipgraph.model import Source

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def project(seed_data):
    return load_project(seed_data)


def _extract(project, text: str, focus: str | None = None, date: str = "2024-03-01"):
    src = Source(id="fig-test", kind="article", title="t", path="p", date=date, text=text, focus=focus)
    return extract_source(src, project)


def _obs(facts, **want):
    return [o for o in facts.observations if all(getattr(o, k) == v for k, v in want.items())]


def test_rank_in_world_list_has_the_list_as_scope(project):
    text = ("According to the ranking of the top 100 science and technology clusters in global cities released by "
            "the World Intellectual Property Organization, Wuxi is ranked 17th in the world and 6th in China.")
    facts = _extract(project, text)
    ranks = {o.value: o for o in _obs(facts, statistic="rank")}
    assert set(ranks) == {Decimal(17), Decimal(6)}
    world, country = ranks[Decimal(17)], ranks[Decimal(6)]
    assert world.scope not in ("world", "none", "country") and world.ranked_what == "score"
    lst = {e.id: e for e in facts.entities}[world.scope]
    assert lst.type == "RankingList" and "global" in lst.label
    assert country.scope == "country" and country.ranked_what == "score"


def test_province_rank_is_no_list_rank(project):
    text = ("The global innovation index ranking was published.\n\n"
            "Several indicators are the first in the province and the first in the country.")
    facts = _extract(project, text, focus="wuxi")
    assert not _obs(facts, statistic="rank", scope="province")


def test_evaluation_treats_world_and_worldwide_list_alike(project, tmp_path):
    text = ("According to the ranking of the top 100 science and technology clusters in global cities, "
            "Wuxi is ranked 17th in the world.")
    facts = _extract(project, text)
    gold = {"source": "fig-test",
            "entities": [{"id": "wuxi", "type": "City", "label": "Wuxi"},
                         {"id": "some-list", "type": "RankingList", "label": "Global cluster ranking 2024"},
                         {"id": "local-list", "type": "RankingList", "label": "Provincial cluster ranking"}],
            "observations": [{"subject": "wuxi", "indicator": "sci_tech_cluster_rank", "statistic": "rank",
                              "value": 17, "unit": "rank", "period": 2024, "scope": scope, "ranked_what": "score"}
                             for scope in ("world",)]}
    path = tmp_path / "gold.yaml"
    for scope, expect in (("world", 1), ("some-list", 1), ("local-list", 0), ("country", 0)):
        gold["observations"][0]["scope"] = scope
        path.write_text(yaml.safe_dump(gold), encoding="utf-8")
        ents = {**project.entities, **{e.id: e for e in facts.entities}}
        assert evaluate(facts, path, ents, project.scheme)["ranks"].tp == expect, scope


def test_multiple_takes_the_measured_indicator_not_the_reference(project):
    text = ("By the end of 2023, the city had 5,000 effective invention patents. In 2023, the number of new invention "
            "patent applications has reached the effective invention patents amounted to more than 1.5 times.")
    facts = _extract(project, text, focus="wuxi")
    mult = _obs(facts, statistic="multiple")
    assert [(o.indicator, o.value, o.qualifier, o.period) for o in mult] == [
        ("invention_patent_applications", Decimal("1.5"), "more_than", "2023")]


def test_serial_comma_list_keeps_a_name_with_and(project):
    text = ("In 2023, the number of invention patent applications in the robotics industry, the new energy "
            "industry, and the aerospace and aviation equipment industry all exceeded 3,000 pieces.")
    facts = _extract(project, text, focus="wuxi")
    labels = {e.id: e.label for e in facts.entities}
    subjects = sorted(labels.get(o.subject, o.subject) for o in _obs(facts, value=Decimal(3000)))
    assert subjects == ["aerospace and aviation equipment industry", "new energy industry", "robotics industry"]


def test_subject_after_of_which_and_in_industry(project):
    text = ("As of the end of 2023, the effective invention patents of the city's key clusters ranked first in the "
            "province, of which the marine equipment industry cluster effective invention patents accounted for the "
            "province's 44.40%. The amount of effective invention patents in the cloud service industry accounted "
            "for 12.5% of the total amount of effective invention patents in the city.")
    facts = _extract(project, text, focus="wuxi")
    labels = {e.id: e.label for e in facts.entities}
    by_value = {o.value: labels.get(o.subject, o.subject) for o in _obs(facts, statistic="share")}
    assert by_value == {Decimal("44.40"): "marine equipment industry cluster",
                        Decimal("12.5"): "cloud service industry"}


def test_statement_repeated_in_two_sentences_is_kept_twice_and_keys_never_clash(project):
    text = ("By the end of 2023, the number of invention patents owned by 10,000 people in the city reached 88.10, "
            "ranking first in the province. By the end of 2023, the city ranked first in the province in terms of "
            "the number of invention patents owned by 10,000 people. In 2023, the city's invention patent "
            "authorization 9,100, accounting for the province's total invention patent authorization 20.5%, "
            "accounting for the total number of patents authorized in the city 30.5%, the proportion ranked "
            "first in the province.")
    facts = _extract(project, text, focus="wuxi")
    ranks = _obs(facts, statistic="rank", indicator="invention_patents_per_10k_people", scope="province")
    assert len({o.quote.start for o in ranks}) == 2
    by_key: dict = {}
    for o in facts.observations:
        by_key.setdefault(o.key(), set()).add((o.value, o.qualifier))
    assert all(len(v) == 1 for v in by_key.values())
    assert {o.value for o in _obs(facts, statistic="share")} == {Decimal("20.5"), Decimal("30.5")}


def _texts() -> list[str]:
    texts = [(ROOT / "data/sources/nanjing-ip-2023.txt").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/articles").glob("*.txt"))]
    return texts


def test_lexicon_trie_regex_finds_what_a_longest_first_alternation_finds(project):
    lex = lexicon_for(project.scheme)
    alts = sorted(lex.phrases, key=lambda p: (-len(p), p))
    plain = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
                       + r")(?![\w-])", re.I)
    total = 0
    for text in _texts():
        want = [(m.start(), m.end()) for m in plain.finditer(text)]
        fresh = Lexicon.build(project.scheme)
        assert [(a, b) for a, b, _ in fresh.find(text, 0, len(text))] == want
        total += len(want)
    assert total > 20


def test_period_scan_cached_per_text_equals_a_fresh_scan():
    from ipgraph.extract.periods import PeriodMention, _resolve

    for text in _texts():
        # sentence-sized windows, as extraction asks, against a scan of each window on its own
        bounds = [0, *[m.end() for m in re.finditer(r"\n+", text)], len(text)]
        for s, e in zip(bounds, bounds[1:], strict=False):
            cached = find_periods(text, s, e, 2024, "2024-03-01", 2023)
            fresh, taken = [], []
            for name, rx in _PATTERNS:
                for m in rx.finditer(text, s, e):
                    if any(m.start() < b and a < m.end() for a, b in taken):
                        continue
                    pm = _resolve(name, m, 2024, "2024-03-01", 2023, text)
                    if pm is not None:
                        fresh.append(PeriodMention(m.start(), m.end(), *pm))
                        taken.append((m.start(), m.end()))
            assert cached == sorted(fresh, key=lambda p: p.start)


def test_list_ranks_clause_by_clause_and_respectively(project):
    text = ("The world's top 100 science and technology clusters were published.\n\n"
            "In the ranking, the Aldor-Brevik cluster of Norland continues to top the list, the Calder-Dunmore "
            "cluster ranked 2nd in the world, top in the nation, Esker of Fenland ranked 3rd, Garrow 4th.\n\n"
            "In addition, Hollin, Irvane and Jessop ranked 21st, 22nd and 28th respectively, the rankings rise.")
    facts = _extract(project, text)
    labels = {e.id: e.label for e in facts.entities}
    got = {(labels.get(o.subject, o.subject), int(o.value), o.scope == "country")
           for o in _obs(facts, statistic="rank")}
    assert got == {("Aldor-Brevik", 1, False), ("Calder-Dunmore", 2, False), ("Calder-Dunmore", 1, True),
                   ("Esker", 3, False), ("Garrow", 4, False), ("Hollin", 21, False), ("Irvane", 22, False),
                   ("Jessop", 28, False)}


def test_year_before_a_comma_is_the_period_and_founding_year_is_not(project):
    text = ("Since the founding of the enterprise in 2016, Brightwave Technology has more than 90 patent "
            "applications. The person in charge said that in 2023, the enterprise's sales revenue of 2.5 billion "
            "yuan, a year-on-year increase of 12.5%.")
    facts = _extract(project, text, date="2024-03-18")
    periods = {o.published: o.period for o in facts.observations}
    assert periods["2.5 billion yuan"] == "2023" and periods["12.5%"] == "2023"
    assert periods["more than 90"] == "2024-03-18"


def test_only_after_names_no_subject(project):
    text = ("By the end of 2023, the number of invention patents owned by 10,000 people in the city reached 70.10 "
            "pieces, ranking second in the province, only after Shanghai, and 9th among the country's cities. "
            "The number of high-value invention patents owned by 10,000 people reached 30.12 pieces.")
    facts = _extract(project, text, focus="wuxi")
    assert {o.subject for o in facts.observations} == {"wuxi"}
    assert {int(o.value) for o in _obs(facts, statistic="rank")} == {2, 9}
