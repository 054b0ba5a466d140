"""Issue 19, part B: the attacks on geometry, loudness, captions, processes, --dask, the ledger's keys and
messages, each tried for real through the ``vidjourn`` command (a subprocess) and asserted on its exact
outcome: the exit code, the message, what was (not) written, and never a Python traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PY = sys.executable


def vj(*args, cwd: Path, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "VIDJOURN_LANG": "en", "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    p = subprocess.run([PY, "-m", "vidjourn", *map(str, args)], cwd=cwd, env=full_env, capture_output=True,
                       text=True, timeout=timeout)
    p.out = p.stdout + p.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in p.out and "Warning:" not in p.out, p.out
    return p


def ff(ffmpeg_bin: str, *args: str) -> None:
    subprocess.run([ffmpeg_bin, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", *args], check=True)


def ebur128(ffmpeg_bin: str, path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) of a file's audio, measured by ffmpeg alone."""
    p = subprocess.run([ffmpeg_bin, "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:a:0",
                        "-af", "ebur128=peak=true", "-f", "null", "-"], capture_output=True, text=True)
    tail = p.stderr[p.stderr.rindex("Summary:"):]
    i = float(tail.split("I:")[1].split("LUFS")[0])
    tp = float(tail.split("Peak:")[1].split("dBFS")[0])
    return i, tp


# --- item 8: loudness that meets its own check --------------------------------------------------------

VIDEO = ["-f", "lavfi", "-i", "testsrc2=size=128x96:rate=15:duration=4"]
ENC = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-shortest"]
SPEECH = ("Good evening. This is the police unit of the district. Tonight officers stopped a car on the "
          "main road and found nothing unusual.")


def make_source(kind: str, root: Path, ffmpeg_bin: str) -> Path:
    """One clip of the loudness corpus (4 s, tiny picture)."""
    if kind == "speech":  # a clean speech clip: -20.2 LUFS, peaks near full scale (PLR ~19 dB)
        espeak = shutil.which("espeak-ng") or shutil.which("espeak")
        if not espeak:
            pytest.skip("espeak-ng is not installed (the clean-speech source is made with it)")
        wav = root / "speech.wav"
        subprocess.run([espeak, "-w", str(wav), SPEECH], check=True, capture_output=True)
        out = root / "speech.mp4"
        ff(ffmpeg_bin, *VIDEO, "-i", str(wav), "-af", "volume=0.5dB,aresample=48000", *ENC,
           "-c:a", "aac", "-b:a", "128k", str(out))
        return out
    audio = {
        # chords, a decaying kick and noise hits: music-like, wide crest
        "music": ("aevalsrc=0.25*sin(2*PI*220*t)+0.2*sin(2*PI*277*t)+0.15*sin(2*PI*330*t)"
                  "+0.3*sin(2*PI*55*t)*exp(-8*mod(t\\,0.5))+0.2*(random(0)-0.5)*exp(-30*mod(t+0.25\\,0.5))"
                  ":s=48000:d=4", ["-c:a", "aac", "-b:a", "192k"], ".mp4"),
        # 5.1 AC-3 (camcorders): folded to stereo by the chain
        "ac3": ("aevalsrc=0.5*sin(2*PI*200*t)|0.5*sin(2*PI*300*t)|0.6*sin(2*PI*440*t)*(0.5+0.5*sin(2*PI*3*t))"
                "|0.7*sin(2*PI*50*t)|0.3*(random(0)-0.5)|0.3*(random(1)-0.5):c=5.1:s=48000:d=4",
                ["-c:a", "ac3", "-b:a", "448k"], ".mkv"),
        # very quiet (-46 LUFS): +32 dB of gain
        "quiet": ("aevalsrc=0.004*sin(2*PI*300*t)*(0.6+0.4*sin(2*PI*2*t)):s=48000:d=4",
                  ["-c:a", "aac", "-b:a", "128k"], ".mp4"),
        # hard-clipped at full scale (true peak over 0 dBTP)
        "clipped": ("aevalsrc=max(-1\\,min(1\\,4*sin(2*PI*440*t)*sin(2*PI*0.7*t))):s=48000:d=4",
                    ["-c:a", "pcm_s16le"], ".mov"),
    }[kind]
    out = root / f"{kind}{audio[2]}"
    ff(ffmpeg_bin, *VIDEO, "-f", "lavfi", "-i", audio[0], *ENC, *audio[1], str(out))
    return out


@pytest.mark.parametrize("kind", ["speech", "music", "ac3", "quiet", "clipped"])
def test_every_kind_of_sound_exports_within_its_own_check(kind, tmp_path, ffmpeg_bin):
    """The profiles share one target (-14 LUFS, -1 dBTP) and differ in AAC bitrate: whatsapp (96 kb/s)
    overshoots the most, youtube (384) the least. Before the fix the speech clip failed with "loudness
    -15.8 LUFS ... Please report this" on every profile."""
    src = make_source(kind, tmp_path, ffmpeg_bin)
    p = vj("export", src, "--to", "whatsapp,youtube", "--speed", "draft", cwd=tmp_path)
    assert p.returncode == 0, p.out
    assert "report" not in p.out.lower(), p.out
    for platform in ("whatsapp", "youtube"):
        out = tmp_path / "out" / platform / f"{src.stem}.mp4"
        i, tp = ebur128(ffmpeg_bin, out)
        assert abs(i - -14) <= 1.0 and tp <= 0.0, (platform, i, tp)
