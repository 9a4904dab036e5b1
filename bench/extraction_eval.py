"""Precision / recall of `ipgraph.extract` against gold files in the curated format.

    .venv/bin/python bench/extraction_eval.py                 # the seed (no curated file) and tests/data/articles
    .venv/bin/python bench/extraction_eval.py --seed-only

The seed is extracted from a copy of the data folder without `curated/` (so the curated entities cannot help);
each test article from a data folder holding it, its registration and the reference gazetteer.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ipgraph.extract import extract_source  # noqa: E402
from ipgraph.extract.evaluate import Score, evaluate, evaluate_keys, format_scores, mismatches  # noqa: E402
from ipgraph.loaders.project import load_project  # noqa: E402


def uncurated_copy(data_dir: Path, dest: Path, extra_sources: list[dict] | None = None,
                   texts: dict[str, Path] | None = None) -> Path:
    """A data folder with the registry, texts and gazetteer of `data_dir` but no curated files."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(data_dir / "reference", dest / "reference", dirs_exist_ok=True)
    reg = yaml.safe_load((data_dir / "sources.yaml").read_text(encoding="utf-8"))
    srcs = []
    for s in reg["sources"]:
        if s.get("kind") == "reference":
            srcs.append(s)
        elif extra_sources is None and s.get("kind", "article") == "article":
            (dest / s["path"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(data_dir / s["path"], dest / s["path"])
            srcs.append(s)
    for s in extra_sources or []:
        s = dict(s)
        rel = f"sources/{Path(s['path']).name}"
        (dest / "sources").mkdir(exist_ok=True)
        shutil.copy(texts[s["id"]], dest / rel)
        s["path"] = rel
        srcs.append(s)
    (dest / "sources.yaml").write_text(yaml.safe_dump({"sources": srcs}, sort_keys=False), encoding="utf-8")
    return dest


DIFF: list[str] = []


def _scored(name: str, facts, gold: Path, project) -> dict[str, Score]:
    if DIFF is not None and DIFF[:1] == ["on"]:
        keys = evaluate_keys(facts, gold, project.entities, project.scheme)
        DIFF.extend([f"{name}:", *mismatches(keys)])
    return evaluate(facts, gold, project.entities, project.scheme)


def run_seed(tmp: Path) -> dict[str, Score]:
    data = uncurated_copy(ROOT / "data", tmp / "seed")
    project = load_project(data)
    facts = extract_source(project.sources["nanjing-ip-2023"], project)
    return _scored("nanjing-ip-2023", facts, ROOT / "data/curated/nanjing-ip-2023.yaml", project)


def run_articles(tmp: Path) -> dict[str, dict[str, Score]]:
    art = ROOT / "tests/data/articles"
    reg = yaml.safe_load((art / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    out = {}
    for s in reg:
        data = uncurated_copy(ROOT / "data", tmp / s["id"], [s], {s["id"]: art / s["path"]})
        project = load_project(data)
        facts = extract_source(project.sources[s["id"]], project)
        out[s["id"]] = _scored(s["id"], facts, art / f"{s['id']}.gold.yaml", project)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed-only", action="store_true")
    ap.add_argument("--diff", action="store_true", help="list false positives (FP) and negatives (FN)")
    args = ap.parse_args()
    if args.diff:
        DIFF.append("on")
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        seed = run_seed(tmp)
        print("\n".join(format_scores("nanjing-ip-2023 (seed)", seed)))
        if args.seed_only:
            print("\n".join(DIFF[1:]))
            return
        total = {k: Score(0, 0, 0) for k in seed}
        for sid, scores in run_articles(tmp).items():
            print("\n".join(format_scores(sid, scores)))
            for k, v in scores.items():
                total[k] = total[k] + v
        print("\n".join(format_scores("articles (pooled)", total)))
        allcat = Score(0, 0, 0)
        for k in ("observations", "entities", "relations"):
            allcat = allcat + total[k]
        print(f"{'articles overall':28s} {'obs+ent+rel':13s} P={allcat.precision:.3f} R={allcat.recall:.3f} "
              f"(tp={allcat.tp} fp={allcat.fp} fn={allcat.fn})")
        figs = total["observations"] + total["ranks"]
        print(f"{'articles figures':28s} {'obs+ranks':13s} P={figs.precision:.3f} R={figs.recall:.3f} "
              f"(tp={figs.tp} fp={figs.fp} fn={figs.fn})")
    print("\n".join(DIFF[1:]))


if __name__ == "__main__":
    main()
