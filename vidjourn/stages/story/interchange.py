"""Editors take over and hand back: the story as OpenTimelineIO (``.otio``), FCP XML (``.xml``: Resolve,
Premiere, Kdenlive) and CMX 3600 EDL (``.edl``), pointing at the originals in raw/; and an edit from any of
them read back into story.yaml.

* Written with the ``opentimelineio`` package and its adapters (``otio-fcp-adapter``,
  ``otio-cmx3600-adapter``): the ``timeline`` extra. One video track and one audio track of cuts; each
  clip named by its id, its media reference the original's file URL with the clip's whole length as
  available range, and vidjourn's own fields (sha256, audio role, lower third, only/skip, note) in the
  clip's metadata under ``vidjourn`` (OTIO keeps them; FCP XML and EDL do not). The rate is the most common
  frame rate of the story's clips (25 when unknown); times are whole frames of it.
* Reading back maps each clip of the first video track to a clip of raw/: by the sha256 in vidjourn's
  metadata, else by the media's file name, the clip name or the EDL's reel name (any name
  :func:`model.find_clip` knows: id, raw/ file name, stem, camera file name). Clips that map to nothing are
  reported by name and left out; the rest become story.yaml (validated like any other). A media reference
  with its own start (a camera's start timecode) has it subtracted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vidjourn.core.errors import UsageError, VidjournError

FORMATS = {".otio": "otio_json", ".xml": "fcp_xml", ".edl": "cmx_3600"}
INSTALL = 'pip install "vidjourn[timeline]"'


class TimelineUnavailable(VidjournError):
    exit_code = 2


def _otio():
    try:
        import opentimelineio as otio
    except ImportError:
        raise TimelineUnavailable("story.error.no_otio", install=INSTALL) from None
    return otio


def _adapter(path: Path) -> str:
    name = FORMATS.get(path.suffix.lower())
    if name is None:
        raise UsageError("story.error.timeline_format", path=path, formats=", ".join(FORMATS))
    return name


def story_rate(story: Any) -> float:
    """The most common frame rate of the story's segments, as a rate editors use (25, 29.97, 30...)."""
    rates = Counter()
    for s in story.segments:
        if s.fps:
            r = round(s.fps, 2)
            for std in (23.976, 24, 25, 29.97, 30, 50, 59.94, 60):
                if abs(r - std) < 0.02:
                    r = std
            rates[r] += 1
    if not rates:
        return 25.0
    rate = rates.most_common(1)[0][0]
    return float(rate) if rate in (23.976, 24, 25, 29.97, 30, 50, 59.94, 60) else float(round(rate))


def build(asg: Any, story: Any, name: str = "story"):
    """The resolved story as an ``otio.schema.Timeline``."""
    otio = _otio()
    rate = story_rate(story)
    tl = otio.schema.Timeline(name=name)
    tl.global_start_time = otio.opentime.RationalTime(0, rate)
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    for s in story.segments:
        url = (Path(asg.root) / s.file).resolve().as_uri()
        avail = otio.opentime.TimeRange(otio.opentime.RationalTime(0, rate),
                                        otio.opentime.RationalTime(round(s.clip_duration * rate), rate))
        start = otio.opentime.RationalTime(round(s.source_in * rate), rate)
        dur = otio.opentime.RationalTime(round(s.source_out * rate) - round(s.source_in * rate), rate)
        meta = {"vidjourn": {"sha256": s.sha256, "clip": s.clip_id, "file": s.file, "audio": s.audio,
                             "only": list(s.only), "skip": list(s.skip), "note": s.note,
                             "lower_third": None if s.lower_third is None else dict(s.lower_third.__dict__),
                             "from": s.source_in, "to": s.source_out}}
        for track in (video, audio):
            ref = otio.schema.ExternalReference(target_url=url, available_range=avail)
            track.append(otio.schema.Clip(name=s.clip_id, media_reference=ref,
                                          source_range=otio.opentime.TimeRange(start, dur), metadata=meta))
    tl.tracks.append(video)
    tl.tracks.append(audio)
    return tl


def export(asg: Any, story: Any, out: Path, name: str = "story") -> Path:
    """Write the story to ``out`` (.otio, .xml or .edl) atomically; returns ``out``."""
    from vidjourn.core.fsutil import write_text_atomic

    otio = _otio()
    adapter = _adapter(out)
    tl = build(asg, story, name)
    if adapter == "cmx_3600":
        tl = _video_only(otio, tl)
        text = otio.adapters.write_to_string(tl, adapter, style="avid", reelname_len=None)
    else:
        text = otio.adapters.write_to_string(tl, adapter)
    write_text_atomic(out, text)
    return out


