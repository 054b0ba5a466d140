"""`vidjourn demo`: offline, zero input. Makes believable field footage on a simulated memory card
with ffmpeg's lavfi sources, then runs every stage on it and says what it made and where.

The stages are an ordered list (``STAGES``) of ``(message key, function(ctx))``: the foundation here
(footage, assignment, ingest, verify), then each room's ``ROOM.demo`` step. A stage reads and
extends the shared :class:`DemoContext`, reports progress through ``ctx.progress`` and lists what it
made with ``ctx.add_output``. It raises :class:`~vidjourn.core.errors.VidjournError` on failure; the demo
carries on with the next stage and exits 1 at the end.
"""

from __future__ import annotations

import shutil
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from vidjourn.core import ffmpeg
from vidjourn.core.errors import UsageError, VidjournError
from vidjourn.core.fsutil import atomic_path, write_text_atomic
from vidjourn.core.i18n import catalogue, t
from vidjourn.core.story import init_assignment, story_yaml
from vidjourn.pipeline.runner import execute
from vidjourn.stages.base import PipelineOptions
from vidjourn.stages.ingest.ingest import verify
from vidjourn.stages.registry import load, rooms

MARKER = ".vidjourn-demo"
SLUG = "2026-11-12_pelatihan-video-jurnalistik"
CARD = Path("kartu-memori") / "DCIM"


@dataclass
class DemoContext:
    root: Path
    on_progress: Callable[[str, str, float | None], None] = lambda stage, label, fraction: None
    note: Callable[[str], None] = lambda text: None
    stage: str = ""  # the running stage's key (one progress bar per stage)
    assignment: Any = None  # vidjourn.core.assignment.Assignment once the init stage ran
    clips: list[Path] = field(default_factory=list)  # generated camera/phone files on the card
    outputs: list[tuple[str, Path]] = field(default_factory=list)  # (what, where) for the summary
    data: dict[str, Any] = field(default_factory=dict)  # anything a later stage wants from an earlier

    @property
    def card(self) -> Path:
        return self.root / CARD

    def progress(self, label: str, fraction: float | None) -> None:
        """Move the running stage's bar to ``fraction`` (0..1) with ``label`` (say which file)."""
        self.on_progress(self.stage, label, fraction)

    def add_output(self, what: str, path: Path) -> None:
        self.outputs.append((what, Path(path)))

    def run(self, step: str, **opts: Any) -> Any:
        """Run one step of the real pipeline on the demo assignment (a room's demo step calls this)."""
        return _pipeline(self, step, **opts)

    def interview(self) -> dict[str, Any] | None:
        """The interview clip's manifest record (the 1080p one: the lower third goes on it)."""
        return _interview(self.assignment)


@dataclass(frozen=True)
class StageResult:
    key: str
    ok: bool
    seconds: float
    error: str | None = None


@dataclass(frozen=True)
class DemoResult:
    root: Path
    assignment: Path | None
    stages: tuple[StageResult, ...]
    outputs: tuple[tuple[str, Path], ...]

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.stages)


# --- sample footage -------------------------------------------------------------------------------
# Each clip: (file on the card, seconds, filtergraph making [v] and [a], encoding extras, metadata).
# Pictures are simple shapes in motion (a road, vehicles, a speaker against a wall) with grain and
# handheld shake; sound is voice-like (a gliding pitch with harmonics, in syllables and pauses) over
# street ambience, so loudness, shot detection and lower thirds have something real to work on.

def _voice(seconds: float, base: float = 118, level: float = 0.5, seed: int = 0) -> str:
    # Phase is the integral of a wandering pitch (not f(t)*t, which would sweep away over time).
    p = (f"(2*PI*{base}*t-{22 / 0.9:.2f}*cos(2*PI*0.9*t+{seed})-{8 / 3.1:.2f}*cos(2*PI*3.1*t))")
    voice = f"(sin({p})+0.5*sin(2*{p})+0.35*sin(3*{p})+0.2*sin(4*{p})+0.1*sin(5*{p}))"
    syllables = (f"pow(abs(sin(2*PI*2.3*t+{seed})),1.5)*(0.6+0.4*sin(2*PI*0.37*t))"
                 f"*gt(sin(2*PI*0.29*t+1+{seed}),-0.6)")
    street = "0.12*(random(1)-0.5)"
    return (f"aevalsrc=exprs='{level}*{voice}*{syllables}/2.2+{street}':s=48000:d={seconds},"
            "highpass=f=90,lowpass=f=3800,aformat=channel_layouts=stereo")


