"""The export stage: one task per clip — one ffmpeg process, one decode, every platform of the story.

Planning is cheap (no probe, no decode): a task's fingerprint covers the clip's sha256, the platform
profiles' and brand preset's content, the logo and font files' hashes, the clip's lower thirds, the
story fields the cards use, the options, what other stages contribute (masks, captions) and the
vidjourn, graphics and ffmpeg versions. So a changed lower third re-renders that clip only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vidjourn.core.assignment import Assignment
from vidjourn.core.records import blocks, clip_id_of, render_inputs
from vidjourn.core.errors import OutputExists, UsageError, VidjournError
from vidjourn.core.digest import cached_file_sha256
from vidjourn.core.fsutil import require_regular
from vidjourn.stages.base import (Emit, ErrorInfo, Event, OutputRecord, PipelineOptions, PlanContext, Result, Task,
                                  failed, fingerprint, select_records, task_key)


def _walk_strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _walk_strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _walk_strings(v)


def preset_digest_parts(preset: Any) -> dict[str, Any]:
    """A brand preset's content and the hashes of the files it names (logo, fonts)."""
    dump = preset.model_dump(mode="json")
    dump.pop("source", None)
    files = {}
    for s in _walk_strings(dump):
        p = Path(s)
        if len(s) < 4096 and p.suffix and p.is_file():
            files[s] = cached_file_sha256(p)
    return {"preset": dump, "preset_files": files}


def story_platforms(asg: Assignment, options: PipelineOptions) -> list[str]:
    from vidjourn.settings import profiles

    names = list(options.platforms) or [str(n) for n in (asg.story().get("platforms") or [])]
    if not names:
        raise UsageError("export.error.no_platforms", names=", ".join(profiles.names(asg.root)))
    return list(dict.fromkeys(profiles.canonical(n, asg.root) for n in names))  # `wa` = whatsapp, once


def _story_publishes(asg: Assignment, options: PipelineOptions) -> bool:
    """With a story.yaml in the assignment, `vidjourn run` publishes the story, not one file per clip;
    per-clip exports are made when asked: ``--steps export`` (or ``vidjourn export``), or ``clips: true``
    in vidjourn.yaml."""
    root = getattr(asg, "root", None)
    if root is None or not (Path(root) / "story.yaml").is_file() or "export" in (options.steps or ()):
        return False
    try:
        return asg.story().get("clips") is not True
    except VidjournError:
        return False


def signing_identity(asg: Assignment, story: dict[str, Any], options: PipelineOptions) -> dict[str, Any] | None:
    """When this run signs (the sign stage selected and signing on): the certificate that will sign, a
    part of the export's fingerprint. So ``run`` then ``run --sign`` renders again, and the sign stage
    signs a file this run has just made, never one an earlier run left in out/."""
    if options.steps and "sign" not in options.steps:
        return None
    from vidjourn.core.assignment import LooseFiles
    from vidjourn.provenance.service import sign_settings

    cfg = sign_settings(story, options.extra)
    if not cfg["enabled"] or isinstance(asg, LooseFiles):
        return None
    try:
        from vidjourn.provenance import keys as km

        info = km.show_keys(Path(cfg["keys"]))
    except VidjournError:
        return {"keys": cfg["keys"]}  # the sign stage's own check says what is wrong with them
    return {"cert": info.signing_fingerprint, "root": info.root_fingerprint}


RENDER_SHARE = 0.9  # of an export task's progress; the checks of the files written take the rest


