"""``--dask ADDRESS`` / ``--dask-local N``: tasks run on a Dask distributed cluster (the ``dask`` extra).

The same interface as the inline executor (``run(tasks, on_event) -> iterator of Result``). What makes
it safe on several office PCs:

* One task = one assignment x stage x clip (export stays one ffmpeg per clip). Its Dask key is
  ``vidjourn-<run>-<task key>``; it asks for the resource ``ffmpeg=1`` that each worker declares
  (``dask worker ... --resources ffmpeg=1``), so a worker runs one encode at a time whatever its threads.
* A bad clip comes back as a Result with ``ok=False``; nothing is raised for Dask to retry. A task is
  only re-run when its worker dies (Dask reschedules it on another); a stage's ``run`` writes through
  temp names unique per host and process and replaces atomically, so running a task twice is harmless.
* A worker killed mid-encode takes its ffmpeg with it (:mod:`vidjourn.core.procguard`); its part file
  is removed by the next write of the same file on that host (:func:`vidjourn.core.fsutil.temp_sibling`),
  never by another host or a live process.
* Workers never write a manifest or a ledger; the coordinator does, from the Results.
* The scheduler and every worker must run this vidjourn version: checked on connect (refused with a
  message naming the machine), and again by each task (a worker that joined later).
* Every worker must see the assignment folders at the same path (a shared drive mapped alike on
  every PC); a worker that does not sends back a clear error instead of a half-done task.
"""

from __future__ import annotations

import os
import queue
import struct
import time
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from vidjourn import __version__
from vidjourn.core.errors import VidjournError
from vidjourn.core.fsutil import hostname, sweep_stale_parts_in
from vidjourn.core.i18n import t
from vidjourn.pipeline import journal
from vidjourn.pipeline.executors import run_task
from vidjourn.pipeline.pool import Throttle, stop_on_progress
from vidjourn.stages.base import ErrorInfo, Event, Result, Task

KEY_PREFIX = "vidjourn"
RESOURCE = "ffmpeg"
CANCEL_CHECK_EVERY = 1.0  # seconds: a cancelled batch stops the encodes running on workers this fast
STOP_WAIT = 20.0  # seconds a cancelled batch waits for the tasks running on workers to stop


class ExecutorUnavailable(VidjournError):
    """The cluster cannot be reached, has no usable worker, or runs another vidjourn (exit 3)."""

    exit_code = 3


# --- on a worker ----------------------------------------------------------------------------------

def remote_version() -> dict[str, str]:
    """Runs on the scheduler and on each worker: the vidjourn installed there."""
    return {"version": __version__, "host": hostname()}


def sweep_assignment(root: str) -> None:
    """Remove the part files a killed process of THIS host left in the assignment's output folders
    (never another host's, never a live process's: :func:`vidjourn.core.fsutil.is_stale_part`)."""
    out = Path(root) / "out"
    try:
        folders = [out, *(p for p in out.iterdir() if p.is_dir())] if out.is_dir() else []
    except OSError:
        return
    for folder in folders:
        sweep_stale_parts_in(folder)


def run_remote(task: Task, expected: str, topic: str, cancel_name: str) -> Result:
    """What a Dask worker runs for one task."""
    from distributed import Event as DaskEvent
    from distributed import get_worker

    host = hostname()
    if __version__ != expected:  # joined after the check on connect
        return Result(task.key, False, error=ErrorInfo("batch.error.version_mismatch", {
            "who": "worker", "where": host, "theirs": __version__, "ours": expected}, 3))
    if not os.path.isdir(task.assignment):
        return Result(task.key, False, error=ErrorInfo(
            "batch.error.not_reachable", {"path": task.assignment, "host": host}))
    sweep_assignment(task.assignment)  # what this PC left when its last worker was killed
    worker = get_worker()
    cancel = DaskEvent(cancel_name)
    if cancel.is_set():  # the batch was cancelled while this task waited in a queue
        return Result(task.key, False, error=ErrorInfo("batch.error.cancelled_task", {}, 130))
    checked = [time.monotonic(), False]
    key = worker.get_current_task()

    def cancelled() -> bool:
        # Released by the scheduler: the coordinator cancelled it or went away (killed, lid closed).
        # Stopping then means no output is written that no ledger will ever record.
        ts = worker.state.tasks.get(key) if key is not None else None
        if key is not None and (ts is None or ts.state not in ("executing", "long-running")):
            return True
        now = time.monotonic()  # the batch's cancel Event: asked at most once every CANCEL_CHECK_EVERY s
        if not checked[1] and now - checked[0] >= CANCEL_CHECK_EVERY:
            checked[0] = now
            checked[1] = cancel.is_set()
        return bool(checked[1])

    def send(event: Event) -> None:
        worker.log_event(topic, asdict(event))

    try:
        res = run_task(task, stop_on_progress(cancelled, Throttle(send)))
    except KeyboardInterrupt:
        return Result(task.key, False, error=ErrorInfo("batch.error.cancelled_task", {}, 130))
    res.data.setdefault("host", host)
    journal.write(task, res)  # in case the coordinator is gone before it records this
    return res


