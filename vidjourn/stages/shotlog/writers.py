"""Writers of the shot log: one self-contained HTML page, CSV (UTF-8 with BOM), XLSX, JSON, Markdown.

Every piece of user text (descriptions, names, the story) is escaped for its format: HTML entities in
HTML and Markdown, and in CSV/XLSX a leading = + - @ cannot start a formula. Every file is written
atomically. ``shotlog/.generated.json`` remembers the sha256 of each file as written, so a re-run
replaces its own untouched output freely but refuses (without --force) a file someone has edited.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vidjourn.core.digest import file_sha256
from vidjourn.core.errors import VidjournError
from vidjourn.core.fsutil import atomic_path, write_json_atomic, write_text_atomic
from vidjourn.core.i18n import get_lang, t
from vidjourn.stages.shotlog.model import FIVE_W_ONE_H, SHOT_TYPES, SOUNDS, ClipLog, ShotLog

FORMATS = ("html", "csv", "xlsx", "json", "md")
STATE_FILE = ".generated.json"


def output_path(folder: Path, fmt: str) -> Path:
    return folder / f"shotlog.{fmt}"


def _state(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def check_outputs(folder: Path, formats: tuple[str, ...], force: bool) -> None:
    """Refuse to replace an output that was not written by us or was edited since (unless ``force``)."""
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise VidjournError("shotlog.error.format", value=",".join(bad), choices=",".join(FORMATS))
    if force:
        return
    state = _state(folder)
    for fmt in formats:
        p = output_path(folder, fmt)
        if p.exists() and state.get(p.name) != file_sha256(p):
            raise VidjournError("shotlog.error.edited", path=p)


def write_all(log: ShotLog, folder: Path, formats: tuple[str, ...], *, force: bool = False) -> list[Path]:
    check_outputs(folder, formats, force)
    writers: dict[str, Callable[[ShotLog, Path, Path], None]] = {
        "html": write_html, "csv": write_csv, "xlsx": write_xlsx, "json": write_json, "md": write_md}
    state = _state(folder)
    out = []
    for fmt in formats:
        p = output_path(folder, fmt)
        writers[fmt](log, folder, p)
        state[p.name] = file_sha256(p)
        out.append(p)
    write_json_atomic(folder / STATE_FILE, state)
    return out


# --- shared helpers --------------------------------------------------------------------------------

def _fmt_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def _field_label(key: str) -> str:
    return t(f"shotlog.field_{key}")


SHOT_COLUMNS = ("clip", "index", "start_tc", "end_tc", "start", "end", "duration", "start_frame", "end_frame",
                "thumbnail", "description", "shot_type", "sound", "speaker", "notes", "transcript")
USER_TEXT = ("description", "speaker", "notes", "shot_type", "sound", "transcript")


def _rows(log: ShotLog) -> list[dict[str, Any]]:
    rows = []
    for c in log.clips:
        for ls in c.shots:
            s, n = ls.shot, ls.note
            rows.append({"clip": c.file, "sha256": c.sha256, "index": s.index, "start_tc": s.start_tc,
                         "end_tc": s.end_tc, "start": round(s.start, 3), "end": round(s.end, 3),
                         "duration": round(s.duration, 3), "start_frame": s.start_frame, "end_frame": s.end_frame,
                         "thumbnail": ls.thumb or "", **n.to_dict(), "shot_type": ls.display("shot_type"),
                         "sound": ls.display("sound"), "transcript": ls.transcript})
    return rows


def _no_formula(value: Any) -> Any:
    """A spreadsheet must show user text as text: '=cmd|...' would otherwise run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --- JSON ------------------------------------------------------------------------------------------

def write_json(log: ShotLog, folder: Path, path: Path) -> None:
    write_json_atomic(path, log.to_dict())


# --- CSV -------------------------------------------------------------------------------------------

def write_csv(log: ShotLog, folder: Path, path: Path) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([_field_label(c) for c in SHOT_COLUMNS] + ["sha256"])
    for r in _rows(log):
        w.writerow([_no_formula(r[c]) if c in USER_TEXT or c == "clip" else r[c] for c in SHOT_COLUMNS]
                   + [r["sha256"]])
    # utf-8-sig: the BOM makes Excel read the file as UTF-8, so "Polres Cirebon · ñ é" shows right.
    write_text_atomic(path, buf.getvalue(), encoding="utf-8-sig")


# --- Markdown --------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md(text: Any) -> str:
    """User text safe inside a Markdown table cell: HTML escaped, Markdown syntax backslashed."""
    s = html.escape(str(text or ""), quote=False).replace("\r", " ").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", s)


