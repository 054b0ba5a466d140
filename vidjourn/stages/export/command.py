"""vidjourn export | check"""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import ProgressView, cell, platform_names, console, echo_json, force_option, json_option, project_option, settings
from vidjourn.core.i18n import t
from vidjourn.cli.choices import ENCODERS, PLATFORMS, REFRAMES
from vidjourn.cli.choices import SPEEDS as SPEED_NAMES

BUILTIN_NAMES = ", ".join(PLATFORMS)


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
@click.option("--speed", type=click.Choice(SPEED_NAMES), default="normal", show_default=True,
              help=t("cli.export_speed_help"))
@click.option("--keep-metadata", is_flag=True, help=t("cli.export_keep_metadata_help"))
@click.option("--sign/--no-sign", "sign", default=None, help=t("help.run_sign"))
@click.option("--dry-run", "dry_run", is_flag=True, help=t("cli.export_dry_run_help"))
@force_option
@json_option
@click.pass_context
def export(ctx: click.Context, clips: tuple[str, ...], project: Path | None, to: str | None,
           preset: str | None, reframe: str | None, start: str | None, end: str | None, encoder: str,
           speed: str, keep_metadata: bool, sign: bool | None, dry_run: bool, force: bool, as_json: bool) -> None:
    from vidjourn.cli.pipeline_view import ViewListener
    from vidjourn.core.assignment import LooseFiles
    from vidjourn.core.timeutil import parse_time
    from vidjourn.pipeline.runner import execute
    from vidjourn.stages.base import PipelineOptions, select_records

    asg = _open_assignment(project, clips)
    # Names that are clips of the assignment select them; any other name is a file to export as it is.
    known = {n for n in clips if asg is not None and select_records(asg, (n,))}
    files = tuple(n for n in clips if n not in known)
    options = PipelineOptions(
        steps=("export",), clips=tuple(known),
        platforms=platform_names(to, asg.root if asg is not None else None), preset=preset if asg is not None else "none",
        reframe=reframe, start=parse_time(start) if start else None, end=parse_time(end) if end else None,
        encoder=encoder, speed=speed, keep_metadata=keep_metadata, force=force,
        extra={"export": {"files": list(files), "only_files": bool(files and not known)}})
    target = asg if asg is not None else LooseFiles(Path.cwd())
    if asg is not None:
        # Signing is the last step of an export (issue 12): when it is on (--sign, or sign: true in
        # vidjourn.yaml) the originals' sidecars and the sign stage follow export in the same run.
        from vidjourn.cli.signing import prepare_signing
        from vidjourn.provenance.service import sign_settings

        if sign is not None:
            options.extra["sign"] = {"enabled": sign}
        if sign_settings(asg.story(), options.extra)["enabled"]:
            options.steps = ("export", "sidecar", "sign")
            prepare_signing([(asg, options)])
    out = console(stderr=as_json)
    quiet = settings().quiet
    if dry_run:  # the render plan of every clip (render/plan.py), nothing encoded
        from vidjourn.pipeline.runner import Listener
        from vidjourn.stages.export.stage import STAGE

        seen: list = []

        class _Planned(Listener):
            def planned(self, stage, items):
                seen.extend(p.task for p in items if stage == "export")

        report = execute([(target, options)], dry_run=True, listener=_Planned())
        for task in seen:
            for line in STAGE.describe(task, verbose=settings().verbose > 0):
                out.print(line, markup=False, highlight=False, soft_wrap=True)
        for _, e in report.problems:
            from vidjourn.cli.common import print_error_text

            print_error_text(e.message())
        ctx.exit(1 if report.problems else 0)
    if asg is not None and (preset or asg.story().get("brand")) not in (None, "", "none"):
        from vidjourn.graphics.lower_thirds import unmatched_lower_thirds

        for name in unmatched_lower_thirds(asg):  # a typo in a clip name would hide a name silently
            out.print(t("export.warn_lower_third_no_clip", clip=name, path=asg.story_file), markup=False)
    with ProgressView(enabled=not as_json) as view:
        report = execute([(target, options)], listener=ViewListener(view, quiet))
    tasks = [(p.task, r) for p, r in report.items if p.task.stage == "export"]
    signing = [(p.task, r) for p, r in report.items if p.task.stage in ("sidecar", "sign")]
    enc = next((tk.params.get("encoder") for tk, _ in tasks), None)
    if enc and not quiet and not as_json:
        from vidjourn.render.encoders import choice_reason

        # the hardware encoders' own errors (libcuda.so.1, libamfrt64.so.1...) are for -v and doctor
        why = choice_reason(encoder, enc)
        if not settings().verbose and encoder == "auto" and enc == "x264":
            why = t("encoders.why_fallback_short")
        out.print(t("encoders.chosen", name=enc, why=why), markup=False, highlight=False)
    results = []
    for tk, r in tasks:
        outs = [{"platform": o.info.get("platform"), "part": o.info.get("part"), "width": o.info.get("width"),
                 "height": o.info.get("height"), "size": o.size, "path": str(target.root / o.path)}
                for o in (r.outputs if r is not None else ())]
        fails = [{"platform": f.get("platform", "*"), "key": f["key"], "error": t(f["key"], **f["args"])}
                 for f in (r.data.get("failures") or []) if r is not None]
        if r is not None and not r.ok and not fails:
            fails = [{"platform": "*", "key": e.key, "error": e.message()} for e in r.problems()]
        results.append({"clip": r.data.get("clip", tk.clip) if r is not None else tk.clip,
                        "source": tk.params.get("file") or tk.clip, "encoder": enc,
                        "ok": r is not None and r.ok, "cached": bool(r is not None and r.cached),
                        "outputs": outs, "failures": fails})
    signed = [{"path": str(target.root / o.path), "id": o.info.get("id"), "sha256": o.sha256}
              for tk, r in signing if tk.stage == "sign" and r is not None for o in r.outputs]
    sign_failures = [{"task": tk.key, "key": e.key, "error": e.message()}
                     for tk, r in signing if r is not None for e in r.problems()]
    failed = sum(1 for x in results if not x["ok"]) + len(report.problems) + len(sign_failures)
    if as_json:
        data = {"encoder": enc, "out": str(target.out), "ok": failed == 0, "clips": results}
        if signing:
            data["signed"] = signed
            data["sign_failures"] = sign_failures
        echo_json(data)
    else:
        if not quiet:
            _table(out, results)
            for x in signed:
                out.print(t("sign.signed", path=x["path"], id=x["id"]), markup=False)
        from vidjourn.cli.common import print_error_text

        for x in sign_failures:
            print_error_text(x["error"])
        for _, e in report.problems:
            print_error_text(e.message())
        if failed and results:
            print_error_text(t("export.error.failed_items", failed=failed, total=len(results)))
    if failed:
        # Nothing could be planned and every reason is a usage error (a mistyped platform): exit 2.
        codes = {e.code for _, e in report.problems}
        ctx.exit(2 if codes == {2} and not results and not sign_failures else 1)


