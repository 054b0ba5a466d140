"""The demo's provenance step: demo keys, the sidecar and sign stages of the real pipeline, then the
three answers a trainer wants to show — the published file is *trusted*, a copy with one byte changed
is *changed after signing*, and a remuxed copy has *no signature* but is found in the register.

The demo's keys are made in the demo folder with a passphrase printed on screen: they are for the
workshop only (README: real keys come from `vidjourn keys init`). Without the ``sign`` extra the step
says how to install it and is skipped, so ``make demo`` works on a bare install.
"""

from __future__ import annotations

import shutil

from vidjourn.core import ffmpeg
from vidjourn.core.errors import UsageError
from vidjourn.core.i18n import t

DEMO_PASSPHRASE = "demo-bukan-rahasia"  # printed in the demo's notes: a workshop key, not a secret


def sign_step(ctx) -> None:
    try:
        import c2pa  # noqa: F401
        import cryptography  # noqa: F401
    except ImportError:
        ctx.note(t("demo.sign_skipped"))
        return
    from vidjourn.provenance import keys as km
    from vidjourn.provenance import register as rg
    from vidjourn.provenance import service

    asg = ctx.assignment
    keys_dir = ctx.root / "kunci-demo"
    if not keys_dir.exists():
        km.init_keys(keys_dir, unit=str(asg.story().get("unit") or "Humas Polres Contoh"),
                     office="Bidhumas Polda Contoh (demo)", passphrase=DEMO_PASSPHRASE,
                     root_passphrase=DEMO_PASSPHRASE)
    ctx.progress(t("demo.sign_progress"), 0.1)
    extra = {"sign": {"enabled": True, "keys": str(keys_dir)}}
    saved = km.secret(km.ENV_PASS)
    km.remember(km.ENV_PASS, DEMO_PASSPHRASE)  # in this process only: no child inherits it
    try:
        ctx.run("sidecar", extra=extra)
        # only what a run has just rendered is signed: the demo's export step's platforms rendered again
        made = ctx.data.get("export")
        platforms = tuple(dict.fromkeys(pl for p, _ in (made.items if made else ()) if p.task.stage == "export"
                                        for pl in p.task.params.get("platforms", ())))
        report = ctx.run("sign", extra=extra, steps=("export", "sign"), platforms=platforms, speed="draft",
                         force=True)
    finally:
        km.remember(km.ENV_PASS, saved)
    signed = [o for p, r in report.items if r is not None and p.task.stage == "sign" for o in r.outputs]
    if not signed:
        raise UsageError("demo.sign_nothing", path=asg.out)
    ctx.progress(t("demo.sign_progress"), 0.8)
    root_pem = (keys_dir / km.ROOT_CERT).read_text(encoding="ascii")
    sample = asg.root / signed[0].path
    register = asg.root / rg.REGISTER
    # 1. the published file as it left the unit
    first = service.verify_file(sample, trust_pem=root_pem)
    # 2. one byte changed (a copy; the published file stays as it is)
    lab = ctx.root / "uji-keaslian"
    lab.mkdir(exist_ok=True)
    edited = lab / ("diubah_" + sample.name)
    data = bytearray(sample.read_bytes())
    data[len(data) * 3 // 4] ^= 0x01
    edited.write_bytes(bytes(data))
    second = service.verify_file(edited, trust_pem=root_pem)
    # 3. a remux, as a download tool or a re-upload does: the manifest is gone, the register finds it
    remux = lab / ("remux_" + sample.name)
    ffmpeg.run_quiet(["-y", "-i", str(sample), "-map", "0", "-c", "copy", str(remux)], outputs=[remux],
                     subject=sample)
    third = service.verify_file(remux, trust_pem=root_pem, registers=[register])
    shutil.copy2(keys_dir / km.ROOT_CERT, lab / km.ROOT_CERT)
    found = [m for m in third["matches"]]
    ctx.note(t("demo.sign_answers", file=sample.name, first=t(f"verify.prov.status.{first['status']}"),
               second=t(f"verify.prov.status.{second['status']}"),
               third=t(f"verify.prov.status.{third['status']}"),
               found=found[0]["entry"]["id"] if found else "-", passphrase=DEMO_PASSPHRASE,
               cmd=f"vidjourn verify --provenance {edited} --root {lab / km.ROOT_CERT}"))
    if (first["status"], second["status"], third["status"]) != ("trusted", "changed", "none") or not found:
        raise UsageError("demo.sign_unexpected", first=first["status"], second=second["status"],
                         third=third["status"])
    ctx.add_output(t("demo.out_signed", n=len(signed)), asg.out)
    ctx.add_output(t("demo.out_register"), register)
    ctx.add_output(t("demo.out_lab"), lab)
    ctx.progress(t("demo.sign_progress"), 1.0)
