"""The story stage: story.yaml -> out/<platform>/<slug>.mp4 for every platform, in ONE ffmpeg process.

One task per assignment with a story.yaml. Its fingerprint covers the segments (clip sha256, in/out,
roles, transitions, J/L cuts, lower thirds), the voice-over files' sha256, the clips' contributions
(masks, captions), the profiles, the brand preset and its files, the story fields the cards use, the
options and the versions — so changing a story field re-renders the story, not the clips.

The render is :mod:`vidjourn.render.story` on the timeline of :func:`model.to_timeline` (a clip export is a
story of one segment: the same timeline type and the same planner, :mod:`vidjourn.render.plan`). A clip
whose redaction or captions are required and not approved blocks the story with export's own message.
The story's loudness is measured on the story's own mix (audio-only passes, no video decoded) and brought
to each profile's target under its true-peak limit; every file is checked by ``vidjourn check``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from vidjourn import __version__
from vidjourn.core import ffmpeg, records
from vidjourn.core.assignment import Assignment
from vidjourn.core.cache import JsonCache, file_key
from vidjourn.core.digest import cached_file_sha256
from vidjourn.core.errors import UsageError, VidjournError
from vidjourn.core.probe import MediaInfo, probe_cached
from vidjourn.graphics import draw as graphics
from vidjourn.graphics.draw import GRAPHICS_VERSION, LowerThirdItem, story_fields
from vidjourn.render import plan as RP
from vidjourn.render.spec import MaskSpec
from vidjourn.settings import presets, profiles
from vidjourn.stages.base import (
    Emit,
    ErrorInfo,
    Event,
    OutputRecord,
    PipelineOptions,
    PlanContext,
    Result,
    Task,
    applies_to,
    failed,
    fingerprint,
    task_key,
)

SILENT_LUFS = -69.0
SILENT_PEAK = -60.0
PEAK_MARGIN = 1.0  # dB under the profile's true-peak ceiling the limiter aims
ENCODER_HEADROOM = 0.5  # dB the chain's own true peak stays under the ceiling (AAC adds some)
CALIBRATE_TOLERANCE = 0.3  # LU
MAX_PASSES = 4


def _slug(asg: Any) -> str:
    story = asg.story()
    raw = str(story.get("slug") or Path(asg.root).name)
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", raw).strip("-.")
    return s[:80] or "story"


def _platforms(asg: Any, options: PipelineOptions) -> list[str]:
    names = list(options.platforms) or [str(n) for n in (asg.story().get("platforms") or [])]
    if not names:
        from vidjourn.settings import profiles

        raise UsageError("export.error.no_platforms", names=", ".join(profiles.names(asg.root)))
    return names


def _preset_parts(preset: Any) -> dict[str, Any]:
    dump = preset.model_dump(mode="json")
    dump.pop("source", None)
    files = {}

    def walk(v: Any):
        if isinstance(v, str):
            p = Path(v)
            if len(v) < 4096 and p.suffix and p.is_file():
                files[v] = cached_file_sha256(p)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)

    walk(dump)
    return {"preset": dump, "preset_files": files}


def _contributions(ctx: PlanContext | None, clip_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each used clip's contributions that concern a publication (export's, or the story's own)."""
    out = {}
    for cid in clip_ids:
        out[cid] = [c for c in records.render_inputs((ctx.contributions if ctx else {}).get(cid, []),
                                                     (records.MASK, records.SUBTITLES, records.BLOCK))
                    if applies_to(c, "export") or applies_to(c, "story")]
    return out


