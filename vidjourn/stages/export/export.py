"""The export stage: one source clip -> every requested platform format in ONE render() call.

For each clip the profiles are turned into :class:`~vidjourn.render.graph.OutputSpec` s (frame, constant
frame rate, encoder arguments, size-cap budget, loudness gain, metadata stripping, trim/split/pad)
and rendered together, so the source is decoded once and ``split`` feeds every format. A profile that
cannot be met for a clip (too long, cannot fit its size cap) fails alone with a message saying what
to do; the other formats of that clip and the other clips carry on.

Progress is a generator of events (:class:`ClipStarted`, :class:`ClipProgress`, :class:`ClipDone`);
the CLI draws them. Nothing here prints.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field, replace
from dataclasses import replace as dc_replace
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from vidjourn.core.errors import MediaError, UsageError, VidjournError
from vidjourn.core.i18n import t
from vidjourn.core.probe import MediaInfo, probe_cached
from vidjourn.core.records import blocks, clip_names
from vidjourn.core.timeutil import timecode
from vidjourn.graphics import draw as graphics
from vidjourn.graphics.lower_thirds import lower_thirds_for
from vidjourn.render import plan
from vidjourn.render.graph import OutputSpec, output_fps, render
from vidjourn.render.plan import Geometry, OutputPlan, fps_for, frame_for, h264_level  # noqa: F401
from vidjourn.render.spec import MaskSpec
from vidjourn.settings.profiles import MB, Profile
from vidjourn.stages.export import normalize


def _secs(x: float) -> str:
    """2.38 -> '2.38 s', 180 -> '00:03:00' (for messages)."""
    return f"{round(x, 3):g} s" if x < 60 else timecode(x)[:8]


@dataclass(frozen=True)
class PlannedOutput:
    platform: str
    spec: OutputSpec
    duration: float  # seconds of output
    video_kbps: int  # the peak rate handed to the encoder (-maxrate)
    capped: bool  # True when a size cap (not the profile's ceiling) set video_kbps
    notes: tuple[str, ...] = ()
    part: int | None = None  # 1-based part number for split profiles
    cap_bytes: int | None = None
    sidecar: str | None = None  # SRT text written beside the output (approved captions, this format's layout)
    plan: OutputPlan | None = None  # what render.plan decided (printed by export --dry-run -v)

    @property
    def path(self) -> Path:
        return self.spec.path


@dataclass(frozen=True)
class Failure:
    platform: str
    error: VidjournError

    def to_dict(self) -> dict[str, Any]:
        return {"platform": self.platform, "error": self.error.message(), "key": self.error.key}


@dataclass(frozen=True)
class OutputResult:
    platform: str
    path: str
    width: int
    height: int
    fps: float
    duration: float
    size: int
    video_kbps: int
    notes: tuple[str, ...] = ()
    part: int | None = None
    sidecar: str | None = None  # the captions SRT written beside the file, if any

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["notes"] = list(self.notes)
        return d


@dataclass(frozen=True)
class ClipResult:
    clip: str
    source: str
    encoder: str
    outputs: tuple[OutputResult, ...] = ()
    failures: tuple[Failure, ...] = ()
    existing: tuple[tuple[str, str], ...] = ()  # (platform, path) kept because they exist (no --force)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return {"clip": self.clip, "source": self.source, "encoder": self.encoder, "ok": self.ok,
                "outputs": [o.to_dict() for o in self.outputs],
                "failures": [f.to_dict() for f in self.failures],
                "existing": [{"platform": pl, "path": pa} for pl, pa in self.existing]}


@dataclass(frozen=True)
class ClipStarted:
    clip: str
    index: int
    total: int
    outputs: tuple[PlannedOutput, ...]


@dataclass(frozen=True)
class ClipProgress:
    clip: str
    index: int
    total: int
    fraction: float | None
    job: float | None = None  # the whole job's share done (weighted by each pass's estimated work)
    eta: float | None = None  # seconds until the whole job is done (from the time taken so far)


@dataclass(frozen=True)
class FirstReady:
    """The first platform's files of a clip are final and checked, while the other platforms continue."""

    clip: str
    index: int
    total: int
    platform: str
    outputs: tuple[OutputResult, ...]
    problems: tuple[str, ...] = ()  # `check` findings, one line per file that did not pass
    failures: tuple[Failure, ...] = ()


