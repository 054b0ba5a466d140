"""Issue 19, part B: the attacks on geometry, loudness, captions, processes, --dask, the ledger's keys and
messages, each tried for real through the ``vidjourn`` command (a subprocess) and asserted on its exact
outcome: the exit code, the message, what was (not) written, and never a Python traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PY = sys.executable


def vj(*args, cwd: Path, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "VIDJOURN_LANG": "en", "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    p = subprocess.run([PY, "-m", "vidjourn", *map(str, args)], cwd=cwd, env=full_env, capture_output=True,
                       text=True, timeout=timeout)
    p.out = p.stdout + p.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in p.out and "Warning:" not in p.out, p.out
    return p


def ff(ffmpeg_bin: str, *args: str) -> None:
    subprocess.run([ffmpeg_bin, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", *args], check=True)


def ebur128(ffmpeg_bin: str, path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) of a file's audio, measured by ffmpeg alone."""
    p = subprocess.run([ffmpeg_bin, "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:a:0",
                        "-af", "ebur128=peak=true", "-f", "null", "-"], capture_output=True, text=True)
    tail = p.stderr[p.stderr.rindex("Summary:"):]
    i = float(tail.split("I:")[1].split("LUFS")[0])
    tp = float(tail.split("Peak:")[1].split("dBFS")[0])
    return i, tp


# --- item 8: loudness that meets its own check --------------------------------------------------------

VIDEO = ["-f", "lavfi", "-i", "testsrc2=size=128x96:rate=15:duration=4"]
ENC = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-shortest"]
SPEECH = ("Good evening. This is the police unit of the district. Tonight officers stopped a car on the "
          "main road and found nothing unusual.")


def make_source(kind: str, root: Path, ffmpeg_bin: str) -> Path:
    """One clip of the loudness corpus (4 s, tiny picture)."""
    if kind == "speech":  # a clean speech clip: -20.2 LUFS, peaks near full scale (PLR ~19 dB)
        espeak = shutil.which("espeak-ng") or shutil.which("espeak")
        if not espeak:
            pytest.skip("espeak-ng is not installed (the clean-speech source is made with it)")
        wav = root / "speech.wav"
        subprocess.run([espeak, "-w", str(wav), SPEECH], check=True, capture_output=True)
        out = root / "speech.mp4"
        ff(ffmpeg_bin, *VIDEO, "-i", str(wav), "-af", "volume=0.5dB,aresample=48000", *ENC,
           "-c:a", "aac", "-b:a", "128k", str(out))
        return out
    audio = {
        # chords, a decaying kick and noise hits: music-like, wide crest
        "music": ("aevalsrc=0.25*sin(2*PI*220*t)+0.2*sin(2*PI*277*t)+0.15*sin(2*PI*330*t)"
                  "+0.3*sin(2*PI*55*t)*exp(-8*mod(t\\,0.5))+0.2*(random(0)-0.5)*exp(-30*mod(t+0.25\\,0.5))"
                  ":s=48000:d=4", ["-c:a", "aac", "-b:a", "192k"], ".mp4"),
        # 5.1 AC-3 (camcorders): folded to stereo by the chain
        "ac3": ("aevalsrc=0.5*sin(2*PI*200*t)|0.5*sin(2*PI*300*t)|0.6*sin(2*PI*440*t)*(0.5+0.5*sin(2*PI*3*t))"
                "|0.7*sin(2*PI*50*t)|0.3*(random(0)-0.5)|0.3*(random(1)-0.5):c=5.1:s=48000:d=4",
                ["-c:a", "ac3", "-b:a", "448k"], ".mkv"),
        # very quiet (-46 LUFS): +32 dB of gain
        "quiet": ("aevalsrc=0.004*sin(2*PI*300*t)*(0.6+0.4*sin(2*PI*2*t)):s=48000:d=4",
                  ["-c:a", "aac", "-b:a", "128k"], ".mp4"),
        # hard-clipped at full scale (true peak over 0 dBTP)
        "clipped": ("aevalsrc=max(-1\\,min(1\\,4*sin(2*PI*440*t)*sin(2*PI*0.7*t))):s=48000:d=4",
                    ["-c:a", "pcm_s16le"], ".mov"),
    }[kind]
    out = root / f"{kind}{audio[2]}"
    ff(ffmpeg_bin, *VIDEO, "-f", "lavfi", "-i", audio[0], *ENC, *audio[1], str(out))
    return out