PROBE_TIMEOUT = 5.0  # s: a Dask scheduler greets at once; anything else is not one
_HANDSHAKE_MAX = 1 << 20  # a Dask handshake is a few hundred bytes


def probe_scheduler(address: str, timeout: float) -> None:
    """Check that ``address`` speaks Dask before ``distributed.Client`` is given it.

    A Dask scheduler writes its handshake as soon as a connection opens: an 8-byte little-endian length
    and a small msgpack map (``compression``, ``python``, ``pickle-protocol``). The Client itself waited
    for ever on an HTTP server (which says nothing until asked: > 120 s) and, on a service that greets
    with text (SSH), read that text as a length and died with "Unable to allocate 3.07 EiB". Here: one
    TCP connection, bounded reads, ``timeout`` seconds at most. Only plain ``tcp://`` (or a bare
    ``host:port``) is probed; TLS and other transports go to the Client as they are."""
    import socket

    scheme, _, rest = address.rpartition("://")
    if scheme not in ("", "tcp"):
        return
    host, _, port_text = rest.rstrip("/").rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    try:
        port = int(port_text)
    except ValueError:
        raise ExecutorUnavailable("batch.error.unreachable", address=address,
                                  reason=f"no port in {address!r}") from None
    deadline = time.monotonic() + timeout

    def read(sock, n: int) -> bytes:
        got = b""
        while len(got) < n and time.monotonic() < deadline:
            try:
                chunk = sock.recv(n - len(got))
            except socket.timeout:  # silent (an HTTP server waits to be asked): what came so far
                break
            if not chunk:
                break
            got += chunk
        return got

    size = None
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            head = read(sock, 8)
            if len(head) == 8 and all(32 <= b < 127 or b in (9, 10, 13) for b in head):
                sock.settimeout(0.5)
                body = read(sock, 32)  # text (an SSH or SMTP greeting): a little more to name it
            elif len(head) == 8:
                (size,) = struct.unpack("<Q", head)
                body = read(sock, min(size, 4096)) if 0 < size <= _HANDSHAKE_MAX else b""
            else:
                body = b""
    except OSError as exc:
        raise ExecutorUnavailable("batch.error.unreachable", address=address,
                                  reason=exc.strerror or type(exc).__name__) from None
    if size is not None and b"compression" in body:
        return
    if size is not None:
        said = f"a first message of {size:,} bytes"
    else:
        said = (head + body).decode("ascii", "backslashreplace").split("\n")[0].strip() or \
            f"nothing within {timeout:g} s"
    raise ExecutorUnavailable("batch.error.not_dask", address=address, said=said[:60])


def _env_seconds(name: str, default: float) -> float:
    try:
        return max(0.5, float(os.environ.get(name, "")))
    except ValueError:
        return default


# --- the coordinator's side -----------------------------------------------------------------------

