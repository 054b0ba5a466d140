"""The story render (issue 20 item 4) on real pixels and real sound: frame-numbered clips of different size,
rate (25p, 29.97p, VFR, interlaced), rotation, pixel shape and audio layout (mono, stereo, 5.1, none) joined
into one story and rendered to reels, youtube and whatsapp in ONE ffmpeg process.

The platforms keep their own rules (rates, encoder settings, loudness, checks) but the assignment's
presets/platforms/ gives reels and youtube small frames, so the test stays small."""

from __future__ import annotations

import json
import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from tests.story.helpers import make_assignment
from tests.story.media import audio_samples, beep_onsets, coded_clip, frame_codes
from vidjourn.render import story as RS
from vidjourn.stages.base import PipelineOptions, PlanContext
from vidjourn.stages.story import stage as S

PLATFORMS = ("reels", "youtube", "whatsapp")
SMALL = {"reels": "extends: reels\nframe: {width: 180, height: 320}\n",
         "youtube": "extends: youtube\nframe: {width: 320, height: 180}\n"}

CLIPS = {  # name: (coded_clip options, source frame rate)
    "a": (dict(size=(320, 180), rate="25", audio="stereo", luma=60), Fraction(25)),
    "b": (dict(size=(640, 360), rate="30000/1001", audio="mono", luma=90, rotate=90), Fraction(30000, 1001)),
    "c": (dict(size=(320, 240), rate="25", audio="5.1", luma=120, vfr=True), None),
    "d": (dict(size=(320, 180), rate="25", audio=None, luma=150, interlaced=True), Fraction(25)),
    "e": (dict(size=(240, 180), rate="25", audio="stereo", luma=180, sar="4/3"), Fraction(25)),
}


@pytest.fixture(scope="module")
def clips(tmp_path_factory, ffmpeg_bin):
    root = tmp_path_factory.mktemp("coded")
    return {k: coded_clip(ffmpeg_bin, root / f"{k}.mp4", **opts) for k, (opts, _) in CLIPS.items()}


def _assignment(root: Path, clips: dict[str, Path], story_yaml: str, extra: dict | None = None):
    asg = make_assignment(root, [clips[k] for k in sorted(clips)])
    pp = root / "presets" / "platforms"
    pp.mkdir(parents=True)
    for name, text in SMALL.items():
        (pp / f"{name}.yaml").write_text(text)
    (root / "story.yaml").write_text(story_yaml)
    return asg


def _render(asg, contributions=None, count=None):
    """Plan and run the story task as `vidjourn run` would; returns (task, result)."""
    opts = PipelineOptions(steps=("story",), speed="draft")
    tasks = S.STAGE.plan(asg, opts, PlanContext(contributions=contributions or {}))
    assert len(tasks) == 1
    events = []
    res = S.STAGE.run(tasks[0], events.append)
    return tasks[0], res


def _count_renders(monkeypatch):
    calls = []
    real = RS.ffmpeg_run

    def spy(args, **kw):
        calls.append([a for a in kw.get("outputs", ())])
        return real(args, **kw)

    monkeypatch.setattr(RS, "ffmpeg_run", spy)
    return calls


# Six segments, all cuts (frame accuracy and sync are read at clean joins); one J-cut; one muted segment.
CUTS = """
title_card: false
end_card: false
segments:
  - {clip: 20261112_uji_001, from: 0.4, to: 1.6, audio: nat}
  - {clip: 20261112_uji_002, from: 1.0, to: 2.2, audio: sot}
  - {clip: 20261112_uji_003, from: 0.3, to: 1.9}
  - {clip: 20261112_uji_004, from: 1.2, to: 2.4, audio: mute}
  - {clip: 20261112_uji_005, from: 0.2, to: 1.4, audio_lead: 0.2}
  - {clip: 20261112_uji_001, from: 2.2, to: 3.4}
"""
SEGS = [("a", 0.4, 1.6, 0.0), ("b", 1.0, 2.2, 0.0), ("c", 0.3, 1.9, 0.0), ("d", 1.2, 2.4, 0.0),
        ("e", 0.2, 1.4, 0.2), ("a", 2.2, 3.4, 0.0)]


