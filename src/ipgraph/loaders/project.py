"""Loading a whole data folder: sources, reference gazetteers, curated files, then cross-file checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Problem
from ..model import ENTITY_KINDS, Entity, FactSet, Indicator, Source
from .curated import LoadedFile, Reference, load_curated_file, load_reference_file
from .indicators import load_indicator_scheme
from .sources import _display, load_sources


@dataclass
class Project:
    """Everything a build needs, checked: the typed facts of every source and the merged entity registry."""

    data_dir: Path
    sources: dict[str, Source]
    scheme: dict[str, Indicator]
    factsets: list[FactSet]
    entities: dict[str, Entity] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def factset(self, source_id: str) -> FactSet | None:
        return next((f for f in self.factsets if f.source.id == source_id), None)


def _merge_entity(registry: dict[str, Entity], ent: Entity, problems: list[Problem]) -> None:
    known = registry.get(ent.id)
    if known is None:
        registry[ent.id] = Entity(**{**ent.__dict__, "aliases": list(ent.aliases), "labels": dict(ent.labels)})
        return
    if known.type != ent.type and ENTITY_KINDS[known.type] != ENTITY_KINDS[ent.type]:
        loc = ent.locator
        problems.append(Problem(loc.file if loc else "?", loc.line if loc else None, "type",
                                f"entity {ent.id!r} is a {ent.type} here but a {known.type} in "
                                f"{known.locator.file if known.locator else '?'}"))
        return
    for lang, label in ent.labels.items():
        if lang not in known.labels:
            known.labels[lang] = label
        elif known.labels[lang] != label and label not in known.aliases:
            known.aliases.append(label)
    known.aliases = sorted(set(known.aliases) | set(ent.aliases))
    for attr in ("located_in", "founded", "date", "place", "description", "wikidata", "geonames"):
        if getattr(known, attr) is None and getattr(ent, attr) is not None:
            setattr(known, attr, getattr(ent, attr))


def _check_references(refs: list[Reference], registry: dict[str, Entity], problems: list[Problem]) -> None:
    for ref in refs:
        ent = registry.get(ref.id)
        if ent is None:
            problems.append(Problem(ref.file, ref.line, ref.field, f"unknown entity {ref.id!r}"))
        elif ref.expect_types and ent.type not in ref.expect_types:
            problems.append(Problem(ref.file, ref.line, ref.field,
                                    f"{ref.id!r} is a {ent.type}, expected {' or '.join(ref.expect_types)}"))


Extractor = Callable[[Source, "Project"], FactSet]


def load_project(data_dir: Path | str, extractor: Extractor | None = None) -> Project:
    """Read and check a data folder. Raises InputError listing every problem found (exit code 2)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(Problem(str(data_dir), None, "data", "not a directory"))
    scheme = load_indicator_scheme(data_dir)
    sources = {s.id: s for s in load_sources(data_dir)}
    problems: list[Problem] = []
    loaded: list[LoadedFile] = []
    for src in sources.values():
        if src.kind == "reference":
            path = data_dir / src.path
            try:
                loaded.append(load_reference_file(path, _display(path), src, problems))
            except InputError as exc:
                problems.extend(exc.problems)
    curated_dir = data_dir / "curated"
    curated_files = sorted(curated_dir.glob("*.yaml")) + sorted(curated_dir.glob("*.yml")) if curated_dir.is_dir() else []
    curated_sources: dict[str, str] = {}
    for path in curated_files:
        shown = _display(path)
        try:
            lf = load_curated_file(path, shown, sources, scheme, problems)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if lf is None:
            continue
        sid = lf.facts.source.id
        if sid in curated_sources:
            problems.append(Problem(shown, 1, "source", f"source {sid!r} is already curated in {curated_sources[sid]}"))
            continue
        curated_sources[sid] = shown
        loaded.append(lf)
    from ..tables import load_tables  # tables need the gazetteer's places: after reference and curated files

    loaded += load_tables(data_dir, sources, scheme, loaded, problems)
    registry: dict[str, Entity] = {}
    for lf in loaded:
        for ent in lf.facts.entities:
            _merge_entity(registry, ent, problems)
    full_scheme = dict(scheme)
    for lf in loaded:
        for ind in lf.facts.indicators:
            full_scheme.setdefault(ind.id, ind)
    _check_references([r for lf in loaded for r in lf.references], registry, problems)
    if problems:
        raise InputError(sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message)))
    project = Project(data_dir, sources, dict(sorted(full_scheme.items())),
                      [lf.facts for lf in loaded], dict(sorted(registry.items())))
    if extractor is not None:
        for src in sources.values():
            if src.kind == "article" and src.id not in curated_sources:
                project.factsets.append(extractor(src, project))
    project.factsets.sort(key=lambda f: (f.origin != "reference", f.source.id))
    return project
