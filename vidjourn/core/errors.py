"""One error family. Each error names the file, what is wrong and what to do, via i18n."""

from __future__ import annotations

import errno as codes  # 'errno' is a keyword argument of VidjournError
import os
import re
from pathlib import Path

from vidjourn.core.i18n import t


class VidjournError(Exception):
    """Base error: a message key plus its arguments, rendered in the user's language.

    ``exit_code`` is what the CLI exits with (1: an item failed; 2: usage error).
    """

    exit_code = 1

    def __init__(self, key: str, /, **kwargs: object) -> None:
        self.key = key
        self.kwargs = kwargs
        super().__init__(key)

    @property
    def path(self) -> str | None:
        p = self.kwargs.get("path")
        return str(p) if p is not None else None

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang=lang, **self.kwargs)

    def __str__(self) -> str:
        return self.message()


class UsageError(VidjournError):
    exit_code = 2


class FfmpegNotFound(VidjournError):
    exit_code = 1


class FfmpegError(VidjournError):
    """ffmpeg exited non-zero. Carries the command and the tail of stderr."""

    def __init__(self, key: str, /, *, cmd: list[str], stderr_tail: str, **kwargs: object) -> None:
        self.cmd = cmd
        self.stderr_tail = stderr_tail
        super().__init__(key, stderr=stderr_tail, **kwargs)


class MediaError(VidjournError):
    """A file that is not media ffmpeg can read, or a broken one."""


class PresetError(VidjournError):
    """A preset or profile that does not validate. ``problems`` lists every mistake."""

    def __init__(self, key: str, /, *, problems: list[str] | None = None, **kwargs: object) -> None:
        self.problems = problems or []
        super().__init__(key, problems="\n".join(f"  - {p}" for p in self.problems), **kwargs)


class AssignmentError(VidjournError):
    pass


class NotAnAssignment(AssignmentError):
    """The folder given (or the current one) has no vidjourn.yaml: a usage error, as README says."""

    exit_code = 2


class OutputExists(VidjournError):
    def __init__(self, path: Path | str) -> None:
        super().__init__("error.output_exists", path=path)


class Cancelled(VidjournError):
    exit_code = 130


class ProvenanceError(VidjournError):
    """Keys, signing or reading Content Credentials (the ``sign`` extra)."""


class ConfigError(VidjournError):
    """A settings file (story, preset, profile, notes, job) that cannot be read as it is."""


class FileSystemError(VidjournError):
    """An OS error (no space, permission, read-only, not a folder, link loop...) in the user's words."""

    def __init__(self, key: str, /, *, errno: int | None = None, **kwargs: object) -> None:
        self.errno = errno
        super().__init__(key, **kwargs)


class PathOutside(VidjournError):
    """A path read from a file (manifest, notes, preset, job) that leaves where it belongs."""


def _errno_keys() -> dict[int, str]:
    keys = {
        codes.ENOSPC: "no_space", codes.EFBIG: "too_large", codes.EACCES: "permission", codes.EPERM: "permission",
        codes.EROFS: "read_only", codes.ENOTDIR: "not_dir", codes.EISDIR: "is_dir", codes.EEXIST: "exists",
        codes.ENOENT: "missing", codes.ELOOP: "loop", codes.ENAMETOOLONG: "name_too_long", codes.EIO: "io",
        codes.EMFILE: "too_many_files", codes.ENFILE: "too_many_files", codes.ENOMEM: "no_memory",
    }
    if hasattr(codes, "EDQUOT"):
        keys[codes.EDQUOT] = "no_space"
    return keys


def os_error(exc: BaseException, path: Path | str | None = None) -> VidjournError:
    """The user's-language error for an OS error: which file, what is wrong, what to do.

    ``path`` overrides the file named by the exception (e.g. the final name of a temp file). A
    VidjournError passes through unchanged; pathlib's symlink-loop RuntimeError counts as ELOOP."""

    if isinstance(exc, VidjournError):
        return exc
    code = getattr(exc, "errno", None)
    if isinstance(exc, RuntimeError) and "symlink loop" in str(exc).lower():
        code = codes.ELOOP
    where = path if path is not None else (getattr(exc, "filename", None) or "?")
    where = final_name(os.fsdecode(where)) if isinstance(where, (str, bytes)) else where
    key = _errno_keys().get(code or -1, "other")
    if key == "missing" and where != "?" and os.path.islink(where):
        key = "broken_link"
    reason = getattr(exc, "strerror", None) or str(exc)
    return FileSystemError(f"error.os.{key}", errno=code, path=where, reason=reason)


def final_name(path: str) -> str:
    """The name a user will see for a temp sibling: ``dir/.clip.part-123.mp4`` -> ``dir/clip.mp4``."""
    return re.sub(r"(^|[/\\])\.([^/\\]+)\.part-[A-Za-z0-9_-]+(\.[^./\\]*)?$",
                  lambda m: f"{m.group(1)}{m.group(2)}{m.group(3) or ''}", path)