@dataclass(frozen=True)
class ClipDone:
    clip: str
    index: int
    total: int
    result: ClipResult


@dataclass(frozen=True)
class Clip:
    """One source to export: the file, its probe data, and the ingest loudness measurement if any."""

    path: Path
    info: MediaInfo
    loudness: dict | None = None
    name: str = ""
    record: dict | None = field(default=None, compare=False)  # its manifest record, when from an assignment
    # What other stages hand this clip (stages.base "render contributions"), paths made absolute:
    # {"kind": "mask", "ass", "mode", "width", "height", "block", "blank"} or {"kind": "block", "key", "args"}.
    contributions: tuple = field(default=(), compare=False)

    @property
    def label(self) -> str:
        return self.name or self.path.stem

    @property
    def sha256(self) -> str | None:
        """The original's sha256 (from the manifest): where its shot analysis is kept."""
        return (self.record or {}).get("sha256")


@dataclass(frozen=True)
class Options:
    start: float | None = None
    end: float | None = None
    reframe: str | None = None  # None: each profile's own
    encoder: str = "libx264"  # an ffmpeg encoder name (encoders.pick_encoder resolves auto|x264|...)
    speed: str = "normal"
    keep_metadata: bool = False
    force: bool = False
    # Files at output paths that the ledger says this stage made for this clip (any earlier task of it,
    # however its platforms were grouped then): replaced without --force; anyone else's are kept.
    owned: frozenset[str] = frozenset()
    cache_dir: Path | None = None  # the assignment's work/ folder: remembers loudness calibrations
    # Finish this platform's files of every clip first (one pass per clip), then the others (a
    # second decode per clip: see docs/DESIGN.md "First file first"). None: one pass per clip.
    first: str | None = None
    # Shot analysis (64×36 frames + thumbnails) from this decode when the clip is an assignment's
    # (cache_dir and sha256 known), the whole clip is decoded and no analysis is cached yet.
    analysis: bool = True
    # (clip, profile, geometry) -> (brand layers inside the profile's safe area, CardSpec or None)
    brand: Callable[[Clip, Profile, Geometry], tuple[tuple, Any]] | None = field(default=None, compare=False)
    # What other stages contribute for this clip (plain dicts: masks, subtitles), see stages/base.py.
    contributions: tuple[dict[str, Any], ...] = ()
    root: Path | None = None  # the assignment: contributions name files relative to it
    captions_style: Any = None  # the brand preset that styles burned captions (None: the default preset)


from vidjourn.render.plan import (  # noqa: E402,F401  (moved there; export's public names)
    CAP_SAFETY,
    LADDER,
    MUX_FIXED_BYTES,
    MUX_OVERHEAD,
    REF_PIXEL_RATE,
    audio_args,
    floor_kbps,
    hardware_video_args,
    output_args,
    peak_kbps,
    video_args,
    video_budget_kbps,
)


def _windows(profile: Profile, clip: Clip, opts: Options) -> tuple[list[tuple[float, float]], float | None, list[str]]:
    """(start, end) pieces for this profile, the pad-to length, and notes (see render.plan.windows)."""
    return plan.windows(profile, clip.path, clip.info.duration, opts.start, opts.end)


def _geometry(profile: Profile, clip: Clip, fps: float, duration: float) -> tuple[Geometry, int, bool, list[str]]:
    """Frame and peak video rate (see render.plan.geometry)."""
    info = clip.info
    return plan.geometry(profile, info.path, info.display_width or 2, info.display_height or 2, fps, duration)


