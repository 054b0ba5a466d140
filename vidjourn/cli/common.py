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


def cell(value: Any) -> Any:
    """A table cell or line holding text from a file or a user (a clip id, a path, a message with
    file names): shown through the one sanitiser (core/textsafe, newlines kept for multi-line
    cells), as a rich Text so "[red]" in a file name is not read as markup."""
    from rich.text import Text

    from vidjourn.core.textsafe import shown

    return Text(shown("" if value is None else value, newlines=True))


def echo_json(data: Any) -> None:
    """JSON on stdout, nothing else (scripts read it)."""
    import json

    import re

    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    # JSON escapes C0 itself; DEL, C1 (a one-byte CSI), bidi overrides and the surrogate escapes of a
    # non-UTF-8 name are written \uXXXX too: valid JSON that reads back the same, safe in a terminal
    text = re.sub("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]",
                  lambda m: f"\\u{ord(m.group()):04x}", text)
    click.echo(text)


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


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return "-:--:--"
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def fit_label(text: str, width: int) -> str:
    """A bar's label cut to ``width`` columns ("…" at the cut) so the bar stays on an 80-column line."""
    return text if len(text) <= width else text[:max(width - 1, 1)].rstrip() + "…"


class ProgressView:
    """Draws core progress events as rich progress bars (nothing when quiet or --json).

    Time left is computed here from the work done (seconds spent / fraction done), not from rich's
    speed window, which read 0:00:00 on a bar that moves in bursts. The ``overall`` bar never goes
    backwards (later stages are planned once earlier ones finish, which adds work: the bar waits for the
    work to catch up); nor does any bar while it shows the same item; a bar that goes back with a new
    item (another description) starts again, its clock restarts. Labels are cut to
    fit the terminal. ``record``: a list that receives (key, fraction, monotonic time) of every update."""

    BAR = 20  # columns of the bar itself; label + bar + " 100% 0:00:00" fits 80 columns

    def __init__(self, enabled: bool = True, record: list | None = None) -> None:
        self.enabled = enabled and not settings().quiet
        self._progress = None
        self._tasks: dict[str, Any] = {}
        self._shown: dict[str, float] = {}
        self._started: dict[str, float] = {}
        self._items: dict[str, str] = {}  # the item each bar shows: a new one may start again from 0
        self.record = record

    def __enter__(self) -> "ProgressView":
        if self.enabled:
            from rich.progress import BarColumn, Progress, ProgressColumn, TaskProgressColumn, TextColumn
            from rich.text import Text

            class _Left(ProgressColumn):
                def render(self, task) -> Text:
                    return Text(eta_text(task.fields.get("eta") if not task.finished else 0.0), style="cyan")

            self._progress = Progress(
                TextColumn("{task.description}", style="bold cyan", markup=False), BarColumn(bar_width=self.BAR),
                TaskProgressColumn(), _Left(), console=console(stderr=True), transient=False,
            )
            self._progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

    def _label_width(self) -> int:
        width = self._progress.console.width if self._progress is not None else 80
        return max(width - self.BAR - 18, 16)

    def update(self, key: str, description: str, fraction: float | None) -> None:
        """Set bar ``key`` to ``fraction`` (0..1; None = indeterminate)."""
        import time

        now = time.monotonic()
        if fraction is not None:
            fraction = min(max(float(fraction), 0.0), 1.0)
            before = self._shown.get(key)
            if before is not None and fraction < before:
                if key == "overall" or self._items.get(key) == description:
                    # the same item never goes back (a late event of an earlier phase, e.g. a task's
                    # start arriving after its render's first progress, must not drop the bar to 0)
                    fraction = before
                else:  # the bar moved on to the next item
                    self._started[key] = now
            self._items[key] = description
            self._shown[key] = fraction
            if self.record is not None:
                self.record.append((key, fraction, now))
        self._started.setdefault(key, now)
        if self._progress is None:
            return
        label = fit_label(description, self._label_width())
        task = self._tasks.get(key)
        if task is None:
            task = self._tasks[key] = self._progress.add_task(label, total=1000, eta=None)
        if fraction is not None:
            spent = now - self._started[key]
            eta = spent * (1 - fraction) / fraction if 0.005 < fraction < 1 and spent >= 1 else None
            self._progress.update(task, completed=int(fraction * 1000), description=label, eta=eta)

    def log(self, text: str, markup: bool = True) -> None:
        """A line above the bars. ``markup=False`` for text holding user data (file names with [ ])."""
        if self._progress is not None:
            self._progress.console.print(text, markup=markup)
        elif self.enabled:
            console(stderr=True).print(text, markup=markup)
