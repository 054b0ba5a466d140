"""Trust under attack (issue 19, part A): each test tries one attack on what a signature promises, as a
user would (the real ``vidjourn`` command in a subprocess), and asserts the exact outcome — refused
with its message, nothing signed, nothing lost, no traceback.

Signing uses the real c2pa library (the ``sign`` extra is part of the test extra). One tiny assignment
is ingested, exported and signed once per session; each test works on a copy of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("c2pa", reason="the sign extra is part of the test extra")

PY = sys.executable
SIGN_PASS = "kata-sandi-satuan-19"
ROOT_PASS = "kata-sandi-kantor-19"
SLUG = "2026-11-12_uji"


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def vj(*args, cwd: Path, env: dict | None = None, timeout: float = 240, input: str | None = None):
    # VIDJOURN_PLACEHOLDER_LOGO: session fixtures run before conftest's autouse monkeypatch sets it
    full = {**os.environ, "VIDJOURN_LANG": "en", "NO_COLOR": "1", "COLUMNS": "200",
            "VIDJOURN_PLACEHOLDER_LOGO": "ok", **(env or {})}
    p = subprocess.run([PY, "-m", "vidjourn", *map(str, args)], cwd=cwd, env=full, capture_output=True,
                       timeout=timeout, input=input.encode() if input is not None else None)
    out = (p.stdout + p.stderr).decode("utf-8", "replace")
    assert "Traceback" not in out, out
    p.out = out  # type: ignore[attr-defined]
    return p


def tiny(ffmpeg: str, out: Path, *, tone: int = 440, d: float = 0.6) -> Path:
    subprocess.run([ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size=160x120:rate=25:duration={d}",
                    "-f", "lavfi", "-i", f"sine=frequency={tone}:duration={d}", "-c:v", "libx264", "-preset",
                    "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(out)], check=True)
    return out


@pytest.fixture(scope="session")
def keyring(tmp_path_factory) -> Path:
    from vidjourn.provenance import keys as km

    d = tmp_path_factory.mktemp("trust-keys") / "keys"
    km.init_keys(d, unit="Polres A", office="Polda A", passphrase=SIGN_PASS, root_passphrase=ROOT_PASS)
    return d


def key_env(keyring: Path) -> dict:
    return {"VIDJOURN_KEYS": str(keyring), "VIDJOURN_KEY_PASSPHRASE": SIGN_PASS}


RUN = ("run", "--to", "whatsapp", "--speed", "draft", "--encoder", "x264", "--steps", "export,sidecar,sign", "--sign")


@pytest.fixture(scope="session")
def signed_base(tmp_path_factory, keyring, ffmpeg_bin) -> Path:
    """An assignment with one clip, exported to WhatsApp and signed; the keys' register copied beside it."""
    parent = tmp_path_factory.mktemp("trust-base")
    clip = tiny(ffmpeg_bin, parent / "klip.mp4")
    vj("init", SLUG, "--in", parent, cwd=parent)
    asg = parent / SLUG
    assert vj("ingest", clip, "-p", asg, cwd=parent).returncode == 0
    r = vj(*RUN, "-p", asg, cwd=parent, env=key_env(keyring))
    assert r.returncode == 0, r.out
    return asg


@pytest.fixture
def signed(signed_base, keyring, tmp_path) -> tuple[Path, Path]:
    """(assignment, keys folder): private copies, so each attack starts from the same signed state."""
    asg = tmp_path / SLUG
    shutil.copytree(signed_base, asg, symlinks=True)
    keys = tmp_path / "keys"
    shutil.copytree(keyring, keys)
    return asg, keys


def registers(asg: Path, keys: Path) -> dict[str, str]:
    return {str(p): p.read_text(encoding="utf-8") for p in (asg / "register.jsonl", keys / "register.jsonl")}


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".vidjourn.lock"}


