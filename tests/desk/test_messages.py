"""Every text of the desk's pages comes from the catalogue, in Indonesian and English."""

from __future__ import annotations

import re
from pathlib import Path

from vidjourn.core.i18n import catalogue

STATIC = Path(__file__).resolve().parents[2] / "vidjourn" / "desk" / "static"
PREFIXES = ("st_", "step_", "shape_", "mode_")  # keys built from a state name: "st_" + state


def test_every_key_the_pages_use_is_in_both_languages():
    cat = catalogue()
    used = set()
    for js in STATIC.glob("*.js"):
        used |= set(re.findall(r'\btr\("([a-z_]+)"', js.read_text(encoding="utf-8")))
    assert len(used) > 40
    for key in used:
        if key in PREFIXES:
            continue
        entry = cat.get("desk.ui." + key)
        assert entry and entry.get("id") and entry.get("en"), key
    for prefix, names in (("st_", ("yes", "no", "off", "review", "approved", "void", "draft", "changed", "missing")),
                          ("step_", ("ingested", "faces", "captions", "exported", "signed")),
                          ("shape_", ("box", "ellipse")), ("mode_", ("mosaic", "solid", "blur"))):
        for n in names:
            assert "desk.ui." + prefix + n in cat, prefix + n


def test_the_pages_hold_no_inline_script_or_style():
    for html in STATIC.glob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<script>" not in text and not re.search(r"\son[a-z]+=", text)  # no inline code or handler
        assert "style=" not in text and "<style" not in text
        assert "http://" not in text and "https://" not in text  # no CDN
