"""The redaction mask as an ASS file: white shapes on black, one event per run of identical frames.

libass draws it inside the render graph on a small frame (``MaskSpec``), so the mask never passes
through Python frame by frame and its cost does not grow with the number of shapes. Each event covers
exactly the frames it is meant for: it starts at the frame's time and ends at the next frame's time,
both rounded *down* to the centisecond of ASS, and ffmpeg's ``ass`` filter asks libass for the
picture at the frame's time in whole milliseconds (rounded down too). So frame i is inside [start,
end) and frame i+1 is not, for any frame rate under 100 fps, VFR included.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Shape = tuple[str, float, float, float, float]  # kind ("box" | "ellipse"), x1, y1, x2, y2 (fractions)

_HEADER = """[Script Info]
; vidjourn redaction mask: white = hidden. Generated; do not edit (edit redact.yaml instead).
ScriptType: v4.00+
PlayResX: {w}
PlayResY: {h}
ScaledBorderAndShadow: yes
WrapStyle: 2
YCbCr Matrix: None

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Mask,DejaVu Sans,10,&H00FFFFFF,&H00FFFFFF,&H00FFFFFF,&H00FFFFFF,0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""

KAPPA = 0.5523  # Bezier handle length for a quarter ellipse
ELLIPSE_GROW = 1.3  # an ellipse drawn around a box reaches close to the box's corners
PAD = 1.0  # mask pixels added on each side of every shape (see drawing)


def centiseconds(t: float) -> int:
    return int(math.floor(t * 100 + 1e-6))


def ass_time(cs: int) -> str:
    h, r = divmod(max(0, cs), 360000)
    m, r = divmod(r, 6000)
    s, c = divmod(r, 100)
    return f"{h}:{m:02d}:{s:02d}.{c:02d}"


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def draw_box(x1: float, y1: float, x2: float, y2: float) -> str:
    return f"m {_f(x1)} {_f(y1)} l {_f(x2)} {_f(y1)} {_f(x2)} {_f(y2)} {_f(x1)} {_f(y2)}"


def draw_ellipse(cx: float, cy: float, rx: float, ry: float) -> str:
    k = KAPPA
    p = [(cx, cy - ry),
         (cx + k * rx, cy - ry), (cx + rx, cy - k * ry), (cx + rx, cy),
         (cx + rx, cy + k * ry), (cx + k * rx, cy + ry), (cx, cy + ry),
         (cx - k * rx, cy + ry), (cx - rx, cy + k * ry), (cx - rx, cy),
         (cx - rx, cy - k * ry), (cx - k * rx, cy - ry), (cx, cy - ry)]
    out = f"m {_f(p[0][0])} {_f(p[0][1])}"
    for i in range(1, 13, 3):
        out += " b " + " ".join(f"{_f(x)} {_f(y)}" for x, y in p[i:i + 3])
    return out


def drawing(shapes: Sequence[Shape], w: int, h: int) -> str:
    """Each shape grows by PAD mask pixels a side: the mask is scaled up bilinearly, so its soft edge (about
    one mask pixel) falls outside the shape and the shape itself is fully hidden — for a 16 px face in a
    1080p frame (4 mask pixels) that edge was a quarter of the face."""
    parts = []
    for kind, x1, y1, x2, y2 in shapes:
        X1, Y1, X2, Y2 = x1 * w - PAD, y1 * h - PAD, x2 * w + PAD, y2 * h + PAD
        if kind == "ellipse":
            parts.append(draw_ellipse((X1 + X2) / 2, (Y1 + Y2) / 2, (X2 - X1) / 2 * ELLIPSE_GROW,
                                      (Y2 - Y1) / 2 * ELLIPSE_GROW))
        else:
            parts.append(draw_box(X1, Y1, X2, Y2))
    return " ".join(parts)


def mask_ass(times: Sequence[float], end: float, per_frame: Sequence[Sequence[Shape]], w: int, h: int) -> str:
    """ASS text for a ``w``×``h`` mask. ``per_frame[i]`` are the shapes of the frame shown at ``times[i]``
    (graph time, seconds); ``end`` is when the last frame ends."""
    lines = [_HEADER.format(w=w, h=h)]
    n = len(times)
    texts = [drawing(s, w, h) if s else "" for s in per_frame]
    i = 0
    while i < n:
        if not texts[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and texts[j + 1] == texts[i]:
            j += 1
        a = centiseconds(times[i])
        b = centiseconds(times[j + 1]) if j + 1 < n else centiseconds(end) + 1
        if b <= a:
            b = a + 1
        lines.append(f"Dialogue: 0,{ass_time(a)},{ass_time(b)},Mask,,0,0,0,,{{\\pos(0,0)\\p1}}{texts[i]}{{\\p0}}\n")
        i = j + 1
    return "".join(lines)


def mask_size(width: int, height: int, longest: int = 480) -> tuple[int, int]:
    """The mask's own (small) frame: the picture's aspect, at most ``longest`` pixels, even numbers."""
    f = min(1.0, longest / max(width, height))
    return max(2, round(width * f / 2) * 2), max(2, round(height * f / 2) * 2)
