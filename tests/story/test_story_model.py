"""story.yaml: strict validation (every mistake at once, with key paths, exit 2, nothing rendered, bounded
memory) and resolution against the assignment's clips."""

from __future__ import annotations

import resource

import pytest
from click.testing import CliRunner

from tests.story.helpers import make_assignment
from vidjourn.cli import cli
from vidjourn.stages.story import model


@pytest.fixture(scope="module")
def asg(tmp_path_factory, clip_factory):
    a = clip_factory("a.mp4", duration=4.0, size=(160, 120))
    b = clip_factory("b.mp4", duration=3.0, size=(120, 160), fps=30)
    silent = clip_factory("silent.mp4", duration=2.0, size=(160, 120), audio=False)
    return make_assignment(tmp_path_factory.mktemp("story") / "asg", [a, b, silent])


def write(asg, text: str) -> None:
    (asg.root / "story.yaml").write_text(text, encoding="utf-8")


def problems(asg) -> list[str]:
    with pytest.raises(model.StoryError) as exc:
        model.load(asg)
    assert exc.value.exit_code == 2
    return exc.value.problems


def test_valid_story_resolves(asg):
    write(asg, """
segments:
  - {clip: 20261112_uji_001, from: 0.5, to: "00:00:03.5", audio: nat}
  - {clip: 20261112_uji_002.mp4, from: 0.5, to: 2.5, lower_third: {name: AKP Budi, title: Kasubbag Humas},
     transition: {type: dissolve, length: 0.4}, audio_lead: 0.3}
  - {clip: 20261112_uji_003, from: 0, to: 1.5, audio: mute, only: [reels], transition: dip}
voiceover:
  - {file: 20261112_uji_001, at: 1.0, from: 0, to: 1.0, text: "Polres mengadakan apel"}
""")
    s = model.load(asg)
    a, b, c = s.segments
    assert (a.clip_id, a.source_in, a.source_out, a.audio) == ("20261112_uji_001", 0.5, 3.5, "nat")
    assert a.file == "raw/20261112_uji_001.mp4" and len(a.sha256) == 64
    assert b.audio == "sot" and b.lower_third.name == "AKP Budi" and b.transition == "dissolve"
    assert b.transition_length == 0.4 and b.audio_lead == 0.3 and b.fps == 30
    assert c.transition == "dip" and c.transition_length == 0.5
    assert s.length() == pytest.approx(3.0 + 2.0 + 1.5 - 0.4)
    assert s.length("youtube") == pytest.approx(3.0 + 2.0 - 0.4)
    assert s.voiceover[0].sha256 == a.sha256 and s.voiceover[0].text == "Polres mengadakan apel"
    assert s.fingerprint() == model.load(asg).fingerprint()


def test_every_mistake_at_once_with_key_paths(asg):
    write(asg, """
segments:
  - {clip: nope, from: 0, to: 1}
  - {clip: 20261112_uji_001, from: 1, to: 9}
  - {clip: 20261112_uji_001, from: 2, to: 1}
  - {clip: 20261112_uji_002, from: .nan, to: 1, colour: red}
  - {clip: 20261112_uji_003, from: 0, to: 1}
  - {clip: 20261112_uji_001, from: 0.2, to: 1, audio: loud, transition: wipe}
  - {shot: "20261112_uji_001#2"}
  - {clip: 20261112_uji_001, from: 0, to: 1, only: [tiktokk]}
title_card: "yes"
""")
    got = problems(asg)
    text = "\n".join(got)
    assert "segments[0].clip: no clip 'nope'" in text and "20261112_uji_002" in text
    assert "segments[1].to: 9 s is past the end of 20261112_uji_001 (4 s)" in text
    assert "segments[2]: `to` (1.0) must come after `from` (2.0)" in text
    assert "segments[3].from: " in text and "not a time" in text
    assert "segments[3].colour: unknown key" in text
    assert "segments[4].audio: clip 20261112_uji_003 has no sound" in text
    assert "segments[5].audio: 'loud' is not a known choice" in text
    assert "segments[5].transition.type: 'wipe'" in text
    assert "segments[6].shot: the shots of clip 20261112_uji_001 are not detected yet; run `vidjourn shotlog`" in text
    assert "segments[7].only[0]: unknown platform 'tiktokk'" in text
    assert "title_card: must be true or false" in text


def test_overlapping_j_cut_and_transition(asg):
    write(asg, """
segments:
  - {clip: 20261112_uji_001, from: 0, to: 1, audio_lead: 0.2}
  - {clip: 20261112_uji_001, from: 2, to: 3, audio_lead: 1.5}
  - {clip: 20261112_uji_002, from: 0.5, to: 2.5, audio_lead: 0.8, transition: {type: dissolve, length: 3}}
  - {clip: 20261112_uji_001, from: 0.1, to: 1.0, audio_lag: 0.2}
  - {clip: 20261112_uji_002, from: 1, to: 2, audio_lead: 0.3, audio_lag: 5}
""")
    text = "\n".join(problems(asg))
    assert "segments[0].audio_lead: the first segment cannot start its sound early" in text
    assert "segments[1].audio_lead: the J-cut of 1.5 s overlaps past the previous segment (1 s)" in text
    assert "segments[2].transition.length: the transition of 3 s is too long" in text
    assert "segments[4].audio_lead: this J-cut and the previous segment's L-cut overlap" in text
    assert "segments[4].audio_lag: " in text


