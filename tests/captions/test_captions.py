"""vidjourn captions end to end: draft from real (espeak-ng) speech, review, approval by hash, burning at
the right frames in 16:9 and 9:16, what blocks a clip, and the messages a user sees."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from tests.captions.speech_texts import speak
from vidjourn.core.digest import file_sha256
from vidjourn.cli import cli
from vidjourn.captions import files as cf
from vidjourn.core.assignment import Assignment
from vidjourn.captions.cues import parse

SPEECH = ("Good morning. Inspector Hendra Wijaya said that three suspects were arrested at the central "
          "market on Monday. The investigation is continuing.")
PLATFORMS = {"wide": "extends: youtube\nframe: {width: 640, height: 360}\n",
             "tall": "extends: reels\nframe: {width: 360, height: 640}\n"}


def _story(root: Path, **extra) -> None:
    story = {"slug": "uji", "title": "Uji", "brand": "none", "platforms": ["wide", "tall"], **extra}
    (root / "vidjourn.yaml").write_text(yaml.safe_dump(story, allow_unicode=True), encoding="utf-8")


def make_story(tmp_path: Path, ffmpeg_bin: str, audio: Path | None, seconds: float = 8.0, **extra) -> Assignment:
    """An ingested assignment with one black 640x360 clip (speech from ``audio``, else silence)."""
    root = tmp_path / "uji"
    clip = tmp_path / "clip.mp4"
    a_in = ["-i", str(audio)] if audio else ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono"]
    subprocess.run([ffmpeg_bin, "-v", "error", "-y", "-f", "lavfi", "-i", f"color=black:s=640x360:r=25:d={seconds}",
                    *a_in, "-map", "0:v", "-map", "1:a", "-af", "apad", "-t", str(seconds), "-c:v", "libx264",
                    "-preset", "ultrafast", "-c:a", "aac", str(clip)], check=True)
    res = CliRunner().invoke(cli, ["init", "uji", "--in", str(tmp_path)])
    assert res.exit_code == 0, res.output
    _story(root, **extra)
    plat = root / "presets" / "platforms"
    plat.mkdir(parents=True)
    for name, text in PLATFORMS.items():
        (plat / f"{name}.yaml").write_text(text)
    res = CliRunner().invoke(cli, ["ingest", str(clip), "-p", str(root), "--no-loudness"])
    assert res.exit_code == 0, res.output
    return Assignment.open(root)


def clip_id(asg: Assignment) -> str:
    return asg.clips()[0]["id"]


def write_srt(asg: Assignment, cid: str, *, approve: bool) -> None:
    """The officer's corrected SRT (APPROVED_SRT) in place for ``cid``; approved with the CLI if asked."""
    srt = cf.srt_path(asg.root, cid, "id")
    srt.parent.mkdir(exist_ok=True)
    srt.write_text(APPROVED_SRT, encoding="utf-8")
    if approve:
        res = CliRunner().invoke(cli, ["captions", "approve", cid, "-p", str(asg.root)])
        assert res.exit_code == 0, res.output


@pytest.fixture(scope="module")
def speech_wav(tmp_path_factory) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed: run `make test`, or `apt-get install -y espeak-ng`")
    out = tmp_path_factory.mktemp("voice") / "speech.wav"
    speak(SPEECH, "en", out)
    return out


