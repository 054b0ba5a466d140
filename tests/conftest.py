"""Shared fixtures: real footage (copied to a temp folder first) and tiny generated clips."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

# Messages are asserted in English unless a test picks a language itself.
os.environ["VIDJOURN_LANG"] = "en"
os.environ.setdefault("NO_COLOR", "1")

REPO = Path(__file__).resolve().parent.parent
FOOTAGE = Path(os.environ.get("VIDJOURN_FOOTAGE", REPO.parent / "shared" / "footage"))
FOOTAGE_CLIPS = [
    "quicktime-hvc1.mov", "fire2.mp4", "flower.webm", "foreman_vp9.webm", "MVI_4823.AVI",
    "issue53_brightness_change.avi", "asl_again.mkv", "bikes.mp4",
]


@pytest.fixture(autouse=True)
def _reset_lang():
    from vidjourn.core import i18n

    i18n.set_lang(None)
    yield
    i18n.set_lang(None)


@pytest.fixture(autouse=True)
def _forget_secrets():
    """The CLI moves key passphrases from os.environ into memory (provenance.keys): each test starts
    with none, whatever the one before it set."""
    from vidjourn.provenance import keys

    keys.forget_secrets()
    yield
    keys.forget_secrets()


@pytest.fixture(autouse=True)
def _placeholder_logo_ok(monkeypatch):
    """Publishing with the built-in placeholder logo is refused outside the demo (issue 22); the suite's
    assignments use the built-in presets, so it is allowed here (tests/core/test_unit.py unsets it)."""
    monkeypatch.setenv("VIDJOURN_PLACEHOLDER_LOGO", "ok")


@pytest.fixture(scope="session")
def ffmpeg_bin() -> str:
    from vidjourn.core.ffmpeg import ffmpeg_path

    return ffmpeg_path()


@pytest.fixture(scope="session")
def footage_dir() -> Path:
    if not FOOTAGE.is_dir():
        pytest.skip(f"real footage not found at {FOOTAGE} (set VIDJOURN_FOOTAGE to the folder of shared clips)")
    return FOOTAGE


@pytest.fixture
def footage(footage_dir: Path, tmp_path: Path):
    """footage("fire2.mp4") -> a writable copy of the shared clip in a temp folder."""

    def copy(name: str) -> Path:
        src = footage_dir / name
        if not src.exists():
            pytest.skip(f"{name} missing from {footage_dir}")
        dst = tmp_path / "footage" / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if not dst.exists():
            shutil.copy2(src, dst)
        return dst

    return copy


def generate_clip(
    ffmpeg: str,
    out: Path,
    *,
    duration: float = 2.0,
    size: tuple[int, int] = (320, 240),
    fps: int = 25,
    audio: bool = True,
    rotate: int | None = None,
    creation_time: str | None = None,
    extra_vf: str | None = None,
    audio_src: str | None = None,
) -> Path:
    """A tiny H.264/AAC test clip from lavfi (testsrc2 + a tone), optionally with rotation metadata."""
    w, h = size
    vf = f"testsrc2=size={w}x{h}:rate={fps}:duration={duration}"
    if extra_vf:
        vf += "," + extra_vf
    cmd = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-f", "lavfi", "-i", vf]
    if audio:
        cmd += ["-f", "lavfi", "-i", audio_src or f"sine=frequency=440:sample_rate=48000:duration={duration}"]
    cmd += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", str(fps)]
    if audio:
        cmd += ["-c:a", "aac", "-b:a", "96k", "-shortest"]
    if creation_time:
        cmd += ["-metadata", f"creation_time={creation_time}"]
    target = out.with_name(out.stem + ".norot" + out.suffix) if rotate is not None else out
    cmd += [str(target)]
    subprocess.run(cmd, check=True, capture_output=True)
    if rotate is not None:
        # display_rotation is an input option: a stream copy adds the display matrix untouched.
        subprocess.run([ffmpeg, "-hide_banner", "-nostdin", "-y", "-display_rotation:v:0", str(rotate),
                        "-i", str(target), "-c", "copy", "-map_metadata", "0", str(out)],
                       check=True, capture_output=True)
        target.unlink()
    return out


@pytest.fixture(scope="session")
def clip_factory(tmp_path_factory, ffmpeg_bin):
    """clip_factory(name, **kw) -> a generated clip, cached for the whole session by (name, kw)."""
    cache: dict[tuple, Path] = {}
    root = tmp_path_factory.mktemp("clips")

    def make(name: str, **kw) -> Path:
        key = (name, tuple(sorted(kw.items())))
        if key not in cache:
            cache[key] = generate_clip(ffmpeg_bin, root / name, **kw)
        return cache[key]

    return make