def _video_only(otio, tl):
    v = otio.schema.Timeline(name=tl.name, global_start_time=tl.global_start_time)
    v.tracks.append(tl.video_tracks()[0].clone())
    return v


@dataclass(frozen=True)
class Imported:
    data: dict[str, Any]  # story.yaml content
    mapped: tuple[tuple[str, str], ...]  # (name in the edit, clip id)
    unmapped: tuple[str, ...]  # names of clips that map to no original


def _names(clip: Any) -> list[str]:
    """Every name an edit gives a clip: vidjourn's sha256/id, the media file's name, the clip name, the reel."""
    from urllib.parse import unquote, urlparse

    out: list[str] = []
    meta = clip.metadata.get("vidjourn") if hasattr(clip, "metadata") else None
    if meta:
        out += [str(meta.get(k)) for k in ("sha256", "clip") if meta.get(k)]
    ref = clip.media_reference
    url = getattr(ref, "target_url", None)
    if url:
        path = unquote(urlparse(url).path) if "://" in url else url
        base = path.replace("\\", "/").rsplit("/", 1)[-1]
        out += [base, base.rsplit(".", 1)[0]]
    if clip.name:
        out += [clip.name, clip.name.rsplit(".", 1)[0]]
    cmx = clip.metadata.get("cmx_3600") if hasattr(clip, "metadata") else None
    if isinstance(cmx, dict) and cmx.get("reel"):
        out.append(str(cmx["reel"]))
    return [n for n in dict.fromkeys(out) if n]


def read(asg: Any, path: Path, rate: float | None = None) -> Imported:
    """Read an OTIO / FCP XML / EDL edit and map it to the assignment's clips."""
    from vidjourn.stages.story.model import find_clip

    otio = _otio()
    adapter = _adapter(path)
    if not path.is_file():
        raise UsageError("story.error.timeline_missing", path=path)
    if path.stat().st_size > 50 * 1024 * 1024:
        raise UsageError("story.error.timeline_unreadable", path=path, reason="larger than 50 MB")
    try:
        kw = {"rate": rate or 25} if adapter == "cmx_3600" else {}
        got = otio.adapters.read_from_file(str(path), adapter, **kw)
    except Exception as exc:  # noqa: BLE001 - any parser error of a foreign file is the file's fault
        raise UsageError("story.error.timeline_unreadable", path=path, reason=" ".join(str(exc).split())[:200]) from None
    timelines = [got] if isinstance(got, otio.schema.Timeline) else list(got.find_children(
        descended_from_type=otio.schema.Timeline)) if hasattr(got, "find_children") else []
    if not timelines or not timelines[0].video_tracks():
        raise UsageError("story.error.timeline_empty", path=path)
    records = asg.clips()
    segments, mapped, unmapped = [], [], []
    for item in timelines[0].video_tracks()[0]:
        if not isinstance(item, otio.schema.Clip):
            continue  # gaps and transitions: the story's joins are cuts here
        rec = None
        for n in _names(item):
            rec, _ = find_clip(records, n)
            if rec is not None:
                break
        label = item.name or (_names(item) or ["?"])[0]
        if rec is None:
            unmapped.append(label)
            continue
        sr = item.source_range or item.available_range()
        offset = 0.0
        avail = getattr(item.media_reference, "available_range", None)
        if avail is not None:
            offset = avail.start_time.to_seconds()
        a = sr.start_time.to_seconds() - offset
        b = a + sr.duration.to_seconds()
        seg: dict[str, Any] = {"clip": str(rec.get("id")), "from": round(max(0.0, a), 3), "to": round(b, 3)}
        meta = item.metadata.get("vidjourn") or {}
        has_sound = bool((rec.get("media") or {}).get("has_audio", True))
        if meta.get("audio") and (has_sound or meta["audio"] == "mute"):
            seg["audio"] = meta["audio"]
        elif not has_sound:
            seg["audio"] = "mute"  # a clip without sound: silence, whatever the edit says
        if meta.get("lower_third"):
            lt = {k: v for k, v in meta["lower_third"].items() if v not in (None, "")}
            if lt.get("name"):
                seg["lower_third"] = lt
        for key in ("only", "skip"):
            if meta.get(key):
                seg[key] = list(meta[key])
        seg["note"] = f"{path.name}: {label}"
        segments.append(seg)
        mapped.append((label, str(rec.get("id"))))
    return Imported({"segments": segments}, tuple(mapped), tuple(unmapped))
