"""Validation results are data: severity, message, node, quote, source (not log lines)."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("violation", "warning", "info")


@dataclass(frozen=True, order=True)
class ValidationResult:
    check: str  # shacl | reasoner | qc:<query name> | crosscheck
    severity: str
    message: str
    node: str | None = None
    quote: str | None = None
    source: str | None = None

    def line(self) -> str:
        bits = [f"[{self.severity}] {self.check}: {self.message}"]
        if self.node:
            bits.append(f"node <{self.node}>")
        if self.quote:
            q = self.quote if len(self.quote) < 160 else self.quote[:157] + "..."
            bits.append(f"quote {q!r}")
        return "; ".join(bits)


@dataclass
class ValidationReport:
    results: list[ValidationResult] = field(default_factory=list)
    checks_run: dict[str, str] = field(default_factory=dict)  # check -> outcome summary

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "violation"]

    @property
    def ok(self) -> bool:
        return not self.violations

    def extend(self, results) -> None:
        self.results.extend(results)

    def summary(self) -> str:
        if self.ok:
            return "validation passed: " + ", ".join(f"{k} {v}" for k, v in sorted(self.checks_run.items()))
        lines = [f"validation failed: {len(self.violations)} violation(s)"]
        lines += ["  " + r.line() for r in sorted(self.violations)[:50]]
        if len(self.violations) > 50:
            lines.append(f"  ... and {len(self.violations) - 50} more (see report.md)")
        return "\n".join(lines)
