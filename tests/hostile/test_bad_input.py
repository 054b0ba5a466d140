"""The bad-input corpus: every hostile or broken input gets a clear answer.

Each case is generated here (tiny files, made by ffmpeg or by hand), run through the real
``vidjourn`` command as a user would run it (a subprocess), and asserted on:

* no Python traceback on stdout or stderr;
* the exit code (1 = an item failed, 2 = usage, 130 = cancelled);
* a message that names the file and says what to do;
* nothing half-written (no ``.part-`` temp files, a manifest that parses, no output for a refused clip);
* originals bit-identical (sha256 before and after);
* memory bounded: the YAML bombs run under RLIMIT_AS and must end in a clean error.

Permission cases drop CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH from the child (tests run as root here;
root ignores file modes otherwise). The full-disk cases mount a small tmpfs when the test may
(root, Linux); they skip with the reason otherwise.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# The hostile corpus is the slow part of the suite (about half the workers' time): its own CI step
# (`make test` runs it after the default suite; `-m slow` alone).
pytestmark = pytest.mark.slow

PY = sys.executable
MiB = 1 << 20

# --- running vidjourn as a user would -----------------------------------------------------------------


def _drop_dac() -> None:
    """In the child: give up root's right to ignore file modes (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP: gone from the bounding set, so from exec too


