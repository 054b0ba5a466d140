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
    assert r.returncode == 1, r.out
    assert "out/whatsapp/planted.mp4 was not rendered by this run, so it is not signed" in r.out
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
