"""ISO 8601 periods as the contracts use them: `2023`, `2023-12-31`, `2023-06`, `2024-01/2024-06`."""

from __future__ import annotations

import calendar
import re
from datetime import date

_PART = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_PERIOD_RE = re.compile(rf"^({_PART})(?:/({_PART}))?$")

__all__ = ["is_period", "check_period", "period_bounds", "period_local_name", "is_instant"]


def check_period(text: str) -> str | None:
    """None if `text` is a valid period, else a message saying what is wrong."""
    m = _PERIOD_RE.match(text)
    if not m:
        return f"{text!r} is not an ISO period (YYYY, YYYY-MM, YYYY-MM-DD or A/B)"
    for part in m.groups():
        if part is None:
            continue
        bits = [int(b) for b in part.split("-")]
        try:
            if len(bits) == 2:
                date(bits[0], bits[1], 1)
            elif len(bits) == 3:
                date(*bits)
        except ValueError:
            return f"{part!r} is not a valid date"
    if m.group(2) and period_bounds(m.group(1))[0] > period_bounds(m.group(2))[1]:
        return f"{text!r} ends before it begins"
    return None


def is_period(text: str) -> bool:
    return check_period(text) is None


def _bounds_of_part(part: str) -> tuple[date, date]:
    bits = [int(b) for b in part.split("-")]
    if len(bits) == 1:
        return date(bits[0], 1, 1), date(bits[0], 12, 31)
    if len(bits) == 2:
        last = calendar.monthrange(bits[0], bits[1])[1]
        return date(bits[0], bits[1], 1), date(bits[0], bits[1], last)
    d = date(*bits)
    return d, d


def period_bounds(text: str) -> tuple[date, date]:
    """First and last day covered by a period."""
    if "/" in text:
        a, b = text.split("/", 1)
        return _bounds_of_part(a)[0], _bounds_of_part(b)[1]
    return _bounds_of_part(text)


def is_instant(text: str) -> bool:
    """A stock is counted at a day (`2023-12-31`); everything else is an interval (a flow)."""
    return "/" not in text and len(text) == 10


def period_local_name(text: str) -> str:
    return text.replace("/", "--")
