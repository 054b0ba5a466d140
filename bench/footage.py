"""Bench footage: phone-like 1080p30 clips made from the REAL shared footage, and the synthetic second line.

Shared by the benches (``sys.path`` has ``bench/``: ``from footage import real_story``). Nothing is
downloaded: the sources are the clips in ``../shared/footage`` (or ``VIDJOURN_FOOTAGE``), whose origins,
licences and sha256 are in that folder's MANIFEST.tsv; each source's hash is checked here before use, and
the made clips stay in ``bench/out`` (never in the repository).

A real clip is two shots of SECONDS/2 (a hard cut in the middle; bikes.mp4 has five cuts of its own),
each source looped to length, turned upright (the phone rotations), scaled to cover 1920×1080 and
centre-cropped, made 30 fps constant, with light temporal grain (the sources are 352–1280 px wide:
upscaled, they are smoother than a phone's 1080p sensor noise; ``noise=alls=5:allf=t``, as the synthetic
line), and written as a phone writes it: H.264 High at 16 Mbit/s (maxrate 20M), GOP 30, AAC 48 kHz
stereo 192 kb/s. The sound is the shot's own where it has one (fire2, quicktime, MVI_4823); the shots
without sound (bikes, asl_again, foreman) get MVI_4823's camera sound (a room with voices) looped.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FOOTAGE = Path(os.environ.get("VIDJOURN_FOOTAGE", REPO.parent / "shared" / "footage"))
W, H, FPS = 1920, 1080, 30
SOUND = "MVI_4823.AVI"  # the camera sound laid under shots that have none
# (first shot, second shot) of each clip; None: the first shot fills the clip.
REAL_CLIPS = [
    ("bikes.mp4", None),  # street, 2.35:1, five hard cuts of its own
    ("fire2.mp4", "MVI_4823.AVI"),  # phone H.264 VFR upside down | Canon compact MJPEG
    ("quicktime-hvc1.mov", "asl_again.mkv"),  # iPad HEVC portrait | webcam face
    ("foreman_vp9.webm", "fire2.mp4"),  # handheld face, non-square pixels | the phone again
]
HAS_SOUND = {"fire2.mp4", "quicktime-hvc1.mov", "MVI_4823.AVI", "flower.webm"}


def _manifest_hashes() -> dict[str, str]:
    try:
        lines = (FOOTAGE / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    head = lines[0].split("\t") if lines else []
    if "filename" not in head or "sha256" not in head:
        return {}
    i, j = head.index("filename"), head.index("sha256")
    return {r[i]: r[j] for r in (ln.split("\t") for ln in lines[1:]) if len(r) > max(i, j)}


def check_sources(names: set[str]) -> None:
    """Every source present and as MANIFEST.tsv describes it (sha256), else SystemExit saying which."""
    want = _manifest_hashes()
    for n in sorted(names):
        p = FOOTAGE / n
        if not p.is_file():
            raise SystemExit(f"bench footage: {p} is missing (set VIDJOURN_FOOTAGE to the shared footage folder)")
        got = hashlib.sha256(p.read_bytes()).hexdigest()
        if n in want and want[n] != got:
            raise SystemExit(f"bench footage: {p} has sha256 {got}, MANIFEST.tsv says {want[n]}")


def _shot(k: int, name: str) -> str:
    return (f"[{k}:v]scale={W}:{H}:force_original_aspect_ratio=increase:flags=bicubic,crop={W}:{H},setsar=1,"
            f"fps={FPS},noise=alls=5:allf=t,format=yuv420p[v{k}]")


def real_clip(ffmpeg: str, out: Path, shots: tuple[str, str | None], seconds: float) -> Path:
    """One phone-like clip of ``seconds`` from the named shared sources (made once, atomically)."""
    if out.exists():
        return out
    names = [s for s in shots if s]
    seg = seconds / len(names)
    args: list[str] = [ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y"]
    graph: list[str] = []
    pairs: list[str] = []
    k = 0
    for name in names:
        args += ["-stream_loop", "-1", "-t", f"{seg:.3f}", "-i", str(FOOTAGE / name)]
        v = k
        graph.append(_shot(v, name))
        if name in HAS_SOUND:
            a = v
        else:
            k += 1
            a = k
            args += ["-stream_loop", "-1", "-t", f"{seg:.3f}", "-i", str(FOOTAGE / SOUND)]
        graph.append(f"[{a}:a]aresample=48000,aformat=channel_layouts=stereo,apad,atrim=0:{seg:.3f}[a{v}]")
        pairs.append(f"[v{v}][a{v}]")
        k += 1
    graph.append("".join(pairs) + f"concat=n={len(names)}:v=1:a=1[v][a]")
    tmp = out.with_name(out.stem + ".part.mp4")
    args += ["-filter_complex", ";".join(graph), "-map", "[v]", "-map", "[a]", "-c:v", "libx264",
             "-preset", "veryfast", "-profile:v", "high", "-b:v", "16M", "-maxrate", "20M", "-bufsize", "32M",
             "-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart", str(tmp)]
    subprocess.run(args, check=True, stdin=subprocess.DEVNULL)
    os.replace(tmp, out)
    return out


def real_story(ffmpeg: str, folder: Path, seconds: float, clips: int = 4) -> list[Path]:
    """``clips`` real clips of ``seconds`` each (REAL_CLIPS in turn) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = [REAL_CLIPS[k % len(REAL_CLIPS)] for k in range(clips)]
    check_sources({s for pair in chosen for s in pair if s} | {SOUND})
    return [real_clip(ffmpeg, folder / f"clip{k + 1}.mp4", pair, seconds) for k, pair in enumerate(chosen)]


def synthetic_story(ffmpeg: str, folder: Path, seconds: float, clips: int = 4) -> list[Path]:
    """The second line: testsrc2 in three shots (hard cuts, hue turns) + light grain, 16 Mbit/s, pink noise."""
    folder.mkdir(parents=True, exist_ok=True)
    seg = seconds / 3
    out_clips = []
    for k in range(clips):
        out = folder / f"clip{k + 1}.mp4"
        out_clips.append(out)
        if out.exists():
            continue
        shots = []
        for j in range(3):
            chain = f"testsrc2=size={W}x{H}:rate={FPS}:duration={seg:.3f},hue=h={40 * (k * 3 + j)}"
            shots.append(chain + (",vflip" if j % 2 else "") + f"[s{j}]")
        graph = ";".join(shots) + ";[s0][s1][s2]concat=n=3:v=1:a=0,noise=alls=5:allf=t,format=yuv420p[v]"
        tmp = out.with_name(out.stem + ".part.mp4")
        subprocess.run([ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-y", "-filter_complex", graph,
                        "-f", "lavfi", "-i",
                        f"anoisesrc=color=pink:amplitude=0.1:sample_rate=48000:duration={seconds}",
                        "-map", "[v]", "-map", "0:a", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "16M",
                        "-maxrate", "16M", "-bufsize", "32M", "-g", "30", "-c:a", "aac", "-b:a", "128k", "-ac", "2",
                        str(tmp)], check=True, stdin=subprocess.DEVNULL)
        os.replace(tmp, out)
    return out_clips
