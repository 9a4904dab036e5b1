"""Relations and events stated by common phrasings, read after the figures (so figure extraction never depends on
them): affiliate/subsidiary of, located/headquartered/landed in, released (a ProductRelease event), joined hands /
working with, selected for a list (a ListSelection event), signed a project (a ProjectSigning event), held a
meeting (a Meeting event), undertakes / implements a programme, part of, produces, founded in.

Rules read the sentence around a cue phrase (`data/entity_lexicon.yaml`); subjects and objects are entity mentions
found by `ipgraph.extract.entities` or noun phrases typed by their head word. Every relation carries its quote and a
confidence. Entity resolution across the document (short forms, transliteration variants) runs first, on the
whole set of names, so that the outcome does not depend on the order of mentions.
"""

from __future__ import annotations

import calendar
import re
from decimal import Decimal

from ..iri import slugify
from ..model import ENTITY_KINDS, Entity, Relation
from ..quotes import make_quote
from .entities import _STOP_START, classify, entity_lexicon, find_names, merge_variants, norm_name
from .text import paragraphs, sentences

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_CUES = {k: re.compile(rf"\b(?:{v})\b", re.I) for k, v in entity_lexicon()["cues"].items()}
_ORG_ANAPHORA = re.compile(rf"\b(?:{entity_lexicon()['org_anaphora']})\b", re.I)
_LIST_NOUNS = entity_lexicon()["list_nouns"]
_PLACE_NOUNS = {"park": ("Park", "DevelopmentZone"), "zone": ("DevelopmentZone", "Park"), "district": ("District", "NewArea"),
                "new area": ("NewArea", "District"), "city": ("City",), "province": ("Province",)}
_CONF = {"strong": Decimal("0.9"), "medium": Decimal("0.8"), "weak": Decimal("0.7")}


class _Ctx:
    """Per-document state of the relation pass."""

    def __init__(self, st):
        self.st = st
        self.text = st.text
        self.reg = st.reg
        self.sid = st.source.id
        self.rels: dict[tuple[str, str, str], Relation] = {}
        self.industries: list[tuple[str, str]] = []  # (industry id, abbreviation) named so far
        date = st.doc_date or ""
        self.doc_year = st.doc_year
        m = re.match(r"(\d{4})-(\d{2})", date)
        self.doc_month = int(m.group(2)) if m else None

    # -- mentions ------------------------------------------------------------------------------------------
    def ent(self, eid: str | None) -> Entity | None:
        return self.reg.get(eid) if eid else None

    def kind(self, eid: str | None) -> str | None:
        e = self.ent(eid)
        return ENTITY_KINDS.get(e.type) if e else None

    def mentions(self, a: int, b: int) -> list[tuple[int, int, str]]:
        return [m for m in self.st.mentions if a <= m[0] and m[1] <= b]

    def mention(self, s: int, e: int, eid: str) -> None:
        if (s, e, eid) not in self.st.mentions:
            self.st.mentions.append((s, e, eid))

    def org_before(self, ss: int, pos: int, first: bool = False, agencies: bool = True) -> str | None:
        """The organisation a clause before `pos` talks about: a named one in the sentence (the nearest, or the
        first when `first`), else "the company" / "it" -> the organisation in focus or the last one named."""
        orgs = [m for m in self.mentions(ss, pos) if self.kind(m[2]) == "org"
                and (agencies or self.ent(m[2]).type not in ("GovernmentAgency", "InternationalOrganization"))]
        if orgs:
            return (orgs[0] if first else orgs[-1])[2]
        # "the company" / "it" / an implicit subject (machine translation drops it): the company in focus
        return self.last_org(ss)

    def last_org(self, pos: int) -> str | None:
        """What "the company" / "the enterprise" refers to: the organisation in focus, else the company the
        document names most often (a news item is about one company; ties go to the one named last before `pos`)."""
        focus = self.ent(self.st.focus) if self.st.source.focus else None  # declared, not guessed
        if focus is not None and ENTITY_KINDS.get(focus.type) == "org" and focus.type not in (
                "GovernmentAgency", "InternationalOrganization"):
            return focus.id
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        for s, _e, eid in self.st.mentions:
            ent = self.ent(eid)
            if ent is not None and ent.type == "Company":
                counts[eid] = counts.get(eid, 0) + 1
                if s < pos:
                    last[eid] = s
        if not counts:
            return None
        return max(counts, key=lambda i: (counts[i], last.get(i, -1), i))

    def mention_at(self, pos: int, end: int, kinds: tuple[str, ...] = ()) -> tuple[int, int, str] | None:
        """The mention starting at `pos` (after an optional "the", quote mark), of one of `kinds` if given."""
        m = re.compile(r"(?:the\s+|a\s+|an\s+)?[\"“]?").match(self.text, pos, end)
        start = m.end() if m else pos
        for s, e, eid in sorted(self.st.mentions):
            if s == start and (not kinds or self.kind(eid) in kinds):
                return s, e, eid
        return None

    def mention_ending(self, pos: int, ss: int, kinds: tuple[str, ...] = (), gap: str = r"[\s,]*") -> str | None:
        """The mention that ends right before `pos` (separated by `gap` only)."""
        best = None
        for s, e, eid in self.st.mentions:
            if ss <= s and e <= pos and re.fullmatch(gap, self.text[e:pos]) and (not kinds or self.kind(eid) in kinds):
                best = max(best or (0, 0, ""), (s, e, eid))
        return best[2] if best else None

    # -- output --------------------------------------------------------------------------------------------
    def relate(self, subj: str | None, pred: str, obj: str | None, qs: int, qe: int, conf: str = "medium") -> None:
        if not subj or not obj or subj == obj:
            return
        key = (subj, pred, obj)
        if key in self.rels:
            return
        self.rels[key] = Relation(subj, pred, obj, make_quote(self.sid, self.text, qs, qe), self.sid, "extracted",
                                  _CONF[conf])

    def new_entity(self, label: str, typ: str, s: int, e: int, **attrs) -> str:
        label = " ".join(label.replace("“", '"').replace("”", '"').split()).strip(" ,.;:")
        eid = self.reg.add(label, typ, self.sid, make_quote(self.sid, self.text, s, e))
        ent = self.reg.new.get(eid)
        if ent is not None:
            for k, v in attrs.items():
                if v and not getattr(ent, k):
                    setattr(ent, k, v)
        self.mention(s, e, eid)
        return eid

    def event(self, eid: str, typ: str, label: str, qs: int, qe: int, date: tuple[str, bool] | None,
              agent: list[str], obj: list[str], place: str | None = None, aliases: list[str] | None = None) -> str:
        eid = slugify(eid)
        ent = self.reg.get(eid)
        if ent is None:
            ent = Entity(id=eid, type=typ, labels={"en": label}, aliases=sorted(set(aliases or []) - {label}),
                         date=date[0] if date else None, date_inferred=bool(date and date[1]), place=place,
                         agent=[a for a in agent if a], object=[o for o in obj if o], source=self.sid,
                         origin="extracted", quote=make_quote(self.sid, self.text, qs, qe), needs_review=True)
            self.reg.new[eid] = ent
            self.reg.index(ent)
        self.mention(qs, qe, eid)
        return eid

    # -- dates ---------------------------------------------------------------------------------------------
    def date_in(self, a: int, b: int) -> tuple[str, bool] | None:
        """The event date stated in [a, b): (ISO date, inferred from the document date?)."""
        t = self.text[a:b]
        m = re.search(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*(\d{{4}}))?\b", t, re.I)
        if m and not re.match(r"\d{4}", m.group(2)):
            day, year = int(m.group(2)), m.group(3)
            if 1 <= day <= 31 and (year or self.doc_year):
                return f"{int(year or self.doc_year):04d}-{_MONTHS[m.group(1).lower()]:02d}-{day:02d}", not year
        m = re.search(rf"\b{_MONTH}\s*,?\s*(\d{{4}})\b", t, re.I)
        if m:
            return f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}", False
        m = re.search(rf"\blast\s+{_MONTH}\b", t, re.I)
        if m and self.doc_year:
            return f"{self.doc_year - 1:04d}-{_MONTHS[m.group(1).lower()]:02d}", True
        m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
        if m:
            return m.group(0), False
        m = re.search(r"(?:^|\bin\s+)((?:19|20)\d{2})\b(?![\-\d])", t)
        if m:
            return m.group(1), False
        return None


