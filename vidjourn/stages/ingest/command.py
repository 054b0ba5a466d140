"""vidjourn init | ingest | verify"""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import (ProgressView, console, echo_json, json_option, project_option,
                                 settings)
from vidjourn.core.i18n import t


def _out(as_json: bool):
    """Human lines go to stdout unless --json owns it; then they go to stderr."""
    return console(stderr=as_json)


@click.command(help=t("cli.init_help"))
@click.argument("slug")
@click.option("--title", default=None, help=t("cli.init_title_help"))
@click.option("--in", "--parent", "parent", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=t("cli.init_parent_help"))
@click.option("--logo", type=click.Path(dir_okay=False, path_type=Path), default=None, help=t("cli.presets_logo_help"))
@click.option("--unit", default=None, help=t("cli.presets_unit_help"))
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@json_option
def init(slug: str, title: str | None, parent: Path | None, logo: Path | None, unit: str | None, dry_run: bool,
         as_json: bool) -> None:
    from vidjourn.core.story import DEFAULT_BRAND, init_assignment

    if dry_run:
        from vidjourn.core.errors import UsageError
        from vidjourn.core.story import folder_name

        if not folder_name(slug):
            raise UsageError("init.error_bad_slug", slug=slug)
        where = Path(parent or ".").expanduser() / folder_name(slug)
        if as_json:
            echo_json({"dry_run": True, "path": str(where)})
        else:
            console().print(t("cli.dry_run_would_write", path=where), markup=False, highlight=False)
        return
    if logo is not None:  # the unit's look first (before the folder: a bad logo leaves nothing behind)
        from vidjourn.settings.unit import write_unit_preset

        write_unit_preset(DEFAULT_BRAND, logo, unit, dry_run=True)
    asg = init_assignment(slug, parent, title=title, **({"unit": unit} if unit else {}))
    data = {"path": str(asg.root), "story": str(asg.story_file)}
    if not as_json and not settings().quiet:
        console().print(t("init.done", path=asg.root, story=asg.story_file), markup=False)
    if logo is not None:
        from vidjourn.cli.unit import say_unit_preset

        data["unit_preset"] = say_unit_preset(DEFAULT_BRAND, logo, unit, quiet=as_json)
    elif not as_json and not settings().quiet:
        _hint_unit_logo(DEFAULT_BRAND, asg.root)
    if as_json:
        echo_json(data)


def _hint_unit_logo(name: str, root: Path) -> None:
    """After init: when the preset the story uses still has the placeholder logo, say how to fix it once."""
    from vidjourn.core.errors import VidjournError
    from vidjourn.settings import presets
    from vidjourn.settings.unit import fix_command, uses_placeholder

    try:
        if not uses_placeholder(presets.load(name, root)):
            return
    except VidjournError:
        return
    console().print(t("unit.init_hint", name=name, fix=fix_command(name)), markup=False, highlight=False)


