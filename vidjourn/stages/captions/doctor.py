"""`vidjourn doctor`'s row for captions: the optional ``captions`` extra and its bundled model."""

from __future__ import annotations

from importlib import metadata
from typing import Any

from vidjourn.analysis import speech
from vidjourn.core.errors import VidjournError


def captions_status() -> dict[str, Any]:
    """The optional ``captions`` extra: faster-whisper's version and the bundled model checked by sha256
    (``model``: its name when every file matches, ``error``: the message when one does not)."""
    out: dict[str, Any] = {"faster-whisper": None, "model": None, "error": None}
    try:
        out["faster-whisper"] = metadata.version("faster-whisper")
    except metadata.PackageNotFoundError:
        return out
    try:
        speech.verify_bundled()
        out["model"] = speech.BUNDLED_NAME
    except VidjournError as exc:
        out["error"] = exc.message()
    return out
