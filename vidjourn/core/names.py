"""Close matches for names a user typed (platforms, presets): "did you mean whatsapp?"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from vidjourn.core.i18n import t


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` Did you mean X?`` (in the user's language) when ``name`` is close to a known name, else ``""``."""
    close = difflib.get_close_matches(str(name).lower(), [str(k) for k in known], n=2, cutoff=0.6)
    return t("error.did_you_mean", names=" / ".join(close)) if close else ""
