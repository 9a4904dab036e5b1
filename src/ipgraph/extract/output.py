"""Writers for `ipgraph extract`: curated-format YAML (for review), JSON Lines records, Turtle."""

from __future__ import annotations

import json
from decimal import Decimal

import yaml

from ..model import FactSet


def _num(d: Decimal):
    return int(d) if d == d.to_integral_value() else float(d)


def to_curated(fs: FactSet, entities: dict) -> dict:
    """The curated format of decision 0002, so an analyst can review and move it into data/curated/."""
    doc: dict = {"source": fs.source.id}
    ents = []
    for e in fs.entities:
        item = {"id": e.id, "type": e.type, "label": dict(e.labels)}
        if e.aliases:
            item["aliases"] = list(e.aliases)
        for attr in ("located_in", "founded", "date", "place"):
            if getattr(e, attr) is not None:
                item[attr] = getattr(e, attr)
        if e.date:
            item["date_inferred"] = e.date_inferred
        if e.agent:
            item["agent"] = list(e.agent)
        if e.object:
            item["object"] = list(e.object)
        if e.quote is not None:
            item["quote"] = e.quote.text
        ents.append(item)
    doc["entities"] = ents
    doc["relations"] = [{"subject": r.subject, "predicate": r.predicate, "object": r.object,
                         "quote": r.quote.text if r.quote else None} for r in fs.relations]
    obs = []
    for o in fs.observations:
        item = {"subject": o.subject, "indicator": o.indicator, "statistic": o.statistic, "value": _num(o.value),
                "unit": o.unit, "qualifier": o.qualifier, "period": o.period, "period_inferred": o.period_inferred}
        for attr in ("scope", "scope_area", "ranked_what", "reference", "reference_subject", "compared_to"):
            v = getattr(o, attr)
            if v is not None and not (attr == "scope" and v == "none"):
                item[attr] = v
        item["published"] = o.published
        item["quote"] = o.quote.text if o.quote else None
        obs.append(item)
    doc["observations"] = obs
    doc["unparsed"] = [{"subject": u.subject, "indicator": u.indicator, "published": u.published, "reason": u.reason,
                        "readings": [_num(r) for r in u.readings], "quote": u.quote.text if u.quote else None}
                       for u in fs.unparsed]
    doc["indicators"] = [{"id": i.id, "label": i.labels.get("en", i.id), "unit": i.unit, "kind": i.kind}
                         for i in fs.indicators]
    return doc


def to_yaml(fs: FactSet, entities: dict) -> str:
    return ("# Extracted by ipgraph extract: candidate facts to review before moving into data/curated/.\n"
            + yaml.safe_dump(to_curated(fs, entities), sort_keys=False, allow_unicode=True, width=120))


def to_jsonl(fs: FactSet, entities: dict) -> str:
    """One record per line: kind observation / entity / relation / unparsed."""
    out = []

    def label(eid):
        ent = entities.get(eid)
        return ent.label if ent is not None else eid

    for e in fs.entities:
        out.append({"kind": "entity", "id": e.id, "label": e.label, "type": e.type, "aliases": list(e.aliases)})
    for r in fs.relations:
        out.append({"kind": "relation", "subject_label": label(r.subject), "predicate": r.predicate,
                    "object_label": label(r.object), "quote": r.quote.text if r.quote else None})
    for o in fs.observations:
        out.append({"kind": "observation", "subject": o.subject, "subject_label": label(o.subject),
                    "indicator": o.indicator, "statistic": o.statistic, "value": str(o.value), "unit": o.unit,
                    "qualifier": o.qualifier, "period": o.period, "scope": o.scope, "source": o.source,
                    "quote": o.quote.text if o.quote else None, "origin": o.origin, "published": o.published,
                    "multiplier": o.multiplier, "ranked_what": o.ranked_what, "reference": o.reference,
                    "document_date": fs.source.date, "confidence": str(o.confidence) if o.confidence else None,
                    "start": o.quote.start if o.quote else None, "end": o.quote.end if o.quote else None,
                    "period_inferred": o.period_inferred})
    for u in fs.unparsed:
        out.append({"kind": "unparsed", "published": u.published, "quote": u.quote.text if u.quote else None,
                    "reason": u.reason, "readings": [str(r) for r in u.readings], "subject": u.subject,
                    "start": u.quote.start if u.quote else None, "end": u.quote.end if u.quote else None})
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in out)
