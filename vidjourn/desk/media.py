"""Pictures for the pages: a browser-playable preview per clip (made once, cached by sha256), the clip's
frame times (the redact stage's analysis), a card thumbnail, and the mode preview of one frame rendered
by the export's own graph.

The preview: one ffmpeg run through the project's runner, upright and square-pixel like the render graph
(autorotate, SAR applied, bwdif for interlaced sources as the graph does), at most 360 lines, H.264 Main,
``veryfast``, CRF 30, AAC 96 kb/s, ``+faststart``; every source frame kept with its own time
(``-fps_mode passthrough``), so frame n of the preview is frame n of the analysis and of the export.
HEVC, interlaced MTS and AVI MJPEG all become the same H.264 every browser plays.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from vidjourn.core.errors import UsageError, VidjournError
from vidjourn.core.ffmpeg import capture, run
from vidjourn.core.fsutil import temp_sibling
from vidjourn.core.locks import Locked, assignment_lock
from vidjourn.core.probe import MediaInfo, probe_cached
from vidjourn.core.records import clip_id_of
from vidjourn.render.graph import render
from vidjourn.render.spec import MaskSpec, OutputSpec
from vidjourn.stages.redact import core as C
from vidjourn.stages.redact.config import MODES

PREVIEW_LINES = 360
PREVIEW_ARGS = ("-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-crf", "30")


def desk_dir(asg) -> Path:
    return asg.work / "desk"


def preview_path(asg, sha: str) -> Path:
    return desk_dir(asg) / "preview" / f"{sha}.mp4"


def preview_file(asg, rec) -> Path | None:
    sha = str(rec.get("sha256") or "")
    p = preview_path(asg, sha)
    return p if sha and p.is_file() else None


def _info(asg, rec):
    media = rec.get("media")
    if media:
        try:
            return MediaInfo.from_dict(media)
        except (TypeError, KeyError):
            pass
    return probe_cached(asg.clip_path(rec))


def preview_args(src: Path, info, dest: Path) -> list[str]:
    v = info.video
    vf = []
    if v is not None and v.interlaced:
        vf.append("bwdif=mode=send_frame:deint=interlaced")
    lines = min(PREVIEW_LINES, info.display_height or PREVIEW_LINES)
    lines -= lines % 2
    # to square pixels and at most PREVIEW_LINES lines, as the player shows the picture
    vf.append(f"scale=w='trunc(iw*sar*{lines}/ih/2)*2':h={lines}:flags=bicubic:out_range=tv,setsar=1,format=yuv420p")
    args = ["-y", "-i", str(src), "-map", "0:v:0", "-vf", ",".join(vf), "-fps_mode", "passthrough",
            *PREVIEW_ARGS, "-g", "48"]
    if info.has_audio:
        args += ["-map", "0:a:0?", "-c:a", "aac", "-b:a", "96k", "-ac", "2"]
    args += ["-sn", "-dn", "-map_metadata", "-1", "-movflags", "+faststart", "-f", "mp4", str(dest)]
    return args


def make_preview(asg, rec, on_progress=None) -> Path:
    """The clip's preview, made once (cached by the original's sha256)."""
    sha = str(rec["sha256"])
    dest = preview_path(asg, sha)
    if dest.is_file():
        return dest
    encode_preview(asg.clip_path(rec), _info(asg, rec), dest, on_progress)
    return dest


def encode_preview(src: Path, info, dest: Path, on_progress=None) -> None:
    """One ffmpeg run through the project's runner to a sibling, then moved into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_sibling(dest)
    for ev in run(preview_args(src, info, tmp), outputs=[tmp], total=info.duration, subject=src):
        if on_progress and ev.fraction is not None:
            on_progress(ev.fraction)
    os.replace(tmp, dest)


def ensure_prepared(desk, asg, rec) -> dict[str, Any]:
    """Start (once) the clip's preparation in a thread: the preview, then the redact analysis the overlay
    needs (faces when they are on, else only the frame times). Returns the job's state for the page."""
    cid = clip_id_of(rec)

    with desk.jobs_lock:
        job = desk.jobs.get(cid)
        if job is None or job.get("state") == "failed" and time.monotonic() - job.get("at", 0) > 5:
            try:
                rjob = C.clip_jobs(asg, [rec["sha256"]])[0]
                analysed = C.cached(asg, rjob) is not None
            except VidjournError:
                analysed = True  # a mistake in redact.yaml is shown by the page; the preview still plays
            if preview_file(asg, rec) is not None and analysed:
                job = {"state": "ready", "fraction": 1.0}
            else:
                job = {"state": "working", "fraction": 0.0, "at": time.monotonic()}
                desk.jobs[cid] = job
                threading.Thread(target=_prepare, args=(desk, job, rec), daemon=True).start()
            desk.jobs[cid] = job
        return {k: v for k, v in job.items() if k != "at"}