def write_md(log: ShotLog, folder: Path, path: Path) -> None:
    st = log.story
    lines = [f"# {md(st.title or st.slug)}", "", f"*{md(st.slug)}* — {md(t('shotlog.generated', when=log.generated_at))}",
             "", f"## {md(t('shotlog.story_sheet'))}", ""]
    for k in FIVE_W_ONE_H:
        lines.append(f"- **{md(_field_label(k))}**: {md(st.fields.get(k))}")
    lines += [f"- **{md(_field_label('reporter'))}**: {md(st.reporter)}",
              f"- **{md(_field_label('unit'))}**: {md(st.unit)}"]
    if st.lower_thirds:
        lines.append(f"- **{md(_field_label('lower_thirds'))}**: " + "; ".join(md(x) for x in st.lower_thirds))
    if st.exports:
        lines += ["", f"### {md(t('shotlog.exports'))}", "", "| platform | file | size |", "|---|---|---|"]
        lines += [f"| {md(e.platform)} | {md(e.file)} | {_fmt_size(e.size)} |" for e in st.exports]
    lines += ["", f"### {md(t('shotlog.originals'))}", "", "| file | sha256 | source |", "|---|---|---|"]
    lines += [f"| {md(o['file'])} | `{md(o['sha256'])}` | {md(o['source'])}"
              f"{' — ' + md(o['redaction']) if o.get('redaction') else ''} |" for o in st.originals]
    heads = ["#", "start", "end", "duration", "thumbnail", "description", "shot_type", "sound", "speaker", "notes",
             "transcript"]
    for c in log.clips:
        lines += ["", f"## {md(c.file)}", "", f"sha256 `{md(c.sha256)}`", ""]
        if c.error:
            lines += [f"> {md(c.error)}"]
            continue
        lines.append("| " + " | ".join(md(_field_label(h)) if h != "#" else "\\#" for h in heads) + " |")
        lines.append("|" + "---|" * len(heads))
        for ls in c.shots:
            s, n = ls.shot, ls.note
            img = f"![{s.index}]({ls.thumb})" if ls.thumb else ""
            lines.append(f"| {s.index} | {s.start_tc} | {s.end_tc} | {s.duration:.2f} s | {img} | {md(n.description)} "
                         f"| {md(ls.display('shot_type'))} | {md(ls.display('sound'))} | {md(n.speaker)} | {md(n.notes)} "
                         f"| {md(ls.transcript)} |")
    write_text_atomic(path, "\n".join(lines) + "\n")


# --- HTML ------------------------------------------------------------------------------------------