def _captions(item: dict[str, Any], profile: Profile, geo: Geometry, layers: Sequence[Any], opts: Options,
              start: float, end: float, lead: float = 0.0) -> tuple[Path | None, str | None]:
    """The approved captions for one output: an ASS file to burn (``burn``) in the profile's safe area, and
    the SRT text to write beside the file (``sidecar``; times of this output file: shifted for a part, and
    by ``lead``, the title card before the clip)."""
    from vidjourn.captions.cues import parse, to_srt
    from vidjourn.graphics import captions as gc

    root = opts.root or (opts.cache_dir.parent if opts.cache_dir else Path.cwd())
    style = opts.captions_style
    if style is None:
        from vidjourn.settings import presets

        style = presets.load(None, root)
    # Lines shown while a lower third is up sit just above its bar instead of on it (as brand does).
    gap = round(min(geo.width, geo.height) * 0.02)
    avoid = [(L.start, L.end, geo.height - L.y + gap) for L in layers if L.start is not None and L.end is not None]
    ass, text = gc.burn_file(root, item, style, geo.width, geo.height, profile.safe_area,
                             cache_dir=opts.cache_dir or root / "work", avoid=avoid)
    sidecar = None
    if item.get("sidecar"):
        shifted = [dc_replace(c, start=max(c.start, start) - start + lead, end=min(c.end, end) - start + lead)
                   for c in parse(text) if c.end > start and c.start < end]
        sidecar = to_srt(c for c in shifted if c.end > c.start)
    return (ass if item.get("burn") else None), sidecar


def _out_path(out_root: Path, profile: Profile, clip: Clip, part: int | None, parts: int) -> Path:
    stem = clip.label
    if part is not None and parts > 1:
        stem = f"{stem}_part{part}of{parts}"
    return out_root / profile.name / f"{stem}.mp4"


