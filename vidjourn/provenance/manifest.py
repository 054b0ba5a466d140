"""C2PA Content Credentials: sign a published file, make a sidecar for an original, and read one back.

Only this module imports ``c2pa`` (the ``sign`` extra). The private key never goes to the native
library: c2pa calls back into Python with the bytes to sign (``Signer.from_callback``), so the key stays
a ``cryptography`` object decrypted from its passphrase-protected file.

Verdicts (``inspect``):

- ``trusted``   — signed by a certificate that chains to the root given, and every hash matches;
- ``untrusted`` — signed, bytes unchanged, but not under the root given (or no root given);
- ``expired``   — signed under the root, bytes unchanged, but the signing certificate has expired
  (offline signing has no trusted timestamp; c2pa then judges the certificate at today's date);
- ``changed``   — a manifest is there but the file's bytes, or the manifest itself, no longer match;
- ``none``      — no manifest (never signed, or stripped by a remux, re-encode or platform).
"""

from __future__ import annotations

import io
import json
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from vidjourn import __version__
from vidjourn.core.errors import ProvenanceError
from vidjourn.core.fsutil import explain

VENDOR = "id.vidjourn"  # reverse-domain prefix of our own assertion labels
ASSERTION_EXPORT = f"{VENDOR}.publication"
ASSERTION_INGEST = f"{VENDOR}.capture"
ASSERTION_REGISTER = f"{VENDOR}.register"
CAPTURE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"

MIME = {
    ".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime", ".avi": "video/x-msvideo",
    ".mkv": "video/x-matroska", ".webm": "video/webm", ".mts": "video/mp2t", ".m2ts": "video/mp2t",
    ".jsonl": "application/x-ndjson",
}

# Failure codes that leave the bytes and the claim intact: the question is only whom to trust.
TRUST_CODES = {"signingCredential.untrusted", "signingCredential.expired", "signingCredential.invalid",
               "signingCredential.revoked", "timeStamp.untrusted", "timeStamp.outsideValidity"}


def c2pa_module():
    try:
        import c2pa
    except ImportError:
        raise ProvenanceError("error.extra_missing_sign") from None
    return c2pa


def mime_for(path: Path) -> str:
    ext = path.suffix.lower()
    return MIME.get(ext) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class _Sink(io.RawIOBase):
    """A seekable stream that keeps nothing: a sidecar's signing copies the whole asset to its
    destination, which for a 2 GB original would be 2 GB of RAM in a BytesIO."""

    def __init__(self) -> None:
        self.pos = 0
        self.end = 0

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[override]
        n = len(b)
        self.pos += n
        self.end = max(self.end, self.pos)
        return n

    def readinto(self, b) -> int:  # type: ignore[override]
        return 0

    def seek(self, offset: int, whence: int = 0) -> int:
        self.pos = offset if whence == 0 else self.pos + offset if whence == 1 else self.end + offset
        return self.pos

    def tell(self) -> int:
        return self.pos


def _context(c2pa, *, trust_pem: str | None = None, builder: bool = False):
    settings: dict[str, Any] = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
    if builder:
        from vidjourn import __version__

        settings["builder"] = {"thumbnail": {"enabled": False},
                               "claim_generator_info": {"name": "vidjourn", "version": __version__}}
        # verified by the caller against the office's root, not against c2pa's built-in list
        settings["verify"]["verify_after_sign"] = False
    if trust_pem:
        settings["trust"] = {"trust_anchors": trust_pem}
    else:
        settings["verify"]["verify_trust"] = False
    return c2pa.Context.from_dict(settings)


def _signer(c2pa, key):
    return c2pa.Signer.from_callback(key.sign, c2pa.C2paSigningAlg.ES256, key.chain_pem, None)


def export_manifest(*, title: str, fmt: str, originals: list[dict[str, Any]], publication: dict[str, Any]
                    ) -> dict[str, Any]:
    """The manifest of a published file: opened (each original) → edited → transcoded → published.

    ``originals``: ``[{"id", "file", "sha256", "format"}]`` from manifest.json; ``publication``: the
    vidjourn assertion (story slug, unit, platform, preset/profile fingerprints, short id...). Nothing
    personal: no GPS, no device, no reporter's name — the manifest is public.
    """

    ingredients = []
    opened = []
    for o in originals:
        label = f"original-{o['id']}"
        ingredients.append({"title": Path(o["file"]).name, "format": o.get("format") or "video/mp4",
                            "relationship": "parentOf", "label": label,
                            "instance_id": f"vidjourn:sha256:{o['sha256']}"})
        opened.append({"action": "c2pa.opened", "parameters": {"ingredientIds": [label]}})
    actions = opened + [
        {"action": "c2pa.edited", "softwareAgent": {"name": "vidjourn", "version": __version__}},
        {"action": "c2pa.transcoded", "softwareAgent": {"name": "vidjourn", "version": __version__}},
        {"action": "c2pa.published"},
    ]
    data = dict(publication)
    data["originals"] = [{"id": o["id"], "sha256": o["sha256"]} for o in originals]
    return {
        "title": title,
        "format": fmt,
        "ingredients": ingredients,
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": actions}},
            {"label": ASSERTION_EXPORT, "data": data},
        ],
    }


