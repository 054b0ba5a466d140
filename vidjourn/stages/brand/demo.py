"""The demo's brand step (``vidjourn demo``): a branded master of the interview."""

from __future__ import annotations

from typing import Any

from vidjourn.core.i18n import t


def brand_step(ctx: Any) -> None:
    """A branded master of the interview in its own geometry (lower third, logo, title/end cards)."""
    asg = ctx.assignment
    rec = ctx.interview() or asg.clips()[0]
    report = ctx.run("brand", clips=(rec["id"],), force=True,
                     extra={"brand": {"x264_preset": "veryfast", "crf": 20}})
    for _, r in report.items:
        for o in (r.outputs if r else ()):
            ctx.add_output(t("brand.demo_output"), asg.root / o.path)