class StoryStage:
    name = "story"
    default = True
    coordinator = False

    def plan(self, asg: Any, options: PipelineOptions, ctx: PlanContext | None = None) -> list[Task]:
        from vidjourn.render.encoders import pick_encoder
        from vidjourn.stages.story import model

        if not model.story_path(asg).is_file() or not hasattr(asg, "clips"):
            return []
        resolved = model.load(asg)  # every story.yaml mistake at once, exit 2, nothing rendered
        platforms = _platforms(asg, options)
        profs = profiles.load_many(platforms, asg.root)
        story = asg.story()
        preset_name = options.preset or story.get("brand")
        preset_name = None if not preset_name or str(preset_name).lower() == "none" else str(preset_name)
        preset_parts = _preset_parts(presets.load(preset_name, asg.root)) if preset_name else {}
        encoder = pick_encoder(options.encoder)
        clip_ids = sorted({s.clip_id for s in resolved.segments})
        contribs = _contributions(ctx, clip_ids)
        blocks = [b.to_dict() for cid in clip_ids for b in records.blocks(contribs[cid])]
        vo = []
        for v in resolved.voiceover:
            p = Path(asg.root) / v.file
            vo.append({"file": v.file, "at": v.at, "from": v.source_in, "to": v.source_out,
                       "sha256": v.sha256 or (cached_file_sha256(p) if p.is_file() else None)})
        slug = _slug(asg)
        parts = {
            "segments": [s.to_dict() for s in resolved.segments], "voiceover": vo,
            "cards": [resolved.title_card, resolved.end_card], "slug": slug,
            "profiles": [p.model_dump(mode="json") for p in profs],
            "contributions": {cid: records.render_inputs(cs) for cid, cs in contribs.items()},
            "options": {"encoder": encoder, "speed": options.speed, "reframe": options.reframe},
            "versions": {"vidjourn": __version__, "ffmpeg": ffmpeg.version(), "graphics": GRAPHICS_VERSION,
                         "story_render": 1},
            **preset_parts,
        }
        if preset_name:
            parts["story_fields"] = story_fields(story)
        fp, each = fingerprint(parts)
        dur = resolved.length()
        return [Task(stage=self.name, key=task_key(self.name, asg.root, slug), assignment=str(asg.root),
                     clip=None,
                     params={"platforms": platforms, "preset": preset_name, "encoder": encoder,
                             "speed": options.speed, "reframe": options.reframe, "slug": slug,
                             "contributions": blocks[:1] + [c for cid in clip_ids
                                                            for c in records.render_inputs(contribs[cid])],
                             "by_clip": {cid: records.render_inputs(cs) for cid, cs in contribs.items()},
                             "force": options.force, "cost": dur * 4 * 1920 * 1080},
                     fingerprint=fp, fingerprint_parts=each)]

    def run(self, task: Task, emit: Emit) -> Result:
        p = task.params
        blocks = records.blocks(p.get("contributions"))
        if blocks:  # e.g. a clip's redaction required and not approved: export's own message
            return Result(task.key, False, error=ErrorInfo(blocks[0].key, dict(blocks[0].args)))
        try:
            job = prepare(Path(task.assignment), p)
            outputs = []
            from vidjourn.render import story as RS

            overwrite = bool(p.get("force") or p.get("overwrite"))
            for ev in RS.render(job.timeline, job.sources, job.outputs, job.fps, force=overwrite):
                emit(Event("progress", task.key, fraction=ev.fraction))
            problems = conform(job)
        except VidjournError as exc:
            return failed(task, exc)
        errors = []
        for o, prof in zip(job.outputs, job.profiles):
            if o.plan.platform in problems:
                errors.append(ErrorInfo.of(problems[o.plan.platform]))
                continue
            rec = OutputRecord.of(job.root, Path(o.path), platform=prof.name, width=o.plan.width,
                                  height=o.plan.height, story=job.timeline.slug)
            outputs.append(rec)
            emit(Event("output", task.key, "export.line_output", {"platform": prof.name, "path": str(o.path)},
                       path=rec.path))
        return Result(task.key, not errors, tuple(outputs), errors[0] if errors else None, tuple(errors[1:]),
                      {"story": job.timeline.slug, "seconds": job.seconds})


STAGE = StoryStage()


