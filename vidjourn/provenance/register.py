"""The register: one JSON line per published file, per assignment and per office, signed.

A platform that re-encodes a file strips its manifest and changes every byte; what survives is what a
person can read off the picture — the short ID on the end card — and, for a copy that was only
re-packaged (``ffmpeg -c copy``, a download that remuxes), the hashes of its streams. Each line holds:

    {"id": "7K3M-Q2XD", "sha256": ..., "size": ..., "platform": "reels", "story": slug,
     "time": "2026-11-12T08:00:00+00:00", "file": "out/reels/x.mp4", "unit": ..., "clip": ...,
     "streams": {"v0": sha256 of the video packets, "a0": ...}}

The register is signed by a C2PA sidecar (``register.jsonl.c2pa``, a data-hash manifest over the file),
so ``verify`` checks it with the same root and the same verdicts as a video.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from vidjourn.core import ffmpeg
from vidjourn.core.errors import FileSystemError, ProvenanceError
from vidjourn.core.fsutil import parse_model, read_bounded

REGISTER = "register.jsonl"
_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "ABCDEFGHJKMNPQRSTVWXYZ0123456789")


def short_id(*parts: str) -> str:
    """A stable, readable ID for one publication (unit, story, clip, platform): 8 characters of
    Crockford base32 (no I, L, O, U: nothing to misread on a phone screen), shown as ``XXXX-XXXX``.

    Decided before the render, so it can be drawn on the end card of the very file it names.
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    code = base64.b32encode(digest).decode("ascii").translate(_CROCKFORD)[:8]
    return f"{code[:4]}-{code[4:]}"


def publication_id(story: dict[str, Any], clip: str, platform: str) -> str:
    """The short ID of one clip published to one platform: from the story's unit and slug, so the end
    card (drawn before the file exists) and the signature (made after) agree."""
    return short_id(str(story.get("unit") or ""), str(story.get("slug") or ""), str(clip), str(platform))


def normalise_id(text: str) -> str:
    s = re.sub(r"[^0-9A-Za-z]", "", text).upper().replace("O", "0").replace("I", "1").replace("L", "1")
    return f"{s[:4]}-{s[4:8]}" if len(s) == 8 else text


def parse_streamhash(text: str) -> dict[str, str]:
    """``0,v,SHA256=ab..`` lines from ffmpeg's streamhash muxer → ``{"v0": "ab..", "a0": ...}``."""
    out: dict[str, str] = {}
    counts: dict[str, int] = {}
    for line in text.splitlines():
        parts = line.strip().split(",")
        if len(parts) != 3 or "=" not in parts[2]:
            continue
        kind = parts[1]
        n = counts.get(kind, 0)
        counts[kind] = n + 1
        out[f"{kind}{n}"] = parts[2].split("=", 1)[1].lower()
    return out


MAX_BYTES = 256 * 1024 * 1024  # ~500,000 publications of an office


class Entry(BaseModel):
    """One line of a register. Strict: ``"streams": "abc"``, a line that is a list, a missing id —
    each is named (file, line, what was expected), never a traceback in ``verify``."""

    model_config = ConfigDict(strict=True, extra="allow")

    id: str
    sha256: str
    size: int | None = None
    platform: str | None = None
    story: str | None = None
    unit: str | None = None
    clip: str | None = None
    file: str | None = None
    time: str | None = None
    streams: dict[str, str] | None = None


def read_bytes(path: Path) -> bytes:
    """The register's bytes (bounded, regular files only); b"" when there is none."""
    if not os.path.lexists(path):
        return b""
    try:
        return read_bounded(path, MAX_BYTES, what="register")
    except FileSystemError as exc:
        if exc.key == "error.os.missing":
            return b""
        raise


def parse_lines(data: bytes, path: Path) -> list[dict[str, Any]]:
    """Every line of a register, typed (:class:`Entry`); a bad line is a ProvenanceError naming it."""
    out = []
    for n, line in enumerate(data.split(b"\n"), 1):
        if line.strip():
            entry = parse_model(line, Entry, path=path, what="register", error=ProvenanceError, line=n)
            out.append(entry.model_dump(exclude_unset=True))
    return out


def read_lines(path: Path) -> list[dict[str, Any]]:
    return parse_lines(read_bytes(path), path)


def appended(data: bytes, new: list[dict[str, Any]]) -> tuple[bytes, int]:
    """The register's bytes with ``new`` appended — the existing bytes kept exactly as they are (the
    register is append-only); an entry already there (same id and sha256) is not repeated. Returns
    (bytes, number of entries)."""
    have = {(e.get("id"), e.get("sha256")) for e in parse_lines(data, Path(REGISTER))}
    if data and not data.endswith(b"\n"):
        data += b"\n"
    for e in new:
        if (e.get("id"), e.get("sha256")) in have:
            continue
        have.add((e.get("id"), e.get("sha256")))
        data += (json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    return data, sum(1 for line in data.split(b"\n") if line.strip())


@dataclass(frozen=True)
class Match:
    register: str
    how: str  # "file" (same sha256), "streams" (same pictures and sound, re-packaged), "id"
    entry: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"register": self.register, "how": self.how, "entry": self.entry}


def lookup(entries: list[dict[str, Any]], *, register: str, sha256: str | None = None,
           streams: dict[str, str] | None = None, short: str | None = None) -> list[Match]:
    out = []
    for e in entries:
        if sha256 and e.get("sha256") == sha256:
            out.append(Match(register, "file", e))
        elif streams and e.get("streams") and _same_streams(e["streams"], streams):
            out.append(Match(register, "streams", e))
        elif short and e.get("id") == normalise_id(short):
            out.append(Match(register, "id", e))
    return out


def _same_streams(a: dict[str, str], b: dict[str, str]) -> bool:
    # The video stream must match; audio too when both have it.
    if not a.get("v0") or a.get("v0") != b.get("v0"):
        return False
    return not (a.get("a0") and b.get("a0")) or a["a0"] == b["a0"]


def stream_hashes(path: Path) -> dict[str, str]:
    """sha256 of each video and audio stream's packets (ffmpeg's ``streamhash`` muxer, no decoding).

    A remux (``ffmpeg -c copy`` into MP4, MOV or MKV) keeps these; any re-encode changes them.
    """

    out, _ = ffmpeg.capture(["-v", "error", "-i", str(path), "-map", "0:v?", "-map", "0:a?", "-c", "copy",
                             "-f", "streamhash", "-hash", "sha256", "-"], subject=path)
    return parse_streamhash(out.decode("ascii", "replace"))
