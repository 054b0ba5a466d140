"""vidjourn batch: the job file, the executors (process pool, a real Dask cluster), resume, cancel."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vidjourn.core.fsutil import HOST, atomic_path, is_stale_part, parse_part, temp_sibling
from vidjourn.settings import jobfile

STEPS = ("ingest", "export", "shotlog")


def _assignment(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "vidjourn.yaml").write_text(f"slug: {name}\ntitle: {name}\n", encoding="utf-8")
    return folder


def _load(path: Path) -> jobfile.JobFile:
    return jobfile.load(path, known_steps=STEPS, default_steps=STEPS)


# --- the job file -------------------------------------------------------------------------------------

def test_jobfile_three_mistakes_are_reported_together_with_key_paths(tmp_path):
    _assignment(tmp_path, "2026-11-12_a")
    (tmp_path / "kartu").mkdir()
    (tmp_path / "kartu" / "c1.mp4").write_bytes(b"x")
    job = tmp_path / "jobs.yaml"
    job.write_text(
        "version: 1\n"
        "defaults: {platforms: [whatsapp, reelz]}\n"          # 1: unknown platform
        "items:\n"
        "  - 2026-11-12_a\n"
        "  - into: 2026-11-13_b\n"
        "    sources: [kartu/*.mp4]\n"
        "    story: {title: B, siap: x}\n"                    # 2: unknown key (siapa)
        "  - folder: ../elsewhere\n",                         # 3: leaves the job file's folder
        encoding="utf-8")
    with pytest.raises(jobfile.JobFileError) as err:
        _load(job)
    assert err.value.exit_code == 2
    assert err.value.problems == [
        "defaults.platforms[1]: unknown platform 'reelz'; known: facebook, feed, reels, shorts, square, "
        "tiktok, whatsapp, whatsapp-status, x, youtube",
        "items[1].story.siap: unknown key",
        f"items[2].folder: ../elsewhere is outside the job file's folder ({tmp_path}); write a relative path "
        "inside it",
    ]
    text = err.value.message()
    assert str(job) in text and "3 mistake(s)" in text and "nothing was done" in text


def test_jobfile_every_mistake_of_an_item_even_beside_a_schema_error(tmp_path):
    job = tmp_path / "jobs.yaml"
    job.write_text("version: 2\nextra: 1\nitems:\n"
                   "  - {into: b, sources: [nope/*.mov], speed: turbo, steps: [export, fly]}\n"
                   "  - 42\n  - {folder: a, into: b}\n", encoding="utf-8")
    with pytest.raises(jobfile.JobFileError) as err:
        _load(job)
    assert err.value.problems == [
        "extra: unknown key",
        "version: unknown version 2; this vidjourn reads version 1. Write 'version: 1' or update vidjourn",
        "items[0].speed: must be one of 'normal' or 'fast' (got 'turbo')",
        "items[0].sources[0]: no file matches nope/*.mov",
        "items[0].steps[1]: unknown step 'fly'; known: ingest, export, shotlog",
        "items[1]: an item must be a folder name or a mapping (folder: / into:), got 42",
        "items[2]: give exactly one of 'folder' (an existing assignment) or 'into' (a new one)",
    ]


def test_jobfile_in_indonesian(tmp_path):
    from vidjourn.core import i18n

    i18n.set_lang("id")
    job = tmp_path / "jobs.yaml"
    job.write_text("version: 1\nitems: [tidak-ada]\n", encoding="utf-8")
    with pytest.raises(jobfile.JobFileError) as err:
        _load(job)
    assert err.value.problems == ["items[0].folder: tidak-ada bukan folder penugasan (tidak ada vidjourn.yaml); "
                                  "buat dengan vidjourn init, atau pakai 'into:' dengan 'sources:'"]
    assert "punya 1 kesalahan" in err.value.message()


def test_jobfile_merges_defaults_and_resolves_paths(tmp_path):
    _assignment(tmp_path, "2026-11-12_a")
    _assignment(tmp_path, "sub/2026-11-12_c")
    (tmp_path / "kartu").mkdir()
    for name in ("c2.mp4", "c1.mp4"):
        (tmp_path / "kartu" / name).write_bytes(b"x")
    card = tmp_path.parent / f"{tmp_path.name}-card.mov"  # an absolute source (a mounted memory card)
    card.write_bytes(b"x")
    job = tmp_path / "jobs.yaml"
    job.write_text(
        "version: 1\n"
        "defaults: {steps: [shotlog, export], platforms: [whatsapp], preset: humas, speed: fast}\n"
        "items:\n"
        "  - 2026-11-12_a\n"
        "  - {folder: sub/2026-11-12_c, platforms: [reels, youtube], steps: [export]}\n"
        f"  - {{into: 2026-11-13_b, sources: [kartu/*.mp4, '{card}'], story: {{title: B, siapa: Polsek 3}}}}\n",
        encoding="utf-8")
    jf = _load(job)
    a, c, b = jf.items
    assert (a.root, a.create, a.steps, a.platforms, a.preset, a.speed) == (
        tmp_path / "2026-11-12_a", False, ("export", "shotlog"), ("whatsapp",), "humas", "fast")
    assert (c.name, c.steps, c.platforms) == ("sub/2026-11-12_c", ("export",), ("reels", "youtube"))
    assert b.create and b.steps == ("ingest", "export", "shotlog")  # a new assignment is ingested first
    assert [s.name for s in b.sources] == ["c1.mp4", "c2.mp4", card.name]
    assert b.story is not None and b.story["siapa"] == "Polsek 3"
    assert jf.summary_path() == tmp_path / "jobs.summary.json"


def test_jobfile_missing_is_a_clear_error(tmp_path):
    with pytest.raises(jobfile.JobFileError) as err:
        _load(tmp_path / "nope.yaml")
    assert "does not exist" in err.value.message() and err.value.exit_code == 2


# --- part files and ffmpeg's life ---------------------------------------------------------------------

def test_part_names_carry_host_pid_and_a_random_part(tmp_path):
    target = tmp_path / "out" / "clip.mp4"
    a, b = temp_sibling(target), temp_sibling(target)
    assert a != b and a.suffix == ".mp4"
    assert parse_part(a.name) == ("clip.mp4", HOST, os.getpid())
    # a dead process of this host: swept before the next write; another host's or a live one's: kept
    target.parent.mkdir()
    dead = target.with_name(f".clip.part-{HOST}-999999-abcdef.mp4")
    other_host = target.with_name(".clip.part-someotherpc-999999-abcdef.mp4")
    live = target.with_name(f".clip.part-{HOST}-{os.getppid()}-abcdef.mp4")
    for p in (dead, other_host, live):
        p.write_bytes(b"half")
    assert is_stale_part(dead) and not is_stale_part(other_host) and not is_stale_part(live)
    with atomic_path(target) as tmp:
        tmp.write_bytes(b"whole")
    assert target.read_bytes() == b"whole"
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(["clip.mp4", other_host.name, live.name])


# ffmpeg.capture with its stdout discarded and -v error: ffmpeg writes to no pipe, so nothing but the
# parent-death signal can stop it (ffmpeg.run's progress pipe would also end it, by SIGPIPE, later).
_STARTS_FFMPEG = """
import sys, threading, time
from vidjourn.core import ffmpeg
def encode():
    ffmpeg.capture(["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "600",
                    "-c:v", "libx264", "-preset", "ultrafast", "-f", "null", "-"], stdout=False)
threading.Thread(target=encode).start()   # started from a task's thread, as on a Dask worker
time.sleep(0.5)
print("encoding", flush=True)
"""


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_bytes().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid and stat[0] not in (b"Z", b"X"):
                out.append(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    except OSError:
        return False
    return stat[0] not in (b"Z", b"X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux; Windows uses a job object")
def test_ffmpeg_dies_with_the_process_that_started_it():
    proc = subprocess.Popen([sys.executable, "-c", _STARTS_FFMPEG], stdout=subprocess.PIPE, text=True)
    kids: list[int] = []
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "encoding"
        kids = _children(proc.pid)
        assert len(kids) == 1 and "ffmpeg" in Path(f"/proc/{kids[0]}/cmdline").read_bytes().decode(errors="replace")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 3
        while _alive(kids[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(kids[0]), "ffmpeg outlived the process that started it"
    finally:
        for kid in kids + (_children(proc.pid) if proc.poll() is None else []):
            if _alive(kid):
                os.kill(kid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
