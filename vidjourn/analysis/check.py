"""`vidjourn check`: an independent verdict on whether a file meets a platform profile.

Independent of the export stage on purpose: it reads the file itself (PyAV for streams and tags,
packet timestamps for constant frame rate, the MP4 box order for faststart, ffmpeg's ``ebur128`` for
loudness) and knows nothing of how the file was made, so it also judges files from other tools.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from vidjourn.core.errors import MediaError
from vidjourn.core.i18n import t
from vidjourn.settings.profiles import Profile
from vidjourn.render.plan import frame_for

LOUDNESS_TOLERANCE = 1.0  # LU around the profile's integrated target
TRUE_PEAK_TOLERANCE = 1.0  # dB over the profile's ceiling (AAC encoding adds a little overshoot)
SILENCE_LUFS = -60.0  # quieter than this counts as a silent track (exempt from the loudness target)
DURATION_SLACK = 0.05  # seconds; frame/sample rounding at the ends
# Tags a muxer writes on its own that say nothing about who, where or when.
HARMLESS_TAGS = {"major_brand", "minor_version", "compatible_brands", "encoder", "handler_name",
                 "vendor_id", "language"}
# Byte patterns of private metadata in the non-media boxes of an MP4/MOV.
# loci: the 3GPP location box ffmpeg's mp4 muxer writes from a "location" tag; ©xyz/©mak/©mod: QuickTime's.
PRIVATE_BYTES = (b"ISO6709", b"\xa9xyz", b"loci", b"\xa9mak", b"\xa9mod", b"com.apple.quicktime",
                 b"com.android", b"location")


@dataclass(frozen=True)
class CheckItem:
    key: str  # container | video_codec | ... (label: t("check.item.<key>"))
    ok: bool
    value: str
    want: str

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.key, "ok": self.ok, "value": self.value, "want": self.want}


@dataclass(frozen=True)
class CheckResult:
    path: str
    platform: str
    items: tuple[CheckItem, ...] = field(default_factory=tuple)
    loudness: dict[str, float | None] | None = None

    @property
    def ok(self) -> bool:
        return all(i.ok for i in self.items)

    @property
    def failures(self) -> list[CheckItem]:
        return [i for i in self.items if not i.ok]

    def reasons(self) -> str:
        return "; ".join(f"{t('check.item.' + i.key)} {i.value} ({i.want})" for i in self.failures)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "platform": self.platform, "ok": self.ok,
                "items": [i.to_dict() for i in self.items], "loudness": self.loudness}


# --- readers ----------------------------------------------------------------------------------------

def top_level_boxes(path: Path) -> list[str]:
    """The types of an ISO-BMFF file's top-level boxes, in file order (reads headers only)."""
    boxes: list[str] = []
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        end = fh.tell()
        pos = 0
        while pos + 8 <= end and len(boxes) < 1000:
            fh.seek(pos)
            head = fh.read(16)
            size = int.from_bytes(head[:4], "big")
            kind = head[4:8].decode("latin-1")
            if size == 1:
                size = int.from_bytes(head[8:16], "big")
            elif size == 0:
                size = end - pos
            if size < 8 or not re.fullmatch(r"[\x20-\x7e\xa9]{4}", kind):
                break  # not a box: not an MP4, or damaged
            boxes.append(kind)
            pos += size
    return boxes


def private_bytes(path: Path) -> list[str]:
    """Private-metadata byte patterns found in the file's boxes other than the media data."""
    found: set[str] = set()
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        end = fh.tell()
        pos = 0
        while pos + 8 <= end:
            fh.seek(pos)
            head = fh.read(16)
            size = int.from_bytes(head[:4], "big")
            kind = head[4:8]
            if size == 1:  # 64-bit size follows the type
                size = int.from_bytes(head[8:16], "big")
            elif size == 0:
                size = end - pos
            if size < 8:
                break
            if kind not in (b"mdat", b"free", b"skip"):
                fh.seek(pos)
                body = fh.read(min(size, 64 * 1024 * 1024))
                for pat in PRIVATE_BYTES:
                    if pat in body:
                        found.add(pat.decode("latin-1"))
            pos += size
    return sorted(found)


