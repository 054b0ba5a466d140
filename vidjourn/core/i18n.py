"""Every user-facing message, in Indonesian (``id``) and English (``en``).

Messages live in catalogue modules: the infrastructure's under :mod:`vidjourn.core.messages`, each
feature's in a ``messages.py`` beside it (``vidjourn/stages/redact/messages.py``); this module merges them and picks the language:
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


def catalogue_modules() -> list[str]:
    """Every catalogue module: the infrastructure's in ``vidjourn/core/messages/``, and a ``messages.py``
    beside each feature (``vidjourn/<feature>/messages.py``, ``vidjourn/stages/<stage>/messages.py``).

    Found by looking at folders, not by importing the features (a stage's package may be heavy): a new
    stage brings its own texts with no list to edit. Plain ``os.scandir`` (no pkgutil, no find_spec:
    this runs on every start, ``vidjourn --help`` included); ``vidjourn.stages.__path__`` is honoured
    when that package is loaded (a test may extend it)."""
    import vidjourn

    def folders(pkg: str) -> list[str]:
        mod = sys.modules.get(pkg)
        if mod is not None:
            return list(getattr(mod, "__path__", []) or [])
        parent, _, name = pkg.rpartition(".")
        return [os.path.join(p, name) for p in folders(parent)] if parent else list(vidjourn.__path__)

    def entries(loc: str) -> list[os.DirEntry]:
        try:
            with os.scandir(loc) as it:
                return list(it)
        except OSError:
            return []

    names: list[str] = []
    for loc in folders("vidjourn.core.messages"):
        names += [f"vidjourn.core.messages.{e.name[:-3]}" for e in entries(loc)
                  if e.name.endswith(".py") and e.name[:-3].isidentifier() and e.name != "__init__.py"]
    for pkg in ("vidjourn", "vidjourn.stages"):
        for loc in folders(pkg):
            names += [f"{pkg}.{e.name}.messages" for e in entries(loc)
                      if e.name.isidentifier() and e.is_dir() and os.path.isfile(os.path.join(e.path, "messages.py"))]
    return sorted(set(names))


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    import importlib

    merged: dict[str, dict[str, str]] = {}
    for name in catalogue_modules():
        mod = importlib.import_module(name)
        for key, texts in mod.MESSAGES.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} defined twice ({name})")
            merged[key] = texts
    return merged


def _locale_lang() -> str | None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        val = os.environ.get(var, "")
        if val and val not in ("C", "POSIX", "C.UTF-8"):
            return "id" if val.lower().startswith(("id", "in_")) else "en"
    if sys.platform == "win32":
        name = _windows_locale_name()
        if name is not None:
            return "id" if name.lower().startswith(("id", "in-")) else "en"
    return None


def _windows_locale_name() -> str | None:
    """The user's locale on Windows ("id-ID"): GetUserDefaultLocaleName, the regional format the user
    chose, not the display language (GetUserDefaultUILanguage: an English Windows set to Indonesia is
    still English there). None when it cannot be read. Tested with ctypes mocked (tests/core/test_i18n)."""
    try:
        import ctypes

        buf = ctypes.create_unicode_buffer(85)  # LOCALE_NAME_MAX_LENGTH
        if ctypes.windll.kernel32.GetUserDefaultLocaleName(buf, 85):
            return buf.value or None
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
        raise KeyError(f"no message {key!r} in any catalogue")
    text = entry[lang or get_lang()]
    if not kwargs:
        return text
    from vidjourn.core.textsafe import shown_arg

    # every argument may come from a file, a certificate or a user: shown escaped (core/textsafe)
    return text.format(**{k: shown_arg(k, v) for k, v in kwargs.items()})
