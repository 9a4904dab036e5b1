"""Stable IRIs (decision 0001): the same name or key gives the same IRI in every build and process."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from .model import ENTITY_KINDS

BASE = "https://w3id.org/ipgraph/"


def slugify(name: str) -> str:
    """NFC, lower-case, runs of non-alphanumerics to '-', non-ASCII percent-encoded ('L'Oréal' -> 'l-or%C3%A9al')."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = re.sub(r"[\W_]+", "-", text, flags=re.UNICODE).strip("-")
    if not text:
        text = "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return quote(text, safe="-")


def entity_iri(entity_id: str, entity_type: str) -> str:
    return f"{BASE}id/{ENTITY_KINDS[entity_type]}/{entity_id}"


def mint_iri(kind: str, name: str) -> str:
    """An IRI for an entity known only by its name (extraction)."""
    return f"{BASE}id/{kind}/{slugify(name)}"


def key_hash(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]
