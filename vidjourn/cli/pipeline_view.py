"""Drawing the pipeline's runner for the commands built on it (run, export, shotlog, brand, batch)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vidjourn.cli.common import ProgressView
from vidjourn.core.i18n import t


class ViewListener:
    """Draws the runner's events: one overall bar and one bar per running task; a summary table after."""

    def __init__(self, view: ProgressView, quiet: bool) -> None:
        self.view = view
        self.quiet = quiet
        self.total = 0
        self.done = 0
        self.labels: dict[str, str] = {}
        # The overall bar is weighted by each task's estimated work ("cost": seconds × pixels, set by
        # the export stage), so its ETA (rich's time-remaining column) holds for the whole job.
        self.weight: dict[str, float] = {}
        self.share: dict[str, float] = {}

    def planned(self, stage: str, items: list) -> None:
        self.total += len(items)
        for p in items:
            self.weight[p.task.key] = float(p.task.params.get("cost") or 0.0) if p.status == "run" else 0.0
            self.labels[p.task.key] = t("run.task", stage=t("stage." + stage) if _has("stage." + stage) else stage,
                                        clip=p.task.clip or Path(p.task.assignment).name)
        self._overall()

    def _overall(self) -> None:
        total_w = sum(self.weight.values())
        if total_w > 0:
            frac = sum(self.weight[k] * f for k, f in self.share.items() if k in self.weight) / total_w
        else:
            frac = self.done / self.total if self.total else 1.0
        self.view.update("overall", t("run.overall", done=self.done, total=self.total), frac)

    def event(self, ev) -> None:
        label = self.labels.get(ev.task, ev.task)
        if ev.kind == "progress":
            self.view.update(ev.task, label, ev.fraction)
            if ev.fraction is not None:
                self.share[ev.task] = ev.fraction
                self._overall()
        elif ev.kind in ("note", "warning") and ev.key and not self.quiet:
            self.view.log(_escape(t(ev.key, **ev.args)))

    def finished(self, item, result) -> None:
        self.done += 1
        self.share[item.task.key] = 1.0
        self.view.update(item.task.key, self.labels.get(item.task.key, item.task.key), 1.0)
        self._overall()
        for e in result.problems():
            self.view.log(_escape(f"{t('run.status.failed')}: {self.labels.get(item.task.key, '')}: {e.message()}"),
                          markup=False)


def _has(key: str) -> bool:
    from vidjourn.core.i18n import catalogue

    return key in catalogue()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# More files than this are summarised per folder under the table ("out/whatsapp/: 12 files").
MANY_FILES = 12
MANY_ROWS = 12  # more tasks than this: the unchanged ones are counted, not listed


def _stage_name(stage: str) -> str:
    return t("stage." + stage) if _has("stage." + stage) else stage


def report_rows(report: Any) -> list[dict]:
    """One row per task: stage, clip, status and the reason in words (new / changed: lower_thirds /
    unchanged / blocked: why / the error), and the files it wrote."""
    from vidjourn.pipeline.planner import RUN

    rows = []
    for p, r in report.items:
        if p.status == RUN:
            status = "done" if r is not None and r.ok else "failed"
        else:
            status = p.status
        if r is not None and r.problems():
            why = "; ".join(e.message() for e in r.problems())
        elif status == "cached":
            why = ""  # the status says it
        else:
            why = t(p.reason_key, **p.reason_args) if p.reason_key else ""
        platforms = (p.task.params or {}).get("platforms") if hasattr(p.task, "params") else None
        rows.append({"stage": p.task.stage, "clip": p.task.clip, "status": status, "why": why,
                     "platforms": list(platforms) if isinstance(platforms, (list, tuple)) else [],
                     "outputs": [o.path for o in (r.outputs if r is not None and status == "done" else ())]})
    return rows