@pytest.fixture(scope="module")
def cut_story(tmp_path_factory, clips):
    mp = pytest.MonkeyPatch()
    calls = _count_renders(mp)
    try:
        asg = _assignment(tmp_path_factory.mktemp("cuts") / "asg", clips, CUTS)
        task, res = _render(asg)
    finally:
        mp.undo()
    return asg, task, res, calls


def _source_frame(clip: Path, rate: Fraction | None, t: float) -> int:
    """The source frame shown at source second ``t``."""
    if rate is not None:
        return int(np.floor(t * rate + 1e-6))
    times = [x[0] for x in frame_codes(clip)]
    return max(i for i, x in enumerate(times) if x <= t + 1e-6)


def test_one_process_three_formats_exact_length(cut_story):
    asg, task, res, calls = cut_story
    assert res.ok, [e.message() for e in res.problems()]
    assert len(calls) == 1 and len(calls[0]) == 3  # one ffmpeg process wrote all three files
    fps = Fraction(25)  # the longest segment's source (clip c, VFR ~25 -> 25)
    frames = sum(round((b - a) * fps) for _, a, b, _ in SEGS)
    for name in PLATFORMS:
        out = asg.root / "out" / name / "2026-11-12_uji.mp4"
        codes = frame_codes(out)
        assert len(codes) == frames == 190, name  # story length exact: 7.6 s at 25 fps
        assert codes[-1][0] == pytest.approx((frames - 1) / 25, abs=1e-3)
        assert len(audio_samples(out)) == pytest.approx(frames / 25 * 48000, abs=1024)  # AAC priming aside


def test_every_segment_first_and_last_picture(cut_story, clips):
    asg, *_ = cut_story
    for name in PLATFORMS:
        codes = frame_codes(asg.root / "out" / name / "2026-11-12_uji.mp4")
        pos = 0
        for k, (clip, a, b, _) in enumerate(SEGS):
            n = round((b - a) * 25)
            rate = CLIPS[clip][1]
            for i in (0, n - 1):  # first and last picture of the segment
                got = codes[pos + i][1]
                want = _source_frame(clips[clip], rate, a + i / 25)
                assert got is not None and abs(got - want) <= 1, (name, k, i, got, want)
                assert abs(codes[pos + i][2] - CLIPS[clip][0]["luma"]) < 6  # the right clip
            pos += n


def test_picture_and_sound_in_sync_at_every_join(cut_story):
    asg, *_ = cut_story
    expected = []
    start = 0.0
    for clip, a, b, lead in SEGS:
        if clip != "d":  # d is muted (and has no sound at all)
            for beep in np.arange(0.5, 5, 1.0):
                if a - lead <= beep < b - 0.04:
                    expected.append(start + beep - a)
        start += b - a
    for name in PLATFORMS:
        got = beep_onsets(audio_samples(asg.root / "out" / name / "2026-11-12_uji.mp4"))
        # AAC's decoder delay is trimmed by the container's edit list: onsets in story seconds
        assert len(got) == len(expected), (name, got, expected)
        for g, e in zip(got, expected):
            assert abs(g - e) <= 1 / 25, (name, got, expected)


def test_story_files_pass_check_and_ledger_fingerprint(cut_story):
    asg, task, res, _ = cut_story
    from vidjourn.analysis.check import check
    from vidjourn.settings import profiles

    for name in PLATFORMS:
        v = check(asg.root / "out" / name / "2026-11-12_uji.mp4", profiles.load(name, asg.root))
        assert v.ok, v.reasons()
    assert set(task.fingerprint_parts) >= {"segments", "voiceover", "profiles", "contributions", "preset"}
    # changing a story field re-plans the story with a new fingerprint (the clips are not touched)
    text = (asg.root / "story.yaml").read_text()
    (asg.root / "story.yaml").write_text(text.replace("to: 1.6", "to: 1.64"))
    try:
        t2 = S.STAGE.plan(asg, PipelineOptions(steps=("story",), speed="draft"))[0]
    finally:
        (asg.root / "story.yaml").write_text(text)
    assert t2.fingerprint != task.fingerprint and t2.fingerprint_parts["segments"] != task.fingerprint_parts[
        "segments"]
    assert t2.fingerprint_parts["profiles"] == task.fingerprint_parts["profiles"]


