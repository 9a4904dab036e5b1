"""Bad curated input: one line per problem naming file:line and field, exit code 2, previous exports untouched."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from ..conftest import run_cli, seed_data_copy

CURATED = "data/curated/nanjing-ip-2023.yaml"


def _digest(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder with a copy of data/ and a previous good build in exports/."""
    ws = tmp_path_factory.mktemp("ws")
    seed_data_copy(ws / "data")
    run_cli("--quiet", "build", "--data", "data", "--out", "exports", "--no-reasoner", cwd=ws, check=True)
    return ws


def _break(ws: Path, rel: str, old: str, new: str, count: int = 1) -> int:
    """Replace `old` by `new` in a file of the workspace; returns the 1-based line of the change."""
    path = ws / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drift: {old!r} not in {rel}"
    idx = text.index(old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return text[:idx].count("\n") + 1


CASES = [
    # (name, file, old, new, field, message fragment)
    ("missing field", CURATED, "    indicator: effective_patents\n", "", "indicator", "missing required field"),
    ("unknown entity", CURATED, "  - subject: cibo-bio\n    predicate: affiliate_of", "  - subject: atlantis-corp\n    predicate: affiliate_of",
     "subject", "unknown entity 'atlantis-corp'"),
    ("quote not in source", CURATED, '"Cibo Bio, an important affiliate of Centaurus Pharmaceuticals"',
     '"Cibo Bio, a minor affiliate of Centaurus Pharmaceuticals"', "quote", "not found in source"),
    ("number not in quote", CURATED, "value: 410664", "value: 410665", "value", "does not match the published"),
    ("duplicate id", CURATED, "  - id: centaurus-pharmaceuticals\n", "  - id: cibo-bio\n", "id", "duplicate entity id"),
    ("bad date", CURATED, "date: 2024-02-26", "date: 2024-02-30", "date", "not a valid date"),
    ("unknown indicator", CURATED, "indicator: effective_patents\n", "indicator: effective_patentz\n", "indicator",
     "unknown indicator"),
    ("unknown unit", CURATED, "unit: per_10k_people", "unit: per_capita", "unit", "unknown unit"),
    ("malformed yaml", CURATED, "source: nanjing-ip-2023\n", "source: nanjing-ip-2023\n  - : [\n", "yaml", "syntax error"),
    ("unknown source", CURATED, "source: nanjing-ip-2023\n", "source: nanjing-ip-2099\n", "source", "unknown source id"),
    ("sources missing path", "data/sources.yaml", "path: sources/nanjing-ip-2023.txt", "path: sources/missing.txt",
     "path", "no such file"),
]


@pytest.mark.parametrize(("name", "rel", "old", "new", "field", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_and_exports_kept(workspace, tmp_path, name, rel, old, new, field, fragment):
    ws = tmp_path / "ws"
    shutil.copytree(workspace / "data", ws / "data")
    line = _break(ws, rel, old, new)
    before = _digest(workspace / "exports")
    target_before = os.readlink(workspace / "exports")
    proc = run_cli("build", "--data", str(ws / "data"), "--out", str(workspace / "exports"), "--no-reasoner",
                   cwd=ws)
    assert proc.returncode == 2, proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if not ln.startswith("ipgraph: ")]
    assert errors, proc.stderr
    pattern = re.compile(rf"^{re.escape(rel)}:(\d+): {re.escape(field)}: .*{re.escape(fragment)}")
    matches = [pattern.match(e) for e in errors]
    assert any(matches), f"no line like {rel}:N: {field}: ...{fragment}... in:\n{proc.stderr}"
    lines = {int(m.group(1)) for m in matches if m}
    # the reported line is the broken line or the start of the mapping that holds it (a few lines above)
    assert any(-2 <= line - n <= 12 for n in lines), (line, lines)
    assert "Traceback" not in proc.stderr
    assert os.readlink(workspace / "exports") == target_before
    assert _digest(workspace / "exports") == before


def test_non_utf8_file(workspace, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(workspace / "data", ws / "data")
    path = ws / CURATED
    raw = path.read_bytes()
    bad_line = raw[:200].count(b"\n") + 1
    path.write_bytes(raw[:200] + b"\xe9" + raw[200:])
    proc = run_cli("build", "--data", "data", "--out", str(workspace / "exports"), "--no-reasoner", cwd=ws)
    assert proc.returncode == 2
    assert re.search(rf"^{re.escape(CURATED)}:{bad_line}: encoding: not UTF-8: byte 0xe9", proc.stderr, re.M), proc.stderr


def test_all_problems_reported_at_once(workspace, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(workspace / "data", ws / "data")
    _break(ws, CURATED, "value: 410664", "value: 410665")
    _break(ws, CURATED, "date: 2024-02-26", "date: 2024-13-26")
    proc = run_cli("build", "--data", "data", "--out", str(workspace / "exports"), "--no-reasoner", cwd=ws)
    assert proc.returncode == 2
    assert ": value: " in proc.stderr and ": date: " in proc.stderr


def test_bom_and_crlf_are_accepted(workspace, tmp_path):
    """A curated file saved with a BOM and CRLF line ends reads the same."""
    ws = tmp_path / "ws"
    shutil.copytree(workspace / "data", ws / "data")
    path = ws / CURATED
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    proc = run_cli("--quiet", "build", "--data", "data", "--out", "exports", "--no-reasoner", cwd=ws)
    assert proc.returncode == 0, proc.stderr
    assert (ws / "exports" / "observations.csv").read_bytes() == (workspace / "exports" / "observations.csv").read_bytes()


@pytest.mark.parametrize(("content", "field", "fragment"), [
    (b"", "file", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file", "binary file"),
    (b"source: nanjing-ip-2023\nobservations: 12\n", "observations", "expected a list"),
    (b"source: nanjing-ip-2023\nentities:\n  - id: x\n    type: Company\n    label: [a, b]\n", "label",
     "expected a string or a mapping"),
    (b"source: nanjing-ip-2023\nentities:\n  - id: Bad Id\n    type: Company\n    label: B\n", "id",
     "must be lower-case"),
    (b"source: nanjing-ip-2023\nobservations:\n  - subject: nanjing\n    indicator: effective_patents\n"
     b"    value: lots\n    unit: count\n    period: 2023\n    published: '410,664'\n    quote: x\n", "value",
     "expected a number"),
])
def test_wrong_types_and_unreadable_files(workspace, tmp_path, content, field, fragment):
    ws = tmp_path / "ws"
    shutil.copytree(workspace / "data", ws / "data")
    (ws / CURATED).write_bytes(content)
    proc = run_cli("build", "--data", "data", "--out", str(workspace / "exports"), "--no-reasoner", cwd=ws)
    assert proc.returncode == 2, proc.stderr
    assert re.search(rf"^{re.escape(CURATED)}(:\d+)?: {field}: .*{re.escape(fragment)}", proc.stderr, re.M), proc.stderr


def test_huge_text_is_refused_with_a_size_message(workspace, tmp_path):
    """A 200 MB source text is refused before it is read (a sparse file: no disk, no memory used)."""
    ws = tmp_path / "ws"
    shutil.copytree(workspace / "data", ws / "data")
    big = ws / "data" / "sources" / "nanjing-ip-2023.txt"
    with open(big, "r+b") as fh:
        fh.truncate(200 * 1024 * 1024)
    proc = run_cli("build", "--data", "data", "--out", str(workspace / "exports"), "--no-reasoner", cwd=ws)
    assert proc.returncode == 2
    assert re.search(r"nanjing-ip-2023\.txt: file: 200 MB is larger than the limit of 64 MB", proc.stderr), proc.stderr
