"""Shot detection: hard cuts and fades to/from black, frame-accurate, on small frames from an ffmpeg pipe.

How it works (and why):

* ffmpeg decodes the clip once (without the in-loop deblocking filter, invisible at this size) and
  scales every frame to 64×36 YUV 4:2:0 in the same process (``-vf scale=64:36:flags=area``): 3.5 KB
  a frame crosses the pipe, never full-size RGB. ``-fps_mode
  passthrough`` keeps exactly one output frame per decoded frame (no duplicates or drops on VFR
  clips), and ``-stats_enc_pre`` with ``-enc_time_base demux`` writes each frame's *real* pts in the
  stream's own time base to a side file, so VFR clips get true times, not ``index / fps``.
  ``-noautorotate`` skips rotating full-size frames: frame differences do not depend on orientation.
* Times are measured from the first displayed video frame (its pts is subtracted), so a clip whose
  video starts at 0.85 s still starts its first shot at 00:00:00.000.
* Hard cuts: each frame's luma is normalised to zero mean and unit contrast before it is compared with
  the previous one, so a global brightness change (a CCTV camera's auto-exposure, issue53) scores
  near zero while a change of picture scores high. A frame is a cut when its score is high in absolute
  terms AND several times the median of its neighbours (as PySceneDetect's AdaptiveDetector does), so
  handheld shake, where every frame scores high, does not cut. A flash (one odd frame) is rejected
  because the frames on either side of it still look alike.
* Fades: runs of black frames (99th-percentile luma near black) with picture on both sides end a shot;
  the next shot starts at the first non-black frame. A hard cut *into* black is not a new shot.
"""

from __future__ import annotations

import os
import queue
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported once ffmpeg is already decoding (see frame_stats)
    import numpy as np

from vidjourn.core.errors import MediaError
from vidjourn.core.ffmpeg import popen_frames
from vidjourn.core.timeutil import timecode
from vidjourn.render.spec import ANALYSIS_SIZE

# Bump when the detector's results can change, so cached analyses are redone (see shotlog.py).
# 5: frames come from the render graph's analysis branch (deblocked, upright), shared with export.
DETECTOR_VERSION = 5

