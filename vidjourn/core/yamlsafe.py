"""The one YAML loader: every YAML file vidjourn reads (the story, brand presets, platform profiles,
shot-log notes, job files) goes through :func:`load_file` or :func:`loads`.

PyYAML's ``safe_load`` is safe from code execution but not from size: a "billion laughs" document
(aliases of aliases) is a few hundred bytes and becomes hundreds of millions of nodes as soon as
anything walks it (validation, JSON, a deep copy) — a 500-byte vidjourn.yaml grew `vidjourn shotlog`
to 22.7 GB before the kernel killed it. So:

* the file is read only up to :data:`MAX_BYTES` (a story or preset is a few KB);
* the composed node graph is sized **as if every alias were written out** before anything is
  constructed. Aliases share node objects, so a memo by node sizes a billion laughs in microseconds
  without expanding it; a recursive alias (``&a [*a]``) is infinite and refused the same way.

Errors are :class:`~vidjourn.core.errors.ConfigError` naming the file and what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from vidjourn.core.errors import ConfigError
from vidjourn.core.fsutil import read_bounded

MAX_BYTES = 2 * 1024 * 1024  # notes.yaml of a long story with hundreds of shots is ~200 KB
MAX_NODES = 200_000  # nodes after alias expansion; a 300-shot notes.yaml is ~3,000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [x for pair in node.value for x in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def expanded_size(root: yaml.Node, limit: int = MAX_NODES) -> int:
    """Nodes of the document with every alias written out (capped at ``limit + 1``; cycles: ``limit + 1``)."""
    memo: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        key = id(node)
        if leaving:
            on_path.discard(key)
            memo[key] = min(limit + 1, 1 + sum(memo[id(k)] for k in _children(node)))
            continue
        if key in memo:
            continue
        if key in on_path:
            return limit + 1  # an alias inside its own anchor: infinite when expanded
        on_path.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in _children(node))
    return memo[id(root)]


def loads(text: str, *, path: Path | str = "<text>", max_nodes: int = MAX_NODES) -> Any:
    """Parse one YAML document safely; ``None`` for an empty one."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise ConfigError("error.bad_yaml", path=path, reason=_reason(exc)) from None
        if node is None:
            return None
        if expanded_size(node, max_nodes) > max_nodes:
            raise ConfigError("error.yaml_too_big", path=path, what=f"{max_nodes:,} values")
        try:
            return loader.construct_document(node)
        except yaml.YAMLError as exc:
            raise ConfigError("error.bad_yaml", path=path, reason=_reason(exc)) from None
        except RecursionError:  # pragma: no cover - a deep but alias-free nesting
            raise ConfigError("error.yaml_too_big", path=path, what="nesting depth") from None
    finally:
        loader.dispose()


def load_file(path: Path | str, *, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES) -> Any:
    """Read and parse ``path`` safely. OS errors become the user's-language message for that file."""
    path = Path(path)
    raw = read_bounded(path, max_bytes, what="yaml")  # the one bounded reader: no FIFO, no device
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("error.bad_yaml", path=path, reason=f"not UTF-8 text (byte {exc.start})") from None
    return loads(text, path=path, max_nodes=max_nodes)


def _reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return " ".join(str(exc).split())
