"""The ingest stage: copy the card's clips into raw/ with sha256, probe and loudness (one task).

Runs on the coordinator (the card is there, and ingest writes the manifest). It is never "cached":
ingest itself skips what is already in (same path, size and mtime) without reading it, so a re-run
with the same card costs a folder walk and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from vidjourn.core.assignment import Assignment
from vidjourn.core.errors import VidjournError
from vidjourn.stages.base import (
    Emit,
    ErrorInfo,
    Event,
    PipelineOptions,
    PlanContext,
    Result,
    Task,
    failed,
    task_key,
)


class IngestStage:
    name = "ingest"
    default = True
    coordinator = True

    def plan(self, asg: Assignment, options: PipelineOptions, ctx: PlanContext | None = None) -> list[Task]:
        if not options.sources:
            return []
        sources = [str(Path(s).resolve()) for s in options.sources]
        measure = (options.extra.get("ingest") or {}).get("measure_loudness", True)
        return [Task(self.name, task_key(self.name, asg.root), str(asg.root), None,
                     {"sources": sources, "measure_loudness": bool(measure)})]

    def run(self, task: Task, emit: Emit) -> Result:
        from vidjourn.stages.ingest.ingest import ingest

        asg = Assignment(Path(task.assignment))

        def on_event(ev) -> None:
            name = ev.source.name
            if ev.kind == "probe":
                emit(Event("progress", task.key, "ingest.progress_probe", {"name": name, "phase": "probe"},
                           fraction=ev.fraction))
            elif ev.kind in ("copy", "loudness") and ev.total:
                # copy is the first half of a clip's work, loudness the second
                part = (ev.fraction or 0) * 0.5 + (0.5 if ev.kind == "loudness" else 0)
                emit(Event("progress", task.key, "ingest.progress_" + ev.kind,
                           {"name": name, "index": ev.index, "total": ev.total},
                           fraction=(ev.index - 1 + part) / ev.total))
            elif ev.kind == "ingested":
                emit(Event("note", task.key, "ingest.line_ingested", {"source": str(ev.source), "file": ev.file}))
            elif ev.kind == "skipped":
                emit(Event("note", task.key, "ingest.line_" + str(ev.reason),
                           {"source": str(ev.source), "file": ev.file}))
            elif ev.kind == "clock":
                emit(Event("warning", task.key, "ingest.line_clock",
                           {"source": str(ev.source), "camera": ev.camera, "used": ev.used}))
            elif ev.kind == "damaged":
                emit(Event("warning", task.key, "ingest.line_damaged",
                           {"source": str(ev.source), "file": ev.file, "reason": ev.reason}))
            elif ev.kind == "failed" and ev.error is not None:
                emit(Event("warning", task.key, "ingest.line_failed", {"message": ev.error.message()}))

        measure = bool((task.params.get("measure_loudness", True)))
        try:
            res = ingest(asg, task.params["sources"], measure_loudness=measure, on_event=on_event)
        except VidjournError as exc:
            return failed(task, exc)
        errors = tuple(ErrorInfo.of(f["error"]) for f in res.failed)
        return Result(task.key, res.ok, (), errors=errors, data=res.to_dict())


STAGE = IngestStage()
