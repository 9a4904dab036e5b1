"""Text preparation: HTML to text, sentence and paragraph spans with code-point offsets into the text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header",
          "footer", "title", "time", "ul", "ol", "table", "blockquote"}


class _Stripper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: str | None = None
        self.date: str | None = None
        self._in_title = False
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style", "noscript", "template"):
            self.skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "time" and a.get("datetime") and not self.date:
            self.date = a["datetime"]
        if tag == "meta" and not self.date:
            name = (a.get("name") or a.get("property") or "").lower()
            if name in ("date", "article:published_time", "pubdate", "dc.date", "publishdate") and a.get("content"):
                self.date = a["content"]
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template") and self.skip:
            self.skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.skip:
            return
        if self._in_title:
            self.title = (self.title or "") + data
        self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(?:html|body|p|div|title|head|!doctype)\b", text[:4000], re.I))


@dataclass
class Document:
    text: str
    title: str | None = None
    date: str | None = None


def html_to_text(markup: str) -> Document:
    """Strip markup, scripts and styles; keep paragraphs as blank-line separated blocks."""
    p = _Stripper()
    p.feed(markup)
    p.close()
    raw = html.unescape("".join(p.parts))
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    date = None
    if p.date:
        m = re.match(r"\d{4}-\d{2}-\d{2}", p.date.strip())
        date = m.group(0) if m else None
    title = " ".join(p.title.split()) if p.title else None
    return Document(text, title, date)


def plain_document(text: str) -> Document:
    """A text file: the title is its first non-empty line, the date an ISO date alone on an early line."""
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), None)
    date = None
    for ln in text.splitlines()[:8]:
        m = re.match(r"^\s*(\d{4}-\d{2}-\d{2})(?:\s+\d{1,2}:\d{2})?\s*$", ln)
        if m:
            date = m.group(1)
            break
    return Document(text, title, date)


_ABBREV = re.compile(r"(?:\b(?:Co|Ltd|No|Inc|Corp|Mr|Ms|Dr|St|U\.S|e\.g|i\.e|etc|vs|approx)\.)$", re.I)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of blank-line separated blocks."""
    out = []
    for m in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        if m.group(0).strip():
            out.append((m.start(), m.end()))
    return out


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside [start, end): splits after . ! ? ; even with no space ("Office).By"), not inside
    decimals ("12.34"), abbreviations ("Co., Ltd.") or before a lower-case continuation with no space."""
    key = (start, end)
    if _SENT_CACHE[0] is text and key in _SENT_CACHE[1]:
        return list(_SENT_CACHE[1][key])
    spans = []
    s = start
    i = start
    while i < end:
        nm = _BOUNDARY.search(text, i, end)  # jump to the next possible boundary instead of stepping
        if nm is None:
            break
        i = nm.start()
        ch = text[i]
        if ch in ".!?;。；" or ch == "\n":
            nxt = text[i + 1] if i + 1 < end else ""
            prev = text[i - 1] if i > start else ""
            split = False
            if ch == "\n":
                split = True
            elif ch == "." and prev.isdigit() and nxt.isdigit():
                split = False
            elif ch == "." and _ABBREV.search(text[max(start, i - 6):i + 1]):
                split = False
            elif nxt == "" or nxt.isspace():
                split = True
            elif nxt.isupper() or nxt in "\"“'❖(":
                split = True
            if split:
                j = i + 1
                while j < end and text[j] in "\"”'’)":
                    j += 1
                if text[s:j].strip():
                    spans.append(_trim(text, s, j))
                s = j
                i = j
                continue
        i += 1
    if text[s:end].strip():
        spans.append(_trim(text, s, end))
    if _SENT_CACHE[0] is not text:
        _SENT_CACHE[0], _SENT_CACHE[1] = text, {}
    _SENT_CACHE[1][key] = tuple(spans)
    return spans


_BOUNDARY = re.compile(r"[.!?;。；\n]")
_SENT_CACHE: list = [None, {}]  # the last text and its sentence spans per range (extraction and relations both ask)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in "❖•·"):
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
