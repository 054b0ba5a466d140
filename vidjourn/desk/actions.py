"""Every write the desk makes: through the existing validators and approval functions, atomically, under
the assignment's writer lock (a `vidjourn run` in a terminal and the desk never write at once).

The client sends clip ids (in the URL) and numbers, booleans and short texts (here); never a path.
A file is written by composing the new content, validating that very text with the loader the stages
use (``load_redact_file``, ``load_notes``, the SRT parser), and only then moving it into place.
"""

from __future__ import annotations

import math
import os
import threading
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from vidjourn.captions import files as cf
from vidjourn.captions.files import LANGS
from vidjourn.core.fsutil import temp_sibling
from vidjourn.core.i18n import t
from vidjourn.core.locks import Locked, assignment_lock, holder
from vidjourn.stages.redact import core as C
from vidjourn.stages.redact.config import REDACT_FILE, load_redact_file

MAX_TEXT = 2000
MAX_ITEMS = 200


class Busy(Exception):
    """Someone else is writing in the assignment (a `vidjourn run`, or the desk's own publish)."""


class BadRequest(Exception):
    """A request whose values are not what the page sends (the text says which)."""


@contextmanager
def writing(desk, asg) -> Iterator[None]:
    """The desk's own writer lock (threads of this process), then the assignment's file lock."""
    if not desk.write_lock.acquire(timeout=3.0):
        raise Busy(t("desk.busy_desk"))
    try:
        try:
            lock = assignment_lock(asg.root, "desk")
            lock.__enter__()
        except Locked:
            info = holder(asg.root)
            raise Busy(t("desk.busy", command=info.get("command", "?"), pid=info.get("pid", "?"),
                         since=info.get("since", "?"))) from None
        try:
            yield
        finally:
            lock.__exit__(None, None, None)
    finally:
        desk.write_lock.release()


# --- typed values from the page --------------------------------------------------------------------

def _num(v: Any, what: str, lo: float = 0.0, hi: float = 1e7) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or not lo <= v <= hi:
        raise BadRequest(what)
    return round(float(v), 3)


def _int(v: Any, what: str, lo: int = 0, hi: int = 10**7) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise BadRequest(what)
    return v


def _text(v: Any, what: str, limit: int = MAX_TEXT) -> str:
    if v is None:
        return ""
    if not isinstance(v, str) or len(v) > limit or "\x00" in v:
        raise BadRequest(what)
    return v


def _list(v: Any, what: str) -> list:
    if v is None:
        return []
    if not isinstance(v, list) or len(v) > MAX_ITEMS:
        raise BadRequest(what)
    return v


def _box(v: Any, what: str) -> list[float]:
    if not isinstance(v, list) or len(v) != 4:
        raise BadRequest(what)
    return [_num(x, what) for x in v]


def redact_entry(data: dict[str, Any], file: str) -> dict[str, Any]:
    """The clip's redact.yaml entry from the page's numbers (the file's own keys and shapes)."""
    regions = []
    for i, r in enumerate(_list(data.get("regions"), "regions")):
        if not isinstance(r, dict):
            raise BadRequest(f"regions[{i}]")
        kfs = [{"t": _num(k.get("t") if isinstance(k, dict) else None, f"regions[{i}].keyframes.t"),
                "box": _box(k.get("box") if isinstance(k, dict) else None, f"regions[{i}].keyframes.box")}
               for k in _list(r.get("keyframes"), f"regions[{i}].keyframes")]
        kfs.sort(key=lambda k: k["t"])
        reg: dict[str, Any] = {"label": _text(r.get("label"), "label", 80), "shape": _text(r.get("shape"), "shape", 10)
                               or "box", "keyframes": kfs}
        if r.get("track"):
            reg["track"] = True
        for key in ("from", "to"):
            if r.get(key) is not None:
                reg[key] = _num(r[key], f"regions[{i}].{key}")
        regions.append(reg)
    blank = [{"from": _num((b or {}).get("from"), "blank.from"), "to": _num((b or {}).get("to"), "blank.to")}
             for b in _list(data.get("blank"), "blank") if isinstance(b, dict)]
    keep = []
    for k in _list(data.get("keep"), "keep"):
        if not isinstance(k, dict):
            raise BadRequest("keep")
        if k.get("track") is not None:
            item: dict[str, Any] = {"track": _int(k["track"], "keep.track", 1)}
        elif k.get("box") is not None:
            item = {"box": _box(k["box"], "keep.box")}
        else:
            raise BadRequest("keep")
        for key in ("from", "to"):
            if k.get(key) is not None:
                item[key] = _num(k[key], f"keep.{key}")
        keep.append(item)
    entry: dict[str, Any] = {"file": file}
    if regions:
        entry["regions"] = regions
    if blank:
        entry["blank"] = blank
    if keep:
        entry["keep"] = keep
    return entry


