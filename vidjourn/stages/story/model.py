"""story.yaml — the edit as data — validated strictly, and resolved against the assignment's clips.

A story is segments in order, each a piece of one original in raw/::

    segments:
      - {clip: 20261112_apel_001, from: 2.0, to: "00:00:07.5", audio: nat}
      - {shot: "20261112_apel_002#3", audio: sot,
         lower_third: {name: AKP Budi Santoso, title: Kasubbag Humas}}
      - {clip: 20261112_apel_003.mp4, from: 0, to: 4, transition: {type: dissolve, length: 0.5},
         audio_lead: 0.4, skip: [whatsapp]}
    voiceover:
      - {file: vo/take1.m4a, at: 12.0, text: "Polres mengamankan ..."}
    title_card: true
    end_card: true

* ``clip`` names a clip by its id, its file name in raw/, its stem or its sha256 (and, for edits coming
  back from editors, the camera's own file name); ``shot: <clip>#<n>`` takes shot n of the shot log.
* Times are seconds (``4.5``) or timecodes (``00:01:02.5``) of the clip, finite and not negative.
* ``audio``: ``sot`` (the clip's sound, full), ``nat`` (natural sound, full), ``under`` (natural sound
  lowered, for under a voice-over), ``mute``. Default: ``sot`` for a segment with a lower third, else
  ``nat``.
* ``transition`` is the join INTO the segment (from the previous one, or from the title card for the
  first): ``cut`` (default), ``dissolve`` (the two pictures overlap by ``length``: the story gets that
  much shorter), ``dip`` (to black and back, ``length`` in total, centred on the cut: no overlap). A
  string (``dissolve``) takes the default length, 0.5 s.
* ``audio_lead`` (J-cut): the segment's sound starts that many seconds before its picture, under the end
  of the previous segment; ``audio_lag`` (L-cut): its sound goes on that long after its picture, under
  the start of the next. One join has one of them, not both.
* ``only:`` / ``skip:`` platforms (profile names): the segment is in those platforms' videos only / in
  all but those.
* ``voiceover``: recordings at story times (``at``), an audio file in the assignment or a clip's sound
  (by clip name), optionally ``from``/``to`` inside it and the ``text`` for the story sheet.
* ``title_card`` / ``end_card``: the story's one title card and one end card, their text from
  vidjourn.yaml's story fields through the brand preset (true by default).

Every mistake is reported at once with its key path (``segments[3].to``), exit 2, before anything is
rendered. The file is read through the one safe YAML loader with a small bound (:data:`MAX_BYTES`,
:data:`MAX_NODES`), so a YAML bomb or a 50 MB file is refused without growing memory.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
    model_validator,
)

from vidjourn.core.errors import ConfigError, VidjournError
from vidjourn.core.finite import FINITE
from vidjourn.core.fsutil import write_text_atomic
from vidjourn.core.i18n import t
from vidjourn.core.timeutil import parse_time
from vidjourn.core.validation import wording

STORY_YAML = "story.yaml"
MAX_BYTES = 256 * 1024  # a 200-segment story with lower thirds is ~40 KB
MAX_NODES = 20_000  # values after alias expansion; 200 segments with everything set are ~4,000
MAX_SEGMENTS = 200
MAX_TEXT = 300
AUDIO = ("sot", "nat", "under", "mute")
TRANSITIONS = ("cut", "dissolve", "dip")
DEFAULT_TRANSITION = 0.5
MAX_TRANSITION = 3.0
MAX_LEAD = 10.0
MAX_TIME = 24 * 3600.0  # a position past a day in one clip is a typo
END_SLACK = 0.02  # `to` may pass the probed duration by this much (container rounding, half a frame)


class StoryError(VidjournError):
    """story.yaml has mistakes (``problems`` lists every one, each with its key path)."""

    exit_code = 2

    def __init__(self, key: str, /, *, problems: list[str], **kwargs: object) -> None:
        self.problems = problems
        super().__init__(key, problems="\n".join(f"  - {p}" for p in problems), **kwargs)


# --- the schema -----------------------------------------------------------------------------------

def seconds(value: Any) -> float:
    """A time in story.yaml: seconds or a timecode; finite, not negative, under a day."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(t("story.problem.bad_time", value=repr(value)[:40]))
    if isinstance(value, str) and len(value) > 40:
        raise ValueError(t("story.problem.bad_time", value=value[:40] + "…"))
    try:
        s = parse_time(value)
    except VidjournError:
        raise ValueError(t("story.problem.bad_time", value=repr(value)[:40])) from None
    if not math.isfinite(s) or s < 0 or s > MAX_TIME:
        raise ValueError(t("story.problem.bad_time", value=repr(value)[:40]))
    return s