@pytest.mark.parametrize("kind", ["speech", "music", "ac3", "quiet", "clipped"])
def test_every_kind_of_sound_exports_within_its_own_check(kind, tmp_path, ffmpeg_bin):
    """The profiles share one target (-14 LUFS, -1 dBTP) and differ in AAC bitrate: whatsapp (96 kb/s)
    overshoots the most, youtube (384) the least. Before the fix the speech clip failed with "loudness
    -15.8 LUFS ... Please report this" on every profile."""
    src = make_source(kind, tmp_path, ffmpeg_bin)
    p = vj("export", src, "--to", "whatsapp,youtube", "--speed", "draft", cwd=tmp_path)
    assert p.returncode == 0, p.out
    assert "report" not in p.out.lower(), p.out
    for platform in ("whatsapp", "youtube"):
        out = tmp_path / "out" / platform / f"{src.stem}.mp4"
        i, tp = ebur128(ffmpeg_bin, out)
        assert abs(i - -14) <= 1.0 and tp <= 0.0, (platform, i, tp)


# --- item 3: geometry and time finite and on the picture --------------------------------------------

@pytest.fixture(scope="module")
def redact_base(tmp_path_factory, ffmpeg_bin) -> Path:
    """An assignment with one ingested 320x240, 2 s clip and `redact: {faces: off, mode: solid, required}`."""
    parent = tmp_path_factory.mktemp("redact")
    assert vj("init", "2026-12-08_uji", cwd=parent).returncode == 0
    root = parent / "2026-12-08_uji"
    card = parent / "card"
    card.mkdir()
    ff(ffmpeg_bin, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2", "-f", "lavfi",
       "-i", "sine=frequency=440:sample_rate=48000:duration=2", *ENC, "-c:a", "aac", str(card / "a.mp4"))
    assert vj("ingest", card, "-p", root, cwd=parent).returncode == 0
    story = root / "vidjourn.yaml"
    text = story.read_text(encoding="utf-8").replace('brand: "humas"', 'brand: "none"')
    story.write_text(text + "\nredact: {faces: off, mode: solid, required: true}\n", encoding="utf-8")
    return root


def _sha(root: Path) -> str:
    import json

    return json.loads((root / "manifest.json").read_text())["clips"][0]["sha256"]


def black_share(ffmpeg_bin: str, path: Path) -> float:
    """Share of near-black pixels in the file's middle frame (luma < 20)."""
    import numpy as np

    raw = subprocess.run([ffmpeg_bin, "-v", "error", "-ss", "1", "-i", str(path), "-frames:v", "1", "-vf",
                          "scale=160:120,format=gray", "-f", "rawvideo", "pipe:1"], check=True,
                         capture_output=True).stdout
    return float((np.frombuffer(raw, np.uint8) < 20).mean())


HOSTILE_REGIONS = {
    "nan box": ("{t: 0.5, box: [.nan, .nan, .nan, .nan]}", "keyframes[0].box: box [nan, nan, nan, nan] is wrong"),
    "inf time": ("{t: .inf, box: [0, 0, 50, 50]}", "keyframes[0].t: "),
    "huge box": ("{t: 0.5, box: [1.0e+308, 0, 10, 10]}", "box [1e+308, 0, 10, 10] is wrong"),
    "outside box": ("{t: 0.5, box: [5000, 5000, 100, 100]}", "no area on the picture"),
    "huge size": ("{t: 0.5, box: [0, 0, 1.0e+308, 1.0e+308]}", "box [0, 0, 1e+308, 1e+308] is wrong"),
    "after the end": ("{t: 99, box: [0, 0, 50, 50]}", "after the clip's end"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_REGIONS))
def test_a_region_that_would_hide_nothing_is_refused_by_review_approve_and_export(case, redact_base, tmp_path):
    root = tmp_path / redact_base.name
    shutil.copytree(redact_base, root, symlinks=True)
    kf, words = HOSTILE_REGIONS[case]
    (root / "redact.yaml").write_text(f"{_sha(root)}:\n  regions:\n    - keyframes: [{kf}]\n", encoding="utf-8")
    for args in (["redact", "review"], ["redact", "approve", _sha(root), "--by", "Bripka Dewi"],
                 ["export", "--to", "whatsapp", "--speed", "draft"]):
        p = vj(*args, "-p", root, cwd=root)
        assert p.returncode in (1, 2), (args, p.out)
        assert "redact.yaml" in p.out and words in p.out, (args, p.out)
    assert not (root / "redact" / "approvals.json").exists()
    assert not list((root / "out").rglob("*.mp4"))


