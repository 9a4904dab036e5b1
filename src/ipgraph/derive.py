"""Derived statistics for table data: year-on-year growth and national rank, computed the same way every time.

Derived observations have origin "derived", no source, and `derived_from` the IRIs of their input observations,
so they are never confused with reported ones. The set is bounded on purpose (growth between consecutive years
and a rank per period within the table's country): shares of a parent total are derived only against a
reported total or a complete partition (contracts: Tables), and no table here has either (US metro areas do
not partition states; non-metro remainders are skipped rows).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal

from .model import Observation
from .rdf.emit import observation_iri

_YEAR = re.compile(r"^\d{4}$")
_PLACES = Decimal("0.0001")


def _table_values(project):
    for fs in project.factsets:
        if fs.origin != "table":
            continue
        mapping = getattr(fs, "mapping", None)
        for obs in fs.observations:
            if obs.statistic == "value":
                yield fs, mapping, obs


def growth_observations(project) -> list[Observation]:
    """Year-on-year growth in percent for every table series with a positive base year."""
    series: dict[tuple[str, str, str], dict[str, Observation]] = defaultdict(dict)
    for fs, _mapping, obs in _table_values(project):
        if _YEAR.match(obs.period):
            series[(fs.source.id, obs.subject, obs.indicator)][obs.period] = obs
    out = []
    for (sid, subject, indicator), by_year in sorted(series.items()):
        for year, obs in sorted(by_year.items()):
            base = by_year.get(str(int(year) - 1))
            if base is None or base.value <= 0:
                continue
            value = ((obs.value - base.value) / base.value * 100).quantize(_PLACES, ROUND_HALF_EVEN)
            out.append(Observation(
                subject=subject, indicator=indicator, statistic="growth", value=value, unit="percent",
                period=year, compared_to=base.period, reference=f"year-on-year change, table {sid}",
                derived_from=[str(observation_iri(obs)), str(observation_iri(base))], origin="derived"))
    return out


def rank_observations(project) -> list[Observation]:
    """Rank (1 = largest, ties share the best rank) of each place among the table's places of its country."""
    groups: dict[tuple[str, str, str], list[Observation]] = defaultdict(list)
    country: dict[str, str] = {}
    for fs, mapping, obs in _table_values(project):
        if mapping is None or not mapping.country:
            continue
        country[fs.source.id] = mapping.country
        groups[(fs.source.id, obs.indicator, obs.period)].append(obs)
    out = []
    for (sid, indicator, period), members in sorted(groups.items()):
        ordered = sorted(members, key=lambda o: (-o.value, o.subject))
        rank, previous = 0, None
        for i, obs in enumerate(ordered, start=1):
            if obs.value != previous:
                rank, previous = i, obs.value
            out.append(Observation(
                subject=obs.subject, indicator=indicator, statistic="rank", value=Decimal(rank), unit="rank",
                period=period, scope="country", scope_area=country[sid], ranked_what=indicator,
                reference=f"among the {len(ordered)} places of table {sid}",
                derived_from=[str(observation_iri(obs))], origin="derived"))
    return out


def derive_statistics(project) -> list[Observation]:
    """Every derived observation of a build (hook `build._derived`)."""
    return growth_observations(project) + rank_observations(project)


def check_reported(project, derived: list[Observation]) -> list[str]:
    """Reported ranks and growth rates that a derived figure restates: agreement or disagreement lines."""
    index = {(o.subject, o.indicator, o.statistic, o.period, o.scope): o for o in derived}
    lines = []
    for fs in project.factsets:
        for obs in fs.observations:
            if obs.statistic not in ("rank", "growth", "share"):
                continue
            indicator = obs.ranked_what if obs.statistic == "rank" and obs.ranked_what not in (None, "score") \
                else obs.indicator
            d = index.get((obs.subject, indicator, obs.statistic, obs.period, obs.scope))
            if d is None:
                continue
            tolerance = Decimal("0") if obs.statistic == "rank" else Decimal("0.5")
            verdict = "agrees" if abs(d.value - obs.value) <= tolerance else "DISAGREES"
            quote = " ".join(obs.quote.text.split()) if obs.quote else (
                f"{obs.table_cell.file}:{obs.table_cell.line}:{obs.table_cell.column}" if obs.table_cell else "")
            lines.append(f"| {obs.subject} | {indicator} | {obs.statistic} | {obs.period} | {obs.value} "
                         f"({fs.source.id}) | {d.value} | {verdict} | {quote.replace('|', '/')} |")
    return sorted(lines)
