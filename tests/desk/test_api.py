"""The desk's writes are the commands' writes: follow (the tracker's boxes as the overlay), the approval
record of `vidjourn redact approve`, caption edits that keep the transcript's word timestamps."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time

import pytest
import yaml

from deskkit import Server, make_assignment

pytest.importorskip("starlette", reason="the desk extra (pip install \"vidjourn[desk]\") is part of the test extra")
pytest.importorskip("uvicorn")

SRT = "1\n00:00:00,100 --> 00:00:00,900\nSatu dua tiga.\n\n2\n00:00:01,000 --> 00:00:01,800\nEmpat lima.\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory, ffmpeg_module):
    root = make_assignment(tmp_path_factory.mktemp("api"), ffmpeg_module, duration=2.0,
                           story={"captions": {"mode": "review", "lang": "id",
                                               "glossary": ["Empat lima", {"Satu": ["satoe"]}]}})
    cid = json.loads((root / "manifest.json").read_text())["clips"][0]["id"]
    (root / "captions").mkdir()
    (root / "captions" / f"{cid}.id.srt").write_text(SRT, encoding="utf-8")
    words = root / "work" / "captions" / f"{cid}.id.json"
    words.parent.mkdir(parents=True)
    words.write_text(json.dumps({"words": [{"w": w, "s": 0.1 + 0.2 * i, "e": 0.25 + 0.2 * i} for i, w in
                                           enumerate("Satu dua tiga. Empat lima.".split())], "chars": 37}),
                     encoding="utf-8")
    s = Server(root)
    s.cid = cid
    yield s
    s.stop()


def get(server, path):
    status, body, _ = server.request("GET", path)
    assert status == 200, body
    return json.loads(body)


def post(server, path, data):
    status, body, _ = server.request("POST", path, json.dumps(data).encode())
    return status, json.loads(body)


def ready(server) -> dict:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        d = get(server, f"/api/clip/{server.cid}")
        if d["prepare"]["state"] == "ready" and d["redaction"].get("times"):
            return d
        assert d["prepare"]["state"] != "failed", d["prepare"]
        time.sleep(0.5)
    raise AssertionError("the clip was not prepared")


def test_follow_shows_the_trackers_boxes(server):
    pytest.importorskip("cv2", reason="the redact extra is part of the test extra")
    ready(server)
    status, d = post(server, f"/api/clip/{server.cid}/redact", {"regions": [
        {"shape": "ellipse", "track": True, "keyframes": [{"t": 0.0, "box": [200, 150, 60, 40]}]}]})
    assert status == 200, d
    r = get(server, f"/api/clip/{server.cid}")["redaction"]
    drawn = [[s for s in f if s[5] == "R1"] for f in r["frames"]]
    assert all(len(f) == 1 and f[0][0] == "ellipse" for f in drawn)  # from the keyframe to the end, every frame
    assert drawn[0][0][1:5] == [round(200 / 320, 4), round(150 / 240, 4), round(260 / 320, 4), round(190 / 240, 4)]
    entry = yaml.safe_load((server.root / "redact.yaml").read_text())
    assert next(iter(entry.values()))["regions"][0]["track"] is True


def test_the_approval_is_the_commands_record(server):
    ready(server)
    status, d = post(server, f"/api/clip/{server.cid}/redact/approve", {"by": "Bripka Dewi"})
    assert status == 200 and d["approved_by"] == "Bripka Dewi"
    desk_rec = next(iter(json.loads((server.root / "redact" / "approvals.json").read_text()).values()))
    subprocess.run([sys.executable, "-m", "vidjourn", "redact", "approve", server.cid, "-p", str(server.root),
                    "--by", "Aiptu Sari"], check=True, capture_output=True)
    cli_rec = next(iter(json.loads((server.root / "redact" / "approvals.json").read_text()).values()))
    assert set(desk_rec) == set(cli_rec)
    assert {k: v for k, v in desk_rec.items() if k not in ("approved_by", "approved_at")} == \
        {k: v for k, v in cli_rec.items() if k not in ("approved_by", "approved_at")}
    status, d = post(server, f"/api/clip/{server.cid}/redact/approve", {"by": "  "})
    assert status == 400


def test_a_caption_edit_keeps_the_word_timestamps(server):
    words = server.root / "work" / "captions" / f"{server.cid}.id.json"
    before = words.read_bytes()
    c = get(server, f"/api/clip/{server.cid}")["captions"]
    assert c["lang"] == "id" and c["state"] == "draft" and len(c["cues"]) == 2
    assert c["terms"] == ["Empat lima", "Satu"]  # highlighted in the cue list
    status, d = post(server, f"/api/clip/{server.cid}/captions", {"lang": "id", "cues": [{"i": 1, "text": "Empat\nlima enam."}]})
    assert status == 200, d
    srt = (server.root / "captions" / f"{server.cid}.id.srt").read_text(encoding="utf-8")
    assert "Empat\nlima enam." in srt and "00:00:01,000 --> 00:00:01,800" in srt and "Satu dua tiga." in srt
    assert words.read_bytes() == before
    status, d = post(server, f"/api/clip/{server.cid}/captions/approve", {"lang": "id"})
    assert status == 200, d
    rec = json.loads((server.root / "captions" / f"{server.cid}.id.approved.json").read_text())
    assert rec["sha256"] == hashlib.sha256(srt.encode()).hexdigest()
    assert get(server, f"/api/clip/{server.cid}")["captions"]["state"] == "approved"
    assert words.read_bytes() == before
    for bad in ({"lang": "xx", "cues": []}, {"lang": "id", "cues": [{"i": 9, "text": "x"}]},
                {"lang": "id", "cues": [{"i": 0, "text": ""}]}, {"lang": "id", "cues": [{"i": 0, "text": "a\nb\nc\nd"}]}):
        assert post(server, f"/api/clip/{server.cid}/captions", bad)[0] == 400, bad
    assert (server.root / "captions" / f"{server.cid}.id.srt").read_text(encoding="utf-8") == srt


def test_what_stops_a_publish_is_said_on_the_page(server):
    """The brand preset with its placeholder logo refuses to publish: the page gets that message."""
    f = server.root / "vidjourn.yaml"
    story = yaml.safe_load(f.read_text(encoding="utf-8"))
    f.write_text(yaml.safe_dump({**story, "brand": "humas"}, allow_unicode=True), encoding="utf-8")
    status, d = post(server, "/api/publish", {})
    assert status == 200 and d["state"] == "running"
    deadline = time.monotonic() + 240
    while d["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.5)
        d = get(server, "/api/publish")
    assert d["state"] == "failed" and d["fraction"] == 1.0, d
    assert "placeholder logo" in d["error"], d["error"]
    assert not (server.root / "out" / "whatsapp").exists() or not any((server.root / "out" / "whatsapp").iterdir())


def test_story_cutaway_and_refused_edits(server):
    """A cutaway from a shot card is `shot: <clip>#<n>` with natural sound, written by the story room's
    writer; a trim that would end before it starts, a segment of another number, a shot the shot log does
    not have, words outside the transcript: refused with a message, story.yaml unchanged."""
    root = server.root
    subprocess.run([sys.executable, "-m", "vidjourn", "shotlog", "-p", str(root)], check=True, capture_output=True)
    story = root / "story.yaml"
    story.write_text("segments:\n  - {clip: \"%s\", from: 0.2, to: 1.5}\n" % server.cid, encoding="utf-8")
    status, d = post(server, f"/api/clip/{server.cid}/story/cutaway", {"shot": 0})
    assert status == 200 and d["ok"], d
    segs = yaml.safe_load(story.read_text(encoding="utf-8"))["segments"]
    assert segs[1] == {"shot": f"{server.cid}#1", "audio": "nat", "note": "cutaway (desk)"}, segs
    lengths = get(server, f"/api/clip/{server.cid}")["story"]["lengths"]
    assert lengths["whatsapp"] > 1.3, lengths  # the shot's length added
    before = story.read_bytes()
    for path, body in (("trim", {"segment": 0, "edge": "out", "t": 0.1}), ("trim", {"segment": 7, "edge": "in", "t": 0.1}),
                       ("trim", {"segment": 0, "edge": "middle", "t": 0.1}), ("cutaway", {"shot": 99}),
                       ("quote", {"first": 3, "last": 999}), ("trim", {"segment": 0, "edge": "in", "t": "0.1"})):
        status, d = post(server, f"/api/clip/{server.cid}/story/{path}", body)
        assert status >= 400 and not d.get("ok") and d.get("error"), (path, body, status, d)
        assert story.read_bytes() == before, (path, body)
    # a shot segment trimmed on the player becomes clip + from/to, the shot's other end kept
    status, d = post(server, f"/api/clip/{server.cid}/story/trim", {"segment": 1, "edge": "in", "t": 0.5})
    assert status == 200 and d["ok"], d
    seg = yaml.safe_load(story.read_text(encoding="utf-8"))["segments"][1]
    assert seg["clip"] == server.cid and seg["from"] == 0.5 and seg["to"] > 0.5 and "shot" not in seg, seg