def test_a_region_between_two_frames_is_refused_at_approve(redact_base, tmp_path):
    root = tmp_path / redact_base.name
    shutil.copytree(redact_base, root, symlinks=True)
    (root / "redact.yaml").write_text(
        f"{_sha(root)}:\n  regions:\n    - {{from: 0.501, to: 0.502, keyframes: [{{t: 0.5, box: [0, 0, 160, 120]}}]}}\n",
        encoding="utf-8")
    p = vj("redact", "approve", _sha(root), "--by", "Bripka Dewi", "-p", root, cwd=root)
    assert p.returncode == 2 and "regions[0]: this region covers no frame" in p.out, p.out
    assert not (root / "redact" / "approvals.json").exists()


def test_a_valid_box_hides_and_a_box_half_off_the_frame_is_clipped(redact_base, tmp_path, ffmpeg_bin):
    root = tmp_path / redact_base.name
    shutil.copytree(redact_base, root, symlinks=True)
    # the second box reaches far past the right edge: clipped, it covers the top-right quarter
    (root / "redact.yaml").write_text(
        f"{_sha(root)}:\n  regions:\n    - keyframes: [{{t: 0, box: [0, 0, 160, 120]}}]\n"
        f"    - keyframes: [{{t: 0, box: [160, 0, 100000, 120]}}]\n", encoding="utf-8")
    assert vj("redact", "review", "-p", root, cwd=root).returncode == 0
    p = vj("redact", "approve", _sha(root), "--by", "Bripka Dewi", "-p", root, cwd=root)
    assert p.returncode == 0, p.out
    p = vj("export", "--to", "whatsapp", "--speed", "draft", "-p", root, cwd=root)
    assert p.returncode == 0, p.out
    share = black_share(ffmpeg_bin, next((root / "out" / "whatsapp").glob("*.mp4")))
    assert 0.45 <= share <= 0.6, share  # the top half, black (testsrc2 itself has ~0 black)


@pytest.mark.parametrize("end", [".inf", ".nan", "1.0e+308"])
def test_a_lower_third_that_never_ends_is_refused(end, redact_base, tmp_path):
    root = tmp_path / redact_base.name
    shutil.copytree(redact_base, root, symlinks=True)
    story = root / "vidjourn.yaml"
    text = story.read_text(encoding="utf-8").replace("lower_thirds: []", "").replace(
        "redact: {faces: off, mode: solid, required: true}", "").replace('brand: "none"', 'brand: "humas"')
    story.write_text(text + f"lower_thirds:\n  - {{name: Budi, clip: a, start: 0, end: {end}}}\n", encoding="utf-8")
    p = vj("export", "--to", "whatsapp", "--speed", "draft", "-p", root, cwd=root)
    assert p.returncode in (1, 2), p.out
    assert "vidjourn.yaml" in p.out and "Unrecognised time" in p.out, p.out


def test_faces_off_written_bare_as_the_readme_does_means_off(redact_base, tmp_path):
    root = tmp_path / redact_base.name
    shutil.copytree(redact_base, root, symlinks=True)
    story = root / "vidjourn.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "redact: {faces: off, mode: solid, required: true}", "redact: {faces: off}"), encoding="utf-8")
    p = vj("--lang", "id", "redact", "review", "-p", root, cwd=root)
    assert p.returncode == 0, p.out
    assert "must be" not in p.out and "got False" not in p.out, p.out


# --- item 7: the ledger keys tasks by what they make -------------------------------------------------

@pytest.fixture(scope="module")
def plain_base(tmp_path_factory, ffmpeg_bin) -> Path:
    """An assignment with one ingested 160x120, 2 s clip, no brand."""
    parent = tmp_path_factory.mktemp("plain")
    assert vj("init", "2026-12-08_kunci", cwd=parent).returncode == 0
    root = parent / "2026-12-08_kunci"
    card = parent / "card"
    card.mkdir()
    ff(ffmpeg_bin, "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=15:duration=2", "-f", "lavfi",
       "-i", "sine=frequency=440:sample_rate=48000:duration=2", *ENC, "-c:a", "aac", str(card / "a.mp4"))
    assert vj("ingest", card, "-p", root, cwd=parent).returncode == 0
    story = root / "vidjourn.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace('brand: "humas"', 'brand: "none"'), encoding="utf-8")
    return root


