"""`report.md`: what was built, whether it validated, and every figure a human should look at."""

from __future__ import annotations

from collections import Counter


def _q(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(text.split()).replace("|", "\\|")


def render_report(project, counts: Counter, stats: dict, validation, crosschecks, conflicts,
                  extraction_agreement: list | None = None, extra_sections: list[str] | None = None) -> str:
    lines = ["# ipgraph build report", ""]
    lines += ["## Sources", "", "| id | kind | title | date | origin of facts |", "|---|---|---|---|---|"]
    origins = {fs.source.id: fs.origin for fs in project.factsets}
    for sid, src in sorted(project.sources.items()):
        lines.append(f"| {sid} | {src.kind} | {_q(src.title)} | {src.date or ''} | {origins.get(sid, '-')} |")
    lines += ["", "## Counts", "", f"- triples (data graphs): {stats.get('data_triples', 0)}",
              f"- triples (ontology graph): {stats.get('ontology_triples', 0)}",
              f"- observations: {stats.get('observations', 0)}", ""]
    lines += ["| class | instances |", "|---|---|"]
    for cls, n in sorted(counts.items()):
        lines.append(f"| {cls} | {n} |")
    lines += ["", "## Validation", ""]
    lines.append(f"Outcome: **{'passed' if validation.ok else 'FAILED'}**")
    lines.append("")
    for check, outcome in sorted(validation.checks_run.items()):
        lines.append(f"- {check}: {outcome}")
    if validation.results:
        lines += ["", "| check | severity | message | node | quote |", "|---|---|---|---|---|"]
        for r in sorted(validation.results):
            lines.append(f"| {r.check} | {r.severity} | {_q(r.message)} | {r.node or ''} | {_q(r.quote)} |")
    lines += ["", "## Unparsed figures", ""]
    unparsed = [(fs.source.id, u) for fs in project.factsets for u in fs.unparsed]
    if unparsed:
        lines += ["| source | published | reason | possible readings | quote |", "|---|---|---|---|---|"]
        for sid, u in sorted(unparsed, key=lambda x: (x[0], x[1].published)):
            readings = ", ".join(str(r) for r in u.readings)
            lines.append(f"| {sid} | {_q(u.published)} | {_q(u.reason)} | {readings} | "
                         f"{_q(u.quote.text if u.quote else '')} |")
    else:
        lines.append("None.")
    lines += ["", "## Cross-checks (shares recomputed from parts and totals)", ""]
    if crosschecks:
        lines += ["| subject | indicator | reported % | computed % | verdict | quote |", "|---|---|---|---|---|---|"]
        for c in crosschecks:
            lines.append(f"| {c.share.subject} | {c.share.indicator} | {c.share.value} | {c.computed:.4f} | "
                         f"{'agrees within rounding' if c.agrees else 'DISAGREES'} | "
                         f"{_q(c.share.quote.text if c.share.quote else '')} |")
    else:
        lines.append("No share could be recomputed (parts or totals not stated).")
    lines += ["", "## Conflicting statements", ""]
    if conflicts:
        lines += ["| subject | indicator | statistic | period | first | second | first quote | second quote |",
                  "|---|---|---|---|---|---|---|---|"]
        for c in conflicts:
            a, b = c.first, c.second
            lines.append(f"| {a.subject} | {a.indicator} | {a.statistic} | {a.period} | {a.value} ({a.source}) | "
                         f"{b.value} ({b.source}) | {_q(a.quote.text if a.quote else '')} | "
                         f"{_q(b.quote.text if b.quote else '')} |")
    else:
        lines.append("None.")
    review = sorted({i.id for i in project.scheme.values() if i.needs_review})
    lines += ["", "## Indicators flagged for review", ""]
    lines.append(", ".join(review) if review else "None.")
    if extraction_agreement:
        lines += ["", "## Extraction agreement with curated files", ""]
        lines += extraction_agreement
    for section in extra_sections or []:
        lines += ["", section]
    return "\n".join(lines) + "\n"
