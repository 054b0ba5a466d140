"""Publish: the same pipeline as `vidjourn run` (pipeline.runner.execute: same ledger, same writer lock),
in a thread, with its progress kept for the page to poll and each file listed as it becomes ready.

The desk takes the assignment lock before starting; a `vidjourn run` holding it makes publish answer
"busy" at once (and a run started in a terminal while the desk publishes is told the same by the lock).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from vidjourn.core.errors import VidjournError
from vidjourn.core.i18n import t
from vidjourn.core.locks import Locked, assignment_lock, holder
from vidjourn.desk.actions import Busy
from vidjourn.pipeline.runner import Listener, execute
from vidjourn.stages.base import PipelineOptions

SHOWN = ("out/", "shotlog/")  # what the page lists: the published files and the shot log


class DeskListener(Listener):
    def __init__(self, state: dict[str, Any], root: Path) -> None:
        self.state = state
        self.root = root
        self.total = 0
        self.finished_n = 0
        self.current: dict[str, float] = {}

    def _update(self) -> None:
        if self.total:
            part = sum(self.current.values())
            self.state["fraction"] = min(0.99, (self.finished_n + part) / self.total)

    def planned(self, stage, items) -> None:
        self.total += sum(1 for p in items if p.status == "run") or 0
        if any(p.status == "run" for p in items):
            self.state["lines"].append(f"▸ {stage}")
        self._update()

    def event(self, ev) -> None:
        if ev.fraction is not None:
            self.current[ev.task] = max(0.0, min(1.0, ev.fraction))
            self._update()
        if ev.kind == "output" and ev.path:
            self._add(ev.path)

    def finished(self, item, result) -> None:
        if item.status == "run":
            self.finished_n += 1
            self.current.pop(item.task.key, None)
        for o in (result.outputs if result else ()):
            self._add(o.path)
        if result is not None and not result.ok and result.problems():
            for e in result.problems():
                self.state["lines"].append(e.message())
        self._update()

    def _add(self, rel: str) -> None:
        if not str(rel).startswith(SHOWN):
            return
        p = (self.root / rel).resolve()
        if p.is_file() and str(rel) not in {f["path"] for f in self.state["files"]} and p.is_relative_to(self.root):
            self.state["files"].append({"n": len(self.state["files"]), "path": str(rel), "name": p.name,
                                        "size": p.stat().st_size})


def status(desk, asg, rec, data, lang) -> dict[str, Any]:
    s = desk.publish
    return {"state": s.get("state"), "fraction": round(float(s.get("fraction", 0)), 3),
            "lines": list(s.get("lines", []))[-30:], "files": list(s.get("files", [])),
            "summary": s.get("summary"), "error": s.get("error")}


def start(desk, asg, rec, data, lang) -> dict[str, Any]:
    if desk.publish.get("state") == "running" or not desk.write_lock.acquire(timeout=1.0):
        raise Busy(t("desk.busy_desk"))
    lock = assignment_lock(asg.root, "desk")
    try:
        lock.__enter__()
    except Locked:
        desk.write_lock.release()
        info = holder(asg.root)
        raise Busy(t("desk.busy", command=info.get("command", "?"), pid=info.get("pid", "?"),
                     since=info.get("since", "?"))) from None
    except BaseException:
        desk.write_lock.release()
        raise
    desk.publish = {"state": "running", "fraction": 0.0, "lines": [], "files": [], "started": time.time()}
    threading.Thread(target=_run, args=(desk, asg, lock, lang), daemon=True).start()
    return status(desk, asg, rec, data, lang)


def _run(desk, asg, lock, lang: str) -> None:
    state = desk.publish
    try:
        listener = DeskListener(state, asg.root.resolve())
        report = execute([(asg, PipelineOptions())], listener=listener)  # exactly what `vidjourn run` runs
        problems = [e.message() for _, e in report.problems]
        failed = [e.message() for p, r in report.items if r is not None and not r.ok for e in r.problems()]
        state["lines"] += problems
        if problems or failed:  # what stopped it, in words, on the page (the first few)
            state["error"] = "\n".join(dict.fromkeys(problems + failed))[:4000]
        state["summary"] = t("desk.ui.published", lang=lang, done=report.count("done"),
                             cached=report.count("cached"), failed=report.count("failed"))
        from vidjourn.desk.model import _ledger_outputs

        for (stage, _clip), entries in sorted(_ledger_outputs(asg).items()):
            for e in entries:
                listener._add(str(e.get("output", "")))
        state.update(state="done" if report.ok else "failed", fraction=1.0)
    except VidjournError as exc:
        state.update(state="failed", error=exc.message(), fraction=1.0)
    except Exception as exc:  # shown on the page; the server keeps serving
        state.update(state="failed", error=f"{type(exc).__name__}: {exc}", fraction=1.0)
    finally:
        try:
            lock.__exit__(None, None, None)
        finally:
            desk.write_lock.release()


def output_path(desk, n: int) -> Path | None:
    files = desk.publish.get("files") or []
    if not 0 <= n < len(files):
        return None
    p = (desk.root / files[n]["path"]).resolve()
    return p if p.is_relative_to(desk.root) and p.is_file() else None


def open_folder(desk, asg, rec, data, lang) -> dict[str, Any]:
    """Open out/ in the system's file manager (the browser cannot)."""
    import click

    out = asg.out
    if out.is_dir():
        click.launch(str(out))
    return {}