def _label(eid: str, reg) -> str:
    ent = reg.get(eid)
    return ent.label if ent else eid


def extract_relations(st) -> None:
    """Add the relations, events and entity attributes one document states to `st.facts` / `st.reg`."""
    ctx = _Ctx(st)
    _resolve_variants(ctx)
    _split_of_names(ctx)
    _places(ctx)
    _focus_prefixed(ctx)
    _clusters_named_by_place(ctx)
    for ps, pe in paragraphs(ctx.text):
        for ss, se in sentences(ctx.text, ps, pe):
            for rule in (_affiliation, _located, _founded, _release, _released_by, _partner, _selection,
                         _undertakes, _project, _produces, _meeting, _top_n_of_index, _industry):
                rule(ctx, ss, se)
    st.mentions = sorted(set(st.mentions))
    st.facts.relations.extend(ctx.rels[k] for k in sorted(ctx.rels))


# ---------------------------------------------------------------------------------------------- resolution
def _remap(ctx: _Ctx, remap: dict[str, str]) -> None:
    """Rewrite entity ids everywhere the figure pass used them."""
    if not remap:
        return
    st = ctx.st
    ctx.reg.version += 1

    def r(x):
        return remap.get(x, x) if x else x

    st.mentions = sorted({(s, e, r(i)) for s, e, i in st.mentions})
    st.focus = r(st.focus)
    for o in st.facts.observations:
        o.subject, o.scope, o.scope_area, o.reference_subject = r(o.subject), r(o.scope), r(o.scope_area), r(
            o.reference_subject)
    for u in st.facts.unparsed:
        u.subject = r(u.subject)
    for ent in ctx.reg.new.values():
        ent.located_in = r(ent.located_in)
        ent.place = r(ent.place)
        ent.agent = [r(a) for a in ent.agent]
        ent.object = [r(a) for a in ent.object]
        ent.members = [r(a) for a in ent.members]
        ent.industry = [r(a) for a in ent.industry]
        if ent.located_in == ent.id:
            ent.located_in = None


def _resolve_variants(ctx: _Ctx) -> None:
    _remap(ctx, merge_variants(ctx.reg))


def _focus_prefixed(ctx: _Ctx) -> None:
    """"Municipal Market Supervision Bureau" in a city's article is that city's bureau when the gazetteer knows
    "<focus> Municipal Market Supervision Bureau"."""
    focus = ctx.ent(ctx.st.focus)
    if focus is None or ENTITY_KINDS.get(focus.type) != "place":
        return
    remap = {}
    for eid in sorted(ctx.reg.new):
        ent = ctx.reg.new[eid]
        if ENTITY_KINDS.get(ent.type) == "org" and re.match(r"(?:Municipal|Provincial|City|District)\b", ent.label):
            hit = ctx.reg.lookup(f"{focus.label} {ent.label}")
            if hit and hit != eid:
                remap[eid] = hit
                del ctx.reg.new[eid]
                ctx.reg.names[norm_name(ent.label)] = hit
    _remap(ctx, remap)


