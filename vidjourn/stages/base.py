"""The stage protocol: every stage plans plain tasks and runs one task at a time.

A stage is a module (or package) in :mod:`vidjourn.stages` exposing ``STAGE``, an object with:

* ``name`` — the step name (``ingest``, ``export``, ...); its order comes from its room's
  ``produces``/``consumes`` (:mod:`vidjourn.stages.registry`), ``default`` — part of ``vidjourn run`` unless steps are named, ``coordinator`` — True when its tasks
  must run on the machine that holds the assignment (ingest reads the card there);
* ``plan(asg, options) -> list[Task]`` — cheap: no decode, no encode; it computes each task's
  fingerprint so the planner can skip what the ledger already holds;
* ``run(task, emit) -> Result`` — does the work of one task; ``emit(Event)`` reports progress and notes;
* optionally ``contribute(asg, record, options) -> list[dict]`` — plain data handed to render stages
  (a mask, a subtitle file, or a block that refuses to publish the clip; ``"for": [stage, ...]`` limits
  one to those stages, see :func:`applies_to`), and
  ``finish(asg, results)`` — runs on the coordinator after all of its tasks.

Tasks, events and results are plain, picklable data (no closures, no translated text), so the same task
runs in-process, in a process pool or on a Dask worker. Text is translated only where it is printed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence, runtime_checkable

from vidjourn.core.assignment import Assignment
from vidjourn.core.digest import cached_file_sha256
from vidjourn.core.errors import VidjournError
from vidjourn.core.i18n import t
from vidjourn.core.records import clip_names, frozen

PROGRESS, NOTE, WARNING, OUTPUT = "progress", "note", "warning", "output"


@dataclass(frozen=True, eq=False)
class Task:
    stage: str
    key: str  # unique in a plan: "<stage>:<assignment folder name>:<clip id or *>"
    assignment: str  # absolute path of the assignment folder
    clip: str | None = None  # manifest id; None for an assignment-wide task
    params: dict[str, Any] = field(default_factory=dict)  # JSON-able: names, numbers, sha256s, rel. paths
    fingerprint: str = ""  # sha256 of everything that decides the outputs' bytes
    fingerprint_parts: dict[str, str] = field(default_factory=dict)  # part name -> its own digest
    source_sha256: str | None = None
    after: tuple[str, ...] = ()  # keys of tasks that must finish first

    def __post_init__(self) -> None:
        # Truly immutable: a planned task is fingerprinted, recorded and sent to workers as it is; a
        # change is a new task (dataclasses.replace(task, params={**task.params, ...})).
        object.__setattr__(self, "params", frozen(self.params))
        object.__setattr__(self, "fingerprint_parts", frozen(self.fingerprint_parts))
        object.__setattr__(self, "after", tuple(self.after))

    def refingerprinted(self, updates: dict[str, Any]) -> Task:
        """This task with some fingerprint parts replaced (a stage that rewrites one of its own inputs,
        like the shot log's notes.yaml, reports the new value so a re-run sees no change)."""

        each = dict(self.fingerprint_parts)
        each.update({k: digest(v) for k, v in updates.items()})
        return replace(self, fingerprint=digest(dict(sorted(each.items()))), fingerprint_parts=each)

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "key": self.key, "assignment": self.assignment, "clip": self.clip,
                "params": self.params, "fingerprint": self.fingerprint, "source_sha256": self.source_sha256,
                "after": list(self.after)}


@dataclass(frozen=True, eq=False)
class Event:
    kind: str  # progress | note | warning | output
    task: str
    key: str | None = None  # message key (translated where printed)
    args: dict[str, Any] = field(default_factory=dict)
    fraction: float | None = None  # progress of this task, 0..1
    path: str | None = None  # for output events: relative to the assignment


@dataclass(frozen=True)
class OutputRecord:
    path: str  # relative to the assignment
    sha256: str
    size: int
    mtime_ns: int
    info: dict[str, Any] = field(default_factory=dict, compare=False)  # platform, part, width, ...

    @classmethod
    def of(cls, root: Path, path: Path, **info: Any) -> OutputRecord:
        st = path.stat()
        return cls(Path(os.path.relpath(path, root)).as_posix(), cached_file_sha256(path), st.st_size,
                   st.st_mtime_ns, dict(info))


@dataclass(frozen=True)
class ErrorInfo:
    key: str
    args: dict[str, Any] = field(default_factory=dict)
    code: int = 1

    @classmethod
    def of(cls, exc: VidjournError) -> ErrorInfo:
        return cls(exc.key, {k: (str(v) if isinstance(v, Path) else v) for k, v in exc.kwargs.items()},
                   exc.exit_code)

    def message(self) -> str:
        return t(self.key, **self.args)


