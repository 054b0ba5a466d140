"""redact.yaml (hand-made regions per clip) and the ``redact:`` settings of vidjourn.yaml, validated strictly.

Every mistake is reported at once with its key path (``<sha256>.regions[1].keyframes[0].box``), in the
user's language. Times are seconds from the clip's first picture or timecodes (``00:01:02.5``); boxes are
``[x, y, width, height]`` in pixels of the upright picture as a player shows it (the review sheet prints
that size).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vidjourn.core import validation
from vidjourn.core.errors import ConfigError, VidjournError
from vidjourn.core.finite import FINITE
from vidjourn.core.i18n import t
from vidjourn.core.timeutil import parse_time

REDACT_FILE = "redact.yaml"
FACES = ("auto", "off")
MODES = ("mosaic", "solid", "blur")
SHAPES = ("box", "ellipse")
MAX_PIXELS = 100_000  # no picture is this wide: a larger number in a box is a typo (1.0e+308, 1e9)


class RedactConfigError(VidjournError):
    """redact.yaml or vidjourn.yaml's ``redact:`` has mistakes; ``problems`` lists all of them."""

    exit_code = 2

    def __init__(self, key: str, /, *, problems: list[str], **kwargs: object) -> None:
        self.problems = problems
        super().__init__(key, problems="\n".join(f"  - {p}" for p in problems), **kwargs)


# --- plain results -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Keyframe:
    t: float
    box: tuple[float, float, float, float]  # x, y, w, h (pixels)


@dataclass(frozen=True)
class Region:
    keyframes: tuple[Keyframe, ...]
    shape: str = "box"
    label: str = ""
    start: float | None = None
    end: float | None = None
    follow: bool = False  # follow with an OpenCV tracker from the first keyframe

    def window(self, clip_end: float) -> tuple[float, float]:
        ks = self.keyframes
        a = self.start if self.start is not None else (ks[0].t if len(ks) > 1 or self.follow else 0.0)
        b = self.end if self.end is not None else (ks[-1].t if len(ks) > 1 and not self.follow else clip_end)
        return a, b

    def box_at(self, t: float) -> tuple[float, float, float, float]:
        ks = self.keyframes
        if t <= ks[0].t:
            return ks[0].box
        for k0, k1 in zip(ks, ks[1:]):
            if t <= k1.t:
                f = (t - k0.t) / (k1.t - k0.t) if k1.t > k0.t else 1.0
                return tuple(a + (b - a) * f for a, b in zip(k0.box, k1.box))  # type: ignore[return-value]
        return ks[-1].box