def _clusters_named_by_place(ctx: _Ctx) -> None:
    """"the Osaka-Kobe cluster": a cluster named by a place is that place (cluster rankings name clusters by area)."""
    remap = {}
    for eid in sorted(ctx.reg.new):
        ent = ctx.reg.new[eid]
        m = re.fullmatch(r"(?:the\s+)?(.+?)\s+cluster", ent.label)
        if ENTITY_KINDS.get(ent.type) == "cluster" and m and m.group(1)[0].isupper():
            hit = ctx.reg.lookup(m.group(1))
            if hit and ctx.kind(hit) == "place":
                remap[eid] = hit
                del ctx.reg.new[eid]
                ctx.reg.alias(hit, ent.label)
    _remap(ctx, remap)


def _split_of_names(ctx: _Ctx) -> None:
    """"National Key R&D Program of the Ministry of X": a programme or list named with its owner becomes the
    programme (X part_of the owner) when the owner is a known organisation."""
    remap = {}
    for eid in sorted(ctx.reg.new):
        ent = ctx.reg.new[eid]
        if ent.type not in ("Programme", "RankingList", "Company", "Award") or ent.quote is None:
            continue
        m = re.match(r"^(.+?)\s+of\s+(?:the\s+)?(.+)$", ent.label)
        if not m:
            continue
        head, owner_name = m.group(1), m.group(2)
        owner = ctx.reg.lookup(owner_name)
        htyp = classify(head)
        if owner is None or htyp not in ("Programme", "RankingList", "Award") or ctx.kind(owner) != "org":
            continue
        q = ent.quote
        del ctx.reg.new[eid]
        new = ctx.new_entity(head, htyp, q.start, q.start + len(head))
        remap[eid] = new
        ctx.relate(new, "part_of", owner, q.start, q.end, "strong")
        os_ = q.start + ent.label.find(owner_name, len(head))
        ctx.mention(os_, os_ + len(owner_name), owner)
    _remap(ctx, remap)


_HYPH = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:-[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)+"
_WORD = r"[A-Z][a-z]+(?:['’](?!s\b)[a-z]+)?(?:\s[A-Z][a-z]+(?:['’](?!s\b)[a-z]+)?)?"


def _place(ctx: _Ctx, name: str, s: int, typ: str) -> str | None:
    """A place by name: known (gazetteer, earlier mentions) or new with the given type."""
    known = ctx.reg.lookup(name)
    if known:
        ctx.mention(s, s + len(name), known)
        return known if ctx.kind(known) == "place" else None
    if classify(name) not in (None, typ) or norm_name(name) in _STOPWORDS:
        return None
    return ctx.new_entity(name, typ, s, s + len(name))


_STOPWORDS = {"the", "in", "it", "this", "that", "among", "in addition", "experts", "data", "according", "next"}


def _places(ctx: _Ctx) -> None:
    """Places named by patterns rather than by a head word: "the A-B cluster of C", "A of C ranked", a hyphenated
    metro area before a position ("Ningbo-Jiaxing 5th"), "located in A", and unknown names coordinated with
    known cities ("A, B and C ranked ...")."""
    text = ctx.text
    # "the A-B cluster of Country", "A of Country ranked / Nth"
    for m in re.finditer(rf"(?:the\s+)?({_HYPH}|{_WORD})\s+(cluster\s+)?of\s+(?:the\s+)?({_WORD})(?=\s+(?:ranked|\d|top|continues|was|is|cluster)|,|\s+\d)", text):
        a, c = m.group(1), m.group(3)
        if not (m.group(2) or re.search(r"\b(?:ranked|\d+(?:st|nd|rd|th))\b", text[m.end():m.end() + 30])):
            continue
        if classify(a) or classify(c):
            continue
        ctry = ctx.reg.lookup(c)
        if ctry is None:
            ctry = ctx.new_entity(c, "Country", m.start(3), m.end(3))
        elif ctx.ent(ctry).type != "Country":
            continue
        ctx.mention(m.start(3), m.end(3), ctry)
        typ = "MetroArea" if "-" in a else "City"
        pid = _place(ctx, a, m.start(1), typ)
        if pid and ctx.kind(pid) == "place":
            ent = ctx.reg.new.get(pid)
            if ent is not None and not ent.located_in:
                ent.located_in = ctry
            ctx.relate(pid, "located_in", ctry, m.start(), m.end(3), "medium")
    # a hyphenated metro area named before "cluster" or a position
    for m in re.finditer(rf"(?<![\w-])({_HYPH})(?=\s+(?:cluster|\d+(?:st|nd|rd|th)\b|ranked))", text):
        _place(ctx, m.group(1), m.start(1), "MetroArea")
    # "located in A" / "headquartered in A" with an unknown single name: a city
    for m in re.finditer(rf"{_CUES['located_in'].pattern}\s+({_WORD})(?![\w-]|\s+[A-Z(])", text, re.I):
        name = m.group(1)
        if name[0].isupper() and ctx.reg.lookup(name) is None and classify(name) is None:
            _place(ctx, name, m.start(1), "City")
    # coordinated names, at least one a known city: "A, B and C ranked ..." / "A and B's ..."
    for _ in range(2):
        for m in re.finditer(rf"(?<![\w-])({_WORD}(?:,\s+{_WORD})*,?\s+and\s+{_WORD})(?:’s|'s)?(?=\s+[a-z])", text):
            parts = re.split(r",\s+and\s+|,\s+|\s+and\s+", m.group(1))
            ids = [ctx.reg.lookup(p) for p in parts]
            if not any(i and ctx.ent(i) and ctx.ent(i).type == "City" for i in ids):
                continue
            if any(i and ctx.kind(i) != "place" for i in ids):
                continue
            pos = m.start(1)
            for p in parts:
                s = text.find(p, pos)
                pos = s + len(p)
                if classify(p) is None:
                    _place(ctx, p, s, "City")
    # a city named by the first word of a new company and a new zone ("A Xyz Technology", "A High-tech Zone")
    firsts: dict[str, set[str]] = {}
    for ent in ctx.reg.new.values():
        w = ent.label.split()[0] if ent.label.split() else ""
        if len(ent.label.split()) > 1 and re.fullmatch(r"[A-Z][a-z]{2,}", w) and ENTITY_KINDS.get(ent.type) in ("org", "place"):
            firsts.setdefault(w, set()).add(ENTITY_KINDS[ent.type] + ":" + ent.type)
    for w in sorted(firsts):
        kinds = {k.split(":")[0] for k in firsts[w]}
        types = {k.split(":")[1] for k in firsts[w]}
        if {"org", "place"} <= kinds and types & {"DevelopmentZone", "Park", "District"} and ctx.reg.lookup(w) is None \
                and classify(w) is None:
            m = re.search(rf"\b{w}\b", text)
            if m:
                cid = ctx.new_entity(w, "City", m.start(), m.end(), located_in=_doc_country(ctx) or _home_country(ctx))
                for ent in ctx.reg.new.values():
                    if ENTITY_KINDS.get(ent.type) == "place" and ent.label.startswith(w + " ") and not ent.located_in:
                        ent.located_in = cid


