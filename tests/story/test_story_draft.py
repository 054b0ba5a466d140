"""`vidjourn story draft`: the rules one by one on made-up shots (pure), then on real pictures and real
speech: the shared footage, and demo-like clips (a real face speaking espeak-ng English, a street with its
own sound, a close-up) analysed for faces and speech by vidjourn itself."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml
from click.testing import CliRunner

from tests.story.helpers import make_assignment
from vidjourn.cli import cli
from vidjourn.stages.story import draft as D
from vidjourn.stages.story import model


def words(text: str, start: float, rate: float = 0.35, gap: float = 0.1) -> tuple[D.W, ...]:
    out, t = [], start
    for w in text.split():
        out.append(D.W(w, round(t, 3), round(t + rate, 3)))
        t += rate + gap
    return tuple(out)


def inside_a_word(t: float, ws) -> bool:
    return any(w.start + 1e-6 < t < w.end - 1e-6 for w in ws)


def test_sot_boundaries_lie_in_pauses_and_never_in_a_word():
    ws = words("Selamat pagi. Tiga tersangka sudah ditangkap. Penyelidikan masih berlanjut.", 1.0)
    shot = D.ShotInfo("c", "s" * 64, 1, 0.0, 6.0, True, 0.2, ws, ("AKP Budi", "Kasubbag"), True)
    p = D.statement_pick(shot, room=30)
    assert p.words[0].text == "Selamat" and p.words[-1].text == "berlanjut."
    assert not inside_a_word(p.start, ws) and not inside_a_word(p.end, ws)
    assert p.start <= ws[0].start and p.end >= ws[-1].end
    # a tighter room: whole sentences that fit, the out point in the pause after "ditangkap."
    p = D.statement_pick(shot, room=3.0)
    assert p.words[-1].text == "ditangkap." and p.duration <= 3.0
    nxt = ws[len(p.words)]
    assert p.words[-1].end <= p.end <= nxt.start
    # a word divided by the shot's own cut is not used
    cut = D.ShotInfo("c", "s" * 64, 2, ws[1].start + 0.1, 6.0, True, 0.2, ws, None, True)
    assert cut.inside[0] == ws[2]
    p = D.statement_pick(cut, room=30)
    assert p.start >= ws[1].end and not inside_a_word(p.start, ws)


def test_rules_open_wide_with_sound_statements_between_cutaways_close_wide_min_2s():
    talk1 = words("Selamat pagi semua. Apel siaga banjir dimulai hari ini.", 0.5)
    talk2 = words("Kami siapkan tiga ratus personel. Warga diminta tetap tenang.", 0.4)
    shots = [
        D.ShotInfo("street", "a" * 64, 1, 0.0, 6.0, True, 0.0, (), None, False, 0),
        D.ShotInfo("street", "a" * 64, 2, 6.0, 7.5, True, 0.0, (), None, False, 0),  # 1.5 s: never used
        D.ShotInfo("crowd", "b" * 64, 1, 0.0, 5.0, True, 0.06, (), None, False, 1),
        D.ShotInfo("silentwide", "c" * 64, 1, 0.0, 8.0, False, 0.0, (), None, False, 2),
        D.ShotInfo("chief", "d" * 64, 1, 0.0, 7.0, True, 0.2, talk1, ("AKP Budi", "Kasubbag Humas"), True, 3),
        D.ShotInfo("chief2", "e" * 64, 1, 0.0, 7.0, True, 0.35, talk2, None, False, 4),
        D.ShotInfo("hands", "f" * 64, 1, 0.0, 4.0, True, 0.4, (), None, False, 5),
    ]
    d = D.propose(shots, budget=40)
    roles = [p.role for p in d.picks]
    assert roles[0] == "open" and d.picks[0].shot.clip_id == "street"  # widest WITH sound
    assert roles[-1] == "close" and d.picks[-1].shot.shot_type == "WS"
    assert all(p.duration >= D.MIN_SEGMENT - 1e-6 for p in d.picks)
    assert "street#2: 1.5 s < 2 s" in d.skipped
    sts = [i for i, r in enumerate(roles) if r == "statement"]
    assert len(sts) == 2 and sts[1] - sts[0] == 2 and roles[sts[0] + 1] == "cutaway"
    assert d.length <= 40
    segs = D.to_story(d, ("NAMA", "Jabatan"))["segments"]
    assert segs[sts[0]]["lower_third"] == {"name": "AKP Budi", "title": "Kasubbag Humas"}
    assert segs[sts[1]]["lower_third"] == {"name": "NAMA", "title": "Jabatan"}  # nobody named: to fill in
    assert segs[sts[0]]["audio"] == "sot" and segs[0]["audio"] == "nat"
    for budget in (12, 20, 9):
        d = D.propose(shots, budget=budget)
        assert d.length <= budget + 1e-6 and all(p.duration >= 2 - 1e-6 for p in d.picks)
        for p in d.picks:
            if p.role == "statement":
                assert not inside_a_word(p.start, p.shot.words) and not inside_a_word(p.end, p.shot.words)


@pytest.mark.footage
def test_draft_on_the_shared_footage(tmp_path, footage):
    names = ["bikes.mp4", "flower.webm", "fire2.mp4", "MVI_4823.AVI", "asl_again.mkv", "foreman_vp9.webm",
             "quicktime-hvc1.mov"]
    asg = make_assignment(tmp_path / "a", [footage(n) for n in names])
    res = CliRunner().invoke(cli, ["story", "draft", "-p", str(asg.root), "--length", "20", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output[res.output.index("{"):])
    assert out["length"] <= 20 and out["missing"]["shots"] == []
    s = model.load(asg)
    assert s.length() + out["cards"] <= 20 + 1e-6
    assert all(x.duration >= 2 - 1e-3 for x in s.segments)
    # the opening: the widest shot WITH sound; no face analysis here, so every shot counts as wide and
    # the longest with sound opens (flower.webm, 5 s of natural sound)
    assert s.segments[0].audio == "nat" and s.segments[0].clip_id == "20261112_uji_002"
    suggested = json.loads((asg.shotlog / "suggested.json").read_text())
    assert suggested["version"] == 1
    # {shot: clip#n} takes the shot log's times (bikes.mp4's hard cuts)
    from vidjourn.analysis import clip_analysis

    bikes = asg.clips()[0]
    shots = clip_analysis.cached(asg.work, bikes["sha256"]).detection.shots
    (asg.root / "story.yaml").write_text(f"segments:\n  - {{shot: \"{bikes['id']}#3\", audio: mute}}\n")
    seg = model.load(asg).segments[0]
    assert (seg.source_in, seg.source_out, seg.shot) == (shots[2].start, shots[2].end, f"{bikes['id']}#3")
    (asg.root / "story.yaml").write_text(f"segments:\n  - {{shot: \"{bikes['id']}#{len(shots) + 1}\"}}\n")
    with pytest.raises(model.StoryError, match=f"has {len(shots)} shots, there is no shot {len(shots) + 1}"):
        model.load(asg)
    # draft again without --force: refused, the officer's edits are safe
    res = CliRunner().invoke(cli, ["story", "draft", "-p", str(asg.root)])
    assert res.exit_code == 2 and "--force" in res.output


def _speaking_clip(ffmpeg, tmp, face_video, text: str, out):
    from tests.captions.speech_texts import speak

    wav = tmp / (out.stem + ".wav")
    speak(text, "en", wav, rate=150)
    subprocess.run([ffmpeg, "-v", "error", "-y", "-stream_loop", "-1", "-i", str(face_video), "-i", str(wav),
                    "-filter_complex", "[1:a]adelay=700:all=1,apad=pad_dur=0.8[a]", "-map", "0:v", "-map", "[a]",
                    "-shortest", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-ar", "48000",
                    str(out)], check=True)
    return out


@pytest.mark.footage
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (make test)")
def test_draft_on_demo_like_clips_with_real_faces_and_speech(tmp_path, footage, ffmpeg_bin):
    street = tmp_path / "street.mp4"  # bikes.mp4 (wide shots, hard cuts) with a street's sound
    subprocess.run([ffmpeg_bin, "-v", "error", "-y", "-i", str(footage("bikes.mp4")), "-f", "lavfi", "-i",
                    "anoisesrc=color=brown:amplitude=0.2:sample_rate=48000:d=10", "-shortest", "-c:v", "copy",
                    "-c:a", "aac", str(street)], check=True)
    chief = _speaking_clip(ffmpeg_bin, tmp_path, footage("asl_again.mkv"),
                           "Good morning. Three suspects were arrested after the robbery. "
                           "The investigation is still continuing.", tmp_path / "chief.mp4")
    asg = make_assignment(tmp_path / "a", [street, chief, footage("foreman_vp9.webm")])
    story = yaml.safe_load(asg.story_file.read_text())
    story["lower_thirds"] = [{"clip": "20261112_uji_002", "name": "AKP Budi Santoso", "title": "Kasubbag Humas",
                              "start": 0, "end": 4}]
    asg.story_file.write_text(yaml.safe_dump(story))
    res = CliRunner().invoke(cli, ["story", "draft", "-p", str(asg.root), "--length", "25", "--for", "reels",
                                   "--analyze", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output[res.output.index("{"):])
    assert out["missing"] == {"shots": [], "faces": [], "speech": []}, out
    assert out["length"] <= 25
    s = model.load(asg)
    know = D.gather(asg)
    by_key = {(x.clip_id, x.index): x for x in know.shots}
    # the speaker's face is measured: the webcam shot is a medium shot, foreman a close-up
    chief_shot = next(x for x in know.shots if x.clip_id == "20261112_uji_002")
    assert chief_shot.shot_type in ("MS", "CU") and chief_shot.statement
    assert next(x for x in know.shots if x.clip_id == "20261112_uji_003").shot_type == "CU"
    # opens on the widest shot with natural sound
    first = s.segments[0]
    opened = by_key[(first.clip_id, int(first.note.rsplit("#", 1)[1]))]
    assert first.audio == "nat" and opened.shot_type == "WS"
    assert all(opened.face <= x.face for x in know.shots if x.has_audio and x.duration >= 2 and not x.statement)
    # statements: SOT with the speaker's lower third, cut in pauses between the word timestamps
    sots = [x for x in s.segments if x.audio == "sot"]
    assert sots and all(x.lower_third.name == "AKP Budi Santoso" for x in sots)
    for x in sots:
        ws = chief_shot.words
        assert not inside_a_word(x.source_in, ws) and not inside_a_word(x.source_out, ws)
        spoken = [w for w in ws if x.source_in <= w.start and w.end <= x.source_out]
        assert spoken and spoken[0] == ws[0]
    assert s.segments[-1].audio in ("nat", "mute") and all(x.duration >= 2 - 1e-3 for x in s.segments)
    suggested = json.loads((asg.shotlog / "suggested.json").read_text())["clips"]
    assert any(v.get("sound") == "SOT" for v in suggested[chief_shot.sha256].values())


def test_demo_story_step(tmp_path):
    """The demo's story: `story draft` on the demo's clips (no face or speech analysis there: the
    interview, which vidjourn.yaml gives a lower third, is not taken for the wide opening, and becomes a
    SOT cut in the pauses of its sound), rendered by the story stage."""
    from vidjourn.pipeline.demo import FOUNDATION_STEPS, run_demo

    r = run_demo(tmp_path / "demo", stages=[*FOUNDATION_STEPS,
                                            ("story.demo_stage", "vidjourn.stages.story.demo:story_step")])
    assert r.ok, [(s.key, s.error) for s in r.stages]
    from vidjourn.core.assignment import Assignment

    a = Assignment.open(next((tmp_path / "demo").glob("*/vidjourn.yaml")).parent)
    s = model.load(a)
    interview = next(c for c in a.clips() if c["media"]["display_height"] == 1080)
    assert s.segments[0].clip_id != interview["id"] and s.segments[0].audio == "nat"
    # the interview has a speaker in vidjourn.yaml but no transcript: a SOT cut in the pauses of its sound
    sot = next(x for x in s.segments if x.audio == "sot")
    assert sot.clip_id == interview["id"] and sot.lower_third.name == "AKP Budi Santoso"
    runs = D.sound_runs(a.clip_path(interview))
    assert runs and not inside_a_word(sot.source_in, runs) and not inside_a_word(sot.source_out, runs)
    assert 4 <= len(s.segments) and s.length() <= 60
    assert (a.shotlog / "story-sheet.html").is_file()
    assert sorted(p.suffix for p in (a.out / "timeline").iterdir()) == [".edl", ".otio", ".xml"]
    # and rendered by the story stage: one file per demo platform
    for platform in ("reels", "feed", "youtube", "whatsapp"):
        assert len(list((a.out / platform).glob("*.mp4"))) == 1, platform


def test_shot_log_shows_suggestions_until_a_person_writes_their_own(tmp_path, clip_factory):
    from vidjourn.stages.shotlog.build import make_shotlog

    asg = make_assignment(tmp_path / "a", [clip_factory("w.mp4", duration=3.0, size=(160, 90))])
    res = CliRunner().invoke(cli, ["story", "draft", "-p", str(asg.root), "--length", "10"])
    assert res.exit_code == 0, res.output
    sha = asg.clips()[0]["sha256"]
    suggested = json.loads((asg.shotlog / "suggested.json").read_text())["clips"][sha]
    tc = next(iter(suggested))
    suggested[tc] = {"shot_type": "WS", "sound": "NAT"}  # as a face analysis would have it
    (asg.shotlog / "suggested.json").write_text(json.dumps({"version": 1, "clips": {sha: suggested}}))
    assert make_shotlog(asg, ("json", "html", "csv")).ok
    shot = json.loads((asg.shotlog / "shotlog.json").read_text())["clips"][0]["shots"][0]
    assert shot["shot_type"] == "" and shot["suggested"] == {"shot_type": "WS", "sound": "NAT"}
    html = (asg.shotlog / "shotlog.html").read_text()
    assert "<dd class='suggested'>WS (suggested by vidjourn)</dd>" in html
    assert "WS (suggested by vidjourn)" in (asg.shotlog / "shotlog.csv").read_text()
    notes = yaml.safe_load((asg.shotlog / "notes.yaml").read_text())
    assert notes["clips"][sha]["shots"][tc]["shot_type"] == ""  # a suggestion is never written as a note
    notes["clips"][sha]["shots"][tc]["shot_type"] = "MS"  # a person changes it
    (asg.shotlog / "notes.yaml").write_text(yaml.safe_dump(notes))
    assert make_shotlog(asg, ("json", "html"), force=True).ok
    shot = json.loads((asg.shotlog / "shotlog.json").read_text())["clips"][0]["shots"][0]
    assert shot["shot_type"] == "MS" and shot["suggested"] == {"sound": "NAT"}
    assert "MS (suggested" not in (asg.shotlog / "shotlog.html").read_text()
