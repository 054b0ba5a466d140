"""`vidjourn redact review`: an HTML page and a PNG contact sheet per clip.

Frames are sampled every N seconds and at each track's first frame, taken from the source in one ffmpeg
call (upright and square-pixel, like the render graph), and every region that will be hidden is outlined
and numbered on them; faces left visible by a ``keep`` are outlined in green.
"""

from __future__ import annotations

import html
import tempfile
from dataclasses import dataclass
from pathlib import Path

from vidjourn.core.errors import MediaError
from vidjourn.core.ffmpeg import capture
from vidjourn.core.fsutil import write_text_atomic
from vidjourn.core.i18n import get_lang, t
from vidjourn.core.timeutil import timecode
from vidjourn.stages.redact import core as C

REVIEW_WIDTH = 480
MAX_FRAMES = 48


@dataclass(frozen=True)
class Sheet:
    html: Path
    png: Path
    frames: int


def sample_frames(a, every: float) -> list[int]:
    n = len(a.times)
    t0 = a.first_time
    picks = set()
    k = 0.0
    while True:
        f = next((i for i in range(n) if a.times[i] - t0 >= k - 1e-6), None)
        if f is None:
            break
        picks.add(f)
        k += max(0.1, every)
    for tr in a.tracks:
        picks.add(min(n - 1, tr.start + min(tr.frames - 1, a.stride)))  # a frame the face is really on
    out = sorted(picks)
    if len(out) > MAX_FRAMES:  # keep the track starts, thin the regular samples
        starts = {min(n - 1, tr.start + min(tr.frames - 1, a.stride)) for tr in a.tracks}
        rest = [f for f in out if f not in starts]
        step = max(1, len(rest) // max(1, MAX_FRAMES - len(starts)))
        out = sorted(starts | set(rest[::step]))[:MAX_FRAMES * 2]
    return out


def _extract(job: C.ClipJob, a, frames: list[int], dest: Path) -> list[Path]:
    w = min(REVIEW_WIDTH, a.width) // 2 * 2
    h = max(2, round(a.height * w / a.width / 2) * 2)
    select = "+".join(f"eq(n\\,{f})" for f in frames)
    pattern = dest / "f%04d.png"
    capture(["-i", str(job.path), "-map", "0:v:0", "-an", "-sn", "-dn",
             "-vf", f"select='{select}',scale={w}:{h}:flags=bicubic,setsar=1",
             "-fps_mode", "passthrough", "-frames:v", str(len(frames)), "-f", "image2", str(pattern)],
            subject=job.path, stdout=False)
    got = sorted(dest.glob("f*.png"))
    if len(got) != len(frames):
        raise MediaError("redact.error.decode_failed", path=job.path, code=f"{len(got)}/{len(frames)}")
    return got


def write_review(asg, job: C.ClipJob, every: float = 2.0) -> Sheet:
    from PIL import Image

    from vidjourn.graphics import review_sheet as G

    a = C.cached(asg, job)
    if a is None:
        a, _ = C.analyze(asg, job)
    plan = C.plan_shapes(a, job)
    frames = sample_frames(a, every)
    out_dir = asg.root / C.REVIEW_DIR
    stem = job.name
    img_dir = out_dir / stem
    img_dir.mkdir(parents=True, exist_ok=True)
    t0 = a.first_time
    state, rec = C.approval_state(asg, job)
    shots: list[tuple[int, Image.Image]] = []
    with tempfile.TemporaryDirectory(prefix="vidjourn-review-") as tmp:
        files = _extract(job, a, frames, Path(tmp))
        for f, p in zip(frames, files):
            marks: list = []
            for (kind, *b), label in zip(plan.per_frame[f], plan.labels[f]):
                marks.append((kind, *b, label, "region" if label.startswith("R") else "hide"))
            for tr in a.tracks:
                kb = tr.box_at(f)
                if tr.id in plan.kept_tracks and kb is not None:
                    marks.append(("ellipse", *kb, f"#{tr.id}", "keep"))
            with Image.open(p) as im:
                img = G.annotate(im, marks)
            ct = a.times[f] - t0
            if any(lo <= a.times[f] < hi for lo, hi in plan.blank):
                img = Image.blend(img, Image.new("RGB", img.size, (0, 0, 0)), 0.7)
            img = G.caption(img, f"{timecode(ct)[3:]}  ·  frame {f}")
            shots.append((f, img))
    jpgs = []
    for f, img in shots:
        name = f"frame{f:06d}.jpg"
        from vidjourn.core.fsutil import atomic_path

        with atomic_path(img_dir / name) as tmpf:
            img.save(tmpf, format="JPEG", quality=85)
        jpgs.append(name)
    title = t("redact.sheet_title", name=stem)
    png = out_dir / f"{stem}.png"
    G.save_png(G.contact_sheet([im for _, im in shots], title), png)
    page = out_dir / f"{stem}.html"
    write_text_atomic(page, _html(job, a, plan, state, rec, jpgs, stem, title))
    return Sheet(page, png, len(shots))


def _state_text(state: str, rec) -> str:
    if state == "approved":
        return t("redact.state_approved", by=rec.get("approved_by"), when=rec.get("approved_at"))
    if state == "void":
        return t("redact.state_void", by=rec.get("approved_by"))
    return t("redact.state_none")


def _html(job, a, plan, state, rec, jpgs, stem, title) -> str:
    e = html.escape
    t0 = a.first_time
    rows = []
    for tr in a.tracks:
        kept = tr.id in plan.kept_tracks
        low = tr.max_score < 0.5
        st = t("redact.kept") if kept else t("redact.hidden")
        if low and not kept:
            st += " — " + t("redact.low_score")
        rows.append(
            f"<tr class='{'keep' if kept else ('low' if low else '')}'><td>#{tr.id}</td>"
            f"<td>{timecode(a.times[tr.start] - t0)}</td><td>{timecode(_frame_end(a, tr.end) - t0)}</td>"
            f"<td>{tr.frames}</td><td>{tr.hits}</td><td>{tr.frames - tr.hits}</td>"
            f"<td>{tr.max_score:.2f} / {tr.mean_score:.2f}</td><td>{e(st)}</td></tr>")
    head = "".join(f"<th>{e(t(k))}</th>" for k in ("redact.col_track", "redact.col_from", "redact.col_to",
                                                       "redact.col_frames", "redact.col_hits",
                                                       "redact.col_filled", "redact.col_score",
                                                       "redact.col_state"))
    table = (f"<table><tr>{head}</tr>{''.join(rows)}</table>" if rows else f"<p>{e(t('redact.no_tracks'))}</p>")
    regions = ""
    if job.manual.regions:
        items = "".join(
            f"<li>R{i} {e(r.label)} ({r.shape}): {timecode(r.window(a.end - t0)[0])} – "
            f"{timecode(r.window(a.end - t0)[1])}</li>" for i, r in enumerate(job.manual.regions, 1))
        regions = f"<h2>{e(t('redact.regions_title'))}</h2><ul>{items}</ul>"
    if job.manual.blank:
        items = "".join(f"<li>{timecode(x)} – {timecode(y)}</li>" for x, y in job.manual.blank)
        regions += f"<h2>{e(t('redact.blank_title'))}</h2><ul>{items}</ul>"
    facts = t("redact.sheet_facts", file=job.record.get("file", ""), sha=job.sha256, w=a.width, h=a.height,
              frames=a.frame_count, dw=a.detect_width, dh=a.detect_height, stride=a.stride or "-",
              low=C.low_pass_note(a),
              mode=job.effective.mode)
    imgs = "".join(f"<figure><img src='{e(stem)}/{e(j)}' loading='lazy'></figure>" for j in jpgs)
    return f"""<!doctype html>
<html lang="{get_lang()}"><head><meta charset="utf-8">
<title>{e(title)}</title>
<style>
body{{font-family:DejaVu Sans,Arial,sans-serif;margin:24px;color:#111}}
table{{border-collapse:collapse;margin:12px 0}}td,th{{border:1px solid #bbb;padding:4px 8px;text-align:left}}
tr.keep td{{background:#e7f7ea}}tr.low td{{background:#fff4d6}}
.state{{font-weight:bold;padding:6px 10px;display:inline-block;background:{'#dff5e1' if state == 'approved' else '#fde2e1'}}}
figure{{display:inline-block;margin:4px}}img{{max-width:480px}}
</style></head><body>
<h1>{e(title)}</h1>
<p>{e(facts)}</p>
<p class="state">{e(t('redact.sheet_status', state=_state_text(state, rec)))}</p>
<p>{e(t('redact.sheet_intro', name=stem))}</p>
{table}
{regions}
<h2>{e(t('redact.frames_title'))}</h2>
{imgs}
</body></html>
"""


def _frame_end(a, f: int) -> float:
    return a.times[f + 1] if f + 1 < len(a.times) else a.end
