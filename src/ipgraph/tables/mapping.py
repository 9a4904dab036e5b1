"""Declarative table mappings: the YAML file beside a table says how its rows become observations.

The format is decision 0003 (`docs/decisions/0004-table-mappings.md`). A mapping is checked completely before
any row is read, and every problem names the mapping file, line and field (exit code 2): a wrong mapping is a
bad input, whereas a bad *row* is table content, reported and skipped (exit code 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..loaders.sources import FieldReader
from ..loaders.yamlpos import Mapping, load_yaml
from ..model import PLACE_TYPES, SCOPE_LEVELS, STATISTICS, UNITS, Indicator
from ..periods import check_period

FORMATS = ("csv", "tsv", "xlsx")
COUNTING_METHODS = ("whole", "fractional")
COUNTING_LOCATIONS = ("inventor", "applicant", "owner", "first_inventor", "assignee")
DATE_BASES = ("grant", "application", "priority", "publication", "edition")
PATENT_TYPES = ("utility", "invention", "utility_model", "design", "all", "none")
# a US utility patent corresponds to a Chinese invention patent, not a utility model (contracts: Tables)
PATENT_EQUIVALENTS = {"utility": "invention", "invention": "invention", "utility_model": "utility_model",
                      "design": "design", "all": "all", "none": "none"}
PARENT_RULES = ("usps_suffix", "column", "fixed")
PERIOD_FORMATS = ("iso", "year", "year_range")
_TOP_KEYS = {"table", "format", "encoding", "sheet", "header_row", "delimiter", "subject", "period", "values",
             "period_columns", "counting", "date_basis", "delineation", "patent_type", "note", "missing", "skip"}
_SUBJECT_KEYS = {"id_column", "id_prefix", "label_column", "lookup_column", "type", "parent", "parent_column",
                 "country"}
_VALUE_KEYS = {"column", "indicator", "statistic", "unit", "multiplier", "scope", "ranked_what", "counting"}


@dataclass
class ValueSpec:
    """One measured column (long table), or the value of every period column (wide table by year)."""

    column: str | None
    indicator: str
    statistic: str = "value"
    unit: str = "count"
    multiplier: int | None = None
    scope: str = "none"
    ranked_what: str | None = None
    counting: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass
class TableMapping:
    path: Path
    shown: str
    table: str
    format: str
    encoding: str = "utf-8"
    sheet: str | None = None
    header_row: int = 1
    delimiter: str | None = None
    id_column: str | None = None
    id_prefix: str = ""
    label_column: str | None = None
    lookup_column: str | None = None
    place_type: str = "Place"
    parent_rule: str = "fixed"
    parent: str | None = None
    parent_column: str | None = None
    country: str | None = None
    period_column: str | None = None
    period_value: str | None = None
    period_format: str = "iso"
    period_columns: list[str] = field(default_factory=list)
    values: list[ValueSpec] = field(default_factory=list)
    counting: dict[str, str] = field(default_factory=dict)
    date_basis: str | None = None
    delineation: dict[str, str] = field(default_factory=dict)
    patent_type: str = "none"
    note: str | None = None
    skip: list[tuple[str, re.Pattern, str]] = field(default_factory=list)  # (column, pattern, reason)
    missing: tuple[str, ...] = ("NA", "N/A", "n/a", "na", "..", "-", "—", "NaN", "nan", "null")

    @property
    def wide_by_period(self) -> bool:
        return bool(self.period_columns)

    @property
    def patent_equivalent(self) -> str:
        return PATENT_EQUIVALENTS[self.patent_type]

    def describe(self) -> str:
        """One line for report.md: the counting conventions a reader needs before comparing tables."""
        parts = []
        if self.counting:
            parts.append("counting " + ", ".join(f"{k} {v}" for k, v in sorted(self.counting.items())))
        if self.date_basis:
            parts.append(f"{self.date_basis} year")
        if self.delineation:
            parts.append("delineation " + ", ".join(f"{v}" for _k, v in sorted(self.delineation.items())))
        if self.patent_type != "none":
            parts.append(f"patent type {self.patent_type} (~ {self.patent_equivalent} patent)")
        return "; ".join(parts)


class _Fields(FieldReader):
    """FieldReader whose prefixed field names (`values[0].indicator`) still find the key's own line."""

    def problem(self, item, field: str, message: str) -> None:
        key = field.rsplit(".", 1)[-1]
        line = item.line_of(key) if isinstance(item, Mapping) else getattr(item, "line", None)
        self.problems.append(Problem(self.shown, line, field, message))


def mapping_path(table_path: Path) -> Path:
    """The mapping beside a table: `x.csv` -> `x.yaml`."""
    return table_path.with_suffix(".yaml")


