"""Exact facts about a media file, without ffprobe.

Uses PyAV (libavformat in-process): container and stream fields come straight from libav's structs
(exact rationals, no text parsing), the display matrix and interlacing from the first decoded video
frame, and the VFR flag from the packet timestamps of the first ~2000 video packets (demux only, no
decoding). Why PyAV and not moviepy's parser of ``ffmpeg -i``: see docs/DESIGN.md.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any

from vidjourn.core.cache import JsonCache, file_key, user_cache_dir
from vidjourn.core.errors import MediaError, os_error

VFR_SCAN_PACKETS = 2000

GPS_KEYS = (
    "com.apple.quicktime.location.ISO6709",
    "location",
    "location-eng",
    "com.android.location",
)
MAKE_KEYS = ("com.apple.quicktime.make", "make", "com.android.manufacturer")
MODEL_KEYS = ("com.apple.quicktime.model", "model", "com.android.model")
CREATION_KEYS = ("com.apple.quicktime.creationdate", "creation_time", "date")


@dataclass(frozen=True)
class StreamInfo:
    index: int
    type: str  # video | audio | subtitle | data | attachment
    codec: str | None
    # video
    width: int | None = None
    height: int | None = None
    sar: str | None = None
    fps: float | None = None
    avg_fps: float | None = None
    vfr: bool | None = None
    interlaced: bool | None = None
    rotation: int | None = None
    pix_fmt: str | None = None
    # audio
    sample_rate: int | None = None
    channels: int | None = None

    def to_dict(self) -> dict[str, Any]:
        keys = ["index", "type", "codec"]
        if self.type == "video":
            keys += ["width", "height", "sar", "fps", "avg_fps", "vfr", "interlaced", "rotation", "pix_fmt"]
        elif self.type == "audio":
            keys += ["sample_rate", "channels"]
        d = asdict(self)
        return {k: d[k] for k in keys}


@dataclass(frozen=True)
class MediaInfo:
    path: str
    size: int
    container: str
    duration: float
    start_time: float
    display_width: int | None
    display_height: int | None
    has_audio: bool
    creation_time: str | None
    gps: str | None
    device: str | None
    streams: tuple[StreamInfo, ...] = field(default_factory=tuple)

    @property
    def video(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.type == "video"), None)

    @property
    def audio(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.type == "audio"), None)

    @property
    def rotation(self) -> int:
        v = self.video
        return (v.rotation or 0) if v else 0

    @property
    def portrait(self) -> bool:
        return bool(self.display_width and self.display_height and self.display_height > self.display_width)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in (
            "path", "size", "container", "duration", "start_time", "display_width", "display_height",
            "has_audio", "creation_time", "gps", "device")}
        d["streams"] = [s.to_dict() for s in self.streams]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "MediaInfo":
        streams = tuple(StreamInfo(**s) for s in d.get("streams", []))
        return cls(**{k: v for k, v in d.items() if k != "streams"}, streams=streams)


def _r(x: Fraction | None, nd: int = 3) -> float | None:
    return round(float(x), nd) if x else None


def _container_name(fmt_name: str, suffix: str, meta: dict[str, str], codecs: set[str]) -> str:
    names = fmt_name.split(",")
    if "mov" in names:
        if meta.get("major_brand", "").startswith("qt"):
            return "mov"
        return "mp4" if suffix != ".mov" else "mov"
    if "matroska" in names:
        return "webm" if suffix == ".webm" or codecs <= {"vp8", "vp9", "av1", "vorbis", "opus"} else "mkv"
    return names[0]


def _first(meta_dicts: list[dict[str, str]], keys: tuple[str, ...]) -> str | None:
    for m in meta_dicts:
        lower = {k.lower(): v for k, v in m.items()}
        for k in keys:
            v = lower.get(k.lower())
            if v and v.strip():
                return v.strip()
    return None


def _iso_time(value: str | None) -> str | None:
    """Normalise creation times (ISO, '2012-09-10 20:52:00', Apple's '+0700' offsets) to ISO 8601."""
    if not value:
        return None
    v = value.strip()
    v = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", v)  # +0700 -> +07:00
    v = v.replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(v.replace(" ", "T", 1) if "T" not in v else v)
    except ValueError:
        return value
    if dt.year < 1971:  # a zero QuickTime date (1904/1970) means "not set"
        return None
    if dt.tzinfo is not None and dt.utcoffset() == timezone.utc.utcoffset(None):
        return dt.strftime("%Y-%m-%dT%H:%M:%S") + "Z"
    return dt.isoformat()


def _is_vfr(packet_pts: list[int], time_base: Fraction) -> bool:
    """True when frame durations vary by more than timestamp rounding can explain."""
    pts = sorted(set(packet_pts))
    if len(pts) < 4:
        return False
    durs = [b - a for a, b in zip(pts, pts[1:])]
    durs.sort()
    # Ignore the extreme 2% at each end (a single odd frame at a splice is not VFR).
    cut = len(durs) // 50
    core = durs[cut: len(durs) - cut] or durs
    lo, hi = core[0], core[-1]
    # Rounding to the time base can make a constant rate alternate by one tick (1/600 at 29.97).
    return (hi - lo) > max(1, 0.02 * hi)


def probe(path: Path | str) -> MediaInfo:
    """Probe ``path``. Raises :class:`MediaError` with a clear reason for unreadable files."""
    import av  # heavy import kept out of CLI start-up

    p = Path(path)
    if not p.exists():
        if os.path.lexists(p):  # a broken link or a link loop: say which
            try:
                os.stat(p)
            except OSError as exc:
                raise os_error(exc, p) from None
        raise MediaError("error.file_missing", path=p)
    if p.is_dir():
        raise MediaError("error.not_media", path=p, reason="folder")
    from vidjourn.core.fsutil import require_regular

    require_regular(p)  # a FIFO or a device (a link to /dev/zero): refused, never opened
    try:
        with open(p, "rb"):  # permission denied is said as such, not as "not a readable video"
            pass
    except OSError as exc:
        raise os_error(exc, p) from None
    size = p.stat().st_size
    if size == 0:
        raise MediaError("error.empty_file", path=p)
    try:
        container = av.open(str(p), metadata_errors="replace")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise MediaError("error.not_media", path=p, reason=_reason(exc)) from None
    with container:
        meta = dict(container.metadata)
        streams_meta = [dict(s.metadata) for s in container.streams]
        codecs = {s.codec_context.name for s in container.streams if s.codec_context is not None}
        infos: list[StreamInfo] = []
        display = (None, None)
        first_video = True
        for s in container.streams:
            cc = s.codec_context
            codec = cc.name if cc is not None else (s.metadata.get("handler_name") and None)
            if s.type == "video" and cc is not None:
                rotation, interlaced = 0, None
                vfr = None
                if first_video:
                    rotation, interlaced = _first_frame_facts(container, s)
                    vfr = _scan_vfr(container, s)
                sar = s.sample_aspect_ratio or cc.sample_aspect_ratio or Fraction(1, 1)
                fps = cc.framerate or s.guessed_rate or s.average_rate
                avg = s.average_rate or fps
                info = StreamInfo(
                    index=s.index, type="video", codec=codec, width=cc.width, height=cc.height,
                    sar=f"{sar.numerator}:{sar.denominator}", fps=_r(fps), avg_fps=_r(avg), vfr=vfr,
                    interlaced=interlaced, rotation=rotation, pix_fmt=cc.pix_fmt,
                )
                if first_video:
                    w = round(cc.width * sar) if sar != 1 else cc.width
                    h = cc.height
                    display = (h, w) if rotation in (90, -90) else (w, h)
                    first_video = False
                infos.append(info)
            elif s.type == "audio" and cc is not None:
                infos.append(StreamInfo(index=s.index, type="audio", codec=codec,
                                        sample_rate=cc.sample_rate, channels=cc.channels))
            else:
                infos.append(StreamInfo(index=s.index, type=s.type, codec=codec))
        if not infos or all(i.type not in ("video", "audio") for i in infos):
            raise MediaError("error.not_media", path=p, reason="no audio or video streams")
        duration = (container.duration or 0) / 1_000_000
        if not duration:
            duration = max((float(s.duration * s.time_base) for s in container.streams
                            if s.duration and s.time_base), default=0.0)
        start = (container.start_time or 0) / 1_000_000
        make = _first([meta, *streams_meta], MAKE_KEYS)
        model = _first([meta, *streams_meta], MODEL_KEYS)
        device = " ".join(x for x in (make, model) if x) or None
        return MediaInfo(
            path=str(p.resolve()),
            size=size,
            container=_container_name(container.format.name, p.suffix.lower(), meta, codecs),
            duration=round(duration, 3),
            start_time=round(start, 3),
            display_width=display[0],
            display_height=display[1],
            has_audio=any(i.type == "audio" for i in infos),
            creation_time=_iso_time(_first([meta, *streams_meta], CREATION_KEYS)),
            gps=_first([meta, *streams_meta], GPS_KEYS),
            device=device,
            streams=tuple(infos),
        )


def _reason(exc: BaseException) -> str:
    msg = getattr(exc, "strerror", None) or str(exc)
    return re.sub(r"^\[Errno -?\d+\]\s*", "", msg).split(": '")[0]


def _first_frame_facts(container, stream) -> tuple[int, bool | None]:
    """Display rotation (degrees, ffmpeg's sign) and interlacing, from the first decoded frame."""
    import av

    try:
        container.seek(0)
    except av.error.FFmpegError:
        pass
    try:
        for frame in container.decode(stream):
            rot = int(round(getattr(frame, "rotation", 0) or 0)) % 360
            rot = {0: 0, 90: 90, 180: 180, 270: -90}.get(rot, rot)
            return rot, bool(frame.interlaced_frame)
    except (av.error.FFmpegError, ValueError):
        pass
    return 0, None


def _scan_vfr(container, stream) -> bool:
    import av

    try:
        container.seek(0)
    except av.error.FFmpegError:
        pass
    pts: list[int] = []
    try:
        for pkt in container.demux(stream):
            if pkt.pts is not None:
                pts.append(pkt.pts)
            if len(pts) >= VFR_SCAN_PACKETS:
                break
    except (av.error.FFmpegError, ValueError):
        pass
    return _is_vfr(pts, stream.time_base)


PROBE_CACHE_VERSION = 1


def probe_cached(path: Path | str) -> MediaInfo:
    """:func:`probe`, remembered in the user cache folder by absolute path, size and mtime.

    Editors re-render the same clip several times (adjusting a lower third, trying a preset); the probe
    (PyAV import, one decoded frame, a packet scan: 0.1-0.2 s) is then paid once. A file that changes
    gets a new mtime and is probed again; a broken cache entry is ignored.
    """

    p = Path(path)
    key = file_key(p, PROBE_CACHE_VERSION)
    if key is None:
        return probe(p)
    cache = JsonCache(user_cache_dir() / "probe")
    data = cache.get(key)
    if data is not None:
        try:
            return MediaInfo.from_dict(data)
        except (ValueError, TypeError, KeyError):
            pass
    info = probe(p)
    cache.put(key, info.to_dict())  # a read-only cache folder only costs the probe next time
    return info
