"""The one orchestrator: plan each stage, skip what the ledger holds, run the rest, record the results.

Stages run in waves (every assignment's ingest, then every assignment's export, ...), because a stage
plans from what the one before it wrote (export plans from the manifest ingest wrote). Inside a wave the
executor may run tasks in parallel (processes, Dask). Only this module writes ledgers; a stage's
``finish`` hook runs here too. `vidjourn run`, `vidjourn batch`, the demo and the single-stage commands
all come through :func:`execute`.
"""

from __future__ import annotations

import json
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any, Sequence

from vidjourn.core.assignment import Assignment, LooseFiles
from vidjourn.core.errors import VidjournError
from vidjourn.core.i18n import t
from vidjourn.core.ledger import Ledger
from vidjourn.core.locks import assignment_lock
from vidjourn.core.snapshot import snapshot
from vidjourn.pipeline.executors import InlineExecutor
from vidjourn.pipeline.planner import BLOCKED, CACHED, RUN, Planned, plan_stage, selected
from vidjourn.stages.base import ErrorInfo, Event, PipelineOptions, PlanContext, Result, applies_to


class Listener:
    """What the runner tells its caller; the CLI draws it, a test records it. Defaults do nothing."""

    def planned(self, stage: str, items: list[Planned]) -> None: ...

    def event(self, ev: Event) -> None: ...

    def finished(self, item: Planned, result: Result) -> None: ...


@dataclass
class Report:
    items: list[tuple[Planned, Result | None]] = field(default_factory=list)
    seconds: float = 0.0
    problems: list[tuple[str, ErrorInfo]] = field(default_factory=list)  # (assignment, error) before tasks

    def count(self, status: str) -> int:
        if status == "failed":
            return sum(1 for p, r in self.items if (r is not None and not r.ok) or p.status == BLOCKED) + len(
                self.problems)
        if status == "done":
            return sum(1 for p, r in self.items if p.status == RUN and r is not None and r.ok)
        return sum(1 for p, _ in self.items if p.status == status)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0

    def to_dict(self) -> dict[str, Any]:
        rows = [task_row(p, r, p.status if p.status != RUN else ("done" if r is not None and r.ok else "failed"))
                for p, r in self.items]
        totals = {"done": self.count("done"), "cached": self.count(CACHED), "failed": self.count("failed"),
                  "blocked": sum(1 for p, _ in self.items if p.status == BLOCKED), "todo": 0}
        return {"schema": JSON_SCHEMA, "ok": self.ok, "exit_code": 0 if self.ok else 1,
                "seconds": round(self.seconds, 3), "totals": totals,
                **{k: totals[k] for k in ("done", "cached", "failed")},  # flat too, as before schema 1
                "tasks": rows,
                "problems": [{"assignment": a, "key": e.key, "args": e.args, "message": e.message()}
                             for a, e in self.problems]}


# `vidjourn run --json` and `vidjourn batch run|status --json` share one shape (docs/json.md): the version
# of that shape. Same task rows, same totals; batch adds its items (one per assignment) around the rows.
JSON_SCHEMA = 1


def task_row(p: Planned, r: Result | None, status: str) -> dict[str, Any]:
    """One task in the JSON of run and batch: its reason as key + args (for scripts) and text (for people)."""
    return {"task": p.task.key, "stage": p.task.stage, "assignment": p.task.assignment, "clip": p.task.clip,
            "status": status,
            "reason": {"key": p.reason_key, "args": p.reason_args,
                       "text": t(p.reason_key, **p.reason_args) if p.reason_key else ""},
            "outputs": [o.path for o in (r.outputs if r else ())],
            "errors": [{"key": e.key, "args": e.args, "message": e.message()} for e in (r.problems() if r else ())],
            "host": r.data.get("host") if r is not None else None}


def execute(jobs: Sequence[tuple[Assignment, PipelineOptions]], *, executor: Any = None,
            listener: Listener | None = None, dry_run: bool = False, command: str | None = None) -> Report:
    """Run the selected stages over every (assignment, options) pair; see the module doc.

    The coordinator holds each assignment's writer lock (core/locks) for the whole run, so two runs,
    or a run and an export, never write in one assignment at once; a busy assignment is reported
    and skipped, the others carry on. The lock is re-entrant: a command that already holds it may
    call this."""
    if command is None:  # the name a second writer is told: "export" for `vidjourn export`, else "run"
        steps = {tuple(getattr(o, "steps", ()) or ()) for _, o in jobs}
        command = next(iter(steps))[0] if len(steps) == 1 and len(next(iter(steps))) == 1 else "run"
    with ExitStack() as held:
        busy: list[tuple[str, ErrorInfo]] = []
        free = []
        for asg, opts in jobs:
            try:
                if not dry_run and not isinstance(asg, LooseFiles):  # no lock file outside an assignment
                    held.enter_context(assignment_lock(asg.root, command))
                free.append((asg, opts))
            except VidjournError as exc:
                busy.append((str(asg.root), ErrorInfo.of(exc)))
        held.enter_context(snapshot())  # vidjourn.yaml and manifest.json: read once for the whole run
        report = _execute(free, executor=executor, listener=listener, dry_run=dry_run)
        report.problems[:0] = busy
        return report


