#!/usr/bin/env python3
"""Regenerate docs/cli-reference.md from the commands' own --help (English).

    .venv/bin/python scripts/cli_reference.py          # rewrite docs/cli-reference.md
    .venv/bin/python scripts/cli_reference.py --check  # exit 1 if it is out of date

tests/core/test_cli.py checks that it is current (every command and option of --help is in it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["VIDJOURN_LANG"] = "en"  # before vidjourn builds any help text
REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "docs" / "cli-reference.md"


def help_text(args: list[str]) -> str:
    from click.testing import CliRunner

    from vidjourn.cli import cli

    res = CliRunner().invoke(cli, [*args, "--help"], prog_name="vidjourn", terminal_width=100)
    if res.exit_code != 0:
        raise SystemExit(f"vidjourn {' '.join(args)} --help failed:\n{res.output}")
    return res.output.rstrip()


def commands() -> list[list[str]]:
    """Every command path, groups' subcommands included (presets list, ...)."""
    import click

    from vidjourn.cli import cli

    ctx = click.Context(cli, info_name="vidjourn")
    out: list[list[str]] = []
    for name in cli.list_commands(ctx):
        cmd = cli.get_command(ctx, name)
        out.append([name])
        if isinstance(cmd, click.Group):
            sub_ctx = click.Context(cmd, info_name=name, parent=ctx)
            out += [[name, sub] for sub in cmd.list_commands(sub_ctx)]
    return out


def render() -> str:
    parts = ["# Command reference", "", "Generated from `--help` by `scripts/cli_reference.py`; do not edit by hand.",
             "Every command also answers `--help` in Indonesian (`vidjourn --lang id COMMAND --help`).", "",
             "## `vidjourn`", "", "```text", help_text([]), "```", ""]
    for path in commands():
        parts += [f"## `vidjourn {' '.join(path)}`", "", "```text", help_text(path), "```", ""]
    return "\n".join(parts)


def main() -> int:
    new = render()
    old = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else ""
    if "--check" in sys.argv:
        if new != old:
            print("docs/cli-reference.md is out of date: run scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    REFERENCE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
