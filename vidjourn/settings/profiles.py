"""Platform export profiles: pydantic models, loading and the per-source decisions they drive.

Profiles are data (``presets/platforms/<name>.yaml``), found through :mod:`vidjourn.core.lookup` (kind
``platforms``) so a user overrides or adds one by dropping a YAML file into the assignment's
``presets/platforms/`` or the user config folder. ``extends: <name>`` starts from another profile
(the next one down the lookup order when it names itself) and deep-merges the file on top.

Validation is strict and whole: unknown keys and wrong types are collected into one
:class:`~vidjourn.core.errors.PresetError` naming the file and each key path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vidjourn.core import lookup, validation
from vidjourn.core.errors import ConfigError, PresetError, UsageError
from vidjourn.core.finite import FINITE
from vidjourn.core.i18n import t

KIND = "platforms"
MB = 1_000_000  # "16 MB" is read as 16,000,000 bytes: the smaller (safe) reading of the cap


class _Strict(BaseModel):
    model_config = ConfigDict(**FINITE, extra="forbid", strict=True, frozen=True)


class Frame(_Strict):
    width: int = Field(ge=16, le=7680)
    height: int = Field(ge=16, le=7680)
    # fixed: always width x height. keep: width x height for landscape sources, swapped for portrait.
    orientation: Literal["fixed", "keep"] = "fixed"
    # exact: the output is exactly the frame (reframed). within: the source's shape scaled down to fit.
    fit: Literal["exact", "within"] = "exact"

    @model_validator(mode="after")
    def _even(self) -> "Frame":
        if self.width % 2 or self.height % 2:
            raise ValueError("width and height must be even (H.264 4:2:0)")
        return self


class Fps(_Strict):
    min: float | None = Field(default=None, gt=0)
    max: float = Field(default=60, gt=0, le=120)
    default: float = Field(default=30, gt=0, le=120)  # for VFR sources and rates with no good multiple


class Video(_Strict):
    codec: Literal["h264"] = "h264"
    profile: Literal["baseline", "main", "high"] = "high"
    level: str | float = "auto"
    pix_fmt: Literal["yuv420p"] = "yuv420p"
    gop_seconds: float = Field(default=2.0, gt=0, le=10)
    closed_gop: bool = True
    crf: int = Field(default=21, ge=0, le=51)
    maxrate_kbps: int = Field(default=16000, ge=100)
    maxrate_kbps_high_fps: int | None = Field(default=None, ge=100)  # used above 30 fps
    bufsize_seconds: float = Field(default=2.0, gt=0, le=10)
    floor_kbps_720p: int = Field(default=350, ge=50)  # watchable floor at 1280x720 30 fps


class Audio(_Strict):
    codec: Literal["aac"] = "aac"
    sample_rate: int = Field(default=48000, ge=8000, le=96000)
    channels: Literal[1, 2] = 2
    bitrate_kbps: int = Field(default=128, ge=16, le=512)


class Loudness(_Strict):
    integrated: float = Field(default=-14, ge=-40, le=-5)
    true_peak: float = Field(default=-1, ge=-9, le=0)
    lra: float = Field(default=11, ge=1, le=50)


class Duration(_Strict):
    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, gt=0)
    too_long: Literal["error", "trim", "split"] = "error"
    too_short: Literal["error", "pad"] = "pad"
    part_seconds: float | None = Field(default=None, gt=1)  # split length; default: max


class SafeArea(_Strict):
    top: float = Field(default=0.05, ge=0, le=0.5)
    bottom: float = Field(default=0.05, ge=0, le=0.5)
    left: float = Field(default=0.05, ge=0, le=0.5)
    right: float = Field(default=0.05, ge=0, le=0.5)


class Profile(_Strict):
    name: str
    label: str = ""
    extends: str | None = None
    container: Literal["mp4"] = "mp4"
    faststart: bool = True
    frame: Frame
    reframe: Literal["fit", "blur", "crop", "pad"] = "blur"
    fps: Fps = Fps()
    video: Video = Video()
    audio: Audio = Audio()
    loudness: Loudness = Loudness()
    duration: Duration = Duration()
    max_size_mb: float | None = Field(default=None, gt=0)
    safe_area: SafeArea = SafeArea()
    # True when the platform hands the file to viewers as it is (WhatsApp); False when it re-encodes
    # every upload (Instagram, YouTube, ...), so quality it cannot show is wasted CPU. --speed picks
    # the x264 settings from this (settings/speeds.py).
    delivered_as_is: bool = False
    source: str = ""  # the file it came from (filled in by load)

    @property
    def max_size_bytes(self) -> int | None:
        return int(self.max_size_mb * MB) if self.max_size_mb else None


# --- loading ------------------------------------------------------------------------------------------

def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _read_yaml(path: Path) -> dict[str, Any]:
    from vidjourn.core.yamlsafe import load_file

    try:
        data = load_file(path) or {}
    except ConfigError as exc:
        raise PresetError("export.error.bad_profile", path=path, problems=[exc.message()]) from None
    if not isinstance(data, dict):
        raise PresetError("export.error.bad_profile", path=path, problems=[t("export.problem.not_mapping")])
    return data


# The short names officers type (issue 22): `--to wa,ig`. A profile file of that very name wins.
ALIASES = {"wa": "whatsapp", "ig": "reels", "yt": "youtube", "fb": "facebook", "tt": "tiktok"}


def canonical(name: str, root: Path | None = None) -> str:
    """``name`` with a short alias (wa, ig, yt, fb, tt; any case) spelled out, unless a profile of that
    very name exists (in the assignment, the user's folder or built in)."""
    alias = ALIASES.get(name.strip().lower())
    if alias is None or name in names(root):
        return name
    return alias


def _raw(name: str, root: Path | None, skip: set[Path]) -> tuple[dict[str, Any], Path]:
    """The merged raw dict for ``name`` (following ``extends``), skipping files already in the chain."""
    found = None
    looped = None  # a file of this name that is already in the chain: `extends` went round
    as_path = Path(name)
    if as_path.suffix in (".yaml", ".yml") and as_path.is_file() and as_path.resolve() not in skip:
        found = as_path.resolve()
    else:
        for _origin, folder in lookup.search_dirs(KIND, root):
            for ext in (".yaml", ".yml"):
                cand = folder / f"{name}{ext}"
                if cand.is_file() and cand.resolve() not in skip:
                    found = cand.resolve()
                    break
                if cand.is_file():
                    looped = looped or cand.resolve()
            if found:
                break
    if found is None and looped is not None:
        # "No platform profile 'loopa'. Did you mean loopa" was the answer to a loop
        raise PresetError("export.error.bad_profile", path=looped,
                          problems=[f"extends: {t('export.problem.extends_loop', name=name)}"])
    if found is None:
        from vidjourn.core.names import did_you_mean

        known = [f.name for f in lookup.list_all(KIND, root)]
        raise UsageError("export.error.unknown_profile", name=name, names=", ".join(known),
                         hint=did_you_mean(name, known + sorted(ALIASES)))
    data = _read_yaml(found)
    parent = data.get("extends")
    if parent is not None and (not isinstance(parent, str) or not _PLAIN_NAME.match(parent)):
        # extends names a profile, never a path: "../../etc/passwd" cannot pull in files from elsewhere
        raise PresetError("export.error.bad_profile", path=found,
                          problems=[f"extends: {t('export.problem.extends_name', value=repr(parent))}"])
    if isinstance(parent, str) and parent:
        base, _ = _raw(parent, root, skip | {found})
        base.pop("name", None)
        data = _merge(base, data)
    return data, found


_PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def load(name: str, root: Path | None = None) -> Profile:
    """The validated profile ``name`` (a name or alias looked up in order, or a path to a YAML file)."""
    name = canonical(name, root)
    data, path = _raw(name, root, set())
    data.setdefault("name", Path(name).stem if name.endswith((".yaml", ".yml")) else name)
    data["source"] = str(path)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise PresetError("export.error.bad_profile", path=path, problems=validation.problems(exc)) from None


def load_many(names: list[str], root: Path | None = None) -> list[Profile]:
    """Load every profile; all problems of all files reported in one error."""
    profiles, problems, first = [], [], None
    for n in names:
        try:
            profiles.append(load(n, root))
        except PresetError as exc:
            first = first or exc
            problems += [f"{exc.kwargs.get('path')}: {p}" for p in exc.problems]
    if first is not None:
        if len(problems) == len(first.problems):
            raise first
        raise PresetError("export.error.bad_profiles", problems=problems)
    return profiles


def names(root: Path | None = None) -> list[str]:
    return [f.name for f in lookup.list_all(KIND, root)]

# Per-source decisions (frame, rate, H.264 level) live in vidjourn.render.plan: the one place where a
# profile becomes ffmpeg arguments.
