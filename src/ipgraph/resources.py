"""Where the ontology, shapes and QC queries live: the repository's `ontology/` (or IPGRAPH_ONTOLOGY)."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import IpgraphError


def ontology_dir() -> Path:
    env = os.environ.get("IPGRAPH_ONTOLOGY")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [here.parent / "ontology", here.parents[2] / "ontology"]
    for c in candidates:
        if (c / "ipgraph.ttl").is_file():
            return c
    raise IpgraphError("ontology/ipgraph.ttl not found (set IPGRAPH_ONTOLOGY to the ontology folder)")


def ontology_files() -> list[Path]:
    """The DL ontology (the one edited file); alignments are kept apart (contracts: reasoning view)."""
    return [ontology_dir() / "ipgraph.ttl"]


def alignment_file() -> Path:
    return ontology_dir() / "alignment.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def qc_queries() -> list[Path]:
    return sorted((ontology_dir() / "qc").glob("*-violation.rq"))