@dataclass(frozen=True)
class Keep:
    box: tuple[float, float, float, float] | None = None
    track: int | None = None
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class ClipRedaction:
    regions: tuple[Region, ...] = ()
    blank: tuple[tuple[float, float], ...] = ()
    keep: tuple[Keep, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(self.raw, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class Settings:
    faces: str = "auto"
    mode: str = "mosaic"
    required: bool = False
    every: int | None = None  # detect on 1 frame in N; None: from the picture size (analysis.faces)


# --- validation ----------------------------------------------------------------------------------

def _models():
    from pydantic import BaseModel, ConfigDict, Field, field_validator


    def _time(v: Any) -> float:
        if isinstance(v, bool):
            raise ValueError(t("redact.yaml.bad_time", value=v))
        try:
            return parse_time(v)
        except VidjournError:
            raise ValueError(t("redact.yaml.bad_time", value=v)) from None

    def _box(v: Any) -> tuple[float, float, float, float]:
        if not isinstance(v, (list, tuple)) or len(v) != 4 or any(
                isinstance(x, bool) or not isinstance(x, (int, float)) for x in v):
            raise ValueError(t("redact.yaml.bad_box", value=v))
        x, y, w, h = (float(a) for a in v)
        if not all(math.isfinite(a) and a <= MAX_PIXELS for a in (x, y, w, h)) or w <= 0 or h <= 0 or x < 0 or y < 0:
            raise ValueError(t("redact.yaml.bad_box", value=v))
        return x, y, w, h

    class Strict(BaseModel):
        model_config = ConfigDict(**FINITE, extra="forbid", populate_by_name=True)

    class KeyframeM(Strict):
        t: Any
        box: Any

        @field_validator("t")
        @classmethod
        def _t(cls, v):
            return _time(v)

        @field_validator("box")
        @classmethod
        def _b(cls, v):
            return _box(v)

    class RegionM(Strict):
        label: str = ""
        shape: str = "box"
        keyframes: list[KeyframeM] = Field(min_length=1)
        from_: Any = Field(default=None, alias="from")
        to: Any = None
        track: bool = False

        @field_validator("shape")
        @classmethod
        def _s(cls, v):
            if v not in SHAPES:
                raise ValueError(t("redact.yaml.bad_choice", value=v, choices=", ".join(SHAPES)))
            return v

        @field_validator("from_", "to")
        @classmethod
        def _ft(cls, v):
            return None if v is None else _time(v)

    class BlankM(Strict):
        from_: Any = Field(alias="from")
        to: Any

        @field_validator("from_", "to")
        @classmethod
        def _ft(cls, v):
            return _time(v)

    class KeepM(Strict):
        box: Any = None
        track: int | None = Field(default=None, ge=1)
        from_: Any = Field(default=None, alias="from")
        to: Any = None

        @field_validator("box")
        @classmethod
        def _b(cls, v):
            return None if v is None else _box(v)

        @field_validator("from_", "to")
        @classmethod
        def _ft(cls, v):
            return None if v is None else _time(v)

    class ClipM(Strict):
        file: str = ""  # a reminder for people; the key is the sha256
        regions: list[RegionM] = []
        blank: list[BlankM] = []
        keep: list[KeepM] = []

    class SettingsM(Strict):
        faces: str = "auto"
        mode: str = "mosaic"
        required: bool = False
        every: int | None = Field(default=None, ge=1, le=30)

        @field_validator("faces", mode="before")
        @classmethod
        def _yaml_off(cls, v):
            # YAML 1.1 reads a bare `off` as false and `on` as true: the README's own `{faces: off}`
            return _faces_word(v)

        @field_validator("faces")
        @classmethod
        def _f(cls, v):
            if v not in FACES:
                raise ValueError(t("redact.yaml.bad_choice", value=v, choices=", ".join(FACES)))
            return v

        @field_validator("mode")
        @classmethod
        def _m(cls, v):
            if v not in MODES:
                raise ValueError(t("redact.yaml.bad_choice", value=v, choices=", ".join(MODES)))
            return v

    class PartialSettingsM(SettingsM):
        @field_validator("faces", mode="before")
        @classmethod
        def _yaml_off2(cls, v):
            return _faces_word(v)

        faces: str | None = None  # type: ignore[assignment]
        mode: str | None = None  # type: ignore[assignment]
        required: bool | None = None  # type: ignore[assignment]

        @field_validator("faces", "mode")
        @classmethod
        def _none_ok(cls, v, info):
            if v is None:
                return v
            choices = FACES if info.field_name == "faces" else MODES
            if v not in choices:
                raise ValueError(t("redact.yaml.bad_choice", value=v, choices=", ".join(choices)))
            return v

    class StorySettingsM(SettingsM):
        clips: dict[str, PartialSettingsM] = {}

    return ClipM, StorySettingsM


def _faces_word(v: Any) -> Any:
    """``faces: off`` / ``on`` written bare: YAML gives False / True; they mean "off" / "auto"."""
    if v is False:
        return "off"
    if v is True:
        return "auto"
    return v


def load_redact_file(path: Path) -> dict[str, ClipRedaction]:
    """Parse and validate redact.yaml (absent: nothing by hand). Keys are clip sha256s."""
    from pydantic import ValidationError

    from vidjourn.core.yamlsafe import load_file

    if not path.exists():
        return {}
    try:
        data = load_file(path) or {}  # the one safe loader: aliases cannot multiply, size bounded
    except ConfigError as exc:
        raise RedactConfigError("redact.error.yaml_syntax", path=path, problems=[exc.message()]) from None
    if not isinstance(data, dict):
        raise RedactConfigError("redact.error.yaml_invalid", path=path, problems=[t("redact.yaml.not_mapping")])
    ClipM, _ = _models()
    problems: list[str] = []
    out: dict[str, ClipRedaction] = {}
    for sha, body in data.items():
        key = str(sha)
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            problems.append(f"{key}: {t('redact.yaml.bad_sha')}")
            continue
        try:
            m = ClipM.model_validate(body or {})
        except ValidationError as exc:
            problems += validation.problems(exc, key)
            continue
        for i, r in enumerate(m.regions):
            ts = [k.t for k in r.keyframes]
            if ts != sorted(ts):
                problems.append(f"{key}.regions[{i}].keyframes: {t('redact.yaml.keyframe_order')}")
            if r.from_ is not None and r.to is not None and r.to < r.from_:
                problems.append(f"{key}.regions[{i}]: {t('redact.yaml.range_order')}")
        for i, b in enumerate(m.blank):
            if b.to <= b.from_:
                problems.append(f"{key}.blank[{i}]: {t('redact.yaml.range_order')}")
        for i, k in enumerate(m.keep):
            if (k.box is None) == (k.track is None):
                problems.append(f"{key}.keep[{i}]: {t('redact.yaml.keep_one')}")
        out[key] = ClipRedaction(
            regions=tuple(Region(keyframes=tuple(Keyframe(k.t, k.box) for k in r.keyframes), shape=r.shape,
                                 label=r.label, start=r.from_, end=r.to, follow=r.track) for r in m.regions),
            blank=tuple((b.from_, b.to) for b in m.blank),
            keep=tuple(Keep(box=k.box, track=k.track, start=k.from_, end=k.to) for k in m.keep),
            raw=json.loads(json.dumps(body or {}, default=str)))
    if problems:
        raise RedactConfigError("redact.error.yaml_invalid", path=path, problems=problems)
    return out


def frame_problems(sha: str, manual: ClipRedaction, width: int, height: int, duration: float | None
                   ) -> list[str]:
    """What in a clip's redact.yaml entry lies off its picture or outside its time, with key paths.

    A box is clipped to the frame when it is drawn; one with no area on the frame (``[5000, 0, 10, 10]``
    on a 1280-wide clip, ``1.0e+308``) hides nothing and is an error here, so review, approve and
    export refuse it alike. Times after the clip's end are errors too (a region that starts there hides
    nothing)."""
    out: list[str] = []
    end = (duration or 0.0) + 0.05 if duration else None

    def box(where: str, b: tuple[float, float, float, float] | None) -> None:
        if b is None or width <= 0 or height <= 0:
            return
        x, y, w, h = b
        if min(x + w, width) - max(x, 0.0) <= 0 or min(y + h, height) - max(y, 0.0) <= 0:
            out.append(f"{where}: {t('redact.yaml.off_frame', value=list(b), width=width, height=height)}")

    def time(where: str, v: float | None) -> None:
        if v is not None and end is not None and v > end:
            out.append(f"{where}: {t('redact.yaml.after_end', value=round(v, 3), duration=round(duration or 0, 3))}")

    for i, r in enumerate(manual.regions):
        for k, kf in enumerate(r.keyframes):
            box(f"{sha}.regions[{i}].keyframes[{k}].box", kf.box)
            time(f"{sha}.regions[{i}].keyframes[{k}].t", kf.t)
        time(f"{sha}.regions[{i}].from", r.start)
    for i, (a, _b) in enumerate(manual.blank):
        time(f"{sha}.blank[{i}].from", a)
    for i, k in enumerate(manual.keep):
        box(f"{sha}.keep[{i}].box", k.box)
        time(f"{sha}.keep[{i}].from", k.start)
    return out


def story_settings(story: dict[str, Any], story_file: Path) -> tuple[Settings | None, dict[str, dict]]:
    """vidjourn.yaml's ``redact:`` -> (story settings or None when absent, per-clip overrides)."""
    from pydantic import ValidationError


    raw = story.get("redact")
    if raw is None:
        return None, {}
    if raw is True:
        raw = {}
    _, StorySettingsM = _models()
    try:
        m = StorySettingsM.model_validate(raw)
    except ValidationError as exc:
        raise RedactConfigError("redact.error.story_invalid", path=story_file,
                                problems=validation.problems(exc, "redact")) from None
    clips = {k: {f: v for f, v in c.model_dump().items() if v is not None} for k, c in m.clips.items()}
    return Settings(m.faces, m.mode, m.required, m.every), clips


def clip_settings(story: dict[str, Any], story_file: Path, record: dict[str, Any]) -> Settings | None:
    """The settings for one clip (story level, overridden by an entry keyed by its id, file, stem or sha)."""
    base, per = story_settings(story, story_file)
    names = {str(record.get(k)) for k in ("id", "file", "sha256") if record.get(k)}
    if record.get("file"):
        names |= {Path(record["file"]).name, Path(record["file"]).stem}
    over: dict[str, Any] = {}
    for k, v in per.items():
        if k in names:
            over.update(v)
    if base is None and not over:
        return None
    base = base or Settings()
    return Settings(over.get("faces", base.faces), over.get("mode", base.mode),
                    over.get("required", base.required), over.get("every", base.every))
