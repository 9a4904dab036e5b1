"""`overview.html`: per indicator, bar charts of values by subject and period and a ladder of ranks with their
scopes, plus a panel of build facts. Inline SVG only (no script, no network), every text escaped.
"""

from __future__ import annotations

import html
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from .data import ViewData

BAR_H = 18
LABEL_W = 300
PLOT_W = 360
MAX_BARS = 30
MAX_TABLE_ROWS = 200
STAT_NAMES = {"value": "value", "share": "share", "growth": "growth", "pp_difference": "difference (pp)",
              "multiple": "multiple"}


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _num(v: str) -> float | None:
    try:
        return float(Decimal(v))
    except (InvalidOperation, ValueError):
        return None


def _short(v: float) -> str:
    for div, suf in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= div:
            return f"{v / div:.3g}{suf}"
    return f"{v:.4g}"


def bar_chart(rows: list[tuple[str, float, str]], unit: str) -> str:
    """Horizontal bars (label, value, text) on one scale; negative values extend left of the zero line."""
    lo = min(0.0, min(v for _l, v, _t in rows))
    hi = max(0.0, max(v for _l, v, _t in rows))
    span = (hi - lo) or 1.0
    zero = LABEL_W + (0 - lo) / span * PLOT_W
    height = BAR_H * len(rows) + 24
    out = [f'<svg class="chart" role="img" width="{LABEL_W + PLOT_W + 120}" height="{height}" '
           f'viewBox="0 0 {LABEL_W + PLOT_W + 120} {height}" xmlns="http://www.w3.org/2000/svg">',
           f'<title>{_e(unit)}</title>']
    for i, (label, v, text) in enumerate(rows):
        y = i * BAR_H + 4
        x0 = zero if v >= 0 else zero - (-v) / span * PLOT_W
        w = max(1.0, abs(v) / span * PLOT_W)
        out.append(f'<text x="{LABEL_W - 6}" y="{y + 12}" text-anchor="end">{_e(label)}</text>')
        out.append(f'<rect x="{x0:.1f}" y="{y}" width="{w:.1f}" height="{BAR_H - 5}" fill="#4e79a7">'
                   f'<title>{_e(label)}: {_e(text)}</title></rect>')
        out.append(f'<text x="{max(x0 + w, zero) + 4:.1f}" y="{y + 12}">{_e(text)}</text>')
    out.append(f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{height - 20}" stroke="#333"/>')
    out.append(f'<text x="{LABEL_W}" y="{height - 4}" class="axis">{_e(_short(lo))}</text>')
    out.append(f'<text x="{LABEL_W + PLOT_W}" y="{height - 4}" text-anchor="end" class="axis">'
               f'{_e(_short(hi))} {_e(unit)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def rank_chart(rows: list[tuple[str, int, str]]) -> str:
    """Each rank as a dot on a 1..N axis (1 at the left), labelled with its scope."""
    worst = max(max(r for _l, r, _s in rows), 3)
    height = BAR_H * len(rows) + 24
    width = LABEL_W + PLOT_W + 260
    out = [f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>ranks</title>']
    for i, (label, rank, scope) in enumerate(rows):
        y = i * BAR_H + 4
        x = LABEL_W + (rank - 1) / (worst - 1) * PLOT_W
        out.append(f'<text x="{LABEL_W - 6}" y="{y + 12}" text-anchor="end">{_e(label)}</text>')
        out.append(f'<line x1="{LABEL_W}" y1="{y + 8}" x2="{LABEL_W + PLOT_W}" y2="{y + 8}" stroke="#ddd"/>')
        out.append(f'<circle cx="{x:.1f}" cy="{y + 8}" r="6" fill="#e15759"><title>{_e(label)}: #{rank} '
                   f'{_e(scope)}</title></circle>')
        out.append(f'<text x="{LABEL_W + PLOT_W + 8}" y="{y + 12}">#{rank} {_e(scope)}</text>')
    out.append(f'<text x="{LABEL_W}" y="{height - 4}" class="axis">1</text>')
    out.append(f'<text x="{LABEL_W + PLOT_W}" y="{height - 4}" text-anchor="end" class="axis">{worst}</text>')
    out.append("</svg>")
    return "\n".join(out)


def indicator_sections(data: ViewData) -> list[tuple[str, str, str]]:
    """(anchor, indicator label, section HTML) per indicator with observations, sorted by label."""
    by_ind: dict[tuple[str, str], list[tuple[dict, dict]]] = defaultdict(list)
    for n in data.nodes:
        for o in n["obs"]:
            by_ind[(o["indicator"] or o["indicator_id"], o["indicator_id"])].append((n, o))
    sections = []
    for (label, ind_id), items in sorted(by_ind.items()):
        parts = [f'<section id="ind-{_e(ind_id)}"><h2>{_e(label)}</h2>']
        groups: dict[tuple[str, str], list[tuple[str, float, str]]] = defaultdict(list)
        ranks: list[tuple[str, int, str]] = []
        table = []
        for n, o in sorted(items, key=lambda it: (it[1]["statistic"], it[1]["period"], it[0]["label"], it[1]["scope"])):
            v = _num(o["value"])
            who = f"{n['label']} · {o['period']}" if o["period"] else n["label"]
            if o["statistic"] == "rank" and v is not None:
                scope = " ".join(x for x in (f"in {o['scope']}" if o["scope"] else "",
                                             f"by {o['ranked_what']}" if o["ranked_what"] else "") if x)
                ranks.append((who, int(v), scope))
            elif v is not None:
                text = f"{o['qualifier'].replace('_', ' ')} " if o["qualifier"] not in ("", "exact") else ""
                text += f"{o['published'] or o['value']}"
                groups[(o["statistic"], o["unit"])].append((who, v, text))
            table.append(o | {"who": n["label"]})
        for (stat, unit), rows in sorted(groups.items()):
            parts.append(f"<h3>{_e(STAT_NAMES.get(stat, stat))} ({_e(unit)}) by subject and period</h3>")
            if len(rows) > MAX_BARS:
                parts.append(f"<p>the {MAX_BARS} largest of {len(rows)} figures</p>")
                rows = sorted(rows, key=lambda r: (-r[1], r[0]))[:MAX_BARS]
            parts.append(bar_chart(rows, unit))
        if ranks:
            parts.append("<h3>rankings and their scopes</h3>")
            if len(ranks) > MAX_BARS:
                parts.append(f"<p>the {MAX_BARS} best of {len(ranks)} ranks</p>")
                ranks = sorted(ranks, key=lambda r: (r[1], r[0]))[:MAX_BARS]
            parts.append(rank_chart(ranks))
        parts.append("<details><summary>figures and quotes</summary><table><tr><th>subject</th><th>statistic</th>"
                     "<th>value</th><th>unit</th><th>period</th><th>scope</th><th>source</th><th>quote</th></tr>")
        for o in table[:MAX_TABLE_ROWS]:
            parts.append("<tr>" + "".join(f"<td>{_e(x)}</td>" for x in (
                o["who"], o["statistic"], o["published"] or o["value"], o["unit"], o["period"], o["scope"],
                o["source"], o["quote"])) + "</tr>")
        parts.append("</table>" + (f"<p>{len(table) - MAX_TABLE_ROWS} more in observations.csv</p>"
                                   if len(table) > MAX_TABLE_ROWS else "") + "</details></section>")
        sections.append((f"ind-{ind_id}", label, "\n".join(parts)))
    return sections


def render_overview(data: ViewData, facts: dict) -> str:
    """The page: build facts panel, then one section per indicator with observations."""
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts.get("summary", []))
    sources = "".join("<tr>" + "".join(f"<td>{_e(x)}</td>" for x in s) + "</tr>" for s in facts.get("sources", []))
    sections = indicator_sections(data)
    toc = "".join(f'<li><a href="#{_e(a)}">{_e(lab)}</a></li>' for a, lab, _h in sections)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>ipgraph overview</title>
<style>
body {{ font: 13px/1.4 system-ui, "Noto Sans CJK SC", sans-serif; margin: 16px; color: #222; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #ddd; padding: 2px 6px; text-align: left;
vertical-align: top; }} .panel {{ display: flex; gap: 24px; flex-wrap: wrap; }}
svg.chart text {{ font-size: 11px; }} svg.chart .axis {{ fill: #666; }} section {{ margin-top: 18px; }}
h2 {{ border-bottom: 1px solid #ccc; }} td {{ max-width: 520px; }}
</style></head><body>
<h1>ipgraph overview</h1>
<div class="panel" id="build-facts"><div><h2>Build</h2><table>{rows}</table></div>
<div><h2>Sources</h2><table><tr><th>id</th><th>kind</th><th>title</th><th>date</th></tr>{sources}</table></div></div>
<h2>Indicators</h2><ul>{toc}</ul>
{"".join(h for _a, _l, h in sections)}
</body></html>
"""
