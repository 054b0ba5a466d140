"""Where captions live in an assignment, the `captions:` setting of vidjourn.yaml, and approval by hash.

::

    captions/<clip>.<lang>.srt            the draft to review (the officer edits this file)
    captions/<clip>.<lang>.vtt            the same cues as WebVTT (made again from the .srt on approval)
    captions/<clip>.<lang>.approved.json  {"file", "sha256", "cues", "approved_at", "by"}: what was approved
    work/captions/<clip>.<lang>.json      the transcript (words with times) and what vidjourn wrote

A caption file is approved when ``approved.json`` holds its current sha256: a file changed after
approval must be approved again. Export, the shot log and the captions stage all read these through
this module (stages never import each other).
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from vidjourn.core.digest import file_sha256
from vidjourn.core.errors import AssignmentError

MODES = ("off", "review", "burn")
LANGS = ("id", "en")
APPROVED, CHANGED, DRAFT, MISSING = "approved", "changed", "draft", "missing"


@dataclass(frozen=True)
class CaptionsConfig:
    """vidjourn.yaml's ``captions:`` — ``burn`` / ``review`` / ``off``, or a mapping with more."""

    mode: str = "off"  # off: `vidjourn run` makes no captions; review: drafts; burn: drafts + burn approved
    lang: str = "id"
    sidecar: bool = False  # also write each format's SRT beside the exported file
    glossary: tuple[Any, ...] = field(default=())  # entries as written (see core/transcript.parse_glossary)
    langs: tuple[tuple[str, str], ...] = ()  # per clip (id, file name or stem): what is spoken there

    def lang_for(self, names: set[str]) -> str | None:
        """The language vidjourn.yaml sets for a clip known by any of ``names`` (None: not set)."""
        return next((lang for clip, lang in self.langs if clip in names), None)


def config(story: dict[str, Any], story_file: Path | str) -> CaptionsConfig:
    """The captions setting of a story; a wrong one raises with the file and what to write."""
    raw = story.get("captions")
    if raw is None or raw is False:
        return CaptionsConfig()
    if raw is True:
        return CaptionsConfig(mode="review")
    if isinstance(raw, str):
        if raw not in MODES:
            raise AssignmentError("captions.error.config", path=story_file, problem=f"captions: {raw}")
        return CaptionsConfig(mode=raw)
    if not isinstance(raw, dict):
        raise AssignmentError("captions.error.config", path=story_file, problem=f"captions: {raw!r}")
    unknown = sorted(set(raw) - {"mode", "lang", "sidecar", "glossary", "burn"})
    if unknown:
        raise AssignmentError("captions.error.config", path=story_file, problem=f"captions.{unknown[0]}")
    mode = raw.get("mode", "burn" if raw.get("burn") else "review")
    lang = raw.get("lang", "id")
    langs: list[tuple[str, str]] = []
    if isinstance(lang, dict):  # lang: {default: id, 20261112_apel_002: en}
        for clip, value in lang.items():
            if not isinstance(clip, str) or value not in LANGS:
                raise AssignmentError("captions.error.config", path=story_file,
                                      problem=f"captions.lang.{clip}: {value}")
            if clip != "default":
                langs.append((clip, value))
        lang = lang.get("default", "id")
    glossary = raw.get("glossary") or []
    if mode not in MODES:
        raise AssignmentError("captions.error.config", path=story_file, problem=f"captions.mode: {mode}")
    if lang not in LANGS:
        raise AssignmentError("captions.error.config", path=story_file, problem=f"captions.lang: {lang}")
    if not isinstance(glossary, list):
        raise AssignmentError("captions.error.config", path=story_file, problem="captions.glossary")
    return CaptionsConfig(mode=mode, lang=lang, sidecar=bool(raw.get("sidecar", False)), glossary=tuple(glossary),
                          langs=tuple(langs))


def folder(root: Path) -> Path:
    return Path(root) / "captions"


def srt_path(root: Path, clip: str, lang: str) -> Path:
    return folder(root) / f"{clip}.{lang}.srt"


def vtt_path(root: Path, clip: str, lang: str) -> Path:
    return folder(root) / f"{clip}.{lang}.vtt"


def approval_path(root: Path, clip: str, lang: str) -> Path:
    return folder(root) / f"{clip}.{lang}.approved.json"


def transcript_path(root: Path, clip: str, lang: str) -> Path:
    return Path(root) / "work" / "captions" / f"{clip}.{lang}.json"


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def status(root: Path, clip: str, lang: str) -> tuple[str, str | None]:
    """(approved | changed | draft | missing, the .srt's sha256)."""
    srt = srt_path(root, clip, lang)
    if not srt.is_file():
        return MISSING, None
    sha = file_sha256(srt)
    record = read_json(approval_path(root, clip, lang))
    if not record or not record.get("sha256"):
        return DRAFT, sha
    return (APPROVED if record["sha256"] == sha else CHANGED), sha


def approval_record(path: Path, sha256: str, cues: int) -> dict[str, Any]:
    try:
        user = getpass.getuser()
    except Exception:  # no user name on some systems (containers, Windows services)
        user = ""
    return {"file": Path(path).name, "sha256": sha256, "cues": cues, "by": user,
            "approved_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat()}


def langs_present(root: Path, clip: str) -> list[str]:
    """Languages with a caption file for ``clip`` (for the shot log)."""
    return [lang for lang in LANGS if srt_path(root, clip, lang).is_file()]
