"""The timeline: what a render puts on screen, in order — one type for a clip export and a story.

A clip export is a :class:`Timeline` of one :class:`Segment` (the whole clip, or the asked range); a story
is a Timeline of many. Plain frozen dataclasses of standard types (picklable, hashable, no vidjourn
imports), so the story stage, the export stage, the planner (:mod:`vidjourn.render.plan`) and a worker
process all speak the same value.

Times:

* ``Segment.src_in`` / ``src_out`` are seconds of the *source's own timeline* (ffmpeg's: the container start
  time subtracted), the same timeline the redaction mask and the captions of that clip use.
* Everything else story-level (voice-over ``at``, lower thirds of the story, card lengths) is in seconds of
  the *story* (0 = the first picture after the title card).
* A per-segment layer (:class:`SegmentLayers`) keeps the clip's own time base: the planner maps it into
  story time by the segment's place, so a clip's approved mask/captions are reused, not redone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

AUDIO_ROLES = ("sot", "nat", "under", "mute")
TRANSITIONS = ("cut", "dissolve", "dip")
# dB applied to a segment's own sound by role, before the story's loudness gain ("under": natural sound
# kept under a voice-over or the next statement; "mute": silence of the segment's length).
ROLE_GAIN_DB = {"sot": 0.0, "nat": 0.0, "under": -12.0, "mute": None}


@dataclass(frozen=True)
class LowerThird:
    """A name/title bar. ``start``/``end``: seconds of the segment's source (clip) for a segment's
    layer, seconds of the story for a story-level one; None: from the start / to the end."""

    name: str
    title: str = ""
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class SegmentLayers:
    """What other stages contribute for this segment's clip (reused as approved, not redone).

    ``mask``: the redaction stage's contribution as given to export (a ``{"kind": "mask", ...}`` dict is
    turned into this by :func:`mask_of`): an ASS file of shapes in the clip's own time and its canvas.
    ``subtitles``: the approved captions' contribution (``{"kind": "subtitles", "file", "burn", ...}``).
    Both are kept as sorted item tuples so the value stays hashable and picklable.
    """

    mask: tuple[tuple[str, object], ...] = ()
    subtitles: tuple[tuple[str, object], ...] = ()
    lower_thirds: tuple[LowerThird, ...] = ()

    @staticmethod
    def freeze(d: dict | None) -> tuple[tuple[str, object], ...]:
        if not d:
            return ()
        return tuple(sorted((str(k), _freeze(v)) for k, v in d.items()))

    @property
    def mask_dict(self) -> dict | None:
        return _thaw(self.mask) if self.mask else None

    @property
    def subtitles_dict(self) -> dict | None:
        return _thaw(self.subtitles) if self.subtitles else None


def _freeze(v: object) -> object:
    if isinstance(v, dict):
        return ("__dict__", tuple(sorted((str(k), _freeze(x)) for k, x in v.items())))
    if isinstance(v, (list, tuple)):
        return tuple(_freeze(x) for x in v)
    return v


def _thaw(items: tuple) -> dict:
    def one(v: object) -> object:
        if isinstance(v, tuple) and len(v) == 2 and v[0] == "__dict__":
            return {k: one(x) for k, x in v[1]}
        if isinstance(v, tuple):
            return [one(x) for x in v]
        return v
    return {k: one(v) for k, v in items}


@dataclass(frozen=True)
class Segment:
    """One piece of one clip, ``src_in``..``src_out`` seconds of its source.

    ``transition``: how this segment *enters* from the previous one (the first segment's is ignored):
    cut | dissolve (cross-fade of ``transition_len`` s, overlapping both) | dip (to black and back,
    ``transition_len`` s in all, half on each side). ``audio_lead``: J-cut (> 0: this segment's sound
    starts that many seconds before its picture, under the previous picture) or L-cut (< 0: the
    previous segment's sound runs that many seconds into this picture). ``audio``: sot | nat | under |
    mute. ``only``/``skip``: platform names this segment is limited to / left out of.
    """

    source: Path
    clip: str  # the clip's id (manifest) or its stem for a loose file
    sha256: str | None
    src_in: float
    src_out: float
    audio: str = "sot"
    transition: str = "cut"
    transition_len: float = 0.0
    audio_lead: float = 0.0
    layers: SegmentLayers = field(default_factory=SegmentLayers)
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()

    @property
    def length(self) -> float:
        return self.src_out - self.src_in

    def for_platform(self, name: str) -> bool:
        return (not self.only or name in self.only) and name not in self.skip

    def __post_init__(self) -> None:
        if self.audio not in AUDIO_ROLES:
            raise ValueError(f"audio must be one of {AUDIO_ROLES}, not {self.audio!r}")
        if self.transition not in TRANSITIONS:
            raise ValueError(f"transition must be one of {TRANSITIONS}, not {self.transition!r}")
        if not self.src_out > self.src_in >= 0:
            raise ValueError(f"segment of {self.clip}: out ({self.src_out}) must be after in ({self.src_in}) >= 0")
        if self.transition_len < 0:
            raise ValueError("transition_len must be >= 0")


@dataclass(frozen=True)
class VoiceOver:
    """A recording laid over the story from ``at`` seconds of story time (``src_in``/``src_out``: the
    part of the file used; None: all). The natural sound under it is ducked while it speaks."""

    file: Path
    at: float
    src_in: float = 0.0
    src_out: float | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Card:
    """A title or end card: the story's fields drawn by the brand preset, ``duration`` seconds."""

    duration: float = 3.0
    fade: float = 0.3


@dataclass(frozen=True)
class Timeline:
    """Segments in order plus the story-level layers. ``slug``: the published file's stem
    (``out/<platform>/<slug>.mp4``); for a clip export, the clip's label."""

    segments: tuple[Segment, ...]
    slug: str = "story"
    title: Card | None = None
    end: Card | None = None
    voiceover: tuple[VoiceOver, ...] = ()
    lower_thirds: tuple[LowerThird, ...] = ()  # story time
    duck_db: float = 12.0  # natural sound this much lower while a voice-over speaks (>= 10 measured)

    @classmethod
    def of_clip(cls, source: Path, clip: str, sha256: str | None, src_in: float, src_out: float,
                layers: SegmentLayers | None = None) -> "Timeline":
        """A clip export: a story of one segment."""
        return cls((Segment(Path(source), clip, sha256, src_in, src_out, layers=layers or SegmentLayers()),),
                   slug=clip)

    def for_platform(self, name: str) -> "Timeline":
        return replace(self, segments=tuple(s for s in self.segments if s.for_platform(name)))

    def starts(self) -> list[float]:
        """Story time (seconds, title card excluded) at which each segment's picture starts: a dissolve
        overlaps the previous segment by its length; a cut and a dip do not (a dip fades out the end of
        the previous picture and in the start of this one)."""
        out, t = [], 0.0
        for i, s in enumerate(self.segments):
            if i and s.transition == "dissolve":
                t -= s.transition_len
            out.append(t)
            t += s.length
        return out

    @property
    def length(self) -> float:
        """Seconds of story picture (cards excluded)."""
        if not self.segments:
            return 0.0
        return self.starts()[-1] + self.segments[-1].length
