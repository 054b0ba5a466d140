"""`vidjourn init`: a new assignment folder with a commented vidjourn.yaml.

Layout (docs/DESIGN.md)::

    <slug>/vidjourn.yaml  raw/  work/  out/  shotlog/

The comments in vidjourn.yaml are written in the user's language; the keys stay the same in every
language (apa, siapa, kapan, di_mana, mengapa, bagaimana) because scripts and the other stages read them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from vidjourn.core.assignment import STORY_FILE, Assignment
from vidjourn.core.errors import UsageError
from vidjourn.core.fsutil import write_text_atomic
from vidjourn.core.i18n import t

DEFAULT_BRAND = "humas"
DEFAULT_PLATFORMS = ("whatsapp", "reels", "youtube")
FIVE_W_ONE_H = ("apa", "siapa", "kapan", "di_mana", "mengapa", "bagaimana")
SUBDIRS = ("raw", "work", "out", "shotlog")


def slugify(text: str) -> str:
    """'Banjir Bekasi Timur' -> 'banjir-bekasi-timur' (ASCII, for file names on any system)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_]+", "-", ascii_text.lower()).strip("-_")
    return re.sub(r"-{2,}", "-", slug)


def folder_name(slug: str) -> str:
    """The folder for ``slug``: keeps a leading date (2026-11-12_...), ASCII, lower case, no spaces."""

    m = re.match(r"^(\d{4}-\d{2}-\d{2})[_-](.*)$", slug.strip())
    if m:
        rest = slugify(m.group(2))
        return f"{m.group(1)}_{rest}" if rest else ""
    return slugify(slug)


def _q(value: Any) -> str:
    """A YAML scalar: JSON strings are valid YAML and escape anything a title may contain."""
    if value is None or value == "":
        return '""'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _flow(item: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_q(v)}" for k, v in item.items()) + "}"


def story_yaml(
    slug: str,
    title: str,
    *,
    brand: str = DEFAULT_BRAND,
    platforms: Sequence[str] = DEFAULT_PLATFORMS,
    fields: dict[str, str] | None = None,
    reporter: str = "",
    unit: str = "",
    lower_thirds: Sequence[dict[str, Any]] = (),
    demo: bool = False,
) -> str:
    """The text of a commented vidjourn.yaml (comments in the user's language)."""
    f = {k: "" for k in FIVE_W_ONE_H}
    f["kapan"] = date.today().isoformat()
    f.update(fields or {})
    # the examples' clip ids as ingest will name them: the assignment's day (kapan), then the slug
    day = "".join(ch for ch in str(f.get("kapan") or "")[:10] if ch.isdigit()) or date.today().strftime("%Y%m%d")

    def c(key: str) -> str:  # a comment block in the user's language
        return "# " + t(key).replace("\n", "\n# ")
    lines = [
        c("init.yaml_header"),
        "",
        f"slug: {_q(slug)}",
        f"title: {_q(title)}",
        "",
        c("init.yaml_5w1h"),
    ]
    for k in FIVE_W_ONE_H:
        lines.append(f"{k}: {_q(f.get(k, ''))}    # {t('init.yaml_' + k)}")
    lines += [
        "",
        f"reporter: {_q(reporter)}    # {t('init.yaml_reporter')}",
        f"unit: {_q(unit)}    # {t('init.yaml_unit')}",
        "",
        c("init.yaml_brand"),
        f"brand: {_q(brand)}",
        *([f"demo: true    # {t('init.yaml_demo')}"] if demo else []),
        "",
        c("init.yaml_platforms"),
        "platforms: [" + ", ".join(platforms) + "]",
        "",
        c("init.yaml_sign"),
        "# sign: true",
        "",
        c("init.yaml_redact"),
        "# redact:",
        f"#   faces: auto      # {t('init.yaml_redact_faces')}",
        f"#   mode: mosaic     # {t('init.yaml_redact_mode')}",
        f"#   required: true   # {t('init.yaml_redact_required')}",
        "",
        c("init.yaml_lower_thirds"),
    ]
    if lower_thirds:
        lines.append("lower_thirds:")
        lines += [f"  - {_flow(item)}" for item in lower_thirds]
    else:
        lines += [
            "lower_thirds: []",
            "# lower_thirds:",
            '#   - {clip: ' + day + '_' + slug + '_001.mp4, name: "AKP Budi Santoso", '
            'title: "Kasubbag Humas", start: 1.5, end: 6}',
            '#   - {clip: ' + day + '_' + slug + '_002, name: "Siti Rahma", title: "Warga", start: 0, end: 4}',
        ]
    return "\n".join(lines) + "\n"


def init_assignment(
    slug: str,
    parent: Path | str | None = None,
    *,
    title: str | None = None,
    **story: Any,
) -> Assignment:
    """Create ``parent/<slug>/`` with vidjourn.yaml and the sub-folders. Never overwrites a story."""

    name = folder_name(slug)
    if not name:
        raise UsageError("init.error_bad_slug", slug=slug)
    root = Path(parent or ".").expanduser() / name
    story_file = root / STORY_FILE
    if story_file.exists():
        raise UsageError("init.error_exists", path=story_file)
    if root.exists() and not root.is_dir():
        raise UsageError("init.error_not_folder", path=root)
    short = slugify(re.sub(r"^\d{4}-\d{2}-\d{2}[_-]", "", name)) or name
    if title is None:
        title = short.replace("-", " ").replace("_", " ").title()
    root.mkdir(parents=True, exist_ok=True)
    for sub in SUBDIRS:
        (root / sub).mkdir(exist_ok=True)
    # "when" is the story's day: the date the assignment is named after (2026-11-12_apel), else today
    m = re.match(r"^(\d{4}-\d{2}-\d{2})[_-]", name)
    try:
        day = date.fromisoformat(m.group(1)).isoformat() if m else None
    except ValueError:  # 2026-13-45_... is a name, not a date
        day = None
    if day:
        story["fields"] = {"kapan": day, **(story.get("fields") or {})}
    write_text_atomic(story_file, story_yaml(short, title, **story))
    return Assignment(root.resolve())