class Result:
    """What one task did: ok or not, the files it wrote, and ONE list of errors (``errors``; ``error`` is
    its first, for the many places that name one). ``Result(key, False, error=e)`` and
    ``Result(key, ok, errors=[...])`` are the same list. Read-only and picklable (it comes back from a
    worker process or a Dask worker)."""

    __slots__ = ("task", "ok", "outputs", "errors", "data", "cached")

    def __init__(self, task: str, ok: bool, outputs: Sequence[OutputRecord] = (), error: ErrorInfo | None = None,
                 errors: Sequence[ErrorInfo] = (), data: dict[str, Any] | None = None, cached: bool = False) -> None:
        # cached: nothing to do, the ledger holds its outputs unchanged
        for name, value in (("task", task), ("ok", ok), ("outputs", tuple(outputs)),
                            ("errors", ((error,) if error is not None else ()) + tuple(errors)),
                            ("data", dict(data or {})), ("cached", cached)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Result is read-only ({name})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Result, (self.task, self.ok, self.outputs, None, self.errors, self.data, self.cached))

    def __repr__(self) -> str:
        return f"Result({self.task!r}, ok={self.ok}, outputs={len(self.outputs)}, errors={list(self.errors)!r})"

    @property
    def error(self) -> ErrorInfo | None:
        return self.errors[0] if self.errors else None

    def problems(self) -> tuple[ErrorInfo, ...]:
        return self.errors


@dataclass
class PipelineOptions:
    """What the user asked for; plain data (a batch sends it to other processes)."""

    steps: tuple[str, ...] = ()  # empty: every stage whose `default` is true
    sources: tuple[str, ...] = ()  # ingest these first
    clips: tuple[str, ...] = ()  # only these clips (id, file name or path); empty: all
    platforms: tuple[str, ...] = ()  # empty: vidjourn.yaml's
    preset: str | None = None  # brand preset name; None: vidjourn.yaml's
    reframe: str | None = None
    start: float | None = None
    end: float | None = None
    encoder: str = "auto"
    speed: str = "normal"
    keep_metadata: bool = False
    force: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # per-stage options: {"shotlog": {...}}


@dataclass
class PlanContext:
    """What the planner knows while it plans one assignment in a run — kept apart from what the user
    asked (:class:`PipelineOptions`). One per assignment and run, made by the runner:

    * ``contributions`` — per clip id, what the stages with a ``contribute`` hook add to its render
      (refreshed before each stage that consumes what they produce);
    * ``planned`` — the tasks of the stages planned before this one (the shot log fingerprints export's);
    * ``rendered`` — every file a task of THIS run wrote (reported in its Result's OutputRecords, by
      this process or a worker): relative path -> (sha256 just recorded, key of the task that wrote
      it). The sign stage signs only these;
    * ``ledger`` — the assignment's ledger, read once for the run."""

    ledger: Any = None
    contributions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    planned: list[Task] = field(default_factory=list)
    rendered: dict[str, tuple[str, str]] = field(default_factory=dict)


Emit = Callable[[Event], None]


@runtime_checkable
class Stage(Protocol):
    name: str
    default: bool
    coordinator: bool

    def plan(self, asg: Assignment, options: PipelineOptions, ctx: PlanContext | None = None) -> list[Task]: ...

    def run(self, task: Task, emit: Emit) -> Result: ...


# --- helpers every stage uses ----------------------------------------------------------------------

def digest(value: Any) -> str:
    """sha256 of a JSON-able value in canonical form (sorted keys, no spaces)."""
    blob = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def fingerprint(parts: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """(overall digest, digest of each part): the parts say *what* changed when a fingerprint differs."""
    each = {k: digest(v) for k, v in sorted(parts.items())}
    return digest(each), each


def failed(task: Task, exc: VidjournError, **data: Any) -> Result:
    return Result(task.key, False, error=ErrorInfo.of(exc), data=dict(data))


def applies_to(contribution: dict[str, Any], stage: str) -> bool:
    """Whether a contribution concerns ``stage``: a contribution may name the stages it is for
    (``"for": ["export"]`` — captions to burn block publishing, not an editor's brand master); without
    ``for`` it concerns every render stage."""
    wanted = contribution.get("for")
    return not wanted or stage in wanted


def task_key(stage: str, asg_root: Path | str, clip: str | None = None) -> str:
    return f"{stage}:{Path(asg_root).name}:{clip or '*'}"


def select_records(asg: Assignment, names: Sequence[str]) -> list[dict[str, Any]]:
    """Manifest records named by id, file name, stem or path (all when ``names`` is empty)."""
    records = asg.clips()
    if not names:
        return records
    out = []
    for n in names:
        p = Path(n)
        rec = next((r for r in records if n in clip_names(r)
                    or (p.exists() and asg.clip_path(r).resolve() == p.resolve())), None)
        if rec is not None:
            out.append(rec)
    return out
