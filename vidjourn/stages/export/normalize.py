"""Loudness normalisation for export: the audio filter that brings a clip to a profile's target.

The gain comes from the ingest measurement (manifest ``loudness``), so the render applies it in the
same pass that encodes the video. Two cases:

* **Linear** (the clip's peaks leave room): a plain ``volume`` gain of ``target - measured``. This is
  what ``loudnorm`` in linear mode does, but ``loudnorm`` silently falls back to its dynamic mode when
  the gain would push the true peak over the ceiling, and that mode missed the target by 5.8 LU on
  fire2.mp4 (2.4 s; it needs ~3 s of look-ahead). Measured: fire2 → -19.8 LUFS with loudnorm,
  MVI_4823 → -14.1 with either.
* **Limited** (peak-to-loudness ratio wider than the target allows, e.g. fire2: 18.7 dB vs 13): gain
  plus a look-ahead limiter (``alimiter``, delay compensated). A limiter takes loudness away by an
  amount only the audio knows, so an audio-only calibration pass (no video decoded; well under a
  second for a short clip) measures the chain's result and corrects the gain, at most twice.

Silence (integrated at ebur128's -70 LUFS floor) is left alone: amplifying a noise floor is no service.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

from vidjourn.core import ffmpeg
from vidjourn.core.cache import JsonCache, file_key
from vidjourn.render.plan import gain_chain, limit_filter

SILENT_PEAK = -60.0  # dBTP: quieter peaks than this are a silent track (as `check` exempts it)
SILENT_LUFS = -69.0  # ebur128 reports -70.0 for digital silence / nothing above the absolute gate
CALIBRATE_TOLERANCE = 0.3  # LU
PEAK_MARGIN = 1.0  # dB the limiter aims under the profile's true-peak ceiling
ENCODER_HEADROOM = 0.3  # dB under the ceiling the chain's own true peak must stay (AAC adds up to ~0.7)
MAX_GAIN = 50.0  # dB; beyond this the "audio" is noise and is left as it is
MIN_LIMIT = -12.0  # dBTP: the lowest ceiling a calibration will give the limiter
MAX_PASSES = 6  # audio-only calibration passes at most (per verify round)
VERIFY_ROUNDS = 3  # encodes of the audio alone to measure the encoder's overshoot, at most
ENCODED_MARGIN = 0.5  # dB over the profile's ceiling the encoded true peak may reach (`check` allows 1.0)
AUDIO_RATE = 48000
OVERSAMPLE = 4  # the limiter runs at 192 kHz: sample peaks there are the true peaks
LAYOUTS = {1: "mono", 2: "stereo"}
CHAIN_VERSION = 4  # bump when the filter chain changes, so cached calibrations are redone


@dataclass(frozen=True)
class Measured:
    integrated: float | None
    true_peak: float | None
    lra: float | None = None

    @classmethod
    def from_record(cls, d: dict | None) -> "Measured | None":
        if not d or d.get("integrated") is None and d.get("true_peak") is None:
            return None
        return cls(d.get("integrated"), d.get("true_peak"), d.get("lra"))


@dataclass(frozen=True)
class AudioPlan:
    filter: str | None  # for OutputSpec.audio_filter; None: leave the audio as it is
    gain_db: float = 0.0
    limited: bool = False
    silent: bool = False
    expected_lufs: float | None = None


def _limit_filter(limit_db: float) -> str:
    return limit_filter(limit_db)


def _chain(gain: float, limit_db: float | None, layout: str | None = None) -> str:
    """The chain is built by the render planner (render.plan.gain_chain); the story calibrates the same."""
    return gain_chain(gain, limit_db, layout)


@dataclass(frozen=True)
class Fades:
    """Fades the render puts on the clip's own audio where title/end cards join it."""

    fade_in: float
    fade_out: float
    length: float  # seconds of the clip's audio (after padding)
    lead: float = 0.0  # seconds of title-card silence before it
    tail: float = 0.0  # seconds of end-card silence after it

    def filter(self) -> str:
        # The silence of the cards is part of what a platform measures: 400 ms blocks that straddle
        # a join sit near the relative gate and moved a 6 s interview by 0.5-1 LU (demo clip 002).
        parts = [f"apad,atrim=end={self.length:.4f}"]
        if self.fade_in > 0:
            parts.append(f"afade=t=in:st=0:d={self.fade_in:.4f}")
        if self.fade_out > 0:
            parts.append(f"afade=t=out:st={self.length - self.fade_out:.4f}:d={self.fade_out:.4f}")
        if self.lead > 0:
            parts.append(f"adelay=delays={round(self.lead * 1000)}:all=1")
        if self.tail > 0:
            parts.append(f"apad=whole_dur={self.lead + self.length + self.tail:.4f}")
        return ",".join(parts)


