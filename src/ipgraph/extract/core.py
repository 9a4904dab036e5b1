"""Rule- and lexicon-based extraction of figures, ranks, entities and relations from one article.

Every decision reads the text, the indicator lexicon (`ipgraph/data/indicators.yaml`) and the entity registry
(gazetteer + curated); nothing here names an entity or figure of any article.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal

from ..iri import slugify
from ..model import ENTITY_KINDS, FactSet, Indicator, Observation, Source, Unparsed
from ..numbers import ORDINAL_WORDS, WORD_NUMBERS, NumberFormatError, normalise_decimal, parse_quantity
from ..quotes import make_quote
from .entities import _STOP_START, Registry, classify, find_names, norm_name
from .periods import as_flow, as_stock, find_periods, shift_year
from .text import paragraphs, sentences

EXTRACTOR_VERSION = "ipgraph-extract 0.1"

_HEDGE = (r"(?:(?:more than|over|exceeded|exceeding|exceeds|exceed|nearly|about|around|approximately|almost|"
          r"close to|at least|up to|less than|no less than|not less than|above|surpassed|surpassing|broke through)\s+)?")
_WORDS = sorted((w for w in WORD_NUMBERS if " " not in w and w not in ("single", "double", "triple", "hundreds",
                                                                       "thousands", "dozens", "zero", "hundred")),
                key=len, reverse=True)
FIGURE_RE = re.compile(
    rf"(?P<hedge>{_HEDGE})(?P<num>(?<![\w.,+\-])\d+(?:[.,]\d+)*(?![\w+\-])|\b(?:{'|'.join(_WORDS)})\b(?!-))"
    r"(?P<mag>\s*(?:hundred million|100 million|ten thousand|10,000(?=\s+[a-z])|trillion|billion|million|thousand)\b)?"
    r"(?P<unit>\s*(?:percentage points?|percent\b|per cent\b|%|times\b|-fold\b|fold\b|yuan\b|rmb\b|cny\b|"
    r"us dollars\b|dollars\b|euros\b))?",
    re.I)
_ORD = (r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th)|top")
_SCOPE = (r"(?:\s+(?:in|among|of)\s+(?:the\s+)?(?:[\w'’\-]+\s+){0,5}?(?:province|country|nation|world|china|city|"
          r"globe|provinces|cities)\b|\s+nationwide|\s+in\s+the\s+nation|\s+in\s+china)")
RANK_RE = re.compile(
    rf"(?P<verb>\b(?:rank(?:ed|ing|s)?|placed|came|is|was|were|remained|the)\s+(?:the\s+)?)?"
    rf"(?P<ord>\b(?:{_ORD})\b)(?P<scope>{_SCOPE})?(?P<top>\s+the\s+list)?", re.I)
_TOP_LIST_RE = re.compile(r"\btop(?:s|ped)?\s+the\s+list\b", re.I)
_SHARE_CUE = re.compile(r"accounting for|accounted for|accounts for|account for|proportion|share of|"
                        r"the proportion", re.I)
_GROWTH_CUE = re.compile(r"increase|increased|growth|grew|rose|rising|up by|year-on-year|year on year|"
                         r"decrease|decline|down by|fell", re.I)
_NEG_CUE = re.compile(r"decrease|decline|down by|fell", re.I)
_PLAN_CUE = re.compile(r"\bstrive to\b|\baccording to the plan\b|\bwill strive\b|\btarget of\b|\bis expected to\b|"
                       r"\bplans? to\b|\bby 20\d\d\b", re.I)
_COUNT_STOP = {"of", "in", "on", "into", "the", "have", "has", "had", "were", "was", "are", "is", "been", "with",
               "to", "and", "for", "that", "which", "a", "an", "at", "by", "from", "based", "this", "its", "their",
               "respectively", "each", "both", "all", "year-on-year", "more", "than", "as", "or", "after", "per"}
_NONFACT_NOUN = re.compile(r"^(?:years?|months?|days?|hours?|consecutive|batch(?:es)?|major|times in a row|"
                           r"decades?|weeks?|o'clock|am|pm|sets?)\b", re.I)
_MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_PRONOUNS = re.compile(
    r"\b(?P<p>the\s+city|the\s+province|our\s+country|the\s+country(?!'s\s+total)|the\s+enterprise|"
    r"the\s+company|the\s+park|nationwide|the\s+whole\s+country)(?:'s|’s)?\b", re.I)
_REF_BEFORE = re.compile(r"(?:accounting for|accounted for|account for|of|than|in|by|from|with|to|among|after|"
                         r"behind|following|"
                         r"located in|for)\s+(?:the\s+)?(?:total\s+(?:amount|number)\s+of\s+)?$", re.I)
_INDUSTRY_END = re.compile(r"(?:industry cluster|industrial cluster|industries|industry|clusters|cluster)$", re.I)
# coordinated industry / cluster names: at a sentence or bullet start, after "in", a comma or "of which"
_LIST_RE = re.compile(
    r"(?:^|(?<=\bin )|(?<=, )|(?<=of which )|(?<=of which the )|(?<=[\n❖•▪●■◆]\s)|(?<=[\n❖•▪●■◆]))"
    r"((?:the\s+)?[a-z\"“][\w\"”'’\-\s(),+]*?(?:industry cluster|industries|industry|cluster|clusters|"
    r"communications|cells))(?=\s+(?:both|all|ushered|have|has|had|of|effective|each|accounted|accounting|"
    r"accounts|\d)|,\s+(?:the\s+)?(?:number|amount))", re.I | re.M)
_LIST_HINT = re.compile(r"industr|cluster|communications|cells", re.I)
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+(?=the\s)")


def _trie_regex(phrases: list[str]) -> str:
    """One regex over all phrases, factored by common prefix, so the engine tries one branch per position
    instead of every phrase (a plain alternation of ~200 phrases is the slowest step on long texts).
    At each node continuing is tried before stopping, so the longest phrase wins as in a longest-first list."""
    trie: dict = {}
    for p in phrases:
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body
    return emit(trie)


@dataclass
class Lexicon:
    """Indicator phrases -> ids, longest phrase first (the data file is the only source of phrases)."""

    scheme: dict[str, Indicator]
    regex: re.Pattern
    phrases: dict[str, str]
    _doc: tuple = (None, [], [])

    @classmethod
    def build(cls, scheme: dict[str, Indicator]) -> Lexicon:
        phrases: dict[str, str] = {}
        for ind in scheme.values():
            if ind.needs_review:
                continue
            for p in [ind.labels.get("en", ""), *ind.synonyms]:
                k = " ".join(p.lower().split())
                if k and k not in phrases:
                    phrases[k] = ind.id
        rx = re.compile(r"(?<![\w-])(?:" + _trie_regex(sorted(phrases)) + r")(?![\w-])", re.I)
        return cls(scheme, rx, phrases)

    def find(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """Phrase matches inside [start, end): the whole text is scanned once and the matches are reused."""
        doc, starts, hits = self._doc
        if doc is not text:
            hits = [(m.start(), m.end(), self.phrases[" ".join(m.group(0).lower().split())])
                    for m in self.regex.finditer(text)]
            starts = [h[0] for h in hits]
            self._doc = (text, starts, hits)
        i = bisect_left(starts, start)
        out = []
        while i < len(hits) and hits[i][0] < end:
            if hits[i][1] <= end:
                out.append(hits[i])
            i += 1
        return out

    def match_phrase(self, phrase: str) -> str | None:
        return self.phrases.get(" ".join(phrase.lower().split()))


_LEXICONS: dict[int, tuple[dict, Lexicon]] = {}


def lexicon_for(scheme: dict[str, Indicator]) -> Lexicon:
    cached = _LEXICONS.get(id(scheme))
    if cached is None or cached[0] is not scheme:
        cached = (scheme, Lexicon.build(scheme))
        _LEXICONS[id(scheme)] = cached
    return cached[1]


@dataclass
class Figure:
    start: int
    end: int
    published: str
    value: Decimal
    unit: str | None
    qualifier: str
    multiplier: int
    noun: str = ""
    noun_end: int = 0
    statistic: str = "value"
    scope: str | None = None
    scope_text: str = ""
    is_rank: bool = False
    extra: list[str] = field(default_factory=list)


@dataclass
class DocState:
    source: Source
    text: str
    reg: Registry
    lex: Lexicon
    focus: str | None
    doc_year: int | None
    doc_date: str | None
    context_year: int | None = None
    context_period: str | None = None
    facts: FactSet | None = None
    new_indicators: dict[str, Indicator] = field(default_factory=dict)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    last_rank_scope: tuple = (None, None)
    org_initials: tuple = (-1, frozenset())
    sent_figs: list = field(default_factory=list)
    resolved: dict = field(default_factory=dict)
    edition_ind: str | None = None  # the last ranking-list indicator named (kind edition)
    edition_list: str | None = None  # the list entity minted for it
    similar_misses: set = field(default_factory=set)


def _clean_np(phrase: str) -> str:
    t = re.sub(r"[\"“”]", "", phrase)
    t = re.sub(r"^(?:(?:the|a|an|its|their|our|of|and)\s+)+", "", t.strip(), flags=re.I)
    t = re.sub(r"^(?:number|amount|total|volume)\s+of\s+(?:the\s+)?", "", t, flags=re.I)
    t = re.sub(r"\b(?:the\s+)?(?:city|province|country|company|enterprise)(?:'s|’s)\s+", "", t, flags=re.I)
    return " ".join(t.split()).strip(" ,.;:-").lower()


def new_indicator(st: DocState, phrase: str, unit: str | None, kind: str = "stock") -> str:
    """An unknown indicator phrase becomes a new indicator flagged for review (never dropped)."""
    label = _clean_np(phrase) or "unnamed figure"
    known = st.lex.match_phrase(label)
    if known:
        return known
    iid = slugify(label).replace("-", "_").replace("%", "")[:60].strip("_") or "unnamed_figure"
    if iid in st.lex.scheme and not st.lex.scheme[iid].needs_review:
        return iid
    if iid not in st.new_indicators:
        u = unit if unit in ("count", "CNY", "USD", "EUR", "percent", "score") else "count"
        st.new_indicators[iid] = Indicator(iid, {"en": label}, u, kind, [label], needs_review=True)
    return iid


def _ind_kind(st: DocState, iid: str) -> str:
    ind = st.lex.scheme.get(iid) or st.new_indicators.get(iid)
    return ind.kind if ind else "stock"


def _ind_unit(st: DocState, iid: str) -> str:
    ind = st.lex.scheme.get(iid) or st.new_indicators.get(iid)
    return ind.unit if ind else "count"


def _sibling(st: DocState, iid: str, unit: str) -> str | None:
    """The indicator of the same family with the figure's unit (projects -> amount of the same financing)."""
    prefix = iid.rsplit("_", 1)[0]
    for cand in sorted(st.lex.scheme):
        ind = st.lex.scheme[cand]
        if cand != iid and cand.rsplit("_", 1)[0] == prefix and ind.unit == unit and not ind.needs_review:
            return cand
    return None


