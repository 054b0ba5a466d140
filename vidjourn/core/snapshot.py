"""One snapshot per run: vidjourn.yaml, manifest.json and ledger.json read once each (issue 18).

Inside ``with snapshot():`` (the runner and ``vidjourn run`` hold one for a whole run) a file read through
:func:`read_once` is read and parsed once; later callers get the same parsed value (they copy it before
changing it). A file that changes meanwhile — its size, mtime or inode moved — is read again, and a
writer that goes through :func:`wrote` (the manifest ingest writes, the ledger the runner saves) puts
what it wrote in place of the old value, so nobody reads back what this process just wrote. Outside a
snapshot every call reads the file, as a command run on its own expects.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_STATE = threading.local()


@contextmanager
def snapshot() -> Iterator[None]:
    """Read each file once for the length of the ``with``; nested, the outermost one counts."""
    outer = getattr(_STATE, "files", None)
    if outer is None:
        _STATE.files = {}
    try:
        yield
    finally:
        if outer is None:
            _STATE.files = None


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def read_once(path: Path | str, read: Callable[[], T]) -> T:
    """``read()``'s value for ``path``: inside a snapshot, the one read while the file stays as it was."""
    files: dict[str, tuple[Any, Any]] | None = getattr(_STATE, "files", None)
    if files is None:
        return read()
    stamp, key = _stamp(Path(path)), str(path)
    hit = files.get(key)
    if hit is not None and stamp is not None and hit[0] == stamp:
        return hit[1]
    value = read()
    if stamp is not None:  # a missing file is asked for again (cheap, and it may appear)
        files[key] = (stamp, value)
    return value


def wrote(path: Path | str, value: Any) -> None:
    """This process just wrote ``value`` to ``path``: later reads in the snapshot get it without a read."""
    files = getattr(_STATE, "files", None)
    if files is not None:
        stamp = _stamp(Path(path))
        if stamp is not None:
            files[str(path)] = (stamp, value)