def plan(measured: Measured | None, target_lufs: float, true_peak: float, *,
         source: Path | None = None, start: float | None = None, end: float | None = None,
         fades: Fades | None = None, calibrate: bool = True, cache_dir: Path | None = None,
         pad_to: float | None = None, source_channels: int | None = None,
         out_channels: int | None = None, encoder_args: tuple[str, ...] | None = None) -> AudioPlan:
    """The filter bringing audio measured as ``measured`` to ``target_lufs`` under ``true_peak`` dBTP.

    ``fades``: card joins fade the clip's audio before the gain; on a 1 s clip two 0.3 s fades took
    2 LU away (measured on quicktime-hvc1.mov), so the gain is calibrated through them too.
    """
    if measured is None:
        return AudioPlan(None, silent=True)
    peak = measured.true_peak
    # Integrated loudness at the meter's floor is silence only when the peaks say so too: a clip
    # shorter than one 400-ms gating block (0.2 s) reads -70 LUFS with a -21 dBTP tone in it, and
    # once padded to a platform's minimum the same tone measured -28.6 LUFS in the exported file.
    unmeasured = measured.integrated is None or measured.integrated <= SILENT_LUFS
    if unmeasured and (peak is None or peak <= SILENT_PEAK):
        return AudioPlan(None, silent=True)
    gain = 0.0 if unmeasured or measured.integrated is None else target_lufs - measured.integrated
    if gain > MAX_GAIN:
        return AudioPlan(None, silent=True)
    ceiling = true_peak - PEAK_MARGIN  # where the limiter aims

    def limit_for(g: float) -> float | None:
        return None if (peak if peak is not None else -99.0) + g <= true_peak else ceiling

    limit = limit_for(gain)
    # The measurement at ingest is of the source as it is; the file is what the chain makes of it.
    # Any step that changes loudness other than the plain gain (a limiter, card fades, padding, a
    # channel layout folded into the output's, a clip the meter cannot gate) is measured through.
    layout_change = bool(source_channels and out_channels and source_channels != out_channels)
    layout = LAYOUTS.get(out_channels or 0) if layout_change else None
    # Linear and clear of the ceiling by the margin: nothing to measure. Closer than that, the encoder's
    # own overshoot (AAC at 96 kb/s added up to 2.3 dB to a limited fire recording) is measured too.
    near_ceiling = (peak if peak is not None else -99.0) + gain > true_peak - PEAK_MARGIN
    if (limit is None and fades is None and not pad_to and not layout_change and not unmeasured
            and not (near_ceiling and encoder_args)):
        return AudioPlan(_chain(gain, None), gain, expected_lufs=target_lufs)
    if not calibrate or source is None:
        return AudioPlan(_chain(gain, limit, layout), gain, limited=limit is not None)
    pre = fades.filter() if fades else (f"apad,atrim=end={pad_to:.4f}" if pad_to else None)
    key = (_cache_key(source, target_lufs, true_peak, measured, start, end, pre, layout, encoder_args)
           if cache_dir else None)
    hit = _cache_get(cache_dir, key) if key else None
    if hit is not None:
        lim = hit.get("limit")
        return AudioPlan(_chain(hit["gain"], lim, layout), hit["gain"], limited=lim is not None,
                         expected_lufs=hit["lufs"])
    for _ in range(VERIFY_ROUNDS):
        gain, limit, got = _calibrate(source, gain, limit, layout, target_lufs, true_peak,
                                      start=start, end=end, pre=pre)
        if got is None or not encoder_args:
            break
        tp = encoded_peak(source, _chain(gain, limit, layout), encoder_args, start=start, end=end, pre=pre)
        over = 0.0 if tp is None else tp - (true_peak + ENCODED_MARGIN)
        if over <= 0:
            break
        # the encoder overshoots the limiter's ceiling: lower it by as much, and calibrate the gain again
        limit = max(MIN_LIMIT, (limit if limit is not None else true_peak - PEAK_MARGIN) - over - 0.2)
    if key:
        _cache_put(cache_dir, key, {"gain": gain, "limit": limit, "lufs": got})
    return AudioPlan(_chain(gain, limit, layout), gain, limited=limit is not None, expected_lufs=got)


