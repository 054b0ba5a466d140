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
import json
from dataclasses import asdict
from pathlib import Path

from vidjourn.core.fsutil import write_json_atomic
from vidjourn.core.ledger import Ledger
from vidjourn.stages.base import OutputRecord, Result, Task

FOLDER = ("work", "pending")


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
            data = json.loads(path.read_text(encoding="utf-8"))
            d = data["task"]
            task = Task(**{**d, "after": tuple(d.get("after") or ())})
            outputs = [OutputRecord(**o) for o in data["outputs"]]
            ok = all(_unchanged(Path(root) / o.path, o) for o in outputs)
        except (OSError, ValueError, KeyError, TypeError):
            ok = False
        if ok:
            if data.get("fingerprint_parts"):
                task = task.refingerprinted(data["fingerprint_parts"])
            ledger.record(task, outputs, host=data.get("host"))
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
