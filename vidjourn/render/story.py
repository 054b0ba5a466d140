"""The story render: a :class:`~vidjourn.render.timeline.Timeline` -> every platform in ONE ffmpeg process.

Shape of the filtergraph (per segment, then per output)::

    segment j: -ss P -t L -i original -> [bwdif] -> [square pixels] -> [redaction mask, clip time]
               -> fps=F -> trim (exact frames) -> split ─┬─> reframe to output k -> [captions, clip time] ─┐
                                                         └─> ...                                          │
    output k:  segments joined (concat; xfade for a dissolve; fades for a dip) <────────────────────────┘
               -> logo + lower thirds (story time) -> [title card + story + end card, faded] -> encode
    audio:     each segment's sound (48 kHz stereo; J/L cuts by moving its edges; role gain) delayed to its
               story time, mixed; natural sound ducked under the voice-over; cards' silence; the profile's
               loudness gain (+ limiter) -> encode

* Each segment is read from its original with an accurate input seek (``-ss`` before ``-i``: frames
  before the point are decoded and dropped), so the first picture is the requested frame.
* Every branch is cut to whole frames of the story rate ``F`` and every join is placed in frames, so the
  story's length is exact and audio (placed in samples at the same frame times) stays in sync at joins.
* Masks and captions are the clip's own contributions in the clip's time: the branch is shifted to the
  clip's time around them (as the clip export does), so they are reused, not redone.
* :func:`audio_command` builds the same audio chain alone (no video decoded) for the loudness passes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Iterator, Sequence

from vidjourn.core.errors import OutputExists, UsageError
from vidjourn.core.ffmpeg import Progress, ffmpeg_path, format_cmd
from vidjourn.core.ffmpeg import run as ffmpeg_run
from vidjourn.core.fsutil import temp_sibling
from vidjourn.core.probe import MediaInfo
from vidjourn.render import graph as G
from vidjourn.render.plan import OutputPlan
from vidjourn.render.spec import AUDIO_RATE, CardSpec, Layer, MaskSpec, OutputSpec, fonts_dir
from vidjourn.render.timeline import ROLE_GAIN_DB, Timeline

DUCK_RAMP_IN = 0.15  # s: the natural sound goes down this long before the voice starts
DUCK_RAMP_OUT = 0.25  # s: and is back this long after it ends (the issue asks for <= 0.3 s)
TAIL_SLACK = 0.12  # s decoded past a segment's last use (a few frames: the trims below are exact)


@dataclass(frozen=True)
class SegmentSource:
    """A timeline segment with its probe and its clip's redaction mask (clip time)."""

    info: MediaInfo
    mask: MaskSpec | None = None


@dataclass(frozen=True)
class StoryOutput:
    """One platform's file: its plan (geometry, encoder args, audio gain chain), the segments it shows
    (indices into the timeline: only/skip), its brand layers in story seconds, its cards, and per shown
    segment the captions ASS for this geometry (clip time) or None."""

    plan: OutputPlan
    path: Path
    segments: tuple[int, ...]
    layers: tuple[Layer, ...] = ()
    cards: CardSpec | None = None
    subtitles: tuple[Path | None, ...] = ()
    pad_color: str = "black"


@dataclass(frozen=True)
class Frames:
    """Where each shown segment sits in an output, in frames of the story rate (cards excluded)."""

    fps: Fraction
    n: tuple[int, ...]  # frames of each segment
    start: tuple[int, ...]  # first story frame of each segment
    dissolve: tuple[int, ...]  # frames of overlap with the previous segment (0: none)
    dip: tuple[int, ...]  # frames faded to black on each side of the join into this segment (0: none)
    total: int

    @property
    def seconds(self) -> float:
        return float(self.total / self.fps)