# ---------------------------------------------------------------------------------------------- entities
def _similar(st: DocState, name: str, typ: str) -> str | None:
    """`Registry.similar`, skipped when it cannot match (the hottest step of extraction on long texts).

    Every rule of `similar` needs two or more tokens and a first token whose initial starts a token of a known
    organisation name; both are checked here first. Misses are remembered until an organisation name is added."""
    reg = st.reg
    toks = norm_name(name).replace("-", " ").split()
    if len(toks) < 2:
        return None
    version = len(reg.org_keys)
    if st.org_initials[0] != version:
        st.org_initials = (version, {t[0] for k in reg.org_keys for t in k.replace("-", " ").split() if t})
        st.similar_misses.clear()
    if toks[0][0] not in st.org_initials[1] or (name, typ) in st.similar_misses:
        return None
    hit = reg.similar(name, typ)
    if hit is None:
        st.similar_misses.add((name, typ))
    return hit


def _resolve_name(st: DocState, s: int, name: str, sent_start: int) -> tuple[int, str, str] | None:
    """(offset, id, surface) of a capitalised run, or None when it is no entity we can type.

    Names repeat within an article: while the registry has learnt no new name, a name resolves as it did
    last time, so the answer is remembered per registry state."""
    reg = st.reg
    key = (name, len(reg.names), len(reg.org_keys), len(reg.new))
    hit = st.resolved.get(key, False)
    if hit is None:
        return None
    if hit is not False:
        return s + hit[0], hit[1], hit[2]
    r = _resolve_name_uncached(st, s, name, sent_start)
    key = (name, len(reg.names), len(reg.org_keys), len(reg.new))
    st.resolved[key] = None if r is None else (r[0] - s, r[1], r[2])
    return r