class ExportStage:
    name = "export"
    default = True
    coordinator = False

    def check(self, asg: Assignment, options: PipelineOptions) -> None:
        """Before any work: files to publish are not made with the placeholder logo (outside the demo);
        the refusal names the one command that fixes it (vidjourn/settings/unit.py)."""
        mine = options.extra.get("export") or {}
        if mine.get("only_files"):
            return
        story = asg.story()
        name = options.preset or story.get("brand")
        if not name or str(name).lower() == "none":
            return
        from vidjourn.settings import presets
        from vidjourn.settings.unit import refuse_placeholder

        refuse_placeholder(presets.load(str(name), asg.root), story)

    def plan(self, asg: Assignment, options: PipelineOptions, ctx: PlanContext | None = None) -> list[Task]:
        from vidjourn import __version__
        from vidjourn.core import ffmpeg
        from vidjourn.graphics.draw import GRAPHICS_VERSION, story_fields
        from vidjourn.graphics.lower_thirds import lower_thirds_for
        from vidjourn.render.encoders import pick_encoder
        from vidjourn.settings import presets, profiles

        mine = options.extra.get("export") or {}
        if _story_publishes(asg, options):  # the story is what `vidjourn run` publishes (issue 20)
            return []
        records = [] if mine.get("only_files") else select_records(asg, options.clips)
        # Files named by the user that are not clips of the assignment (or no assignment at all).
        loose = [str(Path(f).resolve()) for f in mine.get("files") or ()]
        if not records and not loose:
            return []
        platforms = story_platforms(asg, options)
        profs = profiles.load_many(platforms, asg.root)
        story = asg.story()
        preset_name = options.preset or story.get("brand")
        preset_name = None if not preset_name or str(preset_name).lower() == "none" else str(preset_name)
        preset_parts = preset_digest_parts(presets.load(preset_name, asg.root)) if preset_name else {}
        encoder = pick_encoder(options.encoder)
        common = {
            "profiles": [p.model_dump(mode="json") for p in profs],
            "options": {"reframe": options.reframe, "start": options.start, "end": options.end,
                        "encoder": encoder, "speed": options.speed, "keep_metadata": options.keep_metadata},
            "versions": {"vidjourn": __version__, "ffmpeg": ffmpeg.version(), "graphics": GRAPHICS_VERSION},
            **preset_parts,
        }
        if preset_name:
            common["story_fields"] = story_fields(story)
        signing = signing_identity(asg, story, options)
        if signing:  # a signed run renders afresh: only what a run has just rendered is signed
            common["sign"] = signing
        from vidjourn.stages.export.export import first_platform

        # First file first: every clip's first-platform task (with the shot analysis riding on its
        # decode) before any clip's other platforms, so that file is final after ~1/4 of the work.
        first = first_platform(story, platforms)
        groups = [(None, platforms)] if first is None else [
            ("first", [first]), ("rest", [n for n in platforms if n != first])]
        pixels = {p.name: p.frame.width * p.frame.height for p in profs}
        tasks = []
        for f in loose:
            try:
                require_regular(f)  # a FIFO would block the hash for ever, /dev/zero never end
                sha = cached_file_sha256(f)
            except (OSError, VidjournError):
                sha = None  # run() reports why the file cannot be read, naming it
            rec = {"id": Path(f).stem, "file": f, "sha256": sha, "_loose": True}
            records.append(rec)
        for part, names in groups:
            for rec in records:
                cid = clip_id_of(rec)
                contributions = (ctx.contributions if ctx else {}).get(cid, [])
                clip_path = Path(rec["file"]) if rec.get("_loose") else asg.clip_path(rec)
                lts = [vars(x) for x in lower_thirds_for(clip_path, asg)] if preset_name else []
                # only this task's own profiles: a platform added to or dropped from the run is not a change
                # to the files of the others
                parts = {**common, "profiles": [p.model_dump(mode="json") for p in profs if p.name in names],
                         "source": rec.get("sha256"), "lower_thirds": lts, "platforms": names,
                         "contributions": render_inputs(contributions)}
                fp, each = fingerprint(parts)
                media: dict[str, Any] = rec.get("media") or {}  # type: ignore[assignment]
                src_px = (media.get("display_width") or 1280) * (media.get("display_height") or 720)
                cost = float(media.get("duration") or 1.0) * (0.5 * src_px + sum(pixels.get(n, 0) for n in names))
                tasks.append(Task(
                    # keyed by what it makes (the clip and its platforms), never by how many were asked
                    # for: `--to whatsapp,youtube` then `--to whatsapp` is the same whatsapp task
                    stage=self.name, key=task_key(self.name, asg.root, f"{cid}@{'+'.join(sorted(names))}"),
                    assignment=str(asg.root), clip=cid,
                    params={"platforms": names, "preset": preset_name, "reframe": options.reframe,
                            "start": options.start, "end": options.end, "encoder": encoder,
                            "speed": options.speed, "keep_metadata": options.keep_metadata,
                            "contributions": contributions, "force": options.force,
                            "file": rec["file"] if rec.get("_loose") else None,
                            "analysis": part != "rest", "announce": part == "first", "cost": cost,
                            "check_original": bool(signing) and not rec.get("_loose")},
                    fingerprint=fp, fingerprint_parts=each, source_sha256=rec.get("sha256")))
        return tasks

    def _prepare(self, task: Task, emit: Emit | None = None):
        """(assignment, clip, profiles, export options) of a task, as run and describe use them."""
        from vidjourn.core.assignment import Assignment
        from vidjourn.settings import presets, profiles
        from vidjourn.stages.export import export as ex

        p = task.params
        asg = Assignment(Path(task.assignment))
        if p.get("file"):
            clip = ex.clip_from_file(Path(p["file"]))
        else:
            rec = next(r for r in asg.clips() if clip_id_of(r) == task.clip)
            if p.get("check_original") and emit is not None:  # a run that signs: made from the original ingested
                from vidjourn.provenance.service import check_original

                check_original(asg.clip_path(rec), rec, shown=str(rec.get("file")))
            clip = ex._clip_from_record(asg, rec)
            if rec.get("damaged") and emit is not None:  # ingest found the original damaged: say so where it is used
                emit(Event("warning", task.key, "export.warn_damaged",
                           {"clip": clip.label, "reason": rec["damaged"]}))
        profs = profiles.load_many(list(p["platforms"]), asg.root)
        style = presets.load(p["preset"], asg.root) if p.get("preset") else None
        hook = ex.brand_layout(style, asg) if style is not None else None
        # Files this task made before (the ledger says so) are replaced; anyone else's are not.
        overwrite = bool(p.get("force") or p.get("overwrite"))
        opts = ex.Options(start=p.get("start"), end=p.get("end"), reframe=p.get("reframe"),
                          encoder=p["encoder"], speed=p.get("speed", "normal"),
                          keep_metadata=bool(p.get("keep_metadata")), force=overwrite, brand=hook,
                          owned=frozenset(str((asg.root / o).resolve()) for o in p.get("owned") or ()),
                          cache_dir=asg.work if asg.story_file.is_file() else None,
                          contributions=tuple(p.get("contributions") or ()),
                          root=asg.root, captions_style=style,
                          analysis=bool(p.get("analysis", True)))
        return asg, clip, profs, opts

    def describe(self, task: Task, verbose: bool = False) -> list[str]:
        """The render plan of a task (``export --dry-run``): per output the geometry, encoder arguments,
        audio chain with its loudness target, size-cap budget and notes; with ``verbose`` the ffmpeg
        command too. Runs no encode (a loudness calibration pass may run, audio only)."""
        from vidjourn.core.i18n import t
        from vidjourn.core.ffmpeg import ffmpeg_path, format_cmd
        from vidjourn.render.graph import build_command
        from vidjourn.stages.export import export as ex

        stop = blocks(task.params.get("contributions"))
        if stop:
            return [f"{task.clip}: " + t(stop[0].key, **dict(stop[0].args))]
        try:
            asg, clip, profs, opts = self._prepare(task)
            planned, failures = ex.plan_clip(clip, profs, asg.out, opts)
        except StopIteration:
            return [f"{task.clip}: " + t("export.error.no_clips", path=task.assignment)]
        except VidjournError as exc:
            return [f"{task.clip}: {exc.message()}"]
        lines = [f"{clip.label} ({clip.path})"]
        for po in planned:
            lines += ["  " + x for x in (po.plan.describe() if po.plan else [str(po.path)])]
            lines.append(f"    -> {po.path}")
        lines += [f"  {f.platform}: {f.error.message()}" for f in failures]
        if verbose and planned:
            mask = ex.mask_spec(opts.contributions, opts.root)
            lines.append("  " + format_cmd([ffmpeg_path(), "-hide_banner", "-nostdin",
                                            *build_command(clip.path, clip.info, [po.spec for po in planned],
                                                           mask=mask)]))
        return lines

    def run(self, task: Task, emit: Emit) -> Result:
        from vidjourn.stages.export import export as ex

        p = task.params
        stop = blocks(p.get("contributions"))
        if stop:
            return Result(task.key, False, error=ErrorInfo(stop[0].key, dict(stop[0].args)))
        try:
            asg, clip, profs, opts = self._prepare(task, emit)
        except StopIteration:
            return Result(task.key, False, error=ErrorInfo("export.error.no_clips", {"path": task.assignment}))
        except VidjournError as exc:
            return failed(task, exc)
        result = None
        for ev in ex.export_clips([clip], profs, asg.out, opts):
            if isinstance(ev, ex.ClipStarted):
                for planned in ev.outputs:
                    for note in planned.notes:
                        emit(Event("note", task.key, "text", {"text": f"{clip.label}: {note}"}))
            elif isinstance(ev, ex.ClipProgress):
                # the render is 90 % of the task: each file is then checked (probe + loudness), which
                # must not look finished (the bar sat at 100 % while check ran)
                emit(Event("progress", task.key, fraction=RENDER_SHARE * (ev.fraction or 0.0)))
            elif isinstance(ev, ex.ClipDone):
                result = ev.result
        assert result is not None
        emit(Event("progress", task.key, fraction=1.0))
        if p.get("announce"):  # every output passed `check` in export_clips: announced now, the rest still run
            for o in result.outputs:
                emit(Event("note", task.key, "export.first_ready",
                           {"platform": o.platform, "clip": clip.label, "path": str(o.path)}))
        outputs = []
        for o in result.outputs:
            rec_ = OutputRecord.of(asg.root, Path(o.path), platform=o.platform, part=o.part,
                                   width=o.width, height=o.height)
            outputs.append(rec_)
            emit(Event("output", task.key, "export.line_output", {"platform": o.platform, "path": str(o.path)},
                       path=rec_.path))
        # In the pipeline a file at an output's path that this task did not make (the ledger would
        # have let it be replaced) is someone else's: refused, as before, never silently kept.
        pairs = [(platform, ErrorInfo.of(OutputExists(path))) for platform, path in result.existing]
        for f in result.failures:
            info = ErrorInfo.of(f.error)
            pairs.append((f.platform, ErrorInfo(info.key, {**info.args}, info.code)))
        errors = [e for _, e in pairs]
        data = {"clip": clip.label, "failures": [{"platform": pl, "key": e.key, "args": e.args}
                                                  for pl, e in pairs]}
        return Result(task.key, not errors, tuple(outputs), errors=errors, data=data)


STAGE = ExportStage()
