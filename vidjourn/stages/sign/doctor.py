"""`vidjourn doctor`'s row for provenance: the optional ``sign`` extra and the unit's keys."""

from __future__ import annotations

from importlib import metadata
from typing import Any

from vidjourn.core.errors import VidjournError


def signing_status() -> dict[str, Any]:
    """The optional ``sign`` extra (versions, or None) and the unit's keys (folder, unit, expiry)."""
    out: dict[str, Any] = {}
    for dist in ("c2pa-python", "cryptography"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    out["keys"] = None
    if out["cryptography"]:
        from vidjourn.provenance import keys as km  # cryptography: only when it is installed

        try:
            info = km.show_keys(km.default_dir())
            out["keys"] = {"dir": str(info.dir), "unit": info.unit, "until": info.signing_not_after[:10],
                           "root_key_present": info.root_key_present}
        except VidjournError:
            out["keys"] = None
    return out
