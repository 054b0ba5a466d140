"""vidjourn redact analyze | review | approve"""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import ProgressView, console, echo_json, json_option, project_option, settings
from vidjourn.core.i18n import t


@click.group(help=t("cli.redact_help"))
def redact() -> None:
    pass


def _say(text: str, as_json: bool) -> None:
    if not settings().quiet:
        console(stderr=as_json).print(text, markup=False, highlight=False)


def _dry_run(names: list[str], step: str, as_json: bool) -> None:
    """--dry-run: the clips this step would work on; nothing written."""
    if as_json:
        echo_json({"dry_run": True, "step": step, "clips": names})
        return
    _say(t("cli.dry_run_clips", step=step, n=len(names), clips=", ".join(names)), False)


def _fail(name: str, exc, as_json: bool) -> dict:
    from vidjourn.cli.common import print_error_text

    print_error_text(t("redact.clip_failed", name=name, error=exc.message()))
    return {"clip": name, "ok": False, "error": exc.message(), "key": exc.key}


@redact.command(help=t("cli.redact_analyze_help"))
@click.argument("clips", nargs=-1)
@project_option
@click.option("--force", is_flag=True, default=False, help=t("cli.force_help"))
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@json_option
@click.pass_context
def analyze(ctx: click.Context, clips: tuple[str, ...], project: Path | None, force: bool, dry_run: bool,
            as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import VidjournError
    from vidjourn.stages.redact import core as C

    asg = Assignment.open(project)
    jobs = C.clip_jobs(asg, clips)
    if dry_run:
        _dry_run([job.name for job in jobs], "analyze", as_json)
        return
    results, failed = [], 0
    with ProgressView(enabled=not as_json) as view:
        for i, job in enumerate(jobs, 1):
            label = f"({i}/{len(jobs)}) " + t("redact.progress_analyze", name=job.name)

            def prog(ev, _label=label, _i=i) -> None:
                view.update("clips", _label, ((_i - 1) + (ev.fraction or 0)) / len(jobs))

            view.update("clips", label, (i - 1) / len(jobs))
            try:
                a, hit = C.analyze(asg, job, force=force, on_progress=prog)
            except VidjournError as exc:
                failed += 1
                results.append(_fail(job.name, exc, as_json))
                continue
            if job.effective.faces == "auto":
                text = t("redact.analyzed", name=job.name, tracks=len(a.tracks), frames=a.frame_count,
                         detect=f"{a.detect_width}×{a.detect_height}", stride=a.stride,
                         low=C.low_pass_note(a), cached=t("redact.cached") if hit else "")
            else:
                text = t("redact.analyzed_off", name=job.name, frames=a.frame_count)
            view.log(text, markup=False) if view.enabled else _say(text, as_json)
            results.append({"clip": job.name, "ok": True, "sha256": job.sha256, "cached": hit,
                            "tracks": len(a.tracks), "frames": a.frame_count, "stride": a.stride})
    _say(t("redact.summary", ok=len(jobs) - failed, failed=failed), as_json)
    if as_json:
        echo_json({"clips": results})
    ctx.exit(1 if failed else 0)


@redact.command(help=t("cli.redact_review_help"))
@click.argument("clips", nargs=-1)
@project_option
@click.option("--every", type=float, default=2.0, show_default=True, help=t("cli.redact_every_help"))
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@json_option
@click.pass_context
def review(ctx: click.Context, clips: tuple[str, ...], project: Path | None, every: float, dry_run: bool,
           as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import VidjournError
    from vidjourn.stages.redact import core as C
    from vidjourn.stages.redact.review import write_review

    asg = Assignment.open(project)
    jobs = C.clip_jobs(asg, clips)
    if dry_run:
        _dry_run([job.name for job in jobs], "review", as_json)
        return
    results, failed = [], 0
    with ProgressView(enabled=not as_json) as view:
        for i, job in enumerate(jobs, 1):
            view.update("clips", f"({i}/{len(jobs)}) " + t("redact.progress_review", name=job.name),
                        (i - 1) / len(jobs))
            try:
                sheet = write_review(asg, job, every)
            except VidjournError as exc:
                failed += 1
                results.append(_fail(job.name, exc, as_json))
                continue
            text = t("redact.reviewed", name=job.name, html=sheet.html, png=sheet.png)
            view.log(text, markup=False) if view.enabled else _say(text, as_json)
            results.append({"clip": job.name, "ok": True, "html": str(sheet.html), "png": str(sheet.png),
                            "frames": sheet.frames})
    _say(t("redact.summary", ok=len(jobs) - failed, failed=failed), as_json)
    if as_json:
        echo_json({"clips": results})
    ctx.exit(1 if failed else 0)


@redact.command(help=t("cli.redact_approve_help"))
@click.argument("clips", nargs=-1, required=True)
@project_option
@click.option("--by", default=None, help=t("cli.redact_by_help"))
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@json_option
def approve(clips: tuple[str, ...], project: Path | None, by: str | None, dry_run: bool, as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.stages.redact import core as C

    asg = Assignment.open(project)
    if dry_run:
        _dry_run([job.name for job in C.clip_jobs(asg, clips)], "approve", as_json)
        return
    out = []
    for job in C.clip_jobs(asg, clips):
        rec = C.approve(asg, job, by)
        _say(t("redact.approved", name=job.name, by=rec["approved_by"], when=rec["approved_at"],
               analysis=(rec["analysis_sha256"] or "-")[:12], yaml=rec["redact_yaml_sha256"][:12]), as_json)
        out.append({"clip": job.name, **rec})
    if as_json:
        echo_json({"approved": out})

