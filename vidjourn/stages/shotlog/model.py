"""The shot log's data: plain frozen types shared by the builder (build.py) and the writers (writers.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vidjourn.analysis.shots import Shot
from vidjourn.core.errors import VidjournError
from vidjourn.core.i18n import t

SHOT_TYPES = ("WS", "MS", "CU")
SOUNDS = ("SOT", "NAT", "VO")
NOTE_FIELDS = ("description", "shot_type", "sound", "speaker", "notes")
FIVE_W_ONE_H = ("apa", "siapa", "kapan", "di_mana", "mengapa", "bagaimana")
NOTES_FILE = "notes.yaml"
NOTE_MATCH = 0.25  # seconds: a note follows its shot if a re-detection moves the start by a frame or so
THUMB_WIDTH = 320


@dataclass(frozen=True)
class ShotNote:
    description: str = ""
    shot_type: str = ""  # "" or one of SHOT_TYPES
    sound: str = ""  # "" or one of SOUNDS
    speaker: str = ""
    notes: str = ""

    def to_dict(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in NOTE_FIELDS}

    @property
    def empty(self) -> bool:
        return not any(getattr(self, k) for k in NOTE_FIELDS)


SUGGESTED_FILE = "suggested.json"  # `vidjourn story draft` writes it: {"clips": {sha256: {start tc: {...}}}}
SUGGESTED_FIELDS = ("shot_type", "sound")


@dataclass(frozen=True)
class LoggedShot:
    shot: Shot
    thumb: str | None  # path relative to shotlog/, e.g. "thumbs/ab12cd34ef56_001.jpg"
    note: ShotNote = ShotNote()
    transcript: str = ""  # what is said during the shot (captions/, approved or marked as a draft)
    # vidjourn's suggestions (story draft) for fields the person left empty: ((field, value), ...)
    suggested: tuple[tuple[str, str], ...] = ()

    def display(self, key: str) -> str:
        """The person's value, else vidjourn's suggestion marked as such ("WS (suggested)")."""
        value = getattr(self.note, key)
        if value:
            return value
        sug = dict(self.suggested).get(key)
        if not sug:
            return ""

        return t("shotlog.suggested_value", value=sug)

    def to_dict(self) -> dict[str, Any]:
        d = {**self.shot.to_dict(), "thumbnail": self.thumb, **self.note.to_dict(), "transcript": self.transcript}
        if self.suggested:
            d["suggested"] = dict(self.suggested)
        return d


@dataclass(frozen=True)
class ClipLog:
    id: str
    file: str  # relative to the assignment, e.g. raw/20261112_slug_001.mp4
    source: str
    sha256: str
    size: int
    duration: float | None
    shots: tuple[LoggedShot, ...] = ()
    error: str | None = None  # the message when this clip could not be analysed

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "file": self.file, "source": self.source, "sha256": self.sha256,
             "size": self.size, "duration": self.duration, "shots": [s.to_dict() for s in self.shots]}
        if self.error:
            d["error"] = self.error
        return d


@dataclass(frozen=True)
class ExportedFile:
    platform: str
    file: str  # relative to the assignment
    size: int


@dataclass(frozen=True)
class StorySheet:
    slug: str
    title: str
    fields: dict[str, str]  # the 5W1H, keys FIVE_W_ONE_H
    reporter: str
    unit: str
    lower_thirds: tuple[str, ...]  # "Name — Title (clip)" lines
    exports: tuple[ExportedFile, ...]
    originals: tuple[dict[str, Any], ...]  # {"file", "source", "sha256", "size"}

    def to_dict(self) -> dict[str, Any]:
        return {"slug": self.slug, "title": self.title, **self.fields, "reporter": self.reporter,
                "unit": self.unit, "lower_thirds": list(self.lower_thirds),
                "exports": [e.__dict__ for e in self.exports], "originals": list(self.originals)}


@dataclass(frozen=True)
class ShotLog:
    story: StorySheet
    clips: tuple[ClipLog, ...]
    generated_at: str
    orphan_notes: int = 0  # notes in notes.yaml whose shot no longer exists (kept in the file)

    @property
    def shot_count(self) -> int:
        return sum(len(c.shots) for c in self.clips)

    @property
    def failed(self) -> tuple[ClipLog, ...]:
        return tuple(c for c in self.clips if c.error)

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.story.to_dict(), "generated_at": self.generated_at,
                "clips": [c.to_dict() for c in self.clips]}


@dataclass(frozen=True)
class ShotlogEvent:
    """Progress: kind is "detect" | "thumbs" | "done" | "failed"; index/total count clips (1-based)."""

    kind: str
    file: str
    index: int
    total: int
    fraction: float | None = None
    error: VidjournError | None = None


# --- notes.yaml ----------------------------------------------------------------------------------

