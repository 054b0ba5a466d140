"""Brand graphics drawn once with Pillow as RGBA PNGs at the output's resolution, cached by content.

Public API (used by ``brand.py`` for the source geometry and by export for each platform format)::

    safe = SafeArea(top=0.10, bottom=0.20, left=0.05, right=0.15)   # or any object with those attributes
    layers = layout_for(preset, 1080, 1920, safe, lower_thirds=[LowerThirdItem("Name", "Title", 2, 6)],
                        cache_dir=assignment.work)                  # -> tuple[render.Layer, ...]
    cards = cards_for(preset, 1080, 1920, story, safe, cache_dir=assignment.work)  # -> CardSpec | None

Layout is a pure function of (preset, width, height, safe area, texts): sizes are fractions of the
frame's shorter side, positions are inside the safe area (``safe_area=None``: the preset's own). So a
9:16 output whose profile keeps the bottom fifth and the right-hand button column free gets its lower
third above the caption zone and its logo left of the buttons.

Text is only ever drawn here (never passed to an ffmpeg filter). Long names shrink (down to
``lower_third.min_scale``) and then wrap (``max_lines``); a glyph missing from the preset's font falls
back to the bundled DejaVu Sans. PNGs are written to ``<cache_dir>/graphics/<kind>-<hash>.png`` where the
hash covers every input (texts, sizes, colours, font and logo file contents), so a second render of the
same geometry reuses them.
"""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from vidjourn.core.digest import file_sha256
from vidjourn.core.fsutil import atomic_path
from vidjourn.render.spec import CardSpec, Layer, SafeArea, fonts_dir

GRAPHICS_VERSION = 1  # bump when drawing changes, so cached PNGs are redrawn
FONTS = fonts_dir()
FALLBACK = {False: FONTS / "DejaVuSans.ttf", True: FONTS / "DejaVuSans-Bold.ttf"}


@dataclass(frozen=True)
class LowerThirdItem:
    """A name and title shown from ``start`` to ``end`` (seconds of the source; end None: default length)."""

    name: str
    title: str = ""
    start: float = 0.0
    end: float | None = None


# --- fonts and text ---------------------------------------------------------------------------------

@lru_cache(maxsize=256)
def _font(path: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, max(6, int(size)))


@lru_cache(maxsize=4096)
def _has_glyph(path: str, ch: str) -> bool:
    if ch.isspace():
        return True
    f = _font(path, 32)
    # A missing glyph renders as the font's .notdef box; compare with a private-use code point.
    return bytes(f.getmask(ch)) != bytes(f.getmask("\ue000")) or f.getbbox(ch) != f.getbbox("\ue000")


def font_for(path: str, text: str, size: int, bold: bool = False):
    """The preset's font, or DejaVu Sans when it lacks a glyph of ``text`` (so nothing shows as a box)."""
    if all(_has_glyph(path, ch) for ch in text):
        return _font(path, size)
    return _font(str(FALLBACK[bold]), size)


def _width(font, text: str) -> float:
    return font.getlength(text)


def _line_height(font) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent


def wrap(text: str, font, max_w: float) -> list[str]:
    """Greedy word wrap; a single word wider than ``max_w`` stays on its own line."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}" if cur else word
        if not cur or _width(font, cand) <= max_w:
            cur = cand
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


def fit_text(text: str, font_path: str, size: int, max_w: float, *, min_scale: float = 0.6,
             max_lines: int = 2, bold: bool = False):
    """(font, lines): one line, shrinking down to ``min_scale``; else wrapped into ``max_lines``,
    shrinking again; at the smallest size, extra lines are cut with an ellipsis."""
    text = " ".join(text.split())
    min_size = max(8, int(size * min_scale))
    sizes = list(range(int(size), min_size - 1, -max(1, int(size * 0.04)))) or [min_size]
    # A one-line fit may shrink only a little; a long name reads better on two lines than tiny on one.
    for s in (s for s in sizes if s >= size * max(min_scale, 0.85)):
        f = font_for(font_path, text, s, bold)
        if _width(f, text) <= max_w:
            return f, [text]
    for s in sizes:
        f = font_for(font_path, text, s, bold)
        lines = wrap(text, f, max_w)
        if len(lines) <= max_lines and all(_width(f, ln) <= max_w for ln in lines):
            return f, lines
    f = font_for(font_path, text + "…", min_size, bold)
    lines = wrap(text, f, max_w)[:max_lines]
    last = lines[-1]
    while last and _width(f, last + "…") > max_w:
        last = last[:-1].rstrip()
    lines[-1] = last + "…"
    return f, lines


# --- caching ------------------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _file_digest(path: str, mtime_ns: int) -> str:
    return file_sha256(path)


def _digest(kind: str, params: dict[str, Any], files: Iterable[str | None]) -> str:
    h = hashlib.sha256()
    h.update(json.dumps({"v": GRAPHICS_VERSION, "kind": kind, **params}, sort_keys=True, default=str).encode())
    for f in files:
        if f:
            h.update(_file_digest(f, Path(f).stat().st_mtime_ns).encode())
    return h.hexdigest()[:20]


def _cached(cache_dir: Path, kind: str, params: dict[str, Any], files: Sequence[str | None], draw):
    """The PNG for these inputs: drawn by ``draw()`` (-> PIL image) only when not cached yet."""
    path = Path(cache_dir) / "graphics" / f"{kind}-{_digest(kind, params, files)}.png"
    if not path.exists():
        img = draw()
        with atomic_path(path) as tmp:
            img.save(tmp, format="PNG", compress_level=3)
    from PIL import Image

    with Image.open(path) as im:
        size = im.size
    return path, size


def _rgba(color: str, alpha: float = 1.0) -> tuple[int, int, int, int]:
    c = color.lstrip("#")
    r, g, b = int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    a = int(c[6:8], 16) if len(c) == 8 else 255
    return r, g, b, round(a * alpha)


# --- lower third, logo ----------------------------------------------------------------------------

def _draw_lower_third(preset, width: int, height: int, safe: SafeArea, name: str, title: str):
    from PIL import Image, ImageDraw

    st = preset.lower_third
    short = min(width, height)
    x0, _, x1, _ = safe.box(width, height)
    pad_x, pad_y, stripe = round(short * 0.022), round(short * 0.014), max(3, round(short * 0.009))
    gap = round(short * 0.006)
    max_text_w = (x1 - x0) * st.max_width - stripe - 2 * pad_x
    nf, nlines = fit_text(name, preset.fonts.heading, round(short * st.name_size), max_text_w,
                          min_scale=st.min_scale, max_lines=st.max_lines, bold=True)
    tlines: list[str] = []
    tf = None
    if title.strip():
        # The title never ends up larger than the (possibly shrunk) name above it.
        t_size = min(round(short * st.title_size), round(nf.size * 0.8))
        tf, tlines = fit_text(title, preset.fonts.body, t_size, max_text_w,
                              min_scale=st.min_scale, max_lines=st.max_lines)
    nlh = _line_height(nf)
    tlh = _line_height(tf) if tf else 0
    text_w = max([_width(nf, ln) for ln in nlines] + ([_width(tf, ln) for ln in tlines] if tf else []))
    w = int(stripe + 2 * pad_x + text_w + 0.5)
    h = int(2 * pad_y + nlh * len(nlines) + (gap + tlh * len(tlines) if tlines else 0))
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w - 1, h - 1), fill=_rgba(st.bar_color, st.bar_opacity))
    d.rectangle((0, 0, stripe - 1, h - 1), fill=_rgba(st.accent_color))
    y = pad_y
    for ln in nlines:
        d.text((stripe + pad_x, y), ln, font=nf, fill=_rgba(st.name_color))
        y += nlh
    if tlines:
        y += gap
        for ln in tlines:
            d.text((stripe + pad_x, y), ln, font=tf, fill=_rgba(st.title_color))
            y += tlh
    return img


def lower_third_layer(preset, width: int, height: int, safe: SafeArea, item: LowerThirdItem,
                      cache_dir: Path) -> Layer:
    st = preset.lower_third
    params = {"w": width, "h": height, "safe": safe.__dict__, "name": item.name, "title": item.title,
              "style": st.model_dump()}
    png, (w, h) = _cached(cache_dir, "lt", params, [preset.fonts.heading, preset.fonts.body],
                          lambda: _draw_lower_third(preset, width, height, safe, item.name, item.title))
    x0, _, x1, y1 = safe.box(width, height)
    if st.position == "bottom-right":
        x, slide = x1 - w, "right"
    elif st.position == "bottom-center":
        x, slide = (width - w) // 2, "bottom"
    else:
        x, slide = x0, "left"
    end = item.end if item.end is not None else item.start + st.default_duration
    return Layer(png=png, x=x, y=y1 - h, start=item.start, end=end, animation=st.animation,
                 anim_duration=st.animation_duration, slide_from=slide, width=w, height=h)


def _draw_logo(file: str, target_w: int, opacity: float):
    from PIL import Image

    with Image.open(file) as src:
        logo = src.convert("RGBA")
    ratio = target_w / logo.width
    logo = logo.resize((max(1, target_w), max(1, round(logo.height * ratio))), Image.LANCZOS)
    if opacity < 1:
        alpha = logo.getchannel("A").point(lambda a: round(a * opacity))
        logo.putalpha(alpha)
    return logo


def logo_layer(preset, width: int, height: int, safe: SafeArea, cache_dir: Path) -> Layer | None:
    lg = preset.logo
    if not lg.file:
        return None
    short = min(width, height)
    target_w = max(8, round(short * lg.size))
    params = {"w": target_w, "opacity": lg.opacity}
    png, (w, h) = _cached(cache_dir, "logo", params, [lg.file], lambda: _draw_logo(lg.file, target_w, lg.opacity))
    x0, y0, x1, y1 = safe.box(width, height)
    m = round(short * lg.margin)
    x = x0 + m if lg.position.endswith("left") else x1 - m - w
    y = y0 + m if lg.position.startswith("top") else y1 - m - h
    return Layer(png=png, x=x, y=y, width=w, height=h)


def layout_for(preset, width: int, height: int, safe_area: Any = None, *,
               lower_thirds: Sequence[LowerThirdItem] = (), cache_dir: Path) -> tuple[Layer, ...]:
    """Every brand layer (logo bug + lower thirds) for a ``width`` x ``height`` output.

    ``safe_area``: fractions (SafeArea, a profile's safe_area, a dict); None uses the preset's.
    """
    safe = SafeArea.of(safe_area if safe_area is not None else preset.safe_area)
    layers: list[Layer] = []
    logo = logo_layer(preset, width, height, safe, cache_dir)
    if logo:
        layers.append(logo)
    for item in lower_thirds:
        if item.name.strip() or item.title.strip():
            layers.append(lower_third_layer(preset, width, height, safe, item, cache_dir))
    return tuple(layers)


# --- title and end cards ---------------------------------------------------------------------------

class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def story_fields(story: dict[str, Any]) -> dict[str, str]:
    """Template fields from vidjourn.yaml: every scalar key, plus place/date/hashtags aliases."""
    out: dict[str, str] = {}
    for k, v in (story or {}).items():
        if isinstance(v, (str, int, float)) and not isinstance(v, bool):
            out[str(k)] = str(v)
    out.setdefault("place", out.get("di_mana", ""))
    out.setdefault("date", out.get("kapan", ""))
    tags = (story or {}).get("hashtags")
    if isinstance(tags, (list, tuple)):
        out["hashtags"] = " ".join(t if str(t).startswith("#") else f"#{t}" for t in tags)
    return out


def fill(template: str, fields: dict[str, str]) -> str:
    """``template`` with {keys} filled; unknown keys become empty; stray braces are left as written."""
    try:
        return string.Formatter().vformat(template, (), _Blank(fields)).strip()
    except (ValueError, IndexError, AttributeError, KeyError):
        return template.strip()


def _draw_card(preset, card, width: int, height: int, safe: SafeArea, texts: list[tuple[str, Any]]):
    from PIL import Image, ImageDraw, ImageOps

    if card.background_image:
        with Image.open(card.background_image) as bg:
            img = ImageOps.fit(bg.convert("RGB"), (width, height), Image.LANCZOS).convert("RGBA")
    else:
        img = Image.new("RGBA", (width, height), _rgba(card.background))
    d = ImageDraw.Draw(img)
    short = min(width, height)
    x0, y0, x1, y1 = safe.box(width, height)
    blocks = []
    for text, line in texts:
        path = preset.fonts.heading if line.font == "heading" else preset.fonts.body
        f, lines = fit_text(text, path, round(short * line.size), (x1 - x0) * 0.95, max_lines=3,
                            bold=line.font == "heading")
        blocks.append((f, lines, _rgba(line.color or preset.colors.text)))
    logo = None
    if card.logo and preset.logo.file:
        logo = _draw_logo(preset.logo.file, round(short * 0.28), 1.0)
    gap = round(short * 0.02)
    total = sum(_line_height(f) * len(ls) for f, ls, _ in blocks) + gap * max(0, len(blocks) - 1)
    if logo:
        total += logo.height + 2 * gap
    y = y0 + max(0, ((y1 - y0) - total) // 2)
    if logo:
        img.alpha_composite(logo, ((width - logo.width) // 2, y))
        y += logo.height + 2 * gap
    for f, lines, color in blocks:
        for ln in lines:
            d.text(((width - _width(f, ln)) / 2, y), ln, font=f, fill=color)
            y += _line_height(f)
        y += gap
    return img.convert("RGB")


def card_png(preset, which: str, width: int, height: int, story: dict[str, Any], safe_area: Any = None, *,
             cache_dir: Path) -> Path | None:
    """The title (``which="title"``) or end card PNG, or None when disabled or it would be blank."""
    card = preset.title_card if which == "title" else preset.end_card
    if not card.enabled:
        return None
    fields = story_fields(story)
    texts = [(fill(line.text, fields), line) for line in card.lines]
    texts = [(t, line) for t, line in texts if t]
    if not texts:  # nothing to say (e.g. a bare clip with no vidjourn.yaml): no card
        return None
    safe = SafeArea.of(safe_area if safe_area is not None else preset.safe_area)
    params = {"w": width, "h": height, "safe": safe.__dict__, "card": card.model_dump(),
              "texts": [t for t, _ in texts], "logo": preset.logo.file if card.logo else None}
    files = [preset.fonts.heading, preset.fonts.body, card.background_image,
             preset.logo.file if card.logo else None]
    png, _ = _cached(cache_dir, f"{which}card", params, files,
                     lambda: _draw_card(preset, card, width, height, safe, texts))
    return png


def cards_for(preset, width: int, height: int, story: dict[str, Any], safe_area: Any = None, *,
              cache_dir: Path) -> CardSpec | None:
    """Title and end cards for this geometry, or None when the preset has neither."""
    title = card_png(preset, "title", width, height, story, safe_area, cache_dir=cache_dir)
    end = card_png(preset, "end", width, height, story, safe_area, cache_dir=cache_dir)
    if title is None and end is None:
        return None
    return CardSpec(title=title, title_duration=preset.title_card.duration, end=end,
                    end_duration=preset.end_card.duration, fade=preset.fade)
