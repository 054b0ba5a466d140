"""Loudness of a clip's audio (EBU R128): integrated LUFS, true peak (dBTP) and loudness range (LU).

Measured once at ingest with ffmpeg's ``ebur128`` filter (``peak=true`` oversamples for the true
peak) and stored in the manifest, so a render can normalise in a single pass. Export can use the same
function to check what it made.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator

from vidjourn.core import ffmpeg
from vidjourn.core.ffmpeg import Progress

_NUM = r"(-?inf|-?\d+(?:\.\d+)?)"
_PATTERNS = {
    "integrated": re.compile(rf"^\s*I:\s+{_NUM}\s+LUFS"),
    "lra": re.compile(rf"^\s*LRA:\s+{_NUM}\s+LU\b"),
    "true_peak": re.compile(rf"^\s*Peak:\s+{_NUM}\s+dBFS"),
}


@dataclass(frozen=True)
class Loudness:
    integrated: float | None  # LUFS; -70.0 is ebur128's floor (silence)
    true_peak: float | None  # dBTP; None when the audio is digital silence (-inf)
    lra: float | None  # LU

    def to_dict(self) -> dict[str, float | None]:
        return asdict(self)


def _num(text: str) -> float | None:
    return None if "inf" in text else float(text)


def parse_summary(lines: list[str]) -> Loudness | None:
    """Parse ebur128's end-of-run summary (the last ``Summary:`` block wins)."""
    start = max((i for i, line in enumerate(lines) if "Summary:" in line), default=None)
    if start is None:
        return None
    found: dict[str, float | None] = {}
    for line in lines[start:]:
        for key, pat in _PATTERNS.items():
            m = pat.match(line)
            if m and key not in found:
                found[key] = _num(m.group(1))
    if "integrated" not in found:
        return None
    return Loudness(found["integrated"], found.get("true_peak"), found.get("lra"))


def _args(path: Path | str, stream: int, start: float | None, end: float | None,
          filters: str | None) -> list[str]:
    args: list[str] = []
    if start:
        args += ["-ss", f"{start:.3f}"]
    if end is not None:
        args += ["-t", f"{end - (start or 0):.3f}"]
    af = ",".join(x for x in (filters, "ebur128=peak=true:framelog=quiet") if x)
    return args + ["-i", str(path), "-map", f"0:a:{stream}", "-vn", "-sn", "-dn", "-af", af, "-f", "null", "-"]


def measure_events(
    path: Path | str, *, duration: float | None = None, stream: int = 0,
    on_result: Callable[[Loudness | None], None] | None = None,
    start: float | None = None, end: float | None = None, filters: str | None = None,
) -> Iterator[Progress]:
    """Measure audio stream ``stream`` of ``path``, yielding progress; the result goes to ``on_result``.

    Only the audio is decoded (``-map 0:a:N``), so this is cheap even for long HD clips. ``start``/``end``
    measure a part; ``filters`` (an audio filter chain) measures what that chain would make of it.
    """
    lines: list[str] = []
    yield from ffmpeg.run(_args(path, stream, start, end, filters), total=duration, subject=path,
                          stderr_sink=lines.append)
    if on_result is not None:
        on_result(parse_summary(lines))


def measure(path: Path | str, *, duration: float | None = None, stream: int = 0,
            start: float | None = None, end: float | None = None, filters: str | None = None) -> Loudness | None:
    """Blocking form of :func:`measure_events`."""
    box: list[Loudness | None] = []
    for _ in measure_events(path, duration=duration, stream=stream, on_result=box.append,
                            start=start, end=end, filters=filters):
        pass
    return box[0] if box else None
