"""The ledger: what was made from what, per assignment (``ledger.json`` beside manifest.json).

For every output: the stage and task that made it, the source's sha256, the fingerprint of everything
that decided its bytes (and the digest of each part, so a changed fingerprint says what changed), the
output's sha256, size and mtime, when and on which host, and the vidjourn and ffmpeg versions.

Resume reads it: a task is *current* when the ledger holds outputs for its key with the same fingerprint
and every one of those files is still there with the recorded size and mtime (no re-hash: a re-run of
an unchanged assignment must take about a second). Only the coordinator writes it, atomically.
"""

from __future__ import annotations

import copy
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict

from vidjourn import __version__
from vidjourn.core import ffmpeg
from vidjourn.core.assignment import STORY_FILE
from vidjourn.core.errors import AssignmentError, PathOutside
from vidjourn.core.fsutil import contained, hostname, read_model, write_json_atomic
from vidjourn.core.snapshot import read_once, wrote

LEDGER_FILE = "ledger.json"
VERSION = 1
MAX_BYTES = 64 * 1024 * 1024  # ~60,000 outputs; a large assignment's ledger is a few hundred KB


class Entry(BaseModel):
    """One output as the ledger records it. Strict: a number where a path belongs (``"output": 5``),
    a list where a mapping does, a missing task — each is named, never a traceback later on."""

    model_config = ConfigDict(strict=True, extra="allow")

    output: str
    stage: str
    task: str
    clip: str | None = None
    source_sha256: str | None = None
    fingerprint: str = ""
    parts: dict[str, str] = {}
    sha256: str
    size: int
    mtime_ns: int
    info: dict[str, Any] = {}
    amended_by: list[str] = []