def _prepare(desk, job: dict[str, Any], rec) -> None:
    try:
        asg = desk.assignment()

        def prog(f: float) -> None:
            job["fraction"] = round(0.8 * f, 3)

        make_preview(asg, rec, prog)
        rjob = C.clip_jobs(asg, [rec["sha256"]])[0]
        if C.cached(asg, rjob) is None:
            for _ in range(600):  # the analysis is a cache the redact stage writes too: under the lock
                try:
                    with desk.write_lock, assignment_lock(asg.root, "desk"):
                        C.analyze(asg, rjob)
                    break
                except Locked:
                    job["state"] = "waiting"
                    time.sleep(1.0)
        job.update(state="ready", fraction=1.0)
    except VidjournError as exc:
        job.update(state="failed", error=exc.message(), at=time.monotonic())
    except Exception as exc:  # a thread must not die silently: the page shows what happened
        job.update(state="failed", error=str(exc), at=time.monotonic())


def thumbnail(asg, rec) -> Path | None:
    """A card picture: the shot log's first thumbnail when there is one, else one frame (cached)."""
    from vidjourn.analysis import clip_analysis

    sha = str(rec.get("sha256") or "")
    if not sha:
        return None
    a = clip_analysis.cached(asg.work, sha)
    if a is not None and a.thumbs:
        return a.thumbs[0]
    dest = desk_dir(asg) / "thumb" / f"{sha}.jpg"
    if dest.is_file():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    info = _info(asg, rec)
    at = min(1.0, (info.duration or 0) / 3)
    tmp = temp_sibling(dest)
    try:
        capture(["-y", "-ss", f"{at:.3f}", "-i", str(asg.clip_path(rec)), "-map", "0:v:0", "-frames:v", "1",
                 "-vf", "scale=w='trunc(iw*sar*180/ih/2)*2':h=180,setsar=1", "-q:v", "5", "-f", "image2",
                 str(tmp)], subject=asg.clip_path(rec), stdout=False)
        import os

        os.replace(tmp, dest)
    except VidjournError:
        tmp.unlink(missing_ok=True)
        return None
    return dest


def mode_preview(asg, rec, n: int, mode: str | None = None) -> Path:
    """Frame ``n`` (0-based, of the analysis) with the clip's mask applied by the export's own render graph
    (render.graph.render with the mask the redact stage makes for export, approved or not yet), as PNG at
    the preview's size. ``mode``: mosaic/solid/blur to compare (None: vidjourn.yaml's)."""

    job = C.clip_jobs(asg, [rec["sha256"]])[0]
    a = C.cached(asg, job)
    if a is None or not (0 <= n < len(a.times)) or (mode is not None and mode not in MODES):
        raise UsageError("desk.no_analysis")
    with assignment_lock(asg.root, "desk"):
        m = C.write_mask(asg, job, a)  # what export's contribution holds once approved (its ASS in work/)
    if m is not None and mode and mode != m["mode"]:
        m = {**m, "mode": mode, "block": C.mask_block(C.plan_shapes(a, job), a.height, mode)}
    mask = MaskSpec.from_contributions([m] if m else [], asg.root)
    mode = m["mode"] if m else job.effective.mode
    info = _info(asg, rec)
    t = a.times[n] - a.first_time
    fps = float(info.video.fps or 25) if info.video else 25.0
    h = PREVIEW_LINES if a.height >= PREVIEW_LINES else a.height - a.height % 2
    w = round(a.width * h / a.height / 2) * 2
    key = f"{job.sha256[:16]}-{C.current_basis(asg, job)['redact_yaml_sha256'][:12]}-{mode}-{n}"
    dest = desk_dir(asg) / "frame" / f"{key}.png"
    if dest.is_file():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    spec = OutputSpec(dest, w, h, start=max(0.0, t), end=t + 1.5 / fps, audio=False,
                      video_args=("-frames:v", "1", "-c:v", "png"), output_args=("-f", "image2"))
    for _ in render(asg.clip_path(rec), info, [spec], force=True, mask=mask):
        pass
    return dest
