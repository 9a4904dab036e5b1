"""Reading table files row by row (CSV, TSV, XLSX) without losing track of bad bytes.

Text is decoded with `surrogateescape`, so an undecodable byte survives as a lone surrogate in its cell and the
row can be reported (`file:row:column`, "undecodable bytes") instead of failing the whole file or being
silently replaced.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from .mapping import TableMapping


@dataclass
class Row:
    number: int  # 1-based line (CSV/TSV: the record's first physical line; XLSX: the sheet row)
    cells: dict[str, str]


def has_undecodable(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def read_header_and_rows(path: Path, mapping: TableMapping) -> tuple[list[str], Iterator[Row]]:
    if mapping.format == "xlsx":
        return _xlsx(path, mapping)
    raw = path.read_bytes()
    text = raw.decode(mapping.encoding, errors="surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = mapping.delimiter or ("\t" if mapping.format == "tsv" else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    for rec in reader:
        if reader.line_num >= mapping.header_row:
            header = [h.strip() for h in rec]
            break
    line = reader.line_num + 1
    if header is None:
        raise InputError(Problem(mapping.shown, None, "header_row", f"{path.name} has no row {mapping.header_row}"))

    def rows() -> Iterator[Row]:
        start = line
        for rec in reader:
            if not rec or all(not c.strip() for c in rec):
                start = reader.line_num + 1
                continue
            cells = {header[i] if i < len(header) else f"#{i + 1}": c for i, c in enumerate(rec)}
            yield Row(start, cells)
            start = reader.line_num + 1

    return header, rows()


def _xlsx(path: Path, mapping: TableMapping) -> tuple[list[str], Iterator[Row]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    if mapping.sheet and mapping.sheet not in wb.sheetnames:
        raise InputError(Problem(mapping.shown, None, "sheet", f"no sheet {mapping.sheet!r} in {path.name} "
                                                               f"(sheets: {', '.join(wb.sheetnames)})"))
    ws = wb[mapping.sheet] if mapping.sheet else wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header: list[str] = []
    for n, values in enumerate(it, start=1):
        if n == mapping.header_row:
            header = [_cell_text(v).strip() for v in values]
            break

    def rows() -> Iterator[Row]:
        for n, values in enumerate(it, start=mapping.header_row + 1):
            texts = [_cell_text(v) for v in values]
            if all(not t.strip() for t in texts):
                continue
            yield Row(n, {header[i] if i < len(header) else f"#{i + 1}": t for i, t in enumerate(texts)})
        wb.close()

    return header, rows()


def _cell_text(value) -> str:
    """A spreadsheet value as the text a CSV would hold (integers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
