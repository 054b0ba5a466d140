"""Editors take over and hand back: the story as OpenTimelineIO (``.otio``), FCP XML (``.xml``: Resolve,
Premiere, Kdenlive) and CMX 3600 EDL (``.edl``), pointing at the originals in raw/; and an edit from any of
them read back into story.yaml.

* Written with the ``opentimelineio`` package and its adapters (``otio-fcp-adapter``,
  ``otio-cmx3600-adapter``): the ``timeline`` extra. One video track (cuts and dissolves; a dip, which
  these formats lack, is a cut there and kept in vidjourn's metadata for OTIO) and one audio track; each
  clip named by its id, its media reference the original's file URL with the clip's whole length as
  available range, and vidjourn's own fields (sha256, audio role, lower third, only/skip, note) in the
  clip's metadata under ``vidjourn`` (OTIO keeps them; FCP XML and EDL do not). The rate is the most common
  frame rate of the story's clips (25 when unknown); times are whole frames of it.
* Reading back maps each clip of the first video track to a clip of raw/: by the sha256 in vidjourn's
  metadata, else by the clip name, the EDL's reel name or the media's file name (any name
  :func:`model.find_clip` knows: id, raw/ file name, stem, camera file name), else by the sha256 of the
  media file the edit points at when it is on this machine (an edit made on the card's files). Clips that map to nothing are
  reported by name and left out; the rest become story.yaml (validated like any other). A media reference
  with its own start (a camera's start timecode) has it subtracted.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from vidjourn.core.digest import file_sha256
from vidjourn.core.errors import UsageError, VidjournError
from vidjourn.core.fsutil import write_text_atomic

FORMATS = {".otio": "otio_json", ".xml": "fcp_xml", ".edl": "cmx_3600"}
INSTALL = 'pip install "vidjourn[timeline]"'
MAX_HASH_BYTES = 256 * 1024**3  # an edit's media file hashed to find its original: at most this big


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


def _frames(story: Any, rate: float) -> list[tuple[int, int, int, int]]:
    """Per segment (first frame, end frame, in_offset, out_offset of the dissolve INTO it) at ``rate``.
    A vidjourn dissolve overlaps the two segments by its length L; in OTIO a transition sits on the cut
    and borrows media beyond it: the outgoing clip is trimmed by ``out_offset`` frames (its media runs on
    under the transition), the incoming one starts ``in_offset`` frames later. Same media, same length."""
    out = []
    for s in story.segments:
        out.append([round(s.source_in * rate), round(s.source_out * rate), 0, 0])
    for k, s in enumerate(story.segments):
        if k and s.transition == "dissolve" and s.transition_length > 0:
            lf = max(2, round(s.transition_length * rate))
            after = lf // 2  # of the outgoing clip, past the cut
            before = lf - after  # of the incoming clip, before the cut
            out[k - 1][1] -= after
            out[k][0] += before
            out[k][2], out[k][3] = before, after
    return [tuple(x) for x in out]  # type: ignore[misc]


def build(asg: Any, story: Any, name: str = "story"):
    """The resolved story as an ``otio.schema.Timeline``: cuts and dissolves (SMPTE_Dissolve); a dip is
    kept in vidjourn's clip metadata only (OTIO, FCP XML and EDL have no dip)."""
    otio = _otio()
    RT, TR = otio.opentime.RationalTime, otio.opentime.TimeRange
    rate = story_rate(story)
    tl = otio.schema.Timeline(name=name)
    tl.global_start_time = RT(0, rate)
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    for s, (a, b, before, after) in zip(story.segments, _frames(story, rate)):
        url = (Path(asg.root) / s.file).resolve().as_uri()
        avail = TR(RT(0, rate), RT(round(s.clip_duration * rate), rate))
        meta = {"vidjourn": {"sha256": s.sha256, "clip": s.clip_id, "file": s.file, "audio": s.audio,
                             "only": list(s.only), "skip": list(s.skip), "note": s.note,
                             "transition": {"type": s.transition, "length": s.transition_length},
                             "lower_third": None if s.lower_third is None else dict(s.lower_third.__dict__),
                             "from": s.source_in, "to": s.source_out}}
        for track in (video, audio):
            if before or after:  # the sound cross-fades with the picture
                track.append(otio.schema.Transition(transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                                                    in_offset=RT(before, rate), out_offset=RT(after, rate)))
            ref = otio.schema.ExternalReference(target_url=url, available_range=avail)
            track.append(otio.schema.Clip(name=s.clip_id, media_reference=ref,
                                          source_range=TR(RT(a, rate), RT(b - a, rate)), metadata=meta))
    tl.tracks.append(video)
    tl.tracks.append(audio)
    return tl


