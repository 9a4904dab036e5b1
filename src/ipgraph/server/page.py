"""The endpoint's home page: a query editor that works offline (no CDN, no prefix.cc: one HTML file).

The shipped named queries are embedded as examples; running one as a named query sends its parameters to
`/query/<name>` where they are bound as RDF terms, and free text goes to `/sparql`.
"""

from __future__ import annotations

import html
import json

from ..query import shipped_queries
from ..rdf.namespaces import PREFIXES


def queries_json() -> str:
    """The shipped named queries with their parameters, for the page and for clients."""
    doc = [{"name": q.name, "description": q.description, "text": q.text,
            "params": [{"name": p.name, "type": p.type, "default": p.default, "description": p.description}
                       for p in q.params]}
           for q in shipped_queries().values()]
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>ipgraph SPARQL endpoint</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;max-width:80em}
textarea{width:100%;height:16em;font:13px monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
th{background:#eee}#status{color:#555}#params label{margin-right:1em}pre{background:#f6f6f6;padding:.5em}
</style></head><body>
<h1>ipgraph SPARQL endpoint</h1>
<p>Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol, read-only). Named queries: <code>/query/&lt;name&gt;?param=value</code>.
Links: <a href="graph.html">graph view</a> &middot; <a href="ontology.html">ontology documentation</a> &middot;
<a href="report.md">build report</a> &middot; <a href="queries.json">named queries (JSON)</a>.</p>
<p>Prefixes __PREFIX_NAMES__ are declared for you.</p>
<label>Example: <select id="examples"><option value="">(free query)</option>__OPTIONS__</select></label>
<span id="desc"></span>
<div id="params"></div>
<textarea id="query" spellcheck="false">SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20</textarea>
<p><button id="run">Run</button> <button id="runNamed" disabled>Run as named query</button>
<label>format <select id="fmt"><option value="table">table</option><option value="json">JSON</option>
<option value="xml">XML</option><option value="csv">CSV</option><option value="tsv">TSV</option>
<option value="ttl">Turtle (CONSTRUCT)</option><option value="nt">N-Triples (CONSTRUCT)</option></select></label>
<span id="status"></span></p>
<div id="out"></div>
<script id="named" type="application/json">__QUERIES__</script>
<script>
"use strict";
const queries = JSON.parse(document.getElementById("named").textContent);
const $ = (id) => document.getElementById(id);
let current = null;
$("examples").addEventListener("change", () => {
  current = queries.find((q) => q.name === $("examples").value) || null;
  $("params").innerHTML = ""; $("desc").textContent = current ? current.description : "";
  $("runNamed").disabled = !current;
  if (!current) return;
  $("query").value = current.text;
  for (const p of current.params) {
    const label = document.createElement("label"); label.textContent = p.name + " (" + p.type + ") ";
    const input = document.createElement("input"); input.name = p.name; input.value = p.default;
    input.title = p.description; label.appendChild(input); $("params").appendChild(label);
  }
});
const accept = {table: "application/sparql-results+json", json: "application/sparql-results+json",
  xml: "application/sparql-results+xml", csv: "text/csv", tsv: "text/tab-separated-values",
  ttl: "text/turtle", nt: "application/n-triples"};
function cell(term) {
  if (!term) return "";
  if (term.type === "literal" && term["xml:lang"]) return term.value + " @" + term["xml:lang"];
  return term.value;
}
async function send(url, options) {
  const fmt = $("fmt").value; $("status").textContent = "running..."; $("out").innerHTML = "";
  const t0 = performance.now();
  let resp;
  try { resp = await fetch(url, {...options, headers: {...(options.headers || {}), Accept: accept[fmt]}}); }
  catch (e) { $("status").textContent = String(e); return; }
  const text = await resp.text();
  const ms = Math.round(performance.now() - t0);
  if (!resp.ok) { $("status").textContent = resp.status + " " + resp.statusText + " (" + ms + " ms)";
    const pre = document.createElement("pre"); pre.textContent = text; $("out").appendChild(pre); return; }
  const ctype = resp.headers.get("Content-Type") || "";
  if (fmt === "table" && ctype.includes("json")) {
    const doc = JSON.parse(text);
    if ("boolean" in doc) { $("status").textContent = "ASK: " + doc.boolean + " (" + ms + " ms)"; return; }
    const vars = doc.head.vars, rows = doc.results.bindings;
    const table = document.createElement("table"), head = table.insertRow();
    for (const v of vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
    for (const r of rows) { const tr = table.insertRow(); for (const v of vars) tr.insertCell().textContent = cell(r[v]); }
    $("out").appendChild(table);
    $("status").textContent = rows.length + " row(s) (" + ms + " ms)";
  } else {
    const pre = document.createElement("pre"); pre.textContent = text; $("out").appendChild(pre);
    $("status").textContent = ms + " ms";
  }
}
$("run").addEventListener("click", () => send("sparql", {method: "POST",
  headers: {"Content-Type": "application/sparql-query"}, body: $("query").value}));
$("runNamed").addEventListener("click", () => {
  const qs = new URLSearchParams();
  for (const input of $("params").querySelectorAll("input")) qs.set(input.name, input.value);
  send("query/" + encodeURIComponent(current.name) + "?" + qs.toString(), {method: "GET"});
});
</script>
</body></html>
"""


def render_page() -> str:
    queries = shipped_queries()
    options = "".join(f'<option value="{html.escape(q.name)}">{html.escape(q.name)}: '
                      f"{html.escape(q.description)}</option>" for q in queries.values())
    embedded = queries_json().replace("</", "<\\/")
    return (_PAGE.replace("__OPTIONS__", options).replace("__QUERIES__", embedded)
            .replace("__PREFIX_NAMES__", html.escape(", ".join(f"{p}:" for p in PREFIXES))))
