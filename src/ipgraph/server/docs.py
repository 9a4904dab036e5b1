"""`ontology.html`: human-readable documentation of ontology/ (classes, properties, labels en/zh, definitions).

A small generator rather than pyLODE: one self-contained HTML file, no network access, byte-identical output
for identical input (terms sorted, no timestamps).
"""

from __future__ import annotations

import html
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..rdf.namespaces import IPG, PREFIXES

KINDS = [
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Annotation properties", OWL.AnnotationProperty),
    ("Named individuals", OWL.NamedIndividual),
]


def _curie(term) -> str:
    text = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if text.startswith(str(ns)) and len(text) > len(str(ns)):
            return f"{prefix}:{text[len(str(ns)):]}"
    return f"<{text}>"


def _link(term) -> str:
    if isinstance(term, URIRef) and str(term).startswith(str(IPG)):
        return f'<a href="#{html.escape(str(term)[len(str(IPG)):])}">{html.escape(_curie(term))}</a>'
    return f"<code>{html.escape(_curie(term))}</code>"


def _texts(g: Graph, s, preds) -> list[str]:
    out = []
    for p in preds:
        for o in sorted(g.objects(s, p), key=lambda t: (getattr(t, "language", "") or "", str(t))):
            lang = getattr(o, "language", None)
            out.append(f"{html.escape(str(o))}" + (f" <small>@{lang}</small>" if lang else ""))
    return out


def render_ontology_html(g: Graph) -> str:
    """The HTML page for an ontology graph; only terms in the `ipg:` namespace get a section."""
    title = next((str(t) for t in g.objects(URIRef(str(IPG).rstrip("#")), URIRef("http://purl.org/dc/terms/title"))),
                 "ipgraph ontology")
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>",
             "<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:70em}"
             "section{border-top:1px solid #ddd;padding:.4em 0}dt{font-weight:600;float:left;width:9em}"
             "dd{margin-left:10em}h3{margin:.3em 0}code{background:#f4f4f4}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>"]
    for d in _texts(g, URIRef(str(IPG).rstrip("#")), [URIRef("http://purl.org/dc/terms/description")]):
        parts.append(f"<p>{d}</p>")
    parts.append(f"<p>Namespace <code>{html.escape(str(IPG))}</code> (prefix <code>ipg:</code>).</p><ul>")
    sections = []
    for heading, kind in KINDS:
        terms = sorted({s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(str(IPG))},
                       key=str)
        if terms:
            anchor = heading.lower().replace(" ", "-")
            parts.append(f'<li><a href="#{anchor}">{heading}</a> ({len(terms)})</li>')
            sections.append((heading, anchor, terms))
    parts.append("</ul>")
    for heading, anchor, terms in sections:
        parts.append(f'<h2 id="{anchor}">{heading}</h2>')
        for t in terms:
            local = str(t)[len(str(IPG)):]
            rows = [("IRI", f"<code>{html.escape(str(t))}</code>")]
            labels = _texts(g, t, [RDFS.label, SKOS.prefLabel])
            if labels:
                rows.append(("label", " · ".join(labels)))
            for name, preds in (("definition", [SKOS.definition]), ("comment", [RDFS.comment]),
                                ("note", [SKOS.scopeNote, SKOS.note])):
                for text in _texts(g, t, preds):
                    rows.append((name, text))
            for name, pred in (("subclass of", RDFS.subClassOf), ("subproperty of", RDFS.subPropertyOf),
                               ("domain", RDFS.domain), ("range", RDFS.range), ("inverse of", OWL.inverseOf),
                               ("disjoint with", OWL.disjointWith), ("type", RDF.type)):
                objs = sorted((o for o in g.objects(t, pred) if isinstance(o, URIRef)), key=str)
                if objs:
                    rows.append((name, ", ".join(_link(o) for o in objs)))
            subs = sorted((s for s in g.subjects(RDFS.subClassOf, t) if isinstance(s, URIRef)), key=str)
            if subs:
                rows.append(("subclasses", ", ".join(_link(s) for s in subs)))
            parts.append(f'<section id="{html.escape(local)}"><h3>{html.escape(_curie(t))}</h3><dl>'
                         + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl></section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_ontology_docs(out_dir: Path | str, ontology: Path | None = None) -> Path:
    """Write `ontology.html` into a build directory, from its `ontology.ttl` (else the repository's ontology)."""
    from ..resources import ontology_files

    out_dir = Path(out_dir)
    g = Graph()
    sources = [ontology] if ontology else ([out_dir / "ontology.ttl"] if (out_dir / "ontology.ttl").is_file()
                                          else ontology_files())
    for path in sources:
        g.parse(path, format="turtle")
    target = out_dir / "ontology.html"
    target.write_text(render_ontology_html(g), encoding="utf-8")
    return target