def _say(out, text: str, quiet: bool) -> None:
    if not quiet:
        out.print(text, markup=False, highlight=False)


def _table(out, results: list[dict]) -> None:
    """Clip, platform, frame and size in a table; each file's path on a line of its own below it,
    whole (a path folded into a table cell at 80 columns was unreadable and uncopyable)."""
    from rich.table import Table

    rows = [(r, o) for r in results for o in r["outputs"]]
    if rows:
        table = Table()
        for key in ("clip", "platform", "frame", "size"):
            table.add_column(t("export.col." + key))
        for r, o in rows:
            table.add_row(cell(r["clip"]), o["platform"] + (f" #{o['part']}" if o.get("part") else ""),
                          f"{o['width']}x{o['height']}", f"{o['size'] / 1e6:.1f} MB")
        out.print(table)
        for _r, o in rows:
            out.print(cell(f"→ {o['path']}"), markup=False, highlight=False, soft_wrap=True)
    for r in results:
        if r["cached"]:
            out.print(cell(f"= {r['clip']}: {t('run.status.cached')}"), markup=False, highlight=False)
        for f in r["failures"]:
            out.print(cell(f"✗ {r['clip']} {f['platform']}: {f['error']}"), markup=False, highlight=False,
                      soft_wrap=True)


@click.command(help=t("cli.check_help"))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--to", "--platform", "platform", required=True, help=t("cli.check_platform_help"))
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
