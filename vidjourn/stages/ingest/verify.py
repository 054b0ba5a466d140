"""Hashing originals: copy-while-hashing for ingest (each byte read once) and re-hashing for verify."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vidjourn.core.assignment import Assignment
from vidjourn.core.digest import CHUNK, file_sha256
from vidjourn.core.errors import VidjournError, os_error


# --- copy while hashing ---------------------------------------------------------------------------

def copy_hashing(src: Path, dst_tmp: Path, progress: Callable[[float], None] | None = None) -> tuple[str, int]:
    """Copy ``src`` to ``dst_tmp`` computing sha256 on the way: each byte is read once."""
    h = hashlib.sha256()
    total = src.stat().st_size or 1
    done = 0
    with open(src, "rb") as fin, open(dst_tmp, "xb") as fout:
        while True:
            buf = fin.read(CHUNK)
            if not buf:
                break
            h.update(buf)
            fout.write(buf)
            done += len(buf)
            if progress is not None:
                progress(done / total)
        fout.flush()
        os.fsync(fout.fileno())
    return h.hexdigest(), done



# --- verify ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class VerifyEvent:
    file: str
    index: int
    total: int
    fraction: float | None
    status: str | None = None  # ok | missing | changed (set when the file is done)


@dataclass(frozen=True)
class VerifyResult:
    ok: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    unexpected: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()  # records that could not be checked (unreadable, outside the assignment)

    @property
    def passed(self) -> bool:
        return not (self.missing or self.changed or self.unexpected or self.errors)

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "ok": list(self.ok), "missing": list(self.missing),
                "changed": list(self.changed), "unexpected": list(self.unexpected), "errors": list(self.errors)}


def verify(asg: Assignment, on_event: Callable[[VerifyEvent], None] = lambda e: None) -> VerifyResult:
    """Re-hash every original in ``raw/`` against the manifest."""
    clips = asg.clips()
    ok: list[str] = []
    missing: list[str] = []
    changed: list[str] = []
    errors: list[str] = []
    listed = set()
    n = len(clips)
    for i, rec in enumerate(clips, 1):
        rel = str(rec.get("file"))
        listed.add(rel)
        # The original's provenance sidecar (raw/<clip>.c2pa, made by the sign stage) belongs to it.
        listed.add(Path(rel).with_suffix(".c2pa").as_posix())
        try:
            path = asg.clip_path(rec)  # a manifest entry leaving the assignment is refused, not hashed
        except VidjournError as exc:
            errors.append(exc.message())
            on_event(VerifyEvent(rel, i, n, 1.0, "error"))
            continue
        if not path.is_file():
            missing.append(rel)
            on_event(VerifyEvent(rel, i, n, 1.0, "missing"))
            continue
        def progress(f: float, rel: str = rel, i: int = i) -> None:
            on_event(VerifyEvent(rel, i, n, f))

        try:
            digest = file_sha256(path, progress)
        except OSError as exc:  # unreadable: say so for this file and check the others
            errors.append(os_error(exc, path).message())
            on_event(VerifyEvent(rel, i, n, 1.0, "error"))
            continue
        status = "ok" if digest == rec["sha256"] and path.stat().st_size == rec["size"] else "changed"
        (ok if status == "ok" else changed).append(rel)
        on_event(VerifyEvent(rel, i, n, 1.0, status))
    unexpected = []
    if asg.raw.is_dir():
        for f in sorted(asg.raw.rglob("*")):
            rel = f.relative_to(asg.root).as_posix()
            if f.is_file() and rel not in listed:
                unexpected.append(rel)
    return VerifyResult(tuple(ok), tuple(missing), tuple(changed), tuple(unexpected), tuple(errors))
