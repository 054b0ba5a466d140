"""Ingest with chain of custody.

Ingest copies originals into ``raw/`` byte for byte, hashing while copying (each byte read once),
probes them and measures loudness once, and appends one record per clip to ``manifest.json`` —
rewritten atomically after EACH clip, so an interrupted batch leaves a valid manifest and re-running
the same command finishes the job. Originals are only ever opened for reading.

Two phases, as a batch tool should: first every source is found and probed (bad files are reported,
the rest carry on), then the good ones are copied in shooting order so ``_001`` is the first shot.

The core reports progress through ``on_event`` callbacks with :class:`IngestEvent`; it never prints.
Finding footage lives in :mod:`vidjourn.stages.ingest.scan`, hashing and verify in :mod:`vidjourn.stages.ingest.verify` (both
re-exported here).
"""

from __future__ import annotations

import errno
import os
import re
import signal
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from vidjourn.analysis import integrity, loudness
from vidjourn.core.assignment import Assignment
from vidjourn.core.errors import FfmpegError, VidjournError, os_error
from vidjourn.core.fsutil import atomic_path, is_stale_part
from vidjourn.core.locks import assignment_lock
from vidjourn.core.story import slugify  # noqa: F401  (re-exported)
from vidjourn.stages.ingest.scan import SIDECAR_EXTS, STILL_AUDIO_EXTS, VIDEO_EXTS, footage_check, scan  # noqa: F401
from vidjourn.stages.ingest.verify import VerifyEvent, VerifyResult, copy_hashing, verify  # noqa: F401


@dataclass(frozen=True)
class IngestEvent:
    """One thing that happened. ``kind``: scan, probe, copy, loudness, ingested, skipped, failed,
    ignored. ``fraction`` is the progress of the current step for that source (0..1)."""

    kind: str
    source: Path
    index: int = 0
    total: int = 0
    fraction: float | None = None
    file: str | None = None  # the copy, relative to the assignment
    reason: str | None = None  # skipped: already | duplicate
    error: VidjournError | None = None
    camera: str | None = None  # clock: the camera's day (YYYYMMDD) ...
    used: str | None = None  # ... and the assignment's day the clip is named by


@dataclass(frozen=True)
class IngestResult:
    ingested: tuple[dict[str, Any], ...] = ()
    skipped: tuple[dict[str, Any], ...] = ()  # {"source", "reason", "file"}
    failed: tuple[dict[str, Any], ...] = ()  # {"source", "error": VidjournError}
    ignored: tuple[str, ...] = ()  # sidecars, photos, other non-video files inside folders

    @property
    def damaged(self) -> tuple[dict[str, Any], ...]:
        """Ingested originals that are not whole (truncated, corrupt): evidence kept, flagged."""
        return tuple(r for r in self.ingested if r.get("damaged"))

    @property
    def ok(self) -> bool:
        return not self.failed and not self.damaged

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingested": [{"source": r["source"], "file": r["file"], "id": r["id"], "sha256": r["sha256"]}
                         for r in self.ingested],
            "skipped": list(self.skipped),
            "failed": [{"source": f["source"], "error": f["error"].message(), "key": f["error"].key}
                       for f in self.failed],
            "ignored": list(self.ignored),
            "damaged": [{"file": r["file"], "reason": r["damaged"]} for r in self.damaged],
        }


Callback = Callable[[IngestEvent], None]


_WRITE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _noop(_: IngestEvent) -> None:
    pass


# --- naming ---------------------------------------------------------------------------------------

def story_slug(asg: Assignment) -> str:
    """The slug used in file names: vidjourn.yaml's ``slug``, else the folder name, minus a date prefix."""
    story = asg.story()
    raw = str(story.get("slug") or asg.root.name)
    raw = re.sub(r"^\d{4}-?\d{2}-?\d{2}[_-]", "", raw)
    return slugify(raw) or "klip"


def shot_date(creation_time: str | None, mtime: float) -> str:
    """YYYYMMDD of the shooting day: the camera's creation time (UTC converted to this machine's
    local time; a time with its own offset, as Apple writes, kept as the camera saw it), else the
    file's modification time."""
    if creation_time:
        try:
            dt = datetime.fromisoformat(creation_time.replace("Z", "+00:00"))
        except ValueError:
            dt = None
        if dt is not None:
            if dt.tzinfo is not None and dt.utcoffset() == timezone.utc.utcoffset(None):
                dt = dt.astimezone()
            return dt.strftime("%Y%m%d")
    return datetime.fromtimestamp(mtime).strftime("%Y%m%d")


# A camera's clock is believed when its day is within this many days of the assignment's day (a story
# spanning a long weekend; a clip copied a day late) and not before 2015 (phones reset to 2012, 1970...).
CLOCK_DAYS = 3
CLOCK_EARLIEST = 2015


