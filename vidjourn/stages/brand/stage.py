"""The brand stage: a branded master in the source's own geometry.

Resolves, in order of precedence (command line > assignment > preset > built-in):

* the preset: ``--preset`` > ``brand:`` in vidjourn.yaml > ``humas``;
* lower thirds: ``--lower-third "NAME|TITLE@START-END"`` (repeatable) plus the vidjourn.yaml
  ``lower_thirds: [{clip, name, title, start, end}]`` entries whose ``clip`` names this file;
* cards: the preset's title/end cards filled from vidjourn.yaml (``--no-cards`` drops them);
* subtitles: ``--subtitles FILE`` (SRT/VTT/ASS) in the preset's style.

then draws the graphics for the source's upright size (:mod:`vidjourn.graphics.draw`) and renders with the
shared engine (:mod:`vidjourn.render.graph`): one ffmpeg process, no frame through Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator, Sequence

from vidjourn import __version__
from vidjourn.core import ffmpeg
from vidjourn.core.assignment import STORY_FILE, Assignment
from vidjourn.core.errors import AssignmentError, NotAnAssignment, UsageError, VidjournError
from vidjourn.core.ffmpeg import Progress
from vidjourn.core.probe import MediaInfo, probe_cached
from vidjourn.core.records import MASK, blocks, clip_id_of, render_inputs
from vidjourn.graphics.draw import GRAPHICS_VERSION, LowerThirdItem, cards_for, layout_for, story_fields  # noqa: F401
from vidjourn.graphics.lower_thirds import (  # noqa: F401  (brand's public names)
    _clip_names,
    parse_lower_third,
    story_lower_thirds,
)
from vidjourn.render.graph import OutputSpec, output_duration, render, source_size
from vidjourn.render.plan import MASTER_AUDIO_ARGS, MASTER_OUTPUT_ARGS, master_video_args
from vidjourn.render.spec import MaskSpec
from vidjourn.settings.presets import BrandPreset
from vidjourn.settings.presets import load as load_preset
from vidjourn.stages.base import (
    ErrorInfo,
    Event,
    OutputRecord,
    Result,
    Task,
    applies_to,
    failed,
    fingerprint,
    select_records,
    task_key,
)

X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow")


@dataclass(frozen=True)
class BrandJob:
    """Everything decided before rendering (for ``--json``, tests and the demo)."""

    source: Path
    info: MediaInfo
    preset: BrandPreset
    spec: OutputSpec
    lower_thirds: tuple[LowerThirdItem, ...] = field(default_factory=tuple)
    duration: float = 0.0
    mask: Any = None  # render.spec.MaskSpec from the redaction stage's contribution, applied before branding

    @property
    def output(self) -> Path:
        return Path(self.spec.path)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": str(self.source), "output": str(self.output), "preset": self.preset.name,
            "preset_file": self.preset.source, "width": self.spec.width, "height": self.spec.height,
            "duration": round(self.duration, 3), "cards": self.spec.cards is not None,
            "subtitles": str(self.spec.subtitles) if self.spec.subtitles else None,
            "lower_thirds": [{"name": x.name, "title": x.title, "start": x.start, "end": x.end}
                             for x in self.lower_thirds],
        }


def _find_assignment(clip: Path, project: Path | None):
    if project is not None:
        return Assignment.open(project)
    for start in (None, clip.resolve().parent):
        try:
            return Assignment.open(start) if start is None else _open_upwards(start)
        except AssignmentError:
            continue
    return None


find_assignment = _find_assignment


def _open_upwards(folder: Path):
    for c in [folder, *folder.parents]:
        if (c / STORY_FILE).is_file():
            return Assignment(c)
    raise NotAnAssignment("error.not_assignment", path=folder)


def _cache_dir(assignment) -> Path:
    if assignment is not None:
        return assignment.work
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vidjourn", appauthor=False)) / "work"


def plan(
    clip: Path,
    *,
    project: Path | None = None,
    preset: str | None = None,
    lower_thirds: Sequence[str | LowerThirdItem] = (),
    subtitles: Path | None = None,
    cards: bool = True,
    output: Path | None = None,
    x264_preset: str = "medium",
    crf: int = 18,
) -> BrandJob:
    """Resolve everything and draw the graphics; nothing is encoded yet."""
    clip = Path(clip)
    items = [x if isinstance(x, LowerThirdItem) else parse_lower_third(x) for x in lower_thirds]
    if x264_preset not in X264_PRESETS:
        raise UsageError("brand.error.bad_x264_preset", value=x264_preset, choices=", ".join(X264_PRESETS))
    info = probe_cached(clip)
    if info.video is None:
        raise UsageError("render.no_video", path=clip)
    assignment = _find_assignment(clip, project)
    story = assignment.story() if assignment is not None else {}
    root = assignment.root if assignment is not None else None
    style = load_preset(preset or story.get("brand") or None, root)
    if assignment is not None:
        items += story_lower_thirds(story, _clip_names(clip, assignment), assignment.story_file)
    if output is None:
        output = (assignment.out / "brand" / f"{clip.stem}.mp4" if assignment is not None
                  else clip.with_name(f"{clip.stem}_brand.mp4"))
    if Path(output).resolve() == clip.resolve():
        raise UsageError("brand.error.output_is_source", path=clip)
    width, height = source_size(info)
    cache = _cache_dir(assignment)
    layers = layout_for(style, width, height, None, lower_thirds=items, cache_dir=cache)
    card_spec = cards_for(style, width, height, story, None, cache_dir=cache) if cards else None
    ass = None
    if subtitles is not None:
        from vidjourn.graphics.subtitles import prepare

        # Lines shown while a lower third is up sit just above its bar instead of on it.
        gap = round(min(width, height) * 0.02)
        avoid = [(L.start, L.end, height - L.y + gap) for L in layers if L.start is not None and L.end is not None]
        ass = prepare(Path(subtitles), style, width, height, None, cache_dir=cache, avoid=avoid)
    spec = OutputSpec(
        path=Path(output), width=width, height=height, fps=None, reframe="fit", layers=layers,
        subtitles=ass, cards=card_spec,
        # The master's encoder and muxer arguments come from the one render planner (render.plan).
        video_args=master_video_args(x264_preset, crf), audio_args=MASTER_AUDIO_ARGS,
        output_args=MASTER_OUTPUT_ARGS,
    )
    return BrandJob(source=clip, info=info, preset=style, spec=spec, lower_thirds=tuple(items),
                    duration=output_duration(info, spec))


def run(job: BrandJob, *, force: bool = False) -> Iterator[Progress]:
    """Render the job; yields progress. The output appears only when complete."""
    yield from render(job.source, job.info, [job.spec], force=force, mask=job.mask)


# --- the stage protocol ---------------------------------------------------------------------------------

class BrandStage:
    """`brand` as a pipeline step: a master of each clip in its own geometry with the brand layers
    (out/brand/). Not part of `vidjourn run` unless named (``--steps brand,export,...``)."""

    name = "brand"
    default = False
    coordinator = False

    def plan(self, asg: Assignment, options: Any, ctx: Any = None) -> list[Any]:
        story = asg.story()
        name = options.preset or story.get("brand") or None
        style = load_preset(name, asg.root)
        opts = (options.extra.get("brand") or {})
        common = {"preset": style.model_dump(mode="json", exclude={"source"}), "story": story_fields(story),
                  "x264_preset": opts.get("x264_preset", "medium"), "crf": opts.get("crf", 18),
                  "versions": [__version__, ffmpeg.version(), GRAPHICS_VERSION]}
        tasks = []
        for rec in select_records(asg, options.clips):
            cid = clip_id_of(rec)
            lts = [vars(x) for x in story_lower_thirds(story, _clip_names(asg.clip_path(rec), asg), asg.story_file)]
            # Masks and blocks from other stages (redaction), as the planner gathered them (PlanContext).
            contribs = [c for c in (ctx.contributions if ctx else {}).get(cid, [])
                        if c.get("kind") in ("mask", "block") and applies_to(c, self.name)]
            fp, each = fingerprint({**common, "source": rec.get("sha256"), "lower_thirds": lts,
                                    "contributions": render_inputs(contribs, (MASK,))})
            tasks.append(Task(self.name, task_key(self.name, asg.root, cid), str(asg.root), cid,
                              {"file": rec["file"], "preset": name, "x264_preset": common["x264_preset"],
                               "crf": common["crf"], "force": options.force, "contributions": contribs},
                              fp, each, rec.get("sha256")))
        return tasks

    def run(self, task: Any, emit: Any) -> Any:
        root = Path(task.assignment)
        p = task.params
        stop = blocks(p.get("contributions"))
        if stop:  # e.g. redaction required and not approved: no master of this clip either
            return Result(task.key, False, error=ErrorInfo(stop[0].key, dict(stop[0].args)))
        try:
            job = plan(root / p["file"], project=root, preset=p.get("preset"), x264_preset=p["x264_preset"],
                       crf=int(p["crf"]))
            job = replace(job, mask=MaskSpec.from_contributions(p.get("contributions"), root))
            for ev in run(job, force=bool(p.get("force") or p.get("overwrite"))):
                emit(Event("progress", task.key, "brand.progress", {"name": job.output.name}, ev.fraction))
        except VidjournError as exc:
            return failed(task, exc)
        out = OutputRecord.of(root, job.output)
        emit(Event("output", task.key, "text", {"text": str(job.output)}, path=out.path))
        return Result(task.key, True, (out,))


STAGE = BrandStage()
