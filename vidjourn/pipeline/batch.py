"""``vidjourn batch``: every assignment of a job file through the one pipeline, on one executor.

The job file (:mod:`vidjourn.settings.jobfile`) is validated whole before any work. Each item becomes an
(assignment, options) pair for :func:`vidjourn.pipeline.runner.execute`, which plans stage by stage
across all assignments, skips what each ledger already holds and hands the rest to the executor
(inline, ``--jobs N`` processes, Dask). A failed task or item never stops the others.

The summary (``<job file>.summary.json`` beside the job file, and ``--json`` on stdout) has one row per
item and per task; ``--only-failed`` reads it to pick the items to redo. ``--dry-run`` writes nothing:
no folder, no ledger, no summary.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from pydantic import BaseModel, ConfigDict

from vidjourn import __version__
from vidjourn.core.assignment import STORY_FILE, Assignment
from vidjourn.core.errors import UsageError, VidjournError
from vidjourn.core.fsutil import hostname, read_bounded, read_model, write_json_atomic, write_text_atomic
from vidjourn.core.story import SUBDIRS, slugify, story_yaml
from vidjourn.pipeline import journal
from vidjourn.pipeline.planner import BLOCKED, CACHED, RUN, Planned, stages
from vidjourn.pipeline.runner import JSON_SCHEMA, Listener, execute, task_row
from vidjourn.settings import jobfile
from vidjourn.settings.jobfile import JobFile, JobItem
from vidjourn.stages.base import ErrorInfo, Event, PipelineOptions, Result

# Exit codes (also in README): all done or unchanged / an item failed / cancelled. A bad job file exits 2
# (JobFileError), an executor that cannot start 3 (its error's exit code).
EXIT_OK, EXIT_FAILED, EXIT_CANCELLED = 0, 1, 130


def load(path: Path | str) -> JobFile:
    """The validated job file (steps checked against the stages this vidjourn has)."""
    every = [s.name for s in stages()]
    default = [s.name for s in stages() if s.default]
    return jobfile.load(path, known_steps=every, default_steps=default)


# --- items -> (assignment, options) ----------------------------------------------------------------------

def create_assignment(item: JobItem) -> Assignment:
    """An ``into`` item's folder with a vidjourn.yaml written from its story (kept if already there)."""
    root = item.root
    if not (root / STORY_FILE).is_file():
        story = dict(item.story or {})
        name = root.name
        short = slugify(name[11:] if len(name) > 11 and name[:4].isdigit() and name[10] in "_-" else name) or "story"
        fields: dict[str, str] = {k: str(story.pop(k)) for k in ("apa", "siapa", "kapan", "di_mana", "mengapa",
                                                                  "bagaimana") if story.get(k) not in (None, "")}
        extra: dict[str, Any] = {}
        if item.preset:
            extra["brand"] = item.preset
        if item.platforms:
            extra["platforms"] = item.platforms
        text = story_yaml(short, story.get("title") or short.replace("-", " ").title(), fields=fields,
                          reporter=story.get("reporter", ""), unit=story.get("unit", ""),
                          lower_thirds=story.get("lower_thirds") or (), **extra)
        root.mkdir(parents=True, exist_ok=True)
        for sub in SUBDIRS:
            (root / sub).mkdir(exist_ok=True)
        write_text_atomic(root / STORY_FILE, text)
    return Assignment(root)


def not_ingested(item: JobItem) -> list[Path]:
    """The item's sources that its manifest does not hold yet (same path, size and mtime)."""
    if not item.create:
        return []
    try:
        clips = Assignment(item.root).clips() if (item.root / STORY_FILE).is_file() else []
    except VidjournError:
        return list(item.sources)
    held = {(c.get("source"), c.get("size"), c.get("source_mtime_ns")) for c in clips}
    out = []
    for src in item.sources:
        try:
            st = src.stat()
        except OSError:
            out.append(src)
            continue
        if (str(src), st.st_size, st.st_mtime_ns) not in held:
            out.append(src)
    return out


def options_for(item: JobItem, *, force: bool, steps: Sequence[str] | None = None) -> PipelineOptions:
    """The pipeline options of one item. A re-run does not ingest again what the manifest holds."""
    sources = list(item.sources) if force else not_ingested(item)
    steps = tuple(steps if steps is not None else item.steps)
    if item.create and not sources:
        steps = tuple(s for s in steps if s != "ingest")
    return PipelineOptions(
        steps=steps, sources=tuple(str(s) for s in sources),
        platforms=tuple(item.platforms or ()), preset=item.preset, speed=item.speed or "normal",
        encoder=item.encoder or "auto", force=force)


