"""YAML loading that remembers line numbers, so every error can name `file:line: field`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Problem


class Mapping(dict):
    """A YAML mapping with the (1-based) line of the mapping and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> Sequence:
    result = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


def _construct_str(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# dates and timestamps stay strings: the loader validates ISO forms itself
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str)


def max_text_bytes() -> int:
    """Largest text or YAML file read into memory (IPGRAPH_MAX_TEXT_MB, default 64 MB): a larger file is refused
    with a message instead of exhausting memory."""
    return int(float(os.environ.get("IPGRAPH_MAX_TEXT_MB", "64")) * 1024 * 1024)


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 text file (a BOM is removed, CRLF kept as is); undecodable bytes are an InputError."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
        limit = max_text_bytes()
        if size > limit:
            raise InputError(Problem(shown, None, "file", f"{size / 1048576:.0f} MB is larger than the limit of "
                                                          f"{limit / 1048576:.0f} MB for a text or YAML file "
                                                          f"(set IPGRAPH_MAX_TEXT_MB to raise it)"))
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(shown, None, "file", f"cannot read: {exc.strerror}")) from exc
    if b"\x00" in raw[:8192]:
        raise InputError(Problem(shown, None, "file", "binary file (NUL byte), expected UTF-8 text"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(Problem(shown, line, "encoding",
                                 f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}")) from exc
    return text[1:] if text.startswith("\ufeff") else text


def load_yaml(path: Path, display: str | None = None) -> Any:
    shown = display or str(path)
    text = read_text(path, shown)
    if not text.strip():
        raise InputError(Problem(shown, 1, "file", "empty file"))
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        col = f", column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(Problem(shown, line, "yaml", f"syntax error{col}: {problem}")) from exc
