"""Job files for ``vidjourn batch``: many assignments, one YAML file, validated whole before any work.

::

    version: 1
    defaults: {steps: [export, shotlog], platforms: [whatsapp, reels], preset: humas}
    items:
      - 2026-11-12_pelatihan                       # an existing assignment folder
      - folder: 2026-11-13_patroli                 # the same, with overrides
        platforms: [youtube]
      - into: 2026-11-14_razia                     # a new assignment: created, then ingested
        sources: [kartu/polsek-3/*.mp4]
        story: {title: "Razia gabungan", siapa: "Polsek 3"}

Strict: unknown keys, wrong types, unknown steps/platforms/presets, missing folders and sources that
match nothing are ALL collected and reported together, each with its key path
(``items[2].sources[0]: ...``), in a :class:`JobFileError` (exit code 2). Relative paths are relative to
the job file's folder and may not leave it (``..``, a symlink out); only ``sources`` may be absolute
(a memory card is mounted where the system puts it). Settings (steps, platforms, preset, speed,
encoder) come from the item, then ``defaults``, then the assignment's vidjourn.yaml.
"""

from __future__ import annotations

import glob
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Sequence

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from vidjourn.core import lookup
from vidjourn.core.errors import VidjournError
from vidjourn.core.finite import FINITE
from vidjourn.core.i18n import t
from vidjourn.core import validation

VERSION = 1
MAX_BYTES = 1_000_000  # a job file is a list of folders; anything bigger is a mistake (or an attack)
STORY_FILE = "vidjourn.yaml"
SPEEDS = ("draft", "fast", "normal", "best")  # settings.speeds.NAMES (a test keeps them equal)

Name = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class JobFileError(VidjournError):
    """The job file does not validate. ``problems`` lists every mistake with its key path."""

    exit_code = 2

    def __init__(self, key: str, /, *, problems: Sequence[str] = (), **kwargs: object) -> None:
        self.problems = list(problems)
        super().__init__(key, problems="\n".join(f"  - {p}" for p in self.problems), count=len(self.problems),
                         **kwargs)


class _Strict(BaseModel):
    model_config = ConfigDict(**FINITE, extra="forbid", strict=True, frozen=True)


class Settings(_Strict):
    """What an item may set and ``defaults`` may set for all."""

    steps: list[Name] | None = None
    platforms: list[Name] | None = None
    preset: Name | None = None
    speed: Literal["draft", "fast", "normal", "best"] | None = None
    encoder: Name | None = None


class LowerThird(_Strict):
    clip: Name
    name: str
    title: str = ""
    start: Annotated[float, Field(ge=0)] | int = 0
    end: Annotated[float, Field(ge=0)] | int | None = None


class Story(_Strict):
    title: str | None = None
    apa: str = ""
    siapa: str = ""
    kapan: str | None = None
    di_mana: str = ""
    mengapa: str = ""
    bagaimana: str = ""
    reporter: str = ""
    unit: str = ""
    lower_thirds: list[LowerThird] = []


class Item(Settings):
    folder: Name | None = None
    into: Name | None = None
    sources: list[Name] | None = None
    story: Story | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "Item":
        if (self.folder is None) == (self.into is None):
            raise ValueError(t("batch.problem.folder_or_into"))
        if self.folder is not None and (self.sources is not None or self.story is not None):
            raise ValueError(t("batch.problem.sources_need_into"))
        if self.into is not None and not self.sources:
            raise ValueError(t("batch.problem.into_needs_sources"))
        return self


# --- the validated result -----------------------------------------------------------------------------

@dataclass(frozen=True)
class JobItem:
    """One assignment of the batch, with its settings merged (None: the assignment's own)."""

    index: int
    name: str  # the folder as written, relative to the job file (posix)
    root: Path  # absolute
    create: bool  # ``into``: the folder is made (if missing) and the sources ingested
    sources: tuple[Path, ...] = ()
    story: dict[str, Any] | None = None
    steps: tuple[str, ...] = ()
    platforms: tuple[str, ...] | None = None
    preset: str | None = None
    speed: str | None = None
    encoder: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "name": self.name, "folder": str(self.root), "create": self.create,
                "sources": [str(s) for s in self.sources], "steps": list(self.steps),
                "platforms": list(self.platforms) if self.platforms is not None else None,
                "preset": self.preset, "speed": self.speed, "encoder": self.encoder}


@dataclass(frozen=True)
class JobFile:
    path: Path
    sha256: str
    items: tuple[JobItem, ...] = field(default_factory=tuple)

    @property
    def base(self) -> Path:
        return self.path.parent

    def summary_path(self) -> Path:
        """Where ``batch run`` writes its JSON summary: beside the job file."""
        return self.path.with_name(f"{self.path.stem}.summary.json")


# --- errors with key paths ------------------------------------------------------------------------------