def _resolve_name_uncached(st: DocState, s: int, name: str, sent_start: int) -> tuple[int, str, str] | None:
    reg = st.reg
    poss = re.sub(r"(?:'s|’s)$", "", name)
    words = poss.split()
    # strip leading function words and sentence-initial verbs
    off = 0
    while words and (words[0].lower() in _STOP_START or re.fullmatch(_MONTHS, words[0], re.I)):
        off += len(words[0]) + 1
        words = words[1:]
        while off < len(poss) and poss[off] == " ":
            off += 1
    if not words:
        return None
    cand = poss[off:].strip()
    s2 = s + off
    abbr = None
    m = re.search(r"\s*\(([A-Z][A-Za-z&]{1,9})\)$", cand)
    if m:
        abbr = m.group(1)
        cand_base = cand[:m.start()]
    else:
        cand_base = cand
    eid = reg.lookup(cand) or reg.lookup(cand_base)
    if eid is None and re.fullmatch(r"[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?", cand_base):
        pass
    if eid is None:
        typ = classify(cand_base)
        if typ == "Company":
            eid = _similar(st, cand_base, typ)
            if eid:
                reg.alias(eid, cand_base)
        if eid is None and typ is not None:
            if len(cand_base.split()) < 2 and typ not in ("Company",):
                return None
            eid = reg.add(cand_base, typ, st.source.id, make_quote(st.source.id, st.text, s2, s2 + len(cand_base)))
        if eid is None:
            # a company short name: tokens of a known company's name ("Acme Sensing", "Ac Me")
            eid = _similar(st, cand_base, "Company")
            if eid:
                reg.alias(eid, cand_base)
    if eid is None:
        return None
    if abbr:
        reg.alias(eid, abbr)
    return s2, eid, cand_base


def _find_entities(st: DocState) -> None:
    """Entity mentions of the whole text, in text order (ids decided by names, not by order of files)."""
    text = st.text
    out: list[tuple[int, int, str]] = []
    for ps, pe in paragraphs(text):
        for ss, se in sentences(text, ps, pe):
            for s, _e, name in find_names(text, ss, se):
                parts = [(s, name)]
                if " and " in name or ", " in name:
                    if st.reg.lookup(name) is None and classify(name) is None:
                        parts = []
                        for mm in re.finditer(r"[^,]+?(?=\s+and\s+|,\s*|$)", name):
                            seg = mm.group(0).strip()
                            seg = re.sub(r"^and\s+", "", seg)
                            if seg:
                                parts.append((s + name.find(seg, mm.start()), seg))
                for ps2, nm in parts:
                    r = _resolve_name(st, ps2, nm, ss)
                    if r is None:
                        continue
                    s2, eid, surface = r
                    out.append((s2, s2 + len(surface), eid))
    st.mentions = sorted(set(out))


def _subject_entities(st: DocState, start: int, end: int) -> list[tuple[int, int, str]]:
    """Mentions in [start, end) that can be the subject of a figure (places, organisations, clusters, products)."""
    res = []
    for s, e, eid in st.mentions:
        if s < start or e > end:
            continue
        ent = st.reg.get(eid)
        if ent is None or ent.type in ("GovernmentAgency", "InternationalOrganization", "RankingList",
                                       "Programme", "Award", "Court"):
            continue
        res.append((s, e, eid))
    return res


# ---------------------------------------------------------------------------------------------- figures
_MONTH_BEFORE = re.compile(rf"{_MONTHS}\s+$", re.I)
_ORD_SUFFIX = re.compile(r"\s*(?:st|nd|rd|th)\b")
_PLUS_BEFORE = re.compile(r"[+]\s*$")
_PLUS_AFTER = re.compile(r"\s*\+")
_TOP_BEFORE = re.compile(r"\btop\s+$", re.I)
_RANGE_AFTER = re.compile(r"\s*[-–]\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*[-–]\s*$")
_NOUN_AFTER = re.compile(r"\s+((?:[a-z][\w\-]*\s*){1,6})")


def _find_figures(st: DocState, ss: int, se: int, masked: list[tuple[int, int]]) -> tuple[list[Figure], list[Unparsed]]:
    text = st.text
    figs: list[Figure] = []
    unparsed: list[Unparsed] = []
    for m in FIGURE_RE.finditer(text, ss, se):
        ns, ne = m.start("num"), m.end("num")
        if any(a <= ns < b for a, b in masked):
            continue
        num = m.group("num")
        before = text[max(ss, ns - 12):ns]
        after = text[ne:min(se, ne + 40)]
        hedge = m.group("hedge") or ""
        unit = m.group("unit") or ""
        mag = m.group("mag") or ""
        fs = m.start() if hedge else ns
        fe = m.end()
        is_word = num[0].isalpha()
        if _MONTH_BEFORE.search(before) or _ORD_SUFFIX.match(after):
            continue
        if _PLUS_BEFORE.search(before) or _PLUS_AFTER.match(after) or _TOP_BEFORE.search(before):
            continue
        if _RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before):
            continue
        if not unit and not mag and not hedge and re.fullmatch(r"(?:19|20)\d\d", num):
            continue
        noun_m = _NOUN_AFTER.match(text[fe:min(se, fe + 80)])
        noun = ""
        noun_end = fe
        if noun_m and not unit:
            words = []
            pos = fe + (noun_m.start(1))
            for w in re.finditer(r"[a-z][\w\-]*", noun_m.group(1)):
                if w.group(0).lower() in _COUNT_STOP:
                    break
                words.append(w.group(0))
            noun = " ".join(words)
            noun_end = pos + len(noun)
        if re.match(r"\s*pieces?\b|\s*items?\b|\s*times\b", text[fe:fe + 10], re.I) and not unit:
            noun = ""
        if noun and _NONFACT_NOUN.match(noun):
            continue
        if is_word and not noun and not unit and not mag:
            continue
        if is_word and num.lower() == "one" and not hedge:
            continue
        # garbled figures: a comma that is no thousands separator, two decimal points
        readings = None
        if re.fullmatch(r"\d+(?:\.\d+){2,}", num):
            digits = num.split(".")
            r1 = Decimal(digits[0] + "." + "".join(digits[1:]))
            r2 = Decimal("".join(digits[:2]) + "." + "".join(digits[2:]))
            readings = [r1, r2]
        published = text[fs:fe].strip()
        if readings is None:
            try:
                q = parse_quantity(published)
            except NumberFormatError as exc:
                readings = list(exc.readings)
                q = None
        if readings is not None:
            mult = 0
            if mag:
                try:
                    mult = parse_quantity("1 " + mag.strip()).multiplier
                except NumberFormatError:
                    mult = 0
            scale = Decimal(10) ** mult
            rd = sorted({normalise_decimal(r * scale) for r in readings})
            u = Unparsed(published, "garbled figure: " + ("ambiguous decimal separator" if "," in num else
                                                          "more than one decimal point"),
                         readings=rd, source=st.source.id, origin="extracted",
                         quote=make_quote(st.source.id, text, ss, se))
            unparsed.append((fs, u))
            continue
        if q.unit is None and not noun and not hedge:
            # a bare number counts only right after an indicator phrase or a value verb
            window = text[max(ss, fs - 45):fs]
            lex_near = any(b <= fs and fs - b <= 45 for a, b, _i in st.lex.find(text, max(ss, fs - 120), fs))
            if not lex_near and not re.search(r"(?:reached|totaled|totalled|amounted to|of|was|were|is|has|have|hit|"
                                              r"registration|projects|applications|patents)\s*$", window, re.I):
                continue
        unit_out = q.unit
        if unit_out is None or unit_out == "count":
            unit_out = None
        figs.append(Figure(fs, fe, published, q.value, unit_out, q.qualifier, q.multiplier, noun, noun_end))
    for m in RANK_RE.finditer(text, ss, se):
        ordtxt = m.group("ord")
        os_, oe = m.start("ord"), m.end("ord")
        if any(a <= os_ < b for a, b in masked) or any(f.start <= os_ < f.end for f in figs):
            continue
        after = text[oe:min(se, oe + 30)]
        before = text[max(ss, os_ - 25):os_]
        if re.match(r"\s+(?:time|batch|half|domestic|of\b|\d)", after, re.I) or re.search(r"for\s+the\s+$", before, re.I):
            continue
        if ordtxt.lower() == "top" and not (m.group("scope") or m.group("top")):
            continue
        verb = m.group("verb") or ""
        scope = m.group("scope") or ""
        if not scope and not m.group("top"):
            if not verb or verb.strip().lower() in ("the", "is", "was", "were"):
                # "Beijing 4th", "13th, 14th and 19th respectively": a bare digit ordinal after a name or list
                if not re.fullmatch(r"\d+(?:st|nd|rd|th)", ordtxt) or re.match(r"\s+[A-Za-z]", after) \
                        and not re.match(r"\s+(?:and|respectively|last|this)\b", after):
                    continue
            elif re.match(r"\s+[a-z]", after) and not re.match(r"\s+(?:and|respectively|in|among|last|this)\b", after):
                continue
        pos = ORDINAL_WORDS.get(ordtxt.lower())
        if pos is None:
            pos = int(re.match(r"\d+", ordtxt).group(0))
        figs.append(Figure(os_, oe, ordtxt, Decimal(pos), "rank", "exact", 0, statistic="rank",
                           scope_text=scope, is_rank=True))
    for m in _TOP_LIST_RE.finditer(text, ss, se):
        if not any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in figs):
            figs.append(Figure(m.start(), m.end(), "top", Decimal(1), "rank", "exact", 0, statistic="rank",
                               scope_text="", is_rank=True))
    figs.sort(key=lambda f: f.start)
    return figs, unparsed