def test_fewer_platforms_then_other_platforms_signed_with_force(plain_base, tmp_path):
    """`run --to whatsapp,youtube` then `run --to whatsapp` failed every time with "the output file already
    exists. Add --force" for a file vidjourn made (the task key had the platform count in it); after
    changing platforms `--sign --force` failed on files of platforms it was not asked for."""
    root = tmp_path / plain_base.name
    shutil.copytree(plain_base, root, symlinks=True)
    run = ("run", "--steps", "export", "--speed", "draft", "-p", root)
    p = vj(*run, "--to", "whatsapp,youtube", cwd=root)
    assert p.returncode == 0, p.out
    p = vj(*run, "--to", "whatsapp", cwd=root)
    assert p.returncode == 0 and "already exists" not in p.out and "1 unchanged" in p.out, p.out
    p = vj(*run, "--to", "youtube,reels", cwd=root)  # youtube made before by another grouping: replaced
    assert p.returncode == 0 and "already exists" not in p.out, p.out
    import json

    ledger = json.loads((root / "ledger.json").read_text())["outputs"]
    assert {k for k in ledger if k.startswith("out/")} == {
        "out/whatsapp/20261208_kunci_001.mp4", "out/youtube/20261208_kunci_001.mp4",
        "out/reels/20261208_kunci_001.mp4"}  # one entry per file, no "#export" amendments
    for k, e in ledger.items():  # each task named by the clip and the platforms it makes
        if k.startswith("out/"):
            assert k.split("/")[1] in e["task"].rsplit("@", 1)[1].split("+"), (k, e["task"])
    keys = tmp_path / "keys"
    env = {"VIDJOURN_KEYS": str(keys), "VIDJOURN_KEY_PASSPHRASE": "sandi-tanda-tangan-1",
           "VIDJOURN_ROOT_PASSPHRASE": "sandi-akar-kantor-1"}
    assert vj("keys", "init", "--unit", "Polres A", cwd=root, env=env).returncode == 0
    p = vj("run", "--speed", "draft", "-p", root, "--to", "whatsapp", "--sign", "--force", cwd=root, env=env)
    assert p.returncode == 0, p.out
    p = vj("verify", "--provenance", root / "out/whatsapp/20261208_kunci_001.mp4", cwd=root, env=env)
    assert p.returncode == 0 and "Polres A" in p.out, p.out


# --- item 10: caption text bounded ------------------------------------------------------------------

CAPTION_CASES = {
    "one 1 MB cue": ("00:00:00,500 --> 00:00:01,500\n" + "kata " * 200_000 + "\n",
                     "more than 1,000,000 characters"),
    "a long cue": ("00:00:00,500 --> 00:00:01,500\n" + "kata " * 200 + "\n", "line 2: ", "split it"),
    "NUL": ("00:00:00,500 --> 00:00:01,500\nHalo\x00semua\n", "line 3: ", "control character \\x00"),
    "ESC": ("00:00:00,500 --> 00:00:01,500\nHalo \x1b[2J\x1b[32mTRUSTED\n", "line 3: ", "control character \\x1b"),
    "99 hours": ("99:00:00,000 --> 99:00:02,000\nTerlambat\n", "line 2: ", "a time past 24:00:00"),
}


@pytest.mark.parametrize("case", sorted(CAPTION_CASES))
def test_a_caption_file_out_of_bounds_is_refused_at_approve(case, plain_base, tmp_path):
    root = tmp_path / plain_base.name
    shutil.copytree(plain_base, root, symlinks=True)
    (root / "captions").mkdir(exist_ok=True)
    srt = root / "captions" / "20261208_kunci_001.id.srt"
    body, *words = CAPTION_CASES[case]
    srt.write_text("1\n" + body + "\n", encoding="utf-8")
    p = vj("captions", "approve", "20261208_kunci_001", "-p", root, cwd=root, timeout=60)
    assert p.returncode == 1, p.out
    assert str(srt) in p.out and all(w in p.out for w in words), p.out
    assert "\x1b" not in p.out and "\x00" not in p.out
    assert not list((root / "captions").glob("*.approved*")) and not list((root / "captions").glob("*.vtt"))


# --- item 10: --dask checks it talks to a Dask scheduler ---------------------------------------------

def _serve(greeting: bytes | None):
    """A TCP server on a free port that greets with ``greeting`` (None: says nothing, like HTTP)."""
    import socket
    import threading

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)

    def loop():
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            if greeting:
                conn.sendall(greeting)
            threading.Timer(30, conn.close).start()

    threading.Thread(target=loop, daemon=True).start()
    return srv


