"""`vidjourn story draft`: a first rough cut from what vidjourn already knows about the clips.

What it reads (all cached analyses; :func:`gather`):

* shots — the shot log's detection (``work/shots/<sha256>.json``);
* faces — the redaction analysis (``work/faces/<sha256>.json``): the shot type comes from the height of
  the largest face seen in the shot (detector hits scoring >= 0.5, the raw box, not the enlarged redaction
  box), as a share of the picture's shorter side: **CU** from :data:`CU_FACE`, **MS** from
  :data:`MS_FACE`, **WS** below that or with no face;
* speech — the captions transcript (``work/captions/<clip>.<lang>.json``, words with their times); when
  the officer approved the captions, their reviewed words (re-timed onto the spoken ones) are used;
* the speaker — vidjourn.yaml's lower third for the clip, else the shot log note's ``speaker``.

The rules (:func:`propose`, pure; tested one by one):

1. A **statement** is a shot with speech (at least :data:`MIN_WORDS` words inside it) and a face (MS or
   CU); when the clip has no face analysis, a clip with a lower third in vidjourn.yaml counts as a face.
   Statements become SOT segments with the speaker's lower third (a placeholder to fill in when nobody
   is named). Everything else of :data:`MIN_SEGMENT` seconds or more is a cutaway.
2. **Open on the widest shot with natural sound**: among shots that are not statements, the one with the
   smallest face (none is smallest; without a face analysis, a clip with a lower third in vidjourn.yaml
   counts as a medium shot), shots with sound first; longer, then earlier wins a tie.
   ``audio: nat`` (``mute`` only when no shot has sound).
3. **Close on a wide shot**: the widest of the remaining cutaways (a WS when there is one).
4. **Cutaways between statements**: statement, cutaway, statement... in the clips' order.
5. **Nothing shorter than** :data:`MIN_SEGMENT` (2 s): shorter shots are not used; a quote shorter
   than that is widened inside its pauses, or left out.
6. **Never cut inside a word**: a SOT segment starts in the pause before its first word and ends in the
   pause after its last (between the neighbouring words' timestamps, and inside the shot); a word that
   the shot's own cut divides is not used. A clip with a named speaker (vidjourn.yaml's lower third) but
   no transcript yet is cut in the pauses of its sound instead (:func:`sound_runs`: voiced runs stand in
   for words; the draft says that speech was not analysed).
7. **Within the target length**: the story's picture (segments less dissolves, plus the brand's title
   and end card) fits ``--length`` and the platform's maximum (``--for``): statements are cut at sentence
   ends (then at any pause) to fit, cutaways shortened to 2 s, then dropped.

The same findings go to the shot log as suggestions (:func:`suggestions`): ``shot_type`` and ``sound`` of
every shot, shown as suggested until a person writes their own in notes.yaml.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from vidjourn.captions import files as cf
from vidjourn.core import ffmpeg
from vidjourn.core.errors import VidjournError
from vidjourn.core.records import clip_id_of
from vidjourn.core.timeutil import parse_time, timecode
from vidjourn.graphics.lower_thirds import lower_thirds_for
from vidjourn.settings import presets, profiles

MIN_SEGMENT = 2.0
MIN_WORDS = 3
OPEN_MAX = 5.0  # seconds of the opening wide shot at most
CLOSE_MAX = 4.0
CUTAWAY = 3.0  # a cutaway's length when there is room
SOT_MAX = 20.0  # one statement's bite at most
CU_FACE = 0.30  # face height / shorter side of the picture
MS_FACE = 0.10
FACE_SCORE = 0.5
PAUSE_PAD = 0.12  # seconds kept before the first / after the last word, when the pause allows
SENTENCE_END = (".", "!", "?", "…")
SUGGESTED_FILE = "suggested.json"  # in shotlog/: {sha256: {start timecode: {shot_type, sound}}}


@dataclass(frozen=True)
class W:
    """A spoken word with its times (seconds of the clip)."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class ShotInfo:
    clip_id: str
    sha256: str
    index: int  # 1-based shot number in its clip
    start: float
    end: float
    has_audio: bool = True
    face: float | None = None  # largest face height / shorter side; None: no face analysis
    words: tuple[W, ...] = ()  # every word of the CLIP (neighbours matter for the pauses)
    speaker: tuple[str, str] | None = None  # (name, title) from vidjourn.yaml / the shot log
    lower_third_in_story: bool = False  # vidjourn.yaml names a speaker for this clip
    order: int = 0  # the clip's position in the manifest
    sound_only: bool = False  # ``words`` are voiced runs of the sound (no transcript yet)

    @property
    def duration(self) -> float:
        return self.end - self.start

    @property
    def shot_type(self) -> str:
        f = self.face or 0.0
        return "CU" if f >= CU_FACE else "MS" if f >= MS_FACE else "WS"

    @property
    def type_label(self) -> str:
        return "?" if self.face is None else self.shot_type

    @property
    def inside(self) -> tuple[W, ...]:
        """Words wholly inside the shot (a word the shot's cut divides is left out)."""
        return tuple(w for w in self.words if w.start >= self.start - 1e-6 and w.end <= self.end + 1e-6)

    @property
    def statement(self) -> bool:
        if len(self.inside) < (1 if self.sound_only else MIN_WORDS) or not self.has_audio:
            return False
        if self.face is None:
            return self.lower_third_in_story
        return self.face >= MS_FACE

    @property
    def key(self) -> str:
        return f"{self.clip_id}#{self.index}"


