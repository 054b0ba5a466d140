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
@force_option
@json_option
@click.pass_context
def shotlog(ctx: click.Context, project: Path | None, formats: str, force: bool, as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import UsageError
    from vidjourn.stages.shotlog.build import make_shotlog
    from vidjourn.stages.shotlog.writers import FORMATS

    wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise UsageError("shotlog.error.format", value=",".join(bad) or formats, choices=",".join(FORMATS))
    asg = Assignment.open(project)
    from vidjourn.core.locks import assignment_lock

    ctx.with_resource(assignment_lock(asg.root, "shotlog"))  # one writer per assignment
    quiet = settings().quiet
    out = console(stderr=as_json)  # with --json, stdout is for the JSON only

    def say(text: str, view: ProgressView) -> None:
        if quiet:
            return
        if view.enabled:
            view.log(text)
        else:
            out.print(text, markup=False, highlight=False)

    with ProgressView(enabled=not as_json) as view:
        def on_event(ev) -> None:
            name = Path(ev.file).name
            label = f"({ev.index}/{ev.total}) "
            if ev.kind == "detect":
                frac = ((ev.index - 1) + 0.8 * (ev.fraction or 0)) / max(ev.total, 1)
                view.update("clips", label + t("shotlog.progress_detect", name=name), frac)
            elif ev.kind == "thumbs":
                view.update("clips", label + t("shotlog.progress_thumbs", name=name),
                            (ev.index - 0.2) / max(ev.total, 1))
            elif ev.kind == "done":
                view.update("clips", label + t("shotlog.progress_thumbs", name=name), ev.index / max(ev.total, 1))
            elif ev.kind == "failed":
                # Shown even with -q: the batch carries on, but the user must know which clip failed.
                text = t("shotlog.line_failed", message=ev.error.message())
                if view.enabled:
                    view.log(text)
                else:
                    console(stderr=True).print(text, markup=False, highlight=False)

        result = make_shotlog(asg, wanted, force=force, on_event=on_event)

    log = result.log
    html = next((p for p in result.outputs if p.suffix == ".html"), None)
    if as_json:
        echo_json({
            "ok": result.ok, "shotlog": str(asg.shotlog), "outputs": [str(p) for p in result.outputs],
            "notes": str(asg.shotlog / "notes.yaml"), "shots": log.shot_count, "orphan_notes": log.orphan_notes,
            "clips": [{"file": c.file, "sha256": c.sha256, "shots": len(c.shots), "error": c.error} for c in log.clips],
        })
    else:
        if not log.clips:
            say(t("shotlog.no_clips"), view)
        for c in log.clips:
            if not c.error:
                say(t("shotlog.line_clip", file=c.file, n=len(c.shots)), view)
        for p in result.outputs:
            say(t("shotlog.line_written", path=p), view)
        say(t("shotlog.line_notes", path=asg.shotlog / "notes.yaml"), view)
        if log.orphan_notes:
            say(t("shotlog.line_orphans", n=log.orphan_notes), view)
        if log.failed:
            console(stderr=True).print(t("shotlog.summary_failed", n=len(log.failed)), markup=False)
        if html is not None:
            say(t("shotlog.open_hint", url=html.resolve().as_uri()), view)
    if not result.ok:
        ctx.exit(1)
