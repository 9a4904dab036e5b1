"""Report lines: how far extraction agrees with each curated article (the curated file is the gold)."""

from __future__ import annotations

from copy import copy

from .evaluate import evaluate


def agreement_lines(project) -> list[str]:
    """Markdown lines for report.md: P/R of extraction vs every curated article file."""
    from . import extract_source

    lines = ["| source | category | precision | recall | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
    curated_dir = project.data_dir / "curated"
    rows = 0
    for fs in sorted(project.factsets, key=lambda f: f.source.id):
        if fs.origin != "curated" or fs.source.kind != "article":
            continue
        gold = next((p for p in (curated_dir / f"{fs.source.id}.yaml", curated_dir / f"{fs.source.id}.yml")
                     if p.exists()), None)
        if gold is None:
            continue
        # extraction must not see the curated entities of the article it is compared with
        shadow = copy(project)
        shadow.entities = {k: v for k, v in project.entities.items() if v.origin != "curated" or v.source != fs.source.id}
        facts = extract_source(fs.source, shadow)
        for cat, s in evaluate(facts, gold, shadow.entities, project.scheme).items():
            lines.append(f"| {fs.source.id} | {cat} | {s.precision:.3f} | {s.recall:.3f} | {s.tp} | {s.fp} | {s.fn} |")
            rows += 1
    return lines if rows else []
