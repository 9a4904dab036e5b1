"""Tables (CSV, TSV, XLSX) with declarative YAML mappings beside them -> observations of origin "table"."""

from .loader import PlaceIndex, RowIssue, TableFactSet, load_table_source, load_tables
from .mapping import TableMapping, load_mapping, mapping_path

__all__ = ["load_tables", "load_table_source", "load_mapping", "mapping_path", "TableMapping", "TableFactSet",
           "RowIssue", "PlaceIndex"]
