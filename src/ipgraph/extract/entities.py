"""Entity mentions: known names (gazetteer, curated, earlier extractions) and new capitalised names, resolved
to stable ids. Decisions depend only on the text and the registry, never on input order."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from ..iri import slugify
from ..model import ENTITY_KINDS, Entity


@lru_cache(maxsize=1)
def entity_lexicon() -> dict:
    """The shipped typing and relation-cue vocabulary (`ipgraph/data/entity_lexicon.yaml`, general words only)."""
    raw = resources.files("ipgraph").joinpath("data/entity_lexicon.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(raw)


def _heads(key: str, rx: str) -> list[tuple[re.Pattern, str]]:
    return [(re.compile(rx.format(p), re.I), t) for t, p in entity_lexicon()[key]]


# head words -> entity type (general English vocabulary, no names): data/entity_lexicon.yaml
TYPE_HEADS: list[tuple[str, str]] = [(t, p) for t, p in entity_lexicon()["type_heads"]]
_HEAD_RES = _heads("type_heads", r"\b(?:{})$")
_OF_HEAD_RES = _heads("of_heads", r"\b(?:{})\s+(?:of|for)\b")
COMPANY_HEADS = re.compile(rf"^(?:{entity_lexicon()['company_heads']})$", re.I)
_COMPANY_SUFFIX = re.compile(r",?\s*(?:co\.,?\s*ltd\.?|co\.\s*ltd|company limited|ltd\.?|inc\.?)$", re.I)
_STOP_START = {"the", "in", "on", "at", "by", "as", "according", "among", "data", "since", "last", "from", "this",
               "that", "these", "it", "its", "our", "next", "so", "after", "walking", "founded", "located", "making",
               "innovation", "intellectual", "brand", "experts", "reporter", "promoting", "supporting", "picture",
               "knowledge", "innovative", "industrial", "a", "an", "of", "and", "with", "for", "to", "new",
               # sentence adverbs and conjunctions that open a capitalised run ("Now Core ..." is "Core ...")
               "now", "currently", "meanwhile", "however", "also", "then", "today", "recently", "besides",
               "moreover", "furthermore", "later", "finally", "here", "there", "when", "while", "although",
               "because", "through", "under", "during", "previously", "earlier", "together"}


def norm_name(name: str) -> str:
    """A comparison key: lower-case, no leading article, no company suffix, one space, straight quotes."""
    t = name.replace("’", "'").replace("“", '"').replace("”", '"')
    t = _COMPANY_SUFFIX.sub("", t.strip())
    t = re.sub(r"^(?:the)\s+", "", t, flags=re.I)
    t = re.sub(r"\s+", " ", t).strip(" ,.;:").lower()
    return t


def classify(name: str) -> str | None:
    """Entity type from the head word of a name ("... Co., Ltd.", "Ministry of ...", "... Index 2024"), or None."""
    base = _COMPANY_SUFFIX.sub("", name.strip()).strip(" ,")
    if _COMPANY_SUFFIX.search(name.strip()):
        return "Company"
    base = re.sub(r"\s*\([^)]*\)\s*$", "", base)
    base = re.sub(r"\s+(?:19|20)\d{2}$", "", base)  # an edition year ("Global Innovation Index 2024")
    first_of = re.search(r"\s(?:of|for)\s", base)
    if first_of:
        # the head of "X of Y" is in X ("University of Science and Technology of Lanxi")
        for rx, typ in _OF_HEAD_RES:
            m = rx.search(base)
            if m and m.start() < first_of.end():
                return typ
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
    version: int = 0  # goes up on every change of a name -> id mapping (a stamp for callers' memos)
    _sorted_org_keys: list[str] | None = None

    @classmethod
    def build(cls, entities: dict[str, Entity]) -> Registry:
        reg = cls(entities)
        for eid in sorted(entities):
            reg.index(entities[eid])
        return reg

    def index(self, ent: Entity) -> None:
        self.version += 1
        for n in [*sorted(ent.labels.values()), *sorted(ent.aliases)]:
            if re.fullmatch(r"[A-Z][A-Z&]{1,7}", n):
                # an abbreviation matches only as written ("MOST" is not "Most of ...")
                self.abbrev.setdefault(n, ent.id)
                continue
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
        if self._sorted_org_keys is None or len(self._sorted_org_keys) != len(self.org_keys):
            self._sorted_org_keys = sorted(self.org_keys)
        for key in self._sorted_org_keys:
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
        self.version += 1
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


_CAP = r"(?:[A-Z][\w'’&.\-]*|[A-Z]{2,}|\d+[A-Za-z]*|\([A-Z][a-z]+\)(?=\s+[A-Z]))"
_CONN = r"(?:of|and|for|the|de|on|in)"
NAME_RE = re.compile(
    rf"{_CAP}(?:\s+(?:{_CONN}\s+)*{_CAP})*(?:,\s*Ltd\.?)?(?:\s*\((?:[A-Z][A-Za-z&]{{1,9}})\))?(?:\s+Co\.,?\s*Ltd\.?)?")
_LONG_PAREN = re.compile(r"\s*\([A-Z][\w&\- ]*\)")


def find_names(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Capitalised runs in [start, end) that may be names (trailing connectors dropped).

    A parenthesised second name right after a name ("X Bureau (Municipal Intellectual Property Office)") is
    skipped: it renames the same body, and reading it as a name of its own would mint a second entity."""
    out = []
    pos = start
    while pos < end:
        m = NAME_RE.search(text, pos, end)
        if m is None:
            break
        s, e = m.start(), m.end()
        pos = e
        name = text[s:e]
        # drop trailing connectors / punctuation
        name2 = re.sub(r"(?:\s+(?:of|and|for|the|de|on|in|\d+(?:st|nd|rd|th)))+$", "", name).rstrip(".,")
        if re.search(r"\bCo\.,?\s*Ltd\.?$", name):
            name2 = name
        e = s + len(name2)
        # "A Center and the B Academy": two names
        cut = s
        for m2 in re.finditer(r"\s+and\s+the\s+", name2):
            out.append((cut, s + m2.start(), text[cut:s + m2.start()]))
            cut = s + m2.end()
        if cut < e:
            out.append((cut, e, text[cut:e]))
        paren = _LONG_PAREN.match(text, e, end)
        if paren and len(paren.group(0).strip()) > 12:
            pos = paren.end()
    return out