def plan_clip(clip: Clip, profiles: Sequence[Profile], out_root: Path, opts: Options
              ) -> tuple[list[PlannedOutput], list[Failure]]:
    """Every output of one clip, or a failure per profile that cannot be met. Runs no encode.

    Audio-only calibration passes may run (see :mod:`vidjourn.stages.export.normalize`); they decode no video.
    """
    info = clip.info
    if info.video is None:
        err = MediaError("export.error.no_video", path=clip.path)
        return [], [Failure(p.name, err) for p in profiles]
    # Approved captions to burn or write beside the file (blocks were handled by export_clips).
    contributions = tuple(clip.contributions) or tuple(opts.contributions)
    captions = next((c for c in contributions if c.get("kind") == "subtitles"), None)
    from vidjourn.render.encoders import setup as encoder_setup

    hw = encoder_setup(opts.encoder)  # VAAPI: upload frames to the GPU and name the device
    planned: list[PlannedOutput] = []
    failures: list[Failure] = []
    measured_cache: dict[tuple, normalize.Measured | None] = {}

    def measured_for(start: float, end: float) -> normalize.Measured | None:
        whole = start <= 0.01 and end >= info.duration - 0.01
        key = (round(start, 3), round(end, 3))
        if key not in measured_cache:
            rec = normalize.Measured.from_record(clip.loudness) if whole else None
            measured_cache[key] = rec or normalize.measure_source(
                clip.path, start=start or None, end=None if whole else end)
        return measured_cache[key]

    for profile in profiles:
        try:
            pieces, pad_to, notes = _windows(profile, clip, opts)
            v = info.video
            fps = float(output_fps(info, fps_for(profile, v.fps or v.avg_fps, v.vfr)))
            for i, (a, b) in enumerate(pieces):
                duration = max(b - a, pad_to or 0.0)
                geo = frame_for(profile, info.display_width or 2, info.display_height or 2)
                layers, cards = opts.brand(clip, profile, geo) if opts.brand else ((), None)
                if cards is not None:  # title/end cards lengthen the file: part of the size budget
                    duration += (cards.title_duration if cards.title else 0) + (
                        cards.end_duration if cards.end else 0)
                part = i + 1 if len(pieces) > 1 else None
                path = _out_path(out_root, profile, clip, part, len(pieces))
                op = plan.plan_output(profile, encoder=opts.encoder, speed=opts.speed,
                                      keep_metadata=opts.keep_metadata, src_w=info.display_width or 2,
                                      src_h=info.display_height or 2, path=info.path, fps=fps,
                                      duration=duration, reframe=opts.reframe, window=(a, b), pad_to=pad_to,
                                      part=part, notes=tuple(notes))
                geo2 = Geometry(op.width, op.height)
                if geo2 != geo and opts.brand:  # a size cap lowered the frame: lay the brand out again
                    layers, cards = opts.brand(clip, profile, geo2)
                geo = geo2
                subtitles, sidecar = None, None
                if captions is not None:
                    # A title card comes first in the file: the sidecar's times move by its whole frames.
                    lead = round(cards.title_duration * fps) / fps if cards is not None and cards.title else 0.0
                    subtitles, sidecar = _captions(captions, profile, geo, layers, opts, a, b, lead)
                if info.has_audio:
                    m = measured_for(a, b)
                    fades = None
                    if cards is not None and (cards.title or cards.end):
                        main = max(b - a, pad_to or 0.0)
                        f = max(0.0, min(cards.fade, main / 2))
                        fades = normalize.Fades(f if cards.title else 0.0, f if cards.end else 0.0, main,
                                                cards.title_duration if cards.title else 0.0,
                                                cards.end_duration if cards.end else 0.0)
                    src_audio = next((s for s in info.streams if s.type == "audio"), None)
                    ap = normalize.plan(m, profile.loudness.integrated, profile.loudness.true_peak,
                                        source=clip.path, start=a or None, end=b, fades=fades,
                                        cache_dir=opts.cache_dir,
                                        pad_to=pad_to if pad_to and pad_to > b - a else None,
                                        source_channels=getattr(src_audio, "channels", None),
                                        out_channels=profile.audio.channels,
                                        encoder_args=plan.audio_args(profile))
                    chain = plan.audio_chain(profile, ap.filter, gain_db=ap.gain_db, limited=ap.limited,
                                             expected_lufs=ap.expected_lufs)
                else:
                    chain = plan.audio_chain(profile, None)
                    op = replace(op, notes=op.notes + (t("export.note.silence", platform=profile.name),))
                op = replace(op, audio=chain)
                spec = op.spec(path, layers=tuple(layers), cards=cards, subtitles=subtitles,
                               start=a if a > 0 else None, end=b if b < info.duration - 1e-3 else None,
                               audio_required=True, pad_to=pad_to,
                               video_filter_tail=hw.vf_tail, global_args=hw.global_args)
                planned.append(PlannedOutput(profile.name, spec, duration, op.budget.video_kbps, op.budget.capped,
                                             op.notes, part, profile.max_size_bytes, sidecar, plan=op))
        except VidjournError as exc:
            failures.append(Failure(profile.name, exc))
    return planned, failures


# --- running ----------------------------------------------------------------------------------------

# Relative CPU cost per pixel of decoding vs encoding (veryfast + filters), measured on 1080p30:
# decode 0.125 CPU-s per megapixel-second, an output ~0.25 (bench/publish; only the ETA uses it).
DECODE_WEIGHT = 0.5


def pass_weight(clip: Clip, planned: Sequence[PlannedOutput]) -> float:
    """Estimated work of one render pass (for the job's progress and ETA): seconds × pixels."""
    if not planned:
        return 0.0
    src = (clip.info.display_width or 1280) * (clip.info.display_height or 720)
    dur = max(p.duration for p in planned)
    return dur * (DECODE_WEIGHT * src + sum(p.spec.width * p.spec.height for p in planned))


