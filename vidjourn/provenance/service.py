"""Provenance on an assignment: sign a published file in place, make an original's sidecar, keep the
registers, and answer ``verify --provenance``. Stages and the CLI call these; nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from vidjourn.core.assignment import Assignment
from vidjourn.core.digest import file_sha256
from vidjourn.core.errors import FileSystemError, ProvenanceError, os_error
from vidjourn.core.fsutil import atomic_path, read_bounded, write_bytes_atomic
from vidjourn.core.i18n import t
from vidjourn.provenance import keys as keymod
from vidjourn.provenance import manifest as mf
from vidjourn.provenance import register as reg

SIDECAR = ".c2pa"


def remember_passphrase(passphrase: str) -> None:
    """A passphrase typed at this process's prompt: kept in memory, never in os.environ."""
    keymod.remember(keymod.ENV_PASS, passphrase)


def passphrase_from_env() -> str | None:
    """``VIDJOURN_KEY_PASSPHRASE`` (taken out of the environment, see keys.take_env_secrets), else
    what was typed at this process's prompt."""
    return keymod.secret(keymod.ENV_PASS)


_UNLOCKED: dict[tuple[str, str, int], keymod.SigningKey] = {}


def unlock(keys_dir: Path | None = None, passphrase: str | None = None) -> keymod.SigningKey:
    """The unit's signing key, decrypted (passphrase: argument, else ``VIDJOURN_KEY_PASSPHRASE``).

    Kept for this process once decrypted (the check before a run, each stage's tasks and the register
    all need it); a changed key file or passphrase decrypts again. Expiry is checked every time."""
    d = keys_dir or keymod.default_dir()
    secret = passphrase if passphrase is not None else passphrase_from_env()
    try:
        stamp = (d / keymod.SIGN_KEY).stat().st_mtime_ns
    except OSError:
        stamp = 0
    slot = (str(d.resolve()), hashlib.sha256((secret or "").encode("utf-8")).hexdigest(), stamp)
    key = _UNLOCKED.get(slot)
    if key is None:
        key = keymod.load_signing_key(d, secret)
        _UNLOCKED.clear()
        _UNLOCKED[slot] = key
    else:
        keymod.check_not_expired(d)
    return key


def sign_settings(story: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``{"enabled": bool, "keys": folder}``: the command's choice (``extra["sign"]``, e.g. ``run
    --sign``) over vidjourn.yaml's ``sign: true`` (or ``sign: {enabled: true, keys: FOLDER}``)."""
    cfg = dict(extra.get("sign") or {})
    story_cfg = story.get("sign")
    if isinstance(story_cfg, dict):
        cfg.setdefault("keys", story_cfg.get("keys"))
    if "enabled" not in cfg:
        cfg["enabled"] = bool(story_cfg.get("enabled", True) if isinstance(story_cfg, dict) else story_cfg)
    cfg["keys"] = str(cfg.get("keys") or keymod.default_dir())
    return cfg


def sidecar_path(original: Path) -> Path:
    return original.with_suffix(SIDECAR)


# --- originals --------------------------------------------------------------------------------------

def check_original(path: Path, record: dict[str, Any], *, shown: str | None = None) -> None:
    """Before anything signed is made from an original: its bytes are still the ones ingested.

    Always a fresh sha256 of the whole file (no cache by size and mtime: both can be set back with
    ``touch``). A different file in raw/ stops that clip with "raw/… is not the original ingested"."""

    want = record.get("sha256")
    try:
        got = file_sha256(path)
    except OSError as exc:
        raise os_error(exc, path) from None
    if not isinstance(want, str) or got != want:
        raise ProvenanceError("error.sign.original_swapped", path=shown or path, want=str(want)[:12],
                              got=got[:12])


def make_sidecar(asg_root: Path, record: dict[str, Any], key: keymod.SigningKey) -> Path:
    """``raw/<clip>.c2pa``: a detached manifest recording the capture and its sha256. The original is
    only read (its bytes are what the manifest's hash binds to); it is never opened for writing."""

    original = Assignment(asg_root).clip_path(record)  # contained in raw/
    check_original(original, record, shown=str(record.get("file")))
    fmt = mf.mime_for(original)
    manifest = mf.capture_manifest(title=original.name, fmt=fmt, record=record, unit=key.unit)
    data = mf.sidecar_bytes(original, manifest, key)
    dest = sidecar_path(original)
    write_bytes_atomic(dest, data)
    return dest