def vj(*args, cwd: Path, mem_mb: int | None = None, perms: bool = False, timeout: float = 180,
       env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``vidjourn ARGS`` and assert no traceback reached the user. ``perms``: file modes apply."""

    def pre() -> None:
        if mem_mb:
            resource.setrlimit(resource.RLIMIT_AS, (mem_mb * MiB, mem_mb * MiB))
        if perms:
            _drop_dac()

    full_env = {**os.environ, "VIDJOURN_LANG": "en", "NO_COLOR": "1", "COLUMNS": "80", **(env or {})}
    p = subprocess.run([PY, "-m", "vidjourn", *map(str, args)], cwd=cwd, env=full_env, capture_output=True,
                       text=True, timeout=timeout, preexec_fn=pre if (mem_mb or perms) else None)
    both = p.stdout + p.stderr
    assert "Traceback" not in both, both
    assert "Error:" not in both.replace("Error: ", "Error:") or True
    p.out = both  # type: ignore[attr-defined]
    return p


def is_root_linux() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0


needs_root = pytest.mark.skipif(not is_root_linux(), reason="needs root on Linux (capabilities, tmpfs)")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): sha(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and os.access(p, os.R_OK)}


def no_partials(root: Path) -> None:
    left = [p for p in root.rglob("*") if ".part-" in p.name or p.name.endswith(".tmp")]
    assert not left, left


def manifest_ok(asg: Path) -> list[dict]:
    data = json.loads((asg / "manifest.json").read_text(encoding="utf-8"))
    return data["clips"]


# --- the media corpus (made once per session) ---------------------------------------------------------


def ff(ffmpeg: str, *args: str) -> None:
    subprocess.run([ffmpeg, "-hide_banner", "-nostdin", "-y", "-v", "error", *args], check=True)


def _clip(ffmpeg: str, out: Path, *, d: float = 1.0, size: str = "160x120", audio: str | None = "sine",
          layout: str = "stereo", faststart: bool = True, rate: int = 25) -> Path:
    args = ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}:duration={d}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={d},"
                 f"aformat=channel_layouts={layout}"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        args += ["-c:a", "aac", "-b:a", "96k", "-shortest"]
    if faststart:
        args += ["-movflags", "+faststart"]
    ff(ffmpeg, *args, str(out))
    return out


@pytest.fixture(scope="session")
def media(tmp_path_factory, ffmpeg_bin) -> dict[str, Path]:
    """name -> a small broken or odd media file."""
    return build_media(tmp_path_factory.mktemp("bad-media"), ffmpeg_bin)


def build_media(root: Path, ffmpeg_bin: str) -> dict[str, Path]:
    """The media corpus in ``root`` (also used by scripts/hostile_pass.py)."""
    m: dict[str, Path] = {}
    m["good"] = _clip(ffmpeg_bin, root / "good.mp4")
    full = _clip(ffmpeg_bin, root / "full3s.mp4", d=3)
    m["zero"] = root / "zero.mp4"
    m["zero"].write_bytes(b"")
    m["text"] = root / "surat.mp4"
    m["text"].write_text("Ini bukan video.\n" * 50, encoding="utf-8")
    data = full.read_bytes()
    m["truncated"] = root / "truncated.mp4"  # moov first (faststart), cut at 60 %
    m["truncated"].write_bytes(data[: len(data) * 6 // 10])
    tail = _clip(ffmpeg_bin, root / "moovend.mp4", d=3, faststart=False)
    m["moov_cut"] = root / "moov_cut.mp4"  # moov at the end, file cut before it
    m["moov_cut"].write_bytes(tail.read_bytes()[: tail.stat().st_size * 6 // 10])
    m["audio_only"] = root / "suara.mp4"
    ff(ffmpeg_bin, "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", str(m["audio_only"]))
    m["still"] = root / "foto.mp4"
    ff(ffmpeg_bin, "-f", "lavfi", "-i", "testsrc2=size=160x120", "-frames:v", "1", "-f", "image2",
       "-c:v", "png", str(m["still"]))
    m["one_frame"] = root / "satu_frame.mp4"
    ff(ffmpeg_bin, "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-frames:v", "1",
       "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(m["one_frame"]))
    m["short"] = _clip(ffmpeg_bin, root / "pendek.mp4", d=0.2)
    m["no_audio"] = _clip(ffmpeg_bin, root / "bisu.mp4", audio=None)
    m["six_ch"] = _clip(ffmpeg_bin, root / "enam_kanal.mp4", d=2, layout="5.1")
    m["mono"] = _clip(ffmpeg_bin, root / "mono.mp4", d=2, layout="mono")
    m["data_only"] = root / "data.mkv"  # a container with only a subtitle (data) stream
    (root / "t.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nhalo\n", encoding="utf-8")
    ff(ffmpeg_bin, "-i", str(root / "t.srt"), "-c:s", "srt", str(m["data_only"]))
    m["huge"] = root / "besar.mp4"
    ff(ffmpeg_bin, "-f", "lavfi", "-i", "color=c=gray:size=8000x8000:rate=1:duration=1", "-frames:v", "1",
       "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(m["huge"]))
    return m


@pytest.fixture(scope="session")
def base_assignment(tmp_path_factory, media) -> Path:
    """An assignment with the good clip ingested (copied per test)."""
    parent = tmp_path_factory.mktemp("asg")
    vj("init", "2026-11-12_uji", "--in", parent, cwd=parent)
    root = parent / "2026-11-12_uji"
    card = parent / "card"
    card.mkdir()
    shutil.copy2(media["good"], card / "good.mp4")
    p = vj("ingest", card, "-p", root, cwd=parent)
    assert p.returncode == 0, p.out
    return root


@pytest.fixture
def asg(base_assignment, tmp_path) -> Path:
    dst = tmp_path / base_assignment.name
    shutil.copytree(base_assignment, dst, symlinks=True)
    for p in dst.rglob("*"):  # raw/ is read-only; the copy keeps that
        pass
    return dst


COUNTER: list[tuple[str, str]] = []  # (input, command) pairs tried, printed at the end


def tried(inp: str, cmd: str) -> None:
    COUNTER.append((inp, cmd))



# --- 1. media files: ingest and probe ---------------------------------------------------------------

# name -> (ingest exit code, words the message must hold, ingested into raw/?)
MEDIA_CASES = {
    "zero": (1, ["zero.mp4", "empty", "copy it again"], False),
    "text": (1, ["surat.mp4", "not a readable video", "copy it again"], False),
    "truncated": (1, ["truncated.mp4", "damaged", "copy it again"], True),
    "moov_cut": (1, ["moov_cut.mp4", "copy it again"], False),
    "audio_only": (1, ["suara.mp4", "no video stream"], False),
    "still": (1, ["foto.mp4", "still image"], False),
    "data_only": (1, ["data.mkv", "copy it again"], False),
    "one_frame": (0, ["satu_frame.mp4"], True),
    "short": (0, ["pendek.mp4"], True),
    "no_audio": (0, ["bisu.mp4"], True),
    "six_ch": (0, ["enam_kanal.mp4"], True),
    "mono": (0, ["mono.mp4"], True),
    "huge": (0, ["besar.mp4"], True),
}


@pytest.mark.parametrize("name", sorted(MEDIA_CASES))
def test_media_ingest_and_probe(name, media, asg, tmp_path):
    rc, words, ingested = MEDIA_CASES[name]
    src = tmp_path / "card" / media[name].name
    src.parent.mkdir()
    shutil.copy2(media[name], src)
    before = sha(src)
    p = vj("ingest", src, "-p", asg, cwd=tmp_path)
    tried(name, "ingest")
    assert p.returncode == rc, p.out
    for w in words:
        assert w.lower() in p.out.lower(), (w, p.out)
    clips = manifest_ok(asg)
    found = [c for c in clips if c["source"].endswith(src.name)]
    assert bool(found) == ingested, clips
    if name == "truncated":
        assert found[0].get("damaged"), found[0]
    assert sha(src) == before
    no_partials(asg)
    q = vj("probe", src, cwd=tmp_path)
    tried(name, "probe")
    assert q.returncode in (0, 1), q.out  # probe describes any media (audio, stills) as it is
    if q.returncode:
        assert src.name in q.out


@pytest.fixture(scope="session")
def odd_assignment(tmp_path_factory, media, ffmpeg_bin) -> Path:
    """Odd-but-valid clips ingested together (1 frame, 0.2 s, no audio, 5.1, mono, 8000x8000, damaged)."""
    parent = tmp_path_factory.mktemp("odd")
    vj("init", "2026-11-12_ganjil", "--in", parent, cwd=parent)
    root = parent / "2026-11-12_ganjil"
    card = parent / "card"
    card.mkdir()
    for name in ("one_frame", "short", "no_audio", "mono", "huge", "truncated"):
        shutil.copy2(media[name], card / media[name].name)
    # 5.1 with a loud signal in every channel (a downmix sums them: the case that came out -11 LUFS)
    ff(ffmpeg_bin, "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=2", "-f", "lavfi",
       "-i", "sine=frequency=440:sample_rate=48000:duration=2,pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0",
       "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
       str(card / "enam_kanal.mp4"))
    p = vj("ingest", card, "-p", root, cwd=parent)
    assert p.returncode == 1, p.out  # the damaged one is reported
    assert len(manifest_ok(root)) == 7, p.out
    return root


def test_odd_media_export_passes_own_check(odd_assignment, tmp_path):
    root = odd_assignment
    p = vj("export", "--to", "whatsapp", "--speed", "fast", "-p", root, cwd=tmp_path, mem_mb=3000)
    tried("odd media x7", "export")
    assert p.returncode in (0, 1), p.out
    outs = sorted((root / "out" / "whatsapp").glob("*.mp4"))
    assert len(outs) == 7, p.out
    for out in outs:
        c = vj("check", out, "--platform", "whatsapp", cwd=tmp_path)
        tried(out.name, "check")
        assert c.returncode == 0, c.out
    assert "damaged" in p.out  # the truncated original is named again at export
    no_partials(root)
    # a second run is a calm skip, not a failure
    again = vj("export", "--to", "whatsapp", "--speed", "fast", "-p", root, cwd=tmp_path)
    tried("odd media x7 (again)", "export")
    assert again.returncode == 0, again.out
    assert "✗" not in again.out and "unchanged" in again.out, again.out


def test_odd_media_shotlog(odd_assignment, tmp_path):
    root = odd_assignment
    p = vj("shotlog", "--format", "json,md", "-p", root, cwd=tmp_path, mem_mb=3000)
    tried("odd media x7", "shotlog")
    assert p.returncode in (0, 1), p.out
    data = json.loads((root / "shotlog" / "shotlog.json").read_text(encoding="utf-8"))
    assert len(data["clips"]) >= 6
    no_partials(root)


# --- 2. names, links, permissions ---------------------------------------------------------------------

ODD_NAMES = ["klip dengan spasi.mp4", "Liputan 🚓 Polres Ñusa.mp4", "-mulai-dengan-strip.mp4",
             "baris\nbaru.mp4", "[kurung] {kurawal} 'kutip'.mp4"]


def test_odd_names(media, asg, tmp_path):
    card = tmp_path / "card"
    card.mkdir()
    for n in ODD_NAMES:
        shutil.copy2(media["good"], card / n)
        # distinct bytes (a duplicate would be skipped): append a harmless trailing free box
        with open(card / n, "ab") as fh:
            fh.write(b"\x00\x00\x00\x10free" + n.encode()[:8].ljust(8, b"_"))
    before = tree_hashes(card)
    p = vj("ingest", card, "-p", asg, cwd=tmp_path)
    tried("odd names x5", "ingest")
    assert p.returncode == 0, p.out
    assert len(manifest_ok(asg)) == 1 + len(ODD_NAMES)
    q = vj("probe", "./" + ODD_NAMES[2], cwd=card)
    tried("leading dash", "probe")
    assert q.returncode == 0, q.out
    v = vj("verify", "-p", asg, cwd=tmp_path)
    tried("odd names x5", "verify")
    assert v.returncode == 0, v.out
    assert tree_hashes(card) == before


def test_symlink_loop_and_dangling_link(media, asg, tmp_path):
    card = tmp_path / "card"
    card.mkdir()
    shutil.copy2(media["short"], card / "bagus.mp4")
    (card / "loop_b.mp4").symlink_to(card / "loop_a.mp4")
    (card / "loop_a.mp4").symlink_to(card / "loop_b.mp4")
    (card / "hilang.mp4").symlink_to(card / "tidak-ada.mp4")
    (card / "DCIM").mkdir()
    (card / "DCIM" / "self").symlink_to(card / "DCIM")  # a folder loop
    p = vj("ingest", card, "-p", asg, cwd=tmp_path)
    tried("symlink loop, dangling link, folder loop", "ingest")
    assert p.returncode == 1, p.out
    assert "loop_a.mp4" in p.out and "hilang.mp4" in p.out, p.out
    assert "link" in p.out.lower()
    assert any(c["source"].endswith("bagus.mp4") for c in manifest_ok(asg)), p.out
    for name in ("loop_a.mp4", "hilang.mp4"):
        q = vj("probe", card / name, cwd=tmp_path)
        tried(name, "probe")
        assert q.returncode == 1 and name in q.out, q.out


@needs_root
def test_unreadable_folder_and_file(media, asg, tmp_path):
    card = tmp_path / "card"
    (card / "kunci").mkdir(parents=True)
    shutil.copy2(media["good"], card / "kunci" / "a.mp4")
    shutil.copy2(media["one_frame"], card / "rahasia.mp4")
    shutil.copy2(media["short"], card / "bagus.mp4")
    (card / "kunci").chmod(0)
    (card / "rahasia.mp4").chmod(0)
    try:
        p = vj("ingest", card, "-p", asg, cwd=tmp_path, perms=True)
        tried("unreadable folder+file in a card", "ingest")
        assert p.returncode == 1, p.out
        assert "permission denied" in p.out.lower(), p.out
        assert "kunci" in p.out and "rahasia.mp4" in p.out, p.out
        assert any(c["source"].endswith("bagus.mp4") for c in manifest_ok(asg))
        only = vj("ingest", card / "kunci", "-p", asg, cwd=tmp_path, perms=True)
        tried("unreadable folder alone", "ingest")
        assert only.returncode == 1 and "permission denied" in only.out.lower(), only.out
        assert "no video files" not in only.out.lower()
        q = vj("probe", card / "rahasia.mp4", cwd=tmp_path, perms=True)
        tried("unreadable file", "probe")
        assert q.returncode == 1 and "permission denied" in q.out.lower(), q.out
    finally:
        (card / "kunci").chmod(0o755)
        (card / "rahasia.mp4").chmod(0o644)
    no_partials(asg)


@needs_root
def test_unreadable_original_in_raw(asg, tmp_path):
    raw = next((asg / "raw").glob("*.mp4"))
    raw.chmod(0)
    try:
        for cmd in (["verify"], ["export", "--to", "whatsapp", "--speed", "fast"], ["shotlog", "--format", "json"]):
            p = vj(*cmd, "-p", asg, cwd=tmp_path, perms=True)
            tried("unreadable raw/ file", cmd[0])
            assert p.returncode == 1, p.out
            assert raw.name in p.out and "permission denied" in p.out.lower(), p.out
    finally:
        raw.chmod(0o444)
    assert not list((asg / "out").rglob("*.mp4"))
    no_partials(asg)


@needs_root
@pytest.mark.parametrize("folder", ["out", "shotlog", "raw"])
def test_read_only_output_folder(folder, media, asg, tmp_path):
    d = asg / folder
    d.mkdir(exist_ok=True)
    if folder == "out":
        (d / "whatsapp").mkdir(exist_ok=True)
    cmd = {"out": ["export", "--to", "whatsapp", "--speed", "fast"], "shotlog": ["shotlog", "--format", "json"],
           "raw": ["ingest", media["short"]]}[folder]
    for sub in [d, *d.iterdir()]:
        if sub.is_dir():
            sub.chmod(0o555)
    try:
        p = vj(*cmd, "-p", asg, cwd=tmp_path, perms=True)
        tried(f"read-only {folder}/", cmd[0])
        assert p.returncode == 1, p.out
        assert "permission denied" in p.out.lower(), p.out
        assert folder in p.out, p.out
        assert "ffmpeg's last words" not in p.out
    finally:
        for sub in [d, *d.iterdir()]:
            if sub.is_dir():
                sub.chmod(0o755)
    manifest_ok(asg)
    no_partials(asg)


@pytest.mark.parametrize("folder", ["out", "shotlog", "work"])
def test_output_folder_is_a_file(folder, asg, tmp_path):
    d = asg / folder
    shutil.rmtree(d, ignore_errors=True)
    d.write_text("bukan folder\n", encoding="utf-8")
    cmd = {"out": ["export", "--to", "whatsapp", "--speed", "fast"], "shotlog": ["shotlog", "--format", "json"],
           "work": ["shotlog", "--format", "json"]}[folder]
    p = vj(*cmd, "-p", asg, cwd=tmp_path)
    tried(f"{folder} is a file", cmd[0])
    assert p.returncode == 1, p.out
    assert folder in p.out and "not a folder" in p.out.lower(), p.out
    assert d.read_text(encoding="utf-8") == "bukan folder\n"


def test_missing_output_folders_are_made(asg, tmp_path):
    for sub in ("out", "shotlog", "work"):
        shutil.rmtree(asg / sub, ignore_errors=True)
    p = vj("export", "--to", "whatsapp", "--speed", "fast", "-p", asg, cwd=tmp_path)
    tried("missing out/ work/", "export")
    assert p.returncode == 0, p.out
    s = vj("shotlog", "--format", "json", "-p", asg, cwd=tmp_path)
    tried("missing shotlog/", "shotlog")
    assert s.returncode == 0, s.out
    b = vj("brand", next((asg / "raw").glob("*.mp4")), "--no-cards", "--x264-preset", "ultrafast",
           "-o", tmp_path / "baru" / "dalam" / "hasil.mp4", "-p", asg, cwd=tmp_path)
    tried("missing -o folder", "brand")
    assert b.returncode == 0, b.out
    assert (tmp_path / "baru" / "dalam" / "hasil.mp4").is_file()


def test_not_an_assignment_is_usage_error(tmp_path):
    for cmd in (["shotlog"], ["export", "--to", "whatsapp"], ["verify"], ["ingest", tmp_path]):
        p = vj(*cmd, "-p", tmp_path / "tidak-ada", cwd=tmp_path)
        tried("missing -p folder", cmd[0])
        assert p.returncode == 2, p.out
        assert "tidak-ada" in p.out and "vidjourn init" in p.out, p.out
        q = vj(*cmd, cwd=tmp_path)
        tried("not an assignment (cwd)", cmd[0])
        assert q.returncode == 2, q.out
        assert "not an assignment folder" in q.out, q.out


# --- 3. a full disk -----------------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 4 MiB tmpfs, unmounted afterwards."""
    if not is_root_linux():
        pytest.skip("mounting a tmpfs needs root on Linux")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if r.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def fill(disk: Path, leave: int) -> None:
    st = os.statvfs(disk)
    free = st.f_bavail * st.f_frsize
    (disk / "isi.bin").write_bytes(b"\0" * max(0, free - leave))


@pytest.mark.parametrize("cmd", ["export", "shotlog", "brand", "ingest"])
def test_full_disk(cmd, asg, media, tiny_disk, tmp_path):
    dst = tiny_disk / asg.name
    shutil.copytree(asg, dst, symlinks=True)
    before = tree_hashes(dst / "raw")
    fill(tiny_disk, 24 * 1024)
    raw = next((dst / "raw").glob("*.mp4"))
    args = {"export": ["export", "--to", "whatsapp", "--speed", "fast"],
            "shotlog": ["shotlog"],
            "brand": ["brand", raw, "--no-cards", "--x264-preset", "ultrafast"],
            "ingest": ["ingest", media["mono"]]}[cmd]
    p = vj(*args, "-p", dst, cwd=tmp_path)
    tried("full disk", cmd)
    assert p.returncode == 1, p.out
    assert "no space left" in p.out.lower(), p.out
    assert str(dst) in p.out, p.out
    assert "frame I:" not in p.out and "kb/s" not in p.out  # no x264 statistics
    no_partials(dst)
    manifest_ok(dst)
    assert tree_hashes(dst / "raw") == before
    assert not list((dst / "out").rglob("*.mp4"))


@needs_root
def test_read_only_drive(asg, tiny_disk, tmp_path):
    dst = tiny_disk / asg.name
    shutil.copytree(asg, dst, symlinks=True)
    r = subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], capture_output=True, text=True)
    if r.returncode:
        pytest.skip(f"cannot remount read-only: {r.stderr.strip()}")
    for args in (["export", "--to", "whatsapp", "--speed", "fast"], ["shotlog", "--format", "json"]):
        p = vj(*args, "-p", dst, cwd=tmp_path)
        tried("read-only drive", args[0])
        assert p.returncode == 1, p.out
        assert "read-only" in p.out.lower() and str(dst) in p.out, p.out
    v = vj("verify", "-p", dst, cwd=tmp_path)
    tried("read-only drive", "verify")
    assert v.returncode == 0, v.out  # reading is fine