TRANSITIONS = """
segments:
  - {clip: 20261112_uji_001, from: 0.4, to: 1.6}
  - {clip: 20261112_uji_002, from: 1.0, to: 2.2, transition: {type: dissolve, length: 0.4}}
  - {clip: 20261112_uji_005, from: 0.2, to: 1.4, transition: {type: dip, length: 0.4}}
"""


@pytest.fixture(scope="module")
def transition_story(tmp_path_factory, clips):
    asg = _assignment(tmp_path_factory.mktemp("trans") / "asg", clips, TRANSITIONS)
    pp = asg.root / "presets" / "platforms"
    (pp / "whatsapp.yaml").unlink(missing_ok=True)
    task, res = _render(asg)
    return asg, res


def test_dissolve_and_dip_frames(transition_story, tmp_path):
    asg, res = transition_story
    assert res.ok, [e.message() for e in res.problems()]
    out = asg.root / "out" / "youtube" / "2026-11-12_uji.mp4"
    codes = frame_codes(out)
    title = 75  # the preset's 3 s title card
    # a: 30 frames, b: 30 (10 of them dissolving over a's last 10), e: 30, dip of 5 + 5 frames at b|e
    assert len(codes) == title + 30 + 30 - 10 + 30 + 75
    lum = [c[2] for c in codes]
    a0 = title
    mid_dissolve = a0 + 20 + 5  # 5th of 10 overlapping frames
    assert 60 + 8 < lum[mid_dissolve] < 90 - 8  # a (luma 60) and b (90) mixed
    assert lum[a0 + 15] == pytest.approx(60, abs=4) and lum[a0 + 35] == pytest.approx(90, abs=4)
    cut = a0 + 50  # b|e join
    assert lum[cut - 1] < 30 and lum[cut] < 30  # dipped to black at the join
    assert lum[cut - 8] == pytest.approx(90, abs=4) and lum[cut + 8] == pytest.approx(180, abs=4)
    # a strip of frames around both transitions, kept for a person to look at
    strip = tmp_path / "transitions.png"
    sel = "+".join(f"eq(n\\,{i})" for i in [a0 + 18, a0 + 22, a0 + 25, a0 + 28, a0 + 31, cut - 5, cut - 3,
                                            cut - 1, cut, cut + 2, cut + 4])
    subprocess.run([_ff(), "-v", "error", "-y", "-i", str(out), "-vf",
                    f"select='{sel}',tile=11x1", "-frames:v", "1", str(strip)], check=True)
    assert strip.stat().st_size > 1000
    # Looked at (2026-12-08, youtube 320x180): a (full frame) fades into b (portrait, pillarboxed) over 10
    # frames, both visible at the middle; b darkens to black on its last frame, e's first frame is black
    # and it brightens over 5 frames; the logo stays on through both.


def _ff():
    from vidjourn.core.ffmpeg import ffmpeg_path

    return ffmpeg_path()


def test_broken_and_blocked_story_renders_nothing(tmp_path, clips):
    asg = _assignment(tmp_path / "asg", clips, CUTS)
    block = {"kind": "block", "key": "redact.block.not_approved", "args": {"clip": "20261112_uji_003",
                                                                          "path": "redact.yaml"}}
    opts = PipelineOptions(steps=("story",))
    task = S.STAGE.plan(asg, opts, PlanContext(contributions={"20261112_uji_003": [block]}))[0]
    res = S.STAGE.run(task, lambda e: None)
    assert not res.ok and res.error.key == "redact.block.not_approved"
    assert not list((asg.root / "out").rglob("*.mp4"))
    # a clip nobody uses in the story does not block it
    ctx = PlanContext(contributions={"other": [block]})
    assert not [c for c in S.STAGE.plan(asg, opts, ctx)[0].params["contributions"] if c["kind"] == "block"]