def _check_keys(fields: FieldReader, item: Mapping, allowed: set[str], prefix: str) -> None:
    for key in sorted(set(item) - allowed):
        fields.problem(item, prefix + str(key), f"unknown key (allowed: {', '.join(sorted(allowed))})")


def _choice(fields: FieldReader, item: Mapping, key: str, allowed: tuple[str, ...], prefix: str = "",
            default: str | None = None) -> str | None:
    value = fields.string(item, key, prefix=prefix)
    if value is None:
        return default
    if value not in allowed:
        fields.problem(item, prefix + key, f"{value!r} is not one of {', '.join(allowed)}")
        return default
    return value


def _counting(fields: FieldReader, item, prefix: str) -> dict[str, str]:
    if item is None:
        return {}
    if not isinstance(item, Mapping):
        fields.problems.append(Problem(fields.shown, getattr(item, "line", None), prefix, "expected a mapping"))
        return {}
    _check_keys(fields, item, {"method", "location"}, prefix + ".")
    out = {}
    for key, allowed in (("method", COUNTING_METHODS), ("location", COUNTING_LOCATIONS)):
        v = _choice(fields, item, key, allowed, prefix + ".")
        if v:
            out[key] = v
    return out


def load_mapping(path: Path, shown: str, scheme: dict[str, Indicator], problems: list[Problem]) -> TableMapping | None:
    """Read and check a mapping; problems are appended (none means the mapping is usable)."""
    if not path.is_file():
        problems.append(Problem(shown, None, "mapping", "missing: every table needs a mapping file beside it"))
        return None
    doc = load_yaml(path, shown)
    fields = _Fields(shown, problems)
    before = len(problems)
    if not isinstance(doc, Mapping):
        problems.append(Problem(shown, 1, "mapping", "expected a mapping at the top level"))
        return None
    _check_keys(fields, doc, _TOP_KEYS, "")
    table = fields.string(doc, "table", required=True) or ""
    fmt = _choice(fields, doc, "format", FORMATS, default=(Path(table).suffix.lstrip(".").lower() or "csv"))
    if fmt not in FORMATS:
        fields.problem(doc, "format", f"cannot tell the format of {table!r}; give format: csv|tsv|xlsx")
        fmt = "csv"
    m = TableMapping(path=path, shown=shown, table=table, format=fmt)
    m.encoding = fields.string(doc, "encoding") or "utf-8"
    try:
        "".encode(m.encoding)
    except LookupError:
        fields.problem(doc, "encoding", f"unknown encoding {m.encoding!r}")
    m.sheet = fields.string(doc, "sheet")
    hr = doc.get("header_row", 1)
    if not isinstance(hr, int) or isinstance(hr, bool) or hr < 1:
        fields.problem(doc, "header_row", f"expected a positive integer, got {hr!r}")
    else:
        m.header_row = hr
    m.delimiter = fields.string(doc, "delimiter")
    m.note = fields.string(doc, "note")
    missing = doc.get("missing")
    if missing is not None:
        if not isinstance(missing, list) or not all(isinstance(x, str) for x in missing):
            fields.problem(doc, "missing", "expected a list of strings (the table's markers of a missing value)")
        else:
            m.missing = tuple(missing)

    skip = doc.get("skip")
    if skip is not None:
        if not isinstance(skip, list):
            fields.problem(doc, "skip", "expected a list of {column, pattern, reason}")
            skip = []
        for i, item in enumerate(skip):
            if not isinstance(item, Mapping):
                problems.append(Problem(shown, getattr(skip, "line", None), f"skip[{i}]", "expected a mapping"))
                continue
            _check_keys(fields, item, {"column", "pattern", "reason"}, f"skip[{i}].")
            col = fields.string(item, "column", required=True, prefix=f"skip[{i}].")
            pat = fields.string(item, "pattern", required=True, prefix=f"skip[{i}].")
            reason = fields.string(item, "reason", required=True, prefix=f"skip[{i}].")
            try:
                rx = re.compile(pat or "")
            except re.error as exc:
                fields.problem(item, f"skip[{i}].pattern", f"not a regular expression: {exc}")
                continue
            if col and pat and reason:
                m.skip.append((col, rx, reason))

    subj = doc.get("subject")
    if not isinstance(subj, Mapping):
        fields.problem(doc, "subject", "missing required mapping (id_column or lookup_column, type, parent)")
    else:
        _check_keys(fields, subj, _SUBJECT_KEYS, "subject.")
        m.id_column = fields.string(subj, "id_column", prefix="subject.")
        m.id_prefix = fields.string(subj, "id_prefix", prefix="subject.") or ""
        m.label_column = fields.string(subj, "label_column", prefix="subject.")
        m.lookup_column = fields.string(subj, "lookup_column", prefix="subject.")
        if (m.id_column is None) == (m.lookup_column is None):
            fields.problem(subj, "subject.id_column", "give exactly one of id_column (mint ids from a code column) "
                                                      "or lookup_column (find places by name in the gazetteer)")
        if m.id_column and not m.label_column:
            fields.problem(subj, "subject.label_column", "minted places need a label column")
        m.place_type = _choice(fields, subj, "type", PLACE_TYPES, "subject.", "Place") or "Place"
        m.country = fields.string(subj, "country", prefix="subject.")
        parent = subj.get("parent")
        if parent in PARENT_RULES[:1]:
            m.parent_rule = str(parent)
        elif parent is not None:
            m.parent_rule, m.parent = "fixed", fields.string(subj, "parent", prefix="subject.")
        m.parent_column = fields.string(subj, "parent_column", prefix="subject.")
        if m.parent_column:
            m.parent_rule = "column"

    per = doc.get("period")
    pcols = doc.get("period_columns")
    if pcols is not None:
        if not isinstance(pcols, list) or not pcols:
            fields.problem(doc, "period_columns", "expected a non-empty list of column names, each a period")
        else:
            m.period_columns = [str(c) for c in pcols]
            for c in m.period_columns:
                if err := check_period(c):
                    fields.problem(doc, "period_columns", f"column {c!r} is not a period: {err}")
    elif not isinstance(per, Mapping):
        fields.problem(doc, "period", "missing: give period: {column: ...} or {value: ...}, or period_columns")
    if isinstance(per, Mapping):
        _check_keys(fields, per, {"column", "value", "format"}, "period.")
        m.period_column = fields.string(per, "column", prefix="period.")
        m.period_value = fields.string(per, "value", prefix="period.")
        m.period_format = _choice(fields, per, "format", PERIOD_FORMATS, "period.", "iso") or "iso"
        if (m.period_column is None) == (m.period_value is None):
            fields.problem(per, "period.column", "give exactly one of column or value")
        if m.period_value and (err := check_period(m.period_value)):
            fields.problem(per, "period.value", err)

    values = doc.get("values")
    if not isinstance(values, list) or not values:
        fields.problem(doc, "values", "expected a non-empty list of value columns")
        values = []
    for i, item in enumerate(values):
        prefix = f"values[{i}]."
        if not isinstance(item, Mapping):
            problems.append(Problem(shown, getattr(values, "line", None), f"values[{i}]", "expected a mapping"))
            continue
        _check_keys(fields, item, _VALUE_KEYS, prefix)
        column = fields.string(item, "column", prefix=prefix)
        if column is None and not m.period_columns:
            fields.problem(item, prefix + "column", "missing required field (only a wide table by period "
                                                    "takes its values from period_columns)")
        indicator = fields.string(item, "indicator", required=True, prefix=prefix) or ""
        if indicator and indicator not in scheme:
            fields.problem(item, prefix + "indicator", f"unknown indicator {indicator!r}")
        spec = ValueSpec(column=column, indicator=indicator, line=item.line)
        spec.statistic = _choice(fields, item, "statistic", STATISTICS, prefix, "value") or "value"
        default_unit = scheme[indicator].unit if indicator in scheme else "count"
        spec.unit = _choice(fields, item, "unit", UNITS, prefix, default_unit) or default_unit
        mult = item.get("multiplier")
        if mult is not None and (not isinstance(mult, int) or isinstance(mult, bool) or not 0 <= mult <= 15):
            fields.problem(item, prefix + "multiplier", f"expected a power of ten 0..15, got {mult!r}")
        elif mult:
            spec.multiplier = mult
        spec.scope = fields.string(item, "scope", prefix=prefix) or "none"
        if spec.scope not in SCOPE_LEVELS:
            fields.problem(item, prefix + "scope", f"{spec.scope!r} is not one of {', '.join(SCOPE_LEVELS)}")
        if spec.statistic == "rank" and spec.scope == "none":
            fields.problem(item, prefix + "scope", "a rank needs its peer group (world, country, province, city)")
        spec.ranked_what = fields.string(item, "ranked_what", prefix=prefix)
        spec.counting = _counting(fields, item.get("counting"), prefix + "counting")
        m.values.append(spec)
    if m.period_columns and len(m.values) != 1:
        fields.problem(doc, "values", "a wide table by period has exactly one value spec")

    m.counting = _counting(fields, doc.get("counting"), "counting")
    m.date_basis = _choice(fields, doc, "date_basis", DATE_BASES)
    deline = doc.get("delineation")
    if deline is not None:
        if not isinstance(deline, Mapping):
            fields.problem(doc, "delineation", "expected a mapping {name, vintage}")
        else:
            _check_keys(fields, deline, {"name", "vintage"}, "delineation.")
            m.delineation = {k: str(v) for k, v in deline.items() if isinstance(k, str)}
    m.patent_type = _choice(fields, doc, "patent_type", PATENT_TYPES, default="none") or "none"
    return m if len(problems) == before else None
