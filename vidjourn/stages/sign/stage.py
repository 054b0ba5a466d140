"""The sign stage: Content Credentials (C2PA) on every published file.

It runs after export, over what the ledger says export wrote: each output is signed in place — the last
write of that file, after faststart, so no remux can follow — and its new sha256 goes back into the
ledger. ``finish`` adds the signed files to the assignment's register and the unit's (office) register,
and re-signs both. (The originals' sidecars are the ``sidecar`` stage, right after ingest.)

Signing is off unless ``vidjourn.yaml`` says ``sign: true`` or the command asks for it (``--sign``);
when off, nothing here plans a task and exports are byte for byte what they were without this stage.
The key is decrypted on this machine only (``coordinator``): its passphrase never travels with a task.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from vidjourn.core.assignment import Assignment
from vidjourn.core.errors import PathOutside, ProvenanceError, VidjournError
from vidjourn.core.fsutil import contained
from vidjourn.core.ledger import Ledger
from vidjourn.core.records import clip_id_of
from vidjourn.stages.base import (
    Emit,
    ErrorInfo,
    Event,
    OutputRecord,
    PipelineOptions,
    PlanContext,
    Result,
    Task,
    fingerprint,
    select_records,
    task_key,
)


def settings(asg: Assignment, options: PipelineOptions) -> dict[str, Any]:
    from vidjourn.provenance.service import sign_settings

    return sign_settings(asg.story(), options.extra)


def enabled(asg: Assignment, options: PipelineOptions) -> bool:
    return bool(settings(asg, options)["enabled"])


def publication(story: dict[str, Any], rec: dict[str, Any], clip: str, platform: str, unit: str) -> dict[str, Any]:
    """The vidjourn assertion's public facts. The short ID is computed as export's end card did (from
    the clip's file stem and the platform), so the card and the signature name the same ID."""
    from vidjourn.provenance import register as rg

    return {"story": str(story.get("slug") or ""), "unit": unit, "clip": clip, "platform": platform,
            "id": rg.publication_id(story, Path(rec["file"]).stem, platform)}


RENDER_PARTS = ("preset", "preset_files", "profiles", "options", "lower_thirds", "contributions", "versions")


def render_facts(entry: dict[str, Any]) -> dict[str, Any]:
    """What decided the published bytes, from export's ledger entry: its fingerprint and the digest of
    each part (brand preset, its logo/font files, the platform profiles, options, versions) — digests
    only, so nothing personal (a lower third's name) is published, yet a file can be matched to the
    exact preset and profiles the unit holds."""
    parts = entry.get("parts") or {}
    out: dict[str, Any] = {"export_fingerprint": entry.get("fingerprint")}
    out.update({k: parts[k] for k in RENDER_PARTS if k in parts})
    out.update({k: entry[k] for k in ("vidjourn", "ffmpeg") if entry.get(k)})
    return out


def signable(root: Path, output: dict[str, Any]) -> Path:
    """The path of an output this task may sign, or a ProvenanceError: it was rendered by this run
    (its sha256 is the one just recorded; ``sign_in_place`` checks the bytes against it), and it lies
    in the assignment's out/ — not a link out of it, not anywhere else the ledger could point."""


    rel = output.get("path")
    shown = str(rel)
    if not output.get("rendered") or not output.get("sha256"):
        raise ProvenanceError("error.sign.not_rendered", path=shown)
    inner = rel[4:] if isinstance(rel, str) and rel.startswith("out/") else None
    try:
        path = contained(root / "out", inner, source=root / "ledger.json", shown=rel)
    except PathOutside:
        raise ProvenanceError("error.sign.not_in_out", path=shown) from None
    if os.path.islink(path) or not path.is_file():
        raise ProvenanceError("error.sign.not_in_out", path=shown)
    return path


class SignStage:
    name = "sign"
    default = True  # part of `vidjourn run`; plans nothing unless signing is on
    coordinator = True  # the key is unlocked here; tasks never carry the passphrase

    def check(self, asg: Assignment, options: PipelineOptions) -> None:
        """Before any stage runs: the extra is installed, the keys exist, the passphrase is right —
        so a wrong passphrase stops the run before a single unsigned file is exported."""
        if not enabled(asg, options):
            return
        from vidjourn.provenance import manifest as mf
        from vidjourn.provenance import service

        from vidjourn.provenance import register as rg

        mf.c2pa_module()
        keys_dir = Path(settings(asg, options)["keys"])
        key = service.unlock(keys_dir)
        # both registers verify as they are, or nothing is exported or signed: a register someone
        # edited is never signed again (add_to_register checks again, right before it appends)
        service.check_register(asg.root / rg.REGISTER, key)
        service.check_register(keys_dir / rg.REGISTER, key)

    def plan(self, asg: Assignment, options: PipelineOptions, ctx: PlanContext | None = None) -> list[Task]:
        if not enabled(asg, options):
            return []
        from vidjourn.provenance import keys as km
        from vidjourn.provenance.manifest import mime_for

        cfg = settings(asg, options)
        info = km.show_keys(Path(cfg["keys"]))
        story = asg.story()
        records = {clip_id_of(r): r for r in select_records(asg, options.clips)}
        tasks: list[Task] = []
        common = {"cert": info.signing_fingerprint, "root": info.root_fingerprint}
        ledger = ctx.ledger if ctx is not None and ctx.ledger is not None else Ledger(asg.root)
        rendered = ctx.rendered if ctx is not None else {}
        by_task: dict[str, list[dict[str, Any]]] = {}
        # The export tasks of this run only: a file an earlier run made for another set of platforms
        # is neither signed nor a failure of this one (after `--to whatsapp,reels`, `--to youtube
        # --sign --force` failed on the whatsapp and reels files it was never asked to make).
        planned = None if ctx is None else {t.key for t in ctx.planned if t.stage == "export"}
        for e in ledger.by_stage("export"):
            if planned is None or e["task"] in planned:
                by_task.setdefault(e["task"], []).append(e)
        for export_key, entries in sorted(by_task.items()):
            cid = entries[0].get("clip")
            if cid not in records:
                continue
            rec = records[cid]
            # Only what this run rendered is signed: a file the runner saw a task of this run write
            # (PlanContext.rendered: the sha256 just recorded). Anything else the ledger lists — an old
            # export, an entry someone added — goes to run() as "not rendered" and is refused there.
            outputs = [{"path": e["output"], "platform": (e.get("info") or {}).get("platform"),
                        "part": (e.get("info") or {}).get("part"),
                        "sha256": e.get("sha256"),
                        "rendered": rendered.get(e["output"]) == (e.get("sha256"), export_key)}
                       for e in sorted(entries, key=lambda e: e["output"])
                       # a file another export task of this run rewrote is signed by that task's sign task
                       if rendered.get(e["output"], (None, export_key))[1] == export_key]
            if not outputs:
                continue
            render = render_facts(entries[0])
            pubs = {o["path"]: {**publication(story, rec, cid, str(o["platform"]), info.unit), "render": render}
                    for o in outputs}
            original = {"id": cid, "file": rec["file"], "sha256": rec.get("sha256"),
                        "format": mime_for(Path(rec["file"]))}
            fp, each = fingerprint({**common, "kind": "publication", "export": entries[0].get("fingerprint"),
                                    "publications": pubs, "original": original})
            # One sign task per export task (export may split a clip into first/rest tasks).
            part = export_key.split(":", 2)[-1]
            tasks.append(Task(stage=self.name, key=task_key(self.name, asg.root, part), assignment=str(asg.root),
                              clip=cid, params={"kind": "publication", "keys": cfg["keys"], "outputs": outputs,
                                                "publications": pubs, "original": original,
                                                "export_task": export_key},
                              fingerprint=fp, fingerprint_parts=each, source_sha256=rec.get("sha256")))
        return tasks

    def run(self, task: Task, emit: Emit) -> Result:
        from vidjourn.provenance import service

        root = Path(task.assignment)
        outputs: list[OutputRecord] = []
        entries: list[dict[str, Any]] = []
        try:
            key = service.unlock(Path(task.params["keys"]))
            original = dict(task.params["original"])
            n = len(task.params["outputs"])
            for i, o in enumerate(task.params["outputs"]):
                path = signable(root, o)
                pub = task.params["publications"][o["path"]]
                signed = service.sign_in_place(path, originals=[original], publication=pub, key=key,
                                               expect_sha256=o.get("sha256"))
                rec_ = OutputRecord.of(root, path, platform=o.get("platform"), part=o.get("part"),
                                       signed=True, unsigned_sha256=signed.unsigned_sha256, id=pub["id"])
                outputs.append(rec_)
                entries.append(service.register_entry(signed, publication=pub, rel_path=o["path"]))
                emit(Event("output", task.key, "sign.signed", {"path": o["path"], "id": pub["id"]}, path=rec_.path))
                emit(Event("progress", task.key, fraction=(i + 1) / max(n, 1)))
            return Result(task.key, True, tuple(outputs), data={"register": entries, "keys": task.params["keys"]})
        except VidjournError as exc:
            # the files signed before the failure are signed: the ledger and the register hear of them
            return Result(task.key, False, tuple(outputs), error=ErrorInfo.of(exc),
                          data={"register": entries, "keys": task.params["keys"]})

    def finish(self, asg: Assignment, results: list[Result]) -> None:
        """Add this run's signed files to the assignment's and the unit's registers (coordinator only)."""
        entries = [e for r in results for e in r.data.get("register", [])]
        if not entries:
            return
        from vidjourn.provenance import register as rg
        from vidjourn.provenance import service

        keys_dir = next(Path(r.data["keys"]) for r in results if r.data.get("keys"))
        key = service.unlock(keys_dir)
        service.add_to_register(asg.root / rg.REGISTER, entries, key)
        service.add_to_register(keys_dir / rg.REGISTER, entries, key)


STAGE = SignStage()
