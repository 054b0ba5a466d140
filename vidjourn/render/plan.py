"""The render planner: where a platform profile becomes ffmpeg arguments — one file's answer.

profile + speed + encoder + the source's shape and length -> one typed :class:`OutputPlan` per output
(geometry, constant frame rate, encoder arguments, audio chain with the loudness target, muxer
arguments, the size-cap budget, split/trim/pad windows, notes). ``render/graph.py`` turns what the
plan decides (as :class:`~vidjourn.render.spec.OutputSpec`) into the filtergraph; export, brand and the
story render all plan here, so a clip export is a story of one segment (:mod:`vidjourn.render.timeline`).

What stays outside, by the layers: measuring a source's loudness and calibrating a limited gain runs
ffmpeg's meter (``analysis``), so the stage measures and hands the result in as :class:`AudioChain`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from vidjourn.core.errors import UsageError
from vidjourn.core.i18n import t
from vidjourn.core.timeutil import timecode
from vidjourn.settings import speeds
from vidjourn.settings.profiles import Profile
from vidjourn.render.spec import OutputSpec

CAP_SAFETY = 0.96  # aim 4 % under a size cap
MUX_OVERHEAD = 0.01  # share of the file taken by MP4 boxes (sample tables, moov), plus a fixed part below
MUX_FIXED_BYTES = 64_000
LADDER = (1280, 960, 854, 640, 480)  # long sides tried when a size cap needs a smaller frame
REF_PIXEL_RATE = 1280 * 720 * 30


def _secs(x: float) -> str:
    """2.38 -> '2.38 s', 180 -> '00:03:00' (for messages)."""
    return f"{round(x, 3):g} s" if x < 60 else timecode(x)[:8]


# --- frame, rate and level for one source (were settings/profiles.py) ------------------------------

def _even(x: float) -> int:
    return max(2, int(round(x / 2)) * 2)


@dataclass(frozen=True)
class Geometry:
    width: int
    height: int


def frame_for(profile: Profile, display_w: int, display_h: int, max_long: int | None = None) -> Geometry:
    """Output frame for a source shown at ``display_w`` x ``display_h``.

    ``max_long`` lowers the long side further (used when a size cap needs a smaller frame).
    """
    f = profile.frame
    w, h = f.width, f.height
    if f.orientation == "keep" and (display_h > display_w) != (h > w):
        w, h = h, w
    if f.fit == "within":
        # The source's own shape, scaled down (never up: upscaling only spends bits) to fit w x h.
        scale = min(1.0, w / display_w, h / display_h)
        w, h = display_w * scale, display_h * scale
    if max_long and max(w, h) > max_long:
        s = max_long / max(w, h)
        w, h = w * s, h * s
    return Geometry(_even(w), _even(h))


def fps_for(profile: Profile, src_fps: float | None, vfr: bool | None) -> float:
    """A constant output rate: the source's when allowed, else its smallest multiple in range.

    12 fps CCTV to a 23-60 profile becomes 24 (each frame twice, smooth) rather than 30 (uneven).
    VFR phone footage gets the profile default, which the render's fps filter makes constant.
    """
    lo, hi, default = profile.fps.min or 0.0, profile.fps.max, min(profile.fps.default, profile.fps.max)
    if not src_fps or vfr or src_fps > 200:
        return default
    if lo <= src_fps <= hi:
        return src_fps
    if src_fps > hi:
        for div in range(2, 9):  # 50 -> 25, 120 -> 60
            if lo <= src_fps / div <= hi:
                return round(src_fps / div, 3)
        return default
    for mult in range(2, 9):
        if lo <= src_fps * mult <= hi:
            return round(src_fps * mult, 3)
    return default


# (level, max macroblocks/s, max frame macroblocks, max High-profile bitrate kbps) from H.264 Annex A
_LEVELS = (
    ("3.0", 40500, 1620, 12500), ("3.1", 108000, 3600, 17500), ("3.2", 216000, 5120, 25000),
    ("4.0", 245760, 8192, 25000), ("4.1", 245760, 8192, 62500), ("4.2", 522240, 8704, 62500),
    ("5.0", 589824, 22080, 168750), ("5.1", 983040, 36864, 300000), ("5.2", 2073600, 36864, 300000),
)


def h264_level(width: int, height: int, fps: float, maxrate_kbps: int) -> str:
    """The lowest H.264 level that allows this frame, rate and peak bitrate."""
    mbs = math.ceil(width / 16) * math.ceil(height / 16)
    for name, mb_rate, frame_mbs, kbps in _LEVELS:
        if mbs <= frame_mbs and mbs * fps <= mb_rate and maxrate_kbps <= kbps:
            return name
    return _LEVELS[-1][0]


# --- encoder, audio and muxer arguments -------------------------------------------------------------

def peak_kbps(profile: Profile, fps: float) -> int:
    v = profile.video
    return v.maxrate_kbps_high_fps if (fps > 30.5 and v.maxrate_kbps_high_fps) else v.maxrate_kbps


def video_args(profile: Profile, encoder: str, geo: Geometry, fps: float, maxrate_kbps: int,
               speed: str = "normal") -> tuple[str, ...]:
    """Encoder arguments: High profile + level, closed GOP of the profile's length, capped VBR."""
    v = profile.video
    keyint = max(1, round(fps * v.gop_seconds))
    level = v.level if v.level != "auto" else h264_level(geo.width, geo.height, fps, maxrate_kbps)
    bufsize = max(1, round(maxrate_kbps * v.bufsize_seconds))
    gop = ["-g", str(keyint)] + (["-flags", "+cgop"] if v.closed_gop else [])
    rate = ["-maxrate", f"{maxrate_kbps}k", "-bufsize", f"{bufsize}k"]
    sp = speeds.get(speed)
    if encoder == "libx264":
        x = sp.x264(profile.delivered_as_is)
        params = [x.params] if x.params else []
        # ultrafast turns off every High-profile tool, so x264 would signal Constrained Baseline and
        # the file would not be the High profile the platform asks for; the 8x8 transform is cheap.
        if x.preset == "ultrafast" and v.profile == "high":
            params.append("8x8dct=1")
        tools = ("-x264-params", ":".join(params)) if params else ()
        crf = max(0, min(51, v.crf + x.crf_offset))
        return ("-c:v", "libx264", "-preset", x.preset, *tools, "-crf", str(crf), *rate,
                "-profile:v", v.profile, "-level:v", str(level), *gop)
    return hardware_video_args(encoder, sp, v.crf, maxrate_kbps, rate, v.profile, gop)


