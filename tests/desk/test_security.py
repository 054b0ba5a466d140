"""The desk is safe by construction: loopback only, a token, Host and Origin checked, no paths from the
client, a strict CSP; a refused request changes nothing; a held assignment lock makes publish "busy"."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys

import pytest

from deskkit import Server, make_assignment

pytest.importorskip("starlette", reason="the desk extra (pip install \"vidjourn[desk]\") is part of the test extra")
pytest.importorskip("uvicorn")


@pytest.fixture(scope="module")
def server(tmp_path_factory, ffmpeg_module):
    root = make_assignment(tmp_path_factory.mktemp("sec"), ffmpeg_module, duration=1.0)
    s = Server(root)
    yield s
    s.stop()


def snapshot(root) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and "desk" not in p.relative_to(root).parts[:2] and p.name != ".vidjourn.lock":
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def clip_id(server) -> str:
    return json.loads((server.root / "manifest.json").read_text())["clips"][0]["id"]


REGION = json.dumps({"regions": [{"shape": "box", "keyframes": [{"t": 0.2, "box": [10, 10, 50, 40]}]}],
                     "blank": [], "keep": []}).encode()


def test_the_token_opens_a_session_and_is_required_everywhere(server):
    status, _, headers = server.request("GET", f"/?token={server.token}", cookie=False)
    assert status == 303 and headers["location"] == "/"
    cookie = headers["set-cookie"]
    assert f"vidjourn_desk={server.token}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    for path in ("/", "/api/assignment", f"/api/clip/{clip_id(server)}", "/static/clip.js", "/api/publish"):
        assert server.request("GET", path, cookie=False)[0] == 403, path
        assert server.request("GET", path, cookie=False, headers={"Cookie": "vidjourn_desk=wrong"})[0] == 403
        assert server.request("GET", path + "?token=wrong", cookie=False)[0] == 403
    status, body, headers = server.request("GET", "/api/assignment")
    assert status == 200 and json.loads(body)["ok"]
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["referrer-policy"] == "no-referrer" and headers["x-content-type-options"] == "nosniff"


def test_refused_requests_change_nothing(server):
    before = snapshot(server.root)
    cid = clip_id(server)
    path = f"/api/clip/{cid}/redact"
    refusals = [
        server.request("POST", path, REGION, cookie=False),  # no token
        server.request("POST", path, REGION, headers={"Host": f"evil.example:{server.port}"}),  # DNS rebinding
        server.request("POST", path, REGION, headers={"Host": "127.0.0.1:1"}),  # another port
        server.request("POST", path, REGION, headers={"Origin": "http://evil.example"}),  # foreign page
        server.request("POST", path, REGION, headers={"Origin": "null"}),
        server.request("POST", path, REGION, headers={"Origin": ""}),
        server.request("POST", path, REGION, headers={"Content-Type": "text/plain"}),  # a form post
        server.request("POST", "/api/clip/..%2F..%2Fetc/redact", REGION),
        server.request("POST", f"/api/clip/{cid}/../../redact", REGION),
        server.request("POST", f"{path}?x=../../vidjourn.yaml", REGION),
        server.request("POST", "/api/clip/%2e%2e%2fraw/redact", REGION),
        server.request("POST", "/api/clip/nope/redact", REGION),  # not a clip of the manifest
        server.request("POST", f"/api/clip/{cid}/approve", json.dumps({"by": "x"}).encode(),
                       headers={"Origin": "http://evil.example"}),
        server.request("POST", "/api/publish", b"{}", headers={"Origin": "http://evil.example"}),
        server.request("POST", "/api/publish", b"{}", headers={"Host": f"attacker.test:{server.port}"}),
    ]
    for status, body, _ in refusals:
        assert status in (400, 403, 404, 405, 415, 421), (status, body)
    for bad in ("/static/../manifest.json", "/static/..%2Fserver.py", "/api/clip/x/thumb?f=../../raw",
                "/static/%2e%2e/%2e%2e/vidjourn.yaml", "/api/publish/file/..%2F..%2Fmanifest.json",
                "/api/publish/file/0", "/static/server.py", "/api/clip/c%00/preview"):
        status, body, _ = server.request("GET", bad)
        assert status in (400, 403, 404), (bad, status)
        assert b"sha256" not in body
    assert snapshot(server.root) == before
    assert not (server.root / "redact.yaml").exists()


def test_the_client_sends_numbers_never_paths(server):
    cid = clip_id(server)
    bad = [{"regions": [{"keyframes": [{"t": "../x", "box": [1, 1, 5, 5]}]}]},
           {"regions": [{"keyframes": [{"t": 0, "box": ["/etc/passwd", 1, 5, 5]}]}]},
           {"keep": [{"track": "../1"}]}, {"blank": [{"from": 0, "to": float("inf")}]}, [1, 2]]
    before = snapshot(server.root)
    for b in bad:
        status, body, _ = server.request("POST", f"/api/clip/{cid}/redact", json.dumps(b).encode())
        assert status == 400, body
        assert "Traceback" not in body.decode()
    for body in (b"[" * 100000, b"{\"regions\": " + b"[" * 50000 + b"]" * 50000 + b"}", b"\xff\xfe"):
        status, text, _ = server.request("POST", f"/api/clip/{cid}/redact", body)
        assert status in (400, 413), status
    status, _, headers = server.request("GET", f"/%0d%0aSet-Cookie:%20x=1?token={server.token}", cookie=False)
    assert status == 303 and headers["location"] == "/" and "x=1" not in headers.get("set-cookie", "")
    assert snapshot(server.root) == before


def _other_address() -> str | None:
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout.split()
    except (OSError, subprocess.SubprocessError):
        out = []
    return next((a for a in out if "." in a and not a.startswith("127.")), None)


def test_bound_to_loopback_only(server):
    addr = _other_address()
    if addr is None:
        pytest.skip("this machine has no other interface")
    with pytest.raises(OSError):
        socket.create_connection((addr, server.port), timeout=3).close()
    # and the address it listens on is exactly 127.0.0.1
    out = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout if sys.platform == "linux" else ""
    listening = [ln.split()[3] for ln in out.splitlines() if ln.split() and ln.split()[3].endswith(f":{server.port}")]
    assert listening in ([], [f"127.0.0.1:{server.port}"]), listening


def test_a_run_holding_the_lock_makes_publish_and_saving_say_busy(server):
    """A `vidjourn run` in a terminal holds the assignment's writer lock (another process: here this test)."""
    from vidjourn.core.locks import assignment_lock

    cid = clip_id(server)
    before = snapshot(server.root)
    with assignment_lock(server.root, "run"):
        status, body, _ = server.request("POST", "/api/publish", b"{}")
        assert status == 409, body
        text = json.loads(body)["error"]
        assert text.startswith("Busy") and "run" in text, text
        status, body, _ = server.request("POST", f"/api/clip/{cid}/redact", REGION)
        assert status == 409 and json.loads(body)["error"].startswith("Busy")
    assert snapshot(server.root) == before
    status, body, _ = server.request("GET", "/api/publish")
    assert json.loads(body)["state"] in ("idle", None)


def test_without_the_extra_the_command_says_how_to_install(server):
    code = ("import sys; sys.modules['uvicorn'] = None; from vidjourn.cli import main; "
            f"sys.argv = ['vidjourn', 'desk', '-p', {str(server.root)!r}, '--no-browser']; main()")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**__import__("os").environ, "VIDJOURN_LANG": "en"}, timeout=60)
    assert res.returncode != 0
    assert 'pip install "vidjourn[desk]"' in res.stderr and "Traceback" not in res.stderr