# --- the job ------------------------------------------------------------------------------------------

class Job:
    """Everything decided before the render: timeline, sources, outputs (planned), story rate."""

    def __init__(self, root, timeline, sources, outputs, fps, profiles, seconds) -> None:
        self.root, self.timeline, self.sources, self.outputs = root, timeline, sources, outputs
        self.fps, self.profiles, self.seconds = fps, profiles, seconds


def _info(asg: Any, clip_id: str, path: Path):
    rec = next((r for r in asg.clips() if str(r.get("id")) == clip_id), None)
    media = (rec or {}).get("media")
    try:
        info = MediaInfo.from_dict(media) if media else None
    except TypeError:
        info = None
    return info if info is not None and path.exists() else probe_cached(path)


def prepare(root: Path, p: dict[str, Any]) -> Job:
    """The render job of a story task: timeline with the clips' masks and captions, one planned output per
    platform (geometry, encoder args, cards and brand layers in its safe area, the calibrated gain)."""
    from vidjourn.graphics import captions as gc
    from vidjourn.render import story as RS
    from vidjourn.render import timeline as T
    from vidjourn.stages.story import model

    asg = Assignment(root)
    resolved = model.load(asg)
    preset = presets.load(p["preset"], asg.root) if p.get("preset") else None
    by_clip: dict[str, list[dict[str, Any]]] = p.get("by_clip") or {}
    layers = {}
    for cid, cs in by_clip.items():
        mask = next(iter(records.render_inputs(cs, (records.MASK,))), None)
        subs = next((c for c in records.render_inputs(cs, (records.SUBTITLES,)) if c.get("burn")), None)
        layers[cid] = T.SegmentLayers(mask=T.SegmentLayers.freeze(mask), subtitles=T.SegmentLayers.freeze(subs))
    tl = model.to_timeline(asg, resolved, slug=p.get("slug") or "story", preset=preset, layers=layers)
    sources = []
    for s in tl.segments:
        info = _info(asg, s.clip, s.source)
        mask = MaskSpec.from_contributions([s.layers.mask_dict] if s.layers.mask else [], asg.root)
        sources.append(RS.SegmentSource(info, mask))
    fps = RS.story_fps(sources, tl)
    profs = profiles.load_many(list(p["platforms"]), asg.root)
    story = asg.story()
    longest = max(range(len(tl.segments)), key=lambda i: tl.segments[i].length)
    src_w = sources[longest].info.display_width or 1920
    src_h = sources[longest].info.display_height or 1080
    outputs = []
    for prof in profs:
        idx = tuple(j for j, s in enumerate(tl.segments) if s.for_platform(prof.name))
        if not idx:
            raise UsageError("story.render.no_segments", platform=prof.name, path=model.story_path(asg))
        f = Fraction(RP.fps_for(prof, float(fps), False)).limit_denominator(1001)
        if f != fps:  # one rate for every format (the segments are cut once): the lowest any profile takes
            fps = min(fps, f)
    for prof in profs:
        idx = tuple(j for j, s in enumerate(tl.segments) if s.for_platform(prof.name))
        fr = RS.frames(tl, idx, fps)
        def draw_cards(geo):
            if preset is None or not (tl.title or tl.end):
                return None
            fields = _card_fields(story, preset, tl.slug, prof.name)
            c = graphics.cards_for(preset, geo.width, geo.height, fields, prof.safe_area, cache_dir=asg.work)
            if c is None:
                return None
            c = replace(c, title=c.title if tl.title else None, end=c.end if tl.end else None)
            return c if (c.title or c.end) else None

        geo = RP.frame_for(prof, src_w, src_h)
        cards = draw_cards(geo)
        seconds = fr.seconds + (float(max(1, round(cards.title_duration * fps)) / fps) if cards and cards.title
                                else 0.0) + (float(max(1, round(cards.end_duration * fps)) / fps)
                                             if cards and cards.end else 0.0)
        d = prof.duration
        if d.max and seconds > d.max + 0.05:
            raise UsageError("story.render.too_long", platform=prof.name, length=f"{seconds:.1f}",
                             max=f"{d.max:g}", path=model.story_path(asg))
        if d.min and seconds < d.min - 0.01:
            raise UsageError("story.render.too_short", platform=prof.name, length=f"{seconds:.1f}",
                             min=f"{d.min:g}", path=model.story_path(asg))
        path = asg.out / prof.name / f"{tl.slug}.mp4"
        op = RP.plan_output(prof, encoder=p["encoder"], speed=p.get("speed", "normal"), keep_metadata=False,
                            src_w=src_w, src_h=src_h, path=path, fps=float(fps), duration=seconds,
                            reframe=p.get("reframe"), window=(0.0, fr.seconds))
        if (op.width, op.height) != (geo.width, geo.height):  # a size cap lowered the frame: draw again
            geo = RP.Geometry(op.width, op.height)
            cards = draw_cards(geo)
        starts = [float(fr.start[k] / fps) for k in range(len(idx))]
        lts = []
        for k, j in enumerate(idx):
            s = tl.segments[j]
            for lt in s.layers.lower_thirds:
                a = starts[k] + max(0.0, (lt.start if lt.start is not None else s.src_in) - s.src_in)
                b = None if lt.end is None else starts[k] + (lt.end - s.src_in)
                lts.append(LowerThirdItem(lt.name, lt.title, a, b))
        brand = ()
        if preset is not None:
            brand = graphics.layout_for(preset, geo.width, geo.height, prof.safe_area, lower_thirds=lts,
                                        cache_dir=asg.work)
        subs = []
        for j in idx:
            item = tl.segments[j].layers.subtitles_dict
            if item:
                ass, _text = gc.burn_file(asg.root, item, preset or presets.load(None, asg.root), geo.width,
                                          geo.height, prof.safe_area, cache_dir=asg.work)
                subs.append(ass)
            else:
                subs.append(None)
        outputs.append(RS.StoryOutput(op, path, idx, tuple(brand), cards if cards and (cards.title or cards.end)
                                      else None, tuple(subs)))
    measured: dict[tuple, tuple] = {}  # platforms with the same segments and cards share one measurement
    outputs = [replace(o, plan=replace(o.plan, audio=_cached_loudness(tl, sources, o, fps, prof, measured,
                                                                      asg.work)))
               for o, prof in zip(outputs, profs)]
    seconds = max(RS.output_seconds(o, RS.frames(tl, o.segments, fps)) for o in outputs)
    return Job(asg.root, tl, sources, outputs, fps, profs, seconds)