def _item_type(where: str, err: Any) -> str | None:
    if err.get("type") == "model_type" and where.startswith("items[") and where.endswith("]"):
        return f"{where}: {t('batch.problem.item_type', got=repr(err.get('input')))}"
    return None


# --- paths --------------------------------------------------------------------------------------------

def _contained(base: Path, rel: str) -> Path | None:
    """``rel`` resolved against ``base``; None when it is absolute or leaves ``base`` (the one rule,
    :func:`vidjourn.core.fsutil.contained`: links followed, ``..`` and absolute paths refused)."""
    from vidjourn.core.errors import PathOutside
    from vidjourn.core.fsutil import contained

    try:
        return contained(base, str(Path(rel).expanduser()), source=base).resolve()
    except PathOutside:
        return None


def _expand_sources(base: Path, pattern: str) -> list[Path] | None:
    """Files named by ``pattern`` (a path or a glob; relative ones inside ``base``); None if it leaves."""
    p = Path(pattern).expanduser()
    if not (p.is_absolute() or p.drive):
        if _contained(base, pattern) is None and not glob.has_magic(pattern):
            return None
        p = base / p
        if ".." in Path(pattern).parts:
            return None
    if not glob.has_magic(str(p)):
        return [p.resolve()] if p.exists() else []
    fixed = Path(*[part for part in p.parts[:next(i for i, x in enumerate(p.parts) if glob.has_magic(x))]])
    if len(fixed.parts) < 2 or fixed.resolve() == Path.home().resolve() or fixed.resolve().parent == fixed.resolve():
        # `sources: ["/**"]` scanned the whole disk silently: a pattern starts in a named folder
        raise _TooWide(pattern)
    hits = []
    for h in glob.iglob(str(p), recursive=True):
        hits.append(Path(h))
        if len(hits) > MAX_SOURCES:
            raise _TooWide(pattern)
    return [h.resolve() for h in sorted(hits) if h.exists()]


MAX_SOURCES = 10_000  # files one item's pattern may name (a busy card holds a few hundred)


class _TooWide(Exception):
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern


# --- loading ------------------------------------------------------------------------------------------

def read(path: Path) -> tuple[Any, bytes]:
    from vidjourn.core.errors import FileSystemError
    from vidjourn.core.fsutil import read_bounded

    try:
        # the one bounded reader: a FIFO or a link to /dev/zero is refused, the limit holds while reading
        raw = read_bounded(path, MAX_BYTES, what="jobfile")
    except FileSystemError as exc:
        if exc.key in ("error.os.missing", "error.os.is_dir"):
            raise JobFileError("batch.error.no_jobfile", path=path) from None
        if exc.key == "error.read.too_big":
            raise JobFileError("batch.error.bad_jobfile", path=path,
                               problems=[t("batch.problem.too_big", size=f"> {MAX_BYTES}", limit=MAX_BYTES)]) from None
        raise JobFileError("batch.error.bad_jobfile", path=path, problems=[exc.message()]) from None
    from vidjourn.core.errors import ConfigError
    from vidjourn.core.yamlsafe import loads

    try:
        data = loads(raw.decode("utf-8"), path=path)  # the one safe loader: aliases cannot multiply
    except UnicodeDecodeError as exc:
        raise JobFileError("batch.error.bad_jobfile", path=path, problems=[str(exc)]) from None
    except ConfigError as exc:
        raise JobFileError("batch.error.bad_jobfile", path=path, problems=[exc.message()]) from None
    return data, raw


