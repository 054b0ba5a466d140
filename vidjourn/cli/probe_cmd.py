"""vidjourn probe"""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import cell, console, echo_json, json_option
from vidjourn.core.i18n import t


@click.command(help=t("cli.probe_help"))
@click.argument("file", type=click.Path(path_type=Path, readable=False))
@json_option
def probe(file: Path, as_json: bool) -> None:
    from vidjourn.core.probe import probe as do_probe

    info = do_probe(file)
    if as_json:
        echo_json(info.to_dict())
        return
    from rich.table import Table

    none = t("probe.none")
    table = Table(show_header=False, box=None)
    table.add_row(t("probe.container"), cell(info.container))
    table.add_row(t("probe.duration"), f"{info.duration:.3f} s (start {info.start_time:.3f} s)")
    table.add_row(t("probe.display"), f"{info.display_width}×{info.display_height}")
    table.add_row(t("probe.size"), f"{info.size:,} B")
    table.add_row(t("probe.created"), cell(info.creation_time or none))
    table.add_row(t("probe.gps"), cell(info.gps or none))
    table.add_row(t("probe.device"), cell(info.device or none))
    for s in info.streams:
        desc = f"#{s.index} {s.type} {s.codec or '-'}"
        if s.type == "video":
            extras = [f"{s.width}×{s.height}", f"SAR {s.sar}", f"{s.fps} fps", s.pix_fmt or ""]
            if s.vfr:
                extras.append(t("probe.vfr") + f" avg {s.avg_fps}")
            if s.interlaced:
                extras.append(t("probe.interlaced"))
            if s.rotation:
                extras.append(t("probe.rotation", deg=s.rotation))
            desc += "  " + ", ".join(x for x in extras if x)
        elif s.type == "audio":
            desc += f"  {s.sample_rate} Hz, {s.channels} ch"
        table.add_row(t("probe.streams"), cell(desc))
    out = console()
    out.print(cell(info.path), style="bold")
    out.print(table)
