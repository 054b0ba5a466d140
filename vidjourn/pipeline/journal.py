"""Finished-task notes, so a coordinator killed outright loses no finished work.

A worker (pool process, Dask worker) that finishes a task writes a note of its Result in the
assignment's ``work/pending/`` before sending the Result back. The coordinator deletes the note once it
has recorded the Result in the ledger. If the coordinator died in between (SIGKILL, power cut, a
laptop lid), the next batch adopts the notes whose files are still exactly as noted (size and mtime):
they go into the ledger as if the Result had arrived, so the re-run finds those outputs current instead
of meeting files it does not know. Workers still never write the ledger itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from pathlib import Path

from typing import Any

from pydantic import BaseModel, ConfigDict

from vidjourn.core.errors import VidjournError
from vidjourn.core.fsutil import read_model, write_json_atomic
from vidjourn.core.ledger import Ledger
from vidjourn.stages.base import OutputRecord, Result, Task

FOLDER = ("work", "pending")



NOTE_MAX = 16 * 1024 * 1024


class _NoteTask(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")
    stage: str
    key: str
    assignment: str
    clip: str | None = None
    params: dict[str, Any] = {}
    fingerprint: str = ""
    source_sha256: str | None = None
    after: list[str] = []


class _NoteOutput(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")
    path: str
    sha256: str
    size: int
    mtime_ns: int
    info: dict[str, Any] = {}


class Note(BaseModel):
    """A worker's note of a finished task (job results), as adopt() reads it back: typed, strict."""

    model_config = ConfigDict(strict=True, extra="ignore")
    task: _NoteTask
    outputs: list[_NoteOutput]
    fingerprint_parts: dict[str, str] | None = None
    host: str | None = None

def _note(task: Task) -> Path:
    return Path(task.assignment).joinpath(*FOLDER, hashlib.sha256(task.key.encode()).hexdigest()[:32] + ".json")


def write(task: Task, res: Result) -> None:
    """Worker side: note a successful Result (best effort: a failed note only costs a re-encode)."""
    if not res.ok or not res.outputs:
        return
    try:
        write_json_atomic(_note(task), {"task": asdict(task), "outputs": [asdict(o) for o in res.outputs],
                                        "fingerprint_parts": res.data.get("fingerprint_parts"),
                                        "host": res.data.get("host")})
    except (OSError, TypeError, ValueError):
        pass


def discard(task: Task) -> None:
    """Coordinator side: the Result is in the ledger; the note is no longer needed."""
    try:
        _note(task).unlink()
    except OSError:
        pass


def adopt(root: Path | str) -> int:
    """Coordinator side, before planning: record the notes whose files are unchanged; returns how many."""
    folder = Path(root).joinpath(*FOLDER)
    try:
        notes = sorted(folder.glob("*.json"))
    except OSError:
        return 0
    if not notes:
        return 0
    ledger = Ledger(root)
    adopted = 0
    for path in notes:
        try:
            note = read_model(path, Note, NOTE_MAX, what="json")  # bounded, typed: a worker's note is a file
            d = note.task.model_dump()
            task = Task(**{**d, "after": tuple(d.get("after") or ())})
            outputs = [OutputRecord(**o.model_dump()) for o in note.outputs]
            ok = all(_unchanged(Path(root) / o.path, o) for o in outputs)
        except (OSError, ValueError, KeyError, TypeError, VidjournError):
            ok = False
        if ok:
            if note.fingerprint_parts:
                task = task.refingerprinted(note.fingerprint_parts)
            ledger.record(task, outputs, host=note.host)  # outputs outside the assignment are not recorded
            adopted += 1
        try:
            path.unlink()
        except OSError:
            pass
    if adopted:
        ledger.save()
    return adopted


def _unchanged(path: Path, o: OutputRecord) -> bool:
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_size == o.size and st.st_mtime_ns == o.mtime_ns