def _scope_of(st: DocState, scope_text: str, subject: str | None) -> tuple[str | None, str | None]:
    t = scope_text.lower()
    if not t:
        return None, None
    if re.search(r"province|provinces", t):
        return "province", _container(st, subject, ("Province",))
    if re.search(r"country|nation|china|nationwide", t):
        return "country", _container(st, subject, ("Country",)) or st.reg.lookup("China")
    if re.search(r"world|globe|global", t):
        return "world", None
    if re.search(r"city|cities", t):
        return "city", _container(st, subject, ("City",))
    return None, None


def _container(st: DocState, eid: str | None, types: tuple[str, ...]) -> str | None:
    seen = set()
    cur = st.reg.get(eid) if eid else None
    while cur is not None and cur.id not in seen:
        seen.add(cur.id)
        if cur.type in types and cur.id != eid:
            return cur.id
        cur = st.reg.get(cur.located_in) if cur.located_in else None
    focus = st.reg.get(st.focus) if st.focus else None
    if focus is not None and focus.type in types and focus.id != eid:
        return focus.id
    if focus is not None and focus.id != eid:
        return _container(st, focus.id, types) if eid != focus.id else None
    return None


# ---------------------------------------------------------------------------------------------- main pass
def _pronoun_subject(st: DocState, word: str, last_named: dict[str, str]) -> str | None:
    w = " ".join(word.lower().split())
    focus = st.reg.get(st.focus) if st.focus else None
    if "city" in w:
        if "City" in last_named:
            return last_named["City"]
        return st.focus if focus is not None and focus.type == "City" else _container(st, st.focus, ("City",)) or st.focus
    if "province" in w:
        return st.focus if focus is not None and focus.type == "Province" else _container(st, st.focus, ("Province",))
    if "country" in w or "nationwide" in w:
        return st.focus if focus is not None and focus.type == "Country" else None
    if "enterprise" in w or "company" in w:
        if "org" in last_named:
            return last_named["org"]
        return st.focus if focus is not None and ENTITY_KINDS[focus.type] == "org" else None
    if "park" in w:
        return last_named.get("place")
    return None


def _subject_lists(st: DocState, ss: int, se: int) -> list[tuple[int, int, list[str]]]:
    """Coordinated industry/cluster names ("A, B and C industry ... all exceeded"), as new cluster entities."""
    text = st.text
    out = []
    if not _LIST_HINT.search(text, ss, se):
        return out  # every list ends in one of these head words: skip the costly scan
    seg_start = ss
    for m in _LIST_RE.finditer(text, seg_start, se):
        chunk = m.group(1)
        if len(chunk) > 220:
            continue
        # "the province, of which the X industry cluster": what follows "of which" is the subject
        cut = re.search(r",\s*(?:of\s+which|among\s+them)\b", chunk, re.I)
        if cut:
            chunk = chunk[cut.end():]
        items = [c for c in _LIST_SPLIT.split(chunk) if c and c.strip()]
        # split the last item at its last " and " (A, B, C and D), unless a serial comma already closed the list
        # ("A, B, and the software and information service industry")
        oxford = bool(re.search(r",\s+and\s+[^,]*$", chunk))
        if len(items) >= 1 and " and " in items[-1] and not oxford \
                and not _INDUSTRY_END.search(items[-1].rsplit(" and ", 1)[0]):
            head, tail = items[-1].rsplit(" and ", 1)
            if _INDUSTRY_END.search(tail) and len(items) > 1:
                items = items[:-1] + [head, tail]
        elif len(items) == 1 and " and " in items[0]:
            head, tail = items[0].rsplit(" and ", 1)
            if _INDUSTRY_END.search(head.strip()) and _INDUSTRY_END.search(tail.strip()):
                items = [head, tail]
        names = []
        for it in items:
            it2 = re.sub(r"^(?:of\s+which|among\s+them)\s*,?\s*", "", it.strip(), flags=re.I)
            # "the amount of effective invention patents in the X industry": the name follows the last "in"
            inside = re.search(r"\b(?:number|amount|patents?|applications?)\b.*\bin\s+(?!terms\b)(.+)$", it2, re.I)
            if inside:
                it2 = inside.group(1)
            it2 = re.sub(r"^(?:and\s+)?(?:the\s+)?(?:city(?:'s|’s)\s+|province(?:'s|’s)\s+)?"
                         r"(?:key\s+industrial\s+clusters)?", "", it2, flags=re.I).strip()
            it2 = re.sub(r"^(?:the\s+)", "", it2, flags=re.I)
            if not it2 or re.search(r"\b(?:number|amount|patents?|applications?)\b", it2, re.I) \
                    or re.fullmatch(r"(?:province|city|country|nation|world)", it2, re.I):
                continue
            # a clause, not a name: a dash, "that", "with", "as of", a year, or too long
            if re.search(r"\s[-–—]\s|\b(?:that|with|as of|show|shows|ranked|ranking|ranks?|top|nation)\b|\d+(?:st|nd|rd|th)\b"
                         r"|^(?:in|on|at|by|for|from)\s", it2, re.I) \
                    or len(it2.split()) > 8:
                continue
            names.append(it2)
        if not names or not any(_INDUSTRY_END.search(n) for n in names):
            continue
        if len(names) == 1 and not re.search(r"[\"“]|\bclusters?\b|industry$", names[0]):
            continue
        ids = []
        for n in names:
            typ = "ClusterGroup" if re.search(r"clusters$", n, re.I) else "IndustryCluster"
            if re.fullmatch(r"(?:industries|industry|clusters?)", n, re.I) or len(n) < 5:
                continue
            start = text.find(n, m.start(1))
            q = make_quote(st.source.id, text, start, start + len(n)) if start >= 0 else None
            eid = st.reg.add(n, typ, st.source.id, q)
            ent = st.reg.get(eid)
            if ent is not None and ent.located_in is None and st.focus and ent.origin == "extracted":
                f = st.reg.get(st.focus)
                if f is not None and ENTITY_KINDS[f.type] == "place":
                    ent.located_in = st.focus
            ids.append(eid)
        if ids:
            out.append((m.start(1), m.end(1), ids))
    return out