def test_run_publishes_the_story_not_the_clips(tmp_path, clips):
    from vidjourn.stages.export.stage import STAGE as EXPORT

    asg = _assignment(tmp_path / "asg", clips, CUTS)
    assert EXPORT.plan(asg, PipelineOptions()) == []  # `vidjourn run`: the story is what is published
    assert EXPORT.plan(asg, PipelineOptions(steps=("export",)))  # asked for: per-clip exports
    story = json.loads(json.dumps(asg.story()))
    import yaml

    (asg.root / "vidjourn.yaml").write_text(yaml.safe_dump({**story, "clips": True}))
    assert EXPORT.plan(asg, PipelineOptions())  # clips: true in vidjourn.yaml


# --- loudness and ducking ---------------------------------------------------------------------------

LOUD = """
title_card: false
end_card: false
segments:
  - {clip: 20261112_uji_001, from: 0.2, to: 2.2}
  - {clip: 20261112_uji_002, from: 0.2, to: 3.8}
voiceover:
  - {file: vo/take1.m4a, at: 2.8, from: 0, to: 1.2}
"""


def _band_db(samples: np.ndarray, freq: float, t0: float, t1: float, rate: int = 48000) -> float:
    seg = samples[int(t0 * rate):int(t1 * rate)].astype(np.float64)
    n = np.arange(len(seg))
    amp = abs(np.dot(seg * np.hanning(len(seg)), np.exp(-2j * np.pi * freq * n / rate))) / len(seg)
    return 20 * np.log10(amp + 1e-12)


@pytest.fixture(scope="module")
def loud_story(tmp_path_factory, ffmpeg_bin):
    root = tmp_path_factory.mktemp("loud")
    quiet = coded_clip(ffmpeg_bin, root / "quiet.mp4", duration=3.0, audio="stereo", tone=1000, level=0.015)
    loud = coded_clip(ffmpeg_bin, root / "loud.mp4", duration=4.0, audio="mono", tone=1000, level=0.6, luma=90)
    asg = _assignment(root / "asg", {"a": quiet, "b": loud}, LOUD)
    (asg.root / "vo").mkdir()
    subprocess.run([ffmpeg_bin, "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=300:sample_rate=48000:duration=1.5", "-af", "volume=2.4", "-c:a", "aac",
                    str(asg.root / "vo" / "take1.m4a")], check=True)
    task, res = _render(asg)
    return asg, res


def test_story_loudness_per_platform(loud_story):
    asg, res = loud_story
    assert res.ok, [e.message() for e in res.problems()]
    from vidjourn.analysis.loudness import measure
    from vidjourn.settings import profiles

    for name in PLATFORMS:
        out = asg.root / "out" / name / "2026-11-12_uji.mp4"
        prof = profiles.load(name, asg.root)
        m = measure(out)
        assert abs(m.integrated - prof.loudness.integrated) <= 1.0, (name, m)
        assert m.true_peak <= prof.loudness.true_peak, (name, m)


def test_natural_sound_ducked_under_the_voice_over(loud_story):
    asg, _ = loud_story
    s = audio_samples(asg.root / "out" / "youtube" / "2026-11-12_uji.mp4")
    vo0, vo1 = 2.8, 4.0  # story seconds of the voice-over
    before = _band_db(s, 1000, 2.3, 2.6)
    during = _band_db(s, 1000, vo0 + 0.1, vo1 - 0.1)
    back = _band_db(s, 1000, vo1 + 0.3, vo1 + 0.6)
    assert _band_db(s, 300, vo0 + 0.1, vo1 - 0.1) > during  # the voice is there, over the ducked sound
    assert before - during >= 10.0, (before, during)
    assert abs(back - before) <= 1.0, (before, back)  # back within 0.3 s after the voice ends


# --- a clip's redaction mask and approved captions, reused in story time ------------------------------

MASKED = """
title_card: false
end_card: false
segments:
  - {clip: 20261112_uji_002, from: 0.2, to: 1.2}
  - {clip: 20261112_uji_001, from: 0.4, to: 1.6}
  - {clip: 20261112_uji_002, from: 1.2, to: 2.2}
"""