def _calibrate(source: Path, gain: float, limit: float | None, layout: str | None, target_lufs: float,
               true_peak: float, *, start: float | None, end: float | None, pre: str | None
               ) -> tuple[float, float | None, float | None]:
    """Measure what the chain makes of the audio and correct it, at most ``MAX_PASSES`` audio passes.

    Loudness: the gain moves by the miss (a limiter eats part of each step, so it may take a few passes;
    the old loop of fixed steps stopped 1.6 LU short on a clean speech clip). True peak: the limiter is
    switched on when the result's true peak leaves too little room for the encoder, and its ceiling lowered
    by the excess when it does not hold it. The best result seen wins when the passes run out."""
    best: tuple[float, float, float | None, float | None] | None = None  # (miss, gain, limit, lufs)
    for _ in range(MAX_PASSES):
        got = measure_chain(source, _chain(gain, limit, layout), start=start, end=end, pre=pre)
        if got is None or got.integrated is None or got.integrated <= SILENT_LUFS:
            return gain, limit, None if got is None else got.integrated
        tp = got.true_peak
        peak_over = 0.0 if tp is None else tp - (true_peak - ENCODER_HEADROOM)
        miss = abs(got.integrated - target_lufs)
        if peak_over <= 0 and (best is None or miss < best[0]):
            best = (miss, gain, limit, got.integrated)
        if peak_over <= 0 and miss <= CALIBRATE_TOLERANCE:
            break
        if peak_over > 0:
            limit = (true_peak - PEAK_MARGIN) if limit is None else limit - peak_over - 0.1
            limit = max(limit, MIN_LIMIT)
        gain = min(gain + target_lufs - got.integrated, MAX_GAIN)
    if best is None:  # never under the ceiling: the last chain, with the limiter at its lowest try
        return gain, limit, None
    return best[1], best[2], best[3]


# A calibration is remembered in the assignment's work/ folder (always safe to delete), keyed by the
# source file's identity and every input of the calculation, so exporting again costs no audio pass.

def _cache_key(source: Path, *parts: object) -> str | None:
    return file_key(source, CHAIN_VERSION, parts)


def _cache_get(cache_dir: Path | None, key: str) -> dict | None:
    data = JsonCache(Path(cache_dir) / "loudness").get(key) if cache_dir else None
    if not isinstance(data, dict) or not all(_finite(data.get(k), k != "gain") for k in ("gain", "limit", "lufs")):
        return None  # a cache file is read like any other: typed, or ignored
    return data


def _finite(v: object, none_ok: bool) -> bool:
    if v is None:
        return none_ok
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _cache_put(cache_dir: Path | None, key: str, value: dict) -> None:
    if cache_dir:  # a read-only work folder only costs the pass next time
        JsonCache(Path(cache_dir) / "loudness").put(key, value)


def measure_chain(source: Path, chain: str | None, *, start: float | None = None,
                  end: float | None = None, pre: str | None = None) -> Measured | None:
    """Integrated loudness and true peak of ``source``'s first audio stream after ``pre`` (the fades and
    padding the render puts on the clip) and ``chain`` (audio only, no video decoded)."""
    from vidjourn.analysis.loudness import measure

    filters = ",".join(x for x in (f"aresample={AUDIO_RATE}", pre, chain) if x)
    r = measure(source, start=start, end=end, filters=filters)
    return Measured(r.integrated, r.true_peak, r.lra) if r else None


def encoded_peak(source: Path, chain: str, encoder_args: tuple[str, ...], *, start: float | None = None,
                 end: float | None = None, pre: str | None = None) -> float | None:
    """True peak (dBTP) of the audio after ``pre``/``chain`` and the profile's own encoder: what
    `vidjourn check` will measure in the file, made from the audio alone (no video decoded)."""

    from vidjourn.analysis.loudness import measure

    filters = ",".join(x for x in (f"aresample={AUDIO_RATE}", pre, chain) if x)
    with tempfile.TemporaryDirectory(prefix="vidjourn-tp-") as tmp:
        out = Path(tmp) / "a.mp4"
        args: list[str] = ["-y"]
        if start:
            args += ["-ss", f"{start:.3f}"]
        if end is not None:
            args += ["-t", f"{end - (start or 0):.3f}"]
        args += ["-i", str(source), "-map", "0:a:0", "-vn", "-sn", "-dn", "-af", filters, *encoder_args,
                 "-f", "mp4", str(out)]
        ffmpeg.run_quiet(args, subject=source)
        r = measure(out)
    return r.true_peak if r else None


def measure_source(source: Path, *, start: float | None = None, end: float | None = None) -> Measured | None:
    """Measure a clip (or a part of it) when the manifest has no measurement for it."""
    from vidjourn.analysis.loudness import measure

    r = measure(source, start=start, end=end)
    return Measured(r.integrated, r.true_peak, r.lra) if r else None
