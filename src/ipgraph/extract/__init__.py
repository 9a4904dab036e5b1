"""Text extraction (issue 3): candidate facts from an article nobody has curated, each tied to its quote.

`extract_source(source, project)` is what `ipgraph build` calls for every registered article without a curated
file; new entities are added to `project.entities` so the emitter can mint their IRIs.
"""

from __future__ import annotations

from ..model import FactSet, Source
from .core import EXTRACTOR_VERSION, DocState, extract_document, lexicon_for
from .entities import Registry
from .relations import extract_relations

__all__ = ["extract_source", "EXTRACTOR_VERSION"]


def extract_source(source: Source, project) -> FactSet:
    """Extract figures, ranks, entities and relations of one article (deterministic for a given project)."""
    reg = Registry.build(project.entities)
    lex = lexicon_for(project.scheme)
    doc_date = source.date
    doc_year = int(doc_date[:4]) if doc_date else None
    facts = FactSet(source=source, origin="extracted", extractor=EXTRACTOR_VERSION)
    st = DocState(source, source.text, reg, lex, source.focus, doc_year, doc_date, facts=facts)
    extract_document(st)
    extract_relations(st)
    _locate_new_places(st)
    used = _used_entities(st)
    for eid in sorted(reg.new):
        if eid in used:
            ent = reg.new[eid]
            facts.entities.append(ent)
            project.entities.setdefault(eid, ent)
    facts.mentioned = sorted(used - {''})  # type: ignore[attr-defined]  # for evaluation
    facts.indicators = [st.new_indicators[k] for k in sorted(st.new_indicators)]
    facts.observations.sort(key=lambda o: (o.quote.start if o.quote else 0, *o.key(), str(o.value)))
    facts.relations.sort(key=lambda r: (r.subject, r.predicate, r.object))
    facts.unparsed.sort(key=lambda u: (u.quote.start if u.quote else 0, u.published))
    return facts


def _locate_new_places(st: DocState) -> None:
    """A new place is put in the known place its name starts with, else in the place in focus (or its container)."""
    from ..model import ENTITY_KINDS

    reg = st.reg
    focus = reg.get(st.focus) if st.focus else None
    fallback = None
    if focus is not None:
        fallback = focus.id if ENTITY_KINDS[focus.type] == "place" else focus.located_in
    fallback = fallback or reg.lookup("China")
    for eid in sorted(reg.new):
        ent = reg.new[eid]
        if ENTITY_KINDS[ent.type] != "place" or ent.located_in or ent.type == "Country":  # (issue 3, entities)
            continue
        words = ent.label.split()
        for n in range(len(words) - 1, 0, -1):
            hit = reg.lookup(" ".join(words[:n]))
            hit_ent = reg.get(hit) if hit else None
            if hit_ent is not None and ENTITY_KINDS[hit_ent.type] == "place" and hit != eid:
                ent.located_in = hit
                break
        if not ent.located_in and fallback and fallback != eid:
            ent.located_in = fallback


def _used_entities(st: DocState) -> set[str]:
    used = {eid for _s, _e, eid in st.mentions}
    f = st.facts
    for o in f.observations:
        used |= {o.subject, o.scope, o.scope_area or "", o.reference_subject or ""}
    for r in f.relations:
        used |= {r.subject, r.object}
    for u in f.unparsed:
        used.add(u.subject or "")
    # -- (issue 3, entities) scope levels are no entities; a known place only implied as a rank's area, a
    # share's total ("the province") or a new place's container is not one the text names (the gazetteer has it)
    implied = {x for o in f.observations for x in (o.scope_area, o.reference_subject) if x in st.reg.entities}
    implied |= {e.located_in for e in st.reg.new.values() if e.located_in in st.reg.entities}
    named = {eid for _s, _e, eid in st.mentions} | {o.subject for o in f.observations} | {o.scope for o in f.observations}
    used -= ({"world", "country", "province", "city", "none"} - set(st.reg.entities)) | (implied - named)
    # -- end (issue 3, entities)
    for eid in list(used):
        ent = st.reg.new.get(eid)
        while ent is not None:
            refs = [ent.located_in, ent.place, *ent.agent, *ent.object, *ent.industry, *ent.members]
            new_refs = [r for r in refs if r and r not in used and r in st.reg.new]  # (issue 3: known refs are emitted anyway)
            used |= set(new_refs)
            ent = None
            for r in new_refs:
                if r in st.reg.new:
                    ent = st.reg.new[r]
    return used