# --- the report --------------------------------------------------------------------------------------

@dataclass
class ItemReport:
    item: JobItem
    rows: list[tuple[Planned, Result | None]] = field(default_factory=list)
    problems: list[ErrorInfo] = field(default_factory=list)  # before any task (creating, planning)
    note: str | None = None  # dry run of a folder not created yet

    def count(self, status: str) -> int:
        n = 0
        for p, r in self.rows:
            if status == "failed":
                n += (r is not None and not r.ok and p.status == RUN) or p.status == BLOCKED
            elif status == "done":
                n += p.status == RUN and r is not None and r.ok
            elif status == "todo":  # planned to run, no result (dry run, or cancelled before it ran)
                n += p.status == RUN and r is None
            else:
                n += p.status == status
        return n + (len(self.problems) if status == "failed" else 0)

    def status(self, dry_run: bool, cancelled: bool) -> str:
        if self.count("failed"):
            return "failed"
        if self.count("todo"):
            return "todo" if dry_run else ("cancelled" if cancelled else "failed")
        if self.count("done"):
            return "done"
        return "cached"

    def errors(self) -> list[dict[str, Any]]:
        out = [{"task": None, "key": e.key, "message": e.message()} for e in self.problems]
        for p, r in self.rows:
            probs = r.problems() if r is not None else ()
            if p.status == BLOCKED and not probs:
                probs = (ErrorInfo(p.reason_key, p.reason_args),)
            out += [{"task": p.task.key, "key": e.key, "message": e.message()} for e in probs]
        return out


@dataclass
class BatchReport:
    job: JobFile
    items: list[ItemReport]
    executor: dict[str, Any]
    dry_run: bool = False
    cancelled: bool = False
    seconds: float = 0.0
    started: str = ""

    def total(self, status: str) -> int:
        return sum(i.count(status) for i in self.items)

    @property
    def exit_code(self) -> int:
        if self.cancelled:
            return EXIT_CANCELLED
        return EXIT_FAILED if any(i.status(self.dry_run, False) == "failed" for i in self.items) else EXIT_OK

    def to_dict(self) -> dict[str, Any]:
        items = []
        for ir in self.items:
            it = ir.item
            items.append({
                "index": it.index, "name": it.name, "folder": str(it.root),
                "status": ir.status(self.dry_run, self.cancelled),
                "done": ir.count("done"), "cached": ir.count(CACHED), "failed": ir.count("failed"),
                "blocked": ir.count(BLOCKED), "todo": ir.count("todo"), "note": ir.note,
                "errors": ir.errors(),
                "tasks": [task_row(p, r, _task_status(p, r, self.dry_run)) for p, r in ir.rows],
            })
        return {
            "schema": JSON_SCHEMA,
            "jobfile": str(self.job.path), "jobfile_sha256": self.job.sha256, "vidjourn": __version__,
            "coordinator": hostname(), "started": self.started, "seconds": round(self.seconds, 3),
            "executor": self.executor, "dry_run": self.dry_run, "cancelled": self.cancelled,
            "exit_code": self.exit_code, "ok": self.exit_code == EXIT_OK,
            "totals": {k: self.total(k) for k in ("done", "cached", "failed", "blocked", "todo")},
            "items": items,
        }


def _task_status(p: Planned, r: Result | None, dry_run: bool) -> str:
    if p.status != RUN:
        return p.status
    if r is None:
        return "run" if dry_run else "cancelled"
    return "done" if r.ok else "failed"


class _Recorder(Listener):
    """Keeps every (planned, result) as it happens, so a cancelled batch still reports what it did."""

    def __init__(self, inner: Listener, by_root: dict[str, ItemReport]) -> None:
        self.inner = inner
        self.by_root = by_root
        self.rows: dict[str, tuple[ItemReport, int]] = {}

    def planned(self, stage: str, items: list[Planned]) -> None:
        for p in items:
            ir = self.by_root.get(p.task.assignment)
            if ir is not None:
                self.rows[p.task.key] = (ir, len(ir.rows))
                ir.rows.append((p, None))
        self.inner.planned(stage, items)

    def event(self, ev: Event) -> None:
        self.inner.event(ev)

    def finished(self, item: Planned, result: Result) -> None:
        if result.ok and not result.cached:
            journal.discard(item.task)  # recorded in the ledger by now
        found = self.rows.get(item.task.key)
        if found is not None:
            ir, i = found
            ir.rows[i] = (item, result)
        self.inner.finished(item, result)


