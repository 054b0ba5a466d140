"""What the pages show, read through the same functions the commands and stages use (read only).

``overview``: every clip as a card with its state per step and what blocks publishing, and the story
strip. ``clip_detail``: one clip's frame times, face tracks, the regions vidjourn will hide on each
frame (the redact stage's own plan, so the overlay is what the mask will be), captions, shots and notes.
"""

from __future__ import annotations

from typing import Any

from vidjourn.analysis import faces as F
from vidjourn.captions import files as cf
from vidjourn.core.errors import VidjournError
from vidjourn.core.i18n import t
from vidjourn.core.ledger import Ledger
from vidjourn.core.records import clip_id_of
from vidjourn.settings.presets import LineChars
from vidjourn.stages.base import PipelineOptions
from vidjourn.stages.captions.stage import STAGE
from vidjourn.stages.redact import core as C


def clip_id(rec: dict[str, Any]) -> str:
    return clip_id_of(rec)  # the one clip-id rule (core.records)


def record_by_id(asg, cid: str) -> dict[str, Any] | None:
    return next((r for r in asg.clips() if clip_id(r) == cid), None)


def _ledger_outputs(asg) -> dict[tuple[str, str], list[dict[str, Any]]]:
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    try:
        led = Ledger(asg.root)
    except VidjournError:
        return out
    for e in led.outputs.values():
        out.setdefault((str(e.get("stage")), str(e.get("clip"))), []).append(e)
    return out


def _redaction(asg) -> tuple[dict[str, Any], str | None]:
    """sha256 -> ClipJob, or the mistake in redact.yaml / vidjourn.yaml (in words)."""
    try:
        return {j.sha256: j for j in C.clip_jobs(asg)}, None
    except VidjournError as exc:
        return {}, exc.message()


def redaction_state(asg, job) -> tuple[str, dict | None, str | None]:
    """(off | approved | void | review | unanalysed, approval record, block text or None) by the stage's rules."""
    if job is None:
        return "off", None, None
    required = bool(job.settings and job.settings.required)
    if not job.wanted and not required:
        return "off", None, None
    state, rec = C.approval_state(asg, job)
    if job.wanted and not F.cache_file(asg.work, job.sha256).is_file():
        return "unanalysed", rec, t("desk.ui.block_analysis")
    if state == "approved":
        return "approved", rec, None
    if required:
        return ("void" if state == "void" else "review"), rec, t("desk.ui.block_faces")
    return ("void" if state == "void" else "review"), rec, None


def _captions_block(asg, rec) -> str | None:
    try:
        items = STAGE.contribute(asg, rec, PipelineOptions())
    except VidjournError as exc:
        return exc.message()
    from vidjourn.core.records import blocks

    return t("desk.ui.block_captions") if blocks(items) else None


def overview(desk, asg, _rec, _data, lang: str) -> dict[str, Any]:
    from vidjourn.analysis import clip_analysis

    story = asg.story()
    jobs, redact_problem = _redaction(asg)
    try:
        ccfg = cf.config(story, asg.story_file)
        cap_problem = None
    except VidjournError as exc:
        ccfg, cap_problem = cf.CaptionsConfig(), exc.message()
    made = _ledger_outputs(asg)
    clips = []
    for rec in asg.clips():
        cid = clip_id(rec)
        sha = str(rec.get("sha256") or "")
        media = rec.get("media") or {}
        shots = clip_analysis.cached(asg.work, sha) if sha else None
        blocks: list[str] = []
        rstate, rrec, rblock = redaction_state(asg, jobs.get(sha))
        if redact_problem:
            rstate, rblock = "review", t("desk.ui.block_config")
        if rblock:
            blocks.append(rblock)
        cstate = "off" if ccfg.mode == "off" else cf.status(asg.root, cid, ccfg.lang)[0]
        cblock = t("desk.ui.block_config") if cap_problem else (
            _captions_block(asg, rec) if ccfg.mode == "burn" or ccfg.sidecar else None)
        if cblock:
            blocks.append(cblock)
        exported = [e["output"] for e in made.get(("export", cid), [])]
        signed = [e["output"] for e in made.get(("sign", cid), [])]
        clips.append({
            "id": cid, "file": rec.get("file", ""), "duration": media.get("duration"),
            "width": media.get("display_width") or media.get("width"),
            "height": media.get("display_height") or media.get("height"),
            "shots": len(shots.detection.shots) if shots else None,
            "steps": {"ingested": "yes" if sha else "no", "faces": rstate, "captions": cstate,
                      "exported": "yes" if exported else "no", "signed": "yes" if signed else "no"},
            "approved_by": (rrec or {}).get("approved_by") if rstate == "approved" else None,
            "exported": exported, "blocks": blocks,
        })
    problems = [p for p in (redact_problem, cap_problem) if p]
    return {"title": str(story.get("title") or asg.root.name), "folder": asg.root.name, "clips": clips,
            "story": story_strip(asg), "problems": problems}