def _home_country(ctx: _Ctx) -> str | None:
    """The country whose provinces and cities the reference gazetteer lists most (where an article with no
    known place is most likely set)."""
    counts: dict[str, int] = {}
    for ent in ctx.reg.entities.values():
        if ent.type not in ("Province", "City"):
            continue
        cur, seen = ent, set()
        while cur is not None and cur.id not in seen:
            seen.add(cur.id)
            if cur.type == "Country":
                counts[cur.id] = counts.get(cur.id, 0) + 1
                break
            cur = ctx.ent(cur.located_in)
    return max(sorted(counts), key=lambda c: counts[c]) if counts else None


def _doc_country(ctx: _Ctx) -> str | None:
    """The country most places the document names lie in (a new city's container when nothing closer is said)."""
    counts: dict[str, int] = {}
    for _s, _e, eid in ctx.st.mentions:
        cur, seen = ctx.ent(eid), set()
        while cur is not None and cur.id not in seen and ENTITY_KINDS.get(cur.type) == "place":
            seen.add(cur.id)
            if cur.type == "Country":
                counts[cur.id] = counts.get(cur.id, 0) + 1
                break
            cur = ctx.ent(cur.located_in)
    if not counts:
        return None
    return max(sorted(counts), key=lambda c: counts[c])


# ---------------------------------------------------------------------------------------------- rules
def _affiliation(ctx: _Ctx, ss: int, se: int) -> None:
    for pred in ("affiliate_of", "subsidiary_of"):
        for m in _CUES[pred].finditer(ctx.text, ss, se):
            subj = ctx.mention_ending(m.start(), ss, ("org",), r"[\s,]*(?:is|was|as)?\s*") or None
            if subj is None:
                # the cue says both sides are organisations, whatever their names' head words
                run = _run_ending(ctx, ss, m.start(), r"[\s,]*(?:is|was|as)?\s*")
                if run:
                    subj = ctx.new_entity(run[2], classify(run[2]) or "Company", run[0], run[1])
            if subj is None and re.search(r"\b(?:is|was|becomes?)\s*$", ctx.text[ss:m.start()]):
                subj = ctx.org_before(ss, m.start())
            obj = ctx.mention_at(m.end() + 1, se, ("org",))
            if obj is None:
                run = _run_starting(ctx, m.end(), se)
                if run:
                    obj = (run[0], run[1], ctx.new_entity(run[2], classify(run[2]) or "Company", run[0], run[1]))
            if obj and ctx.kind(obj[2]) == "org":
                ctx.relate(subj, pred, obj[2], _qstart(ctx, ss, subj, m.start()), obj[1], "strong")


def _strip_run(ctx: _Ctx, s: int, name: str) -> tuple[int, int, str] | None:
    """A capitalised run without leading function words, dates and sentence adverbs ("On February 26", "The")."""
    words = name.split(" ")
    off = 0
    while words and (words[0].lower() in _STOP_START or words[0].lower() in _MONTHS or words[0].isdigit()):
        off += len(words[0]) + 1
        words = words[1:]
    if not words or ctx.reg.lookup(" ".join(words)) and ctx.kind(ctx.reg.lookup(" ".join(words))) == "place":
        return None
    name = " ".join(words)
    return (s + off, s + off + len(name), name) if re.match(r"[A-Z]", name) else None


def _run_ending(ctx: _Ctx, ss: int, pos: int, gap: str) -> tuple[int, int, str] | None:
    for s, e, name in reversed(find_names(ctx.text, ss, pos)):
        if re.fullmatch(gap, ctx.text[e:pos]):
            return _strip_run(ctx, s, name)
    return None


def _run_starting(ctx: _Ctx, pos: int, se: int) -> tuple[int, int, str] | None:
    m = re.compile(r"\s+(?:the\s+)?").match(ctx.text, pos, se)
    start = m.end() if m else pos
    for s, _e, name in find_names(ctx.text, start, se):
        return _strip_run(ctx, s, name) if s == start else None
    return None


def _name_after(ctx: _Ctx, pos: int, se: int, types: tuple[str, ...]) -> tuple[int, int, str] | None:
    """A capitalised name right after `pos` typed by its head word (a new entity)."""
    m = re.compile(r"\s+(?:the\s+)?([A-Z][\w&\-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w&\-]*)*)").match(ctx.text, pos, se)
    if not m:
        return None
    typ = classify(m.group(1))
    if typ not in types:
        return None
    eid = ctx.new_entity(m.group(1), typ, m.start(1), m.end(1))
    return m.start(1), m.end(1), eid


