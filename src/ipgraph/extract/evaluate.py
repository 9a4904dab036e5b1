"""Precision and recall of an extraction against a gold file in the curated format (decision 0002).

Entities are matched by label or alias (case-insensitive), indicators by id, or, for indicators the scheme
does not hold, by their label's content words (an extractor mints its own ids for unknown phrases).

Rank scopes (decision 0003): a world-wide ranking list (its label or an alias says global, world, worldwide or
international) and the level `world` name the same peer group, so both sides are compared as `world`; any other
list is compared by entity, levels by keyword.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from ..model import FactSet
from .entities import norm_name

_WORLD_WORDS = {"global", "world", "worldwide", "international"}
_LEVELS = ("world", "country", "province", "city", "none", None)
_STOP = {"of", "the", "a", "an", "in", "by", "for", "and", "to", "organisation", "organization", "its"}


@dataclass
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower().replace("_", " ")) if w not in _STOP}


def _score(gold: list, got: list) -> Score:
    g, e = Counter(gold), Counter(got)
    tp = sum((g & e).values())
    return Score(tp, sum(e.values()) - tp, sum(g.values()) - tp)


def evaluate(facts: FactSet, gold_path: Path | str, entities: dict, scheme: dict) -> dict[str, Score]:
    """Scores per category: observations, ranks, entities, relations."""
    return {cat: _score(g, e) for cat, (g, e) in evaluate_keys(facts, gold_path, entities, scheme).items()}


def evaluate_keys(facts: FactSet, gold_path: Path | str, entities: dict,
                  scheme: dict) -> dict[str, tuple[list, list]]:
    """The normalised gold and extracted keys per category (for listing false positives and negatives)."""
    gold = yaml.safe_load(Path(gold_path).read_text(encoding="utf-8")) or {}
    names: dict[str, str] = {}
    for ent in gold.get("entities") or []:
        label = ent["label"]
        labels = list(label.values()) if isinstance(label, dict) else [label]
        for n in [*labels, *(ent.get("aliases") or []), ent["id"].replace("-", " ")]:
            names.setdefault(norm_name(str(n)), ent["id"])
        names.setdefault(norm_name(ent["id"]), ent["id"])
    gold_inds = {i["id"]: i for i in gold.get("indicators") or []}

    def ent_id(eid: str | None) -> str | None:
        if eid is None:
            return None
        if eid in {e["id"] for e in gold.get("entities") or []}:
            return eid
        ent = entities.get(eid)
        if ent is not None:
            for n in [*ent.labels.values(), *ent.aliases]:
                hit = names.get(norm_name(n))
                if hit:
                    return hit
        return eid

    def ind_id(iid: str | None) -> str | None:
        if iid is None or iid == "score":
            return iid
        if iid.startswith("share:"):
            return "share:" + (ind_id(iid[6:]) or "")
        ind = scheme.get(iid)
        if ind is not None and not ind.needs_review:
            return iid
        extracted = next((i for i in facts.indicators if i.id == iid), None)
        words = _words(extracted.labels.get("en", iid) if extracted else iid)
        for gid in sorted(gold_inds):
            gw = _words(str(gold_inds[gid].get("label", gid))) | _words(gid)
            if words and (words <= gw or gw <= words):
                return gid
        return iid

    gold_ents = {e["id"]: e for e in gold.get("entities") or []}

    def scope_id(s: str | None) -> str | None:
        if s in _LEVELS:
            return s
        if _worldwide_list(gold_ents.get(s) or entities.get(s)):
            return "world"
        mapped = ent_id(s)
        return "world" if _worldwide_list(gold_ents.get(mapped)) else mapped

    def val(v) -> str:
        d = Decimal(str(v))
        return str(d.normalize()) if d != d.to_integral_value() else str(d.quantize(Decimal(1)))

    def obs_key(subject, indicator, statistic, value, unit, qualifier, period):
        return (subject, indicator, statistic, val(value), unit, qualifier or "exact", str(period))

    gold_obs = gold.get("observations") or []
    g_all = [obs_key(o["subject"], o["indicator"], o.get("statistic", "value"), o["value"], o["unit"],
                     o.get("qualifier"), o["period"]) for o in gold_obs]
    e_all = [obs_key(ent_id(o.subject), ind_id(o.indicator), o.statistic, o.value, o.unit, o.qualifier, o.period)
             for o in facts.observations]
    g_rank = [(o["subject"], o.get("ranked_what"), scope_id(o.get("scope", "none")), val(o["value"]))
              for o in gold_obs if o.get("statistic") == "rank"]
    e_rank = [(ent_id(o.subject), ind_id(o.ranked_what), scope_id(o.scope), val(o.value))
              for o in facts.observations if o.statistic == "rank"]
    g_ent = sorted({e["id"] for e in gold.get("entities") or []})
    e_ent = sorted({ent_id(e.id) for e in facts.entities}
                   | {ent_id(eid) for eid in _mentioned(facts)})
    g_rel = [(r["subject"], r["predicate"], r["object"]) for r in gold.get("relations") or []]
    e_rel = [(ent_id(r.subject), r.predicate, ent_id(r.object)) for r in facts.relations]
    return {"observations": (g_all, e_all), "ranks": (g_rank, e_rank),
            "entities": (g_ent, e_ent), "relations": (g_rel, e_rel)}


def _worldwide_list(ent) -> bool:
    """A ranking list whose peer group is the world: its label or an alias says so (decision 0003)."""
    if ent is None:
        return False
    if isinstance(ent, dict):
        typ, label, aliases = ent.get("type"), ent.get("label"), ent.get("aliases") or []
        labels = list(label.values()) if isinstance(label, dict) else [label or ""]
    else:
        typ, labels, aliases = ent.type, list(ent.labels.values()), list(ent.aliases)
    if typ != "RankingList":
        return False
    return any(_words(str(n)) & _WORLD_WORDS for n in [*labels, *aliases])


def _mentioned(facts: FactSet) -> set[str]:
    return set(getattr(facts, "mentioned", set()))


def format_scores(name: str, scores: dict[str, Score]) -> list[str]:
    lines = []
    for cat, s in scores.items():
        lines.append(f"{name:28s} {cat:13s} P={s.precision:.3f} R={s.recall:.3f} (tp={s.tp} fp={s.fp} fn={s.fn})")
    return lines


def mismatches(keys: dict[str, tuple[list, list]], categories=("observations", "ranks")) -> list[str]:
    """Lines `FP`/`FN` per category: what the extractor got wrong, to tune general rules on."""
    out = []
    for cat in categories:
        g, e = Counter(keys[cat][0]), Counter(keys[cat][1])
        out += [f"  {cat[:4]} FP {k}" for k in sorted((e - g).elements(), key=str)]
        out += [f"  {cat[:4]} FN {k}" for k in sorted((g - e).elements(), key=str)]
    return out
