"""Curated facts (`data/curated/*.yaml`, decision 0002) and the reference gazetteer (`data/reference/*.yaml`).

Every check that can be made inside one file is made here; references between files are checked by
`ipgraph.loaders.project` once every file is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import Problem
from ..model import (
    ENTITY_KINDS,
    PLACE_TYPES,
    QUALIFIERS,
    RELATION_PREDICATES,
    SCOPE_LEVELS,
    STATISTICS,
    UNITS,
    Entity,
    FactSet,
    Indicator,
    Locator,
    Observation,
    Relation,
    Source,
    Unparsed,
)
from ..numbers import NumberFormatError, normalise_decimal, parse_quantity
from ..periods import check_period
from ..quotes import locate
from .indicators import indicator_from_mapping
from .sources import ID_RE, FieldReader
from .yamlpos import Mapping, load_yaml

_LANG_RE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")


@dataclass
class Reference:
    """An id one fact uses, to be resolved once every file is loaded."""

    id: str
    file: str
    line: int
    field: str
    expect_types: tuple[str, ...] = ()


@dataclass
class LoadedFile:
    facts: FactSet
    references: list[Reference] = field(default_factory=list)


def _decimal(value) -> Decimal | None:
    """A YAML number as a Decimal; None for booleans, text, non-finite and absurdly long numbers."""
    if isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value))
        return normalise_decimal(d) if d.is_finite() else None
    except (InvalidOperation, ValueError, NumberFormatError):
        return None


class _FileLoader:
    def __init__(self, path: Path, shown: str, source: Source | None, scheme: dict[str, Indicator],
                 origin: str):
        self.path = path
        self.shown = shown
        self.source = source
        self.scheme = scheme
        self.origin = origin
        self.problems: list[Problem] = []
        self.fields = FieldReader(shown, self.problems)
        self.references: list[Reference] = []
        self.local_indicators: dict[str, Indicator] = {}

    # -- helpers -------------------------------------------------------------------------------------------
    def ref(self, item: Mapping, fld: str, value: str | None, *types: str) -> None:
        if value is not None:
            self.references.append(Reference(str(value), self.shown, item.line_of(fld.split(".")[0]), fld, types))

    def id_list(self, item: Mapping, fld: str) -> list[str]:
        value = item.get(fld)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fields.problem(item, fld, "expected an id or a list of ids")
            return []
        for v in value:
            self.ref(item, fld, v)
        return list(value)

    def quote(self, item: Mapping, required: bool):
        text = self.fields.string(item, "quote", required=required and self.source is not None)
        if text is None or self.source is None:
            return None
        q = locate(self.source.id, self.source.text, text)
        if q is None:
            snippet = text if len(text) <= 60 else text[:57] + "..."
            self.fields.problem(item, "quote", f"not found in source {self.source.id!r} ({self.source.path}): "
                                               f"{snippet!r}")
        return q

    def labels(self, item: Mapping) -> dict[str, str] | None:
        label = item.get("label")
        if label is None:
            self.fields.problem(item, "label", "missing required field")
            return None
        if isinstance(label, str):
            return {"en": label}
        if isinstance(label, dict) and label and all(isinstance(v, str) for v in label.values()):
            bad = [k for k in label if not _LANG_RE.match(str(k))]
            if bad:
                self.fields.problem(item, "label", f"{bad[0]!r} is not a language tag (quote labels holding commas)")
                return None
            if "en" not in label:
                self.fields.problem(item, "label", "an English label (`en`) is required")
                return None
            return {str(k): v for k, v in label.items()}
        self.fields.problem(item, "label", "expected a string or a mapping language -> label")
        return None

    # -- entities -------------------------------------------------------------------------------------------
    def entity(self, item: Mapping, default_type: str | None = None) -> Entity | None:
        eid = self.fields.string(item, "id", required=True)
        etype = self.fields.string(item, "type", required=default_type is None) or default_type
        labels = self.labels(item)
        if eid is not None and not ID_RE.match(eid):
            self.fields.problem(item, "id", f"{eid!r} must be lower-case letters, digits and '-'")
            return None
        if etype is not None and etype not in ENTITY_KINDS:
            self.fields.problem(item, "type", f"unknown entity type {etype!r}")
            return None
        if eid is None or etype is None or labels is None:
            return None
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            self.fields.problem(item, "aliases", "expected a list of strings")
            aliases = []
        within = self.fields.string(item, "within") or self.fields.string(item, "located_in")
        if within is not None:
            self.ref(item, "within" if "within" in item else "located_in", within, *PLACE_TYPES)
        founded = item.get("founded")
        if founded is not None and not (isinstance(founded, int) and 1000 <= founded <= 2100):
            self.fields.problem(item, "founded", f"expected a year, got {founded!r}")
            founded = None
        date = self.fields.string(item, "date")
        if date is not None and (err := check_period(date)):
            self.fields.problem(item, "date", err)
        place = self.fields.string(item, "place")
        self.ref(item, "place", place, *PLACE_TYPES)
        ent = Entity(
            id=eid, type=etype, labels=labels, aliases=sorted(set(aliases)), located_in=within,
            founded=founded, industry=self.id_list(item, "industry"), members=self.id_list(item, "members"),
            date=date, date_inferred=bool(item.get("date_inferred", False)), place=place,
            agent=self.id_list(item, "agent"), object=self.id_list(item, "object"),
            description=self.fields.string(item, "description"),
            wikidata=self.fields.string(item, "wikidata"), geonames=self.fields.string(item, "geonames"),
            needs_review=bool(item.get("needs_review", False)),
            quote=self.quote(item, required=False), source=self.source.id if self.source else None,
            origin=self.origin, locator=Locator(self.shown, item.line),
        )
        return ent

    # -- relations ------------------------------------------------------------------------------------------
    def relation(self, item: Mapping) -> Relation | None:
        subject = self.fields.string(item, "subject", required=True)
        predicate = self.fields.string(item, "predicate", required=True)
        obj = self.fields.string(item, "object", required=True)
        if predicate is not None and predicate not in RELATION_PREDICATES:
            self.fields.problem(item, "predicate", f"unknown predicate {predicate!r} "
                                                   f"(one of {', '.join(sorted(RELATION_PREDICATES))})")
            return None
        q = self.quote(item, required=True)
        if subject is None or predicate is None or obj is None:
            return None
        self.ref(item, "subject", subject)
        self.ref(item, "object", obj)
        return Relation(subject, predicate, obj, quote=q, source=self.source.id if self.source else None,
                        origin=self.origin, locator=Locator(self.shown, item.line))

    # -- observations ---------------------------------------------------------------------------------------
    def indicator_id(self, item: Mapping, fld: str, value: str | None) -> None:
        if value is None:
            return
        base = value.split(":", 1)[1] if value.startswith("share:") else value
        if fld == "ranked_what" and base == "score":
            return
        if base not in self.scheme and base not in self.local_indicators:
            self.fields.problem(item, fld, f"unknown indicator {base!r}: add it to the scheme or under "
                                           f"`indicators:` in this file")

    def observation(self, item: Mapping) -> Observation | None:
        f = self.fields
        subject = f.string(item, "subject", required=True)
        indicator = f.string(item, "indicator", required=True)
        statistic = f.string(item, "statistic") or "value"
        unit = f.string(item, "unit", required=True)
        qualifier = f.string(item, "qualifier") or "exact"
        period = f.string(item, "period", required=True)
        scope = f.string(item, "scope") or "none"
        published = f.string(item, "published", required=True)
        raw_value = item.get("value")
        value = _decimal(raw_value) if raw_value is not None else None
        if raw_value is None:
            f.problem(item, "value", "missing required field")
        elif value is None or not value.is_finite():
            f.problem(item, "value", f"expected a number, got {raw_value!r}")
            value = None
        self.ref(item, "subject", subject)
        self.indicator_id(item, "indicator", indicator)
        if statistic not in STATISTICS:
            f.problem(item, "statistic", f"unknown statistic {statistic!r} (one of {', '.join(STATISTICS)})")
        if unit is not None and unit not in UNITS:
            f.problem(item, "unit", f"unknown unit {unit!r} (one of {', '.join(UNITS)})")
        if qualifier not in QUALIFIERS:
            f.problem(item, "qualifier", f"unknown qualifier {qualifier!r} (one of {', '.join(QUALIFIERS)})")
        if period is not None and (err := check_period(period)):
            f.problem(item, "period", err)
        if scope not in SCOPE_LEVELS:
            self.ref(item, "scope", scope, "RankingList", "Award")
        if statistic == "rank" and scope == "none":
            f.problem(item, "scope", "a rank needs a scope (world, country, province, city or a list id)")
        ranked_what = f.string(item, "ranked_what")
        self.indicator_id(item, "ranked_what", ranked_what)
        scope_area = f.string(item, "scope_area")
        self.ref(item, "scope_area", scope_area, *PLACE_TYPES)
        reference_subject = f.string(item, "reference_subject")
        self.ref(item, "reference_subject", reference_subject)
        compared_to = f.string(item, "compared_to")
        if compared_to is not None and (err := check_period(compared_to)):
            f.problem(item, "compared_to", err)
        q = self.quote(item, required=True)
        multiplier = None
        if published is not None and value is not None:
            multiplier = self.check_published(item, published, q, value, qualifier, unit, statistic)
        if None in (subject, indicator, unit, period, published, value):
            return None
        return Observation(
            subject=subject, indicator=indicator, statistic=statistic, value=normalise_decimal(value), unit=unit,
            period=period, qualifier=qualifier, scope=scope, scope_area=scope_area, ranked_what=ranked_what,
            reference=f.string(item, "reference"), reference_subject=reference_subject, compared_to=compared_to,
            published=published, multiplier=multiplier, period_inferred=bool(item.get("period_inferred", False)),
            quote=q, source=self.source.id if self.source else None, origin=self.origin,
            locator=Locator(self.shown, item.line),
        )

    def check_published(self, item, published, q, value, qualifier, unit, statistic) -> int | None:
        f = self.fields
        if q is not None and published.lower() not in " ".join(q.text.split()).lower():
            f.problem(item, "published", f"{published!r} does not occur in the quote")
            return None
        try:
            parsed = parse_quantity(published)
        except NumberFormatError as exc:
            f.problem(item, "published", f"cannot read {published!r} as a figure: {exc}")
            return None
        if normalise_decimal(parsed.value) != normalise_decimal(value):
            f.problem(item, "value", f"{value} does not match the published {published!r} (reads as {parsed.value})")
        if parsed.qualifier != "exact" and parsed.qualifier != qualifier:
            f.problem(item, "qualifier", f"{qualifier!r} but the published {published!r} says {parsed.qualifier!r}")
        compatible = {None, unit, "count" if unit == "per_10k_people" else None}
        if statistic == "rank":
            compatible.add("rank")
        if parsed.unit not in compatible and not (parsed.unit == "count" and unit in ("count", "per_10k_people")):
            f.problem(item, "unit", f"{unit!r} but the published {published!r} reads as {parsed.unit!r}")
        return parsed.multiplier or None

    def unparsed(self, item: Mapping) -> Unparsed | None:
        published = self.fields.string(item, "published", required=True)
        reason = self.fields.string(item, "reason", required=True)
        q = self.quote(item, required=True)
        subject = self.fields.string(item, "subject")
        self.ref(item, "subject", subject)
        indicator = self.fields.string(item, "indicator")
        self.indicator_id(item, "indicator", indicator)
        readings = []
        for r in item.get("readings") or []:
            d = _decimal(r)
            if d is None:
                self.fields.problem(item, "readings", f"expected numbers, got {r!r}")
            else:
                readings.append(normalise_decimal(d))
        if published is not None and q is not None and published not in q.text:
            self.fields.problem(item, "published", f"{published!r} does not occur in the quote")
        if published is None or reason is None:
            return None
        return Unparsed(published, reason, subject, indicator, sorted(readings), q,
                        self.source.id if self.source else None, self.origin, Locator(self.shown, item.line))


def load_curated_file(path: Path, shown: str, sources: dict[str, Source], scheme: dict[str, Indicator],
                      problems: list[Problem]) -> LoadedFile | None:
    """One `data/curated/*.yaml` file; problems are appended, the facts returned when the file is usable."""
    doc = load_yaml(path, shown)
    fields = FieldReader(shown, problems)
    if not isinstance(doc, Mapping):
        problems.append(Problem(shown, 1, "file", "expected a mapping with `source:` at the top level"))
        return None
    sid = fields.string(doc, "source", required=True)
    if sid is None:
        return None
    source = sources.get(sid)
    if source is None:
        fields.problem(doc, "source", f"unknown source id {sid!r} (not in sources.yaml)")
        return None
    loader = _FileLoader(path, shown, source, scheme, "curated")
    loader.problems = problems
    loader.fields = fields
    facts = FactSet(source=source, origin="curated")
    for item in fields.mapping_list(doc, "indicators"):
        if "id" not in item:
            fields.problem(item, "id", "missing required field")
            continue
        ind = indicator_from_mapping(item, shown, problems, needs_review=item["id"] not in scheme)
        loader.local_indicators[ind.id] = ind
        facts.indicators.append(ind)
    seen: dict[str, int] = {}
    for item in fields.mapping_list(doc, "entities"):
        ent = loader.entity(item)
        if ent is None:
            continue
        if ent.id in seen:
            fields.problem(item, "id", f"duplicate entity id {ent.id!r} (first at line {seen[ent.id]})")
            continue
        seen[ent.id] = item.line
        facts.entities.append(ent)
    for item in fields.mapping_list(doc, "relations"):
        if (rel := loader.relation(item)) is not None:
            facts.relations.append(rel)
    for item in fields.mapping_list(doc, "observations"):
        if (obs := loader.observation(item)) is not None:
            facts.observations.append(obs)
    for item in fields.mapping_list(doc, "unparsed"):
        if (u := loader.unparsed(item)) is not None:
            facts.unparsed.append(u)
    unknown = set(doc) - {"source", "indicators", "entities", "relations", "observations", "unparsed"}
    for key in sorted(unknown):
        fields.problem(doc, key, "unknown section")
    return LoadedFile(facts, loader.references)


def load_reference_file(path: Path, shown: str, source: Source, problems: list[Problem]) -> LoadedFile:
    """A gazetteer: places (`within`) and well-known organisations (`located_in`); general knowledge only."""
    doc = load_yaml(path, shown)
    fields = FieldReader(shown, problems)
    loader = _FileLoader(path, shown, None, {}, "reference")
    loader.problems = problems
    loader.fields = fields
    facts = FactSet(source=source, origin="reference")
    seen: dict[str, int] = {}
    for section, default in (("places", None), ("organisations", None), ("entities", None)):
        for item in fields.mapping_list(doc, section) if isinstance(doc, Mapping) and section in doc else []:
            ent = loader.entity(item, default)
            if ent is None:
                continue
            if ent.id in seen:
                fields.problem(item, "id", f"duplicate entity id {ent.id!r} (first at line {seen[ent.id]})")
                continue
            if section == "places" and ent.type not in PLACE_TYPES:
                fields.problem(item, "type", f"{ent.type!r} is not a place type")
            seen[ent.id] = item.line
            ent.source = source.id
            facts.entities.append(ent)
    if isinstance(doc, Mapping):
        for key in sorted(set(doc) - {"places", "organisations", "entities", "note"}):
            fields.problem(doc, key, "unknown section")
    return LoadedFile(facts, loader.references)