def _qstart(ctx: _Ctx, ss: int, subj: str | None, pos: int) -> int:
    """The quote starts at the subject's mention in the sentence; for a subject the sentence does not name
    ("the company", an implicit subject), at the start of the clause holding the cue."""
    starts = [s for s, e, i in ctx.mentions(ss, pos) if i == subj]
    if starts:
        return starts[-1]
    cuts = [ss + m.end() for m in re.finditer(r",\s+(?=(?:and\s+)?(?:also\s+)?[a-z])", ctx.text[ss:pos])]
    return cuts[-1] if cuts and pos - cuts[-1] < 40 else ss


def _located(ctx: _Ctx, ss: int, se: int) -> None:
    text = ctx.text
    for m in _CUES["located_in"].finditer(text, ss, se):
        if re.match(r"landed|settled", m.group(0), re.I) and re.search(r"\bsigned\b", text[ss:se]):
            continue  # a project's landing: read with the signing
        after = m.end()
        # "Located in the park of X": the place last named of that kind, and the organisation after "of"
        an = re.compile(r"\s+the\s+(park|zone|district|new area|city|province)\b(?:\s+of\s+)?").match(text, after, se)
        if an:
            types = _PLACE_NOUNS[an.group(1).lower()]
            prior = [mm for mm in ctx.st.mentions if mm[1] <= m.start() and ctx.ent(mm[2]) is not None
                     and ctx.ent(mm[2]).type in types]
            if not prior:
                continue
            place = max(prior)[2]
            subj = ctx.mention_at(an.end(), se, ("org",)) if an.group(0).rstrip().endswith("of") else None
            subj_id = subj[2] if subj else ctx.mention_ending(m.start(), ss, ("org", "facility"))
            end = subj[1] if subj else an.end()
        else:
            pm = ctx.mention_at(after + 1, se, ("place",))
            if pm is None:
                continue
            place, end = pm[2], pm[1]
            if re.search(r"(?:,|\band)\s*(?:(?:is|was|are|were)\s+)?$", text[max(ss, m.start() - 8):m.start()]):
                # "X is ..., headquartered in P" / "X, a subsidiary of Y, is located in P": the sentence's subject
                subj_id = ctx.org_before(ss, m.start(), first=True)
            else:
                subj_id = ctx.mention_ending(m.start(), ss, ("org", "facility", "place"),
                                             r"\s*(?:which\s+is\s+|is\s+|was\s+)?")
        if subj_id is None or subj_id == place:
            continue
        ctx.relate(subj_id, "located_in", place, _qstart(ctx, ss, subj_id, m.start()), end, "strong")
        ent = ctx.reg.new.get(subj_id)
        if ent is not None and not ent.located_in:
            ent.located_in = place
    # "As the city's innovation highland, X Park ...": a place said to be the city's -> located in the focus
    for m in re.finditer(r"\b(?:As|as)\s+the\s+(city|province|district)['’]s\s+[^,]{1,60},\s+", text[ss:se]):
        pm = ctx.mention_at(ss + m.end(), se, ("place",))
        focus = ctx.ent(ctx.st.focus)
        if pm and focus is not None and ENTITY_KINDS.get(focus.type) == "place" and pm[2] != focus.id:
            ctx.relate(pm[2], "located_in", focus.id, ss + m.start(), pm[1], "medium")


def _founded(ctx: _Ctx, ss: int, se: int) -> None:
    for m in _CUES["founded"].finditer(ctx.text, ss, se):
        y = re.compile(r"\s*((?:19|20)\d{2})\b").match(ctx.text, m.end(), se)
        if not y:
            continue
        orgs = [mm for mm in ctx.mentions(y.end(), se) if ctx.kind(mm[2]) == "org"]
        subj = orgs[0][2] if orgs and orgs[0][0] - y.end() < 40 else ctx.org_before(ss, m.start())
        ent = ctx.reg.new.get(subj) if subj else None
        if ent is not None and ent.type not in ("GovernmentAgency",) and ent.founded is None:
            ent.founded = int(y.group(1))


_DASH = re.compile(r"\s+[-–—]\s+")


def _release(ctx: _Ctx, ss: int, se: int) -> None:
    text = ctx.text
    for m in _CUES["released"].finditer(text, ss, se):
        if re.match(r"\s+by\b", text[m.end():m.end() + 4]):
            continue
        clause_start = max([ss] + [ss + x.end() for x in re.finditer(r"[;,]\s+(?=[a-z])", text[ss:m.start()])])
        subj = ctx.org_before(ss, m.start()) if clause_start == ss else None
        if subj is None:
            orgs = [mm for mm in ctx.mentions(clause_start if clause_start > ss else ss, m.start())
                    if ctx.kind(mm[2]) == "org"]
            subj = orgs[-1][2] if orgs else (ctx.last_org(m.start()) if _ORG_ANAPHORA.search(
                text, clause_start, m.start()) else None)
        if subj is None:
            continue
        rest_end = se
        obj_m = ctx.mention_at(m.end() + 1, se, ("list", "product"))
        if obj_m is not None:
            ctx.relate(subj, "released", obj_m[2], _qstart(ctx, ss, subj, m.start()), obj_m[1], "strong")
            _part_of_in_which(ctx, obj_m[2], obj_m[1], se)
            continue
        dash = _DASH.search(text, m.end(), rest_end)
        desc = None
        if dash:
            name_m = re.compile(r"[\"“]?([A-Z][^,.;\"”]*?)[\"”]?\s*(?=[,.;]|$)").match(text, dash.end(), rest_end)
            if not name_m:
                continue
            desc = text[m.end():dash.start()].strip()
            ns, ne = name_m.start(1), name_m.end(1)
        else:
            name_m = re.compile(r"\s+(?:the\s+|a\s+|its\s+|a\s+new\s+)?((?:[\"“][^\"”]{1,40}[\"”]\s+)?"
                                r"[\w\"“”\-]+(?:\s+[\w\"“”\-]+){0,8}?)(?=\s*(?:[,.;]|$|\s+(?:which|that|with|in|at|on)\b))"
                                ).match(text, m.end(), rest_end)
            if not name_m:
                continue
            ns, ne = name_m.start(1), name_m.end(1)
        name = text[ns:ne].replace("“", '"').replace("”", '"')
        if not re.search(r"[A-Z]|\d", name.replace('"', "")) or re.match(r"(?:the\s+)?(?:city|province|country)['’]s", name):
            continue
        label = " ".join(name.replace('"', " ").split())
        typ = classify(label)
        if typ in ("RankingList", "Award"):
            oid = ctx.new_entity(label, typ, ns, ne)
            ctx.relate(subj, "released", oid, _qstart(ctx, ss, subj, m.start()), ne, "medium")
            continue
        aliases = _product_aliases(label)
        oid = ctx.new_entity(label, "Product", ns, ne, description=desc)
        for a in aliases:
            ctx.reg.alias(oid, a)
        qs = _qstart(ctx, ss, subj, m.start())
        ctx.relate(subj, "released", oid, qs, ne, "strong" if dash or '"' in name else "medium")
        date = ctx.date_in(ss, m.start())
        plabel = _label(oid, ctx.reg)
        ev_aliases = [f"release of {a}" for a in ctx.reg.get(oid).aliases]
        ctx.event(f"{subj}-release-{date[0] if date else 'undated'}", "ProductRelease", f"release of {plabel}",
                  ss, se, date, [subj], [oid], aliases=ev_aliases)


