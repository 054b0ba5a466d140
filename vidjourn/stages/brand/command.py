"""vidjourn presets list|show|validate, vidjourn brand"""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.core.records import blocks, clip_id_of
from vidjourn.cli.common import (
    ProgressView,
    console,
    echo_json,
    force_option,
    json_option,
    print_error,
    project_option,
    settings,
)
from vidjourn.cli.choices import SPEEDS
from vidjourn.core.i18n import t

X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow")
# --speed for a master (kept, edited, re-exported): one step slower than the same word for a platform file.
BRAND_SPEEDS = {"draft": "ultrafast", "fast": "veryfast", "normal": "medium", "best": "slow"}


def _root(project: Path | None) -> Path | None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import AssignmentError

    try:
        return Assignment.open(project).root
    except AssignmentError:
        if project is not None:
            raise
        return None


@click.group(help=t("presets.help"))
def presets() -> None:
    pass


@presets.command("list", help=t("presets.list_help"))
@project_option
@json_option
def list_cmd(project: Path | None, as_json: bool) -> None:
    from vidjourn.core import lookup
    from vidjourn.core.errors import VidjournError
    from vidjourn.core.yamlsafe import load_file

    rows = []
    bad: list[VidjournError] = []
    for found in lookup.list_all("brand", _root(project)):
        # One broken (or hostile) preset file is reported on its own; the others are still listed.
        try:
            data = load_file(found.path) or {}
            label = str(data.get("label", "")) if isinstance(data, dict) else ""
            error = None
        except VidjournError as exc:
            label, error = "?", exc
            bad.append(exc)
        rows.append({"name": found.name, "origin": found.origin, "label": label, "path": str(found.path),
                     "error": error.message() if error else None})
    if as_json:
        echo_json(rows)
        if bad:
            raise SystemExit(1)
        return
    from rich.table import Table

    table = Table(box=None)
    for key in ("presets.col_name", "presets.col_origin", "presets.col_label", "presets.col_file"):
        table.add_column(t(key))
    for r in rows:
        table.add_row(r["name"], t(f"presets.origin_{r['origin']}"), r["label"], r["path"])
    console().print(table)
    for problem in bad:
        print_error(problem)
    if bad:
        raise SystemExit(1)


@presets.command("new", help=t("cli.presets_new_help"))
@click.argument("name", default="humas")
@click.option("--logo", required=True, type=click.Path(dir_okay=False, path_type=Path), help=t("cli.presets_logo_help"))
@click.option("--unit", default=None, help=t("cli.presets_unit_help"))
@click.option("--from", "base", default=None, help=t("cli.presets_from_help"))
@click.option("--force", is_flag=True, help=t("cli.presets_force_help"))
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@json_option
def new_cmd(name: str, logo: Path, unit: str | None, base: str | None, force: bool, dry_run: bool,
            as_json: bool) -> None:
    from vidjourn.cli.unit import say_unit_preset

    res = say_unit_preset(name, logo, unit, base=base, force=force, dry_run=dry_run, quiet=as_json)
    if as_json:
        echo_json({"dry_run": dry_run, **res})


@presets.command("show", help=t("presets.show_help"))
@click.argument("name")
@project_option
@json_option
def show_cmd(name: str, project: Path | None, as_json: bool) -> None:
    from vidjourn.settings.presets import load

    preset = load(name, _root(project))
    data = preset.model_dump(mode="json")
    if as_json:
        echo_json(data)
        return
    import yaml

    click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), nl=False)


@presets.command("validate", help=t("presets.validate_help"))
@click.argument("names", nargs=-1)
@project_option
@json_option
def validate_cmd(names: tuple[str, ...], project: Path | None, as_json: bool) -> None:
    from vidjourn.core import lookup
    from vidjourn.core.errors import VidjournError
    from vidjourn.settings.presets import load

    root = _root(project)
    targets = list(names) or [str(f.path) for f in lookup.list_all("brand", root)]
    results = []
    for name in targets:
        try:
            p = load(name, root)
            results.append({"preset": name, "file": p.source, "ok": True, "problems": []})
            if not as_json:
                console().print(t("presets.valid", path=p.source))
        except VidjournError as exc:
            results.append({"preset": name, "file": exc.path, "ok": False, "message": exc.message(),
                            "problems": list(getattr(exc, "problems", []))})
            if not as_json:
                print_error(exc)
    bad = sum(not r["ok"] for r in results)
    if as_json:
        echo_json(results)
    elif bad:
        console(stderr=True).print(t("presets.invalid_count", n=bad))
    if bad:
        raise SystemExit(1)


