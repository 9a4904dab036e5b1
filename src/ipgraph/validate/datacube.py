"""RDF Data Cube integrity constraints IC-1 .. IC-21 (W3C vocab-data-cube, section 11) as SPARQL ASK queries.

Each query answers true when the constraint is violated. They are written against the un-normalised graph
(component properties are reached through `qb:dimension|qb:measure|qb:attribute|qb:componentProperty`), so the
build's store is queried as it is, without materialising the normalisation closure. IC-12 (no duplicate
observations) is phrased with GROUP BY over the dimensions of each DSD, which is linear, instead of the
pairwise comparison of the specification.
"""

from __future__ import annotations

from .report import ValidationResult

_CP = "(qb:dimension|qb:measure|qb:attribute|qb:componentProperty)"

INTEGRITY_CONSTRAINTS: dict[str, tuple[str, str]] = {
    "IC-1": ("Unique DataSet: every observation has exactly one qb:dataSet", """
ASK { { ?obs a qb:Observation . FILTER NOT EXISTS { ?obs qb:dataSet ?ds } }
      UNION { ?obs a qb:Observation ; qb:dataSet ?d1, ?d2 . FILTER(?d1 != ?d2) } }"""),
    "IC-2": ("Unique DSD: every data set has exactly one qb:structure", """
ASK { { ?ds a qb:DataSet . FILTER NOT EXISTS { ?ds qb:structure ?dsd . ?dsd a qb:DataStructureDefinition } }
      UNION { ?ds a qb:DataSet ; qb:structure ?s1, ?s2 . FILTER(?s1 != ?s2) } }"""),
    "IC-3": ("DSD includes measure", f"""
ASK {{ ?dsd a qb:DataStructureDefinition .
      FILTER NOT EXISTS {{ ?dsd qb:component/{_CP} ?p . ?p a qb:MeasureProperty }} }}"""),
    "IC-4": ("Dimensions have range", """
ASK { ?dim a qb:DimensionProperty . FILTER NOT EXISTS { ?dim rdfs:range ?r } }"""),
    "IC-5": ("Concept dimensions have code lists", """
ASK { ?dim a qb:DimensionProperty ; rdfs:range skos:Concept . FILTER NOT EXISTS { ?dim qb:codeList ?l } }"""),
    "IC-6": ("Only attributes may be optional", f"""
ASK {{ ?dsd qb:component ?cs . ?cs qb:componentRequired false ; {_CP} ?p .
      FILTER NOT EXISTS {{ ?p a qb:AttributeProperty }} }}"""),
    "IC-7": ("Slice keys must be declared", """
ASK { ?sk a qb:SliceKey . FILTER NOT EXISTS { ?dsd a qb:DataStructureDefinition ; qb:sliceKey ?sk } }"""),
    "IC-8": ("Slice keys consistent with DSD", f"""
ASK {{ ?sk a qb:SliceKey ; qb:componentProperty ?p . ?dsd qb:sliceKey ?sk .
      FILTER NOT EXISTS {{ ?dsd qb:component/{_CP} ?p }} }}"""),
    "IC-9": ("Unique slice structure", """
ASK { { ?slice a qb:Slice . FILTER NOT EXISTS { ?slice qb:sliceStructure ?k } }
      UNION { ?slice a qb:Slice ; qb:sliceStructure ?k1, ?k2 . FILTER(?k1 != ?k2) } }"""),
    "IC-10": ("Slice dimensions complete", """
ASK { ?slice qb:sliceStructure ?key . ?key qb:componentProperty ?dim . FILTER NOT EXISTS { ?slice ?dim ?v } }"""),
    "IC-11": ("All dimensions required", """
ASK { ?obs qb:dataSet/qb:structure/qb:component/(qb:dimension|qb:componentProperty) ?dim .
      ?dim a qb:DimensionProperty . FILTER NOT EXISTS { ?obs ?dim ?v } }"""),
    "IC-13": ("Required attributes", f"""
ASK {{ ?obs qb:dataSet/qb:structure/qb:component ?cs . ?cs qb:componentRequired true ; {_CP} ?attr .
      ?attr a qb:AttributeProperty . FILTER NOT EXISTS {{ ?obs ?attr ?v }} }}"""),
    "IC-14": ("All measures present", f"""
ASK {{ ?obs qb:dataSet/qb:structure ?dsd . FILTER NOT EXISTS {{ ?dsd qb:component/{_CP} qb:measureType }}
      ?dsd qb:component/{_CP} ?m . ?m a qb:MeasureProperty . FILTER NOT EXISTS {{ ?obs ?m ?v }} }}"""),
    "IC-15": ("Measure dimension consistent", f"""
ASK {{ ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?m . ?dsd qb:component/{_CP} qb:measureType .
      FILTER NOT EXISTS {{ ?obs ?m ?v }} }}"""),
    "IC-16": ("Single measure on measure dimension observation", f"""
ASK {{ ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?m ; ?other ?v . ?dsd qb:component/{_CP} qb:measureType .
      ?other a qb:MeasureProperty . FILTER(?other != ?m) }}"""),
    "IC-17": ("All measures present in measures dimension cube", f"""
ASK {{ ?obs1 qb:dataSet ?ds ; qb:measureType ?m1 . ?ds qb:structure/qb:component/{_CP} qb:measureType .
      ?obs1 ?dim ?v . ?dim a qb:DimensionProperty . FILTER(?dim != qb:measureType)
      ?ds qb:structure/qb:component/{_CP} ?m2 . ?m2 a qb:MeasureProperty . FILTER(?m1 != ?m2)
      FILTER NOT EXISTS {{ ?obs2 qb:dataSet ?ds ; qb:measureType ?m2 . FILTER NOT EXISTS {{
        ?obs1 ?d ?x . ?d a qb:DimensionProperty . FILTER(?d != qb:measureType) FILTER NOT EXISTS {{ ?obs2 ?d ?x }} }} }} }}"""),
    "IC-18": ("Consistent data set links", """
ASK { ?ds qb:slice ?slice . ?slice qb:observation ?obs . FILTER NOT EXISTS { ?obs qb:dataSet ?ds } }"""),
    "IC-19": ("Codes from code list", f"""
ASK {{ ?obs qb:dataSet/qb:structure/qb:component/{_CP} ?dim . ?dim a qb:DimensionProperty ; qb:codeList ?list .
      ?obs ?dim ?v .
      {{ ?list a skos:ConceptScheme . FILTER NOT EXISTS {{ ?v skos:inScheme ?list }} }}
      UNION {{ ?list a skos:Collection . FILTER NOT EXISTS {{ ?list skos:member+ ?v }} }} }}"""),
    "IC-20": ("Codes from hierarchy", f"""
ASK {{ ?obs qb:dataSet/qb:structure/qb:component/{_CP} ?dim . ?dim qb:codeList ?list .
      ?list a qb:HierarchicalCodeList ; qb:hierarchyRoot ?root ; qb:parentChildProperty ?pcp .
      ?obs ?dim ?v . FILTER(isIRI(?pcp))
      FILTER NOT EXISTS {{ ?root (!(qb:hierarchyRoot))* ?v }} }}"""),
    "IC-21": ("Codes from hierarchy (inverse)", f"""
ASK {{ ?obs qb:dataSet/qb:structure/qb:component/{_CP} ?dim . ?dim qb:codeList ?list .
      ?list a qb:HierarchicalCodeList ; qb:hierarchyRoot ?root ; qb:parentChildProperty ?pcp .
      ?obs ?dim ?v . FILTER(!isIRI(?pcp))
      FILTER NOT EXISTS {{ ?v (!(qb:hierarchyRoot))* ?root }} }}"""),
}

