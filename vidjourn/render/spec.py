"""What a render is asked to make: plain frozen data shared by planning, graphics and the graph builder.

A leaf module (imports nothing of vidjourn's but the standard library), so ``graphics`` and ``analysis``
can use the shapes without importing the ffmpeg graph builder.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any


def fonts_dir() -> Path:
    """The folder of bundled fonts (libass and Pillow both read from here)."""
    return Path(__file__).resolve().parent.parent / "fonts"


REFRAMES = ("fit", "blur", "crop", "pad")
ANIMATIONS = ("none", "fade", "slide")
AUDIO_RATE = 48000
DEFAULT_VIDEO_ARGS = ("-c:v", "libx264", "-preset", "medium", "-crf", "20", "-profile:v", "high")
DEFAULT_AUDIO_ARGS = ("-c:a", "aac", "-b:a", "160k")
# Rates a VFR phone clip is snapped to (the smallest one at or above its average rate).
VFR_RATES = (Fraction(25), Fraction(30), Fraction(50), Fraction(60))
STANDARD_RATES = (Fraction(24000, 1001), Fraction(24), Fraction(25), Fraction(30000, 1001), Fraction(30),
                  Fraction(50), Fraction(60000, 1001), Fraction(60))


@dataclass(frozen=True)
class Layer:
    """One brand graphic for one output geometry: a PNG placed at (x, y), top-left, in output pixels.

    ``start``/``end`` are seconds of the source clip (None: from the start / to the end).
    ``animation``: none | fade (alpha) | slide (moves in from ``slide_from`` and back out).
    """

    png: Path
    x: int
    y: int
    start: float | None = None
    end: float | None = None
    animation: str = "none"
    anim_duration: float = 0.4
    slide_from: str = "left"  # left | right | bottom
    width: int = 0  # of the PNG; only needed for slide (graphics.py fills it)
    height: int = 0


@dataclass(frozen=True)
class CardSpec:
    """Full-frame title/end card PNGs (output size) shown before/after the clip, joined with fades."""

    title: Path | None = None
    title_duration: float = 3.0
    end: Path | None = None
    end_duration: float = 3.0
    fade: float = 0.3  # seconds of fade to/from black at each join


@dataclass(frozen=True)
class OutputSpec:
    path: Path  # final file; written atomically (temp sibling, os.replace)
    width: int  # output frame (even numbers)
    height: int
    fps: float | None = None  # constant output rate (None: the source's nominal rate; VFR -> CFR always)
    reframe: str = "fit"  # fit | blur | crop | pad
    layers: tuple[Layer, ...] = ()
    subtitles: Path | None = None  # ASS prepared for this geometry (times in source seconds)
    cards: CardSpec | None = None
    video_args: tuple[str, ...] = ()  # encoder args; empty: DEFAULT_VIDEO_ARGS
    audio_filter: str | None = None  # e.g. "loudnorm=I=-14:TP=-1:LRA=11:measured_I=...:linear=true"
    audio_args: tuple[str, ...] = ()  # empty: DEFAULT_AUDIO_ARGS
    output_args: tuple[str, ...] = ()  # e.g. ("-movflags", "+faststart", "-map_metadata", "-1")
    start: float | None = None  # trim, seconds of the source
    end: float | None = None
    audio_required: bool = False  # a source without audio gets a silent track
    audio: bool = True  # False: no audio stream at all
    pix_fmt: str = "yuv420p"
    pad_color: str = "black"
    # Export: hold the last frame (and pad the audio with silence) up to this many seconds, for
    # platforms with a minimum length (Reels/TikTok: 3 s). None: no padding.
    pad_to: float | None = None
    # Hardware encoders: a filter chain appended to the end of the video chain (e.g. VAAPI's
    # "format=nv12,hwupload") and global args placed before the inputs (e.g. "-vaapi_device", path).
    video_filter_tail: str | None = None
    global_args: tuple[str, ...] = ()


ANALYSIS_SIZE = (64, 36)  # shot detection's frame (yuv420p: 3456 bytes a frame)
THUMB_WIDTH = 320


@dataclass(frozen=True)
class AnalysisSpec:
    """A branch of the render graph that feeds the shot log from the same decode as the outputs.

    Every decoded frame (after deinterlacing and square pixels, upright) goes to ``frames`` as raw
    64×36 yuv420p, with its pts in ``stats`` ("n pts tb" per line); every ``thumb_step``-th frame goes
    to ``thumbs/t_%06d.jpg`` at ``thumb_width``×``thumb_height`` (the k-th file is frame k×step).
    The same branch is rendered with no outputs by ``vidjourn shotlog`` for a clip that was never
    exported, so both give the same bytes: the graph code and the decoder are the same.
    """

    frames: Path
    stats: Path
    thumbs: Path
    thumb_width: int = THUMB_WIDTH
    thumb_height: int = 180
    thumb_step: int = 1

    @staticmethod
    def step_for(fps: float | None) -> int:
        """Thumbnail candidates every ~1/4 s: any run of ``step`` frames holds one, so every shot (the
        detector keeps none shorter than 0.25 s) has a candidate within 1/8 s of its middle. Scaling
        every frame to 320 px cost ~25 % of a 1080p decode; every 3rd frame ~8 %."""
        return max(1, int((fps or 25) * 0.25))

    @staticmethod
    def thumb_size(display_w: int | None, display_h: int | None) -> tuple[int, int]:
        dw, dh = display_w or 16, display_h or 9
        return THUMB_WIDTH, max(2, round(THUMB_WIDTH * dh / dw / 2) * 2)
MASK_MODES = ("mosaic", "solid", "blur")
MIN_BLUR_DOWNSCALE = 8  # a blur is drawn from a picture at most 1/8 of the size: it cannot be undone


@dataclass(frozen=True)
class MaskSpec:
    """Redaction applied to the source picture before it is split to the formats (see render.graph).

    ``ass``: white shapes on black drawn by libass on a ``width``×``height`` mask (graphics.mask);
    its times are seconds of the source's own timeline (ffmpeg's, start time subtracted, no trim).
    ``mode``: mosaic | solid | blur. ``block``: mosaic block size in source pixels; for blur, the
    downscale factor (raised to at least MIN_BLUR_DOWNSCALE). ``blank``: time ranges (same timeline)
    where the whole picture is black.
    """

    ass: Path | None
    width: int
    height: int
    mode: str = "mosaic"
    block: int = 16
    blank: tuple[tuple[float, float], ...] = ()

    @classmethod
    def from_contributions(cls, contributions: Any, root: Path | None = None) -> MaskSpec | None:
        """The first ``{"kind": "mask", ...}`` of a clip's render contributions (stages.base), or None.
        A relative ``ass`` path is relative to ``root`` (the assignment folder)."""
        m = next((c for c in contributions or () if c.get("kind") == "mask"), None)
        if m is None:
            return None
        ass = Path(m["ass"]) if m.get("ass") else None
        if ass is not None and not ass.is_absolute() and root is not None:
            ass = Path(root) / ass
        return cls(ass=ass, width=int(m["width"]), height=int(m["height"]), mode=str(m.get("mode", "mosaic")),
                   block=int(m.get("block", 16)), blank=tuple((float(a), float(b)) for a, b in m.get("blank", ())))


@dataclass(frozen=True)
class SafeArea:
    """Fractions of the frame kept free of graphics at each edge."""

    top: float = 0.05
    bottom: float = 0.05
    left: float = 0.05
    right: float = 0.05

    @classmethod
    def of(cls, obj: Any) -> SafeArea:
        """From a preset's/profile's safe_area (anything with top/bottom/left/right) or a dict."""
        if isinstance(obj, SafeArea):
            return obj
        if isinstance(obj, dict):
            return cls(**{k: float(obj.get(k, 0.05)) for k in ("top", "bottom", "left", "right")})
        return cls(*(float(getattr(obj, k)) for k in ("top", "bottom", "left", "right")))

    def box(self, w: int, h: int) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) of the safe rectangle in pixels."""
        return (round(w * self.left), round(h * self.top), w - round(w * self.right), h - round(h * self.bottom))
