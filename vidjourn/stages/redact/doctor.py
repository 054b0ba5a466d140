"""`vidjourn doctor`'s row for redaction: the optional ``redact`` extra (OpenCV, onnxruntime, the model)."""

from __future__ import annotations

import importlib.util
from typing import Any

from vidjourn.analysis.faces import model_path
from vidjourn.core.errors import VidjournError
from vidjourn.core.i18n import t


def redact_status() -> dict[str, Any]:
    """Rows for doctor: found without importing OpenCV/onnxruntime (find_spec), the model file located."""
    missing = [m for m in ("cv2", "onnx", "onnxruntime") if importlib.util.find_spec(m) is None]
    hint = 'pip install "vidjourn[redact]"'
    if missing:
        return {"rows": [{"item": t("doctor.redact"), "status": "optional", "detail": hint}], "ok": None}

    try:
        path = model_path()
    except VidjournError as exc:
        return {"rows": [{"item": t("doctor.redact"), "status": "missing", "detail": exc.message()}], "ok": False}
    return {"rows": [{"item": t("doctor.redact"), "status": "ok", "detail": str(path)}], "ok": True}
