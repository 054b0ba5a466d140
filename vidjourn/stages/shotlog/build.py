"""The shot log of an assignment: shots of every clip, thumbnails, people's notes, the story sheet.

* Shots and thumbnails come from :mod:`vidjourn.analysis.clip_analysis`, cached per original in
  ``work/shots/`` (an original never changes, so its analysis is only redone when the detector does).
  An export that decoded the clip already left them there (its render graph has an analysis branch);
  otherwise ONE decode renders that same branch alone: 64×36 frames for the detector and 320-px
  thumbnail candidates (every few frames) in the same pass. The thumbnail of a shot is the candidate
  nearest its middle frame; they are copied to ``shotlog/thumbs/``.
* Notes (description, shot type, sound, speaker, notes) live in ``shotlog/notes.yaml`` keyed by the
  clip's sha256 and the shot's start timecode; a regenerated log matches each note to the shot that
  starts nearest (within NOTE_MATCH seconds), so a re-run keeps what people wrote. Notes whose shot is
  gone are kept in the file, never dropped.
* Writers (HTML, CSV, XLSX, JSON, Markdown) are in :mod:`vidjourn.stages.shotlog.writers`.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from vidjourn.analysis import clip_analysis
from vidjourn.analysis.clip_analysis import ClipAnalysis
from vidjourn.analysis.shots import Shot
from vidjourn.captions import files as cf
from vidjourn.captions.cues import CueFileError, parse
from vidjourn.core import validation
from vidjourn.core.assignment import Assignment
from vidjourn.core.errors import AssignmentError, ConfigError, MediaError, VidjournError, os_error
from vidjourn.core.finite import FINITE
from vidjourn.core.fsutil import write_text_atomic
from vidjourn.core.i18n import t
from vidjourn.core.probe import MediaInfo, probe
from vidjourn.core.records import clip_id_of
from vidjourn.core.redaction import describe as redaction
from vidjourn.core.timeutil import parse_time
from vidjourn.core.yamlsafe import load_file
from vidjourn.render.graph import render
from vidjourn.stages.shotlog.model import (  # noqa: F401  (re-exported)
    FIVE_W_ONE_H,
    NOTE_FIELDS,
    NOTE_MATCH,
    NOTES_FILE,
    SHOT_TYPES,
    SOUNDS,
    SUGGESTED_FIELDS,
    SUGGESTED_FILE,
    THUMB_WIDTH,
    ClipLog,
    ExportedFile,
    LoggedShot,
    ShotLog,
    ShotlogEvent,
    ShotNote,
    StorySheet,
)
from vidjourn.stages.shotlog.writers import check_outputs, write_all


class NotesError(VidjournError):
    """notes.yaml does not validate; ``problems`` lists every mistake with its key path."""

    def __init__(self, key: str, /, *, problems: list[str], **kwargs: object) -> None:
        self.problems = problems
        super().__init__(key, problems="\n".join(f"  - {p}" for p in problems), **kwargs)


def _note_model():
    """The pydantic model of one note (built lazily: pydantic is a heavy import)."""
    from pydantic import BaseModel, ConfigDict, field_validator

    class NoteModel(BaseModel):
        model_config = ConfigDict(**FINITE, extra="forbid", coerce_numbers_to_str=True)
        description: str = ""
        shot_type: Literal["", "WS", "MS", "CU"] = ""
        sound: Literal["", "SOT", "NAT", "VO"] = ""
        speaker: str = ""
        notes: str = ""

        @field_validator("*", mode="before")
        @classmethod
        def _clean(cls, v: Any, info) -> Any:
            if v is None:
                return ""
            if isinstance(v, str):
                v = v.strip()
                return v.upper() if info.field_name in ("shot_type", "sound") else v
            return v

    return NoteModel


def _problem(loc: tuple, err: dict) -> str:
    return validation.problem(loc, err, special=_notes_wording)


def _notes_wording(where: str, err: Any) -> str | None:
    kind = err.get("type", "")
    if kind == "literal_error":
        choices = SHOT_TYPES if where.endswith(".shot_type") else SOUNDS
        return t("shotlog.notes_bad_choice", where=where, value=err.get("input"), choices=", ".join(choices))
    if kind == "extra_forbidden":
        return t("shotlog.notes_unknown_key", where=where, keys=", ".join(NOTE_FIELDS))
    if kind in ("string_type", "dict_type", "model_type"):
        return t("shotlog.notes_bad_type", where=where)
    return None


def load_notes(path: Path) -> dict[str, dict[str, ShotNote]]:
    """notes.yaml -> {sha256: {start timecode: ShotNote}}; every mistake reported at once."""
    from pydantic import ValidationError


    if not path.exists():
        return {}
    try:
        data = load_file(path) or {}
    except ConfigError as exc:
        raise NotesError("shotlog.error.notes_yaml", path=path, problems=[exc.message()]) from None
    problems: list[str] = []
    out: dict[str, dict[str, ShotNote]] = {}
    clips = data.get("clips") if isinstance(data, dict) else None
    if not isinstance(data, dict) or set(data) - {"clips"} or not isinstance(clips, (dict, type(None))):
        raise NotesError("shotlog.error.notes_invalid", path=path, problems=["clips: {sha256: {file, shots}}"])
    model = _note_model()
    for sha, clip in (clips or {}).items():
        if not isinstance(clip, dict) or set(clip) - {"file", "shots"}:
            problems.append(_problem(("clips", sha), {"type": "dict_type"}))
            continue
        shots = clip.get("shots") or {}
        if not isinstance(shots, dict):
            problems.append(_problem(("clips", sha, "shots"), {"type": "dict_type"}))
            continue
        for tc, note in shots.items():
            try:
                m = model.model_validate(note if note is not None else {})
            except ValidationError as exc:
                for err in exc.errors():
                    e: dict[str, Any] = dict(err)
                    if isinstance(note, dict) and e.get("loc") and e["loc"][0] in note:
                        e["input"] = note[e["loc"][0]]  # name the value as written, not as normalised
                    problems.append(_problem(("clips", sha, "shots", tc, *e["loc"]), e))
                continue
            out.setdefault(str(sha), {})[str(tc)] = ShotNote(**m.model_dump())
    if problems:
        raise NotesError("shotlog.error.notes_invalid", path=path, problems=problems)
    return out


def _tc_seconds(tc: str) -> float | None:
    try:
        return parse_time(tc)
    except VidjournError:
        return None


def match_notes(shots: tuple[Shot, ...], notes: dict[str, ShotNote]) -> tuple[list[ShotNote], dict[str, ShotNote]]:
    """Pair each shot with the note keyed nearest its start (within NOTE_MATCH). Returns (per shot, orphans)."""
    pending = {tc: n for tc, n in notes.items()}
    result = [ShotNote() for _ in shots]
    pairs = []
    for tc in notes:
        secs = _tc_seconds(tc)
        if secs is None:
            continue
        for i, s in enumerate(shots):
            dist = abs(s.start - secs)
            if dist <= NOTE_MATCH:
                pairs.append((dist, i, tc))
    taken: set[int] = set()
    for dist, i, tc in sorted(pairs):  # closest pairs first; each shot and note used once
        if i in taken or tc not in pending:
            continue
        result[i] = pending.pop(tc)
        taken.add(i)
    return result, {tc: n for tc, n in pending.items() if not n.empty}


def notes_yaml(clips: tuple[ClipLog, ...], orphans: dict[str, dict[str, ShotNote]],
               known_files: dict[str, str]) -> str:
    """The text of notes.yaml: every shot of every clip (empty fields to fill in), plus kept orphans."""
    import yaml


    data: dict[str, Any] = {"clips": {}}
    for c in clips:
        if c.error:
            continue
        entry = data["clips"].setdefault(c.sha256, {"file": c.file, "shots": {}})
        for ls in c.shots:
            entry["shots"][ls.shot.start_tc] = ls.note.to_dict()
    for sha, notes in orphans.items():
        entry = data["clips"].setdefault(sha, {"file": known_files.get(sha, ""), "shots": {}})
        for tc, note in notes.items():
            entry["shots"].setdefault(tc, note.to_dict())
    header = "# " + t("shotlog.notes_header", types="/".join(SHOT_TYPES), sounds="/".join(SOUNDS)).replace(
        "\n", "\n# ")
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return header + "\n" + body


# --- detection cache and thumbnails ---------------------------------------------------------------

def analyse_clip(asg: Assignment, sha256: str, path: Path, media: dict[str, Any],
                 on_progress: Callable[[float | None], None] | None = None) -> ClipAnalysis:
    """The clip's shots and one thumbnail per shot: from ``work/shots/`` when an export (or an
    earlier shot log) already analysed it, else from ONE decode that renders only the analysis
    branch of the render graph — the same branch an export adds, so both give the same bytes."""

    found = clip_analysis.cached(asg.work, sha256)
    if found is not None:
        return found
    try:
        info = MediaInfo.from_dict(media)
    except (TypeError, KeyError, ValueError):
        from vidjourn.core.probe import probe

        info = probe(path)
    if info.video is None:
        raise MediaError("shotlog.error.no_video", path=path)
    v = info.video
    scratch = asg.work / "shots" / f".{sha256[:12]}-branch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        spec = clip_analysis.branch_spec(scratch, info.display_width, info.display_height, v.fps or v.avg_fps)
        for ev in render(path, info, [], analysis=spec):
            if on_progress is not None:
                on_progress(ev.fraction)
        return clip_analysis.store(asg.work, sha256, spec, path)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _publish_thumbs(found: ClipAnalysis, dest: Path, stem: str) -> list[str]:
    """Copy the cached thumbnails to ``shotlog/thumbs/<stem>_NNN.jpg`` (only those that changed)."""
    dest.mkdir(parents=True, exist_ok=True)
    names = []
    for src in found.thumbs:
        name = f"{stem}_{src.name}"
        target = dest / name
        st = src.stat()
        if not (target.exists() and target.stat().st_size == st.st_size and target.stat().st_mtime >= st.st_mtime):
            tmp = dest / f".{name}.tmp"
            shutil.copyfile(src, tmp)
            os.replace(tmp, target)
        names.append(name)
    for old in dest.glob(f"{stem}_*.jpg"):  # shots a re-analysis merged away
        if old.name not in names:
            old.unlink()
    return [f"thumbs/{n}" for n in names]


# --- story sheet -----------------------------------------------------------------------------------

def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _lower_third(item: Any) -> str:
    if isinstance(item, dict):
        who = " — ".join(x for x in (_text(item.get("name")), _text(item.get("title"))) if x)
        clip = _text(item.get("clip"))
        return f"{who} ({clip})" if clip and who else who or clip
    return _text(item)


def transcript_per_shot(asg: Assignment, clip: str, shots: tuple[Shot, ...]) -> list[str]:
    """What is said in each shot, from the clip's caption file (captions/<clip>.<lang>.srt): each cue goes
    to the shot holding its middle. Text not yet approved is marked as a draft."""

    out = [""] * len(shots)
    try:
        lang = cf.config(asg.story(), asg.story_file).lang
    except VidjournError:
        lang = "id"
    # An approved file first (in any language), then the story's language.
    langs = sorted(cf.langs_present(asg.root, clip),
                   key=lambda x: (cf.status(asg.root, clip, x)[0] != cf.APPROVED, x != lang))
    if not langs or not shots:
        return out
    state, _ = cf.status(asg.root, clip, langs[0])
    try:
        cues = parse(cf.srt_path(asg.root, clip, langs[0]).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, CueFileError):  # a broken caption file: the log goes on without it
        return out
    said: list[list[str]] = [[] for _ in shots]
    for c in cues:
        mid = (c.start + c.end) / 2
        k = next((i for i, s in enumerate(shots) if s.start <= mid < s.end), len(shots) - 1 if mid >= shots[-1].start else 0)
        said[k].append(c.text)
    draft = "" if state == cf.APPROVED else " " + t("captions.shotlog_draft")
    return [(" ".join(x) + draft) if x else "" for x in said]


def story_sheet(asg: Assignment) -> StorySheet:
    story = asg.story()
    exports = []
    if asg.out.is_dir():
        for p in sorted(asg.out.rglob("*")):
            rel = p.relative_to(asg.out)
            if p.is_file() and len(rel.parts) >= 2 and not any(x.startswith(".") for x in rel.parts):
                exports.append(ExportedFile(platform=rel.parts[0], file=p.relative_to(asg.root).as_posix(),
                                            size=p.stat().st_size))

    originals = tuple({"file": r.get("file", ""), "source": r.get("source", ""), "sha256": r.get("sha256", ""),
                       "size": r.get("size", 0), "redaction": redaction(asg.root, r.get("sha256", ""))}
                      for r in asg.clips())
    lts = story.get("lower_thirds") or []
    return StorySheet(
        slug=_text(story.get("slug")) or asg.root.name, title=_text(story.get("title")),
        fields={k: _text(story.get(k)) for k in FIVE_W_ONE_H}, reporter=_text(story.get("reporter")),
        unit=_text(story.get("unit")),
        lower_thirds=tuple(x for x in (_lower_third(i) for i in (lts if isinstance(lts, list) else [lts])) if x),
        exports=tuple(exports), originals=originals,
    )


# --- the whole log ---------------------------------------------------------------------------------

def build_shotlog(asg: Assignment, *, on_event: Callable[[ShotlogEvent], None] | None = None) -> ShotLog:
    """Detect shots (cached), make thumbnails, merge notes; rewrite notes.yaml. A bad clip is reported
    (``ClipLog.error``) and the others carry on."""
    emit = on_event or (lambda ev: None)
    notes_path = asg.shotlog / NOTES_FILE
    notes = load_notes(notes_path)  # invalid notes stop here, before any work: fix them first
    records = asg.clips()
    clips: list[ClipLog] = []
    orphans: dict[str, dict[str, ShotNote]] = {}
    pool, ahead = _decode_ahead(asg, records)
    try:
        _log_clips(asg, records, notes, clips, orphans, emit, ahead)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)  # an interrupted log leaves no ffmpeg behind
    for sha, rest in notes.items():  # notes of clips no longer in the manifest: kept, never dropped
        kept = {tc: n for tc, n in rest.items() if not n.empty}
        if kept:
            orphans[sha] = kept
    known = {r.get("sha256", ""): r.get("file", "") for r in records}
    text = notes_yaml(tuple(clips), orphans, known)
    if not notes_path.exists() or notes_path.read_text(encoding="utf-8") != text:
        write_text_atomic(notes_path, text)
    return ShotLog(story=story_sheet(asg), clips=tuple(clips),
                   generated_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   orphan_notes=sum(len(v) for v in orphans.values()))


def _probe_dict(path: Path) -> dict[str, Any]:
    return probe(path).to_dict()


@dataclass(frozen=True)
class ShotlogResult:
    log: ShotLog
    outputs: tuple[Path, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.log.failed


def make_shotlog(asg: Assignment, formats: tuple[str, ...] = ("html", "csv", "xlsx", "json", "md"), *,
                 force: bool = False, on_event: Callable[[ShotlogEvent], None] | None = None) -> ShotlogResult:
    """Build the log and write it in ``formats`` under ``shotlog/``."""

    check_outputs(asg.shotlog, formats, force)  # before any work: refuse early, not after a long analysis
    log = build_shotlog(asg, on_event=on_event)
    outputs = write_all(log, asg.shotlog, formats, force=force)
    return ShotlogResult(log=log, outputs=tuple(outputs))


def _decode_ahead(asg: Assignment, records: list[dict[str, Any]]) -> tuple[Any, dict[str, Any]]:
    """Clips that still need their one decode, started two at a time (one ffmpeg keeps ~1.7 of two
    cores busy; two keep both): (pool, sha256 -> Future of ``analyse_clip``); (None, {}) for fewer than
    two such clips or one core. Problems surface when a future's result is taken, in the clip's own turn."""

    if len(records) < 2 or (os.cpu_count() or 1) < 2:
        return None, {}
    todo: dict[str, tuple[Path, dict[str, Any]]] = {}
    for rec in records:
        sha = str(rec.get("sha256", ""))
        if len(sha) != 64 or sha in todo or clip_analysis.json_path(asg.work, sha).is_file():
            continue  # an analysis on disk is read (and checked) in the clip's own turn
        try:
            path = asg.clip_path(rec)
        except VidjournError:
            continue
        if path.is_file() and rec.get("media"):
            todo[sha] = (path, rec["media"])
    workers = min(len(todo), os.cpu_count() or 1, 4)
    if workers < 2:
        return None, {}
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="vidjourn-shotlog")
    return pool, {sha: pool.submit(analyse_clip, asg, sha, path, media) for sha, (path, media) in todo.items()}


def load_suggestions(asg: Assignment) -> dict[str, dict[str, dict[str, str]]]:
    """shotlog/suggested.json (written by `vidjourn story draft`): {sha256: {start tc: {field: value}}}.
    Read bounded and typed; anything else in it is ignored (it is vidjourn's own guess, never needed)."""

    path = asg.shotlog / SUGGESTED_FILE
    try:
        if not path.is_file() or path.stat().st_size > 8 * 1024 * 1024:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    clips = data.get("clips") if isinstance(data, dict) else None
    out: dict[str, dict[str, dict[str, str]]] = {}
    choices = {"shot_type": SHOT_TYPES, "sound": SOUNDS}
    for sha, shots in (clips.items() if isinstance(clips, dict) else ()):
        for tc, sug in (shots.items() if isinstance(shots, dict) else ()):
            if isinstance(sug, dict):
                good = {k: v for k, v in sug.items() if k in choices and v in choices[k]}
                if good:
                    out.setdefault(str(sha), {})[str(tc)] = good
    return out


def match_suggestions(shots: tuple[Shot, ...], sugs: dict[str, dict[str, str]], notes: list[ShotNote]
                      ) -> list[tuple[tuple[str, str], ...]]:
    """Per shot, the suggestions (matched by start time like notes) for the fields its note leaves empty."""
    out: list[tuple[tuple[str, str], ...]] = []
    timed = [(secs, v) for tc, v in sugs.items() if (secs := _tc_seconds(tc)) is not None]
    for s, note in zip(shots, notes):
        near = min(timed, key=lambda x: abs(x[0] - s.start), default=None)
        if near is None or abs(near[0] - s.start) > NOTE_MATCH:
            out.append(())
            continue
        out.append(tuple((k, v) for k, v in near[1].items() if k in SUGGESTED_FIELDS and not getattr(note, k)))
    return out


def _log_clips(asg: Assignment, records: list[dict[str, Any]], notes: dict, clips: list[ClipLog],
               orphans: dict, emit: Callable[[ShotlogEvent], None], ahead: dict[str, Any]) -> None:
    total = len(records)
    suggestions = load_suggestions(asg)
    for i, rec in enumerate(records, 1):
        rel = rec.get("file", "")
        base = ClipLog(id=clip_id_of(rec), file=rel, source=rec.get("source", ""),
                       sha256=rec.get("sha256", ""), size=rec.get("size", 0),
                       duration=(rec.get("media") or {}).get("duration"))
        try:
            if not rel or len(str(rec.get("sha256", ""))) != 64:
                raise AssignmentError("error.bad_manifest", path=asg.manifest_file,
                                      reason=f"clip {i}: no file or sha256")
            path = asg.clip_path(rec)
            if not path.is_file():
                raise MediaError("error.file_missing", path=path)
            with open(path, "rb"):  # unreadable: "permission denied" for this clip, not a decoder error
                pass
            media = rec.get("media") or _probe_dict(path)

            def progress(fraction: float | None, _i=i, _rel=rel) -> None:
                emit(ShotlogEvent("detect", _rel, _i, total, fraction))

            if rec["sha256"] in ahead:  # decoding in the background, beside another clip
                progress(None)
                found = ahead[rec["sha256"]].result()
            else:
                found = analyse_clip(asg, rec["sha256"], path, media, progress)
            det = found.detection
            emit(ShotlogEvent("thumbs", rel, i, total, None))
            thumbs = _publish_thumbs(found, asg.shotlog / "thumbs", rec["sha256"][:12])
            per_shot, lost = match_notes(det.shots, notes.pop(rec["sha256"], {}))
            if lost:
                orphans[rec["sha256"]] = lost
            said = transcript_per_shot(asg, str(base.id), det.shots)
            sugs = match_suggestions(det.shots, suggestions.get(rec["sha256"], {}), per_shot)
            shots = tuple(LoggedShot(s, th, n, tx, sg)
                          for s, th, n, tx, sg in zip(det.shots, thumbs, per_shot, said, sugs))
            clips.append(replace(base, shots=shots, duration=round(det.duration, 3)))
            emit(ShotlogEvent("done", rel, i, total, 1.0))
        except (VidjournError, OSError) as exc:  # one clip's problem (unreadable, outside...): the rest carry on
            exc = os_error(exc)
            clips.append(replace(base, error=exc.message()))
            emit(ShotlogEvent("failed", rel, i, total, None, exc))
            if rec.get("sha256") in notes:  # keep the notes of a clip that failed this time
                orphans[rec["sha256"]] = notes.pop(rec["sha256"])