@dataclass
class Pick:
    shot: ShotInfo
    role: str  # open | statement | cutaway | close
    start: float
    end: float
    words: tuple[W, ...] = ()  # SOT words

    @property
    def duration(self) -> float:
        return self.end - self.start

    def segment(self, placeholder: tuple[str, str]) -> dict[str, Any]:
        s = self.shot
        seg: dict[str, Any] = {"clip": s.clip_id, "from": round(self.start, 3), "to": round(self.end, 3)}
        if self.role == "statement":
            seg["audio"] = "sot"
            name, title = s.speaker or placeholder
            seg["lower_third"] = {"name": name, "title": title} if title else {"name": name}
        else:
            seg["audio"] = "nat" if s.has_audio else "mute"
        seg["note"] = f"{self.role} · {s.type_label} · shot {s.key}" + (
            " · cut in the pauses of the sound (no transcript yet)" if self.role == "statement" and s.sound_only
            else "")
        return seg


@dataclass(frozen=True)
class Draft:
    picks: tuple[Pick, ...]
    length: float  # seconds of segments (cards not included)
    budget: float
    skipped: tuple[str, ...] = field(default=())  # shots left out, with why (for the command's report)


# --- the rules ------------------------------------------------------------------------------------

def _pause_before(words: tuple[W, ...], i: int, floor: float) -> tuple[float, float]:
    """(earliest, latest) cut point before word i: between the previous word's end and word i's start."""
    lo = max(floor, words[i - 1].end if i > 0 else floor)
    return lo, words[i].start


def _pause_after(words: tuple[W, ...], j: int, ceil: float) -> tuple[float, float]:
    hi = min(ceil, words[j + 1].start if j + 1 < len(words) else ceil)
    return words[j].end, hi


def sot_span(shot: ShotInfo, first: W, last: W, min_len: float = MIN_SEGMENT) -> tuple[float, float] | None:
    """The in and out points of a SOT from ``first`` to ``last`` (words of the shot's clip): in the pauses
    around them, inside the shot, never inside a word; widened inside those pauses up to ``min_len``.
    None when the pauses are too short for ``min_len``."""
    words = shot.words
    i, j = words.index(first), words.index(last)
    lo_in, hi_in = _pause_before(words, i, shot.start)
    lo_out, hi_out = _pause_after(words, j, shot.end)
    if hi_in < lo_in - 1e-9 or hi_out < lo_out - 1e-9:
        return None  # the word crosses the shot's edge
    a = max(lo_in, hi_in - PAUSE_PAD) if i > 0 else max(lo_in, hi_in - PAUSE_PAD)
    b = min(hi_out, lo_out + PAUSE_PAD)
    # a pause shared with a neighbour word: cut in its middle at the latest (keeps the breath)
    if i > 0:
        a = max(a, (lo_in + hi_in) / 2)
    if j + 1 < len(words):
        b = min(b, (lo_out + hi_out) / 2)
    if b - a < min_len:
        need = min_len - (b - a)
        grow_out = min(need, hi_out - b)
        b += grow_out
        need -= grow_out
        a -= min(need, a - lo_in)
        if b - a < min_len - 1e-6:
            return None
    return round(a, 3), round(b, 3)


def _sentences(words: tuple[W, ...]) -> list[int]:
    """Indexes of words that end a sentence (the last word always counts)."""
    ends = [k for k, w in enumerate(words) if w.text.rstrip("\"'”’)").endswith(SENTENCE_END)]
    if not ends or ends[-1] != len(words) - 1:
        ends.append(len(words) - 1)
    return ends


