"""vidjourn shotlog"""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import (
    ProgressView,
    console,
    echo_json,
    force_option,
    json_option,
    project_option,
    settings,
)
from vidjourn.core.i18n import t


@click.command(help=t("cli.shotlog_help"))
@project_option
@click.option("--format", "formats", default="html,csv,xlsx,json,md",
              help=t("cli.shotlog_format_help"))
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@force_option
@json_option
@click.pass_context
def shotlog(ctx: click.Context, project: Path | None, formats: str, dry_run: bool, force: bool, as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import UsageError
    from vidjourn.cli.pipeline_view import ViewListener
    from vidjourn.pipeline.runner import execute
    from vidjourn.stages.base import PipelineOptions
    from vidjourn.stages.shotlog.writers import FORMATS

    wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise UsageError("shotlog.error.format", value=",".join(bad) or formats, choices=",".join(FORMATS))
    asg = Assignment.open(project)
    quiet = settings().quiet
    out = console(stderr=as_json)  # with --json, stdout is for the JSON only
    options = PipelineOptions(steps=("shotlog",), force=force, extra={"shotlog": {"formats": list(wanted)}})
    if dry_run:
        from vidjourn.cli.pipeline_view import dry_run as plan_only

        ctx.exit(plan_only([(asg, options)], as_json))
    with ProgressView(enabled=not as_json) as view:
        report = execute([(asg, options)], listener=ViewListener(view, quiet))
    result = next((r for _, r in report.items if r is not None), None)
    data = result.data if result is not None else {}
    outputs = [asg.root / o.path for o in (result.outputs if result is not None else ())]
    cached = bool(result is not None and result.cached)
    if cached:  # nothing changed since the last shot log: the files on disk are the answer
        outputs = [asg.shotlog / f"shotlog.{f}" for f in wanted if (asg.shotlog / f"shotlog.{f}").is_file()]
    problems = [e for _, e in report.problems] + list(result.problems() if result is not None else ())
    html = next((p for p in outputs if p.suffix == ".html"), None)
    if as_json:
        echo_json({
            "ok": not problems, "cached": cached, "shotlog": str(asg.shotlog),
            "outputs": [str(p) for p in outputs], "notes": str(asg.shotlog / "notes.yaml"),
            "shots": data.get("shots"), "orphan_notes": data.get("orphan_notes"), "clips": data.get("clips"),
        })
    else:
        def say(text: str) -> None:
            if not quiet:
                out.print(text, markup=False, highlight=False)

        if cached:
            say(t("run.status.cached") + ": " + str(asg.shotlog))
        elif not data.get("clips") and not problems:
            say(t("shotlog.no_clips"))
        for c in data.get("clips") or []:
            if not c["error"]:
                say(t("shotlog.line_clip", file=c["file"], n=c["shots"]))
        if not cached:
            for p in outputs:
                say(t("shotlog.line_written", path=p))
        say(t("shotlog.line_notes", path=asg.shotlog / "notes.yaml"))
        if data.get("orphan_notes"):
            say(t("shotlog.line_orphans", n=data["orphan_notes"]))
        bad = [c for c in data.get("clips") or [] if c["error"]]
        if bad:
            console(stderr=True).print(t("shotlog.summary_failed", n=len(bad)), markup=False)
        for e in problems:
            if not bad:
                from vidjourn.cli.common import print_error_text

                print_error_text(e.message())
        if html is not None:
            say(t("shotlog.open_hint", url=html.resolve().as_uri()))
    if problems:
        ctx.exit(1)