def assignment_day(asg: Assignment) -> str | None:
    """YYYYMMDD of the assignment: vidjourn.yaml's ``kapan`` (its leading date), else the folder's date prefix."""
    try:
        story = asg.story()
    except VidjournError:
        story = {}
    for text in (str(story.get("kapan") or ""), asg.root.name):
        m = re.match(r"^\s*(\d{4})-?(\d{2})-?(\d{2})", text)
        if m:
            try:
                return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))).strftime("%Y%m%d")
            except ValueError:
                continue
    return None


def plausible_day(camera: str, day: str | None) -> str:
    """The day to name a clip by: the camera's, unless its clock is implausible for the assignment (more
    than CLOCK_DAYS from the assignment's day, or before CLOCK_EARLIEST): then the assignment's."""
    if day is None:
        return camera
    cam = datetime.strptime(camera, "%Y%m%d")
    if cam.year < CLOCK_EARLIEST or abs((cam - datetime.strptime(day, "%Y%m%d")).days) > CLOCK_DAYS:
        return day
    return camera


def _shot_ts(creation_time: str | None, mtime: float) -> float:
    if creation_time:
        try:
            dt = datetime.fromisoformat(creation_time.replace("Z", "+00:00"))
            return (dt if dt.tzinfo else dt.astimezone()).timestamp()
        except ValueError:
            pass
    return mtime


def _next_number(clips: Iterable[dict[str, Any]]) -> int:
    n = 0
    for rec in clips:
        m = re.search(r"_(\d{3,})$", str(rec.get("id", "")))
        if m:
            n = max(n, int(m.group(1)))
    return n + 1


def _remove_stale_parts(raw: Path) -> None:
    """Temp copies left by a run that was killed outright (SIGKILL, power cut)."""
    if not raw.is_dir():
        return
    for f in raw.iterdir():
        if is_stale_part(f):  # this host's, its process gone (names: core.fsutil.temp_sibling)
            try:
                f.chmod(0o644)
                f.unlink()
            except OSError:
                pass


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- the stage ------------------------------------------------------------------------------------

def source_text(path: Path) -> str:
    """Where an original came from, as the manifest records it: the absolute path as text, with the
    bytes of a name that is not UTF-8 (kept by Python as surrogate escapes on POSIX) written ``\\xff``,
    so the manifest can be written (JSON is UTF-8) and the clip is ingested by its content."""
    from vidjourn.core.textsafe import shown

    return shown(str(path.resolve()))


def ingest(
    asg: Assignment,
    sources: Iterable[Path | str],
    *,
    measure_loudness: bool = True,
    on_event: Callback = _noop,
) -> IngestResult:
    """Copy ``sources`` (files or folders) into ``asg.raw`` with hashes, probe data and loudness."""

    with assignment_lock(asg.root, "ingest"):
        return _ingest(asg, sources, measure_loudness=measure_loudness, on_event=on_event)


