"""One error family. Each error names the file, what is wrong and what to do, via i18n."""

from __future__ import annotations

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


class OutputExists(VidjournError):
    def __init__(self, path: Path | str) -> None:
        super().__init__("error.output_exists", path=path)


class Cancelled(VidjournError):
    exit_code = 130


class ProvenanceError(VidjournError):
    """Keys, signing or reading Content Credentials (the ``sign`` extra)."""
