"""Precision and recall of an extraction against a gold file in the curated format (decision 0002).

Entities are matched by label or alias (case-insensitive), indicators by id, or, for indicators the scheme
does not hold, by their label's content words (an extractor mints its own ids for unknown phrases).
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

    def scope_id(s: str | None) -> str | None:
        return s if s in ("world", "country", "province", "city", "none", None) else ent_id(s)

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
    g_rank = [(o["subject"], o.get("ranked_what"), o.get("scope", "none"), val(o["value"]))
              for o in gold_obs if o.get("statistic") == "rank"]
    e_rank = [(ent_id(o.subject), ind_id(o.ranked_what), scope_id(o.scope), val(o.value))
              for o in facts.observations if o.statistic == "rank"]
    g_ent = sorted({e["id"] for e in gold.get("entities") or []})
    e_ent = sorted({ent_id(e.id) for e in facts.entities}
                   | {ent_id(eid) for eid in _mentioned(facts)})
    g_rel = [(r["subject"], r["predicate"], r["object"]) for r in gold.get("relations") or []]
    e_rel = [(ent_id(r.subject), r.predicate, ent_id(r.object)) for r in facts.relations]
    return {"observations": _score(g_all, e_all), "ranks": _score(g_rank, e_rank),
            "entities": _score(g_ent, e_ent), "relations": _score(g_rel, e_rel)}


def _mentioned(facts: FactSet) -> set[str]:
    return set(getattr(facts, "mentioned", set()))


def format_scores(name: str, scores: dict[str, Score]) -> list[str]:
    lines = []
    for cat, s in scores.items():
        lines.append(f"{name:28s} {cat:13s} P={s.precision:.3f} R={s.recall:.3f} (tp={s.tp} fp={s.fp} fn={s.fn})")
    return lines
