"""Provenance: keys, C2PA signing and verifying, sidecars for originals, the register.

Everything runs offline against real files: clips made by the bundled ffmpeg, signed with keys made by
``vidjourn keys init``, checked by c2pa's own reader. No stubs.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from vidjourn.cli import cli
from vidjourn.core.errors import ProvenanceError

pytest.importorskip("c2pa", reason="the sign extra (pip install 'vidjourn[sign]') is part of the test extra")

SIGN_PASS = "kata-sandi-satuan"
ROOT_PASS = "kata-sandi-kantor"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def keyenv(tmp_path, monkeypatch):
    """A key folder made by the real CLI; passphrases from the environment, as a script would."""
    d = tmp_path / "keys"
    monkeypatch.setenv("VIDJOURN_KEYS", str(d))
    monkeypatch.setenv("VIDJOURN_KEY_PASSPHRASE", SIGN_PASS)
    monkeypatch.setenv("VIDJOURN_ROOT_PASSPHRASE", ROOT_PASS)
    r = CliRunner().invoke(cli, ["keys", "init", "--unit", "Polres Contoh", "--office", "Bidhumas Polda Contoh"])
    assert r.exit_code == 0, r.output
    return d


@pytest.fixture(scope="module")
def other_root(tmp_path_factory) -> Path:
    """The root of another office (for "signed, but not by a trusted root")."""
    from vidjourn.provenance import keys as km

    d = tmp_path_factory.mktemp("other") / "keys"
    km.init_keys(d, unit="Polres Lain", office="Kantor Lain", passphrase=SIGN_PASS, root_passphrase=ROOT_PASS)
    return d / km.ROOT_CERT


@pytest.fixture
def mp4(clip_factory, tmp_path, ffmpeg_bin) -> Path:
    """A faststart MP4 as export makes them (a copy: signing rewrites it)."""
    src = clip_factory("prov.mp4", duration=2.0)
    out = tmp_path / "pub" / "clip.mp4"
    out.parent.mkdir(parents=True)
    subprocess.run([ffmpeg_bin, "-v", "error", "-y", "-i", str(src), "-c", "copy", "-map_metadata", "-1",
                    "-movflags", "+faststart", str(out)], check=True)
    return out


def _sign(path: Path, keys_dir: Path, **pub) -> object:
    from vidjourn.provenance import service

    key = service.unlock(keys_dir, SIGN_PASS)
    publication = {"story": "uji-tanda-tangan", "unit": key.unit, "platform": "reels", "clip": "c1",
                   "id": "ABCD-EFGH", **pub}
    originals = [{"id": "c1", "file": "raw/c1.mp4", "sha256": "ab" * 32, "format": "video/mp4"}]
    return service.sign_in_place(path, originals=originals, publication=publication, key=key)


def _verify(*args: str, lang: str = "en"):
    return CliRunner().invoke(cli, ["--lang", lang, "verify", "--provenance", *args])


# --- keys -------------------------------------------------------------------------------------------

def test_keys_init_makes_a_root_and_a_separate_encrypted_signing_key(keyenv):
    from cryptography import x509

    names = sorted(p.name for p in keyenv.iterdir())
    assert names == ["root-ca.key", "root-ca.pem", "signing.key", "signing.pem", "unit.json"]
    for k in ("root-ca.key", "signing.key"):
        text = (keyenv / k).read_text()
        assert "BEGIN ENCRYPTED PRIVATE KEY" in text
        assert stat.S_IMODE((keyenv / k).stat().st_mode) == 0o600
    root = x509.load_pem_x509_certificate((keyenv / "root-ca.pem").read_bytes())
    leaf = x509.load_pem_x509_certificate((keyenv / "signing.pem").read_bytes())
    assert leaf.issuer == root.subject and leaf.subject != root.subject
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert leaf.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    ekus = {o.dotted_string for o in leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value}
    assert "1.3.6.1.5.5.7.3.4" in ekus  # emailProtection: what c2pa's default EKU list accepts
    days = (leaf.not_valid_after_utc - leaf.not_valid_before_utc).days
    assert 365 <= days <= 2 * 366
    assert leaf.public_key().curve.name == "secp256r1"
    r = CliRunner().invoke(cli, ["keys", "show", "--json"])
    info = json.loads(r.output)
    assert info["unit"] == "Polres Contoh" and info["office"] == "Bidhumas Polda Contoh"
    assert info["root_key_present"] is True
    r = CliRunner().invoke(cli, ["--lang", "id", "keys", "show"])
    assert "kunci akar di laptop ini: ya" in r.output


def test_keys_init_never_overwrites(keyenv):
    before = {p.name: p.read_bytes() for p in keyenv.iterdir()}
    r = CliRunner().invoke(cli, ["keys", "init", "--unit", "Lain"])
    assert r.exit_code == 1
    assert "already holds keys" in r.output
    assert {p.name: p.read_bytes() for p in keyenv.iterdir()} == before


def test_wrong_passphrase_is_a_clear_error_and_writes_nothing(keyenv, tmp_path, monkeypatch, mp4):
    # a second unit's certificate from the office root, with the wrong root passphrase
    monkeypatch.setenv("VIDJOURN_ROOT_PASSPHRASE", "bukan-ini-sandinya")
    dest = tmp_path / "unit2"
    r = CliRunner().invoke(cli, ["--lang", "id", "keys", "init", "--unit", "Polres B", "--root-from", str(keyenv),
                                 "--dir", str(dest)])
    assert r.exit_code == 1
    assert "root-ca.key: kata sandi salah. Tidak ada yang ditulis" in r.output
    assert "Traceback" not in r.output
    assert not dest.exists() and not list(tmp_path.glob(".unit2*"))
    # signing with the wrong passphrase: the file is not touched
    from vidjourn.provenance import service

    before = sha(mp4)
    with pytest.raises(ProvenanceError) as err:
        service.unlock(keyenv, "salah-salah-salah")
    assert err.value.key == "error.keys.wrong_passphrase"
    assert "signing.key: wrong passphrase. Nothing was written." in err.value.message("en")
    assert sha(mp4) == before and sorted(p.name for p in mp4.parent.iterdir()) == ["clip.mp4"]


def test_second_unit_under_the_same_root_is_trusted(keyenv, tmp_path, monkeypatch, mp4):
    dest = tmp_path / "unit2"
    r = CliRunner().invoke(cli, ["keys", "init", "--unit", "Polres B", "--root-from", str(keyenv), "--dir", str(dest)])
    assert r.exit_code == 0, r.output
    assert not (dest / "root-ca.key").exists()  # the office's root key is not copied to the unit
    _sign(mp4, dest)
    r = _verify(str(mp4), "--root", str(keyenv / "root-ca.pem"))
    assert r.exit_code == 0, r.output
    assert "TRUSTED — signed by Polres B" in r.output


# --- sign and verify --------------------------------------------------------------------------------

def test_sign_and_verify_trusted(keyenv, mp4, ffmpeg_bin):
    unsigned = sha(mp4)
    signed = _sign(mp4, keyenv)
    assert signed.unsigned_sha256 == unsigned and signed.sha256 == sha(mp4) != unsigned
    assert 1_000 < mp4.stat().st_size - signed.size + signed.manifest_bytes < 40_000
    r = _verify(str(mp4), "--root", str(keyenv / "root-ca.pem"), "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["status"] == "trusted"
    assert out["actions"] == ["c2pa.opened", "c2pa.edited", "c2pa.transcoded", "c2pa.published"]
    assert out["vidjourn"]["originals"] == [{"id": "c1", "sha256": "ab" * 32}]
    assert out["signer"]["common_name"] == "Polres Contoh"
    r = _verify(str(mp4), "--root", str(keyenv / "root-ca.pem"), lang="id")
    assert r.exit_code == 0 and "TEPERCAYA" in r.output and "bukan jaminan isinya benar" in r.output
    # still a faststart MP4 that plays: moov before mdat, the manifest in a uuid box before both
    from vidjourn.analysis.check import top_level_boxes

    boxes = top_level_boxes(mp4)
    assert boxes.index("moov") < boxes.index("mdat") and "uuid" in boxes
    probe = subprocess.run([ffmpeg_bin, "-v", "error", "-i", str(mp4), "-f", "null", "-"], capture_output=True)
    assert probe.returncode == 0 and probe.stderr == b""


def test_manifest_is_public_safe(keyenv, mp4):
    """No GPS, device or personal data in what is signed (the manifest is public)."""
    from vidjourn.provenance import manifest as mf

    _sign(mp4, keyenv)
    text = json.dumps(mf.manifest_json(mp4)).lower()
    for word in ("gps", "location", "xyz", "iso6709", "make", "model", "reporter", "latitude"):
        assert word not in text


def test_one_flipped_byte_is_changed(keyenv, mp4, tmp_path):
    _sign(mp4, keyenv)
    data = bytearray(mp4.read_bytes())
    data[len(data) * 3 // 4] ^= 0x01  # inside mdat: one bit of one picture
    bad = tmp_path / "flipped.mp4"
    bad.write_bytes(bytes(data))
    r = _verify(str(bad), "--root", str(keyenv / "root-ca.pem"))
    assert r.exit_code == 1
    assert "CHANGED AFTER SIGNING" in r.output and "bmffHash.mismatch" in r.output
    r = _verify(str(bad), "--root", str(keyenv / "root-ca.pem"), "--json")
    assert json.loads(r.output)["status"] == "changed"


def test_wrong_root_is_not_trusted(keyenv, mp4, other_root):
    _sign(mp4, keyenv)
    r = _verify(str(mp4), "--root", str(other_root))
    assert r.exit_code == 1
    assert "SIGNED, BUT NOT BY A TRUSTED ROOT" in r.output
    assert json.loads(_verify(str(mp4), "--root", str(other_root), "--json").output)["status"] == "untrusted"


def test_no_signature(keyenv, mp4):
    r = _verify(str(mp4), "--root", str(keyenv / "root-ca.pem"))
    assert r.exit_code == 1 and "NO SIGNATURE" in r.output


def test_remux_strips_the_signature_but_the_register_finds_it(keyenv, mp4, tmp_path, ffmpeg_bin):
    from vidjourn.provenance import service

    key = service.unlock(keyenv, SIGN_PASS)
    signed = _sign(mp4, keyenv)
    register = tmp_path / "register.jsonl"
    entry = service.register_entry(signed, publication={"id": "ABCD-EFGH", "platform": "reels", "story": "uji"},
                                   rel_path="out/reels/clip.mp4")
    service.add_to_register(register, [entry], key)
    remux = tmp_path / "remux.mp4"
    subprocess.run([ffmpeg_bin, "-v", "error", "-y", "-i", str(mp4), "-c", "copy", str(remux)], check=True)
    assert sha(remux) != sha(mp4)
    r = _verify(str(remux), "--root", str(keyenv / "root-ca.pem"), "--register", str(register))
    assert r.exit_code == 1
    assert "NO SIGNATURE" in r.output
    assert "register" in r.output and "trusted signature" in r.output
    assert "the very same pictures and sound (re-packaged) — ID ABCD-EFGH" in r.output
    # the signed file itself is found by its sha256
    r = _verify(str(mp4), "--root", str(keyenv / "root-ca.pem"), "--register", str(register), "--json")
    out = json.loads(r.output)
    assert out["status"] == "trusted" and out["matches"][0]["how"] == "file"
    # a re-encode is in no register
    enc = tmp_path / "reencoded.mp4"
    subprocess.run([ffmpeg_bin, "-v", "error", "-y", "-i", str(mp4), "-c:v", "libx264", "-preset", "ultrafast",
                    "-c:a", "copy", str(enc)], check=True)
    out = json.loads(_verify(str(enc), "--register", str(register), "--json").output)
    assert out["status"] == "none" and out["matches"] == []
    # ... except by the short ID a person reads off its end card
    r = _verify(str(enc), "--register", str(register), "--id", "abcd efgh", lang="id")
    assert r.exit_code == 1 and "ID ABCD-EFGH ada di register" in r.output and "uji, reels" in r.output


def test_a_tampered_register_is_reported(keyenv, mp4, tmp_path):
    from vidjourn.provenance import service

    key = service.unlock(keyenv, SIGN_PASS)
    signed = _sign(mp4, keyenv)
    register = tmp_path / "register.jsonl"
    service.add_to_register(register, [service.register_entry(signed, publication={"id": "ABCD-EFGH"},
                                                              rel_path="x.mp4", streams={})], key)
    root = (keyenv / "root-ca.pem").read_text()
    assert service.verify_register(register, root)["status"] == "trusted"
    register.write_text(register.read_text().replace("ABCD-EFGH", "HOAX-0000"))
    assert service.verify_register(register, root)["status"] == "changed"


def test_sidecar_for_an_original_leaves_it_untouched(keyenv, footage, tmp_path):
    from vidjourn.provenance import service

    key = service.unlock(keyenv, SIGN_PASS)
    asg = tmp_path / "asg"
    (asg / "raw").mkdir(parents=True)
    for name in ("bikes.mp4", "MVI_4823.AVI", "flower.webm"):
        src = footage(name)
        raw = asg / "raw" / name
        shutil.copy2(src, raw)
        raw.chmod(0o444)
        before = (sha(raw), raw.stat().st_mtime_ns)
        rec = {"id": raw.stem, "file": f"raw/{name}", "sha256": before[0], "size": raw.stat().st_size,
               "ingested_at": "2026-11-12T01:00:00+00:00"}
        side = service.make_sidecar(asg, rec, key)
        assert side == raw.with_suffix(".c2pa")
        assert (sha(raw), raw.stat().st_mtime_ns) == before
        r = _verify(str(raw), "--root", str(keyenv / "root-ca.pem"), "--json")
        out = json.loads(r.output)
        assert out["status"] == "trusted", (name, out)
        assert out["sidecar"] == str(side)
        assert out["vidjourn"]["sha256"] == before[0]
        bad = tmp_path / f"bad_{name}"
        data = bytearray(raw.read_bytes())
        data[len(data) // 2] ^= 1
        bad.write_bytes(bytes(data))
        shutil.copy2(side, bad.with_suffix(".c2pa"))
        assert json.loads(_verify(str(bad), "--root", str(keyenv / "root-ca.pem"), "--json").output)["status"] == "changed"


def test_short_id_is_stable_and_readable():
    from vidjourn.provenance import register as rg

    a = rg.short_id("Polres Contoh", "uji", "c1", "reels")
    assert a == rg.short_id("Polres Contoh", "uji", "c1", "reels")
    assert a != rg.short_id("Polres Contoh", "uji", "c1", "youtube")
    assert len(a) == 9 and a[4] == "-" and not set(a) & set("ILOU")
    assert rg.normalise_id(a.lower().replace("-", " ")) == a


def test_without_the_extra_the_message_says_how_to_install(monkeypatch, mp4):
    import sys

    from vidjourn.provenance import manifest as mf

    monkeypatch.setitem(sys.modules, "c2pa", None)
    with pytest.raises(ProvenanceError) as err:
        mf.inspect(mp4, trust_pem=None)
    assert 'pip install "vidjourn[sign]"' in err.value.message("en")
    r = _verify(str(mp4))
    assert r.exit_code == 1 and 'pip install "vidjourn[sign]"' in r.output and "Traceback" not in r.output


def test_end_card_fields_name_the_same_id_the_signature_records(tmp_path):
    from vidjourn.provenance import register as rg
    from vidjourn.graphics.draw import fill, story_fields
    from vidjourn.settings.presets import BrandPreset
    from vidjourn.stages.export.export import card_fields

    story = {"slug": "2026-11-12_apel", "unit": "Polres Contoh", "title": "Apel"}
    preset = BrandPreset(check_address="humas.polres-contoh.go.id/cek/{id}")
    fields = story_fields(card_fields(story, preset, "20261112_apel_001", "reels"))
    sid = rg.publication_id(story, "20261112_apel_001", "reels")
    assert fill("Cek: {check_address}", fields) == f"Cek: humas.polres-contoh.go.id/cek/{sid}"
    assert fill("{short_id}", fields) == sid
    assert fill("{short_id}", story_fields(card_fields(story, preset, "20261112_apel_001", "youtube"))) != sid
    # without a check address nothing is added to a card that does not ask for it
    assert fill("{check_address}", story_fields(card_fields(story, BrandPreset(), "c", "reels"))) == ""


def test_expired_signing_certificate_is_its_own_answer(tmp_path, mp4):
    """Offline signing has no trusted timestamp: once the certificate has expired, c2pa judges it at
    today's date. vidjourn says so (not "untrusted", not "changed") and refuses to sign with it (c2pa
    would refuse too: "the certificate was not valid at time of signing")."""
    import datetime as dt

    from vidjourn.provenance import keys as km
    from vidjourn.provenance import service

    d = tmp_path / "old"
    long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=365, seconds=-4)  # expires in ~4 s
    km.init_keys(d, unit="Polres Lama", office="Kantor", passphrase=SIGN_PASS, root_passphrase=ROOT_PASS,
                 years=1, now=long_ago)
    key = service.unlock(d, SIGN_PASS)
    service.sign_in_place(mp4, originals=[{"id": "c", "file": "raw/c.mp4", "sha256": "cd" * 32}],
                          publication={"story": "lama"}, key=key)
    assert json.loads(_verify(str(mp4), "--root", str(d / "root-ca.pem"), "--json").output)["status"] == "trusted"
    import time

    time.sleep(max(0.0, (long_ago + dt.timedelta(days=365) - dt.datetime.now(dt.timezone.utc)).total_seconds()) + 1)
    r = _verify(str(mp4), "--root", str(d / "root-ca.pem"))
    assert r.exit_code == 1 and "CERTIFICATE EXPIRED" in r.output, r.output
    with pytest.raises(ProvenanceError) as err:
        service.unlock(d, SIGN_PASS)
    assert err.value.key == "error.keys.expired"


def test_odd_files_get_an_answer_not_a_traceback(keyenv, mp4, tmp_path):
    _sign(mp4, keyenv)
    root = str(keyenv / "root-ca.pem")
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    text = tmp_path / "notes.txt"
    text.write_text("bukan video\n")
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(mp4.read_bytes()[:6000])  # the manifest's first part, then nothing
    for f, want in ((empty, "none"), (text, "none"), (cut, "changed")):
        r = _verify(str(f), "--root", root, "--json")
        assert r.exit_code == 1 and "Traceback" not in r.output
        assert json.loads(r.output)["status"] == want, (f.name, r.output)
    r = _verify(str(mp4), "--root", str(text))
    assert r.exit_code == 1 and "not a readable PEM root certificate" in r.output
    r = _verify(str(tmp_path / "missing.mp4"))
    assert r.exit_code == 1 and "no such file" in r.output


def test_doctor_reports_signing(keyenv):
    r = CliRunner().invoke(cli, ["doctor", "--json"])
    sg = json.loads(r.output)["signing"]
    assert sg["c2pa-python"].startswith("0.38.") and sg["cryptography"]
    assert sg["keys"]["unit"] == "Polres Contoh" and sg["keys"]["root_key_present"] is True


def test_unit_names_any_length_and_script(tmp_path, monkeypatch, mp4):
    """X.509 names hold 64 bytes of UTF-8: a long name with accents and dashes is cut, not a crash;
    an empty name is refused before any passphrase is asked for."""
    monkeypatch.setenv("VIDJOURN_KEY_PASSPHRASE", SIGN_PASS)
    monkeypatch.setenv("VIDJOURN_ROOT_PASSPHRASE", ROOT_PASS)
    d = tmp_path / "k"
    r = CliRunner().invoke(cli, ["keys", "init", "--unit", "   ", "--dir", str(d)])
    assert r.exit_code == 1 and "unit's name is empty" in r.output and not d.exists()
    long = "Satuan Ünïcode — Polres Kepulauan Seribu Bagian Hubungan Masyarakat " * 2
    r = CliRunner().invoke(cli, ["keys", "init", "--unit", long, "--dir", str(d)])
    assert r.exit_code == 0, r.output
    info = json.loads(CliRunner().invoke(cli, ["keys", "show", "--dir", str(d), "--json"]).output)
    assert info["unit"] == " ".join(long.split())
    assert "Root CA" in info["root_subject"]
    _sign(mp4, d)
    out = json.loads(_verify(str(mp4), "--root", str(d / "root-ca.pem"), "--json").output)
    assert out["status"] == "trusted" and out["signer"]["common_name"].startswith("Satuan Ünïcode —")
