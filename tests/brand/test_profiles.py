"""Platform profiles: validation, lookup/override, and the per-source decisions (no encoding here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vidjourn.stages.export import export as ex
from vidjourn.settings import profiles as P
from vidjourn.render import plan as RP
from vidjourn.core.errors import PresetError, UsageError
from vidjourn.core.probe import MediaInfo, StreamInfo

BUILTINS = {"reels", "tiktok", "shorts", "facebook", "feed", "square", "youtube", "x", "whatsapp",
            "whatsapp-status"}


def fake_info(w: int, h: int, duration: float, fps: float = 30.0, audio: bool = False, vfr: bool = False):
    streams = [StreamInfo(0, "video", "h264", width=w, height=h, sar="1:1", fps=fps, avg_fps=fps, vfr=vfr,
                          interlaced=False, rotation=0, pix_fmt="yuv420p")]
    if audio:
        streams.append(StreamInfo(1, "audio", "aac", sample_rate=48000, channels=2))
    return MediaInfo(path="/nonexistent/src.mp4", size=1, container="mp4", duration=duration, start_time=0.0,
                     display_width=w, display_height=h, has_audio=audio, creation_time=None, gps=None,
                     device=None, streams=tuple(streams))


def plan(name: str, info: MediaInfo, **opts):
    clip = ex.Clip(Path(info.path), info, None, "src")
    return ex.plan_clip(clip, [P.load(name)], Path("/tmp/out"), ex.Options(speed="draft", **opts))


def test_builtin_profiles_all_load():
    assert set(P.names()) >= BUILTINS
    for name in BUILTINS:
        p = P.load(name)
        assert p.name == name and p.video.codec == "h264" and p.audio.codec == "aac"
        assert p.faststart and p.loudness.integrated == -14
    assert P.load("whatsapp").max_size_bytes == 16_000_000
    assert (P.load("feed").frame.width, P.load("feed").frame.height) == (1080, 1350)
    assert P.load("youtube").audio.bitrate_kbps == 384


def test_profile_problems_reported_together_with_key_paths(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("frame: {width: 1080, height: tall}\nvideo: {crff: 20, gop_seconds: 2}\n"
                   "audio: {channels: 3}\nmax_size: 16\n", encoding="utf-8")
    with pytest.raises(PresetError) as info:
        P.load(str(bad))
    probs = info.value.problems
    assert any(p.startswith("frame.height:") for p in probs)
    assert "video.crff: unknown key (a typo?)" in probs
    assert any(p.startswith("audio.channels:") for p in probs)
    assert "max_size: unknown key (a typo?)" in probs
    msg = info.value.message()
    assert str(bad) in msg and "Fix the keys named above" in msg


def test_odd_frame_size_rejected(tmp_path):
    bad = tmp_path / "odd.yaml"
    bad.write_text("frame: {width: 1081, height: 1920}\n", encoding="utf-8")
    with pytest.raises(PresetError) as info:
        P.load(str(bad))
    assert "even" in info.value.problems[0]


def test_unknown_profile_names_the_choices():
    with pytest.raises(UsageError) as info:
        P.load("myspace")
    assert "myspace" in info.value.message() and "whatsapp" in info.value.message()


def test_assignment_override_extends_builtin(tmp_path):
    folder = tmp_path / "presets" / "platforms"
    folder.mkdir(parents=True)
    (folder / "whatsapp.yaml").write_text("extends: whatsapp\nmax_size_mb: 64\nvideo: {crf: 26}\n")
    (folder / "polres-site.yaml").write_text("extends: youtube\nlabel: Situs Polres\nframe: {width: 1280, height: 720}\n")
    w = P.load("whatsapp", tmp_path)
    assert w.max_size_mb == 64 and w.video.crf == 26
    assert w.video.gop_seconds == 2 and w.frame.fit == "within"  # the rest from the built-in
    assert w.source == str((folder / "whatsapp.yaml").resolve())
    site = P.load("polres-site", tmp_path)
    assert (site.frame.width, site.audio.bitrate_kbps) == (1280, 384)
    assert "polres-site" in P.names(tmp_path)


@pytest.mark.parametrize("name,src,want", [
    ("whatsapp", (1920, 1080), (1280, 720)),
    ("whatsapp", (1080, 1920), (720, 1280)),
    ("whatsapp", (640, 272), (640, 272)),  # never upscaled
    ("whatsapp", (960, 1080), (720, 810)),  # taller than wide: the 720x1280 box
    ("x", (720, 1280), (720, 1280)),
    ("x", (1920, 1080), (1280, 720)),
    ("reels", (1920, 1080), (1080, 1920)),
])
def test_frame_for(name, src, want):
    g = RP.frame_for(P.load(name), *src)
    assert (g.width, g.height) == want


def test_fps_for():
    reels = P.load("reels")
    assert RP.fps_for(reels, 12, False) == 24  # doubled, not 30 (uneven)
    assert RP.fps_for(reels, 25, False) == 25
    assert RP.fps_for(reels, 120, False) == 60
    assert RP.fps_for(reels, 10.5, True) == 30  # VFR -> the profile default
    assert RP.fps_for(P.load("whatsapp"), 12, False) == 12  # no minimum
    assert RP.fps_for(P.load("x"), 60, False) == 30  # x caps at 40 (U): 60 halves to 30


def test_h264_levels():
    assert RP.h264_level(1080, 1920, 30, 25000) == "4.0"
    assert RP.h264_level(1920, 1080, 60, 12000) == "4.2"
    assert RP.h264_level(1280, 720, 30, 4000) == "3.1"
    assert RP.h264_level(1920, 1080, 30, 40000) == "4.1"


def test_encoder_args_from_profile():
    yt = P.load("youtube")
    args = ex.video_args(yt, "libx264", RP.Geometry(1920, 1080), 30, 8000)
    s = " ".join(args)
    assert "-profile:v high" in s and "-level:v 4.0" in s
    assert "-g 15" in s and "-flags +cgop" in s  # closed GOP of half the frame rate
    assert "-maxrate 8000k -bufsize 16000k" in s and "-crf 18" in s  # speed normal: the profile's CRF - 1
    assert "-preset superfast -x264-params rc-lookahead=10:mbtree=1" in s
    draft = " ".join(ex.video_args(yt, "libx264", RP.Geometry(1920, 1080), 60, 12000, "draft"))
    assert "-preset ultrafast -x264-params 8x8dct=1" in draft and "-g 30" in draft
    out = ex.output_args(yt, keep_metadata=False)
    assert out[:2] == ("-movflags", "+faststart") and "-map_metadata" in out
    assert out[out.index("-map_metadata") + 1] == "-1"
    assert ex.audio_args(yt) == ("-c:a", "aac", "-b:a", "384k", "-ar", "48000", "-ac", "2")


def test_size_budget_is_a_ceiling():
    # 60 s to 16 MB with 96 kbps audio: ~1.8 Mbps video peak; every bit accounted for stays under the cap.
    kbps = ex.video_budget_kbps(16_000_000, 60, 96, 2.0)
    assert 1700 < kbps < 2000
    worst_case_bytes = (kbps * 1000 * (60 + 2.0) + 96_000 * 60) / 8 + 16_000_000 * 0.01 + 64_000
    assert worst_case_bytes < 16_000_000


def test_whatsapp_five_minutes_lowers_the_frame():
    planned, failures = plan("whatsapp", fake_info(1920, 1080, 300.0))
    assert not failures
    (p,) = planned
    assert (p.spec.width, p.spec.height) == (960, 540)
    assert p.capped and 250 < p.video_kbps < 350
    assert "frame lowered to 960x540" in p.notes[0]
    assert f"-maxrate {p.video_kbps}k" in " ".join(p.spec.video_args)


def test_whatsapp_too_long_to_watch_says_how_out():
    planned, failures = plan("whatsapp", fake_info(1920, 1080, 40 * 60.0))
    assert not planned
    msg = failures[0].error.message()
    assert "does not fit whatsapp's 16 MB cap" in msg and "whatsapp-status" in msg and "--start/--end" in msg


def test_status_splits_into_parts():
    planned, failures = plan("whatsapp-status", fake_info(1280, 720, 150.0))
    assert not failures and len(planned) == 3
    assert [p.part for p in planned] == [1, 2, 3]
    assert [p.path.name for p in planned] == ["src_part1of3.mp4", "src_part2of3.mp4", "src_part3of3.mp4"]
    assert planned[0].spec.start is None and planned[0].spec.end == pytest.approx(50)
    assert planned[2].spec.start == pytest.approx(100) and planned[2].spec.end is None
    assert all(p.duration <= 60 for p in planned)


def test_too_long_for_reels_is_an_error_and_short_is_padded():
    planned, failures = plan("reels", fake_info(1920, 1080, 200.0))
    assert not planned
    assert "too long for reels (max 00:03:00)" in failures[0].error.message()
    planned, failures = plan("reels", fake_info(1920, 1080, 1.2))
    assert planned[0].spec.pad_to == 3 and "3 s minimum" in planned[0].notes[0]
    planned, failures = plan("reels", fake_info(1920, 1080, 200.0), start=10.0, end=70.0)
    assert not failures and planned[0].spec.start == 10.0 and planned[0].spec.end == 70.0


def test_silent_source_gets_a_note_and_a_track():
    planned, _ = plan("youtube", fake_info(1920, 1080, 10.0))
    assert planned[0].spec.audio_required and planned[0].spec.audio_filter is None
    assert "silent AAC track" in planned[0].notes[-1]