# --- running -------------------------------------------------------------------------------------------

def previous_failures(job: JobFile) -> set[str] | None:
    """Names of the items that failed (or were cancelled) in the last run; None without a summary."""
    import os

    path = job.summary_path()
    if not os.path.lexists(path):
        return None
    try:
        data = read_model(path, Summary, SUMMARY_MAX, what="summary")  # bounded and typed
    except VidjournError as exc:
        raise UsageError("batch.error.bad_summary", path=path,
                         reason=str(exc.kwargs.get("reason") or exc.message())) from None
    return {i.name for i in data.items if i.status in ("failed", "cancelled")}


SUMMARY_MAX = 64 * 1024 * 1024


class _SummaryItem(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")
    name: str
    status: str


class Summary(BaseModel):
    """The last run's summary (batch's job results), as ``--only-failed`` and ``status`` read it back."""

    model_config = ConfigDict(strict=True, extra="allow")
    items: list[_SummaryItem]


def run(job: JobFile, *, executor: Any = None, listener: Listener | None = None, dry_run: bool = False,
        force: bool = False, only_failed: bool = False, write_summary: bool = True) -> BatchReport:
    """Run (or, with ``dry_run``, plan) every item of ``job``; see the module doc.

    Interrupted (Ctrl-C, SIGTERM): the executor stops its running tasks (their part files removed), the
    summary is written with what was finished, and the report says ``cancelled`` (exit 130); the ledgers
    hold every task that finished, so the same command carries on from there.
    """
    started = time.monotonic()
    selected = list(job.items)
    if only_failed:
        names = previous_failures(job)
        if names is None:
            raise UsageError("batch.error.no_summary", path=job.summary_path())
        selected = [i for i in selected if i.name in names]
    reports = [ItemReport(i) for i in selected]
    pairs: list[tuple[Assignment, PipelineOptions]] = []
    for ir in reports:
        item = ir.item
        try:
            if item.create and not (item.root / STORY_FILE).is_file():
                if dry_run:  # nothing is created: plan only the ingest of its sources
                    ir.note = "batch.note.will_create"
                    pairs.append((Assignment(item.root), options_for(item, force=force, steps=("ingest",))))
                    continue
                create_assignment(item)
            pairs.append((Assignment(item.root), options_for(item, force=force)))
        except VidjournError as exc:
            ir.problems.append(ErrorInfo.of(exc))
        except OSError as exc:
            ir.problems.append(ErrorInfo("batch.error.create", {"path": str(item.root), "reason": str(exc)}))
    return _execute(job, reports, pairs, executor, listener, dry_run, write_summary, started)


def _execute(job: JobFile, reports: list[ItemReport], pairs: list[tuple[Assignment, PipelineOptions]],
             executor: Any, listener: Listener | None, dry_run: bool, write_summary: bool,
             started: float) -> BatchReport:
    if not dry_run:  # finished work a killed coordinator never recorded (pipeline/journal.py)
        for asg, _ in pairs:
            journal.adopt(asg.root)
    by_root = {str(ir.item.root): ir for ir in reports}
    recorder = _Recorder(listener or Listener(), by_root)
    report = BatchReport(job, reports, executor.describe() if hasattr(executor, "describe") else {"executor": "inline"},
                         dry_run=dry_run, started=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    try:
        result = execute(pairs, executor=executor, listener=recorder, dry_run=dry_run,
                         command="batch") if pairs else None  # it holds each assignment's writer lock
    except KeyboardInterrupt:
        report.cancelled = True
        result = None
    if result is not None:
        for root, err in result.problems:
            if root in by_root:
                by_root[root].problems.append(err)
    if not dry_run:
        from vidjourn.pipeline.cluster import sweep_assignment

        for _asg, _ in pairs:  # parts that a killed worker process of this PC left behind
            sweep_assignment(str(_asg.root))
    report.seconds = time.monotonic() - started
    if write_summary and not dry_run:
        write_json_atomic(job.summary_path(), report.to_dict())
    return report


def last_run(job: JobFile) -> dict[str, Any]:
    """The last summary written for ``job`` ({} when there is none or it cannot be read)."""
    try:
        read_model(job.summary_path(), Summary, SUMMARY_MAX, what="summary")  # typed before it is used
        data = json.loads(read_bounded(job.summary_path(), SUMMARY_MAX, what="summary"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError, VidjournError):
        return {}


def status(job: JobFile) -> BatchReport:
    """What ``batch run`` would do now: a dry run (the CLI adds each item's result from the last run)."""
    return run(job, dry_run=True, write_summary=False)
