"""Where the redaction stage leaves a clip's redaction state, for the stages that only report it.

The redact stage (stages/redact) writes ``work/redact/<sha256>.json`` whenever it hands export or brand a
mask — what is hidden (faces, regions, blank ranges, mode) and the approval at that time — and removes it
when nothing is hidden. The shot log and story sheet read it here, without importing the stage.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vidjourn.core.i18n import t

STATE_DIR = Path("work") / "redact"


def state_file(root: Path | str, sha256: str) -> Path:
    return Path(root) / STATE_DIR / f"{sha256}.json"


def read_state(root: Path | str, sha256: str) -> dict[str, Any] | None:
    try:
        d = json.loads(state_file(root, sha256).read_text(encoding="utf-8"))
        return d if isinstance(d, dict) else None
    except (OSError, ValueError):
        return None


def describe(root: Path | str, sha256: str) -> str:
    """One line for people ("" when the clip is not redacted), in the user's language."""
    d = read_state(root, sha256)
    if not d:
        return ""
    what = []
    if d.get("faces"):
        what.append(t("redact.state_faces", n=d["faces"]))
    if d.get("regions"):
        what.append(t("redact.state_regions", n=d["regions"]))
    if d.get("blank"):
        what.append(t("redact.state_blank", n=d["blank"]))
    line = t("redact.state_line", what=", ".join(what) or "-", mode=d.get("mode", ""))
    if d.get("approval") == "approved":
        line += "; " + t("redact.state_approved", by=d.get("approved_by", "?"), when=d.get("approved_at", "?"))
    else:
        line += "; " + t("redact.state_none")
    return line
