"""``vidjourn verify --provenance FILE``: print (or --json) what vidjourn.provenance.service found."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vidjourn.cli.common import console, echo_json
from vidjourn.core.i18n import t

HASH_CODES = ("assertion.bmffHash", "assertion.dataHash", "assertion.boxesHash", "assertion.collectionHash")


def reason_text(reasons: list[dict[str, str]]) -> str:
    if not reasons:
        return ""
    r = reasons[0]
    code = r.get("code", "")
    if code.startswith(HASH_CODES):
        return t("verify.prov.reason.hash", code=code)
    if code.startswith(("claimSignature", "assertion.hashedURI", "manifest.", "claim.", "assertion.")):
        return t("verify.prov.reason.claim", code=code)
    return t("verify.prov.reason.other", code=code, explanation=r.get("explanation", ""))


def run(file: Path, root: Path | None, registers: tuple[Path, ...], as_json: bool,
        short_id: str | None = None) -> int:
    from vidjourn.provenance import keys as km
    from vidjourn.provenance import service

    root_path = root
    if root_path is None:
        own = km.default_dir() / km.ROOT_CERT
        root_path = own if own.is_file() else None
    trust_pem = service.read_root(root_path) if root_path is not None else None
    result = service.verify_file(file, trust_pem=trust_pem, registers=list(registers), short_id=short_id)
    result["root"] = str(root_path) if root_path else None
    status = result["status"]
    code = 0 if status == "trusted" else 1
    if as_json:
        result["exit_code"] = code
        echo_json(result)
        return code
    out = console()
    signer = (result.get("signer") or {}).get("common_name") or "?"
    issuer = (result.get("signer") or {}).get("issuer") or "?"
    args: dict[str, Any] = {"file": file, "signer": signer, "root": issuer}
    if status == "changed":
        args["reason"] = reason_text(result["reasons"])
    if status == "untrusted":
        args["root_note"] = "" if trust_pem else t("verify.prov.no_root")
    key = f"verify.prov.{status}"
    if status == "trusted" and result.get("actions") == ["c2pa.created"]:
        key = "verify.prov.trusted_original"  # an original's capture record, not a publication
    out.print(t(key, **args), markup=False)
    if result.get("sidecar"):
        out.print(t("verify.prov.sidecar", sidecar=result["sidecar"]), markup=False)
    a = result.get("vidjourn") or {}
    if a and status != "none":
        originals = ", ".join(f"{o.get('id')} (sha256 {str(o.get('sha256'))[:12]}…)" for o in a.get("originals", []))
        if originals or a.get("story"):
            out.print(t("verify.prov.origin", originals=originals or "-", story=a.get("story", "-"),
                        platform=a.get("platform", "-"), unit=a.get("unit", "-"), id=a.get("id", "-")),
                      markup=False)
    for r in result.get("registers", []):
        out.print(t("verify.prov.register_status", register=r["register"],
                    status=t(f"verify.prov.status.{r['status']}")), markup=False)
    for m in result.get("matches", []):
        e = m["entry"]
        out.print(t(f"verify.prov.register_{m['how']}", register=m["register"], id=e.get("id"),
                    story=e.get("story"), platform=e.get("platform"), time=e.get("time")), markup=False)
    if registers and not result.get("matches"):
        for r in registers:
            out.print(t("verify.prov.register_none", register=r), markup=False)
    return code
