"""vidjourn export | check"""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import ProgressView, console, echo_json, force_option, json_option, project_option, settings
from vidjourn.core.i18n import t

ENCODERS = ("auto", "x264", "nvenc", "qsv", "vaapi", "amf")
REFRAMES = ("blur", "crop", "pad", "fit")
BUILTIN_NAMES = "reels, tiktok, shorts, facebook, feed, square, youtube, x, whatsapp, whatsapp-status"


def _split_names(value: str | None) -> list[str]:
    return [n.strip() for n in (value or "").split(",") if n.strip()]


def _open_assignment(project: Path | None, clips: tuple[str, ...]):
    """The assignment, or None when plain files are exported from outside one."""
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import AssignmentError

    try:
        return Assignment.open(project)
    except AssignmentError:
        if project is not None or not clips:
            raise
        return None


@click.command(help=t("cli.export_help"))
@click.argument("clips", nargs=-1)
@project_option
@click.option("--to", "to", default=None, help=t("cli.export_to_help", names=BUILTIN_NAMES))
@click.option("--preset", default=None, help=t("cli.export_preset_help"))
@click.option("--reframe", type=click.Choice(REFRAMES), default=None, help=t("cli.export_reframe_help"))
@click.option("--start", default=None, help=t("cli.export_start_help"))
@click.option("--end", default=None, help=t("cli.export_end_help"))
@click.option("--encoder", type=click.Choice(ENCODERS), default="auto", show_default=True,
              help=t("cli.export_encoder_help"))
@click.option("--speed", type=click.Choice(("normal", "fast")), default="normal", show_default=True,
              help=t("cli.export_speed_help"))
@click.option("--keep-metadata", is_flag=True, help=t("cli.export_keep_metadata_help"))
@force_option
@json_option
@click.pass_context
def export(ctx: click.Context, clips: tuple[str, ...], project: Path | None, to: str | None,
           preset: str | None, reframe: str | None, start: str | None, end: str | None, encoder: str,
           speed: str, keep_metadata: bool, force: bool, as_json: bool) -> None:
    from vidjourn.stages.export import export as ex
    from vidjourn.settings import profiles
    from vidjourn.render.encoders import pick_encoder
    from vidjourn.core.errors import UsageError, VidjournError
    from vidjourn.core.timeutil import parse_time

    asg = _open_assignment(project, clips)
    if asg is not None:
        from vidjourn.core.locks import assignment_lock

        ctx.with_resource(assignment_lock(asg.root, "export"))  # one writer per assignment
    root = asg.root if asg else None
    story = asg.story() if asg else {}
    names = _split_names(to) or [str(n) for n in (story.get("platforms") or [])]
    if not names:
        raise UsageError("export.error.no_platforms", names=", ".join(profiles.names(root)))
    profs = profiles.load_many(names, root)
    t0 = parse_time(start) if start else None
    t1 = parse_time(end) if end else None
    enc = pick_encoder(encoder)
    out = console(stderr=as_json)
    quiet = settings().quiet
    if not quiet:
        out.print(t("export.encoder", name=enc), markup=False)

    brand_hook = None
    brand_name = preset or story.get("brand")
    if brand_name and str(brand_name).lower() != "none" and asg is not None:
        from vidjourn.settings import presets

        brand_hook = ex.brand_layout(presets.load(str(brand_name), root), asg)

    # Every input is checked before the first encode; a bad one is reported and the rest carry on.
    todo: list = ex.clips_from_assignment(asg, ()) if asg is not None and not clips else []
    results: list[dict] = []
    failed = bad_inputs = 0
    for name in clips:
        try:
            todo += ex.clips_from_assignment(asg, (name,)) if asg else [ex.clip_from_file(Path(name))]
        except VidjournError as exc:
            failed += 1
            bad_inputs += 1
            results.append({"clip": name, "ok": False, "outputs": [], "failures": [
                {"platform": "*", "error": exc.message(), "key": exc.key}]})
            _say(out, t("export.status.failed") + ": " + exc.message(), quiet=False)
    if asg is not None:  # an original ingest found damaged is named again where it is used
        damaged = {Path(str(r.get("file"))).stem: r["damaged"] for r in asg.clips() if r.get("damaged")}
        for c in todo:
            if c.label in damaged:
                _say(out, t("export.warn_damaged", clip=c.label, reason=damaged[c.label]), quiet=False)
        if brand_hook is not None:
            from vidjourn.graphics.lower_thirds import unmatched_lower_thirds

            for name in unmatched_lower_thirds(asg):
                _say(out, t("export.warn_lower_third_no_clip", clip=name, path=asg.story_file), quiet=False)
    if asg is not None:
        todo = _with_contributions(asg, todo)
    out_root = asg.out if asg else Path.cwd() / "out"
    captions_style = None  # approved captions are burned in the brand preset's style (else the default's)
    if asg is not None and brand_name and str(brand_name).lower() != "none":
        from vidjourn.settings import presets as _presets

        captions_style = _presets.load(str(brand_name), root)
    opts = ex.Options(start=t0, end=t1, reframe=reframe, encoder=enc, speed=speed,
                      keep_metadata=keep_metadata, force=force, brand=brand_hook,
                      cache_dir=asg.work if asg else None, root=root, captions_style=captions_style)

    done: list = []
    with ProgressView(enabled=not as_json) as view:
        for ev in ex.export_clips(todo, profs, out_root, opts):
            label = t("export.progress", clip=ev.clip, targets=",".join(names)) + f" ({ev.index}/{ev.total})"
            if isinstance(ev, ex.ClipStarted):
                view.update("clip", label, (ev.index - 1) / max(ev.total, 1))
                for p in ev.outputs:
                    for note in p.notes:
                        _log(view, out, f"{ev.clip}: {note}", quiet)
            elif isinstance(ev, ex.ClipProgress):
                view.update("clip", label, (ev.index - 1 + (ev.fraction or 0)) / max(ev.total, 1))
            elif isinstance(ev, ex.ClipDone):
                view.update("clip", label, ev.index / max(ev.total, 1))
                done.append(ev.result)
                for platform, path in ev.result.existing:
                    _log(view, out, t("export.line_existing", clip=ev.clip, platform=platform, path=path), quiet)
                for f in ev.result.failures:
                    _log(view, out, f"{t('export.status.failed')}: {f.platform}: {f.error.message()}", False)
    failed += sum(1 for r in done if not r.ok)
    results += [r.to_dict() for r in done]
    if as_json:
        echo_json({"encoder": enc, "out": str(out_root), "ok": failed == 0, "clips": results})
    elif not quiet:
        _table(out, done)
    if failed:
        if not as_json:
            from vidjourn.cli.common import print_error_text

            print_error_text(t("export.error.failed_items", failed=failed, total=len(todo) + bad_inputs))
        ctx.exit(1)


