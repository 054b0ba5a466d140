"""One lock discipline for every command that writes in an assignment.

Two writers at once in one assignment lose work: two ingests each rewrite manifest.json from their
own copy; two exports both encode everything and the second silently replaces the first's files.
So every writer (ingest, export, brand into the assignment, shotlog, and the pipeline's coordinator)
holds :func:`assignment_lock` for the whole run, and a second one is refused at once with a message
naming the command and process that holds it.

The lock is an OS file lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows) on
``<assignment>/.vidjourn.lock``: the kernel releases it when the holder dies, even by SIGKILL or a
power cut, so there is no stale-lock guessing by pid. The file itself stays (deleting a lock file
races with the next taker); its content — who holds it — is only for the message.

The lock is re-entrant within a process (the demo runs every stage in one process).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from vidjourn.core.fsutil import hostname
from vidjourn.core.errors import AssignmentError, os_error

LOCK_FILE = ".vidjourn.lock"
_WIN_OFFSET = 1 << 30  # Windows locks a byte range; lock one far past the text so the text stays readable

_held: dict[str, int] = {}  # resolved root -> depth, for re-entrance in one process
_fds: dict[str, int] = {}  # resolved root -> the locked file descriptor
_guard = threading.Lock()


def _forget_in_child() -> None:
    """A forked child (a process-pool worker) inherits the locked descriptor, and with it the lock:
    it would keep the assignment "busy" after its parent is gone. The child closes its copies (the
    parent's lock stands: flock holds while any copy is open) and holds nothing itself."""
    for fd in _fds.values():
        try:
            os.close(fd)
        except OSError:
            pass
    _fds.clear()
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


class Locked(AssignmentError):
    """Another vidjourn process is writing in this assignment."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(fd, _WIN_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(fd, _WIN_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def holder(root: Path | str) -> dict:
    """Who wrote the lock file last (``{}`` when nobody holds it or it cannot be read)."""
    try:
        text = (Path(root) / LOCK_FILE).read_text(encoding="utf-8").strip()
        data = json.loads(text) if text else {}
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


@contextmanager
def assignment_lock(root: Path | str, command: str) -> Iterator[None]:
    """Hold the assignment's writer lock for ``command`` (e.g. ``"export"``) or raise :class:`Locked`."""
    root = Path(root)
    key = os.path.realpath(root)
    with _guard:
        if _held.get(key):
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                _held[key] -= 1
        return
    path = root / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as exc:
        raise os_error(exc, path) from None
    try:
        if not _try_lock(fd):
            info = holder(root)
            raise Locked("error.locked", path=root, command=info.get("command", "?"),
                         pid=info.get("pid", "?"), since=info.get("since", "?"))
        me = {"command": command, "pid": os.getpid(), "host": hostname(),
              "since": time.strftime("%H:%M:%S")}
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, (json.dumps(me) + "\n").encode())
        except OSError:
            pass  # the text is only for the message; the lock itself is held
        with _guard:
            _held[key] = 1
            _fds[key] = fd
        try:
            yield
        finally:
            with _guard:
                _held.pop(key, None)
                _fds.pop(key, None)
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            _unlock(fd)
    finally:
        os.close(fd)
