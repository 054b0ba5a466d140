"""Frame-numbered test clips for the story render, and readers for what a render made of them.

Every frame carries its number in its colour: U = 32 + 12 * (n // 16), V = 32 + 12 * (n % 16) over the
whole picture (Y tells the clips apart), so the number survives scaling, reframing, rotation and x264 at
any size; the sound is silence with a 40 ms 1 kHz beep at every x.5 s of the clip's own time."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

LAYOUT_EXPR = {"mono": 1, "stereo": 2, "5.1": 6}


def coded_clip(ffmpeg: str, out: Path, *, size=(320, 180), rate="25", duration=4.0, luma=128,
               audio: str | None = "stereo", level=0.5, vfr=False, interlaced=False, rotate: int | None = None,
               sar: str | None = None, beeps=True, tone=None) -> Path:
    w, h = size
    vf = (f"color=c=gray:s={w}x{h}:r={rate}:d={duration},format=yuv420p,"
          f"geq=lum={luma}:cb='32+12*floor(N/16)':cr='32+12*mod(N,16)'")
    if sar:
        vf += f",setsar={sar}"
    if vfr:  # every 3rd frame 12 ms late: real timestamps irregular, average rate ~25
        vf += ",settb=1/90000,setpts='(N/25+0.012*eq(mod(N,3),1))/TB'"
    if interlaced:
        vf += ",setfield=tff"
    cmd = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-f", "lavfi", "-i", vf]
    if audio:
        if tone is not None:
            one = f"{level}*sin(2*PI*{tone}*t)"
        elif beeps:
            one = f"if(between(mod(t,1),0.5,0.54),{level}*sin(2*PI*1000*t),0)"
        else:
            one = "0"
        expr = "|".join([one] * LAYOUT_EXPR[audio])
        cl = {"mono": "mono", "stereo": "stereo", "5.1": "5.1"}[audio]
        cmd += ["-f", "lavfi", "-i", f"aevalsrc='{expr}':s=48000:d={duration}:c={cl}"]
    cmd += ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-g", "25", "-threads", "1"]
    if interlaced:
        cmd += ["-flags", "+ildct+ilme", "-x264-params", "tff=1"]
    if vfr:
        cmd += ["-fps_mode", "passthrough", "-enc_time_base:v", "1/90000", "-video_track_timescale", "90000"]
    if audio:
        cmd += ["-c:a", "aac", "-b:a", "128k"]
    target = out.with_name(out.stem + ".norot" + out.suffix) if rotate is not None else out
    cmd += [str(target)]
    subprocess.run(cmd, check=True, capture_output=True)
    if rotate is not None:
        subprocess.run([ffmpeg, "-hide_banner", "-nostdin", "-y", "-display_rotation:v:0", str(rotate),
                        "-i", str(target), "-c", "copy", str(out)], check=True, capture_output=True)
        target.unlink()
    return out


def frame_codes(path: Path, box: int = 8) -> list[tuple[float, int | None, float]]:
    """(time, frame number or None where the centre is not a clean code, mean luma) of every frame."""
    import av

    out = []
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        for f in c.decode(s):
            yuv = f.to_ndarray(format="yuv420p")
            H = f.height
            W = f.width
            y = yuv[:H, :W]
            u = yuv[H:H + H // 4].reshape(H // 2, W // 2)
            v = yuv[H + H // 4:].reshape(H // 2, W // 2)
            cy, cx = H // 4, W // 4
            uu = float(u[cy - box // 2:cy + box // 2, cx - box // 2:cx + box // 2].mean())
            vv = float(v[cy - box // 2:cy + box // 2, cx - box // 2:cx + box // 2].mean())
            hi, lo = (uu - 32) / 12, (vv - 32) / 12
            ok = abs(hi - round(hi)) < 0.3 and abs(lo - round(lo)) < 0.3 and 0 <= round(lo) < 16
            n = int(round(hi)) * 16 + int(round(lo)) if ok else None
            out.append((float(f.time), n, float(y[H // 2 - box:H // 2 + box, W // 2 - box:W // 2 + box].mean())))
    return out


def audio_samples(path: Path) -> np.ndarray:
    """The first audio stream as mono float samples at 48 kHz."""
    import av

    with av.open(str(path)) as c:
        s = c.streams.audio[0]
        res = av.AudioResampler(format="flt", layout="mono", rate=48000)
        chunks = []
        for f in c.decode(s):
            for g in res.resample(f):
                chunks.append(g.to_ndarray().reshape(-1))
        for g in res.resample(None):
            chunks.append(g.to_ndarray().reshape(-1))
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)


def beep_onsets(samples: np.ndarray, rate: int = 48000, floor: float = 0.02) -> list[float]:
    """Seconds where a beep starts (the 1 ms envelope rises over ``floor`` after >= 200 ms of quiet)."""
    win = rate // 1000
    n = len(samples) // win
    env = np.abs(samples[:n * win]).reshape(n, win).max(axis=1)
    out, quiet = [], 200
    for i, e in enumerate(env):
        if e > floor:
            if quiet >= 200:
                out.append(i / 1000)
            quiet = 0
        else:
            quiet += 1
    return out
