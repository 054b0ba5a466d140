"""Atomic writes: a temporary name in the same folder, moved into place with os.replace.

An interrupted run leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from vidjourn.core.errors import OutputExists


def temp_sibling(path: Path) -> Path:
    """A temporary name beside ``path`` that keeps its extension (so ffmpeg picks the muxer)."""
    return path.with_name(f".{path.stem}.part-{os.getpid()}{path.suffix}")


@contextmanager
def atomic_path(path: Path | str, *, force: bool = True) -> Iterator[Path]:
    """Yield a temp path to write; on success it replaces ``path``; on any error it is removed."""
    path = Path(path)
    if path.exists() and not force:
        raise OutputExists(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_sibling(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        raise


def write_text_atomic(path: Path | str, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


def write_json_atomic(path: Path | str, data: Any) -> None:
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def check_writable(path: Path, force: bool) -> None:
    """Raise :class:`OutputExists` if ``path`` exists and ``force`` is not set."""
    if path.exists() and not force:
        raise OutputExists(path)