def statement_pick(shot: ShotInfo, room: float) -> Pick | None:
    """The longest run of whole sentences of the shot, from its first word, that fits ``room`` and
    SOT_MAX (else the longest run up to any pause that fits), cut in the pauses around it."""
    inside = shot.inside
    if not inside:
        return None
    room = min(room, SOT_MAX)
    ends = _sentences(inside)
    for group in (sorted(ends, reverse=True), range(len(inside) - 1, -1, -1)):
        for k in group:
            span = sot_span(shot, inside[0], inside[k])
            if span is not None and span[1] - span[0] <= room + 1e-6:
                return Pick(shot, "statement", span[0], span[1], inside[: k + 1])
    return None


def _width_key(s: ShotInfo) -> tuple:
    # faces not analysed: a clip vidjourn.yaml gives a speaker (lower third) is taken as a medium shot
    face = s.face if s.face is not None else (MS_FACE if s.lower_third_in_story else 0.0)
    return (not s.has_audio, face, -s.duration, s.order, s.start)


def _cut(shot: ShotInfo, role: str, length: float) -> Pick:
    """A picture-only piece of ``shot`` of ``length`` (its middle part: away from the cuts)."""
    length = min(length, shot.duration)
    mid = (shot.start + shot.end) / 2
    a = max(shot.start, min(mid - length / 2, shot.end - length))
    return Pick(shot, role, round(a, 3), round(a + length, 3))


def propose(shots: list[ShotInfo], budget: float) -> Draft:
    """The rough cut (see the module's rules). ``budget``: seconds for the segments (cards subtracted)."""
    usable = [s for s in shots if s.duration >= MIN_SEGMENT - 1e-6]
    skipped = [f"{s.key}: {s.duration:.1f} s < {MIN_SEGMENT:g} s" for s in shots if s not in usable]
    statements = sorted((s for s in usable if s.statement), key=lambda s: (s.order, s.start))
    others = [s for s in usable if not s.statement]
    if not usable or budget < MIN_SEGMENT:
        return Draft((), 0.0, budget, tuple(skipped))
    used = 0.0
    opening = closing = None
    if others:
        first = min(others, key=_width_key)
        opening = _cut(first, "open", min(OPEN_MAX, budget))
        used += opening.duration
        others = [s for s in others if s is not first]
    if others and budget - used >= MIN_SEGMENT * (2 if statements else 1):
        last = min(others, key=_width_key)
        closing = _cut(last, "close", min(CLOSE_MAX, budget - used - (MIN_SEGMENT if statements else 0)))
        used += closing.duration
        others = [s for s in others if s is not last]
    pool = sorted(others, key=lambda s: (s.order, s.start))
    body: list[Pick] = []
    for n, st in enumerate(statements):
        if n > 0 and pool and budget - used >= MIN_SEGMENT * 2:
            c = _cut(pool.pop(0), "cutaway", min(CUTAWAY, budget - used - MIN_SEGMENT))
            body.append(c)
            used += c.duration
        p = statement_pick(st, budget - used)
        if p is None:
            skipped.append(f"{st.key}: the statement does not fit the length")
            continue
        body.append(p)
        used += p.duration
    for s in pool:  # the remaining cutaways, while there is room
        if budget - used < MIN_SEGMENT:
            break
        c = _cut(s, "cutaway", min(CUTAWAY, budget - used))
        body.append(c)
        used += c.duration
    picks = ([opening] if opening else []) + _interleave(body) + ([closing] if closing else [])
    return Draft(tuple(picks), round(sum(p.duration for p in picks), 6), budget, tuple(skipped))


def _interleave(body: list[Pick]) -> list[Pick]:
    """Statements in their order with cutaways between them: no two statements touch when a cutaway is
    left to put between them."""
    sts = [p for p in body if p.role == "statement"]
    cuts = [p for p in body if p.role != "statement"]
    out: list[Pick] = []
    for k, st in enumerate(sts):
        if k > 0 and cuts:
            out.append(cuts.pop(0))
        out.append(st)
    return out + cuts


# --- what vidjourn knows about the clips ---------------------------------------------------------

def face_heights(analysis: dict[str, Any]) -> list[tuple[float, float]]:
    """(time, face height / shorter side) of each confident detector hit in a faces analysis file."""
    try:
        w, h = float(analysis["width"]), float(analysis["height"])
        times = analysis["times"]
        out = []
        for d in analysis.get("detections") or []:
            frame, y1, y2, score = int(d[0]), float(d[2]), float(d[4]), float(d[5])
            if score >= FACE_SCORE and 0 <= frame < len(times):
                out.append((float(times[frame]), (y2 - y1) * h / min(w, h)))
        return out
    except (KeyError, TypeError, ValueError, IndexError):
        return []


