"""Where presets and platform profiles are found.

Lookup order for a name: a path to a file > the assignment folder (``<assignment>/presets/<kind>/``)
> the user's config folder (``<config>/vidjourn/<kind>/``, or ``VIDJOURN_CONFIG``) > built-in
(``presets/<kind>/`` in the repository, shipped as the package ``vidjourn.builtin_presets``).
Kinds: ``brand`` (house styles) and ``platforms`` (export profiles).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Found:
    name: str
    path: Path
    origin: str  # path | assignment | user | builtin


def builtin_dir(kind: str) -> Path:
    try:
        return Path(str(resources.files("vidjourn.builtin_presets").joinpath(kind)))
    except ModuleNotFoundError:
        # An editable install (pip install -e .) maps only `vidjourn` -> vidjourn/, not the
        # package-dir entry vidjourn.builtin_presets -> presets/; use the repository folder then.
        return Path(__file__).resolve().parents[2] / "presets" / kind


def user_dir(kind: str) -> Path:
    base = os.environ.get("VIDJOURN_CONFIG")
    if base:
        return Path(base) / kind
    from platformdirs import user_config_dir

    return Path(user_config_dir("vidjourn", appauthor=False)) / kind


def search_dirs(kind: str, assignment_root: Path | None = None) -> list[tuple[str, Path]]:
    dirs: list[tuple[str, Path]] = []
    if assignment_root is not None:
        dirs.append(("assignment", assignment_root / "presets" / kind))
    dirs.append(("user", user_dir(kind)))
    dirs.append(("builtin", builtin_dir(kind)))
    return dirs


def find(kind: str, name: str, assignment_root: Path | None = None) -> Found | None:
    """The file for ``name`` (a path, or a name looked up in order), or None."""
    as_path = Path(name)
    if as_path.suffix in (".yaml", ".yml") and as_path.is_file():
        return Found(as_path.stem, as_path.resolve(), "path")
    for origin, folder in search_dirs(kind, assignment_root):
        for ext in (".yaml", ".yml"):
            cand = folder / f"{name}{ext}"
            if cand.is_file():
                return Found(name, cand, origin)
    return None


def list_all(kind: str, assignment_root: Path | None = None) -> list[Found]:
    """Every available name, the first found winning (an assignment's 'humas' hides the built-in)."""
    seen: dict[str, Found] = {}
    for origin, folder in search_dirs(kind, assignment_root):
        if not folder.is_dir():
            continue
        for f in sorted(folder.iterdir()):
            if f.suffix in (".yaml", ".yml") and not f.name.startswith(("_", ".")):
                seen.setdefault(f.stem, Found(f.stem, f, origin))
    return sorted(seen.values(), key=lambda x: x.name)
