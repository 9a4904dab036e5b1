"""Relations and events stated by common phrasings (affiliate/subsidiary of, located in, released, joined
hands with, selected for, founded in)."""

from __future__ import annotations


def extract_relations(st) -> None:
    """Filled in below; kept separate so figure extraction never depends on it."""
    return None
