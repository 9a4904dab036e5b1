"""Finding verbatim quotes in source texts, with whitespace-insensitive matching and code-point offsets."""

from __future__ import annotations

import re
from functools import lru_cache

from .model import Quote

CONTEXT = 32
_WS = re.compile(r"\s+")


class NormalisedText:
    """A text with whitespace runs collapsed to one space, and a map back to the original offsets."""

    def __init__(self, text: str):
        self.original = text
        chars: list[str] = []
        index: list[int] = []
        in_ws = False
        for i, ch in enumerate(text):
            if ch.isspace():
                if not in_ws:
                    chars.append(" ")
                    index.append(i)
                in_ws = True
            else:
                chars.append(ch)
                index.append(i)
                in_ws = False
        self.text = "".join(chars)
        self.index = index

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Every (start, end) in the original text where `quote` occurs, whitespace-normalised."""
        needle = normalise_ws(quote)
        if not needle:
            return []
        spans = []
        pos = self.text.find(needle)
        while pos >= 0:
            start = self.index[pos]
            end = self.index[pos + len(needle) - 1] + 1
            spans.append((start, end))
            pos = self.text.find(needle, pos + 1)
        return spans


def normalise_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


@lru_cache(maxsize=64)
def normalised(text: str) -> NormalisedText:
    return NormalisedText(text)


def make_quote(source_id: str, text: str, start: int, end: int) -> Quote:
    return Quote(
        source=source_id, start=start, end=end, text=text[start:end],
        prefix=text[max(0, start - CONTEXT):start], suffix=text[end:end + CONTEXT],
    )


def locate(source_id: str, text: str, quote: str) -> Quote | None:
    """The first occurrence of `quote` in `text` as a Quote, or None when it does not occur."""
    spans = normalised(text).find_all(quote)
    if not spans:
        return None
    start, end = spans[0]
    return make_quote(source_id, text, start, end)