# ---------------------------------------------------------------------------------------------- resolution
def _tokens(label: str) -> list[str]:
    return norm_name(label).replace("-", " ").split()


def _token_match(a: str, b: str) -> bool:
    """One word of a short form against one of the full name: equal, or a transliteration variant of a
    proper-name word ("ruiway" / "ruiwei"); words saying what a company does must agree."""
    if a == b:
        return True
    if COMPANY_HEADS.match(a) or COMPANY_HEADS.match(b) or a[0] != b[0] or min(len(a), len(b)) < 4:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def is_variant(short: str, full: str) -> bool:
    """True when `short` names the same body as `full`: its words appear in `full` in order (each equal or a
    transliteration variant), or two words of it are one word of `full` ("Rui Guang" / "Ruiguang")."""
    s, f = _tokens(short), _tokens(full)
    if not s or len(s) > len(f) or s == f:
        return False
    if len(s) == 1 and not (COMPANY_HEADS.match(s[0]) is None and len(s[0]) >= 5):
        return False
    i = 0
    for tok in s:
        while i < len(f) and not _token_match(tok, f[i]):
            i += 1
        if i == len(f):
            break
        i += 1
    else:
        return any(not COMPANY_HEADS.match(t) for t in s)
    return len(s) == 2 and "".join(s) in f


def merge_variants(reg: Registry) -> dict[str, str]:
    """Group the new organisations and zones of one document that are short forms or spelling variants of a
    longer name, decided on the whole set at once (so the result does not depend on the order of mentions).

    Each short form maps to the single longest name it is a variant of; a short form that fits two different
    full names ("Haorui" for both "Haorui Photonics" and "Haorui Optics") is left alone: similar names of
    different companies never merge. Returns {merged id: kept id}; labels become aliases of the kept entity."""
    cands = [e for e in reg.new.values() if ENTITY_KINDS.get(e.type) in ("org", "place") and e.origin == "extracted"]
    known = [e for e in reg.entities.values() if ENTITY_KINDS.get(e.type) == "org"]
    remap: dict[str, str] = {}
    for ent in sorted(cands, key=lambda e: e.id):
        names = [ent.label, *ent.aliases]
        targets = set()
        for other in [*cands, *known]:
            if other.id == ent.id or ENTITY_KINDS.get(other.type) != ENTITY_KINDS.get(ent.type):
                continue
            if ENTITY_KINDS[ent.type] == "place" and other.type != ent.type:
                continue
            full = [other.label, *other.aliases]
            if any(is_variant(n, f) for n in names for f in full) and len(_tokens(other.label)) > len(_tokens(ent.label)):
                targets.add(other.id)
        if len(targets) == 1:
            remap[ent.id] = targets.pop()
    # follow chains (A -> B -> C) to the end
    for k in sorted(remap):
        seen = {k}
        while remap[k] in remap and remap[k] not in seen:
            seen.add(remap[k])
            remap[k] = remap[remap[k]]
    reg.version += 1
    reg._sorted_org_keys = None
    for old in sorted(remap):
        new = remap[old]
        gone = reg.new.pop(old)
        keep = reg.get(new)
        if keep is None:
            continue
        for n in [gone.label, *gone.aliases]:
            reg.alias(new, n)
        for key in [k for k, v in reg.names.items() if v == old]:
            reg.names[key] = new
        for key in [k for k, v in reg.org_keys.items() if v == old]:
            reg.org_keys[key] = new
        for key in [k for k, v in reg.abbrev.items() if v == old]:
            reg.abbrev[key] = new
        if keep.origin == "extracted":
            keep.founded = keep.founded or gone.founded
            keep.located_in = keep.located_in or (gone.located_in if gone.located_in != new else None)
    return remap