def _analysis_for(clip: Clip, planned: Sequence[PlannedOutput], opts: Options):
    """The analysis branch for this render, or None (not an assignment clip, trimmed, or cached)."""
    from vidjourn.analysis import clip_analysis

    if not (opts.analysis and opts.cache_dir and clip.sha256 and planned and clip.info.video is not None):
        return None
    windows = {(p.spec.start, p.spec.end) for p in planned}
    if opts.start or opts.end is not None or (len(windows) == 1 and any(w != (None, None) for w in windows)):
        return None  # the graph seeks into the source: not every frame is decoded
    if clip_analysis.cached(opts.cache_dir, clip.sha256) is not None:
        return None
    v = clip.info.video
    scratch = Path(opts.cache_dir) / "shots" / f".{clip.sha256[:12]}-branch-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    return clip_analysis.branch_spec(scratch, clip.info.display_width, clip.info.display_height,
                                     v.fps or v.avg_fps)


def _keep_analysis(clip: Clip, spec, opts: Options) -> None:
    """Turn a finished analysis branch into the cached shots + thumbnails; never fails the export."""
    from vidjourn.analysis import clip_analysis

    try:
        clip_analysis.store(Path(opts.cache_dir), str(clip.sha256), spec, clip.path)
    except (VidjournError, OSError):  # the shot log will decode the clip itself
        pass


def first_platform(story: dict, names: Sequence[str]) -> str | None:
    """The platform finished first: vidjourn.yaml's ``first:`` if it names one of ``names`` (``first:
    none`` turns the ordering off), else the first platform named. None with a single platform."""
    if len(set(names)) < 2:
        return None
    want = story.get("first") if isinstance(story, dict) else None
    if want is False or (isinstance(want, str) and want.strip().lower() in ("none", "no", "off", "")):
        return None
    if isinstance(want, str) and want.strip() in names:
        return want.strip()
    return names[0]


