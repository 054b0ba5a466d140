#!/usr/bin/env python3
"""Regenerate README.md's command reference from the commands' own --help (English).

    .venv/bin/python scripts/readme_cli.py          # rewrite the section between the markers
    .venv/bin/python scripts/readme_cli.py --check  # exit 1 if README is out of date

tests/core/test_cli.py checks that every command and option in --help appears in README.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["VIDJOURN_LANG"] = "en"  # before vidjourn builds any help text
REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


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
    parts = [START, "", "Generated from `--help` by `scripts/readme_cli.py`; do not edit by hand.", "",
             "### `vidjourn`", "", "```text", help_text([]), "```", ""]
    for path in commands():
        parts += [f"### `vidjourn {' '.join(path)}`", "", "```text", help_text(path), "```", ""]
    parts.append(END)
    return "\n".join(parts)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"README.md lacks the markers {START} ... {END}")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = head + render() + tail
    if "--check" in sys.argv:
        if new != text:
            print("README.md command reference is out of date: run scripts/readme_cli.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