def story_strip(asg) -> dict[str, Any] | None:
    """story.yaml through the story room's own loader (validated, resolved against the clips): the segments
    in order with clip, in/out and length; its mistakes in words. None when there is no story.yaml."""
    try:
        from vidjourn.stages.story import model as S
    except ImportError:
        return None
    if not S.story_path(asg).is_file():
        return None
    try:
        story = S.load(asg)
    except VidjournError as exc:
        return {"segments": [], "error": exc.message()}
    return {"segments": [{"index": g.index, "clip": g.clip_id, "in": round(g.source_in, 2), "out": round(g.source_out, 2),
                          "length": round(g.source_out - g.source_in, 2), "audio": g.audio,
                          "label": (g.lower_third.name if g.lower_third else "") or g.clip_id}
                         for g in story.segments], "error": None,
            "lengths": {str(p): round(story.length(str(p)), 2) for p in (story.platforms or _platforms(asg))}}


def _platforms(asg) -> tuple[str, ...]:
    """vidjourn.yaml's platforms (a segment may be only/skip some: the story's length differs per platform)."""
    value = asg.story().get("platforms")
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    return tuple(str(v) for v in value if v)[:20] if isinstance(value, list) else ()


# --- one clip -------------------------------------------------------------------------------------

def clip_detail(desk, asg, rec, _data, lang: str) -> dict[str, Any]:
    from vidjourn.desk import media

    cid = clip_id(rec)
    job_state = media.ensure_prepared(desk, asg, rec)
    out: dict[str, Any] = {"id": cid, "file": rec.get("file", ""), "sha256": rec.get("sha256"),
                           "prepare": job_state, "redaction": None, "captions": captions(asg, rec),
                           "shots": shots(asg, rec), "story": story_strip(asg), "transcript": transcript(asg, cid)}
    try:
        out["redaction"] = redaction(asg, rec)
    except VidjournError as exc:
        out["redaction"] = {"error": exc.message()}
    return out


def transcript(asg, cid: str) -> dict[str, Any] | None:
    """The clip's words with times (the story room's reader: approved captions' words, else the draft
    transcript), for quoting by selecting words; None without a transcript."""
    try:
        from vidjourn.stages.story import quote as Q
    except ImportError:
        return None
    words, state = Q.transcript(asg, cid)
    if not state:
        return None
    return {"state": state, "words": [[w.text, round(w.start, 3), round(w.end, 3)] for w in words[:20000]]}


def redaction(asg, rec) -> dict[str, Any] | None:
    job = C.clip_jobs(asg, [rec["sha256"]])[0]
    a = C.cached(asg, job)
    state, arec, block = redaction_state(asg, job)
    base: dict[str, Any] = {"state": state, "block": block, "mode": job.effective.mode,
                            "faces": job.effective.faces,
                            "approved_by": (arec or {}).get("approved_by"),
                            "approved_at": (arec or {}).get("approved_at"),
                            "manual": manual_numbers(job.manual)}
    if a is None:
        return base

    key = (job.sha256, job.manual.fingerprint(), F.cache_file(asg.work, job.sha256).stat().st_mtime_ns,
           job.effective)
    hit = _PLANS.get(key)
    if hit is not None:
        return {**base, **hit}
    plan = C.plan_shapes(a, job)  # a followed region decodes the clip: computed once per redact.yaml entry
    t0 = a.first_time
    r4 = lambda v: round(float(v), 4)
    frames = [[[kind, r4(x0), r4(y0), r4(x1), r4(y1), lab] for (kind, x0, y0, x1, y1), lab in zip(sh, labs)]
              for sh, labs in zip(plan.per_frame, plan.labels)]
    tracks = []
    for tr in a.tracks:
        boxes = [[r4(v) for v in b] for b in tr.boxes]
        tracks.append({"id": tr.id, "start": tr.start, "boxes": boxes, "kept": tr.id in plan.kept_tracks,
                       "score": round(tr.max_score, 2),
                       "from": round(a.times[tr.start] - t0, 3)})
    drawn = {"width": a.width, "height": a.height,
             "times": [round(x - t0, 4) for x in a.times], "end": round(a.end - t0, 4),
             "frames": frames, "tracks": tracks,
             "blank": [[round(x - t0, 3), round(y - t0, 3)] for x, y in plan.blank]}
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[key] = drawn
    return {**base, **drawn}