def _product_aliases(label: str) -> list[str]:
    """Short names of a product: its model code with what follows ("QS-760 ..."), or series + model when the
    name ends with a model code ("Lingxi StarSim S2" -> "StarSim S2")."""
    toks = label.split()
    out = []
    code = [i for i, t in enumerate(toks) if re.fullmatch(r"[A-Z]{1,4}-?\d+[A-Za-z]?", t)]
    if code:
        i = code[0]
        if len(toks[i]) >= 4:
            out.append(toks[i])
        if i == len(toks) - 1 and i >= 2:
            out.append(" ".join(toks[i - 1:]))
        if i + 1 < len(toks):
            out.append(" ".join([toks[i], toks[-1]]))
    return [a for a in out if a != label]


def _released_by(ctx: _Ctx, ss: int, se: int) -> None:
    for m in _CUES["released_by"].finditer(ctx.text, ss, se):
        obj = ctx.mention_ending(m.start(), ss, ("list", "programme", "product"), r"[\s\"”]*")
        subj = ctx.mention_at(m.end() + 1, se, ("org",))
        if obj and subj:
            starts = [s for s, e, i in ctx.mentions(ss, m.start()) if i == obj]
            ctx.relate(subj[2], "released", obj, starts[-1] if starts else ss, subj[1], "strong")
            _part_of_in_which(ctx, obj, m.end(), se)


def _part_of_in_which(ctx: _Ctx, whole: str, pos: int, se: int) -> None:
    """", in which the ranking of the world's top 100 clusters ...": that ranking is part of the publication."""
    m = re.compile(r"[^,]{0,80}?,\s+in\s+which\s+the\s+(?:ranking|list)\s+of\s+(the\s+[\w’' ]+?\b(?:clusters|"
                   r"cities|enterprises|companies|universities))\b").match(ctx.text, pos, se)
    if m:
        pid = ctx.new_entity(m.group(1), "RankingList", m.start(1), m.end(1))
        ctx.relate(pid, "part_of", whole, m.start(), m.end(1), "medium")


def _industry(ctx: _Ctx, ss: int, se: int) -> None:
    """"Electronic Design Automation (EDA) is the core technology of ...": an Industry named with its
    abbreviation; an organisation whose sentence names it (new entities only) gets it as its industry."""
    text = ctx.text
    m = re.compile(r"((?:[A-Z][\w\-]*\s+){1,5}[A-Z][\w\-]*)\s*\(([A-Z]{2,8})\)\s+(?:is|are|refers\s+to)\s+(?:the|a|an)\s+"
                   r"(?:[\w\-]+\s+){0,4}(?:technology|industry|field|sector)\b").match(text, ss, se)
    if m and ctx.reg.lookup(m.group(1)) is None and classify(m.group(1)) is None:
        iid = ctx.new_entity(m.group(1), "Industry", m.start(1), m.end(1))
        ctx.reg.alias(iid, m.group(2))
        ctx.mention(m.start(2), m.end(2), iid)
        ctx.industries.append((iid, m.group(2)))
    for iid, abbr in ctx.industries:
        if re.search(rf"\b{re.escape(abbr)}\b", text[ss:se]) and not (m and m.start() == ss):
            orgs = [mm[2] for mm in ctx.mentions(ss, se) if ctx.kind(mm[2]) == "org"]
            ent = ctx.reg.new.get(orgs[0]) if orgs else None
            if ent is not None and ent.type == "Company" and iid not in ent.industry:
                ent.industry = sorted({*ent.industry, iid})


def _top_n_of_index(ctx: _Ctx, ss: int, se: int) -> None:
    """"... clusters into the world's top 100" in a sentence naming an index: that top-N list is part of it."""
    m = re.compile(r"\b(?:into|in|entered|among)\s+the\s+(world['’]s\s+top\s+\d+)\b(?!\s+[a-z])").search(ctx.text, ss, se)
    if not m:
        return
    idx = [mm for mm in ctx.mentions(ss, se) if ctx.ent(mm[2]) is not None and ctx.ent(mm[2]).type == "RankingList"
           and re.search(r"\bindex\b", ctx.ent(mm[2]).label, re.I)]
    if len(idx) == 1:
        pid = ctx.new_entity(m.group(1), "RankingList", m.start(1), m.end(1))
        ctx.relate(pid, "part_of", idx[0][2], idx[0][0], m.end(1), "weak")


