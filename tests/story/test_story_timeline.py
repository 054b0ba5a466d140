"""Any editor can take over: the draft -> .otio -> FCP XML and EDL (read back by the adapters) -> import ->
the same segments (±1 frame); an FCP XML with a clip vidjourn does not have is imported with that clip named."""

from __future__ import annotations

import builtins
import json

import pytest
import yaml
from click.testing import CliRunner

from tests.story.helpers import make_assignment
from vidjourn.cli import cli
from vidjourn.stages.story import model

otio = pytest.importorskip("opentimelineio")


@pytest.fixture
def drafted(tmp_path, clip_factory):
    a = clip_factory("wide.mp4", duration=6.0, size=(160, 90), fps=25)
    b = clip_factory("talk.mp4", duration=5.0, size=(160, 90), fps=30)
    c = clip_factory("mute.mp4", duration=4.0, size=(90, 160), fps=25, audio=False)
    asg = make_assignment(tmp_path / "a", [a, b, c])
    res = CliRunner().invoke(cli, ["story", "draft", "-p", str(asg.root), "--length", "24"])
    assert res.exit_code == 0, res.output
    return asg


def segments(asg):
    return [(s.clip_id, s.source_in, s.source_out) for s in model.load(asg).segments]


def joins(asg):
    return [(s.transition, round(s.transition_length, 2)) for s in model.load(asg).segments]


def test_round_trip_otio_fcp_xml_edl(drafted):
    asg = drafted
    data = yaml.safe_load((asg.root / "story.yaml").read_text())
    data["segments"][1]["transition"] = {"type": "dissolve", "length": 0.6}
    data["segments"][2]["transition"] = "dip"
    (asg.root / "story.yaml").write_text(yaml.safe_dump(data))
    before = segments(asg)
    assert joins(asg)[1:3] == [("dissolve", 0.6), ("dip", 0.5)]
    assert len(before) >= 3
    res = CliRunner().invoke(cli, ["story", "export-timeline", "-p", str(asg.root), "--json"])
    assert res.exit_code == 0, res.output
    written = json.loads(res.output[res.output.index("{"):])["written"]
    assert sorted(p.rsplit(".", 1)[1] for p in written) == ["edl", "otio", "xml"]
    otio_file, xml_file, edl_file = (next(p for p in written if p.endswith(x)) for x in (".otio", ".xml", ".edl"))
    # the adapters read them back; they point at the originals in raw/
    tl = otio.adapters.read_from_file(otio_file)
    urls = {c.media_reference.target_url for c in tl.find_clips()}
    assert all(u.startswith("file://") and "/raw/" in u for u in urls)
    xml = otio.adapters.read_from_file(xml_file, "fcp_xml")
    assert len(list(xml.find_clips())) >= len(before)
    edl = otio.adapters.read_from_file(edl_file, "cmx_3600", rate=25)
    assert len(list(edl.find_clips())) == len(before)
    frame = 1 / 25 + 1e-6  # the story's rate (most clips are 25 fps)
    for f in (otio_file, xml_file, edl_file):
        res = CliRunner().invoke(cli, ["story", "import", f, "-p", str(asg.root), "--force"])
        assert res.exit_code == 0, res.output
        after = segments(asg)
        assert [x[0] for x in after] == [x[0] for x in before], f
        for (_, a0, b0), (_, a1, b1) in zip(before, after):
            assert abs(a0 - a1) <= frame and abs(b0 - b1) <= frame, (f, before, after)
        # the dissolve survives every format (as a transition); the dip only OTIO's metadata
        got = joins(asg)
        assert got[1][0] == "dissolve" and abs(got[1][1] - 0.6) <= frame, (f, got)
        assert got[2] == (("dip", 0.5) if f.endswith(".otio") else ("cut", 0.0)), (f, got)
    assert (asg.root / "story.yaml.bak").is_file()


