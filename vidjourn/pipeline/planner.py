"""Which stages exist (found, not listed), in what order, and which of their tasks need to run.

A stage lives in a room (:mod:`vidjourn.stages.registry`): what it produces and consumes orders it.
Adding a stage is adding a room: no list here or anywhere else to edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from vidjourn.core.assignment import Assignment
from vidjourn.core.records import blocks, clip_id_of
from vidjourn.core.errors import UsageError
from vidjourn.core.ledger import Ledger
from vidjourn.stages.base import PipelineOptions, PlanContext, Stage, Task
from vidjourn.stages.registry import load, rooms

RUN, CACHED, BLOCKED = "run", "cached", "blocked"


@lru_cache(maxsize=1)
def stages() -> tuple[Stage, ...]:
    """Every stage, in the order of the rooms (producers before consumers, see :mod:`vidjourn.stages.registry`)."""
    return tuple(load(room.stage) for room in rooms() if room.stage)


def stage(name: str) -> Stage:
    for s in stages():
        if s.name == name:
            return s
    raise UsageError("run.error.unknown_step", step=name, choices=", ".join(s.name for s in stages()))


def selected(options: PipelineOptions) -> list[Stage]:
    """The stages to run, in order: those named in ``options.steps``, else every default stage."""
    if options.steps:
        wanted = {stage(n).name for n in options.steps}
        return [s for s in stages() if s.name in wanted]
    return [s for s in stages() if s.default]


@dataclass
class Planned:
    task: Task
    status: str  # run | cached | blocked
    reason_key: str = "run.reason.new"
    reason_args: dict[str, Any] = field(default_factory=dict)


def contributions(asg: Assignment, options: PipelineOptions) -> dict[str, list[dict[str, Any]]]:
    """What every stage with a ``contribute`` hook adds to each clip's render (masks, captions, blocks)."""
    out: dict[str, list[dict[str, Any]]] = {}
    hooks = [s for s in stages() if hasattr(s, "contribute")]
    if not hooks:
        return out
    for rec in asg.clips():
        cid = clip_id_of(rec)
        for s in hooks:
            items = s.contribute(asg, rec, options)  # type: ignore[attr-defined]
            if items:
                out.setdefault(cid, []).extend({**item, "stage": s.name} for item in items)
    return out


def _consumes_contributions(st: Stage) -> bool:
    """Whether ``st`` consumes something a stage with a ``contribute`` hook produces (a mask, captions)."""
    by_name = {room.name: room for room in rooms()}
    made = {thing for s in stages() if hasattr(s, "contribute") and s.name in by_name
            for thing in by_name[s.name].produces}
    room = by_name.get(st.name)
    return room is None or bool(made & set(room.consumes))


def plan_stage(st: Stage, asg: Assignment, options: PipelineOptions, ctx: PlanContext) -> list[Planned]:
    """The tasks of one stage for one assignment, each marked run, cached (ledger current) or blocked.
    ``ctx`` carries the planner's state for this assignment and run (its ledger, contributions, the
    tasks planned so far)."""
    ledger: Ledger = ctx.ledger
    if _consumes_contributions(st):  # masks and captions as the earlier waves left them
        ctx.contributions = contributions(asg, options)
    tasks = st.plan(asg, options, ctx)
    ctx.planned.extend(tasks)
    out = []
    for task in tasks:
        stop = blocks(task.params.get("contributions"))
        if stop:
            out.append(Planned(task, BLOCKED, stop[0].key, dict(stop[0].args)))
            continue
        mine = ledger.made_by(task.key)
        if mine:  # files this task made before may be replaced by it
            task = replace(task, params={**task.params, "overwrite": True})
        # ... and so may files this stage made for this clip under another task (the platforms were
        # grouped otherwise then): the ledger names them, so the stage replaces those and no others
        task = replace(task, params={**task.params, "owned": ledger.made_for(task.stage, task.clip)})
        if options.force:
            out.append(Planned(task, RUN, "run.reason.force"))
        elif task.fingerprint and ledger.is_current(task.key, task.fingerprint):
            out.append(Planned(task, CACHED, "run.status.cached"))
        elif mine:
            changed = ledger.changed_parts(task.key, task.fingerprint_parts) or ["files"]
            out.append(Planned(task, RUN, "run.reason.changed", {"parts": ", ".join(changed)}))
        else:
            out.append(Planned(task, RUN, "run.reason.new"))
    return out
