"""The indicator scheme and lexicon: shipped `ipgraph/data/indicators.yaml`, extended by `data/indicators.yaml`."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from ..errors import InputError, Problem
from ..model import UNITS, Indicator
from .yamlpos import load_yaml

KINDS = ("stock", "flow", "edition", "stock/flow")


def _parse(doc, shown: str) -> list[Indicator]:
    problems: list[Problem] = []
    items = doc.get("indicators") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise InputError(Problem(shown, getattr(doc, "line", 1), "indicators", "expected a list `indicators:`"))
    out = []
    for item in items:
        if not isinstance(item, dict) or "id" not in item:
            problems.append(Problem(shown, getattr(item, "line", None), "id", "indicator without id"))
            continue
        out.append(indicator_from_mapping(item, shown, problems))
    if problems:
        raise InputError(problems)
    return out


def indicator_from_mapping(item, shown: str, problems: list[Problem], needs_review: bool = False) -> Indicator:
    label = item.get("label", item["id"].replace("_", " "))
    labels = dict(label) if isinstance(label, dict) else {"en": str(label)}
    for lang in labels:
        if not re.match(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$", str(lang)):
            problems.append(Problem(shown, item.line_of("label"), "label",
                                    f"{lang!r} is not a language tag (quote labels holding commas)"))
    for syn in item.get("synonyms", []) or []:
        if not isinstance(syn, str) or re.match(r"^\d{3}\b", syn):
            problems.append(Problem(shown, item.line_of("synonyms"), "synonyms",
                                    f"{syn!r} looks like a phrase split at a thousands comma: quote it"))
    unit = str(item.get("unit", "count"))
    if unit not in UNITS:
        problems.append(Problem(shown, item.line_of("unit"), "unit", f"unknown unit {unit!r} (known: {', '.join(UNITS)})"))
    kind = str(item.get("kind", "flow"))
    if kind not in KINDS:
        problems.append(Problem(shown, item.line_of("kind"), "kind", f"unknown kind {kind!r}"))
    return Indicator(
        id=str(item["id"]), labels=labels, unit=unit, kind=kind,
        synonyms=[str(s) for s in item.get("synonyms", []) or []],
        needs_review=bool(item.get("needs_review", needs_review)),
        broader=item.get("broader"),
    )


def load_indicator_scheme(data_dir: Path | None = None) -> dict[str, Indicator]:
    """The shipped scheme plus a project's own additions; the result is ordered by id."""
    shipped = resources.files("ipgraph").joinpath("data/indicators.yaml")
    with resources.as_file(shipped) as path:
        indicators = _parse(load_yaml(path, "ipgraph/data/indicators.yaml"), "ipgraph/data/indicators.yaml")
    scheme = {i.id: i for i in indicators}
    if data_dir is not None and (data_dir / "indicators.yaml").exists():
        extra_path = data_dir / "indicators.yaml"
        for ind in _parse(load_yaml(extra_path), str(extra_path)):
            scheme[ind.id] = ind
    return dict(sorted(scheme.items()))