def hardware_video_args(encoder: str, sp, quality: int, maxrate_kbps: int, rate: list[str], profile: str,
                        gop: list[str]) -> tuple[str, ...]:
    """Each vendor's documented rate control for "quality-targeted VBR under a peak rate".

    Sources (checked against ``ffmpeg -h encoder=NAME`` of the bundled ffmpeg by a test):
    NVENC — NVIDIA's FFmpeg guide: ``-preset p1..p7 -tune hq -rc vbr -cq N`` with ``-b:v``/``-maxrate``;
    QSV — FFmpeg's QSV encoder docs: ``-b:v`` with ``-maxrate`` above it selects VBR, ``-preset`` names
    veryfast..veryslow; VAAPI — FFmpeg's VAAPI docs: ``-rc_mode VBR`` with ``-b:v``/``-maxrate``;
    AMF — AMD's AMF FFmpeg options: ``-usage transcoding -quality speed|balanced|quality
    -rc vbr_peak``. The average aims at 70 % of the cap, as the x264 files measured (untested on a GPU).
    """
    target = ["-b:v", f"{int(maxrate_kbps * 0.7)}k", *rate]
    extra: list[str] = []
    if encoder == "h264_nvenc":
        extra = ["-preset", sp.nvenc, "-tune", "hq", "-rc", "vbr", "-cq", str(quality)]
    elif encoder == "h264_qsv":
        extra = ["-preset", sp.qsv]
    elif encoder == "h264_vaapi":
        extra = ["-rc_mode", "VBR"] + (["-quality", str(sp.vaapi_quality)] if sp.vaapi_quality is not None else [])
    elif encoder == "h264_amf":
        extra = ["-usage", "transcoding", "-quality", sp.amf, "-rc", "vbr_peak"]
    return ("-c:v", encoder, *extra, *target, "-profile:v", profile, *gop)


