"""Fixtures of the view tests: a build of the seed graph (curated article + gazetteer), and a headless Debian
Chromium with every network request blocked."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@dataclass
class SeedBuild:
    out: Path
    dataset: object
    store: object


def seed_data_dir(dest: Path) -> Path:
    """A copy of data/ with the article sources only (tables are another issue's and slow to emit)."""
    src = REPO / "data"
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("tables"))
    doc = yaml.safe_load((src / "sources.yaml").read_text(encoding="utf-8"))
    doc["sources"] = [s for s in doc["sources"] if s.get("kind") != "table"]
    (dest / "sources.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> SeedBuild:
    """`ipgraph.build` of the seed (no extraction, SHACL or reasoner: other issues test those), whose
    `_write_extra` hook writes the view exports; its Oxigraph store is opened read-only."""
    from pyoxigraph import Store

    from ipgraph.build import build, open_graph

    root = tmp_path_factory.mktemp("seed")
    res = build(seed_data_dir(root / "data"), root / "exports", reasoner=False, shacl=False, extract=False)
    assert res.validation.ok
    out = res.build_dir
    return SeedBuild(out, open_graph(out), Store.read_only(str(out / "store")))


def wait_for(page, expression: str, timeout: float = 60.0):
    """Poll `expression` from outside the page: the page's CSP forbids the eval Playwright's own
    `wait_for_function` polling uses inside it."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


@dataclass
class Browser:
    page: object
    console_errors: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    requests: list = field(default_factory=list)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh page whose every non-file request is aborted and recorded, with console errors collected."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    page = context.new_page()
    b = Browser(page)

    def route(r):
        b.requests.append(r.request.url)
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: b.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: b.console_errors.append(str(e)))
    page.on("requestfailed", lambda r: b.failed.append(r.url))
    yield b
    context.close()
