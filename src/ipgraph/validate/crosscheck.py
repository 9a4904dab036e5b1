"""Recompute stated shares from stated parts and totals; report agreement within rounding, or disagreement."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model import Indicator, Observation


@dataclass(frozen=True)
class CrossCheck:
    share: Observation
    part: Observation
    total: Observation
    computed: Decimal
    agrees: bool

    def describe(self) -> str:
        verdict = "agrees" if self.agrees else "DISAGREES"
        return (f"{self.share.subject} {self.share.indicator} share {self.share.value}% {verdict} with "
                f"{self.part.value} / {self.total.value} = {self.computed:.4f}% "
                f"({self.total.subject} {self.total.indicator})")


def _tolerance(reported: Decimal) -> Decimal:
    exponent = reported.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return Decimal("0.5") * Decimal(10) ** (-places) + Decimal("1e-9")


def cross_check(observations: list[Observation], scheme: dict[str, Indicator]) -> list[CrossCheck]:
    """For each share with a known part (same subject, indicator, period) and total (the reference subject's
    same indicator, or the broader indicator of the same subject), recompute the percentage."""
    values: dict[tuple[str, str, str], Observation] = {}
    for o in observations:
        if o.statistic == "value" and o.qualifier == "exact" and o.unit not in ("percent", "percentage_points"):
            values.setdefault((o.subject, o.indicator, o.period), o)
    checks: list[CrossCheck] = []
    for share in observations:
        if share.statistic != "share" or share.unit != "percent":
            continue
        part = values.get((share.subject, share.indicator, share.period))
        if part is None:
            continue
        ref_subject = share.reference_subject or share.subject
        candidates = []
        if ref_subject != share.subject:
            candidates.append((ref_subject, share.indicator))
        broader = scheme.get(share.indicator).broader if share.indicator in scheme else None
        if broader:
            candidates.append((ref_subject, broader))
        for subj, ind in candidates:
            total = values.get((subj, ind, share.period))
            if total is None or total.value == 0:
                continue
            computed = part.value / total.value * 100
            agrees = abs(computed - share.value) <= _tolerance(share.value)
            checks.append(CrossCheck(share, part, total, computed, agrees))
            break
    return checks
