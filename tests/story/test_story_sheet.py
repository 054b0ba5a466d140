"""The story sheet: HTML printable on A4 opened in real headless Chromium (print media: one segment per
row, no row split across pages, a PDF of A4 pages), XLSX read back with openpyxl, user text escaped."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.shotlog.test_shotlog_browser import chromium  # noqa: F401  (the fixture: Debian's chromium)
from tests.story.helpers import make_assignment
from tests.story.test_story_quote_show import transcript
from vidjourn.cli import cli

XSS = "<script>alert(1)</script>"


@pytest.fixture
def sheet(tmp_path, clip_factory):
    talk = clip_factory("talk.mp4", duration=12.0, size=(160, 90))
    wide = clip_factory("wide.mp4", duration=4.0, size=(160, 90))
    asg = make_assignment(tmp_path / "a", [talk, wide])
    transcript(asg, "20261112_uji_001")
    segs = ["  - {clip: 20261112_uji_002, from: 0, to: 3, audio: nat}",
            f"  - {{clip: 20261112_uji_001, from: 0.5, to: 4.6, lower_third: {{name: \"AKP Budi {XSS}\", "
            "title: \"=cmd|' /C calc'!A0\"}}"]
    segs += [f"  - {{clip: 20261112_uji_002, from: {i % 2}, to: {2 + i % 2}}}" for i in range(14)]
    (asg.root / "story.yaml").write_text(
        "segments:\n" + "\n".join(segs) + "\nvoiceover:\n  - {file: 20261112_uji_001, at: 1, from: 0, to: 2, "
        "text: \"Polres Contoh menggelar apel siaga banjir.\"}\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["story", "sheet", "-p", str(asg.root), "--json"])
    assert res.exit_code == 0, res.output
    return asg, json.loads(res.output)


def test_xlsx_one_row_per_segment(sheet):
    from openpyxl import load_workbook

    asg, out = sheet
    ws = load_workbook(asg.shotlog / "story-sheet.xlsx").worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("#", "Source clip", "In", "Out") and len(rows) == 1 + 16
    second = rows[2]
    assert second[1] == "20261112_uji_001" and second[2] == "00:00:00.500" and second[3] == "00:00:04.600"
    assert len(second[5]) == 64 and "Selamat pagi. Tiga tersangka" in second[7] and "draft" in second[7]
    assert second[8].startswith("AKP Budi <script>") and "=cmd|" in second[8]
    assert rows[1][9] == "Polres Contoh menggelar apel siaga banjir."  # the voice-over at 1 s: segment 1


def test_html_prints_one_segment_per_row_in_chromium(sheet, chromium, tmp_path):  # noqa: F811
    from playwright.sync_api import sync_playwright

    asg, _ = sheet
    page_file = asg.shotlog / "story-sheet.html"
    text = page_file.read_text(encoding="utf-8")
    assert XSS not in text and "&lt;script&gt;" in text
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1123, "height": 794})
            page.goto(page_file.resolve().as_uri())
            page.emulate_media(media="print")
            rows = page.evaluate("""() => [...document.querySelectorAll('table.segments tbody tr')].map(r => ({
                n: r.dataset.n, cells: r.cells.length, clip: r.cells[1].innerText.split('\\n')[0],
                top: r.getBoundingClientRect().top, height: r.getBoundingClientRect().height,
                avoid: getComputedStyle(r).breakInside}))""")
            assert [r["n"] for r in rows] == [str(i) for i in range(1, 17)]
            assert all(r["cells"] == 10 and r["avoid"] == "avoid" for r in rows)
            assert rows[1]["clip"] == "20261112_uji_001"
            # one segment per row: rows stacked one under the other, none taller than a printed A4 page
            assert all(b["top"] >= a["top"] + a["height"] - 1 for a, b in zip(rows, rows[1:]))
            assert max(r["height"] for r in rows) < 700
            alerts = page.evaluate("() => typeof window.alert_called")
            assert alerts == "undefined"
            pdf = page.pdf(prefer_css_page_size=True)
            page.screenshot(path=str(tmp_path / "sheet-print.png"), full_page=True)
        finally:
            browser.close()
    assert pdf[:5] == b"%PDF-"
    # A4 landscape media boxes (842 x 595 pt), and more than one page for 16 rows with the header
    assert b"/MediaBox [0 0 841.91998 594.95996]" in pdf or b"842" in pdf
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page/") >= 1
