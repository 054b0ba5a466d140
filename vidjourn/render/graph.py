"""The render engine: one source clip x N outputs in ONE ffmpeg process.

Shape of the filtergraph (built with ffmpeg-python, run through :mod:`vidjourn.core.ffmpeg`)::

    source -> [deinterlace] -> [square pixels] -> split ─┬─> trim -> fps (CFR) -> reframe -> brand layers
                                                         │        -> subtitles -> [cards + fades] -> encode
                                                         └─> ...one branch per OutputSpec
    audio  -> 48 kHz, starts at 0 -> asplit ──> trim/pad to the video's length -> [card silence] -> filter

* The source is decoded once; ``split`` feeds every output (never encode twice).
* Rotation: ffmpeg's autorotate turns the decoded frames upright (the display matrix is applied as a
  transpose/flip inside the graph) and the outputs carry no display matrix.
* Timestamps: ffmpeg subtracts the container start time; ``fps=start_time=0`` and
  ``aresample=first_pts=0`` make both streams start at exactly 0 (padding the first frame / silence),
  so an offset between audio and video in the source is kept, not squashed.
* Video and audio of the main segment are cut to the same length (``trim=end_frame`` after cloning
  the last frame, ``apad`` + ``atrim=end_sample``), so title/end cards joined with ``concat`` cannot
  shift the sync.
* Brand layers are PNGs (drawn by :mod:`vidjourn.graphics.draw` at the output's resolution); text never
  reaches a filter string. Layer and subtitle times are in seconds of the *source*; for a trimmed
  output the branch is shifted to source time around the overlays (``setpts=PTS+S/TB``) and back.
* Every output is written to a temp sibling and moved into place only when ffmpeg succeeded.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Iterator, Sequence

from vidjourn.core.errors import OutputExists, UsageError
from vidjourn.core.ffmpeg import Progress
from vidjourn.core.ffmpeg import run as ffmpeg_run
from vidjourn.core.fsutil import temp_sibling
from vidjourn.core.probe import MediaInfo
from vidjourn.render.spec import (  # noqa: F401  (re-exported: the graph's public shapes)
    ANALYSIS_SIZE,
    ANIMATIONS,
    AUDIO_RATE,
    DEFAULT_AUDIO_ARGS,
    DEFAULT_VIDEO_ARGS,
    MASK_MODES,
    MIN_BLUR_DOWNSCALE,
    REFRAMES,
    STANDARD_RATES,
    VFR_RATES,
    AnalysisSpec,
    CardSpec,
    Layer,
    MaskSpec,
    OutputSpec,
    SafeArea,
    fonts_dir,
)


@dataclass
class _Plan:
    """Derived facts for one output (internal)."""

    spec: OutputSpec
    fps: Fraction
    start: float
    main_frames: int
    title_frames: int = 0
    end_frames: int = 0
    tmp: Path = field(default=Path())

    @property
    def main_seconds(self) -> float:
        return float(self.main_frames / self.fps)

    @property
    def total_seconds(self) -> float:
        return float((self.title_frames + self.main_frames + self.end_frames) / self.fps)


# --- facts derived from the source ---------------------------------------------------------------

def output_fps(info: MediaInfo, wanted: float | None = None) -> Fraction:
    """The constant output rate: ``wanted``, else the source's nominal rate (VFR snapped up to 25/30/50/60)."""
    if wanted:
        return _snap(Fraction(wanted).limit_denominator(1001))
    v = info.video
    if v is None or not (v.fps or v.avg_fps):
        return Fraction(25)
    if v.vfr:
        avg = Fraction(v.avg_fps or v.fps).limit_denominator(1001)
        return next((r for r in VFR_RATES if r >= avg * Fraction(97, 100)), VFR_RATES[-1])
    return _snap(Fraction(v.fps or v.avg_fps).limit_denominator(1001))