def verify_json(path: Path, keys: Path, *regs: Path) -> dict:
    args = ["verify", "--provenance", path, "--root", keys / "root-ca.pem", "--json"]
    for r in regs:
        args += ["--register", r]
    r = vj(*args, cwd=path.parent)
    return json.loads(r.stdout)


# --- 1. sign only what this run rendered -----------------------------------------------------------------

@pytest.mark.parametrize("where", ["relative", "absolute"])
def test_ledger_entry_outside_the_assignment_is_never_signed(where, signed, tmp_path):
    asg, keys = signed
    out = next((asg / "out" / "whatsapp").glob("*.mp4"))
    victim = tmp_path / "victim" / "v.mp4"
    victim.parent.mkdir()
    shutil.copy2(out, victim)  # a real MP4, someone else's
    before_victim = sha(victim)
    ledger = json.loads((asg / "ledger.json").read_text(encoding="utf-8"))
    export = next(e for e in ledger["outputs"].values() if e["stage"] == "export")
    value = "../victim/v.mp4" if where == "relative" else str(victim)
    st = victim.stat()
    ledger["outputs"]["out/whatsapp/evil.mp4"] = {**export, "output": value, "task": f"export:{SLUG}:evil",
                                                 "sha256": before_victim, "size": st.st_size,
                                                 "mtime_ns": st.st_mtime_ns}
    (asg / "ledger.json").write_text(json.dumps(ledger), encoding="utf-8")
    regs = registers(asg, keys)
    r = vj(*RUN, "--force", "-p", asg, cwd=tmp_path, env=key_env(keys))
    assert r.returncode == 1, r.out
    assert "ledger.json" in r.out and "outside the assignment folder" in r.out and repr(value) in r.out
    assert sha(victim) == before_victim and victim.stat().st_mtime_ns == st.st_mtime_ns  # untouched
    assert registers(asg, keys) == regs  # not registered
    assert verify_json(victim, keys)["status"] == "untrusted" or sha(victim) == sha(out)