def audio_args(profile: Profile) -> tuple[str, ...]:
    a = profile.audio
    return ("-c:a", "aac", "-b:a", f"{a.bitrate_kbps}k", "-ar", str(a.sample_rate), "-ac", str(a.channels))


def output_args(profile: Profile, keep_metadata: bool) -> tuple[str, ...]:
    """Muxer arguments. Privacy by default: no container, stream or chapter tags survive.

    ``-map_metadata -1`` drops the container tags (GPS ``location``/``©xyz``, make, model, creation
    time); the per-stream variants drop stream tags (Apple's handler names, creation times). The render
    maps only one video and one audio stream, so timed-metadata and data tracks never reach the file.
    """
    args: list[str] = ["-movflags", "+faststart"] if profile.faststart else []
    if keep_metadata:
        return (*args, "-map_metadata", "0")
    return (*args, "-map_metadata", "-1", "-map_metadata:s:v", "-1", "-map_metadata:s:a", "-1",
            "-fflags", "+bitexact")


# --- the size-cap budget ----------------------------------------------------------------------------

def video_budget_kbps(cap_bytes: int, duration: float, audio_kbps: int, bufsize_seconds: float) -> int:
    """The peak video rate that keeps a file of ``duration`` seconds under ``cap_bytes``.

    With a VBV of ``maxrate`` x ``bufsize_seconds`` the encoder can spend at most
    ``maxrate * (duration + bufsize_seconds)`` bits, so solving for maxrate gives a hard ceiling
    (not an average that may overshoot): the file fits on the first try.
    """
    total_bits = cap_bytes * CAP_SAFETY * 8
    overhead_bits = (cap_bytes * MUX_OVERHEAD + MUX_FIXED_BYTES) * 8
    video_bits = total_bits - overhead_bits - audio_kbps * 1000 * duration
    return int(video_bits / (duration + bufsize_seconds) / 1000)


def floor_kbps(profile: Profile, geo: Geometry, fps: float) -> int:
    """The lowest watchable peak rate for a frame: the profile's 720p30 floor scaled by pixel rate.

    Scaled by the 0.75 power, not linearly: small frames need more bits per pixel to look right.
    """
    ratio = (geo.width * geo.height * fps) / REF_PIXEL_RATE
    return int(profile.video.floor_kbps_720p * ratio ** 0.75)


# --- planning ---------------------------------------------------------------------------------------

def windows(profile: Profile, path: Path, src_duration: float, start_at: float | None = None,
            end_at: float | None = None) -> tuple[list[tuple[float, float]], float | None, list[str]]:
    """(start, end) pieces of a source of ``src_duration`` s for this profile (split parts, or trimmed
    to its maximum), the pad-to length (its minimum), and notes. Raises for impossible ranges."""
    start = start_at or 0.0
    end = src_duration if end_at is None else min(end_at, src_duration)
    # A clip shorter than 50 ms (one frame) is exported whole when no range was asked for; only a
    # range the user gave can be empty.
    asked = start_at is not None or end_at is not None
    if end - start <= (0.05 if asked else 0.0):
        raise UsageError("export.error.bad_range", path=path, start=timecode(start),
                         end=timecode(end_at or src_duration), duration=timecode(src_duration))
    dur = end - start
    d = profile.duration
    notes: list[str] = []
    pad_to = None
    if d.max and dur > d.max + 0.05:
        if d.too_long == "error":
            raise UsageError("export.error.too_long", path=path, duration=_secs(dur),
                             platform=profile.name, max=_secs(d.max))
        if d.too_long == "trim":
            notes.append(t("export.note.trimmed", platform=profile.name, max=_secs(d.max)))
            return [(start, start + d.max)], None, notes
        part = d.part_seconds or d.max
        n = math.ceil(dur / part - 1e-6)
        # Equal parts (a 61 s clip makes two of 30.5 s, not 60 + 1).
        step = dur / n
        pieces = [(start + i * step, start + (i + 1) * step if i < n - 1 else end) for i in range(n)]
        notes.append(t("export.note.split", platform=profile.name, duration=_secs(dur), parts=n,
                       max=_secs(part)))
        return pieces, None, notes
    if d.min and dur < d.min - 0.01:
        if d.too_short == "error":
            raise UsageError("export.error.too_short", path=path, duration=_secs(dur),
                             platform=profile.name, min=_secs(d.min))
        pad_to = d.min
        notes.append(t("export.note.padded", platform=profile.name, duration=_secs(dur), min=_secs(d.min)))
    return [(start, end)], pad_to, notes