# --- redaction ---------------------------------------------------------------------------------------

def write_validated(path: Path, text: str, validate) -> None:
    """Write ``text`` to a sibling, validate that file with the stages' own loader, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_sibling(path)
    try:
        tmp.write_text(text, encoding="utf-8")
        validate(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def save_redaction(desk, asg, rec, data, lang) -> dict[str, Any]:
    import yaml

    from vidjourn.core.yamlsafe import load_file

    sha = str(rec["sha256"])
    entry = redact_entry(data, str(rec.get("file", "")))
    path = asg.root / REDACT_FILE
    with writing(desk, asg):
        load_redact_file(path)  # the file as it is must be valid: a mistake made by hand is shown, not lost
        current = (load_file(path) or {}) if path.exists() else {}
        current = {str(k): v for k, v in current.items()}
        if len(entry) > 1:
            current[sha] = entry
        else:
            current.pop(sha, None)
        text = yaml.safe_dump(current, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)
        write_validated(path, text, load_redact_file)
    return {"message": t("desk.saved")}


def approve_redaction(desk, asg, rec, data, lang) -> dict[str, Any]:
    by = _text(data.get("by"), "by", 120).strip()
    if not by:
        raise BadRequest(t("desk.ui.approver"))
    with writing(desk, asg):
        job = C.clip_jobs(asg, [rec["sha256"]])[0]
        out = C.approve(asg, job, by)  # the same record as `vidjourn redact approve --by`
    return {"approved_by": out["approved_by"], "approved_at": out["approved_at"]}


# --- captions ---------------------------------------------------------------------------------------------

def _lang(v: Any) -> str:
    if v not in LANGS:
        raise BadRequest("lang")
    return v


def save_captions(desk, asg, rec, data, lang) -> dict[str, Any]:
    """New texts for cues (by number); times and the transcript's word timestamps stay as they are."""
    from vidjourn.captions.cues import parse, to_srt
    from vidjourn.desk.model import clip_id

    clang = _lang(data.get("lang"))
    edits = {}
    for c in _list(data.get("cues"), "cues"):
        if not isinstance(c, dict):
            raise BadRequest("cues")
        text = _text(c.get("text"), "cues.text", 500).replace("\r", "").strip()
        lines = tuple(x.strip() for x in text.split("\n") if x.strip())
        if not lines or len(lines) > 3:
            raise BadRequest("cues.text")
        edits[_int(c.get("i"), "cues.i")] = lines
    srt = cf.srt_path(asg.root, clip_id(rec), clang)
    with writing(desk, asg):
        cues = parse(srt.read_bytes().decode("utf-8-sig"))
        if any(i >= len(cues) for i in edits):
            raise BadRequest("cues.i")
        new = [replace(c, lines=edits[i]) if i in edits else c for i, c in enumerate(cues)]

        def check(p: Path) -> None:
            if len(parse(p.read_text(encoding="utf-8"))) != len(new):
                raise BadRequest("cues")

        write_validated(srt, to_srt(new), check)
    return {"message": t("desk.saved")}


def approve_captions(desk, asg, rec, data, lang) -> dict[str, Any]:
    from vidjourn.stages.captions.command import approve_one  # the code of `vidjourn captions approve`

    clang = _lang(data.get("lang"))
    with writing(desk, asg):
        out = approve_one(asg, rec, clang, explicit=True, say=None)
    return {"sha256": out.get("sha256"), "cues": out.get("cues"), "warnings": out.get("warnings", [])}


# --- shot notes ----------------------------------------------------------------------------------------------

_notes_guard = threading.Lock()


