"""Every user-facing message, in Indonesian (``id``) and English (``en``).

Messages live in catalogue modules under :mod:`vidjourn.core.messages` (one per area, so each stage
owns its own texts); this module merges them and picks the language:
``set_lang()`` (the CLI's ``--lang``) > ``VIDJOURN_LANG`` > ``LC_ALL``/``LC_MESSAGES``/``LANG`` >
the Windows user locale > English.

    >>> t("error.file_missing", path="a.mp4")
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache

LANGS = ("id", "en")
_current: str | None = None

# Catalogue modules; each defines MESSAGES = {key: {"id": ..., "en": ...}}.


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    import importlib
    import pkgutil

    from vidjourn.core import messages

    merged: dict[str, dict[str, str]] = {}
    # Every module in vidjourn/core/messages is a catalogue: a new area adds a module, no list to edit.
    for info in sorted(pkgutil.iter_modules(messages.__path__), key=lambda m: m.name):
        name = info.name
        mod = importlib.import_module(f"vidjourn.core.messages.{name}")
        for key, texts in mod.MESSAGES.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} defined twice (vidjourn/core/messages/{name}.py)")
            merged[key] = texts
    return merged


def _locale_lang() -> str | None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        val = os.environ.get(var, "")
        if val and val not in ("C", "POSIX", "C.UTF-8"):
            return "id" if val.lower().startswith(("id", "in_")) else "en"
    if sys.platform == "win32":  # pragma: no cover - Windows only
        try:
            import ctypes
            import locale

            lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()
            name = locale.windows_locale.get(lcid, "")
            return "id" if name.startswith("id") else "en"
        except Exception:
            return None
    return None


def detect_lang() -> str:
    env = os.environ.get("VIDJOURN_LANG", "").strip().lower()
    if env in LANGS:
        return env
    return _locale_lang() or "en"


def set_lang(lang: str | None) -> None:
    global _current
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    _current = lang


def get_lang() -> str:
    return _current or detect_lang()


def t(key: str, /, lang: str | None = None, **kwargs: object) -> str:
    """The message ``key`` in the current language, formatted with ``kwargs``."""
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"no message {key!r} in vidjourn/core/messages")
    text = entry[lang or get_lang()]
    return text.format(**kwargs) if kwargs else text
