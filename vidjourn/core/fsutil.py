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
import platform
import re
import secrets
import stat as st_
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from vidjourn.core import validation
from vidjourn.core.errors import ConfigError, FileSystemError, OutputExists, PathOutside, os_error
from vidjourn.core.i18n import t


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
    return t(f"where.{key}")


# --- bounded reads -------------------------------------------------------------------------------------

def read_bounded(path: Path | str, limit: int, *, what: str = "file") -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes — the one way vidjourn reads a
    file someone could hand it (ledger, register, manifest, job file, YAML, certificates).

    Opened with ``O_NONBLOCK`` (a FIFO does not hang the open), refused unless it is a regular file
    (a FIFO, a device such as a link to ``/dev/zero``, a socket), and the limit is enforced while
    reading — not by ``stat()``, which a device or a growing file makes meaningless. Errors name the
    file and say what to do (:class:`FileSystemError`); ``what`` names the kind of file for the message
    (``t("what.<what>")``)."""


    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise os_error(exc, path) from None
    try:
        mode = os.fstat(fd).st_mode
        if not st_.S_ISREG(mode):
            if st_.S_ISDIR(mode):
                raise FileSystemError("error.os.is_dir", path=path, reason="directory")
            raise FileSystemError("error.read.not_regular", path=path, what=_what(what))
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                buf = os.read(fd, min(1 << 20, limit + 1 - total))
            except BlockingIOError:  # pragma: no cover - only a non-regular file would block
                raise FileSystemError("error.read.not_regular", path=path, what=_what(what)) from None
            if not buf:
                break
            chunks.append(buf)
            total += len(buf)
            if total > limit:
                raise FileSystemError("error.read.too_big", path=path, what=_what(what), limit=_size(limit))
        return b"".join(chunks)
    except OSError as exc:
        raise os_error(exc, path) from None
    finally:
        os.close(fd)


def require_readable(path: Path | str, *, what: str = "media") -> None:
    """``path`` opens for reading and is a regular file (or a folder), checked without blocking: a
    FIFO on a card is refused at once instead of hanging the open (the clip beside it carries on)."""
    import stat as st_

    from vidjourn.core.errors import FileSystemError, os_error

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise os_error(exc, path) from None
    try:
        mode = os.fstat(fd).st_mode
    finally:
        os.close(fd)
    if not (st_.S_ISREG(mode) or st_.S_ISDIR(mode)):
        raise FileSystemError("error.read.not_regular", path=path, what=_what(what))


def require_regular(path: Path | str, *, what: str = "media") -> None:
    """Refuse a FIFO, a device or a socket before a tool opens it (ffmpeg would wait on a FIFO for
    ever, or read a link to /dev/zero until the disk is full). ``stat`` never blocks; a missing file
    is left to the caller's own message."""


    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not (st_.S_ISREG(mode) or st_.S_ISDIR(mode)):
        raise FileSystemError("error.read.not_regular", path=path, what=_what(what))


def read_model(path: Path | str, model: Any, limit: int, *, what: str, error: Any = None, **error_args: Any) -> Any:
    """``path`` (JSON, at most ``limit`` bytes, read by :func:`read_bounded`) validated by the pydantic
    ``model``. A file that is not UTF-8 JSON of that shape raises ``error`` (a VidjournError class,
    default ConfigError) with ``error.read.bad_json``: the file, where in it, what was expected."""

    data = read_bounded(path, limit, what=what)
    return parse_model(data, model, path=path, what=what, error=error, **error_args)


def parse_model(data: bytes | str, model: Any, *, path: Path | str, what: str, error: Any = None,
                line: int | None = None, **error_args: Any) -> Any:
    """JSON ``data`` validated by ``model`` (see :func:`read_model`)."""
    import pydantic


    err = error or ConfigError
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise err("error.read.bad_json", path=path, what=_what(what),
                      reason=_at(line) + f"not UTF-8 text (byte {exc.start})", **error_args) from None
    try:
        return model.model_validate_json(data)
    except pydantic.ValidationError as exc:
        raise err("error.read.bad_json", path=path, what=_what(what), reason=_at(line) + explain(exc),
                  **error_args) from None
    except (ValueError, RecursionError) as exc:  # pragma: no cover - pydantic wraps JSON errors itself
        raise err("error.read.bad_json", path=path, what=_what(what), reason=_at(line) + str(exc)[:200],
                  **error_args) from None


def explain(exc: Any) -> str:
    """The first problem of a pydantic ValidationError, worded as every settings file's
    (:mod:`vidjourn.core.validation`): where, and what was expected."""

    e = exc.errors(include_url=False)[0]
    if e.get("type") == "json_invalid":
        return t("read.expected.json", where=validation.where(e.get("loc", ())),
                 detail=str(e.get("ctx", {}).get("error", ""))[:120])
    return validation.problem(e.get("loc", ()), e)


def _at(line: int | None) -> str:
    if line is None:
        return ""

    return t("read.line", n=line) + ": "


def _what(key: str) -> str:
    return t(f"what.{key}")


def _size(n: int) -> str:
    if n >= (1 << 20):
        return f"{n / (1 << 20):.0f} MB"
    return f"{n // 1024} KB" if n >= 1024 else f"{n} bytes"
