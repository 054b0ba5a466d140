"""doctor, encoder detection and the offline demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from vidjourn.render import encoders
from vidjourn.cli import cli
from vidjourn.core.errors import UsageError

VJ = str(Path(sys.executable).parent / "vidjourn")


@pytest.fixture
def encoder_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("VIDJOURN_CACHE", str(tmp_path / "cache"))
    encoders._memo.clear()
    yield tmp_path / "cache" / "encoders.json"
    encoders._memo.clear()


def test_doctor_json(encoder_cache):
    from vidjourn.pipeline.doctor import fonts_dir
    from vidjourn.core.ffmpeg import ffmpeg_path

    res = CliRunner().invoke(cli, ["doctor", "--json"])
    data = json.loads(res.stdout)
    assert res.exit_code == (0 if data["ok"] else 1)
    assert data["ffmpeg"]["path"] == ffmpeg_path() and data["ffmpeg"]["version"]
    assert set(data["encoders"]) == {"libx264", "libx265", "h264_nvenc", "h264_qsv", "h264_vaapi", "h264_amf"}
    assert data["encoders"]["libx264"]["works"] is True
    for name in ("h264_nvenc", "h264_qsv", "h264_vaapi", "h264_amf"):
        enc = data["encoders"][name]
        assert enc["hardware"] is True
        assert enc["works"] or enc["detail"] != "ok"  # a failure always says why
    assert data["filters"]["loudnorm"] and data["filters"]["ebur128"] and data["filters"]["ass"]
    assert data["fonts"]["files"] == sorted(p.name for p in fonts_dir().iterdir()
                                            if p.suffix.lower() in (".ttf", ".otf", ".ttc"))
    assert data["disk"]["free_bytes"] > 0
    assert data["python"]["version"] == ".".join(map(str, sys.version_info[:3]))
    human = CliRunner().invoke(cli, ["doctor"])
    assert "libx264" in human.stdout and "Free disk" in human.stdout


def test_encoder_results_are_cached_per_ffmpeg(encoder_cache):
    first = encoders.available_encoders()
    assert first["libx264"].works
    cached = json.loads(encoder_cache.read_text())
    assert encoders.ffmpeg.ffmpeg_path() in cached["key"] and encoders.ffmpeg.version() in cached["key"]
    # a planted cache entry is believed (no re-test) until refresh=True
    cached["encoders"]["libx265"]["detail"] = "planted"
    encoder_cache.write_text(json.dumps(cached))
    encoders._memo.clear()
    assert encoders.available_encoders()["libx265"].detail == "planted"
    assert encoders.available_encoders(refresh=True)["libx265"].detail == "ok"
    # another ffmpeg (different key) ignores the old cache
    cached["key"] = "1|/other/ffmpeg|9.9"
    cached["encoders"]["libx265"]["detail"] = "planted"
    encoder_cache.write_text(json.dumps(cached))
    encoders._memo.clear()
    assert encoders.available_encoders()["libx265"].detail == "ok"


def test_pick_encoder(encoder_cache):
    avail = encoders.available_encoders()
    hw = [n for n in encoders.HARDWARE_H264 if avail[n].works]
    assert encoders.pick_encoder("auto") == (hw[0] if hw else "libx264")
    assert encoders.pick_encoder("x264") == "libx264"
    with pytest.raises(UsageError) as bad:
        encoders.pick_encoder("divx")
    assert "auto, x264, nvenc" in bad.value.message()
    broken = [k for k, v in encoders.CHOICES.items() if not avail[v].works]
    if broken:
        with pytest.raises(UsageError) as err:
            encoders.pick_encoder(broken[0])
        msg = err.value.message()
        assert "does not work on this machine" in msg and "x264" in msg and "--encoder auto" in msg


def test_demo_folder_rules(tmp_path):
    from vidjourn.pipeline.demo import MARKER, prepare_root

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "skripsi.docx").write_text("do not touch")
    res = CliRunner().invoke(cli, ["demo", str(foreign)])
    assert res.exit_code == 2 and "already holds other files" in res.output
    assert (foreign / "skripsi.docx").read_text() == "do not touch"
    old = tmp_path / "old-demo"
    (old / "x" / "raw").mkdir(parents=True)
    (old / MARKER).write_text("")
    ro = old / "x" / "raw" / "a.mp4"
    ro.write_bytes(b"1")
    ro.chmod(0o444)
    prepare_root(old)  # a previous demo's folder is replaced, read-only originals and all
    assert sorted(p.name for p in old.iterdir()) == [MARKER]


def rms_windows(path: Path, window: float = 0.05) -> np.ndarray:
    import av

    with av.open(str(path)) as c:
        stream = c.streams.audio[0]
        rate = stream.rate
        chunks = [f.to_ndarray().astype(np.float64).mean(axis=0) for f in c.decode(stream)]
    pcm = np.concatenate(chunks)
    n = int(rate * window)
    frames = pcm[: len(pcm) // n * n].reshape(-1, n)
    return np.sqrt((frames**2).mean(axis=1))


def frame_at(path: Path, t: float) -> np.ndarray:
    import av

    with av.open(str(path)) as c:
        s = c.streams.video[0]
        for f in c.decode(s):
            if f.time is not None and f.time >= t:
                return f.to_ndarray(format="rgb24").astype(np.float64)
    raise AssertionError(f"no frame at {t}s in {path}")


def test_demo_summary_and_stage_failures(tmp_path, monkeypatch):
    """The human summary lists stages and outputs; a failing foundation stage skips the rest."""
    from vidjourn.pipeline import demo

    def boom(ctx):
        raise UsageError("init.error_bad_slug", slug="x")

    monkeypatch.setattr(demo, "STAGES", [("demo.stage_init", demo.init_stage),
                                         ("demo.stage_verify", demo.verify_stage)])
    res = CliRunner().invoke(cli, ["demo", str(tmp_path / "d1")])
    assert res.exit_code == 0, res.output
    assert "Demo results" in res.stdout and "Creating the assignment" in res.stdout and "done" in res.stdout
    assert "vidjourn.yaml" in res.stdout
    monkeypatch.setattr(demo, "STAGES", [("demo.stage_ingest", boom), ("demo.stage_verify", demo.verify_stage),
                                         ("brand.demo_stage", demo.verify_stage)])
    res = CliRunner().invoke(cli, ["demo", str(tmp_path / "d2"), "--json"])
    assert res.exit_code == 1
    stages = json.loads(res.stdout)["stages"]
    assert [s["ok"] for s in stages] == [False, False, False]
    assert "no letters or digits" in stages[0]["error"]
    assert stages[1]["error"] == stages[2]["error"] == "skipped: an earlier stage failed"


def test_demo_end_to_end(tmp_path, monkeypatch):
    """`vidjourn demo`'s own stages (footage, init, ingest, verify): exit 0, believable footage, an
    assignment `vidjourn verify` passes. Later stages (brand, export, shot log) are tested by their
    owners; `make demo` runs them all."""
    from vidjourn.pipeline import demo

    monkeypatch.setattr(demo, "STAGES", demo.STAGES[:4])
    env = {**os.environ, "VIDJOURN_LANG": "en", "NO_COLOR": "1"}
    root = tmp_path / "demo"
    res = CliRunner().invoke(cli, ["demo", str(root), "--json"])
    assert res.exit_code == 0, res.output[-3000:]
    data = json.loads(res.stdout)
    assert data["ok"] and all(s["ok"] for s in data["stages"])
    keys = [s["stage"] for s in data["stages"]]
    assert keys == ["demo.stage_footage", "demo.stage_init", "demo.stage_ingest", "demo.stage_verify"]
    asg = Path(data["assignment"])
    for what in data["outputs"]:
        assert Path(what["path"]).exists(), what

    ver = subprocess.run([VJ, "verify"], cwd=asg, env=env, capture_output=True, text=True)
    assert ver.returncode == 0 and "All 4 originals intact" in ver.stdout

    clips = json.loads((asg / "manifest.json").read_text())["clips"]
    assert [Path(c["source"]).name for c in clips] == ["MVI_0001.MP4", "MVI_0002.MP4", "IMG_0003.MOV",
                                                        "MVI_0004.MP4"]
    assert all(c["file"].startswith("raw/20261112_pelatihan-video-jurnalistik_") for c in clips)
    sizes = {(c["media"]["display_width"], c["media"]["display_height"]) for c in clips}
    assert sizes == {(1280, 720), (1920, 1080), (720, 1280)}
    phone = clips[2]["media"]
    assert phone["streams"][0]["rotation"] == -90 and (phone["streams"][0]["width"], phone["streams"][0]["height"]) == (1280, 720)
    assert phone["device"] == "Apple iPhone 13" and phone["gps"].startswith("-06.2383+106.8306")
    assert phone["creation_time"] == "2026-11-12T08:32:10+07:00"
    assert all(c["loudness"] and -45 < c["loudness"]["integrated"] < -10 for c in clips)
    # sidecars and the photo on the card were not ingested
    card = root / "kartu-memori" / "DCIM"
    assert (card / "100MEDIA" / "MVI_0001.THM").exists() and (card / "100APPLE" / "IMG_0005.JPG").exists()
    # the story carries a lower third on the interview (the 1080p clip)
    story = yaml.safe_load((asg / "vidjourn.yaml").read_text(encoding="utf-8"))
    assert story["apa"] and story["lower_thirds"][0]["clip"] == clips[1]["id"]

    # a hard cut at 4 s in the first clip: neighbours within a shot look alike, across the cut not
    first = asg / clips[0]["file"]
    a, b, c = frame_at(first, 3.84), frame_at(first, 3.92), frame_at(first, 4.04)
    within, across = np.abs(a - b).mean(), np.abs(b - c).mean()
    assert across > 30 and across > 3 * within, (within, across)
    # speech-like sound on the interview: syllables and pauses, not a steady tone
    env_rms = rms_windows(asg / clips[1]["file"])
    loud, quiet = np.percentile(env_rms, 90), np.percentile(env_rms, 10)
    assert loud > 5 * quiet, (loud, quiet)