def frames(tl: Timeline, idx: Sequence[int], fps: Fraction) -> Frames:
    n, start, dis, dip = [], [], [], []
    pos = 0
    for k, j in enumerate(idx):
        s = tl.segments[j]
        nk = max(1, round(s.length * fps))
        d = p = 0
        if k and s.transition == "dissolve" and s.transition_len > 0:
            d = max(1, min(round(s.transition_len * fps), nk - 1, n[-1] - 1))
        elif k and s.transition == "dip" and s.transition_len > 0:
            p = max(1, min(round(s.transition_len * fps / 2), nk // 2, n[-1] // 2))
        pos -= d
        n.append(nk)
        start.append(pos)
        dis.append(d)
        dip.append(p)
        pos += nk
    return Frames(fps, tuple(n), tuple(start), tuple(dis), tuple(dip), pos)


def story_fps(sources: Sequence[SegmentSource], tl: Timeline) -> Fraction:
    """The rate of the longest segment's source (VFR snapped up to 25/30/50/60)."""
    k = max(range(len(tl.segments)), key=lambda i: tl.segments[i].length)
    return G.output_fps(sources[k].info)


@dataclass
class _Edges:
    """One shown segment's sound in an output: source seconds [a0, a1) placed at story second ``at``."""

    a0: float
    a1: float
    at: float
    fade_in: float = 0.0
    fade_out: float = 0.0


def _edges(tl: Timeline, idx: Sequence[int], fr: Frames) -> list[_Edges]:
    out = []
    F = fr.fps
    for k, j in enumerate(idx):
        s = tl.segments[j]
        t0 = float(fr.start[k] / F)  # story second of the first picture
        lead = max(0.0, s.audio_lead) if k else 0.0  # J-cut: this sound starts earlier
        lag_in = max(0.0, -s.audio_lead) if k else 0.0  # L-cut: the previous sound runs into this picture
        nxt = tl.segments[idx[k + 1]] if k + 1 < len(idx) else None
        lag = max(0.0, -nxt.audio_lead) if nxt is not None else 0.0
        lead_next = max(0.0, nxt.audio_lead) if nxt is not None else 0.0
        own = float(fr.n[k] / F)
        a0 = s.src_in - lead + lag_in
        a1 = s.src_in + own + lag - lead_next
        e = _Edges(a0, a1, t0 - lead + lag_in)
        if fr.dissolve[k]:
            e.fade_in = float(fr.dissolve[k] / F)
        if fr.dip[k]:
            e.fade_in = float(fr.dip[k] / F)
        if k + 1 < len(idx):
            if fr.dissolve[k + 1]:
                e.fade_out = float(fr.dissolve[k + 1] / F)
            elif fr.dip[k + 1]:
                e.fade_out = float(fr.dip[k + 1] / F)
        out.append(e)
    return out


def _seek(tl: Timeline, j: int) -> tuple[float, float]:
    """(input seek point, seconds to read) of segment j, covering its picture and any J/L extension."""
    s = tl.segments[j]
    lead = max(0.0, s.audio_lead)
    lag = max([0.0] + [-x.audio_lead for x in tl.segments])
    p = max(0.0, s.src_in - lead)
    return p, s.src_out + lag + TAIL_SLACK - p


def _duck_expr(vo: Sequence[tuple[float, float]], gain_db: float) -> str:
    g = 10 ** (-abs(gain_db) / 20)
    parts = [f"clip(min((t-{G._num(a - DUCK_RAMP_IN)})/{G._num(DUCK_RAMP_IN)},"
             f"({G._num(b + DUCK_RAMP_OUT)}-t)/{G._num(DUCK_RAMP_OUT)}),0,1)" for a, b in vo]
    d = parts[0]
    for p in parts[1:]:
        d = f"max({d},{p})"
    return f"1-{G._num(1 - g)}*{d}"


class _Story:
    """Builds the graph (once counting how often each input is used, once for real; see graph._Inputs)."""

    def __init__(self, ff, tl: Timeline, sources: Sequence[SegmentSource], outputs: Sequence[StoryOutput],
                 fps: Fraction, inputs: G._Inputs, audio_only: bool = False) -> None:
        self.ff, self.tl, self.sources, self.outputs, self.F = ff, tl, sources, outputs, fps
        self.inputs = inputs
        self.audio_only = audio_only
        self.used = sorted({j for o in outputs for j in o.segments})
        self.src: dict[int, object] = {}
        for j in self.used:
            p, length = _seek(tl, j)
            kw = {"ss": G._num(p), "t": G._num(length)} if p > 0 else {"t": G._num(length)}
            # a unique option per input so that two segments of one file are two inputs (ffmpeg-python
            # would merge equal input nodes)
            self.src[j] = ff.input(str(tl.segments[j].source), thread_queue_size=512 + j, **kw)
        self.seek = {j: _seek(tl, j)[0] for j in self.used}

    # --- video ------------------------------------------------------------------------------------

    def video_branches(self) -> dict[int, list]:
        """Each used segment normalised, masked and cut to its frames, split once per output using it."""
        out: dict[int, list] = {}
        for j in self.used:
            s, info = self.tl.segments[j], self.sources[j].info
            v = self.src[j]["v:0"]
            if info.video is not None and info.video.interlaced:
                v = v.filter("bwdif", mode="send_frame", deint="interlaced")
            sar = G._sar(info)
            if sar != 1:
                v = v.filter("scale", w=f"trunc(iw*{sar.numerator}/{sar.denominator}/2)*2", h="ih").filter(
                    "setsar", "1")
            mask = self.sources[j].mask
            if mask is not None:
                v = G._apply_mask(v, mask, G._upright_size(info, sar), self.seek[j],
                                  info.video.pix_fmt if info.video else None)
            first = round((s.src_in - self.seek[j]) * self.F)
            n = max(1, round(s.length * self.F))
            v = (v.filter("fps", fps=str(self.F), start_time=0).filter("tpad", stop_mode="clone", stop=-1)
                 .filter("trim", start_frame=first, end_frame=first + n).filter("setpts", "PTS-STARTPTS"))
            k = sum(1 for o in self.outputs if j in o.segments)
            out[j] = G._split(v, k) if k > 1 else [v]
        return out

    def picture(self, o: StoryOutput, branches: dict[int, list], fr: Frames):
        """The story's main picture for one output (joined, branded, captions burned per segment)."""
        plan = o.plan
        stub = OutputSpec(path=o.path, width=plan.width, height=plan.height, reframe=plan.reframe,
                          pad_color=o.pad_color)
        vs = []
        for k, j in enumerate(o.segments):
            s = self.tl.segments[j]
            v = G._reframe(branches[j].pop(0), stub, None).filter("setsar", "1").filter("format", "yuv420p")
            sub = o.subtitles[k] if k < len(o.subtitles) else None
            if sub is not None:  # the clip's approved captions in the clip's own time
                v = (v.filter("setpts", f"PTS+{G._num(s.src_in)}/TB")
                     .filter("subtitles", filename=str(sub), fontsdir=str(fonts_dir()))
                     .filter("setpts", f"PTS-{G._num(s.src_in)}/TB"))
            if fr.dip[k]:
                v = v.filter("fade", type="in", start_frame=0, nb_frames=fr.dip[k])
            if k + 1 < len(o.segments) and fr.dip[k + 1]:
                p = fr.dip[k + 1]
                # black on the last frame (ffmpeg's fade-out ends one step above black on its last frame)
                v = v.filter("fade", type="out", start_frame=fr.n[k] - p, nb_frames=max(1, p - 1))
            vs.append(v)
        group = [vs[0]]
        acc_frames = fr.n[0]
        for k in range(1, len(vs)):
            if fr.dissolve[k]:
                acc = self._concat(group)
                if len(group) > 1:  # concat's time base is 1/1000000; xfade wants its inputs' to match
                    acc = acc.filter("settb", str(1 / self.F))
                d = fr.dissolve[k]
                acc = self.ff.filter([acc, vs[k]], "xfade", transition="fade", duration=G._num(d / self.F),
                                     offset=G._num((acc_frames - d) / self.F))
                group = [acc]
                acc_frames += fr.n[k] - d
            else:
                group.append(vs[k])
                acc_frames += fr.n[k]
        v = self._concat(group)
        if o.layers:
            p = G._Plan(spec=OutputSpec(path=o.path, width=plan.width, height=plan.height, layers=o.layers),
                        fps=self.F, start=0.0, main_frames=fr.total)
            v = G._apply_layers(v, p, self.inputs, self.sources[o.segments[0]].info)
        return v.filter("trim", end_frame=fr.total)

    def _concat(self, streams: list):
        if len(streams) == 1:
            return streams[0]
        return self.ff.concat(*streams, v=1, a=0)

    # --- audio ------------------------------------------------------------------------------------

    def audio_branches(self) -> dict[int, list]:
        out: dict[int, list] = {}
        for j in self.used:
            info = self.sources[j].info
            k = sum(1 for o in self.outputs if j in o.segments)
            if info.audio is None or self.tl.segments[j].audio == "mute":
                out[j] = [None] * k
                continue
            a = (self.src[j]["a:0"].filter("aresample", osr=AUDIO_RATE, **{"async": 1, "first_pts": 0})
                 .filter("aformat", sample_fmts="fltp", sample_rates=AUDIO_RATE, channel_layouts="stereo"))
            out[j] = G._split(a, k, audio=True) if k > 1 else [a]
        return out

    def sound(self, o: StoryOutput, branches: dict[int, list], fr: Frames):
        """The story's sound for one output (no cards): segments placed in story time and mixed, the
        natural sound ducked under the voice-over, cut to the picture's exact length."""
        edges = _edges(self.tl, o.segments, fr)
        total = round(fr.seconds * AUDIO_RATE)
        parts = []
        for k, j in enumerate(o.segments):
            e = edges[k]
            s = self.tl.segments[j]
            n = max(1, round((e.a1 - e.a0) * AUDIO_RATE))
            a = branches[j].pop(0)
            if a is None:
                continue  # no sound of its own: the mix's silence covers it
            start = e.a0 - self.seek[j]
            a = (a.filter("atrim", start=G._num(max(0.0, start))).filter("asetpts", "PTS-STARTPTS")
                 .filter("apad").filter("atrim", end_sample=n))
            gain = ROLE_GAIN_DB.get(s.audio)
            if gain:
                a = a.filter("volume", volume=f"{gain}dB")
            if e.fade_in > 0:
                a = a.filter("afade", type="in", start_time=0, duration=G._num(e.fade_in))
            if e.fade_out > 0:
                a = a.filter("afade", type="out", start_time=G._num(n / AUDIO_RATE - e.fade_out),
                             duration=G._num(e.fade_out))
            delay = round(e.at * AUDIO_RATE)
            if delay > 0:
                a = a.filter("adelay", delays=f"{delay}S", all=1)
            parts.append(a)
        silence = G._silence(self.inputs, "stereo").filter("atrim", end_sample=total)
        nat = self._mix([silence] + parts)
        vo_times = []
        vos = []
        for i, v in enumerate(self.tl.voiceover):
            if v.at >= fr.seconds:
                continue
            length = (v.src_out - v.src_in) if v.src_out is not None else None
            kw = {"ss": G._num(v.src_in)} if v.src_in > 0 else {}
            if length is not None:
                kw["t"] = G._num(length)
            a = self.inputs.take(str(v.file), "a:0", **kw)
            a = (a.filter("aresample", osr=AUDIO_RATE, **{"async": 1, "first_pts": 0})
                 .filter("aformat", sample_fmts="fltp", sample_rates=AUDIO_RATE, channel_layouts="stereo"))
            if round(v.at * AUDIO_RATE) > 0:
                a = a.filter("adelay", delays=f"{round(v.at * AUDIO_RATE)}S", all=1)
            vos.append(a)
            end = v.at + (length if length is not None else 0.0)
            vo_times.append((v.at, min(end, fr.seconds)))
        if vos:
            nat = nat.filter("volume", volume=_duck_expr(vo_times, self.tl.duck_db), eval="frame")
            nat = self._mix([nat] + vos)
        return nat.filter("apad").filter("atrim", end_sample=total)

    def _mix(self, streams: list):
        if len(streams) == 1:
            return streams[0]
        return self.ff.filter(streams, "amix", inputs=len(streams), normalize=0, duration="longest",
                              dropout_transition=0)

    def finish_audio(self, a, o: StoryOutput, fr: Frames, gain_chain: str | None):
        """Cards' silence and fades around the story's sound, then the output's gain chain."""
        cards = o.cards
        lead = tail = 0.0
        main = fr.seconds
        if cards is not None:
            f = max(0.0, min(cards.fade, main / 2))
            if cards.title:
                lead = _frames_secs(cards.title_duration, self.F)
                if f > 0:
                    a = a.filter("afade", type="in", start_time=0, duration=G._num(f))
            if cards.end:
                tail = _frames_secs(cards.end_duration, self.F)
                if f > 0:
                    a = a.filter("afade", type="out", start_time=G._num(main - f), duration=G._num(f))
        if lead > 0:
            a = a.filter("adelay", delays=f"{round(lead * AUDIO_RATE)}S", all=1)
        total = round(lead * AUDIO_RATE) + round(main * AUDIO_RATE) + round(tail * AUDIO_RATE)
        a = a.filter("apad").filter("atrim", end_sample=total)
        if gain_chain:
            a = G._raw_filter(a, gain_chain)
        return a.filter("aresample", osr=AUDIO_RATE)

    def finish_picture(self, v, o: StoryOutput, fr: Frames):
        cards = o.cards
        if cards is None or not (cards.title or cards.end):
            return v
        plan = o.plan
        p = G._Plan(spec=OutputSpec(path=o.path, width=plan.width, height=plan.height, cards=cards),
                    fps=self.F, start=0.0, main_frames=fr.total)
        f = G._fade_len(p, fr.seconds)
        segs = []
        if cards.title:
            v = v.filter("fade", type="in", start_time=0, duration=G._num(f))
            p.title_frames = max(1, round(cards.title_duration * self.F))
            segs.append(G._card(self.inputs, cards.title, p.title_frames, p, False, True, None)[0])
        if cards.end:
            v = v.filter("fade", type="out", start_time=G._num(fr.seconds - f), duration=G._num(f))
        segs.append(v)
        if cards.end:
            p.end_frames = max(1, round(cards.end_duration * self.F))
            segs.append(G._card(self.inputs, cards.end, p.end_frames, p, True, False, None)[0])
        return self.ff.concat(*segs, v=1, a=0)


def _frames_secs(seconds: float, fps: Fraction) -> float:
    return float(max(1, round(seconds * fps)) / fps)


def output_seconds(o: StoryOutput, fr: Frames) -> float:
    lead = _frames_secs(o.cards.title_duration, fr.fps) if o.cards is not None and o.cards.title else 0.0
    tail = _frames_secs(o.cards.end_duration, fr.fps) if o.cards is not None and o.cards.end else 0.0
    return lead + fr.seconds + tail


def _check(tl: Timeline, sources: Sequence[SegmentSource], outputs: Sequence[StoryOutput]) -> None:
    if len(sources) != len(tl.segments):
        raise UsageError("render.no_outputs", path=tl.slug)
    for o in outputs:
        if not o.segments:
            raise UsageError("render.no_outputs", path=o.path)
    for j, s in enumerate(tl.segments):
        if sources[j].info.video is None:
            raise UsageError("render.no_video", path=s.source)


def _build(tl: Timeline, sources: Sequence[SegmentSource], outputs: Sequence[StoryOutput], fps: Fraction,
           targets: Sequence[str], gains: Sequence[str | None]) -> list[str]:
    import ffmpeg as ff

    _check(tl, sources, outputs)

    def once(inputs: G._Inputs) -> list[str]:
        b = _Story(ff, tl, sources, outputs, fps, inputs)
        vb = b.video_branches()
        ab = b.audio_branches()
        outs = []
        for o, target, gain in zip(outputs, targets, gains):
            fr = frames(tl, o.segments, fps)
            v = b.finish_picture(b.picture(o, vb, fr), o, fr)
            a = b.finish_audio(b.sound(o, ab, fr), o, fr, gain)
            outs.append(ff.output(v, a, target))
        return ff.get_args(ff.merge_outputs(*outs))

    counter = G._Inputs(ff)
    once(counter)
    args = once(G._Inputs(ff, counter.want))
    for o, target in zip(outputs, targets):
        i = args.index(target)
        a = o.plan.audio
        extra = [*o.plan.video_args, *(a.args if a is not None and a.args else G.DEFAULT_AUDIO_ARGS),
                 "-map_chapters", "-1", "-r", str(fps), *o.plan.output_args]
        args[i:i] = extra
    return args


def build_command(tl: Timeline, sources: Sequence[SegmentSource], outputs: Sequence[StoryOutput],
                  fps: Fraction) -> list[str]:
    """The ffmpeg arguments (without the binary) that render every output of the story."""
    return _build(tl, sources, outputs, fps, [str(o.path) for o in outputs],
                  [o.plan.audio.filter if o.plan.audio else None for o in outputs])


def describe(tl: Timeline, sources: Sequence[SegmentSource], outputs: Sequence[StoryOutput],
             fps: Fraction) -> str:

    return format_cmd([ffmpeg_path(), "-hide_banner", "-nostdin", *build_command(tl, sources, outputs, fps)])


def audio_command(tl: Timeline, sources: Sequence[SegmentSource], output: StoryOutput, fps: Fraction,
                  chain: str | None) -> list[str]:
    """ffmpeg arguments measuring one output's sound after ``chain`` (ebur128 to a null muxer), decoding
    no video: the loudness passes of the story (calibration of its gain and limiter)."""
    import ffmpeg as ff

    _check(tl, sources, [output])

    def once(inputs: G._Inputs) -> list[str]:
        b = _Story(ff, tl, sources, [output], fps, inputs, audio_only=True)
        fr = frames(tl, output.segments, fps)
        a = b.finish_audio(b.sound(output, b.audio_branches(), fr), output, fr, chain)
        a = a.filter("ebur128", peak="true", framelog="quiet")
        return ff.get_args(ff.output(a, "-", f="null"))

    counter = G._Inputs(ff)
    once(counter)
    return once(G._Inputs(ff, counter.want))


def render(tl: Timeline, sources: Sequence[SegmentSource], outputs: Sequence[StoryOutput], fps: Fraction, *,
           force: bool = False) -> Iterator[Progress]:
    """Render every output in one ffmpeg process; outputs appear (atomically) only when all were written."""
    finals = [Path(o.path) for o in outputs]
    if len(set(finals)) != len(finals):
        raise UsageError("render.duplicate_output", path=tl.slug)
    for f in finals:
        if f.exists() and not force:
            raise OutputExists(f)
    tmps = []
    for f in finals:
        f.parent.mkdir(parents=True, exist_ok=True)
        tmps.append(temp_sibling(f))
    args = _build(tl, sources, outputs, fps, [str(t) for t in tmps],
                  [o.plan.audio.filter if o.plan.audio else None for o in outputs])
    total = max(output_seconds(o, frames(tl, o.segments, fps)) for o in outputs)
    done = False
    try:
        yield from ffmpeg_run(["-y", *args], outputs=tmps, total=total, subject=tl.slug)
        for t, f in zip(tmps, finals):
            os.replace(t, f)
        done = True
    finally:
        if not done:
            for t in tmps:
                try:
                    t.unlink()
                except FileNotFoundError:
                    pass


__all__ = ["SegmentSource", "StoryOutput", "Frames", "frames", "story_fps", "build_command", "describe",
           "audio_command", "render", "output_seconds"]
