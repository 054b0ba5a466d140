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

    found: dict[str, str] = {}
    for loc in folders("vidjourn.core.messages"):
        for e in entries(loc):
            if e.name.endswith(".py") and e.name[:-3].isidentifier() and e.name != "__init__.py":
                found.setdefault(f"vidjourn.core.messages.{e.name[:-3]}", e.path)
    for pkg in ("vidjourn", "vidjourn.stages"):
        for loc in folders(pkg):
            for e in entries(loc):
                path = os.path.join(e.path, "messages.py")
                if e.name.isidentifier() and e.is_dir() and os.path.isfile(path):
                    found.setdefault(f"{pkg}.{e.name}.messages", path)
    _FILES.clear()
    _FILES.update(found)
    return sorted(found)


_FILES: dict[str, str] = {}  # catalogue module -> its file, as found by catalogue_modules()


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Every message, merged from the catalogue modules. Importing them is the largest part of a start
    (~1000 messages in ~17 modules: several ms of `vidjourn --help`), so the merged dict is kept in the
    user's cache folder (marshal), keyed by each module's path, size and mtime and by the Python version:
    any edit, new or removed catalogue rebuilds it. Any problem with the cache: built from the modules.
    VIDJOURN_CATALOGUE_CACHE=off turns it off."""
    names = catalogue_modules()
    key = _cache_key(names)
    cached = _cache_read(key)
    if cached is not None:
        return cached
    import importlib

    merged: dict[str, dict[str, str]] = {}
    for name in names:
        mod = importlib.import_module(name)
        for k, texts in mod.MESSAGES.items():
            if k in merged:
                raise RuntimeError(f"message key {k!r} defined twice ({name})")
            merged[k] = texts
    _cache_write(key, merged)
    return merged


def _cache_file(names: list[str]) -> str | None:
    if os.environ.get("VIDJOURN_CATALOGUE_CACHE", "").lower() in ("off", "0", "no"):
        return None
    import vidjourn

    home = os.path.join(os.path.dirname(os.path.abspath(vidjourn.__file__)), "")
    if any(not os.path.abspath(_FILES.get(n, "")).startswith(home) for n in names):
        return None  # a catalogue from elsewhere (a room added to vidjourn.stages.__path__): not cached
    base = os.environ.get("VIDJOURN_CACHE") or (
        os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else os.environ.get("XDG_CACHE_HOME"))
    if not base:
        home = os.path.expanduser("~")
        if not home or home == "~":
            return None
        base = os.path.join(home, "Library", "Caches") if sys.platform == "darwin" else os.path.join(home, ".cache")
    import zlib  # (hashlib costs a ms to import; this is a name, not a check: the key is inside)

    # one file per installation (its folders), so two checkouts do not overwrite each other's
    where = zlib.crc32("|".join(sorted(_FILES.get(n, n) for n in names)).encode("utf-8", "replace"))
    return os.path.join(base, "vidjourn", f"catalogue-{where:08x}.marshal")


def _cache_key(names: list[str]) -> str:
    parts = [sys.version]
    for n in names:
        path = _FILES.get(n, "")
        try:
            st = os.stat(path)
            parts.append(f"{n}|{path}|{st.st_size}|{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{n}|?")
    parts.append(_cache_file(names) or "")
    return "\n".join(parts)


def _cache_read(key: str) -> dict[str, dict[str, str]] | None:
    path = key.rsplit("\n", 1)[-1]
    if not path:
        return None
    try:
        import marshal

        with open(path, "rb") as f:
            stored_key, merged = marshal.loads(f.read(16_000_000))
        if stored_key == key and isinstance(merged, dict):
            return merged
    except Exception:  # missing, unreadable, another Python's format, truncated: rebuilt
        return None
    return None


def _cache_write(key: str, merged: dict[str, dict[str, str]]) -> None:
    path = key.rsplit("\n", 1)[-1]
    if not path:
        return
    try:
        import marshal

        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(marshal.dumps((key, merged)))
        os.replace(tmp, path)  # atomic: a reader sees the old file or the new one
    except Exception:  # a read-only home, a full disk: just not cached
        try:
            os.unlink(tmp)
        except Exception:
            pass


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