def extract_document(st: DocState) -> None:
    text = st.text
    facts = st.facts
    _find_entities(st)
    if st.focus is None or st.reg.get(st.focus) is None:
        st.focus = _guess_focus(st)
    seen_obs: set[tuple] = set()
    for ps, pe in paragraphs(text):
        carried_ind: str | None = None
        carried_subject: str | None = None
        last_named: dict[str, str] = {}
        para_has_list = None
        last_rank_scope: tuple[str | None, str | None] = (None, None)
        for ss, se in sentences(text, ps, pe):
            sent = text[ss:se]
            if _PLAN_CUE.search(sent):
                _scan_context(st, ss, se)
                continue
            lex = st.lex.find(text, ss, se)
            for a, b, iid in lex:
                if _ind_kind(st, iid) == "edition" and _ind_unit(st, iid) in ("rank", "score"):
                    st.edition_ind, st.edition_list = iid, _mint_list(st, a, b)
            masked = [(a, b) for a, b, _ in lex]
            periods = find_periods(text, ss, se, st.doc_year, st.doc_date, st.context_year)
            masked += [(p.start, p.end) for p in periods if p.kind != "now"]
            for mm in re.finditer(r"[\"“][^\"”]{0,40}[\"”]|\(\d{4}\s*[-–]\s*\d{4}\)|\b[A-Z]{1,3}-?\d+\w*\b", sent):
                masked.append((ss + mm.start(), ss + mm.end()))
            for s, e, _eid in st.mentions:
                if ss <= s < se:
                    masked.append((s, e))
            figs, unparsed = _find_figures(st, ss, se, masked)
            st.sent_figs = figs
            lists = _subject_lists(st, ss, se)
            subj_mentions = _subject_entities(st, ss, se)
            pron = [(ss + m.start(), ss + m.end(), m.group("p")) for m in _PRONOUNS.finditer(sent)]
            list_ids = [eid for s, e, eid in st.mentions if ss - 400 <= s < se
                        and (st.reg.get(eid) is not None and st.reg.get(eid).type == "RankingList")]
            if list_ids:
                para_has_list = list_ids[-1]
            groups = _group_figures(text, figs)
            list_subject: str | None = None
            value_inds: list[tuple[str, Figure]] = []
            for group in groups:
                for k, fig in enumerate(group):
                    cstart = _clause_start(text, ss, fig.start)
                    # ---- subject(s)
                    subjects = _subjects_for(st, fig, ss, subj_mentions, pron, lists, last_named, carried_subject,
                                             group, k)
                    # ---- period
                    period, inferred = _period_for(st, fig, ss, periods)
                    # ---- indicator and statistic
                    ind, stat, ranked_what = _indicator_for(st, fig, ss, cstart, lex, carried_ind, value_inds,
                                                            group, k, subjects)
                    if ind is None:
                        continue
                    if stat == "rank" and len(group) > 1 and _ind_kind(st, ind) == "edition":
                        # "A, B and C ranked 13th, 14th and 19th respectively": the k-th name takes the k-th rank
                        names = _coordinated_names(st, ss, group[0])
                        if len(names) == len(group):
                            subjects = [names[k]]
                    elif stat == "rank" and len(group) == 1 and _ind_kind(st, ind) == "edition":
                        # list ranks are listed clause by clause: "X ranked 2nd in the world, top in the nation,
                        # Y of Z ranked 3rd, W 4th": each clause names its own subject, or repeats the previous
                        cs = _clause_subject(st, cstart, fig)
                        if cs:
                            subjects = [cs]
                            list_subject = cs
                        elif not text[cstart:fig.start].strip() and list_subject:
                            subjects = [list_subject]
                    for ind_i, rw_i in [(ind, ranked_what)] + [(x, x) for x in fig.extra]:
                        _emit(st, facts, seen_obs, fig, ss, se, cstart, ind_i, stat, rw_i, subjects, period, inferred,
                              para_has_list, last_rank_scope)
                        last_rank_scope = st.last_rank_scope
                    if stat == "value":
                        value_inds.append((ind, fig))
                    carried_ind = ind if not fig.is_rank or ranked_what not in ("score",) else carried_ind
                    if subjects and subjects[0]:
                        carried_subject = subjects[0] if len(subjects) == 1 else carried_subject
                    continue
            for fs_, u in unparsed:
                subj = _subjects_for(st, Figure(fs_, fs_, "", Decimal(0), None, "exact", 0), ss, subj_mentions, pron,
                                     lists, last_named, carried_subject, [], 0)
                u.subject = subj[0] if subj else st.focus
                before = [i for a, b, i in lex if b <= fs_]
                u.indicator = before[-1] if before else None
                if u.indicator is None:
                    mm = re.search(r"((?:[a-z]+\s+){1,3})(?:growth|amount)?\s*(?:of\s+)?$", text[ss:fs_], re.I)
                    if mm:
                        u.indicator = new_indicator(st, mm.group(1), None, "flow")
                facts.unparsed.append(u)
            org_set = False
            for _s, _e, eid in subj_mentions:
                ent = st.reg.get(eid)
                if ent is not None:
                    if ENTITY_KINDS[ent.type] == "place":
                        last_named["place"] = eid
                        if ent.type == "City":
                            last_named["City"] = eid
                    elif ENTITY_KINDS[ent.type] == "org" and not org_set:
                        # "the company" later means the organisation in subject position, not the parent named
                        # after "a subsidiary of" or "located in"
                        if _NOT_SUBJECT_ORG.search(text[max(ss, _s - 40):_s]):
                            continue
                        last_named["org"] = eid
                        org_set = True
            if lex:
                carried_ind = lex[-1][2] if not figs else carried_ind
            _scan_context(st, ss, se, periods)
    _drop_key_clashes(facts)