def _partner(ctx: _Ctx, ss: int, se: int) -> None:
    for m in _CUES["partner_of"].finditer(ctx.text, ss, se):
        subj = ctx.org_before(ss, m.start())
        obj = ctx.mention_at(m.end() + 1, se, ("org",))
        if obj is None:
            obj = _name_after(ctx, m.end(), se, ("Company", "University", "ResearchInstitution", "Bank"))
        if obj is None or subj is None:
            continue
        ctx.relate(subj, "partner_of", obj[2], _qstart(ctx, ss, subj, m.start()), obj[1], "strong")
        # "A is joining hands with B to undertake C": both undertake C
        u = re.compile(rf"[^.;]{{0,40}}?\bto\s+(?:{entity_lexicon()['cues']['undertakes']})\s+").match(ctx.text, obj[1], se)
        if u:
            prog = ctx.mention_at(u.end(), se, ("programme", "project"))
            if prog:
                for who in (subj, obj[2]):
                    ctx.relate(who, "undertakes", prog[2], _qstart(ctx, ss, subj, m.start()), prog[1], "medium")


def _undertakes(ctx: _Ctx, ss: int, se: int) -> None:
    for m in _CUES["undertakes"].finditer(ctx.text, ss, se):
        prog = ctx.mention_at(m.end() + 1, se, ("programme", "project"))
        if prog is None:
            continue
        if re.search(r"\bjoin(?:ed|s|ing)?\s+hands\b", ctx.text[ss:m.start()]):
            continue  # read with the partnership
        orgs = [mm for mm in ctx.mentions(ss, m.start()) if ctx.kind(mm[2]) == "org"]
        subj = orgs[-1][2] if orgs else ctx.last_org(m.start())
        ctx.relate(subj, "undertakes", prog[2], _qstart(ctx, ss, subj, m.start()), prog[1], "medium")


_BATCH = r"(?:(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+batch\s+of\s+)?"


_SELECT_HINT = re.compile(r"selected|included|listed|entered|won", re.I)


def _selection(ctx: _Ctx, ss: int, se: int) -> None:
    text = ctx.text
    first = True
    if not _SELECT_HINT.search(text, ss, se):
        return
    for m in _CUES["selected"].finditer(text, ss, se):
        lead = re.compile(rf"\s*(?:the\s+|a\s+|an\s+)?{_BATCH}(?:the\s+)?").match(text, m.end(), se)
        ls = lead.end()
        stop = re.compile(r"[.;]|,\s+and\b|\s+and\s+(?:also\s+)?(?:was|has|entered|won)\b|,\s+(?:the|it|which)\b")
        sm = stop.search(text, ls, se)
        win_end = sm.start() if sm else se
        nm = re.compile(r"\b(?:list|index|ranking)\b", re.I).search(text, ls, win_end) or re.compile(
            rf"\b(?:{_LIST_NOUNS})\b(?=\s*(?:[,.;]|$)|\s+of\s+the\s+[A-Z]|\s+and\b|\s+(?:with|for|in)\b)", re.I).search(
            text, ls, win_end + 1)
        if not nm or nm.end() - ls > 140 or nm.end() <= ls:
            continue
        le = nm.end()
        label = text[ls:le]
        of_m = re.compile(r"\s+of\s+(?!the\s+[A-Z])([^,.;]{5,120}?)(?=\s*(?:[,.;]|$))").match(text, le, win_end)
        if re.fullmatch(r"(?:(?:19|20)\d{2}\s+)?(?:list|ranking)", label) and of_m:
            # "the 2023 list of national ... enterprises": the list is named by what follows "of"
            ls, le = of_m.start(1), of_m.end(1)
            label = text[ls:le]
        quoted = re.fullmatch(r"[\"“]([^\"”]+)[\"”](?:\s+(?:list|index|ranking))?", label)
        if quoted:
            label, aliases = quoted.group(1), []
        else:
            label = label.replace("“", '"').replace("”", '"')
            aliases = []
            if re.search(r"\s(?:list|ranking)$", label):
                aliases.append(re.sub(r"\s+(?:list|ranking)$", "", label))
            if re.search(r"\s(?:enterprise|company|unit|base)$", label):
                aliases.append(label)
                label = label + ("s" if not label.endswith("y") else "")
                label = re.sub(r"companys$", "companies", label)
        if not re.search(r"[A-Z\"]|\bnational\b|\bprovincial\b|\bmunicipal\b", label):
            continue
        subj = ctx.org_before(ss, m.start(), agencies=False)
        if subj is None:
            continue
        typ = "Award" if re.search(r"\b(?:award|prize|medal)$", label, re.I) else "RankingList"
        lid = ctx.reg.lookup(label) or next((ctx.reg.lookup(a) for a in aliases if ctx.reg.lookup(a)), None)
        if lid is None or ctx.kind(lid) != "list":
            lid = ctx.new_entity(label, typ, ls, le)
        else:
            ctx.mention(ls, le, lid)
        for a in aliases:
            ctx.reg.alias(lid, a)
        qs = _qstart(ctx, ss, subj, m.start())
        ctx.relate(subj, "member_of_list", lid, qs, le, "strong" if re.match(r"selected|included", m.group(0).strip(), re.I)
                   or "was" in m.group(0) else "medium")
        if first and re.search(r"selected|included|listed", m.group(0), re.I):
            first = False
            date = ctx.date_in(ss, m.start())
            if date:
                ctx.event(f"{subj}-list-selection-{date[0]}", "ListSelection",
                          f"{_label(subj, ctx.reg)} selected for the {_label(lid, ctx.reg)}", ss, le, date, [subj], [lid])


