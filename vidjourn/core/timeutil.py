"""Parsing and formatting of times: seconds, mm:ss, hh:mm:ss(.mmm)."""

from __future__ import annotations

import math

from vidjourn.core.errors import UsageError


def parse_time(value: str | float | int) -> float:
    """'12.5' -> 12.5, '01:30' -> 90.0, '1:02:03.5' -> 3723.5."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # a YAML number is checked like a typed one: `.inf`, `.nan` and 1e308 are no clip position
        if not math.isfinite(value) or value < 0 or value > 366 * 86400:
            raise UsageError("error.bad_time", value=value)
        return float(value)
    s = str(value).strip().replace(",", ".")
    try:
        parts = [float(p) for p in s.split(":")]
    except ValueError:
        raise UsageError("error.bad_time", value=value) from None
    # nan/inf parse as floats but are no time ("--start nan" crashed an int() further on)
    if not parts or len(parts) > 3 or any(p < 0 or not math.isfinite(p) for p in parts):
        raise UsageError("error.bad_time", value=value)
    if len(parts) > 1 and any(p >= 60 for p in parts[1:]):  # 1:75 is not a time (99:99:99 neither)
        raise UsageError("error.bad_time", value=value)
    total = 0.0
    for p in parts:
        total = total * 60 + p
    if total > 366 * 86400:  # 1e300 seconds is a typo, not a clip position
        raise UsageError("error.bad_time", value=value)
    return total


def timecode(seconds: float) -> str:
    """HH:MM:SS.mmm"""
    ms = int(round(max(0.0, seconds) * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"
