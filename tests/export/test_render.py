"""The render engine on real files: sync, rotation, VFR -> CFR, several outputs from one decode, atomicity."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from vidjourn.core.errors import FfmpegError, OutputExists
from vidjourn.core.probe import probe
from vidjourn.render.graph import CardSpec, OutputSpec, build_command, output_fps, render, source_size

FAST = ("-c:v", "libx264", "-preset", "ultrafast", "-crf", "30")


def run_all(source: Path, outputs, force: bool = False) -> None:
    info = probe(source)
    for _ in render(source, info, outputs, force=force):
        pass


def gray_frames(ffmpeg: str, path: Path, w: int, h: int, extra: tuple[str, ...] = ()) -> np.ndarray:
    """Every frame of ``path`` as a (n, h, w) uint8 array (scaled down; read through a pipe)."""
    out = subprocess.run([ffmpeg, "-v", "error", *extra, "-i", str(path), "-vf", f"scale={w}:{h}",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(out, np.uint8).reshape(-1, h, w)


def pcm(ffmpeg: str, path: Path, rate: int = 48000) -> np.ndarray:
    out = subprocess.run([ffmpeg, "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(rate),
                          "-f", "s16le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(out, np.int16).astype(np.float32) / 32768


def frame_times(path: Path) -> list[float]:
    import av

    with av.open(str(path)) as c:
        s = c.streams.video[0]
        return sorted(float(p.pts * s.time_base) for p in c.demux(s) if p.pts is not None)


@pytest.fixture(scope="module")
def flash_beep(tmp_path_factory, ffmpeg_bin) -> Path:
    """3 s, 25 fps: black with a white flash (one frame) at 1.2 s and a 1 kHz beep starting at 1.2 s."""
    out = tmp_path_factory.mktemp("sync") / "flash_beep.mp4"
    v = ("color=c=black:s=160x120:r=25:d=3,"
         "drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(t,1.19,1.21)'")
    a = "aevalsrc='0.5*sin(2*PI*1000*t)*between(t,1.2,1.35)':s=48000:d=3"  # sample-exact onset
    subprocess.run([ffmpeg_bin, "-v", "error", "-y", "-f", "lavfi", "-i", v, "-f", "lavfi", "-i", a,
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "-b:a", "128k", "-shortest", str(out)], check=True)
    return out


def _flash_and_beep(ffmpeg: str, path: Path, fps: float) -> tuple[float, float]:
    frames = gray_frames(ffmpeg, path, 16, 12)
    bright = np.nonzero(frames.reshape(len(frames), -1).mean(axis=1) > 128)[0]
    assert len(bright), "no flash frame found in the output"
    audio = pcm(ffmpeg, path)
    loud = np.nonzero(np.abs(audio) > 0.1)[0]  # the beep peaks at 0.5
    assert len(loud), "no beep found in the output"
    return bright[0] / fps, loud[0] / 48000


@pytest.mark.parametrize("title", [0.0, 1.0], ids=["plain", "after-title-card"])
def test_audio_video_sync_within_one_frame(flash_beep, tmp_path, ffmpeg_bin, title):
    from PIL import Image

    cards = None
    if title:
        card = tmp_path / "card.png"
        Image.new("RGB", (160, 120), (0, 0, 60)).save(card)  # dark: not mistaken for the flash
        cards = CardSpec(title=card, title_duration=title, end=card, end_duration=0.5, fade=0.2)
    out = tmp_path / "out.mp4"
    run_all(flash_beep, [OutputSpec(out, 160, 120, fps=25, cards=cards, video_args=FAST)])
    flash, beep = _flash_and_beep(ffmpeg_bin, out, 25)
    assert abs(flash - (1.2 + title)) <= 1 / 25 + 1e-6  # the flash sits where the card pushed it
    assert abs(flash - beep) <= 1 / 25, f"A/V offset {beep - flash:+.3f} s"
    src_flash, src_beep = _flash_and_beep(ffmpeg_bin, flash_beep, 25)
    assert abs((beep - flash) - (src_beep - src_flash)) < 0.003  # same rate: the offset is kept exactly
    info = probe(out)
    assert info.duration == pytest.approx(3.0 + title + (0.5 if title else 0), abs=0.05)


def test_sync_survives_frame_rate_change(flash_beep, tmp_path, ffmpeg_bin):
    out = tmp_path / "out30.mp4"
    run_all(flash_beep, [OutputSpec(out, 160, 120, fps=30, video_args=FAST)])
    flash, beep = _flash_and_beep(ffmpeg_bin, out, 30)
    assert abs(flash - beep) <= 1 / 30 + 1e-6


def _best_rotation(src_raw: np.ndarray, out_frame: np.ndarray) -> int:
    """k (np.rot90 quarter turns, counter-clockwise) that makes the raw source frame match the output."""
    errs = {}
    for k in range(4):
        r = np.rot90(src_raw, k)
        if r.shape == out_frame.shape:
            errs[k] = float(np.abs(r.astype(int) - out_frame.astype(int)).mean())
    best = min(errs, key=errs.get)
    others = [e for k, e in errs.items() if k != best]
    assert not others or errs[best] < 0.6 * min(others), errs  # clearly the best, not a coin toss
    return best


@pytest.mark.footage
@pytest.mark.parametrize("name, quarter_turns", [("quicktime-hvc1.mov", 3), ("fire2.mp4", 2)])
def test_rotated_phone_clips_come_out_upright(footage, tmp_path, ffmpeg_bin, name, quarter_turns):
    src = footage(name)
    info = probe(src)
    w, h = source_size(info)
    out = tmp_path / "upright.mp4"
    run_all(src, [OutputSpec(out, w, h, video_args=FAST, output_args=("-map_metadata", "-1"))])
    got = probe(out)
    assert (got.display_width, got.display_height) == (w, h)
    assert got.rotation == 0  # pixels turned, no display matrix left for players to apply twice
    assert [s.type for s in got.streams] == ["video", "audio"]  # Apple's timed-metadata tracks dropped
    assert got.gps is None
    # The stored (unrotated) first frame, turned in numpy, must match the output's first frame.
    raw = gray_frames(ffmpeg_bin, src, 32, 18, extra=("-noautorotate",))[0]
    first = gray_frames(ffmpeg_bin, out, *((18, 32) if w < h else (32, 18)))[0]
    assert _best_rotation(raw, first) == quarter_turns


@pytest.mark.footage
def test_vfr_phone_clip_becomes_constant_rate(footage, tmp_path):
    src = footage("fire2.mp4")
    info = probe(src)
    assert info.video.vfr
    out = tmp_path / "cfr.mp4"
    run_all(src, [OutputSpec(out, 640, 360, video_args=FAST)])
    fps = output_fps(info)
    assert fps == 25  # avg 10.5 fps VFR is snapped up to a standard rate
    times = frame_times(out)
    steps = np.diff(times)
    assert np.allclose(steps, 1 / 25, atol=1e-3), sorted(set(np.round(steps, 4)))
    got = probe(out)
    assert not got.video.vfr and got.video.fps == 25
    assert got.duration == pytest.approx(info.duration, abs=0.08)


@pytest.mark.footage
def test_start_offset_sar_and_full_range_are_normalised(footage, tmp_path):
    outs = {}
    for name in ("asl_again.mkv", "foreman_vp9.webm", "MVI_4823.AVI"):
        src = footage(name)
        info = probe(src)
        w, h = source_size(info)
        outs[name] = (tmp_path / f"{name}.mp4", info)
        run_all(src, [OutputSpec(outs[name][0], w, h, video_args=FAST, audio_required=True)])
    asl, asl_info = outs["asl_again.mkv"]
    got = probe(asl)
    assert asl_info.start_time > 0 and got.start_time == 0
    assert got.has_audio  # silent track because the spec asked for one
    fore = probe(outs["foreman_vp9.webm"][0])
    assert (fore.video.width, fore.video.height, fore.video.sar) == (384, 288, "1:1")  # 352x288 @ 35:32
    mjpeg = probe(outs["MVI_4823.AVI"][0])
    assert mjpeg.video.pix_fmt == "yuv420p"  # full-range yuvj422p converted to tv range 4:2:0
    assert mjpeg.audio.sample_rate == 48000


def test_one_process_many_outputs(clip_factory, tmp_path):
    src = clip_factory("many.mp4", duration=2.0, size=(320, 240))
    info = probe(src)
    specs = [
        OutputSpec(tmp_path / "a.mp4", 320, 240, video_args=FAST),
        OutputSpec(tmp_path / "b.mp4", 180, 320, fps=30, reframe="blur", video_args=FAST),
        OutputSpec(tmp_path / "c.mp4", 240, 240, reframe="crop", video_args=FAST, start=0.5, end=1.5),
    ]
    cmd = build_command(src, info, specs)
    assert cmd.count(str(src)) == 1  # decoded once
    assert cmd.count("-filter_complex") == 1
    run_all(src, specs)
    got = [probe(s.path) for s in specs]
    assert [(g.display_width, g.display_height) for g in got] == [(320, 240), (180, 320), (240, 240)]
    assert got[1].video.fps == 30
    assert got[2].duration == pytest.approx(1.0, abs=0.05)
    assert got[0].duration == pytest.approx(2.0, abs=0.05)


def test_existing_output_kept_without_force_and_failed_render_leaves_nothing(clip_factory, tmp_path):
    src = clip_factory("atomic.mp4", duration=1.0)
    out = tmp_path / "out.mp4"
    out.write_bytes(b"precious")
    with pytest.raises(OutputExists):
        run_all(src, [OutputSpec(out, 320, 240, video_args=FAST)])
    assert out.read_bytes() == b"precious"
    with pytest.raises(FfmpegError):
        run_all(src, [OutputSpec(out, 320, 240, video_args=("-c:v", "no-such-encoder"))], force=True)
    assert out.read_bytes() == b"precious"  # the old file survives a failed overwrite
    assert [p.name for p in tmp_path.iterdir()] == ["out.mp4"]  # no temp file left behind
    run_all(src, [OutputSpec(out, 320, 240, video_args=FAST)], force=True)
    assert probe(out).video.codec == "h264"


def test_interlaced_source_is_deinterlaced(tmp_path, ffmpeg_bin):
    src = tmp_path / "interlaced.mp4"
    subprocess.run([ffmpeg_bin, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=50:d=1",
                    "-vf", "interlace=scan=tff,setfield=tff", "-c:v", "libx264", "-preset", "ultrafast",
                    "-flags", "+ildct+ilme", "-x264opts", "tff=1", str(src)], check=True)
    info = probe(src)
    assert info.video.interlaced
    out = tmp_path / "progressive.mp4"
    cmd = build_command(src, info, [OutputSpec(out, 320, 240, video_args=FAST)])
    assert "bwdif" in cmd[cmd.index("-filter_complex") + 1]
    run_all(src, [OutputSpec(out, 320, 240, video_args=FAST)])
    got = probe(out)
    assert not got.video.interlaced and got.video.fps == 25  # one frame per interlaced frame (send_frame)


def test_hardware_encoder_hooks_tail_filter_and_global_args(clip_factory, tmp_path):
    """Export's hardware encoders need a filter at the end of the video chain and global args."""
    src = clip_factory("hooks.mp4", duration=1.0)
    info = probe(src)
    spec = OutputSpec(tmp_path / "nv12.mp4", 320, 240, video_args=FAST, video_filter_tail="format=nv12",
                      global_args=("-filter_threads", "1"))
    twin = OutputSpec(tmp_path / "twin.mp4", 160, 120, video_args=FAST, global_args=("-filter_threads", "1"))
    cmd = build_command(src, info, [spec, twin])
    assert cmd[:2] == ["-filter_threads", "1"] and cmd.count("-filter_threads") == 1
    assert cmd[cmd.index("-filter_complex") + 1].count("format=nv12") == 1
    run_all(src, [spec, twin])
    assert probe(spec.path).video.codec == "h264"  # x264 took the nv12 frames (4:2:0 in the bitstream)
    assert probe(twin.path).display_width == 160
