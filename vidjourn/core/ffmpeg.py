"""The one ffmpeg runner: find the binary, run argument lists, stream progress, fail clearly.

* Binary: ``VIDJOURN_FFMPEG``, then the one bundled by imageio-ffmpeg, then ``ffmpeg`` on PATH.
* Commands are argument lists (never a shell string); ``-nostdin`` is always added.
* :func:`run` is a generator of :class:`Progress` events parsed from ``-progress pipe:1``; the core
  never draws bars. :func:`run_quiet` drains it.
* A non-zero exit raises :class:`~vidjourn.core.errors.FfmpegError` with the command and stderr's tail.
* Ctrl-C, SIGTERM (turned into KeyboardInterrupt by the CLI) or closing the generator kill the child
  and delete the partial ``outputs``.
* ffmpeg dies with the process that started it, even when that process is killed outright (a Dask
  worker SIGKILLed mid-encode): see :mod:`vidjourn.core.procguard`.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shlex
import shutil
import subprocess
import threading
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from vidjourn.core import procguard
from vidjourn.core.cache import JsonCache, user_cache_dir
from vidjourn.core.errors import FfmpegError, FfmpegNotFound, os_error

log = logging.getLogger("vidjourn.core.ffmpeg")

STDERR_TAIL_LINES = 15


@dataclass(frozen=True)
class Progress:
    """One progress report from a running ffmpeg."""

    out_time: float  # seconds of output written so far
    total: float | None  # expected output duration, if known
    speed: float | None  # x realtime
    done: bool = False

    @property
    def fraction(self) -> float | None:
        if self.done:
            return 1.0
        if not self.total:
            return None
        return max(0.0, min(1.0, self.out_time / self.total))


def cache_dir() -> Path:
    """vidjourn's per-machine cache folder (``VIDJOURN_CACHE`` overrides it)."""
    return user_cache_dir()


_checked: dict[str, str | None] = {}