def _card_fields(story: dict, preset: Any, slug: str, platform: str) -> dict:
    from vidjourn.provenance.register import publication_id

    sid = publication_id(story, slug, platform)
    address = getattr(preset, "check_address", "") or ""
    return {**story, "short_id": sid, "check_address": address.replace("{id}", sid) if address else ""}


# --- loudness -------------------------------------------------------------------------------------------

def measure(tl, sources, o, fps, chain: str | None):
    """(integrated LUFS, true peak dBTP) of one output's sound after ``chain`` (audio-only pass)."""
    from vidjourn.analysis.loudness import parse_summary
    from vidjourn.render import story as RS

    lines: list[str] = []
    for _ in ffmpeg.run(RS.audio_command(tl, sources, o, fps, chain), total=None, subject=tl.slug,
                        stderr_sink=lines.append):
        pass
    r = parse_summary(lines)
    return (None, None) if r is None else (r.integrated, r.true_peak)


LOUDNESS_VERSION = 1  # bump when the story's audio chain changes: cached calibrations are redone


def _cached_loudness(tl, sources, o, fps, prof, measured: dict[tuple, tuple], work: Path):
    """:func:`_loudness`, remembered in work/loudness/ by everything that decides the mix's sound (the
    audio-only command with its file paths, the files' sizes and times, the target): rendering the same
    story again (a changed lower third, another speed, --force) costs no audio pass."""

    from vidjourn.render import story as RS

    files = sorted({str(s.source) for s in tl.segments} | {str(v.file) for v in tl.voiceover})
    ids = [file_key(f) for f in files]
    key = None
    if all(ids):
        cmd = RS.audio_command(tl, sources, o, fps, None)
        blob = json.dumps([LOUDNESS_VERSION, cmd, ids, prof.loudness.integrated, prof.loudness.true_peak])
        key = hashlib.sha256(blob.encode("utf-8", "surrogateescape")).hexdigest()[:40]
    cache = JsonCache(Path(work) / "loudness")
    hit = cache.get(key) if key else None
    if isinstance(hit, dict) and ("chain" in hit) and isinstance(hit.get("gain"), (int, float)):
        return RP.audio_chain(prof, hit["chain"], gain_db=float(hit["gain"]), limited=bool(hit.get("limited")),
                              expected_lufs=hit.get("lufs"))
    chain = _loudness(tl, sources, o, fps, prof, measured)
    if key:
        cache.put(key, {"chain": chain.filter, "gain": chain.gain_db, "limited": chain.limited,
                        "lufs": chain.expected_lufs})
    return chain


