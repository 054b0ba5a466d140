"""Helpers of the desk's tests: a real assignment (init + ingest of generated, frame-numbered clips or given
footage) and a real `vidjourn desk` process on a free loopback port (a module of its own name, so no test
depends on which conftest is imported as `conftest`)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml


def generate_clip(ffmpeg: str, out: Path, *, duration: float, size: tuple[int, int], fps: int, tone: int = 440) -> Path:
    """testsrc2 (its frame number drawn top left) with a tone, H.264/AAC, tiny and fast."""
    w, h = size
    subprocess.run([ffmpeg, "-hide_banner", "-nostdin", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size={w}x{h}:rate={fps}:duration={duration}", "-f", "lavfi", "-i",
                    f"sine=frequency={tone}:sample_rate=48000:duration={duration}", "-c:v", "libx264", "-preset",
                    "ultrafast", "-pix_fmt", "yuv420p", "-g", str(fps), "-c:a", "aac", "-b:a", "64k", "-shortest",
                    str(out)], check=True, capture_output=True)
    return out



def make_assignment(base: Path, ffmpeg: str, *, clips: int = 1, duration: float = 3.0, story: dict | None = None,
                    name: str = "desk", sources: tuple[Path, ...] = ()) -> Path:
    """`vidjourn init` + `vidjourn ingest` of ``clips`` generated testsrc2 clips (frame number drawn
    on each frame), with vidjourn.yaml's keys set from ``story``."""
    card = base / "card"
    card.mkdir(parents=True, exist_ok=True)
    for src in sources:  # real footage instead of generated clips
        shutil.copyfile(src, card / src.name)
    for i in range(0 if sources else clips):
        generate_clip(ffmpeg, card / f"c{i:03d}.mp4", duration=duration, size=(320, 240), fps=25, tone=440 + 10 * i)
    env = {**os.environ, "VIDJOURN_LANG": "en"}
    subprocess.run([sys.executable, "-m", "vidjourn", "init", name], cwd=base, check=True, capture_output=True, env=env)
    root = base / name
    f = root / "vidjourn.yaml"
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    data.update({"brand": "none", "platforms": ["whatsapp"], **(story or {})})
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "vidjourn", "ingest", str(card), "-p", str(root)], check=True,
                   capture_output=True, env=env)
    return root


class Server:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.proc = subprocess.Popen([sys.executable, "-m", "vidjourn", "desk", "-p", str(root), "--no-browser"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env={**os.environ, "VIDJOURN_LANG": "en"})
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            m = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=(\S+)", line)
            if m:
                self.port, self.token = int(m.group(1)), m.group(2)
                break
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stderr.read())
        else:
            raise RuntimeError("the desk did not start: " + line)
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/?token={self.token}"

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                cookie: bool = True, host: str = "127.0.0.1") -> tuple[int, bytes, dict]:
        conn = http.client.HTTPConnection(host, self.port, timeout=30)
        h = {"Host": f"127.0.0.1:{self.port}"}
        if cookie:
            h["Cookie"] = f"vidjourn_desk={self.token}"
        if method == "POST":
            h.update({"Origin": self.base, "Content-Type": "application/json"})
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, data, {k.lower(): v for k, v in r.getheaders()}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        for s in (self.proc.stdout, self.proc.stderr):
            s.close()
