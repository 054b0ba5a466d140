#!/usr/bin/env python
"""Pipeline speed, side by side in one run.

3. A 12-clip batch (two assignments of 6 clips, exported to WhatsApp) on a 2-worker Dask cluster on this
   machine (``dask scheduler`` + two ``dask worker --nthreads 1 --resources ffmpeg=1``, started once,
   as an office keeps them running) vs the same batch with ``--jobs 2`` (two local processes).
   Target: Dask <= 1.10x. What the ratio shows is Dask's own cost (scheduling, pickling tasks,
   events over TCP) over a local process pool doing the same encodes.

Both sides run ``vidjourn batch run`` as a child process on a fresh copy of the same job (interpreter
start-up, imports, job-file validation, planning and ledger writes included). The cluster's start-up
is not timed. Sides alternate; the median of REPEATS runs is compared. CPU-seconds are printed beside
wall time: of the batch process and its children (the pool's workers and their ffmpeg), plus on the
Dask side the workers' and the scheduler's own CPU (read from /proc), because the machine is shared
and wall time alone moves with other people's work. The load average is printed with each line.

Run:  .venv/bin/python bench/pipeline  (lines 1-2, then this file: line 3), or this file alone:
      .venv/bin/python bench/pipeline_batch.py        (REPEATS=3 SECONDS=4 CLIPS=12)
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
OUT = REPO / "bench" / "out" / "pipeline"
REPEATS = int(os.environ.get("REPEATS", "3"))
SECONDS = float(os.environ.get("SECONDS", "4"))
CLIPS = int(os.environ.get("CLIPS", "12"))
VIDJOURN = [sys.executable, "-m", "vidjourn"]
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def sh(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def proc_cpu(pids: list[int]) -> float:
    """CPU-seconds of these processes and their waited-for children (utime+stime+cutime+cstime)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15]) / TICK
        except (OSError, IndexError, ValueError):
            pass
    return total


# --- line 3: Dask vs --jobs 2 ------------------------------------------------------------------------------

def clips(ffmpeg: str) -> Path:
    """CLIPS phone-like 640x360 clips with a tone (made once, ingested per run)."""
    card = OUT / "kartu"
    card.mkdir(parents=True)
    for i in range(CLIPS):
        sh([ffmpeg, "-hide_banner", "-nostdin", "-y", "-f", "lavfi", "-i",
            f"testsrc2=size=640x360:rate=30:duration={SECONDS},noise=alls=4:allf=t", "-f", "lavfi", "-i",
            f"sine=frequency={300 + 40 * i}:sample_rate=48000:duration={SECONDS}",
            "-c:v", "libx264", "-preset", "veryfast", "-b:v", "4M", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-shortest", str(card / f"c{i:02d}.mp4")])
    return card


def job_copy(card: Path, name: str) -> Path:
    """A fresh folder with a job of two assignments ingested from the same clips, ready to export."""
    root = OUT / name
    if root.exists():
        shutil.rmtree(root)
    root.mkdir()
    half = CLIPS // 2
    for folder, part in (("kartu-a", range(half)), ("kartu-b", range(half, CLIPS))):
        (root / folder).mkdir()
        for i in part:
            shutil.copy2(card / f"c{i:02d}.mp4", root / folder / f"c{i:02d}.mp4")
    job = root / "jobs.yaml"
    job.write_text(
        "version: 1\ndefaults: {platforms: [whatsapp], steps: [ingest]}\nitems:\n"
        "  - {into: 2026-11-12_a, sources: [kartu-a/*.mp4]}\n  - {into: 2026-11-13_b, sources: [kartu-b/*.mp4]}\n",
        encoding="utf-8")
    sh([*VIDJOURN, "batch", "run", str(job)], cwd=root)  # ingest first: the timed runs are the exports
    job.write_text(job.read_text().replace("steps: [ingest]", "steps: [export]"), encoding="utf-8")
    return job


def timed_batch(job: Path, extra: list[str], cluster_pids: list[int]) -> tuple[float, float]:
    c0, p0 = children_cpu(), proc_cpu(cluster_pids)
    t0 = time.perf_counter()
    proc = subprocess.run([*VIDJOURN, "batch", "run", str(job), "--json", *extra], capture_output=True, text=True,
                          cwd=job.parent)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"batch failed ({proc.returncode}): {proc.stderr[-2000:]}")
    done = json.loads(proc.stdout)["totals"]["done"]
    if done != CLIPS:
        raise SystemExit(f"expected {CLIPS} exports, got {done}")
    return wall, children_cpu() - c0 + proc_cpu(cluster_pids) - p0


def _warm() -> int:
    from vidjourn.pipeline import cluster, planner  # noqa: F401

    return len(planner.stages())


class Cluster:
    """dask scheduler + 2 dask workers on 127.0.0.1, as the README starts them on office PCs."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []
        self.address = ""

    def start(self) -> "Cluster":
        dask = str(Path(sys.executable).with_name("dask"))
        info = OUT / "scheduler.json"
        info.unlink(missing_ok=True)
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.procs.append(subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                            "--no-dashboard", "--scheduler-file", str(info)], **quiet))
        while not (info.exists() and info.stat().st_size):
            time.sleep(0.1)
        self.address = json.loads(info.read_text())["address"]
        for i in range(2):
            self.procs.append(subprocess.Popen([dask, "worker", self.address, "--nthreads", "1", "--resources",
                                                "ffmpeg=1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1",
                                                "--name", f"bench-{i}"], **quiet))
        from distributed import Client

        with Client(self.address, timeout=60) as c:
            c.wait_for_workers(2, timeout=120)
            c.run(_warm)  # a long-running office worker has imported vidjourn's stages long ago
        return self

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def stop(self) -> None:
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def line_dask(ffmpeg: str) -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("3. Dask vs --jobs 2: skipped (no dask extra: pip install 'vidjourn[dask]')")
        return
    card = clips(ffmpeg)
    cluster = Cluster().start()
    walls: dict[str, list[float]] = {"dask": [], "jobs": []}
    cpus: dict[str, list[float]] = {"dask": [], "jobs": []}
    try:
        for r in range(REPEATS):
            for side in (("dask", "jobs") if r % 2 == 0 else ("jobs", "dask")):
                job = job_copy(card, side)
                extra = ["--dask", cluster.address] if side == "dask" else ["--jobs", "2"]
                wall, cpu = timed_batch(job, extra, cluster.pids() if side == "dask" else [])
                walls[side].append(wall)
                cpus[side].append(cpu)
    finally:
        cluster.stop()
    d, j = statistics.median(walls["dask"]), statistics.median(walls["jobs"])
    print(f"3. {CLIPS}-clip batch (2 assignments, {SECONDS:g} s 640x360 each -> whatsapp), median of {REPEATS}:")
    print(f"   --dask (2 workers)  {d:6.2f} s wall  {statistics.median(cpus['dask']):6.1f} CPU-s   "
          f"all: {', '.join(f'{x:.2f}' for x in walls['dask'])}")
    print(f"   --jobs 2            {j:6.2f} s wall  {statistics.median(cpus['jobs']):6.1f} CPU-s   "
          f"all: {', '.join(f'{x:.2f}' for x in walls['jobs'])}")
    print(f"   ratio Dask / --jobs 2 = {d / j:.3f}x (target <= 1.10x)   load average {load()}")


def main() -> None:
    from vidjourn.core.ffmpeg import ffmpeg_path

    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    ffmpeg = ffmpeg_path()
    print(f"bench/pipeline — {os.cpu_count()} cores, load average {load()}")
    line_dask(ffmpeg)


if __name__ == "__main__":
    main()
