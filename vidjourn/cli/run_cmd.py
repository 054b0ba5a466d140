"""vidjourn run: card -> every publishable file, through the one pipeline (parse -> plan -> execute -> print)."""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import ProgressView, platform_names, console, echo_json, force_option, json_option, project_option, settings
from vidjourn.core.i18n import t
from vidjourn.cli.choices import ENCODERS
from vidjourn.cli.choices import SPEEDS as SPEED_NAMES


def split_names(value: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (value or "").split(",") if n.strip())


@click.command(help=t("cli.run_help"))
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@project_option
@click.option("--to", "to", default=None, help=t("cli.run_to_help"))
@click.option("--steps", default=None, help=t("cli.run_steps_help"))
@click.option("--preset", default=None, help=t("cli.export_preset_help"))
@click.option("--speed", type=click.Choice(SPEED_NAMES), default="normal", show_default=True,
              help=t("cli.export_speed_help"))
@click.option("--encoder", type=click.Choice(ENCODERS), default="auto",
              show_default=True, help=t("cli.export_encoder_help"))
@click.option("--sign/--no-sign", "sign", default=None, help=t("help.run_sign"))
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@force_option
@json_option
@click.pass_context
def run(ctx: click.Context, sources: tuple[Path, ...], project: Path | None, to: str | None, steps: str | None,
        preset: str | None, speed: str, encoder: str, sign: bool | None, dry_run: bool, force: bool, as_json: bool) -> None:
    from vidjourn.cli.pipeline_view import ViewListener, print_report
    from vidjourn.core.assignment import Assignment
    from vidjourn.pipeline.runner import execute
    from vidjourn.stages.base import PipelineOptions

    asg = Assignment.open(project)
    options = PipelineOptions(steps=split_names(steps), sources=tuple(str(s) for s in sources),
                              platforms=platform_names(to, asg.root), preset=preset, speed=speed, encoder=encoder, force=force)
    if sign is not None:
        options.extra["sign"] = {"enabled": sign}
    if dry_run:
        from vidjourn.cli.pipeline_view import dry_run as plan_only

        ctx.exit(plan_only([(asg, options)], as_json))
    from vidjourn.cli.signing import prepare_signing
    from vidjourn.core.snapshot import snapshot

    quiet = settings().quiet
    with snapshot():  # vidjourn.yaml, manifest.json, ledger.json: each read once in the run
        prepare_signing([(asg, options)])  # may ask for the passphrase: before the progress bars
        with ProgressView(enabled=not as_json) as view:
            report = execute([(asg, options)], listener=ViewListener(view, quiet))
    if report.problems and not report.items and not as_json:
        from vidjourn.cli.pipeline_view import raise_problem

        raise_problem(report)  # nothing could be planned (no platforms, busy, bad story): its own message and code
    if as_json:
        echo_json(report.to_dict())
    else:
        if not quiet:
            print_report(report, console())
        for root, e in report.problems:
            from vidjourn.cli.common import print_error_text

            print_error_text(e.message())
    if not report.ok:
        if not as_json and report.count("failed") > len(report.problems):
            from vidjourn.cli.common import print_error_text

            print_error_text(t("run.error.failed_tasks", failed=report.count("failed"), total=len(report.items)))
        ctx.exit(1)
