"""Drawing for the redaction review sheet: outlines and numbers on sampled frames, and the contact sheet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vidjourn.core.fsutil import atomic_path
from vidjourn.render.spec import fonts_dir

HIDE = (255, 40, 40)
KEEP = (40, 200, 80)
REGION = (255, 170, 0)


def _font(size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(fonts_dir() / "DejaVuSans-Bold.ttf"), size)


def annotate(img, marks: Sequence[tuple[str, float, float, float, float, str, str]]):
    """Outline each mark (kind, x1, y1, x2, y2 as fractions, label, role: hide|keep|region) on ``img``."""
    from PIL import ImageDraw

    img = img.convert("RGB")
    d = ImageDraw.Draw(img)
    w, h = img.size
    lw = max(2, w // 240)
    font = _font(max(11, w // 36))
    for kind, x1, y1, x2, y2, label, role in marks:
        color = {"keep": KEEP, "region": REGION}.get(role, HIDE)
        box = [x1 * w, y1 * h, x2 * w, y2 * h]
        if kind == "ellipse":
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            rx, ry = (box[2] - box[0]) / 2 * 1.3, (box[3] - box[1]) / 2 * 1.3
            d.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], outline=color, width=lw)
        else:
            d.rectangle(box, outline=color, width=lw)
        tx, ty = max(0, box[0]), max(0, box[1] - font.size - 4)
        tb = d.textbbox((tx, ty), label, font=font)
        d.rectangle([tb[0] - 2, tb[1] - 2, tb[2] + 2, tb[3] + 2], fill=(0, 0, 0))
        d.text((tx, ty), label, fill=color, font=font)
    return img


def caption(img, text: str):
    """A caption bar under a frame (time, frame number)."""
    from PIL import Image, ImageDraw

    w, h = img.size
    font = _font(max(11, w // 32))
    bar = font.size + 10
    out = Image.new("RGB", (w, h + bar), (20, 20, 20))
    out.paste(img, (0, 0))
    ImageDraw.Draw(out).text((6, h + 4), text, fill=(235, 235, 235), font=font)
    return out


def contact_sheet(images: Sequence, title: str, cols: int = 4, pad: int = 8):
    """All images (same size) in a grid under a title line."""
    from PIL import Image, ImageDraw

    if not images:
        images = [Image.new("RGB", (320, 180), (40, 40, 40))]
    w = max(i.size[0] for i in images)
    h = max(i.size[1] for i in images)
    cols = max(1, min(cols, len(images)))
    rows = -(-len(images) // cols)
    font = _font(18)
    top = font.size + 2 * pad
    sheet = Image.new("RGB", (cols * (w + pad) + pad, top + rows * (h + pad) + pad), (255, 255, 255))
    ImageDraw.Draw(sheet).text((pad, pad), title, fill=(0, 0, 0), font=font)
    for k, im in enumerate(images):
        r, c = divmod(k, cols)
        sheet.paste(im, (pad + c * (w + pad), top + r * (h + pad)))
    return sheet


def save_png(img, path: Path) -> None:
    with atomic_path(path) as tmp:
        img.save(tmp, format="PNG", optimize=True)
