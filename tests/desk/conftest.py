"""The desk's fixtures (helpers in deskkit.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def ffmpeg_module() -> str:
    from vidjourn.core.ffmpeg import ffmpeg_path

    return ffmpeg_path()