def geometry(profile: Profile, path: Path, dw: int, dh: int, fps: float, duration: float
             ) -> tuple[Geometry, int, bool, list[str]]:
    """Frame and peak video rate for a source shown at ``dw`` x ``dh`` and an output of ``duration``
    seconds, lowering a 'within' frame when a size cap needs it (the size-cap budget)."""
    geo = frame_for(profile, dw, dh)
    peak = peak_kbps(profile, fps)
    cap = profile.max_size_bytes
    if not cap:
        return geo, peak, False, []
    budget = video_budget_kbps(cap, duration, profile.audio.bitrate_kbps, profile.video.bufsize_seconds)
    notes: list[str] = []
    if budget < floor_kbps(profile, geo, fps) and profile.frame.fit == "within":
        for long_side in LADDER:
            if long_side >= max(geo.width, geo.height):
                continue
            smaller = frame_for(profile, dw, dh, max_long=long_side)
            if budget >= floor_kbps(profile, smaller, fps):
                geo = smaller
                notes.append(t("export.note.smaller_frame", platform=profile.name,
                               frame=f"{geo.width}x{geo.height}", cap=f"{profile.max_size_mb:g}", kbps=budget))
                break
        else:
            geo = frame_for(profile, dw, dh, max_long=LADDER[-1])
    if budget < floor_kbps(profile, geo, fps):
        raise UsageError("export.error.cannot_fit", path=path, platform=profile.name,
                         cap=f"{profile.max_size_mb:g}", duration=_secs(duration), kbps=max(budget, 0),
                         frame=f"{geo.width}x{geo.height}")
    if budget < peak:
        if not notes:
            notes.append(t("export.note.budget", platform=profile.name, kbps=budget,
                           cap=f"{profile.max_size_mb:g}"))
        return geo, budget, True, notes
    return geo, peak, False, notes


# --- masters (brand): the source's own geometry, editor-friendly settings ------------------------------

MASTER_AUDIO_ARGS = ("-c:a", "aac", "-b:a", "192k")
# A master for editors: no GPS/device tags either (they travel on to every cut made from it).
MASTER_OUTPUT_ARGS = ("-movflags", "+faststart", "-map_metadata", "-1")


def master_video_args(x264_preset: str, crf: int) -> tuple[str, ...]:
    """x264 at the asked preset and CRF, High profile (the brand stage's master)."""
    return ("-c:v", "libx264", "-preset", x264_preset, "-crf", str(crf), "-profile:v", "high")


# --- the typed plan ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AudioChain:
    """The audio of one output: the filter that brings it to ``target_lufs`` under ``true_peak`` dBTP
    (a gain, plus a calibrated limiter when the peaks need one), or None for silence / as it is."""

    filter: str | None
    target_lufs: float
    true_peak: float
    gain_db: float = 0.0
    limited: bool = False
    expected_lufs: float | None = None
    channels: int = 2
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class Budget:
    """The size-cap budget: the peak video rate handed to the encoder, and whether a cap set it."""

    video_kbps: int
    capped: bool = False
    cap_bytes: int | None = None