# --- published files --------------------------------------------------------------------------------

@dataclass
class Signed:
    path: str
    sha256: str
    size: int
    unsigned_sha256: str
    manifest_bytes: int
    entry: dict[str, Any] = field(default_factory=dict)


def sign_in_place(path: Path, *, originals: list[dict[str, Any]], publication: dict[str, Any],
                  key: keymod.SigningKey, expect_sha256: str | None = None) -> Signed:
    """Embed a manifest into ``path`` (the last write of that file): signed to a temporary sibling, then
    moved over it, so a failure leaves the unsigned export as it was.

    ``expect_sha256``: the sha256 the export recorded; a file changed since is refused rather than
    signed (the signature would vouch for bytes vidjourn did not make).
    """
    before = file_sha256(path)
    if expect_sha256 and before != expect_sha256:
        raise ProvenanceError("error.sign.output_changed", path=path)
    fmt = mf.mime_for(path)
    manifest = mf.export_manifest(title=path.name, fmt=fmt, originals=originals, publication=publication)
    st = path.stat()
    with atomic_path(path) as tmp:
        n = mf.sign_file(path, tmp, manifest, key)
        os.chmod(tmp, st.st_mode & 0o777)
    after = file_sha256(path)
    return Signed(path=str(path), sha256=after, size=path.stat().st_size, unsigned_sha256=before,
                  manifest_bytes=n)


def register_entry(signed: Signed, *, publication: dict[str, Any], rel_path: str,
                   streams: dict[str, str] | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or dt.datetime.now(dt.timezone.utc)
    return {
        "id": publication.get("id"),
        "sha256": signed.sha256,
        "size": signed.size,
        "platform": publication.get("platform"),
        "story": publication.get("story"),
        "unit": publication.get("unit"),
        "clip": publication.get("clip"),
        "file": rel_path,
        "time": now.isoformat(timespec="seconds"),
        "streams": streams if streams is not None else reg.stream_hashes(Path(signed.path)),
    }


SIDECAR_MAX = 16 * 1024 * 1024  # a detached manifest is a few KB


def read_sidecar(path: Path) -> bytes:
    return read_bounded(path, SIDECAR_MAX, what="sidecar")


def check_register(path: Path, key: keymod.SigningKey) -> tuple[bytes, int]:
    """Before anything is added to a register: it is the one this unit signed, unchanged — its
    sidecar verifies under the unit's root (c2pa's data hash over every byte) and names as many
    entries as it holds. A register that does not verify is never signed again: a line someone added
    would become trusted. Returns (its bytes, its entries)."""
    side = Path(str(path) + SIDECAR)
    data = reg.read_bytes(path)
    has_side = os.path.lexists(side)
    if not data and not has_side:
        return b"", 0  # a new register
    if not has_side:
        raise ProvenanceError("error.register.unverified", path=path, sidecar=side,
                              reason=keymod_t("register.reason.no_sidecar"))
    if not data and not os.path.lexists(path):
        raise ProvenanceError("error.register.unverified", path=path, sidecar=side,
                              reason=keymod_t("register.reason.missing"))
    verdict = mf.inspect(path, trust_pem=key.root_pem, sidecar=read_sidecar(side), data=data)
    if verdict.status != "trusted":
        why = (verdict.reasons or [{}])[0]
        raise ProvenanceError("error.register.unverified", path=path, sidecar=side,
                              reason=f"{verdict.status}: {why.get('code', '')}".rstrip(": "))
    entries = reg.parse_lines(data, path)
    signed_count = (verdict.assertion or {}).get("entries") if isinstance(verdict.assertion, dict) else None
    if signed_count is not None and signed_count != len(entries):
        raise ProvenanceError("error.register.unverified", path=path, sidecar=side,
                              reason=keymod_t("register.reason.count", signed=signed_count, now=len(entries)))
    return data, len(entries)


def keymod_t(key: str, **args: Any) -> str:
    return t(key, **args)


def add_to_register(path: Path, entries: list[dict[str, Any]], key: keymod.SigningKey) -> None:
    """Append ``entries`` to the register at ``path`` and re-sign it (``<path>.c2pa``) — only after the
    register as it is verifies (:func:`check_register`); its existing bytes are kept as they are."""
    data, _ = check_register(path, key)
    data, count = reg.appended(data, entries)
    write_bytes_atomic(path, data)
    manifest = {
        "title": path.name,
        "format": "application/x-ndjson",
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": [
                {"action": "c2pa.created", "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCreation"}]}},
            {"label": mf.ASSERTION_REGISTER, "data": {"unit": key.unit, "office": key.office,
                                                     "entries": count,
                                                     "sha256": hashlib.sha256(data).hexdigest()}},
        ],
    }
    write_bytes_atomic(Path(str(path) + SIDECAR), mf.sidecar_bytes(path, manifest, key))