def _loudness(tl, sources, o, fps, prof, measured: dict[tuple, tuple]):
    """The profile's gain (and true-peak limiter) for this output's mix, calibrated by measuring it.
    ``measured``: the mixes measured so far, by what decides their sound (segments, cards, fades)."""

    target, ceiling = prof.loudness.integrated, prof.loudness.true_peak
    c = o.cards
    key = (o.segments, (c.title_duration if c.title else 0.0, c.end_duration if c.end else 0.0, c.fade)
           if c is not None else None)
    if key not in measured:
        measured[key] = measure(tl, sources, o, fps, None)
    lufs, peak = measured[key]
    same = ("chain", key, target, ceiling)
    if same in measured:  # another platform with the same mix and the same target
        chain, gain, limited, got = measured[same]
        return RP.audio_chain(prof, chain, gain_db=gain, limited=limited, expected_lufs=got)
    if lufs is None or (lufs <= SILENT_LUFS and (peak is None or peak <= SILENT_PEAK)):
        return RP.audio_chain(prof, None)
    gain = target - lufs
    limit = None
    if (peak if peak is not None else -99.0) + gain > ceiling - ENCODER_HEADROOM:
        limit = ceiling - PEAK_MARGIN
    chain = RP.gain_chain(gain, limit)
    got = target
    if limit is not None:
        for _ in range(MAX_PASSES):
            got, tp = measure(tl, sources, o, fps, chain)
            if got is None or abs(got - target) <= CALIBRATE_TOLERANCE:
                break
            gain += target - got
            chain = RP.gain_chain(gain, limit)
    measured[same] = (chain, gain, limit is not None, got)
    return RP.audio_chain(prof, chain, gain_db=gain, limited=limit is not None, expected_lufs=got)


def conform(job: Job) -> dict[str, VidjournError]:
    """`vidjourn check` on every file written; a file that fails is moved to work/rejected/ and its
    platform fails with check's reasons."""
    from vidjourn.analysis.check import check

    bad: dict[str, VidjournError] = {}
    for o, prof in zip(job.outputs, job.profiles):
        verdict = check(Path(o.path), prof)
        if verdict.failures:
            aside = Path(job.root) / "work" / "rejected" / prof.name
            aside.mkdir(parents=True, exist_ok=True)
            os.replace(o.path, aside / Path(o.path).name)
            bad[prof.name] = UsageError("export.error.check_failed", path=o.path, platform=prof.name,
                                        reasons=verdict.reasons(), aside=aside / Path(o.path).name)
    return bad
