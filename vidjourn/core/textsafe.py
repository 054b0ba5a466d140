"""The one sanitiser: every string that came from a file, a certificate, a manifest or a user is shown
through :func:`shown` before it reaches a terminal, so a tampered file cannot print its own verdict.

Control characters (C0 but tab, DEL, C1 — ``ESC``, ``CSI``...), bidirectional overrides and the bytes of
a non-UTF-8 file name (surrogate escapes on POSIX) are written as escapes: ``\\x1b``, ``\\u202e``,
``\\xff``. A newline is escaped too, except in the few arguments that are lists of lines made by
vidjourn itself (``problems``, ``stderr``). :func:`vidjourn.core.i18n.t` passes every argument through
here, so every message is covered without each caller remembering.
"""

from __future__ import annotations

import re
from os import PathLike, fspath

# C0 (but \t and \n), DEL, C1, bidi embeddings/overrides/isolates, LRM/RLM/ALM, line/paragraph
# separators, BOM, and lone surrogates (surrogateescape'd bytes of a non-UTF-8 name).
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                  "\u2066-\u2069\ufeff\ud800-\udfff]")
_BAD_NL = re.compile(_BAD.pattern[:-1] + "\n]")

MULTILINE_ARGS = frozenset({"problems", "stderr"})


def _escape(m: re.Match[str]) -> str:
    c = m.group(0)
    n = ord(c)
    if 0xDC80 <= n <= 0xDCFF:  # a byte of a non-UTF-8 name (surrogateescape)
        return f"\\x{n - 0xDC00:02x}"
    if n == 0x0A:
        return "\\n"
    if n <= 0xFF:
        return f"\\x{n:02x}"
    return f"\\u{n:04x}"


class Shown(str):
    """A sanitised string whose ``repr`` is the original's (``{value!r}`` in a message: Python's repr
    already escapes control characters, so it is not escaped twice)."""

    original: str

    def __new__(cls, text: str, original: str) -> "Shown":
        obj = super().__new__(cls, text)
        obj.original = original
        return obj

    def __repr__(self) -> str:
        return repr(self.original)


def shown(value: object, *, newlines: bool = False) -> str:
    """``value`` as text fit for a terminal (see the module doc). Bytes are decoded with escapes."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "surrogateescape")
    elif isinstance(value, PathLike):
        value = fspath(value)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "surrogateescape")
    text = value if isinstance(value, str) else str(value)
    pattern = _BAD if newlines else _BAD_NL
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def shown_arg(name: str, value: object) -> object:
    """A message argument made safe: strings and paths sanitised (kept as :class:`Shown`), numbers as they are."""
    if isinstance(value, (str, PathLike, bytes)) and not isinstance(value, Shown):
        original = fspath(value) if isinstance(value, PathLike) else value
        if isinstance(original, bytes):
            original = original.decode("utf-8", "surrogateescape")
        return Shown(shown(original, newlines=name in MULTILINE_ARGS), original)
    return value
