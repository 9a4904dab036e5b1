"""Typed facts passed between pipeline stages (loaders/extractor -> RDF emitter -> exports).

The model is deliberately small and RDF-agnostic: loaders and the text extractor produce it, and only
`ipgraph.rdf` knows how it becomes triples (decision 0001).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

STATISTICS = ("value", "share", "growth", "pp_difference", "multiple", "rank")
QUALIFIERS = ("exact", "more_than", "at_least", "about", "less_than", "at_most")
SCOPE_LEVELS = ("world", "country", "province", "city", "none")
ORIGINS = ("curated", "extracted", "table", "derived", "reference")
UNITS = ("count", "per_10k_people", "CNY", "USD", "EUR", "percent", "percentage_points", "times", "rank", "score")

ENTITY_KINDS: dict[str, str] = {
    # class name -> IRI kind segment (decision 0001)
    "Place": "place", "Country": "place", "Province": "place", "State": "place", "City": "place",
    "District": "place", "NewArea": "place", "DevelopmentZone": "place", "Park": "place", "MetroArea": "place",
    "Organization": "org", "Company": "org", "ResearchInstitution": "org", "University": "org",
    "GovernmentAgency": "org", "InternationalOrganization": "org", "Bank": "org", "Court": "org",
    "IndustryCluster": "cluster", "ClusterGroup": "cluster", "Industry": "cluster",
    "Product": "product", "Project": "project", "Facility": "facility", "Programme": "programme",
    "RankingList": "list", "Award": "list",
    "Event": "event", "ProductRelease": "event", "ProjectSigning": "event", "Meeting": "event",
    "ListSelection": "event",
    "Person": "person",
}
PLACE_TYPES = tuple(k for k, v in ENTITY_KINDS.items() if v == "place")
ORG_TYPES = tuple(k for k, v in ENTITY_KINDS.items() if v == "org")
EVENT_TYPES = tuple(k for k, v in ENTITY_KINDS.items() if v == "event")

# relation keyword -> ontology property local name
RELATION_PREDICATES: dict[str, str] = {
    "affiliate_of": "affiliateOf",
    "subsidiary_of": "subsidiaryOf",
    "partner_of": "partnerOf",
    "located_in": "locatedIn",
    "has_site": "hasSite",
    "produces": "produces",
    "manufacturer_of": "manufacturerOf",
    "member_of_list": "memberOfList",
    "has_industry": "hasIndustry",
    "participates_in": "participatesIn",
    "undertakes": "undertakes",
    "part_of": "partOf",
    "released": "released",
    "under": "under",
}


@dataclass(frozen=True)
class Locator:
    """Where a fact was read: a file and a line (YAML, tables) for error messages and table provenance."""

    file: str
    line: int | None = None
    column: str | None = None


@dataclass
class Source:
    id: str
    kind: str  # article | reference | table
    title: str
    path: str  # relative to the data folder
    publisher: str | None = None
    url: str | None = None
    date: str | None = None  # ISO date, month, year or range A/B
    retrieved: str | None = None
    language: str | None = None
    original_language: str | None = None
    translated_by: str | None = None
    licence: str | None = None
    focus: str | None = None
    note: str | None = None
    text: str = ""  # the document text (BOM removed), for articles
    sha256: str = ""
    locator: Locator | None = None

    @property
    def year(self) -> int | None:
        """The publication year (the first year of a date range)."""
        if not self.date:
            return None
        return int(self.date[:4])


@dataclass(frozen=True)
class Quote:
    """A verbatim span of a source text; offsets in code points, end exclusive."""

    source: str
    start: int
    end: int
    text: str
    prefix: str = ""
    suffix: str = ""


@dataclass
class Entity:
    id: str
    type: str
    labels: dict[str, str]  # language -> label; "en" always present
    aliases: list[str] = field(default_factory=list)
    located_in: str | None = None
    founded: int | None = None
    industry: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    date: str | None = None
    date_inferred: bool = False
    place: str | None = None
    agent: list[str] = field(default_factory=list)
    object: list[str] = field(default_factory=list)
    description: str | None = None
    wikidata: str | None = None
    geonames: str | None = None
    needs_review: bool = False
    quote: Quote | None = None
    source: str | None = None
    origin: str = "curated"
    locator: Locator | None = None

    @property
    def label(self) -> str:
        return self.labels.get("en") or next(iter(self.labels.values()))


@dataclass
class Relation:
    subject: str
    predicate: str  # keyword of RELATION_PREDICATES
    object: str
    quote: Quote | None = None
    source: str | None = None
    origin: str = "curated"
    confidence: Decimal | None = None
    locator: Locator | None = None


@dataclass
class Observation:
    subject: str
    indicator: str
    statistic: str
    value: Decimal
    unit: str
    period: str
    qualifier: str = "exact"
    scope: str = "none"  # level keyword or a RankingList entity id
    scope_area: str | None = None
    ranked_what: str | None = None
    reference: str | None = None
    reference_subject: str | None = None
    compared_to: str | None = None
    published: str | None = None
    multiplier: int | None = None
    period_inferred: bool = False
    quote: Quote | None = None
    table_cell: Locator | None = None
    derived_from: list[str] = field(default_factory=list)  # observation IRIs (derived statistics)
    source: str | None = None
    origin: str = "curated"
    confidence: Decimal | None = None
    locator: Locator | None = None

    def key(self) -> tuple[str, ...]:
        """Identity of the fact within one source (the QB dimensions plus what a rank/share is of)."""
        return (
            self.subject, self.indicator, self.statistic, self.period, self.scope,
            self.ranked_what or "", self.reference or "",
        )


@dataclass
class Unparsed:
    """A figure the source states that cannot be read as a number (kept with its quote, never a value)."""

    published: str
    reason: str
    subject: str | None = None
    indicator: str | None = None
    readings: list[Decimal] = field(default_factory=list)
    quote: Quote | None = None
    source: str | None = None
    origin: str = "curated"
    locator: Locator | None = None


@dataclass
class Indicator:
    id: str
    labels: dict[str, str]
    unit: str
    kind: str  # stock | flow | edition | stock/flow
    synonyms: list[str] = field(default_factory=list)
    needs_review: bool = False
    broader: str | None = None


@dataclass
class FactSet:
    """Everything one source contributes (curated, extracted, table or reference)."""

    source: Source
    origin: str = "curated"
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    extractor: str | None = None  # extractor version, for origin "extracted"
