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
@click.option("-p", "--parent", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=t("cli.init_parent_help"))
@json_option
def init(slug: str, title: str | None, parent: Path | None, as_json: bool) -> None:
    from vidjourn.core.story import init_assignment

    asg = init_assignment(slug, parent, title=title)
    if as_json:
        echo_json({"path": str(asg.root), "story": str(asg.story_file)})
    elif not settings().quiet:
        console().print(t("init.done", path=asg.root, story=asg.story_file), markup=False)


@click.command(help=t("cli.ingest_help"))
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
@project_option
@click.option("--no-loudness", is_flag=True, help=t("cli.ingest_no_loudness_help"))
@click.option("--sign/--no-sign", "sign", default=None, help=t("help.ingest_sign"))
@json_option
@click.pass_context
def ingest(ctx: click.Context, sources: tuple[Path, ...], project: Path | None, no_loudness: bool,
           sign: bool | None, as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import UsageError
    from vidjourn.stages.ingest.ingest import ingest as do_ingest

    if not sources:
        raise UsageError("ingest.error_no_sources")
    asg = Assignment.open(project)
    quiet = settings().quiet
    out = _out(as_json)
    sidecars = _sidecar_options(asg, sign)  # checked before the first copy: a wrong passphrase stops here

    def show(text: str, view: ProgressView) -> None:
        if quiet:
            return
        if view.enabled:
            view.log(text, markup=False)
        else:
            out.print(text, markup=False, highlight=False)

    with ProgressView(enabled=not as_json) as view:
        def on_event(ev) -> None:
            name = ev.source.name
            # One bar per phase (a projector shows 2 bars, not 40): the current file is in its label.
            if ev.kind == "probe":
                view.update("probe", t("ingest.progress_probe", name=name), ev.fraction)
            elif ev.kind in ("copy", "loudness"):
                # copy is the first half of a clip's work, loudness the second
                part = (ev.fraction or 0) * 0.5 + (0.5 if ev.kind == "loudness" else 0.0)
                label = t("ingest.progress_" + ev.kind, name=name) + f" ({ev.index}/{ev.total})"
                view.update("clip", label, (ev.index - 1 + part) / max(ev.total, 1))
            elif ev.kind == "ingested":
                view.update("clip", t("ingest.progress_copy", name=name) + f" ({ev.index}/{ev.total})",
                            ev.index / max(ev.total, 1))
                show(t("ingest.line_ingested", source=ev.source, file=ev.file), view)
            elif ev.kind == "damaged":  # shown even with -q, like an error: the user must look at it
                text = t("ingest.line_damaged", source=ev.source, file=ev.file, reason=ev.reason)
                if view.enabled:
                    view.log(text, markup=False)
                else:
                    console(stderr=True).print(text, markup=False, highlight=False)
            elif ev.kind == "skipped":
                show(t("ingest.line_" + ev.reason, source=ev.source, file=ev.file), view)
            elif ev.kind == "failed":
                # Errors are shown even with -q: one line per bad file, the batch carries on.
                text = t("ingest.line_failed", message=ev.error.message())
                if view.enabled:
                    view.log(text, markup=False)
                else:
                    console(stderr=True).print(text, markup=False, highlight=False)

        result = do_ingest(asg, sources, measure_loudness=not no_loudness, on_event=on_event)
    made, sidecar_errors = _make_sidecars(asg, sidecars)
    summary = t("ingest.summary", ingested=len(result.ingested), skipped=len(result.skipped),
                failed=len(result.failed), ignored=len(result.ignored))
    if as_json:
        data = {"assignment": str(asg.root), **result.to_dict()}
        if sidecars is not None:
            data["sidecars"] = made
            data["sidecar_errors"] = sidecar_errors
        echo_json(data)
    else:
        if not quiet:
            for rel, side in made:
                out.print(t("sign.sidecar", path=rel, sidecar=side), markup=False)
            out.print(summary, markup=False)
        for text in sidecar_errors:
            from vidjourn.cli.common import print_error_text

            print_error_text(text)
    ctx.exit(0 if result.ok and not sidecar_errors else 1)


def _sidecar_options(asg, sign: bool | None):
    """Pipeline options for the originals' sidecars when signing is on (``--sign`` or ``sign: true``),
    after checking the key and passphrase; None when signing is off."""
    from vidjourn.core.provenance.service import sign_settings
    from vidjourn.stages.base import PipelineOptions

    options = PipelineOptions(steps=("sidecar",), extra={"sign": {"enabled": sign}} if sign is not None else {})
    if not sign_settings(asg.story(), options.extra)["enabled"]:
        return None
    from vidjourn.cli.keys_cmd import prepare_signing
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
@json_option
@click.pass_context
def verify(ctx: click.Context, project: Path | None, prov_file: Path | None, root: Path | None,
           registers: tuple[Path, ...], as_json: bool) -> None:
    if prov_file is not None:
        from vidjourn.cli import provenance_view

        ctx.exit(provenance_view.run(prov_file, root, registers, as_json))
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