def sign_file(src: Path, dst: Path, manifest: dict[str, Any], key) -> int:
    """Write ``src`` with the manifest embedded to ``dst`` (a different path). Returns manifest bytes."""
    c2pa = c2pa_module()
    fmt = manifest.get("format") or mime_for(src)
    with c2pa.Builder(manifest, context=_context(c2pa, builder=True)) as builder, \
            open(src, "rb") as fin, open(dst, "w+b") as fout:
        try:
            data = builder.sign(_signer(c2pa, key), fmt, fin, fout)
        except c2pa.C2paError as exc:
            raise ProvenanceError("error.sign.failed", path=src, reason=str(exc)[:300]) from None
    return len(data)


def sidecar_bytes(path: Path, manifest: dict[str, Any], key) -> bytes:
    """A detached manifest for ``path`` (which is only read): what goes in ``raw/<clip>.c2pa``."""
    c2pa = c2pa_module()
    fmt = manifest.get("format") or mime_for(path)
    with c2pa.Builder(manifest, context=_context(c2pa, builder=True)) as builder, open(path, "rb") as fin:
        builder.set_no_embed()
        try:
            return bytes(builder.sign(_signer(c2pa, key), fmt, fin, _Sink()))
        except c2pa.C2paError as exc:
            raise ProvenanceError("error.sign.failed", path=path, reason=str(exc)[:300]) from None


def capture_manifest(*, title: str, fmt: str, record: dict[str, Any], unit: str) -> dict[str, Any]:
    return {
        "title": title,
        "format": fmt,
        "assertions": [
            {"label": "c2pa.actions.v2",
             "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": CAPTURE}]}},
            {"label": ASSERTION_INGEST, "data": {
                "id": record["id"], "sha256": record["sha256"], "size": record["size"],
                "ingested_at": record.get("ingested_at"), "unit": unit}},
        ],
    }


# A C2PA manifest store is a JUMBF superbox whose description box ("jumd") carries the C2PA UUID
# 63327061-0011-0010-8000-00AA00389B71 ("c2pa" + 0011 0010 ...): 12 bytes no video stream holds by chance.
_STORE_MARK = b"jumdc2pa\x00\x11\x00\x10"


def has_manifest_store(path: Path) -> bool:
    """Whether the file holds a C2PA manifest store anywhere (read in 1 MiB chunks, overlapping)."""
    tail = b""
    with open(path, "rb") as fh:
        for buf in iter(lambda: fh.read(1 << 20), b""):
            if _STORE_MARK in tail + buf:
                return True
            tail = buf[-len(_STORE_MARK):]
    return False


@dataclass
class Verdict:
    status: str  # trusted | untrusted | expired | changed | none
    reasons: list[dict[str, str]] = field(default_factory=list)
    signer: dict[str, Any] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)
    assertion: dict[str, Any] | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "reasons": self.reasons, "signer": self.signer,
                "actions": self.actions, "vidjourn": self.assertion, "title": self.title}


def inspect(path: Path, *, trust_pem: str | None, sidecar: bytes | None = None,
            data: bytes | None = None) -> Verdict:
    """Read and validate the manifest of ``path`` (embedded, or ``sidecar``) offline. ``data``: the
    file's bytes, already read (a register: bounded and checked to be a regular file)."""
    c2pa = c2pa_module()
    fmt = mime_for(path)
    try:
        with (open(path, "rb") if data is None else io.BytesIO(data)) as fh:
            reader = c2pa.Reader(fmt, fh, sidecar, context=_context(c2pa, trust_pem=trust_pem))
            try:
                results = reader.get_validation_results() or {}
                manifest = reader.get_active_manifest() or {}
            finally:
                reader.close()
    except FileNotFoundError:
        raise ProvenanceError("error.file_missing", path=path) from None
    except c2pa.C2paError as exc:
        name = type(exc).__name__.lstrip("_").removeprefix("C2pa")
        if name in ("ManifestNotFound",):
            return Verdict("none")
        if name in ("NotSupported",):
            return Verdict("none", reasons=[{"code": "format.unsupported", "explanation": str(exc)[:200]}])
        if sidecar is None and not has_manifest_store(path):
            # c2pa could not parse the file at all (empty, not media, cut short): there is no record
            return Verdict("none", reasons=[{"code": f"manifest.{name}", "explanation": str(exc)[:200]}])
        # A manifest store is there but cannot be read back: the signed record itself was altered.
        return Verdict("changed", reasons=[{"code": f"manifest.{name}", "explanation": str(exc)[:200]}])
    read = ReadBack.model_validate({"results": results, "manifest": manifest})
    active = read.results.activeManifest
    failures = [{"code": f.code, "explanation": f.explanation} for f in active.failure]
    successes = {s_.code for s_ in active.success}
    sig = read.manifest.signature_info
    signer = {k: getattr(sig, k) for k in ("common_name", "issuer", "cert_serial_number", "time", "alg")
              if getattr(sig, k)}
    actions: list[str] = []
    assertion = None
    for a in read.manifest.assertions:
        if a.label.startswith("c2pa.actions"):
            actions = _actions(a.data)
        elif a.label.startswith(VENDOR):
            assertion, problem = _publication(a.data)
            if problem:  # what the manifest says of itself is not in the shape vidjourn writes: not shown
                failures.append({"code": "vidjourn.assertion", "explanation": problem})
    hard = [f for f in failures if f["code"] not in TRUST_CODES]
    if hard:
        status = "changed"
        reasons = hard
    elif any(f["code"] == "signingCredential.expired" for f in failures):
        status, reasons = "expired", failures
    elif failures or not trust_pem or "signingCredential.trusted" not in successes:
        status = "untrusted"
        reasons = failures or [{"code": "signingCredential.untrusted", "explanation": "no root given"}]
    else:
        status, reasons = "trusted", []
    return Verdict(status, reasons, signer, actions, assertion, read.manifest.title)


