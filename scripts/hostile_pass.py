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
        elif rc not in (0, 1, 2, 130):
            self.bad.append(f"EXIT {rc} {inp} | {cmd}\n{out[-600:]}")
        elif rc in (1, 2) and names and names not in out:
            self.bad.append(f"UNNAMED {inp} | {cmd} (no '{names}')\n{out[-600:]}")


def main() -> int:
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="hostile-"))
    work.mkdir(parents=True, exist_ok=True)
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

    took = time.monotonic() - t0
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
