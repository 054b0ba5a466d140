"""The story sheet — the script a head of Humas signs off: one row per segment with the source clip, its
in/out timecodes, the original's sha256, the SOT's words, the lower third and the voice-over text; the
story's 5W1H above, the length per platform and signature lines below.

``story/sheet.html`` prints on A4 landscape (``@page``; a row never splits across pages; the header row
repeats) and ``story/sheet.xlsx`` (openpyxl, landscape, fit to one page width). Every text from the officer
or a transcript is escaped for its format (HTML entities; a spreadsheet cell starting with ``=`` stays
text). Written atomically.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from vidjourn.core.fsutil import atomic_path, write_text_atomic
from vidjourn.core.i18n import t

FIVE_W_ONE_H = ("apa", "siapa", "kapan", "di_mana", "mengapa", "bagaimana")
COLUMNS = ("n", "clip", "in", "out", "length", "sha256", "audio", "words", "lower_third", "voiceover")


def h(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _words(row: dict[str, Any]) -> str:
    if not row["words"]:
        return t("story.sheet_no_transcript") if row["audio"] == "sot" else ""
    return row["words"] if row["words_state"] == "approved" else f"{row['words']} [{t('story.sheet_draft_words')}]"


def render_html(asg: Any, table: dict[str, Any]) -> str:
    meta = asg.story()
    title = str(meta.get("title") or meta.get("slug") or asg.root.name)
    fields = "".join(f"<tr><th>{h(t('story.sheet_field.' + k))}</th><td>{h(meta.get(k, ''))}</td></tr>"
                     for k in FIVE_W_ONE_H)
    fields += (f"<tr><th>{h(t('story.sheet_field.reporter'))}</th><td>{h(meta.get('reporter', ''))}</td></tr>"
               f"<tr><th>{h(t('story.sheet_field.unit'))}</th><td>{h(meta.get('unit', ''))}</td></tr>")
    heads = "".join(f"<th class='c-{c}'>{h(t('story.sheet_col.' + c))}</th>" for c in COLUMNS)
    rows = []
    for r in table["segments"]:
        cells = {
            "n": r["n"], "clip": f"{h(r['clip'])}<div class='file'>{h(r['file'])}</div>",
            "in": h(r["in"]), "out": h(r["out"]), "length": f"{r['length']:.2f}",
            "sha256": f"<code>{h(r['sha256'])}</code>", "audio": h(r["audio"] + r["join"]),
            "words": h(_words(r)), "lower_third": h(r["lower_third"]), "voiceover": h(r["voiceover"]),
        }
        cls = "segment blocked" if r["blocked"] else "segment"
        rows.append(f"<tr class='{cls}' data-n='{r['n']}'>"
                    + "".join(f"<td class='c-{c}'>{cells[c]}</td>" for c in COLUMNS) + "</tr>")
    lengths = "".join(
        f"<li>{h(p['platform'])}: {p['length']:.1f} s ({h(t('story.sheet_cards', cards=format(p['cards'], 'g')))})"
        + (f" — <b>{h(t('story.show_too_long'))}</b>" if p["too_long"] else "") + "</li>"
        for p in table["platforms"])
    blocking = "".join(f"<li>{h(b['clip'])}: {h(b['why'])}</li>" for b in table["blocking"])
    vo = "".join(f"<li>{v['at']:.1f} s — {h(v['file'])}: {h(v['text'])}</li>" for v in table["voiceover"])
    made = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    return f"""<!DOCTYPE html>
<html lang="{h(t('story.sheet_lang'))}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{h(t('story.sheet_title'))} — {h(title)}</title>
<style>
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; margin: 0 auto;
       max-width: 273mm; }}
h1 {{ font-size: 15pt; margin: 0 0 4mm; }}
table {{ border-collapse: collapse; width: 100%; }}
table.fields th {{ text-align: left; width: 32mm; vertical-align: top; padding: 1px 6px 1px 0; }}
table.segments {{ table-layout: fixed; margin-top: 5mm; }}
table.segments th, table.segments td {{ border: 1px solid #888; padding: 3px 4px; vertical-align: top;
       overflow-wrap: anywhere; }}