def _snap(rate: Fraction) -> Fraction:
    """29.97002997 -> 30000/1001; an exact 30 stays 30."""
    best = min(STANDARD_RATES, key=lambda std: abs(rate - std))
    return best if abs(rate - best) / best < Fraction(3, 1000) else rate


def source_size(info: MediaInfo) -> tuple[int, int]:
    """The upright, square-pixel frame size of the source, rounded down to even numbers."""
    w, h = info.display_width or 0, info.display_height or 0
    return max(2, w - w % 2), max(2, h - h % 2)


def output_duration(info: MediaInfo, spec: OutputSpec) -> float:
    """Seconds the output will last (cards included) — for bitrate budgets and progress."""
    return _plan(info, spec).total_seconds


def _plan(info: MediaInfo, spec: OutputSpec) -> _Plan:
    if spec.reframe not in REFRAMES:
        raise UsageError("render.bad_reframe", value=spec.reframe, choices=", ".join(REFRAMES))
    if spec.width % 2 or spec.height % 2 or spec.width <= 0 or spec.height <= 0:
        raise UsageError("render.odd_size", width=spec.width, height=spec.height, path=spec.path)
    fps = output_fps(info, spec.fps)
    start = max(0.0, spec.start or 0.0)
    end = info.duration if spec.end is None else min(spec.end, info.duration)
    if end - start <= 0:
        raise UsageError("render.bad_trim", path=info.path, start=start, end=end, duration=info.duration)
    main_frames = max(1, round((end - start) * fps))
    if spec.pad_to:
        main_frames = max(main_frames, round(spec.pad_to * fps))  # tpad clone / apad fill the rest
    plan = _Plan(spec=spec, fps=fps, start=start, main_frames=main_frames)
    if spec.cards:
        if spec.cards.title:
            plan.title_frames = max(1, round(spec.cards.title_duration * fps))
        if spec.cards.end:
            plan.end_frames = max(1, round(spec.cards.end_duration * fps))
    return plan


# --- graph building ------------------------------------------------------------------------------

class _Inputs:
    """Creates input nodes. ffmpeg-python merges equal nodes, so an input used by several branches must be
    split. The graph is therefore built twice: a counting pass (``counting=True``) learns how often each
    input is used, the real pass splits those used more than once."""

    def __init__(self, ff, want: Counter | None = None) -> None:
        self.ff = ff
        self.counting = want is None
        self.want: Counter = Counter() if want is None else want
        self.streams: dict[tuple, list] = {}

    def take(self, path: str, selector: str = "v", **kw):
        k = (path, selector, tuple(sorted(kw.items())))
        if self.counting:
            self.want[k] += 1
            # A throwaway unique node so that the counting graph itself is valid.
            return self.ff.input(path, **kw, thread_queue_size=1000 + self.want[k])[selector]
        if k not in self.streams:
            stream = self.ff.input(path, **kw)[selector]
            n = self.want.get(k, 1)
            self.streams[k] = [stream] if n <= 1 else _split(stream, n, audio=selector.startswith("a"))
        return self.streams[k].pop()


def _split(stream, n: int, audio: bool = False):
    node = stream.filter_multi_output("asplit" if audio else "split", outputs=n)
    return [node.stream(i) for i in range(n)]


def _num(x: float | Fraction) -> str:
    """A compact decimal for filter arguments (no exponent notation)."""
    s = f"{float(x):.6f}".rstrip("0").rstrip(".")
    return s or "0"


