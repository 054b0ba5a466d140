"""The shot log end to end: thumbnails (orientation checked against ffmpeg's own autorotate), notes that
survive regeneration and are validated, the story sheet, escaping in every writer, the CLI."""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from tests.shotlog.test_shots import make_cuts_clip
from vidjourn.core.assignment import Assignment
from vidjourn.cli import cli
from vidjourn.core.probe import probe
from vidjourn.stages.shotlog.build import NotesError, build_shotlog, make_shotlog

XSS = "<script>alert(1)</script>"

STORY = {
    "slug": "2026-11-12_uji", "title": "Uji <b>tebal</b> & Polres", "apa": "Pelatihan video jurnalistik",
    "siapa": "Bhabinkamtibmas", "kapan": "2026-11-12", "di_mana": "Aula Polres Cirebon",
    "mengapa": "Informasi cepat", "bagaimana": "Praktik langsung", "reporter": "Bripka Dewi",
    "unit": "Humas Polres", "brand": "humas",
    "lower_thirds": [{"clip": "20261112_uji_001", "name": "AKP Budi", "title": "Kasubbag Humas", "start": 0, "end": 3}],
}


def make_assignment(root: Path, clips: list[Path]) -> Assignment:
    """An assignment folder with these clips as originals: written directly (not via ingest), so these
    tests depend only on the documented manifest format."""
    root.mkdir(parents=True)
    (root / "vidjourn.yaml").write_text(yaml.safe_dump(STORY, allow_unicode=True), encoding="utf-8")
    (root / "raw").mkdir()
    records = []
    for n, src in enumerate(clips, 1):
        dst = root / "raw" / f"20261112_uji_{n:03d}{src.suffix.lower()}"
        shutil.copyfile(src, dst)
        rel = dst.relative_to(root).as_posix()
        media = probe(dst).to_dict()
        records.append({"id": dst.stem, "file": rel, "source": str(src), "size": dst.stat().st_size,
                        "sha256": hashlib.sha256(dst.read_bytes()).hexdigest(), "ingested_at": "2026-11-12T08:00:00Z",
                        "media": media, "loudness": None})
    (root / "manifest.json").write_text(json.dumps({"clips": records}), encoding="utf-8")
    return Assignment.open(root)


@pytest.fixture
def asg(tmp_path, footage, ffmpeg_bin) -> Assignment:
    cuts = make_cuts_clip(ffmpeg_bin, tmp_path / "cuts.mp4", [("testsrc2", 1.2, 25), ("smptebars", 1.0, 25)])
    return make_assignment(tmp_path / "story", [footage("bikes.mp4"), footage("quicktime-hvc1.mov"), cuts])