def _execute(jobs: Sequence[tuple[Assignment, PipelineOptions]], *, executor: Any = None,
             listener: Listener | None = None, dry_run: bool = False) -> Report:
    listener = listener or Listener()
    executor = executor or InlineExecutor()
    inline = InlineExecutor()
    report = Report()
    started = time.monotonic()
    contexts: dict[str, PlanContext] = {}  # per assignment: its ledger (read once) and the planner's state
    broken: set[str] = set()  # assignments whose planning failed: later stages skip them
    order: list[Any] = []
    for _, opts in jobs:
        for st in selected(opts):
            if st not in order:
                order.append(st)
    # Before any stage runs, each selected stage may refuse an assignment (``check``: a missing extra,
    # a wrong passphrase), so nothing is written for a run that cannot finish.
    for st in order:
        check = getattr(st, "check", None)
        if check is None:
            continue
        for asg, opts in jobs:
            root = str(asg.root)
            if root in broken or st not in selected(opts):
                continue
            try:
                check(asg, opts)
            except VidjournError as exc:
                broken.add(root)
                report.problems.append((root, ErrorInfo.of(exc)))
    for st in order:
        wave: list[Planned] = []
        for asg, opts in jobs:
            root = str(asg.root)
            if root in broken or st not in selected(opts):
                continue
            try:
                if root not in contexts:  # one ledger per assignment for the whole run
                    contexts[root] = PlanContext(ledger=Ledger(asg.root))
                items = plan_stage(st, asg, opts, contexts[root])
            except VidjournError as exc:
                broken.add(root)
                report.problems.append((root, ErrorInfo.of(exc)))
                continue
            listener.planned(st.name, items)
            wave += items
        _say_notes(st.name, wave, listener)
        todo = [p for p in wave if p.status == RUN]
        for p in wave:
            if p.status != RUN:
                if p.status == BLOCKED:
                    res = Result(p.task.key, False, error=ErrorInfo(p.reason_key, p.reason_args))
                else:
                    res = Result(p.task.key, True, cached=True)
                report.items.append((p, res))
                listener.finished(p, res)
        if dry_run or not todo:
            continue
        by_key = {p.task.key: p for p in todo}
        runner = inline if getattr(st, "coordinator", False) else executor
        if runner is executor:  # outputs land in out/ before the ledger hears of them: mark them ours first
            for root in {p.task.assignment for p in todo}:
                contexts[root].ledger.start(p.task.key for p in todo if p.task.assignment == root)
        for res in runner.run([p.task for p in todo], listener.event):
            p = by_key[res.task]
            ctx = contexts[p.task.assignment]
            _record(ctx.ledger, p, res)
            ctx.rendered.update({o.path: (o.sha256, p.task.key) for o in res.outputs})
            report.items.append((p, res))
            listener.finished(p, res)
        finish = getattr(st, "finish", None)
        if finish is not None:
            for asg, _ in jobs:
                finish(asg, [r for p, r in report.items if r is not None and p.task.stage == st.name
                             and p.task.assignment == str(asg.root)])
    report.seconds = time.monotonic() - started
    return report


def _say_notes(stage: str, wave: list[Planned], listener: Listener) -> None:
    """Contributions of kind ``note`` (another stage's word about a clip, e.g. captions: the glossary
    changed after the draft) are said once per clip whether its task runs, is cached or is blocked."""

    said: set[tuple[str, str, str]] = set()
    for p in wave:
        for c in p.task.params.get("contributions") or ():
            if not (isinstance(c, dict) and c.get("kind") == "note" and c.get("key") and applies_to(c, stage)):
                continue
            args = dict(c.get("args") or {})
            mark = (p.task.assignment, str(c["key"]), json.dumps(args, sort_keys=True, default=str))
            if mark not in said:
                said.add(mark)
                listener.event(Event("warning", p.task.key, str(c["key"]), args))


def _record(ledger: Ledger, p: Planned, res: Result) -> None:
    task = p.task
    if not res.outputs:
        if ledger.pending.pop(task.key, None) is not None:
            ledger.save()
        return
    updates = res.data.get("fingerprint_parts")
    if updates:
        task = task.refingerprinted(updates)
    if not res.ok:  # partial: keep the files known as ours, but never as current
        from dataclasses import replace

        task = replace(task, fingerprint="")
    ledger.record(task, res.outputs, host=res.data.get("host"))  # the PC that made it (a Dask worker)
    ledger.save()