def _cfr(pts: list[int], time_base: Fraction) -> tuple[bool, float | None]:
    """(constant?, rate) from packet timestamps: every frame lasts the same, give or take one tick."""
    pts = sorted(set(pts))
    if len(pts) < 2:
        return True, None
    durs = [b - a for a, b in zip(pts, pts[1:])]
    # The last frame's duration is not in the list; one odd step allowed for an edit at the very end.
    body = durs[:-1] if len(durs) > 2 else durs
    lo, hi = min(body), max(body)
    mean = sum(durs) / len(durs)
    rate = float(1 / (Fraction(mean).limit_denominator(1_000_000) * time_base)) if mean else None
    return (hi - lo) <= 1, rate


def _read(path: Path) -> dict[str, Any]:
    import av

    try:
        container = av.open(str(path), metadata_errors="replace")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise MediaError("error.not_media", path=path, reason=str(exc).split(": '")[0]) from None
    with container:
        facts: dict[str, Any] = {
            "format": container.format.name,
            "brand": container.metadata.get("major_brand", ""),
            "duration": (container.duration or 0) / 1_000_000,
            "streams": [],
            "tags": {f"format.{k}": v for k, v in container.metadata.items()},
        }
        for s in container.streams:
            cc = s.codec_context
            facts["streams"].append({"type": s.type, "codec": cc.name if cc is not None else None})
            facts["tags"].update({f"stream{s.index}.{k}": v for k, v in s.metadata.items()})
        v = container.streams.video[0] if container.streams.video else None
        if v is not None:
            cc = v.codec_context
            facts.update(width=cc.width, height=cc.height, profile=cc.profile, sar=v.sample_aspect_ratio)
            pts = [p.pts for p in container.demux(v) if p.pts is not None]
            facts["cfr"], facts["fps"] = _cfr(pts, v.time_base)
        a = container.streams.audio[0] if container.streams.audio else None
        if a is not None:
            facts.update(sample_rate=a.codec_context.sample_rate, channels=a.codec_context.channels)
    return facts


def _private_tags(tags: dict[str, str]) -> list[str]:
    out = []
    for k, v in tags.items():
        name = k.split(".", 1)[1].lower()
        if name in HARMLESS_TAGS:
            continue
        if name == "creation_time" and str(v).startswith(("1970-01-01", "1904-01-01")):
            continue  # a zero timestamp carries nothing
        out.append(k)
    return out


# --- the verdict ------------------------------------------------------------------------------------

