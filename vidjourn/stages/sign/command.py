"""vidjourn keys init | show"""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import console, echo_json, json_option, settings
from vidjourn.cli.signing import ask_passphrase
from vidjourn.core.i18n import t


def keys_dir_option(f):
    return click.option("--dir", "keys_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help=t("help.keys_dir"))(f)


@click.group(help=t("help.keys"))
def keys() -> None:
    pass


@keys.command("init", help=t("help.keys_init"))
@click.option("--unit", required=True, help=t("help.keys_unit"))
@click.option("--office", default=None, help=t("help.keys_office"))
@click.option("--years", type=int, default=2, show_default=True, help=t("help.keys_years"))
@click.option("--root-from", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help=t("help.keys_root_from"))
@keys_dir_option
@click.option("--dry-run", is_flag=True, help=t("cli.dry_run_help"))
@json_option
def init(unit: str, office: str | None, years: int, root_from: Path | None, keys_dir: Path | None,
         dry_run: bool, as_json: bool) -> None:
    from vidjourn.provenance import keys as km

    dest = keys_dir or km.default_dir()
    if dry_run:  # where the keys would go; no passphrase asked, nothing written
        if as_json:
            echo_json({"dry_run": True, "dir": str(dest)})
        else:
            console().print(t("cli.dry_run_would_write", path=dest), markup=False, highlight=False)
        return
    km.crypto()  # the extra first: no prompt for a passphrase that cannot be used
    if not unit.strip():
        from vidjourn.core.errors import ProvenanceError

        raise ProvenanceError("error.keys.unit_empty")
    if dest.exists() and any(dest.iterdir()):
        from vidjourn.core.errors import ProvenanceError

        raise ProvenanceError("error.keys.exists", path=dest)
    if root_from is not None:
        root_pass = ask_passphrase(km.ENV_ROOT_PASS, "keys.prompt_root", confirm=False, path=root_from / km.ROOT_KEY)
    else:
        root_pass = ask_passphrase(km.ENV_ROOT_PASS, "keys.prompt_root", confirm=True, path=dest / km.ROOT_KEY)
    sign_pass = ask_passphrase(km.ENV_PASS, "keys.prompt", confirm=True, path=dest / km.SIGN_KEY)
    info = km.init_keys(dest, unit=unit, office=office, passphrase=sign_pass, root_passphrase=root_pass,
                        years=years, root_from=root_from)
    if as_json:
        echo_json(info.to_dict())
    elif not settings().quiet:
        console().print(t("keys.created", dir=info.dir, unit=info.unit, root=info.root_subject,
                          root_fp=info.root_fingerprint, until=info.signing_not_after[:10],
                          root_key=(root_from or dest) / km.ROOT_KEY,
                          root_cert=dest / km.ROOT_CERT), markup=False)


@keys.command("show", help=t("help.keys_show"))
@keys_dir_option
@json_option
def show(keys_dir: Path | None, as_json: bool) -> None:
    from vidjourn.provenance import keys as km

    info = km.show_keys(keys_dir or km.default_dir())
    if as_json:
        echo_json(info.to_dict())
        return
    console().print(t("keys.show", dir=info.dir, unit=info.unit, office=info.office, subject=info.signing_subject,
                      nb=info.signing_not_before[:10], na=info.signing_not_after[:10],
                      fp=info.signing_fingerprint, root=info.root_subject, root_na=info.root_not_after[:10],
                      root_fp=info.root_fingerprint,
                      root_key=t("keys.root_key_yes") if info.root_key_present else t("keys.root_key_no")),
                    markup=False)