def _project(ctx: _Ctx, ss: int, se: int) -> None:
    """"the <...> project of <...> of ORG ... was signed (and landed in PLACE)": a Project the organisation
    undertakes, and a ProjectSigning event with its date and place."""
    text = ctx.text
    rx = re.compile(r"\bthe\s+((?:[a-z][\w\-]*\s+){0,6}project(?:\s+of(?:\s+[a-z][\w\-]*){1,6}?)?\s+of\s+)")
    for m in rx.finditer(text, ss, se):
        org = ctx.mention_at(m.end(), se, ("org",))
        if org is None:
            run = _run_starting(ctx, m.end() - 1, se)
            if run is None or classify(run[2]) not in (None, "Company", "ResearchInstitution", "University"):
                continue
            org = (run[0], run[1], ctx.new_entity(run[2], classify(run[2]) or "Company", run[0], run[1]))
        ps, pe = m.start(1), org[1]
        pid = ctx.new_entity(text[ps:pe], "Project", ps, pe)
        ctx.relate(org[2], "undertakes", pid, ps, pe, "medium")
        sg = re.compile(r"[^.;]*?\b(?:was|were|has been|is)?\s*signed\b(?:\s+and\s+(?:landed|settled)\s+in\s+)?").match(text, pe, se)
        if not sg:
            continue
        place = ctx.mention_at(sg.end(), se, ("place",)) if re.search(r"in\s+$", sg.group(0)) else None
        if place is not None:
            ent = ctx.reg.new.get(pid)
            if ent is not None and not ent.located_in:
                ent.located_in = place[2]
        date = ctx.date_in(ss, ps)
        qe = place[1] if place else sg.end()
        ctx.event(f"{org[2]}-project-signing-{date[0] if date else 'undated'}", "ProjectSigning",
                  f"signing of the {_label(pid, ctx.reg)}", ss, qe, date, [org[2]], [pid],
                  place=place[2] if place else None)


def _produces(ctx: _Ctx, ss: int, se: int) -> None:
    """"... its (independently developed) A products and B products": the organisation the sentence is about
    produces A and B (products named with a capitalised or coded word only)."""
    text = ctx.text
    for m in re.finditer(r"\bits\s+((?:[a-z]+ly\s+|(?:innovated|developed|designed|produced|made|owned|researched|"
                         r"and)\s+)*)", text[ss:se]):
        start = ss + m.end()
        nm = re.compile(r"([\w\-]+(?:\s+[\w\-]+){0,5}?\s+products?)(?:\s+and\s+([\w\-]+(?:\s+[\w\-]+){0,5}?\s+products?))?"
                        ).match(text, start, se)
        if not nm:
            continue
        subj = ctx.org_before(ss, ss + m.start(), first=True)
        for g in (1, 2):
            if nm.group(g) and re.search(r"[A-Z]{2,}|[A-Z][a-z]+[A-Z]", nm.group(g)):
                pid = ctx.new_entity(nm.group(g), "Product", nm.start(g), nm.end(g))
                ctx.relate(subj, "produces", pid, ss + m.start(), nm.end(), "medium")


def _meeting(ctx: _Ctx, ss: int, se: int) -> None:
    """"On <date>, A (and B) held a press conference / the X General Assembly": a Meeting event."""
    text = ctx.text
    if "held" not in text[ss:se]:
        return
    m = re.compile(r"[^.;]*?\bheld\s+(?:a|an|the)?\s*").match(text, ss, se)
    if not m:
        return
    date = ctx.date_in(ss, m.start() + len(m.group(0)))
    if date is None:
        return
    held = m.end()
    np = re.compile(r"([^,.;]{3,160}?)(?=\s*[,.;]|\s*$)").match(text, held, se)
    noun = _CUES["meeting"].search(np.group(1)) if np else None
    if not noun:
        return
    if re.match(r"\s+(?:to|for|on|at|in\s+order\s+to)\s", np.group(1)[noun.end():]):
        # "a press conference to introduce ...": the meeting is named by its noun
        np = re.compile(rf"(.{{{noun.end()}}})").match(text, held)
    agents = [mm[2] for mm in ctx.mentions(ss, held) if ctx.kind(mm[2]) == "org"]
    focus = ctx.ent(ctx.st.focus)
    for am in re.finditer(r"\bthe\s+(municipal|provincial)\s+((?:party\s+)?(?:committee|government))\b", text[ss:held], re.I):
        if focus is not None:
            hit = ctx.reg.lookup(f"{focus.label} {am.group(1)} {am.group(2)}")
            if hit:
                agents.append(hit)
                ctx.mention(ss + am.start(), ss + am.end(), hit)
    if not agents:
        return
    name = np.group(1).strip()
    place = None
    if focus is not None and ENTITY_KINDS.get(focus.type) == "place" and re.search(
            r"\b(?:city|province|municipal|provincial)\b", text[ss:np.end()], re.I):
        place = focus.id
    if re.fullmatch(r"(?:press|news)\s+conference", name, re.I):
        d = date[0]
        when = d
        if len(d) == 10:
            when = f"{int(d[8:]):d} {calendar.month_name[int(d[5:7])]} {d[:4]}"
        topic = " intellectual property" if re.search(r"intellectual\s+property", text[ss:se], re.I) else ""
        if focus is not None and focus.type in ("City", "Province", "District", "NewArea"):
            label = f"{focus.label}{topic} press conference, {when}"
            eid = f"{focus.id}{'-ip' if topic else ''}-press-conference-{d}"
        else:  # a national press conference: named after its host
            label = f"{_label(agents[0], ctx.reg)} press conference{' on' + topic if topic else ''}, {when}"
            eid = f"{agents[-1]}-press-conference-{d}"
    else:
        label = name
        eid = f"{slugify(name)[:60]}-{date[0]}"
    ctx.event(eid, "Meeting", label, ss, np.end(), date, sorted(set(agents), key=agents.index), [], place=place)
