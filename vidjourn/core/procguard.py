"""Children die with their parent: ffmpeg must not outlive the process (or Dask worker) that started it.

* Linux: ``PR_SET_PDEATHSIG`` = SIGKILL in the child before exec, set by util-linux's ``setpriv
  --pdeathsig KILL`` placed in front of the command, so **no Python runs between fork and exec** (a
  ``preexec_fn`` runs Python in the child while other threads of the parent hold locks: the garbage
  collector freeing a PyAV scaler there waited for threads that do not exist in the child and the child
  hung before exec — seen in the suite). The signal fires when the *thread* that forked the child ends,
  so the runner starts ffmpeg from the thread that waits for it (a task's thread lives as long as the
  task). Without setpriv (a minimal container) the old ``preexec_fn`` is the fallback, with the garbage
  collector off across the fork.
* Windows: every child is put in one job object created with KILL_ON_JOB_CLOSE; the handle is held by
  this process, so when it dies (even killed) Windows closes the handle and kills the job's processes.
* Elsewhere (macOS): nothing; the runner still kills its child on any exception it sees.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from typing import Any, Callable

PR_SET_PDEATHSIG = 1

# Ctrl-C / SIGTERM seen by this process. The CLI's handlers set it before raising KeyboardInterrupt,
# because an interrupt that lands while subprocess forks (preexec_fn makes CPython run the at-fork
# hooks, e.g. logging's) is raised inside such a hook, printed as "Exception ignored" and lost: the
# command then carried on to the end. popen() delivers it again right after the fork.
_interrupted = False


def note_interrupt() -> None:
    global _interrupted
    _interrupted = True

_libc: Any = None


def _linux_preexec(parent_pid: int) -> Callable[[], None]:
    libc = _libc

    def preexec() -> None:  # runs in the child between fork and exec: no locks, no allocation-heavy work
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask for ``sig`` when this process's parent dies (Linux; elsewhere nothing). For worker
    processes: a pool worker whose coordinator was killed outright stops its task instead of finishing
    an output that no ledger will record."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before prctl took effect
        os.kill(os.getpid(), sig)


_setpriv: str | None | bool = False  # False: not looked up yet


def _setpriv_path() -> str | None:
    global _setpriv
    if _setpriv is False:
        import shutil

        found = shutil.which("setpriv")
        if found:
            try:  # util-linux before 2.33 has no --pdeathsig
                probe = subprocess.run([found, "--pdeathsig", "KILL", "--", "true"], capture_output=True,
                                       timeout=10, stdin=subprocess.DEVNULL)
                found = found if probe.returncode == 0 else None
            except (OSError, subprocess.SubprocessError):
                found = None
        _setpriv = found
    return _setpriv  # type: ignore[return-value]


def wrap(cmd: list[str]) -> list[str]:
    """``cmd`` prefixed so the child gets SIGKILL when this process dies, set without Python (Linux)."""
    if sys.platform.startswith("linux"):
        found = _setpriv_path()
        if found:
            return [found, "--pdeathsig", "KILL", "--", *cmd]
    return cmd


def popen_kwargs() -> dict[str, Any]:
    """Extra ``subprocess.Popen`` arguments that tie the child's life to this process (Linux without
    setpriv: a preexec_fn, see the module's notes)."""
    global _libc
    if sys.platform.startswith("linux") and not _setpriv_path():
        if _libc is None:
            import ctypes

            try:
                _libc = ctypes.CDLL(None, use_errno=True)
                _libc.prctl  # noqa: B018 - fails on a libc without prctl
            except (OSError, AttributeError):
                _libc = False
        if _libc:
            return {"preexec_fn": _linux_preexec(os.getpid())}
    return {}


_job = None
_job_lock = threading.Lock()


def _windows_job():  # pragma: no cover - Windows only
    global _job
    import ctypes
    from ctypes import wintypes

    with _job_lock:
        if _job is not None:
            return _job
        k32 = ctypes.WinDLL("kernel32", use_last_error=True)

        class IO_COUNTERS(ctypes.Structure):
            _fields_ = [(n, ctypes.c_ulonglong) for n in (
                "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
                "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

        class BASIC(ctypes.Structure):
            _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                        ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                        ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                        ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                        ("SchedulingClass", wintypes.DWORD)]

        class EXTENDED(ctypes.Structure):
            _fields_ = [("BasicLimitInformation", BASIC), ("IoInfo", IO_COUNTERS),
                        ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                        ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

        JobObjectExtendedLimitInformation = 9
        JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000
        k32.CreateJobObjectW.restype = wintypes.HANDLE
        job = k32.CreateJobObjectW(None, None)
        if not job:
            return None
        info = EXTENDED()
        info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
        if not k32.SetInformationJobObject(job, JobObjectExtendedLimitInformation, ctypes.byref(info),
                                           ctypes.sizeof(info)):
            k32.CloseHandle(job)
            return None
        _job = (k32, job)
        return _job


def adopt(proc: subprocess.Popen) -> None:
    """After start: on Windows, put ``proc`` in this process's kill-on-close job object."""
    if sys.platform != "win32":
        return
    try:  # pragma: no cover - Windows only
        found = _windows_job()
        if found is not None:
            k32, job = found
            k32.AssignProcessToJobObject(job, int(proc._handle))  # type: ignore[attr-defined]
    except Exception:  # pragma: no cover - best effort: the runner still kills on exceptions
        pass


def popen(cmd: list[str], **kwargs: Any) -> subprocess.Popen:
    """``subprocess.Popen`` whose child dies when this process dies."""
    extra = popen_kwargs()
    if extra:  # the fallback runs Python in the child: no garbage collection there
        import gc

        was = gc.isenabled()
        gc.disable()
        try:
            proc = subprocess.Popen(cmd, **extra, **kwargs)
        finally:
            if was:
                gc.enable()
    else:
        proc = subprocess.Popen(wrap(cmd), **kwargs)
    adopt(proc)
    if _interrupted:  # interrupted during the fork (see note_interrupt): stop now, child included
        try:
            proc.kill()
            proc.wait(timeout=5)
        except (OSError, subprocess.SubprocessError):
            pass
        raise KeyboardInterrupt
    return proc
