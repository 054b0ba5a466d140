"""The sidecar stage: a detached C2PA manifest for each original, right after ingest.

``raw/<clip>.c2pa`` records the capture (``c2pa.created``, digitalCapture) and the original's sha256,
size and ingest time, signed by the unit, bound to the original's bytes by c2pa's own hash (BMFF for
MP4/MOV, RIFF for AVI, a data hash for MKV/WebM). The original is only read, never opened for writing:
``vidjourn verify --provenance raw/<clip>.mp4`` finds the sidecar beside it. No GPS, device or
reporter: the published manifest names this original, and sidecars may be handed out with it.

Runs only when signing is on (``sign: true`` in vidjourn.yaml, or ``run --sign``), on this machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vidjourn.core.assignment import Assignment
from vidjourn.core.errors import AssignmentError, VidjournError
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


class SidecarStage:
    name = "sidecar"
    default = True  # part of `vidjourn run`; plans nothing unless signing is on
    coordinator = True  # the key is unlocked here; tasks never carry the passphrase

    def _settings(self, asg: Assignment, options: PipelineOptions) -> dict[str, Any]:
        from vidjourn.provenance.service import sign_settings

        return sign_settings(asg.story(), options.extra)

    def check(self, asg: Assignment, options: PipelineOptions) -> None:
        cfg = self._settings(asg, options)
        if not cfg["enabled"]:
            return
        from vidjourn.provenance import manifest as mf
        from vidjourn.provenance import service

        mf.c2pa_module()
        service.unlock(Path(cfg["keys"]))

    def plan(self, asg: Assignment, options: PipelineOptions, ctx: PlanContext | None = None) -> list[Task]:
        cfg = self._settings(asg, options)
        if not cfg["enabled"]:
            return []
        from vidjourn.provenance import keys as km

        info = km.show_keys(Path(cfg["keys"]))
        tasks = []
        for rec in select_records(asg, options.clips):
            cid = clip_id_of(rec)
            fp, each = fingerprint({"cert": info.signing_fingerprint, "root": info.root_fingerprint,
                                    "source": rec.get("sha256"), "file": rec.get("file")})
            tasks.append(Task(stage=self.name, key=task_key(self.name, asg.root, cid), assignment=str(asg.root),
                              clip=cid, params={"keys": cfg["keys"]}, fingerprint=fp, fingerprint_parts=each,
                              source_sha256=rec.get("sha256")))
        return tasks

    def run(self, task: Task, emit: Emit) -> Result:
        from vidjourn.provenance import service

        asg = Assignment(Path(task.assignment))
        try:
            rec = next((r for r in asg.clips() if clip_id_of(r) == task.clip), None)
            if rec is None:
                raise AssignmentError("error.sign.no_clip", clip=task.clip, path=asg.manifest_file)
            key = service.unlock(Path(task.params["keys"]))
            side = service.make_sidecar(asg.root, rec, key)
        except VidjournError as exc:
            return failed(task, exc)
        out = OutputRecord.of(asg.root, side, kind="sidecar", original=rec["file"])
        emit(Event("output", task.key, "sign.sidecar", {"path": rec["file"], "sidecar": out.path}, path=out.path))
        return Result(task.key, True, (out,))


STAGE = SidecarStage()
