"""Two languages, everywhere: every message exists in both with the same placeholders."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

import vidjourn
from vidjourn.core import i18n
from vidjourn.core.i18n import LANGS, t

PKG = Path(vidjourn.__file__).resolve().parent


def all_catalogue_modules() -> list[str]:
    """Every catalogue module on disk: core's and each feature's ``messages.py`` (found here by walking
    the package, independently of i18n's own discovery, so a catalogue it misses fails the test)."""
    found = [f"vidjourn.core.messages.{m.name}" for m in pkgutil.iter_modules([str(PKG / "core" / "messages")])]
    found += [".".join(("vidjourn",) + py.relative_to(PKG).with_suffix("").parts)
              for py in PKG.rglob("messages.py")]
    return sorted(found)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_catalogue_module_is_loaded():
    # A catalogue i18n does not load is a set of messages nobody can see: every module's keys are in it.
    merged = i18n.catalogue()
    for module in all_catalogue_modules():
        keys = importlib.import_module(module).MESSAGES
        assert keys and set(keys) <= set(merged), module


@pytest.mark.parametrize("module", all_catalogue_modules())
def test_catalogue_complete_in_both_languages(module):
    messages = importlib.import_module(module).MESSAGES
    problems = []
    for key, texts in messages.items():
        if set(texts) != set(LANGS):
            problems.append(f"{key}: languages {sorted(texts)} (need {list(LANGS)})")
            continue
        for lang in LANGS:
            if not isinstance(texts[lang], str) or not texts[lang].strip():
                problems.append(f"{key}[{lang}] is empty")
        if placeholders(texts["id"]) != placeholders(texts["en"]):
            problems.append(f"{key}: placeholders differ: id {sorted(placeholders(texts['id']))} "
                            f"vs en {sorted(placeholders(texts['en']))}")
    assert not problems, f"{module}:\n" + "\n".join(problems)


def test_no_key_defined_twice():
    seen: dict[str, str] = {}
    dupes = []
    for module in all_catalogue_modules():
        for key in importlib.import_module(module).MESSAGES:
            if key in seen:
                dupes.append(f"{key} in {seen[key]} and {module}")
            seen[key] = module
    assert not dupes


# A literal key: the whole string, followed by "," or ")" (not a prefix glued to a variable part).
KEY_USE = re.compile(r"""\b(?:t|[A-Z]\w*Error|OutputExists|VidjournError|Cancelled)\(\s*["']([a-z][a-z0-9_]*\.[a-z0-9_.]*[a-z0-9])["']\s*[,)]""")


def test_every_literal_key_used_in_code_exists():
    """t("x.y") and SomeError("x.y") with a literal key must name a message that exists."""
    known = set(i18n.catalogue())
    missing = []
    for py in sorted(PKG.rglob("*.py")):
        if "messages" in py.parts:
            continue
        for m in KEY_USE.finditer(py.read_text(encoding="utf-8")):
            if m.group(1) not in known:
                missing.append(f"{py.relative_to(PKG.parent)}: {m.group(1)}")
    assert not missing, "\n".join(missing)


def test_language_selection(monkeypatch):
    for var in ("VIDJOURN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    i18n.set_lang(None)
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    assert i18n.get_lang() == "id" and t("error.prefix") == "Galat"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.get_lang() == "en"
    monkeypatch.setenv("VIDJOURN_LANG", "id")  # beats the locale
    assert i18n.get_lang() == "id"
    i18n.set_lang("en")  # --lang beats everything
    assert t("error.prefix") == "Error"
    with pytest.raises(ValueError):
        i18n.set_lang("fr")


def test_lang_flag_switches_cli_messages(tmp_path):
    from vidjourn.cli import cli

    missing = tmp_path / "tidak-ada.mp4"
    en = CliRunner().invoke(cli, ["--lang", "en", "probe", str(missing)])
    i18n.set_lang(None)
    id_ = CliRunner().invoke(cli, ["--lang", "id", "probe", str(missing)])
    assert en.exit_code == id_.exit_code == 1
    assert "Error:" in en.output and "no such file or folder" in en.output
    assert "Galat:" in id_.output and "tidak ditemukan" in id_.output
    assert str(missing) in en.output and str(missing) in id_.output


def test_windows_default_language_from_the_user_locale(monkeypatch):
    """Windows is not run here: the code path is run with sys.platform and ctypes.windll mocked. Unproven
    on a real Windows: that GetUserDefaultLocaleName returns 'id-ID' for Region = Indonesia."""
    import ctypes
    import sys
    from types import SimpleNamespace

    from vidjourn.core import i18n

    for var in ("VIDJOURN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    calls = []

    def locale_name(buf, size, value="id-ID"):
        calls.append(size)
        buf.value = value
        return len(value) + 1

    fake = SimpleNamespace(kernel32=SimpleNamespace(GetUserDefaultLocaleName=locale_name,
                                                    GetUserDefaultUILanguage=lambda: 0x0409))  # UI: en-US
    monkeypatch.setattr(ctypes, "windll", fake, raising=False)
    assert i18n.detect_lang() == "id" and calls  # the locale, not the (English) display language
    fake.kernel32.GetUserDefaultLocaleName = lambda buf, size: (setattr(buf, "value", "en-GB") or 6)
    assert i18n.detect_lang() == "en"
    fake.kernel32.GetUserDefaultLocaleName = lambda buf, size: 0  # failed: English
    assert i18n.detect_lang() == "en"


def test_catalogue_cache_is_the_modules_and_follows_their_changes(tmp_path, monkeypatch):
    """The merged catalogue is cached (issue 24: importing ~17 catalogue modules was the largest part of
    `vidjourn --help`); the cache must equal the modules and be rebuilt when one changes."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "VIDJOURN_CACHE": str(tmp_path), "VIDJOURN_CATALOGUE_CACHE": "on"}
    code = ("import json, sys, vidjourn.core.i18n as i; c = i.catalogue(); "
            "print(json.dumps([len(c), 'vidjourn.core.messages.core' in sys.modules]))")

    def run():
        import json

        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    n, imported = run()
    assert imported and n == len(i18n.catalogue())  # first: built from the modules, written
    assert list(tmp_path.glob("vidjourn/catalogue-*.marshal"))
    assert run() == [n, False]  # then: read from the cache, no module imported
    target = next(p for p in (tmp_path / "vidjourn").glob("catalogue-*.marshal"))
    target.write_bytes(b"junk")  # a broken cache is rebuilt, never trusted
    assert run() == [n, True]
    env["VIDJOURN_CATALOGUE_CACHE"] = "off"
    assert run() == [n, True]
