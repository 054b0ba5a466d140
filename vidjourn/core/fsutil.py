"""Atomic writes: a temporary name in the same folder, moved into place with os.replace.

An interrupted run leaves either the old file or the new one, never half of one.

Temp ("part") names carry the host, the process id and a random part
(``.clip.part-pc3-4711-9f2c1a.mp4``): two processes, or two PCs of a Dask cluster writing to one shared
folder, never share a temp file. A part file left behind by a process that was killed outright
(SIGKILL, a dead Dask worker, a power cut) is removed before the next write of the same file — but
only when it is this host's and its process is gone: nothing ever deletes a part file of another host
or of a live process.
"""

from __future__ import annotations

import glob
import json
import os
import re
import secrets
import platform
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from vidjourn.core.errors import OutputExists


def hostname() -> str:
    """This machine's name, from uname (no socket call: captions prove they open no socket)."""
    return platform.node() or "host"


HOST = re.sub(r"[^A-Za-z0-9_]", "_", hostname())[:32] or "host"
_PART_RE = re.compile(
    r"^\.(?P<stem>.+)\.part-(?P<host>[A-Za-z0-9_]+)-(?P<pid>\d+)-(?P<rand>[0-9a-f]{6})(?P<suffix>\.[^.]*)?$")
# Windows cannot cheaply tell a dead pid from a live one (os.kill(pid, 0) would TERMINATE it): age it is.
STALE_AFTER_WINDOWS = 6 * 3600


def temp_sibling(path: Path) -> Path:
    """A temporary name beside ``path`` that keeps its extension (so ffmpeg picks the muxer).

    Unique per host, process and call; stale part files of the same target are swept first.
    """
    path = Path(path)
    sweep_stale_parts(path)
    return path.with_name(f".{path.stem}.part-{HOST}-{os.getpid()}-{secrets.token_hex(3)}{path.suffix}")


def parse_part(name: str) -> tuple[str, str, int] | None:
    """(target file name, host, pid) of a part file's name, or None when it is not one."""
    m = _PART_RE.match(name)
    if m is None:
        return None
    return m.group("stem") + (m.group("suffix") or ""), m.group("host"), int(m.group("pid"))


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` of this host still runs (a zombie — killed, not yet reaped — does not)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's live process
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return True


def is_stale_part(part: Path) -> bool:
    """A part file of THIS host whose process is gone (never another host's, never a live process's)."""
    parsed = parse_part(part.name)
    if parsed is None or parsed[1] != HOST:
        return False
    if sys.platform == "win32":
        try:
            return time.time() - part.stat().st_mtime > STALE_AFTER_WINDOWS
        except OSError:
            return False
    return not pid_alive(parsed[2])


def sweep_stale_parts_in(folder: Path | str) -> list[Path]:
    """Remove every stale part file (:func:`is_stale_part`) directly inside ``folder``."""
    removed: list[Path] = []
    try:
        candidates = [p for p in Path(folder).iterdir() if ".part-" in p.name]
    except OSError:
        return removed
    for part in candidates:
        if is_stale_part(part):
            try:
                part.unlink()
                removed.append(part)
            except OSError:
                pass
    return removed


def sweep_stale_parts(target: Path | str) -> list[Path]:
    """Remove the stale part files (:func:`is_stale_part`) of ``target``; returns those removed."""
    target = Path(target)
    removed: list[Path] = []
    try:
        candidates = list(target.parent.glob(f".{glob.escape(target.stem)}.part-*"))
    except OSError:
        return removed
    for part in candidates:
        parsed = parse_part(part.name)
        if parsed and parsed[0] == target.name and is_stale_part(part):
            try:
                part.unlink()
                removed.append(part)
            except OSError:
                pass
    return removed


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


def contained(base: Path | str, value: object, *, source: Path | str, where: str = "assignment",
              shown: object = None) -> Path:
    """``base / value`` when it stays inside ``base`` (after following links), else :class:`PathOutside`.

    Every path read from a file someone could hand us — a manifest's ``file``, a preset's logo, a
    job file's clips — goes through here, so ``../../etc/passwd`` or ``/etc/passwd`` in such a file
    is refused with a message naming that file instead of being hashed, rendered or listed."""
    import os

    from vidjourn.core.errors import PathOutside

    base = Path(base)
    text = value if isinstance(value, str) else None
    if not text or "\x00" in text or Path(text).is_absolute() or Path(text).drive:
        raise PathOutside("error.path_outside", source=source, value=value if shown is None else shown,
                          root=base, where=_where(where))
    candidate = base / text
    real_base = os.path.realpath(base)
    real = os.path.realpath(candidate)
    if os.path.commonpath([real_base, real]) != real_base:
        raise PathOutside("error.path_outside", source=source, value=value if shown is None else shown,
                          root=base, where=_where(where))
    return candidate


def _where(key: str) -> str:
    from vidjourn.core.i18n import t

    return t(f"where.{key}")