def _reframe(v, spec: OutputSpec, src_size: tuple[int, int] | None = None):
    W, H = spec.width, spec.height
    if src_size == (W, H):
        # Same geometry (a branded master): no resize, no pad; scale only converts full range to tv
        # (and passes frames through untouched when there is nothing to convert).
        return v.filter("scale", out_range="tv")
    if spec.reframe == "crop":
        v = v.filter("scale", w=W, h=H, force_original_aspect_ratio="increase", out_range="tv")
        return v.filter("crop", w=W, h=H)
    if spec.reframe == "blur":
        fg, bg = _split(v, 2)
        # The background is blurred at a quarter of the size: same look, a fraction of the work.
        bw, bh = max(2, W // 4 // 2 * 2), max(2, H // 4 // 2 * 2)
        bg = (bg.filter("scale", w=bw, h=bh, force_original_aspect_ratio="increase", out_range="tv")
              .filter("crop", w=bw, h=bh).filter("boxblur", luma_radius=8, luma_power=2)
              .filter("scale", w=W, h=H).filter("setsar", "1"))
        fg = fg.filter("scale", w=W, h=H, force_original_aspect_ratio="decrease", out_range="tv")
        return bg.overlay(fg, x="(W-w)/2", y="(H-h)/2")
    # fit / pad: scale inside the frame, centre, fill the rest (a pixel or two for "fit").
    v = v.filter("scale", w=W, h=H, force_original_aspect_ratio="decrease", out_range="tv")
    return v.filter("pad", w=W, h=H, x="(ow-iw)/2", y="(oh-ih)/2", color=spec.pad_color)


def _between(a: float, b: float) -> str:
    return f"between(t,{_num(a)},{_num(b)})"


def _slide_expr(layer: Layer, a: float, b: float, axis: str) -> str:
    """Overlay x or y expression: ease in from off-frame, hold, ease back out."""
    d = max(0.05, min(layer.anim_duration, (b - a) / 2))
    if axis == "x":
        home = layer.x
        off = -(layer.width or 2000) if layer.slide_from == "left" else "W"
    else:
        home = layer.y
        off = "H"
    # p: 0 off-frame .. 1 home, eased (1-(1-p)^2); evaluated per frame.
    p_in = f"(1-pow(1-clip((t-{_num(a)})/{_num(d)},0,1),2))"
    p_out = f"(1-pow(1-clip(({_num(b)}-t)/{_num(d)},0,1),2))"
    p = f"min({p_in},{p_out})"
    return f"({off})+(({home})-({off}))*{p}"


def _apply_layers(v, plan: _Plan, inputs: _Inputs, info: MediaInfo):
    fps = plan.fps
    src_end = plan.start + plan.main_seconds
    for layer in plan.spec.layers:
        a = plan.start if layer.start is None else max(plan.start, layer.start)
        b = src_end if layer.end is None else min(src_end, layer.end)
        if b <= a:
            continue  # outside the trimmed part
        timed = layer.start is not None or layer.end is not None
        enable = _between(a, b) if timed else None
        kw: dict = {"x": layer.x, "y": layer.y}
        if layer.animation == "fade":
            d = max(0.05, min(layer.anim_duration, (b - a) / 2))
            ov = inputs.take(str(layer.png), loop=1, framerate=str(fps), t=_num(b - a))
            ov = (ov.filter("format", "rgba")
                  .filter("fade", type="in", start_time=0, duration=_num(d), alpha=1)
                  .filter("fade", type="out", start_time=_num(b - a - d), duration=_num(d), alpha=1)
                  .filter("setpts", f"PTS+{_num(a)}/TB"))
            kw["eof_action"] = "pass"
        else:
            ov = inputs.take(str(layer.png))
            if layer.animation == "slide":
                axis = "y" if layer.slide_from == "bottom" else "x"
                kw[axis] = _slide_expr(layer, a, b, axis)
                kw["eval"] = "frame"
        if enable:
            kw["enable"] = enable
        v = v.overlay(ov, **kw)
    return v


def _card(inputs: _Inputs, png: Path, frames: int, plan: _Plan, fade_in: bool, fade_out: bool,
          audio_layout: str | None):
    fps, spec = plan.fps, plan.spec
    secs = frames / fps
    v = (inputs.take(str(png), loop=1, framerate=str(fps), t=_num(secs))
         .filter("scale", w=spec.width, h=spec.height, out_range="tv").filter("setsar", "1")
         .filter("format", spec.pix_fmt).filter("trim", end_frame=frames))
    f = _fade_len(plan, secs)
    if fade_in:
        v = v.filter("fade", type="in", start_time=0, duration=_num(f))
    if fade_out:
        v = v.filter("fade", type="out", start_time=_num(secs - f), duration=_num(f))
    a = None
    if audio_layout:
        a = _silence(inputs, audio_layout).filter("atrim", end_sample=round(secs * AUDIO_RATE))
    return v, a


def _silence(inputs: _Inputs, layout: str):
    # Pinned to float: anullsrc offers every sample format and concat negotiates one for all its
    # segments, so a card's silence dragged the clip's own audio through u8 (8 distinct sample values
    # in a quiet fire recording; after +37 dB of gain the file was 1.2 LU louder with a true peak of
    # +0.3 dBTP, while the calibration, which has no card, measured the clean audio).
    return inputs.take(f"anullsrc=r={AUDIO_RATE}:cl={layout},aformat=sample_fmts=fltp", "a", format="lavfi")


def _fade_len(plan: _Plan, secs: float) -> float:
    f = plan.spec.cards.fade if plan.spec.cards else 0.0
    return max(0.0, min(f, secs / 2))


def _layout(info: MediaInfo) -> str:
    a = info.audio
    return "mono" if a is not None and a.channels == 1 else "stereo"


def build_command(source: Path, info: MediaInfo, outputs: Sequence[OutputSpec],
                  analysis: AnalysisSpec | None = None, *, mask: MaskSpec | None = None) -> list[str]:
    """The ffmpeg arguments (without the binary) that render ``outputs`` (and ``analysis``) from ``source``."""
    return _build(Path(source), info, [_plan(info, s) for s in outputs], final_paths=True, analysis=analysis,
                  mask=mask)


def _build(source: Path, info: MediaInfo, plans: list[_Plan], final_paths: bool,
           analysis: AnalysisSpec | None = None, mask: MaskSpec | None = None) -> list[str]:
    import ffmpeg as ff

    if not plans and analysis is None:
        raise UsageError("render.no_outputs", path=source)
    if info.video is None:
        raise UsageError("render.no_video", path=source)
    counter = _Inputs(ff)
    _graph(ff, source, info, plans, final_paths, counter, analysis, mask)
    return _graph(ff, source, info, plans, final_paths, _Inputs(ff, counter.want), analysis, mask)


def _analysis_outputs(ff, v, spec: AnalysisSpec) -> list:
    """The analysis branch: 64×36 frames of every decoded frame + thumbnails of every step-th one.

    ``-fps_mode passthrough`` keeps one output frame per decoded frame (no CFR duplicates or drops),
    and ``-stats_enc_pre`` writes each frame's pts in the filter's time base (the stream's own).
    """
    w, h = ANALYSIS_SIZE
    small, big = _split(v, 2)
    # One thread for a 64×36 area scale: slices only add synchronisation at this size.
    small = small.filter("scale", w=w, h=h, flags="area", threads=1).filter("format", "yuv420p")
    if spec.thumb_step > 1:
        big = big.filter("select", f"not(mod(n,{spec.thumb_step}))")
    # Candidates are numbered by the muxer (t_%06d.jpg), not timed: give them strictly increasing pts,
    # since a VFR phone clip's pts can collide in the JPEG encoder's time base (fire2.mp4: "Invalid pts").
    big = big.filter("setpts", "N/TB")
    big = big.filter("scale", w=spec.thumb_width, h=spec.thumb_height, flags="bicubic").filter("setsar", "1")
    frames = ff.output(small, str(spec.frames), f="rawvideo", fps_mode="passthrough",
                       stats_enc_pre=str(spec.stats), stats_enc_pre_fmt="{n} {pts} {tb}",
                       **{"enc_time_base:v": "filter"})
    thumbs = ff.output(big, str(Path(spec.thumbs) / "t_%06d.jpg"), f="image2", fps_mode="passthrough",
                       start_number=0, **{"q:v": 3})
    return [frames, thumbs]


def _graph(ff, source: Path, info: MediaInfo, plans: list[_Plan], final_paths: bool, inputs: _Inputs,
           analysis: AnalysisSpec | None = None, mask: MaskSpec | None = None) -> list[str]:

    # One trim window for every output (the usual case): seek in the input, decode only what is used.
    windows = {(p.start, p.spec.end) for p in plans}
    in_kw: dict = {}
    shared_start = 0.0
    if len(windows) == 1:
        shared_start = plans[0].start
        if shared_start > 0:
            in_kw["ss"] = _num(shared_start)
        if plans[0].spec.end is not None:
            in_kw["t"] = _num(plans[0].main_seconds + 1.0)  # a little slack; trims below are exact
    src = ff.input(str(source), **in_kw)

    v = src["v:0"]
    if info.video.interlaced:
        v = v.filter("bwdif", mode="send_frame", deint="interlaced")
    sar = _sar(info)
    if sar != 1:
        v = v.filter("scale", w=f"trunc(iw*{sar.numerator}/{sar.denominator}/2)*2", h="ih").filter("setsar", "1")
    extra_outputs = []
    if analysis is not None:
        if shared_start > 0 or in_kw.get("t"):
            raise UsageError("render.analysis_trimmed", path=source)
        if plans:
            v, v_an = _split(v, 2)
        else:
            v_an = v
        extra_outputs = _analysis_outputs(ff, v_an, analysis)  # the original picture: cache stays the same
    vs = []
    if plans:
        if mask is not None:  # before the split: every format gets the same redacted picture
            v = _apply_mask(v, mask, _upright_size(info, sar), shared_start,
                            info.video.pix_fmt if info.video else None)
        vs = _split(v, len(plans)) if len(plans) > 1 else [v]
    # The upright, square-pixel size the branches receive (None when it is not known exactly).
    norm_size = ((info.display_width, info.display_height) if sar == 1 else None)

    want_audio = [p.spec.audio and info.has_audio for p in plans]
    a_streams: list = []
    if any(want_audio):
        # async=1 fills gaps and first_pts=0 pads a late start with silence, keeping sync from 0.
        a = src["a:0"].filter("aresample", osr=AUDIO_RATE, **{"async": 1, "first_pts": 0})
        n = sum(want_audio)
        a_streams = _split(a, n, audio=True) if n > 1 else [a]

    layout = _layout(info)
    outs = []
    for p, v_i, use_src_audio in zip(plans, vs, want_audio):
        spec = p.spec
        offset = p.start - shared_start  # seconds still to cut in this branch
        if offset > 0:
            v_i = v_i.filter("trim", start=_num(offset)).filter("setpts", f"PTS-{_num(offset)}/TB")
        v_i = (v_i.filter("fps", fps=str(p.fps), start_time=0)
               .filter("tpad", stop_mode="clone", stop=-1).filter("trim", end_frame=p.main_frames))
        v_i = _reframe(v_i, spec, norm_size).filter("setsar", "1")
        if spec.layers or spec.subtitles:
            if p.start:
                v_i = v_i.filter("setpts", f"PTS+{_num(p.start)}/TB")  # to source time
            v_i = _apply_layers(v_i, p, inputs, info)
            if spec.subtitles:

                v_i = v_i.filter("subtitles", filename=str(spec.subtitles), fontsdir=str(fonts_dir()))
            if p.start:
                v_i = v_i.filter("setpts", f"PTS-{_num(p.start)}/TB")
        v_i = v_i.filter("format", spec.pix_fmt)
        if spec.video_filter_tail and not (p.title_frames or p.end_frames):
            v_i = _raw_filter(v_i, spec.video_filter_tail)

        a_i = None
        audio_layout = None
        if use_src_audio:
            a_i = a_streams.pop()
            if offset > 0:
                a_i = a_i.filter("atrim", start=_num(offset)).filter("asetpts", "PTS-STARTPTS")
            a_i = a_i.filter("apad").filter("atrim", end_sample=round(p.main_seconds * AUDIO_RATE))
            audio_layout = layout
        elif spec.audio and spec.audio_required:
            a_i = _silence(inputs, "stereo").filter("atrim", end_sample=round(p.main_seconds * AUDIO_RATE))
            audio_layout = "stereo"

        if p.title_frames or p.end_frames:
            f_main = _fade_len(p, p.main_seconds)
            if p.title_frames:
                v_i = v_i.filter("fade", type="in", start_time=0, duration=_num(f_main))
                if a_i is not None:
                    a_i = a_i.filter("afade", type="in", start_time=0, duration=_num(f_main))
            if p.end_frames:
                st = _num(p.main_seconds - f_main)
                v_i = v_i.filter("fade", type="out", start_time=st, duration=_num(f_main))
                if a_i is not None:
                    a_i = a_i.filter("afade", type="out", start_time=st, duration=_num(f_main))
            segs = []
            if p.title_frames:
                segs.append(_card(inputs, spec.cards.title, p.title_frames, p, False, True, audio_layout))
            segs.append((v_i, a_i))
            if p.end_frames:
                segs.append(_card(inputs, spec.cards.end, p.end_frames, p, True, False, audio_layout))
            flat = [s for seg in segs for s in seg if s is not None]
            joined = ff.concat(*flat, v=1, a=1 if a_i is not None else 0).node
            v_i = joined[0]
            a_i = joined[1] if a_i is not None else None
            if spec.video_filter_tail:  # after the cards are joined: the encoder sees one stream
                v_i = _raw_filter(v_i, spec.video_filter_tail)
        if a_i is not None:
            if spec.audio_filter:
                a_i = _raw_filter(a_i, spec.audio_filter)
            a_i = a_i.filter("aresample", osr=AUDIO_RATE)  # loudnorm works at 192 kHz internally

        target = str(spec.path if final_paths else p.tmp)
        streams = [v_i] + ([a_i] if a_i is not None else [])
        outs.append((ff.output(*streams, target), p))

    args = ff.get_args(ff.merge_outputs(*[o for o, _ in outs], *extra_outputs))
    glob: list[str] = []
    for p in plans:  # once each, in order (two outputs on one VAAPI device need one -vaapi_device)
        g = list(p.spec.global_args)
        if g and not any(glob[i:i + len(g)] == g for i in range(len(glob))):
            glob += g
    args = glob + args
    return _insert_output_args(args, [(str(p.spec.path if final_paths else p.tmp), p) for _, p in outs])


def _sar(info: MediaInfo) -> Fraction:
    raw = (info.video.sar if info.video else None) or "1:1"
    try:
        num, den = (int(x) for x in raw.split(":"))
        return Fraction(num, den) if num > 0 and den > 0 else Fraction(1)
    except ValueError:
        return Fraction(1)


def _raw_filter(stream, text: str):
    """Apply a caller-supplied filter chain ("name=k=v:k=v,name2=value,name3"), as ffmpeg-python filters.

    Values may not contain ',' ':' or quotes (loudnorm/format/hwupload chains do not)."""
    for part in _split_chain(text):
        name, _, opts = part.partition("=")
        args, kwargs = [], {}
        for kv in _split_opts(opts) if opts else []:
            k, sep, val = kv.partition("=")
            if not sep:
                if kwargs or any(c in k for c in "'\\[];"):
                    raise UsageError("render.bad_audio_filter", value=text)
                args.append(k)  # a positional value, e.g. format=nv12
            else:
                kwargs[k] = val
        stream = stream.filter(name, *args, **kwargs)
    return stream


def _split_chain(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _split_opts(opts: str) -> list[str]:
    return [o for o in opts.split(":") if o]


def _insert_output_args(args: list[str], targets: list[tuple[str, _Plan]]) -> list[str]:
    """ffmpeg-python puts ``-map``s before each output file; add the spec's codec/muxer args there too."""
    out = list(args)
    for target, p in targets:
        i = out.index(target)
        spec = p.spec
        extra = list(spec.video_args or DEFAULT_VIDEO_ARGS)
        if any(s.startswith("-map") for s in out[max(0, i - 4):i]) and _has_audio_map(out, i):
            extra += list(spec.audio_args or DEFAULT_AUDIO_ARGS)
        # Explicit maps only; no chapters, and the frame rate is fixed for the muxer too.
        extra += ["-map_chapters", "-1", "-r", str(p.fps)]
        extra += list(spec.output_args)
        out[i:i] = extra
    return out


def _has_audio_map(args: list[str], i: int) -> bool:
    # Two "-map" just before the file name means video + audio.
    maps = 0
    j = i - 1
    while j >= 1 and args[j - 1] == "-map":
        maps += 1
        j -= 2
    return maps >= 2


def render(source: Path, info: MediaInfo, outputs: Sequence[OutputSpec], *, force: bool = False,
           analysis: AnalysisSpec | None = None, mask: MaskSpec | None = None) -> Iterator[Progress]:
    """Render every output from ``source`` in one ffmpeg process, yielding progress events.

    Existing outputs raise :class:`OutputExists` before anything runs (unless ``force``); outputs appear
    only when all of them were written. ``analysis`` adds the shot log's branch (its files are work
    files in a folder the caller owns; they are removed if the render fails).
    """
    source = Path(source)
    plans = [_plan(info, s) for s in outputs]
    finals = [Path(p.spec.path) for p in plans]
    if len(set(finals)) != len(finals):
        raise UsageError("render.duplicate_output", path=source)
    for f in finals:
        if f.exists() and not force:
            raise OutputExists(f)
    for p in plans:
        Path(p.spec.path).parent.mkdir(parents=True, exist_ok=True)
        p.tmp = temp_sibling(Path(p.spec.path))
    if analysis is not None:
        Path(analysis.thumbs).mkdir(parents=True, exist_ok=True)
    args = _build(source, info, plans, final_paths=False, analysis=analysis, mask=mask)
    total = max([p.total_seconds for p in plans] or [info.duration])
    work = [analysis.frames, analysis.stats] if analysis is not None else []
    done = False
    try:
        yield from ffmpeg_run(["-y", *args], outputs=[p.tmp for p in plans] + work, total=total,
                              subject=source)
        for p in plans:
            os.replace(p.tmp, p.spec.path)
        done = True
    finally:
        if not done:
            for p in plans:
                try:
                    p.tmp.unlink()
                except FileNotFoundError:
                    pass


# --- redaction mask (issue 10) ---------------------------------------------------------------------

def _upright_size(info: MediaInfo, sar: Fraction) -> tuple[int, int]:
    """The exact frame size after autorotate and the square-pixel scale above."""
    v = info.video
    w = (v.width if v else None) or info.display_width or 2
    h = (v.height if v else None) or info.display_height or 2
    if info.rotation % 180:
        w, h = h, w
    if sar != 1:
        w = int(w * sar.numerator / sar.denominator / 2) * 2
    return w, h


# 8-bit 4:2:0 pictures (nearly every phone and camera clip) are composited with maskedmerge and a mask
# whose three planes are the same shapes: half the CPU of alphamerge + overlay (bench/redact). Other formats
# (10-bit, 4:2:2, 4:4:4) keep their depth through alphamerge + overlay.
_MERGE_FORMATS = {"yuv420p": "yuv420p", "yuvj420p": "yuvj420p"}


def _apply_mask(v, mask: MaskSpec, size: tuple[int, int], shift: float, pix_fmt: str | None = None):
    """Composite the hidden picture through the mask: source -> split -> (hidden, mask) -> merge.

    The mask is a black copy of the frame at ``mask.width``×``mask.height`` with the ASS shapes drawn
    on it by libass, scaled up (bilinear: soft edges) and used as the weight of the hidden picture. Each
    mask frame is made from the source frame itself, so both carry the same pts (frame-exact on VFR).
    ``shift``: the input was seeked by this many seconds; the ASS times are of the unseeked timeline.
    ``pix_fmt``: the source's pixel format (probe); 8-bit 4:2:0 takes the cheaper maskedmerge path.
    """

    if mask.mode not in MASK_MODES:
        raise UsageError("render.bad_mask_mode", value=mask.mode, choices=", ".join(MASK_MODES))
    W, H = size
    if mask.ass is not None:
        base, hsrc, msrc = _split(v, 3)
        if mask.mode == "solid":
            hid = hsrc.filter("drawbox", x=0, y=0, w="iw", h="ih", color="black", t="fill")
        elif mask.mode == "blur":
            f = max(MIN_BLUR_DOWNSCALE, int(mask.block))
            sw, sh = max(2, -(-W // f)), max(2, -(-H // f))
            hid = (hsrc.filter("scale", w=sw, h=sh, flags="area").filter("gblur", sigma=1.5)
                   .filter("scale", w=W, h=H, flags="bicubic"))
        else:
            b = max(2, int(mask.block))
            sw, sh = max(1, -(-W // b)), max(1, -(-H // b))
            hid = (hsrc.filter("scale", w=sw, h=sh, flags="area")
                   .filter("scale", w=sw * b, h=sh * b, flags="neighbor").filter("crop", w=W, h=H, x=0, y=0))
        # The mask's canvas only needs the source frame's timestamp: a 16×16 corner (crop: no copy) scaled
        # by the cheapest scaler, then blacked out, instead of scaling the whole picture down.
        m = (msrc.filter("crop", w="min(iw,16)", h="min(ih,16)", x=0, y=0)
             .filter("scale", w=mask.width, h=mask.height, flags="neighbor")
             .filter("format", "gray").filter("lut", c0="0"))
        if shift:
            m = m.filter("setpts", f"PTS+{_num(shift)}/TB")
        m = m.filter("ass", filename=str(mask.ass), fontsdir=str(fonts_dir()))
        if shift:
            m = m.filter("setpts", f"PTS-{_num(shift)}/TB")
        merge_fmt = _MERGE_FORMATS.get(pix_fmt or "")
        if merge_fmt and W % 2 == 0 and H % 2 == 0:
            my, mc = _split(m, 2)
            my = my.filter("scale", w=W, h=H, flags="bilinear")
            mu, mv = _split(mc.filter("scale", w=W // 2, h=H // 2, flags="bilinear"), 2)
            import ffmpeg as ff

            planes = ff.filter([my, mu, mv], "mergeplanes", "0x001020", merge_fmt)
            v = ff.filter([base.filter("format", merge_fmt), hid.filter("format", merge_fmt), planes],
                          "maskedmerge")
        else:
            m = m.filter("scale", w=W, h=H, flags="bilinear")
            v = base.overlay(_alphamerge(hid, m), x=0, y=0, format="auto")
    for lo, hi in mask.blank:
        v = v.filter("drawbox", x=0, y=0, w="iw", h="ih", color="black", t="fill",
                     enable=f"between(t,{_num(lo - shift)},{_num(hi - shift)})")
    return v


def _alphamerge(hid, m):
    import ffmpeg as ff

    return ff.filter([hid, m], "alphamerge")



# ---- section for the export engineer: add helpers/fields they need below this line ------------------
