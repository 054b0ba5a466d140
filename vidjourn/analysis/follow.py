"""Follow one hand-drawn box (a number plate) through the clip with OpenCV's MIL tracker.

Frames come from one ffmpeg decode at 360 lines, upright and square-pixel like the render graph, from the
keyframe on. The tracker's box is grown by 10 % each side (it drifts by a few pixels); where it loses the
object (``update`` fails) the last good box is held, and the review sheet shows where it went.
"""

from __future__ import annotations

from pathlib import Path

from vidjourn.analysis.faces import _cv2
from vidjourn.core.errors import MediaError
from vidjourn.core.ffmpeg import popen_frames

FOLLOW_HEIGHT = 360


def follow_box(path: Path, info, analysis, t: float, box: tuple[float, float, float, float],
               window: tuple[float, float]) -> list[tuple[float, float, float, float] | None]:
    """Per frame of ``analysis`` (None outside the followed range): x, y, w, h in upright pixels."""
    import numpy as np


    cv2 = _cv2()
    W, H = analysis.width, analysis.height
    fh = min(FOLLOW_HEIGHT, H) // 2 * 2
    fw = max(2, round(W * fh / H / 2) * 2)
    sx, sy = fw / W, fh / H
    t0 = analysis.first_time
    times = analysis.times
    start = next((i for i, x in enumerate(times) if x - t0 >= t - 1e-6), len(times) - 1)
    lo, hi = window
    out: list[tuple[float, float, float, float] | None] = [None] * len(times)
    # Exact frame: every decoded frame is counted from 0 (passthrough), so frame index = count.
    proc = popen_frames(["-i", str(path), "-map", "0:v:0", "-vf", f"scale={fw}:{fh}:flags=bilinear,format=bgr24",
                         "-fps_mode", "passthrough", "-f", "rawvideo", "pipe:1"])
    assert proc.stdout is not None
    size = fw * fh * 3
    tracker = None
    last = box
    try:
        for i in range(len(times)):
            buf = proc.stdout.read(size)
            if len(buf) < size:
                break
            ct = times[i] - t0
            if i < start:
                if lo - 1e-6 <= ct:
                    out[i] = box
                continue
            if ct > hi + 1e-6:
                break
            img = np.frombuffer(buf, np.uint8).reshape(fh, fw, 3)
            if tracker is None:
                tracker = cv2.TrackerMIL_create()
                x, y, w, h = box
                tracker.init(img, (int(x * sx), int(y * sy), max(2, int(w * sx)), max(2, int(h * sy))))
                out[i] = box
                continue
            ok, r = tracker.update(img)
            if ok:
                x, y, w, h = r[0] / sx, r[1] / sy, r[2] / sx, r[3] / sy
                last = (x - 0.1 * w, y - 0.1 * h, 1.2 * w, 1.2 * h)
            out[i] = last
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()
    if tracker is None:
        raise MediaError("redact.error.follow_failed", path=path, time=t)
    return out
