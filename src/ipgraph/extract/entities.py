"""Entity mentions: known names (gazetteer, curated, earlier extractions) and new capitalised names, resolved
to stable ids. Decisions depend only on the text and the registry, never on input order."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..iri import slugify
from ..model import ENTITY_KINDS, Entity

# head words -> entity type (general English vocabulary, no names)
TYPE_HEADS: list[tuple[str, str]] = [
    (r"university|college", "University"),
    (r"academy|institute|laboratory|lab", "ResearchInstitution"),
    (r"bank", "Bank"),
    (r"court", "Court"),
    (r"organization|organisation", "InternationalOrganization"),
    (r"bureau|office|administration|ministry|council|committee|government|department|commission|center|centre|"
     r"agency|regulation", "GovernmentAgency"),
    (r"new area|new district", "NewArea"),
    (r"district|county", "District"),
    (r"development zone|high-tech zone|zone", "DevelopmentZone"),
    (r"industrial park|park|valley", "Park"),
    (r"province", "Province"),
    (r"city", "City"),
    (r"greater bay area|bay area|metropolitan area", "MetroArea"),
    (r"index|list|ranking|enterprises", "RankingList"),
    (r"program|programme|plan|action", "Programme"),
    (r"award|prize", "Award"),
    (r"technology|technologies|co\.,? ltd\.?|group|pharmaceuticals?|bio|biotech|holdings?|corporation|"
     r"inc\.?|electronics|photonics|sensing|semiconductors?|motors?|software|industrial holding group|company", "Company"),
]
_HEAD_RES = [(re.compile(rf"\b(?:{p})$", re.I), t) for p, t in TYPE_HEADS]
_COMPANY_SUFFIX = re.compile(r",?\s*(?:co\.,?\s*ltd\.?|co\.\s*ltd|company limited|ltd\.?|inc\.?)$", re.I)
_STOP_START = {"the", "in", "on", "at", "by", "as", "according", "among", "data", "since", "last", "from", "this",
               "that", "these", "it", "its", "our", "next", "so", "after", "walking", "founded", "located", "making",
               "innovation", "intellectual", "brand", "experts", "reporter", "promoting", "supporting", "picture",
               "knowledge", "innovative", "industrial", "a", "an", "of", "and", "with", "for", "to", "new"}


def norm_name(name: str) -> str:
    """A comparison key: lower-case, no leading article, no company suffix, one space, straight quotes."""
    t = name.replace("’", "'").replace("“", '"').replace("”", '"')
    t = _COMPANY_SUFFIX.sub("", t.strip())
    t = re.sub(r"^(?:the)\s+", "", t, flags=re.I)
    t = re.sub(r"\s+", " ", t).strip(" ,.;:").lower()
    return t


def classify(name: str) -> str | None:
    """Entity type from the head word of a name, or None."""
    base = _COMPANY_SUFFIX.sub("", name.strip()).strip(" ,")
    if _COMPANY_SUFFIX.search(name.strip()):
        return "Company"
    base = re.sub(r"\s*\([^)]*\)\s*$", "", base)
    for rx, typ in _HEAD_RES:
        if rx.search(base):
            return typ
    return None


@dataclass
class Mention:
    start: int
    end: int
    entity: str  # entity id
    text: str


@dataclass
class Registry:
    """Names -> ids over the project's entities plus those this document adds."""

    entities: dict[str, Entity]
    names: dict[str, str] = field(default_factory=dict)
    abbrev: dict[str, str] = field(default_factory=dict)
    new: dict[str, Entity] = field(default_factory=dict)
    org_keys: dict[str, str] = field(default_factory=dict)
    _similar_cache: dict = field(default_factory=dict)

    @classmethod
    def build(cls, entities: dict[str, Entity]) -> Registry:
        reg = cls(entities)
        for eid in sorted(entities):
            reg.index(entities[eid])
        return reg

    def index(self, ent: Entity) -> None:
        for n in [*sorted(ent.labels.values()), *sorted(ent.aliases)]:
            if re.fullmatch(r"[A-Z][A-Z&]{1,7}", n):
                self.abbrev.setdefault(n, ent.id)
            key = norm_name(n)
            if key:
                self.names.setdefault(key, ent.id)
                if ENTITY_KINDS.get(ent.type) == "org":
                    self.org_keys.setdefault(key, ent.id)
                    self._similar_cache.clear()

    def lookup(self, name: str) -> str | None:
        if name in self.abbrev:
            return self.abbrev[name]
        return self.names.get(norm_name(name))

    def similar(self, name: str, typ: str) -> str | None:
        """A known company/organisation this name is a short form or transliteration variant of."""
        ck = (name, typ)
        if ck in self._similar_cache:
            return self._similar_cache[ck]
        toks = norm_name(name).replace("-", " ").split()
        if not toks:
            return None
        best = None
        for key in sorted(self.org_keys):
            eid = self.org_keys[key]
            ent = self.entities.get(eid) or self.new.get(eid)
            if ent is None or ENTITY_KINDS.get(ent.type) != ENTITY_KINDS.get(typ, "org") or ENTITY_KINDS[ent.type] != "org":
                continue
            ktoks = key.replace("-", " ").split()
            joined = "".join(ktoks)
            if len(toks) >= 2 and all(t in ktoks for t in toks):
                best = best or eid
            elif len(toks) == 2 and "".join(toks) in ktoks:
                best = best or eid
            elif len(toks) >= 2 and len(toks) <= len(ktoks) and toks[-1] == ktoks[min(len(toks), len(ktoks)) - 1] \
                    and all(difflib.SequenceMatcher(None, a, b).ratio() >= 0.6 and a[0] == b[0]
                            for a, b in zip(toks, ktoks, strict=False)) and len(toks[0]) > 3:
                best = best or eid
            elif len(toks) >= 2 and toks[0] == ktoks[0] and len(toks) == 2 and len(ktoks) >= 2 \
                    and difflib.SequenceMatcher(None, toks[1], ktoks[1]).ratio() >= 0.7 and toks[1][0] == ktoks[1][0]:
                best = best or eid
            del joined
        self._similar_cache[ck] = best
        return best

    def add(self, label: str, typ: str, source: str, quote=None) -> str:
        """A new entity (id = slug of its label); the same label always gives the same id."""
        label = _COMPANY_SUFFIX.sub("", label.strip()).strip(" ,") if typ == "Company" else label.strip()
        known = self.lookup(label)
        if known:
            return known
        eid = slugify(label)
        if eid in self.entities and ENTITY_KINDS.get(self.entities[eid].type) != ENTITY_KINDS[typ]:
            eid = f"{eid}-{ENTITY_KINDS[typ]}"
        ent = self.entities.get(eid) or self.new.get(eid)
        if ent is None:
            ent = Entity(id=eid, type=typ, labels={"en": label}, source=source, origin="extracted", quote=quote,
                         needs_review=True)
            self.new[eid] = ent
        self.index(ent)
        return eid

    def alias(self, eid: str, name: str) -> None:
        ent = self.new.get(eid)
        if ent is not None and name != ent.label and name not in ent.aliases:
            ent.aliases = sorted({*ent.aliases, name})
        key = norm_name(name)
        if key:
            self.names.setdefault(key, eid)
            ent2 = self.get(eid)
            if ent2 is not None and ENTITY_KINDS.get(ent2.type) == "org":
                self.org_keys.setdefault(key, eid)
                self._similar_cache.clear()
        if re.fullmatch(r"[A-Z][A-Z&]{1,7}", name):
            self.abbrev.setdefault(name, eid)

    def get(self, eid: str) -> Entity | None:
        return self.entities.get(eid) or self.new.get(eid)


_CAP = r"(?:[A-Z][\w'’&.\-]*|[A-Z]{2,}|\d+[A-Za-z]*)"
_CONN = r"(?:of|and|for|the|de|on|in)"
NAME_RE = re.compile(
    rf"{_CAP}(?:\s+(?:{_CONN}\s+)*{_CAP})*(?:\s*\((?:[A-Z][\w&\- ]*)\))?(?:\s+Co\.,?\s*Ltd\.?)?")


def find_names(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Capitalised runs in [start, end) that may be names (trailing connectors dropped)."""
    out = []
    for m in NAME_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        name = text[s:e]
        # drop trailing connectors / punctuation
        name2 = re.sub(r"(?:\s+(?:of|and|for|the|de|on|in))+$", "", name).rstrip(".,")
        if re.search(r"\bCo\.,?\s*Ltd\.?$", name):
            name2 = name
        e = s + len(name2)
        if name2:
            out.append((s, e, name2))
    return out
