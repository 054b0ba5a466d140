"""Finding footage: files and folders (camera/phone DCIM layouts) expanded into candidate clips,
video recognised by content (a probe), sidecars, photos and hidden files skipped quietly."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vidjourn.core.errors import MediaError, VidjournError, os_error
from vidjourn.core.fsutil import require_readable
from vidjourn.core.probe import probe

# Extensions that are video for sure: a probe failure on one of these is an error worth reporting.
VIDEO_EXTS = {
    ".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm", ".mts", ".m2ts", ".ts", ".3gp", ".3g2", ".mxf",
    ".mpg", ".mpeg", ".wmv", ".flv", ".vob", ".dv", ".insv",
}
# Camera/phone sidecars skipped quietly even though some (GoPro .LRV, DJI .LRF) are themselves
# low-resolution proxy videos that must not be mistaken for originals.
SIDECAR_EXTS = {
    ".thm", ".lrv", ".lrf", ".aae", ".xmp", ".xml", ".ctg", ".bin", ".ind", ".bdm", ".mpl", ".cpi",
    ".srt", ".sav", ".dat", ".txt", ".json", ".log", ".db", ".ini",
}
# Still images and audio are not footage; skipped without probing (a DCIM folder holds many photos).
STILL_AUDIO_EXTS = {
    ".jpg", ".jpeg", ".png", ".heic", ".heif", ".dng", ".cr2", ".cr3", ".arw", ".nef", ".raf", ".orf",
    ".rw2", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg",
}
# Demuxers that open stills, text or raw streams: a "video stream" from these is not footage.
_NOT_FOOTAGE_FORMATS = ("image2", "tty", "gif", "apng", "webp", "lavfi")


# --- scanning -------------------------------------------------------------------------------------

@dataclass
class _Scan:
    files: list[tuple[Path, bool]] = field(default_factory=list)  # (path, named explicitly)
    failed: list[dict[str, Any]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def _walk(folder: Path, errors: list[OSError] | None = None) -> Iterable[Path]:
    # Folder links are not followed (a link back to a parent would loop); an unreadable folder is
    # reported through ``errors`` (permission denied), not mistaken for an empty one.
    for dirpath, dirnames, filenames in os.walk(folder, onerror=None if errors is None else errors.append):
        # Hidden folders (.Trashes, .Spotlight-V100) hold no footage; sorted for a stable order.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            yield Path(dirpath) / name


def scan(sources: Iterable[Path | str], exclude: Iterable[Path] = ()) -> _Scan:
    """Expand files and folders into candidate files; missing paths become failures.

    Folders in ``exclude`` (the assignment's raw/, work/, out/, shotlog/) are not walked, so
    `vidjourn ingest .` inside an assignment does not take its own copies or exports for originals."""
    out = _Scan()
    seen: set[str] = set()
    skip = tuple(os.path.realpath(e) for e in exclude)

    def fail(path: Path, error) -> None:
        out.failed.append({"source": str(path), "error": error})

    for src in sources:
        p = Path(src).expanduser()
        if not p.exists():
            fail(p, _unreadable(p) if os.path.lexists(p) else MediaError("error.file_missing", path=p))
            continue
        if p.is_file() or not p.is_dir():  # a file, or a FIFO or device named on its own
            problem = _unreadable(p)
            if problem is not None:
                fail(p, problem)
            elif os.path.realpath(p) not in seen:
                seen.add(os.path.realpath(p))
                out.files.append((p, True))
            continue
        found = problems = 0
        walk_errors: list[OSError] = []
        for f in _walk(p, walk_errors):
            real = os.path.realpath(f)  # never raises, even on a link loop (Path.resolve does)
            if skip and any(os.path.commonpath([real, x]) == x for x in skip):
                continue
            ext = f.suffix.lower()
            # AppleDouble "._x.MOV" files on exFAT cards and other hidden files are not footage.
            if f.name.startswith(".") or ext in SIDECAR_EXTS or ext in STILL_AUDIO_EXTS:
                out.ignored.append(str(f))
                continue
            problem = _unreadable(f)  # a link loop, a broken link, no permission: this file's error
            if problem is not None:
                fail(f, problem)
                problems += 1
                continue
            if real in seen:
                continue
            seen.add(real)
            out.files.append((f, False))
            found += 1
        for exc in walk_errors:
            fail(Path(exc.filename or p), os_error(exc))
        if not found and not problems and not walk_errors:
            fail(p, MediaError("ingest.error_no_video", path=p))
    return out


def _unreadable(path: Path):
    """The error for a file that cannot be opened for reading, or is no regular file (a FIFO, a
    device): None when it can be read. Never blocks (a FIFO is opened with O_NONBLOCK)."""

    try:
        require_readable(path)
        return None
    except VidjournError as exc:
        return exc


def footage_check(path: Path, explicit: bool):
    """Probe ``path``; a MediaInfo if it is footage, None if it is a quietly ignorable non-video,
    MediaError if it should have been video (named explicitly or a video extension)."""

    should_be_video = explicit or path.suffix.lower() in VIDEO_EXTS
    try:
        info = probe(path)
    except MediaError:
        if should_be_video:
            raise
        return None
    v = info.video
    fmt_is_still = info.container in _NOT_FOOTAGE_FORMATS or info.container.endswith("_pipe")
    if v is None or fmt_is_still or v.codec in ("ansi", "bintext", "xbin", "idf"):
        if should_be_video:
            what = "no video stream" if v is None else f"a still image or text ({info.container})"
            raise MediaError("error.not_media", path=path, reason=what)
        return None
    return info
