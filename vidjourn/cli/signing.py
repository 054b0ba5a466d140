"""The signing passphrase, asked where the user is: shared by every command that may sign (run, export,
ingest) and by ``keys`` (which lives in the sign stage's room)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vidjourn.core.i18n import t


def ask_passphrase(env: str, prompt_key: str, *, confirm: bool, path: Path) -> str:
    """From the environment (scripts), else a hidden prompt (typed twice when ``confirm``)."""
    from vidjourn.core.errors import ProvenanceError

    from vidjourn.provenance import keys as km

    value = km.secret(env)  # taken out of os.environ: no child process inherits it
    if value:
        return value
    if not sys.stdin.isatty():
        raise ProvenanceError("error.keys.no_passphrase", path=path, env=env)
    first = click.prompt(t(prompt_key), hide_input=True, err=True)
    if confirm and click.prompt(t("keys.prompt_repeat"), hide_input=True, err=True) != first:
        raise ProvenanceError("error.keys.passphrase_mismatch")
    return first


def prepare_signing(jobs) -> None:
    """When a run will sign, get the signing passphrase now (prompt, or VIDJOURN_KEY_PASSPHRASE) and keep
    it in this process, where the signing stages (coordinator: on this machine only) find it."""
    from vidjourn.provenance import keys as km
    from vidjourn.provenance.service import passphrase_from_env, remember_passphrase, sign_settings
    from vidjourn.pipeline.planner import selected

    for asg, options in jobs:
        if not any(st.name in ("sign", "sidecar") for st in selected(options)):
            continue
        cfg = sign_settings(asg.story(), options.extra)
        if not cfg["enabled"]:
            continue
        folder = Path(cfg["keys"])
        if not passphrase_from_env() and (folder / km.SIGN_KEY).exists():
            remember_passphrase(ask_passphrase(km.ENV_PASS, "keys.prompt", confirm=False, path=folder / km.SIGN_KEY))
        return