def autorotated_frame(ffmpeg_bin: str, clip: Path, n: int, size: tuple[int, int]) -> np.ndarray:
    """Frame ``n`` as ffmpeg itself displays it (default autorotate), at ``size``, as RGB."""
    w, h = size
    raw = subprocess.run([ffmpeg_bin, "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(clip),
                          "-vf", f"select=eq(n\\,{n}),scale={w}:{h}", "-frames:v", "1", "-f", "rawvideo",
                          "-pix_fmt", "rgb24", "-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(h, w, 3).astype(np.float32)


@pytest.mark.footage
def test_shotlog_json_thumbnails_and_story(asg, ffmpeg_bin):
    (asg.out / "reels").mkdir(parents=True)
    (asg.out / "reels" / "uji_reels.mp4").write_bytes(b"x" * 2048)
    result = make_shotlog(asg)
    assert result.ok
    data = json.loads((asg.shotlog / "shotlog.json").read_text(encoding="utf-8"))
    assert [len(c["shots"]) for c in data["clips"]] == [6, 1, 2]
    bikes, qt, gen = data["clips"]
    assert bikes["sha256"] == hashlib.sha256((asg.root / bikes["file"]).read_bytes()).hexdigest()
    assert bikes["source"].endswith("bikes.mp4")
    assert [s["start"] for s in bikes["shots"]] == [0.0, 1.2, 3.04, 5.48, 7.48, 9.68]
    assert bikes["shots"][1]["start_tc"] == "00:00:01.200" and bikes["shots"][1]["start_frame"] == 30
    assert bikes["shots"][-1]["end"] == 10.0 and bikes["shots"][0]["duration"] == 1.2
    assert gen["shots"][1]["start"] == 1.2 and gen["shots"][1]["end_frame"] == 54
    # Story sheet from vidjourn.yaml + manifest + out/.
    story = data["story"]
    assert story["apa"] == "Pelatihan video jurnalistik" and story["di_mana"] == "Aula Polres Cirebon"
    assert story["reporter"] == "Bripka Dewi" and story["unit"] == "Humas Polres"
    assert story["lower_thirds"] == ["AKP Budi — Kasubbag Humas (20261112_uji_001)"]
    assert story["exports"] == [{"platform": "reels", "file": "out/reels/uji_reels.mp4", "size": 2048}]
    assert [o["sha256"] for o in story["originals"]] == [c["sha256"] for c in data["clips"]]
    # Thumbnails: one JPEG per shot, 320 px wide, from the middle of the shot, oriented as displayed.
    for clip in data["clips"]:
        for s in clip["shots"]:
            with Image.open(asg.shotlog / s["thumbnail"]) as im:
                assert im.format == "JPEG" and im.width == 320
    with Image.open(asg.shotlog / qt["shots"][0]["thumbnail"]) as im:
        assert im.height > im.width  # the iPad clip is portrait on display
        thumb = np.asarray(im.convert("RGB"), np.float32)
    # The thumbnail is the sampled candidate nearest the shot's middle (render.spec.AnalysisSpec.step_for:
    # one every ~1/4 s), so compare with that very frame, not with the exact middle of a moving shot.
    from vidjourn.analysis.clip_analysis import thumb_candidate
    from vidjourn.analysis.shots import Shot
    from vidjourn.core.probe import probe
    from vidjourn.render.spec import AnalysisSpec

    v = probe(asg.root / qt["file"]).video
    step = AnalysisSpec.step_for(v.fps or v.avg_fps)
    first = qt["shots"][0]
    shot = Shot(**{k: first[k] for k in Shot.__dataclass_fields__ if k in first})
    frame = thumb_candidate(shot, step, 10**9) * step
    ref = autorotated_frame(ffmpeg_bin, asg.root / qt["file"], frame, (thumb.shape[1], thumb.shape[0]))
    assert np.abs(thumb - ref).mean() < 8  # same picture, same way up (JPEG noise only)
    assert np.abs(thumb - ref[::-1, ::-1]).mean() > 20  # ...and the check can tell upside down apart
    # Each bikes thumbnail shows its own shot: consecutive thumbnails differ clearly.
    pics = [np.asarray(Image.open(asg.shotlog / s["thumbnail"]).convert("L"), np.float32) for s in bikes["shots"]]
    assert all(np.abs(a - b).mean() > 15 for a, b in itertools.pairwise(pics))
    assert not list(asg.shotlog.rglob(".*part*"))  # nothing half-written left behind


@pytest.mark.footage
def test_upside_down_phone_clip_thumbnail(tmp_path, footage, ffmpeg_bin):
    a = make_assignment(tmp_path / "s", [footage("fire2.mp4")])
    log = build_shotlog(a)
    thumb_rel = log.clips[0].shots[0].thumb
    with Image.open(a.shotlog / thumb_rel) as im:
        thumb = np.asarray(im.convert("RGB"), np.float32)
    ref = autorotated_frame(ffmpeg_bin, a.root / log.clips[0].file, log.clips[0].shots[0].shot.middle_frame,
                            (thumb.shape[1], thumb.shape[0]))
    assert np.abs(thumb - ref).mean() < 8
    assert np.abs(thumb - ref[::-1, ::-1]).mean() > 15


@pytest.mark.footage
def test_notes_survive_regeneration_and_orphans_are_kept(asg):
    build_shotlog(asg)
    notes_path = asg.shotlog / "notes.yaml"
    notes = yaml.safe_load(notes_path.read_text(encoding="utf-8"))
    sha = next(iter(notes["clips"]))
    assert notes["clips"][sha]["file"].startswith("raw/")
    assert list(notes["clips"][sha]["shots"])[:3] == ["00:00:00.000", "00:00:01.200", "00:00:03.040"]
    shots = notes["clips"][sha]["shots"]
    shots["00:00:01.200"].update(description="Pesepeda melintas", shot_type="ws", sound="NAT", speaker="")
    # A key one frame off (as if the detector moved) still finds its shot.
    del shots["00:00:05.480"]
    shots["00:00:05.520"] = {"description": "Pagar taman", "shot_type": "MS"}
    shots["00:00:08.800"] = {"notes": "shot yang sudah tidak ada"}  # no shot starts near 8.8 s
    notes_path.write_text(yaml.safe_dump(notes, allow_unicode=True), encoding="utf-8")

    log = build_shotlog(asg)
    got = {ls.shot.start_tc: ls.note for ls in log.clips[0].shots}
    assert got["00:00:01.200"].description == "Pesepeda melintas"
    assert got["00:00:01.200"].shot_type == "WS"  # normalised to upper case
    assert got["00:00:05.480"].description == "Pagar taman"
    assert log.orphan_notes == 1
    again = yaml.safe_load(notes_path.read_text(encoding="utf-8"))["clips"][sha]["shots"]
    assert again["00:00:01.200"]["description"] == "Pesepeda melintas"
    assert again["00:00:05.480"]["description"] == "Pagar taman"
    assert again["00:00:08.800"]["notes"] == "shot yang sudah tidak ada"  # kept, not dropped
    # A third run changes nothing, and re-uses the cached analysis and thumbnails (originals never change).
    before = notes_path.read_text(encoding="utf-8")
    stamps = {p: p.stat().st_mtime_ns for p in [*asg.work.glob("shots/*.json"), *asg.shotlog.glob("thumbs/*.jpg")]}
    assert len(stamps) == 3 + 9
    build_shotlog(asg)
    assert notes_path.read_text(encoding="utf-8") == before
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


@pytest.mark.footage
def test_bad_notes_are_all_reported_before_any_work(asg):
    asg.shotlog.mkdir()
    (asg.shotlog / "notes.yaml").write_text(yaml.safe_dump({"clips": {"abc": {"file": "raw/x.mp4", "shots": {
        "00:00:00.000": {"shot_type": "XL", "sound": "music", "colour": "red"}}}}}), encoding="utf-8")
    with pytest.raises(NotesError) as exc:
        make_shotlog(asg)
    msg = str(exc.value)
    assert "notes.yaml" in msg
    assert "clips.abc.shots.00:00:00.000.shot_type: 'XL' is not a known choice; write one of WS, MS, CU" in msg
    assert "sound: 'music' is not a known choice; write one of SOT, NAT, VO" in msg
    assert "colour: unknown key" in msg
    assert len(exc.value.problems) == 3
    assert not (asg.shotlog / "shotlog.html").exists()
    (asg.shotlog / "notes.yaml").write_text("clips: {abc: [unclosed\n", encoding="utf-8")
    with pytest.raises(NotesError, match="not valid YAML"):
        build_shotlog(asg)


@pytest.mark.footage
def test_user_text_is_escaped_in_every_writer(asg):
    build_shotlog(asg)
    notes_path = asg.shotlog / "notes.yaml"
    notes = yaml.safe_load(notes_path.read_text(encoding="utf-8"))
    sha = next(iter(notes["clips"]))
    notes["clips"][sha]["shots"]["00:00:00.000"].update(
        description=XSS, speaker="=HYPERLINK(\"http://x\",\"klik\")", notes="Ñandú | *tebal* — Jl. Merdeka")
    notes_path.write_text(yaml.safe_dump(notes, allow_unicode=True), encoding="utf-8")
    make_shotlog(asg)

    page = (asg.shotlog / "shotlog.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Uji &lt;b&gt;tebal&lt;/b&gt; &amp; Polres" in page and "<b>" not in page
    assert page.count("<article class='shot'") == 9
    assert page.count("src='data:image/jpeg;base64,") == 9  # self-contained: every thumbnail embedded
    assert "@media print" in page and "size: A4" in page and "name='viewport'" in page

    mdtext = (asg.shotlog / "shotlog.md").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in mdtext and "<script" not in mdtext
    assert "Ñandú \\| \\*tebal\\*" in mdtext  # a | cannot break the table, * cannot make bold

    raw = (asg.shotlog / "shotlog.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Clip", "No.", "Start"] and len(rows) == 1 + 9
    assert rows[1][10] == XSS and rows[1][13] == "'=HYPERLINK(\"http://x\",\"klik\")"
    assert rows[1][14] == "Ñandú | *tebal* — Jl. Merdeka"

    from openpyxl import load_workbook

    wb = load_workbook(asg.shotlog / "shotlog.xlsx")
    assert wb.sheetnames == ["Shots", "Story"]
    ws = wb["Shots"]
    assert ws.max_row == 10 and len(ws._images) == 9  # a thumbnail image on every shot row
    assert ws.cell(2, 11).value == XSS
    speaker = ws.cell(2, 14)
    assert speaker.value == "=HYPERLINK(\"http://x\",\"klik\")" and speaker.data_type == "s"  # text, not formula
    story = {r[0].value: r[1].value for r in wb["Story"].iter_rows() if r[0].value}
    assert story["Where (di mana)"] == "Aula Polres Cirebon" and story["Title"] == "Uji <b>tebal</b> & Polres"
    hashes = [r[1].value for r in wb["Story"].iter_rows() if r[1].value and len(str(r[1].value)) == 64]
    assert hashes == [c["sha256"] for c in json.loads((asg.shotlog / "shotlog.json").read_text())["clips"]]


@pytest.mark.footage
def test_regenerating_replaces_own_files_but_not_edited_ones(asg):
    make_shotlog(asg, ("html", "csv"))
    make_shotlog(asg, ("html", "csv"))  # untouched outputs: replaced freely
    csv_path = asg.shotlog / "shotlog.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8-sig") + "my edit\n", encoding="utf-8")
    from vidjourn.core.errors import VidjournError

    with pytest.raises(VidjournError) as exc:
        make_shotlog(asg, ("html", "csv"))
    assert str(csv_path) in str(exc.value) and "--force" in str(exc.value)
    assert "my edit" in csv_path.read_text(encoding="utf-8")
    make_shotlog(asg, ("html", "csv"), force=True)
    assert "my edit" not in csv_path.read_text(encoding="utf-8-sig")


@pytest.mark.footage
def test_cli_shotlog_json_bad_clip_and_bad_format(asg, tmp_path):
    # A second, broken original: the batch carries on and exits 1 naming it.
    manifest = json.loads(asg.manifest_file.read_text())
    bad = dict(manifest["clips"][2], id="rusak", file="raw/rusak.mp4", sha256="0" * 64)
    (asg.raw / "rusak.mp4").write_bytes(b"\x00" * 4096)
    manifest["clips"].append(bad)
    asg.manifest_file.write_text(json.dumps(manifest))
    runner = CliRunner()
    res = runner.invoke(cli, ["shotlog", "-p", str(asg.root), "--format", "json,html", "--json"])
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    assert [c["shots"] for c in data["clips"]] == [6, 1, 2, 0]
    assert "rusak.mp4" in data["clips"][3]["error"] and data["ok"] is False
    assert sorted(Path(p).name for p in data["outputs"]) == ["shotlog.html", "shotlog.json"]
    res = runner.invoke(cli, ["shotlog", "-p", str(asg.root), "--format", "pdf"])
    assert res.exit_code == 2 and "Unknown format: pdf" in res.output
    res = runner.invoke(cli, ["shotlog", "--help"])
    assert res.exit_code == 0 and "Example" in res.output
    res = runner.invoke(cli, ["--lang", "id", "shotlog", "-p", str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and "bukan folder penugasan" in res.output


def test_empty_assignment_writes_an_empty_log(tmp_path):
    a = make_assignment(tmp_path / "empty", [])
    res = CliRunner().invoke(cli, ["shotlog", "-p", str(a.root)])
    assert res.exit_code == 0, res.output
    assert "no clips yet" in res.output
    assert json.loads((a.shotlog / "shotlog.json").read_text())["clips"] == []


@pytest.mark.footage
def test_thumbnails_of_non_square_pixel_and_interlaced_clips(tmp_path, footage, ffmpeg_bin):
    interlaced = make_cuts_clip(ffmpeg_bin, tmp_path / "int.mp4", [("testsrc2", 1.0, 25), ("smptebars", 1.0, 25)],
                                vf_each=["setfield=tff", "setfield=tff"], extra_out=["-flags", "+ilme+ildct"])
    a = make_assignment(tmp_path / "s", [footage("foreman_vp9.webm"), interlaced])
    log = build_shotlog(a)
    foreman, inter = log.clips
    with Image.open(a.shotlog / foreman.shots[0].thumb) as im:
        assert im.size == (320, 240)  # 352x288 at SAR 35:32 displays as 385x288 (4:3), not 352:288
        thumb = np.asarray(im.convert("RGB"), np.float32)
    ref = autorotated_frame(ffmpeg_bin, a.root / foreman.file, foreman.shots[0].shot.middle_frame, (320, 240))
    assert np.abs(thumb - ref).mean() < 8
    assert [s.shot.start_frame for s in inter.shots] == [0, 25]
    with Image.open(a.shotlog / inter.shots[1].thumb) as im:
        assert im.size == (320, 180)
        bars = np.asarray(im.convert("RGB"), np.float32)
    # The SMPTE bars' top-left bar is light grey: the thumbnail shows the second shot, not the first.
    assert bars[20:60, 10:30].mean() > 150 and bars[20:60, 10:30].std() < 12


def test_indonesian_headings_in_every_writer(tmp_path, ffmpeg_bin):
    from vidjourn.core.i18n import set_lang

    cuts = make_cuts_clip(ffmpeg_bin, tmp_path / "c.mp4", [("testsrc2", 0.6, 25), ("smptebars", 0.6, 25)])
    a = make_assignment(tmp_path / "id", [cuts])
    set_lang("id")
    make_shotlog(a)
    page = (a.shotlog / "shotlog.html").read_text(encoding="utf-8")
    assert "<html lang='id'>" in page and "Lembar berita (5W1H)" in page and "<dt>Jenis shot</dt>" in page
    assert (a.shotlog / "shotlog.csv").read_text(encoding="utf-8-sig").startswith("Klip,No.,Mulai,Selesai")
    assert "Catatan shot log" in (a.shotlog / "notes.yaml").read_text(encoding="utf-8")
    from openpyxl import load_workbook

    assert load_workbook(a.shotlog / "shotlog.xlsx").sheetnames == ["Shot", "Berita"]
    # JSON keys stay English for scripts, whatever the language.
    assert "start_tc" in json.loads((a.shotlog / "shotlog.json").read_text())["clips"][0]["shots"][0]