Time = Annotated[float, BeforeValidator(seconds)]
Text = Annotated[StrictStr, Field(max_length=MAX_TEXT)]
Name = Annotated[StrictStr, Field(min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(**FINITE, extra="forbid", populate_by_name=True, frozen=True)


def _transition(value: Any) -> Any:
    if isinstance(value, str):
        return {"type": value}
    return value


class TransitionM(_Strict):
    type: Literal["cut", "dissolve", "dip"] = "cut"
    length: Annotated[float, Field(gt=0, le=MAX_TRANSITION, allow_inf_nan=False)] = DEFAULT_TRANSITION

    @model_validator(mode="before")
    @classmethod
    def _numbers_only(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("length"), (bool, str)):
            raise ValueError(t("story.problem.bad_number", value=repr(data["length"])[:40]))
        return data


class LowerThirdM(_Strict):
    name: Name
    title: Text = ""
    start: Time = 0.0  # seconds into the segment
    end: Time | None = None  # seconds into the segment; default: the brand preset's duration


class SegmentM(_Strict):
    clip: Name | None = None
    shot: Name | None = None
    from_: Time | None = Field(default=None, alias="from")
    to: Time | None = None
    audio: Literal["sot", "nat", "under", "mute"] | None = None
    lower_third: LowerThirdM | None = None
    transition: Annotated[TransitionM, BeforeValidator(_transition)] = TransitionM()
    audio_lead: Annotated[float, BeforeValidator(seconds), Field(le=MAX_LEAD)] = 0.0
    audio_lag: Annotated[float, BeforeValidator(seconds), Field(le=MAX_LEAD)] = 0.0
    only: Annotated[list[Name], Field(max_length=20)] = []
    skip: Annotated[list[Name], Field(max_length=20)] = []
    note: Text = ""  # for people (the draft says why it chose the segment); never rendered

    @model_validator(mode="after")
    def _shape(self) -> "SegmentM":
        if (self.clip is None) == (self.shot is None):
            raise ValueError(t("story.problem.clip_or_shot"))
        if self.shot is not None:
            if self.from_ is not None or self.to is not None:
                raise ValueError(t("story.problem.shot_times"))
            if "#" not in self.shot:
                raise ValueError(t("story.problem.shot_form", value=self.shot))
        else:
            if self.from_ is None or self.to is None:
                raise ValueError(t("story.problem.from_to"))
            if self.to <= self.from_:
                raise ValueError(t("story.problem.order", start=self.from_, end=self.to))
        if self.only and self.skip:
            raise ValueError(t("story.problem.only_skip"))
        lt = self.lower_third
        if lt is not None and lt.end is not None and lt.end <= lt.start:
            raise ValueError(t("story.problem.lt_order"))
        return self

    @property
    def audio_mode(self) -> str:
        return self.audio or ("sot" if self.lower_third is not None else "nat")


class VoiceoverM(_Strict):
    file: Name  # a file in the assignment (vo/take1.m4a) or a clip's name (its sound)
    at: Time  # story seconds where it starts
    from_: Time = Field(default=0.0, alias="from")
    to: Time | None = None
    text: Annotated[StrictStr, Field(max_length=4000)] = ""  # what is said, for the story sheet

    @model_validator(mode="after")
    def _order(self) -> "VoiceoverM":
        if self.to is not None and self.to <= self.from_:
            raise ValueError(t("story.problem.order", start=self.from_, end=self.to))
        return self


class StoryM(_Strict):
    segments: Annotated[list[SegmentM], Field(min_length=1)]
    voiceover: Annotated[list[VoiceoverM], Field(max_length=50)] = []
    title_card: StrictBool = True
    end_card: StrictBool = True


# --- reading story.yaml ---------------------------------------------------------------------------

def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "literal[", "str", "float", "TransitionM")):
            continue  # pydantic's internal step names for unions and before-validators
        else:
            name = "from" if part == "from_" else str(part)
            out += ("." if out else "") + name
    return out


