"""Typed records that cross modules (STYLE.md #15): a clip of manifest.json.

A :class:`ClipRecord` is the manifest's mapping for one clip, read-only, with typed accessors; it is
still a ``dict`` underneath, so it is JSON-able and picklable as it is, and code that reads it with
``rec["file"]`` keeps working while it moves to ``rec.file``. The clip's id is worked out here and
nowhere else (:func:`clip_id_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def clip_id_of(record: Mapping[str, Any]) -> str:
    """A clip's id: the manifest's ``id``, else its file's stem (a manifest written before clips had ids).
    The one definition: tasks, contributions, captions files and publications are all keyed by it."""
    return str(record.get("id") or Path(str(record.get("file") or "")).stem)


def clip_names(record: Mapping[str, Any]) -> tuple[str, ...]:
    """The names a user may give a clip on the command line: its id, its file (as in the manifest),
    the file's name and its stem."""
    f = str(record.get("file") or "")
    return tuple(n for n in (str(record.get("id") or ""), f, Path(f).name, Path(f).stem) if n)


def _read_only(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise TypeError(f"a {type(self).__name__} is read-only: make a changed copy ({{**it, key: value}})")


class FrozenDict(dict):
    """A read-only ``dict``: still JSON-able and picklable as it is (a task's parameters cross processes
    and machines), but nothing can write into it."""

    __slots__ = ()
    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _read_only  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:  # pickled and copied through its plain mapping
        return (type(self), (dict(self),))


def frozen(value: Any) -> Any:
    """``value`` with every mapping a :class:`FrozenDict` and every list a tuple, all the way down."""
    if isinstance(value, dict):
        return FrozenDict({k: frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(frozen(v) for v in value)
    return value


class ClipRecord(FrozenDict):
    """One clip of manifest.json (read-only). ``media`` and ``loudness`` are the probe's and the
    loudness measurement's own mappings."""

    __slots__ = ()

    @property
    def clip_id(self) -> str:
        return clip_id_of(self)

    @property
    def file(self) -> str:
        """The original's path relative to the assignment (``raw/...``)."""
        return str(self.get("file") or "")

    @property
    def sha256(self) -> str | None:
        return self.get("sha256") or None

    @property
    def size(self) -> int | None:
        return self.get("size")

    @property
    def source(self) -> str | None:
        return self.get("source")

    @property
    def media(self) -> dict[str, Any]:
        return dict.get(self, "media") or {}

    @property
    def loudness(self) -> dict[str, Any] | None:
        return dict.get(self, "loudness")

    @property
    def duration(self) -> float:
        return float(self.media.get("duration") or 0)

    def names(self) -> tuple[str, ...]:
        return clip_names(self)


# --- contributions: what one stage adds to another's render ------------------------------------------
# A stage's ``contribute`` hook gives plain mappings (they travel in task parameters, JSON-able and
# fingerprinted): ``{"kind": "mask", ...}`` (redaction; read by render.spec.MaskSpec),
# ``{"kind": "subtitles", "file", "burn", ...}`` (approved captions), ``{"kind": "block", "key", "args"}``
# (the clip must not be published: the message says why) and ``{"kind": "note", "key"}`` (said, changes
# nothing). ``"for": [stage, ...]`` limits one to those stages. The kinds are read here, once.

MASK, SUBTITLES, BLOCK, NOTE = "mask", "subtitles", "block", "note"


@dataclass(frozen=True)
class Block:
    """A clip that must not be published, and why (a message key and its arguments)."""

    key: str
    args: Mapping[str, Any] = field(default_factory=dict)
    only_for: tuple[str, ...] = ()  # the stages it stops; empty: every render stage

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": BLOCK, "key": self.key, "args": dict(self.args)}
        if self.only_for:
            out["for"] = list(self.only_for)
        return out

    @classmethod
    def of(cls, item: Mapping[str, Any]) -> Block:
        return cls(str(item.get("key")), dict(item.get("args") or {}), tuple(item.get("for") or ()))


def blocks(contributions: Iterable[Mapping[str, Any]] | None) -> list[Block]:
    """The blocks among a clip's contributions (the one place the ``"block"`` kind is looked for)."""
    return [Block.of(c) for c in contributions or () if c.get("kind") == BLOCK]


def render_inputs(contributions: Iterable[Mapping[str, Any]] | None,
                  kinds: tuple[str, ...] = (MASK, SUBTITLES)) -> list[Mapping[str, Any]]:
    """What a render takes in (masks, subtitles): not the blocks, not the notes."""
    return [c for c in contributions or () if c.get("kind") in kinds]