def export(asg: Any, story: Any, out: Path, name: str = "story") -> Path:
    """Write the story to ``out`` (.otio, .xml or .edl) atomically; returns ``out``."""
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
    """Every name an edit gives a clip, most trusted first: vidjourn's sha256/id, the clip's name, the EDL
    reel, then the media file's name (the EDL reader gives a dissolve's incoming clip the outgoing clip's
    media URL, so the URL comes last; a clip renamed in the editor still maps by its URL)."""

    out: list[str] = []
    meta = clip.metadata.get("vidjourn") if hasattr(clip, "metadata") else None
    if meta:
        out += [str(meta.get(k)) for k in ("sha256", "clip") if meta.get(k)]
    if clip.name:
        out += [clip.name, clip.name.rsplit(".", 1)[0]]
    cmx = clip.metadata.get("cmx_3600") if hasattr(clip, "metadata") else None
    if hasattr(cmx, "get") and cmx.get("reel"):
        out += [str(cmx["reel"]), str(cmx["reel"]).rsplit(".", 1)[0]]
    ref = clip.media_reference
    url = getattr(ref, "target_url", None)
    if url:
        path = unquote(urlparse(url).path) if "://" in url else url
        base = path.replace("\\", "/").rsplit("/", 1)[-1]
        out += [base, base.rsplit(".", 1)[0]]
    return [n for n in dict.fromkeys(out) if n]


def _media_sha256(clip: Any, hashed: dict[str, str | None]) -> str | None:
    """sha256 of the local file an edit's clip points at (a regular file; each path hashed once), so an
    edit made on the card's files maps to the originals in raw/ by their bytes whatever their names."""


    url = getattr(clip.media_reference, "target_url", None)
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("", "file"):
        return None
    path = unquote(parsed.path) if parsed.scheme else url
    if path not in hashed:
        hashed[path] = None
        try:
            real = os.path.realpath(path)
            st = os.stat(real)
            import stat as _stat

            # a regular file of a plausible size, not a kernel pseudo-file (/proc/kcore says 128 TB)
            if (_stat.S_ISREG(st.st_mode) and 0 < st.st_size <= MAX_HASH_BYTES
                    and not real.startswith(("/proc/", "/sys/", "/dev/"))):
                hashed[path] = file_sha256(real)
        except OSError:
            pass
    return hashed[path]


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
    hashed: dict[str, str | None] = {}
    segments, mapped, unmapped = [], [], []
    pending = None  # a dissolve seen before the clip it leads into
    last_ok = False  # the clip before it was mapped (its end gets the transition's media)
    for item in timelines[0].video_tracks()[0]:
        if isinstance(item, otio.schema.Transition):
            pending = item
            if last_ok and segments:
                segments[-1]["to"] = round(segments[-1]["to"] + item.out_offset.to_seconds(), 3)
            continue
        if not isinstance(item, otio.schema.Clip):
            pending, last_ok = None, False
            continue  # a gap: the story has none
        rec = None
        for n in _names(item):
            rec, _ = find_clip(records, n)
            if rec is not None:
                break
        if rec is None:  # the edit's media on disk (the card, a copy): the same bytes as an original?
            sha = _media_sha256(item, hashed)
            rec = next((r for r in records if sha and r.get("sha256") == sha), None)
        label = item.name or (_names(item) or ["?"])[0]
        if rec is None:
            unmapped.append(label)
            pending, last_ok = None, False
            continue
        sr = item.source_range or item.available_range()
        offset = 0.0
        avail = getattr(item.media_reference, "available_range", None)
        if avail is not None:
            offset = avail.start_time.to_seconds()
        a = sr.start_time.to_seconds() - offset
        b = a + sr.duration.to_seconds()
        meta = item.metadata.get("vidjourn") or {}
        trans = None
        if pending is not None:
            a -= pending.in_offset.to_seconds()
            length = pending.in_offset.to_seconds() + pending.out_offset.to_seconds()
            if length > 0 and segments:
                trans = {"type": "dissolve", "length": round(length, 3)}
        elif hasattr(meta.get("transition"), "get") and meta["transition"].get("type") == "dip" and segments:
            trans = {"type": "dip", "length": float(meta["transition"].get("length") or 0.5)}
        pending, last_ok = None, True
        seg: dict[str, Any] = {"clip": str(rec.get("id")), "from": round(max(0.0, a), 3), "to": round(b, 3)}
        if trans is not None:
            seg["transition"] = trans
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