def _binary_version(path: str) -> str | None:
    """The version line of a working ffmpeg at ``path``, or None if it does not run.

    Running ``ffmpeg -version`` costs 30-60 ms, paid by every command; a binary that once answered
    is remembered on disk by path, size and mtime, so a replaced binary is checked again.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}"
    if key in _checked:
        return _checked[key]

    store = JsonCache(cache_dir())
    known = store.get("ffmpeg-binaries")
    if not isinstance(known, dict):
        known = {}
    if isinstance(known.get(key), str):
        _checked[key] = known[key]
        return known[key]
    try:
        proc = subprocess.run([path, "-hide_banner", "-version"], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        proc = None
    if proc is None or proc.returncode != 0:
        _checked[key] = None
        return None
    first = proc.stdout.decode("utf-8", "replace").splitlines()[:1]
    ver = first[0].split(" Copyright")[0].replace("ffmpeg version ", "") if first else "unknown"
    _checked[key] = ver
    known[key] = ver
    store.put("ffmpeg-binaries", known)  # a read-only home folder only costs the check next time
    return ver


def _works(path: str) -> bool:
    return _binary_version(path) is not None


def _bundled_binary() -> str:
    """imageio-ffmpeg's binary. Located without running it when its layout is the known one:
    ``get_ffmpeg_exe()`` runs ``ffmpeg -version`` in every process, and our own check is cached."""
    import imageio_ffmpeg

    if not os.environ.get("IMAGEIO_FFMPEG_EXE"):
        try:
            from imageio_ffmpeg._definitions import FNAME_PER_PLATFORM, get_platform
            from imageio_ffmpeg._utils import _get_bin_dir

            exe = os.path.join(_get_bin_dir(), FNAME_PER_PLATFORM.get(get_platform(), ""))
            if os.path.isfile(exe):
                return exe
        except Exception:  # another imageio-ffmpeg version: ask it the public way
            pass
    return imageio_ffmpeg.get_ffmpeg_exe()


@lru_cache(maxsize=1)
def ffmpeg_path() -> str:
    """Path of a working ffmpeg binary, or :class:`FfmpegNotFound` saying how to fix it."""
    tried: list[str] = []
    env = os.environ.get("VIDJOURN_FFMPEG")
    if env:
        if _works(env):
            return env
        tried.append(f"VIDJOURN_FFMPEG={env}")
    try:
        bundled = _bundled_binary()
        if _works(bundled):
            return bundled
        tried.append(bundled)
    except Exception as exc:  # not installed, or no binary for this platform
        tried.append(f"imageio-ffmpeg: {exc}")
    on_path = shutil.which("ffmpeg")
    if on_path and _works(on_path):
        return on_path
    tried.append("PATH")
    raise FfmpegNotFound("error.ffmpeg_not_found", detail="; ".join(tried))


def format_cmd(args: Sequence[str]) -> str:
    """One line a user can paste into a shell."""
    return shlex.join(str(a) for a in args)


def _full(args: Sequence[str], progress: bool) -> list[str]:
    cmd = [ffmpeg_path(), "-hide_banner", "-nostdin"]
    if progress:
        cmd += ["-progress", "pipe:1", "-nostats"]
    return cmd + [str(a) for a in args]


def _remove(paths: Iterable[Path | str]) -> None:
    for p in paths:
        try:
            os.unlink(p)
        except FileNotFoundError:
            pass
        except OSError as exc:  # pragma: no cover - e.g. a locked file on Windows
            log.warning("could not remove partial file %s: %s", p, exc)


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass


def _parse_time(block: dict[str, str]) -> float | None:
    for key in ("out_time_us", "out_time_ms"):  # both are microseconds (a historic ffmpeg quirk)
        val = block.get(key, "")
        if val.lstrip("-").isdigit():
            return max(0, int(val)) / 1_000_000
    return None


def run(
    args: Sequence[str],
    *,
    outputs: Sequence[Path | str] = (),
    total: float | None = None,
    subject: Path | str | None = None,
    stderr_sink: Callable[[str], None] | None = None,
) -> Iterator[Progress]:
    """Run ffmpeg with ``args`` (without the binary), yielding progress events.

    ``outputs`` are removed if the run fails or is interrupted; ``subject`` is the file named in errors.
    ``stderr_sink`` receives every non-empty stderr line (e.g. an ebur128 summary to parse); it is
    called from a reader thread, so append to a list rather than touch shared state.
    """
    cmd = _full(args, progress=True)
    log.debug("%s", format_cmd(cmd))
    tail: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
    proc = procguard.popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0
    )

    os_lines: list[str] = []

    def drain_stderr() -> None:
        assert proc.stderr is not None
        for raw in iter(proc.stderr.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                tail.append(line)
                # an OS error can scroll out of the tail behind the encoder's statistics: keep it
                if len(os_lines) < 8 and any(text in line for text in _STRERRORS):
                    os_lines.append(line)
                if stderr_sink is not None:
                    stderr_sink(line)

    reader = threading.Thread(target=drain_stderr, daemon=True)
    reader.start()
    finished = False
    try:
        block: dict[str, str] = {}
        assert proc.stdout is not None
        for raw in iter(proc.stdout.readline, b""):
            key, _, val = raw.decode("utf-8", "replace").strip().partition("=")
            if key != "progress":
                block[key] = val
                continue
            out_time = _parse_time(block) or 0.0
            speed_s = block.get("speed", "").rstrip("x").strip()
            try:
                speed = float(speed_s)
            except ValueError:
                speed = None
            block = {}
            if val != "end":
                yield Progress(out_time, total, speed)
        code = proc.wait()
        reader.join(timeout=5)
        if code != 0:
            raise failure(cmd, [*os_lines, *tail], subject=subject, outputs=outputs, code=code)
        finished = True
        yield Progress(total or 0.0, total, None, done=True)
    finally:
        if not finished:
            _kill(proc)
            _remove(outputs)
        reader.join(timeout=5)
        for pipe in (proc.stdout, proc.stderr):  # unclosed pipes leak fds in long batches
            if pipe is not None:
                pipe.close()


# strerror() texts ffmpeg prints (the C library's English whatever the locale) -> errno.
_STRERRORS = {
    "No space left on device": errno.ENOSPC, "Disk quota exceeded": getattr(errno, "EDQUOT", errno.ENOSPC),
    "File too large": errno.EFBIG, "Permission denied": errno.EACCES, "Operation not permitted": errno.EPERM,
    "Read-only file system": errno.EROFS, "Not a directory": errno.ENOTDIR, "Is a directory": errno.EISDIR,
    "Input/output error": errno.EIO, "Too many levels of symbolic links": errno.ELOOP,
    "File name too long": errno.ENAMETOOLONG,
}
_EXIT_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EFBIG, errno.ENOTDIR, errno.EIO,
                getattr(errno, "EDQUOT", errno.ENOSPC)}
_WRITE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC)}
_PATH_BEFORE = re.compile(r"(?:^|[\s'])((?:/|[A-Za-z]:[\\/]|\.{0,2}/)[^'\n]*?)'?:\s*(?:%s)"
                          % "|".join(map(re.escape, _STRERRORS)))
_OUTPUT_LINE = re.compile(r"Error opening (?:output|input) file (.+?)\.?$")


def failure(cmd: Sequence[str], lines: list[str], *, subject: Path | str | None = None,
            outputs: Sequence[Path | str] = (), code: int | None = None) -> FfmpegError:
    """The error for a failed ffmpeg run. When its last words are an OS error (a full disk, a
    read-only or forbidden folder) the message is the same one any OS error gets — naming the file
    and what to do — instead of ffmpeg's statistics; the tail stays on the error for ``-v``."""

    tail = "\n".join(lines)
    found = next(((text, no) for line in reversed(lines) for text, no in _STRERRORS.items() if text in line),
                 None)
    if found is None and code is not None and 256 - code in _EXIT_ERRNOS:
        # ffmpeg exits with AVERROR(errno) & 0xff: 228 is ENOSPC even when stderr does not say it
        no = 256 - code
        found = (os.strerror(no), no)
    if found is None:
        return FfmpegError("error.ffmpeg_failed", cmd=list(cmd), stderr_tail=tail, path=subject or
                           (outputs[0] if outputs else "?"), code=code)
    text, no = found
    where: str | None = None
    for line in reversed(lines):
        m = _PATH_BEFORE.search(line) or _OUTPUT_LINE.search(line)
        if m:
            where = m.group(1).strip()
            break
    if where is None:
        first = outputs[0] if outputs else None
        where = str(first if (no in _WRITE_ERRNOS and first) else (subject or first or "?"))
    err = os_error(OSError(no, text, where))
    return FfmpegError(err.key, cmd=list(cmd), stderr_tail=tail, **{k: v for k, v in err.kwargs.items()
                                                                    if k != "stderr"})