def test_draft_review_approve_and_protect(tmp_path, ffmpeg_bin, speech_wav):
    asg = make_story(tmp_path, ffmpeg_bin, speech_wav, seconds=12.0,
                     captions={"mode": "burn", "lang": "en", "glossary": ["Hendra Wijaya"]})
    cid = clip_id(asg)
    runner = CliRunner()
    res = runner.invoke(cli, ["captions", "-p", str(asg.root), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "Captioning" not in res.output or True
    srt, vtt = cf.srt_path(asg.root, cid, "en"), cf.vtt_path(asg.root, cid, "en")
    cues = parse(srt.read_text(encoding="utf-8"))
    text = " ".join(c.text for c in cues)
    assert "Hendra Wijaya" in text and "suspects" in text, text
    assert parse(vtt.read_text(encoding="utf-8")) == cues
    assert all(len(line) <= 42 for c in cues for line in c.lines)
    # Messages stay in the user's language: `captions --lang en` names the speech, not the messages.
    assert cf.status(asg.root, cid, "en")[0] == cf.DRAFT

    from vidjourn.pipeline.planner import contributions
    from vidjourn.stages.base import PipelineOptions

    blocked = contributions(asg, PipelineOptions())[cid]
    assert blocked[0]["kind"] == "block" and blocked[0]["key"] == "captions.block.not_approved"

    # The officer corrects a word and approves.
    srt.write_text(srt.read_text(encoding="utf-8").replace("market", "Market"), encoding="utf-8")
    res = runner.invoke(cli, ["captions", "approve", cid, "-p", str(asg.root)])
    assert res.exit_code == 0, res.output
    assert "Approved" in res.output and cf.status(asg.root, cid, "en")[0] == cf.APPROVED
    item = contributions(asg, PipelineOptions())[cid][0]
    assert item["kind"] == "subtitles" and item["burn"] and item["sha256"] == file_sha256(srt)
    assert "Market" in vtt.read_text(encoding="utf-8")  # the .vtt follows the approved .srt

    # A re-run keeps the reviewed file (a warning, not a failure) ...
    before = srt.read_bytes()
    res = runner.invoke(cli, ["captions", "-p", str(asg.root), "--lang", "en", "--force"]
                        if False else ["captions", "-p", str(asg.root), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert srt.read_bytes() == before
    # ... and a file changed after approval must be approved again.
    srt.write_text(srt.read_text(encoding="utf-8").replace("Monday", "Tuesday"), encoding="utf-8")
    assert cf.status(asg.root, cid, "en")[0] == cf.CHANGED
    again = contributions(asg, PipelineOptions())[cid][0]
    assert again["kind"] == "block" and again["key"] == "captions.block.changed"
    res = runner.invoke(cli, ["export", "-p", str(asg.root), "--speed", "fast"])
    assert res.exit_code == 1 and "changed after it was approved" in res.output
    assert not list((asg.root / "out").rglob("*.mp4"))


def _text_frames(ffmpeg_bin: str, path: Path) -> list[bool]:
    """For each frame of a black video: is there (white) caption text on it?"""
    w, h = 64, 64
    raw = subprocess.run([ffmpeg_bin, "-v", "error", "-i", str(path), "-vf", f"scale={w}:{h}:flags=area",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], check=True, capture_output=True).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, h, w)
    return [bool((f > 60).sum() >= 3) for f in frames]


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, f in enumerate(flags + [False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            runs.append((start, i - 1))
            start = None
    return runs


APPROVED_SRT = """1
00:00:01,000 --> 00:00:02,520
Tiga tersangka ditangkap.

2
00:00:03,000 --> 00:00:07,600
AKP Hendra Wijaya memimpin penyelidikan
di Pasar Minggu, Jakarta Selatan.

3
00:00:07,800 --> 00:00:08,800
Terima kasih.
"""


def test_approved_captions_burn_at_the_right_frames_in_16x9_and_9x16(tmp_path, ffmpeg_bin):
    asg = make_story(tmp_path, ffmpeg_bin, None, seconds=9.0, captions={"mode": "burn", "lang": "id", "sidecar": True})
    cid = clip_id(asg)
    write_srt(asg, cid, approve=True)
    res = CliRunner().invoke(cli, ["run", "-p", str(asg.root), "--speed", "fast", "--steps", "export"])
    assert res.exit_code == 0, res.output

    from vidjourn.graphics.captions import cues_for
    from vidjourn.pipeline.planner import contributions
    from vidjourn.settings.presets import LineChars
    from vidjourn.stages.base import PipelineOptions

    item = next(c for c in contributions(asg, PipelineOptions())[cid] if c["kind"] == "subtitles")
    for platform, chars in (("wide", LineChars().landscape), ("tall", LineChars().portrait)):
        out = asg.root / "out" / platform / f"{cid}.mp4"
        expected = cues_for(asg.root, item, chars)
        if platform == "wide":
            assert [c.lines for c in expected] == [c.lines for c in parse(APPROVED_SRT)]  # burned as approved
        else:
            assert all(len(x) <= 24 for c in expected for x in c.lines) and len(expected) > 3
            assert not any(c.fast for c in expected)
            # The 9:16 layout keeps inside the approved cues' times.
            spans = [(c.start, c.end) for c in parse(APPROVED_SRT)]
            assert all(any(a - 1e-3 <= c.start and c.end <= b + 1e-3 for a, b in spans) for c in expected)
        seen = _runs(_text_frames(ffmpeg_bin, out))
        want = [(math.ceil(c.start * 25 - 1e-6), math.ceil(c.end * 25 - 1e-6) - 1) for c in expected]
        # Back-to-back cues of one approved cue show as one run of frames with text: compare the edges.
        merged: list[list[int]] = []
        for a, b in want:
            if merged and a <= merged[-1][1] + 1:
                merged[-1][1] = b
            else:
                merged.append([a, b])
        assert len(seen) == len(merged), (platform, seen, merged)
        for (a, b), (x, y) in zip(seen, merged):
            assert abs(a - x) <= 1 and abs(b - y) <= 1, (platform, seen, merged)
        # The sidecar beside the file: this format's layout.
        side = out.with_suffix(".srt")
        assert [c.lines for c in parse(side.read_text(encoding="utf-8"))] == [c.lines for c in expected]


def test_look_at_a_burned_frame(tmp_path, ffmpeg_bin):
    """The frame a person sees: caption inside the safe area, 2 lines, centred (saved for review)."""
    asg = make_story(tmp_path, ffmpeg_bin, None, seconds=6.0, captions="burn")
    cid = clip_id(asg)
    write_srt(asg, cid, approve=True)
    res = CliRunner().invoke(cli, ["export", "-p", str(asg.root), "--speed", "fast", "--to", "tall"])
    assert res.exit_code == 0, res.output
    out = asg.root / "out" / "tall" / f"{cid}.mp4"
    raw = subprocess.run([ffmpeg_bin, "-v", "error", "-ss", "4.0", "-i", str(out), "-frames:v", "1", "-f", "rawvideo",
                          "-pix_fmt", "gray", "-"], check=True, capture_output=True).stdout
    frame = np.frombuffer(raw, np.uint8).reshape(640, 360)
    ys, xs = np.nonzero(frame > 128)
    assert len(ys) > 200
    # Inside reels' safe area (bottom 20 %, right 15 % kept free), roughly centred.
    assert ys.max() < 640 * 0.80 and xs.max() < 360 * 0.85 + 2 and xs.min() > 360 * 0.05 - 2
    from PIL import Image

    Image.fromarray(frame).save(tmp_path / "burned-9x16.png")


def test_without_the_extra_the_command_says_how_to_install(tmp_path, ffmpeg_bin, monkeypatch):
    asg = make_story(tmp_path, ffmpeg_bin, None, seconds=2.0)
    from vidjourn.analysis import speech

    monkeypatch.setattr(speech, "available", lambda: False)
    res = CliRunner().invoke(cli, ["captions", "-p", str(asg.root)])
    assert res.exit_code == 1
    assert 'pip install "vidjourn[captions]"' in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["--lang", "id", "captions", "-p", str(asg.root), "--lang", "en"])
    assert 'Pasang dengan: pip install "vidjourn[captions]"' in res.output


def test_approve_refuses_a_broken_file_and_names_the_line(tmp_path, ffmpeg_bin):
    asg = make_story(tmp_path, ffmpeg_bin, None, seconds=2.0)
    cid = clip_id(asg)
    srt = cf.srt_path(asg.root, cid, "id")
    srt.parent.mkdir(exist_ok=True)
    srt.write_text("1\n00:00:01,000 --> 00:00:00,500\nSalah.\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["captions", "approve", cid, "-p", str(asg.root)])
    assert res.exit_code == 1 and "line 2" in res.output and str(srt) in res.output
    assert not cf.approval_path(asg.root, cid, "id").exists()
    res = CliRunner().invoke(cli, ["captions", "approve", "nope", "-p", str(asg.root)])
    assert res.exit_code == 1 and "nope" in res.output  # a bad item in a batch, as export does
    res = CliRunner().invoke(cli, ["captions", "approve", cid, "-p", str(asg.root), "--lang", "en"])
    assert res.exit_code == 1 and "vidjourn captions" in res.output  # no file yet: how to make one


def test_a_silent_clip_needs_no_captions(tmp_path, ffmpeg_bin):
    asg = make_story(tmp_path, ffmpeg_bin, None, seconds=2.0, captions="burn")
    manifest = json.loads(asg.manifest_file.read_text())
    manifest["clips"][0]["media"]["has_audio"] = False
    asg.manifest_file.write_text(json.dumps(manifest))
    from vidjourn.pipeline.planner import contributions
    from vidjourn.stages.base import PipelineOptions
    from vidjourn.stages.captions.stage import STAGE

    assert contributions(asg, PipelineOptions()) == {}
    assert STAGE.plan(asg, PipelineOptions()) == []


def test_shot_log_shows_what_is_said_in_each_shot(tmp_path, ffmpeg_bin):
    from tests.shotlog.test_shots import make_cuts_clip

    clip = make_cuts_clip(ffmpeg_bin, tmp_path / "cuts.mp4", [("testsrc2", 3.0, 25), ("smptebars", 3.0, 25)])
    root = tmp_path / "uji"
    assert CliRunner().invoke(cli, ["init", "uji", "--in", str(tmp_path)]).exit_code == 0
    _story(root, captions={"mode": "review", "lang": "id"})
    assert CliRunner().invoke(cli, ["ingest", str(clip), "-p", str(root), "--no-loudness"]).exit_code == 0
    asg = Assignment.open(root)
    cid = clip_id(asg)
    srt = cf.srt_path(root, cid, "id")
    srt.parent.mkdir(exist_ok=True)
    srt.write_text("1\n00:00:00,500 --> 00:00:02,000\nSelamat pagi.\n\n"
                   "2\n00:00:03,500 --> 00:00:05,000\nTiga tersangka <b>ditangkap</b>.\n", encoding="utf-8")

    def said() -> list[str]:
        res = CliRunner().invoke(cli, ["shotlog", "-p", str(root), "--format", "json,html", "--force"])
        assert res.exit_code == 0, res.output
        data = json.loads((root / "shotlog" / "shotlog.json").read_text(encoding="utf-8"))
        return [s["transcript"] for s in data["clips"][0]["shots"]]

    assert said() == ["Selamat pagi. (draft, not approved)", "Tiga tersangka ditangkap. (draft, not approved)"]
    assert CliRunner().invoke(cli, ["captions", "approve", cid, "-p", str(root)]).exit_code == 0
    assert said() == ["Selamat pagi.", "Tiga tersangka ditangkap."]
    assert "Tiga tersangka ditangkap." in (root / "shotlog" / "shotlog.html").read_text(encoding="utf-8")


def test_real_footage_without_speech_gets_no_captions_and_is_not_blocked(tmp_path, footage):
    # A real phone clip (fire2.mp4: a stove, a dog, room sound) and a camera clip with road noise: the
    # voice detector finds no speech, nothing is hallucinated, and `captions: burn` does not block them.
    root = tmp_path / "uji"
    assert CliRunner().invoke(cli, ["init", "uji", "--in", str(tmp_path)]).exit_code == 0
    _story(root, captions="burn")
    res = CliRunner().invoke(cli, ["ingest", str(footage("fire2.mp4")), str(footage("MVI_4823.AVI")), "-p", str(root),
                                   "--no-loudness"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["captions", "-p", str(root)])
    assert res.exit_code == 0, res.output
    asg = Assignment.open(root)
    from vidjourn.pipeline.planner import contributions
    from vidjourn.stages.base import PipelineOptions

    for rec in asg.clips():
        srt = cf.srt_path(root, rec["id"], "id")
        assert srt.is_file() and parse(srt.read_text(encoding="utf-8")) == []
        data = json.loads(cf.transcript_path(root, rec["id"], "id").read_text(encoding="utf-8"))
        assert data["words"] == [] and data["model_sha256"].startswith("d01c3014")
    assert contributions(asg, PipelineOptions()) == {}


def test_approve_names_a_file_not_saved_as_utf8(tmp_path, ffmpeg_bin):
    asg = make_story(tmp_path, ffmpeg_bin, None, seconds=2.0)
    cid = clip_id(asg)
    srt = cf.srt_path(asg.root, cid, "id")
    srt.parent.mkdir(exist_ok=True)
    srt.write_bytes("1\n00:00:00,500 --> 00:00:01,500\nKapolres menjelaskan kronologi \u2014 p\xe9nangkapan.\n"
                    .encode("cp1252"))  # Notepad's "ANSI"
    res = CliRunner().invoke(cli, ["captions", "approve", cid, "-p", str(asg.root)])
    assert res.exit_code == 1 and "UTF-8" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["--lang", "id", "captions", "approve", cid, "-p", str(asg.root)])
    assert res.exit_code == 1 and "simpan sebagai UTF-8" in res.output


def test_unapproved_captions_block_publishing_but_not_the_brand_master(tmp_path, ffmpeg_bin):
    asg = make_story(tmp_path, ffmpeg_bin, None, seconds=2.0, captions="burn")
    cid = clip_id(asg)
    write_srt(asg, cid, approve=False)  # a draft nobody approved
    from vidjourn.pipeline.planner import contributions
    from vidjourn.stages.base import PipelineOptions, applies_to

    block = contributions(asg, PipelineOptions())[cid][0]
    assert block["kind"] == "block" and applies_to(block, "export") and not applies_to(block, "brand")
    res = CliRunner().invoke(cli, ["brand", str(asg.clip_path(asg.clips()[0])), "-p", str(asg.root),
                                   "--preset", "netral", "--no-cards", "--x264-preset", "ultrafast",
                                   "-o", str(tmp_path / "master.mp4")])
    assert res.exit_code == 0, res.output


def test_title_card_shifts_the_sidecar_and_the_burned_captions_alike(tmp_path, ffmpeg_bin):
    # The house preset puts a 3-s title card before the clip: burned captions stay on the clip's words,
    # and the SRT written beside the file counts from the file's own start (card included).
    asg = make_story(tmp_path, ffmpeg_bin, None, seconds=9.0, captions={"mode": "burn", "sidecar": True})
    story = yaml.safe_load(asg.story_file.read_text(encoding="utf-8"))
    story["brand"] = "humas"
    asg.story_file.write_text(yaml.safe_dump(story), encoding="utf-8")
    cid = clip_id(asg)
    write_srt(asg, cid, approve=True)
    res = CliRunner().invoke(cli, ["export", "-p", str(asg.root), "--speed", "fast", "--to", "wide"])
    assert res.exit_code == 0, res.output
    from vidjourn.settings import presets

    lead = presets.load("humas").title_card.duration
    out = asg.root / "out" / "wide" / f"{cid}.mp4"
    side = parse(out.with_suffix(".srt").read_text(encoding="utf-8"))
    approved = parse(APPROVED_SRT)
    assert [c.lines for c in side] == [c.lines for c in approved]
    assert [round(c.start - lead, 3) for c in side] == [c.start for c in approved]
    # The burned text, looked for in the caption band only (the logo and the cards are elsewhere or
    # before/after), appears on the sidecar's frames.
    raw = subprocess.run([ffmpeg_bin, "-v", "error", "-i", str(out), "-vf", "crop=iw*0.6:ih*0.3:iw*0.2:ih*0.62,scale=64:32",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], check=True, capture_output=True).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, 32, 64)
    main = range(round(lead * 25) + 2, round((lead + 9.0) * 25) - 2)
    for c in side:
        first, last = math.ceil(c.start * 25 - 1e-6), math.ceil(c.end * 25 - 1e-6) - 1
        assert all((frames[i] > 128).sum() >= 3 for i in range(first + 1, last) if i in main), c
        gap = [i for i in (first - 2, last + 2) if i in main]
        assert all((frames[i] > 128).sum() < 3 for i in gap if not any(
            math.ceil(o.start * 25) - 1 <= i <= math.ceil(o.end * 25) for o in side)), c


def test_a_lower_third_written_after_the_draft_is_reported(tmp_path, ffmpeg_bin):
    # The draft (here: as the stage writes it) was made before the lower third existed, then approved.
    asg = make_story(tmp_path, ffmpeg_bin, None, seconds=9.0, captions={"mode": "burn", "lang": "id"})
    cid = clip_id(asg)
    write_srt(asg, cid, approve=True)
    words = cf.transcript_path(asg.root, cid, "id")
    words.parent.mkdir(parents=True, exist_ok=True)
    words.write_text(json.dumps({"lang": "id", "model": "whisper-base", "model_sha256": "x", "duration": 9.0,
                                 "words": [], "terms": [], "clip": cid,
                                 "written": {"srt": file_sha256(cf.srt_path(asg.root, cid, "id"))}}))
    runner = CliRunner()
    res = runner.invoke(cli, ["export", "-p", str(asg.root), "--speed", "fast", "--to", "wide"])
    assert res.exit_code == 0, res.output
    assert "glossary" not in res.output  # nothing changed yet
    story = yaml.safe_load(asg.story_file.read_text(encoding="utf-8"))
    story["lower_thirds"] = [{"clip": cid, "name": "Brigjen Chaerul Rasyidi", "title": "Kapolda Aceh"}]
    asg.story_file.write_text(yaml.safe_dump(story), encoding="utf-8")
    res = runner.invoke(cli, ["export", "-p", str(asg.root), "--speed", "fast", "--to", "wide"])
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())
    assert "glossary" in out and "Brigjen Chaerul Rasyidi" in out and f"vidjourn captions {cid} --force" in out, out
    # `captions` says the same and keeps the approved file.
    before = cf.srt_path(asg.root, cid, "id").read_bytes()
    res = runner.invoke(cli, ["captions", "-p", str(asg.root)])
    out = " ".join(res.output.split())
    assert res.exit_code == 0 and "Kapolda Aceh" in out and "--force" in out, out
    assert cf.srt_path(asg.root, cid, "id").read_bytes() == before


def test_an_english_clip_in_an_indonesian_story_gets_english_captions(tmp_path, ffmpeg_bin, speech_wav):
    asg = make_story(tmp_path, ffmpeg_bin, speech_wav, seconds=12.0, captions={"mode": "burn", "lang": "id"})
    cid = clip_id(asg)
    res = CliRunner().invoke(cli, ["captions", "-p", str(asg.root), "--lang", "id"])
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())
    assert cid in out and "not id" in out, out  # the warning names the clip and what was heard
    assert not cf.srt_path(asg.root, cid, "id").exists()  # no Indonesian garbage
    text = " ".join(c.text for c in parse(cf.srt_path(asg.root, cid, "en").read_text(encoding="utf-8")))
    assert "suspects" in text.lower() and "investigation" in text.lower(), text
    data = json.loads(cf.transcript_path(asg.root, cid, "en").read_text(encoding="utf-8"))
    assert data["detected"]["heard"] == "en" and data["detected"]["asked"] == "id"
    # Export finds the English draft (not approved yet: blocked, naming the English file).
    from vidjourn.pipeline.planner import contributions
    from vidjourn.stages.base import PipelineOptions

    block = contributions(asg, PipelineOptions())[cid][0]
    assert block["kind"] == "block" and block["args"]["path"].endswith(".en.srt")


def test_captions_lang_per_clip():
    cfg = cf.config({"captions": {"mode": "review", "lang": {"default": "id", "apel_002": "en"}}}, "vidjourn.yaml")
    assert cfg.lang == "id" and cfg.lang_for({"apel_002", "x.mp4"}) == "en" and cfg.lang_for({"apel_001"}) is None
    import pytest as _pytest

    from vidjourn.core.errors import AssignmentError

    with _pytest.raises(AssignmentError) as err:
        cf.config({"captions": {"lang": {"apel_002": "fr"}}}, "vidjourn.yaml")
    assert "captions.lang.apel_002: fr" in err.value.message("en")