def export_clips(clips: Sequence[Clip], profiles: Sequence[Profile], out_root: Path, opts: Options
                 ) -> Iterator[ClipStarted | ClipProgress | FirstReady | ClipDone]:
    """Export every clip to every profile: one render() (one ffmpeg, one decode) per clip and pass.

    With ``opts.first`` (and other platforms besides it), every clip's first-platform files are made
    first, checked and announced (:class:`FirstReady`), then the other platforms clip by clip. The
    analysis branch rides on each clip's first pass, so the shot log needs no decode of its own.
    Every file is checked against its profile as soon as it is written (:func:`_conform`).
    """


    total = len(clips)
    jobs: list[tuple[list[PlannedOutput], list[Failure], list[tuple[str, str]], tuple]] = []
    for clip in clips:
        contribs = tuple(clip.contributions) or tuple(opts.contributions)
        stop = blocks(contribs)
        try:
            if stop:  # e.g. redaction required and not approved: nothing of this clip is published
                raise VidjournError(stop[0].key, **dict(stop[0].args))
            planned, failures = plan_clip(clip, profiles, out_root, opts)
        except VidjournError as exc:
            planned, failures = [], [Failure(p.name, exc) for p in profiles]
        existing: list[tuple[str, str]] = []
        if not opts.force:
            # An existing output is kept (a calm skip, like ingest's "already in"); the others are made.
            keep = []
            for p in planned:
                if p.path.exists() and str(Path(p.path).resolve()) not in opts.owned:
                    existing.append((p.platform, str(p.path)))
                else:
                    keep.append(p)
            planned = keep
        jobs.append((planned, failures, existing, contribs))
    names = {p.name for p in profiles}
    first = opts.first if opts.first in names and len(names) > 1 else None
    passes: list[tuple[int, list[PlannedOutput], bool]] = []  # (clip index, outputs, announce?)
    if first:
        passes += [(i, [p for p in job[0] if p.platform == first], True) for i, job in enumerate(jobs)]
        passes += [(i, [p for p in job[0] if p.platform != first], False) for i, job in enumerate(jobs)]
    else:
        passes += [(i, job[0], False) for i, job in enumerate(jobs)]
    last_pass = {i: k for k, (i, _, _) in enumerate(passes)}
    weights = [pass_weight(clips[i], sub) for i, sub, _ in passes]
    total_w = sum(weights) or 1.0
    done_w = 0.0
    t0 = time.monotonic()
    outputs: dict[int, list[OutputResult]] = {i: [] for i in range(total)}
    failed_by: dict[int, list[Failure]] = {i: list(job[1]) for i, job in enumerate(jobs)}
    started: set[int] = set()
    for k, (i, sub, announce) in enumerate(passes):
        clip = clips[i]
        contribs = jobs[i][3]
        if i not in started:
            started.add(i)
            yield ClipStarted(clip.label, i + 1, total, tuple(jobs[i][0]))
        made: list[OutputResult] = []
        lost: list[Failure] = []
        if sub:
            mask = mask_spec(contribs, opts.cache_dir.parent if opts.cache_dir else None)
            spec = _analysis_for(clip, sub, opts) if mask is None else None
            try:
                # what is left at an existing path was made by this stage for this clip (opts.owned)
                for ev in render(clip.path, clip.info, [p.spec for p in sub], force=True, mask=mask,
                                 analysis=spec):
                    job = (done_w + weights[k] * (ev.fraction or 0.0)) / total_w
                    spent = time.monotonic() - t0
                    eta = spent * (1 - job) / job if job > 0.01 else None
                    yield ClipProgress(clip.label, i + 1, total, ev.fraction, job, eta)
                made, over = _results(sub)
                lost += over
                made, rejected = _conform(made, sub, profiles, opts)
                lost += rejected
                if spec is not None:
                    _keep_analysis(clip, spec, opts)
            except VidjournError as exc:
                lost += [Failure(p.platform, exc) for p in sub]
            finally:
                if spec is not None:
                    shutil.rmtree(Path(spec.frames).parent, ignore_errors=True)
        done_w += weights[k]
        outputs[i] += made
        failed_by[i] += lost
        if announce and first:
            yield FirstReady(clip.label, i + 1, total, first, tuple(made),
                             tuple(f.error.message() for f in lost),
                             tuple(lost + [f for f in jobs[i][1] if f.platform == first]))
        if last_pass[i] == k:
            yield ClipDone(clip.label, i + 1, total,
                           ClipResult(clip.label, str(clip.path), opts.encoder, tuple(outputs[i]),
                                      tuple(failed_by[i]), tuple(jobs[i][2])))


def _conform(outputs: list[OutputResult], planned: Sequence[PlannedOutput], profiles: Sequence[Profile],
             opts: Options) -> tuple[list[OutputResult], list[Failure]]:
    """`vidjourn check` on every file just written: export never reports success for a file its own
    profile rejects. A file that fails is moved out of out/ (to work/rejected/, for a look) and its
    format fails with check's reasons; the others stand."""
    from vidjourn.analysis.check import check

    by_name = {p.name: p for p in profiles}
    keep: list[OutputResult] = []
    fails: list[Failure] = []
    for o, p in zip(outputs, planned):
        prof = by_name.get(p.platform)
        if prof is None:
            keep.append(o)
            continue
        verdict = check(Path(o.path), prof)
        # --keep-metadata keeps the source's tags on purpose: the one item the user chose to fail
        wrong = [i for i in verdict.failures if not (opts.keep_metadata and i.key == "metadata")]
        if not wrong:
            keep.append(o)
            continue
        aside = (opts.cache_dir or Path(o.path).parent.parent.parent / "work") / "rejected" / p.platform
        aside.mkdir(parents=True, exist_ok=True)
        os.replace(o.path, aside / Path(o.path).name)
        fails.append(Failure(p.platform, UsageError("export.error.check_failed", path=o.path, platform=p.platform,
                                                    reasons=verdict.reasons(), aside=aside / Path(o.path).name)))
    return keep, fails