def test_a_file_the_ledger_lists_but_this_run_did_not_render_is_not_signed(signed, tmp_path):
    """An entry inside out/ for a file put there by someone else (its sha256, size and mtime copied into
    the ledger): the run renders its own files and signs them; that file is refused, left as it is."""
    asg, keys = signed
    planted = asg / "out" / "whatsapp" / "planted.mp4"
    tiny(shutil.which("ffmpeg") or _ffmpeg(), planted, tone=880)
    before = sha(planted)
    ledger = json.loads((asg / "ledger.json").read_text(encoding="utf-8"))
    export = next(e for e in ledger["outputs"].values() if e["stage"] == "export")
    st = planted.stat()
    ledger["outputs"]["out/whatsapp/planted.mp4"] = {**export, "output": "out/whatsapp/planted.mp4",
                                                    "task": f"export:{SLUG}:planted", "sha256": before,
                                                    "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    (asg / "ledger.json").write_text(json.dumps(ledger), encoding="utf-8")
    regs = registers(asg, keys)
    r = vj(*RUN, "--force", "-p", asg, cwd=tmp_path, env=key_env(keys))
    # not one of this run's export tasks: not signed (a task that lists it and did not render it this
    # run is refused with "was not rendered by this run" — stages/sign/stage.signable)
    assert r.returncode == 0, r.out
    assert "planted" not in r.out
    assert sha(planted) == before
    assert verify_json(planted, keys)["status"] == "none"
    for text in registers(asg, keys).values():
        assert before not in text and "planted" not in text
    # the clip's own file was rendered and signed again: trusted, in both registers
    own = next(p for p in (asg / "out" / "whatsapp").glob("*.mp4") if p != planted)
    assert verify_json(own, keys)["status"] == "trusted"
    assert all(sha(own) in text for text in registers(asg, keys).values()) and registers(asg, keys) != regs


def _ffmpeg() -> str:
    from vidjourn.core.ffmpeg import ffmpeg_path

    return ffmpeg_path()


def test_a_swapped_original_is_not_exported_for_signing(signed, tmp_path, ffmpeg_bin):
    asg, keys = signed
    (raw,) = [p for p in (asg / "raw").iterdir() if p.suffix == ".mp4"]
    tiny(ffmpeg_bin, tmp_path / "other.mp4", tone=660)
    shutil.copy2(tmp_path / "other.mp4", raw)  # another valid file under the original's name
    outs = tree(asg / "out")
    regs = registers(asg, keys)
    r = vj(*RUN, "--force", "-p", asg, cwd=tmp_path, env=key_env(keys))
    assert r.returncode == 1, r.out
    assert f"raw/{raw.name} is not the original ingested" in r.out
    assert tree(asg / "out") == outs and registers(asg, keys) == regs  # nothing re-signed, nothing registered
    # the sidecar of the original is not re-made for the swapped file either
    assert "sidecar" not in r.out or "not the original ingested" in r.out


# --- 4. secrets stay in the process that signs --------------------------------------------------------------

def _spy_ffmpeg(tmp_path: Path, real: str) -> tuple[Path, Path]:
    """A VIDJOURN_FFMPEG that records its own environment and its parent's (the coordinator, a --jobs
    worker or a Dask worker: whoever started it), one file per process, then runs the real ffmpeg."""
    logs = tmp_path / "environs"
    logs.mkdir()
    spy = tmp_path / "ffmpeg-spy"
    spy.write_text("#!/bin/sh\n"
                   f"cp /proc/$$/environ '{logs}'/$$.self 2>/dev/null\n"
                   f"cp /proc/$PPID/environ '{logs}'/$$.parent-$PPID 2>/dev/null\n"
                   f"exec '{real}' \"$@\"\n", encoding="utf-8")
    spy.chmod(0o755)
    return spy, logs


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/<pid>/environ is Linux's")
@pytest.mark.parametrize("how", ["run", "jobs", "dask"])
def test_the_passphrase_is_in_no_child_environment(how, signed, tmp_path, ffmpeg_bin):
    if how == "dask":
        pytest.importorskip("distributed")
    asg, keys = signed
    spy, log = _spy_ffmpeg(tmp_path, ffmpeg_bin)
    env = {**key_env(keys), "VIDJOURN_FFMPEG": str(spy), "VIDJOURN_ROOT_PASSPHRASE": ROOT_PASS}
    if how == "run":
        r = vj(*RUN, "--force", "-p", asg, cwd=tmp_path, env=env)
    else:
        with open(asg / "vidjourn.yaml", "a", encoding="utf-8") as fh:
            fh.write("\nsign: true\n")
        job = tmp_path / "jobs.yaml"
        job.write_text("version: 1\ndefaults: {steps: [export, sidecar, sign], platforms: [whatsapp, square], "
                       f"speed: draft}}\nitems:\n  - {asg.name}\n", encoding="utf-8")
        flag = ["--jobs", "2"] if how == "jobs" else ["--dask-local", "1"]
        r = vj("batch", "run", job, *flag, "--force", cwd=tmp_path, env=env, timeout=400)
    assert r.returncode == 0, r.out
    selves = list(log.glob("*.self"))
    parents = list(log.glob("*.parent-*"))
    assert len(selves) >= 2 and parents  # ffmpeg ran (probe, export); its environment and its parent's kept
    if how != "run":  # ffmpeg was started by workers, not only by the coordinator
        assert len({p.name.split("-")[1] for p in parents}) >= 2
    for f in selves + parents:
        data = f.read_bytes()
        assert SIGN_PASS.encode() not in data and ROOT_PASS.encode() not in data, f
    for f in selves:  # the variables are gone from every child's environment
        assert b"PASSPHRASE" not in f.read_bytes(), f
    out = next((asg / "out" / "whatsapp").glob("*.mp4"))
    assert verify_json(out, keys)["status"] == "trusted"  # and the coordinator still signed


# --- 2. the register is append-only and verified ----------------------------------------------------------

HOAX = {"id": "HOAX-0001", "sha256": "0" * 64, "size": 1, "platform": "whatsapp", "story": "pernyataan-resmi",
        "unit": "Polres A", "clip": "x", "file": "out/whatsapp/hoax.mp4", "time": "2026-11-12T08:00:00+00:00"}


@pytest.mark.parametrize("which", ["assignment", "office"])
def test_a_forged_register_line_is_never_signed(which, signed, tmp_path):
    asg, keys = signed
    reg = (asg if which == "assignment" else keys) / "register.jsonl"
    with open(reg, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(HOAX) + "\n")
    out = next((asg / "out" / "whatsapp").glob("*.mp4"))
    assert verify_json(out, keys, reg)["registers"][0]["status"] == "changed"
    before, outs = registers(asg, keys), tree(asg / "out")
    side = sha(Path(str(reg) + ".c2pa"))
    r = vj(*RUN, "--force", "-p", asg, cwd=tmp_path, env=key_env(keys))
    assert r.returncode == 1, r.out
    assert f"{reg} does not match its signature" in r.out and "the run stops before signing anything" in r.out
    assert registers(asg, keys) == before and sha(Path(str(reg) + ".c2pa")) == side  # not re-signed
    assert tree(asg / "out") == outs  # nothing exported or signed
    res = verify_json(out, keys, reg)
    assert res["registers"][0]["status"] == "changed"
    assert all(m["register_status"] == "changed" for m in res["matches"])


def test_the_register_is_appended_to_its_bytes_kept(signed, tmp_path, ffmpeg_bin):
    asg, keys = signed
    reg = asg / "register.jsonl"
    old = reg.read_bytes()
    second = tiny(ffmpeg_bin, tmp_path / "kedua.mp4", tone=550)
    assert vj("ingest", second, "-p", asg, cwd=tmp_path).returncode == 0
    r = vj(*RUN, "-p", asg, cwd=tmp_path, env=key_env(keys))
    assert r.returncode == 0, r.out
    new = reg.read_bytes()
    assert new.startswith(old) and len(new.splitlines()) > len(old.splitlines())
    from vidjourn.provenance import service

    assert service.verify_register(reg, (keys / "root-ca.pem").read_text())["status"] == "trusted"


@pytest.mark.parametrize("line,says", [
    (b"[1, 2]", "line 2: (top): must be a mapping"),
    (b'{"id": "A", "sha256": "\xff\xfe"}', "line 2: not UTF-8 text"),
    (json.dumps({**HOAX, "streams": "abc"}).encode(), "line 2: streams: must be a mapping"),
    (b'{"sha256": "x"}', "line 2: id: required"),
])
def test_register_lines_are_typed(line, says, signed, tmp_path):
    asg, keys = signed
    reg = asg / "register.jsonl"
    with open(reg, "ab") as fh:
        fh.write(line + b"\n")
    out = next((asg / "out" / "whatsapp").glob("*.mp4"))
    r = vj("verify", "--provenance", out, "--root", keys / "root-ca.pem", "--register", reg, cwd=tmp_path)
    assert r.returncode == 0, r.out  # the file itself is trusted; the register is answered for
    assert "changed" in r.out.lower()
    res = verify_json(out, keys, reg)
    assert res["registers"][0]["status"] == "changed" and says in res["registers"][0]["reasons"][0]["explanation"]
    assert res["matches"] == []  # nothing from a register that does not verify is offered as a match
    r = vj(*RUN, "--force", "-p", asg, cwd=tmp_path, env=key_env(keys))
    assert r.returncode == 1 and "does not match its signature" in r.out, r.out


# --- 5. bounded reads: devices and FIFOs where a file belongs ------------------------------------------------

def _swap(path: Path, kind: str) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "zero":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(path)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="POSIX devices")
@pytest.mark.parametrize("kind", ["zero", "fifo"])
@pytest.mark.parametrize("name", ["ledger.json", "register.jsonl", "manifest.json"])
def test_devices_and_fifos_where_a_json_file_belongs(name, kind, signed, tmp_path):
    asg, keys = signed
    _swap(asg / name, kind)
    r = vj(*RUN, "--force", "-p", asg, cwd=tmp_path, env=key_env(keys), timeout=60)
    assert r.returncode in (1, 2), r.out
    assert f"{asg / name}: not a regular file" in r.out
    assert "Replace it with the file itself" in r.out


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="POSIX devices")
@pytest.mark.parametrize("kind", ["zero", "fifo"])
def test_verify_root_and_register_that_are_devices(kind, signed, tmp_path):
    asg, keys = signed
    out = next((asg / "out" / "whatsapp").glob("*.mp4"))
    root = tmp_path / "root.pem"
    _swap(root, kind)
    r = vj("verify", "--provenance", out, "--root", root, cwd=tmp_path, timeout=60)
    assert r.returncode == 1 and f"{root}: not a regular file" in r.out, r.out
    reg = tmp_path / "register.jsonl"
    _swap(reg, kind)
    r = vj("verify", "--provenance", out, "--root", keys / "root-ca.pem", "--register", reg, cwd=tmp_path,
           timeout=60)
    assert r.returncode == 1 and f"{reg}: not a regular file" in r.out, r.out


