"""``--jobs N``: tasks run in N local worker processes, with the inline executor's interface.

``run(tasks, on_event) -> iterator of Result`` in completion order; events from the workers reach
``on_event`` in the coordinator's own thread (so a progress display needs no locking). Workers only run
tasks: the coordinator (:mod:`vidjourn.pipeline.runner`) writes manifests and ledgers from the Results.

Workers are *spawned* (not forked): the same on Linux, macOS and Windows, and safe although the
coordinator has threads. Ctrl-C reaches every process of the terminal; an idle worker ignores it, a busy
one stops its task at its next progress event (the ffmpeg runner kills ffmpeg and removes its part
files) and the coordinator waits for that before it exits, so an interrupted batch leaves no
half-written file and no ffmpeg; tasks that finished meanwhile are still recorded.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Callable, Iterable, Iterator

from vidjourn.core import i18n, procguard
from vidjourn.core.fsutil import hostname
from vidjourn.pipeline import journal
from vidjourn.pipeline.executors import run_task
from vidjourn.stages.base import ErrorInfo, Event, Result, Task

PROGRESS_EVERY = 0.5  # seconds between two progress events of one task sent across processes
STOP_WAIT = 20.0  # seconds a cancelled batch waits for its workers to clean up


class Throttle:
    """Pass every event on, except progress: at most one per task every PROGRESS_EVERY seconds."""

    def __init__(self, send: Callable[[Event], None]) -> None:
        self.send = send
        self.last: dict[str, float] = {}

    def __call__(self, event: Event) -> None:
        if event.kind == "progress" and (event.fraction or 0.0) < 1.0:
            now = time.monotonic()
            if now - self.last.get(event.task, -1e9) < PROGRESS_EVERY:
                return
            self.last[event.task] = now
        self.send(event)


# --- inside a worker process ---------------------------------------------------------------------

_events: Any = None
_stopping = False
_busy = False  # a task is running in this worker (its SIGTERM stops the task; an idle one exits)
_terminated = False  # SIGTERM seen: exit as soon as no task runs


def _on_signal(signum: int, frame: Any) -> None:
    # Not raised here: the task stops at its next progress event (stop_on_progress), i.e. while
    # ffmpeg encodes, so the runner kills it and removes its part files. An interrupt raised at any
    # instant could land after an output was moved into place and before its Result went back, and
    # the coordinator would never learn of a file that exists.
    global _stopping, _terminated
    _stopping = True  # idle too: a cancelled (or orphaned) worker must not start the next queued task
    if signum == getattr(signal, "SIGTERM", None):
        _terminated = True
    if _terminated and not _busy:
        # Idle, waiting for the next task: nothing to clean up, so SIGTERM ends it now. Only setting the
        # flag left two idle workers of a cancelled batch blocked in the call queue, adopted by init,
        # for 28 minutes (die_with_parent's SIGTERM landed here too and was ignored the same way).
        os._exit(128 + signum)


def stop_on_progress(should_stop: Callable[[], bool], send: Callable[[Event], None]) -> Callable[[Event], None]:
    """An emit that raises KeyboardInterrupt on a progress event once ``should_stop()`` says so."""
    def emit(event: Event) -> None:
        if event.kind == "progress" and should_stop():
            raise KeyboardInterrupt
        send(event)

    return emit


def _init(events: Any, lang: str | None, level: int) -> None:
    global _events
    _events = events
    signal.signal(signal.SIGINT, _on_signal)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _on_signal)
        procguard.die_with_parent(signal.SIGTERM)  # the coordinator killed outright: stop, do not finish

    i18n.set_lang(lang)
    logging.getLogger("vidjourn").setLevel(level)


def _work(task: Task) -> Result:
    global _busy
    if _stopping:
        return Result(task.key, False, error=ErrorInfo("batch.error.cancelled_task", {}, 130))
    _busy = True
    try:
        return _run(task)
    finally:
        _busy = False
        if _terminated:  # SIGTERM came during the task: exit once its Result has gone back
            import threading

            threading.Timer(2.0, os._exit, (128 + int(signal.SIGTERM),)).start()


def _run(task: Task) -> Result:
    try:
        res = run_task(task, stop_on_progress(lambda: _stopping, Throttle(_events.put)))
        res.data.setdefault("host", hostname())
        journal.write(task, res)  # in case the coordinator is gone before it records this
        return res
    except KeyboardInterrupt:
        return Result(task.key, False, error=ErrorInfo("batch.error.cancelled_task", {}, 130))


# --- the coordinator's side -----------------------------------------------------------------------

class PoolExecutor:
    """The workers are started on the first task and kept for every wave of the run (ingest, export,
    shot log...): a spawned worker pays Python's start-up and vidjourn's imports once, not per wave."""

    name = "pool"

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, int(jobs))
        self._pool: ProcessPoolExecutor | None = None
        self._events: Any = None

    def describe(self) -> dict[str, Any]:
        return {"executor": "pool", "jobs": self.jobs}

    def _start(self) -> tuple[ProcessPoolExecutor, Any]:
        if self._pool is None:
            import multiprocessing as mp

            from vidjourn.core.i18n import get_lang

            ctx = mp.get_context("spawn")
            self._events = ctx.Queue()
            self._pool = ProcessPoolExecutor(  # workers are spawned as tasks need them, up to jobs
                max_workers=self.jobs, mp_context=ctx, initializer=_init,
                initargs=(self._events, get_lang(), logging.getLogger("vidjourn").getEffectiveLevel()))
        return self._pool, self._events

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._events.close()
            self._events.join_thread()
        self._pool = self._events = None

    def run(self, tasks: Iterable[Task], on_event: Callable[[Event], None]) -> Iterator[Result]:
        todo = list(tasks)
        if not todo:
            return
        pool, events = self._start()
        pending: dict[Future, Task] = {pool.submit(_work, t): t for t in todo}
        finished = False
        try:
            while pending:
                done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                _drain(events, on_event)
                for fut in done:
                    yield _result(fut, pending.pop(fut))
            _drain(events, on_event)
            finished = True
        except KeyboardInterrupt:
            # Cancelled: stop the workers, then hand over the tasks that did finish meanwhile, so the
            # coordinator records them and a re-run does not redo them; then let the interrupt go on.
            _stop(pool, pending)
            finished = True
            for fut in list(pending):
                if fut.done() and not fut.cancelled() and fut.exception() is None and fut.result().ok:
                    yield fut.result()
            self.close()
            raise
        finally:
            if not finished:  # the generator was closed early (the consumer stopped)
                _stop(pool, pending)
                self.close()


def _drain(events: Any, on_event: Callable[[Event], None]) -> None:
    while True:
        try:
            ev = events.get_nowait()
        except queue.Empty:
            return
        except (OSError, ValueError, EOFError):  # the queue is gone with a dead worker
            return
        on_event(ev)


def _stop(pool: ProcessPoolExecutor, pending: dict[Future, Task]) -> None:
    """Cancelled: drop what has not started; ask the running workers to stop their task and wait."""
    for fut in pending:
        fut.cancel()
    procs = list(getattr(pool, "_processes", {}).values())  # the pool offers no public handle on them
    for p in procs:
        try:
            if sys.platform == "win32":
                p.terminate()  # its ffmpeg dies with it (job object); its part file is swept later
            else:
                os.kill(p.pid, signal.SIGINT)
        except (OSError, AttributeError):
            pass
    deadline = time.monotonic() + STOP_WAIT
    for fut in pending:
        if fut.running():
            try:
                fut.exception(timeout=max(0.1, deadline - time.monotonic()))
            except BaseException:  # noqa: BLE001 - cancelled or timed out: nothing more to do
                pass


def _result(fut: Future, task: Task) -> Result:
    try:
        return fut.result()
    except Exception as exc:  # a worker process that died (BrokenProcessPool), or a pickling problem
        return Result(task.key, False, error=ErrorInfo("error.internal", {"what": f"{type(exc).__name__}: {exc}"}))
