"""Typed facts -> RDF (decision 0001): one named graph per source plus `ontology`, `reference`, `derived`.

No blank nodes: every node has an IRI minted from stable keys, so exports diff cleanly between builds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..iri import BASE as GRAPH_BASE
from ..iri import entity_iri, key_hash
from ..model import (
    ENTITY_KINDS,
    EVENT_TYPES,
    FactSet,
    Indicator,
    Observation,
    Quote,
    Relation,
    Source,
    Unparsed,
)
from ..periods import is_instant, period_bounds, period_local_name
from .namespaces import (
    ASRT,
    GRAPH,
    IND,
    IPG,
    IPR,
    OA,
    OBS,
    ORG,
    ORIGIN,
    PERIOD,
    QB,
    QUAL,
    QUOTE,
    SCHEMA,
    SCOPE,
    SDMX_ATT,
    SDMX_MEAS,
    SRC,
    STAT,
    TIME,
    UNIT,
    bind_prefixes,
)

BASIS = Namespace(GRAPH_BASE + "basis/")
ONTOLOGY_GRAPH = GRAPH["ontology"]
REFERENCE_GRAPH = GRAPH["reference"]
DERIVED_GRAPH = GRAPH["derived"]

_SOURCE_CLASSES = {"article": IPG.Source, "reference": IPG.ReferenceSource, "table": IPG.Table}


@dataclass
class Conflict:
    """Two statements of one fact (same subject, indicator, statistic, period, scope) with different values."""

    first: Observation
    second: Observation


@dataclass
class EmitResult:
    dataset: Dataset
    conflicts: list[Conflict] = field(default_factory=list)
    observation_iris: dict[int, URIRef] = field(default_factory=dict)


def graph_iri(source: Source) -> URIRef:
    return REFERENCE_GRAPH if source.kind == "reference" else GRAPH[source.id]


def quote_iri(q: Quote) -> URIRef:
    return QUOTE[f"{q.source}/{q.start}-{q.end}"]


def period_iri(period: str) -> URIRef:
    return PERIOD[period_local_name(period)]


def observation_iri(obs: Observation) -> URIRef:
    prefix = obs.source or "derived"
    return OBS[f"{prefix}/{key_hash(*obs.key())}"]


def _date_literal(text: str) -> Literal:
    if len(text) == 10:
        return Literal(text, datatype=XSD.date)
    if len(text) == 7:
        return Literal(text, datatype=XSD.gYearMonth)
    if len(text) == 4:
        return Literal(text, datatype=XSD.gYear)
    return Literal(text)


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal in canonical lexical form (no exponent: '9918000000', '146.8')."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    return Literal(text, datatype=XSD.decimal)


class Emitter:
    def __init__(self, entities: dict, scheme: dict[str, Indicator]):
        self.entities = entities
        self.scheme = scheme
        self.ds = bind_prefixes(Dataset())
        self.result = EmitResult(self.ds)

    def entity_ref(self, entity_id: str) -> URIRef:
        ent = self.entities[entity_id]
        return URIRef(entity_iri(entity_id, ent.type))

    # -- ontology and schemes ------------------------------------------------------------------------------
    def add_ontology(self, ontology_files: Iterable[Path]) -> None:
        from .load import parse_rdf_strict

        g = self.ds.graph(ONTOLOGY_GRAPH)
        for path in ontology_files:
            for triple in parse_rdf_strict(path, base_iri="https://w3id.org/ipgraph/ontology"):
                g.add(triple)
        self.add_indicator_scheme(g, [i for i in self.scheme.values() if not i.needs_review])

    def add_indicator_scheme(self, g: Graph, indicators: Iterable[Indicator]) -> None:
        scheme = IND["scheme"]
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, RDF.type, OWL.NamedIndividual))
        g.add((scheme, RDFS.label, Literal("ipgraph indicator scheme", lang="en")))
        g.add((scheme, SKOS.prefLabel, Literal("ipgraph indicator scheme", lang="en")))
        for ind in indicators:
            c = IND[ind.id]
            g.add((c, RDF.type, IPG.Indicator))
            g.add((c, RDF.type, OWL.NamedIndividual))
            g.add((c, SKOS.inScheme, scheme))
            g.add((c, SKOS.notation, Literal(ind.id)))
            for lang, label in ind.labels.items():
                g.add((c, SKOS.prefLabel, Literal(label, lang=lang)))
                g.add((c, RDFS.label, Literal(label, lang=lang)))
            for syn in ind.synonyms:
                if syn != ind.labels.get("en"):
                    g.add((c, SKOS.altLabel, Literal(syn, lang="en")))
            g.add((c, IPG.defaultUnit, UNIT[ind.unit]))
            g.add((c, IPG.indicatorKind, Literal(ind.kind)))
            if ind.broader:
                g.add((c, SKOS.broader, IND[ind.broader]))
            if ind.needs_review:
                g.add((c, IPG.needsReview, Literal(True)))

    # -- sources and quotes --------------------------------------------------------------------------------
    def add_source(self, g: Graph, src: Source) -> None:
        s = SRC[src.id]
        g.add((s, RDF.type, _SOURCE_CLASSES[src.kind]))
        g.add((s, RDF.type, PROV.Entity))
        g.add((s, DCTERMS.title, Literal(src.title)))
        g.add((s, RDFS.label, Literal(src.title)))
        if src.publisher:
            g.add((s, DCTERMS.publisher, Literal(src.publisher)))
        if src.url:
            g.add((s, SCHEMA.url, Literal(src.url, datatype=XSD.anyURI)))
        if src.date:
            if "/" in src.date:
                g.add((s, IPG.dateRange, Literal(src.date)))
            else:
                g.add((s, DCTERMS.issued, _date_literal(src.date)))
        for attr, prop in (("retrieved", IPG.retrieved), ("language", DCTERMS.language),
                           ("original_language", IPG.originalLanguage), ("translated_by", IPG.translatedBy),
                           ("licence", DCTERMS.license), ("note", RDFS.comment)):
            value = getattr(src, attr)
            if value:
                g.add((s, prop, Literal(value)))
        g.add((s, IPG.path, Literal(src.path)))
        if src.sha256:
            g.add((s, IPG.sha256, Literal(src.sha256)))
        if src.text:
            g.add((s, IPG.text, Literal(src.text)))
        g.add((s, IPG.dataset, IPR[f"dataset/{src.id}"]))

    def add_quote(self, g: Graph, q: Quote) -> URIRef:
        qi = quote_iri(q)
        text_sel = URIRef(f"{qi}#text")
        pos_sel = URIRef(f"{qi}#position")
        g.add((qi, RDF.type, IPG.Quote))
        g.add((qi, OA.hasSource, SRC[q.source]))
        g.add((qi, OA.hasSelector, text_sel))
        g.add((qi, OA.hasSelector, pos_sel))
        g.add((qi, IPG.quoteText, Literal(q.text)))
        g.add((text_sel, RDF.type, OA.TextQuoteSelector))
        g.add((text_sel, OA.exact, Literal(q.text)))
        g.add((text_sel, OA.prefix, Literal(q.prefix)))
        g.add((text_sel, OA.suffix, Literal(q.suffix)))
        g.add((pos_sel, RDF.type, OA.TextPositionSelector))
        g.add((pos_sel, OA.start, Literal(q.start, datatype=XSD.nonNegativeInteger)))
        g.add((pos_sel, OA.end, Literal(q.end, datatype=XSD.nonNegativeInteger)))
        return qi

    # -- entities and relations ----------------------------------------------------------------------------
    def add_entity(self, g: Graph, ent, src: Source) -> None:
        e = self.entity_ref(ent.id)
        g.add((e, RDF.type, IPG[ent.type]))
        g.add((e, RDF.type, OWL.NamedIndividual))
        g.add((e, IPG.localId, Literal(ent.id)))
        for lang, label in sorted(ent.labels.items()):
            g.add((e, RDFS.label, Literal(label, lang=lang)))
            g.add((e, SKOS.prefLabel, Literal(label, lang=lang)))
        for alias in ent.aliases:
            if alias not in ent.labels.values():
                g.add((e, SKOS.altLabel, Literal(alias, lang="en")))
        if ent.located_in:
            g.add((e, IPG.locatedIn, self.entity_ref(ent.located_in)))
        if ent.founded is not None:
            g.add((e, IPG.foundingYear, Literal(f"{ent.founded:04d}", datatype=XSD.gYear)))
        for ind in ent.industry:
            g.add((e, IPG.hasIndustry, self.entity_ref(ind)))
        for member in ent.members:
            g.add((e, IPG.hasMember, self.entity_ref(member)))
        if ent.date:
            # a day is an xsd:date; a month or year ("last June") is a period individual
            if len(ent.date) == 10:
                g.add((e, IPG.date, _date_literal(ent.date)))
            else:
                g.add((e, IPG.period, self.add_period(g, ent.date)))
            if ent.type in EVENT_TYPES:
                g.add((e, IPG.dateInferred, Literal(bool(ent.date_inferred))))
        if ent.place:
            g.add((e, IPG.eventPlace, self.entity_ref(ent.place)))
        for agent in ent.agent:
            g.add((e, IPG.agent, self.entity_ref(agent)))
        for obj in ent.object:
            g.add((e, IPG.eventObject, self.entity_ref(obj)))
        if ent.description:
            g.add((e, SKOS.definition if ent.type in ("IndustryCluster", "Industry") else SCHEMA.description,
                   Literal(ent.description, lang="en")))
        if ent.wikidata:
            g.add((e, IPG.wikidata, Literal(ent.wikidata)))
        if ent.geonames:
            g.add((e, IPG.geonames, Literal(str(ent.geonames))))
        if ent.needs_review:
            g.add((e, IPG.needsReview, Literal(True)))
        if ent.quote is not None:
            g.add((e, IPG.mentionedIn, self.add_quote(g, ent.quote)))
        elif src.kind == "reference":
            entry = URIRef(f"{SRC[src.id]}#{ent.id}")
            g.add((entry, RDF.type, IPG.ReferenceEntry))
            g.add((entry, IPG.statedIn, SRC[src.id]))
            g.add((e, PROV.wasDerivedFrom, entry))
        g.add((e, IPG.statedIn, SRC[src.id]))

    def add_relation(self, g: Graph, rel: Relation) -> None:
        from ..model import RELATION_PREDICATES

        prop = ORG.hasSite if rel.predicate == "has_site" else IPG[RELATION_PREDICATES[rel.predicate]]
        s, o = self.entity_ref(rel.subject), self.entity_ref(rel.object)
        g.add((s, prop, o))
        a = ASRT[f"{rel.source}/{key_hash(rel.subject, rel.predicate, rel.object)}"]
        g.add((a, RDF.type, IPG.Assertion))
        g.add((a, IPG.assertedSubject, s))
        g.add((a, IPG.assertedProperty, prop))
        g.add((a, IPG.assertedObject, o))
        g.add((a, IPG.origin, ORIGIN[rel.origin]))
        g.add((a, IPG.statedIn, SRC[rel.source]))
        if rel.confidence is not None:
            g.add((a, IPG.confidence, decimal_literal(rel.confidence)))
        if rel.quote is not None:
            g.add((a, PROV.wasDerivedFrom, self.add_quote(g, rel.quote)))

    # -- observations --------------------------------------------------------------------------------------
    def add_period(self, g: Graph, period: str) -> URIRef:
        p = period_iri(period)
        g.add((p, IPG.isoPeriod, Literal(period)))
        begin, end = period_bounds(period)
        if is_instant(period):
            g.add((p, RDF.type, TIME.Instant))
            g.add((p, TIME.inXSDDate, Literal(begin.isoformat(), datatype=XSD.date)))
        else:
            g.add((p, RDF.type, TIME.ProperInterval))
            b, e = PERIOD[f"{begin.isoformat()}"], PERIOD[f"{end.isoformat()}"]
            g.add((p, TIME.hasBeginning, b))
            g.add((p, TIME.hasEnd, e))
            for instant, day in ((b, begin), (e, end)):
                g.add((instant, RDF.type, TIME.Instant))
                g.add((instant, IPG.isoPeriod, Literal(day.isoformat())))
                g.add((instant, TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date)))
        g.add((p, RDF.type, IPG.Period))
        return p

    def scope_ref(self, scope: str) -> URIRef:
        return SCOPE[scope] if scope in ("world", "country", "province", "city", "none") else self.entity_ref(scope)

    def add_basis(self, g: Graph, obs: Observation) -> URIRef:
        """The basis dimension: what a rank ranks or what total a share/difference is taken of."""
        if obs.statistic == "rank":
            what = obs.ranked_what or obs.indicator
            local, label = f"rank-of-{what.replace(':', '-')}", f"rank by {what.replace('share:', 'share of ')}"
        elif obs.reference or obs.reference_subject:
            parts = [obs.reference_subject or "", obs.reference or ""]
            local = f"{obs.statistic}-of-{key_hash(*parts)}"
            label = f"{obs.statistic} of {obs.reference or obs.reference_subject}"
        else:
            return IPG.absolute
        b = BASIS[local]
        g.add((b, RDF.type, IPG.Basis))
        g.add((b, RDFS.label, Literal(label, lang="en")))
        return b

    def add_observation(self, g: Graph, obs: Observation, dataset: URIRef, iri: URIRef | None = None) -> URIRef:
        o = iri or observation_iri(obs)
        g.add((o, RDF.type, IPG.Observation))
        g.add((o, RDF.type, QB.Observation))
        g.add((o, QB.dataSet, dataset))
        g.add((o, IPG.subject, self.entity_ref(obs.subject)))
        g.add((o, IPG.indicator, IND[obs.indicator]))
        g.add((o, IPG.statistic, STAT[obs.statistic]))
        g.add((o, IPG.period, self.add_period(g, obs.period)))
        g.add((o, IPG.scope, self.scope_ref(obs.scope)))
        g.add((o, IPG.basis, self.add_basis(g, obs)))
        g.add((o, SDMX_MEAS.obsValue, decimal_literal(obs.value)))
        g.add((o, SDMX_ATT.unitMeasure, UNIT[obs.unit]))
        if obs.multiplier:
            g.add((o, SDMX_ATT.unitMult, Literal(obs.multiplier, datatype=XSD.integer)))
        g.add((o, IPG.qualifier, QUAL[obs.qualifier]))
        g.add((o, IPG.origin, ORIGIN[obs.origin]))
        g.add((o, IPG.periodInferred, Literal(bool(obs.period_inferred))))
        if obs.published:
            g.add((o, IPG.published, Literal(obs.published)))
        if obs.ranked_what:
            if obs.ranked_what == "score":
                g.add((o, IPG.rankedWhat, IPG.listScore))
            elif obs.ranked_what.startswith("share:"):
                g.add((o, IPG.rankedWhat, IND[obs.ranked_what[6:]]))
                g.add((o, IPG.rankedStatistic, STAT["share"]))
            else:
                g.add((o, IPG.rankedWhat, IND[obs.ranked_what]))
        if obs.scope_area:
            g.add((o, IPG.scopeArea, self.entity_ref(obs.scope_area)))
        if obs.reference:
            g.add((o, IPG.reference, Literal(obs.reference)))
        if obs.reference_subject:
            g.add((o, IPG.referenceSubject, self.entity_ref(obs.reference_subject)))
        if obs.compared_to:
            g.add((o, IPG.comparedTo, self.add_period(g, obs.compared_to)))
        if obs.confidence is not None:
            g.add((o, IPG.confidence, decimal_literal(obs.confidence)))
        if obs.source:
            g.add((o, IPG.statedIn, SRC[obs.source]))
        if obs.quote is not None:
            g.add((o, PROV.wasDerivedFrom, self.add_quote(g, obs.quote)))
        if obs.table_cell is not None:
            cell = URIRef(f"{SRC[obs.source]}#row={obs.table_cell.line};col={obs.table_cell.column}")
            g.add((cell, RDF.type, IPG.TableCell))
            g.add((cell, IPG.statedIn, SRC[obs.source]))
            g.add((cell, IPG.row, Literal(obs.table_cell.line, datatype=XSD.integer)))
            g.add((cell, IPG.column, Literal(obs.table_cell.column or "")))
            g.add((o, PROV.wasDerivedFrom, cell))
        for inp in obs.derived_from:
            g.add((o, PROV.wasDerivedFrom, URIRef(inp)))
        return o

    def add_unparsed(self, g: Graph, u: Unparsed) -> None:
        key = key_hash(u.published, str(u.quote.start if u.quote else ""), u.subject or "")
        n = OBS[f"{u.source}/unparsed-{key}"]
        g.add((n, RDF.type, IPG.UnparsedFigure))
        g.add((n, IPG.published, Literal(u.published)))
        g.add((n, IPG.reason, Literal(u.reason)))
        g.add((n, IPG.origin, ORIGIN[u.origin]))
        g.add((n, IPG.statedIn, SRC[u.source]))
        for r in u.readings:
            g.add((n, IPG.possibleReading, decimal_literal(r)))
        if u.subject:
            g.add((n, IPG.subject, self.entity_ref(u.subject)))
        if u.indicator:
            g.add((n, IPG.indicator, IND[u.indicator]))
        if u.quote is not None:
            g.add((n, PROV.wasDerivedFrom, self.add_quote(g, u.quote)))

    def conflict_dataset(self, g: Graph, fs: FactSet) -> URIRef:
        ds = IPR[f"dataset/{fs.source.id}-restated"]
        g.add((ds, RDF.type, QB.DataSet))
        g.add((ds, RDF.type, OWL.NamedIndividual))
        g.add((ds, QB.structure, IPG.dsd))
        g.add((ds, RDFS.label, Literal(f"figures stated a second time, differently, in {fs.source.id}")))
        g.add((ds, PROV.wasDerivedFrom, SRC[fs.source.id]))
        return ds

    # -- a whole fact set ----------------------------------------------------------------------------------
    def add_factset(self, fs: FactSet) -> None:
        g = self.ds.graph(graph_iri(fs.source))
        self.add_source(g, fs.source)
        dataset = IPR[f"dataset/{fs.source.id}"]
        if fs.observations:
            g.add((dataset, RDF.type, QB.DataSet))
            g.add((dataset, RDF.type, OWL.NamedIndividual))
            g.add((dataset, QB.structure, IPG.dsd))
            g.add((dataset, RDFS.label, Literal(f"observations stated in {fs.source.id}")))
            g.add((dataset, PROV.wasDerivedFrom, SRC[fs.source.id]))
        if fs.extractor:
            act = URIRef(f"{BASE_ACTIVITY}{fs.source.id}")
            g.add((act, RDF.type, PROV.Activity))
            g.add((act, RDFS.label, Literal(f"extraction of {fs.source.id}")))
            g.add((act, PROV.used, SRC[fs.source.id]))
            g.add((act, IPG.extractorVersion, Literal(fs.extractor)))
            g.add((dataset, PROV.wasGeneratedBy, act))
        new_indicators = [i for i in fs.indicators if i.needs_review]
        if new_indicators:
            self.add_indicator_scheme(g, new_indicators)
        for ent in fs.entities:
            self.add_entity(g, ent, fs.source)
        for rel in fs.relations:
            self.add_relation(g, rel)
        n_conflicts = len(self.result.conflicts)
        kept, iris = consolidate(fs.observations, self.result.conflicts)
        second_statements = {id(c.second) for c in self.result.conflicts[n_conflicts:]}
        for obs, iri in zip(kept, iris, strict=True):
            # a second, different statement of one fact goes to its own data set, so both are kept with their
            # quotes while each data set still has one observation per key (RDF Data Cube IC-12)
            target = self.conflict_dataset(g, fs) if id(obs) in second_statements else dataset
            self.add_observation(g, obs, target, iri)
            self.result.observation_iris[id(obs)] = iri
        for u in fs.unparsed:
            self.add_unparsed(g, u)


BASE_ACTIVITY = IPR["activity/"]


def consolidate(observations: list[Observation], conflicts: list[Conflict]) -> tuple[list[Observation], list[URIRef]]:
    """One observation per key and source: a repeated statement with the same value is merged (its quote kept
    as further evidence is not needed: the first is cited); different values are a conflict, both kept apart."""
    seen: dict[tuple, Observation] = {}
    out: list[Observation] = []
    iris: list[URIRef] = []
    for obs in observations:
        key = (obs.source, *obs.key())
        first = seen.get(key)
        if first is None:
            seen[key] = obs
            out.append(obs)
            iris.append(observation_iri(obs))
            continue
        if first.value != obs.value or first.qualifier != obs.qualifier:
            conflicts.append(Conflict(first, obs))
            # keep the second statement too, under its own IRI
            alt = OBS[f"{obs.source}/{key_hash(*obs.key(), str(obs.value), obs.qualifier)}"]
            out.append(obs)
            iris.append(alt)
    return out, iris


def emit(project, ontology_files: Iterable[Path], derived: Iterable[Observation] = ()) -> EmitResult:
    """The whole build as an rdflib Dataset."""
    em = Emitter(project.entities, project.scheme)
    em.add_ontology(ontology_files)
    for fs in project.factsets:
        em.add_factset(fs)
    derived = list(derived)
    if derived:
        g = em.ds.graph(DERIVED_GRAPH)
        ds_iri = IPR["dataset/derived"]
        g.add((ds_iri, RDF.type, QB.DataSet))
        g.add((ds_iri, QB.structure, IPG.dsd))
        g.add((ds_iri, RDFS.label, Literal("derived statistics")))
        for obs in derived:
            em.add_observation(g, obs, ds_iri)
    return em.result


__all__ = ["emit", "Emitter", "EmitResult", "Conflict", "observation_iri", "quote_iri", "graph_iri",
           "decimal_literal", "ONTOLOGY_GRAPH", "REFERENCE_GRAPH", "DERIVED_GRAPH", "ENTITY_KINDS"]
