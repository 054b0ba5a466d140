"""Redaction stage: faces found and tracked automatically, regions by hand, review and approval.

One task per clip that has something to hide (vidjourn.yaml ``redact: {faces: auto}``, or regions/blank
ranges in redact.yaml): the face analysis (cached in work/faces/ by the clip's sha256) and the clip's review
sheet. ``contribute()`` hands export (and brand) the clip's mask, or a block when its redaction is required
and not approved (or its analysis is missing, or redact.yaml has mistakes). See core.py for the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vidjourn import __version__
from vidjourn.analysis.faces import DETECTOR_VERSION, cache_file
from vidjourn.core.assignment import Assignment
from vidjourn.core.errors import VidjournError
from vidjourn.core.records import clip_id_of
from vidjourn.stages.base import (
    Emit,
    Event,
    OutputRecord,
    PipelineOptions,
    PlanContext,
    Result,
    Task,
    failed,
    fingerprint,
    select_records,
    task_key,
)
from vidjourn.stages.redact import core as C
from vidjourn.stages.redact.core import approval_state, approve, clip_jobs, contribute, face_settings  # noqa: F401


class RedactStage:
    name = "redact"
    default = True
    coordinator = False

    def contribute(self, asg: Assignment, record: dict[str, Any], options: Any = None) -> list[dict[str, Any]]:
        return contribute(asg, record, options)

    def check(self, asg: Assignment, options: PipelineOptions) -> None:
        """Before anything runs: a clip needs face detection and the extra is missing -> stop early."""
        try:
            jobs = self._jobs(asg, options)
        except VidjournError:  # a redact.yaml mistake blocks its clips in export, with its message
            return
        if any(j.effective.faces == "auto" for j in jobs):
            from vidjourn.analysis.faces import _cv2, model_path

            model_path()
            _cv2()

    @staticmethod
    def _jobs(asg: Assignment, options: PipelineOptions):
        if not asg.clips():
            return []
        recs = select_records(asg, options.clips)
        shas = [r["sha256"] for r in recs if r.get("sha256")]
        return [j for j in clip_jobs(asg, shas) if j.wanted] if shas else []

    def plan(self, asg: Assignment, options: PipelineOptions, ctx: PlanContext | None = None) -> list[Task]:
        tasks = []
        try:
            jobs = self._jobs(asg, options)
        except VidjournError:  # redact.yaml mistakes: contribute() blocks every clip with the message
            return []
        for job in jobs:
            cid = clip_id_of(job.record)
            parts = {"source": job.sha256, "detector": DETECTOR_VERSION, "settings": face_settings(job).key(),
                     "redact_yaml": job.manual.fingerprint(), "faces": job.effective.faces,
                     "mode": job.effective.mode, "vidjourn": __version__}
            fp, each = fingerprint(parts)
            tasks.append(Task(self.name, task_key(self.name, asg.root, cid), str(asg.root), cid,
                              {"sha256": job.sha256, "force": options.force}, fp, each,
                              source_sha256=job.sha256))
        return tasks

    def run(self, task: Task, emit: Emit) -> Result:
        from vidjourn.stages.redact.review import write_review

        asg = Assignment(Path(task.assignment))
        try:
            job = C.clip_jobs(asg, [task.params["sha256"]])[0]

            def prog(ev) -> None:
                emit(Event("progress", task.key, "redact.progress_analyze", {"name": job.name},
                           0.9 * (ev.fraction or 0)))

            a, hit = C.analyze(asg, job, force=bool(task.params.get("force")), on_progress=prog)
            emit(Event("progress", task.key, "redact.progress_review", {"name": job.name}, 0.92))
            sheet = write_review(asg, job)
        except VidjournError as exc:
            return failed(task, exc)

        outputs = []
        for p, kind in ((cache_file(asg.work, job.sha256), "analysis"), (sheet.html, "review"),
                        (sheet.png, "review")):
            rec = OutputRecord.of(asg.root, p, kind=kind)
            outputs.append(rec)
            emit(Event("output", task.key, "redact.line_written", {"path": str(p)}, path=rec.path))
        state, _ = C.approval_state(asg, job)
        if job.effective.required and state != "approved":
            emit(Event("warning", task.key, "redact.block.void" if state == "void" else "redact.block.not_approved",
                       {"clip": job.name, "path": str(job.path)}))
        return Result(task.key, True, tuple(outputs),
                      data={"clip": job.name, "tracks": len(a.tracks), "cached": hit, "approval": state})


STAGE = RedactStage()