W, H = ANALYSIS_SIZE  # 64×36 analysis frame; 4:2:0 chroma is 32×18
FRAME_BYTES = W * H + 2 * (W // 2) * (H // 2)
CHUNK_FRAMES = 512  # frames converted to numpy at a time (memory stays small on long clips)


@dataclass(frozen=True)
class DetectorSettings:
    """Thresholds of the detector. Defaults were tuned on ../shared/footage (see bench/shots)."""

    min_score: float = 0.30  # normalised-luma difference a cut must reach (bikes cuts: 0.9-1.1)
    ratio: float = 2.2  # ... and this many times its neighbours' median (shake: <= 1.9; bikes cuts: >= 3)
    window: int = 4  # neighbours on each side for the median
    dup_eps: float = 0.03  # a frame scoring below this repeats the previous one (x264 dups score ~0.01)
    floor: float = 0.05  # added to the median so near-static clips are not over-sensitive
    skip_fraction: float = 0.5  # frames two apart across a cut must differ at least this much (flash test)
    chroma_weight: float = 1 / 40  # chroma mean-abs-difference (0-255) added to the score, scaled
    black_level: float = 40.0  # a frame is black when at most black_fraction of its pixels are above this
    black_fraction: float = 0.025  # (luma 0-255; limited-range black is 16, full-range 0). 2.5 %: a
    # channel logo that stays on screen through a fade (~1-2 % of the frame) must not hide the black.
    black_mean: float = 30.0  # ... and its mean luma is at most this
    min_shot: float = 0.25  # seconds; two boundaries closer than this keep the stronger one


DEFAULT_SETTINGS = DetectorSettings()


@dataclass(frozen=True)
class Shot:
    """One shot. Times are seconds from the clip's first displayed video frame; frames are 0-based."""

    index: int  # 1-based
    start: float
    end: float
    start_frame: int
    end_frame: int  # inclusive: the shot's last frame
    begins_with: str  # "start" | "cut" | "fade"

    @property
    def duration(self) -> float:
        return round(self.end - self.start, 6)

    @property
    def frames(self) -> int:
        return self.end_frame - self.start_frame + 1

    @property
    def middle_frame(self) -> int:
        return (self.start_frame + self.end_frame) // 2

    @property
    def start_tc(self) -> str:
        return timecode(self.start)

    @property
    def end_tc(self) -> str:
        return timecode(self.end)

    def to_dict(self) -> dict:
        return {
            "index": self.index, "start": round(self.start, 3), "end": round(self.end, 3),
            "start_tc": self.start_tc, "end_tc": self.end_tc, "start_frame": self.start_frame,
            "end_frame": self.end_frame, "duration": round(self.duration, 3), "begins_with": self.begins_with,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Shot:
        return cls(index=d["index"], start=d["start"], end=d["end"], start_frame=d["start_frame"],
                   end_frame=d["end_frame"], begins_with=d["begins_with"])


@dataclass(frozen=True)
class ShotDetection:
    """The shots of one clip, plus the frame timing they were measured on."""

    path: str
    frame_count: int
    duration: float  # seconds from the first displayed frame to the end of the last one
    first_pts: float  # the first video frame's time in ffmpeg's timeline (after start-time shift)
    shots: tuple[Shot, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {"path": self.path, "frame_count": self.frame_count, "duration": round(self.duration, 3),
                "first_pts": self.first_pts, "detector_version": DETECTOR_VERSION,
                "shots": [s.to_dict() for s in self.shots]}

    @classmethod
    def from_dict(cls, d: dict) -> ShotDetection:
        return cls(path=d["path"], frame_count=d["frame_count"], duration=d["duration"],
                   first_pts=d["first_pts"], shots=tuple(Shot.from_dict(s) for s in d["shots"]))


@dataclass(frozen=True)
class DetectProgress:
    """Progress event: ``done`` frames of about ``expected`` analysed (expected may be None)."""

    path: str
    done: int
    expected: int | None
    finished: bool = False

    @property
    def fraction(self) -> float | None:
        if self.finished:
            return 1.0
        if not self.expected:
            return None
        return min(1.0, self.done / self.expected)


@dataclass(frozen=True)
class FrameStats:
    """Per-frame measurements the boundary finder works on (arrays of length ``n``)."""

    times: np.ndarray  # seconds from the first frame
    diff1: np.ndarray  # score vs the previous frame (0 for frame 0)
    diff2: np.ndarray  # score vs the frame two back (0 for frames 0-1)
    mean: np.ndarray  # mean luma
    bright: np.ndarray  # fraction of pixels brighter than DetectorSettings.black_level
    end: float  # end of the last frame, seconds from the first frame


def _analysis_args(path: Path, stats_file: Path) -> list[str]:
    # -skip_loop_filter: H.264/HEVC's deblocking smooths 8-pixel block edges, which a 64×36 average
    # cannot see (scores move by <= 0.025 on every shared clip, against a cut threshold of 0.3, and no
    # boundary changes), while it costs ~15-20 % of the decoder's time. Thumbnails keep it.
    return [
        "-skip_loop_filter", "all", "-noautorotate", "-i", str(path), "-map", "0:v:0", "-an", "-sn", "-dn",
        # One thread for a 64×36 scale: slice threads only add synchronisation (~0.1 CPU-s per 90 s of
        # 360p, same wall time), and CPU is shared with the decoder's own threads.
        "-filter_threads", "1", "-vf", f"scale={W}:{H}:flags=area:threads=1,format=yuv420p",
        "-fps_mode", "passthrough", "-enc_time_base:v", "demux",
        "-stats_enc_pre", str(stats_file), "-stats_enc_pre_fmt", "{n} {pts} {tb}",
        "-f", "rawvideo", "pipe:1",
    ]


class _Scorer:
    """Turns a stream of small YUV frames into per-frame scores, keeping only two frames of history."""

    def __init__(self, settings: DetectorSettings) -> None:
        self.cw = settings.chroma_weight
        self.black_level = settings.black_level
        self.prev: list[tuple[np.ndarray, np.ndarray]] = []  # (normalised luma, chroma) of last two frames
        self.d1: list[np.ndarray] = []
        self.d2: list[np.ndarray] = []
        self.mean: list[np.ndarray] = []
        self.bright: list[np.ndarray] = []

    def feed(self, buf: bytes) -> None:
        import numpy as np

        n = len(buf) // FRAME_BYTES
        if not n:
            return
        raw = np.frombuffer(buf, np.uint8, n * FRAME_BYTES).reshape(n, FRAME_BYTES)
        y = raw[:, : W * H].reshape(n, H, W).astype(np.float32)
        c = raw[:, W * H:].astype(np.float32)  # U and V planes together
        m = y.mean(axis=(1, 2))
        sd = y.std(axis=(1, 2))
        # +4 keeps sensor noise on a flat (or black) frame from being blown up into "structure".
        yn = (y - m[:, None, None]) / (sd[:, None, None] + 4.0)
        self.mean.append(m)
        # A count above a level, not a percentile: 20× cheaper and all the black test needs.
        self.bright.append((raw[:, : W * H] > self.black_level).mean(axis=1))
        # Prepend the last two frames of the previous chunk so differences span chunk borders.
        hist_y = [p[0] for p in self.prev]
        hist_c = [p[1] for p in self.prev]
        all_y = np.concatenate([np.stack(hist_y), yn]) if hist_y else yn
        all_c = np.concatenate([np.stack(hist_c), c]) if hist_c else c
        k = len(hist_y)
        self.d1.append(self._diff(all_y, all_c, 1, k))
        self.d2.append(self._diff(all_y, all_c, 2, k))
        self.prev = [(all_y[i], all_c[i]) for i in range(max(0, len(all_y) - 2), len(all_y))]

    def _diff(self, ys: np.ndarray, cs: np.ndarray, lag: int, k: int) -> np.ndarray:
        """Score of each new frame (indices k..) against the frame ``lag`` earlier; 0 where none exists."""
        import numpy as np

        out = np.zeros(len(ys) - k, np.float32)
        lo = max(k, lag)
        if lo < len(ys):
            dy = np.abs(ys[lo:] - ys[lo - lag: len(ys) - lag]).mean(axis=(1, 2))
            dc = np.abs(cs[lo:] - cs[lo - lag: len(cs) - lag]).mean(axis=1)
            out[lo - k:] = dy + self.cw * dc
        return out

    def arrays(self) -> tuple[np.ndarray, ...]:
        import numpy as np

        cat = lambda xs: np.concatenate(xs) if xs else np.zeros(0, np.float32)
        return cat(self.d1), cat(self.d2), cat(self.mean), cat(self.bright)


def _drain(stream, chunks: queue.Queue[bytes]) -> None:
    """Read whole chunks of frames from the pipe; an empty bytes object marks the end."""
    want = FRAME_BYTES * CHUNK_FRAMES
    try:
        while True:
            buf = stream.read(want)
            if not buf:
                break
            chunks.put(buf)
    except (OSError, ValueError):  # the pipe was closed under us (cancel / error)
        pass
    chunks.put(b"")


def read_stats(stats_file: Path, path: Path, bad_key: str = "shotlog.error.bad_timing") -> list[tuple[int, float]]:
    """(pts, seconds on ffmpeg's timeline) per frame from a ``-stats_enc_pre`` side file written with
    ``{n} {pts} {tb}``; [] when ffmpeg wrote none. A malformed line raises ``bad_key`` naming ``path``."""
    out: list[tuple[int, float]] = []
    if not stats_file.exists():
        return out
    for line in stats_file.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) != 3:
            continue
        num, _, den = parts[2].partition("/")
        try:
            pts = int(parts[1])
            out.append((pts, pts * int(num) / int(den or 1)))
        except ValueError:
            raise MediaError(bad_key, path=path) from None
    return out


def _read_pts(stats_file: Path, path: Path) -> list[float]:
    """Frame times (seconds, ffmpeg's timeline) from the ``-stats_enc_pre`` side file."""
    return [sec for _, sec in read_stats(stats_file, path)]


def frame_stats(
    path: Path | str,
    *,
    settings: DetectorSettings = DEFAULT_SETTINGS,
    expected_frames: int | None = None,
    on_progress: Callable[[DetectProgress], None] | None = None,
) -> tuple[FrameStats, float]:
    """Decode ``path`` once at 64×36 and measure every frame. Returns (stats, first frame's time)."""

    path = Path(path)
    if not path.is_file():
        raise MediaError("error.file_missing", path=path)
    scorer = _Scorer(settings)
    with tempfile.TemporaryDirectory(prefix="vidjourn-shots-") as tmp:
        stats_file = Path(tmp) / "pts.txt"
        proc = popen_frames(_analysis_args(path, stats_file))
        assert proc.stdout is not None
        count = 0
        # A thread drains the pipe while numpy works on the previous chunk: the pipe holds only
        # ~20 small frames, so without it ffmpeg would stall during every chunk's arithmetic.
        chunks: queue.Queue[bytes] = queue.Queue(maxsize=4)
        reader = threading.Thread(target=_drain, args=(proc.stdout, chunks), daemon=True)
        reader.start()
        # numpy's import (~0.05-0.2 s) now overlaps ffmpeg's start-up and first frames, not precedes them.

        try:
            while True:
                buf = chunks.get()
                if not buf:
                    break
                scorer.feed(buf)
                count += len(buf) // FRAME_BYTES
                if on_progress is not None:
                    on_progress(DetectProgress(str(path), count, expected_frames))
            code = proc.wait()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            while reader.is_alive():  # unblock a reader waiting on a full queue after an error
                try:
                    chunks.get_nowait()
                except queue.Empty:
                    reader.join(timeout=0.1)
        if code != 0:
            raise MediaError("shotlog.error.decode_failed", path=path, code=code)
        pts = _read_pts(stats_file, path) if stats_file.exists() else []
    stats, t0 = _finish(scorer, pts, path)
    if on_progress is not None:
        on_progress(DetectProgress(str(path), len(stats.times), len(stats.times), finished=True))
    return stats, t0


def _finish(scorer: _Scorer, pts: list[float], path: Path) -> tuple[FrameStats, float]:
    import numpy as np

    d1, d2, mean, bright = scorer.arrays()
    n = len(d1)
    if n == 0:
        raise MediaError("shotlog.error.no_video", path=path)
    if len(pts) != n:  # never seen; refuse rather than misplace every shot
        raise MediaError("shotlog.error.bad_timing", path=path)
    # Frames arrive in display order (passthrough), so pts rise; a damaged file's pts may still step
    # back, and then a frame keeps the time of the one before rather than reordering the scores.
    t0 = pts[0]
    times = np.maximum.accumulate(np.asarray(pts, np.float64) - t0)
    steps = np.diff(times)
    last = float(np.median(steps[-8:])) if len(steps) else (1 / 25)
    return FrameStats(times=times, diff1=d1, diff2=d2, mean=mean, bright=bright, end=float(times[-1] + last)), t0


def frame_stats_from_files(frames: Path, stats_file: Path, path: Path | str, *,
                           settings: DetectorSettings = DEFAULT_SETTINGS) -> tuple[FrameStats, float]:
    """Measure frames that a render graph's analysis branch wrote (see render.spec.AnalysisSpec).

    ``path`` is the source clip (named in errors)."""
    scorer = _Scorer(settings)
    with open(frames, "rb") as f:
        while True:
            buf = f.read(FRAME_BYTES * CHUNK_FRAMES)
            if not buf:
                break
            scorer.feed(buf)
    pts = _read_pts(Path(stats_file), Path(path)) if Path(stats_file).exists() else []
    return _finish(scorer, pts, Path(path))


def detect_from_files(frames: Path, stats_file: Path, path: Path | str, *,
                      settings: DetectorSettings = DEFAULT_SETTINGS) -> ShotDetection:
    """The shots of ``path`` from the analysis branch's files (no decode here)."""
    st, t0 = frame_stats_from_files(frames, stats_file, path, settings=settings)
    shots = shots_from_boundaries(st, find_boundaries(st, settings))
    return ShotDetection(path=os.fspath(path), frame_count=len(st.times), duration=round(st.end, 6),
                         first_pts=round(t0, 6), shots=shots)


def find_boundaries(st: FrameStats, s: DetectorSettings = DEFAULT_SETTINGS) -> list[tuple[int, str]]:
    """Frames where a new shot starts, with how it begins ("cut" or "fade"). Frame 0 is not included."""
    import numpy as np

    n = len(st.diff1)
    black = (st.bright <= s.black_fraction) & (st.mean <= s.black_mean)
    found: dict[int, tuple[str, float]] = {}
    # Hard cuts: strong in absolute terms and relative to the neighbourhood's median.
    d1 = st.diff1
    # Repeated frames (a VFR phone clip converted to CFR, pulldown) score ~0 and would drag the
    # neighbours' median down, making ordinary motion look like a cut: they are left out of it.
    moving = np.nonzero(d1 >= s.dup_eps)[0]
    moving = moving[moving > 0]
    for i in (int(x) for x in np.nonzero(d1 >= s.min_score)[0]):
        if i == 0 or black[i]:
            continue  # a cut into black is the end of a shot, not a new one (see the fades below)
        k = int(np.searchsorted(moving, i))
        after = k + 1 if k < len(moving) and moving[k] == i else k
        near = np.concatenate([moving[max(0, k - s.window): k], moving[after: after + s.window]])
        # ...but only from this neighbourhood: past a static shot, the nearest "moving" frame may be
        # the previous cut itself.
        near = near[np.abs(near - i) <= 3 * s.window]
        nb = d1[near]
        # Half the neighbours' maximum as a second opinion: converted footage whose motion comes in
        # bursts (every 2nd-3rd frame) still counts as moving even if duplicates slip past dup_eps.
        base = max(float(np.median(nb)), 0.5 * float(nb.max())) if len(nb) else 0.0
        if d1[i] < s.ratio * (base + s.floor):
            continue
        # Flash test: across a real cut, frames two apart differ too; around a flash they do not.
        if i >= 2 and st.diff2[i] < s.skip_fraction * d1[i]:
            continue
        if i + 1 < n and st.diff2[i + 1] < s.skip_fraction * d1[i]:
            continue
        found[i] = ("cut", float(d1[i]))
    # Fades: a black run with picture before and after; the new shot starts at the first non-black frame.
    f = 0
    while f < n:
        if not black[f]:
            f += 1
            continue
        last = f
        while last + 1 < n and black[last + 1]:
            last += 1
        if f > 0 and last + 1 < n:
            # A fade outranks any cut near it: a hard cut out of the black lands on the same frame.
            found[last + 1] = ("fade", 1e9)
        f = last + 1
    # Keep boundaries at least min_shot apart (the stronger one wins), and never within min_shot of 0.
    kept: list[tuple[int, str, float]] = []
    for f in sorted(found):
        kind, strength = found[f]
        if st.times[f] < s.min_shot and f < 2:
            continue
        if kept and st.times[f] - st.times[kept[-1][0]] < s.min_shot:
            if strength > kept[-1][2]:
                kept[-1] = (f, kind, strength)
            continue
        kept.append((f, kind, strength))
    return [(f, kind) for f, kind, _ in kept]


def shots_from_boundaries(st: FrameStats, bounds: list[tuple[int, str]]) -> tuple[Shot, ...]:
    n = len(st.times)
    starts = [(0, "start")] + [b for b in bounds if 0 < b[0] < n]
    shots = []
    for k, (f, kind) in enumerate(starts):
        nxt = starts[k + 1][0] if k + 1 < len(starts) else n
        end = float(st.times[nxt]) if nxt < n else st.end
        shots.append(Shot(index=k + 1, start=round(float(st.times[f]), 6), end=round(end, 6),
                          start_frame=f, end_frame=nxt - 1, begins_with=kind))
    return tuple(shots)


def detect_shots(
    path: Path | str,
    *,
    settings: DetectorSettings = DEFAULT_SETTINGS,
    expected_frames: int | None = None,
    on_progress: Callable[[DetectProgress], None] | None = None,
) -> ShotDetection:
    """Detect the shots of ``path``. ``expected_frames`` (duration × fps) only drives progress events."""
    st, t0 = frame_stats(path, settings=settings, expected_frames=expected_frames, on_progress=on_progress)
    shots = shots_from_boundaries(st, find_boundaries(st, settings))
    return ShotDetection(path=os.fspath(path), frame_count=len(st.times), duration=round(st.end, 6),
                         first_pts=round(t0, 6), shots=shots)
