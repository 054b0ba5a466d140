"""Saying what happened to the unit's preset (``presets new``, ``init --logo``)."""

from __future__ import annotations

from pathlib import Path

from vidjourn.cli.common import console, settings
from vidjourn.core.i18n import t


def say_unit_preset(name: str, logo: Path, unit: str | None, *, base: str | None = None, force: bool = False,
                    dry_run: bool = False, quiet: bool = False) -> dict:
    """Write the unit's preset (vidjourn/settings/unit.py) and print where it went (the path in full)."""
    from vidjourn.settings.unit import write_unit_preset

    res = write_unit_preset(name, logo, unit, base=base, force=force, dry_run=dry_run)
    if not quiet and not settings().quiet:
        text = (t("cli.dry_run_would_write", path=res["path"]) if dry_run else
                t("unit.written", path=res["path"], logo=res["logo"], name=name) if res["changed"] else
                t("unit.unchanged", path=res["path"]))
        console().print(text, markup=False, highlight=False, soft_wrap=True)
    return res
