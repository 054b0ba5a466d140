"""Signing keys for provenance: an offline root CA for the issuing office and a signing certificate
for the unit (ECDSA P-256), private keys encrypted with a passphrase (PKCS#8, AES-256-CBC).

C2PA refuses a self-signed end-entity certificate, so there are always two: the root (``root-ca.pem``,
what the public and the office trust; its key belongs offline, not on a field laptop) and the unit's
signing certificate (``signing.pem`` + ``signing.key``), issued by the root for 1–2 years. The signing
certificate carries keyUsage digitalSignature and the extended key usages C2PA validators accept
(emailProtection, which c2pa-rs's default EKU list allows, plus documentSigning and c2pa claimSigning).

Nothing here imports c2pa: ``cryptography`` is enough. Both live in the ``sign`` extra.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vidjourn.core.errors import FileSystemError, ProvenanceError, VidjournError
from vidjourn.core.fsutil import read_bounded

ROOT_CERT = "root-ca.pem"
ROOT_KEY = "root-ca.key"
SIGN_CERT = "signing.pem"
SIGN_KEY = "signing.key"
INFO = "unit.json"

ENV_DIR = "VIDJOURN_KEYS"
ENV_PASS = "VIDJOURN_KEY_PASSPHRASE"
ENV_ROOT_PASS = "VIDJOURN_ROOT_PASSPHRASE"
MIN_PASSPHRASE = 8

# --- secrets: the passphrases live in this process only (vidjourn.core.secrets) ------------------------
SECRET_VARS = (ENV_PASS, ENV_ROOT_PASS)  # = core.secrets.PASSPHRASE_VARS = cli.SECRET_VARS (tests check)

def take_env_secrets() -> None:
    from vidjourn.core import secrets

    secrets.take_env()


def secret(name: str) -> str | None:
    """The passphrase of ``name`` (``VIDJOURN_KEY_PASSPHRASE`` or the root's), taken from the environment."""
    from vidjourn.core import secrets

    return secrets.get(name)


def remember(name: str, value: str | None) -> None:
    from vidjourn.core import secrets

    secrets.remember(name, value)


def forget_secrets() -> None:
    from vidjourn.core import secrets

    secrets.forget()

# id-kp-emailProtection, id-kp-documentSigning, c2pa-kp-claimSigning
EKU_OIDS = ("1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36", "1.3.6.1.4.1.62558.2.1")


def crypto():
    """Import ``cryptography`` or say how to install the extra."""
    try:
        import cryptography  # noqa: F401
    except ImportError:
        raise ProvenanceError("error.extra_missing_sign") from None
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    return x509, hashes, serialization, ec


def default_dir() -> Path:
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("vidjourn")) / "keys"


@dataclass(frozen=True)
class KeyInfo:
    dir: Path
    unit: str
    office: str
    root_subject: str
    root_fingerprint: str
    root_not_after: str
    signing_subject: str
    signing_fingerprint: str
    signing_not_before: str
    signing_not_after: str
    root_key_present: bool

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["dir"] = str(self.dir)
        return d