@click.command(help=t("brand.help"))
@click.argument("clip", metavar="CLIP")
@project_option
@click.option("--preset", default=None, help=t("brand.opt_preset"))
@click.option("--lower-third", "lower_thirds", multiple=True, metavar="'NAME|TITLE@START-END'",
              help=t("brand.opt_lower_third"))
@click.option("--subtitles", type=click.Path(path_type=Path, readable=False), default=None, help=t("brand.opt_subtitles"))
@click.option("--no-cards", is_flag=True, help=t("brand.opt_no_cards"))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=t("brand.opt_output"))
@click.option("--speed", type=click.Choice(SPEEDS), default="normal", show_default=True, help=t("brand.opt_speed"))
@click.option("--x264-preset", type=click.Choice(X264_PRESETS), default=None, hidden=True, help=t("brand.opt_x264"))
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@force_option
@json_option
def brand(clip: str, project: Path | None, preset: str | None, lower_thirds: tuple[str, ...],
          subtitles: Path | None, no_cards: bool, output: Path | None, speed: str, x264_preset: str | None,
          dry_run: bool, force: bool, as_json: bool) -> None:
    from vidjourn.stages.brand import stage
    from vidjourn.core.fsutil import check_writable
    from vidjourn.core.locks import assignment_lock

    clip = _clip_path(clip, project)  # an id, a file name or a path, like every command that takes a clip
    x264_preset = x264_preset or BRAND_SPEEDS[speed]
    asg = stage.find_assignment(clip, project)
    if dry_run:  # plan only: what would be written, nothing locked or made
        job = stage.plan(clip, project=project, preset=preset, lower_thirds=lower_thirds, subtitles=subtitles,
                         cards=not no_cards, output=output, x264_preset=x264_preset)
        if as_json:
            echo_json({"dry_run": True, **job.to_dict()})
        else:
            console().print(t("cli.dry_run_would_write", path=job.output), markup=False, highlight=False)
        return
    if asg is not None:  # graphics (and the default output) go into the assignment: one writer at a time
        click.get_current_context().with_resource(assignment_lock(asg.root, "brand"))
    job = stage.plan(clip, project=project, preset=preset, lower_thirds=lower_thirds, subtitles=subtitles,
                     cards=not no_cards, output=output, x264_preset=x264_preset)
    if asg is not None:
        job = _with_mask(asg, clip, job)
    check_writable(job.output, force)  # fail before the progress bar appears
    label = t("brand.progress", name=job.source.name)
    with ProgressView(enabled=not as_json) as view:
        for ev in stage.run(job, force=force):
            view.update("brand", label, ev.fraction)
    if as_json:
        echo_json(job.to_dict())
    elif not settings().quiet:
        console().print(t("brand.done", path=job.output, duration=job.duration, width=job.spec.width,
                          height=job.spec.height, preset=job.preset.name))


def _clip_path(clip: str, project: Path | None) -> Path:
    """The file of ``clip``: a path as given when it exists, else the assignment's clip with that id, file
    name or stem (``vidjourn brand 20261112_apel_001``); unknown names stay paths (the plan reports them)."""
    given = Path(clip)
    if given.exists():
        return given
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import AssignmentError
    from vidjourn.stages.base import select_records

    try:
        asg = Assignment.open(project)
    except AssignmentError:
        return given
    recs = select_records(asg, (clip,))
    return asg.clip_path(recs[0]) if recs else given


def _with_mask(asg, clip: Path, job):
    """A clip of the assignment gets what the other stages contribute: the redaction mask, or a refusal."""
    from dataclasses import replace

    from vidjourn.core.errors import VidjournError
    from vidjourn.pipeline.planner import contributions
    from vidjourn.render.spec import MaskSpec
    from vidjourn.stages.base import PipelineOptions

    rec = next((r for r in asg.clips() if asg.clip_path(r).resolve() == Path(clip).resolve()), None)
    if rec is None:
        return job
    items = contributions(asg, PipelineOptions()).get(clip_id_of(rec), [])
    from vidjourn.stages.base import applies_to

    stop = blocks(c for c in items if applies_to(c, "brand"))
    if stop:
        raise VidjournError(stop[0].key, **dict(stop[0].args))
    return replace(job, mask=MaskSpec.from_contributions(items, asg.root))