def _with_contributions(asg, todo: list) -> list:
    """Attach what other stages give each clip (the planner's contribute hooks): the redaction mask, the
    approved captions to burn, or a block when a clip may not be published (redaction required and not
    approved, captions to burn not approved, redact.yaml mistakes)."""
    from dataclasses import replace

    from vidjourn.pipeline.planner import contributions
    from vidjourn.stages.base import PipelineOptions

    if not any(c.record is not None for c in todo):
        return todo
    per = contributions(asg, PipelineOptions())
    out = []
    for clip in todo:
        if clip.record is None:
            out.append(clip)
            continue
        cid = str(clip.record.get("id") or clip.record.get("file"))
        items = tuple({**c, "ass": str(asg.root / c["ass"])} if c.get("kind") == "mask" and c.get("ass") else c
                      for c in per.get(cid, []))
        out.append(replace(clip, contributions=items))
    return out


def _say(out, text: str, quiet: bool) -> None:
    if not quiet:
        out.print(text, markup=False, highlight=False)


def _log(view: ProgressView, out, text: str, quiet: bool) -> None:
    if quiet:
        return
    if view.enabled:
        from rich.markup import escape

        view.log(escape(text))
    else:
        out.print(text, markup=False, highlight=False)


def _table(out, results) -> None:
    """Clip, platform, frame and size in a table; each file's path on a line of its own below it,
    whole (a path folded into a table cell at 80 columns was unreadable and uncopyable)."""
    from rich.table import Table

    rows = [(r, o) for r in results for o in r.outputs]
    if not rows:
        return
    table = Table()
    for key in ("clip", "platform", "frame", "size"):
        table.add_column(t("export.col." + key))
    for r, o in rows:
        table.add_row(r.clip, o.platform + (f" #{o.part}" if o.part else ""), f"{o.width}x{o.height}",
                      f"{o.size / 1e6:.1f} MB")
    out.print(table)
    for _r, o in rows:
        out.print(f"→ {o.path}", markup=False, highlight=False, soft_wrap=True)


@click.command(help=t("cli.check_help"))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--platform", "platform", required=True, help=t("cli.check_platform_help"))
@project_option
@json_option
@click.pass_context
def check(ctx: click.Context, files: tuple[Path, ...], platform: str, project: Path | None, as_json: bool) -> None:
    from vidjourn.settings import profiles
    from vidjourn.analysis.check import check as do_check
    from vidjourn.core.errors import AssignmentError

    root = None
    try:
        from vidjourn.core.assignment import Assignment

        root = Assignment.open(project).root
    except AssignmentError:
        if project is not None:
            raise
    prof = profiles.load(platform, root)
    results = [do_check(f, prof) for f in files]
    if as_json:
        echo_json(results[0].to_dict() if len(results) == 1 else [r.to_dict() for r in results])
    else:
        from rich.table import Table

        out = console()
        for r in results:
            table = Table(title=f"{r.path} — {r.platform}")
            for key in ("item", "value", "want", "result"):
                table.add_column(t("check.col." + key))
            for i in r.items:
                verdict = t("check.pass") if i.ok else t("check.fail")
                table.add_row(t("check.item." + i.key), i.value, i.want,
                              f"[green]{verdict}[/]" if i.ok else f"[bold red]{verdict}[/]")
            out.print(table)
            if not r.ok:
                from vidjourn.cli.common import print_error_text

                print_error_text(t("check.verdict_fail", path=r.path, platform=r.platform, reasons=r.reasons()))
    ctx.exit(0 if all(r.ok for r in results) else 1)
