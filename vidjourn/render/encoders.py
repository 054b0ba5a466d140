"""Which H.264/H.265 encoders actually work on this machine.

``ffmpeg -encoders`` only says what was compiled in: the bundled ffmpeg lists h264_nvenc on a laptop
with no NVIDIA card. So each candidate is proven by a one-frame test encode (lavfi colour -> null
muxer). The result is cached per machine in the user cache folder, keyed by the ffmpeg binary's path
and version, because the probes cost a second or two and hardware rarely changes; ``refresh=True``
(``vidjourn doctor --refresh``) probes again.
"""

from __future__ import annotations

import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from vidjourn.core import ffmpeg
from vidjourn.core.cache import JsonCache
from vidjourn.core.errors import UsageError
from vidjourn.core.i18n import t

# Order matters for "auto": the first working hardware H.264 encoder wins.
HARDWARE_H264 = ("h264_nvenc", "h264_qsv", "h264_vaapi", "h264_amf")
CANDIDATES = ("libx264", "libx265", *HARDWARE_H264)
CHOICES = {"x264": "libx264", "nvenc": "h264_nvenc", "qsv": "h264_qsv", "vaapi": "h264_vaapi",
           "amf": "h264_amf"}
VAAPI_DEVICE = os.environ.get("VIDJOURN_VAAPI_DEVICE", "/dev/dri/renderD128")
TEST_TIMEOUT = 20  # seconds; a wedged driver must not hang doctor
CACHE_VERSION = 1


@dataclass(frozen=True)
class EncoderStatus:
    name: str
    hardware: bool
    works: bool
    detail: str  # "ok", or why not (not compiled in / the driver's last error line)


@dataclass(frozen=True)
class EncoderSetup:
    """What a render needs around ``-c:v <name>``: global args before the inputs and a filter
    appended to the end of the video chain (VAAPI encodes from GPU surfaces, so frames are uploaded)."""

    name: str
    global_args: tuple[str, ...] = ()
    vf_tail: str | None = None


def setup(name: str) -> EncoderSetup:
    if name == "h264_vaapi":
        return EncoderSetup(name, ("-vaapi_device", VAAPI_DEVICE), "format=nv12,hwupload")
    if name == "h264_qsv":
        return EncoderSetup(name, (), "format=nv12")
    return EncoderSetup(name)


def _compiled_in() -> set[str]:
    out, _ = ffmpeg.capture(["-encoders"])
    names = set()
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 6 and parts[0][0] in "VAS":
            names.add(parts[1])
    return names


def _test_encode(name: str) -> EncoderStatus:
    st = setup(name)
    hw = name in HARDWARE_H264
    # 256x256: nvenc and amf refuse frames below ~145x49; one frame is enough to open the device.
    vf = "format=yuv420p" + (f",{st.vf_tail}" if st.vf_tail else "")
    cmd = [ffmpeg.ffmpeg_path(), "-hide_banner", "-nostdin", "-loglevel", "error", *st.global_args,
           "-f", "lavfi", "-i", "color=c=gray:s=256x256:r=25:d=0.04", "-frames:v", "1", "-vf", vf,
           "-c:v", name, "-f", "null", "-"]
    ffmpeg.log.debug("%s", ffmpeg.format_cmd(cmd))
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=TEST_TIMEOUT)
    except subprocess.TimeoutExpired:
        return EncoderStatus(name, hw, False, f"timed out after {TEST_TIMEOUT} s")
    except OSError as exc:
        return EncoderStatus(name, hw, False, str(exc))
    if proc.returncode == 0:
        return EncoderStatus(name, hw, True, "ok")
    # The FIRST error names the cause ("Cannot load libcuda.so.1", "No VA display found"); the
    # later lines are ffmpeg's generic consequences.
    lines = [re.sub(r"^(\[[^\]]+ @ 0x[0-9a-f]+\]\s*)+", "", x).strip()
             for x in proc.stderr.decode("utf-8", "replace").splitlines()]
    lines = [x for x in lines if x]
    return EncoderStatus(name, hw, False, lines[0][:200] if lines else f"exit code {proc.returncode}")


def cache_file() -> Path:
    return ffmpeg.cache_dir() / "encoders.json"


def _cache_key() -> str:
    path = ffmpeg.ffmpeg_path()
    return f"{CACHE_VERSION}|{path}|{ffmpeg.version()}"


def _load_cache(key: str) -> dict[str, EncoderStatus] | None:
    data = JsonCache(ffmpeg.cache_dir()).get("encoders")
    try:
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return {k: EncoderStatus(**v) for k, v in data["encoders"].items()}
    except (KeyError, TypeError, AttributeError):
        return None


def _save_cache(key: str, result: dict[str, EncoderStatus]) -> None:
    # A read-only home folder must not break encoding; we just probe next time.
    JsonCache(ffmpeg.cache_dir()).put("encoders", {"key": key, "encoders": {k: asdict(v) for k, v in result.items()}})


_memo: dict[str, dict[str, EncoderStatus]] = {}


def available_encoders(refresh: bool = False) -> dict[str, EncoderStatus]:
    """Every candidate encoder with whether a one-frame test encode succeeded here."""
    key = _cache_key()
    if not refresh:
        if key in _memo:
            return _memo[key]
        cached = _load_cache(key)
        if cached is not None and set(cached) == set(CANDIDATES):
            _memo[key] = cached
            return cached
    compiled = _compiled_in()
    todo = [n for n in CANDIDATES if n in compiled]
    # Threads, not processes: each test is an ffmpeg child; this only waits on them.
    with ThreadPoolExecutor(max_workers=3) as pool:
        tested = dict(zip(todo, pool.map(_test_encode, todo)))
    result = {n: tested.get(n) or EncoderStatus(n, n in HARDWARE_H264, False, "not compiled into this ffmpeg")
              for n in CANDIDATES}
    _save_cache(key, result)
    _memo[key] = result
    return result


def pick_encoder(choice: str = "auto") -> str:
    """The H.264 encoder for ``choice`` (auto|x264|nvenc|qsv|vaapi|amf).

    auto: the first working hardware encoder, else libx264. A named one must work here, else a
    UsageError says which ones do.
    """
    choice = (choice or "auto").lower()
    if choice not in ("auto", *CHOICES):
        raise UsageError("encoders.error_unknown", choice=choice, choices=", ".join(["auto", *CHOICES]))
    encs = available_encoders()
    if choice == "auto":
        for name in HARDWARE_H264:
            if encs[name].works:
                return name
        return "libx264"
    name = CHOICES[choice]
    if not encs[name].works:
        working = ", ".join(k for k, v in CHOICES.items() if encs[v].works) or "-"
        raise UsageError("encoders.error_not_working", choice=choice, name=name,
                         detail=encs[name].detail, working=working)
    return name


def choice_reason(choice: str, name: str) -> str:
    """Why ``name`` was picked for ``choice``: asked for, a working GPU, or the fallback and why the
    hardware encoders did not qualify (each one's first error line from its test encode)."""

    if (choice or "auto").lower() != "auto":
        return t("encoders.why_asked")
    if name in HARDWARE_H264:
        return t("encoders.why_hardware")
    encs = available_encoders()
    detail = "; ".join(f"{n}: {encs[n].detail}" for n in HARDWARE_H264 if n in encs)
    return t("encoders.why_fallback", detail=detail)