def print_report(report: Any, out: Any) -> None:
    """The run table: each task's reason in its own column; the files written BELOW it, one whole path a
    line (a path folded inside a cell broke mid-name at 80-100 columns), or per folder when many."""
    from rich.table import Table
    from rich.text import Text

    from vidjourn.cli.common import cell

    rows = report_rows(report)
    if rows:
        table = Table()
        for key in ("stage", "clip", "status", "detail"):  # a clip id is one word: never folded
            table.add_column(t("run.col." + key), no_wrap=key == "clip", min_width=16 if key == "detail" else None)
        shown = rows
        if len(rows) > MANY_ROWS:  # a compact table: unchanged tasks counted per stage on one row each
            shown = [r for r in rows if r["status"] != "cached"]
            quiet: dict[str, int] = {}
            for r in rows:
                if r["status"] == "cached":
                    quiet[r["stage"]] = quiet.get(r["stage"], 0) + 1
            shown += [{"stage": st, "platforms": [], "clip": t("run.n_clips", n=n), "status": "cached", "why": ""}
                      for st, n in quiet.items()]
        for row in shown:
            stage = _stage_name(row["stage"]) + (f" ({', '.join(row['platforms'])})" if row["platforms"] else "")
            table.add_row(Text(stage), cell(row["clip"] or "—"),  # file-derived: the one sanitiser
                          Text(t("run.status." + row["status"])), cell(row["why"]))
        out.print(table)
        _print_files([f for row in rows for f in row["outputs"]], out)
    out.print(t("run.summary", done=report.count("done"), cached=report.count("cached"),
                failed=report.count("failed"), seconds=report.seconds), markup=False)
    if report.items and report.count("done") == 0 and report.count("failed") == 0:
        out.print(t("run.nothing_to_do"), markup=False)


def _print_files(files: list[str], out: Any) -> None:
    if not files:
        return
    from vidjourn.cli.common import cell

    if len(files) <= MANY_FILES:
        for f in files:
            out.print(cell(f"→ {f}"), markup=False, highlight=False, soft_wrap=True)
        return
    from collections import Counter
    from pathlib import PurePath

    folders = Counter(str(PurePath(f).parent) for f in files)
    for folder, n in sorted(folders.items()):
        out.print("→ " + t("run.files_in", folder=folder + "/", n=n), markup=False, highlight=False, soft_wrap=True)


def raise_problem(report: Any) -> None:
    """Re-raise the runner's first assignment-level problem (busy, not an assignment, bad story) as the
    command's own error, so it is printed once and exits with its own code."""
    from vidjourn.core.errors import VidjournError

    for _, e in report.problems:
        err = VidjournError(e.key, **e.args)
        err.exit_code = e.code
        raise err


class PlanCollector:
    """A runner listener that keeps what was planned (``--dry-run``: nothing runs, nothing is written)."""

    def __init__(self) -> None:
        self.items: list = []

    def planned(self, stage: str, items: list) -> None:
        self.items += items

    def event(self, ev) -> None:
        pass

    def finished(self, item, result) -> None:
        pass


def dry_run(jobs: list, as_json: bool, command: str | None = None) -> int:
    """Plan ``jobs`` without running them; print each task with its reason (or JSON); the exit code."""
    from vidjourn.cli.common import console, echo_json, print_error_text
    from vidjourn.pipeline.runner import execute

    seen = PlanCollector()
    report = execute(jobs, listener=seen, dry_run=True, command=command)
    rows = [{"stage": p.task.stage, "clip": p.task.clip, "assignment": p.task.assignment,
             "status": "todo" if p.status == "run" else p.status,
             "reason": {"key": p.reason_key, "args": p.reason_args},
             "text": t(p.reason_key, **p.reason_args) if p.reason_key else ""} for p in seen.items]
    problems = [{"assignment": a, "key": e.key, "message": e.message()} for a, e in report.problems]
    if as_json:
        echo_json({"dry_run": True, "ok": not problems, "tasks": rows, "problems": problems})
    else:
        out = console()
        out.print(t("cli.dry_run_title", todo=sum(r["status"] == "todo" for r in rows), total=len(rows)),
                  markup=False, highlight=False)
        for r in rows:
            mark = {"todo": "+", "cached": "=", "blocked": "!"}.get(r["status"], "?")
            where = " ".join(x for x in (t("stage." + r["stage"]) if _has("stage." + r["stage"]) else r["stage"],
                                         r["clip"] or "") if x)
            out.print(f"  {mark} {where}: {r['text']}", markup=False, highlight=False)
        for p in problems:
            print_error_text(p["message"])
    codes = {e.code for _, e in report.problems}
    return 0 if not problems else (2 if codes == {2} else 1)