# IC-12 without pairwise comparison: a duplicate is two observations of one data set with equal values on every
# dimension of the DSD. The DSD's dimensions are read first, then one GROUP BY query is made for them.
_IC12_DIMS = """SELECT DISTINCT ?dsd ?dim WHERE { ?dsd a qb:DataStructureDefinition ;
  qb:component/(qb:dimension|qb:componentProperty) ?dim . ?dim a qb:DimensionProperty } ORDER BY ?dsd ?dim"""


def _ic12_query(dsd: str, dims: list[str]) -> str:
    vars_ = " ".join(f"?d{i}" for i in range(len(dims)))
    patterns = " ".join(f"?obs <{d}> ?d{i} ." for i, d in enumerate(dims))
    return (f"SELECT ?ds {vars_} (COUNT(?obs) AS ?n) WHERE {{ ?obs qb:dataSet ?ds . ?ds qb:structure <{dsd}> . "
            f"{patterns} }} GROUP BY ?ds {vars_} HAVING (COUNT(?obs) > 1) LIMIT 5")


def check_integrity(engine) -> list[ValidationResult]:
    """Run IC-1..IC-21 with an `ipgraph.query` engine (Oxigraph store or rdflib); one violation per failed IC."""
    out: list[ValidationResult] = []
    for name, (title, query) in INTEGRITY_CONSTRAINTS.items():
        if engine.run(query, {}).boolean:
            out.append(ValidationResult("datacube", "violation", f"{name} {title} does not hold"))
    dims: dict[str, list[str]] = {}
    for row in engine.run(_IC12_DIMS, {}).rows:
        dims.setdefault(str(row["dsd"]), []).append(str(row["dim"]))
    for dsd, dimensions in sorted(dims.items()):
        rows = engine.run(_ic12_query(dsd, dimensions), {}).rows
        for row in rows:
            out.append(ValidationResult("datacube", "violation",
                                        f"IC-12 No duplicate observations does not hold: {row['n']} observations of "
                                        f"<{row['ds']}> share every dimension value", str(row["ds"])))
    return out


__all__ = ["INTEGRITY_CONSTRAINTS", "check_integrity"]