def _problems(exc: ValidationError) -> list[str]:
    """Key path (as written in story.yaml) and what is wrong: the house's common wording
    (core/validation), with story words for a wrong choice or type."""

    out = []
    for err in exc.errors():
        where = _where(tuple(err.get("loc", ()))) or "(story.yaml)"
        kind = err.get("type")
        if kind == "literal_error":
            msg = t("story.problem.choice", value=repr(err.get("input"))[:40],
                    choices=str((err.get("ctx") or {}).get("expected", "")))
        elif kind in ("string_type", "bool_type", "list_type", "model_type", "dict_type", "float_type",
                      "model_attributes_type", "float_parsing", "finite_number"):
            msg = t("story.problem.type", expected=t(f"story.type.{kind}"), value=repr(err.get("input"))[:60])
        else:
            msg = wording(err)
        out.append(f"{where}: {msg}")
    return out


def parse(data: Any, path: Path | str = STORY_YAML) -> StoryM:
    """Validate a parsed story.yaml; every mistake at once in a :class:`StoryError`."""
    if not isinstance(data, dict):
        raise StoryError("story.error.invalid", path=path, problems=[t("story.problem.not_mapping")])
    segs = data.get("segments")
    if isinstance(segs, list) and len(segs) > MAX_SEGMENTS:
        raise StoryError("story.error.invalid", path=path, problems=[
            "segments: " + t("story.problem.too_many", n=len(segs), limit=MAX_SEGMENTS)])
    try:
        return StoryM.model_validate(data)
    except ValidationError as exc:
        raise StoryError("story.error.invalid", path=path, problems=_problems(exc)) from None


def story_path(asg: Any) -> Path:
    return Path(asg.root) / STORY_YAML


# --- resolved against the assignment --------------------------------------------------------------

@dataclass(frozen=True)
class LowerThird:
    name: str
    title: str
    start: float  # seconds into the segment
    end: float | None


@dataclass(frozen=True)
class Segment:
    index: int  # position in story.yaml (0-based)
    clip_id: str
    sha256: str
    file: str  # relative to the assignment: raw/<name>
    source_in: float  # seconds of the clip
    source_out: float
    audio: str  # sot | nat | under | mute
    transition: str = "cut"  # the join into this segment
    transition_length: float = 0.0
    audio_lead: float = 0.0  # J-cut
    audio_lag: float = 0.0  # L-cut
    lower_third: LowerThird | None = None
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    shot: str | None = None  # "<clip>#<n>" when given by shot
    fps: float | None = None
    clip_duration: float = 0.0
    has_audio: bool = True
    note: str = ""

    @property
    def duration(self) -> float:
        return self.source_out - self.source_in

    def applies(self, platform: str | None) -> bool:
        if platform is None:
            return True
        if self.only:
            return platform in self.only
        return platform not in self.skip

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in (
            "index", "clip_id", "sha256", "file", "source_in", "source_out", "audio", "transition",
            "transition_length", "audio_lead", "audio_lag", "shot", "fps", "note")}
        d["only"], d["skip"] = list(self.only), list(self.skip)
        d["lower_third"] = None if self.lower_third is None else self.lower_third.__dict__.copy()
        return d