@pytest.mark.parametrize("greeting,words", [
    (None, "nothing within 2 s"),  # an HTTP server waits to be asked: the Client hung > 120 s
    (b"SSH-2.0-OpenSSH_9.2p1 Debian\r\n", "it answered: SSH-2.0-OpenSSH_9.2p1"),  # "Unable to allocate 3.07 EiB"
    (b"\xff" * 16, "a first message of 18,446,744,073,709,551,615 bytes"),
])
def test_dask_at_something_else_is_refused_within_seconds(greeting, words, plain_base, tmp_path):
    root = tmp_path / plain_base.name
    shutil.copytree(plain_base, root, symlinks=True)
    job = tmp_path / "jobs.yaml"
    job.write_text(f"version: 1\nitems: [{root.name}]\n", encoding="utf-8")
    srv = _serve(greeting)
    try:  # a hang fails by the subprocess timeout
        p = vj("batch", "run", job, "--dask", f"tcp://127.0.0.1:{srv.getsockname()[1]}", cwd=tmp_path,
               env={"VIDJOURN_DASK_CONNECT_TIMEOUT": "2"}, timeout=60)
    finally:
        srv.close()
    assert p.returncode == 3, p.out
    assert "is not a Dask scheduler" in p.out and words in p.out, p.out
    assert "allocate" not in p.out, p.out


def test_dask_tls_address_without_tls_settings_is_a_message(plain_base, tmp_path):
    root = tmp_path / plain_base.name
    shutil.copytree(plain_base, root, symlinks=True)
    job = tmp_path / "jobs.yaml"
    job.write_text(f"version: 1\nitems: [{root.name}]\n", encoding="utf-8")
    p = vj("batch", "run", job, "--dask", "tls://127.0.0.1:9", cwd=tmp_path,
           env={"VIDJOURN_DASK_CONNECT_TIMEOUT": "2"}, timeout=60)
    assert p.returncode == 3 and "Cannot reach the Dask scheduler at tls://127.0.0.1:9" in p.out, p.out


# --- messages ----------------------------------------------------------------------------------------

def test_an_extends_loop_is_named_as_a_loop(plain_base, tmp_path):
    root = tmp_path / plain_base.name
    shutil.copytree(plain_base, root, symlinks=True)
    folder = root / "presets" / "platforms"
    folder.mkdir(parents=True)
    (folder / "loopa.yaml").write_text("extends: loopb\n", encoding="utf-8")
    (folder / "loopb.yaml").write_text("extends: loopa\n", encoding="utf-8")
    p = vj("export", "--to", "loopa", "-p", root, cwd=root)
    assert p.returncode in (1, 2), p.out
    assert "comes back to itself through a chain of extends" in p.out and "Did you mean" not in p.out, p.out


@pytest.mark.parametrize("lines,words", [
    ('version: "1"', "'1' is text (in quotes); write the number without quotes: 'version: 1'"),
    ('version: 1\nitems:\n  - {into: 2026-12-08_baru, sources: ["/**"]}', "/** is too wide"),
    ('version: 1\nitems:\n  - {into: 2026-12-08_baru, sources: ["~/**/*.mp4"]}', "~/**/*.mp4 is too wide"),
])
def test_job_file_messages(lines, words, tmp_path):
    job = tmp_path / "jobs.yaml"
    if "items" not in lines:
        lines += "\nitems: []"
    job.write_text(lines + "\n", encoding="utf-8")
    p = vj("batch", "run", job, "--dry-run", cwd=tmp_path, timeout=60)  # "/**" scanned the disk: the timeout
    assert p.returncode == 2 and words in p.out, p.out


def test_indonesian_output_holds_no_pydantic_english(redact_base, tmp_path):
    root = tmp_path / redact_base.name
    shutil.copytree(redact_base, root, symlinks=True)
    story = root / "vidjourn.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "redact: {faces: off, mode: solid, required: true}", "redact: {faces: off, every: [1, 2]}"), encoding="utf-8")
    p = vj("--lang", "id", "redact", "review", "-p", root, cwd=root)
    assert p.returncode == 2 and "redact.every" in p.out, p.out
    assert "Input should be" not in p.out and "valid integer" not in p.out, p.out


# --- item 9: signals and processes -------------------------------------------------------------------

def test_idle_pool_workers_exit_on_sigterm():
    """Two idle workers of a cancelled batch lived 28 minutes adopted by init: the SIGTERM handler only
    set a flag while the worker sat in the call queue."""
    import os
    import signal
    import time

    from vidjourn.pipeline.pool import PoolExecutor

    ex = PoolExecutor(2)
    pool, _ = ex._start()
    try:
        futs = [pool.submit(os.getpid) for _ in range(4)]
        pids = {f.result(timeout=120) for f in futs}
        procs = list(pool._processes.values())
        assert pids and {p.pid for p in procs} >= pids
        for p in procs:
            os.kill(p.pid, signal.SIGTERM)
        for p in procs:  # joined, not timed: a worker that ignores SIGTERM fails by the test timeout
            p.join(60)
            # 143: our handler's exit; -15: a worker still starting (default handler), dead all the same
            assert p.exitcode in (128 + signal.SIGTERM, -signal.SIGTERM), (p.pid, p.exitcode)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        time.sleep(0.1)