_PLANS: dict[tuple, dict[str, Any]] = {}  # (sha256, redact.yaml entry, analysis file, settings) -> the overlay


def manual_numbers(m) -> dict[str, Any]:
    """The clip's redact.yaml entry with every time in seconds (a hand-written timecode included): what
    the page edits and sends back."""
    return {
        "regions": [{"label": r.label, "shape": r.shape, "track": r.follow, "from": r.start, "to": r.end,
                     "keyframes": [{"t": k.t, "box": list(k.box)} for k in r.keyframes]} for r in m.regions],
        "blank": [{"from": a, "to": b} for a, b in m.blank],
        "keep": [{"track": k.track, "box": list(k.box) if k.box else None, "from": k.start, "to": k.end}
                 for k in m.keep]}


def captions(asg, rec) -> dict[str, Any] | None:
    from vidjourn.captions.cues import CueFileError, parse

    cid = clip_id(rec)
    try:
        cfg = cf.config(asg.story(), asg.story_file)
    except VidjournError as exc:
        return {"error": exc.message()}
    lang = cfg.lang
    if not cf.srt_path(asg.root, cid, lang).is_file():
        lang = next(iter(cf.langs_present(asg.root, cid)), lang)
    srt = cf.srt_path(asg.root, cid, lang)
    if not srt.is_file():
        return None
    try:
        cues = parse(srt.read_bytes()[:4_000_000].decode("utf-8-sig"))
    except (CueFileError, UnicodeDecodeError) as exc:
        return {"error": str(exc), "lang": lang}
    state, _ = cf.status(asg.root, cid, lang)
    chars = review_chars(asg, cid, lang)
    duration = float(((rec.get("media") or {}).get("duration")) or 0)
    return {"lang": lang, "state": state, "chars": chars, "mode": cfg.mode,
            "terms": glossary_terms(cfg.glossary),
            "cues": [{"start": round(c.start, 3), "end": round(c.end, 3), "text": c.text,
                      "warnings": cue_warnings(c, chars, duration)} for c in cues]}


def glossary_terms(entries) -> list[str]:
    """The glossary's terms as the captions module reads them (highlighted in the cue list)."""
    from vidjourn.captions.transcript import parse_glossary

    try:
        return [term.text for term in parse_glossary(entries)][:200]
    except ValueError:
        return []


def review_chars(asg, cid: str, lang: str) -> int:
    """The line length `captions approve` checks against (the transcript's, else the landscape default)."""
    words = cf.read_json(cf.transcript_path(asg.root, cid, lang)) or {}
    try:
        return int(words.get("chars") or LineChars().landscape)
    except (TypeError, ValueError):
        return LineChars().landscape


FAST_CPS = 17.0  # the rule of `vidjourn captions approve` (stages/captions/command.approve_one)


def cue_warnings(cue, chars: int, duration: float) -> list[str]:
    """The warnings `captions approve` gives, for one cue, in the page's words."""
    out = []
    if cue.cps > FAST_CPS + 0.05:
        out.append(t("desk.ui.warn_fast", cps=round(cue.cps, 1)))
    if any(len(x) > chars for x in cue.lines):
        out.append(t("desk.ui.warn_long", chars=chars))
    if duration and cue.start >= duration:
        out.append(t("captions.warn.after_end", path="", n=1, duration=round(duration, 2)).strip())
    return out


def shots(asg, rec) -> list[dict[str, Any]]:
    from vidjourn.analysis import clip_analysis
    from vidjourn.stages.shotlog.build import NotesError, load_notes, match_notes

    sha = str(rec.get("sha256") or "")
    a = clip_analysis.cached(asg.work, sha) if sha else None
    if a is None:
        return []
    try:
        notes = load_notes(asg.shotlog / "notes.yaml").get(sha, {})
    except NotesError:
        notes = {}
    per, _ = match_notes(a.detection.shots, notes)
    return [{"index": i, "start": round(s.start, 3), "end": round(s.end, 3), "tc": s.start_tc,
             **n.to_dict()} for i, (s, n) in enumerate(zip(a.detection.shots, per))]