def _ingest(asg: Assignment, sources: Iterable[Path | str], *, measure_loudness: bool,
            on_event: Callback) -> IngestResult:

    manifest = asg.manifest()
    clips: list[dict[str, Any]] = manifest["clips"]
    by_hash = {c["sha256"]: c for c in clips}
    by_source = {(c.get("source"), c.get("size"), c.get("source_mtime_ns")): c for c in clips}
    slug = story_slug(asg)
    day = assignment_day(asg)
    asg.raw.mkdir(parents=True, exist_ok=True)
    _remove_stale_parts(asg.raw)

    found = scan(sources, exclude=(asg.raw, asg.work, asg.out, asg.shotlog, asg.root / "presets"))
    failed = list(found.failed)
    for f in failed:
        on_event(IngestEvent("failed", Path(f["source"]), error=f["error"]))
    ignored = list(found.ignored)
    skipped: list[dict[str, Any]] = []
    ingested: list[dict[str, Any]] = []

    # Phase 1: probe every candidate (cheap), skipping what the manifest already has.
    good: list[tuple[Path, Any, os.stat_result]] = []
    n = len(found.files)
    for i, (path, explicit) in enumerate(found.files, 1):
        st = path.stat()
        src_abs = source_text(path)
        known = by_source.get((src_abs, st.st_size, st.st_mtime_ns))
        if known is not None:
            # Same file, same size, same mtime as a recorded original: nothing to read again.
            skipped.append({"source": str(path), "reason": "already", "file": known["file"]})
            on_event(IngestEvent("skipped", path, i, n, file=known["file"], reason="already"))
            continue
        on_event(IngestEvent("probe", path, i, n, fraction=i / n))
        try:
            info = footage_check(path, explicit)
        except VidjournError as exc:
            failed.append({"source": str(path), "error": exc})
            on_event(IngestEvent("failed", path, i, n, error=exc))
            continue
        if info is None:
            ignored.append(str(path))
            on_event(IngestEvent("ignored", path, i, n))
            continue
        good.append((path, info, st))

    # Phase 2: copy in shooting order, so _001 is the first shot of the day.
    good.sort(key=lambda g: (_shot_ts(g[1].creation_time, g[2].st_mtime), str(g[0])))
    number = _next_number(clips)
    total = len(good)
    for i, (path, info, st) in enumerate(good, 1):
        def emit(kind: str, fraction: float | None = None, *, _p: Path = path, _i: int = i, **kw: Any) -> None:
            on_event(IngestEvent(kind, _p, _i, total, fraction=fraction, **kw))

        ext = path.suffix.lower() or "." + info.container
        camera_day = shot_date(info.creation_time, st.st_mtime)
        named_day = plausible_day(camera_day, day)
        if named_day != camera_day:  # say so: the name no longer shows the camera's (wrong) date
            emit("clock", camera=camera_day, used=named_day)
        name = f"{named_day}_{slug}_{number:03d}{ext}"
        final = asg.raw / name
        while final.exists():  # a stray file not in the manifest keeps its name; take the next number
            number += 1
            name = f"{named_day}_{slug}_{number:03d}{ext}"
            final = asg.raw / name
        rel = final.relative_to(asg.root).as_posix()
        try:
            # The copy keeps the original's mtime and becomes read-only; only then is it renamed
            # into place (together with the manifest record, see below).
            with atomic_path(final, force=False) as tmp:
                sha, size = copy_hashing(path, tmp, lambda f: emit("copy", f))
                dup = by_hash.get(sha)
                if dup is not None:
                    raise _Duplicate(dup["file"])
                loud = None
                if measure_loudness and info.has_audio:
                    box: list = []
                    try:
                        for ev in loudness.measure_events(tmp, duration=info.duration, on_result=box.append):
                            emit("loudness", ev.fraction)
                    except FfmpegError:
                        box = [None]  # undecodable audio: still ingest the evidence, export measures itself
                    loud = box[0] if box else None
                # A truncated original still probes fine (the index comes first): read every packet.
                # It is ingested all the same (it is evidence, byte for byte) and flagged as damaged.
                damaged = integrity.damage(tmp)
                os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
                tmp.chmod(0o444)
                _deferred.enter()  # atomic_path renames tmp -> final on leaving this block
        except _Duplicate as d:
            skipped.append({"source": str(path), "reason": "duplicate", "file": d.file})
            emit("skipped", file=d.file, reason="duplicate")
            continue
        except (OSError, VidjournError) as exc:
            _deferred.exit()
            # A write that fails (full disk, read-only raw/) names raw/; a read that fails the original.
            where = getattr(exc, "filename", None) or (final if getattr(exc, "errno", None) in _WRITE_ERRNOS
                                                       else path)
            err = os_error(exc, where)
            failed.append({"source": str(path), "error": err})
            emit("failed", error=err)
            continue
        media = replace(info, path=rel).to_dict()
        record = {
            "id": final.stem,
            "file": rel,
            "source": source_text(path),
            "sha256": sha,
            "size": size,
            "ingested_at": _now(),
            "source_mtime_ns": st.st_mtime_ns,
            "media": media,
            "loudness": loud.to_dict() if loud is not None else None,
        }
        if damaged:
            record["damaged"] = damaged
        clips.append(record)
        by_hash[sha] = record
        by_source[(record["source"], size, st.st_mtime_ns)] = record
        # After EACH clip: an interrupted batch keeps everything finished so far. Ctrl-C between
        # the rename and this write is held back, so raw/ never has a file the manifest lacks.
        try:
            asg.write_manifest(manifest)
        except OSError:
            # The manifest could not be written (a full disk): take the copy back out of raw/, so
            # raw/ never holds a file the manifest lacks; the error names manifest.json.
            clips.pop()
            try:
                final.chmod(0o644)
                final.unlink()
            except OSError:
                pass
            raise
        finally:
            _deferred.exit()
        number += 1
        ingested.append(record)
        emit("ingested", 1.0, file=rel)
        if damaged:
            emit("damaged", file=rel, reason=damaged)

    return IngestResult(tuple(ingested), tuple(skipped), tuple(failed), tuple(ignored))


class _InterruptHold:
    """Holds Ctrl-C/SIGTERM back during a short critical section, then delivers it.

    Only in the main thread (signal handlers live there); a batch worker thread runs unguarded."""

    def __init__(self) -> None:
        self._saved: dict[int, Any] | None = None
        self._pending: int | None = None

    def enter(self) -> None:
        if self._saved is not None or threading.current_thread() is not threading.main_thread():
            return
        self._pending = None

        def hold(signum, frame):
            self._pending = signum

        self._saved = {}
        for sig in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
            if sig is not None:
                self._saved[sig] = signal.signal(sig, hold)

    def exit(self) -> None:
        if self._saved is None:
            return
        for sig, handler in self._saved.items():
            signal.signal(sig, handler)
        self._saved = None
        if self._pending is not None:
            self._pending = None
            raise KeyboardInterrupt


_deferred = _InterruptHold()


class _Duplicate(Exception):
    def __init__(self, file: str) -> None:
        super().__init__(file)
        self.file = file


