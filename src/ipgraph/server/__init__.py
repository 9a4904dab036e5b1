"""Serving and publishing a build: SPARQL endpoint (`serve`), Graph Store push (`push`), ontology docs."""