def mask_spec(contributions: Sequence[dict], root: Path | None = None):
    """The render mask from a clip's contributions (the first "mask"), or None. ``root``: the assignment
    folder, which a relative ``ass`` path is relative to."""

    return MaskSpec.from_contributions(contributions, root)


def _results(planned: Sequence[PlannedOutput]) -> tuple[list[OutputResult], list[Failure]]:
    outs, fails = [], []
    for p in planned:
        size = p.path.stat().st_size
        sidecar = None
        if p.sidecar is not None:  # the captions for platforms that take a caption file
            from vidjourn.core.fsutil import write_text_atomic

            sidecar = str(p.path.with_suffix(".srt"))
            write_text_atomic(sidecar, p.sidecar)
        outs.append(OutputResult(p.platform, str(p.path), p.spec.width, p.spec.height, float(p.spec.fps or 0),
                                 round(p.duration, 3), size, p.video_kbps, p.notes, p.part, sidecar))
    for p, o in zip(planned, outs):
        if p.cap_bytes and o.size > p.cap_bytes:  # the budget is a ceiling; this should never happen
            fails.append(Failure(p.platform, UsageError(
                "export.error.over_cap", path=p.path, size=f"{o.size / MB:.1f}", cap=f"{p.cap_bytes / MB:g}",
                platform=p.platform)))
    return outs, fails


# --- inputs from an assignment ----------------------------------------------------------------------

def clips_from_assignment(asg, names: Sequence[str] = ()) -> list[Clip]:
    """The assignment's clips (all, or those named by id, file name or path), with manifest data."""
    records = asg.clips()
    if not names:
        if not records:
            raise UsageError("export.error.no_clips", path=asg.root)
        return [_clip_from_record(asg, r) for r in records]
    out = []
    for n in names:
        p = Path(n)
        rec = next((r for r in records if n in clip_names(r)
                    or (p.exists() and asg.clip_path(r).resolve() == p.resolve())), None)
        out.append(_clip_from_record(asg, rec) if rec else clip_from_file(p))
    return out


def _clip_from_record(asg, rec: dict) -> Clip:
    path = asg.clip_path(rec)
    media = rec.get("media")
    try:
        info = MediaInfo.from_dict(media) if media else None
    except TypeError:  # a manifest from another version: probe again
        info = None
    if info is None or not path.exists():
        from vidjourn.core.probe import probe

        info = probe(path)
    return Clip(path, info, rec.get("loudness"), Path(rec["file"]).stem, record=rec)


def clip_from_file(path: Path) -> Clip:
    return Clip(Path(path), probe_cached(path), None, Path(path).stem)


# --- branding -----------------------------------------------------------------------------------------

def card_fields(story: dict, preset, clip: str, platform: str) -> dict:
    """The story's fields plus this publication's {short_id} and {check_address} (issue 12): the ID the
    sign stage records in the register, so a re-encoded copy's end card still points back to it."""
    from vidjourn.provenance.register import publication_id

    sid = publication_id(story, clip, platform)
    address = getattr(preset, "check_address", "") or ""
    return {**story, "short_id": sid, "check_address": address.replace("{id}", sid) if address else ""}


def brand_layout(preset, asg) -> Callable:
    """A brand hook for :class:`Options`: graphics laid out per output, inside the profile's safe area.

    Lower thirds come from vidjourn.yaml through the brand stage's own reader, so both stages agree.
    """

    story = asg.story()

    def hook(clip: Clip, profile: Profile, geo: Geometry):
        safe = profile.safe_area
        layers = graphics.layout_for(preset, geo.width, geo.height, safe,
                                     lower_thirds=lower_thirds_for(clip.path, asg), cache_dir=asg.work)
        cards = graphics.cards_for(preset, geo.width, geo.height, card_fields(story, preset, clip.label, profile.name),
                                   safe, cache_dir=asg.work)
        return layers, cards

    return hook