def run_quiet(args: Sequence[str], **kwargs) -> None:
    """Run to completion, ignoring progress."""
    for _ in run(args, **kwargs):
        pass


def capture(args: Sequence[str], *, subject: Path | str | None = None, stdout: bool = True) -> tuple[bytes, str]:
    """Run ffmpeg to completion and return (stdout bytes, stderr text). For analysis passes."""
    cmd = _full(args, progress=False)
    log.debug("%s", format_cmd(cmd))
    proc = procguard.popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if stdout else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        out, err = proc.communicate()
    except BaseException:
        _kill(proc)
        raise
    err_text = err.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise failure(cmd, err_text.strip().splitlines()[-STDERR_TAIL_LINES:], subject=subject,
                      code=proc.returncode)
    return out or b"", err_text


def popen_frames(args: Sequence[str]) -> subprocess.Popen:
    """Start ffmpeg writing raw data to stdout (the caller reads and must close/wait it).

    Used by analysis that reads small frames through a pipe; stderr goes to DEVNULL-free PIPE-less
    temp handling is the caller's concern: it is discarded here to avoid pipe deadlocks.
    """
    cmd = _full(args, progress=False)
    log.debug("%s", format_cmd(cmd))
    return procguard.popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def version() -> str:
    """ffmpeg's version string (from the cached check of the binary)."""
    return _binary_version(ffmpeg_path()) or "unknown"
