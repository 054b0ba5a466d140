"""The HTML shot log in a real browser: headless Chromium loads the page, every thumbnail decodes
(naturalWidth > 0), the shot count is right, and it takes screenshots at desktop and phone widths.

Chromium comes from Debian's package: where it is missing and we are root (CI, a developer's
container), the fixture installs it with apt-get, once, under a lock (xdist workers share it).
Elsewhere the test is skipped, saying why.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.shotlog.test_shotlog import make_assignment
from tests.shotlog.test_shots import make_cuts_clip
from vidjourn.stages.shotlog.build import make_shotlog

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--disable-dev-shm-usage"]


def _find() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _install() -> str | None:
    """apt-get install chromium (root only). Returns why it failed, or None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return "chromium is not installed and we are not root with apt-get to install it"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900, check=False)
    if proc.returncode != 0:  # stale package lists on a fresh machine: update once and retry
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env, timeout=600, check=False)
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900, check=False)
    if proc.returncode != 0:
        return "apt-get install chromium failed: " + proc.stderr.strip()[-300:]
    return None


@pytest.fixture(scope="session")
def chromium() -> str:
    found = _find()
    if found:
        return found
    try:
        import fcntl
    except ImportError:  # Windows: no apt-get either
        pytest.skip("chromium not found (install Chromium or Chrome to run this test)")
    with open(Path(tempfile.gettempdir()) / "vidjourn-chromium-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other xdist worker waits, then finds it installed
        found = _find()
        if not found:
            try:
                why = _install()
            except (OSError, subprocess.SubprocessError) as exc:
                why = f"installing chromium failed: {exc}"
            found = _find()
            if not found:
                pytest.skip(why or "chromium not found after installing it")
    return found


PROBE = """
<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  var r = document.createElement('div');
  r.id = 'probe-result';
  r.setAttribute('data-images', imgs.length);
  r.setAttribute('data-loaded', ok);
  r.setAttribute('data-shots', document.querySelectorAll('article.shot').length);
  r.setAttribute('data-width', Math.round(document.querySelector('article.shot').getBoundingClientRect().width));
  document.body.appendChild(r);
});
</script>
"""


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.footage
def test_html_shotlog_in_headless_chromium(chromium, tmp_path, footage, ffmpeg_bin):
    cuts = make_cuts_clip(ffmpeg_bin, tmp_path / "cuts.mp4", [("testsrc2", 1.2, 25), ("smptebars", 1.0, 25)])
    asg = make_assignment(tmp_path / "story", [footage("bikes.mp4"), cuts])
    result = make_shotlog(asg, ("html",))
    page = asg.shotlog / "shotlog.html"
    expected = result.log.shot_count
    assert expected == 8
    # A test copy with a probe script: the shipped page has no script at all.
    probe_page = tmp_path / "probe.html"
    probe_page.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    for width, height, name in ((1280, 1800, "desktop"), (390, 844, "phone")):
        dom = run_chromium(chromium, tmp_path / f"profile-{name}", f"--window-size={width},{height}",
                           "--virtual-time-budget=5000", "--dump-dom", probe_page.as_uri())
        m = re.search(r'<div id="probe-result" data-images="(\d+)" data-loaded="(\d+)" data-shots="(\d+)" '
                      r'data-width="(\d+)"', dom.stdout)
        assert m, f"no probe result in the DOM; chromium said: {dom.stderr[-800:]}"
        images, loaded, shots, card_w = map(int, m.groups())
        assert images == expected and loaded == expected and shots == expected
        if name == "phone":
            assert card_w > 300  # one card per row fills a phone's width
        else:
            assert card_w < 400  # several cards per row on a desktop
        shot = tmp_path / f"{name}.png"
        run_chromium(chromium, tmp_path / f"profile-{name}-shot", f"--window-size={width},{height}",
                     "--virtual-time-budget=5000", f"--screenshot={shot}", page.as_uri())
        assert shot.exists(), "chromium wrote no screenshot"
        with Image.open(shot) as im:
            assert im.size == (width, height)
            px = np.asarray(im.convert("L"), np.float32)
        assert px.std() > 20  # a rendered page with pictures, not a blank one
        if os.environ.get("SHOTLOG_SCREENSHOTS"):  # to look at them: SHOTLOG_SCREENSHOTS=/some/dir
            shutil.copyfile(shot, Path(os.environ["SHOTLOG_SCREENSHOTS"]) / shot.name)
    # Print to PDF (A4 via @media print) works too.
    pdf = tmp_path / "shotlog.pdf"
    run_chromium(chromium, tmp_path / "profile-pdf", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
    assert box and abs(float(box[1]) - 595.3) < 1 and abs(float(box[2]) - 841.9) < 1  # A4 in points