def test_fcp_xml_with_an_unmappable_clip_names_it(drafted):
    asg = drafted
    out = asg.root / "edit.xml"
    res = CliRunner().invoke(cli, ["story", "export-timeline", "-p", str(asg.root), "--out", str(out)])
    assert res.exit_code == 0, res.output
    n = len(segments(asg))
    # an editor added a clip from elsewhere: rename the media of the second clip in the XML
    tl = otio.adapters.read_from_file(str(out), "fcp_xml")
    clip = list(tl.find_clips())[1]
    clip.name = "DJI_0042.MP4"
    clip.media_reference = otio.schema.ExternalReference(target_url="file:///media/card/DJI_0042.MP4",
                                                         available_range=clip.media_reference.available_range)
    clip.metadata.clear()
    otio.adapters.write_to_file(tl, str(out), "fcp_xml")
    res = CliRunner().invoke(cli, ["story", "import", str(out), "-p", str(asg.root), "--force", "--json"])
    assert res.exit_code == 1
    assert "DJI_0042.MP4" in res.output and "maps to no clip in raw/" in res.output
    data = json.loads(res.output[res.output.index("{"):])
    assert data["unmapped"] == ["DJI_0042.MP4"] and len(data["segments"]) == n - 1
    assert len(yaml.safe_load((asg.root / "story.yaml").read_text())["segments"]) == n - 1


def test_without_the_extra_the_command_says_how_to_install(drafted, monkeypatch):
    real = builtins.__import__

    def no_otio(name, *a, **kw):
        if name.startswith("opentimelineio"):
            raise ImportError(name)
        return real(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", no_otio)
    res = CliRunner().invoke(cli, ["story", "export-timeline", "-p", str(drafted.root)])
    assert res.exit_code == 2
    assert 'pip install "vidjourn[timeline]"' in res.output and "Traceback" not in res.output


def test_hostile_edits_are_refused_with_the_file_named(drafted, tmp_path):
    asg = drafted
    bomb = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol0 "lol">\n'
    for i in range(1, 10):
        bomb += f' <!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">\n'
    bomb += ']>\n<xmeml version="4"><sequence><name>&lol9;</name></sequence></xmeml>\n'
    (tmp_path / "bomb.xml").write_text(bomb)
    (tmp_path / "junk.edl").write_bytes(b"\x00\xff" * 100)
    (tmp_path / "cut.mov").write_bytes(b"x")
    before = (asg.root / "story.yaml").read_text()
    for name, words in (("bomb.xml", "cannot be read"), ("junk.edl", "cannot be read"),
                        ("cut.mov", "unknown format"), ("missing.otio", "no such file")):
        res = CliRunner().invoke(cli, ["story", "import", str(tmp_path / name), "-p", str(asg.root), "--force"])
        assert res.exit_code == 2 and words in res.output and name in res.output, (name, res.output)
        assert "Traceback" not in res.output
    assert (asg.root / "story.yaml").read_text() == before  # nothing written


def test_import_maps_media_by_sha256_when_names_do_not_match(drafted, tmp_path):
    """An edit made on a renamed copy of an original (the card's file, a colleague's copy): its bytes map."""
    import shutil

    asg = drafted
    out = asg.root / "edit.otio"
    res = CliRunner().invoke(cli, ["story", "export-timeline", "-p", str(asg.root), "--out", str(out)])
    assert res.exit_code == 0, res.output
    tl = otio.adapters.read_from_file(str(out))
    clip = list(tl.find_clips())[0]
    copy = tmp_path / "card" / "Wawancara Kapolres FINAL.mov"
    copy.parent.mkdir()
    shutil.copyfile(asg.root / clip.metadata["vidjourn"]["file"], copy)
    wanted = clip.metadata["vidjourn"]["clip"]
    for c in tl.find_clips():  # the editor renamed everything and vidjourn's metadata is gone
        c.metadata.clear()
        c.name = "Interview A" if c is clip else c.name
    clip.media_reference = otio.schema.ExternalReference(target_url=copy.as_uri(),
                                                         available_range=clip.media_reference.available_range)
    otio.adapters.write_to_file(tl, str(out))
    res = CliRunner().invoke(cli, ["story", "import", str(out), "-p", str(asg.root), "--force", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output[res.output.index("{"):])
    assert data["mapped"][0] == ["Interview A", wanted] and not data["unmapped"]
