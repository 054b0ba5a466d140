"""Probe: asserted values on every shared clip, plus generated clips and bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from vidjourn.cli import cli
from vidjourn.core.errors import MediaError
from vidjourn.core.probe import probe

# clip: (container, duration, start, display w, h, has_audio, gps?, device, video codec, rotation, vfr, sar)
EXPECTED = {
    "quicktime-hvc1.mov": ("mov", 1.167, 0.0, 720, 1280, True, True, "Apple iPad mini", "hevc", -90, False, "1:1"),
    "fire2.mp4": ("mp4", 2.38, 0.0, 1280, 720, True, True, None, "h264", 180, True, "1:1"),
    "flower.webm": ("webm", 5.059, 0.0, 960, 540, True, False, None, "vp8", 0, False, "1:1"),
    "foreman_vp9.webm": ("webm", 2.002, 0.0, 385, 288, False, False, None, "vp9", 0, False, "35:32"),
    "MVI_4823.AVI": ("avi", 2.6, 0.0, 640, 480, True, False, None, "mjpeg", 0, False, "1:1"),
    "issue53_brightness_change.avi": ("avi", 4.917, 0.0, 960, 1080, False, False, None, "mpeg4", 0, False, "1:1"),
    "asl_again.mkv": ("mkv", 2.6, 0.033, 640, 480, False, False, None, "h264", 0, False, "1:1"),
    "bikes.mp4": ("mp4", 10.0, 0.0, 640, 272, False, False, None, "h264", 0, False, "1:1"),
}


@pytest.mark.footage
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_probe_shared_clip(footage, name):
    (container, duration, start, dw, dh, has_audio, has_gps, device, vcodec, rotation, vfr, sar) = EXPECTED[name]
    info = probe(footage(name))
    assert info.container == container
    assert info.duration == pytest.approx(duration, abs=0.002)
    assert info.start_time == pytest.approx(start, abs=0.001)
    assert (info.display_width, info.display_height) == (dw, dh)
    assert info.has_audio is has_audio
    assert (info.gps is not None) is has_gps
    assert info.device == device
    v = info.video
    assert v.codec == vcodec
    assert v.rotation == rotation
    assert v.vfr is vfr
    assert v.sar == sar
    assert v.interlaced is False


@pytest.mark.footage
def test_probe_details(footage):
    q = probe(footage("quicktime-hvc1.mov"))
    assert q.gps == "+52.4597+013.3220+051.178/"
    assert [s.type for s in q.streams] == ["video", "audio", "data", "data", "data"]
    assert (q.video.width, q.video.height) == (1280, 720)
    assert q.audio.sample_rate == 44100 and q.audio.channels == 1
    assert q.creation_time.startswith("2023-09-22")
    f = probe(footage("fire2.mp4"))
    assert f.gps == "+54.1843-002.7189/"
    assert f.video.avg_fps == pytest.approx(10.51, abs=0.01)
    assert f.creation_time == "2017-01-05T18:32:43Z"
    m = probe(footage("MVI_4823.AVI"))
    assert m.video.pix_fmt == "yuvj422p" and m.audio.codec == "pcm_s16le"
    assert m.creation_time == "2012-09-10T20:52:00"
    b = probe(footage("bikes.mp4"))
    assert b.video.fps == 25.0


def test_probe_generated_rotation(clip_factory):
    clip = clip_factory("rot.mp4", size=(320, 180), rotate=90, creation_time="2026-11-12T08:30:00Z")
    info = probe(clip)
    assert info.video.rotation == 90
    assert (info.display_width, info.display_height) == (180, 320)
    assert info.creation_time == "2026-11-12T08:30:00Z"
    assert info.video.vfr is False


def test_probe_json_cli(footage):
    res = CliRunner().invoke(cli, ["probe", "--json", str(footage("fire2.mp4"))])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    for key in ("path", "size", "container", "duration", "start_time", "display_width", "display_height",
                "has_audio", "creation_time", "gps", "device", "streams"):
        assert key in data
    v = data["streams"][0]
    assert set(v) == {"index", "type", "codec", "width", "height", "sar", "fps", "avg_fps", "vfr",
                      "interlaced", "rotation", "pix_fmt"}
    assert set(data["streams"][1]) == {"index", "type", "codec", "sample_rate", "channels"}


@pytest.mark.parametrize("content,key", [(b"", "empty"), (b"hello, not a video\n" * 10, "not a readable video")])
def test_probe_bad_files(tmp_path, content, key):
    bad = tmp_path / "bad clip é.mp4"
    bad.write_bytes(content)
    with pytest.raises(MediaError) as exc:
        probe(bad)
    assert str(bad) in str(exc.value) and key in str(exc.value)
    res = CliRunner().invoke(cli, ["probe", str(bad)])
    assert res.exit_code == 1
    assert str(bad) in res.output


def test_probe_cached_reuses_and_notices_changes(clip_factory, tmp_path, monkeypatch):
    import os
    import shutil

    from vidjourn.core import probe as probe_mod

    monkeypatch.setenv("VIDJOURN_CACHE", str(tmp_path / "cache"))
    clip = tmp_path / "klip ñ.mp4"
    shutil.copy(clip_factory("cache.mp4", size=(320, 180)), clip)
    first = probe_mod.probe_cached(clip)
    assert first == probe(clip)
    assert len(list((tmp_path / "cache" / "probe").glob("*.json"))) == 1

    def no_probe(path):
        raise AssertionError("probed again although the file did not change")

    monkeypatch.setattr(probe_mod, "probe", no_probe)
    assert probe_mod.probe_cached(clip) == first  # from the cache, identical facts
    # The same name with other content (new size and mtime) is probed again.
    monkeypatch.undo()
    monkeypatch.setenv("VIDJOURN_CACHE", str(tmp_path / "cache"))
    shutil.copy(clip_factory("cache2.mp4", size=(640, 360), duration=1.0), clip)
    os.utime(clip, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    again = probe_mod.probe_cached(clip)
    assert (again.display_width, again.display_height) == (640, 360)
