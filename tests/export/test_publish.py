"""Time to publish: first file first, one decode per clip for the shot log, --speed, hardware arguments.

Real ffmpeg on real files (a copy of bikes.mp4 and generated clips); nothing here asserts a time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from vidjourn.analysis import clip_analysis
from vidjourn.analysis.check import check
from vidjourn.cli import cli
from vidjourn.core.assignment import Assignment
from vidjourn.core.probe import probe
from vidjourn.settings import profiles as P
from vidjourn.render import plan as RP
from vidjourn.settings import speeds
from vidjourn.stages.export import export as ex
from vidjourn.stages.shotlog.build import build_shotlog


def _assignment(root: Path, clips: list[Path]) -> Assignment:
    """An assignment with these clips as originals (manifest written directly, as test_shotlog does)."""
    root.mkdir(parents=True)
    (root / "vidjourn.yaml").write_text("slug: uji\ntitle: Uji\n", encoding="utf-8")
    (root / "raw").mkdir()
    records = []
    for n, src in enumerate(clips, 1):
        dst = root / "raw" / f"20261112_uji_{n:03d}{src.suffix.lower()}"
        shutil.copyfile(src, dst)
        records.append({"id": dst.stem, "file": dst.relative_to(root).as_posix(), "source": str(src),
                        "size": dst.stat().st_size, "sha256": hashlib.sha256(dst.read_bytes()).hexdigest(),
                        "ingested_at": "2026-11-12T08:00:00Z", "media": probe(dst).to_dict(), "loudness": None})
    (root / "manifest.json").write_text(json.dumps({"clips": records}), encoding="utf-8")
    return Assignment.open(root)


def test_first_platform_is_final_and_checked_before_the_others(tmp_path, clip_factory):
    """Two clips to whatsapp (first) and square: both WhatsApp files exist and pass `check` when
    FirstReady is announced, before any square file exists."""
    a = clip_factory("ffa.mp4", duration=2.0, size=(640, 360))
    b = clip_factory("ffb.mp4", duration=1.5, size=(480, 270), fps=30)
    clips = [ex.clip_from_file(a), ex.clip_from_file(b)]
    out = tmp_path / "out"
    profs = P.load_many(["whatsapp", "square"])
    ready, order = [], []
    for ev in ex.export_clips(clips, profs, out, ex.Options(speed="draft", first="whatsapp")):
        order.append(type(ev).__name__)
        if isinstance(ev, ex.FirstReady):
            assert ev.platform == "whatsapp" and not ev.problems and not ev.failures
            (o,) = ev.outputs
            assert Path(o.path).is_file() and check(o.path, profs[0]).ok
            assert not list((out / "square").glob("*.mp4"))  # the other platform has not started
            ready.append(Path(o.path).name)
        if isinstance(ev, ex.ClipProgress):
            assert ev.job is not None and 0.0 <= ev.job <= 1.0
    assert ready == ["ffa.mp4", "ffb.mp4"]
    assert order.index("FirstReady") < order.index("ClipDone")
    # ...and the rest is made afterwards, each checked too.
    for clip in ("ffa", "ffb"):
        assert check(out / "square" / f"{clip}.mp4", profs[1]).ok


def test_first_platform_is_vidjourn_yaml_first_or_the_first_named():
    assert ex.first_platform({}, ["whatsapp", "reels"]) == "whatsapp"
    assert ex.first_platform({"first": "reels"}, ["whatsapp", "reels"]) == "reels"
    assert ex.first_platform({"first": "none"}, ["whatsapp", "reels"]) is None
    assert ex.first_platform({"first": "tiktok"}, ["whatsapp", "reels"]) == "whatsapp"  # not asked for
    assert ex.first_platform({}, ["whatsapp"]) is None  # nothing to put first


@pytest.mark.footage
def test_shot_log_from_export_decode_is_identical_to_shotlog_alone(tmp_path, footage, clip_factory):
    """bikes.mp4 (6 shots) and a rotated phone-like clip: shots and thumbnail bytes are the same whether
    the export's decode made them or `shotlog` decoded the clip itself; after an export, the shot log
    decodes nothing (the cache was written by the export and is what it reads)."""
    rotated = clip_factory("rot.mp4", duration=1.2, size=(320, 180), rotate=90)
    src = [footage("bikes.mp4"), rotated]
    exported = _assignment(tmp_path / "exported", src)
    alone = _assignment(tmp_path / "alone", src)
    opts = ex.Options(speed="draft", cache_dir=exported.work, first="whatsapp")
    clips = ex.clips_from_assignment(exported)
    list(ex.export_clips(clips, P.load_many(["whatsapp", "square"]), exported.out, opts))
    cached = {c.sha256: clip_analysis.cached(exported.work, c.sha256) for c in clips}
    assert all(cached.values())  # written by the export's decode
    stamps = {p: p.stat().st_mtime_ns for p in exported.work.glob("shots/**/*") if p.is_file()}
    log_a = build_shotlog(exported)
    assert {p: p.stat().st_mtime_ns for p in exported.work.glob("shots/**/*") if p.is_file()} == stamps
    log_b = build_shotlog(alone)
    assert not log_a.failed and not log_b.failed
    for ca, cb in zip(log_a.clips, log_b.clips):
        assert [s.shot.to_dict() for s in ca.shots] == [s.shot.to_dict() for s in cb.shots]
        for sa, sb in zip(ca.shots, cb.shots):
            assert (exported.shotlog / sa.thumb).read_bytes() == (alone.shotlog / sb.thumb).read_bytes()
    bikes = log_a.clips[0]
    assert len(bikes.shots) == 6  # the five listed cuts
    # The rotated clip's thumbnail is upright (portrait), as ffmpeg displays it.
    from PIL import Image

    with Image.open(exported.shotlog / log_a.clips[1].shots[0].thumb) as im:
        assert im.size == (320, 568)


def test_thumbnail_candidate_stays_inside_its_shot():
    from vidjourn.analysis.shots import Shot

    short = Shot(2, 1.0, 1.3, start_frame=25, end_frame=31, begins_with="cut")  # middle 28
    assert clip_analysis.thumb_candidate(short, 3, 100) * 3 in range(25, 32)
    assert clip_analysis.thumb_candidate(short, 1, 100) == 28
    assert clip_analysis.thumb_candidate(short, 3, 5) == 4  # never past the last candidate file


def test_speed_help_names_each_speed_for_officers():
    """Issue 22: the help says what each speed is for; the measured costs (x264, VMAF, CPU) are in
    docs/DESIGN.md, which the help names."""
    res = CliRunner().invoke(cli, ["--lang", "en", "export", "--help"])
    assert res.exit_code == 0
    text = " ".join(res.output.split())
    for name in speeds.NAMES:
        assert name in text
    assert "DESIGN.md" in text and "VMAF" not in text and "0.45x" not in text
    from vidjourn.settings.jobfile import SPEEDS as JOB_SPEEDS

    assert tuple(JOB_SPEEDS) == speeds.NAMES


def test_speed_picks_x264_settings_by_whether_the_platform_re_encodes():
    reels, wa = P.load("reels"), P.load("whatsapp")
    assert wa.delivered_as_is and not reels.delivered_as_is
    geo = RP.Geometry(1080, 1920)
    normal_reels = " ".join(ex.video_args(reels, "libx264", geo, 30, 25000, "normal"))
    assert "-preset superfast -x264-params rc-lookahead=10:mbtree=1 -crf 20" in normal_reels
    normal_wa = " ".join(ex.video_args(wa, "libx264", RP.Geometry(1280, 720), 30, 2000, "normal"))
    assert "-preset faster -crf 22" in normal_wa
    draft = " ".join(ex.video_args(reels, "libx264", geo, 30, 25000, "draft"))
    assert "-preset ultrafast -x264-params 8x8dct=1 -crf 21" in draft


@pytest.mark.parametrize("encoder", ["h264_nvenc", "h264_qsv", "h264_vaapi", "h264_amf"])
@pytest.mark.parametrize("speed", speeds.NAMES)
def test_hardware_arguments_are_options_this_ffmpeg_documents(ffmpeg_bin, encoder, speed):
    """Every option and named value in the hardware argument sets is in `ffmpeg -h encoder=NAME`
    (the encoder's own documentation in the bundled ffmpeg). No GPU here: the encodes are untested."""
    doc = subprocess.run([ffmpeg_bin, "-hide_banner", "-h", f"encoder={encoder}"], capture_output=True,
                         text=True).stdout
    opts = {line.split()[0].lstrip("-") for line in doc.splitlines() if line.strip().startswith("-")}
    consts = {line.split()[0] for line in doc.splitlines() if line.startswith("     ") and line.split()}
    args = ex.video_args(P.load("reels"), encoder, RP.Geometry(1080, 1920), 30, 8000, speed)
    generic = {"c:v", "b:v", "maxrate", "bufsize", "profile:v", "g", "flags"}
    for i, a in enumerate(args):
        if not a.startswith("-"):
            continue
        name = a.lstrip("-")
        assert name in generic or name in opts, f"{encoder}: {a} is not an option of this encoder"
        value = args[i + 1]
        if name in ("preset", "tune", "rc", "rc_mode", "usage", "quality") and not value.isdigit():
            assert value in consts, f"{encoder}: {a} {value} is not a documented value"


def test_shotlog_decodes_two_clips_at_once_and_a_broken_one_fails_alone(tmp_path, footage, clip_factory,
                                                                        monkeypatch):
    """Never-exported clips are decoded two at a time (one ffmpeg leaves part of a 2-core machine idle); the
    shots are those of decoding them one by one, and a clip that cannot be decoded fails alone."""
    import threading

    from vidjourn.stages.shotlog import build as B

    src = [footage("bikes.mp4"), clip_factory("two.mp4", duration=1.5, size=(480, 270)),
           clip_factory("broken.mp4", duration=1.0, size=(320, 180))]
    asg = _assignment(tmp_path / "a", src)
    broken = asg.root / "raw" / "20261112_uji_003.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(4000))  # the record still says it is a video
    active, peak, lock = [0], [0], threading.Lock()
    real = B.analyse_clip

    def counting(*args, **kwargs):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(B, "analyse_clip", counting)
    monkeypatch.setattr(B.os, "cpu_count", lambda: 2)
    log = build_shotlog(asg)
    assert peak[0] == 2  # two decodes ran at once
    assert [c.error is None for c in log.clips] == [True, True, False]
    assert "20261112_uji_003.mp4" in log.clips[2].error
    one = _assignment(tmp_path / "one", src[:2])
    monkeypatch.setattr(B.os, "cpu_count", lambda: 1)
    seq = build_shotlog(one)
    for ca, cb in zip(log.clips[:2], seq.clips):
        assert [s.shot.to_dict() for s in ca.shots] == [s.shot.to_dict() for s in cb.shots]