@dataclass(frozen=True)
class Voiceover:
    index: int
    file: str  # relative to the assignment
    sha256: str | None  # a clip's (when the recording was ingested)
    clip_id: str | None
    at: float  # story seconds
    source_in: float
    source_out: float
    text: str = ""

    @property
    def duration(self) -> float:
        return self.source_out - self.source_in


@dataclass(frozen=True)
class ResolvedStory:
    path: str  # story.yaml
    segments: tuple[Segment, ...]
    voiceover: tuple[Voiceover, ...] = ()
    title_card: bool = True
    end_card: bool = True
    platforms: tuple[str, ...] = field(default=(), compare=False)  # the assignment's, for show/length

    def for_platform(self, platform: str | None) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.applies(platform))

    def length(self, platform: str | None = None, cards: float = 0.0) -> float:
        """Seconds of the story's picture for ``platform`` (all segments for None): segment lengths less
        each dissolve's overlap, plus ``cards`` (title and end card seconds, from the brand preset)."""
        segs = self.for_platform(platform)
        total = sum(s.duration for s in segs)
        total -= sum(s.transition_length for i, s in enumerate(segs) if i > 0 and s.transition == "dissolve")
        return round(total + cards, 6)

    def fingerprint(self) -> str:
        body = {"segments": [s.to_dict() for s in self.segments],
                "voiceover": [v.__dict__ for v in self.voiceover],
                "cards": [self.title_card, self.end_card]}
        return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def clip_names(rec: dict[str, Any]) -> set[str]:
    """Every name a story may call a clip by: id, raw/ path, file name, stem, sha256, camera file name."""
    names = {str(rec[k]) for k in ("id", "file", "sha256") if rec.get(k)}
    f = str(rec.get("file") or "")
    if f:
        names |= {Path(f).name, Path(f).stem}
    src = str(rec.get("source") or "")
    if src:
        base = src.replace("\\", "/").rsplit("/", 1)[-1]
        names |= {base, base.rsplit(".", 1)[0]}
    return names


