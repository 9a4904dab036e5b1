"""Validation: SHACL shapes, OWL consistency (HermiT via owlready2), QC `*-violation.rq` queries, cross-checks."""

from .report import ValidationReport, ValidationResult

__all__ = ["ValidationReport", "ValidationResult"]