def _read_json(path: Path, limit: int = 64 * 1024 * 1024) -> dict[str, Any] | None:
    try:
        if path.stat().st_size > limit:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def clip_words(root: Path, clip: str, lang: str) -> tuple[tuple[W, ...], str]:
    """(words with times, "approved" | "draft" | "") of a clip: the approved captions' words when the
    officer approved them (their text on the spoken times), else the draft transcript."""

    data = _read_json(cf.transcript_path(root, clip, lang))
    if not data or not isinstance(data.get("words"), list):
        return (), ""
    try:
        spoken = [W(str(t), float(s), float(e)) for t, s, e in data["words"]
                  if math.isfinite(float(s)) and math.isfinite(float(e))]
    except (TypeError, ValueError):
        return (), ""
    state, _ = cf.status(root, clip, lang)
    if state == cf.APPROVED:
        from vidjourn.captions.cues import CueFileError, Word, parse, realign

        try:
            cues = parse(cf.srt_path(root, clip, lang).read_text(encoding="utf-8-sig"))
            words = realign(cues, [Word(w.text, w.start, w.end) for w in spoken])
            return tuple(W(w.text, w.start, w.end) for w in words), "approved"
        except (OSError, UnicodeDecodeError, CueFileError):
            pass
    return tuple(sorted(spoken, key=lambda w: w.start)), "draft"


PAUSE_MIN = 0.25  # seconds of quiet that make a pause in the sound
RUN_MIN = 0.1  # a voiced run shorter than this is noise


def sound_runs(path: Path, limit: float = 1800.0) -> tuple[W, ...]:
    """Without a transcript: the voiced runs of a clip's sound, as "words" ("…") with their times, so a
    statement can still be cut in its pauses. One audio decode at 8 kHz mono (the render's timing,
    ``aresample=async=1:first_pts=0``), RMS per 20 ms; the quiet level is the midpoint between the 10th
    and 90th percentile of the levels; a pause is quiet for :data:`PAUSE_MIN` seconds or more."""
    import numpy as np


    try:
        raw, _ = ffmpeg.capture(["-v", "error", "-nostdin", "-i", str(path), "-t", f"{limit:g}", "-vn", "-af",
                                 "aresample=async=1:first_pts=0", "-ac", "1", "-ar", "8000", "-f", "s16le", "-"],
                                subject=path)
    except VidjournError:
        return ()
    pcm = np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2").astype(np.float32)
    hop = 160  # 20 ms
    n = len(pcm) // hop
    if n < 10:
        return ()
    rms = np.sqrt(np.mean(pcm[: n * hop].reshape(n, hop) ** 2, axis=1) + 1e-9)
    db = 20 * np.log10(rms / 32768.0)
    lo, hi = np.percentile(db, 10), np.percentile(db, 90)
    if hi - lo < 6:  # one level all through: no pauses to find
        return ()
    loud = db > (lo + hi) / 2
    runs, start = [], None
    for i, v in enumerate(np.append(loud, False)):
        if v and start is None:
            start = i
        elif not v and start is not None:
            runs.append([start, i])
            start = None
    merged: list[list[int]] = []
    gap = int(PAUSE_MIN / 0.02)
    for a, b in runs:
        if merged and a - merged[-1][1] < gap:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return tuple(W("…", round(a * 0.02, 3), round(b * 0.02, 3)) for a, b in merged if (b - a) * 0.02 >= RUN_MIN)


@dataclass
class Knowledge:
    shots: list[ShotInfo]
    missing_shots: list[str] = field(default_factory=list)  # clip ids
    missing_faces: list[str] = field(default_factory=list)
    missing_speech: list[str] = field(default_factory=list)
    transcripts: dict[str, str] = field(default_factory=dict)  # clip id -> approved | draft | sound


