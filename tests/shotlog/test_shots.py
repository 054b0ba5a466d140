"""Shot detection on real footage (bikes.mp4's listed cuts, clips without cuts) and on generated clips
with known cuts: fades, a flash, a brightness step, VFR timing, rotation, interlacing, a late video start."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from vidjourn.core.errors import MediaError
from vidjourn.core.probe import probe
from vidjourn.analysis.shots import detect_shots

SIZE = "192x108"  # tiny: the detector scales to 64x36 anyway


def make_cuts_clip(ffmpeg: str, out: Path, segments: list[tuple[str, float, int]], *, vf_each: list[str] | None = None,
                   vfr: bool = False, extra_out: list[str] | None = None, post_vf: str | None = None) -> Path:
    """Join lavfi sources [(source, seconds, fps)] with the concat filter. Frame-exact joins via trim."""
    chains, inputs = [], []
    for k, (src, dur, fps) in enumerate(segments):
        frames = round(dur * fps)
        name = "color=c=black" if src == "color=black" else src
        sep = ":" if "=" in name else "="
        inputs += ["-f", "lavfi", "-i", f"{name}{sep}size={SIZE}:rate={fps}"]
        extra = f",{vf_each[k]}" if vf_each and vf_each[k] else ""
        chains.append(f"[{k}:v]format=yuv420p,trim=end_frame={frames},setpts=PTS-STARTPTS{extra}[v{k}]")
    graph = ";".join(chains) + ";" + "".join(f"[v{k}]" for k in range(len(segments))) + \
        f"concat=n={len(segments)}:v=1:a=0" + (f",{post_vf}" if post_vf else "") + "[out]"
    cmd = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", *inputs, "-filter_complex", graph,
           "-map", "[out]", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if vfr:
        cmd += ["-fps_mode", "passthrough", "-video_track_timescale", "90000"]
    cmd += (extra_out or []) + [str(out)]
    subprocess.run(cmd, check=True)
    return out


def starts(det) -> list[float]:
    return [s.start for s in det.shots]


# --- real footage --------------------------------------------------------------------------------

@pytest.mark.footage
def test_bikes_five_listed_cuts_found_to_the_frame(footage, footage_dir):
    truth = []
    for line in (footage_dir / "bikes.mp4.cuts.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            frame, secs, _tc = line.split()
            truth.append((int(frame), float(secs)))
    det = detect_shots(footage("bikes.mp4"))
    assert len(det.shots) == len(truth) + 1, [s.to_dict() for s in det.shots]
    for shot, (frame, secs) in zip(det.shots[1:], truth):
        assert abs(shot.start_frame - frame) <= 1
        assert abs(shot.start - secs) <= 1 / 25 + 1e-6
        assert shot.begins_with == "cut"
    # The shots tile the clip: each ends where the next starts, the last at the clip's end.
    assert det.shots[0].start == 0.0 and det.shots[0].start_frame == 0
    for a, b in zip(det.shots, det.shots[1:]):
        assert a.end == b.start and a.end_frame + 1 == b.start_frame
    assert det.shots[-1].end == pytest.approx(10.0, abs=0.001)
    assert det.frame_count == 250
    assert det.shots[1].start_tc == "00:00:01.200"


@pytest.mark.footage
@pytest.mark.parametrize("name", ["fire2.mp4", "foreman_vp9.webm", "issue53_brightness_change.avi",
                                  "asl_again.mkv", "MVI_4823.AVI", "quicktime-hvc1.mov", "flower.webm"])
def test_no_false_cuts_on_shaky_rotated_and_cctv_clips(footage, name):
    det = detect_shots(footage(name))
    info = probe(footage(name))
    assert [s.to_dict() for s in det.shots][1:] == []
    assert det.shots[0].start == 0.0
    # The single shot spans the whole clip (within two frames of the container's duration).
    assert det.shots[0].end == pytest.approx(info.duration - info.start_time, abs=0.2)


@pytest.mark.footage
def test_vfr_phone_clip_times_are_real_pts(footage):
    # fire2.mp4 runs at ~10.5 fps on average but its first frames are 0.1 s apart.
    det = detect_shots(footage("fire2.mp4"))
    assert det.frame_count == 25
    assert det.shots[0].end == pytest.approx(2.28 + 0.0951, abs=0.02)


# --- generated clips with known cuts -------------------------------------------------------------

def test_hard_cuts_on_generated_clip(ffmpeg_bin, tmp_path):
    clip = make_cuts_clip(ffmpeg_bin, tmp_path / "cuts.mp4",
                          [("testsrc2", 1.2, 25), ("smptebars", 1.0, 25), ("mandelbrot", 1.0, 25)])
    det = detect_shots(clip)
    assert [s.start_frame for s in det.shots] == [0, 30, 55]
    assert starts(det) == pytest.approx([0.0, 1.2, 2.2], abs=1e-6)
    assert [s.end_frame for s in det.shots] == [29, 54, 79]
    assert [s.begins_with for s in det.shots] == ["start", "cut", "cut"]


def test_fade_through_black_is_a_boundary_and_fades_at_the_ends_are_not(ffmpeg_bin, tmp_path):
    clip = make_cuts_clip(
        ffmpeg_bin, tmp_path / "fades.mp4",
        [("testsrc2", 1.6, 25), ("color=black", 0.2, 25), ("smptebars", 1.6, 25)],
        vf_each=["fade=t=in:st=0:d=0.4,fade=t=out:st=1.2:d=0.4", "", "fade=t=in:st=0:d=0.4,fade=t=out:st=1.2:d=0.4"],
    )
    det = detect_shots(clip)
    assert len(det.shots) == 2, [s.to_dict() for s in det.shots]
    second = det.shots[1]
    assert second.begins_with == "fade"
    # The new shot starts at the first visible frame of the fade-in (frame 45 is the fade-in's first).
    assert 45 <= second.start_frame <= 47
    assert det.shots[0].start == 0.0


def test_single_white_flash_and_brightness_step_are_not_cuts(ffmpeg_bin, clip_factory):
    flash = clip_factory("flash.mp4", duration=2, audio=False,
                         extra_vf="drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='eq(n,25)'")
    step = clip_factory("step.mp4", duration=2, audio=False, extra_vf="eq=brightness=0.25:enable='gte(t,1)'")
    assert len(detect_shots(flash).shots) == 1
    assert len(detect_shots(step).shots) == 1


def test_vfr_generated_clip_uses_each_frames_pts(ffmpeg_bin, tmp_path):
    # 10 fps for 1.5 s, then 30 fps: index/average-fps timing would put the 2nd cut at 2.62 s, not 2.5 s.
    clip = make_cuts_clip(ffmpeg_bin, tmp_path / "vfr.mp4",
                          [("testsrc2", 1.5, 10), ("smptebars", 1.0, 30), ("mandelbrot", 1.0, 30)], vfr=True)
    assert probe(clip).video.vfr is True
    det = detect_shots(clip)
    assert [s.start_frame for s in det.shots] == [0, 15, 45]
    assert starts(det) == pytest.approx([0.0, 1.5, 2.5], abs=0.002)


def test_rotated_clip(ffmpeg_bin, tmp_path):
    plain = make_cuts_clip(ffmpeg_bin, tmp_path / "plain.mp4", [("testsrc2", 1.0, 25), ("smptebars", 1.0, 25)])
    rotated = tmp_path / "rotated.mp4"
    subprocess.run([ffmpeg_bin, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-display_rotation:v:0",
                    "90", "-i", str(plain), "-c", "copy", str(rotated)], check=True)
    assert probe(rotated).rotation in (90, -90)
    det = detect_shots(rotated)
    assert [s.start_frame for s in det.shots] == [0, 25]
    assert starts(det) == pytest.approx([0.0, 1.0], abs=1e-6)


def test_interlaced_clip(ffmpeg_bin, tmp_path):
    clip = make_cuts_clip(ffmpeg_bin, tmp_path / "int.mp4", [("testsrc2", 1.0, 25), ("smptebars", 1.0, 25)],
                          vf_each=["setfield=tff", "setfield=tff"], extra_out=["-flags", "+ilme+ildct"])
    assert probe(clip).video.interlaced is True
    det = detect_shots(clip)
    assert [s.start_frame for s in det.shots] == [0, 25]


def test_times_count_from_first_displayed_frame_when_video_starts_late(ffmpeg_bin, tmp_path):
    video = make_cuts_clip(ffmpeg_bin, tmp_path / "v.mp4", [("testsrc2", 1.2, 25), ("smptebars", 1.0, 25)])
    late = tmp_path / "late.mp4"
    subprocess.run([ffmpeg_bin, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-itsoffset", "0.85",
                    "-i", str(video), "-f", "lavfi", "-i", "sine=d=3:sample_rate=48000", "-map", "0:v", "-map",
                    "1:a", "-c:v", "copy", "-c:a", "aac", str(late)], check=True)
    det = detect_shots(late)
    assert det.first_pts == pytest.approx(0.85, abs=0.03)  # the video really does start late
    assert det.shots[0].start_tc == "00:00:00.000"
    assert starts(det) == pytest.approx([0.0, 1.2], abs=1e-3)


def test_not_a_video_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.mp4"
    bad.write_text("not a video")
    with pytest.raises(MediaError) as exc:
        detect_shots(bad)
    assert str(bad) in str(exc.value) and "could not read" in str(exc.value)
    with pytest.raises(MediaError, match="no such file"):
        detect_shots(tmp_path / "missing.mp4")


def test_audio_only_file_has_no_video(ffmpeg_bin, tmp_path):
    wav = tmp_path / "a.m4a"
    subprocess.run([ffmpeg_bin, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=d=0.5", "-c:a", "aac", str(wav)], check=True)
    with pytest.raises(MediaError) as exc:
        detect_shots(wav)
    assert "no video" in str(exc.value) or "could not read" in str(exc.value)


@pytest.mark.footage
def test_dip_to_black_between_real_clips(ffmpeg_bin, footage, tmp_path):
    # Handheld phone footage fading out, then the webcam clip fading in from black (no black hold).
    out = tmp_path / "dip.mp4"
    a, b = footage("fire2.mp4"), footage("asl_again.mkv")
    graph = ("[0:v]scale=320:180,setsar=1,fps=25,format=yuv420p,trim=end_frame=55,setpts=PTS-STARTPTS,"
             "fade=t=out:start_frame=43:nb_frames=12[a];"
             "[1:v]scale=320:180,setsar=1,fps=25,format=yuv420p,trim=end_frame=50,setpts=PTS-STARTPTS,"
             "fade=t=in:start_frame=0:nb_frames=12[b];[a][b]concat=n=2:v=1:a=0[v]")
    subprocess.run([ffmpeg_bin, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-i", str(a), "-i", str(b),
                    "-filter_complex", graph, "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", str(out)],
                   check=True)
    det = detect_shots(out)
    assert len(det.shots) == 2, [s.to_dict() for s in det.shots]
    assert det.shots[1].begins_with == "fade"
    assert 55 <= det.shots[1].start_frame <= 58  # the first visible frames of the fade-in


def test_fade_is_found_with_a_logo_on_screen(ffmpeg_bin, tmp_path):
    # Branded footage: a white corner logo (~1.8 % of the frame) stays on through the dip to black.
    clip = make_cuts_clip(
        ffmpeg_bin, tmp_path / "logo.mp4",
        [("testsrc2", 1.6, 25), ("smptebars", 1.6, 25)],
        vf_each=["fade=t=out:st=1.0:d=0.6", "fade=t=in:st=0:d=0.6"],
        post_vf="drawbox=x=iw-34:y=6:w=28:h=12:color=white:t=fill",
    )
    det = detect_shots(clip)
    assert [s.begins_with for s in det.shots] == ["start", "fade"]
    assert 40 <= det.shots[1].start_frame <= 43
