"""Text from sources never runs in graph.html: hostile labels, aliases and quotes show as text."""

from __future__ import annotations

import re

from ipgraph.view.data import ViewData
from ipgraph.view.html import json_for_html, render_html

from .conftest import wait_for

HOSTILE = "</script><script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


def hostile_view() -> ViewData:
    obs = {"indicator": "patents " + IMG, "indicator_id": "patents", "statistic": "value", "value": "5",
           "published": "five", "unit": "count", "qualifier": "exact", "period": "2023", "scope": "",
           "ranked_what": "", "source": "s", "quote": "said \u2028" + HOSTILE + " & <b>bold</b>", "iri": "urn:o"}
    nodes = [
        {"id": "urn:a", "kind": "Company", "label": HOSTILE, "en": HOSTILE, "zh": "中文" + IMG, "aliases": [IMG],
         "local_id": "a", "obs": [obs], "periods": ["2023"], "clusters": []},
        {"id": "urn:b", "kind": "City", "label": "B\u2029", "en": "B\u2029", "zh": "", "aliases": [], "local_id": "b",
         "obs": [], "periods": [], "clusters": []},
    ]
    edges = [{"id": "e1", "from": "urn:a", "to": "urn:b", "label": "locatedIn" + HOSTILE, "predicate": "p", "key": "k"}]
    return ViewData(nodes, edges, {"Company": ["Organization"], "City": ["Place"]})


def test_json_block_cannot_close_the_script_element():
    text = json_for_html({"a": HOSTILE + "\u2028\u2029&"})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    page = render_html(hostile_view())
    # the only `</script` are the three script elements of the template
    assert page.count("</script") == 3
    assert HOSTILE not in page and IMG not in page


def test_hostile_label_shows_as_text_in_chromium(browser_page, tmp_path):
    path = tmp_path / "hostile.html"
    path.write_text(render_html(hostile_view(), title=HOSTILE), encoding="utf-8")
    page = browser_page.page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    wait_for(page, "window.ipgraphView && window.ipgraphView.state.stable")
    assert page.evaluate("ipgraphView.nodes.get('urn:a').label") == HOSTILE
    assert page.title() == HOSTILE
    page.evaluate("ipgraphView.select('urn:a')")
    details = page.inner_text("#details")
    assert HOSTILE in details and IMG in details and "<b>bold</b>" in details
    page.fill("#search", "中文")
    assert HOSTILE in page.inner_text("#results")
    assert page.locator("img").count() == 0 and page.locator("b").count() == 0
    assert page.locator("script").count() == 3
    assert dialogs == []
    assert browser_page.console_errors == []
