"""Assignments for the story tests: clips written as originals directly (the documented manifest format)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import yaml

from vidjourn.core.assignment import Assignment
from vidjourn.core.probe import probe

STORY = {"slug": "2026-11-12_uji", "title": "Apel siaga banjir", "apa": "Apel siaga banjir",
         "siapa": "Polres Bekasi", "kapan": "2026-11-12", "di_mana": "Lapangan Polres", "mengapa": "Musim hujan",
         "bagaimana": "Apel pasukan", "reporter": "Bripka Dewi", "unit": "Humas Polres", "brand": "humas",
         "platforms": ["reels", "youtube", "whatsapp"]}


def make_assignment(root: Path, clips: list[Path], names: list[str] | None = None) -> Assignment:
    root.mkdir(parents=True)
    (root / "vidjourn.yaml").write_text(yaml.safe_dump(STORY, allow_unicode=True), encoding="utf-8")
    for sub in ("raw", "work", "out", "shotlog"):
        (root / sub).mkdir()
    records = []
    for n, src in enumerate(clips, 1):
        stem = names[n - 1] if names else f"20261112_uji_{n:03d}"
        dst = root / "raw" / f"{stem}{src.suffix.lower()}"
        shutil.copyfile(src, dst)
        records.append({"id": dst.stem, "file": dst.relative_to(root).as_posix(), "source": str(src),
                        "size": dst.stat().st_size, "sha256": hashlib.sha256(dst.read_bytes()).hexdigest(),
                        "ingested_at": "2026-11-12T08:00:00Z", "media": probe(dst).to_dict(), "loudness": None})
    (root / "manifest.json").write_text(json.dumps({"clips": records}), encoding="utf-8")
    return Assignment.open(root)