def check(path: Path | str, profile: Profile, *, measure_loudness: bool = True) -> CheckResult:
    """Judge ``path`` against ``profile``; never raises for a non-conforming file, only for unreadable ones."""
    path = Path(path)
    if not path.is_file():
        raise MediaError("error.file_missing", path=path)
    f = _read(path)
    items: list[CheckItem] = []

    def add(key: str, ok: bool, value: object, want: object) -> None:
        items.append(CheckItem(key, bool(ok), str(value), str(want)))

    is_mp4 = "mp4" in f["format"].split(",") and not f["brand"].startswith("qt")
    add("container", is_mp4 and path.suffix.lower() == ".mp4", f"{f['format']} {f['brand']}".strip(), "mp4")
    types = [s["type"] for s in f["streams"]]
    add("streams", types.count("video") == 1 and types.count("audio") == 1 and len(types) == 2,
        "+".join(types) or "-", "video+audio")
    vcodec = next((s["codec"] for s in f["streams"] if s["type"] == "video"), None)
    acodec = next((s["codec"] for s in f["streams"] if s["type"] == "audio"), None)
    add("video_codec", vcodec == "h264", vcodec or "-", "h264")
    if vcodec == "h264":
        prof = (f.get("profile") or "").lower()
        want = profile.video.profile
        ok = prof == want or (want == "baseline" and prof == "constrained baseline")
        add("h264_profile", ok, f.get("profile") or "-", want)
    add("audio_codec", acodec == "aac", acodec or "-", "aac")
    if acodec:
        add("audio_rate", f.get("sample_rate") == profile.audio.sample_rate, f.get("sample_rate"),
            profile.audio.sample_rate)

    if vcodec:
        w, h = f["width"], f["height"]
        add("frame", _frame_ok(profile, w, h, f.get("sar")), f"{w}x{h}", _frame_want(profile))
        fps = f.get("fps")
        lo, hi = profile.fps.min or 0, profile.fps.max
        add("fps", fps is not None and lo - 0.01 <= fps <= hi + 0.01, f"{fps:.3f}" if fps else "-",
            f"{lo:g}-{hi:g}")
        add("cfr", f.get("cfr"), "CFR" if f.get("cfr") else "VFR", "CFR")

    dur = f["duration"]
    dmin, dmax = profile.duration.min, profile.duration.max
    ok = (dmin is None or dur >= dmin - DURATION_SLACK) and (dmax is None or dur <= dmax + DURATION_SLACK)
    add("duration", ok, f"{dur:.2f} s", f"{dmin or 0:g}-{dmax:g} s" if dmax else f">= {dmin or 0:g} s")
    size = path.stat().st_size
    cap = profile.max_size_bytes
    add("size", cap is None or size <= cap, f"{size / 1e6:.2f} MB", f"<= {cap / 1e6:g} MB" if cap else "-")

    boxes = top_level_boxes(path)
    front = "moov" in boxes and "mdat" in boxes and boxes.index("moov") < boxes.index("mdat")
    add("faststart", front, t("check.value.front") if front else t("check.value.back"), t("check.value.front"))

    private = _private_tags(f["tags"]) + [f"bytes:{b}" for b in private_bytes(path)]
    add("metadata", not private, ", ".join(private) or t("check.value.none"), t("check.value.none"))

    loud = None
    if measure_loudness and acodec:
        from vidjourn.analysis.loudness import measure

        m = measure(path, duration=dur)
        loud = m.to_dict() if m else None
        target = profile.loudness.integrated
        if m is None or m.integrated is None or m.integrated <= SILENCE_LUFS:
            add("loudness", True, t("check.value.silent"), f"{target:g} LUFS ±{LOUDNESS_TOLERANCE:g}")
        else:
            add("loudness", abs(m.integrated - target) <= LOUDNESS_TOLERANCE, f"{m.integrated:.1f} LUFS",
                f"{target:g} LUFS ±{LOUDNESS_TOLERANCE:g}")
            if m.true_peak is not None:
                ceiling = profile.loudness.true_peak + TRUE_PEAK_TOLERANCE
                add("true_peak", m.true_peak <= ceiling, f"{m.true_peak:.1f} dBTP", f"<= {ceiling:g} dBTP")
    return CheckResult(str(path), profile.name, tuple(items), loud)


def _frame_ok(profile: Profile, w: int, h: int, sar: Fraction | None) -> bool:
    if w % 2 or h % 2 or (sar not in (None, 0) and sar != 1):
        return False
    fr = profile.frame
    if fr.fit == "exact":
        sizes = {(fr.width, fr.height)}
        if fr.orientation == "keep":
            sizes.add((fr.height, fr.width))
        return (w, h) in sizes
    g = frame_for(profile, w, h)  # "within": the file's own shape must already fit
    return (g.width, g.height) == (w, h)


def _frame_want(profile: Profile) -> str:
    fr = profile.frame
    if fr.fit == "within":
        return t("check.want.within", long=max(fr.width, fr.height), short=min(fr.width, fr.height))
    if fr.orientation == "keep":
        return f"{fr.width}x{fr.height} / {fr.height}x{fr.width}"
    return f"{fr.width}x{fr.height}"
