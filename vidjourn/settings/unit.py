"""The unit's own look (issue 22): its brand preset in the user's config folder, with its logo.

The built-in presets carry a placeholder logo ("LOGO SATUAN ... replace"). ``write_unit_preset`` copies a
built-in preset into ``<config>/vidjourn/brand/<name>.yaml`` (comments kept) with the unit's name as its
label and the unit's logo beside it; the lookup order (assignment > user > built-in) then makes every
story of this user use it under the same name. ``uses_placeholder`` tells publishing (the export stage)
to refuse a preset whose logo is still the placeholder, outside the demo.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from vidjourn.core import lookup
from vidjourn.core.digest import file_sha256
from vidjourn.core.errors import UsageError, VidjournError
from vidjourn.core.fsutil import write_bytes_atomic, write_text_atomic
from vidjourn.settings import presets
from vidjourn.settings.presets import MAX_IMAGE_PIXELS

PLACEHOLDER = "logo-placeholder.png"
MAX_LOGO_BYTES = 20_000_000
ALLOW_ENV = "VIDJOURN_PLACEHOLDER_LOGO"  # "ok": publish with the placeholder anyway (the test suite)


class PlaceholderLogo(VidjournError):
    exit_code = 1


@lru_cache(maxsize=1)
def _placeholder_sha() -> str:
    return file_sha256(lookup.builtin_dir("brand") / PLACEHOLDER)


def _sha(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_LOGO_BYTES:
            return None
        return file_sha256(path)
    except OSError:
        return None


def logo_is_placeholder(logo: str | os.PathLike | None, base: Path | None = None) -> bool:
    """True when ``logo`` (a preset's resolved logo file) is the built-in placeholder, by content."""
    if not logo:
        return False
    p = Path(logo)
    if not p.is_absolute() and base is not None:
        p = base / p
    return _sha(p) == _placeholder_sha()


def uses_placeholder(preset: Any) -> bool:
    """A loaded :class:`~vidjourn.settings.presets.BrandPreset` whose logo is the placeholder."""
    base = Path(preset.source).parent if getattr(preset, "source", "") else None
    return logo_is_placeholder(preset.logo.file, base)


def fix_command(name: str) -> str:
    """The one command that gives preset ``name`` the unit's logo (double quotes: cmd, PowerShell, bash)."""
    return f'vidjourn presets new {name} --logo LOGO.png --unit "NAMA SATUAN"'


def refuse_placeholder(preset: Any, story: dict[str, Any] | None) -> None:
    """Publishing with the placeholder logo is refused outside the demo (``demo: true`` in its
    vidjourn.yaml) — with the command that fixes it."""
    if os.environ.get(ALLOW_ENV) == "ok" or (story or {}).get("demo") is True:
        return
    if uses_placeholder(preset):
        raise PlaceholderLogo("unit.error.placeholder", preset=preset.name, path=preset.source,
                              fix=fix_command(preset.name))


def _png_bytes(logo: Path) -> bytes:
    """The logo as PNG bytes: a PNG as it is, any other picture PIL reads (JPEG...) converted (alpha kept)."""
    if not logo.is_file():
        raise UsageError("error.file_missing", path=logo)
    if logo.stat().st_size > MAX_LOGO_BYTES:
        raise UsageError("unit.error.logo_big", path=logo, mb=MAX_LOGO_BYTES // 1_000_000)
    data = logo.read_bytes()
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            w, h = im.size
            if w * h > MAX_IMAGE_PIXELS:
                raise UsageError("unit.error.logo_unreadable", path=logo, reason=f"{w}x{h}")
            if im.format == "PNG":
                im.load()
                return data
            out = io.BytesIO()
            im.convert("RGBA").save(out, format="PNG")
            return out.getvalue()
    except UsageError:
        raise
    except Exception as exc:  # PIL: UnidentifiedImageError, OSError, SyntaxError on junk
        raise UsageError("unit.error.logo_unreadable", path=logo, reason=str(exc)[:120]) from None


def _base_text(name: str, base: str | None) -> str:
    """The built-in preset to start from: ``base``, else the built-in of the same name, else humas."""
    folder = lookup.builtin_dir("brand")
    for cand in (base, name, "humas"):
        if cand and (folder / f"{cand}.yaml").is_file():
            return (folder / f"{cand}.yaml").read_text(encoding="utf-8")
    raise UsageError("brand.error.unknown_preset", name=base or name,
                     names=", ".join(p.stem for p in sorted(folder.glob("[!_]*.yaml"))), hint="")


def unit_preset_path(name: str) -> Path:
    return lookup.user_dir("brand") / f"{name}.yaml"


def write_unit_preset(name: str, logo: Path, unit: str | None = None, *, base: str | None = None,
                      force: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """Write ``<config>/vidjourn/brand/<name>.yaml`` and its logo; returns what was (or would be) written.

    An existing preset is replaced only with ``force``, or when it still has the placeholder logo, or when
    it already has this very logo (then nothing changes: ``init --logo`` on every story is harmless)."""

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", name or ""):
        raise UsageError("unit.error.bad_name", name=name)
    logo = Path(logo).expanduser()
    png = _png_bytes(logo)
    dest = unit_preset_path(name)
    logo_dest = dest.with_name(f"{name}-logo.png")
    result = {"preset": name, "path": str(dest), "logo": str(logo_dest), "changed": True}
    if dest.is_file():
        try:
            current = presets.load_file(dest, name)
            same = _sha(Path(current.logo.file)) == hashlib.sha256(png).hexdigest() if current.logo.file else False
            stale = uses_placeholder(current)
        except VidjournError:
            same, stale = False, True
        if same and not force and (unit is None or current.label == unit):
            return {**result, "changed": False}
        if not (force or stale or same):
            raise UsageError("unit.error.exists", path=dest, name=name)
    text = _base_text(name, base)
    label = unit or name
    text = re.sub(r"(?m)^label:.*$", lambda m: f"label: {json.dumps(label, ensure_ascii=False)}", text, count=1)
    text, n = re.subn(r"(?m)^(\s*file:\s*)" + re.escape(PLACEHOLDER) + r".*$",
                      lambda m: f"{m.group(1)}{logo_dest.name}", text, count=1)
    if n == 0:  # a base without a logo line: add one
        text += f"\nlogo:\n  file: {logo_dest.name}\n"
    header = (f"# {label}: the unit's own look, written {date.today().isoformat()} by vidjourn from the built-in\n"
              f"# preset (logo: {logo.name}). Edit freely; check with: vidjourn presets validate {name}\n")
    if dry_run:
        return result
    dest.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(logo_dest, png)
    write_text_atomic(dest, header + text)
    presets.load_file(dest, name)  # the written preset must load (logo decodes, every key valid)
    return result
