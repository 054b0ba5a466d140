#!/usr/bin/env python3
"""A fresh hostile pass: every input of the bad-input corpus through every command that reads that
kind of input, as a user would run it (a subprocess). Counts the (input, command) pairs and reports
any Python traceback, any exit code outside 0/1/2/130, and any message that does not name the file.

    .venv/bin/python scripts/hostile_pass.py [WORKDIR]

The corpus is built by the same generators as tests/hostile/test_bad_input.py (tiny files). Not part of
`make test` (it runs ~200 commands); the test file asserts the details for each class.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "hostile"))

import test_bad_input as corpus  # noqa: E402  (the generators)

PY = sys.executable
MEM = 1500 * (1 << 20)


def run(args, cwd) -> tuple[int, str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEM, MEM))

    env = {**os.environ, "VIDJOURN_LANG": "en", "NO_COLOR": "1", "COLUMNS": "80"}
    p = subprocess.run([PY, "-m", "vidjourn", *map(str, args)], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=600, preexec_fn=limit)
    return p.returncode, p.stdout + p.stderr


class Tally:
    def __init__(self) -> None:
        self.pairs: list[tuple[str, str, int]] = []
        self.bad: list[str] = []

    def __call__(self, inp: str, cmd: str, rc: int, out: str, names: str | None = None) -> None:
        self.pairs.append((inp, cmd, rc))
        if "Traceback" in out:
            self.bad.append(f"TRACEBACK {inp} | {cmd}\n{out[-1500:]}")
        elif rc == -999:
            self.bad.append(f"HANG {inp} | {cmd}")
        elif rc not in (0, 1, 2, 3, 130):
            self.bad.append(f"EXIT {rc} {inp} | {cmd}\n{out[-600:]}")
        elif rc in (1, 2) and names and names not in out:
            self.bad.append(f"UNNAMED {inp} | {cmd} (no '{names}')\n{out[-600:]}")


# --- issue 19 part B surfaces: redact.yaml, caption files, --dask (trustB) -------------------------

def run_bounded(args, cwd, *, timeout: float = 120, env: dict | None = None) -> tuple[int, str]:
    """run() that reports a hang (exit code -999) instead of raising."""
    full = {**os.environ, "VIDJOURN_LANG": "en", "NO_COLOR": "1", "COLUMNS": "100",
            "VIDJOURN_PLACEHOLDER_LOGO": "ok", **(env or {})}
    try:
        p = subprocess.run([PY, "-m", "vidjourn", *map(str, args)], cwd=cwd, env=full, capture_output=True,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return -999, f"HANG: no answer within {timeout:g} s"
    return p.returncode, p.stdout + p.stderr


def _b_assignment(work: Path, ffbin: str, name: str) -> tuple[Path, str, str]:
    """A fresh assignment with one ingested 2 s clip: (root, clip id, sha256)."""
    parent = work / name
    shutil.rmtree(parent, ignore_errors=True)
    parent.mkdir(parents=True)
    card = parent / "card"
    card.mkdir()
    subprocess.run([ffbin, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2", "-c:v", "libx264",
                    "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                    str(card / "a.mp4")], check=True)
    run_bounded(["init", "2026-12-08_uji"], parent)
    root = parent / "2026-12-08_uji"
    run_bounded(["ingest", card, "-p", root], parent)
    story = root / "vidjourn.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace('brand: "humas"', 'brand: "none"'), encoding="utf-8")
    rec = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["clips"][0]
    return root, rec["id"], rec["sha256"]


REDACT_CASES = {
    "nan box": "regions: [{keyframes: [{t: 0.5, box: [.nan, .nan, .nan, .nan]}]}]",
    "inf time": "regions: [{keyframes: [{t: .inf, box: [0, 0, 50, 50]}]}]",
    "inf to": "regions: [{to: .inf, keyframes: [{t: 0, box: [0, 0, 50, 50]}]}]",
    "1e308 box": "regions: [{keyframes: [{t: 0.5, box: [1.0e+308, 0, 10, 10]}]}]",
    "huge size": "regions: [{keyframes: [{t: 0.5, box: [0, 0, 1.0e+308, 1.0e+308]}]}]",
    "outside box": "regions: [{keyframes: [{t: 0.5, box: [5000, 5000, 100, 100]}]}]",
    "after the end": "regions: [{keyframes: [{t: 99, box: [0, 0, 50, 50]}]}]",
    "between frames": "regions: [{from: 0.501, to: 0.502, keyframes: [{t: 0.5, box: [0, 0, 50, 50]}]}]",
    "nan blank": "blank: [{from: .nan, to: 1}]",
    "negative keep": "keep: [{box: [-5, 0, 10, 10]}]",
    "string box": "regions: [{keyframes: [{t: 0.5, box: 'face'}]}]",
    "deep list": "regions: " + "[" * 200 + "]" * 200,
}


def trustb_redact(work: Path, ffbin: str, tally: Tally) -> None:
    root, cid, sha = _b_assignment(work, ffbin, "b-redact")
    story = root / "vidjourn.yaml"
    story.write_text(story.read_text(encoding="utf-8") + "\nredact: {faces: off, mode: solid, required: true}\n",
                     encoding="utf-8")
    for case, body in REDACT_CASES.items():
        (root / "redact.yaml").write_text(f"{sha}:\n  {body}\n", encoding="utf-8")
        for cmd in (["redact", "review"], ["redact", "approve", cid, "--by", "Uji"],
                    ["export", "--to", "whatsapp", "--speed", "draft"], ["run", "--to", "whatsapp", "--speed", "draft"]):
            rc, out = run_bounded([*cmd, "-p", root], root)
            tally(f"redact.yaml {case}", " ".join(cmd[:2]), rc, out, names="redact.yaml" if rc else None)
            if rc == 0 and cmd[0] in ("redact", "export") and cmd[1] != "review":
                tally.bad.append(f"ACCEPTED redact.yaml {case} | {' '.join(cmd[:2])}\n{out[-400:]}")
        (root / "redact" / "approvals.json").unlink(missing_ok=True)
    for variant in ("redact: {faces: off}", "redact: {faces: on, every: [1]}", "redact: {mode: .nan}"):
        story.write_text(story.read_text(encoding="utf-8").rsplit("\nredact:", 1)[0] + f"\n{variant}\n",
                         encoding="utf-8")
        (root / "redact.yaml").unlink(missing_ok=True)
        rc, out = run_bounded(["--lang", "id", "redact", "review", "-p", root], root)
        tally(f"vidjourn.yaml {variant}", "redact review (id)", rc, out, names="vidjourn.yaml" if rc else None)
        if "Input should" in out or "valid " in out:
            tally.bad.append(f"ENGLISH in --lang id: {variant}\n{out[-400:]}")


CAPTION_CASES = {
    "1 MB cue": "1\n00:00:00,500 --> 00:00:01,500\n" + "kata " * 200_000 + "\n",
    "long cue": "1\n00:00:00,500 --> 00:00:01,500\n" + "kata " * 200 + "\n",
    "NUL": "1\n00:00:00,500 --> 00:00:01,500\nHalo\x00semua\n",
    "ESC": "1\n00:00:00,500 --> 00:00:01,500\nHalo \x1b[2J\x1b[32mTRUSTED\n",
    "99 hours": "1\n99:00:00,000 --> 99:00:02,000\nTerlambat\n",
    "end before start": "1\n00:00:02,000 --> 00:00:01,000\nMundur\n",
    "binary": "\x89PNG\r\n\x1a\n" + "\x00" * 64,
    "many cues": "".join(f"{i}\n00:00:00,{i % 900:03d} --> 00:00:01,{i % 900:03d}\nx\n\n" for i in range(1, 20_100)),
    "empty": "",
}


def trustb_captions(work: Path, ffbin: str, tally: Tally) -> None:
    root, cid, _ = _b_assignment(work, ffbin, "b-captions")
    story = root / "vidjourn.yaml"
    story.write_text(story.read_text(encoding="utf-8") + "\ncaptions: burn\n", encoding="utf-8")
    folder = root / "captions"
    folder.mkdir(exist_ok=True)
    for case, body in CAPTION_CASES.items():
        for f in folder.glob("*"):
            f.unlink()
        srt = folder / f"{cid}.id.srt"
        srt.write_bytes(body.encode("utf-8", "surrogateescape"))
        for cmd in (["captions", "approve", cid], ["export", "--to", "whatsapp", "--speed", "draft"],
                    ["shotlog", "--format", "json"]):
            rc, out = run_bounded([*cmd, "-p", root], root, timeout=180)
            tally(f"captions {case}", " ".join(cmd[:2]), rc, out, names=srt.name if rc else None)
            if "\x1b[" in out or "\x00" in out:
                tally.bad.append(f"RAW CONTROL on the terminal: captions {case} | {cmd[0]}")


def trustb_dask(work: Path, ffbin: str, tally: Tally) -> None:
    import socket
    import threading

    root, _, _ = _b_assignment(work, ffbin, "b-dask")
    job = root.parent / "jobs.yaml"
    job.write_text(f"version: 1\nitems: [{root.name}]\n", encoding="utf-8")

    def serve(greeting: bytes | None) -> socket.socket:
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(8)

        def loop() -> None:
            while True:
                try:
                    conn, _ = srv.accept()
                except OSError:
                    return
                if greeting:
                    try:
                        conn.sendall(greeting)
                    except OSError:
                        pass
                threading.Timer(20, conn.close).start()

        threading.Thread(target=loop, daemon=True).start()
        return srv

    servers = {"silent (HTTP-like)": serve(None), "SSH banner": serve(b"SSH-2.0-OpenSSH_9.2p1\r\n"),
               "0xff bytes": serve(b"\xff" * 64), "small length, junk": serve(b"\x10" + b"\x00" * 7 + b"junkjunk" * 2)}
    addrs = {k: f"tcp://127.0.0.1:{s.getsockname()[1]}" for k, s in servers.items()}
    addrs.update({"closed port": "tcp://127.0.0.1:9", "no port": "tcp://127.0.0.1", "empty": "",
                  "garbage": "::::", "tls scheme": "tls://127.0.0.1:9", "inproc": "inproc://x"})
    try:
        for case, addr in addrs.items():
            rc, out = run_bounded(["batch", "run", job, "--dask", addr], root.parent, timeout=90,
                                  env={"VIDJOURN_DASK_CONNECT_TIMEOUT": "3"})
            tally(f"--dask {case}", "batch run --dask", rc, out, names=None)
            if rc == 1 and "allocate" in out:
                tally.bad.append(f"ALLOCATE --dask {case}\n{out[-400:]}")
    finally:
        for s in servers.values():
            s.close()


TRUSTB = {"redact": trustb_redact, "captions": trustb_captions, "dask": trustb_dask}


# --- issue 19 part A surfaces: ledger, register, keys, job files, cards (trustA) -----------------------

A_PASS = "kata-sandi-satuan-19"
A_ROOT = "kata-sandi-kantor-19"
A_RUN = ["run", "--to", "whatsapp", "--speed", "draft", "--encoder", "x264", "--steps", "export,sidecar,sign",
         "--sign"]


def _swap(path: Path, kind: str) -> None:
    """Put a link to /dev/zero or a FIFO where a file belongs."""
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "zero":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(path)


def _a_signed(work: Path, ffbin: str, name: str) -> tuple[Path, Path, dict]:
    """A fresh assignment, its clip exported to WhatsApp and signed with fresh keys: (root, keys, env)."""
    root, _, _ = _b_assignment(work, ffbin, name)
    keys = root.parent / "keys"
    env = {"VIDJOURN_KEYS": str(keys), "VIDJOURN_KEY_PASSPHRASE": A_PASS, "VIDJOURN_ROOT_PASSPHRASE": A_ROOT}
    run_bounded(["keys", "init", "--unit", "Polres A", "--dir", keys], root.parent, env=env)
    rc, out = run_bounded([*A_RUN, "-p", root], root.parent, env=env)
    if rc != 0:
        raise SystemExit(f"trustA set-up failed: {out[-800:]}")
    return root, keys, env


def _copy(src: Path, work: Path, name: str) -> Path:
    d = work / name
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(src.parent, d, symlinks=True)
    return d / src.name


def trusta_ledger(work: Path, ffbin: str, tally: Tally) -> None:
    """ledger.json: paths leaving the assignment, wrong types, devices — through run (signed and not) and verify."""
    base, keys, env = _a_signed(work, ffbin, "a-ledger")
    entry = next(e for e in json.loads((base / "ledger.json").read_text(encoding="utf-8"))["outputs"].values()
                 if e["stage"] == "export")
    cases: dict[str, object] = {
        "escape ../": {**entry, "output": "../victim.mp4", "task": "export:x:evil"},
        "escape /abs": {**entry, "output": "/etc/passwd", "task": "export:x:evil"},
        "missing task": {k: v for k, v in entry.items() if k != "task"},
        "output 5": {**entry, "output": 5}, "parts list": {**entry, "parts": [1, 2]},
        "clip list": {**entry, "clip": [1]}, "zero": None, "fifo": None, "not json": None,
    }
    for name, value in cases.items():
        asg = _copy(base, work, f"a-ledger-{name.replace(' ', '_').replace('/', '_')}")
        f = asg / "ledger.json"
        if name in ("zero", "fifo"):
            _swap(f, name)
        elif name == "not json":
            f.write_bytes(b"\xff{")
        else:
            data = json.loads(f.read_text(encoding="utf-8"))
            data["outputs"]["out/whatsapp/evil.mp4"] = value
            f.write_text(json.dumps(data), encoding="utf-8")
        for cmd in ([*A_RUN, "--force"], ["run", "--to", "whatsapp", "--speed", "draft"], ["verify"]):
            rc, out = run_bounded([*cmd, "-p", asg], asg.parent, env=env)
            tally(f"ledger {name}", " ".join(cmd[:1] + (["--sign"] if "--sign" in cmd else [])), rc, out,
                  names="ledger.json" if rc in (1, 2) and cmd[0] == "run" else None)


def trusta_register(work: Path, ffbin: str, tally: Tally) -> None:
    """register.jsonl: forged and malformed lines, devices, a register gone but its signature left."""
    base, keys, env = _a_signed(work, ffbin, "a-register")
    hoax = json.dumps({"id": "HOAX-0001", "sha256": "0" * 64, "platform": "whatsapp", "story": "resmi"})
    cases = {"hoax line": hoax.encode(), "list line": b"[1, 2]", "non-utf8": b'{"id": "\xff"}',
             "streams abc": json.dumps({"id": "A", "sha256": "b", "streams": "abc"}).encode(),
             "zero": None, "fifo": None, "deleted": None}
    for name, line in cases.items():
        asg = _copy(base, work, f"a-register-{name.replace(' ', '_')}")
        reg = asg / "register.jsonl"
        if name in ("zero", "fifo"):
            _swap(reg, name)
        elif name == "deleted":
            reg.unlink()
        else:
            with open(reg, "ab") as fh:
                fh.write(line + b"\n")
        out_file = next((asg / "out" / "whatsapp").glob("*.mp4"))
        for cmd in ([*A_RUN, "--force", "-p", asg],
                    ["verify", "--provenance", out_file, "--root", keys / "root-ca.pem", "--register", reg]):
            rc, out = run_bounded(cmd, asg.parent, env=env)
            tally(f"register {name}", cmd[0], rc, out, names="register.jsonl" if rc in (1, 2) else None)


def trusta_keys(work: Path, ffbin: str, tally: Tally) -> None:
    """The key folder: devices, garbage certificates, unit.json of the wrong shape, a non-UTF-8 passphrase."""
    base, keys, env = _a_signed(work, ffbin, "a-keys")
    cases = {"signing.key zero": ("signing.key", "zero"), "signing.key fifo": ("signing.key", "fifo"),
             "root-ca.pem junk": ("root-ca.pem", b"-----BEGIN CERTIFICATE-----\njunk\n"),
             "signing.pem zero": ("signing.pem", "zero"), "unit.json list": ("unit.json", b"[1, 2]"),
             "unit.json fifo": ("unit.json", "fifo")}
    for name, (fname, what) in cases.items():
        asg = _copy(base, work, f"a-keys-{name.replace(' ', '_')}")
        kd = asg.parent / "keys"
        if what in ("zero", "fifo"):
            _swap(kd / fname, str(what))
        else:
            (kd / fname).write_bytes(what)  # type: ignore[arg-type]
        e = {**env, "VIDJOURN_KEYS": str(kd)}
        out_file = next((asg / "out" / "whatsapp").glob("*.mp4"))
        for cmd in (["keys", "show"], [*A_RUN, "--force", "-p", asg],
                    ["verify", "--provenance", out_file, "--root", kd / "root-ca.pem"]):
            rc, out = run_bounded(cmd, asg.parent, env=e)
            tally(f"keys {name}", " ".join(map(str, cmd[:2])) if cmd[0] == "keys" else cmd[0], rc, out,
                  names=fname if rc in (1, 2) and cmd[0] == "keys" else None)
    odd = b"kata\xffsandi-19".decode("utf-8", "surrogateescape")
    for which in ("VIDJOURN_KEY_PASSPHRASE", "VIDJOURN_ROOT_PASSPHRASE"):
        e = {**env, which: odd}
        d = work / f"a-keys-odd-{which}"
        shutil.rmtree(d, ignore_errors=True)
        rc, out = run_bounded(["keys", "init", "--unit", "Polres A", "--dir", d], work, env=e)
        tally(f"keys non-UTF-8 {which}", "keys init", rc, out, names="UTF-8" if rc else None)
    root = base.parent / "keys" / "root-ca.pem"
    for kind in ("zero", "fifo"):
        r = work / f"a-root-{kind}.pem"
        _swap(r, kind)
        rc, out = run_bounded(["verify", "--provenance", next((base / "out" / "whatsapp").glob("*.mp4")),
                               "--root", r], work, env=env)
        tally(f"--root {kind}", "verify", rc, out, names=r.name if rc else None)
    del root


def trusta_jobfiles(work: Path, ffbin: str, tally: Tally) -> None:
    """jobs.yaml and its summary: devices, FIFOs, paths out of the folder, a summary of the wrong shape."""
    base, _, env = _a_signed(work, ffbin, "a-jobs")
    d = base.parent
    cases = {"zero": "zero", "fifo": "fifo", "item ../": "version: 1\nitems:\n  - ../../etc\n",
             "item /abs": "version: 1\nitems:\n  - /etc\n", "list": "- 1\n- 2\n",
             "summary shape": f"version: 1\nitems:\n  - {base.name}\n"}
    for name, text in cases.items():
        job = d / f"jobs-{name.replace(' ', '_').replace('/', '_')}.yaml"
        if text in ("zero", "fifo"):
            _swap(job, text)
        else:
            job.write_text(text, encoding="utf-8")
        extra = []
        if name == "summary shape":
            job.with_name(f"{job.stem}.summary.json").write_text('{"items": [{"name": 5}]}', encoding="utf-8")
            extra = ["--only-failed"]
        for cmd in (["batch", "run", job, *extra], ["batch", "status", job]):
            rc, out = run_bounded(cmd, d, env=env)
            named = job.with_name(f"{job.stem}.summary.json").name if extra and cmd[1] == "run" else job.name
            tally(f"jobfile {name}", " ".join(map(str, cmd[:2])), rc, out,
                  names=None if name in ("zero",) or not rc else named)


def trusta_cards(work: Path, ffbin: str, tally: Tally) -> None:
    """A card with a FIFO, a /dev/zero link and a non-UTF-8 name beside a good clip; loose FIFO export."""
    root, _, _ = _b_assignment(work, ffbin, "a-card")
    card = root.parent / "card2" / "DCIM"
    card.mkdir(parents=True)
    shutil.copy2(root.parent / "card" / "a.mp4", card / "good.mp4")
    os.mkfifo(card / "pipe.mp4")
    (card / "zero.mp4").symlink_to("/dev/zero")
    subprocess.run([ffbin, "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=1",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(card / "other.mp4")],
                   check=True)
    os.rename(card / "other.mp4", os.fsencode(card) + b"/a\xffb.mp4")
    for n in (1, 2):  # the second time: the same answer, nothing new in raw/
        rc, out = run_bounded(["ingest", card.parent, "-p", root], root.parent)
        tally(f"card fifo+zero+non-UTF-8 (pass {n})", "ingest", rc, out, names="pipe.mp4" if rc else None)
    for kind in ("fifo", "zero"):
        f = work / f"a-loose-{kind}.mp4"
        _swap(f, kind)
        rc, out = run_bounded(["export", f, "--to", "whatsapp", "--speed", "draft"], work)
        tally(f"loose {kind}", "export", rc, out)
        rc, out = run_bounded(["probe", f], work)
        tally(f"loose {kind}", "probe", rc, out)


TRUSTA = {"ledger": trusta_ledger, "register": trusta_register, "keys": trusta_keys, "jobfiles": trusta_jobfiles,
          "cards": trusta_cards}


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--only=")]
    only = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--only=")), None)
    work = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    if only:  # e.g. --only=redact,captions,dask: those surfaces alone
        from vidjourn.core.ffmpeg import ffmpeg_path

        t0 = time.monotonic()
        tally = Tally()
        for name in only.split(","):
            {**TRUSTB, **TRUSTA}[name](work, ffmpeg_path(), tally)
        return report(tally, t0)
    from vidjourn.core.ffmpeg import ffmpeg_path

    ffbin = ffmpeg_path()
    t0 = time.monotonic()
    media_dir = work / "media"
    media_dir.mkdir(exist_ok=True)

    media = corpus.build_media(media_dir, ffbin)
    tally = Tally()

    # 1. every media file through every command that reads a media file
    for name, path in media.items():
        asg_parent = work / f"asg-{name}"
        shutil.rmtree(asg_parent, ignore_errors=True)
        asg_parent.mkdir()
        run(["init", "2026-11-12_uji", "-p", asg_parent], asg_parent)
        asg = asg_parent / "2026-11-12_uji"
        for cmd in (["probe", path], ["ingest", path, "-p", asg], ["verify", "-p", asg],
                    ["check", path, "--platform", "whatsapp"],
                    ["brand", path, "--no-cards", "--x264-preset", "ultrafast", "-o", asg_parent / "b.mp4"],
                    ["export", path, "--to", "whatsapp", "--speed", "fast"],
                    ["export", "--to", "whatsapp", "--speed", "fast", "-p", asg],
                    ["shotlog", "--format", "json", "-p", asg],
                    ["run", "--to", "whatsapp", "--speed", "fast", "-p", asg]):
            rc, out = run(cmd, asg_parent)
            tally(name, cmd[0], rc, out, names=None)

    # 2. hostile YAML in every YAML file, through every command that reads it
    base_parent = work / "yaml"
    shutil.rmtree(base_parent, ignore_errors=True)
    base_parent.mkdir()
    run(["init", "2026-11-12_uji", "-p", base_parent], base_parent)
    base = base_parent / "2026-11-12_uji"
    run(["ingest", media["good"], "-p", base], base_parent)
    yamls = {"bomb": corpus.BOMB, "recursive": "a: &a [*a]\n", "invalid": "a: [\n", "list": "- 1\n- 2\n",
             "binary": "\x00\x01\x02", "huge": "x: " + "y" * (3 << 20) + "\n", "wrong_types": "brand: 7\nplatforms: 5\n"}
    raw = next((base / "raw").glob("*.mp4"))
    readers = {
        "vidjourn.yaml": [["shotlog", "--format", "json"], ["export", "--to", "whatsapp", "--speed", "fast"],
                          ["ingest", media["mono"]], ["brand", raw, "--no-cards", "--x264-preset", "ultrafast"],
                          ["run", "--to", "whatsapp", "--speed", "fast"], ["presets", "list"]],
        "presets/brand/x.yaml": [["presets", "list"], ["presets", "validate"], ["presets", "show", "x"],
                                 ["brand", raw, "--preset", "x", "--no-cards"],
                                 ["export", "--to", "whatsapp", "--preset", "x"]],
        "presets/platforms/x.yaml": [["export", "--to", "x"], ["check", raw, "--platform", "x"]],
        "shotlog/notes.yaml": [["shotlog", "--format", "json"]],
    }
    for rel, cmds in readers.items():
        for kind, text in yamls.items():
            if kind == "wrong_types" and rel != "vidjourn.yaml":
                continue
            d = work / f"y-{rel.replace('/', '_')}-{kind}"
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(base_parent, d, symlinks=True)
            asg = d / "2026-11-12_uji"
            f = asg / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            if rel == "vidjourn.yaml" and kind == "wrong_types":
                f.write_text(f.read_text(encoding="utf-8").replace("brand:", "#brand:").replace(
                    "platforms:", "#platforms:") + text, encoding="utf-8")
            else:
                f.write_bytes(text.encode("utf-8"))
            for cmd in cmds:
                cmd = [str(c).replace(str(base), str(asg)) for c in cmd]
                rc, out = run([*cmd, "-p", asg], d)
                tally(f"{rel} {kind}", cmd[0] + (" " + cmd[1] if cmd[0] == "presets" else ""), rc, out,
                      names=Path(rel).name if rc else None)

    # 3. traversal in the manifest through every command that reads it
    for bad in corpus.TRAVERSALS:
        d = work / f"trav-{abs(hash(bad))}"
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(base_parent, d, symlinks=True)
        asg = d / "2026-11-12_uji"
        data = json.loads((asg / "manifest.json").read_text(encoding="utf-8"))
        data["clips"].append(dict(data["clips"][0], file=bad, id="jahat", sha256="0" * 64))
        (asg / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
        for cmd in (["verify"], ["export", "--to", "whatsapp", "--speed", "fast"], ["shotlog", "--format", "json"],
                    ["run", "--to", "whatsapp", "--speed", "fast"]):
            rc, out = run([*cmd, "-p", asg], d)
            tally(f"manifest {bad}", cmd[0], rc, out, names=bad if rc else None)

    for fn in TRUSTB.values():
        fn(work, ffbin, tally)
    for fn in TRUSTA.values():
        fn(work, ffbin, tally)
    return report(tally, t0)


def report(tally: Tally, t0: float) -> int:
    hangs = sum(1 for *_, rc in tally.pairs if rc == -999)
    took = time.monotonic() - t0
    print(f"{hangs} hangs; " if hangs else "", end="")
    print(f"{len(tally.pairs)} (input, command) pairs, {len(tally.bad)} problems, {took:.0f} s, "
          f"load {os.getloadavg()[0]:.1f}")
    by_rc: dict[int, int] = {}
    for _, _, rc in tally.pairs:
        by_rc[rc] = by_rc.get(rc, 0) + 1
    print("exit codes:", dict(sorted(by_rc.items())))
    for b in tally.bad:
        print("-" * 60)
        print(b)
    return 1 if tally.bad else 0


if __name__ == "__main__":
    sys.exit(main())
