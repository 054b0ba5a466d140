"""The story as a table (``vidjourn story show`` and the story sheet): segments, source, in/out, length per
platform, what is redacted, captioned, approved, and what still blocks publishing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vidjourn.captions import files as cf
from vidjourn.core.errors import VidjournError
from vidjourn.core.i18n import t
from vidjourn.core.timeutil import timecode


def sot_words(asg: Any, seg: Any, lang: str | None = None) -> tuple[str, str]:
    """(the words said inside a SOT segment, "approved" | "draft" | ""), from the clip's transcript."""
    from vidjourn.stages.story.draft import clip_words

    if seg.audio != "sot":
        return "", ""
    words, state = clip_words(Path(asg.root), seg.clip_id, lang or "id")
    if not state:
        for alt in ("en", "id"):
            words, state = clip_words(Path(asg.root), seg.clip_id, alt)
            if state:
                break
    said = [w.text for w in words if w.start >= seg.source_in - 1e-3 and w.end <= seg.source_out + 1e-3]
    return " ".join(said), state


def table(asg: Any, story: Any = None, contributions: dict[str, list[dict[str, Any]]] | None = None,
          contributions_error: str | None = None) -> dict[str, Any]:
    """The rows; ``contributions``: every room's contribution per clip id (the pipeline planner's, passed
    in by the command: a stage does not import the pipeline)."""
    from vidjourn.core.redaction import read_state
    from vidjourn.stages.story import draft as D
    from vidjourn.stages.story import model

    story = story or model.load(asg)
    meta = asg.story()
    try:
        lang = cf.config(meta, asg.story_file).lang
    except VidjournError:
        lang = "id"
    contrib, contrib_error = contributions or {}, contributions_error
    rows, blocking = [], []
    seen: set[str] = set()
    starts = _starts(story.segments)
    for n, s in enumerate(story.segments, 1):
        items = contrib.get(s.clip_id, [])
        red = read_state(asg.root, s.sha256) if s.sha256 else None
        if red:
            what = [f"{red[k]} {t('story.red.' + k)}" for k in ("faces", "regions", "blank") if red.get(k)]
            redaction = (", ".join(what) or "-") + " · " + (t("story.approved") if red.get("approval") == "approved"
                                                           else t("story.not_approved"))
        else:
            redaction = "-"
        state, _ = cf.status(asg.root, s.clip_id, lang)
        captions = {cf.APPROVED: t("story.approved"), cf.CHANGED: t("story.changed"),
                    cf.DRAFT: t("story.draft_state"), cf.MISSING: "-"}[state]
        if any(c.get("kind") == "subtitles" and c.get("burn") for c in items):
            captions += " · " + t("story.burned")
        for b in (c for c in items if c.get("kind") == "block"):
            if s.clip_id not in seen:
                blocking.append({"clip": s.clip_id, "why": t(b["key"], **(b.get("args") or {}))})
        if any(c.get("kind") == "block" for c in items):
            seen.add(s.clip_id)
        lt = s.lower_third
        words, wstate = sot_words(asg, s, lang)
        rows.append({
            "n": n, "clip": s.clip_id, "file": s.file, "sha256": s.sha256, "in": timecode(s.source_in),
            "out": timecode(s.source_out), "from": s.source_in, "to": s.source_out,
            "length": round(s.duration, 3), "story_at": round(starts[n - 1], 3), "audio": s.audio,
            "join": "" if s.transition == "cut" or n == 1 else f" · {s.transition} {s.transition_length:g}s",
            "lower_third": "" if lt is None else (lt.name + (f" — {lt.title}" if lt.title else "")),
            "platforms": (t("story.only") + " " + ", ".join(s.only)) if s.only else
                         (t("story.skip") + " " + ", ".join(s.skip)) if s.skip else t("story.all"),
            "redaction": redaction, "captions": captions, "words": words, "words_state": wstate,
            "blocked": any(c.get("kind") == "block" for c in items), "note": s.note,
            "voiceover": " ".join(v.text for v in story.voiceover
                                  if v.text and starts[n - 1] <= v.at < starts[n - 1] + s.duration),
        })
    cards = D.cards_seconds(asg) if (story.title_card or story.end_card) else 0.0
    platforms = []
    names = meta.get("platforms") if isinstance(meta.get("platforms"), list) else []
    for p in names or [None]:
        limit = None
        if p:
            try:
                limit = D.platform_max(asg, str(p))
            except VidjournError:
                limit = None
        length = story.length(p, cards)
        platforms.append({"platform": p or "-", "length": length, "cards": cards, "limit": limit,
                          "too_long": bool(limit and length > limit + 1e-6),
                          "segments": len(story.for_platform(p))})
    return {"story": story.path, "segments": rows, "platforms": platforms, "blocking": blocking,
            "voiceover": [{"file": v.file, "at": v.at, "text": v.text} for v in story.voiceover],
            "contributions_error": contrib_error}


def _starts(segments) -> list[float]:
    out, t0 = [], 0.0
    for i, s in enumerate(segments):
        if i and s.transition == "dissolve":
            t0 -= s.transition_length
        out.append(t0)
        t0 += s.duration
    return out