@pytest.mark.parametrize("bad,says", [
    ({"task": None}, ".task: required"), ({"output": 5}, ".output: must be text (got 5)"),
    ({"parts": [1, 2]}, ".parts: must be a mapping"), ({"clip": [1]}, ".clip: must be text (got [1])"),
])
def test_ledger_entries_are_typed(bad, says, signed, tmp_path):
    asg, keys = signed
    ledger = json.loads((asg / "ledger.json").read_text(encoding="utf-8"))
    slot, entry = next((k, e) for k, e in ledger["outputs"].items() if e["stage"] == "export")
    entry = {**entry, **bad}
    if bad.get("task", "") is None:
        del entry["task"]
    ledger["outputs"][slot] = entry
    (asg / "ledger.json").write_text(json.dumps(ledger), encoding="utf-8")
    before = tree(asg)
    r = vj(*RUN, "--force", "-p", asg, cwd=tmp_path, env=key_env(keys))
    assert r.returncode == 1, r.out
    assert f"{asg / 'ledger.json'}: the ledger (ledger.json) cannot be read" in r.out and says in r.out
    assert tree(asg) == before  # nothing half-done: nothing exported, signed or registered


# --- 6. non-UTF-8 passphrases ---------------------------------------------------------------------------------

def test_keys_init_with_a_passphrase_that_is_not_text(tmp_path):
    env = {**os.environ, "VIDJOURN_LANG": "en", "NO_COLOR": "1",
           "VIDJOURN_KEY_PASSPHRASE": b"kata\xffsandi-19".decode("utf-8", "surrogateescape"),
           "VIDJOURN_ROOT_PASSPHRASE": ROOT_PASS}
    p = subprocess.run([PY, "-m", "vidjourn", "keys", "init", "--unit", "Polres A", "--dir", str(tmp_path / "k")],
                       env=env, capture_output=True, timeout=60)
    out = (p.stdout + p.stderr).decode("utf-8", "replace")
    assert "Traceback" not in out and p.returncode == 1, out
    assert "The signing key's passphrase is not UTF-8 text" in out
    assert not (tmp_path / "k").exists()


