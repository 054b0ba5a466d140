"""Lower thirds from the command line (``NAME|TITLE@START-END``) and from vidjourn.yaml, matched to a clip.

Shared by brand and export so both read the story the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from vidjourn.core.errors import AssignmentError, UsageError
from vidjourn.core.timeutil import parse_time
from vidjourn.graphics.draw import LowerThirdItem

_LT = re.compile(r"^(?P<text>.*?)(?:@(?P<start>[^@\-]+)(?:-(?P<end>[^@\-]+))?)?$", re.DOTALL)


def parse_lower_third(value: str) -> LowerThirdItem:
    """``"NAME|TITLE@START-END"`` (times in seconds or mm:ss; ``@START-END`` and ``|TITLE`` optional)."""
    m = _LT.match(value.strip())
    if not m or not m.group("text").strip():
        raise UsageError("brand.error.bad_lower_third", value=value)
    name, _, title = m.group("text").partition("|")
    if not name.strip():
        raise UsageError("brand.error.bad_lower_third", value=value)
    try:
        start = parse_time(m.group("start")) if m.group("start") else 0.0
        end = parse_time(m.group("end")) if m.group("end") else None
    except UsageError:
        raise UsageError("brand.error.bad_lower_third", value=value) from None
    if end is not None and end <= start:
        raise UsageError("brand.error.bad_lower_third", value=value)
    return LowerThirdItem(name=name.strip(), title=title.strip(), start=start, end=end)


def _clip_names(clip: Path, assignment) -> set[str]:
    """Every name a vidjourn.yaml entry may use for this clip: file name, stem, manifest id."""
    names = {clip.name, clip.stem}
    if assignment is not None:
        try:
            for rec in assignment.clips():
                if Path(rec.get("file", "")).name == clip.name:
                    names.add(str(rec.get("id", "")))
                    names.add(Path(str(rec.get("source", ""))).name)
        except AssignmentError:  # a damaged manifest must not stop branding; ingest/verify report it
            pass
    return {n for n in names if n}


def story_lower_thirds(story: dict[str, Any], names: set[str], story_file: Path) -> list[LowerThirdItem]:
    items = story.get("lower_thirds") or []
    if not isinstance(items, list):
        raise UsageError("brand.error.story_lower_third", path=story_file, index=0, reason="not a list")
    out = []
    for i, it in enumerate(items):
        if not isinstance(it, dict) or not it.get("name"):
            raise UsageError("brand.error.story_lower_third", path=story_file, index=i + 1,
                             reason="name is required")
        try:  # every entry is checked, not only this clip's: a mistake is found on the first run
            start = parse_time(it.get("start", 0) or 0)
            end = parse_time(it["end"]) if it.get("end") not in (None, "") else None
        except UsageError as exc:
            raise UsageError("brand.error.story_lower_third", path=story_file, index=i + 1,
                             reason=exc.message()) from None
        if str(it.get("clip", "")) not in names:
            continue
        out.append(LowerThirdItem(str(it["name"]), str(it.get("title", "") or ""), start, end))
    return out


def lower_thirds_for(clip: Path, assignment) -> list[LowerThirdItem]:
    """The vidjourn.yaml lower thirds for ``clip`` (matched by file name, stem or manifest id; times in
    seconds or mm:ss). For export, so both stages read the story the same way."""
    if assignment is None:
        return []
    return story_lower_thirds(assignment.story(), _clip_names(Path(clip), assignment), assignment.story_file)


def unmatched_lower_thirds(assignment) -> list[str]:
    """The ``clip`` values of vidjourn.yaml's lower thirds that name no clip of the assignment (a typo
    would otherwise silently put no lower third anywhere)."""
    items = assignment.story().get("lower_thirds") or []
    if not isinstance(items, list):
        return []
    known: set[str] = set()
    for rec in assignment.clips():
        known |= _clip_names(Path(str(rec.get("file", ""))), assignment)
    return [str(it.get("clip")) for it in items if isinstance(it, dict) and str(it.get("clip", "")) not in known]