def _ambience(seconds: float, level: float = 0.25) -> str:
    # Traffic rumble: brown noise swelling as vehicles pass, and a far voice now and then.
    return (f"anoisesrc=color=brown:amplitude={level}:sample_rate=48000:d={seconds},"
            "volume='0.6+0.4*sin(2*PI*0.2*t)':eval=frame,lowpass=f=1200,aformat=channel_layouts=stereo")


def _shake(w: int, h: int, amount: int = 12) -> str:
    # Handheld: crop a wandering window and scale back, like a phone held at arm's length.
    return (f"crop={w - 2 * amount}:{h - 2 * amount}:{amount}+{amount}*sin(t*2.3):{amount}+{amount}*sin(t*3.1+1),"
            f"scale={w}:{h},setsar=1")


def _street(w: int, h: int, seconds: float, sky: str, ground: str, out: str, post: str = "") -> str:
    """A street: sky, buildings, a road, and two vehicles driving across (overlay x follows t;
    drawbox cannot move). Ends in the label ``out`` after the ``post`` filters."""
    horizon = int(h * 0.45)
    lane1, lane2 = horizon + (h - horizon) // 8, horizon + (h - horizon) // 2 + (h - horizon) // 10
    car1, car2 = (w // 5, h // 8), (w // 4, h // 7)
    return (
        # The sky is still: draw the gradient once and repeat the frame (gradients costs ~3 ms a frame).
        f"gradients=s={w}x{h}:c0={sky}:c1={ground}:x0=0:y0=0:x1=0:y1={h}:nb_colors=2:d=0.04:r=25,"
        f"loop=loop={int(seconds * 25) - 1}:size=1,"
        f"drawbox=x=0:y={horizon}:w={w}:h={h - horizon}:color=0x4a4a48:t=fill,"  # road
        f"drawbox=x=0:y={horizon + (h - horizon) // 2}:w={w}:h={max(4, h // 120)}:color=0xe8e8e0:t=fill,"
        f"drawbox=x={w // 10}:y={horizon - h // 4}:w={w // 14}:h={h // 4}:color=0x2c3e50:t=fill,"  # buildings
        f"drawbox=x={w // 3}:y={horizon - h // 3}:w={w // 9}:h={h // 3}:color=0x34495e:t=fill,"
        f"drawbox=x={int(w * 0.7)}:y={horizon - h // 5}:w={w // 6}:h={h // 5}:color=0x566573:t=fill[{out}bg];"
        f"color=c=0xb03a2e:s={car1[0]}x{car1[1]}:r=25:d={seconds}[{out}c1];"
        f"color=c=0xf2f2f2:s={car2[0]}x{car2[1]}:r=25:d={seconds}[{out}c2];"
        f"[{out}bg][{out}c1]overlay=x='mod({w // 4}*t,{w + car1[0]})-{car1[0]}':y={lane1}[{out}m];"
        f"[{out}m][{out}c2]overlay=x='{w}-mod({w // 3}*t+{w // 2},{w + car2[0]})':y={lane2}"
        f"{',' + post if post else ''}[{out}]"
    )


def _speaker(w: int, h: int, seconds: float, out: str) -> str:
    """An officer at a lectern in front of a banner wall; the head nods as he speaks."""
    cx = w // 2
    return (
        f"color=c=0x1f3a5f:s={w}x{h}:d={seconds}:r=25,"
        f"drawbox=x=0:y={h // 10}:w={w}:h={h // 6}:color=0xc0392b:t=fill,"  # banner
        f"drawbox=x={cx - w // 8}:y={int(h * 0.45)}:w={w // 4}:h={h}:color=0x5d4037:t=fill[{out}bg];"
        f"color=c=0xd7a77e:s={w // 11}x{h // 5}:r=25:d={seconds}[{out}head];"
        f"[{out}bg][{out}head]overlay=x={cx - w // 22}:y='{int(h * 0.26)}+8*sin(t*2.3)',"
        f"drawbox=x={cx - w // 6}:y={int(h * 0.7)}:w={w // 3}:h={h}:color=0x8d6e63:t=fill[{out}]"  # lectern
    )


def _clip_specs() -> list[dict[str, Any]]:
    return [
        {   # camera, 1280x720, a hard cut at 4 s: wide street, then a close shot in a different light
            "file": "100MEDIA/MVI_0001.MP4", "seconds": 8.0,
            "graph": (_street(1280, 720, 4, "0x8fb8de", "0xc9d6c3", "s0", _shake(1280, 720, 6)
                              + ",noise=alls=6:allf=t") + ";"
                      + _street(1280, 720, 4, "0xf0a050", "0x704830", "s1",
                                "eq=brightness=-0.08:saturation=1.3,noise=alls=6:allf=t") + ";"
                      "[s0][s1]concat=n=2:v=1:a=0,format=yuv420p[v];"
                      f"{_ambience(8.0)}[a]"),
            "meta": {"creation_time": "2026-11-12T01:05:12Z"}, "sidecar": "100MEDIA/MVI_0001.THM",
        },
        {   # camera, 1920x1080: the interview (lower third goes here)
            "file": "100MEDIA/MVI_0002.MP4", "seconds": 6.0,
            "graph": f"{_speaker(1920, 1080, 6.0, 'sp')};[sp]format=yuv420p[v];{_voice(6.0)}[a]",
            "meta": {"creation_time": "2026-11-12T01:20:40Z"},
        },
        {   # phone, portrait: stored 1280x720 landscape with rotation -90 like an iPhone, GPS, device
            "file": "100APPLE/IMG_0003.MOV", "seconds": 5.0, "rotate": -90,
            "graph": (_street(720, 1280, 5.0, "0x9ec5e8", "0xb0bec5", "v",
                              _shake(720, 1280, 16) + ",noise=alls=8:allf=t,transpose=cclock,format=yuv420p")
                      + ";"
                      f"{_voice(5.0, base=210, level=0.35, seed=2)}[a]"),
            "meta": {"creation_time": "2026-11-12T01:32:10Z",
                     "com.apple.quicktime.creationdate": "2026-11-12T08:32:10+0700",
                     "com.apple.quicktime.make": "Apple", "com.apple.quicktime.model": "iPhone 13",
                     "com.apple.quicktime.location.ISO6709": "-06.2383+106.8306+012.000/"},
            "sidecar": "100APPLE/IMG_0003.AAE",
        },
        {   # camera b-roll, 1280x720: traffic at dusk
            "file": "100MEDIA/MVI_0004.MP4", "seconds": 5.0,
            "graph": (_street(1280, 720, 5.0, "0x3d4f7a", "0x202830", "v",
                              _shake(1280, 720, 4) + ",noise=alls=10:allf=t,format=yuv420p")
                      + f";{_ambience(5.0, 0.35)}[a]"),
            "meta": {"creation_time": "2026-11-12T01:40:03Z"},
        },
    ]


def _make_clip(ctx: DemoContext, spec: dict[str, Any], n: int, total: int) -> Path:
    out = ctx.card / spec["file"]
    out.parent.mkdir(parents=True, exist_ok=True)
    meta: dict[str, str] = spec["meta"]
    with atomic_path(out) as tmp:
        args = ["-y", "-filter_complex", spec["graph"], "-map", "[v]", "-map", "[a]",
                "-c:v", "libx264", "-preset", "ultrafast", "-crf", "26", "-g", "50",
                "-c:a", "aac", "-b:a", "128k", "-t", str(spec["seconds"])]
        for k, v in meta.items():
            args += ["-metadata", f"{k}={v}"]
        if out.suffix.lower() == ".mov":
            args += ["-movflags", "use_metadata_tags"]  # keeps Apple's com.apple.quicktime.* keys
        label = t("demo.progress_clip", name=out.name)
        if spec.get("rotate") is None:
            for ev in ffmpeg.run(args + [str(tmp)], outputs=[tmp], total=spec["seconds"], subject=out):
                ctx.progress(label, (n + (ev.fraction or 0)) / total)
        else:
            # The display matrix is an input-side option, so a stream copy adds it (as a phone does).
            flat = tmp.with_name(tmp.stem + ".flat" + tmp.suffix)
            for ev in ffmpeg.run(args + [str(flat)], outputs=[flat], total=spec["seconds"], subject=out):
                ctx.progress(label, (n + (ev.fraction or 0)) / total)
            try:
                ffmpeg.run_quiet(["-y", "-display_rotation:v:0", str(spec["rotate"]), "-i", str(flat),
                                  "-map", "0", "-c", "copy", "-map_metadata", "0",
                                  "-movflags", "use_metadata_tags", str(tmp)], outputs=[tmp], subject=out)
            finally:
                flat.unlink(missing_ok=True)
    return out


def make_footage(ctx: DemoContext) -> None:
    """Stage 1: a memory card with 4 clips, sidecars (.THM, .AAE) and a photo, as cameras leave them."""
    specs = _clip_specs()
    for n, spec in enumerate(specs):
        ctx.clips.append(_make_clip(ctx, spec, n, len(specs)))
        if spec.get("sidecar"):
            side = ctx.card / spec["sidecar"]
            if side.suffix == ".THM":  # a camera thumbnail: a small JPEG under another name
                ffmpeg.run_quiet(["-y", "-i", str(ctx.clips[-1]), "-frames:v", "1", "-vf", "scale=160:-2",
                                  "-f", "image2", "-c:v", "mjpeg", str(side)], outputs=[side])
            else:
                side.write_text('<?xml version="1.0"?><plist><dict><key>adjustmentFormatVersion</key>'
                                '<string>1.1</string></dict></plist>\n', encoding="utf-8")
    photo = ctx.card / "100APPLE" / "IMG_0005.JPG"
    ffmpeg.run_quiet(["-y", "-i", str(ctx.clips[2]), "-frames:v", "1", "-f", "image2", "-c:v", "mjpeg",
                      str(photo)], outputs=[photo])
    ctx.progress(t("demo.progress_clip", name="DCIM"), 1.0)
    ctx.add_output(t("demo.out_card", n=len(ctx.clips)), ctx.card)


def init_stage(ctx: DemoContext) -> None:
    ctx.assignment = init_assignment(SLUG, ctx.root, title="Pelatihan Video Jurnalistik Humas", **_story())
    ctx.progress(t("demo.stage_init"), 1.0)
    ctx.add_output(t("demo.out_story"), ctx.assignment.story_file)


def _story(lower_thirds: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return dict(
        fields={
            "apa": "Pelatihan video jurnalistik untuk personel Humas",
            "siapa": "Kasubbag Humas dan 30 personel Bhabinkamtibmas",
            "kapan": "2026-11-12 08:00 WIB",
            "di_mana": "Aula Polres Contoh, Jakarta",
            "mengapa": "Agar informasi kegiatan kepolisian sampai ke warga dengan cepat dan akurat",
            "bagaimana": "Praktik langsung merekam, menyunting dan mengunggah video",
        },
        reporter="Bripka Dewi Lestari", unit="Humas Polres Contoh",
        lower_thirds=lower_thirds or [], demo=True,
    )


class _DemoListener:
    """Runner events -> the demo's one bar per stage (a stage's tasks share it) and notes."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.n = 0
        self.done = 0
        self.labels: dict[str, str] = {}

    def planned(self, stage: str, items: list) -> None:
        self.n += len(items)
        name = t("stage." + stage) if "stage." + stage in catalogue() else stage
        for p in items:
            self.labels[p.task.key] = f"{name} {p.task.clip or ''}".strip()

    def event(self, ev) -> None:
        # export's progress events carry no message key (only the task's): they moved no bar, and the
        # demo's export sat at 0 % for 373 of 479 s (issue 22); they are labelled by their task now
        if ev.kind == "progress" and (ev.key or ev.task in self.labels):
            label = t(ev.key, **ev.args) if ev.key else self.labels[ev.task]
            self.ctx.progress(label, (self.done + (ev.fraction or 0)) / max(self.n, 1))
        elif ev.kind == "warning" and ev.key:
            self.ctx.note(t(ev.key, **ev.args))

    def finished(self, item, result) -> None:
        self.done += 1


def _pipeline(ctx: DemoContext, step: str, **opts: Any):
    """Run one step of the real pipeline (the same code as `vidjourn run`) on the demo assignment."""
    steps = tuple(opts.pop("steps", None) or (step,))
    report = execute([(ctx.assignment, PipelineOptions(steps=steps, **opts))], listener=_DemoListener(ctx))
    ctx.data[step] = report
    problems = [e for _, r in report.items if r is not None for e in r.problems()]
    problems += [e for _, e in report.problems]
    if problems:
        raise UsageError("demo.error_step", step=step, problems="\n".join(e.message() for e in problems))
    return report


def ingest_stage(ctx: DemoContext) -> None:
    asg = ctx.assignment
    _pipeline(ctx, "ingest", sources=(str(ctx.card),))
    # Now the clips have names: put a lower third on the interview (the 1080p clip) in the story.
    interview = _interview(asg)
    if interview is not None:
        lt = [{"clip": interview["id"], "name": "AKP Budi Santoso", "title": "Kasubbag Humas Polres Contoh",
               "start": 0.5, "end": 5.0}]
        story = asg.story()
        text = story_yaml(story["slug"], story["title"], **_story(lt))
        write_text_atomic(asg.story_file, text)
    ctx.progress(t("demo.stage_ingest"), 1.0)
    ctx.add_output(t("demo.out_raw", n=len(asg.clips())), asg.raw)
    ctx.add_output(t("demo.out_manifest"), asg.manifest_file)


def _interview(asg) -> dict[str, Any] | None:
    return next((r for r in asg.clips() if (r.get("media") or {}).get("display_height") == 1080), None)


def verify_stage(ctx: DemoContext) -> None:
    def on_event(ev) -> None:
        ctx.progress(t("verify.progress", name=Path(ev.file).name),
                     (ev.index - 1 + (ev.fraction or 0)) / max(ev.total, 1))

    result = verify(ctx.assignment, on_event)
    if not result.passed:
        raise UsageError("demo.error_verify", path=ctx.assignment.root)
    ctx.progress(t("demo.stage_verify"), 1.0)


# The demo's steps, in order: make the footage and the story, ingest and verify (the foundation: without
# it nothing after can run), then each room's own demo step (``ROOM.demo``) in pipeline order — the same
# runner as `vidjourn run`, so the demo shows what a user's run does. An entry is (message key for the
# step's name, function(ctx) or "module:function").
FOUNDATION_STEPS: list[tuple[str, Callable[[DemoContext], None] | str]] = [
    ("demo.stage_footage", make_footage),
    ("demo.stage_init", init_stage),
    ("demo.stage_ingest", ingest_stage),
    ("demo.stage_verify", verify_stage),
]


def steps() -> list[tuple[str, Callable[[DemoContext], None] | str]]:
    """The foundation, then every room's demo steps (:mod:`vidjourn.stages.registry`)."""
    return [*FOUNDATION_STEPS, *(step for room in rooms() for step in room.demo)]


STAGES = steps()


FOUNDATION = {key for key, _ in FOUNDATION_STEPS}


def _resolve(fn: Callable[[DemoContext], None] | str) -> Callable[[DemoContext], None]:
    return fn if callable(fn) else load(fn)


def _force_rmtree(path: Path) -> None:
    def onerror(func, p, _exc):  # read-only originals in raw/ (and on Windows, their folder)
        Path(p).chmod(stat.S_IWRITE | stat.S_IREAD | stat.S_IEXEC)
        func(p)

    shutil.rmtree(path, onerror=onerror)


def prepare_root(root: Path) -> None:
    """Use an empty or missing folder, or one a previous demo made (recreated from scratch)."""
    if root.exists():
        if not root.is_dir():
            raise UsageError("demo.error_not_empty", path=root)
        if (root / MARKER).exists():
            _force_rmtree(root)
        elif any(root.iterdir()):
            raise UsageError("demo.error_not_empty", path=root)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("made by `vidjourn demo`; the next demo run replaces this folder\n",
                               encoding="utf-8")


def run_demo(root: Path | str, *, progress: Callable[[str, str, float | None], None] | None = None,
             note: Callable[[str], None] | None = None,
             stages: list[tuple[str, Callable[[DemoContext], None] | str]] | None = None) -> DemoResult:
    root = Path(root).expanduser().resolve()
    prepare_root(root)
    ctx = DemoContext(root=root)
    if progress is not None:
        ctx.on_progress = progress
    if note is not None:
        ctx.note = note
    results: list[StageResult] = []
    broken = False
    for key, fn in (stages if stages is not None else STAGES):
        started = time.monotonic()
        ctx.stage = key
        ctx.progress(t(key), 0.0)
        if broken:
            results.append(StageResult(key, False, 0.0, t("demo.error_skipped")))
            continue
        try:
            _resolve(fn)(ctx)
        except VidjournError as exc:
            results.append(StageResult(key, False, time.monotonic() - started, exc.message()))
            # Without footage, an assignment and verified originals nothing after can run;
            # a failing extension stage (brand, export, shot log) does not stop the others.
            broken = key in FOUNDATION
            continue
        ctx.progress(t(key), 1.0)
        results.append(StageResult(key, True, time.monotonic() - started))
    return DemoResult(root, ctx.assignment.root if ctx.assignment else None, tuple(results), tuple(ctx.outputs))