def h(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


CSS = """
:root { --ink:#1b1f24; --muted:#5b6470; --line:#d9dde3; --accent:#8a1c1c; --bg:#f6f7f9; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink);
       background: var(--bg); margin: 0; padding: 16px; }
header, section { max-width: 1200px; margin: 0 auto 20px; background: #fff; border: 1px solid var(--line);
                  border-radius: 8px; padding: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; } h2 { font-size: 1.2rem; margin: 0 0 8px; word-break: break-all; }
.muted { color: var(--muted); font-size: .9rem; }
.hash { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .8rem; word-break: break-all; }
table.sheet { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.sheet th, table.sheet td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line);
                                 overflow-wrap: anywhere; }
table.sheet th { width: 11rem; color: var(--muted); font-weight: 600; }
.shots { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 12px; }
.shot { border: 1px solid var(--line); border-radius: 6px; overflow: hidden; background: #fff; break-inside: avoid; }
/* one frame shape for every card: a portrait phone shot is pillarboxed instead of making a tall card */
.shot img { display: block; width: 100%; aspect-ratio: 16 / 9; object-fit: contain; background: #111; }
.shot .body { padding: 8px 10px; }
.shot .tc { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem; }
.shot .no { font-weight: 700; color: var(--accent); }
.shot dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 6px 0 0; font-size: .9rem; }
.shot dt { color: var(--muted); } .shot dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
.shot dd.suggested { font-style: italic; color: var(--muted); }
.error { color: var(--accent); font-weight: 600; }
.orig { padding: 6px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
@media (max-width: 600px) {
  body { padding: 6px; } header, section { padding: 10px; border-radius: 0; }
  .shots { grid-template-columns: 1fr; }
  /* label above value: long file names and hashes get the full width of the phone */
  table.sheet th, table.sheet td { display: block; width: auto; }
  table.sheet th { border-bottom: none; padding-bottom: 0; }
}
@media print {
  @page { size: A4; margin: 12mm; }
  body { background: #fff; padding: 0; font-size: 10pt; }
  header, section { border: none; padding: 0; margin: 0 0 8mm; max-width: none; }
  h2, h3, .cliphead { break-after: avoid; break-inside: avoid; }  /* a heading stays with what it heads */
  .orig { break-inside: avoid; }
  .shots { grid-template-columns: repeat(4, 1fr); gap: 3mm; }
  .shot { border-color: #999; }
  a { color: inherit; text-decoration: none; }
}
"""


def _img_src(folder: Path, rel: str | None) -> str | None:
    """Thumbnails are embedded as data: URIs so the page is one file that can be mailed or shared."""
    if not rel:
        return None
    p = folder / rel
    if not p.is_file():
        return None
    return "data:image/jpeg;base64," + base64.b64encode(p.read_bytes()).decode("ascii")


def _story_html(log: ShotLog) -> str:
    st = log.story
    rows = [(_field_label(k), st.fields.get(k, "")) for k in FIVE_W_ONE_H]
    rows += [(_field_label("reporter"), st.reporter), (_field_label("unit"), st.unit),
             (_field_label("lower_thirds"), "\n".join(st.lower_thirds))]
    out = [f"<section class='story'><h2>{h(t('shotlog.story_sheet'))}</h2><table class='sheet'>"]
    out += [f"<tr><th>{h(k)}</th><td style='white-space:pre-wrap'>{h(v)}</td></tr>" for k, v in rows]
    out.append("</table>")
    if st.exports:
        out.append(f"<h3>{h(t('shotlog.exports'))}</h3><table class='sheet'>")
        out += [f"<tr><th>{h(e.platform)}</th><td>{h(e.file)} <span class='muted'>({h(_fmt_size(e.size))})</span>"
                f"</td></tr>" for e in st.exports]
        out.append("</table>")
    # Originals as a list, not a table: file names and 64-digit hashes need the full width.
    out.append(f"<h3>{h(t('shotlog.originals'))}</h3>")
    out += [f"<div class='orig'><strong>{h(o['file'])}</strong> <span class='muted'>"
            f"({h(_fmt_size(int(o.get('size') or 0)))})</span><div class='hash'>sha256 {h(o['sha256'])}</div>"
            f"<div class='muted'>{h(t('shotlog.field_source'))}: {h(o['source'])}</div>"
            + (f"<div><strong>{h(o['redaction'])}</strong></div>" if o.get("redaction") else "")
            + "</div>" for o in st.originals]
    out.append("</section>")
    return "\n".join(out)


def _sug(ls: Any, key: str) -> str:
    """The class of a field that shows vidjourn's suggestion (not a person's note)."""
    return " class='suggested'" if not getattr(ls.note, key, "") and dict(ls.suggested).get(key) else ""


def _clip_html(c: ClipLog, folder: Path) -> str:
    out = [f"<section class='clip' data-clip='{h(c.file)}'><div class='cliphead'><h2>{h(c.file)}</h2>",
           f"<div class='hash'>sha256 {h(c.sha256)}</div><div class='muted'>{h(c.source)}</div>"]
    if c.error:
        out.append(f"<p class='error'>{h(c.error)}</p></div></section>")
        return "\n".join(out)
    summary = t("shotlog.clip_summary", n=len(c.shots), duration=f"{c.duration or 0:.2f}")
    out.append(f"<p class='muted'>{h(summary)}</p></div>")
    out.append("<div class='shots'>")
    for ls in c.shots:
        s = ls.shot
        src = _img_src(folder, ls.thumb)
        img = (f"<img src='{src}' alt='{h(t('shotlog.thumb_alt', n=s.index))}' loading='eager'>" if src
               else f"<div class='muted'>{h(t('shotlog.no_thumb'))}</div>")
        fields = "".join(f"<dt>{h(_field_label(k))}</dt><dd{_sug(ls, k)}>{h(ls.display(k))}</dd>"
                         for k in ("description", "shot_type", "sound", "speaker", "notes"))
        if ls.transcript:
            fields += f"<dt>{h(_field_label('transcript'))}</dt><dd class='transcript'>{h(ls.transcript)}</dd>"
        out.append(
            f"<article class='shot' data-index='{s.index}'>{img}<div class='body'>"
            f"<div><span class='no'>#{s.index}</span> <span class='tc'>{h(s.start_tc)} – {h(s.end_tc)}</span></div>"
            f"<div class='muted'>{h(t('shotlog.shot_facts', duration=f'{s.duration:.2f}', start=s.start_frame, end=s.end_frame))}</div>"
            f"<dl>{fields}</dl></div></article>")
    out.append("</div></section>")
    return "\n".join(out)


def render_html(log: ShotLog, folder: Path) -> str:
    st = log.story
    title = st.title or st.slug
    parts = [
        "<!doctype html>", f"<html lang='{h(get_lang())}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{h(t('shotlog.page_title', title=title))}</title><style>{CSS}</style></head><body>",
        (f"<header><h1>{h(title)}</h1><div class='muted'>{h(st.slug)} · "
         f"{h(t('shotlog.generated', when=log.generated_at))} · "
         f"{h(t('shotlog.totals', clips=len(log.clips), shots=log.shot_count))}</div></header>"),
        _story_html(log),
    ]
    parts += [_clip_html(c, folder) for c in log.clips]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_html(log: ShotLog, folder: Path, path: Path) -> None:
    write_text_atomic(path, render_html(log, folder))


# --- XLSX ------------------------------------------------------------------------------------------

THUMB_PX = (160, 90)


def write_xlsx(log: ShotLog, folder: Path, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as XLImage
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = t("shotlog.sheet_shots")[:31]
    heads = [_field_label(c) for c in SHOT_COLUMNS]
    ws.append(heads)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    thumb_col = SHOT_COLUMNS.index("thumbnail") + 1
    widths = {"clip": 34, "thumbnail": 26, "description": 40, "notes": 30, "speaker": 20, "transcript": 50}
    for i, c in enumerate(SHOT_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(c, 12)
    for r, row in enumerate(_rows(log), 2):
        for col, key in enumerate(SHOT_COLUMNS, 1):
            value = row[key] if key != "thumbnail" else ""
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would take "=..." as a formula; user text stays text
            # Shot rows are as tall as the thumbnail, so two or three wrapped lines fit.
            cell.alignment = Alignment(vertical="top", wrap_text=key in ("description", "notes", "clip", "transcript"))
        thumb = folder / row["thumbnail"] if row["thumbnail"] else None
        if thumb is not None and thumb.is_file():
            img = XLImage(str(thumb))
            ar = img.width / max(1, img.height)  # a portrait clip's thumbnail is fitted by its height
            img.width, img.height = min(THUMB_PX[0], round(THUMB_PX[1] * ar)), THUMB_PX[1]
            if img.width == THUMB_PX[0]:
                img.height = round(THUMB_PX[0] / ar)
            ws.add_image(img, f"{get_column_letter(thumb_col)}{r}")
            ws.row_dimensions[r].height = THUMB_PX[1] * 0.75 + 4  # points; an image is sized in pixels
    # Drop-down lists for the two coded columns, so Excel offers WS/MS/CU and SOT/NAT/VO.
    n = ws.max_row
    for key, choices in (("shot_type", SHOT_TYPES), ("sound", SOUNDS)):
        letter = get_column_letter(SHOT_COLUMNS.index(key) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{max(2, n)}")
    _landscape(ws)
    ws.print_title_rows = "1:1"
    _story_sheet(wb.create_sheet(t("shotlog.sheet_story")[:31]), log)
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _story_sheet(ws, log: ShotLog) -> None:
    from openpyxl.styles import Alignment, Font

    st = log.story
    rows: list[tuple[str, Any, Any]] = [(_field_label("slug"), st.slug, ""), (_field_label("title"), st.title, "")]
    rows += [(_field_label(k), st.fields.get(k, ""), "") for k in FIVE_W_ONE_H]
    rows += [(_field_label("reporter"), st.reporter, ""), (_field_label("unit"), st.unit, "")]
    rows += [(_field_label("lower_thirds"), x, "") for x in st.lower_thirds] or [(_field_label("lower_thirds"), "", "")]
    rows.append(("", "", ""))
    rows.append((t("shotlog.exports"), "", ""))
    rows += [(e.platform, e.file, _fmt_size(e.size)) for e in st.exports]
    rows.append(("", "", ""))
    rows.append((t("shotlog.originals"), "sha256", t("shotlog.field_source")))
    rows += [(o["file"], o["sha256"], o["source"] + (f" — {o['redaction']}" if o.get("redaction") else ""))
             for o in st.originals]
    for r, (a, b, c) in enumerate(rows, 1):
        for col, v in enumerate((a, b, c), 1):
            cell = ws.cell(row=r, column=col, value=v)
            if isinstance(v, str):
                cell.data_type = "s"
            # No wrapping: spreadsheet apps do not grow a row for wrapped text written by openpyxl,
            # so wrapped lines would overprint the next row; wide columns instead.
            cell.alignment = Alignment(vertical="top")
        ws.cell(row=r, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 46
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 60
    _landscape(ws)


def _landscape(ws) -> None:
    """Print landscape, all columns on one page width."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