@pytest.fixture(scope="module")
def masked_story(tmp_path_factory, clips):
    from vidjourn.core.digest import file_sha256
    from vidjourn.graphics.mask import mask_ass, mask_size

    root = tmp_path_factory.mktemp("masked") / "asg"
    asg = _assignment(root, {"a": clips["a"], "e": clips["e"]}, MASKED)
    mw, mh = mask_size(320, 180)
    (root / "work" / "mask.ass").write_text(mask_ass([0.0], 4.0, [[("box", 0.6, 0.1, 0.9, 0.4)]], mw, mh))
    srt = root / "captions" / "20261112_uji_001.id.srt"
    srt.parent.mkdir()
    srt.write_text("1\n00:00:01,000 --> 00:00:01,400\nHALO HALO HALO\n", encoding="utf-8")
    contributions = {"20261112_uji_001": [
        {"kind": "mask", "ass": "work/mask.ass", "width": mw, "height": mh, "mode": "solid", "block": 16,
         "blank": [], "stage": "redact"},
        {"kind": "subtitles", "file": srt.relative_to(root).as_posix(), "sha256": file_sha256(srt), "lang": "id",
         "burn": True, "sidecar": False, "stage": "captions"}]}
    task, res = _render(asg, contributions)
    return asg, res


def test_mask_hidden_on_every_frame_of_its_clip(masked_story):
    asg, res = masked_story
    assert res.ok, [e.message() for e in res.problems()]
    import av

    out = asg.root / "out" / "whatsapp" / "2026-11-12_uji.mp4"  # whatsapp keeps the source's shape
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="gray") for f in c.decode(c.streams.video[0])]
    assert len(frames) == 25 + 30 + 25
    for i, y in enumerate(frames):
        h, w = y.shape
        box = y[int(h * 0.15):int(h * 0.35), int(w * 0.65):int(w * 0.85)]
        if 25 <= i < 55:  # clip a (its mask) shows
            assert box.max() < 30, i
        else:  # clip e: not masked
            assert box.min() > 150, i


def test_approved_captions_at_their_story_frames(masked_story):
    asg, _ = masked_story
    import av

    out = asg.root / "out" / "youtube" / "2026-11-12_uji.mp4"
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="gray") for f in c.decode(c.streams.video[0])]
    # clip a 1.0-1.4 s -> story 1.0 + (1.0 - 0.4) = 1.6 s .. 2.0 s -> frames 40..49 at 25 fps
    lit = [i for i, y in enumerate(frames) if (y[int(y.shape[0] * 0.6):, :] > 220).sum() > 20]
    assert lit and abs(lit[0] - 40) <= 1 and abs(lit[-1] - 49) <= 1, lit


def test_story_too_long_for_a_platform_says_the_way_out(tmp_path, clips):
    asg = _assignment(tmp_path / "asg", clips, CUTS)
    (asg.root / "presets" / "platforms" / "whatsapp.yaml").write_text(
        "extends: whatsapp\nduration: {max: 5, too_long: error}\n")
    task = S.STAGE.plan(asg, PipelineOptions(steps=("story",), speed="draft"))[0]
    res = S.STAGE.run(task, lambda e: None)
    assert not res.ok and res.error.key == "story.render.too_long"
    msg = res.error.message()
    assert "whatsapp" in msg and "skip: [whatsapp]" in msg and "story draft --length 5" in msg
    assert not list((asg.root / "out").rglob("*.mp4"))


def test_loudness_calibration_remembered(loud_story, monkeypatch):
    """A second render of the same story (e.g. a changed lower third, --force) runs no audio pass."""
    asg, _ = loud_story
    from vidjourn.core import ffmpeg

    task = S.STAGE.plan(asg, PipelineOptions(steps=("story",), speed="draft"))[0]
    calls = []
    monkeypatch.setattr(ffmpeg, "run", lambda *a, **k: calls.append(a) or iter(()))
    job = S.prepare(asg.root, task.params)
    assert calls == [] and all(o.plan.audio.filter for o in job.outputs)
