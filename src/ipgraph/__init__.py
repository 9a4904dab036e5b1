"""ipgraph: a knowledge-graph builder for regional innovation and intellectual-property statistics.

Pipeline: sources -> typed facts (`model`) -> RDF (`rdf`) -> validation (`validate`) -> store/exports -> query/view.
"""

__version__ = "0.1.0"

from .build import build, open_graph  # noqa: E402
from .errors import InputError, IpgraphError, ValidationFailed  # noqa: E402
from .loaders.project import load_project  # noqa: E402
from .query import run_query  # noqa: E402

__all__ = ["build", "open_graph", "load_project", "run_query", "InputError", "IpgraphError", "ValidationFailed",
           "__version__"]
