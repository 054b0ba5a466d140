"""Redaction of one clip: analysis (cached), the mask (ASS), approval, and what export receives.

Files of an assignment::

    redact.yaml                     regions by hand, keyed by clip sha256 (config.py)
    work/faces/<sha256>.json        face analysis (analysis/faces.py), redone when settings change
    work/redact/<sha256>-<h>.ass    the mask for the current analysis + redact.yaml + settings
    redact/approvals.json           who approved which analysis and redact.yaml content (by hash)
    redact/review/<clip>.html .png  review sheets
"""

from __future__ import annotations

import getpass
import hashlib
import json
import platform
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vidjourn.analysis import faces as F
from vidjourn.core.digest import file_sha256
from vidjourn.core.errors import UsageError, VidjournError
from vidjourn.core.fsutil import write_json_atomic, write_text_atomic
from vidjourn.core.i18n import t
from vidjourn.core.probe import MediaInfo, probe_cached
from vidjourn.core.records import clip_names
from vidjourn.render.spec import MIN_BLUR_DOWNSCALE
from vidjourn.stages.redact.config import (
    REDACT_FILE,
    ClipRedaction,
    RedactConfigError,
    Settings,
    clip_settings,
    frame_problems,
    load_redact_file,
)

APPROVALS = Path("redact") / "approvals.json"
REVIEW_DIR = Path("redact") / "review"


# --- the clip and its settings -----------------------------------------------------------------

@dataclass(frozen=True)
class ClipJob:
    """One clip of an assignment as redaction sees it."""

    record: dict[str, Any]
    path: Path
    sha256: str
    settings: Settings | None  # None: the story asks for no redaction of this clip
    manual: ClipRedaction

    @property
    def name(self) -> str:
        return Path(self.record.get("file", self.path.name)).stem

    @property
    def wanted(self) -> bool:
        """Anything to hide: faces on, or regions/blank ranges by hand."""
        m = self.manual
        return bool((self.settings and self.settings.faces == "auto") or m.regions or m.blank)

    @property
    def effective(self) -> Settings:
        return self.settings or Settings(faces="off")


def clip_jobs(asg, names: tuple[str, ...] | list[str] = ()) -> list[ClipJob]:
    """The assignment's clips (all, or those named by id, file, stem or sha256)."""
    records = asg.clips()
    if not records:
        raise UsageError("redact.error.no_clips", path=asg.root)
    story = asg.story()
    manual = load_redact_file(asg.root / REDACT_FILE)
    out = []
    chosen = records
    if names:
        chosen = []
        for n in names:
            rec = next((r for r in records if _matches(asg, r, n)), None)
            if rec is None:
                raise UsageError("redact.error.unknown_clip", name=n, path=asg.root)
            chosen.append(rec)
    for rec in chosen:
        sha = rec.get("sha256") or ""
        if not sha:
            raise UsageError("redact.error.no_sha", path=asg.clip_path(rec))
        out.append(ClipJob(rec, asg.clip_path(rec), sha, clip_settings(story, asg.story_file, rec),
                           manual.get(sha, ClipRedaction())))
    problems = [p for job in out if job.manual != ClipRedaction() for p in _frame_problems(job)]
    if problems:  # review, approve and export all come through here: all refuse alike
        raise RedactConfigError("redact.error.yaml_invalid", path=asg.root / REDACT_FILE, problems=problems)
    return out


def _frame_problems(job: ClipJob) -> list[str]:
    try:
        info = _info(job)
    except VidjournError:  # a missing or unreadable clip is reported by the step that reads it
        return []
    return frame_problems(job.sha256, job.manual, info.display_width or 0, info.display_height or 0,
                          info.duration)


def _matches(asg, rec: dict[str, Any], name: str) -> bool:
    if name in clip_names(rec) or name == rec.get("sha256"):
        return True
    p = Path(name)
    return p.exists() and asg.clip_path(rec).resolve() == p.resolve()


def _info(job: ClipJob):
    media = job.record.get("media")
    if media:
        try:
            return MediaInfo.from_dict(media)
        except (TypeError, KeyError):
            pass
    return probe_cached(job.path)


# --- analysis ----------------------------------------------------------------------------------

def face_settings(job: ClipJob) -> F.FaceSettings:
    s = job.effective
    if s.faces != "auto":
        return F.FaceSettings(stride=-1)
    return F.FaceSettings(stride=s.every) if s.every else F.DEFAULT_SETTINGS


def analyze(asg, job: ClipJob, *, force: bool = False, on_progress=None) -> tuple[F.FaceAnalysis, bool]:
    """The clip's analysis (from the cache when it is there). With faces off, only frame times."""
    if not job.path.is_file():
        from vidjourn.core.errors import MediaError

        raise MediaError("error.file_missing", path=job.path)
    return F.cached_analysis(asg.work, job.sha256, job.path, _info(job), face_settings(job), force=force,
                             on_progress=on_progress)


def cached(asg, job: ClipJob) -> F.FaceAnalysis | None:
    return F.load_cached(asg.work, job.sha256, face_settings(job))


