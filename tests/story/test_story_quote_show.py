"""`story quote` finds words in a transcript (approved if there is one, else the draft, said so) and cuts
in the pauses around them; `story show` prints the timeline with redaction/captions state and blocks."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from tests.story.helpers import make_assignment
from vidjourn.captions import files as cf
from vidjourn.cli import cli
from vidjourn.core.digest import file_sha256
from vidjourn.stages.story import model

SAID = ("Selamat pagi. Tiga tersangka sudah ditangkap setelah perampokan di pasar pusat. "
        "Penyelidikan masih berlanjut, dan masyarakat diminta tetap tenang.")


def transcript(asg, clip: str, text: str = SAID, start: float = 0.6, lang: str = "id"):
    words, t = [], start
    for w in text.split():
        words.append([w, round(t, 3), round(t + 0.3, 3)])
        t += 0.42
    path = cf.transcript_path(asg.root, clip, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"lang": lang, "model": "base", "model_sha256": "x", "duration": t,
                                "words": words}), encoding="utf-8")
    return words


@pytest.fixture
def asg(tmp_path, clip_factory):
    talk = clip_factory("talk.mp4", duration=12.0, size=(160, 90))
    wide = clip_factory("wide.mp4", duration=4.0, size=(160, 90))
    a = make_assignment(tmp_path / "a", [talk, wide])
    story = yaml.safe_load(a.story_file.read_text())
    story["lower_thirds"] = [{"clip": "20261112_uji_001", "name": "AKP Budi", "title": "Kasubbag Humas"}]
    a.story_file.write_text(yaml.safe_dump(story))
    return a


def test_quote_from_the_draft_transcript_cut_in_pauses(asg):
    words = transcript(asg, "20261112_uji_001")
    res = CliRunner().invoke(cli, ["story", "quote", "20261112_uji_001", "tiga tersangka … pasar pusat",
                                   "-p", str(asg.root)])
    assert res.exit_code == 0, res.output
    assert "DRAFT transcript" in res.output
    s = model.load(asg)
    seg = s.segments[0]
    first = next(w for w in words if w[0] == "Tiga")
    last = next(w for w in words if w[0] == "pusat.")
    before = words[words.index(first) - 1]
    after = words[words.index(last) + 1]
    assert before[2] <= seg.source_in <= first[1] and last[2] <= seg.source_out <= after[1]
    assert seg.audio == "sot" and seg.lower_third.name == "AKP Budi"
    # a second quote without an ellipsis, put first; punctuation and case do not matter
    res = CliRunner().invoke(cli, ["story", "quote", "20261112_uji_001.mp4", "selamat PAGI", "--at", "1",
                                   "-p", str(asg.root), "--json"])
    assert res.exit_code == 0, res.output
    s = model.load(asg)
    assert len(s.segments) == 2 and s.segments[0].source_in <= 0.6 and s.segments[0].source_out < words[2][1]
    res = CliRunner().invoke(cli, ["story", "quote", "20261112_uji_001", "tidak pernah diucapkan",
                                   "-p", str(asg.root)])
    assert res.exit_code == 2 and "is not in the DRAFT transcript" in res.output and "Selamat pagi." in res.output
    res = CliRunner().invoke(cli, ["story", "quote", "20261112_uji_002", "apa saja", "-p", str(asg.root)])
    assert res.exit_code == 2 and "vidjourn captions 20261112_uji_002" in res.output


def test_quote_prefers_the_approved_captions(asg):
    transcript(asg, "20261112_uji_001")
    srt = cf.srt_path(asg.root, "20261112_uji_001", "id")
    srt.parent.mkdir(parents=True, exist_ok=True)
    srt.write_text("1\n00:00:00,600 --> 00:00:01,500\nSelamat pagi.\n\n2\n00:00:01,440 --> 00:00:06,000\n"
                   "Tiga tersangka sudah ditangkap setelah perampokan di Pasar Pusat.\n", encoding="utf-8")
    cf.approval_path(asg.root, "20261112_uji_001", "id").write_text(
        json.dumps(cf.approval_record(srt, file_sha256(srt), 2)), encoding="utf-8")
    res = CliRunner().invoke(cli, ["story", "quote", "20261112_uji_001", "tiga … Pasar Pusat", "-p",
                                   str(asg.root), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output[res.output.index("{"):])
    assert out["transcript"] == "approved" and out["words"].endswith("Pasar Pusat.")


def test_show_lists_segments_lengths_and_what_blocks(asg):
    transcript(asg, "20261112_uji_001")
    story = yaml.safe_load(asg.story_file.read_text())
    story["captions"] = "burn"
    asg.story_file.write_text(yaml.safe_dump(story))
    srt = cf.srt_path(asg.root, "20261112_uji_001", "id")
    srt.parent.mkdir(parents=True, exist_ok=True)
    srt.write_text("1\n00:00:00,600 --> 00:00:02,000\nSelamat pagi.\n", encoding="utf-8")
    (asg.root / "story.yaml").write_text(
        "segments:\n"
        "  - {clip: 20261112_uji_002, from: 0, to: 3, audio: nat}\n"
        "  - {clip: 20261112_uji_001, from: 0.5, to: 2.2, lower_third: {name: AKP Budi}, transition: dissolve}\n"
        "  - {clip: 20261112_uji_002, from: 1, to: 3.5, skip: [whatsapp]}\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["story", "show", "-p", str(asg.root), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    rows = data["segments"]
    assert [r["clip"] for r in rows] == ["20261112_uji_002", "20261112_uji_001", "20261112_uji_002"]
    assert rows[1]["in"] == "00:00:00.500" and rows[1]["captions"].startswith("draft")
    assert rows[1]["words"] == "Selamat pagi. Tiga tersangka" and rows[1]["words_state"] == "draft"
    assert rows[1]["blocked"] and "20261112_uji_001" in {b["clip"] for b in data["blocking"]}
    lengths = {p["platform"]: p["length"] - p["cards"] for p in data["platforms"]}
    assert lengths["reels"] == pytest.approx(3 + 1.7 - 0.5 + 2.5)
    assert lengths["whatsapp"] == pytest.approx(3 + 1.7 - 0.5)
    res = CliRunner().invoke(cli, ["story", "show", "-p", str(asg.root)])
    assert res.exit_code == 0
    assert "BLOCKING" in res.output and "Blocking: 20261112_uji_001" in res.output
    assert "whatsapp: " in res.output and "dissolve 0.5s" in res.output