def fingerprint(cert) -> str:
    from cryptography.hazmat.primitives import serialization

    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _fit(text: str, limit: int = 64) -> str:
    """X.509 names hold at most 64 bytes of UTF-8 (not characters: "Ü" and "—" take 2 and 3)."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore").strip()


def _name(x509, cn: str, org: str):
    from cryptography.x509.oid import NameOID

    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(org)),
        x509.NameAttribute(NameOID.COMMON_NAME, _fit(cn)),
    ])


def _key_usage(x509, *, sign: bool, ca: bool):
    return x509.KeyUsage(digital_signature=sign, content_commitment=False, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def check_passphrase(passphrase: str | None, *, which: str) -> bytes:
    if not passphrase or len(passphrase) < MIN_PASSPHRASE:
        raise ProvenanceError("error.keys.passphrase_short", which=which, n=MIN_PASSPHRASE)
    return passphrase_bytes(passphrase, which=which)


MAX_PEM = 1024 * 1024  # a certificate or key file is ~1 KB


def _read_small(path: Path) -> bytes:
    """A key, certificate or unit.json: bounded, a regular file; a missing one is ``keys.missing``."""
    try:
        return read_bounded(path, MAX_PEM, what="key" if path.suffix == ".key" else "certificate")
    except FileSystemError as exc:
        if exc.key in ("error.os.missing", "error.os.broken_link"):
            raise ProvenanceError("error.keys.missing", path=path) from None
        raise


def passphrase_bytes(passphrase: str, *, which: str) -> bytes:
    """The passphrase as UTF-8. One that is not text (bytes a terminal or a variable set in another
    encoding, kept as surrogate escapes by Python) is a clear error, not a traceback."""
    try:
        return passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise ProvenanceError("error.keys.passphrase_not_text", which=which) from None


def load_private_key(path: Path, passphrase: str | None):
    """Decrypt a PEM private key; a wrong passphrase is a clear error naming the file."""
    x509, hashes, serialization, ec = crypto()
    data = _read_small(path)
    if not passphrase:
        raise ProvenanceError("error.keys.no_passphrase", path=path, env=ENV_ROOT_PASS if path.name == ROOT_KEY else ENV_PASS)
    try:
        return serialization.load_pem_private_key(
            data, password=passphrase_bytes(passphrase, which="root" if path.name == ROOT_KEY else "signing"))
    except (ValueError, TypeError):
        raise ProvenanceError("error.keys.wrong_passphrase", path=path) from None


def _load_cert(path: Path):
    x509 = crypto()[0]
    try:
        return x509.load_pem_x509_certificate(_read_small(path))
    except ValueError:
        raise ProvenanceError("error.keys.bad_cert", path=path) from None


def init_keys(dest: Path, *, unit: str, office: str | None, passphrase: str, root_passphrase: str,
              years: int = 2, root_years: int = 10, root_from: Path | None = None,
              now: dt.datetime | None = None) -> KeyInfo:
    """Make (or reuse, with ``root_from``) the office's root CA and issue the unit's signing certificate.

    Everything is checked before anything is written (a wrong root passphrase writes nothing); the
    files are written into a temporary folder that is renamed into place, so ``dest`` either appears
    whole or not at all. An existing key folder is never overwritten.
    """
    x509, hashes, serialization, ec = crypto()
    if not 1 <= years <= 2:
        raise ProvenanceError("error.keys.years", years=years)
    if dest.exists() and any(dest.iterdir()):
        raise ProvenanceError("error.keys.exists", path=dest)
    unit = " ".join(unit.split())
    office = " ".join(office.split()) if office else None
    if not unit:
        raise ProvenanceError("error.keys.unit_empty")
    sign_pw = check_passphrase(passphrase, which="signing")
    now = now or dt.datetime.now(dt.timezone.utc)
    if root_from is not None:
        root_key = load_private_key(root_from / ROOT_KEY, root_passphrase)
        root_cert = _load_cert(root_from / ROOT_CERT)
        office = office or root_cert.subject.get_attributes_for_oid(x509.oid.NameOID.ORGANIZATION_NAME)[0].value
        root_pw = passphrase_bytes(root_passphrase, which="root")
    else:
        root_pw = check_passphrase(root_passphrase, which="root")
        office = office or unit
        root_key = ec.generate_private_key(ec.SECP256R1())
        rname = _name(x509, _fit(office, 64 - len(" Root CA")) + " Root CA", office)
        root_cert = (
            x509.CertificateBuilder().subject_name(rname).issuer_name(rname)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=365 * root_years))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(x509, sign=False, ca=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256())
        )
    if root_cert.not_valid_after_utc < now + dt.timedelta(days=365 * years):
        raise ProvenanceError("error.keys.root_expires", path=root_from, date=root_cert.not_valid_after_utc.date())
    sign_key = ec.generate_private_key(ec.SECP256R1())
    sign_cert = (
        x509.CertificateBuilder().subject_name(_name(x509, unit, office)).issuer_name(root_cert.subject)
        .public_key(sign_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(x509, sign=True, ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.ObjectIdentifier(o) for o in EKU_OIDS]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(sign_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_cert.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    pkcs8 = serialization.PrivateFormat.PKCS8
    files = {
        ROOT_CERT: root_cert.public_bytes(pem),
        SIGN_CERT: sign_cert.public_bytes(pem),
        SIGN_KEY: sign_key.private_bytes(pem, pkcs8, serialization.BestAvailableEncryption(sign_pw)),
        INFO: (json.dumps({"unit": unit, "office": office, "created": now.isoformat(timespec="seconds")},
                          ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }
    if root_from is None:
        files[ROOT_KEY] = root_key.private_bytes(pem, pkcs8, serialization.BestAvailableEncryption(root_pw))
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.part-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(mode=0o700)
    try:
        for name, data in files.items():
            p = tmp / name
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if name.endswith(".key") else 0o644)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        if dest.exists():  # an empty folder
            dest.rmdir()
        os.replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return show_keys(dest)


def show_keys(src: Path) -> KeyInfo:
    if not (src / SIGN_CERT).exists():
        raise ProvenanceError("error.keys.none", path=src)
    x509 = crypto()[0]
    root = _load_cert(src / ROOT_CERT)
    sc = _load_cert(src / SIGN_CERT)
    try:
        info = json.loads(_read_small(src / INFO).decode("utf-8"))
        info = info if isinstance(info, dict) else {}
        info = {k: v for k, v in info.items() if isinstance(v, str)}  # unit, office: text or nothing
    except (VidjournError, ValueError):
        info = {}
    cn = x509.oid.NameOID.COMMON_NAME
    return KeyInfo(
        dir=src,
        unit=info.get("unit") or sc.subject.get_attributes_for_oid(cn)[0].value,
        office=info.get("office", ""),
        root_subject=root.subject.rfc4514_string(),
        root_fingerprint=fingerprint(root),
        root_not_after=root.not_valid_after_utc.isoformat(),
        signing_subject=sc.subject.rfc4514_string(),
        signing_fingerprint=fingerprint(sc),
        signing_not_before=sc.not_valid_before_utc.isoformat(),
        signing_not_after=sc.not_valid_after_utc.isoformat(),
        root_key_present=(src / ROOT_KEY).exists(),
    )


@dataclass
class SigningKey:
    """The unit's decrypted signing key and its certificate chain (signing cert, then root)."""

    key: Any
    chain_pem: str
    unit: str
    office: str
    root_pem: str

    def sign(self, data: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        return self.key.sign(data, ec.ECDSA(hashes.SHA256()))


def check_not_expired(src: Path, now: dt.datetime | None = None) -> KeyInfo:
    info = show_keys(src)
    now = now or dt.datetime.now(dt.timezone.utc)
    if dt.datetime.fromisoformat(info.signing_not_after) <= now:
        raise ProvenanceError("error.keys.expired", path=src / SIGN_CERT, date=info.signing_not_after[:10])
    return info


def load_signing_key(src: Path, passphrase: str | None, now: dt.datetime | None = None) -> SigningKey:
    info = check_not_expired(src, now)
    key = load_private_key(src / SIGN_KEY, passphrase)
    root_pem = _read_small(src / ROOT_CERT).decode("ascii", "replace")
    chain = _read_small(src / SIGN_CERT).decode("ascii", "replace") + root_pem
    return SigningKey(key=key, chain_pem=chain, unit=info.unit, office=info.office, root_pem=root_pem)
