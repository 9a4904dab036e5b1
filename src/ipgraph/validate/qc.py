"""ODK-style QC: every `ontology/qc/*-violation.rq` must return no rows."""

from __future__ import annotations

from pathlib import Path

from .report import ValidationResult


def run_qc(store, queries: list[Path]) -> list[ValidationResult]:
    """Run each query over the union of all named graphs of a pyoxigraph Store; one result per row."""
    from pyoxigraph import Literal as OxLiteral

    out: list[ValidationResult] = []
    for path in queries:
        name = path.name.removesuffix("-violation.rq")
        text = path.read_text(encoding="utf-8")
        description = next((ln.split(":", 1)[1].strip() for ln in text.splitlines()
                            if ln.lower().startswith("# description:")), name)
        rows = store.query(text, use_default_graph_as_union=True)
        variables = [v.value for v in rows.variables]
        for row in rows:
            values = {v: row[v] for v in variables if row[v] is not None}
            node = next((str(t.value) for t in values.values() if not isinstance(t, OxLiteral)), None)
            quote = next((str(values[v].value) for v in values if v in ("quote", "quoteText")), None)
            detail = ", ".join(f"{k}={t.value}" for k, t in values.items() if k not in ("quote", "quoteText"))
            out.append(ValidationResult(f"qc:{name}", "violation", f"{description} ({detail})", node, quote))
    return sorted(out)
