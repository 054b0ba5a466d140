"""Executors run tasks and hand back results; the coordinator (runner.py) alone writes ledgers.

Every executor has ``run(tasks, on_event) -> iterator of Result`` (results in completion order) and
``close()``. A task's ``run`` never raises a VidjournError to the executor: a bad clip is a Result with
``ok=False``. Anything else escaping a stage is a programming error and is reported as one result,
so a batch carries on.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from vidjourn.core.errors import VidjournError
from vidjourn.pipeline.planner import stage
from vidjourn.stages.base import ErrorInfo, Event, Result, Task


def run_task(task: Task, emit: Callable[[Event], None]) -> Result:
    """Run one task with its stage (looked up by name, so only the task crosses a process boundary)."""
    try:
        return stage(task.stage).run(task, emit)
    except VidjournError as exc:
        return Result(task.key, False, error=ErrorInfo.of(exc))
    except KeyboardInterrupt:
        raise
    except OSError as exc:  # a full disk, a read-only or forbidden folder, a file where a folder goes
        from vidjourn.core.errors import os_error

        where = None if getattr(exc, "filename", None) else task.assignment
        return Result(task.key, False, error=ErrorInfo.of(os_error(exc, where)))
    except Exception as exc:  # noqa: BLE001 - one broken task must not stop a batch
        return Result(task.key, False, error=ErrorInfo("error.internal", {"what": f"{type(exc).__name__}: {exc}"}))


class InlineExecutor:
    """Runs tasks one after another in this process (the default for `vidjourn run`)."""

    name = "inline"

    def run(self, tasks: Iterable[Task], on_event: Callable[[Event], None]) -> Iterator[Result]:
        for task in tasks:
            yield run_task(task, on_event)

    def close(self) -> None:
        pass