def test_too_many_segments_and_yaml_bomb_exit_2_bounded(asg):
    write(asg, "segments:\n" + "".join("  - {clip: 20261112_uji_001, from: 0, to: 1}\n" for _ in range(500)))
    got = problems(asg)
    assert got == ["segments: 500 segments; a story holds at most 200. Split it into several stories "
                   "(separate assignments)"]
    bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        bomb.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    write(asg, "\n".join(bomb) + "\nsegments: *i\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    got = problems(asg)
    assert "too big" in got[0] or "20,000" in got[0]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB: nothing expanded
    res = CliRunner().invoke(cli, ["story", "check", "-p", str(asg.root)])
    assert res.exit_code == 2, res.output
    assert "story.yaml" in res.output and "Traceback" not in res.output
    assert not any((asg.root / "out").iterdir())  # nothing rendered


def test_cli_check_key_paths(asg):
    write(asg, "segments:\n  - {clip: 20261112_uji_001, from: 0, to: 99}\n")
    res = CliRunner().invoke(cli, ["story", "check", "-p", str(asg.root)])
    assert res.exit_code == 2
    assert "segments[0].to: 99 s is past the end" in res.output
    write(asg, "segments:\n  - {clip: 20261112_uji_001, from: 0, to: 2}\n")
    res = CliRunner().invoke(cli, ["story", "check", "-p", str(asg.root)])
    assert res.exit_code == 0, res.output
    assert "1 segments" in res.output


def test_dump_round_trips(asg):
    data = {"segments": [{"clip": "20261112_uji_001", "from": 0.04, "to": 2.5, "audio": "nat",
                          "note": 'wide "open"'},
                         {"clip": "20261112_uji_002", "from": 0, "to": 2,
                          "lower_third": {"name": "Siti: warga", "title": "#1 saksi"}}]}
    model.write(asg, data, header="draft\nline two")
    s = model.load(asg)
    assert [x.source_in for x in s.segments] == [0.04, 0]
    assert s.segments[0].note == 'wide "open"' and s.segments[1].lower_third.name == "Siti: warga"


def test_to_timeline(asg):
    write(asg, """
segments:
  - {clip: 20261112_uji_001, from: 0.5, to: 2.5, audio_lag: 0.3}
  - {clip: 20261112_uji_002, from: 0.5, to: 2.5, lower_third: {name: AKP Budi, start: 0.2, end: 1.5},
     transition: {type: dissolve, length: 0.4}, skip: [whatsapp]}
title_card: false
""")
    s = model.load(asg)
    tl = model.to_timeline(asg, s, slug="apel")
    a, b = tl.segments
    assert a.source == asg.root / "raw/20261112_uji_001.mp4" and a.src_in == 0.5 and a.audio == "nat"
    assert b.audio_lead == -0.3 and b.transition == "dissolve" and b.transition_len == 0.4
    assert b.layers.lower_thirds[0].start == pytest.approx(0.7) and b.layers.lower_thirds[0].end == 2.0
    assert tl.title is None and tl.end is not None and tl.length == pytest.approx(s.length())
    assert [x.clip for x in tl.for_platform("whatsapp").segments] == ["20261112_uji_001"]


def test_voiceover_files_inside_the_assignment_only(asg, ffmpeg_bin, tmp_path):
    import subprocess

    vo = asg.root / "vo"
    vo.mkdir(exist_ok=True)
    subprocess.run([ffmpeg_bin, "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=300:duration=1.5",
                    "-c:a", "aac", str(vo / "take1.m4a")], check=True)
    outside = tmp_path / "elsewhere.m4a"
    outside.write_bytes((vo / "take1.m4a").read_bytes())
    (vo / "link.m4a").symlink_to(outside)
    write(asg, f"""
segments:
  - {{clip: 20261112_uji_001, from: 0, to: 3}}
voiceover:
  - {{file: vo/take1.m4a, at: 0.5, text: "Apel dimulai pukul delapan."}}
  - {{file: {outside}, at: 1}}
  - {{file: vo/link.m4a, at: 1}}
  - {{file: ../../etc/passwd, at: 1}}
  - {{file: vo/take1.m4a, at: 9}}
  - {{file: vo/take1.m4a, at: 0, from: 1, to: 4}}
  - {{file: 20261112_uji_003, at: 0}}
""")
    text = "\n".join(problems(asg))
    for i in (1, 2, 3):
        assert f"voiceover[{i}].file: " in text and "must be inside the assignment folder" in text
    assert "voiceover[4].at: the voice-over starts at 9 s, after the story ends (3 s)" in text
    assert "voiceover[5].to: 4 s is past the end of vo/take1.m4a" in text
    assert "voiceover[6].file: 20261112_uji_003: this file has no sound" in text
    assert "voiceover[0]" not in text
    write(asg, "segments:\n  - {clip: 20261112_uji_001, from: 0, to: 3}\n"
               "voiceover:\n  - {file: vo/take1.m4a, at: 0.5, text: \"Apel dimulai pukul delapan.\"}\n")
    v = model.load(asg).voiceover[0]
    assert (v.file, v.sha256, v.at, v.source_out) == ("vo/take1.m4a", None, 0.5, pytest.approx(1.5, abs=0.05))
