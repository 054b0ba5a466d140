"""vidjourn batch run|status JOBS.yaml: many assignments through the one pipeline (parse -> plan -> execute -> print)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vidjourn.cli.common import ProgressView, cell, console, echo_json, force_option, json_option, print_error_text, settings
from vidjourn.cli.pipeline_view import ViewListener, _escape, _has
from vidjourn.core.i18n import t


class BatchView(ViewListener):
    """The run display, with the assignment's name in each task's label."""

    def planned(self, stage: str, items: list) -> None:
        super().planned(stage, items)
        name = t("stage." + stage) if _has("stage." + stage) else stage
        for p in items:
            where = Path(p.task.assignment).name + (f"/{p.task.clip}" if p.task.clip else "")
            self.labels[p.task.key] = t("run.task", stage=name, clip=where)


def _executor(jobs: int | None, dask: str | None, dask_local: int | None) -> Any:
    from vidjourn.core.errors import UsageError

    if sum(x is not None for x in (jobs, dask, dask_local)) > 1:
        raise UsageError("batch.error.two_executors")
    if jobs is not None and jobs < 1 or dask_local is not None and dask_local < 1:
        raise UsageError("batch.error.jobs", got=jobs if jobs is not None else dask_local)
    if dask is not None or dask_local is not None:
        from vidjourn.pipeline.cluster import DaskExecutor

        return DaskExecutor(dask, dask_local)
    if jobs is not None and jobs > 1:
        from vidjourn.pipeline.pool import PoolExecutor

        return PoolExecutor(jobs)
    from vidjourn.pipeline.executors import InlineExecutor

    return InlineExecutor()


def _print_items(report: Any, last: dict[str, Any] | None = None) -> None:
    from rich.table import Table

    out = console()
    data = report.to_dict()
    previous = {i.get("name"): i for i in (last or {}).get("items", []) if isinstance(i, dict)}
    table = Table()
    cols = ["item", "status", "done", "cached", "failed", "detail"] if not report.dry_run else \
        ["item", "todo", "cached", "blocked", "last", "detail"]
    for key in cols:
        table.add_column(t("batch.col." + key), overflow="fold")
    for it in data["items"]:
        detail = "\n".join(e["message"] for e in it["errors"][:3])
        if it["note"]:
            detail = "\n".join(x for x in (t(it["note"]), detail) if x)
        if report.dry_run:
            todo = [f"{r['stage']} {r['clip'] or ''}".strip() + f": {r['reason']['text']}" for r in it["tasks"]
                    if r["status"] == "run"]
            detail = "\n".join(x for x in (detail, *todo[:4], "…" if len(todo) > 4 else "") if x)
            before = previous.get(it["name"], {}).get("status")
            table.add_row(cell(it["name"]), str(it["todo"]), str(it["cached"]), str(it["blocked"]),
                          t("batch.status." + before) if before else "—", cell(detail))
        else:
            table.add_row(cell(it["name"]), t("batch.status." + it["status"]), str(it["done"]), str(it["cached"]),
                          str(it["failed"]), cell(detail))
    out.print(table)


@click.group(help=t("cli.batch_help"))
def batch() -> None:
    pass


@batch.command("run", help=t("cli.batch_run_help"))
@click.argument("jobfile", type=click.Path(path_type=Path))
@click.option("-j", "--jobs", type=int, default=None, metavar="N", help=t("cli.batch_jobs_help"))
@click.option("--dask", "dask", default=None, metavar="ADDRESS", help=t("cli.batch_dask_help"))
@click.option("--dask-local", "dask_local", type=int, default=None, metavar="N", help=t("cli.batch_dask_local_help"))
@click.option("--dry-run", is_flag=True, help=t("cli.batch_dry_run_help"))
@force_option
@click.option("--only-failed", is_flag=True, help=t("cli.batch_only_failed_help"))
@json_option
@click.pass_context
def run_batch(ctx: click.Context, jobfile: Path, jobs: int | None, dask: str | None, dask_local: int | None,
              dry_run: bool, force: bool, only_failed: bool, as_json: bool) -> None:
    from vidjourn.pipeline import batch as b

    job = b.load(jobfile)
    executor = _executor(jobs, dask, dask_local)
    quiet = settings().quiet
    try:
        if not dry_run and hasattr(executor, "open"):
            executor.open()  # unreachable, no worker, another version: exit 3 before any work
        with ProgressView(enabled=not as_json and not dry_run) as view:
            report = b.run(job, executor=executor, listener=BatchView(view, quiet), dry_run=dry_run,
                           force=force, only_failed=only_failed)
    finally:
        executor.close()
    if as_json:
        echo_json(report.to_dict())
    elif only_failed and not report.items:
        console().print(_escape(t("batch.nothing_failed", path=job.summary_path())))
    elif not quiet:
        _print_items(report, b.last_run(job) if dry_run else None)
        totals = report.to_dict()["totals"]
        key = "batch.summary_dry" if dry_run else "batch.summary"
        console().print(_escape(t(key, items=len(report.items), seconds=report.seconds, **totals)))
        if not dry_run:
            console().print(_escape(t("batch.summary_written", path=job.summary_path())))
    if report.cancelled:
        print_error_text(t("error.cancelled"))
    elif report.exit_code and not as_json:
        print_error_text(t("batch.error.failed_items", failed=sum(
            1 for i in report.items if i.status(dry_run, False) == "failed"), total=len(report.items)))
    ctx.exit(report.exit_code)


@batch.command("status", help=t("cli.batch_status_help"))
@click.argument("jobfile", type=click.Path(path_type=Path))
@json_option
def status(jobfile: Path, as_json: bool) -> None:
    from vidjourn.pipeline import batch as b

    job = b.load(jobfile)
    report = b.status(job)
    last = b.last_run(job)
    if as_json:
        data = report.to_dict()
        previous = {i.get("name"): i.get("status") for i in last.get("items", []) if isinstance(i, dict)}
        for it in data["items"]:
            it["last_status"] = previous.get(it["name"])
        data["last_run"] = {k: last.get(k) for k in ("started", "seconds", "exit_code", "executor")} if last else None
        echo_json(data)
        return
    _print_items(report, last)
    totals = report.to_dict()["totals"]
    console().print(_escape(t("batch.summary_dry", items=len(report.items), seconds=report.seconds, **totals)))
    if last:
        console().print(_escape(t("batch.last_run", started=last.get("started", "?"),
                                  exit_code=last.get("exit_code", "?"))))