def save_note(desk, asg, rec, data, lang) -> dict[str, Any]:
    import yaml

    from vidjourn.analysis import clip_analysis
    from vidjourn.core.yamlsafe import load_file
    from vidjourn.stages.shotlog.build import (
        NOTE_MATCH,
        NOTES_FILE,
        SHOT_TYPES,
        SOUNDS,
        _tc_seconds,
        load_notes,
    )
    from vidjourn.stages.shotlog.model import NOTE_FIELDS

    sha = str(rec["sha256"])
    a = clip_analysis.cached(asg.work, sha)
    i = _int(data.get("shot"), "shot")
    if a is None or i >= len(a.detection.shots):
        raise BadRequest("shot")
    shot = a.detection.shots[i]
    note = {k: _text(data.get(k), k) for k in NOTE_FIELDS}
    path = asg.shotlog / NOTES_FILE
    with writing(desk, asg):
        load_notes(path)  # as it is, it must be valid
        current = (load_file(path) or {}) if path.exists() else {}
        clips = current.setdefault("clips", {}) or {}
        current["clips"] = clips
        entry = clips.setdefault(sha, {"file": rec.get("file", ""), "shots": {}})
        shots = entry.setdefault("shots", {}) or {}
        entry["shots"] = shots
        key = next((tc for tc in shots if (s := _tc_seconds(str(tc))) is not None
                    and abs(s - shot.start) <= NOTE_MATCH), shot.start_tc)
        shots[key] = note
        header = "# " + t("shotlog.notes_header", types="/".join(SHOT_TYPES), sounds="/".join(SOUNDS)).replace(
            "\n", "\n# ")
        body = yaml.safe_dump(current, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
        write_validated(path, header + "\n" + body, load_notes)
    return {"message": t("desk.saved")}


# --- the story ----------------------------------------------------------------------------------------------

def save_story_order(desk, asg, rec, data, lang) -> dict[str, Any]:
    """story.yaml's segments in a new order (a permutation of their numbers), written by the story room's
    own writer (validated and resolved against the clips before anything is written)."""
    from vidjourn.core.yamlsafe import load_file
    from vidjourn.stages.story import model as S

    order = [_int(i, "order") for i in _list(data.get("order"), "order")]
    path = S.story_path(asg)
    with writing(desk, asg):
        raw = load_file(path, max_bytes=S.MAX_BYTES, max_nodes=S.MAX_NODES) if path.is_file() else None
        segs = raw.get("segments") if isinstance(raw, dict) else None
        if not isinstance(segs, list) or sorted(order) != list(range(len(segs))):
            raise BadRequest("order")
        S.load(asg)  # as it is, it must be valid: a mistake made by hand is shown, not rewritten
        header = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#")
                           for line in path.read_text(encoding="utf-8").splitlines()
                           if line.startswith("#"))  # the file's comments, kept as its header
        S.write(asg, {**raw, "segments": [segs[i] for i in order]}, header)
    return {"message": t("desk.saved")}


def _story_raw(asg):
    """(story.yaml's data, its header) by the story room's own reader; the current file must be valid."""
    from vidjourn.stages.story import model as S

    data, header = S.existing(asg)
    story = S.load(asg) if S.story_path(asg).is_file() else None  # a mistake made by hand is shown, not rewritten
    return data, header, story


def story_trim(desk, asg, rec, data, lang) -> dict[str, Any]:
    """Set a segment's in or out (``edge``) to ``t`` seconds of this clip (the player's time); a segment given
    by shot becomes clip + from/to with the shot's other end. Written by the story room's own writer."""
    from vidjourn.stages.story import model as S

    k = _int(data.get("segment"), "segment", 0, 10**4)
    edge = data.get("edge")
    if edge not in ("in", "out"):
        raise BadRequest("edge")
    at = _num(data.get("t"), "t")
    with writing(desk, asg):
        raw, header, story = _story_raw(asg)
        segs = list(raw.get("segments") or [])
        got = next((g for g in (story.segments if story else ()) if g.index == k), None)
        if got is None or k >= len(segs) or not isinstance(segs[k], dict) or got.clip_id != rec.get("id"):
            raise BadRequest("segment")
        seg = dict(segs[k])
        seg.pop("shot", None)
        seg["clip"] = got.clip_id
        seg["from"], seg["to"] = (at, got.source_out) if edge == "in" else (got.source_in, at)
        segs[k] = seg
        S.write(asg, {**raw, "segments": segs}, header)  # validated (to > from, inside the clip) before writing
    return {"message": t("desk.saved")}


def story_quote(desk, asg, rec, data, lang) -> dict[str, Any]:
    """The words ``first``..``last`` of the clip's transcript (indices into the words the page was given) as
    a quote: the story room's own `story quote` function (cut in the pauses around the words; by index, so a
    repeated phrase is the occurrence selected)."""
    from vidjourn.stages.story import quote as Q

    i = _int(data.get("first"), "first", 0, 10**6)
    j = _int(data.get("last"), "last", 0, 10**6)
    with writing(desk, asg):
        words, state = Q.transcript(asg, str(rec.get("id")))
        if not state or not i <= j < len(words):
            raise BadRequest("words")
        got = Q.add(asg, rec, " ".join(w.text for w in words[i: j + 1]), span=(i, j))
    return {"message": t("desk.story_quoted", n=got["position"], words=got["words_note"])}


def story_cutaway(desk, asg, rec, data, lang) -> dict[str, Any]:
    """Shot ``shot`` (0-based, as the shot cards) of this clip added to the story's end as a cutaway:
    ``shot: <clip>#<n>`` with its natural sound, as story.yaml writes a shot."""
    from vidjourn.stages.story import model as S

    n = _int(data.get("shot"), "shot", 0, 10**5)
    with writing(desk, asg):
        raw, header, _story = _story_raw(asg)
        seg = {"shot": f"{rec.get('id')}#{n + 1}", "audio": "nat", "note": "cutaway (desk)"}
        S.write(asg, {**raw, "segments": [*(raw.get("segments") or []), seg]}, header)
    return {"message": t("desk.saved")}
