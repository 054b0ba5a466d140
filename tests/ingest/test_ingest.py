"""Ingest, init and verify: chain of custody on real files, bad input, interruption."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from vidjourn.core.assignment import Assignment
from vidjourn.cli import cli
from vidjourn.stages.ingest.ingest import ingest, shot_date, verify
from vidjourn.core.story import init_assignment

VJ = str(Path(sys.executable).parent / "vidjourn")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(path: Path) -> tuple[str, int]:
    return sha(path), path.stat().st_mtime_ns


def invoke(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def asg(tmp_path: Path) -> Assignment:
    return init_assignment("2026-11-12_uji-ingest", tmp_path)


def no_partials(asg: Assignment) -> bool:
    leftovers = [p for p in asg.root.rglob("*") if ".part-" in p.name]
    return not leftovers


# --- init -----------------------------------------------------------------------------------------

def test_init_layout_and_story(tmp_path):
    res = invoke("init", "2026-11-12_Banjir Bekasi Timur", "--title", "Banjir di Bekasi", "--in", tmp_path)
    assert res.exit_code == 0, res.output
    root = tmp_path / "2026-11-12_banjir-bekasi-timur"
    for sub in ("raw", "work", "out", "shotlog"):
        assert (root / sub).is_dir()
    text = (root / "vidjourn.yaml").read_text(encoding="utf-8")
    story = yaml.safe_load(text)
    assert story["slug"] == "banjir-bekasi-timur" and story["title"] == "Banjir di Bekasi"
    for key in ("apa", "siapa", "kapan", "di_mana", "mengapa", "bagaimana", "reporter", "unit"):
        assert key in story
    assert story["brand"] == "humas" and story["platforms"] == ["whatsapp", "reels", "youtube"]
    assert story["lower_thirds"] == []
    # the commented example is valid YAML once uncommented
    example = [line[2:] for line in text.splitlines() if line.startswith("#   - {clip:")]
    parsed = yaml.safe_load("\n".join(example))
    assert parsed[0]["name"] == "AKP Budi Santoso" and parsed[0]["start"] == 1.5 and parsed[0]["end"] == 6


def test_init_never_overwrites(tmp_path):
    assert invoke("init", "liputan", "--in", tmp_path).exit_code == 0
    story = tmp_path / "liputan" / "vidjourn.yaml"
    story.write_text("slug: liputan\ntitle: edited by hand\n", encoding="utf-8")
    res = invoke("init", "liputan", "--in", tmp_path)
    assert res.exit_code == 2
    assert "already exists" in res.output and str(story) in res.output
    assert "edited by hand" in story.read_text(encoding="utf-8")


def test_init_comments_in_indonesian(tmp_path):
    res = invoke("--lang", "id", "init", "patroli", "--in", tmp_path)
    assert res.exit_code == 0
    text = (tmp_path / "patroli" / "vidjourn.yaml").read_text(encoding="utf-8")
    assert "apa yang terjadi" in text and "what happened" not in text
    assert "Penugasan dibuat" in res.output


def test_init_bad_slug(tmp_path):
    res = invoke("init", "!!!", "--in", tmp_path)
    assert res.exit_code == 2 and "'!!!'" in res.output
    assert list(tmp_path.iterdir()) == []


# --- ingest: the good path ------------------------------------------------------------------------

def test_ingest_chain_of_custody(asg, clip_factory, footage, tmp_path):
    card = tmp_path / "card" / "DCIM" / "100MEDIA"
    card.mkdir(parents=True)
    a = shutil.copy2(clip_factory("a.mp4", duration=2.0, creation_time="2026-11-12T01:05:00Z"), card / "MVI_0001.MP4")
    b = shutil.copy2(clip_factory("b.mp4", duration=1.0, audio=False), card / "MVI_0002.MOV")
    fire = footage("fire2.mp4")
    os.utime(b, (1_700_000_000, 1_700_000_000))  # no creation time: the name takes the file's date
    before = {p: fingerprint(Path(p)) for p in (a, b, fire)}

    events = []
    result = ingest(asg, [card.parent.parent, fire], on_event=events.append)

    assert result.ok and len(result.ingested) == 3 and not result.skipped
    for p, fp in before.items():
        assert fingerprint(Path(p)) == fp, f"original {p} changed"
    recs = {Path(r["source"]).name: r for r in asg.clips()}
    # shooting order: fire2 (2017) is _001, then b (2023 file time), then a (2026 creation time); the
    # first two are years from the assignment's day (2026-11-12): named by it, and said (issue 22)
    assert recs["fire2.mp4"]["file"] == "raw/20261112_uji-ingest_001.mp4"
    assert recs["MVI_0002.MOV"]["file"] == "raw/20261112_uji-ingest_002.mov"
    assert recs["MVI_0001.MP4"]["file"] == "raw/20261112_uji-ingest_003.mp4"
    clock = {(e.source.name, e.camera, e.used) for e in events if e.kind == "clock"}
    assert clock == {("fire2.mp4", "20170105", "20261112"),
                     ("MVI_0002.MOV", shot_date(None, 1_700_000_000), "20261112")}
    for name, rec in recs.items():
        copy = asg.root / rec["file"]
        assert rec["id"] == copy.stem
        assert rec["sha256"] == sha(copy) == sha(Path(rec["source"]))
        assert rec["size"] == copy.stat().st_size
        assert not copy.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH), "copy must be read-only"
        assert copy.stat().st_mtime_ns == Path(rec["source"]).stat().st_mtime_ns
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", rec["ingested_at"])
        assert rec["media"]["path"] == rec["file"]
    # probe data in the manifest is the real thing: fire2 is upside down, VFR, with GPS
    fm = recs["fire2.mp4"]["media"]
    assert fm["streams"][0]["rotation"] == 180 and fm["streams"][0]["vfr"] is True
    assert fm["gps"] == "+54.1843-002.7189/"
    # loudness: the sine is 1/8 full scale -> about -21.8 LUFS; sample peak -18.1 dBFS, and AAC's
    # ringing lifts the true (inter-sample) peak a little above it
    loud = recs["MVI_0001.MP4"]["loudness"]
    assert loud["integrated"] == pytest.approx(-21.8, abs=0.8)
    assert -18.6 < loud["true_peak"] < -15.5
    assert recs["MVI_0002.MOV"]["loudness"] is None  # no audio
    assert recs["fire2.mp4"]["loudness"]["integrated"] < -30  # a quiet phone clip
    kinds = {e.kind for e in events}
    assert {"probe", "copy", "loudness", "ingested"} <= kinds
    assert no_partials(asg)
    assert verify(asg).passed


def test_dedupe_and_idempotent_rerun(asg, clip_factory, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    clip = clip_factory("d.mp4", duration=1.0)
    shutil.copy2(clip, src / "one.mp4")
    shutil.copy2(clip, src / "same bytes, other name.mp4")
    res = invoke("ingest", src, "-p", asg.root, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["ingested"]) == 1
    assert data["skipped"] == [{"source": str(src / "same bytes, other name.mp4"), "reason": "duplicate",
                                "file": data["ingested"][0]["file"]}]
    manifest_bytes = asg.manifest_file.read_bytes()
    raw_listing = sorted(p.name for p in asg.raw.iterdir())

    again = invoke("ingest", src, "-p", asg.root)
    assert again.exit_code == 0
    assert "already in as" in again.output and "duplicate of" in again.output
    assert "0 ingested, 2 skipped, 0 failed" in again.output
    assert asg.manifest_file.read_bytes() == manifest_bytes  # running it twice changes nothing
    assert sorted(p.name for p in asg.raw.iterdir()) == raw_listing

    # the same clip copied somewhere else later is still recognised by its hash
    elsewhere = tmp_path / "elsewhere.mp4"
    shutil.copy(clip, elsewhere)
    third = invoke("ingest", elsewhere, "-p", asg.root, "--json")
    assert json.loads(third.stdout)["skipped"][0]["reason"] == "duplicate"
    assert asg.manifest_file.read_bytes() == manifest_bytes


def test_dcim_layout_content_sniffing(asg, clip_factory, tmp_path):
    """Sidecars (.THM, GoPro .LRV proxies, Apple .AAE, AppleDouble ._ files) are skipped quietly;
    a video without an extension is recognised by its content."""
    d = tmp_path / "SDCARD" / "DCIM" / "100GOPRO"
    d.mkdir(parents=True)
    shutil.copy(clip_factory("g1.mp4", duration=1.0), d / "GX010001.MP4")
    shutil.copy(clip_factory("g2.mp4", duration=1.0, size=(160, 120)), d / "GL010001.LRV")  # a real proxy video
    (d / "GX010001.THM").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    (d / "IMG_0001.AAE").write_text("<plist/>")
    (d / "._GX010001.MP4").write_bytes(b"\0\x05\x16\x07" + b"\0" * 60)  # macOS resource fork junk
    shutil.copy(clip_factory("g3.mp4", duration=1.0, fps=30), d / "CLIP0003")  # no extension
    (tmp_path / "SDCARD" / ".Trashes").mkdir()
    (tmp_path / "SDCARD" / ".Trashes" / "old.mp4").write_bytes(b"junk")
    res = invoke("ingest", tmp_path / "SDCARD", "-p", asg.root, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert sorted(Path(r["source"]).name for r in data["ingested"]) == ["CLIP0003", "GX010001.MP4"]
    assert not data["failed"]
    assert sorted(Path(p).name for p in data["ignored"]) == [
        "._GX010001.MP4", "GL010001.LRV", "GX010001.THM", "IMG_0001.AAE"]
    assert any(r["file"].endswith(".mp4") and "CLIP0003" in r["source"] for r in asg.clips())


def test_ingest_inside_the_assignment_ignores_its_own_files(asg, clip_factory):
    """`vidjourn ingest .` run inside an assignment must not take raw/ copies or out/ renders for
    new originals; a temp copy left by a killed run is cleaned up."""
    shutil.copy(clip_factory("in.mp4", duration=1.0), asg.root / "dari-kartu.mp4")
    (asg.out / "reels").mkdir(parents=True)
    shutil.copy(clip_factory("render.mp4", duration=1.0, fps=30), asg.out / "reels" / "hasil.mp4")
    from vidjourn.core.fsutil import HOST

    stale = asg.raw / f".20261112_x_009.part-{HOST}-999999-abcdef.mp4"
    stale.write_bytes(b"half a copy")
    elsewhere = asg.raw / ".20261112_x_009.part-otherpc-999999-abcdef.mp4"  # another PC's: never ours to delete
    elsewhere.write_bytes(b"half a copy")
    res = invoke("ingest", asg.root, "-p", asg.root, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [Path(r["source"]).name for r in data["ingested"]] == ["dari-kartu.mp4"]
    assert not stale.exists() and elsewhere.exists()
    elsewhere.unlink()
    again = json.loads(invoke("ingest", asg.root, "-p", asg.root, "--json").stdout)
    assert again["ingested"] == [] and [s["reason"] for s in again["skipped"]] == ["already"]


# --- ingest: bad input ----------------------------------------------------------------------------

def test_bad_inputs_each_get_one_clear_line(asg, clip_factory, tmp_path):
    src = tmp_path / "masuk"
    src.mkdir()
    good = shutil.copy(clip_factory("ok.mp4", duration=1.0), src / "klip bagus ñandú é.mp4")
    (src / "kosong.mp4").write_bytes(b"")
    (src / "catatan.mp4").write_text("bukan video, hanya catatan\n", encoding="utf-8")
    full = clip_factory("t.mp4", duration=2.0).read_bytes()
    (src / "rusak ü.mp4").write_bytes(full[: len(full) // 2])  # moov is at the end: cut off
    empty_dir = tmp_path / "folder tanpa video"
    empty_dir.mkdir()
    (empty_dir / "readme.txt").write_text("x")
    (empty_dir / "foto.jpg").write_bytes(b"\xff\xd8\xff")
    missing = tmp_path / "tidak ada.mp4"
    originals = {p: fingerprint(p) for p in src.iterdir()}

    res = CliRunner().invoke(cli, ["ingest", str(src), str(empty_dir), str(missing), "-p", str(asg.root)])
    assert res.exit_code == 1
    err = res.stderr
    lines = [line for line in err.splitlines() if line.startswith("✗")]
    assert len(lines) == 5, err
    expect = {
        "kosong.mp4": "the file is empty (0 bytes)",
        "catatan.mp4": "not a readable video",
        "rusak ü.mp4": "not a readable video",
        "folder tanpa video": "no video files in this folder",
        "tidak ada.mp4": "no such file or folder",
    }
    for name, what in expect.items():
        hit = [line for line in lines if name in line]
        assert len(hit) == 1 and what in hit[0], (name, lines)
        assert "." in hit[0].split(what, 1)[1], "the line must also say what to do"
    assert "1 ingested, 0 skipped, 5 failed, 2 non-video files ignored" in res.stdout  # the good one went in
    [rec] = asg.clips()
    assert rec["source"] == str(Path(good).resolve())
    assert sorted(p.name for p in asg.raw.iterdir()) == [Path(rec["file"]).name]
    assert no_partials(asg)
    assert {p: fingerprint(p) for p in src.iterdir()} == originals
    assert verify(asg).passed


def test_messages_in_indonesian(asg, tmp_path):
    (tmp_path / "kosong.mp4").write_bytes(b"")
    res = CliRunner().invoke(cli, ["--lang", "id", "ingest", str(tmp_path / "kosong.mp4"), "-p", str(asg.root)])
    assert res.exit_code == 1
    assert "berkas kosong (0 bita)" in res.stderr and "Salin ulang" in res.stderr


def test_ingest_needs_sources_and_assignment(tmp_path):
    res = invoke("ingest", "-p", tmp_path)
    assert res.exit_code == 2 and "Example: vidjourn ingest" in res.output
    (tmp_path / "a.mp4").write_bytes(b"x")
    res = invoke("ingest", tmp_path / "a.mp4", "-p", tmp_path)
    assert res.exit_code == 2 and "not an assignment folder" in res.output


# --- interruption ---------------------------------------------------------------------------------

@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_sigint_leaves_valid_manifest_and_rerun_finishes(asg, clip_factory, tmp_path, sig):
    src = tmp_path / "batch"
    src.mkdir()
    # Long audio makes each clip's loudness pass take a moment, so the signal lands mid-batch.
    for i in range(6):
        clip = clip_factory(f"long{i}.mp4", duration=40.0, size=(64, 48), fps=5,
                            audio_src=f"sine=frequency={300 + 50 * i}:sample_rate=48000:duration=40")
        shutil.copy(clip, src / f"klip {i}.mp4")
    proc = subprocess.Popen([VJ, "ingest", str(src), "-p", str(asg.root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    n_first = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            n_first = len(json.loads(asg.manifest_file.read_text(encoding="utf-8"))["clips"])
        except (OSError, ValueError):
            n_first = 0
        if n_first >= 1:
            break
        time.sleep(0.01)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert "Cancelled" in err.decode()
    clips = json.loads(asg.manifest_file.read_text(encoding="utf-8"))["clips"]  # valid JSON
    assert 1 <= len(clips) < 6
    assert no_partials(asg)
    assert verify(asg).passed  # every file in raw/ is in the manifest and intact

    rerun = subprocess.run([VJ, "ingest", str(src), "-p", str(asg.root), "--json"], capture_output=True)
    assert rerun.returncode == 0, rerun.stderr.decode()
    data = json.loads(rerun.stdout)
    assert len(data["ingested"]) == 6 - len(clips) and len(data["skipped"]) == len(clips)
    assert len(asg.clips()) == 6 and verify(asg).passed


# --- verify ---------------------------------------------------------------------------------------

def test_verify_catches_changed_missing_unexpected(asg, clip_factory, tmp_path):
    src = tmp_path / "v"
    src.mkdir()
    for i in range(3):
        shutil.copy(clip_factory(f"v{i}.mp4", duration=1.0, fps=20 + i), src / f"v{i}.mp4")
    assert invoke("ingest", src, "-p", asg.root, "--no-loudness").exit_code == 0
    ok = invoke("verify", "-p", asg.root)
    assert ok.exit_code == 0 and "All 3 originals intact" in ok.output
    c0, c1, _ = [asg.root / r["file"] for r in asg.clips()]
    c0.chmod(0o644)
    with open(c0, "r+b") as fh:  # flip one byte in the middle
        fh.seek(500)
        byte = fh.read(1)
        fh.seek(500)
        fh.write(bytes([byte[0] ^ 0xFF]))
    c1.chmod(0o644)
    c1.unlink()
    (asg.raw / "tambahan.mp4").write_bytes(b"extra")
    res = CliRunner().invoke(cli, ["verify", "-p", str(asg.root), "--json"])
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert data["passed"] is False
    assert data["changed"] == [c0.relative_to(asg.root).as_posix()]
    assert data["missing"] == [c1.relative_to(asg.root).as_posix()]
    assert data["unexpected"] == ["raw/tambahan.mp4"]
    human = CliRunner().invoke(cli, ["verify", "-p", str(asg.root)])
    assert human.exit_code == 1
    assert "CHANGED" in human.stdout and "MISSING" in human.stdout and "UNEXPECTED" in human.stdout
    assert "Verification FAILED: 1 missing, 1 changed, 1 unexpected" in human.stderr


# --- naming ---------------------------------------------------------------------------------------

def test_shot_date_rules():
    # An offset the camera wrote is the camera's local day; UTC is shown in this machine's zone.
    assert shot_date("2026-11-12T23:30:00+07:00", 0) == "20261112"
    from datetime import datetime, timezone

    utc = datetime(2026, 11, 12, 20, 0, tzinfo=timezone.utc)
    assert shot_date("2026-11-12T20:00:00Z", 0) == utc.astimezone().strftime("%Y%m%d")
    assert shot_date(None, 1_700_000_000) == datetime.fromtimestamp(1_700_000_000).strftime("%Y%m%d")
    assert shot_date("garbage", 1_700_000_000) == datetime.fromtimestamp(1_700_000_000).strftime("%Y%m%d")


def test_one_ingest_at_a_time(asg, clip_factory, tmp_path):
    clip = clip_factory("lock.mp4", duration=1.0)
    holder = subprocess.Popen(  # another writer holds the assignment's lock
        [sys.executable, "-c", "import sys, time; from vidjourn.core.locks import assignment_lock\n"
         f"with assignment_lock({str(asg.root)!r}, 'ingest'):\n print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        res = CliRunner().invoke(cli, ["ingest", str(clip), "-p", str(asg.root)])
        assert res.exit_code == 1 and "busy" in res.output and str(holder.pid) in res.output, res.output
        assert asg.clips() == []
    finally:
        holder.kill()  # killed outright: the kernel frees the lock, nothing stale to clear
        holder.wait()
        holder.stdout.close()
    res = CliRunner().invoke(cli, ["ingest", str(clip), "-p", str(asg.root)])
    assert res.exit_code == 0 and len(asg.clips()) == 1


def test_implausible_camera_clock_names_by_the_assignment_day(tmp_path, clip_factory):
    """Issue 22: a phone set to 2012 gave 20120910_... for a 2026 event. Before 2015, or more than a few
    days from the assignment's day (kapan): named by the assignment's day, and said so."""
    from vidjourn.stages.ingest.ingest import plausible_day

    assert plausible_day("20120910", "20261112") == "20261112"
    assert plausible_day("20261110", "20261112") == "20261110"  # two days before: believed
    assert plausible_day("20261201", "20261112") == "20261112"
    assert plausible_day("20120910", None) == "20120910"  # no day to compare with: as the camera says
    res = invoke("init", "2026-11-12_zebra", "--in", tmp_path)
    assert res.exit_code == 0
    src = clip_factory("phone2012.mp4", duration=1.0, creation_time="2012-09-10T03:00:00Z")
    res = invoke("--lang", "id", "ingest", src, "-p", tmp_path / "2026-11-12_zebra", "--no-loudness")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "2026-11-12_zebra" / "raw" / "20261112_zebra_001.mp4").is_file()
    assert "20120910" in res.output and "20261112" in res.output and "jam kamera" in res.output
