"""vidjourn batch: the job file, the executors (process pool, a real Dask cluster), resume, cancel."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vidjourn.core.fsutil import HOST, atomic_path, is_stale_part, parse_part, sweep_stale_parts_in, temp_sibling
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
        "items[1].story.siap: unknown key (a typo?)",
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
        "extra: unknown key (a typo?)",
        "version: unknown version 2; this vidjourn reads version 1. Write 'version: 1' or update vidjourn",
        "items[0].speed: must be one of 'draft', 'fast', 'normal' or 'best' (got 'turbo')",
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


def test_the_commented_example_job_file_validates(tmp_path):
    """examples/jobs.yaml (the one README points to) is a valid job file once its folders exist."""
    import shutil

    repo = Path(__file__).resolve().parents[2]
    shutil.copy(repo / "examples" / "jobs.yaml", tmp_path / "jobs.yaml")
    _assignment(tmp_path, "2026-11-12_apel-pagi")
    _assignment(tmp_path, "2026-11-12_pelatihan-video")
    (tmp_path / "kartu" / "polsek-3").mkdir(parents=True)
    for name in ("A001.MP4", "wawancara.mov"):
        (tmp_path / "kartu" / "polsek-3" / name).write_bytes(b"x")
    jf = _load(tmp_path / "jobs.yaml")
    assert [(i.name, i.create, i.steps) for i in jf.items] == [
        ("2026-11-12_apel-pagi", False, ("ingest", "export", "shotlog")),
        ("2026-11-12_pelatihan-video", False, ("export",)),
        ("2026-11-13_razia-gabungan", True, ("ingest", "export", "shotlog")),
    ]
    assert jf.items[1].platforms == ("youtube", "facebook") and len(jf.items[2].sources) == 2


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
    # the whole-folder sweep (a Dask worker's, before each task) keeps the same rule
    dead2 = target.with_name(f".other.part-{HOST}-999998-abcdef.mov")
    dead2.write_bytes(b"half")
    assert sweep_stale_parts_in(target.parent) == [dead2]


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


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


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
        # the encode thread may still be starting ffmpeg on a busy machine: wait for it (not a fixed sleep)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            kids = [k for k in _children(proc.pid) if "ffmpeg" in _cmdline(k) and "setpriv" not in _cmdline(k)]
            if kids:
                break
            time.sleep(0.05)
        assert len(kids) == 1, _children(proc.pid)
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


# --- batch run: shared set-up -------------------------------------------------------------------------

VIDJOURN = [sys.executable, "-m", "vidjourn"]


def _batch_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, VIDJOURN_LANG="en", NO_COLOR="1", VIDJOURN_CONFIG=str(tmp_path / "config"))
    env.pop("LC_ALL", None)
    return env


def _batch(tmp_path: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`vidjourn batch ...` as a user runs it (a subprocess: workers, signals and exit codes are real)."""
    return subprocess.run([*VIDJOURN, "batch", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=_batch_env(tmp_path), cwd=tmp_path)


def _job(tmp_path: Path, clip_factory, *, n_a: int = 3, n_b: int = 3, seconds: float = 2.0,
         size: tuple[int, int] = (320, 240), platforms: str = "[whatsapp]", extra_b: Path | None = None) -> Path:
    """Two new assignments from generated clips (kartu-a/, kartu-b/) and a job file that makes them."""
    for folder, n in (("kartu-a", n_a), ("kartu-b", n_b)):
        (tmp_path / folder).mkdir()
        for i in range(n):
            src = clip_factory(f"{folder}-{i}.mp4", duration=seconds, size=size,
                               audio_src=f"sine=frequency={300 + 100 * i}:sample_rate=48000:duration={seconds}")
            (tmp_path / folder / f"c{i}.mp4").write_bytes(src.read_bytes())
    if extra_b is not None:
        (tmp_path / "kartu-b" / extra_b.name).write_bytes(extra_b.read_bytes())
    job = tmp_path / "jobs.yaml"
    job.write_text(
        "version: 1\n"
        f"defaults: {{steps: [ingest, export], platforms: {platforms}, speed: draft}}\n"
        "items:\n"
        "  - into: 2026-11-12_apel-pagi\n    sources: [kartu-a/*.mp4]\n    story: {title: Apel pagi, siapa: Polres}\n"
        "  - into: 2026-11-13_razia\n    sources: [kartu-b/*]\n    story: {title: Razia, siapa: Polsek 3}\n",
        encoding="utf-8")
    return job


def _outputs(tmp_path: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in sorted(tmp_path.glob("2026-*/out/*/*")) if p.is_file()}


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(root.rglob("*"))}


