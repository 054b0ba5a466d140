"""Subtitles: SRT, VTT or ASS in; an ASS file in the preset's style out, burned by libass.

:func:`prepare` reads the file with pysubs2, restyles every event with ONE style built from the preset
(font, size, colours, outline or box) for the output geometry (``PlayResX/Y`` = the output size, so
sizes are in output pixels), keeps it above the safe area's bottom margin, and writes it to
``<cache_dir>/subs/<hash>.ass``. Times stay in seconds of the source clip (the render engine shifts
the stream for trimmed outputs). The render engine burns it with the ``subtitles`` filter and
``fontsdir`` = the bundled fonts, so the result does not depend on the machine's installed fonts.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from vidjourn.core.errors import MediaError, UsageError
from vidjourn.core.fsutil import write_text_atomic
from vidjourn.render.spec import SafeArea, fonts_dir  # noqa: F401

FORMATS = {".srt": "srt", ".vtt": "vtt", ".ass": "ass", ".ssa": "ssa"}


@lru_cache(maxsize=16)
def font_family(path: str) -> str:
    """The family name libass matches (e.g. 'Open Sans' for OpenSans-Semibold.ttf)."""
    from PIL import ImageFont

    return ImageFont.truetype(path, 12).getname()[0]


def _color(hex_color: str):
    import pysubs2

    c = hex_color.lstrip("#")
    r, g, b = int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    a = int(c[6:8], 16) if len(c) == 8 else 255
    return pysubs2.Color(r, g, b, 255 - a)  # ASS alpha: 0 = opaque


def load(path: Path):
    """Parse SRT/VTT/ASS; a clear error for an unknown extension or an unreadable file."""
    import pysubs2

    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError("brand.error.subs_format", path=path)
    if not path.is_file():
        raise UsageError("error.file_missing", path=path)
    try:
        subs = pysubs2.load(str(path), encoding="utf-8-sig", format_=fmt)
    except (UnicodeDecodeError, ValueError, pysubs2.exceptions.Pysubs2Error) as exc:
        raise MediaError("brand.error.subs_unreadable", path=path, reason=str(exc)) from None
    if not len(subs):
        raise MediaError("brand.error.subs_empty", path=path)
    return subs


def prepare(path: Path, preset: Any, width: int, height: int, safe_area: Any = None, *, cache_dir: Path,
            avoid: Sequence[tuple[float, float, int]] = ()) -> Path:
    """The ASS file for burning ``path`` into a ``width`` x ``height`` output in the preset's style.

    ``avoid``: (start, end, bottom_px) windows, e.g. lower thirds: a line shown during one is lifted
    so that its baseline sits ``bottom_px`` above the frame's bottom edge (never on top of the bar).
    """
    import pysubs2


    st = preset.subtitles
    safe = SafeArea.of(safe_area if safe_area is not None else preset.safe_area)
    subs = load(path)
    short = min(width, height)
    font_file = preset.fonts.heading if st.font == "heading" else preset.fonts.body
    style = pysubs2.SSAStyle(
        fontname=font_family(font_file),
        fontsize=round(short * st.size),
        primarycolor=_color(st.color),
        outlinecolor=_color(st.box_color if st.box else st.outline_color),
        backcolor=_color(st.box_color if st.box else "#00000080"),
        bold="Bold" in Path(font_file).stem or "Semibold" in Path(font_file).stem,
        borderstyle=3 if st.box else 1,  # 3 = opaque box
        outline=(round(short * 0.008) if st.box else st.outline * height / 1080),
        shadow=0,
        alignment=pysubs2.Alignment.BOTTOM_CENTER,
        marginl=round(width * safe.left),
        marginr=round(width * safe.right),
        marginv=round(height * safe.bottom),
    )
    subs.styles.clear()
    subs.styles["Brand"] = style
    for ev in subs.events:
        ev.style = "Brand"
        # Drop per-line overrides of font/colour/position: the house style wins (line breaks kept).
        ev.text = re.sub(r"\{[^}]*\}", "", ev.text)
        lifts = [px for a, b, px in avoid if ev.start / 1000 < b and ev.end / 1000 > a]
        if lifts:
            ev.marginv = max(lifts)
    subs.info["PlayResX"] = str(width)
    subs.info["PlayResY"] = str(height)
    subs.info["WrapStyle"] = "0"
    subs.info["ScaledBorderAndShadow"] = "yes"
    text = subs.to_string("ass")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
    out = Path(cache_dir) / "subs" / f"{digest}.ass"
    if not out.exists():
        write_text_atomic(out, text)
    return out