def analysis_hash(asg, job: ClipJob) -> str | None:
    p = F.cache_file(asg.work, job.sha256)
    try:
        return file_sha256(p)
    except OSError:
        return None


# --- shapes per frame ----------------------------------------------------------------------------

@dataclass
class Plan:
    """What is hidden on each frame, and why (for the mask and the review sheet)."""

    per_frame: list[list[tuple[str, float, float, float, float]]]
    labels: list[list[str]]  # "#3" for face track 3, "R1" for region 1, per frame, parallel to per_frame
    kept_tracks: set[int]
    blank: list[tuple[float, float]]  # graph time
    largest: float  # largest hidden height, fraction of the frame


def plan_shapes(a: F.FaceAnalysis, job: ClipJob) -> Plan:
    n = len(a.times)
    per: list[list] = [[] for _ in range(n)]
    labels: list[list[str]] = [[] for _ in range(n)]
    t0 = a.first_time
    W, H = a.width, a.height
    keeps = job.manual.keep
    kept: set[int] = set()
    largest = 0.0
    for tr in a.tracks:
        if any(k.track == tr.id for k in keeps):
            kept.add(tr.id)
            continue
        for k, b in enumerate(tr.boxes):
            f = tr.start + k
            ct = a.times[f] - t0
            if _kept_by_box(b, ct, keeps, W, H):
                kept.add(tr.id)
                continue
            per[f].append(("ellipse", *b))
            labels[f].append(f"#{tr.id}")
            largest = max(largest, b[3] - b[1])
    for ri, r in enumerate(job.manual.regions, 1):
        boxes = _follow(a, job, r) if r.follow else None
        lo, hi = r.window(a.end - t0)
        for f in range(n):
            ct = a.times[f] - t0
            if not (lo - 1e-6 <= ct <= hi + 1e-6):
                continue
            x, y, w, h = boxes[f] if boxes and boxes[f] else r.box_at(ct)
            x0, y0, x1, y1 = max(x, 0.0), max(y, 0.0), min(x + w, W), min(y + h, H)  # on the frame only
            if x1 <= x0 or y1 <= y0:
                continue
            per[f].append((r.shape, x0 / W, y0 / H, x1 / W, y1 / H))
            labels[f].append(f"R{ri}")
            largest = max(largest, h / H)
    blank = [(a + t0, b + t0) for a, b in job.manual.blank]
    return Plan(per, labels, kept, blank, largest)


def _kept_by_box(b, ct: float, keeps, W: int, H: int) -> bool:
    cx, cy = (b[0] + b[2]) / 2 * W, (b[1] + b[3]) / 2 * H
    for k in keeps:
        if k.box is None:
            continue
        if k.start is not None and ct < k.start - 1e-6:
            continue
        if k.end is not None and ct > k.end + 1e-6:
            continue
        x, y, w, h = k.box
        if x <= cx <= x + w and y <= cy <= y + h:
            return True
    return False


def _follow(a: F.FaceAnalysis, job: ClipJob, region) -> list | None:
    """Boxes from an OpenCV tracker started on the region's first keyframe (plates drawn once)."""
    from vidjourn.analysis.follow import follow_box

    return follow_box(job.path, _info(job), a, region.keyframes[0].t, region.keyframes[0].box,
                      region.window(a.end - a.first_time))


# --- the mask -------------------------------------------------------------------------------------

def mask_block(plan: Plan, height: int, mode: str) -> int:
    """Mosaic block (source pixels) or blur downscale: coarse enough that the largest hidden face is
    at most ~5 blocks high, never finer than 1/40 of the frame."""

    face_px = plan.largest * height
    if mode == "blur":
        return int(max(MIN_BLUR_DOWNSCALE, face_px / 6))
    return int(max(height / 40, min(height / 6, face_px / 5), 4))


def write_mask(asg, job: ClipJob, a: F.FaceAnalysis) -> dict[str, Any] | None:
    """Write the clip's mask ASS (named by a hash of what decides it) and return the contribution."""
    from vidjourn.core.redaction import state_file
    from vidjourn.graphics.mask import mask_ass, mask_size

    plan = plan_shapes(a, job)
    has_shapes = any(plan.per_frame)
    if not has_shapes and not plan.blank:
        state_file(asg.root, job.sha256).unlink(missing_ok=True)
        return None
    mode = job.effective.mode
    mw, mh = mask_size(a.width, a.height)
    text = mask_ass(a.times, a.end, plan.per_frame, mw, mh) if has_shapes else ""
    rel = None
    if has_shapes:
        h = hashlib.sha256(text.encode()).hexdigest()[:12]
        rel = f"work/redact/{job.sha256}-{h}.ass"
        target = asg.root / rel
        if not target.exists():
            write_text_atomic(target, text)
    state, rec = approval_state(asg, job)
    hidden_tracks = {lab for labs in plan.labels for lab in labs if lab.startswith("#")}
    write_json_atomic(state_file(asg.root, job.sha256), {
        "clip": job.record.get("file", ""), "mode": mode, "faces": len(hidden_tracks),
        "regions": len(job.manual.regions), "blank": len(plan.blank), "approval": state,
        "approved_by": (rec or {}).get("approved_by"), "approved_at": (rec or {}).get("approved_at")})
    return {"kind": "mask", "ass": rel, "mode": mode, "width": mw, "height": mh,
            "block": mask_block(plan, a.height, mode), "blank": [list(b) for b in plan.blank]}


