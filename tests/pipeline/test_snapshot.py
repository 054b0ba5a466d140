"""One snapshot per run (issue 18): one `vidjourn run` reads vidjourn.yaml, manifest.json and ledger.json
once each (it read them 49, 28 and 7 times: every contribute hook on every wave, a Ledger per call)."""

from __future__ import annotations

import json
import subprocess
import sys

from vidjourn.core.assignment import Assignment
from vidjourn.core.snapshot import read_once, snapshot, wrote
from vidjourn.core.story import init_assignment

# Counted by an audit hook on every open for reading, in a fresh interpreter (a hook cannot be removed).
SCRIPT = """
import collections, json, os, sys
counts = collections.Counter()
def hook(event, args):
    if event != "open":
        return
    path, mode, flags = args
    name = os.path.basename(str(path))
    if name not in ("vidjourn.yaml", "manifest.json", "ledger.json"):
        return
    if (mode is not None and any(c in mode for c in "wax+")) or (
            mode is None and flags is not None and flags & os.O_ACCMODE != os.O_RDONLY):
        return
    counts[name] += 1
sys.addaudithook(hook)
from vidjourn.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    counts["exit"] = exc.code or 0
print("COUNTS" + json.dumps(counts), file=sys.stderr)
"""


def _run(*args: str) -> dict[str, int]:
    proc = subprocess.run([sys.executable, "-c", SCRIPT, "run", *args, "--speed", "draft", "--json"],
                          capture_output=True, text=True, timeout=240)
    counts = json.loads(proc.stderr.rsplit("COUNTS", 1)[1])
    assert counts.pop("exit", 0) == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return counts


def test_one_run_of_two_clips_to_two_platforms_reads_each_file_once(clip_factory, tmp_path):
    a = clip_factory("snap_a.mp4", duration=1.0, size=(160, 120))
    b = clip_factory("snap_b.mp4", duration=1.0, size=(160, 120), audio_src="sine=frequency=330:duration=1")
    asg = init_assignment("2026-12-08_baca", tmp_path, title="Baca sekali")
    first = _run(str(a), str(b), "-p", str(asg.root), "--to", "whatsapp,youtube")
    # ingest writes the manifest and the runner the ledger: what this process wrote is not read back
    assert first.get("vidjourn.yaml") == 1 and first.get("manifest.json", 0) <= 1 and \
        first.get("ledger.json", 0) <= 1, first
    assert len(asg.clips()) == 2 and len(list((asg.root / "out").rglob("*.mp4"))) == 4
    again = _run("-p", str(asg.root), "--to", "whatsapp,youtube")  # every file there: all cached
    assert again == {"vidjourn.yaml": 1, "manifest.json": 1, "ledger.json": 1}, again


def test_a_snapshot_reads_again_a_file_that_changed_and_takes_what_it_wrote(tmp_path):
    asg = init_assignment("2026-12-08_ubah", tmp_path, title="Lama")
    reads = []

    def read():
        reads.append(1)
        return asg.story_file.read_text(encoding="utf-8")

    with snapshot():
        assert read_once(asg.story_file, read) == read_once(asg.story_file, read) and len(reads) == 1
        asg.story_file.write_text("title: Baru, lebih panjang\n", encoding="utf-8")  # size moved
        assert "Baru" in read_once(asg.story_file, read) and len(reads) == 2
        asg.write_manifest({"clips": []})
        wrote(asg.manifest_file, {"clips": [{"id": "x"}]})  # what this process says it wrote wins
        assert Assignment(asg.root).manifest() == {"clips": [{"id": "x"}]}
    assert Assignment(asg.root).manifest() == {"clips": []}  # outside a snapshot: the file itself
