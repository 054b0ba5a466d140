"""Issue 22, done when: an officer's day in Indonesian — init with the unit's logo, ingest, run, change a
lower third, run again, redact, approve, publish — with no English word outside names and paths in
what is printed (a word list), the unit's logo and not the placeholder in the published frames (pixels),
the reason of every task shown, and the progress events monotonic."""

from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner

from vidjourn.cli import cli

# English words that must not reach an Indonesian screen (names, keys and paths are removed first).
ENGLISH = {"the", "and", "of", "is", "are", "was", "with", "for", "from", "not", "done", "unchanged", "failed",
           "changed", "new", "error", "usage", "written", "next", "created", "assignment", "file", "files",
           "clip", "clips", "found", "tasks", "task", "seconds", "waits", "blocked", "ready", "please", "input",
           "should", "valid", "string", "missing", "cannot", "could", "load", "failed", "warning", "summary"}


def _words(text: str) -> set[str]:
    out = set()
    for token in re.split(r"\s+", text):
        if any(ch in token for ch in "/\\_.@{}=") or re.search(r"\d", token):
            continue  # a path, an id, a file name, a key, a number
        out |= {w.lower() for w in re.findall(r"[A-Za-z]+", token)}
    return out


def _frame(ffmpeg: str, video, at: float, tmp_path):
    from PIL import Image

    png = tmp_path / f"frame{at}.png"
    subprocess.run([ffmpeg, "-v", "error", "-y", "-ss", str(at), "-i", str(video), "-frames:v", "1", str(png)],
                   check=True)
    return Image.open(png).convert("RGB")


def test_an_officers_day_in_indonesian(tmp_path, monkeypatch, ffmpeg_bin):
    from PIL import Image

    import vidjourn.cli.run_cmd as run_cmd
    from vidjourn.cli.common import ProgressView

    monkeypatch.setenv("VIDJOURN_CONFIG", str(tmp_path / "config"))
    monkeypatch.delenv("VIDJOURN_PLACEHOLDER_LOGO", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    record: list = []
    monkeypatch.setattr(run_cmd, "ProgressView", lambda enabled=True: ProgressView(enabled, record=record))
    printed: list[str] = []

    def vj(*args, code=0):
        res = CliRunner().invoke(cli, ["--lang", "id", *[str(a) for a in args]])
        printed.append(res.output)
        assert res.exit_code == code, (args, res.output)
        return res.output

    logo = tmp_path / "logo-satuan.png"
    Image.new("RGBA", (200, 100), (255, 0, 255, 255)).save(logo)
    card = tmp_path / "kartu"
    card.mkdir()
    subprocess.run([ffmpeg_bin, "-v", "error", "-f", "lavfi", "-i", "color=c=0x202020:s=320x240:r=25:d=3",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-c:v", "libx264", "-preset",
                    "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(card / "VID_0001.mp4")],
                   check=True)
    out = vj("init", "2026-12-08_operasi-zebra", "--in", tmp_path, "--logo", logo, "--unit", "Humas Polres Contoh")
    assert "Tampilan satuan ditulis" in out
    asg = tmp_path / "2026-12-08_operasi-zebra"
    vj("ingest", card, "-p", asg)
    out = vj("run", "-p", asg, "--to", "wa", "--speed", "draft")
    assert "baru" in out  # the reason: new
    clip = "20261208_operasi-zebra_001"
    story = asg / "vidjourn.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "lower_thirds: []", f'lower_thirds:\n  - {{clip: {clip}, name: "AKP Budi", title: "Kasat Lantas", start: 0, end: 2}}'),
        encoding="utf-8")
    out = vj("run", "-p", asg, "--to", "wa", "--speed", "draft")
    assert "berubah" in out and "lower_thirds" in out, out  # changed: lower_thirds (wrapped at 80 columns)
    out = vj("redact", "analyze", clip, "-p", asg)
    assert "redact: {faces: auto}" in out
    vj("redact", "approve", clip, "-p", asg, "--by", "Bripka Dewi")
    out = vj("run", "-p", asg, "--to", "wa", "--speed", "draft")  # publish
    assert "selesai" in out or "tetap" in out

    # no English words outside names and paths
    english = _words("\n".join(printed)) & ENGLISH
    assert not english, (sorted(english), "\n".join(printed)[-3000:])
    # the unit's logo, not the placeholder, in the published file (top right of the clip's own frames)
    [video] = (asg / "out" / "whatsapp").glob("*.mp4")
    frame = _frame(ffmpeg_bin, video, 4.0, tmp_path)  # after the 3 s title card
    w, h = frame.size
    corner = [frame.getpixel((x, y)) for x in range(w // 2, w) for y in range(0, h // 3)]
    magenta = sum(1 for r, g, b in corner if r > 180 and g < 90 and b > 180)
    white = sum(1 for r, g, b in corner if r > 200 and g > 200 and b > 200)  # the placeholder's white box
    assert magenta > 200 and white < 50, (magenta, white)
    # progress: the whole-job bar never went back, in any of the runs
    runs, last = [], None
    for key, fraction, _at in record:
        if key == "overall":
            if last is not None and fraction < last and fraction == 0:
                runs.append([])
            runs[-1:] = [runs[-1] + [fraction]] if runs else [[fraction]]
            last = fraction
    assert runs and all(r == sorted(r) for r in runs)


@pytest.fixture
def ffmpeg_bin():
    from vidjourn.core.ffmpeg import ffmpeg_path

    return ffmpeg_path()
