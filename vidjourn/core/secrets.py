"""Secrets stay in the process that needs them (issue 19): the key passphrases are taken out of the
environment first thing — ``os.environ.pop`` unsets them in the C environment too, and on Linux the
value is overwritten where /proc/<pid>/environ shows it (the block this process was started with) —
so no child process (ffmpeg, a ``--jobs`` worker, a Dask worker) inherits them. The coordinator, which
signs, keeps them here in memory. Imported at every start (``vidjourn.cli.main``): stdlib only.
"""

from __future__ import annotations

import os
import sys

PASSPHRASE_VARS = ("VIDJOURN_KEY_PASSPHRASE", "VIDJOURN_ROOT_PASSPHRASE")
_KEPT: dict[str, str] = {}


def take_env() -> None:
    """Move the passphrase variables from the environment into this process's memory."""
    for name in PASSPHRASE_VARS:
        if name not in os.environ:
            continue
        _scrub(name)
        value = os.environ.pop(name, None)
        if value:
            _KEPT[name] = value


def get(name: str) -> str | None:
    take_env()
    return _KEPT.get(name)


def remember(name: str, value: str | None) -> None:
    """Keep a passphrase typed at a prompt (or the demo's) for this process; None forgets it."""
    if value is None:
        _KEPT.pop(name, None)
    else:
        _KEPT[name] = value


def forget() -> None:
    _KEPT.clear()


def _scrub(name: str) -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.getenv.restype = ctypes.c_void_p
        libc.getenv.argtypes = [ctypes.c_char_p]
        ptr = libc.getenv(name.encode())
        size = len(os.environb.get(name.encode(), b""))
        if ptr and size:
            ctypes.memset(ptr, 0, size)
    except (OSError, AttributeError, ValueError):  # pragma: no cover - no libc to ask
        pass