def gather(asg: Any, lang: str | None = None) -> Knowledge:
    """Every shot of every clip with what the cached analyses say about it."""
    from vidjourn.analysis import clip_analysis, faces

    story = asg.story()
    if lang is None:
        try:
            lang = cf.config(story, asg.story_file).lang
        except VidjournError:
            lang = "id"
    notes = _speaker_notes(asg)
    k = Knowledge([])
    for order, rec in enumerate(asg.clips()):
        if not isinstance(rec, dict) or not rec.get("sha256"):
            continue
        sha, cid = str(rec["sha256"]), clip_id_of(rec)
        media = rec.get("media") if isinstance(rec.get("media"), dict) else {}
        if not any(isinstance(s, dict) and s.get("type") == "video" for s in media.get("streams") or []):
            continue  # an audio-only recording: a voice-over, never a picture
        has_audio = bool(media.get("has_audio", True))
        found = clip_analysis.cached(asg.work, sha)
        if found is None:
            k.missing_shots.append(cid)
            continue
        fa = _read_json(faces.cache_file(asg.work, sha))
        hits = face_heights(fa) if fa is not None and fa.get("version") == faces.DETECTOR_VERSION else None
        if hits is None:
            k.missing_faces.append(cid)
        try:
            lts = lower_thirds_for(asg.clip_path(rec), asg)
        except VidjournError:
            lts = []
        lt = next(((x.name, x.title or "") for x in lts if x.name), None)
        words: tuple[W, ...] = ()
        if has_audio:
            words, state = clip_words(asg.root, cid, lang)
            if not state:
                other = [x for x in cf.LANGS if x != lang]
                for alt in other:
                    words, state = clip_words(asg.root, cid, alt)
                    if state:
                        break
            if state:
                k.transcripts[cid] = state
            else:
                k.missing_speech.append(cid)
                if lt is not None:  # a named speaker without a transcript: cut in the pauses of the sound
                    words = sound_runs(asg.clip_path(rec))
                    if words:
                        k.transcripts[cid] = "sound"
        for s in found.detection.shots:
            face = None
            if hits is not None:
                inside = [hgt for tm, hgt in hits if s.start - 1e-3 <= tm < s.end]
                face = max(inside) if len(inside) >= 2 else 0.0
            speaker = lt or notes.get((sha, round(s.start, 1)))
            k.shots.append(ShotInfo(cid, sha, s.index, float(s.start), float(s.end), has_audio, face, words,
                                    speaker, lt is not None, order, k.transcripts.get(cid) == "sound"))
    return k


def _speaker_notes(asg: Any) -> dict[tuple[str, float], tuple[str, str]]:
    """Speakers written in the shot log's notes.yaml, by (sha256, shot start rounded to 0.1 s)."""
    from vidjourn.core.yamlsafe import load_file

    path = Path(asg.shotlog) / "notes.yaml"
    out: dict[tuple[str, float], tuple[str, str]] = {}
    try:
        data = load_file(path) if path.is_file() else None
    except VidjournError:
        return out
    clips = data.get("clips") if isinstance(data, dict) else None
    for sha, clip in (clips or {}).items() if isinstance(clips, dict) else ():
        shots = clip.get("shots") if isinstance(clip, dict) else None
        for tc, note in (shots or {}).items() if isinstance(shots, dict) else ():
            if isinstance(note, dict) and isinstance(note.get("speaker"), str) and note["speaker"].strip():
                try:
                    out[(str(sha), round(parse_time(str(tc)), 1))] = (note["speaker"].strip(), "")
                except VidjournError:
                    continue
    return out


def suggestions(shots: list[ShotInfo], draft: Draft) -> dict[str, dict[str, dict[str, str]]]:
    """For the shot log: {sha256: {start timecode: {"shot_type", "sound"}}} for every shot."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for s in shots:
        sug: dict[str, str] = {}
        if s.face is not None:
            sug["shot_type"] = s.shot_type
        if s.statement:
            sug["sound"] = "SOT"
        elif s.has_audio and s.face is not None or (s.has_audio and not s.inside):
            sug["sound"] = "NAT"
        if sug:
            out.setdefault(s.sha256, {})[timecode(s.start)] = sug
    return out


def cards_seconds(asg: Any, preset_name: str | None = None) -> float:
    """Seconds of the brand's title and end card (0 for a card the preset turns off)."""
    name = preset_name or asg.story().get("brand")
    if not name or str(name).lower() == "none":
        return 0.0
    try:
        p = presets.load(str(name), asg.root)
    except VidjournError:
        return 0.0
    return sum(c.duration for c in (p.title_card, p.end_card) if c.enabled)


def platform_max(asg: Any, platform: str | None) -> float | None:
    if not platform:
        return None

    prof = profiles.load(platform, asg.root)
    return prof.duration.max


def to_story(draft: Draft, placeholder: tuple[str, str]) -> dict[str, Any]:
    return {"title_card": True, "end_card": True,
            "segments": [p.segment(placeholder) for p in draft.picks]}


__all__ = ["Draft", "Knowledge", "Pick", "ShotInfo", "W", "gather", "propose", "sot_span", "suggestions",
           "replace"]
