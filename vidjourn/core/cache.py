"""One cache helper: JSON values under a folder, keyed by a string, written atomically.

Used for the user-wide cache (ffmpeg binaries, encoder checks, probes) and the assignment's ``work/``
caches (loudness calibrations, shot detections, face tracks). A value that cannot be read — a half-copied
folder, another version's format — is a miss, never an error: caches are always safe to delete.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from vidjourn.core.fsutil import write_json_atomic


def user_cache_dir() -> Path:
    """``VIDJOURN_CACHE``, else the platform's user cache folder (platformdirs)."""
    env = os.environ.get("VIDJOURN_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir as _ucd

    return Path(_ucd("vidjourn", appauthor=False))


class JsonCache:
    """``get(key)`` / ``put(key, value)`` for JSON-able values in ``<folder>/<key>.json``."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", key)
        return self.folder / f"{safe}.json"

    def get(self, key: str) -> Any | None:
        try:
            return json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        try:
            write_json_atomic(self.path(key), value)
        except OSError:  # a read-only or full cache folder costs speed, not correctness
            pass


def file_key(path: Path | str, *parts: object) -> str | None:
    """A key for a value computed from a file: its absolute path, size and mtime, and ``parts``
    (versions, options). None when the file cannot be read (then nothing is cached)."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        return None
    text = repr((str(p.resolve()), st.st_size, st.st_mtime_ns, parts))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:40]