_CLAUSE_SUBJECT = re.compile(
    r"^\s*(?:and\s+)?(?:the\s+)?(?P<name>[A-Z][\w'’]*(?:(?:\s+|-)[A-Z][\w'’]*)*)(?:\s+cluster)?(?:'s|’s)?"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)*)?\s+(?:(?:is|was|has\s+been)\s+)?"
    r"(?:ranked|ranks|came|placed|continues\s+to|continued\s+to|remained|remains)?\s*(?:the\s+)?$")


_NAME = r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*"
_COORDINATED = re.compile(rf"(?P<names>{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+and\s+{_NAME})\s+"
                          r"(?:(?:were|are)\s+)?(?:ranked|rank|came|placed)\s*$")


def _coordinated_names(st: DocState, ss: int, first: Figure) -> list[str]:
    """Ids of "A, B and C" right before "ranked" and a group of ranks (known names, or new places)."""
    m = _COORDINATED.search(st.text, ss, first.start)
    if m is None:
        return []
    out = []
    for nm in re.finditer(_NAME, m.group("names")):
        name = nm.group(0)
        if name.lower() in _STOP_START:
            return []
        eid = st.reg.lookup(name)
        if eid is None:
            s = m.start("names") + nm.start()
            eid = st.reg.add(name, "MetroArea" if "-" in name else "City", st.source.id,
                             make_quote(st.source.id, st.text, s, s + len(name)))
        out.append(eid)
    return out


def _clause_subject(st: DocState, cstart: int, fig: Figure) -> str | None:
    """The name that opens the clause of a list rank ("the A-B cluster of C ranked", "D"), known or new."""
    m = _CLAUSE_SUBJECT.match(st.text[cstart:fig.start])
    if m is None or m.group("name").split()[0].lower() in _STOP_START:
        return None
    name = m.group("name")
    eid = st.reg.lookup(name) or st.reg.lookup(f"{name} cluster")
    if eid is None:
        s = cstart + m.start("name")
        eid = st.reg.add(name, "MetroArea" if "-" in name else "City", st.source.id,
                         make_quote(st.source.id, st.text, s, s + len(name)))
    return eid


_NOT_SUBJECT_ORG = re.compile(
    r"(?:(?:subsidiary|subsidiaries|affiliate|branch|unit|member|shareholder|parent|part)\s+of|"
    r"(?:located|based|headquartered|settled|landed|listed)\s+in|with|and|by|from|to)\s+(?:the\s+)?$", re.I)
_LIST_TALK = re.compile(r"\b(?:world|global|globe|clusters?|list|rankings?)\b", re.I)
_LIST_LEFT = re.compile(r"(?:\b(?:the\s+)?(?:world(?:'s|’s)|global)\s+)$", re.I)
_LIST_RIGHT = re.compile(r"\s+in\s+(?:the\s+world|the\s+globe|global\s+[a-z]+)\b", re.I)


def _mint_list(st: DocState, a: int, b: int) -> str:
    """The ranking list a lexicon phrase of kind `edition` names, as an entity labelled with the phrase and its
    world-wide qualifier ("the world's top 100 ...", "... in global cities"), which tells its peer group."""
    text = st.text
    left = _LIST_LEFT.search(text, max(0, a - 20), a)
    right = _LIST_RIGHT.match(text, b)
    s, e = (left.start() if left else a), (right.end() if right else b)
    label = re.sub(r"^the\s+", "", " ".join(text[s:e].split()), flags=re.I)
    return st.reg.add(label, "RankingList", st.source.id, make_quote(st.source.id, text, s, e))


def _drop_key_clashes(facts: FactSet) -> None:
    """Two figures read into one observation key with different values are a misreading of ours, not a conflict
    between sources: keep the first statement (the emitter would otherwise mint two observations for one cell)."""
    first: dict[tuple, Observation] = {}
    kept = []
    for o in facts.observations:
        f = first.setdefault(o.key(), o)
        if f is o or (f.value, f.qualifier) == (o.value, o.qualifier):
            kept.append(o)
    facts.observations[:] = kept


def _emit(st, facts, seen_obs, fig, ss, se, cstart, ind, stat, ranked_what, subjects, period, inferred,
          para_has_list, last_rank_scope) -> None:
    """Observations of one figure for each of its subjects."""
    text = st.text
    st.last_rank_scope = last_rank_scope
    kind = _ind_kind(st, ind)
    if period is None:
        period, inferred = st.doc_date, True
    if period is None:
        return
    if kind == "stock" and not fig.is_rank or (fig.is_rank and kind == "stock"):
        if re.fullmatch(r"\d{4}(?:-\d{2}/\d{4}-\d{2})?", period) and period != st.doc_date:
            period = as_stock(period)
    elif kind == "flow":
        period = as_flow(period)
    elif kind == "edition":
        period = period[:4]
    unit = fig.unit or _ind_unit(st, ind)
    if stat == "value" and unit in ("percent", "percentage_points", "times", "rank"):
        unit = _ind_unit(st, ind)
    if stat == "share":
        unit = "percent"
    for subj in subjects:
        if subj is None:
            continue
        if stat == "rank":
            scope, area = _scope_of(st, fig.scope_text, subj)
            # decision 0003: a rank in a named ranking list has the list as its scope ("11th in the world" in a
            # sentence about a world-wide list is that list's rank); a narrower peer group keeps its level
            the_list = st.edition_list or para_has_list
            if scope is None:
                if kind == "edition" and the_list and (last_rank_scope[0] is None or not fig.scope_text):
                    scope, area = the_list, None
                elif last_rank_scope[0] is not None:
                    scope, area = last_rank_scope
                else:
                    scope, area = ("world", None) if kind == "edition" else ("none", None)
            elif scope == "world" and kind == "edition" and the_list:
                scope, area = the_list, None
            st.last_rank_scope = last_rank_scope = (scope, area)
            _add_obs(st, facts, seen_obs, Observation(
                subject=subj, indicator=ind, statistic="rank", value=fig.value, unit="rank",
                period=period, qualifier="exact", scope=scope, scope_area=area,
                ranked_what=ranked_what, published=fig.published, period_inferred=inferred,
                quote=make_quote(st.source.id, text, ss, se), source=st.source.id,
                origin="extracted", confidence=Decimal("0.8")))
            continue
        ref, ref_subj = (None, None)
        if stat in ("share", "multiple", "pp_difference"):
            ref, ref_subj = _reference(st, fig, ss, se, cstart, ind, subj)
        value = fig.value
        if stat == "growth" and _NEG_CUE.search(text[cstart:fig.start]):
            value = -value
        _add_obs(st, facts, seen_obs, Observation(
            subject=subj, indicator=ind, statistic=stat, value=value, unit=unit, period=period,
            qualifier=fig.qualifier, reference=ref, reference_subject=ref_subj,
            compared_to=shift_year(period) if stat == "growth" else None,
            published=fig.published, multiplier=fig.multiplier or None, period_inferred=inferred,
            quote=make_quote(st.source.id, text, ss, se), source=st.source.id, origin="extracted",
            confidence=Decimal("0.9") if ind in st.lex.scheme else Decimal("0.6")))


