"""The assignment folder (one news story): paths, story metadata (vidjourn.yaml), manifest.json.

Layout (docs/DESIGN.md)::

    <slug>/vidjourn.yaml  raw/  manifest.json  work/  out/<platform>/  shotlog/
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vidjourn.core.errors import AssignmentError, ConfigError, NotAnAssignment
from vidjourn.core.fsutil import contained, write_json_atomic
from vidjourn.core.i18n import t
from vidjourn.core.records import ClipRecord
from vidjourn.core.snapshot import read_once, wrote
from pydantic import BaseModel, ConfigDict

STORY_FILE = "vidjourn.yaml"
MANIFEST_FILE = "manifest.json"


# The story keys every stage reads, and the shape they must have (a wrong one — `brand: 7`,
# `platforms: 5` — is named with its key instead of crashing some stage later on).
_TEXT = (str, int, float)
_STORY_SHAPES: dict[str, tuple[tuple[type, ...], str]] = {
    "brand": ((str,), "type.name"),
    "platforms": ((list,), "type.list_names"),
    "lower_thirds": ((list,), "type.list_lower_thirds"),
    "title": (_TEXT, "type.text"),
    "slug": (_TEXT, "type.text"),
}


def _check_story_types(data: dict[str, Any], path: Path) -> None:
    for key, (types, expected) in _STORY_SHAPES.items():
        value = data.get(key)
        if value is None or (isinstance(value, types) and not isinstance(value, bool)):
            if key == "platforms" and value is not None and not all(isinstance(x, str) for x in value):
                raise ConfigError("error.bad_type", path=path, key=key, expected=t(expected), got=repr(value)[:80])
            continue
        if key in ("title", "slug") and isinstance(value, (datetime.date, datetime.datetime)):
            continue
        raise ConfigError("error.bad_type", path=path, key=key, expected=t(expected), got=repr(value)[:80])


MANIFEST_MAX = 256 * 1024 * 1024  # ~100,000 clips


class ClipShape(BaseModel):
    """What every stage reads of a manifest record, typed (strict); the rest is kept as it is."""

    model_config = ConfigDict(strict=True, extra="allow")

    file: str
    id: str | None = None
    sha256: str | None = None
    size: int | None = None
    source: str | None = None
    media: dict[str, Any] | None = None
    loudness: dict[str, Any] | None = None
    damaged: str | None = None


class ManifestShape(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")

    clips: list[ClipShape]


@dataclass(frozen=True)
class Assignment:
    root: Path

    @property
    def story_file(self) -> Path:
        return self.root / STORY_FILE

    @property
    def manifest_file(self) -> Path:
        return self.root / MANIFEST_FILE

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def shotlog(self) -> Path:
        return self.root / "shotlog"

    def out_dir(self, platform: str) -> Path:
        return self.out / platform

    @classmethod
    def open(cls, path: Path | str | None = None) -> "Assignment":
        """The assignment at ``path`` (default: the current folder or a parent of it)."""
        start = Path(path or ".").resolve()
        candidates = [start] if path else [start, *start.parents]
        for c in candidates:
            if (c / STORY_FILE).is_file():
                return cls(c)
        raise NotAnAssignment("error.not_assignment", path=start)

    def story(self) -> dict[str, Any]:
        """The parsed vidjourn.yaml (a dict of its own; empty when the file is empty)."""
        return copy.deepcopy(read_once(self.story_file, self._read_story))

    def _read_story(self) -> dict[str, Any]:
        from vidjourn.core.yamlsafe import load_file  # PyYAML: only when a story is read (start-up)

        data = load_file(self.story_file) or {}
        if isinstance(data, dict):
            _check_story_types(data, self.story_file)
        if not isinstance(data, dict):
            raise AssignmentError("error.bad_yaml", path=self.story_file, reason="not a mapping")
        return data

    def manifest(self) -> dict[str, Any]:
        """The manifest (``{"clips": [...]}``, a copy of its own); an empty one when none was written yet."""
        return copy.deepcopy(read_once(self.manifest_file, self._read_manifest))

    def _read_manifest(self) -> dict[str, Any]:
        """Bounded (a regular file, at most MANIFEST_MAX, read by fsutil.read_bounded) and typed
        (:class:`ManifestShape`): a record whose ``file`` is a number is named, not a traceback later."""
        import os

        from vidjourn.core.fsutil import parse_model, read_bounded

        if not os.path.lexists(self.manifest_file):
            return {"clips": []}
        data = read_bounded(self.manifest_file, MANIFEST_MAX, what="manifest")
        try:
            typed = parse_model(data, ManifestShape, path=self.manifest_file, what="manifest",
                                error=AssignmentError)
        except AssignmentError as exc:  # the manifest's own message: restore it or ingest again
            raise AssignmentError("error.bad_manifest", path=self.manifest_file,
                                  reason=str(exc.kwargs.get("reason"))) from None
        return typed.model_dump(exclude_unset=True)

    def write_manifest(self, data: dict[str, Any]) -> None:
        write_json_atomic(self.manifest_file, data)
        wrote(self.manifest_file, copy.deepcopy(data))

    def clips(self) -> list[ClipRecord]:
        """The manifest's clips as read-only typed records."""
        return [ClipRecord(c) for c in self.manifest()["clips"]]

    def clip_path(self, record: dict[str, Any]) -> Path:
        """The original's path in raw/; a ``file`` that leaves the assignment is refused (PathOutside)."""
        # Originals live in raw/: "raw/../manifest.json" stays in the assignment but is no original.
        value = record.get("file")
        inner = value[4:] if isinstance(value, str) and value.replace("\\", "/").startswith("raw/") else None
        contained(self.raw, inner, source=self.manifest_file, where="raw", shown=value)  # None: refused
        return self.root / str(value)


@dataclass(frozen=True)
class LooseFiles(Assignment):
    """Clips exported from outside any assignment (``vidjourn export clip.mp4`` in a plain folder):
    no story, no manifest, outputs under ``<folder>/out``; nothing else is written there (no ledger)."""

    def story(self) -> dict[str, Any]:
        return {}

    def manifest(self) -> dict[str, Any]:
        return {"clips": []}