def load(path: Path | str, *, known_steps: Sequence[str], default_steps: Sequence[str]) -> JobFile:
    """Read and validate the job file at ``path``: every mistake, with its key path, in one error."""
    path = Path(path).expanduser().resolve()
    data, raw = read(path)
    if not isinstance(data, dict):
        raise JobFileError("batch.error.bad_jobfile", path=path, problems=[t("batch.problem.not_mapping")])
    problems: list[str] = []
    for key in data:
        if key not in ("version", "defaults", "items"):
            problems.append(f"{key}: {t('settings.problem.unknown_key')}")
    version = data.get("version")
    if "version" not in data:
        problems.append(f"version: {t('settings.problem.missing')}")
    elif isinstance(version, str) and version.strip() == str(VERSION):
        # `version: "1"` said "unknown version 1; this vidjourn reads version 1"
        problems.append(f"version: {t('batch.problem.version_text', got=version, version=VERSION)}")
    elif version != VERSION or isinstance(version, bool):
        problems.append(f"version: {t('batch.problem.version', got=version, version=VERSION)}")
    try:
        d = Settings.model_validate(data.get("defaults") or {})
    except ValidationError as exc:
        problems += validation.problems(exc, "defaults", _item_type)
        d = Settings()
    else:
        _check_settings(d, "defaults", known_steps, None, problems)
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        problems.append(f"items: {t('settings.problem.missing') if raw_items is None else t('batch.problem.items')}")
        raw_items = []
    base = path.parent
    items: list[JobItem] = []
    seen_roots: dict[Path, str] = {}
    for i, raw_item in enumerate(raw_items):
        where = f"items[{i}]"
        item, item_ok = _validate_item(raw_item, where, problems)
        if item is None:
            continue
        key = "folder" if item.folder is not None else "into"
        rel = item.folder if item.folder is not None else item.into
        assert rel is not None
        root = _contained(base, rel)
        if root is None:
            problems.append(f"{where}.{key}: {t('batch.problem.outside', path=rel, base=base)}")
            continue
        if root in seen_roots:
            problems.append(f"{where}.{key}: {t('batch.problem.duplicate', path=rel, other=seen_roots[root])}")
        seen_roots[root] = where
        if item.folder is not None and not (root / STORY_FILE).is_file():
            problems.append(f"{where}.folder: {t('batch.problem.not_assignment', path=rel)}")
        if item.into is not None and root.exists() and not root.is_dir():
            problems.append(f"{where}.into: {t('batch.problem.not_folder', path=rel)}")
        sources: list[Path] = []
        for j, pattern in enumerate(item.sources or []):
            try:
                hits = _expand_sources(base, pattern)
            except _TooWide:
                problems.append(f"{where}.sources[{j}]: {t('batch.problem.too_wide', path=pattern, n=MAX_SOURCES)}")
                continue
            if hits is None:
                problems.append(f"{where}.sources[{j}]: {t('batch.problem.outside', path=pattern, base=base)}")
            elif not hits:
                problems.append(f"{where}.sources[{j}]: {t('batch.problem.no_source', path=pattern)}")
            sources += [h for h in hits or [] if h not in sources]
        asg_root = root if (root / STORY_FILE).is_file() else None
        _check_settings(item, where, known_steps, asg_root, problems)
        if not item_ok:
            continue
        steps = tuple(item.steps if item.steps is not None else (d.steps if d.steps is not None else default_steps))
        if item.into is not None and "ingest" in known_steps and "ingest" not in steps:
            steps = ("ingest", *steps)
        platforms = item.platforms if item.platforms is not None else d.platforms
        items.append(JobItem(
            index=i, name=Path(rel).as_posix(), root=root, create=item.into is not None,
            sources=tuple(sources),
            story=item.story.model_dump(exclude_none=True) if item.story is not None else None,
            steps=tuple(s for s in known_steps if s in steps),  # the pipeline's order, not the file's
            platforms=tuple(platforms) if platforms is not None else None,
            preset=item.preset or d.preset, speed=item.speed or d.speed, encoder=item.encoder or d.encoder,
        ))
    if problems:
        raise JobFileError("batch.error.bad_jobfile", path=path, problems=problems)
    return JobFile(path=path, sha256=hashlib.sha256(raw).hexdigest(), items=tuple(items))


def _validate_item(raw: Any, where: str, problems: list[str]) -> tuple[Item | None, bool]:
    """The item's model and whether it validated whole. A key with a mistake is reported, then left
    out so the rest of the item is still checked (every mistake of the file in one report)."""
    data = {"folder": raw} if isinstance(raw, str) else raw
    ok = True
    for _ in range(4):
        try:
            return Item.model_validate(data), ok
        except ValidationError as exc:
            ok = False
            problems += [p for p in validation.problems(exc, where, _item_type) if p not in problems]
            if not isinstance(data, dict):
                return None, False
            bad = {e["loc"][0] for e in exc.errors() if e["loc"] and e["loc"][0] not in ("folder", "into")}
            if not bad:
                return None, False
            data = {k: v for k, v in data.items() if k not in bad}
    return None, False


def profiles_aliases() -> dict[str, str]:
    from vidjourn.settings.profiles import ALIASES

    return ALIASES


def _check_settings(s: Settings, where: str, known_steps: Sequence[str], root: Path | None,
                    problems: list[str]) -> None:
    for j, step in enumerate(s.steps or []):
        if step not in known_steps:
            problems.append(f"{where}.steps[{j}]: {t('batch.problem.unknown_step', name=step, names=', '.join(known_steps))}")
    if s.platforms is not None:
        known = [f.name for f in lookup.list_all("platforms", root)]
        for j, name in enumerate(s.platforms):
            if name not in known and str(name).strip().lower() not in profiles_aliases():
                problems.append(f"{where}.platforms[{j}]: {t('batch.problem.unknown_platform', name=name, names=', '.join(known))}")
    if s.preset is not None and lookup.find("brand", s.preset, root) is None:
        known = [f.name for f in lookup.list_all("brand", root)]
        problems.append(f"{where}.preset: {t('batch.problem.unknown_preset', name=s.preset, names=', '.join(known))}")
