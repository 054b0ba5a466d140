"""Approved captions laid out for one output format, then styled for burning (ASS) or written as SRT.

Export gets a ``subtitles`` contribution from the captions stage (plain data: the approved file's path
and sha256, the transcript's path, the language, the glossary terms, the line length of the review).
For a format whose line length is the review's (16:9 by default) the approved cues are burned exactly
as approved; for another (9:16: ~24 characters) the reviewed text is laid out again from the spoken
words' times (:func:`vidjourn.captions.cues.relayout`) — the words are the officer's, only the line and
cue breaks are new. The preset decides the line length per frame shape (``subtitles.max_chars``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Sequence

from vidjourn.captions import files as cf
from vidjourn.captions.cues import Cue, CueFileError, Rules, Word, parse, relayout, to_srt
from vidjourn.core.digest import file_sha256
from vidjourn.core.errors import MediaError
from vidjourn.core.fsutil import write_text_atomic
from vidjourn.graphics.subtitles import prepare


def approved_cues(root: Path, item: dict[str, Any]) -> list[Cue]:
    """The approved file's cues; refused if it changed since the plan saw it approved."""
    path = Path(root) / item["file"]
    if not path.is_file():
        raise MediaError("captions.error.no_file", path=path, clip=path.name.split(".")[0])
    if file_sha256(path) != item["sha256"]:
        raise MediaError("captions.block.changed", path=item["file"], clip=path.name.split(".")[0])
    try:
        return parse(path.read_text(encoding="utf-8-sig"))
    except CueFileError as exc:
        raise MediaError("captions.error.unreadable", path=path, line=exc.line, reason=exc.reason) from None
    except UnicodeDecodeError as exc:
        raise MediaError("captions.error.unreadable", path=path, line=1, reason=str(exc)) from None


def _spoken(root: Path, item: dict[str, Any]) -> list[Word]:
    rel = item.get("words")
    if not rel:
        return []
    data = cf.read_json(Path(root) / rel) or {}
    try:
        return [Word(str(t), float(s), float(e)) for t, s, e in data.get("words", [])]
    except (TypeError, ValueError):  # a damaged work/ file: lay out from the reviewed cues alone
        return []


def cues_for(root: Path, item: dict[str, Any], max_chars: int) -> list[Cue]:
    """The approved captions with lines of at most ``max_chars``."""
    reviewed = approved_cues(root, item)
    if max_chars == int(item.get("review_chars") or 0):
        return reviewed
    rules = Rules(max_chars=max_chars, lang=str(item.get("lang") or "id"))
    return relayout(reviewed, _spoken(root, item), rules, list(item.get("terms") or ()))


def srt_for(root: Path, item: dict[str, Any], width: int, height: int, preset: Any) -> str:
    """The SRT text of the approved captions for a ``width`` x ``height`` output."""
    return to_srt(cues_for(root, item, preset.subtitles.max_chars.for_size(width, height)))


def burn_file(root: Path, item: dict[str, Any], preset: Any, width: int, height: int, safe_area: Any, *,
              cache_dir: Path, avoid: Sequence[tuple[float, float, int]] = ()) -> tuple[Path, str]:
    """(ASS file styled by ``preset`` for this output, the SRT text it was made from)."""

    text = srt_for(root, item, width, height, preset)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
    srt = Path(cache_dir) / "captions" / f"{digest}.srt"
    if not srt.exists():
        write_text_atomic(srt, text)
    return prepare(srt, preset, width, height, safe_area, cache_dir=cache_dir, avoid=avoid), text
