"""The shot-log stage: shots, thumbnails, notes and the 5W1H story sheet of one assignment (one task).

Its fingerprint covers the clips (sha256), vidjourn.yaml, notes.yaml, the detector version, the formats
and the fingerprints of the export tasks planned before it (the story sheet lists the exported files).
"""

from __future__ import annotations

from pathlib import Path

from vidjourn import __version__
from vidjourn.analysis.shots import DETECTOR_VERSION
from vidjourn.core.assignment import Assignment
from vidjourn.core.digest import cached_file_sha256
from vidjourn.core.errors import VidjournError
from vidjourn.stages.base import (
    Emit,
    ErrorInfo,
    Event,
    OutputRecord,
    PipelineOptions,
    PlanContext,
    Result,
    Task,
    digest,
    failed,
    fingerprint,
    task_key,
)

FORMATS = ("html", "csv", "xlsx", "json", "md")


def _notes_digest(asg: Assignment) -> str | None:
    f = asg.shotlog / "notes.yaml"
    return cached_file_sha256(f) if f.is_file() else None


class ShotlogStage:
    name = "shotlog"
    default = True
    coordinator = False

    def plan(self, asg: Assignment, options: PipelineOptions, ctx: PlanContext | None = None) -> list[Task]:
        clips = asg.clips()  # none yet: an empty log (and notes.yaml) is still written
        formats = tuple((options.extra.get("shotlog") or {}).get("formats") or FORMATS)
        story_file = asg.story_file
        exports = sorted(t.fingerprint for t in (ctx.planned if ctx else [])
                         if t.stage == "export" and t.assignment == str(asg.root))
        parts = {"clips": [[c.get("id"), c.get("sha256")] for c in clips],
                 "story": digest(asg.story()) if story_file.is_file() else None,  # as parsed (one read a run)
                 "notes": _notes_digest(asg), "detector": DETECTOR_VERSION, "formats": list(formats),
                 "exports": exports, "vidjourn": __version__,
                 # the caption files give each shot its transcript (and say whether it is approved)
                 "captions": sorted([p.name, cached_file_sha256(p)] for p in (asg.root / "captions").glob("*")
                                    if p.suffix in (".srt", ".json"))}
        fp, each = fingerprint(parts)
        return [Task(self.name, task_key(self.name, asg.root), str(asg.root), None,
                     {"formats": list(formats), "force": options.force}, fp, each)]

    def run(self, task: Task, emit: Emit) -> Result:
        from vidjourn.stages.shotlog.build import make_shotlog

        asg = Assignment(Path(task.assignment))

        def on_event(ev) -> None:
            name = Path(ev.file).name
            if ev.kind == "detect":
                emit(Event("progress", task.key, "shotlog.progress_detect", {"name": name},
                           ((ev.index - 1) + 0.8 * (ev.fraction or 0)) / max(ev.total, 1)))
            elif ev.kind == "thumbs":
                emit(Event("progress", task.key, "shotlog.progress_thumbs", {"name": name},
                           (ev.index - 0.2) / max(ev.total, 1)))
            elif ev.kind == "failed" and ev.error is not None:
                emit(Event("warning", task.key, "shotlog.line_failed", {"message": ev.error.message()}))

        try:
            res = make_shotlog(asg, tuple(task.params["formats"]), force=bool(task.params.get("force")),
                               on_event=on_event)
        except VidjournError as exc:
            return failed(task, exc)
        outputs = tuple(OutputRecord.of(asg.root, p, format=p.suffix.lstrip(".")) for p in res.outputs)
        for o in outputs:
            emit(Event("output", task.key, "shotlog.line_written", {"path": str(asg.root / o.path)}, path=o.path))
        errors = tuple(ErrorInfo("shotlog.line_failed", {"message": c.error}) for c in res.log.failed)
        return Result(task.key, res.ok, outputs, errors=errors, data=
                      {"shots": res.log.shot_count, "orphan_notes": res.log.orphan_notes,
                       "clips": [{"file": c.file, "sha256": c.sha256, "shots": len(c.shots), "error": c.error}
                                 for c in res.log.clips],
                       "fingerprint_parts": {"notes": _notes_digest(asg)}})


STAGE = ShotlogStage()