class LedgerFile(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")

    version: int = VERSION
    outputs: dict[str, Entry]
    pending: dict[str, str] = {}


class Ledger:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.file = self.root / LEDGER_FILE
        self.outputs: dict[str, dict[str, Any]] = {}  # relative path -> entry
        # Tasks handed to an executor and not yet recorded: if the run is cut short (Ctrl-C, a power
        # cut) between a file landing in out/ and its entry here, the re-run still knows the file is ours.
        self.pending: dict[str, str] = {}  # task key -> time it was started
        # A ledger lives in an assignment; outside one (loose files) it is kept in memory only.

        self.persistent = (self.root / STORY_FILE).is_file()
        if self.persistent and os.path.lexists(self.file):
            data = copy.deepcopy(read_once(self.file, self._read))  # once a run (core.snapshot)
            self.outputs = data["outputs"]
            self.pending = data.get("pending") or {}

    def _read(self) -> dict[str, Any]:
        """The file, typed and contained, as the plain mapping ``save`` writes."""
        data = read_model(self.file, LedgerFile, MAX_BYTES, what="ledger", error=AssignmentError)
        for slot, entry in data.outputs.items():
            # every path the ledger names stays in the assignment: "../victim.mp4" or "/etc/x" in a
            # ledger someone edited is refused here, before any stage trusts, hashes or signs it
            try:
                contained(self.root, entry.output, source=self.file, shown=entry.output)
            except PathOutside as exc:
                raise AssignmentError("error.ledger_outside", path=self.file, slot=slot,
                                      value=entry.output) from exc
        return {"version": data.version, "outputs": {k: e.model_dump(exclude_unset=True) for k, e in data.outputs.items()},
                "pending": dict(data.pending)}

    # --- reading ------------------------------------------------------------------------------------

    def made_by(self, key: str) -> bool:
        """Did this task write files here before (recorded, or started and cut short)?"""
        return key in self.pending or bool(self.for_task(key))

    def made_for(self, stage: str, clip: str | None) -> list[str]:
        """Paths (relative) of the files ``stage`` made for ``clip``, whichever of its tasks made them."""
        if clip is None:
            return []
        return sorted(e["output"] for slot, e in self.outputs.items()
                      if e.get("stage") == stage and e.get("clip") == clip and slot == e.get("output"))

    def start(self, keys: Iterable[str]) -> None:
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        for k in keys:
            self.pending[k] = now
        self.save()

    def for_task(self, key: str) -> list[dict[str, Any]]:
        return [e for e in self.outputs.values() if e.get("task") == key]

    def is_current(self, key: str, fingerprint: str) -> bool:
        entries = self.for_task(key)
        if not entries:
            return False
        for e in entries:
            if e.get("fingerprint") != fingerprint:
                return False
            try:
                st = (self.root / e["output"]).stat()
            except (OSError, KeyError):
                return False
            if st.st_size != e.get("size") or st.st_mtime_ns != e.get("mtime_ns"):
                return False
        return True

    def changed_parts(self, key: str, parts: dict[str, str]) -> list[str]:
        """Names of the fingerprint parts that differ from what the ledger recorded for this task."""
        entries = self.for_task(key)
        if not entries:
            return []
        old = entries[0].get("parts") or {}
        return sorted(k for k in set(old) | set(parts) if old.get(k) != parts.get(k))

    def by_stage(self, stage: str) -> list[dict[str, Any]]:
        return [e for e in self.outputs.values() if e.get("stage") == stage]

    # --- writing (coordinator only) -----------------------------------------------------------------

    def record(self, task: Any, outputs: Iterable[Any], *, host: str | None = None) -> None:
        """Replace the task's entries with ``outputs`` (OutputRecord-like: path, sha256, size, mtime_ns)."""
        self.pending.pop(task.key, None)
        for old in [k for k, e in self.outputs.items() if e.get("task") == task.key]:
            del self.outputs[old]
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        for o in outputs:
            try:  # a worker's report naming a file outside the assignment is never recorded as ours
                contained(self.root, o.path, source=self.file)
            except PathOutside:
                continue
            slot = o.path
            owner = self.outputs.get(o.path)
            if owner is not None and owner.get("task") != task.key and owner.get("stage") == task.stage:
                # the same stage made this file again under another task (its platforms were grouped
                # otherwise): the new task owns it now; the old one made it no more
                owner = None
            if owner is not None and owner.get("task") != task.key:
                # A later stage rewrote another stage's output in place (sign embeds a manifest): the
                # maker's entry follows the file's new bytes, so it stays current; this task's own
                # entry sits beside it under "<path>#<stage>".
                owner.update(sha256=o.sha256, size=o.size, mtime_ns=o.mtime_ns)
                owner.setdefault("amended_by", [])
                if task.key not in owner["amended_by"]:
                    owner["amended_by"].append(task.key)
                slot = f"{o.path}#{task.stage}"
            self.outputs[slot] = {
                "output": o.path, "stage": task.stage, "task": task.key, "clip": task.clip,
                "source_sha256": task.source_sha256, "fingerprint": task.fingerprint,
                "parts": dict(task.fingerprint_parts), "sha256": o.sha256, "size": o.size,
                "mtime_ns": o.mtime_ns, "info": dict(getattr(o, "info", {}) or {}), "time": now,
                "host": host or hostname(), "vidjourn": __version__,
                "ffmpeg": ffmpeg.version(),
            }

    def save(self) -> None:
        if not self.persistent:
            return
        data: dict[str, Any] = {"version": VERSION, "outputs": dict(sorted(self.outputs.items()))}
        if self.pending:
            data["pending"] = dict(sorted(self.pending.items()))
        data = json.loads(json.dumps(data))  # as it reads back (tuples become lists)
        if self.file.exists():
            try:  # the snapshot's copy (what was read or last written this run): no read back
                on_disk = read_once(self.file, self._read)
                if on_disk == {**data, "pending": data.get("pending", {})}:
                    return  # unchanged: no rewrite, no mtime moves
            except (ValueError, OSError, AssignmentError):
                pass
            except Exception:  # a FileSystemError: rewritten below
                pass
        write_json_atomic(self.file, data)
        wrote(self.file, {**data, "pending": data.get("pending", {})})


def relpath(root: Path, path: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()
