"""vidjourn doctor"""

from __future__ import annotations

import click

from vidjourn.cli.common import console, echo_json, json_option
from vidjourn.core.i18n import t


@click.command(help=t("cli.doctor_help"))
@click.option("--refresh", is_flag=True, help=t("cli.doctor_refresh_help"))
@json_option
@click.pass_context
def doctor(ctx: click.Context, refresh: bool, as_json: bool) -> None:
    from vidjourn.pipeline.doctor import run_doctor

    rep = run_doctor(".", refresh=refresh)
    if as_json:
        echo_json(rep.to_dict())
        ctx.exit(0 if rep.ok else 1)
    from rich.table import Table
    from rich.text import Text

    # Status words are ours (styled); every detail is printed literally: paths, versions and hints such as
    # pip install "vidjourn[captions]" must never be read as Rich markup ("[captions]" vanished).
    styles = {"ok": ("doctor.ok", "green"), "missing": ("doctor.missing", "red"),
              "optional": ("doctor.sign_optional", "yellow"), "warn": ("doctor.warn", "yellow"),
              "not_working": ("doctor.not_working", "yellow")}

    def status(kind: str) -> Text:
        key, style = styles[kind]
        return Text(t(key), style=style)

    table = Table(title=t("doctor.title"), title_justify="left")
    for col in ("doctor.col_item", "doctor.col_status", "doctor.col_detail"):
        table.add_column(t(col))

    room = max(console().width - 48, 24)  # the detail column at this width (item ~27, status ~14, borders)

    def row(item: str, kind: str, detail: str) -> None:
        table.add_row(Text(item), status(kind), Text(short_left(detail, room)))

    row(t("doctor.python"), "ok", f"{rep.python}  {rep.python_path}")
    row("vidjourn", "ok", rep.vidjourn)
    row(t("doctor.pyav"), "ok" if rep.pyav else "missing", rep.pyav or "-")
    row(t("doctor.ffmpeg"), "ok" if rep.ffmpeg_path else "missing",
        f"{rep.ffmpeg_version}  {rep.ffmpeg_path}" if rep.ffmpeg_path else (rep.ffmpeg_error or ""))
    for name, st in rep.encoders.items():
        kind = "ok" if st.works else ("not_working" if st.hardware else "missing")
        row(t("doctor.encoder", name=name), kind, (t("doctor.hardware") + "; " if st.hardware else "") + st.detail)
    if rep.auto_encoder:
        row(t("doctor.auto"), "ok", rep.auto_encoder)
    for name, present in rep.filters.items():
        row(t("doctor.filter", name=name), "ok" if present else "missing", "")
    row(t("doctor.fonts"), "ok" if rep.fonts else "missing", (", ".join(rep.fonts) or "-") + f"  ({rep.fonts_dir})")
    free = f"{rep.disk_free / 1024**3:.1f} GiB  ({rep.disk_path})" if rep.disk_free is not None else "-"
    row(t("doctor.disk"), "ok" if rep.disk_free and not any(k == "doctor.problem_disk" for k, _ in rep.problems)
        else "missing", free)
    sg = rep.signing
    if sg.get("c2pa-python") and sg.get("cryptography"):
        keys = sg.get("keys")
        row(t("doctor.sign"), "ok", f"c2pa-python {sg['c2pa-python']}; " + (
            t("doctor.sign_keys", unit=keys["unit"], until=keys["until"], dir=keys["dir"]) if keys
            else t("doctor.sign_no_keys")))
    else:  # optional: not a problem, but say how to get it
        row(t("doctor.sign"), "optional", t("doctor.sign_install"))
    cap = rep.captions
    if cap.get("model"):
        row(t("doctor.captions"), "ok", t("doctor.captions_ok", version=cap["faster-whisper"], model=cap["model"]))
    elif cap.get("error"):
        row(t("doctor.captions"), "missing", cap["error"])
    else:  # optional: not a problem, but say how to get it
        row(t("doctor.captions"), "optional", 'pip install "vidjourn[captions]"')
    warnings = []
    for _room, found in sorted((getattr(rep, "rooms", None) or {}).items()):
        for r in (found or {}).get("rows", []) if isinstance(found, dict) else []:
            row(str(r.get("item", _room)), r.get("status") if r.get("status") in styles else "ok",
                str(r.get("detail", "")))
        if isinstance(found, dict) and found.get("warning"):
            warnings.append(str(found["warning"]))
    out = console()
    out.print(table)
    problems = rep.problems
    for key, kw in problems:
        out.print(Text("✗ ", style="red") + Text(t(key, **kw)))
    for text in warnings:
        out.print(Text("! ", style="yellow") + Text(text))
    if not problems:
        out.print(Text("✓ ", style="green") + Text(t("doctor.ready_but", n=len(warnings)) if warnings
                                                   else t("doctor.all_ok")))
    ctx.exit(0 if not problems else 1)


def short_left(detail: str, width: int) -> str:
    """A long path (a word with / or \\ in it) shortened from the LEFT to fit ``width``: its file name
    stays whole ("…/onnx/models/centerface.onnx"); rich cut it at the right, mid-name. Other text wraps."""
    words = detail.split(" ")
    for i, w in enumerate(words):
        if len(w) > width and ("/" in w or "\\" in w):
            words[i] = "…" + w[-(width - 1):]
    return " ".join(words)

