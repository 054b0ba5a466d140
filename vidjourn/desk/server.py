"""The desk's web server: a Starlette app behind one guard.

The guard (:class:`Guard`, plain ASGI, in front of every route) refuses, before any handler runs:
a peer that is not the loopback address; a Host header other than ``127.0.0.1:PORT`` /
``localhost:PORT`` (DNS rebinding: a foreign name resolved to 127.0.0.1 still carries its own Host);
a request without the session token (given once in the URL the command opens, then kept in an
HttpOnly, SameSite=Strict cookie); a change (any method but GET/HEAD) whose Origin is not this
server or whose body is not JSON; any ``..``, backslash or NUL in the path or query. Every answer
carries a strict Content-Security-Policy (scripts, styles, media only from this server; no inline
code), ``no-referrer`` (the token never leaks in a Referer) and ``nosniff``.

Routes take clip ids (looked up in the manifest) and numbers only; files are served from the
package's static folder (a fixed list) and from the assignment's own work/desk and out/ folders,
chosen by the server, never by a path from the client.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from vidjourn.core.assignment import Assignment
from vidjourn.core.errors import VidjournError
from vidjourn.core.i18n import LANGS, catalogue, get_lang, set_lang, t

COOKIE = "vidjourn_desk"
STATIC = Path(__file__).resolve().parent / "static"
CLIP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
PAGE_PATH = re.compile(r"/(clip/[A-Za-z0-9][A-Za-z0-9._-]{0,127})?")
MAX_BODY = 256 * 1024
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self'; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
LOOPBACK = ("127.0.0.1", "::ffff:127.0.0.1")


class Desk:
    """What the server knows: the assignment folder, the token, the port, and its jobs."""

    def __init__(self, root: Path, port: int, token: str | None = None) -> None:
        self.root = Path(root).resolve()
        self.port = port
        self.token = token or secrets.token_urlsafe(24)
        self.write_lock = threading.Lock()  # one desk writer at a time (the file lock is re-entrant in-process)
        self.jobs: dict[str, dict[str, Any]] = {}  # clip id -> preview/analysis job state
        self.jobs_lock = threading.Lock()
        self.publish: dict[str, Any] = {"state": "idle"}

    @property
    def hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}?{urlencode({'token': self.token})}"

    def assignment(self):
        return Assignment.open(self.root)


def _plain(status: int, text: str, extra: list | None = None):
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store"), *SECURITY_HEADERS, *(extra or [])]
    return status, headers, body


class Guard:
    """The ASGI guard described in the module doc; ``app`` is the Starlette app behind it."""

    def __init__(self, app, desk: Desk) -> None:
        self.app = app
        self.desk = desk

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets
            return
        refusal = self.check(scope)
        if refusal is not None:
            status, headers, body = refusal
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_secure(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, receive, send_secure)

    def check(self, scope) -> tuple | None:
        desk = self.desk
        client = scope.get("client") or ("", 0)
        if client[0] not in LOOPBACK:
            return _plain(403, t("desk.refused"))
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if headers.get("host", "") not in desk.hosts:
            return _plain(421, t("desk.refused"))
        raw = scope.get("raw_path") or scope.get("path", "").encode()
        query = scope.get("query_string", b"")
        for part in (raw, query, scope.get("path", "").encode()):
            low = part.lower()
            if b".." in low or b"%2e%2e" in low or b"%2e." in low or b".%2e" in low or b"\\" in low \
                    or b"%5c" in low or b"\x00" in low or b"%00" in low:
                return _plain(400, t("desk.refused"))
        params = dict(parse_qsl(query.decode("latin-1"), keep_blank_values=True))
        method = scope.get("method", "GET")
        given = params.get("token")
        if given is not None:
            if not hmac.compare_digest(given.encode(), desk.token.encode()) or method not in ("GET", "HEAD"):
                return _plain(403, t("desk.refused"))
            rest = {k: v for k, v in params.items() if k != "token"}
            path = scope.get("path", "/")
            if not PAGE_PATH.fullmatch(path):  # only the desk's own pages (no header tricks in a Location)
                path = "/"
            location = path + (("?" + urlencode(rest)) if rest else "")
            cookie = f"{COOKIE}={desk.token}; HttpOnly; SameSite=Strict; Path=/"
            return _plain(303, "", [(b"location", location.encode()), (b"set-cookie", cookie.encode())])
        cookie = _cookie(headers.get("cookie", ""))
        if cookie is None or not hmac.compare_digest(cookie.encode(), desk.token.encode()):
            return _plain(403, t("desk.refused"))
        if method not in ("GET", "HEAD"):
            origin = headers.get("origin", "")
            if origin not in {f"http://{h}" for h in desk.hosts} or origin != f"http://{headers['host']}":
                return _plain(403, t("desk.refused"))
            if headers.get("content-type", "").split(";")[0].strip() != "application/json":
                return _plain(415, t("desk.refused"))
            try:
                if int(headers.get("content-length", "0")) > MAX_BODY:
                    return _plain(413, t("desk.refused"))
            except ValueError:
                return _plain(400, t("desk.refused"))
        return None


def _cookie(header: str) -> str | None:
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return value
    return None


# --- the app --------------------------------------------------------------------------------------

def ui_messages(lang: str) -> dict[str, str]:
    return {k: v[lang] for k, v in catalogue().items() if k.startswith("desk.ui.")}


def create_app(desk: Desk):
    """The Starlette app wrapped in the guard."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import FileResponse, JSONResponse, Response
    from starlette.routing import Route

    from vidjourn.desk import actions, media, model, publish

    static_files = {p.name: p for p in STATIC.iterdir() if p.is_file()}  # the fixed list, read once
    types = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
             ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
    no_store = {"cache-control": "no-store"}

    def lang_of(request: Request) -> str:
        lang = request.query_params.get("lang") or request.cookies.get("vidjourn_lang") or get_lang()
        return lang if lang in LANGS else "en"

    def error(status: int, text: str) -> JSONResponse:
        return JSONResponse({"ok": False, "error": text}, status_code=status, headers=no_store)

    def clip_record(request: Request, asg) -> dict | None:
        cid = request.path_params.get("cid", "")
        if not CLIP_ID.match(cid):
            return None
        return model.record_by_id(asg, cid)

    async def body_of(request: Request) -> dict:
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise ValueError("body")
        data = json.loads(raw or b"{}")
        if not isinstance(data, dict):
            raise ValueError("body")
        return data

    def page(name: str):
        async def handler(request: Request) -> Response:
            if name == "clip.html":
                rec = clip_record(request, desk.assignment())
                if rec is None:
                    return Response(t("desk.unknown_clip"), status_code=404, media_type="text/plain")
            return FileResponse(static_files[name], media_type=types[".html"], headers=no_store)
        return handler

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        f = static_files.get(name)
        if f is None:
            return Response(t("desk.refused"), status_code=404, media_type="text/plain")
        return FileResponse(f, media_type=types.get(f.suffix, "application/octet-stream"), headers=no_store)

    async def messages(request: Request) -> Response:
        lang = lang_of(request)
        resp = JSONResponse({"lang": lang, "langs": list(LANGS), "messages": ui_messages(lang)}, headers=no_store)
        resp.set_cookie("vidjourn_lang", lang, httponly=True, samesite="strict", path="/")
        return resp

    def run_sync(fn):
        """A handler body that runs in a thread (file work, ffmpeg) and answers JSON; a VidjournError is
        answered with its message (in the page's language), never a traceback."""
        async def handler(request: Request) -> Response:
            from starlette.concurrency import run_in_threadpool

            lang = lang_of(request)
            try:
                data = await body_of(request) if request.method == "POST" else {}
            except (ValueError, UnicodeDecodeError, RecursionError):
                return error(400, t("desk.bad_request", lang=lang, what="JSON"))
            asg = desk.assignment()
            rec = None
            if "cid" in request.path_params:
                rec = clip_record(request, asg)
                if rec is None:
                    return error(404, t("desk.unknown_clip", lang=lang))

            def work():
                set_lang(lang)  # messages of errors in the page's language (each request sets its own)
                return fn(desk, asg, rec, data, lang)

            try:
                out = await run_in_threadpool(work)
            except actions.Busy as exc:
                return error(409, str(exc))
            except actions.BadRequest as exc:
                return error(400, t("desk.bad_request", lang=lang, what=str(exc)))
            except VidjournError as exc:
                return error(422, exc.message())
            except Exception as exc:  # a bug: said in words on the page (and in the terminal), never a traceback
                import sys as _sys

                print(f"desk: {request.url.path}: {type(exc).__name__}: {exc}", file=_sys.stderr)
                return error(500, t("desk.error.internal", lang=lang, error=f"{type(exc).__name__}: {exc}"))
            if isinstance(out, Response):
                return out
            return JSONResponse({"ok": True, **(out or {})}, headers=no_store)
        return handler

    def file_response(path: Path | None, media_type: str) -> Response:
        if path is None or not path.is_file():
            return Response(t("desk.refused"), status_code=404, media_type="text/plain")
        return FileResponse(path, media_type=media_type, headers={"cache-control": "private, max-age=3600"})

    async def thumb(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        asg = desk.assignment()
        rec = clip_record(request, asg)
        if rec is None:
            return Response(status_code=404)
        return file_response(await run_in_threadpool(media.thumbnail, asg, rec), "image/jpeg")

    async def preview(request: Request) -> Response:
        asg = desk.assignment()
        rec = clip_record(request, asg)
        if rec is None:
            return Response(status_code=404)
        return file_response(media.preview_file(asg, rec), "video/mp4")

    async def frame_png(request: Request) -> Response:
        asg = desk.assignment()
        rec = clip_record(request, asg)
        if rec is None:
            return Response(status_code=404)
        try:
            n = int(request.query_params.get("n", ""))
        except ValueError:
            return Response(status_code=400)
        mode = request.query_params.get("mode") or None
        if mode not in (None, "mosaic", "solid", "blur"):
            return Response(status_code=400)
        from starlette.concurrency import run_in_threadpool

        try:
            path = await run_in_threadpool(media.mode_preview, asg, rec, n, mode)
        except VidjournError as exc:
            return Response(exc.message(), status_code=422, media_type="text/plain")
        return file_response(path, "image/png")

    async def output_file(request: Request) -> Response:
        try:
            n = int(request.path_params["n"])
        except ValueError:
            return Response(status_code=400)
        return file_response(publish.output_path(desk, n), "application/octet-stream")

    routes = [
        Route("/", page("assignment.html")),
        Route("/clip/{cid}", page("clip.html")),
        Route("/static/{name}", static),
        Route("/api/messages", messages),
        Route("/api/assignment", run_sync(model.overview)),
        Route("/api/clip/{cid}", run_sync(model.clip_detail)),
        Route("/api/clip/{cid}/thumb", thumb),
        Route("/api/clip/{cid}/preview", preview),
        Route("/api/clip/{cid}/frame", frame_png),
        Route("/api/clip/{cid}/redact", run_sync(actions.save_redaction), methods=["POST"]),
        Route("/api/clip/{cid}/redact/approve", run_sync(actions.approve_redaction), methods=["POST"]),
        Route("/api/clip/{cid}/captions", run_sync(actions.save_captions), methods=["POST"]),
        Route("/api/clip/{cid}/captions/approve", run_sync(actions.approve_captions), methods=["POST"]),
        Route("/api/clip/{cid}/notes", run_sync(actions.save_note), methods=["POST"]),
        Route("/api/story/order", run_sync(actions.save_story_order), methods=["POST"]),
        Route("/api/clip/{cid}/story/trim", run_sync(actions.story_trim), methods=["POST"]),
        Route("/api/clip/{cid}/story/quote", run_sync(actions.story_quote), methods=["POST"]),
        Route("/api/clip/{cid}/story/cutaway", run_sync(actions.story_cutaway), methods=["POST"]),
        Route("/api/publish", run_sync(publish.status), methods=["GET"]),
        Route("/api/publish", run_sync(publish.start), methods=["POST"]),
        Route("/api/publish/open", run_sync(publish.open_folder), methods=["POST"]),
        Route("/api/publish/file/{n}", output_file),
    ]
    return Guard(Starlette(routes=routes), desk)
