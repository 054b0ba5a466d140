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

    ok, bad = f"[green]{t('doctor.ok')}[/]", f"[red]{t('doctor.missing')}[/]"
    table = Table(title=t("doctor.title"), title_justify="left")
    for col in ("doctor.col_item", "doctor.col_status", "doctor.col_detail"):
        table.add_column(t(col))
    table.add_row(t("doctor.python"), ok, f"{rep.python}  {rep.python_path}")
    table.add_row("vidjourn", ok, rep.vidjourn)
    table.add_row(t("doctor.pyav"), ok if rep.pyav else bad, rep.pyav or "-")
    table.add_row(t("doctor.ffmpeg"), ok if rep.ffmpeg_path else bad,
                  f"{rep.ffmpeg_version}  {rep.ffmpeg_path}" if rep.ffmpeg_path else (rep.ffmpeg_error or ""))
    for name, st in rep.encoders.items():
        status = ok if st.works else (f"[yellow]{t('doctor.not_working')}[/]" if st.hardware else bad)
        detail = (t("doctor.hardware") + "; " if st.hardware else "") + st.detail
        table.add_row(t("doctor.encoder", name=name), status, detail)
    if rep.auto_encoder:
        table.add_row(t("doctor.auto"), ok, rep.auto_encoder)
    for name, present in rep.filters.items():
        table.add_row(t("doctor.filter", name=name), ok if present else bad, "")
    table.add_row(t("doctor.fonts"), ok if rep.fonts else bad,
                  (", ".join(rep.fonts) or "-") + f"  ({rep.fonts_dir})")
    free = f"{rep.disk_free / 1024**3:.1f} GiB  ({rep.disk_path})" if rep.disk_free is not None else "-"
    table.add_row(t("doctor.disk"), ok if rep.disk_free and not any(
        k == "doctor.problem_disk" for k, _ in rep.problems) else bad, free)
    sg = rep.signing
    if sg.get("c2pa-python") and sg.get("cryptography"):
        keys = sg.get("keys")
        detail = f"c2pa-python {sg['c2pa-python']}; " + (
            t("doctor.sign_keys", unit=keys["unit"], until=keys["until"], dir=keys["dir"]) if keys
            else t("doctor.sign_no_keys"))
        table.add_row(t("doctor.sign"), ok, detail)
    else:  # optional: not a problem, but say how to get it
        table.add_row(t("doctor.sign"), f"[yellow]{t('doctor.sign_optional')}[/]", t("doctor.sign_install"))
    cap = rep.captions
    if cap.get("model"):
        table.add_row(t("doctor.captions"), ok, t("doctor.captions_ok", version=cap["faster-whisper"],
                                                  model=cap["model"]))
    elif cap.get("error"):
        table.add_row(t("doctor.captions"), bad, cap["error"])
    else:  # optional: not a problem, but say how to get it
        table.add_row(t("doctor.captions"), f"[yellow]{t('doctor.sign_optional')}[/]",
                      "pip install 'vidjourn[captions]'")
    out = console()
    out.print(table)
    problems = rep.problems
    for key, kw in problems:
        out.print(f"[red]✗[/] {t(key, **kw)}")
    if not problems:
        out.print(f"[green]✓[/] {t('doctor.all_ok')}")
    ctx.exit(0 if not problems else 1)