@click.command(help=t("cli.ingest_help"))
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
@project_option
@click.option("--no-loudness", is_flag=True, help=t("cli.ingest_no_loudness_help"))
@click.option("--sign/--no-sign", "sign", default=None, help=t("help.ingest_sign"))
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@json_option
@click.pass_context
def ingest(ctx: click.Context, sources: tuple[Path, ...], project: Path | None, no_loudness: bool,
           sign: bool | None, dry_run: bool, as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import UsageError
    from vidjourn.pipeline.runner import execute
    from vidjourn.stages.base import PipelineOptions

    if not sources:
        raise UsageError("ingest.error_no_sources")
    asg = Assignment.open(project)
    quiet = settings().quiet
    out = _out(as_json)
    if dry_run:
        from vidjourn.cli.pipeline_view import dry_run as plan_only

        ctx.exit(plan_only([(asg, PipelineOptions(steps=("ingest",), sources=tuple(str(s) for s in sources)))],
                           as_json, command="ingest"))
    sidecars = _sidecar_options(asg, sign)  # checked before the first copy: a wrong passphrase stops here
    options = PipelineOptions(steps=("ingest",), sources=tuple(str(s) for s in sources),
                              extra={"ingest": {"measure_loudness": not no_loudness}})
    with ProgressView(enabled=not as_json) as view:
        report = execute([(asg, options)], listener=_IngestView(view, out, quiet), command="ingest")
    result = next((r for _, r in report.items if r is not None), None)
    if result is None:  # the assignment could not be planned (e.g. busy): its error, as the command's own
        from vidjourn.cli.pipeline_view import raise_problem

        raise_problem(report)
    made, sidecar_errors = _make_sidecars(asg, sidecars)
    data = {"assignment": str(asg.root), **result.data}
    if as_json:
        if sidecars is not None:
            data["sidecars"] = made
            data["sidecar_errors"] = sidecar_errors
        echo_json(data)
    else:
        if not quiet:
            for rel, side in made:
                out.print(t("sign.sidecar", path=rel, sidecar=side), markup=False)
            out.print(t("ingest.summary", ingested=len(data["ingested"]), skipped=len(data["skipped"]),
                        failed=len(data["failed"]), ignored=len(data["ignored"])), markup=False)
        for text in sidecar_errors:
            from vidjourn.cli.common import print_error_text

            print_error_text(text)
    ctx.exit(0 if result.ok and not sidecar_errors else 1)


class _IngestView:
    """The ingest step's events as before: one bar per phase (a projector shows 2 bars, not 40) with the
    current file in its label; a line per clip; errors and damaged originals shown even with -q."""

    def __init__(self, view: ProgressView, out, quiet: bool) -> None:
        self.view, self.out, self.quiet = view, out, quiet

    def planned(self, stage: str, items: list) -> None:
        pass

    def finished(self, item, result) -> None:
        pass

    def _line(self, text: str, always: bool) -> None:
        if self.quiet and not always:
            return
        if self.view.enabled:
            self.view.log(text, markup=False)
        elif always:
            console(stderr=True).print(text, markup=False, highlight=False)
        else:
            self.out.print(text, markup=False, highlight=False)

    def event(self, ev) -> None:
        a = ev.args
        if ev.kind == "progress" and ev.key == "ingest.progress_probe":
            self.view.update("probe", t(ev.key, name=a["name"]), ev.fraction)
        elif ev.kind == "progress" and ev.key:
            label = t(ev.key, name=a["name"]) + f" ({a.get('index')}/{a.get('total')})"
            self.view.update("clip", label, ev.fraction)
        elif ev.kind == "note" and ev.key:
            self._line(t(ev.key, **a), always=False)
        elif ev.kind == "warning" and ev.key:
            self._line(t(ev.key, **a), always=True)


def _sidecar_options(asg, sign: bool | None):
    """Pipeline options for the originals' sidecars when signing is on (``--sign`` or ``sign: true``),
    after checking the key and passphrase; None when signing is off."""
    from vidjourn.provenance.service import sign_settings
    from vidjourn.stages.base import PipelineOptions

    options = PipelineOptions(steps=("sidecar",), extra={"sign": {"enabled": sign}} if sign is not None else {})
    if not sign_settings(asg.story(), options.extra)["enabled"]:
        return None
    from vidjourn.cli.signing import prepare_signing
    from vidjourn.pipeline.planner import stage

    prepare_signing([(asg, options)])
    stage("sidecar").check(asg, options)  # type: ignore[attr-defined]
    return options


def _make_sidecars(asg, options) -> tuple[list[tuple[str, str]], list[str]]:
    """``raw/<clip>.c2pa`` for every original that has none yet (the sidecar stage, through the runner)."""
    if options is None:
        return [], []
    from vidjourn.pipeline.runner import execute

    report = execute([(asg, options)])
    made = [(str(o.info.get("original")), o.path) for _, r in report.items if r is not None for o in r.outputs]
    errors = [e.message() for _, r in report.items if r is not None for e in r.problems()]
    errors += [e.message() for _, e in report.problems]
    return made, errors


@click.command(help=t("cli.verify_help"))
@project_option
@click.option("--provenance", "prov_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=t("help.verify_provenance"))
@click.option("--root", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=t("help.verify_root"))
@click.option("--register", "registers", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help=t("help.verify_register"))
@click.option("--id", "short_id", default=None, help=t("help.verify_id"))
@json_option
@click.pass_context
def verify(ctx: click.Context, project: Path | None, prov_file: Path | None, root: Path | None,
           registers: tuple[Path, ...], short_id: str | None, as_json: bool) -> None:
    if prov_file is not None:
        from vidjourn.cli import provenance_view

        ctx.exit(provenance_view.run(prov_file, root, registers, as_json, short_id))
    from vidjourn.core.assignment import Assignment
    from vidjourn.stages.ingest.ingest import verify as do_verify

    asg = Assignment.open(project)
    with ProgressView(enabled=not as_json) as view:
        def on_event(ev) -> None:
            label = t("verify.progress", name=Path(ev.file).name) + f" ({ev.index}/{ev.total})"
            view.update("verify", label, (ev.index - 1 + (ev.fraction or 0)) / max(ev.total, 1))

        result = do_verify(asg, on_event)
    if as_json:
        echo_json({"assignment": str(asg.root), **result.to_dict()})
    else:
        out = console()
        for f in result.missing:
            out.print(t("verify.line_missing", file=f), markup=False)
        for f in result.changed:
            out.print(t("verify.line_changed", file=f), markup=False)
        for f in result.unexpected:
            out.print(t("verify.line_unexpected", file=f), markup=False)
        for message in result.errors:
            from vidjourn.cli.common import print_error_text

            print_error_text(message)
        if result.passed:
            if not settings().quiet:
                out.print(t("verify.passed", n=len(result.ok)), markup=False)
        else:
            console(stderr=True).print(t("verify.failed", missing=len(result.missing),
                                         changed=len(result.changed), unexpected=len(result.unexpected)),
                                       markup=False)
    ctx.exit(0 if result.passed else 1)
