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
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from vidjourn.core.errors import MediaError, UsageError
from vidjourn.core.fsutil import read_bounded, write_text_atomic
from vidjourn.core.i18n import t
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


MAX_SUBS_BYTES = 5 * 1024 * 1024  # a feature film's SRT is ~100 KB

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?$")


def _ms(groups: Sequence[str | None]) -> int:
    h, m, s, frac = groups
    return ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int((frac or "0").ljust(3, "0")[:3])


def _cues(text: str, fmt: str, path: Path, skipped: list[str]):
    """SRT/VTT cue by cue: a block whose timing line is broken is skipped and reported by its number
    and line, and the cues around it are kept whole (pysubs2 glued a broken cue's text onto the one
    before it, on screen). Returns a pysubs2 file."""
    import pysubs2

    subs = pysubs2.SSAFile()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i, n = 0, len(lines)
    if fmt == "vtt":
        if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
            skipped.append("WEBVTT header")
    while i < n:
        while i < n and not lines[i].strip():
            i += 1
        start_line = i
        block = []
        while i < n and lines[i].strip():
            block.append(lines[i])
            i += 1
        if not block:
            break
        if fmt == "vtt" and (block[0].startswith(("WEBVTT", "NOTE", "STYLE", "REGION"))):
            continue
        at = next((k for k, ln in enumerate(block[:2]) if "-->" in ln), None)
        m = _TIMING.match(block[at]) if at is not None else None
        label = block[0].strip() if at == 1 else str(len(subs.events) + len(skipped) + 1)
        if m is None:
            skipped.append(t_cue(label, start_line + 1))
            continue
        start, end = _ms(m.groups()[:4]), _ms(m.groups()[4:])
        if end <= start:
            skipped.append(t_cue(label, start_line + 1))
            continue
        body = "\\N".join(ln.strip() for ln in block[at + 1:])
        body = re.sub(r"</?[ibu]>|</?font[^>]*>|<[^>]+>", "", body)  # SRT/VTT tags: the house style wins
        subs.events.append(pysubs2.SSAEvent(start=start, end=end, text=body))
    return subs


def t_cue(label: str, line: int) -> str:
    return t("brand.subs_cue", label=label, line=line)


def load(path: Path):
    """Parse SRT/VTT/ASS; a clear error for an unknown extension or an unreadable file. Cues that
    cannot be read are skipped and named in one warning; the valid ones are all kept."""

    import pysubs2


    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError("brand.error.subs_format", path=path)
    if not path.is_file():
        raise UsageError("error.file_missing", path=path)
    raw = read_bounded(path, MAX_SUBS_BYTES)  # the one bounded reader: no FIFO, no device
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MediaError("brand.error.subs_unreadable", path=path, reason=f"not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise MediaError("brand.error.subs_unreadable", path=path, reason="binary data, not text")
    skipped: list[str] = []
    try:
        if fmt in ("srt", "vtt"):
            subs = _cues(text, fmt, path, skipped)
        else:
            # pysubs2 warns (RuntimeWarning) about lines it cannot read: caught and said in our words
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                subs = pysubs2.SSAFile.from_string(text, format_=fmt)
            skipped += [str(w.message)[:120] for w in caught]
    except (ValueError, KeyError, IndexError, pysubs2.exceptions.Pysubs2Error) as exc:
        raise MediaError("brand.error.subs_unreadable", path=path, reason=str(exc)[:200]) from None
    if not len(subs):
        raise MediaError("brand.error.subs_empty", path=path)
    if skipped:
        import logging

        logging.getLogger("vidjourn").warning(t("brand.warn_subs_skipped", path=path, n=len(skipped),
                                                items="; ".join(skipped[:10])))
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