def _add_obs(st: DocState, facts: FactSet, seen: set, obs: Observation) -> None:
    # the same fact stated again in another sentence is kept (the emitter merges it; the gold counts each statement)
    key = (*obs.key(), str(obs.value), obs.qualifier, obs.quote.start if obs.quote else -1)
    if key in seen:
        return
    seen.add(key)
    facts.observations.append(obs)


def _scan_context(st: DocState, ss: int, se: int, periods=None) -> None:
    if periods is None:
        periods = find_periods(st.text, ss, se, st.doc_year, st.doc_date, st.context_year)
    for p in periods:
        if p.explicit_year and p.kind != "now":
            st.context_year = int(p.period[:4])
            st.context_period = p.period


def _clause_start(text: str, ss: int, pos: int) -> int:
    i = pos
    while i > ss:
        if text[i - 1] in ",;:" and not (text[i - 2:i - 1].isdigit() and text[i:i + 1].isdigit()):
            return i
        i -= 1
    return ss


def _group_figures(text: str, figs: list[Figure]) -> list[list[Figure]]:
    """Figures listed together ("7.07%, 26.65%", "13th, 14th and 19th") form a group."""
    groups: list[list[Figure]] = []
    for f in figs:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev.end:f.start]
            if prev.is_rank == f.is_rank and (prev.unit == f.unit) and re.fullmatch(r"\s*(?:,|and|、)\s*(?:and\s+)?",
                                                                                     gap) and not prev.scope_text:
                groups[-1].append(f)
                continue
        groups.append([f])
    return groups


def _subjects_for(st, fig, ss, subj_mentions, pron, lists, last_named, carried, group, k) -> list[str | None]:
    text = st.text
    # a coordinated list of clusters before the figure
    best_list = None
    for ls, le, ids in lists:
        if le <= fig.start:
            best_list = (ls, le, ids)
    cands: list[tuple[int, list[str | None]]] = []
    if best_list is not None:
        cands.append((best_list[1], best_list[2]))
    # named subjects: not right after a preposition / share cue
    named = []
    for s, e, eid in subj_mentions:
        if e > fig.start:
            continue
        if any(ls <= s < le for ls, le, _ in lists):
            continue
        if _REF_BEFORE.search(text[max(ss, s - 30):s]) and s != ss:
            ent = st.reg.get(eid)
            # "In the ranking, the A-B cluster of Country": "of X" is no subject
            if not (ent is not None and ENTITY_KINDS[ent.type] in ("cluster",) and not re.search(r"\bof\s+$", text[s - 5:s])):
                continue
        named.append((s, e, eid))
    # coordinated names "A and B's", "A, B and C" with "respectively"
    if named and len(group) > 1:
        run = [named[-1]]
        for s, e, eid in reversed(named[:-1]):
            gap = text[e:run[0][0]]
            if re.fullmatch(r"\s*(?:,|and|、)\s*(?:and\s+)?", gap):
                run.insert(0, (s, e, eid))
            else:
                break
        if len(run) == len(group):
            return [run[k][2]]
    if named:
        cands.append((named[-1][1], [named[-1][2]]))
    for s, e, word in pron:
        if e > fig.start:
            continue
        if _REF_BEFORE.search(text[max(ss, s - 30):s]) and s != ss:
            continue
        if re.search(r"(?:of|than|accounting for|accounted for)\s+(?:the\s+)?$", text[max(ss, s - 30):s]):
            continue
        resolved = _pronoun_subject(st, word, {**last_named, **_named_before(st, named)})
        if resolved:
            cands.append((e, [resolved]))
    if cands:
        cands.sort(key=lambda c: c[0])
        return cands[-1][1]
    if carried:
        return [carried]
    return [st.focus]


def _named_before(st, named) -> dict[str, str]:
    out = {}
    for _s, _e, eid in named:
        ent = st.reg.get(eid)
        if ent is None:
            continue
        if ent.type == "City":
            out["City"] = eid
        if ENTITY_KINDS[ent.type] == "org":
            out["org"] = eid
    return out


def _period_for(st: DocState, fig: Figure, ss: int, periods) -> tuple[str | None, bool]:
    after = [p for p in periods if fig.end <= p.start <= fig.end + 4]
    if after and fig.is_rank:
        return after[0].period, not after[0].explicit_year
    # a period right after another rank is that rank's ("9th in the world, up from 11th last year, and 4th")
    taken = [p for p in periods if any(f is not fig and f.is_rank and f.end <= p.start <= f.end + 4
                                       for f in st.sent_figs)]
    before = [p for p in periods if (p.end <= fig.start or (p.kind == "now" and p.start <= fig.start))
              and p not in taken]
    if before:
        p = before[-1]
        return p.period, not p.explicit_year
    if st.context_period:
        return st.context_period, True
    return None, True


