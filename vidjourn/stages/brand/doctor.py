"""`vidjourn doctor`'s row for the unit's look: the brand preset in use and whether its logo is still the
placeholder (then the one command that fixes it)."""

from __future__ import annotations

from typing import Any

from vidjourn.core.errors import VidjournError
from vidjourn.core.i18n import t
from vidjourn.settings import presets


def unit_status() -> dict[str, Any]:
    from vidjourn.core.story import DEFAULT_BRAND
    from vidjourn.settings.unit import fix_command, uses_placeholder

    root, name = None, DEFAULT_BRAND
    try:  # inside an assignment: the preset its vidjourn.yaml names
        from vidjourn.core.assignment import Assignment

        asg = Assignment.open(None)
        root, name = asg.root, str(asg.story().get("brand") or DEFAULT_BRAND)
    except VidjournError:
        pass
    if name.lower() == "none":
        return {"rows": [{"item": t("doctor.unit"), "status": "ok", "detail": "brand: none"}], "ok": True}
    try:
        preset = presets.load(name, root)
    except VidjournError as exc:
        return {"rows": [{"item": t("doctor.unit"), "status": "missing", "detail": exc.message()}], "ok": False}
    if uses_placeholder(preset):
        detail = t("doctor.unit_placeholder", name=preset.name, fix=fix_command(preset.name))
        return {"rows": [{"item": t("doctor.unit"), "status": "warn", "detail": detail}], "ok": False,
                "warning": detail}
    return {"rows": [{"item": t("doctor.unit"), "status": "ok",
                      "detail": f"{preset.name}: {preset.label}  ({preset.source})"}], "ok": True}