# --- verify ----------------------------------------------------------------------------------------

def read_root(path: Path) -> str:
    if not os.path.lexists(path):
        raise ProvenanceError("error.file_missing", path=path)
    try:
        text = read_bounded(path, keymod.MAX_PEM, what="certificate").decode("ascii")
    except FileSystemError as exc:
        if exc.key in ("error.read.not_regular", "error.read.too_big"):
            raise
        raise ProvenanceError("error.verify.root", path=path) from None
    except UnicodeDecodeError:
        raise ProvenanceError("error.verify.root", path=path) from None
    try:
        keymod.crypto()[0].load_pem_x509_certificate(text.encode("ascii"))
    except ValueError:
        raise ProvenanceError("error.verify.root", path=path) from None
    return text


def verify_register(path: Path, trust_pem: str | None) -> dict[str, Any]:
    side = Path(str(path) + SIDECAR)
    if not path.exists():
        raise ProvenanceError("error.file_missing", path=path)
    data = reg.read_bytes(path)  # bounded, a regular file: what is verified is what is then read
    if side.exists():
        verdict = mf.inspect(path, trust_pem=trust_pem, sidecar=read_sidecar(side), data=data)
    else:
        verdict = mf.Verdict("none")
    try:
        entries = reg.parse_lines(data, path)
    except ProvenanceError as exc:
        # a line vidjourn never wrote: the register is answered for (changed), its entries are not used
        entries = []
        verdict = mf.Verdict("changed", [{"code": "register.line", "explanation": exc.message()}],
                             verdict.signer)
    return {"register": str(path), "status": verdict.status, "reasons": verdict.reasons,
            "signer": verdict.signer, "entries": entries}


def verify_file(path: Path, *, trust_pem: str | None, registers: Sequence[Path] = (),
                short_id: str | None = None) -> dict[str, Any]:
    """Everything ``verify --provenance`` says about ``path``, as plain data."""
    if not path.is_file():
        raise ProvenanceError("error.file_missing", path=path)
    side = sidecar_path(path)
    sidecar = None
    verdict = mf.inspect(path, trust_pem=trust_pem)
    if verdict.status == "none" and side.exists() and side != path:
        sidecar = side
        verdict = mf.inspect(path, trust_pem=trust_pem, sidecar=read_sidecar(side))
    result: dict[str, Any] = {"file": str(path), **verdict.to_dict(),
                              "sidecar": str(sidecar) if sidecar else None, "registers": [], "matches": []}
    if registers:
        sha = file_sha256(path)
        streams: dict[str, str] | None = None
        if verdict.status != "trusted":
            try:
                streams = reg.stream_hashes(path)
            except Exception:  # not media ffmpeg can read: the file hash is all there is
                streams = None
        result["sha256"] = sha
        result["streams"] = streams
        # the ID read off the end card (a re-encoded copy has no manifest), else the manifest's own
        short = short_id or ((verdict.assertion or {}).get("id") if verdict.assertion else None)
        for rp in registers:
            info = verify_register(rp, trust_pem)
            result["registers"].append({k: info[k] for k in ("register", "status", "reasons", "signer")})
            for m in reg.lookup(info["entries"], register=str(rp), sha256=sha, streams=streams, short=short):
                result["matches"].append({**m.to_dict(), "register_status": info["status"]})
    return result
