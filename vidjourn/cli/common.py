"""Shared CLI pieces: option decorators, consoles, error printing, progress bars from core events."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import click

from vidjourn.core.i18n import t


@dataclass
class Settings:
    verbose: int = 0
    quiet: bool = False


def settings() -> Settings:
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_object(Settings) if ctx else None
    return obj or Settings()


def _no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, no_color=_no_color(), highlight=False, soft_wrap=True)


def print_error_text(text: str) -> None:
    from rich.markup import escape

    console(stderr=True).print(f"[bold red]{t('error.prefix')}:[/] {escape(text)}")


def print_error(exc) -> None:
    print_error_text(exc.message())


def echo_json(data: Any) -> None:
    """JSON on stdout, nothing else (scripts read it)."""
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# --- shared options: the same flag looks the same on every command -------------------------------

def json_option(f: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help=t("cli.json_help"))(f)


def force_option(f: Callable) -> Callable:
    return click.option("--force", is_flag=True, help=t("cli.force_help"))(f)


def project_option(f: Callable) -> Callable:
    return click.option(
        "-p", "--project", "project", type=click.Path(file_okay=False, path_type=Path), default=None,
        help=t("cli.project_help"),
    )(f)


def platform_names(value: str | None, root: Path | None) -> tuple[str, ...]:
    """``--to a,b``: each name known (aliases wa, ig, yt, fb, tt spelled out), checked before any work,
    whatever the assignment holds: an unknown name is a usage error (exit 2) with a did-you-mean."""
    names = tuple(n.strip() for n in (value or "").split(",") if n.strip())
    if not names:
        return names
    from vidjourn.settings import profiles

    return tuple(dict.fromkeys(profiles.load(n, root).name for n in names))


class ProgressView:
    """Draws core progress events as rich progress bars (nothing when quiet or --json)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and not settings().quiet
        self._progress = None
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> "ProgressView":
        if self.enabled:
            from rich.progress import (BarColumn, Progress, TaskProgressColumn, TextColumn,
                                       TimeRemainingColumn)

            self._progress = Progress(
                TextColumn("[bold cyan]{task.description}"), BarColumn(), TaskProgressColumn(),
                TimeRemainingColumn(), console=console(stderr=True), transient=False,
            )
            self._progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

    def update(self, key: str, description: str, fraction: float | None) -> None:
        """Set bar ``key`` to ``fraction`` (0..1; None = indeterminate)."""
        if self._progress is None:
            return
        task = self._tasks.get(key)
        if task is None:
            task = self._tasks[key] = self._progress.add_task(description, total=1000)
        if fraction is not None:
            self._progress.update(task, completed=int(fraction * 1000), description=description)

    def log(self, text: str, markup: bool = True) -> None:
        """A line above the bars. ``markup=False`` for text holding user data (file names with [ ])."""
        if self._progress is not None:
            self._progress.console.print(text, markup=markup)
        elif self.enabled:
            console(stderr=True).print(text, markup=markup)