@dataclass(frozen=True)
class OutputPlan:
    """Everything decided for one output file before the graph is built."""

    platform: str
    width: int
    height: int
    fps: float
    reframe: str
    video_args: tuple[str, ...]
    audio: AudioChain | None
    output_args: tuple[str, ...]
    budget: Budget
    duration: float  # seconds of output, cards included
    window: tuple[float, float] = (0.0, 0.0)  # source seconds (a clip); story seconds (a story)
    pad_to: float | None = None
    part: int | None = None
    notes: tuple[str, ...] = field(default=())

    def spec(self, path: Path, **kw) -> OutputSpec:
        """The graph's input for this plan (layers, cards, subtitles, trims and hardware tails in ``kw``)."""
        a = self.audio
        return OutputSpec(path=Path(path), width=self.width, height=self.height, fps=self.fps,
                          reframe=self.reframe, video_args=self.video_args,
                          audio_filter=a.filter if a else None, audio_args=a.args if a else (),
                          output_args=self.output_args, **kw)

    def describe(self) -> list[str]:
        """Lines for ``export --dry-run -v``."""
        a = self.audio
        lines = [f"{self.platform}{f' #{self.part}' if self.part else ''}: {self.width}x{self.height} "
                 f"@ {self.fps:g} fps, {self.reframe}, {self.duration:.3f} s "
                 f"(source {self.window[0]:.3f}-{self.window[1]:.3f} s"
                 f"{f', padded to {self.pad_to:g} s' if self.pad_to else ''})",
                 f"  video: {' '.join(self.video_args)}",
                 f"  budget: peak {self.budget.video_kbps} kbit/s"
                 + (f", size cap {self.budget.cap_bytes} bytes{' (sets the rate)' if self.budget.capped else ''}"
                    if self.budget.cap_bytes else "")]
        if a is None:
            lines.append("  audio: silence")
        else:
            lines.append(f"  audio: {a.filter or 'as it is'} -> target {a.target_lufs:g} LUFS, true peak "
                         f"<= {a.true_peak:g} dBTP ({'limited, ' if a.limited else ''}gain {a.gain_db:+.2f} dB)"
                         f"; {' '.join(a.args)}")
        lines.append(f"  mux: {' '.join(self.output_args)}")
        lines += [f"  note: {n}" for n in self.notes]
        return lines


def plan_output(profile: Profile, *, encoder: str, speed: str, keep_metadata: bool, src_w: int, src_h: int,
                path: Path, fps: float, duration: float, reframe: str | None = None,
                window: tuple[float, float] = (0.0, 0.0), pad_to: float | None = None, part: int | None = None,
                notes: tuple[str, ...] = (), geo: Geometry | None = None) -> OutputPlan:
    """Geometry, budget and encoder/muxer arguments of one output (the audio chain is added by the caller
    with :func:`with_audio`, from a measurement). ``duration``: seconds of the whole output (cards too)."""
    g2, kbps, capped, more = geometry(profile, path, src_w, src_h, fps, duration)
    geo = g2 if geo is None else geo
    return OutputPlan(profile.name, geo.width, geo.height, fps, reframe or profile.reframe,
                      video_args(profile, encoder, geo, fps, kbps, speed), None,
                      output_args(profile, keep_metadata), Budget(kbps, capped, profile.max_size_bytes),
                      duration, window, pad_to, part, tuple(notes) + tuple(more))


def audio_chain(profile: Profile, filter: str | None, *, gain_db: float = 0.0, limited: bool = False,
                expected_lufs: float | None = None) -> AudioChain:
    """The profile's loudness target and encoder arguments around a measured filter."""
    return AudioChain(filter, profile.loudness.integrated, profile.loudness.true_peak, gain_db, limited,
                      expected_lufs, profile.audio.channels, audio_args(profile))


# --- the loudness gain chain (export's normalize and the story calibrate it; both build it here) -------

LOUDNESS_RATE = 48000
TRUE_PEAK_OVERSAMPLE = 4  # the limiter runs at 192 kHz: sample peaks there are the true peaks


def limit_filter(limit_db: float) -> str:
    """A true-peak limiter: the look-ahead limiter works at 4x the rate, where sample peaks are the
    true peaks the meter (ebur128, 4x oversampled) and a player's converter see; at 48 kHz it bounded
    sample peaks only, and inter-sample peaks of a limited AC-3 clip measured 0.6 dBTP over -1."""
    limit = 10 ** (limit_db / 20)
    return (f"aresample=osr={LOUDNESS_RATE * TRUE_PEAK_OVERSAMPLE},"
            f"alimiter=limit={limit:.4f}:level=false:latency=true:attack=5:release=50,"
            f"aresample=osr={LOUDNESS_RATE}")


def gain_chain(gain: float, limit_db: float | None, layout: str | None = None) -> str:
    """The audio chain after a render's own fades/padding: the channel fold first (so the gain and the
    limiter work on what the encoder gets), then the gain, then the limiter."""
    parts = [f"aformat=channel_layouts={layout}"] if layout else []
    parts.append(f"volume=volume={gain:.2f}dB")
    if limit_db is not None:
        parts.append(limit_filter(limit_db))
    return ",".join(parts)