def find_clip(records: list[dict[str, Any]], name: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """(the record named ``name`` or None, every record it could mean). Own names (id, raw file, sha)
    win over the camera's file name, which two cards may share (MVI_0001.MOV)."""
    own = [r for r in records if name in {str(r.get("id")), str(r.get("file")), str(r.get("sha256")),
                                           Path(str(r.get("file") or "")).name,
                                           Path(str(r.get("file") or "")).stem}]
    if len(own) == 1:
        return own[0], own
    hits = own or [r for r in records if name in clip_names(r)]
    return (hits[0] if len(hits) == 1 else None), hits


def _media(rec: dict[str, Any]) -> tuple[float, float | None, bool]:
    """(duration, frame rate, has sound) of a manifest record."""
    m = rec.get("media") if isinstance(rec.get("media"), dict) else {}
    dur = m.get("duration")
    dur = float(dur) if isinstance(dur, (int, float)) and not isinstance(dur, bool) and math.isfinite(dur) else 0.0
    fps = None
    has_audio = bool(m.get("has_audio", True))
    for s in m.get("streams") or []:
        if isinstance(s, dict) and s.get("type") == "video":
            f = s.get("fps") or s.get("avg_fps")
            if isinstance(f, (int, float)) and not isinstance(f, bool) and 0 < f < 1000:
                fps = float(f)
            break
    return dur, fps, has_audio


def _shots(asg: Any, sha: str) -> tuple | None:
    from vidjourn.analysis import clip_analysis

    found = clip_analysis.cached(asg.work, sha)
    return None if found is None else found.detection.shots


def _known_platforms(asg: Any) -> set[str] | None:
    try:
        from vidjourn.settings import profiles

        return set(profiles.names(Path(asg.root)))
    except Exception:  # noqa: BLE001 - a broken profile folder is `vidjourn run`'s to report, not ours
        return None


def _fmt(s: float) -> str:
    return f"{s:.3f}".rstrip("0").rstrip(".")


def resolve(asg: Any, story: StoryM, path: Path | str | None = None) -> ResolvedStory:
    """The story's segments with clip id, sha256, file and in/out, checked against the clips
    (duration, shots, sound) and each other (J/L-cuts, transitions). All problems at once."""
    path = path or story_path(asg)
    records = [r for r in asg.clips() if isinstance(r, dict)]
    problems: list[str] = []
    platforms = _known_platforms(asg)
    segs: list[Segment] = []
    listing = ", ".join(sorted(str(r.get("id")) for r in records)[:12]) or "-"

    def clip_record(name: str, where: str) -> dict[str, Any] | None:
        rec, hits = find_clip(records, name)
        if rec is None and not hits:
            problems.append(f"{where}: " + t("story.problem.unknown_clip", name=name, clips=listing))
        elif rec is None:
            problems.append(f"{where}: " + t("story.problem.ambiguous_clip", name=name,
                                             clips=", ".join(str(r.get("id")) for r in hits[:6])))
        return rec

    for i, m in enumerate(story.segments):
        if m is None:  # did not validate (reported already)
            continue
        w = f"segments[{i}]"
        rec = clip_record(m.clip or (m.shot or "").rsplit("#", 1)[0], f"{w}.{'clip' if m.clip else 'shot'}")
        if rec is None:
            continue
        dur, fps, has_audio = _media(rec)
        sha = str(rec.get("sha256") or "")
        if m.shot is not None:
            num = m.shot.rsplit("#", 1)[1]
            shots = _shots(asg, sha) if sha else None
            if not num.isdigit() or int(num) < 1:
                problems.append(f"{w}.shot: " + t("story.problem.shot_form", value=m.shot))
                continue
            if shots is None:
                problems.append(f"{w}.shot: " + t("story.problem.no_shotlog", clip=rec.get("id")))
                continue
            if int(num) > len(shots):
                problems.append(f"{w}.shot: " + t("story.problem.no_such_shot", clip=rec.get("id"), n=num,
                                                  count=len(shots)))
                continue
            shot = shots[int(num) - 1]
            a, b = float(shot.start), float(shot.end)
        else:
            a, b = float(m.from_), float(m.to)  # type: ignore[arg-type]
        if dur > 0 and a >= dur:
            problems.append(f"{w}.from: " + t("story.problem.past_end", value=_fmt(a), clip=rec.get("id"),
                                              duration=_fmt(dur)))
            continue
        if dur > 0 and b > dur + END_SLACK:
            problems.append(f"{w}.to: " + t("story.problem.past_end", value=_fmt(b), clip=rec.get("id"),
                                            duration=_fmt(dur)))
            continue
        b = min(b, dur) if dur > 0 else b
        if fps and b - a < 1 / fps - 1e-6:
            problems.append(f"{w}: " + t("story.problem.too_short", length=_fmt(b - a)))
            continue
        audio = m.audio_mode
        if not has_audio and audio != "mute":
            problems.append(f"{w}.audio: " + t("story.problem.no_sound", clip=rec.get("id"), audio=audio))
        if m.audio_lead > a + 1e-6:
            problems.append(f"{w}.audio_lead: " + t("story.problem.lead_before_start", lead=_fmt(m.audio_lead),
                                                    start=_fmt(a)))
        if dur > 0 and b + m.audio_lag > dur + END_SLACK:
            problems.append(f"{w}.audio_lag: " + t("story.problem.lag_past_end", lag=_fmt(m.audio_lag),
                                                   duration=_fmt(dur)))
        lt = None
        if m.lower_third is not None:
            L = m.lower_third
            if L.start >= b - a:
                problems.append(f"{w}.lower_third.start: " + t("story.problem.lt_outside", length=_fmt(b - a)))
            elif L.end is not None and L.end > b - a + END_SLACK:
                problems.append(f"{w}.lower_third.end: " + t("story.problem.lt_outside", length=_fmt(b - a)))
            lt = LowerThird(L.name, L.title, L.start, None if L.end is None else min(L.end, b - a))
        if platforms is not None:
            for key in ("only", "skip"):
                for j, p in enumerate(getattr(m, key)):
                    if p not in platforms:
                        problems.append(f"{w}.{key}[{j}]: " + t("story.problem.unknown_platform", name=p,
                                                                 names=", ".join(sorted(platforms))))
        segs.append(Segment(
            index=i, clip_id=str(rec.get("id")), sha256=sha, file=str(rec.get("file")), source_in=a,
            source_out=b, audio=audio, transition=m.transition.type,
            transition_length=0.0 if m.transition.type == "cut" else m.transition.length,
            audio_lead=m.audio_lead, audio_lag=m.audio_lag, lower_third=lt, only=tuple(m.only),
            skip=tuple(m.skip), shot=m.shot, fps=fps, clip_duration=dur, has_audio=has_audio, note=m.note))

    # joins: J/L-cuts and transitions against their neighbours (in story.yaml order)
    for k, s in enumerate(segs):
        w = f"segments[{s.index}]"
        prev = segs[k - 1] if k > 0 and segs[k - 1].index == s.index - 1 else None
        nxt = segs[k + 1] if k + 1 < len(segs) and segs[k + 1].index == s.index + 1 else None
        if s.audio_lead > 0:
            if s.index == 0:
                problems.append(f"{w}.audio_lead: " + t("story.problem.lead_first"))
            elif prev is not None and s.audio_lead >= prev.duration - 1e-6:
                problems.append(f"{w}.audio_lead: " + t("story.problem.lead_overlap", lead=_fmt(s.audio_lead),
                                                        length=_fmt(prev.duration)))
            elif prev is not None and prev.audio_lag > 0:
                problems.append(f"{w}.audio_lead: " + t("story.problem.lead_and_lag"))
        if s.audio_lag > 0:
            if s.index == len(story.segments) - 1:
                problems.append(f"{w}.audio_lag: " + t("story.problem.lag_last"))
            elif nxt is not None and s.audio_lag >= nxt.duration - 1e-6:
                problems.append(f"{w}.audio_lag: " + t("story.problem.lag_overlap", lag=_fmt(s.audio_lag),
                                                       length=_fmt(nxt.duration)))
        if s.transition != "cut":
            limit = s.duration / 2 if prev is None else min(s.duration, prev.duration) / 2
            if s.transition_length > limit + 1e-6:
                problems.append(f"{w}.transition.length: " + t("story.problem.transition_long",
                                                               length=_fmt(s.transition_length),
                                                               limit=_fmt(limit)))

    vos: list[Voiceover] = []
    total = sum(s.duration for s in segs)
    for j, v in enumerate(story.voiceover):
        if v is None:
            continue
        w = f"voiceover[{j}]"
        rec, hits = find_clip(records, v.file)
        if rec is not None:
            dur, _, has_audio = _media(rec)
            rel, sha, cid = str(rec.get("file")), str(rec.get("sha256") or "") or None, str(rec.get("id"))
        else:
            if len(hits) > 1:
                problems.append(f"{w}.file: " + t("story.problem.ambiguous_clip", name=v.file,
                                                  clips=", ".join(str(r.get("id")) for r in hits[:6])))
                continue
            found = _vo_file(asg, v.file, f"{w}.file", problems)
            if found is None:
                continue
            rel, dur, has_audio = found
            sha, cid = None, None
        if not has_audio:
            problems.append(f"{w}.file: " + t("story.problem.vo_no_sound", file=v.file))
            continue
        end = v.to if v.to is not None else dur
        if dur > 0 and (v.from_ >= dur or end > dur + END_SLACK):
            problems.append(f"{w}.{'to' if v.from_ < dur else 'from'}: " + t(
                "story.problem.past_end", value=_fmt(end if v.from_ < dur else v.from_), clip=v.file,
                duration=_fmt(dur)))
            continue
        if segs and v.at >= total:
            problems.append(f"{w}.at: " + t("story.problem.vo_after_end", at=_fmt(v.at), length=_fmt(total)))
            continue
        vos.append(Voiceover(j, rel, sha, cid, v.at, v.from_, min(end, dur) if dur > 0 else end, v.text))
    if problems:
        raise StoryError("story.error.invalid", path=path, problems=problems)
    return ResolvedStory(str(path), tuple(segs), tuple(vos), story.title_card, story.end_card)


def _vo_file(asg: Any, value: str, where: str, problems: list[str]) -> tuple[str, float, bool] | None:
    """(relative path, duration, has sound) of a voice-over file inside the assignment."""
    root = Path(asg.root).resolve()
    p = Path(value)
    full = (p if p.is_absolute() else root / p)
    real = Path(os.path.realpath(full))
    if os.path.commonpath([str(root), str(real)]) != str(root):
        problems.append(f"{where}: " + t("story.problem.vo_outside", file=value))
        return None
    if not real.is_file():
        problems.append(f"{where}: " + t("story.problem.vo_missing", file=value))
        return None
    try:
        from vidjourn.core.probe import probe

        info = probe(real)
    except VidjournError as exc:
        problems.append(f"{where}: " + exc.message())
        return None
    return str(real.relative_to(root)), float(info.duration or 0.0), bool(info.audio is not None)


@dataclass
class _Partial:
    """The parts of a story.yaml that validate (None where an entry does not), so the clip checks can
    report their mistakes together with the schema's."""

    segments: list[SegmentM | None]
    voiceover: list[VoiceoverM | None]
    title_card: bool = True
    end_card: bool = True


def _partial(data: Any) -> _Partial | None:
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        return None
    def each(model: type[BaseModel], items: Any) -> list:
        out = []
        for item in items if isinstance(items, list) else []:
            try:
                out.append(model.model_validate(item))
            except ValidationError:
                out.append(None)
        return out
    return _Partial(each(SegmentM, data["segments"]), each(VoiceoverM, data.get("voiceover") or []))


def _order_key(problem: str) -> tuple:
    m = re.match(r"(segments|voiceover)\[(\d+)\]", problem)
    return (0 if m and m.group(1) == "segments" else 1 if m else 2, int(m.group(2)) if m else 0)


def load(asg: Any) -> ResolvedStory:
    """story.yaml of the assignment, validated and resolved: schema and clip mistakes reported together."""
    from vidjourn.core.yamlsafe import load_file

    path = story_path(asg)
    if not path.is_file():
        raise StoryError("story.error.missing", path=path, problems=[])
    try:
        data = load_file(path, max_bytes=MAX_BYTES, max_nodes=MAX_NODES)
    except ConfigError as exc:
        raise StoryError("story.error.unreadable", path=path, problems=[exc.message()]) from None
    try:
        story = parse(data, path)
    except StoryError as exc:
        part = _partial(data) if exc.problems and "segments: " not in exc.problems[0][:10] else None
        if part is None:
            raise
        found = list(exc.problems)
        try:
            resolve(asg, part, path)  # type: ignore[arg-type]
        except StoryError as more:
            found += [p for p in more.problems if p not in found]
        records = [r for r in asg.clips() if isinstance(r, dict)]
        for i, (m, raw) in enumerate(zip(part.segments, data["segments"])):
            name = raw.get("clip") if m is None and isinstance(raw, dict) else None
            if isinstance(name, str) and not find_clip(records, name)[1]:  # its other mistakes aside
                listing = ", ".join(sorted(str(r.get("id")) for r in records)[:12]) or "-"
                found.append(f"segments[{i}].clip: " + t("story.problem.unknown_clip", name=name, clips=listing))
        raise StoryError("story.error.invalid", path=path, problems=sorted(found, key=_order_key)) from None
    return resolve(asg, story, path)


# --- writing story.yaml ---------------------------------------------------------------------------

def _q(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _fmt(float(value))
    if isinstance(value, list):
        return "[" + ", ".join(_q(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_q(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)  # JSON strings are YAML strings


def dump(data: dict[str, Any], header: str = "") -> str:
    """story.yaml text: one segment per line (flow mappings), comments in ``header``. Round-trips
    through :func:`parse` (checked by the writers before anything is written)."""
    lines = [("# " + line) if line else "#" for line in header.splitlines()] if header else []
    if lines:
        lines.append("")
    for key in ("title_card", "end_card"):
        if key in data:
            lines.append(f"{key}: {_q(data[key])}")
    lines.append("segments:")
    for seg in data.get("segments") or []:
        lines.append(f"  - {_q(seg)}")
    vo = data.get("voiceover") or []
    if vo:
        lines.append("voiceover:")
        lines += [f"  - {_q(v)}" for v in vo]
    return "\n".join(lines) + "\n"


def write(asg: Any, data: dict[str, Any], header: str = "") -> Path:
    """Validate ``data`` as a story of ``asg`` and write story.yaml atomically."""
    from vidjourn.core.yamlsafe import loads

    path = story_path(asg)
    text = dump(data, header)
    resolve(asg, parse(loads(text, path=path, max_nodes=MAX_NODES), path), path)
    write_text_atomic(path, text)
    return path


# --- to the render's timeline ---------------------------------------------------------------------

def to_timeline(asg: Any, story: ResolvedStory, *, slug: str | None = None, preset: Any = None,
                layers: dict[str, Any] | None = None):
    """The resolved story as :class:`vidjourn.render.timeline.Timeline` (the one type a clip export and
    a story share). A segment's lower third becomes a layer in its clip's own seconds; an L-cut
    (``audio_lag`` of a segment) is the next segment's negative ``audio_lead``; cards come from the brand
    ``preset`` (a loaded BrandPreset; None: 3 s cards) unless story.yaml turns them off. ``layers``: clip
    id -> SegmentLayers (mask, subtitles) from the other stages' contributions, added by the caller."""

    from vidjourn.render import timeline as T

    segs = []
    for k, s in enumerate(story.segments):
        lead = s.audio_lead
        if k > 0 and story.segments[k - 1].audio_lag > 0:
            lead = -story.segments[k - 1].audio_lag
        base = (layers or {}).get(s.clip_id) or T.SegmentLayers()
        if s.lower_third is not None:
            lt = s.lower_third
            base = _replace(base, lower_thirds=base.lower_thirds + (T.LowerThird(
                lt.name, lt.title, s.source_in + lt.start, None if lt.end is None else s.source_in + lt.end),))
        segs.append(T.Segment(Path(asg.root) / s.file, s.clip_id, s.sha256 or None, s.source_in, s.source_out,
                              audio=s.audio, transition=s.transition if k else "cut",
                              transition_len=s.transition_length if k else 0.0, audio_lead=lead, layers=base,
                              only=s.only, skip=s.skip))

    def card(c: Any, on: bool):
        if not on:
            return None
        if c is None:
            return T.Card()
        return T.Card(duration=c.duration, fade=getattr(preset, "fade", 0.3)) if c.enabled else None

    vos = tuple(T.VoiceOver(Path(asg.root) / v.file, v.at, v.source_in, v.source_out, v.sha256)
                for v in story.voiceover)
    return T.Timeline(tuple(segs), slug=slug or "story",
                      title=card(getattr(preset, "title_card", None), story.title_card),
                      end=card(getattr(preset, "end_card", None), story.end_card), voiceover=vos)


def existing(asg: Any) -> tuple[dict[str, Any], str]:
    """(story.yaml as plain data, its leading comment lines as a header) — for the commands that add to
    it; an empty story when there is none. The file must still be readable (bounded, safe)."""
    from vidjourn.core.yamlsafe import load_file

    path = story_path(asg)
    if not path.is_file():
        return {"segments": []}, ""
    try:
        data = load_file(path, max_bytes=MAX_BYTES, max_nodes=MAX_NODES) or {}
    except ConfigError as exc:
        raise StoryError("story.error.unreadable", path=path, problems=[exc.message()]) from None
    if not isinstance(data, dict) or not isinstance(data.get("segments", []), list):
        raise StoryError("story.error.invalid", path=path, problems=[t("story.problem.not_mapping")])
    header = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].removeprefix(" "))
    return dict(data), "\n".join(header)