def _indicator_for(st, fig, ss, cstart, lex, carried, value_inds, group, k, subjects):
    text = st.text
    stat = "value"
    window = text[cstart:fig.start]
    if fig.is_rank:
        stat = "rank"
    elif fig.unit == "percentage_points":
        stat = "pp_difference"
    elif fig.unit == "times":
        stat = "multiple"
    elif fig.unit == "percent":
        lead = group[0]
        w = text[_clause_start(text, ss, lead.start):lead.start] + " " + text[fig.end:fig.end + 20]
        if _SHARE_CUE.search(w) or re.match(r"\s+of\s+(?:the\s+)?[\w'’\s]*(?:total|gdp|province|country|city|world|"
                                            r"national|sales)", text[fig.end:fig.end + 40], re.I):
            stat = "share"
        elif _GROWTH_CUE.search(w):
            stat = "growth"
        else:
            stat = "share" if re.search(r"\bof\b", w) else "growth" if re.search(r"up|higher", w) else "share"
    ranked_what = None
    # lexicon matches before the figure, not inside a share reference
    own = []
    for a, b, iid in lex:
        if b > fig.start:
            break
        clause_before = text[_clause_start(text, ss, a):a]
        if re.search(r"(?:accounting for|accounted for|account for|of the|than the)\s+(?:[\w'’]+\s+){0,4}$",
                     clause_before, re.I) and not re.search(r"in terms of\s+$", clause_before, re.I):
            continue
        own.append((a, b, iid))
    ind = None
    if stat == "value" and fig.noun:
        phrase = fig.noun
        verb = re.search(r"(\w+)\s+(?:" + re.escape(fig.published) + r")$", text[max(ss, fig.start - 30):fig.end])
        cands = [phrase]
        if verb:
            cands = [f"{phrase} {verb.group(1)}", f"{verb.group(1)} {phrase}", phrase]
        for c in cands:
            hit = st.lex.match_phrase(c)
            if hit:
                ind = hit
                break
        if ind is None:
            # an indicator phrase right after the figure, even one the noun cut short at "and"
            # ("180 independent research and development patent applications")
            for a, _b, iid in st.lex.find(text, fig.end, min(se_of(text, fig.end), fig.end + 120)):
                if a - fig.end <= 2:
                    ind = iid
                    break
        if ind is None and not own or ind is None and own and fig.start - own[-1][1] > 40:
            ind = new_indicator(st, phrase, "count", "stock")
    if ind is None and stat == "value" and fig.unit is None and not own and re.search(
            r"\bwith\s+$", text[max(ss, fig.start - 20):fig.start]):
        return None, stat, None
    if ind is None and fig.is_rank and group and len(group) == 1:
        tail = text[fig.end:]
        m = re.match(r"\s*" + _SCOPE + r"\s+in\s+terms\s+of\s+", tail, re.I) or re.match(r"\s+in\s+terms\s+of\s+", tail)
        if m:
            inds = [iid for a, b, iid in st.lex.find(text, fig.end + m.end(), min(len(text), fig.end + m.end() + 300))
                    if a < _sentence_end(text, fig.end)]
            if inds:
                # several indicators ranked at once: the first here, the rest emitted by the caller's loop
                fig_inds = list(dict.fromkeys(inds))
                ind = fig_inds[0]
                fig.extra = fig_inds[1:]
    if ind is None and own:
        ind = own[-1][2]
        in_clause = [o for o in own if o[0] >= cstart]
        if stat == "multiple" and len(in_clause) >= 2:
            # "A reached N times B" / "A ... B amounted to N times": A is measured, B is the reference
            ind = in_clause[0][2]
    if ind is None:
        ind = carried
    if ind is None and fig.is_rank and st.edition_ind and _LIST_TALK.search(text, ss, _sentence_end(text, fig.end)):
        # a bare rank in an article about a ranking list ("X ranked 9th in the world") is a place in it
        ind = st.edition_ind
    if ind is None:
        phrase = re.sub(r"\b(?:reached|was|were|is|are|of|totaled|amounted to|has|have|hit)\s*$", "",
                        window.strip(), flags=re.I)
        phrase = re.sub(r"^.*?\b(?:in|by|as of)\s+\d{4}\s*,?\s*", "", phrase)
        if phrase and len(phrase.split()) <= 8 and not fig.is_rank:
            ind = new_indicator(st, phrase, fig.unit, "flow")
        else:
            return None, stat, None
    if fig.unit in ("CNY", "USD", "EUR") and _ind_unit(st, ind) not in ("CNY", "USD", "EUR"):
        sib = _sibling(st, ind, fig.unit)
        if sib:
            ind = sib
        else:
            mm = re.search(r"((?:[a-z\-]+\s+){1,4})(?:of\s+)?$", window, re.I)
            ind = new_indicator(st, mm.group(1) if mm else "amount", fig.unit, "flow")
    if stat == "growth" and len(group) > 1 and value_inds:
        idx = len(value_inds) - len(group) + k
        distinct = []
        for iid, _f in value_inds:
            if not distinct or distinct[-1] != iid:
                distinct.append(iid)
        if len(distinct) >= len(group):
            ind = distinct[len(distinct) - len(group) + k]
        elif 0 <= idx < len(value_inds):
            ind = value_inds[idx][0]
    elif stat == "growth" and value_inds and not own:
        ind = value_inds[-1][0]
    if subjects and subjects[0]:
        ent = st.reg.get(subjects[0])
        if ent is not None and ENTITY_KINDS[ent.type] == "org" and f"{ind}_by_company" in st.lex.scheme:
            ind = f"{ind}_by_company"
    if stat == "rank":
        unit = _ind_unit(st, ind)
        if unit in ("rank", "score"):
            ranked_what = "score"
        elif re.search(r"\bproportion\s+(?:ranked|ranking)?\s*$", text[max(ss, fig.start - 30):fig.start], re.I):
            ranked_what = f"share:{ind}"
        else:
            ranked_what = ind
    return ind, stat, ranked_what


def se_of(text: str, pos: int) -> int:
    """End of the sentence holding `pos` (a full stop, semicolon or line end)."""
    m = _SENT_END.search(text, pos)
    return m.start() if m else len(text)


_SENT_END = re.compile(r"[.;!?\n](?=\s|$|[A-Z])|\n")


def _sentence_end(text: str, pos: int) -> int:
    m = re.search(r"[.;!?](?=\s|$|[A-Z])", text[pos:])
    return pos + m.start() if m else len(text)


def _reference(st, fig, ss, se, cstart, ind, subj) -> tuple[str | None, str | None]:
    text = st.text
    after = text[fig.end:min(se, fig.end + 60)]
    after = re.split(r"[,;.]\s", after, maxsplit=1)[0]  # the next clause speaks of something else
    ctx = (text[cstart:fig.start] + " " + after).lower()
    label = (st.lex.scheme.get(ind) or st.new_indicators.get(ind)).labels.get("en", ind)
    if re.search(r"province|provincial", ctx):
        return f"province total of {label}", _container(st, subj, ("Province",))
    if re.search(r"country|national|nation", ctx):
        return f"national total of {label}", _container(st, subj, ("Country",)) or st.reg.lookup("China")
    if re.search(r"world|global", ctx):
        return f"world total of {label}", None
    if re.search(r"city|municipal", ctx):
        return f"city total of {label}", _container(st, subj, ("City",)) or subj
    m = re.search(r"(?:accounting for|accounted for|of)\s+(?:the\s+)?([\w\s\-']{3,60}?)\s*$", text[cstart:fig.start], re.I)
    return (m.group(1).strip() if m else None), subj


def _guess_focus(st: DocState) -> str | None:
    """No registered focus: the place (else organisation) named most often, ties by first mention."""
    counts: dict[str, list[int]] = {}
    for s, _e, eid in st.mentions:
        ent = st.reg.get(eid)
        if ent is None:
            continue
        rank = 0 if ENTITY_KINDS[ent.type] == "place" else 1 if ent.type == "Company" else 2
        c = counts.setdefault(eid, [rank, 0, s])
        c[1] -= 1
    if not counts:
        return None
    return min(counts, key=lambda k: (counts[k][0], counts[k][1], counts[k][2]))