class DaskExecutor:
    """Connect to ``address`` (``tcp://pc1:8786``), or start ``local_workers`` worker processes here.

    Connecting and the checks happen in :meth:`open` (exit code 3 when they fail); :meth:`close` ends
    the connection and a local cluster.
    """

    name = "dask"

    def __init__(self, address: str | None = None, local_workers: int | None = None, *,
                 connect_timeout: float | None = None, worker_wait: float | None = None) -> None:
        self.address = address
        self.local_workers = local_workers
        # Seconds to reach the scheduler, and to wait for a worker with ffmpeg=1 to join it.
        self.connect_timeout = connect_timeout or _env_seconds("VIDJOURN_DASK_CONNECT_TIMEOUT", 10.0)
        self.worker_wait = worker_wait or _env_seconds("VIDJOURN_DASK_WORKER_WAIT", 30.0)
        self.client: Any = None
        self.cluster: Any = None
        self.workers = 0

    def describe(self) -> dict[str, Any]:
        return {"executor": "dask", "address": self.address, "local_workers": self.local_workers,
                "workers": self.workers}

    def open(self) -> "DaskExecutor":
        try:
            import distributed
        except ImportError:
            raise ExecutorUnavailable("batch.error.dask_missing") from None
        try:
            if self.local_workers:
                self.cluster = distributed.LocalCluster(
                    n_workers=self.local_workers, threads_per_worker=1, processes=True,
                    resources={RESOURCE: 1}, dashboard_address=None, host="127.0.0.1")
                self.address = self.cluster.scheduler_address
                self.client = distributed.Client(self.cluster, timeout=self.connect_timeout)
            else:
                probe_scheduler(self.address, min(self.connect_timeout, PROBE_TIMEOUT))
                self.client = distributed.Client(self.address, timeout=self.connect_timeout)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            # TypeError: a tls:// address without TLS settings ("TLS expects a `ssl_context`"), a traceback
            self.close()
            raise ExecutorUnavailable("batch.error.unreachable", address=self.address,
                                      reason=str(exc) or type(exc).__name__) from None
        try:
            self._check()
        except BaseException:
            self.close()
            raise
        return self

    def _check(self) -> None:
        ours = __version__
        try:
            sched = self.client.run_on_scheduler(remote_version)
        except Exception:  # the scheduler could not import vidjourn to answer
            sched = {}
        if sched.get("version") != ours:
            raise ExecutorUnavailable("batch.error.version_mismatch", who=t("batch.who.scheduler"),
                                      where=self.address, theirs=sched.get("version") or t("batch.version_none"),
                                      ours=ours)
        deadline = time.monotonic() + self.worker_wait
        able: list[str] = []
        while True:
            workers = self.client.scheduler_info(n_workers=-1).get("workers", {})
            able = [a for a, w in workers.items() if (w.get("resources") or {}).get(RESOURCE, 0) >= 1]
            if able or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        if not able:
            raise ExecutorUnavailable("batch.error.no_workers", address=self.address, seconds=int(self.worker_wait))
        for addr, got in self.client.run(remote_version, workers=able, on_error="return").items():
            theirs = got.get("version") if isinstance(got, dict) else None
            if theirs != ours:
                host = got.get("host") if isinstance(got, dict) else None
                raise ExecutorUnavailable("batch.error.version_mismatch", who=t("batch.who.worker"),
                                          where=f"{host} ({addr})" if host else addr,
                                          theirs=theirs or t("batch.version_none"), ours=ours)
        self.workers = len(able)

    def close(self) -> None:
        for thing in (self.client, self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001 - closing a broken connection
                    pass
        self.client = self.cluster = None

    def run(self, tasks: Iterable[Task], on_event: Callable[[Event], None]) -> Iterator[Result]:
        from distributed import Event as DaskEvent
        from distributed import as_completed
        from distributed import wait as distributed_wait

        todo = list(tasks)
        if not todo:
            return
        if self.client is None:
            self.open()
        client = self.client
        run_id = uuid.uuid4().hex[:8]
        topic = f"{KEY_PREFIX}-events-{run_id}"
        cancel_name = f"{KEY_PREFIX}-cancel-{run_id}"
        inbox: queue.SimpleQueue = queue.SimpleQueue()
        client.subscribe_topic(topic, lambda msg: inbox.put(msg[1] if isinstance(msg, tuple) else msg))
        futures = {client.submit(run_remote, task, __version__, topic, cancel_name,
                                 key=f"{KEY_PREFIX}-{run_id}-{task.key}", resources={RESOURCE: 1},
                                 pure=False, retries=0): task for task in todo}
        ac = as_completed(list(futures))
        given: set[Any] = set()
        finished = False
        try:
            while not ac.is_empty():
                done = ac.next_batch(block=False)
                _forward(inbox, on_event)
                for fut in done:
                    given.add(fut)
                    yield _result(fut, futures[fut])
                if not done:
                    time.sleep(0.05)
            _forward(inbox, on_event)
            finished = True
        except KeyboardInterrupt:
            # Cancelled. Running encodes stop at their next progress event, queued tasks return at once;
            # wait for that (so no task writes an output the coordinator never hears of), hand over the
            # tasks that did finish so they are recorded, then let the interrupt go on.
            left = [f for f in futures if f not in given]
            done_ok: list[Result] = []
            try:
                DaskEvent(cancel_name, client=client).set()
                distributed_wait(left, timeout=STOP_WAIT)
            except Exception:  # noqa: BLE001 - timed out, or the cluster is gone
                pass
            finally:
                # collect before cancelling: a cancelled future forgets its result
                done_ok = [r for r in (_result(f, futures[f]) for f in left if f.status == "finished") if r.ok]
                _cancel(client, futures)
                finished = True
            yield from done_ok
            raise
        finally:
            if not finished:  # the consumer stopped early
                try:
                    DaskEvent(cancel_name, client=client).set()
                except Exception:  # noqa: BLE001
                    pass
                _cancel(client, futures)
            try:
                client.unsubscribe_topic(topic)
            except Exception:  # noqa: BLE001
                pass


def _cancel(client: Any, futures: dict[Any, Task]) -> None:
    try:
        client.cancel(list(futures))
    except Exception:  # noqa: BLE001 - the cluster may be gone already
        pass


def _forward(inbox: queue.SimpleQueue, on_event: Callable[[Event], None]) -> None:
    while True:
        try:
            msg = inbox.get_nowait()
        except queue.Empty:
            return
        if isinstance(msg, dict) and "task" in msg and "kind" in msg:
            on_event(Event(str(msg["kind"]), str(msg["task"]), key=msg.get("key"), args=dict(msg.get("args") or {}),
                           fraction=msg.get("fraction"), path=msg.get("path")))


def _result(fut: Any, task: Task) -> Result:
    try:
        return fut.result()
    except Exception as exc:  # noqa: BLE001
        if type(exc).__name__ == "KilledWorker":  # its workers kept dying: given up
            return Result(task.key, False, error=ErrorInfo("batch.error.worker_lost", {"reason": str(exc)}))
        return Result(task.key, False, error=ErrorInfo("error.internal", {"what": f"{type(exc).__name__}: {exc}"}))
