"""`vidjourn check` on hand-made files: one that meets whatsapp, and ones broken in one way each."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from vidjourn.analysis.check import check, private_bytes, top_level_boxes
from vidjourn.cli import cli
from vidjourn.analysis.loudness import measure
from vidjourn.settings.profiles import load

ENC = ["-c:v", "libx264", "-preset", "ultrafast", "-x264-params", "8x8dct=1", "-profile:v", "high",
       "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-ar", "48000", "-ac", "2"]


def ff(ffmpeg_bin: str, *args: str) -> None:
    subprocess.run([ffmpeg_bin, "-hide_banner", "-nostdin", "-y", "-v", "error", *args], check=True)


@pytest.fixture(scope="module")
def good(tmp_path_factory, ffmpeg_bin) -> Path:
    """640x360 25 fps H.264 High + AAC 48 kHz, moov first, no tags, pink noise at -14 LUFS."""
    d = tmp_path_factory.mktemp("check")
    raw = d / "raw.mp4"
    src = ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=4",
           "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:duration=4:seed=7"]
    ff(ffmpeg_bin, *src, *ENC, str(raw))
    gain = -14 - measure(raw).integrated  # level the noise exactly, then encode the real file
    out = d / "good.mp4"
    ff(ffmpeg_bin, *src, "-af", f"volume={gain:.2f}dB", *ENC, "-movflags", "+faststart",
       "-map_metadata", "-1", "-fflags", "+bitexact", str(out))
    return out


def test_good_file_passes_every_item(good):
    r = check(good, load("whatsapp"))
    assert r.ok, r.reasons()
    keys = {i.key for i in r.items}
    assert keys >= {"container", "streams", "video_codec", "h264_profile", "audio_codec", "frame", "fps", "cfr",
                    "duration", "size", "faststart", "metadata", "loudness"}
    assert abs(r.loudness["integrated"] + 14) <= 0.3
    assert top_level_boxes(good)[:3] == ["ftyp", "moov", "mdat"] or top_level_boxes(good).index("moov") < \
        top_level_boxes(good).index("mdat")


def test_wrong_frame_for_reels(good):
    r = check(good, load("reels"))
    assert not r.ok
    assert {i.key for i in r.failures} == {"frame"}
    assert "640x360" in r.reasons() and "1080x1920" in r.reasons()


def test_phone_clip_copied_as_is_fails_for_the_right_reasons(footage, ffmpeg_bin, tmp_path):
    # A plain stream copy keeps the GPS tag, the VFR timing and the moov at the end.
    out = tmp_path / "copy.mp4"
    ff(ffmpeg_bin, "-i", str(footage("fire2.mp4")), "-c", "copy", str(out))
    r = check(out, load("whatsapp"))
    failed = {i.key: i.value for i in r.failures}
    assert set(failed) == {"h264_profile", "cfr", "faststart", "metadata", "loudness"}
    assert failed["faststart"] == "moov after mdat"
    assert "location" in failed["metadata"] and "bytes:loci" in failed["metadata"]
    assert failed["loudness"] == "-49.6 LUFS"
    assert private_bytes(out) == ["loci"]


def test_extra_streams_and_container(good, ffmpeg_bin, tmp_path):
    two_audio = tmp_path / "two.mp4"
    ff(ffmpeg_bin, "-i", str(good), "-map", "0:v", "-map", "0:a", "-map", "0:a", "-c", "copy",
       "-movflags", "+faststart", str(two_audio))
    r = check(two_audio, load("whatsapp"), measure_loudness=False)
    assert [i.key for i in r.failures] == ["streams"]
    assert r.failures[0].value == "video+audio+audio"
    mkv = tmp_path / "good.mkv"
    ff(ffmpeg_bin, "-i", str(good), "-c", "copy", str(mkv))
    r = check(mkv, load("whatsapp"), measure_loudness=False)
    assert "container" in {i.key for i in r.failures} and "faststart" in {i.key for i in r.failures}


def test_quiet_and_silent_audio(good, ffmpeg_bin, tmp_path):
    quiet = tmp_path / "quiet.mp4"
    ff(ffmpeg_bin, "-i", str(good), "-c:v", "copy", "-af", "volume=-6dB", "-c:a", "aac", "-movflags",
       "+faststart", "-map_metadata", "-1", str(quiet))
    r = check(quiet, load("whatsapp"))
    assert [i.key for i in r.failures] == ["loudness"]
    assert r.failures[0].value.startswith("-20.")
    silent = tmp_path / "silent.mp4"
    ff(ffmpeg_bin, "-i", str(good), "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo", "-map", "0:v",
       "-map", "1:a", "-shortest", "-c:v", "copy", "-c:a", "aac", "-movflags", "+faststart", str(silent))
    r = check(silent, load("whatsapp"))
    assert r.ok, r.reasons()  # silence is exempt from the loudness target
    assert next(i for i in r.items if i.key == "loudness").value == "silent (exempt)"


def test_cli_check_json_and_exit_codes(good, footage, ffmpeg_bin, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["check", str(good), "--platform", "whatsapp", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["ok"] is True and data["platform"] == "whatsapp"
    res = runner.invoke(cli, ["check", str(good), "--platform", "reels"])
    assert res.exit_code == 1
    assert "does not meet reels: frame 640x360 (1080x1920)" in res.output
    res = runner.invoke(cli, ["check", str(tmp_path / "nope.mp4"), "--platform", "reels"])
    assert res.exit_code == 1 and "no such file" in res.output
    res = runner.invoke(cli, ["check", str(good), "--platform", "myspace"])
    assert res.exit_code == 2 and "No platform profile 'myspace'" in res.output


def test_cli_check_indonesian(good):
    res = CliRunner().invoke(cli, ["--lang", "id", "check", str(good), "--platform", "reels"])
    assert res.exit_code == 1
    assert "tidak memenuhi reels" in res.output and "bingkai" in res.output