# --- 3. nothing reaches the terminal raw --------------------------------------------------------------------

ESC_NAME = "Polres \x1b[1A\x1b[2K\x1b[32mTRUSTED\x1b[0m \u202e"


def test_escape_codes_in_a_certificate_name_are_shown_escaped(signed, tmp_path):
    """A unit name (the certificate's CN) holding terminal codes that would erase the verdict line and
    print a green TRUSTED: verify shows them escaped; the verdict stays on its own line."""
    from vidjourn.provenance import keys as km
    from vidjourn.provenance import service

    asg, _ = signed
    evil = tmp_path / "evil-keys"
    km.init_keys(evil, unit=ESC_NAME, office="Kantor \x1b]0;title\x07", passphrase=SIGN_PASS,
                 root_passphrase=ROOT_PASS)
    src = next((asg / "out" / "whatsapp").glob("*.mp4"))
    f = tmp_path / "copy.mp4"
    f.write_bytes(src.read_bytes())
    key = service.unlock(evil, SIGN_PASS)
    service.sign_in_place(f, originals=[{"id": "x\x1b[2J", "file": "raw/x.mp4", "sha256": "0" * 64}],
                          publication={"id": "ABCD-\x1b[31m", "story": "s\x9b2J", "unit": ESC_NAME,
                                       "platform": "whatsapp"}, key=key)
    with open(f, "r+b") as fh:  # one byte changed: the verdict to hide is "changed"
        fh.seek(f.stat().st_size * 3 // 4)
        b = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([b[0] ^ 1]))
    for lang in ("en", "id"):
        r = vj("verify", "--provenance", f, "--root", evil / "root-ca.pem", cwd=tmp_path,
               env={"VIDJOURN_LANG": lang})
        assert r.returncode == 1
        assert "\x1b" not in r.out and "\x9b" not in r.out and "\u202e" not in r.out and "\x07" not in r.out
    assert "berubah setelah ditandatangani" in r.out.lower()
    r = vj("verify", "--provenance", f, "--root", evil / "root-ca.pem", "--json", cwd=tmp_path)
    assert "\x1b" not in r.stdout.decode() and json.loads(r.stdout)["status"] == "changed"
    # unchanged, the names are still shown — escaped
    f.write_bytes(src.read_bytes())
    service.sign_in_place(f, originals=[{"id": "x\x1b[2J", "file": "raw/x.mp4", "sha256": "0" * 64}],
                          publication={"id": "ABCD-\x1b[31m", "story": "s", "unit": ESC_NAME,
                                       "platform": "whatsapp"}, key=key)
    r = vj("verify", "--provenance", f, "--root", evil / "root-ca.pem", cwd=tmp_path)
    assert r.returncode == 0 and "\x1b" not in r.out and "\\x1b[32mTRUSTED\\x1b[0m" in r.out, r.out


