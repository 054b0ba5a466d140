"""sha256 of files: the one definition (issue 18 — there were seven copies).

``file_sha256`` always reads the file (verify, signing: a changed byte must show); ``cached_file_sha256``
remembers a digest by (path, size, mtime) for fingerprints that are asked for the same inputs many times
in one run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

CHUNK = 1 << 20  # 1 MiB: big enough for disk throughput, small enough for smooth progress


def file_sha256(path: Path | str, progress: Callable[[float], None] | None = None) -> str:
    """Hex sha256 of a file, read in chunks; ``progress`` gets the fraction done after each chunk."""
    return files_sha256([path], progress)


def files_sha256(paths: Iterable[Path | str], progress: Callable[[float], None] | None = None) -> str:
    """Hex sha256 of the files' bytes one after the other (a model split in parts hashes as one)."""
    h = hashlib.sha256()
    for path in paths:
        total = (Path(path).stat().st_size or 1) if progress is not None else 1
        done = 0
        with open(path, "rb") as fh:
            for buf in iter(lambda: fh.read(CHUNK), b""):
                h.update(buf)
                if progress is not None:
                    done += len(buf)
                    progress(done / total)
    return h.hexdigest()


_MEMO: dict[tuple[str, int, int], str] = {}


def cached_file_sha256(path: Path | str) -> str:
    """``file_sha256`` remembered by (resolved path, size, mtime): for fingerprints, not for checks."""
    p = Path(path)
    st = p.stat()
    key = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _MEMO:
        _MEMO[key] = file_sha256(p)
    return _MEMO[key]