# --- what a manifest says, typed (a manifest is a file someone could hand us) ----------------------------

class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Status(_Loose):
    code: str = ""
    explanation: str = ""

    @field_validator("code", "explanation", mode="before")
    @classmethod
    def _text(cls, v: Any) -> str:
        return v if isinstance(v, str) else ""


class _Active(_Loose):
    failure: list[_Status] = []
    success: list[_Status] = []

    @field_validator("failure", "success", mode="before")
    @classmethod
    def _items(cls, v: Any) -> Any:
        return [x for x in v if isinstance(x, dict)] if isinstance(v, list) else []


class _Results(_Loose):
    activeManifest: _Active = _Active()

    @field_validator("activeManifest", mode="before")
    @classmethod
    def _mapping(cls, v: Any) -> Any:
        return v if isinstance(v, dict) else {}


class _Signature(_Loose):
    common_name: str | None = None
    issuer: str | None = None
    cert_serial_number: str | None = None
    time: str | None = None
    alg: str | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return v if isinstance(v, str) else None


class _Assertion(_Loose):
    label: str = ""
    data: Any = None

    @field_validator("label", mode="before")
    @classmethod
    def _text(cls, v: Any) -> str:
        return v if isinstance(v, str) else ""


class _Manifest(_Loose):
    title: str | None = None
    signature_info: _Signature = _Signature()
    assertions: list[_Assertion] = []

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v: Any) -> Any:
        return v if isinstance(v, str) else None

    @field_validator("signature_info", "assertions", mode="before")
    @classmethod
    def _shape(cls, v: Any, info: Any) -> Any:
        want = dict if info.field_name == "signature_info" else list
        if not isinstance(v, want):
            return want()
        return [x for x in v if isinstance(x, dict)] if want is list else v


class ReadBack(_Loose):
    """What c2pa read back, reduced to the shape ``inspect`` uses: anything else in its place (a list
    where a mapping belongs, a number where a name does) is dropped, never a traceback."""

    results: _Results = _Results()
    manifest: _Manifest = _Manifest()

    @field_validator("results", "manifest", mode="before")
    @classmethod
    def _mapping(cls, v: Any) -> Any:
        return v if isinstance(v, dict) else {}


class _Original(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")
    id: str
    sha256: str


class Publication(BaseModel):
    """vidjourn's own assertion (publication or capture), as vidjourn writes it."""

    model_config = ConfigDict(strict=True, extra="allow")
    id: str | None = None
    story: str | None = None
    unit: str | None = None
    clip: str | None = None
    platform: str | None = None
    sha256: str | None = None
    originals: list[_Original] = []
    render: dict[str, Any] = {}


def _actions(data: Any) -> list[str]:
    items = data.get("actions") if isinstance(data, dict) else None
    return [x["action"] for x in items if isinstance(x, dict) and isinstance(x.get("action"), str)] \
        if isinstance(items, list) else []


def _publication(data: Any) -> tuple[dict[str, Any] | None, str | None]:
    import pydantic


    try:
        return Publication.model_validate(data).model_dump(exclude_unset=True), None
    except pydantic.ValidationError as exc:
        return None, explain(exc)


def manifest_json(path: Path) -> dict[str, Any]:
    c2pa = c2pa_module()
    with open(path, "rb") as fh:
        reader = c2pa.Reader(mime_for(path), fh, None, context=_context(c2pa))
        try:
            return json.loads(reader.json())
        finally:
            reader.close()
