"""`data/sources.yaml`: the registry of documents, reference files and tables."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..errors import InputError, Problem
from ..model import Locator, Source
from ..periods import check_period
from .yamlpos import Mapping, load_yaml, read_text

SOURCE_KINDS = ("article", "reference", "table")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_OPTIONAL = ("publisher", "url", "retrieved", "language", "original_language", "translated_by", "licence",
             "focus", "note")


class FieldReader:
    """Reads typed fields out of a YAML mapping, collecting `file:line: field: message` problems."""

    def __init__(self, shown: str, problems: list[Problem]):
        self.shown = shown
        self.problems = problems

    def problem(self, item: Mapping | None, field: str, message: str) -> None:
        line = item.line_of(field) if isinstance(item, Mapping) else getattr(item, "line", None)
        self.problems.append(Problem(self.shown, line, field, message))

    def string(self, item: Mapping, field: str, required: bool = False, prefix: str = "") -> str | None:
        value = item.get(field)
        if value is None:
            if required:
                self.problem(item, prefix + field, "missing required field")
            return None
        if isinstance(value, (dict, list)) or isinstance(value, bool):
            self.problem(item, prefix + field, f"expected a string, got {type(value).__name__}")
            return None
        return str(value)

    def mapping_list(self, doc, field: str) -> list[Mapping]:
        if not isinstance(doc, Mapping):
            self.problems.append(Problem(self.shown, getattr(doc, "line", 1), field,
                                         "expected a mapping at the top level"))
            return []
        value = doc.get(field, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(doc, field, f"expected a list, got {type(value).__name__}")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                self.problems.append(Problem(self.shown, getattr(value, "line", None), f"{field}[{i}]",
                                             "expected a mapping"))
            else:
                out.append(item)
        return out


def load_sources(data_dir: Path) -> list[Source]:
    """Every registered source, its text read and hashed; all problems reported at once."""
    path = data_dir / "sources.yaml"
    shown = _display(path)
    if not path.exists():
        raise InputError(Problem(shown, None, "file", "missing: every data folder registers its sources here"))
    doc = load_yaml(path, shown)
    problems: list[Problem] = []
    fields = FieldReader(shown, problems)
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for item in fields.mapping_list(doc, "sources"):
        sid = fields.string(item, "id", required=True)
        if sid is None:
            continue
        if not ID_RE.match(sid):
            fields.problem(item, "id", f"{sid!r} must be lower-case letters, digits and '-'")
            continue
        if sid in seen:
            fields.problem(item, "id", f"duplicate source id {sid!r} (first at line {seen[sid]})")
            continue
        seen[sid] = item.line_of("id")
        kind = fields.string(item, "kind") or "article"
        if kind not in SOURCE_KINDS:
            fields.problem(item, "kind", f"unknown kind {kind!r} (one of {', '.join(SOURCE_KINDS)})")
        title = fields.string(item, "title", required=True) or ""
        rel = fields.string(item, "path", required=True)
        date = fields.string(item, "date", required=kind == "article")
        if date is not None and (err := check_period(date)):
            fields.problem(item, "date", err)
        src = Source(id=sid, kind=kind, title=title, path=rel or "", date=date,
                     locator=Locator(shown, item.line))
        for name in _OPTIONAL:
            setattr(src, name, fields.string(item, name))
        if rel:
            file = (data_dir / rel)
            if not file.is_file():
                fields.problem(item, "path", f"no such file {rel!r} under {data_dir}")
            else:
                src.sha256 = _sha256_file(file)
                if kind == "article":
                    try:
                        src.text = read_text(file, _display(file))
                    except InputError as exc:
                        problems.extend(exc.problems)
        sources.append(src)
    if problems:
        raise InputError(problems)
    return sorted(sources, key=lambda s: s.id)


def _sha256_file(path: Path) -> str:
    """Streamed, so that a large table is hashed without being held in memory."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