def _parts(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if ".part-" in p.name]


def _ffmpeg_under(root: Path) -> list[int]:
    """Live ffmpeg processes whose command line names a file under ``root``."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "ffmpeg" in cmd and str(root) in cmd and _alive(int(d.name)):
            found.append(int(d.name))
    return found


def _recorded_exports(root: Path) -> int:
    import json

    n = 0
    for ledger in root.glob("2026-*/ledger.json"):
        try:
            n += sum(1 for k in json.loads(ledger.read_text())["outputs"] if k.startswith("out/"))
        except (OSError, ValueError, KeyError):
            pass
    return n


def _probe_ok(path: Path) -> None:
    from vidjourn.core.probe import probe

    info = probe(path)
    assert info.duration and info.duration > 0.5 and info.has_audio, path


# --- batch run on a process pool; dry run; resume -------------------------------------------------------

def test_batch_jobs_2_dry_run_writes_nothing_then_runs_then_rerun_is_calm(tmp_path, clip_factory, footage):
    import json

    job = _job(tmp_path, clip_factory, n_a=2, n_b=1, extra_b=footage("fire2.mp4"))
    before = _tree(tmp_path)
    dry = _batch(tmp_path, "run", job, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    assert _tree(tmp_path) == before  # no folder, no ledger, no summary, no cache
    plan = json.loads(dry.stdout)
    assert plan["dry_run"] and [i["status"] for i in plan["items"]] == ["todo", "todo"]
    assert [t["status"] for i in plan["items"] for t in i["tasks"]] == ["run", "run"]  # one ingest each

    res = _batch(tmp_path, "run", job, "--jobs", "2", "--json")
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["totals"]["done"] == 2 + 4 and summary["totals"]["failed"] == 0  # 2 ingests, 4 exports
    assert json.loads(job.with_name("jobs.summary.json").read_text())["totals"] == summary["totals"]
    outs = _outputs(tmp_path)
    assert len(outs) == 4
    for p in outs:
        _probe_ok(p)
    assert not _parts(tmp_path)

    again = _batch(tmp_path, "run", job, "--jobs", "2", "--json")
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert data["totals"]["done"] == 0 and data["totals"]["cached"] == 4
    assert _outputs(tmp_path) == outs  # no file rewritten

    status = _batch(tmp_path, "status", job)
    assert status.returncode == 0 and "0 tasks to do, 4 unchanged" in status.stdout, status.stdout


def test_batch_keeps_going_past_a_bad_clip_and_only_failed_redoes_that_item(tmp_path, clip_factory):
    import json

    job = _job(tmp_path, clip_factory, n_a=1, n_b=1)
    bad = tmp_path / "kartu-b" / "rusak.mp4"
    bad.write_bytes((tmp_path / "kartu-b" / "c0.mp4").read_bytes()[: 20_000])  # a truncated copy
    res = _batch(tmp_path, "run", job, "--jobs", "2", "--json")
    assert res.returncode == 1, res.stderr
    items = json.loads(res.stdout)["items"]
    assert [i["status"] for i in items] == ["done", "failed"]
    assert any("rusak.mp4" in e["message"] for e in items[1]["errors"]), items[1]["errors"]
    assert len(_outputs(tmp_path)) == 2  # the good clip of the failed item was exported all the same

    bad.unlink()  # fixed (the reporter drops the broken file)
    job.write_text(job.read_text().replace("kartu-b/*", "kartu-b/c*.mp4"), encoding="utf-8")
    again = _batch(tmp_path, "run", job, "--only-failed", "--json")
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert [i["name"] for i in data["items"]] == ["2026-11-13_razia"]
    nothing = _batch(tmp_path, "run", job, "--only-failed")
    assert nothing.returncode == 0 and "No assignment failed or was cancelled in the last run" in nothing.stdout


def test_batch_job_file_with_mistakes_exits_2_and_does_nothing(tmp_path):
    job = tmp_path / "jobs.yaml"
    job.write_text("version: 1\nitems: [{into: x, sources: [nope/*.mp4]}, {folder: missing-folder, speed: 9}]\n")
    res = _batch(tmp_path, "run", job)
    assert res.returncode == 2
    assert "3 mistake(s)" in res.stderr and "items[0].sources[0]: no file matches nope/*.mp4" in res.stderr
    assert "Traceback" not in res.stderr and [p.name for p in tmp_path.iterdir()] == ["jobs.yaml"]


def test_batch_unreachable_dask_exits_3(tmp_path):
    _assignment(tmp_path, "2026-11-12_a")
    job = tmp_path / "jobs.yaml"
    job.write_text("version: 1\nitems: [2026-11-12_a]\n")
    env_timeout = {"VIDJOURN_DASK_CONNECT_TIMEOUT": "1"}
    res = subprocess.run([*VIDJOURN, "batch", "run", str(job), "--dask", "tcp://127.0.0.1:9"], capture_output=True,
                         text=True, timeout=120, env={**_batch_env(tmp_path), **env_timeout})
    assert res.returncode == 3, res.stderr
    assert "Cannot reach the Dask scheduler at tcp://127.0.0.1:9" in res.stderr and "Traceback" not in res.stderr


def _kill_coordinator_mid_batch(root: Path, job: Path, how: list[str], what: str) -> None:
    """Fresh outputs and ledgers, `batch run` started, SIGKILLed once an export is recorded and another
    encode is under way (no chance to clean up); then wait until no ffmpeg and no part file is left."""
    import shutil

    for asg in root.glob("2026-*"):
        shutil.rmtree(asg / "out")
        (asg / "ledger.json").unlink()
    proc = subprocess.Popen([*VIDJOURN, "batch", "run", str(job), *how], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=_batch_env(root), cwd=root)
    try:
        _wait_for(lambda: _recorded_exports(root) and _parts(root), 300, "a recorded export and an encode")
        proc.kill()
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    _wait_for(lambda: not _ffmpeg_under(root) and not _parts(root), 30, what)


def _wait_for(cond, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="looks for stray ffmpeg processes in /proc")
def test_sigint_to_batch_run_then_a_rerun_finishes_only_what_was_missing(tmp_path, clip_factory):
    import json

    job = _job(tmp_path, clip_factory, n_a=3, n_b=3, seconds=6.0, size=(640, 360))
    proc = subprocess.Popen([*VIDJOURN, "batch", "run", str(job), "--jobs", "2", "--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_batch_env(tmp_path), cwd=tmp_path)
    try:
        # interrupt once the coordinator has recorded a finished export and others are encoding
        _wait_for(lambda: _recorded_exports(tmp_path) and _parts(tmp_path), 300, "a recorded export and an encode")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err
    assert "Cancelled" in err and "Traceback" not in err
    assert not _parts(tmp_path), _parts(tmp_path)
    assert not _ffmpeg_under(tmp_path)
    cancelled = json.loads(out)
    recorded = _recorded_exports(tmp_path)
    # the summary may lag the ledger by the one result being recorded as the signal came
    assert cancelled["cancelled"] and 1 <= recorded < 6 and recorded - 1 <= cancelled["totals"]["done"] - 2 <= recorded
    first = _outputs(tmp_path)  # recorded ones, and any a worker finished as the signal came (noted)
    assert recorded <= len(first) <= recorded + 2

    res = _batch(tmp_path, "run", job, "--jobs", "2", "--json")
    assert res.returncode == 0, res.stderr + json.dumps([i["errors"] for i in json.loads(res.stdout)["items"]])
    data = json.loads(res.stdout)
    exports = [t for i in data["items"] for t in i["tasks"] if t["stage"] == "export"]
    assert sorted(t["status"] for t in exports) == sorted(["cached"] * len(first) + ["done"] * (6 - len(first)))
    after = _outputs(tmp_path)
    assert len(after) == 6 and all(after[p] == m for p, m in first.items())  # finished files untouched
    for p in after:
        _probe_ok(p)

    # The coordinator SIGKILLed (no chance to clean up): its workers stop their encodes (parent-death
    # signal) instead of going on through the queue; no ffmpeg and no part file is left.
    _kill_coordinator_mid_batch(tmp_path, job, ["--jobs", "2"], "the orphaned encodes to stop")
    # At most the encodes that were finishing at that instant (one per worker) exist unrecorded; without
    # the parent-death signal the workers went through every queued export (6 written, 2 recorded).
    assert len(_outputs(tmp_path)) - _recorded_exports(tmp_path) <= 2
    # ... and those were noted by their workers (work/pending/): the next run adopts them, calmly.
    res = _batch(tmp_path, "run", job, "--jobs", "2", "--json")
    assert res.returncode == 0, res.stderr + json.dumps([i["errors"] for i in json.loads(res.stdout)["items"]])
    assert len(_outputs(tmp_path)) == 6 and not list(tmp_path.glob("2026-*/work/pending/*"))


# --- a real Dask cluster: `dask scheduler` and two `dask worker` processes on 127.0.0.1 -------------------

class _Cluster:
    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root = root
        self.env = env
        self.procs: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen] = []
        self.logs: list = []
        self.address = ""

    def _start(self, *args: str, log: str) -> subprocess.Popen:
        dask = Path(sys.executable).with_name("dask")
        self.logs.append(open(self.root / log, "wb"))  # noqa: SIM115 - closed in stop()
        proc = subprocess.Popen([str(dask), *args], stdout=subprocess.DEVNULL, stderr=self.logs[-1], env=self.env,
                                cwd=self.root)
        self.procs.append(proc)
        return proc

    def scheduler(self, *extra: str) -> None:
        info = self.root / "scheduler.json"
        self._start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
                    str(info), *extra, log="scheduler.log")
        _wait_for(lambda: info.exists() and info.stat().st_size > 0, 60, "the scheduler")
        import json

        self.address = json.loads(info.read_text())["address"]

    def worker(self, name: str, *extra: str) -> subprocess.Popen:
        w = self._start("worker", self.address, "--nthreads", "1", "--resources", "ffmpeg=1", "--no-nanny",
                        "--no-dashboard", "--host", "127.0.0.1", "--name", name, "--death-timeout", "60", *extra,
                        log=f"{name}.log")
        self.workers.append(w)
        return w

    def wait_workers(self, n: int) -> None:
        from distributed import Client

        with Client(self.address, timeout=30) as c:
            c.wait_for_workers(n, timeout=120)

    def stop(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for log in self.logs:
            log.close()


@pytest.fixture
def dask_cluster(tmp_path):
    pytest.importorskip("distributed", reason="the dask extra: pip install 'vidjourn[dask]'")
    root = tmp_path / "cluster"
    root.mkdir()
    cluster = _Cluster(root, _batch_env(tmp_path))
    try:
        cluster.scheduler()
        cluster.worker("w0")
        cluster.worker("w1")
        cluster.wait_workers(2)
        yield cluster
    finally:
        cluster.stop()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the worker's ffmpeg in /proc")
def test_batch_on_a_real_dask_cluster_survives_a_worker_killed_mid_encode(tmp_path, clip_factory, dask_cluster):
    import json

    work = tmp_path / "work"
    work.mkdir()
    job = _job(work, clip_factory, n_a=3, n_b=3, seconds=5.0, size=(640, 360))
    res = _batch(work, "run", job, "--dask", dask_cluster.address, "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["executor"]["executor"] == "dask" and data["executor"]["workers"] == 2
    assert data["totals"]["done"] == 2 + 6 and data["totals"]["failed"] == 0
    outs = _outputs(work)
    assert len(outs) == 6
    for p in outs:
        _probe_ok(p)
    assert json.loads((work / "2026-11-13_razia" / "ledger.json").read_text())["outputs"]  # the coordinator wrote it

    # Again with --force and longer clips' worth of work; kill worker w0 while it encodes.
    victim = dask_cluster.workers[0]
    proc = subprocess.Popen([*VIDJOURN, "batch", "run", str(job), "--dask", dask_cluster.address, "--force",
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_batch_env(work), cwd=work)
    try:
        def encoding() -> list[int]:  # the victim's running ffmpeg, once its part file exists
            kids = [k for k in _children(victim.pid)
                    if "ffmpeg" in Path(f"/proc/{k}/cmdline").read_bytes().decode(errors="replace")]
            mine = [p for p in _parts(work) if (parse_part(p.name) or ("", "", 0))[2] == victim.pid]
            return kids if kids and mine else []

        _wait_for(encoding, 300, "worker w0 to be writing an encode")
        killed = encoding()
        victim_parts = [p for p in _parts(work) if (parse_part(p.name) or ("", "", 0))[2] == victim.pid]
        victim.kill()  # SIGKILL: no cleanup of its own
        victim.wait()
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    data = json.loads(out)
    assert data["totals"]["done"] == 6 + 2 and data["totals"]["failed"] == 0  # ingests run inline, 6 exports
    assert {t["host"] for i in data["items"] for t in i["tasks"] if t["stage"] == "export"} <= {os.uname().nodename}
    assert killed and victim_parts
    for k in killed:
        assert not _alive(k), f"ffmpeg {k} outlived its killed worker"
    assert not _ffmpeg_under(work)
    assert not _parts(work), _parts(work)
    after = _outputs(work)
    assert len(after) == 6
    for p in after:
        _probe_ok(p)

    # SIGINT to the coordinator mid-batch on Dask, then a re-run: only what was not recorded is done.
    import shutil

    for asg in work.glob("2026-*"):
        shutil.rmtree(asg / "out")
        (asg / "ledger.json").unlink()
    proc = subprocess.Popen([*VIDJOURN, "batch", "run", str(job), "--dask", dask_cluster.address, "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_batch_env(work), cwd=work)
    try:
        _wait_for(lambda: _recorded_exports(work) and _parts(work), 300, "a recorded export and an encode")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err
    recorded = _recorded_exports(work)
    assert 1 <= recorded < 6 and json.loads(out)["cancelled"]
    _wait_for(lambda: not _ffmpeg_under(work), 30, "the cancelled encodes to stop")
    assert not _parts(work), _parts(work)
    again = _batch(work, "run", job, "--dask", dask_cluster.address, "--json")
    assert again.returncode == 0, again.stderr + json.dumps([i["errors"] for i in json.loads(again.stdout)["items"]])
    exports = [t for i in json.loads(again.stdout)["items"] for t in i["tasks"] if t["stage"] == "export"]
    assert sorted(t["status"] for t in exports) == sorted(["cached"] * recorded + ["done"] * (6 - recorded))
    after = _outputs(work)

    # The coordinator itself is SIGKILLed mid-batch (a laptop switched off): the workers stop the encodes
    # the scheduler releases (queued ones never start), no ffmpeg and no part file is left.
    _kill_coordinator_mid_batch(work, job, ["--dask", dask_cluster.address], "the released encodes to stop")
    assert len(_outputs(work)) - _recorded_exports(work) <= 2  # at most the encodes finishing at that instant
    again = _batch(work, "run", job, "--dask", dask_cluster.address, "--json")  # adopts their notes
    assert again.returncode == 0, again.stderr + json.dumps([i["errors"] for i in json.loads(again.stdout)["items"]])
    after = _outputs(work)
    assert len(after) == 6

    # A worker with another vidjourn joins: the batch is refused before any work, naming it.
    old = dask_cluster.root / "old_vidjourn.py"
    old.write_text("import vidjourn\nvidjourn.__version__ = '0.0.1-old'\n")
    dask_cluster.worker("old", "--preload", str(old))
    dask_cluster.wait_workers(2)
    refused = _batch(work, "run", job, "--dask", dask_cluster.address)
    assert refused.returncode == 3, refused.stderr
    assert "runs vidjourn 0.0.1-old" in refused.stderr and "refused" in refused.stderr
    assert _outputs(work) == after


def test_batch_dask_local_starts_its_own_cluster(tmp_path, clip_factory):
    import json

    pytest.importorskip("distributed", reason="the dask extra: pip install 'vidjourn[dask]'")
    job = _job(tmp_path, clip_factory, n_a=1, n_b=1)
    res = _batch(tmp_path, "run", job, "--dask-local", "2", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["executor"]["local_workers"] == 2 and data["executor"]["workers"] == 2
    assert data["totals"]["done"] == 2 + 2
    for p in _outputs(tmp_path):
        _probe_ok(p)


def test_batch_refuses_a_scheduler_with_another_vidjourn(tmp_path):
    pytest.importorskip("distributed", reason="the dask extra: pip install 'vidjourn[dask]'")
    _assignment(tmp_path, "2026-11-12_a")
    job = tmp_path / "jobs.yaml"
    job.write_text("version: 1\nitems: [2026-11-12_a]\n")
    root = tmp_path / "cluster"
    root.mkdir()
    old = root / "old_vidjourn.py"
    old.write_text("import vidjourn\nvidjourn.__version__ = '0.0.1-old'\n")
    cluster = _Cluster(root, _batch_env(tmp_path))
    try:
        cluster.scheduler("--preload", str(old))
        res = _batch(tmp_path, "run", job, "--dask", cluster.address)
    finally:
        cluster.stop()
    assert res.returncode == 3, res.stderr
    assert f"The scheduler {cluster.address} runs vidjourn 0.0.1-old" in res.stderr and "refused" in res.stderr
    assert not (tmp_path / "jobs.summary.json").exists()
