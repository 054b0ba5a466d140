"""The demo's shot log step (``vidjourn demo``)."""

from __future__ import annotations

from typing import Any

from vidjourn.core.i18n import t


def shotlog_step(ctx: Any) -> None:
    """The shot log of the demo assignment, and where to open it."""
    report = ctx.run("shotlog", force=True)
    shots = sum(int(r.data.get("shots", 0)) for _, r in report.items if r is not None)
    html = ctx.assignment.shotlog / "shotlog.html"
    ctx.add_output(t("demo.out_shotlog", shots=shots), html)
    ctx.note(t("shotlog.open_hint", url=html.resolve().as_uri()))
