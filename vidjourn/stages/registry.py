"""The rooms: one package per stage, each describing itself in a cheap ``ROOM`` (no heavy import).

A room is a package ``vidjourn/stages/<name>/`` whose ``__init__.py`` defines ``ROOM = Room(...)``: what
the stage produces and consumes (the planner orders producers before consumers), where its stage object
and its commands are (``"module:attribute"`` strings, imported only when used), its demo step, and the
message keys of its commands' one-line help (so ``vidjourn --help`` lists them without importing them).
Its ``messages.py`` is found by :mod:`vidjourn.core.i18n`. Adding a stage is adding a room: the planner,
the CLI, the demo (``demo``) and ``doctor`` (``doctor``) read this registry, there is no other list to edit.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import vidjourn.stages


@dataclass(frozen=True)
class Room:
    name: str
    stage: str | None = None  # "module:STAGE"; None for a room with commands only
    produces: tuple[str, ...] = ()  # what its tasks make for later stages ("clips", "mask", "outputs"...)
    consumes: tuple[str, ...] = ()  # what must be made first, by whichever stage produces it
    commands: dict[str, str] = field(default_factory=dict)  # command name -> "module:attribute"
    help: dict[str, str] = field(default_factory=dict)  # command name -> message key of its short help
    order: int = 100  # position of its commands in `vidjourn --help` (a day's work: init, ingest, run...)
    demo: tuple[tuple[str, str], ...] = ()  # (message key, "module:function(ctx)") steps for `vidjourn demo`
    doctor: str | None = None  # "module:function()" -> a dict: this room's line of `vidjourn doctor`


def load(target: str) -> Any:
    """The object named by ``"package.module:attribute"``."""
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def _order(found: dict[str, Room]) -> list[Room]:
    """Producers before consumers; a room whose needs nobody produces is free; ties keep the name order
    (stable output). A cycle is a programming error, caught by the tests."""
    producers: dict[str, set[str]] = {}
    for room in found.values():
        for thing in room.produces:
            producers.setdefault(thing, set()).add(room.name)
    needs = {n: {p for thing in r.consumes for p in producers.get(thing, ()) if p != n}
             for n, r in found.items()}
    ordered: list[Room] = []
    placed: set[str] = set()
    while len(ordered) < len(found):
        ready = sorted(n for n in found if n not in placed and needs[n] <= placed)
        if not ready:
            raise RuntimeError(f"stage order has a cycle among {sorted(set(found) - placed)}")
        for n in ready:
            ordered.append(found[n])
            placed.add(n)
    return ordered


@lru_cache(maxsize=1)
def rooms() -> tuple[Room, ...]:
    """Every room under ``vidjourn.stages`` (its ``__path__`` may be extended), in pipeline order."""
    found: dict[str, Room] = {}
    names: list[str] = []
    for loc in vidjourn.stages.__path__:  # os.scandir, not pkgutil: this runs on every start (--help too)
        try:
            with os.scandir(loc) as it:
                names += sorted(e.name for e in it if e.name.isidentifier() and e.is_dir()
                                and os.path.isfile(os.path.join(e.path, "__init__.py")))
        except OSError:
            continue
    for name in dict.fromkeys(names):
        room = getattr(importlib.import_module(f"vidjourn.stages.{name}"), "ROOM", None)
        if isinstance(room, Room):
            found[room.name] = room
    return tuple(_order(found))


def commands() -> dict[str, tuple[str, str | None, float]]:
    """Command name -> ("module:attribute", help message key, order), from every room."""
    out: dict[str, tuple[str, str | None, float]] = {}
    for room in rooms():
        for i, (name, target) in enumerate(room.commands.items()):
            out[name] = (target, room.help.get(name), room.order + i / 100)  # a room's own order kept
    return out
