"""The demo's story step (``vidjourn demo``): `story draft` on the demo's clips, the story sheet, the
timeline for editors (when the ``timeline`` extra is installed), and the story rendered to the demo's
platforms by the story stage."""

from __future__ import annotations

from typing import Any

from vidjourn.core.i18n import t

DEMO_PLATFORMS = ("reels", "feed", "youtube", "whatsapp")  # export's demo platforms


def story_step(ctx: Any) -> None:
    from vidjourn.stages.story import draft as D
    from vidjourn.stages.story import model, sheet, views

    asg = ctx.assignment
    knowledge = D.gather(asg)
    if knowledge.missing_shots:
        ctx.run("shotlog")
        knowledge = D.gather(asg)
    ctx.progress(t("story.demo_drafting"), 0.3)
    cards = D.cards_seconds(asg)
    result = D.propose(knowledge.shots, max(0.0, 60.0 - cards))
    data = D.to_story(result, (t("story.placeholder_name"), t("story.placeholder_title")))
    path = model.write(asg, data, t("story.draft_header", length="60", platform="-",
                                    missing=_missing(knowledge)))
    ctx.add_output(t("story.demo_out", n=len(result.picks), length=f"{result.length + cards:.1f}"), path)
    ctx.progress(t("story.demo_sheet"), 0.7)
    paths = sheet.write(asg, views.table(asg), asg.shotlog)
    ctx.add_output(t("story.demo_out_sheet"), paths[0])
    try:
        from vidjourn.stages.story import interchange

        story = model.load(asg)
        slug = str(asg.story().get("slug") or asg.root.name)
        folder = asg.out / "timeline"
        folder.mkdir(parents=True, exist_ok=True)
        for ext in interchange.FORMATS:
            interchange.export(asg, story, folder / f"{slug}{ext}", name=slug)
        ctx.add_output(t("story.demo_out_timeline"), folder)
    except interchange.TimelineUnavailable as exc:
        ctx.note(exc.message())
    # the story itself, to the demo's platforms, in one ffmpeg process (the story stage)
    report = ctx.run("story", platforms=DEMO_PLATFORMS, speed="draft", force=True)
    for _, r in report.items:
        for o in (r.outputs if r is not None else ()):
            ctx.add_output(t("story.demo_out_video", platform=(o.info or {}).get("platform", "")),
                           asg.root / o.path)
    ctx.progress(t("story.demo_sheet"), 1.0)


def _missing(k: Any) -> str:
    parts = [x for x, miss in (("faces", k.missing_faces), ("speech", k.missing_speech)) if miss]
    return ", ".join(parts) or "-"
