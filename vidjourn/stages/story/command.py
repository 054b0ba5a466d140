"""vidjourn story check | draft | quote | show | sheet | export-timeline | import"""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import console, echo_json, json_option, project_option, settings
from vidjourn.core.i18n import t


@click.group(help=t("story.help"))
def story() -> None:
    pass


def _say(text: str, as_json: bool = False) -> None:
    if not settings().quiet:
        console(stderr=as_json).print(text, markup=False, highlight=False)


@story.command(help=t("story.check_help"))
@project_option
@json_option
def check(project: Path | None, as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.stages.story import model

    asg = Assignment.open(project)
    s = model.load(asg)
    if as_json:
        echo_json({"ok": True, "story": s.path, "segments": [x.to_dict() for x in s.segments],
                   "length": s.length()})
        return
    _say(t("story.check_ok", path=s.path, n=len(s.segments), length=f"{s.length():.2f}"))