table.segments thead {{ display: table-header-group; background: #e8ecf3; }}
tr.segment {{ break-inside: avoid; page-break-inside: avoid; }}
tr.blocked td {{ background: #fde8e8; }}
.c-n {{ width: 7mm; }} .c-clip {{ width: 34mm; }} .c-length {{ width: 14mm; }}
td.c-in, td.c-out {{ white-space: nowrap; font-size: 8.5pt; }} .c-in, .c-out {{ width: 24mm; }}
.c-sha256 {{ width: 36mm; }} .c-audio {{ width: 14mm; }} .c-lower_third {{ width: 32mm; }}
code {{ font-size: 7pt; }} .file {{ color: #555; font-size: 8pt; }}
.sign {{ display: flex; gap: 20mm; margin-top: 10mm; break-inside: avoid; }}
.sign div {{ flex: 1; border-top: 1px solid #111; padding-top: 2mm; margin-top: 14mm; }}
.small {{ color: #555; font-size: 8pt; }}
</style></head><body>
<h1>{h(t('story.sheet_title'))}: {h(title)}</h1>
<table class="fields">{fields}</table>
<table class="segments"><thead><tr>{heads}</tr></thead><tbody>
{''.join(rows)}
</tbody></table>
<h2 style="font-size:11pt">{h(t('story.sheet_lengths'))}</h2><ul>{lengths}</ul>
{f'<h2 style="font-size:11pt">{h(t("story.sheet_voiceover"))}</h2><ul>{vo}</ul>' if vo else ''}
{f'<h2 style="font-size:11pt">{h(t("story.sheet_blocking"))}</h2><ul>{blocking}</ul>' if blocking else ''}
<div class="sign"><div>{h(t('story.sheet_sign_reporter'))}: {h(meta.get('reporter', ''))}</div>
<div>{h(t('story.sheet_sign_head'))}</div></div>
<p class="small">{h(t('story.sheet_made', when=made, path=table['story']))}</p>
</body></html>
"""


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_xlsx(asg: Any, table: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter


    meta = asg.story()
    wb = Workbook()
    ws = wb.active
    ws.title = t("story.sheet_title")[:31]
    ws.append([t("story.sheet_col." + c) for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    widths = {"n": 5, "clip": 26, "in": 14, "out": 14, "length": 8, "sha256": 66, "audio": 10, "words": 60,
              "lower_third": 30, "voiceover": 40}
    for i, c in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths[c]
    for r in table["segments"]:
        values = {"n": r["n"], "clip": r["clip"], "in": r["in"], "out": r["out"], "length": round(r["length"], 3),
                  "sha256": r["sha256"], "audio": r["audio"] + r["join"], "words": _words(r),
                  "lower_third": r["lower_third"], "voiceover": r["voiceover"]}
        ws.append([_cell(values[c]) for c in COLUMNS])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cell.alignment = Alignment(vertical="top")
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    info = wb.create_sheet(t("story.sheet_story")[:31])
    rows = [(t("story.sheet_field." + k), meta.get(k, "")) for k in FIVE_W_ONE_H]
    rows += [(t("story.sheet_field.reporter"), meta.get("reporter", "")), (t("story.sheet_field.unit"),
                                                                           meta.get("unit", ""))]
    rows += [(p["platform"], f"{p['length']:.1f} s") for p in table["platforms"]]
    rows += [(f"VO {v['at']:.1f} s", v["text"]) for v in table["voiceover"]]
    for a, b in rows:
        info.append([_cell(str(a)), _cell("" if b is None else str(b))])
    info.column_dimensions["A"].width = 30
    info.column_dimensions["B"].width = 90
    with atomic_path(path) as tmp:
        wb.save(tmp)


def write(asg: Any, table: dict[str, Any], folder: Path) -> list[Path]:
    """``<folder>/story-sheet.html`` and ``.xlsx`` (the assignment's shotlog/ folder by default)."""
    folder.mkdir(parents=True, exist_ok=True)
    html_path, xlsx_path = folder / "story-sheet.html", folder / "story-sheet.xlsx"
    write_text_atomic(html_path, render_html(asg, table))
    write_xlsx(asg, table, xlsx_path)
    return [html_path, xlsx_path]
