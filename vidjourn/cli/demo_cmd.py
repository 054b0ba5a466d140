"""vidjourn demo"""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import ProgressView, console, echo_json, json_option, settings
from vidjourn.core.i18n import t


@click.command(help=t("cli.demo_help"))
@click.argument("dir", required=False, type=click.Path(path_type=Path), default=Path("vidjourn-demo"))
@json_option
@click.pass_context
def demo(ctx: click.Context, dir: Path, as_json: bool) -> None:
    from vidjourn.pipeline.demo import run_demo

    with ProgressView(enabled=not as_json) as view:
        def progress(stage: str, label: str, fraction: float | None) -> None:
            # One bar per stage; its label names the stage and what it is working on.
            stage_name = t(stage)
            text = stage_name if label == stage_name else f"{stage_name}: {label}"
            view.update(stage, text, fraction)

        def note(text: str) -> None:
            view.log(text, markup=False)

        result = run_demo(dir, progress=progress, note=note)
    if as_json:
        echo_json({
            "ok": result.ok, "root": str(result.root),
            "assignment": str(result.assignment) if result.assignment else None,
            "stages": [{"stage": s.key, "ok": s.ok, "seconds": round(s.seconds, 2), "error": s.error}
                       for s in result.stages],
            "outputs": [{"what": w, "path": str(p)} for w, p in result.outputs],
        })
        ctx.exit(0 if result.ok else 1)
    if settings().quiet and result.ok:
        ctx.exit(0)
    from rich.markup import escape
    from rich.table import Table

    out = console()
    stages = Table(title=t("demo.summary_title"), title_justify="left")
    for col in ("demo.col_stage", "demo.col_status", "demo.col_time"):
        stages.add_column(t(col))
    for s in result.stages:
        status = f"[green]✓ {t('demo.status_ok')}[/]" if s.ok else \
            f"[red]✗ {t('demo.status_failed')}[/]: {escape(s.error or '')}"
        stages.add_row(t(s.key), status, f"{s.seconds:.1f} s")
    out.print(stages)
    # Paths are printed whole on their own lines (not in a table cell that folds them), so a trainer
    # can copy one from the projector screen or the terminal.
    out.print(f"[bold]{escape(t('demo.made_title'))}[/]")
    for what, path in result.outputs:
        shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
        out.print(f"  • {escape(what)}")
        out.print(f"    {shown}", markup=False, highlight=False)
    if result.assignment:
        out.print(t("demo.next", path=result.assignment, vidjourn=_this_vidjourn()), markup=False)
    ctx.exit(0 if result.ok else 1)


def _this_vidjourn() -> str:
    """How to call this vidjourn: plain `vidjourn` when that is what PATH finds, else the venv's script
    (`make demo` does not activate the venv: `vidjourn` alone was "command not found")."""
    import shutil
    import sys
    from pathlib import Path

    here = Path(sys.executable).parent / ("vidjourn.exe" if sys.platform == "win32" else "vidjourn")
    found = shutil.which("vidjourn")
    if found and here.exists() and Path(found).resolve() == here.resolve():
        return "vidjourn"
    return f'"{here}"' if " " in str(here) else str(here)

