"""Subtitles: SRT/VTT/ASS in, an ASS file in the preset's style out, burned by libass (``subtitles=``).

Filled in below; :func:`fonts_dir` is what the render engine needs (libass ``fontsdir=``).
"""

from __future__ import annotations

from pathlib import Path


def fonts_dir() -> Path:
    """The folder of bundled fonts (libass and Pillow both read from here)."""
    return Path(__file__).resolve().parent / "fonts"