# --- approval -------------------------------------------------------------------------------------

def _approvals(asg) -> dict[str, Any]:
    p = asg.root / APPROVALS
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
        return d if isinstance(d, dict) else {}
    except (OSError, ValueError):
        return {}


def current_basis(asg, job: ClipJob) -> dict[str, Any]:
    """What an approval is given for: the exact analysis file and redact.yaml entry, and the settings."""
    s = job.effective
    return {"analysis_sha256": analysis_hash(asg, job), "redact_yaml_sha256": job.manual.fingerprint(),
            "faces": s.faces, "mode": s.mode}


def approval_state(asg, job: ClipJob) -> tuple[str, dict[str, Any] | None]:
    """("approved" | "void" | "none", the record)."""
    rec = _approvals(asg).get(job.sha256)
    if not rec:
        return "none", None
    basis = current_basis(asg, job)
    same = all(rec.get(k) == v for k, v in basis.items())
    return ("approved" if same else "void"), rec


def approve(asg, job: ClipJob, by: str | None = None) -> dict[str, Any]:
    basis = current_basis(asg, job)
    if job.effective.faces == "auto" and basis["analysis_sha256"] is None:
        raise UsageError("redact.error.approve_unanalyzed", clip=job.name, path=job.path)
    idle = _idle_regions(asg, job)
    if idle:  # an approval says "this hides what it declares": a region that covers no frame does not
        raise RedactConfigError("redact.error.yaml_invalid", path=asg.root / REDACT_FILE,
                                problems=[f"{job.sha256}.regions[{i}]: {t('redact.yaml.hides_nothing')}"
                                          for i in idle])
    rec = {**basis, "clip": job.record.get("file", ""), "approved_by": by or _user(),
           "approved_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "host": platform.node()}
    data = _approvals(asg)
    data[job.sha256] = rec
    write_json_atomic(asg.root / APPROVALS, data)
    return rec


def _idle_regions(asg, job: ClipJob) -> list[int]:
    """Indexes of the clip's hand-drawn regions that put a shape on no frame (needs the frame times)."""
    if not job.manual.regions:
        return []
    a = cached(asg, job)
    if a is None:
        a, _ = analyze(asg, job)  # with faces off this is the frame times only (one cheap pass)
    plan = plan_shapes(a, job)
    used = {lab for labs in plan.labels for lab in labs}
    return [i for i in range(len(job.manual.regions)) if f"R{i + 1}" not in used]


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): the approval still records the host
        return "?"


# --- what export receives --------------------------------------------------------------------------

def contribute(asg, record: dict[str, Any], options: Any = None) -> list[dict[str, Any]]:
    """Plain data for the export/brand tasks of one clip: a mask, or a block (refuse to publish).

    A mistake in redact.yaml or vidjourn.yaml's redact: blocks the clip with that mistake's message
    (privacy first: nothing is published half-redacted)."""

    try:
        return _contribute(asg, record)
    except VidjournError as exc:
        if not record.get("sha256") and exc.key == "redact.error.no_sha":
            return []
        return [{"kind": "block", "key": exc.key,
                 "args": {k: (v if isinstance(v, (int, float, bool)) or v is None else str(v))
                          for k, v in exc.kwargs.items()}}]


def _contribute(asg, record: dict[str, Any]) -> list[dict[str, Any]]:
    story = asg.story()
    if story.get("redact") is None and not (asg.root / REDACT_FILE).exists():
        return []  # the story asks for no redaction: nothing to read
    jobs = clip_jobs(asg, [record.get("sha256") or record.get("file", "")])
    job = jobs[0]
    if not job.wanted:
        if job.settings and job.settings.required:  # required, yet nothing to hide: still reviewed
            state, _ = approval_state(asg, job)
            if state != "approved":
                return [_block(job, state)]
        return []
    a = cached(asg, job)
    if a is None:
        return [{"kind": "block", "key": "redact.block.not_analyzed",
                 "args": {"clip": job.name, "path": str(job.path)}}]
    out: list[dict[str, Any]] = []
    if job.effective.required:
        state, _ = approval_state(asg, job)
        if state != "approved":
            return [_block(job, state)]
    m = write_mask(asg, job, a)
    if m:
        out.append(m)
    return out


def _block(job: ClipJob, state: str) -> dict[str, Any]:
    key = "redact.block.void" if state == "void" else "redact.block.not_approved"
    return {"kind": "block", "key": key, "args": {"clip": job.name, "path": str(job.path)}}


def low_pass_note(a) -> str:
    """", at 640×352 on 1 in 3" for an analysis with a low-size pass (``redact analyze`` and the review sheet)."""
    low = a.low_pass()
    return t("redact.low_pass", size=f"{low[0]}×{low[1]}", n=low[2]) if low else ""