def test_escape_codes_in_the_manifest_are_shown_escaped(signed, tmp_path):
    asg, keys = signed
    data = json.loads((asg / "manifest.json").read_text(encoding="utf-8"))
    data["clips"].append({**data["clips"][0], "id": "jahat\x1b[2K", "file": "raw/x\x1b[1A\x1b[2K.mp4",
                          "sha256": "1" * 64})
    (asg / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    for cmd in (["verify", "-p", asg], list(RUN) + ["-p", asg]):
        r = vj(*cmd, cwd=tmp_path, env=key_env(keys))
        assert r.returncode == 1, r.out
        assert "\x1b" not in r.out, r.out
        assert "x\\x1b[1A\\x1b[2K.mp4" in r.out


# --- 5. a manifest read through its model ------------------------------------------------------------------

@pytest.mark.parametrize("clip,says", [
    ({"file": 5}, "clips[1].file: must be text (got 5)"), ({"file": "raw/a.mp4", "id": [1]}, "clips[1].id: must be text"),
    ({"file": "raw/a.mp4", "media": [1, 2]}, "clips[1].media: must be a mapping"),
    ({"id": "x"}, "clips[1].file: required"),
])
def test_manifest_records_are_typed(clip, says, signed, tmp_path):
    asg, keys = signed
    data = json.loads((asg / "manifest.json").read_text(encoding="utf-8"))
    data["clips"].append(clip)
    (asg / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    before = tree(asg)
    for cmd in (["verify", "-p", asg], list(RUN) + ["--force", "-p", asg], ["export", "--to", "whatsapp", "-p", asg]):
        r = vj(*cmd, cwd=tmp_path, env=key_env(keys))
        assert r.returncode == 1, r.out
        assert f"{asg / 'manifest.json'}: the manifest is damaged ({says}" in r.out, r.out
    assert tree(asg) == before


# --- 5/6. cards with a FIFO, a device link and a non-UTF-8 name ------------------------------------------------

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FIFOs, /dev/zero and byte names are POSIX")
def test_a_card_with_a_fifo_a_device_and_a_non_utf8_name(tmp_path, ffmpeg_bin):
    card = tmp_path / "card" / "DCIM"
    card.mkdir(parents=True)
    tiny(ffmpeg_bin, card / "good.mp4")
    os.mkfifo(card / "pipe.mp4")
    (card / "zero.mp4").symlink_to("/dev/zero")
    odd = os.fsencode(card) + b"/a\xffb.mp4"
    tiny(ffmpeg_bin, tmp_path / "odd.mp4", tone=300)
    with open(odd, "wb") as fh:
        fh.write((tmp_path / "odd.mp4").read_bytes())
    vj("init", SLUG, "--in", tmp_path, cwd=tmp_path)
    asg = tmp_path / SLUG
    r = vj("ingest", card.parent, "-p", asg, cwd=tmp_path, timeout=90)
    assert r.returncode == 1, r.out  # two files failed; the rest carried on
    assert f"{card / 'pipe.mp4'}: not a regular file" in r.out
    assert f"{card / 'zero.mp4'}: not a regular file" in r.out
    clips = json.loads((asg / "manifest.json").read_text(encoding="utf-8"))["clips"]
    assert len(clips) == 2  # the good clip and the one with a byte name, by content
    assert {c["sha256"] for c in clips} == {sha(card / "good.mp4"), sha(tmp_path / "odd.mp4")}
    assert any(c["source"].endswith("a\\xffb.mp4") for c in clips)
    raws = sorted(p.name for p in (asg / "raw").iterdir())
    assert len(raws) == 2 and all(n.isascii() for n in raws)  # no orphan copy, names of our own
    assert "a\\xffb.mp4" in r.out or "a\ufffdb.mp4" not in r.out
    assert vj("verify", "-p", asg, cwd=tmp_path).returncode == 0
    r = vj("ingest", card.parent, "-p", asg, "--json", cwd=tmp_path, timeout=90)  # again: same answer
    assert r.returncode == 1 and len(json.loads((asg / "manifest.json").read_text())["clips"]) == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_loose_export_of_a_fifo_or_device(kind, tmp_path):
    f = tmp_path / "clip.mp4"
    _swap(f, kind)
    r = vj("export", f, "--to", "whatsapp", cwd=tmp_path, timeout=60)
    # the file as named, or the device it links to (loose files are resolved first)
    assert r.returncode == 1 and (f"{f}: not a regular file" in r.out or "/dev/zero: not a regular file" in r.out)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.mp4"))


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="POSIX devices")
@pytest.mark.parametrize("kind", ["zero", "fifo"])
def test_a_job_file_that_is_a_device_or_fifo(kind, tmp_path):
    job = tmp_path / "jobs.yaml"
    _swap(job, kind)
    r = vj("batch", "run", job, cwd=tmp_path, timeout=60)
    assert r.returncode == 2, r.out
    assert "not a regular file" in r.out and "nothing was done" in r.out


def test_a_batch_summary_of_the_wrong_shape(tmp_path, signed):
    asg, _ = signed
    job = tmp_path / "jobs.yaml"
    job.write_text(f"version: 1\nitems:\n  - {asg.name}\n", encoding="utf-8")
    summary = tmp_path / "jobs.summary.json"  # beside the job file (JobFile.summary_path)
    summary.write_text(json.dumps({"items": [{"name": 5, "status": "failed"}]}), encoding="utf-8")
    r = vj("batch", "run", job, "--only-failed", cwd=tmp_path, timeout=60)
    assert r.returncode == 2 and str(summary) in r.out and "name: must be text" in r.out, r.out
