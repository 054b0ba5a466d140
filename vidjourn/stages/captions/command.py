"""vidjourn captions [CLIP...] | vidjourn captions approve CLIP — draft captions, then approval by hash."""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import ProgressView, console, echo_json, force_option, json_option, project_option, settings
from vidjourn.core.i18n import t

LANG_CHOICE = click.Choice(("id", "en"))


class DefaultGroup(click.Group):
    """``vidjourn captions CLIP...`` means ``vidjourn captions make CLIP...``; ``approve`` is a subcommand."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and any(a not in ("-h", "--help") for a in args)):
            args = ["make", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, help=t("cli.captions_help"))
def captions() -> None:
    pass


@captions.command("make", help=t("cli.captions_make_help"))
@click.argument("clips", nargs=-1)
@project_option
@click.option("--speech-lang", "--lang", "speech_lang", type=LANG_CHOICE, default=None, help=t("cli.captions_lang_help"))
@click.option("--model-dir", type=click.Path(path_type=Path), default=None, help=t("cli.captions_model_dir_help"))
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@force_option
@json_option
@click.pass_context
def make(ctx: click.Context, clips: tuple[str, ...], project: Path | None, speech_lang: str | None,
         model_dir: Path | None, dry_run: bool, force: bool, as_json: bool) -> None:
    from vidjourn.cli.pipeline_view import ViewListener, print_report
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import UsageError
    from vidjourn.core.locks import assignment_lock
    from vidjourn.pipeline.runner import execute
    from vidjourn.stages.base import PipelineOptions, select_records

    asg = Assignment.open(project)
    ctx.with_resource(assignment_lock(asg.root, "captions"))  # one writer per assignment
    if not asg.clips():
        raise UsageError("captions.no_clips")
    for name in clips:
        if not select_records(asg, (name,)):
            raise UsageError("captions.error.unknown_clip", clip=name, path=asg.manifest_file)
    options = PipelineOptions(steps=("captions",), clips=clips, force=force)
    options.extra["captions"] = {"enabled": True, "lang": speech_lang,
                                 "model_dir": str(model_dir.expanduser().resolve()) if model_dir else None}
    from vidjourn.stages.captions.stage import STAGE

    if dry_run:
        from vidjourn.cli.pipeline_view import dry_run as plan_only

        ctx.exit(plan_only([(asg, options)], as_json))
    STAGE.check(asg, options)  # the extra and the model, before anything else
    quiet = settings().quiet
    with ProgressView(enabled=not as_json) as view:
        report = execute([(asg, options)], listener=ViewListener(view, quiet))  # type: ignore[arg-type]
    if as_json:
        echo_json(report.to_dict())
    elif not quiet:
        print_report(report, console())
    for _, e in report.problems:
        from vidjourn.cli.common import print_error_text

        print_error_text(e.message())
    if not report.ok:
        ctx.exit(1)


@captions.command("approve", help=t("cli.captions_approve_help"))
@click.argument("clips", nargs=-1, required=True)
@project_option
@click.option("--speech-lang", "--lang", "speech_lang", type=LANG_CHOICE, default=None, help=t("cli.captions_lang_help"))
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@json_option
@click.pass_context
def approve(ctx: click.Context, clips: tuple[str, ...], project: Path | None, speech_lang: str | None,
            dry_run: bool, as_json: bool) -> None:
    from vidjourn.captions import files as cf
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import UsageError, VidjournError
    from vidjourn.core.locks import assignment_lock
    from vidjourn.stages.base import select_records

    asg = Assignment.open(project)
    if dry_run:  # the clips that would be approved; nothing written
        names = [n for n in clips if select_records(asg, (n,))]
        unknown = [n for n in clips if n not in names]
        if unknown:
            raise UsageError("captions.error.unknown_clip", clip=unknown[0], path=asg.manifest_file)
        if as_json:
            echo_json({"dry_run": True, "step": "approve", "clips": names})
        else:
            console().print(t("cli.dry_run_clips", step="approve", n=len(names), clips=", ".join(names)),
                            markup=False, highlight=False)
        return
    ctx.with_resource(assignment_lock(asg.root, "captions"))
    cfg = cf.config(asg.story(), asg.story_file)
    out = console(stderr=as_json)
    results, failed = [], 0
    for name in clips:
        try:
            recs = select_records(asg, (name,))
            if not recs:
                raise UsageError("captions.error.unknown_clip", clip=name, path=asg.manifest_file)
            results.append(approve_one(asg, recs[0], speech_lang or cfg.lang, explicit=speech_lang is not None,
                                       say=None if as_json or settings().quiet else
                                       (lambda text: out.print(text, markup=False, highlight=False))))
        except VidjournError as exc:
            failed += 1
            results.append({"clip": name, "ok": False, "error": exc.message(), "key": exc.key})
            from vidjourn.cli.common import print_error_text

            print_error_text(exc.message())
    if as_json:
        echo_json({"ok": failed == 0, "approved": results})
    if failed:
        ctx.exit(1)


def approve_one(asg, rec: dict, lang: str, *, explicit: bool, say) -> dict:
    """Check the reviewed .srt, make the .vtt from it, and record its sha256 as approved."""
    from vidjourn.captions import files as cf
    from vidjourn.captions.cues import CueFileError, parse, to_vtt
    from vidjourn.core.digest import file_sha256
    from vidjourn.core.records import clip_id_of
    from vidjourn.core.errors import MediaError
    from vidjourn.core.fsutil import write_json_atomic, write_text_atomic
    from vidjourn.core.timeutil import timecode
    from vidjourn.settings.presets import LineChars

    cid = clip_id_of(rec)
    if not explicit and not cf.srt_path(asg.root, cid, lang).is_file():
        lang = next((x for x in cf.langs_present(asg.root, cid)), lang)
    srt = cf.srt_path(asg.root, cid, lang)
    if not srt.is_file():
        raise MediaError("captions.error.no_file", path=srt, clip=cid)
    data = srt.read_bytes()
    try:
        cues = parse(data.decode("utf-8-sig"))
    except CueFileError as exc:
        raise MediaError("captions.error.unreadable", path=srt, line=exc.line, reason=exc.reason) from None
    except UnicodeDecodeError as exc:
        raise MediaError("captions.error.unreadable", path=srt, line=1, reason=str(exc)) from None
    if not cues:  # no speech: nothing is burned, nothing needs approving
        if say:
            say(t("captions.note.empty", path=srt))
        return {"clip": cid, "ok": True, "file": str(srt), "sha256": None, "cues": 0, "warnings": []}
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    words = cf.read_json(cf.transcript_path(asg.root, cid, lang)) or {}
    chars = int(words.get("chars") or LineChars().landscape)
    warnings = []
    fast = [c for c in cues if c.cps > 17.0 + 0.05]
    if fast:
        warnings.append(t("captions.warn.fast", path=srt, n=len(fast), cps=17, at=timecode(fast[0].start)))
    long = [c for c in cues if any(len(x) > chars for x in c.lines)]
    if long:
        warnings.append(t("captions.warn.long_line", path=srt, n=len(long), chars=chars, at=timecode(long[0].start)))
    duration = float(((rec.get("media") or {}).get("duration")) or 0)
    late = [c for c in cues if duration and c.start >= duration]
    if late:
        warnings.append(t("captions.warn.after_end", path=srt, n=len(late), duration=round(duration, 2)))
    vtt = cf.vtt_path(asg.root, cid, lang)
    written_vtt = (words.get("written") or {}).get("vtt")
    if vtt.is_file() and written_vtt and file_sha256(vtt) != written_vtt and vtt.read_text(
            encoding="utf-8-sig") != to_vtt(cues):
        warnings.append(t("captions.warn.vtt_edited", path=vtt))
    write_text_atomic(vtt, to_vtt(cues))
    write_json_atomic(cf.approval_path(asg.root, cid, lang), cf.approval_record(srt, sha, len(cues)))
    if say:
        for w in warnings:
            say(w)
        say(t("captions.approved", path=srt, n=len(cues), sha=sha[:12]))
    return {"clip": cid, "ok": True, "file": str(srt), "sha256": sha, "cues": len(cues), "warnings": warnings}
