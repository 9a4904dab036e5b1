"""Period expressions relative to the document date ("by the end of 2023", "last June", "from January to June")."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    period: str  # ISO
    kind: str  # stock | flow | now
    explicit_year: bool


def _month_end(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_PATTERNS = [
    ("end_month_year", re.compile(rf"\b(?:by|as of|at|until|till|to)\s+the\s+end\s+of\s+{_MONTH}\s*,?\s*(\d{{4}})", re.I)),
    ("end_year", re.compile(r"\b(?:by|as of|at|until|till|to)?\s*the\s+end\s+of\s+(?:the\s+year\s+)?(\d{4})", re.I)),
    ("end_last_year", re.compile(r"\b(?:by|as of|at)\s+the\s+end\s+of\s+last\s+year", re.I)),
    ("end_the_year", re.compile(r"\b(?:by|as of|at)\s+the\s+end\s+of\s+(?:the|this)\s+year", re.I)),
    ("end_month", re.compile(rf"\b(?:by|as of|at)\s+the\s+end\s+of\s+{_MONTH}\b", re.I)),
    ("half_year", re.compile(r"\b(?:the\s+)?first\s+half\s+of\s+(?:(\d{4})|the\s+year|this\s+year)", re.I)),
    ("jan_to", re.compile(rf"\bfrom\s+january\s+to\s+{_MONTH}(?:\s*,?\s*(\d{{4}}))?", re.I)),
    ("month_year", re.compile(rf"\b(?:in\s+)?{_MONTH}\s+(\d{{4}})\b", re.I)),
    ("last_month", re.compile(rf"\blast\s+{_MONTH}\b", re.I)),
    ("last_year", re.compile(r"\blast\s+year\b", re.I)),
    ("this_year", re.compile(r"\bthis\s+year\b", re.I)),
    ("now", re.compile(r"\b(?:at\s+present|so\s+far|currently|to\s+date|just\s+announced|since\s+(?:the\s+)?"
                       r"(?:founding|establishment|its\s+establishment|its\s+founding))\b", re.I)),
    ("year", re.compile(r"(?<![\d,.\-])(?:\b(?:in|of|during|for)\s+)?\b((?:19|20)\d{2})\b(?![\d%\-]|[,.]\d)", re.I)),
]
_NOT_PERIOD = re.compile(r"(?:(?:founded|founding|established|establishment|since)(?:\s+(?:of|the|its|their|this|"
                         r"enterprise|company|firm|group|park|zone))*|by|strive|until|plan|before)\s+(?:in\s+)?$",
                         re.I)


def find_periods(text: str, start: int, end: int, doc_year: int | None, doc_date: str | None,
                 context_year: int | None) -> list[PeriodMention]:
    """Every period expression in [start, end), resolved; overlapping matches keep the first pattern's."""
    out: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    for name, m in _matches_in(text, start, end):
        if True:
            s, e = m.start(), m.end()
            if any(s < b and a < e for a, b in taken):
                continue
            pm = _resolve(name, m, doc_year, doc_date, context_year, text)
            if pm is not None:
                out.append(PeriodMention(s, e, *pm))
                taken.append((s, e))
    return sorted(out, key=lambda p: p.start)


_DOC: list = [None, []]  # the last text scanned and its matches per pattern (extraction asks sentence by sentence)


def _matches_in(text: str, start: int, end: int) -> list[tuple[str, re.Match]]:
    """Matches of every pattern inside [start, end), in pattern order; each pattern scans the whole text once."""
    if _DOC[0] is not text:
        _DOC[0], _DOC[1] = text, [(name, list(rx.finditer(text))) for name, rx in _PATTERNS]
    out = []
    for name, ms in _DOC[1]:
        for m in ms:
            if m.start() >= start and m.end() <= end:
                out.append((name, m))
    return out


def _resolve(name, m, doc_year, doc_date, context_year, text):
    g = m.groups()
    base = context_year or doc_year
    if name == "end_month_year":
        return _month_end(int(g[1]), MONTHS[g[0].lower()]), "stock", True
    if name == "end_year":
        return f"{int(g[0]):04d}-12-31", "stock", True
    if name == "end_last_year" and doc_year:
        return f"{doc_year - 1:04d}-12-31", "stock", False
    if name == "end_the_year" and base:
        return f"{base:04d}-12-31", "stock", False
    if name == "end_month" and doc_year:
        return _month_end(doc_year, MONTHS[g[0].lower()]), "stock", False
    if name == "half_year":
        y = int(g[0]) if g[0] else doc_year
        return (f"{y:04d}-01/{y:04d}-06", "flow", bool(g[0])) if y else None
    if name == "jan_to":
        y = int(g[1]) if g[1] else doc_year
        if not y:
            return None
        mo = MONTHS[g[0].lower()]
        return f"{y:04d}-01/{y:04d}-{mo:02d}", "flow", bool(g[1])
    if name == "month_year":
        return f"{int(g[1]):04d}-{MONTHS[g[0].lower()]:02d}", "flow", True
    if name == "last_month" and doc_year:
        return f"{doc_year - 1:04d}-{MONTHS[g[0].lower()]:02d}", "flow", False
    if name == "last_year" and doc_year:
        return f"{doc_year - 1:04d}", "flow", False
    if name == "this_year" and doc_year:
        return f"{doc_year:04d}", "flow", False
    if name == "now" and doc_date:
        return doc_date, "now", False
    if name == "year":
        y = int(g[0])
        before = text[max(0, m.start() - 30):m.start()]
        after = text[m.end():m.end() + 3]
        if _NOT_PERIOD.search(before + text[m.start():m.start(1)]) or after.startswith(("-", "–")) \
                or text[max(0, m.start(1) - 1):m.start(1)] in ("-", "–", "("):
            return None
        if doc_year and y > doc_year:
            return None
        return f"{y:04d}", "flow", True
    return None


def shift_year(period: str, years: int = -1) -> str:
    """The same period `years` earlier (growth bases: year on year)."""
    return re.sub(r"\d{4}", lambda m: f"{int(m.group(0)) + years:04d}", period)


def as_stock(period: str) -> str:
    """A year or interval read as a stock at its last day."""
    if re.fullmatch(r"\d{4}", period):
        return f"{period}-12-31"
    if re.fullmatch(r"\d{4}-\d{2}/\d{4}-\d{2}", period):
        y, mo = period.split("/")[1].split("-")
        return _month_end(int(y), int(mo))
    return period


def as_flow(period: str) -> str:
    """A year-end stock date read as the year's flow."""
    if re.fullmatch(r"\d{4}-12-31", period):
        return period[:4]
    return period
