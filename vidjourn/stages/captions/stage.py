"""The captions stage: a draft of what was said, per clip, for the officer to review — never burned unseen.

* ``plan``: one task per clip with sound, when captions are on (``vidjourn captions``, or vidjourn.yaml's
  ``captions: review|burn`` for ``vidjourn run``). The fingerprint covers the clip's sha256, the
  language, the model's sha256, the glossary, the line length of the review file and this module's
  version, so a re-run transcribes only what changed.
* ``run``: transcribes offline (:mod:`vidjourn.analysis.speech`), lays the words out as cues for a 16:9
  review (:mod:`vidjourn.captions.cues`), writes ``captions/<clip>.<lang>.srt`` and ``.vtt`` and keeps the
  transcript (words with times) in ``work/captions/``. A caption file the officer has edited is never
  overwritten (only ``--force`` does; the message says the edits are lost).
* ``contribute``: with ``captions: burn`` (or ``sidecar: true``), export gets the *approved* file as a
  ``subtitles`` contribution and lays it out again for each format's line length (the transcript's word
  times keep the reviewed text in sync); a clip whose captions are not approved, or were changed after
  approval, is blocked with what to do.

The glossary is vidjourn.yaml's ``captions.glossary`` + the brand preset's ``subtitles.glossary`` + the
names and titles of the clip's lower thirds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vidjourn import __version__
from vidjourn.captions import files as cf
from vidjourn.core.assignment import Assignment
from vidjourn.core.digest import file_sha256
from vidjourn.core.errors import AssignmentError, VidjournError
from vidjourn.core.fsutil import write_json_atomic, write_text_atomic
from vidjourn.core.records import clip_id_of
from vidjourn.graphics.lower_thirds import lower_thirds_for
from vidjourn.settings import presets
from vidjourn.settings.presets import LineChars
from vidjourn.stages.base import (
    Emit,
    Event,
    OutputRecord,
    PipelineOptions,
    PlanContext,
    Result,
    Task,
    failed,
    fingerprint,
    select_records,
    task_key,
)

# Bump when a change here, in vidjourn/captions/cues.py or transcript.py changes the files for the same speech.
CAPTIONS_VERSION = 3


def clip_id(rec: dict[str, Any]) -> str:
    return clip_id_of(rec)


def has_audio(rec: dict[str, Any]) -> bool:
    media = rec.get("media") or {}
    return bool(media.get("has_audio", True))


def settings(asg: Assignment, options: PipelineOptions) -> dict[str, Any]:
    """What the command line (``options.extra["captions"]``) and vidjourn.yaml ask for, merged."""
    cfg = cf.config(asg.story(), asg.story_file)
    extra = dict(options.extra.get("captions") or {})
    return {"enabled": bool(extra.get("enabled", cfg.mode != "off")), "mode": cfg.mode,
            "lang": extra.get("lang") or cfg.lang, "model_dir": extra.get("model_dir"),
            "explicit": extra.get("lang"), "langs": cfg,
            "sidecar": cfg.sidecar, "glossary": list(cfg.glossary)}


def _preset(asg: Assignment, options: PipelineOptions):
    name = options.preset or asg.story().get("brand")
    if not name or str(name).lower() == "none":
        return None
    return presets.load(str(name), asg.root)


def story_people(root: Path) -> list[str]:
    """The names and titles of every lower third in the assignment's story.yaml (the story's people),
    read through the bounded YAML loader; a story.yaml that cannot be read gives none (`vidjourn story`
    reports what is wrong with it)."""
    from vidjourn.core import yamlsafe

    path = Path(root) / "story.yaml"
    if not path.is_file():
        return []
    try:
        data = yamlsafe.load_file(path, max_bytes=512 * 1024)
    except (VidjournError, OSError, ValueError):
        return []
    segments = data.get("segments") if isinstance(data, dict) else None
    out: list[str] = []
    for seg in segments if isinstance(segments, list) else []:
        lt = seg.get("lower_third") if isinstance(seg, dict) else None
        if isinstance(lt, dict):
            out += [" ".join(str(lt[k]).split())[:120] for k in ("name", "title")
                    if isinstance(lt.get(k), str) and lt[k].strip()]
    return out


def glossary_for(asg: Assignment, rec: dict[str, Any], story_glossary: list[Any], preset: Any) -> list[Any]:
    """Glossary entries for one clip, known before the draft is made: vidjourn.yaml's glossary, the
    clip's lower thirds (names, titles), the story's people (story.yaml's lower thirds) and the unit's
    glossary (the brand preset's). They feed the model (prompt) and the correction table."""

    entries: list[Any] = list(story_glossary)
    for lt in lower_thirds_for(asg.clip_path(rec), asg):
        entries += [x for x in (lt.name, lt.title) if x]
    entries += story_people(asg.root)
    entries += list(preset.subtitles.glossary) if preset is not None else []
    return entries


def terms_of(asg: Assignment, rec: dict[str, Any], story_glossary: list[Any], preset: Any) -> list[list[Any]]:
    """The clip's glossary as [[text, [variants]], ...] (what a draft records it was made with)."""
    from vidjourn.captions.transcript import parse_glossary

    try:
        return [[t.text, list(t.variants)] for t in parse_glossary(glossary_for(asg, rec, story_glossary, preset))]
    except ValueError as exc:
        raise AssignmentError("captions.error.glossary", path=asg.story_file, entry=str(exc)) from None


def glossary_news(made_with: Any, now: list[list[Any]]) -> list[str]:
    """Terms in the glossary now that the draft was not made with ([] when the draft knew them all)."""
    before = {str(t[0]) for t in made_with or [] if isinstance(t, (list, tuple)) and t}
    return [str(t[0]) for t in now if str(t[0]) not in before]


def review_chars(preset: Any) -> int:
    return (preset.subtitles.max_chars if preset is not None else LineChars()).landscape


class CaptionsStage:
    name = "captions"
    default = True  # part of `vidjourn run`; plans nothing unless captions are on
    coordinator = False

    def check(self, asg: Assignment, options: PipelineOptions) -> None:
        """Before anything runs: the extra and the model are there (else the message says how)."""
        s = settings(asg, options)
        if s["enabled"]:
            from vidjourn.analysis import speech

            speech.model_source(s["model_dir"])

    def plan(self, asg: Assignment, options: PipelineOptions, ctx: PlanContext | None = None) -> list[Task]:
        s = settings(asg, options)
        if not s["enabled"]:
            return []
        from vidjourn.analysis import speech

        source = speech.model_source(s["model_dir"])
        preset = _preset(asg, options)
        chars = review_chars(preset)
        tasks = []
        for rec in select_records(asg, options.clips):
            if not has_audio(rec):
                continue
            cid = clip_id(rec)
            terms = terms_of(asg, rec, s["glossary"], preset)
            own = s["langs"].lang_for({cid, Path(str(rec["file"])).name, Path(str(rec["file"])).stem})
            lang = s["explicit"] or own or s["lang"]
            outs = [cf.srt_path(asg.root, cid, lang), cf.vtt_path(asg.root, cid, lang),
                    cf.transcript_path(asg.root, cid, lang)]
            fp, each = fingerprint({"source": rec.get("sha256"), "lang": lang, "model": source.sha256,
                                    "glossary": terms, "chars": chars, "version": CAPTIONS_VERSION,
                                    "vidjourn": __version__})
            tasks.append(Task(
                stage=self.name, key=task_key(self.name, asg.root, cid) + f"#{lang}", assignment=str(asg.root),
                clip=cid, params={"file": rec["file"], "lang": lang, "model_dir": s["model_dir"], "terms": terms,
                                  "detect": own is None,
                                  "chars": chars, "force": options.force,
                                  "outputs": [Path(p).relative_to(asg.root).as_posix() for p in outs]},
                fingerprint=fp, fingerprint_parts=each, source_sha256=rec.get("sha256")))
        return tasks

    def run(self, task: Task, emit: Emit) -> Result:
        try:
            return _run(task, emit)
        except VidjournError as exc:
            return failed(task, exc)

    def contribute(self, asg: Assignment, rec: dict[str, Any], options: PipelineOptions) -> list[dict[str, Any]]:
        """The approved captions for export (burn and/or a sidecar SRT), or a block saying what to do."""
        cfg = cf.config(asg.story(), asg.story_file)
        if (cfg.mode != "burn" and not cfg.sidecar) or not has_audio(rec):
            return []
        cid = clip_id(rec)
        first = cfg.lang_for({cid, Path(str(rec["file"])).name, Path(str(rec["file"])).stem}) or cfg.lang
        langs = [first] + [x for x in cf.LANGS if x != first]
        found = [(lang, *cf.status(asg.root, cid, lang)) for lang in langs]
        approved = next((f for f in found if f[1] == cf.APPROVED), None)
        if approved is None:  # name the file closest to approval: changed since, else a draft
            lang, state, _ = next((f for f in found if f[1] == cf.CHANGED),
                                  next((f for f in found if f[1] != cf.MISSING), (cfg.lang, cf.MISSING, None)))
            if state != cf.MISSING and _no_cues(cf.srt_path(asg.root, cid, lang)):
                return []  # no speech found (B-roll, ambient sound): nothing to burn, nothing to approve
            rel = cf.srt_path(asg.root, cid, lang).relative_to(asg.root).as_posix()
            key = "captions.block.changed" if state == cf.CHANGED else "captions.block.not_approved"
            # Only publishing is refused: a brand master (for editors) burns no captions.
            return [{"kind": "block", "key": key, "args": {"clip": cid, "path": rel}, "for": ["export"]}]
        lang, _, sha = approved
        if _no_cues(cf.srt_path(asg.root, cid, lang)):
            return []
        preset = _preset(asg, options)
        notes = stale_notes(asg, rec, lang, cfg, preset)
        words = cf.transcript_path(asg.root, cid, lang)
        item: dict[str, Any] = {
            "kind": "subtitles", "file": cf.srt_path(asg.root, cid, lang).relative_to(asg.root).as_posix(),
            "sha256": sha, "lang": lang, "burn": cfg.mode == "burn", "sidecar": cfg.sidecar,
            "review_chars": review_chars(preset), "words": None, "words_sha256": None, "terms": []}
        if words.is_file():
            item["words"] = words.relative_to(asg.root).as_posix()
            item["words_sha256"] = file_sha256(words)
            data = cf.read_json(words) or {}
            item["terms"] = [t[0] for t in data.get("terms", [])]
        return [item, *notes]


def stale_notes(asg: Assignment, rec: dict[str, Any], lang: str, cfg: Any, preset: Any) -> list[dict[str, Any]]:
    """A note for export when the glossary (lower thirds, story people, preset) has terms the clip's
    draft was made without: the names in the captions may be heard wrong where the glossary now knows
    them. ``captions --force`` makes a new draft (the officer's edits are lost, so it is never done
    silently)."""
    data = cf.read_json(cf.transcript_path(asg.root, clip_id(rec), lang))
    if not data or "terms" not in data:
        return []
    try:
        news = glossary_news(data.get("terms"), terms_of(asg, rec, list(cfg.glossary), preset))
    except VidjournError:
        return []
    if not news:
        return []
    cid = clip_id(rec)
    return [{"kind": "note", "key": "captions.warn.glossary_changed", "for": ["export"],
             "args": {"clip": cid, "path": cf.srt_path(asg.root, cid, lang).relative_to(asg.root).as_posix(),
                      "terms": ", ".join(news[:6]) + (" …" if len(news) > 6 else "")}}]


def _no_cues(path: Path) -> bool:
    from vidjourn.captions.cues import CueFileError, parse

    try:
        return not parse(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, CueFileError):
        return False  # unreadable: approval will say what is wrong


def _run(task: Task, emit: Emit) -> Result:
    from vidjourn.analysis import speech
    from vidjourn.captions.cues import Rules, segment, to_srt, to_vtt
    from vidjourn.captions.transcript import Term

    root = Path(task.assignment)
    p = task.params
    srt, vtt, words_file = (root / x for x in p["outputs"])
    clip = task.clip or ""
    rel_srt = p["outputs"][0]
    lang = p["lang"]
    source = speech.model_source(p.get("model_dir"))
    audio, heard = None, None
    if p.get("detect", True):  # the model's own language detection first: never garbage in a forced language
        audio = speech.decode_audio(root / p["file"])
        heard = speech.detect(audio, lang, source)
        said = {"clip": clip, "asked": lang, "heard": heard.heard, "p": f"{heard.probability:.2f}"}
        if heard.skip:
            emit(Event("warning", task.key, "captions.warn.skipped_language", {**said, "path": rel_srt}))
            write_json_atomic(words_file, {"clip": clip, "lang": lang, "skipped": True, "heard": heard.heard,
                                           "probability": round(heard.probability, 3), "terms": p["terms"]})
            return Result(task.key, True, (OutputRecord.of(root, words_file),), data={"skipped": heard.heard})
        if heard.lang != lang:
            lang = heard.lang
            srt, vtt, words_file = (cf.srt_path(root, clip, lang), cf.vtt_path(root, clip, lang),
                                    cf.transcript_path(root, clip, lang))
            rel_srt = srt.relative_to(root).as_posix()
    previous = cf.read_json(words_file) or {}
    if srt.exists() and not p.get("force"):
        written = (previous.get("written") or {}).get("srt")
        state, sha = cf.status(root, clip, lang)
        if sha != written or state == cf.APPROVED:  # the officer's review: never overwritten
            news = glossary_news(previous.get("terms"), p["terms"]) if "terms" in previous else []
            if news:
                emit(Event("warning", task.key, "captions.warn.glossary_changed",
                           {"clip": clip, "path": rel_srt, "terms": ", ".join(news[:6]) + (" …" if len(news) > 6 else "")}))
            else:
                emit(Event("warning", task.key, "captions.error.edited" if sha != written else "captions.note.kept_approved",
                           {"path": rel_srt, "clip": clip}))
            keep = [OutputRecord.of(root, words_file)] if words_file.is_file() else []
            return Result(task.key, True, tuple(keep), data={"kept": rel_srt})
    terms = [Term(t, tuple(v)) for t, v in p["terms"]]
    tr = speech.transcribe(root / p["file"], lang, terms=terms, source=source, audio=audio,
                           progress=lambda f: emit(Event("progress", task.key, fraction=0.98 * f)))
    cues = segment(tr.words, Rules(max_chars=int(p["chars"]), lang=lang), [t.text for t in terms])
    srt_text, vtt_text = to_srt(cues), to_vtt(cues)
    write_text_atomic(srt, srt_text)
    write_text_atomic(vtt, vtt_text)
    data = tr.to_dict()
    data.update(clip=clip, terms=p["terms"], chars=p["chars"],
                written={"srt": file_sha256(srt), "vtt": file_sha256(vtt)})
    if heard is not None:
        data["detected"] = {"asked": heard.asked, "heard": heard.heard, "probability": round(heard.probability, 3)}
    write_json_atomic(words_file, data)
    outputs = tuple(OutputRecord.of(root, f) for f in (srt, vtt, words_file))
    draft = {"clip": clip, "path": outputs[0].path, "n": len(cues), "words": len(tr.words),
             "seconds": round(tr.duration, 1)}
    key = "captions.note.draft" if cues else "captions.note.no_speech"
    emit(Event("output", task.key, key, draft, path=outputs[0].path))
    emit(Event("note", task.key, key, draft))
    if heard is not None and heard.other:
        emit(Event("warning", task.key, "captions.warn.other_language",
                   {"clip": clip, "asked": heard.asked, "heard": heard.heard, "p": f"{heard.probability:.2f}",
                    "path": rel_srt}))
    if tr.corrections:
        emit(Event("note", task.key, "captions.note.corrected",
                   {"clip": clip, "n": len(tr.corrections),
                    "changes": "; ".join(f"{a} → {b}" for a, b in tr.corrections[:8])}))
    if tr.dropped:
        emit(Event("note", task.key, "captions.note.dropped",
                   {"clip": clip, "n": len(tr.dropped), "texts": " | ".join(tr.dropped[:4])}))
    numbers = [c for c in cues if any(ch.isdigit() for ch in c.text)]
    if numbers:  # the model changes digits (99386 written 93986): each one is checked by a person
        from vidjourn.core.timeutil import timecode

        emit(Event("warning", task.key, "captions.warn.numbers",
                   {"path": rel_srt, "n": len(numbers),
                    "list": "; ".join(f"{timecode(c.start)} “{c.text[:60]}”" for c in numbers[:5])
                    + (" …" if len(numbers) > 5 else "")}))
    fast = [c for c in cues if c.fast]
    if fast:
        from vidjourn.core.timeutil import timecode

        emit(Event("warning", task.key, "captions.warn.fast",
                   {"path": rel_srt, "n": len(fast), "cps": 17, "at": timecode(fast[0].start)}))
    return Result(task.key, True, outputs, data={"cues": len(cues), "words": len(tr.words),
                                                 "seconds": tr.seconds, "cpu_seconds": tr.cpu_seconds,
                                                 "duration": tr.duration})


STAGE = CaptionsStage()