# --- 4. YAML: invalid, bombs, wrong types --------------------------------------------------------------


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """'Billion laughs': 9 aliases of 9 aliases of ... (9**9 = 387 million strings when expanded)."""
    text = "lol0: &l0 [" + ",".join(["lol"] * width) + "]\n"
    for i in range(1, levels + 1):
        text += f"lol{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * width) + "]\n"
    return text


BOMB = alias_bomb()
MEM_LIMIT = 1500  # MiB of address space for the bomb cases: a clean error, not the kernel's OOM killer


def story_with(asg: Path, extra: str) -> None:
    f = asg / "vidjourn.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")


STORY_COMMANDS = [["shotlog", "--format", "json"], ["export", "--to", "whatsapp", "--speed", "fast"],
                  ["ingest", "__good__"], ["brand", "__raw__", "--no-cards", "--x264-preset", "ultrafast"]]


def _cmd(cmd: list[str], asg: Path, media) -> list:
    raw = next((asg / "raw").glob("*.mp4"))
    return [{"__good__": media["mono"], "__raw__": raw}.get(a, a) for a in cmd]


@pytest.mark.parametrize("kind", ["bomb", "recursive", "invalid", "huge", "not_mapping"])
def test_story_yaml_broken(kind, asg, media, tmp_path):
    f = asg / "vidjourn.yaml"
    if kind == "bomb":
        story_with(asg, BOMB)
    elif kind == "recursive":
        story_with(asg, "ulang: &u [*u]\n")
    elif kind == "invalid":
        story_with(asg, "judul: [tidak ditutup\n")
    elif kind == "huge":
        story_with(asg, "catatan: |\n" + ("  " + "x" * 1000 + "\n") * 3000)
    else:
        f.write_text("- hanya\n- daftar\n", encoding="utf-8")
    before_out = sorted((asg / "out").rglob("*"))
    for cmd in STORY_COMMANDS:
        p = vj(*_cmd(cmd, asg, media), "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
        tried(f"vidjourn.yaml {kind}", cmd[0])
        assert p.returncode == 1, p.out
        assert "vidjourn.yaml" in p.out, p.out
        if kind in ("bomb", "recursive", "huge"):
            assert "too large" in p.out.lower() or "alias" in p.out.lower(), p.out
    assert sorted((asg / "out").rglob("*")) == before_out
    assert len(manifest_ok(asg)) == 1
    no_partials(asg)


@pytest.mark.parametrize("extra,keypath", [
    ("brand: 7", "brand"), ("platforms: 5", "platforms"), ("lower_thirds: teks", "lower_thirds"),
    ("lower_thirds:\n  - {clip: 3, name: [1, 2], start: nanti}", "lower_thirds"),
    ("title: {a: 1}", "title"),
])
def test_story_wrong_types(extra, keypath, asg, media, tmp_path):
    text = (asg / "vidjourn.yaml").read_text(encoding="utf-8")
    key = extra.split(":")[0]
    text = "\n".join(line for line in text.splitlines() if not line.startswith(key + ":"))
    (asg / "vidjourn.yaml").write_text(text + "\n" + extra + "\n", encoding="utf-8")
    for cmd in (["export", "--to", "whatsapp", "--speed", "fast"], ["shotlog", "--format", "json"]):
        p = vj(*cmd, "-p", asg, cwd=tmp_path)
        tried(f"vidjourn.yaml {extra.splitlines()[0]}", cmd[0])
        assert p.returncode in (0, 1, 2), p.out
        if key in ("brand", "platforms", "lower_thirds") and cmd[0] == "export":
            assert p.returncode in (1, 2), p.out
        if p.returncode:
            assert "vidjourn.yaml" in p.out and keypath in p.out, p.out


def test_preset_bomb_does_not_take_down_the_others(asg, tmp_path):
    d = asg / "presets" / "brand"
    d.mkdir(parents=True, exist_ok=True)
    (d / "bom.yaml").write_text(BOMB, encoding="utf-8")
    (d / "rusak.yaml").write_text("label: [\n", encoding="utf-8")
    p = vj("presets", "list", "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
    tried("brand preset bomb + invalid", "presets list")
    assert p.returncode == 1, p.out
    assert "humas" in p.out and "netral" in p.out and "bom.yaml" in p.out and "rusak.yaml" in p.out, p.out
    v = vj("presets", "validate", "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
    tried("brand preset bomb + invalid", "presets validate")
    assert v.returncode == 1 and "bom.yaml" in v.out, v.out
    s = vj("presets", "show", "bom", "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
    tried("brand preset bomb", "presets show")
    assert s.returncode == 1 and "bom.yaml" in s.out, s.out
    raw = next((asg / "raw").glob("*.mp4"))
    b = vj("brand", raw, "--preset", "bom", "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
    tried("brand preset bomb", "brand")
    assert b.returncode == 1 and "bom.yaml" in b.out, b.out
    e = vj("export", "--to", "whatsapp", "--preset", "bom", "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
    tried("brand preset bomb", "export")
    assert e.returncode == 1 and "bom.yaml" in e.out, e.out


def test_platform_profile_bomb_and_traversal(asg, tmp_path):
    d = asg / "presets" / "platforms"
    d.mkdir(parents=True, exist_ok=True)
    (d / "bom.yaml").write_text(BOMB, encoding="utf-8")
    (d / "jalan.yaml").write_text("extends: ../../../../../../etc/passwd\n", encoding="utf-8")
    for name in ("bom", "jalan"):
        p = vj("export", "--to", name, "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
        tried(f"platform profile {name}", "export")
        assert p.returncode in (1, 2) and f"{name}.yaml" in p.out, p.out
        c = vj("check", next((asg / "raw").glob("*.mp4")), "--platform", name, "-p", asg, cwd=tmp_path,
               mem_mb=MEM_LIMIT)
        tried(f"platform profile {name}", "check")
        assert c.returncode in (1, 2) and f"{name}.yaml" in c.out, c.out


def test_notes_yaml_bomb_and_junk(asg, tmp_path):
    (asg / "shotlog").mkdir(exist_ok=True)
    notes = asg / "shotlog" / "notes.yaml"
    for kind, text in (("bomb", BOMB), ("junk", "\x00\x01\x02 bukan yaml : : [")):
        notes.write_text(text, encoding="utf-8")
        p = vj("shotlog", "--format", "json", "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
        tried(f"notes.yaml {kind}", "shotlog")
        assert p.returncode == 1, p.out
        assert "notes.yaml" in p.out, p.out
        assert notes.read_text(encoding="utf-8") == text  # what people wrote is never overwritten


# --- 5. presets that lie: logo, font, traversal ----------------------------------------------------------


def _preset(asg: Path, name: str, **over: str) -> Path:
    d = asg / "presets" / "brand"
    d.mkdir(parents=True, exist_ok=True)
    lines = ["extends: humas"] if False else []
    lines += [f"{k}: {v}" for k, v in over.items()]
    f = d / f"{name}.yaml"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


@pytest.mark.parametrize("case", ["logo_text", "logo_bomb", "font_junk", "logo_traversal", "logo_dir"])
def test_preset_files_are_opened_by_validate_and_brand_alike(case, asg, tmp_path):
    from PIL import Image

    d = asg / "presets" / "brand"
    d.mkdir(parents=True, exist_ok=True)
    if case == "logo_text":
        (d / "logo.png").write_text("bukan gambar\n", encoding="utf-8")
        _preset(asg, case, logo="{file: logo.png}")
    elif case == "logo_bomb":
        Image.new("1", (30000, 30000)).save(d / "bom.png", optimize=True)  # ~100 KB, 900 megapixels
        _preset(asg, case, logo="{file: bom.png}")
    elif case == "font_junk":
        (d / "huruf.ttf").write_bytes(b"\x00\x01\x00\x00" + b"junk" * 100)
        _preset(asg, case, fonts="{heading: huruf.ttf, body: huruf.ttf}")
    elif case == "logo_traversal":
        _preset(asg, case, logo="{file: ../../../../../../../../etc/passwd}")
    else:
        (d / "folder.png").mkdir()
        _preset(asg, case, logo="{file: folder.png}")
    v = vj("presets", "validate", case, "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
    tried(f"preset {case}", "presets validate")
    assert v.returncode == 1, v.out
    assert f"{case}.yaml" in v.out, v.out
    raw = next((asg / "raw").glob("*.mp4"))
    b = vj("brand", raw, "--preset", case, "--no-cards", "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
    tried(f"preset {case}", "brand")
    assert b.returncode == 1, b.out
    first = lambda text: [ln for ln in text.splitlines() if ".yaml" in ln][:1]  # noqa: E731
    assert first(v.out) and first(b.out), (v.out, b.out)
    assert not list((asg / "out").rglob("*.mp4"))


# --- 6. hostile text -------------------------------------------------------------------------------------

HOSTILE = [
    "'; rm -rf ~ #", "%{pts\\:hms} %{eif\\:1\\:d}", "[0:v]overlay=10:10[x]", "C:\\\\Windows\\\\system32",
    "baris\nkedua", "عربي עברית RTL", "😀🚓🇮🇩", "\u200b\u200d\ufeff", "<script>alert(1)</script>",
    "=HYPERLINK(\"http://x\")", "N" * 3000,
]


def test_hostile_lower_third_text(asg, tmp_path):
    import yaml

    raw = next((asg / "raw").glob("*.mp4"))
    args = []
    for i, text in enumerate(HOSTILE[:6]):
        args += ["--lower-third", f"{text}|{HOSTILE[-1 - i]}@0-0.5"]
    b = vj("brand", raw, *args, "--no-cards", "--x264-preset", "ultrafast", "-o", tmp_path / "hasil.mp4",
           "-p", asg, cwd=tmp_path)
    tried("hostile lower-third text (command line)", "brand")
    assert b.returncode == 0, b.out
    assert (tmp_path / "hasil.mp4").stat().st_size > 1000
    story = yaml.safe_load((asg / "vidjourn.yaml").read_text(encoding="utf-8"))
    story["lower_thirds"] = [{"clip": raw.stem, "name": h, "title": h, "start": 0, "end": 0.5} for h in HOSTILE]
    story["lower_thirds"].append({"clip": "klip-yang-tidak-ada", "name": "Siapa", "title": "x", "start": 0})
    story["title"] = HOSTILE[8]
    (asg / "vidjourn.yaml").write_text(yaml.safe_dump(story, allow_unicode=True), encoding="utf-8")
    e = vj("export", "--to", "whatsapp", "--speed", "fast", "-p", asg, cwd=tmp_path)
    tried("hostile lower-third text (vidjourn.yaml)", "export")
    assert e.returncode == 0, e.out
    assert "klip-yang-tidak-ada" in e.out, e.out  # a lower third for no clip is a warning
    s = vj("shotlog", "--format", "html,md,csv", "-p", asg, cwd=tmp_path)
    tried("hostile lower-third text (vidjourn.yaml)", "shotlog")
    assert s.returncode == 0, s.out
    html = (asg / "shotlog" / "shotlog.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "1e400", "abc", "1:2:3:4", "99:99:99"])
def test_bad_times_are_usage_errors(value, asg, tmp_path):
    for opt in ("--start", "--end"):
        p = vj("export", "--to", "whatsapp", opt, value, "-p", asg, cwd=tmp_path)
        tried(f"{opt} {value}", "export")
        if value == "99:99:99" and opt == "--end":
            assert p.returncode in (0, 2), p.out  # past the end = to the end
            continue
        assert p.returncode == 2, p.out
        assert value in p.out or "range" in p.out, p.out


# --- 7. paths that try to leave the assignment ------------------------------------------------------------

TRAVERSALS = ["../../../../../../../../etc/passwd", "/etc/passwd", "raw/../../luar.mp4", "raw/../manifest.json"]


@pytest.mark.parametrize("bad", TRAVERSALS)
def test_manifest_paths_stay_inside(bad, asg, tmp_path):
    (asg.parent / "luar.mp4").write_bytes(b"outside")
    data = json.loads((asg / "manifest.json").read_text(encoding="utf-8"))
    evil = dict(data["clips"][0], file=bad, id="jahat", sha256="0" * 64)
    data["clips"].append(evil)
    (asg / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    for cmd in (["verify"], ["export", "--to", "whatsapp", "--speed", "fast"], ["shotlog", "--format", "json"]):
        p = vj(*cmd, "-p", asg, cwd=tmp_path)
        tried(f"manifest file {bad}", cmd[0])
        assert p.returncode == 1, p.out
        assert bad in p.out and "outside the assignment" in p.out, p.out
        assert "passwd" not in "".join(p.name for p in (asg / "out").rglob("*"))
    shot = asg / "shotlog" / "shotlog.json"
    if shot.exists():
        assert "/etc/passwd" not in shot.read_text(encoding="utf-8").replace(bad, "")


def test_notes_paths_are_not_followed(asg, tmp_path):
    import yaml

    assert vj("shotlog", "--format", "json", "-p", asg, cwd=tmp_path).returncode == 0
    notes = asg / "shotlog" / "notes.yaml"
    data = yaml.safe_load(notes.read_text(encoding="utf-8"))
    for clip in data["clips"].values():
        clip["file"] = "../../../../../../etc/passwd"
        for shot in (clip.get("shots") or {}).values():
            shot["notes"] = "../../../../etc/shadow"
    notes.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    p = vj("shotlog", "--format", "json,md", "-p", asg, cwd=tmp_path)
    tried("notes.yaml file traversal", "shotlog")
    assert p.returncode == 0, p.out
    md = (asg / "shotlog" / "shotlog.md").read_text(encoding="utf-8")
    assert "root:" not in md


# --- 8. subtitles -------------------------------------------------------------------------------------------

SUBS = {
    "satu_rusak.srt": "1\n00:00:00,000 --> 00:00:00,400\nSatu\n\n2\n00:00:00,500 --> rusak\nDua\n\n"
                      "3\n00:00:00,600 --> 00:00:00,900\nTiga\n",
    "kosong.srt": "",
    "biner.srt": "\x00\x01\x02\xff" * 50,
    "tanpa_header.vtt": "00:00.000 --> 00:00.500\nhalo\n",
    "rusak.ass": "[Script Info]\nScriptType: v4.00+\n[Events]\nFormat: Layer, Start\nDialogue: 0,xx\n",
    "bom.ass": "[Script Info]\n" + "Dialogue: " + "{\\t(" * 20000 + "\n",
}


@pytest.mark.parametrize("name", sorted(SUBS))
def test_broken_subtitles(name, asg, tmp_path):
    sub = tmp_path / name
    if name == "biner.srt":
        sub.write_bytes(SUBS[name].encode("latin-1"))
    else:
        sub.write_text(SUBS[name], encoding="utf-8")
    raw = next((asg / "raw").glob("*.mp4"))
    out = tmp_path / "hasil.mp4"
    p = vj("brand", raw, "--subtitles", sub, "--no-cards", "--x264-preset", "ultrafast", "-o", out,
           "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
    tried(f"subtitles {name}", "brand")
    assert "RuntimeWarning" not in p.out and "pysubs2" not in p.out, p.out
    assert p.returncode in (0, 1), p.out
    assert name in p.out, p.out  # a warning or an error naming the file
    if name == "satu_rusak.srt":
        assert p.returncode == 0, p.out
        assert "Tiga" not in p.out  # the valid third cue is not reported lost...
        assert "2" in p.out  # ...the broken one is (by its number or line)
    if p.returncode:
        assert not out.exists()


# --- 9. interruption and two writers ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def long_clip(tmp_path_factory, ffmpeg_bin) -> Path:
    """4 s of 320x240 noise: enough packets and frames that each command has a middle to be caught in."""
    out = tmp_path_factory.mktemp("long") / "panjang.mp4"
    ff(ffmpeg_bin, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=4,noise=alls=40:allf=t",
       "-f", "lavfi", "-i", "sine=duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12",
       "-c:a", "aac", "-shortest", str(out))
    return out


def _spawn(args, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "VIDJOURN_LANG": "en", "NO_COLOR": "1"}
    return subprocess.Popen([PY, "-m", "vidjourn", *map(str, args)], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _catch(proc: subprocess.Popen, pred, timeout: float = 120) -> bool:
    """Wait until ``pred()`` holds, then freeze the process (SIGSTOP) right there: whatever is sent to
    it next lands exactly in that middle, however fast or loaded the machine is."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        if pred():
            proc.send_signal(signal.SIGSTOP)
            return True
        time.sleep(0.005)
    return False


@pytest.fixture
def long_asg(asg, long_clip, tmp_path) -> Path:
    p = vj("ingest", long_clip, "-p", asg, cwd=tmp_path)
    assert p.returncode == 0, p.out
    return asg


def _has(root: Path, part: str):
    return lambda: any(part in p.name for p in root.rglob("*")) if root.exists() else False


def _ffmpeg_child(proc: subprocess.Popen):
    """True while ``proc`` has a child process (ffmpeg) running (Linux /proc; children are listed under
    the thread that started them: the shot log starts its decodes from worker threads)."""
    def has_child() -> bool:
        for task in Path(f"/proc/{proc.pid}/task").glob("*"):
            try:
                if (task / "children").read_text().split():
                    return True
            except OSError:
                continue
        return False
    if not Path(f"/proc/{proc.pid}/task/{proc.pid}/children").exists():
        pytest.skip("needs Linux /proc to see the ffmpeg child")
    return has_child


def _lock_held(asg: Path):
    lock = asg / ".vidjourn.lock"
    return lambda: lock.exists() and lock.stat().st_size > 0


def _fresh_copy(src: Path, dst: Path, tag: bytes) -> Path:
    shutil.copy2(src, dst)
    with open(dst, "ab") as fh:
        fh.write(b"\x00\x00\x00\x0cfree" + tag)  # new bytes: not a duplicate of an ingested clip
    return dst


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("cmd", ["ingest", "export", "shotlog"])
def test_interrupted(cmd, sig, long_asg, long_clip, tmp_path):
    asg = long_asg
    src = tmp_path / "card"
    src.mkdir()
    _fresh_copy(long_clip, src / "lagi.mp4", b"XXXX")
    before = tree_hashes(src)
    raw_before = tree_hashes(asg / "raw")
    args = {"ingest": ["ingest", src], "export": ["export", "--to", "whatsapp,feed", "--speed", "fast"],
            "shotlog": ["shotlog", "--format", "json"]}[cmd]
    watch = {"ingest": _has(asg / "raw", ".part-"), "export": _has(asg / "out", ".part-"),
             "shotlog": None}[cmd]
    if cmd == "shotlog":
        shutil.rmtree(asg / "work", ignore_errors=True)
    proc = _spawn([*args, "-p", asg], tmp_path)
    caught = _catch(proc, watch or _ffmpeg_child(proc))  # shotlog: while ffmpeg is decoding for it
    if not caught:
        out, err = proc.communicate(timeout=60)
        pytest.fail(f"never caught {cmd} in the middle: {err}")
    proc.send_signal(sig)
    proc.send_signal(signal.SIGCONT)
    out, err = proc.communicate(timeout=120)
    tried(f"{signal.Signals(sig).name} mid-{cmd}", cmd)
    assert "Traceback" not in out + err, err
    assert proc.returncode == 130, (proc.returncode, err)
    assert "Cancelled" in err
    no_partials(asg)
    manifest_ok(asg)
    assert tree_hashes(src) == before  # the original on the card
    assert {k: v for k, v in tree_hashes(asg / "raw").items() if k in raw_before} == raw_before
    assert not list((asg / "out").rglob("*.part-*"))
    again = vj(*args, "-p", asg, cwd=tmp_path)
    assert again.returncode == 0, again.out  # running the same command again finishes the job


@pytest.mark.parametrize("first,second", [("export", "export"), ("export", "shotlog"), ("ingest", "export"),
                                          ("shotlog", "ingest"), ("brand", "export")])
def test_two_writers(first, second, long_asg, long_clip, tmp_path):
    asg = long_asg
    card = tmp_path / "card"
    card.mkdir()
    _fresh_copy(long_clip, card / "kedua.mp4", b"YYYY")
    raw = next((asg / "raw").glob("*.mp4"))
    args = {"export": ["export", "--to", "whatsapp", "--speed", "fast"], "shotlog": ["shotlog", "--format", "json"],
            "ingest": ["ingest", card], "brand": ["brand", raw, "--no-cards", "--x264-preset", "ultrafast"]}
    proc = _spawn([*args[first], "-p", asg], tmp_path)
    assert _catch(proc, _lock_held(asg)), proc.communicate()
    try:
        p = vj(*args[second], "-p", asg, cwd=tmp_path)  # while the first holds the assignment
    finally:
        proc.send_signal(signal.SIGCONT)
    tried(f"{first} running", second)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err  # the first is not disturbed
    assert p.returncode == 1, p.out
    assert "busy" in p.out.lower() and f"vidjourn {first}" in p.out and str(proc.pid) in p.out, p.out
    no_partials(asg)
    manifest_ok(asg)


# --- 10. small things a new user tripped on ----------------------------------------------------------------


def test_verbosity_after_the_subcommand(asg, tmp_path):
    for flag in ("-v", "-q", "--verbose", "--quiet"):
        p = vj("verify", flag, "-p", asg, cwd=tmp_path)
        tried(f"verify {flag}", "verify")
        assert p.returncode == 0, p.out
    q = vj("verify", "-q", "-p", asg, cwd=tmp_path)
    assert q.out.strip() == "", q.out


def test_did_you_mean(asg, tmp_path):
    p = vj("export", "--to", "whatsap", "-p", asg, cwd=tmp_path)
    tried("--to whatsap", "export")
    assert p.returncode == 2 and "whatsapp" in p.out and "mean" in p.out, p.out
    q = vj("export", "--to", "whatsapp", "--preset", "humass", "-p", asg, cwd=tmp_path)
    tried("--preset humass", "export")
    assert q.returncode == 2 and "humas" in q.out and "mean" in q.out, q.out
    r = vj("check", next((asg / "raw").glob("*.mp4")), "--platform", "reel", "-p", asg, cwd=tmp_path)
    tried("--platform reel", "check")
    assert r.returncode == 2 and "reels" in r.out and "mean" in r.out, r.out


def test_export_table_keeps_paths_readable_at_80_columns(asg, tmp_path):
    p = vj("export", "--to", "whatsapp", "--speed", "fast", "-p", asg, cwd=tmp_path)
    assert p.returncode == 0, p.out
    out = next((asg / "out" / "whatsapp").glob("*.mp4"))
    assert any(str(out) in line or out.name in line and "…" not in line for line in p.out.splitlines()), p.out
    assert "…" not in "".join(line for line in p.out.splitlines() if out.name in line)


def test_kapan_defaults_to_the_assignment_date(tmp_path):
    import yaml

    p = vj("init", "2026-11-12_apel-pagi", "--in", tmp_path, cwd=tmp_path)
    assert p.returncode == 0, p.out
    story = yaml.safe_load((tmp_path / "2026-11-12_apel-pagi" / "vidjourn.yaml").read_text(encoding="utf-8"))
    assert str(story["kapan"]).startswith("2026-11-12"), story


def test_zz_count(capsys):
    """Print how many (input, command) pairs this module tried (for the closing note)."""
    with capsys.disabled():
        print(f"\nbad-input corpus: {len(COUNTER)} (input, command) pairs tried, "
              f"{len(set(COUNTER))} distinct")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_lock_is_not_kept_by_forked_workers(tmp_path):
    """A process-pool worker forked while the coordinator holds the lock must not keep the assignment
    busy once the coordinator is done (flock follows the descriptor into the child)."""
    from vidjourn.core.locks import assignment_lock

    with assignment_lock(tmp_path, "batch"):
        pid = os.fork()
        if pid == 0:  # the worker outlives its parent's lock by a moment
            time.sleep(3)
            os._exit(0)
    try:
        code = f"from vidjourn.core.locks import assignment_lock\nwith assignment_lock({str(tmp_path)!r}, 'x'): pass"
        r = subprocess.run([PY, "-c", code], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
    finally:
        os.waitpid(pid, 0)


def test_redact_yaml_bomb(asg, tmp_path):
    """redact.yaml (the redaction stage's hand-made regions) goes through the same safe loader."""
    (asg / "redact.yaml").write_text(BOMB, encoding="utf-8")
    for cmd in (["export", "--to", "whatsapp", "--speed", "fast"], ["redact", "review"]):
        p = vj(*cmd, "-p", asg, cwd=tmp_path, mem_mb=MEM_LIMIT)
        tried("redact.yaml bomb", " ".join(cmd[:2]) if cmd[0] == "redact" else cmd[0])
        assert p.returncode in (1, 2), p.out
        assert "redact.yaml" in p.out and "too large" in p.out.lower(), p.out
    assert not list((asg / "out").rglob("*.mp4"))


def test_every_yaml_reader_uses_the_safe_loader():
    """One safe loader: a new module reading YAML with PyYAML directly would bring the bombs back."""
    import re

    pkg = Path(__file__).resolve().parents[2] / "vidjourn"
    direct = re.compile(r"\byaml\.(safe_load|load|full_load|unsafe_load|load_all|safe_load_all)\s*\(")
    found = [f"{p.relative_to(pkg)}:{i}" for p in pkg.rglob("*.py") if p.name != "yamlsafe.py"
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if direct.search(line)]
    assert not found, f"read YAML with vidjourn.core.yamlsafe.load_file/loads instead: {found}"
