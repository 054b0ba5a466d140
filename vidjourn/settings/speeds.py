"""`--speed draft|fast|normal|best`: what each speed means for every encoder, chosen from measurements.

x264 presets × CRF were measured per export profile (reels, feed, youtube, whatsapp) on a phone-like
1080p30 16 Mbit/s source with grain and on real street footage (bikes.mp4): VMAF of the output
against the source scaled to the output's frame, file size, x264 CPU-seconds (docs/DESIGN.md,
"Encoder choices"). Two findings decide the defaults:

* Platforms that re-encode every upload (Instagram, Facebook, YouTube, TikTok, X) get ``superfast``
  with x264's macroblock-tree rate control turned back on (``rc-lookahead=10:mbtree=1``; plain
  superfast drops it and spends 4-5× the bits on grain): a third of ``fast``'s CPU at one CRF step
  lower, VMAF within 1 point of ``fast`` and files no bigger.
* A platform that hands the file on as it is (WhatsApp: ``delivered_as_is`` in its profile) gets
  ``faster``: on small frames the cheap presets lose 2-4 VMAF points (``veryfast``/``superfast`` on
  real 640-px footage), ``faster`` stays within 0.6.

``crf_offset`` is added to the profile's own CRF. The hardware presets are each vendor's documented
names for the same trade-off (untested here: the measuring machine has no GPU).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class X264:
    preset: str
    crf_offset: int = 0  # added to the profile's CRF
    params: str = ""  # -x264-params (key=value:key=value), "" for none


@dataclass(frozen=True)
class Speed:
    name: str
    reencoded: X264  # for platforms that re-encode what they receive
    as_is: X264  # for platforms that deliver the file as it is (WhatsApp)
    nvenc: str  # NVENC preset p1 (fastest) .. p7 (best)
    qsv: str  # Quick Sync preset veryfast .. veryslow
    amf: str  # AMF quality preset: speed | balanced | quality
    vaapi_quality: int | None  # VAAPI "quality" (driver-specific; higher is faster), None: driver default

    def x264(self, delivered_as_is: bool) -> X264:
        return self.as_is if delivered_as_is else self.reencoded


MBTREE = "rc-lookahead=10:mbtree=1"
SPEEDS: dict[str, Speed] = {
    # Previews: ultrafast (with the 8x8 transform, so the file stays High profile). Files are 3-4× bigger.
    "draft": Speed("draft", X264("ultrafast"), X264("ultrafast"), "p1", "veryfast", "speed", 7),
    "fast": Speed("fast", X264("superfast", 0, MBTREE), X264("faster"), "p2", "faster", "speed", 4),
    "normal": Speed("normal", X264("superfast", -1, MBTREE), X264("faster", -1), "p4", "medium", "balanced", None),
    "best": Speed("best", X264("medium"), X264("medium"), "p6", "slower", "quality", 1),
}
NAMES = tuple(SPEEDS)
DEFAULT = "normal"


def get(name: str | None) -> Speed:
    """The speed called ``name`` (an unknown name is caught earlier, by the CLI or the job file)."""
    return SPEEDS.get(name or DEFAULT, SPEEDS[DEFAULT])
