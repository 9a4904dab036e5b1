"""Table sources -> FactSets of origin "table": one observation per good cell, a report line per bad one.

Places resolve to the same IRIs as text: a place looked up by name is the gazetteer's entity; a place minted
from a code column (a US metro area's CBSA code) gets a stable id `<prefix><code>`, its label from the table and
the other spellings (other delineation vintages) as aliases, and sits in its (first) state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError, Problem
from ..loaders.curated import LoadedFile
from ..loaders.sources import _display
from ..loaders.yamlpos import load_yaml
from ..model import PLACE_TYPES, Entity, FactSet, Indicator, Locator, Observation, Source
from .mapping import TableMapping, ValueSpec, load_mapping, mapping_path
from .reader import has_undecodable, read_header_and_rows

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_USPS_SUFFIX = re.compile(r",\s*([A-Z]{2}(?:-[A-Z]{2})*)\s*$")


@dataclass(frozen=True)
class RowIssue:
    """A cell or row the table states that could not be ingested (contracts: table bad row, exit 0)."""

    file: str
    row: int
    column: str
    reason: str
    raw: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.reason}" + (f" ({self.raw!r})" if self.raw else "")


@dataclass
class TableFactSet(FactSet):
    """A FactSet with the table's bad cells and the mapping's counting conventions."""

    issues: list[RowIssue] = field(default_factory=list)
    mapping: TableMapping | None = None
    rows_read: int = 0


@dataclass
class PlaceIndex:
    """Gazetteer places by (type, casefolded name) and US states by USPS code."""

    by_name: dict[tuple[str, str], str] = field(default_factory=dict)
    any_type: dict[str, list[str]] = field(default_factory=dict)
    usps: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, entities: list[Entity], reference_paths: list[Path]) -> PlaceIndex:
        idx = cls()
        for ent in entities:
            if ent.type not in PLACE_TYPES:
                continue
            for name in [*ent.labels.values(), *ent.aliases, ent.id]:
                idx.by_name.setdefault((ent.type, name.casefold()), ent.id)
                ids = idx.any_type.setdefault(name.casefold(), [])
                if ent.id not in ids:
                    ids.append(ent.id)
        for path in reference_paths:
            doc = load_yaml(path, _display(path))
            for item in (doc.get("places") or []) if isinstance(doc, dict) else []:
                if isinstance(item, dict) and item.get("usps") and item.get("id"):
                    idx.usps[str(item["usps"])] = str(item["id"])
        return idx

    def find(self, name: str, place_type: str) -> str | None:
        key = name.strip().casefold()
        if place_type != "Place":
            return self.by_name.get((place_type, key))
        ids = self.any_type.get(key, [])
        return ids[0] if len(ids) == 1 else None


def parse_cell(text: str, missing: tuple[str, ...]) -> tuple[Decimal | None, str | None]:
    """A numeric cell -> (value, None) or (None, reason)."""
    t = text.strip().replace("\u00a0", "").replace("\u202f", "")
    if not t:
        return None, "empty cell"
    if has_undecodable(t):
        return None, "undecodable bytes"
    if "\ufffd" in t:
        return None, "text holds U+FFFD (a character lost before publication)"
    if t in missing:
        return None, f"missing value ({t})"
    if _GROUPED.match(t):
        t = t.replace(",", "")
    if not _NUMBER.match(t):
        return None, "not a number"
    try:
        value = Decimal(t)
    except InvalidOperation:
        return None, "not a number"
    return value, None


def _period_of(raw: str, fmt: str) -> str | None:
    t = raw.strip()
    if fmt == "year_range":
        m = re.fullmatch(r"(\d{4})\s*[-–/]\s*(\d{4})", t)
        return f"{m.group(1)}/{m.group(2)}" if m else None
    if fmt == "year":
        m = re.fullmatch(r"(\d{4})(\.0)?", t)
        return m.group(1) if m else None
    from ..periods import check_period

    return None if check_period(t) else t


class _TableLoader:
    def __init__(self, src: Source, data_dir: Path, mapping: TableMapping, places: PlaceIndex,
                 registry: dict[str, Entity], minted: dict[str, Entity]):
        self.src = src
        self.mapping = mapping
        self.places = places
        self.registry = registry
        self.file = src.path  # provenance: the table's path under data/
        self.fs = TableFactSet(source=src, origin="table", mapping=mapping)
        self.minted = minted  # shared by all tables: a place is emitted once, by the first table naming it
        self.mine: set[str] = set()

    def issue(self, row: int, column: str, reason: str, raw: str = "") -> None:
        self.fs.issues.append(RowIssue(self.file, row, column, reason, raw))

    # -- subjects ------------------------------------------------------------------------------------------
    def subject(self, row) -> str | None:
        m = self.mapping
        cells = row.cells
        if m.lookup_column:
            name = cells.get(m.lookup_column, "")
            if bad := self._text_problem(name):
                self.issue(row.number, m.lookup_column, bad, name)
                return None
            found = self.places.find(name, m.place_type)
            if found is None:
                self.issue(row.number, m.lookup_column, f"no {m.place_type} named {name.strip()!r} in the gazetteer",
                           name)
            return found
        code = cells.get(m.id_column or "", "").strip()
        label = cells.get(m.label_column or "", "").strip()
        for col, text in ((m.id_column, code), (m.label_column, label)):
            if bad := self._text_problem(text):
                self.issue(row.number, col or "", bad, text)
                return None
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", code):
            self.issue(row.number, m.id_column or "", "not a usable code", code)
            return None
        eid = (m.id_prefix + code).lower().replace("_", "-").replace(".", "-")
        ent = self.minted.get(eid)
        if ent is None:
            parent, note = self._parent(row, label)
            if parent is None:
                return None
            ent = Entity(id=eid, type=m.place_type, labels={"en": label}, located_in=parent, description=note,
                         source=self.src.id, origin="table", locator=Locator(self.file, row.number, m.id_column))
            self.minted[eid] = ent
            self.mine.add(eid)
        elif label and label != ent.labels["en"] and label not in ent.aliases:
            ent.aliases.append(label)
        return eid

    def _parent(self, row, label: str) -> tuple[str | None, str | None]:
        m = self.mapping
        if m.parent_rule == "fixed":
            return m.parent, None
        if m.parent_rule == "column":
            name = row.cells.get(m.parent_column or "", "")
            found = self.places.find(name, "Place")
            if found is None:
                self.issue(row.number, m.parent_column or "", "parent place not in the gazetteer", name)
            return found, None
        match = _USPS_SUFFIX.search(label)
        if not match:
            self.issue(row.number, m.label_column or "", "no state code after the last comma", label)
            return None, None
        codes = match.group(1).split("-")
        unknown = [c for c in codes if c not in self.places.usps]
        if unknown:
            self.issue(row.number, m.label_column or "", f"unknown state code {'-'.join(unknown)}", label)
            return None, None
        note = None
        if len(codes) > 1:
            names = [self.registry[self.places.usps[c]].label if self.places.usps[c] in self.registry else c
                     for c in codes]
            note = (f"Spans {len(codes)} states ({', '.join(names)}); located in its first state, "
                    f"as the area's name lists it.")
        return self.places.usps[codes[0]], note

    @staticmethod
    def _text_problem(text: str) -> str | None:
        if not text.strip():
            return "empty cell"
        if has_undecodable(text):
            return "undecodable bytes"
        if "\ufffd" in text:
            return "text holds U+FFFD (a character lost before publication)"
        return None

    # -- rows ----------------------------------------------------------------------------------------------
    def observation(self, row, subject: str, spec: ValueSpec, column: str, period: str) -> None:
        raw = row.cells.get(column)
        if raw is None:
            self.issue(row.number, column, "row has no such cell (short row)")
            return
        value, reason = parse_cell(raw, self.mapping.missing)
        if reason:
            self.issue(row.number, column, reason, raw.strip())
            return
        self.fs.observations.append(Observation(
            subject=subject, indicator=spec.indicator, statistic=spec.statistic, value=value, unit=spec.unit,
            period=period, scope=spec.scope, ranked_what=spec.ranked_what or (
                spec.indicator if spec.statistic == "rank" else None),
            scope_area=None, published=raw.strip(), multiplier=spec.multiplier,
            table_cell=Locator(self.file, row.number, column), source=self.src.id, origin="table",
            locator=Locator(self.file, row.number, column)))

    def run(self, path: Path) -> TableFactSet:
        m = self.mapping
        header, rows = read_header_and_rows(path, m)
        needed = [c for c in (m.id_column, m.label_column, m.lookup_column, m.parent_column, m.period_column)
                  if c] + [s.column for s in m.values if s.column] + m.period_columns + [c for c, _r, _x in m.skip]
        missing = [c for c in needed if c not in header]
        if missing:
            raise InputError(Problem(m.shown, None, "columns",
                                     f"{path.name} has no column(s) {', '.join(missing)} "
                                     f"(header: {', '.join(header)})"))
        for row in rows:
            self.fs.rows_read += 1
            bad_text = [(c, t) for c, t in row.cells.items() if has_undecodable(t)]
            if bad_text:
                # the whole row: a lost byte may sit in any field, we cannot trust the row's identity
                for c, t in bad_text:
                    self.issue(row.number, c, "undecodable bytes", t.encode("utf-8", "surrogateescape")
                               .decode("latin-1"))
                continue
            skipped = next(((c, r) for c, rx, r in m.skip if rx.search(row.cells.get(c, ""))), None)
            if skipped:
                self.issue(row.number, skipped[0], f"skipped by the mapping: {skipped[1]}",
                           row.cells.get(skipped[0], ""))
                continue
            subject = self.subject(row)
            if subject is None:
                continue
            if m.period_columns:
                for col in m.period_columns:
                    self.observation(row, subject, m.values[0], col, col)
                continue
            if m.period_value:
                period = m.period_value
            else:
                raw_period = row.cells.get(m.period_column or "", "")
                period = _period_of(raw_period, m.period_format)
                if period is None:
                    self.issue(row.number, m.period_column or "", "not a period", raw_period)
                    continue
            for spec in m.values:
                self.observation(row, subject, spec, spec.column or "", period)
        self.fs.entities = [self.minted[k] for k in sorted(self.mine)]
        for ent in self.minted.values():
            ent.aliases.sort()
        return self.fs


def load_table_source(src: Source, data_dir: Path, scheme: dict[str, Indicator], places: PlaceIndex,
                      registry: dict[str, Entity], problems: list[Problem],
                      minted: dict[str, Entity] | None = None) -> TableFactSet | None:
    """One registered table with its mapping; mapping problems are appended, bad rows kept in `issues`."""
    path = data_dir / src.path
    mpath = mapping_path(path)
    mapping = load_mapping(mpath, _display(mpath), scheme, problems)
    if mapping is None:
        return None
    if Path(mapping.table).name != path.name:
        problems.append(Problem(mapping.shown, None, "table",
                                f"maps {mapping.table!r} but sits beside {path.name!r}"))
        return None
    for pid in [p for p in (mapping.parent, mapping.country) if p]:
        if pid not in registry:
            problems.append(Problem(mapping.shown, None, "subject.parent", f"unknown place {pid!r}"))
            return None
    try:
        return _TableLoader(src, data_dir, mapping, places, registry, {} if minted is None else minted).run(path)
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def load_tables(data_dir: Path, sources: dict[str, Source], scheme: dict[str, Indicator],
                loaded: list[LoadedFile], problems: list[Problem]) -> list[LoadedFile]:
    """Every `kind: table` source (hook of `load_project`, after the curated files)."""
    tables = [s for s in sources.values() if s.kind == "table"]
    if not tables:
        return []
    entities = [e for lf in loaded for e in lf.facts.entities]
    registry = {e.id: e for e in entities}
    refs = [data_dir / s.path for s in sources.values() if s.kind == "reference"]
    places = PlaceIndex.build(entities, refs)
    out = []
    minted: dict[str, Entity] = {}
    for src in sorted(tables, key=lambda s: s.id):
        fs = load_table_source(src, data_dir, scheme, places, registry, problems, minted)
        if fs is not None:
            out.append(LoadedFile(fs))
    return out
