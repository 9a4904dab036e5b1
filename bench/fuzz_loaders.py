"""Mutation fuzzing of the curated loader and the table loader (issue 7).

Each round takes a real input file, applies seeded random mutations (byte flips, deleted or duplicated lines,
swapped scalars, truncation, inserted YAML syntax, invalid UTF-8) and loads the data folder. The only allowed
outcomes are success or `InputError` (exit code 2 with file:line: field: message); anything else is a finding,
printed with its seed so it can be replayed.

    .venv/bin/python bench/fuzz_loaders.py --rounds 300 [--seed 1] [--target curated|table|all]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ipgraph.errors import InputError  # noqa: E402
from ipgraph.loaders.project import load_project  # noqa: E402

SNIPPETS = [b": [", b"- - -", b"{", b"'", b'"', b"\t", b"value: NaN", b"value: .inf", b"period: 2023-13",
            b"\xff\xfe", b"\xe9", b"&anchor", b"*alias", b"!!python/object:os.system", b"~", b"null", b"[]", b"{}",
            b"quote: ''", b"subject: ''", b"unit: parsecs", b"statistic: rank", b"scope: none", b"1e309",
            b"- id: x\n  type: Company\n  label: X", b"NA", b",,,,", b"\x00"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        if not lines:
            break
        i = rng.randrange(len(lines))
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            lines[i] = lines[i] + rng.choice(SNIPPETS)
        elif op == 3:
            lines[i] = rng.choice(SNIPPETS)
        elif op == 4 and lines[i]:
            b = bytearray(lines[i])
            b[rng.randrange(len(b))] = rng.randrange(256)
            lines[i] = bytes(b)
        elif op == 5:
            lines = lines[: rng.randrange(len(lines) + 1)]
        else:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def targets(data: Path, which: str) -> list[Path]:
    files = []
    if which in ("curated", "all"):
        files += sorted((data / "curated").glob("*.yaml")) + [data / "sources.yaml"]
        files += sorted((data / "reference").glob("*.yaml"))
    if which in ("table", "all"):
        files += sorted((data / "tables").glob("*.yaml")) + sorted((data / "tables").glob("*.csv"))[:1]
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--target", choices=["curated", "table", "all"], default="curated")
    ap.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "fixtures" / "hangzhou")
    args = ap.parse_args()
    findings = []
    outcomes = {"ok": 0, "input_error": 0}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ipgraph-fuzz-") as tmp:
        base = Path(tmp) / "base"
        shutil.copytree(args.data, base)
        files = targets(base, args.target)
        if not files:
            print(f"no files to fuzz under {args.data} for target {args.target}", file=sys.stderr)
            return 2
        for n in range(args.rounds):
            seed = args.seed * 100003 + n
            rng = random.Random(seed)
            work = Path(tmp) / "work"
            if work.exists():
                shutil.rmtree(work)
            shutil.copytree(base, work)
            victim = files[rng.randrange(len(files))]
            path = work / victim.relative_to(base)
            path.write_bytes(mutate(path.read_bytes(), rng))
            try:
                load_project(work)
                outcomes["ok"] += 1
            except InputError as exc:
                outcomes["input_error"] += 1
                bad = [p for p in exc.problems if not p.file or not p.field or not p.message]
                if bad:
                    findings.append((seed, victim.name, f"problem without file/field/message: {bad[0]!r}"))
            except Exception as exc:  # noqa: BLE001 - every other exception is a finding
                findings.append((seed, victim.name, "".join(traceback.format_exception_only(exc)).strip()))
            if (n + 1) % 50 == 0:
                print(f"  {n + 1}/{args.rounds} rounds, {len(findings)} findings", file=sys.stderr)
    elapsed = time.perf_counter() - start
    print(f"rounds={args.rounds} ok={outcomes['ok']} input_error={outcomes['input_error']} "
          f"findings={len(findings)} seconds={elapsed:.1f}")
    for seed, name, what in findings[:20]:
        print(f"FINDING seed={seed} file={name}: {what}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
