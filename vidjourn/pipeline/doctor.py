"""`vidjourn doctor`: is this machine ready? ffmpeg, encoders that really work, filters, fonts, disk.

Plain data for the CLI (table or --json); nothing here prints.
"""

from __future__ import annotations

import platform
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from vidjourn import __version__
from vidjourn.core import ffmpeg
from vidjourn.core.errors import VidjournError
from vidjourn.render.encoders import available_encoders, pick_encoder
from vidjourn.stages.registry import load, rooms

# filter -> what needs it. libass renders subtitles, freetype text, loudnorm/ebur128 the loudness.
FILTERS = {
    "ass": "libass", "subtitles": "libass", "drawtext": "freetype", "loudnorm": "loudnorm",
    "ebur128": "ebur128", "overlay": "overlay", "scale": "scale",
}
FONT_EXTS = (".ttf", ".otf", ".ttc")
LOW_DISK = 2 * 1024**3  # below 2 GiB a few minutes of 1080p exports will not fit


@dataclass(frozen=True)
class DoctorReport:
    vidjourn: str
    python: str
    python_path: str
    platform: str
    ffmpeg_path: str | None
    ffmpeg_version: str | None
    ffmpeg_error: str | None
    pyav: str | None
    encoders: dict[str, Any] = field(default_factory=dict)  # name -> EncoderStatus
    auto_encoder: str | None = None
    filters: dict[str, bool] = field(default_factory=dict)
    fonts_dir: str = ""
    fonts: tuple[str, ...] = ()
    disk_path: str = ""
    disk_free: int | None = None
    signing: dict[str, Any] = field(default_factory=dict)  # the optional sign extra and the unit's keys
    captions: dict[str, Any] = field(default_factory=dict)  # the optional captions extra and its model
    rooms: dict[str, Any] = field(default_factory=dict)  # any other room's check (ROOM.doctor), by room

    @property
    def problems(self) -> list[tuple[str, dict[str, Any]]]:
        """Blocking or serious issues as (message key, args)."""
        out: list[tuple[str, dict[str, Any]]] = []
        if self.ffmpeg_path is None:
            out.append(("doctor.problem_ffmpeg", {"detail": self.ffmpeg_error or "?"}))
            return out
        if not (self.encoders.get("libx264") and self.encoders["libx264"].works):
            out.append(("doctor.problem_x264", {}))
        missing = sorted({FILTERS[f] for f, ok in self.filters.items() if not ok})
        if missing:
            out.append(("doctor.problem_filters", {"names": ", ".join(missing)}))
        if not self.fonts:
            out.append(("doctor.problem_fonts", {"path": self.fonts_dir}))
        if self.disk_free is not None and self.disk_free < LOW_DISK:
            out.append(("doctor.problem_disk", {"path": self.disk_path, "free": _gib(self.disk_free)}))
        return out

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "vidjourn": self.vidjourn,
            "python": {"version": self.python, "path": self.python_path},
            "platform": self.platform,
            "ffmpeg": {"path": self.ffmpeg_path, "version": self.ffmpeg_version, "error": self.ffmpeg_error},
            "pyav": self.pyav,
            "encoders": {k: asdict(v) for k, v in self.encoders.items()},
            "auto_encoder": self.auto_encoder,
            "filters": self.filters,
            "fonts": {"dir": self.fonts_dir, "files": list(self.fonts)},
            "disk": {"path": self.disk_path, "free_bytes": self.disk_free},
            "signing": self.signing,
            "captions": self.captions,
            **({"rooms": self.rooms} if self.rooms else {}),
            "problems": [k for k, _ in self.problems],
        }


def _gib(n: int) -> str:
    return f"{n / 1024**3:.1f} GiB"


def fonts_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "fonts"


def _filters() -> dict[str, bool]:
    out, _ = ffmpeg.capture(["-filters"])
    names = set()
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) >= 3 and "->" in parts[2]:
            names.add(parts[1])
    return {f: f in names for f in FILTERS}


def _room_checks() -> dict[str, Any]:
    """Each room's own check (``ROOM.doctor``): the sign room's keys, the captions room's model..."""
    found = {room.name: load(room.doctor)() for room in rooms() if room.doctor}
    return {"signing": found.pop("sign", {}), "captions": found.pop("captions", {}), "rooms": found}


def run_doctor(disk_path: Path | str = ".", refresh: bool = False) -> DoctorReport:
    try:
        import av

        pyav = av.__version__
    except ImportError:  # pragma: no cover - av is a hard dependency
        pyav = None
    base: dict[str, Any] = dict(
        vidjourn=__version__, python=platform.python_version(), python_path=sys.executable,
        platform=f"{platform.system()} {platform.release()} {platform.machine()}", pyav=pyav,
        fonts_dir=str(fonts_dir()),
        fonts=tuple(sorted(p.name for p in fonts_dir().glob("*") if p.suffix.lower() in FONT_EXTS)),
        **_room_checks(),
    )
    dp = Path(disk_path).resolve()
    while not dp.exists() and dp != dp.parent:  # the folder may not exist yet (demo DIR)
        dp = dp.parent
    try:
        base["disk_free"] = shutil.disk_usage(dp).free
        base["disk_path"] = str(dp)
    except OSError:
        base["disk_path"] = str(dp)
    try:
        path = ffmpeg.ffmpeg_path()
    except VidjournError as exc:
        return DoctorReport(ffmpeg_path=None, ffmpeg_version=None, ffmpeg_error=exc.message(), **base)

    encs = available_encoders(refresh=refresh)
    return DoctorReport(
        ffmpeg_path=path, ffmpeg_version=ffmpeg.version(), ffmpeg_error=None, encoders=encs,
        auto_encoder=pick_encoder("auto"), filters=_filters(), **base,
    )
