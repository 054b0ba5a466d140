"""vidjourn desk [-p DIR] [--port N] [--no-browser]: start the local page for one assignment."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import click

from vidjourn.core.i18n import t


@click.command(help=t("cli.desk_help"))
@click.option("-p", "--project", type=click.Path(path_type=Path, file_okay=False), default=None,
              help=t("cli.project_help"))
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help=t("cli.desk_port_help"))
@click.option("--no-browser", is_flag=True, default=False, help=t("cli.desk_no_browser_help"))
def desk(project: Path | None, port: int, no_browser: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import UsageError

    for module in ("starlette", "uvicorn"):
        try:
            __import__(module)
        except ImportError:
            raise UsageError("desk.error.extra_missing", module=module) from None
    asg = Assignment.open(project)  # a folder that is no assignment is refused here, with its message
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if sys.platform == "win32":  # pragma: no cover - Windows: SO_REUSEADDR would let another program take the port
        sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_EXCLUSIVEADDRUSE", -5), 1)
    else:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))  # loopback only, never 0.0.0.0
    except OSError as exc:
        sock.close()
        raise UsageError("desk.error.port", port=port, reason=exc.strerror or str(exc)) from None
    sock.listen(64)
    port = sock.getsockname()[1]

    import uvicorn

    from vidjourn.desk.server import Desk, create_app

    d = Desk(asg.root, port)
    _prepare_signing(asg)
    url = d.url("/")
    click.echo(t("desk.started", path=asg.root, url=url), err=False)
    sys.stdout.flush()
    config = uvicorn.Config(create_app(d), log_level="warning", access_log=False, lifespan="off",
                            server_header=False, date_header=False)
    server = uvicorn.Server(config)
    if not no_browser:
        import threading
        import webbrowser

        threading.Timer(0.5, lambda: webbrowser.open(url)).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    click.echo(t("desk.stopped"), err=True)


def _prepare_signing(asg) -> None:
    """Publishing may sign: the passphrase is asked now, in the terminal, as `vidjourn run` asks it
    (the page never sees it); from VIDJOURN_KEY_PASSPHRASE when set."""
    try:
        from vidjourn.provenance import keys as km
        from vidjourn.provenance.service import passphrase_from_env, remember_passphrase, sign_settings

        cfg = sign_settings(asg.story(), {})
        if not cfg["enabled"] or passphrase_from_env():
            return
        key = Path(cfg["keys"]) / km.SIGN_KEY
        if key.exists() and sys.stdin.isatty():
            remember_passphrase(click.prompt(t("keys.prompt"), hide_input=True, err=True))
    except Exception:  # signing is optional here: the run reports a missing passphrase itself
        return
