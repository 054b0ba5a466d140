"""One clip's shot analysis, kept in the assignment's ``work/shots/`` whoever decoded the clip.

The frames come from a render graph's analysis branch (:class:`~vidjourn.render.spec.AnalysisSpec`):
either an export that decodes the clip anyway, or ``vidjourn shotlog`` rendering the branch alone.
:func:`store` turns the branch's files into the cached result — the shots (``<sha256>.json``) and
one thumbnail per shot (``<sha256>/NNN.jpg``) — so the shot log needs no decode of its own.

Thumbnail of a shot: of the candidate frames the branch wrote (every ``thumb_step``-th frame), the
one nearest the shot's middle frame, inside the shot.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from vidjourn.analysis.shots import DETECTOR_VERSION, Shot, ShotDetection, detect_from_files
from vidjourn.core.errors import MediaError
from vidjourn.core.fsutil import write_json_atomic
from vidjourn.render.spec import AnalysisSpec

CACHE_VERSION = 1  # bump when the thumbnail choice changes


@dataclass(frozen=True)
class ClipAnalysis:
    detection: ShotDetection
    thumbs: tuple[Path, ...]  # one JPEG per shot, in shot order


def json_path(work: Path, sha256: str) -> Path:
    return Path(work) / "shots" / f"{sha256}.json"


def thumbs_dir(work: Path, sha256: str) -> Path:
    return Path(work) / "shots" / sha256


def branch_spec(folder: Path, display_w: int | None, display_h: int | None, fps: float | None) -> AnalysisSpec:
    """Where a render writes the analysis branch of one clip (a scratch folder the caller owns)."""
    w, h = AnalysisSpec.thumb_size(display_w, display_h)
    folder = Path(folder)
    return AnalysisSpec(frames=folder / "frames.yuv", stats=folder / "pts.txt", thumbs=folder / "cand",
                        thumb_width=w, thumb_height=h, thumb_step=AnalysisSpec.step_for(fps))


def cached(work: Path, sha256: str) -> ClipAnalysis | None:
    """The stored analysis of a clip, or None (missing, older detector, or a thumbnail gone)."""
    try:
        d = json.loads(json_path(work, sha256).read_text(encoding="utf-8"))
        if d.get("detector_version") != DETECTOR_VERSION or d.get("cache_version") != CACHE_VERSION:
            return None
        det = ShotDetection.from_dict(d)
        thumbs = tuple(thumbs_dir(work, sha256) / n for n in d["thumbs"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(thumbs) != len(det.shots) or not all(p.is_file() for p in thumbs):
        return None
    return ClipAnalysis(det, thumbs)


def thumb_candidate(shot: Shot, step: int, available: int) -> int:
    """Index of the candidate file for ``shot``: the sampled frame nearest its middle, inside the shot."""
    lo = -(-shot.start_frame // step)  # first sampled frame inside the shot (ceil)
    hi = shot.end_frame // step
    k = round(shot.middle_frame / step)
    if lo <= hi:
        k = min(max(k, lo), hi)
    return min(max(k, 0), available - 1)


def store(work: Path, sha256: str, spec: AnalysisSpec, source: Path) -> ClipAnalysis:
    """Detect shots from a finished analysis branch, keep one thumbnail per shot, cache both.

    The branch's scratch files are left to the caller (they are in its folder)."""
    det = detect_from_files(spec.frames, spec.stats, source)
    cands = sorted(Path(spec.thumbs).glob("t_*.jpg"))
    if not cands:
        raise MediaError("shotlog.error.thumbs", path=source, got=0, want=len(det.shots))
    dest = thumbs_dir(work, sha256)
    dest.mkdir(parents=True, exist_ok=True)
    names = []
    for s in det.shots:
        k = thumb_candidate(s, spec.thumb_step, len(cands))
        name = f"{s.index:03d}.jpg"
        tmp = dest / f".{name}.tmp"
        shutil.copyfile(cands[k], tmp)
        os.replace(tmp, dest / name)
        names.append(name)
    for old in dest.glob("*.jpg"):  # shots a re-analysis merged away
        if old.name not in names:
            old.unlink()
    write_json_atomic(json_path(work, sha256), {**det.to_dict(), "cache_version": CACHE_VERSION,
                                                 "thumb_step": spec.thumb_step, "thumbs": names})
    return ClipAnalysis(det, tuple(dest / n for n in names))
