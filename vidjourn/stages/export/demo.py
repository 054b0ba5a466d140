"""The demo's export step (``vidjourn demo``): every clip to four platforms, each file checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vidjourn.analysis.check import check
from vidjourn.core.errors import UsageError
from vidjourn.core.i18n import t
from vidjourn.settings import profiles

DEMO_PLATFORMS = ("reels", "feed", "youtube", "whatsapp")


def export_step(ctx: Any) -> None:
    """Every clip to reels, feed, youtube and whatsapp, then each file checked against its platform."""
    asg = ctx.assignment
    report = ctx.run("export", platforms=DEMO_PLATFORMS, speed="draft", force=True)
    by_name = {p.name: p for p in profiles.load_many(list(DEMO_PLATFORMS), asg.root)}
    outputs = [o for _, r in report.items if r is not None for o in r.outputs]
    failed: list[str] = []
    for n, o in enumerate(outputs, 1):
        ctx.progress(t("export.demo_checking", name=Path(o.path).name), 0.9 + 0.1 * n / len(outputs))
        verdict = check(asg.root / o.path, by_name[o.info["platform"]])
        if not verdict.ok:
            failed.append(t("check.verdict_fail", path=o.path, platform=o.info["platform"],
                            reasons=verdict.reasons()))
    for name in DEMO_PLATFORMS:
        made = sum(1 for o in outputs if o.info.get("platform") == name)
        bad = any(f"{name}:" in x or f" {name} " in x for x in failed)
        ctx.add_output(t("export.demo_output_failed" if bad else "export.demo_output", platform=name, n=made),
                       asg.out_dir(name))
    if failed:
        raise UsageError("export.error.demo", problems="\n".join(failed))
