"""Command-line interface. Parses, calls the core, prints. The core never imports click or rich.

Commands are loaded lazily (``COMMANDS``) so ``vidjourn --help`` imports nothing heavy.
"""

from __future__ import annotations

import importlib
import signal
import os
import sys

import click

from vidjourn import __version__
from vidjourn.cli import click_i18n
from vidjourn.core.i18n import LANGS, set_lang, t

click_i18n.install()  # before the decorators below: they read click's help texts

# Commands that belong to no stage's room; each room brings its own (vidjourn/stages/<name>/__init__.py).
# name -> ("module:attribute", message key of its one-line help, position in the list).
COMMANDS: dict[str, tuple[str, str | None, float]] = {
    "run": ("vidjourn.cli.run_cmd:run", "cli.run_help", 30),
    "batch": ("vidjourn.cli.batch_cmd:batch", "cli.batch_help", 80),
    "probe": ("vidjourn.cli.probe_cmd:probe", "cli.probe_help", 85),
    "doctor": ("vidjourn.cli.doctor_cmd:doctor", "cli.doctor_help", 90),
    "demo": ("vidjourn.cli.demo_cmd:demo", "cli.demo_help", 95),
    # the desk is a sibling of the CLI (vidjourn/desk/), named here by string: cli never imports it
    "desk": ("vidjourn.desk.command:desk", "cli.desk_help", 35),
}


def all_commands() -> dict[str, tuple[str, str | None, float]]:
    """Every command, ordered by a day's work (init, ingest, run, ...), then by name."""
    from vidjourn.stages.registry import commands

    merged = {**COMMANDS, **commands()}
    return dict(sorted(merged.items(), key=lambda kv: (kv[1][2], kv[0])))


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use; VidjournError handled in one place."""

    def make_context(self, info_name, args, parent=None, **extra):
        # The root's own texts follow the current language on every call (main() or a CliRunner after
        # another language was used in the same process), not the language it was imported in.
        if parent is None:
            _localise_root()
        return super().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(all_commands())

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        entry = all_commands().get(name)
        if entry is None:
            return None
        module, attr = entry[0].split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the rooms' help keys: listing the commands imports none of them."""
        rows = []
        for name, (_target, help_key, _order) in all_commands().items():
            text = t(help_key) if help_key else ""
            first = text.split("\n\n")[0].replace("\n", " ").strip()
            rows.append((name, first))
        if rows:
            limit = formatter.width - 6 - max(len(r[0]) for r in rows)
            with formatter.section(t("click.commands")):
                formatter.write_dl([(n, _short(h, limit)) for n, h in rows])

    def main(self, args=None, prog_name=None, standalone_mode=True, **extra):  # type: ignore[override]
        """Root options in any position (:func:`hoist_root_flags`), --lang read before any help text is
        built. Here rather than in :func:`main` so that tests invoking ``cli`` see the same.

        With --json every error is also a JSON object on stdout (issue 22: a job-file error left stdout
        empty), click's usage errors included, with the usual exit code (2 for usage)."""
        global _HELP_ONLY, _JSON_ASKED
        args = list(sys.argv[1:] if args is None else args)
        _prescan_lang(args)  # before hoisting, which imports the command (its help texts built then)
        args = hoist_root_flags(args)
        _HELP_ONLY = _asks_help(args)
        _JSON_ASKED = "--json" in args[:args.index("--")] if "--" in args else "--json" in args
        _localise_root()
        if not standalone_mode:
            return super().main(args=args, prog_name=prog_name or "vidjourn", standalone_mode=False, **extra)
        try:
            rv = super().main(args=args, prog_name=prog_name or "vidjourn", standalone_mode=False, **extra)
        except click.ClickException as exc:
            exc.show()
            json_error("click." + type(exc).__name__, {}, exc.format_message(), exc.exit_code)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo(t("click.aborted"), file=sys.stderr)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            from vidjourn.cli.common import print_error_text

            print_error_text(t("error.cancelled"))
            ctx.exit(130)
        except Exception as exc:
            # vidjourn.core.errors is looked up, not imported: `--help` must not load it, and an error of
            # its kind can only come from a command that did.
            errors = sys.modules.get("vidjourn.core.errors")
            if errors is not None and isinstance(exc, errors.VidjournError):
                from vidjourn.cli.common import print_error

                print_error(exc)
                json_error(exc.key, getattr(exc, "kwargs", {}), exc.message(), exc.exit_code)
                ctx.exit(exc.exit_code)
            # The one guard for OS errors anywhere in any command (no space, permission, read-only,
            # not a folder, link loop...): the user's-language message naming the file, exit 1.
            # pathlib reports a symlink loop as RuntimeError; any other RuntimeError is a bug (or
            # click's own Exit, which is one: `--help` ends that way).
            if not isinstance(exc, OSError) and not (
                    isinstance(exc, RuntimeError) and "symlink loop" in str(exc).lower()):
                raise
            from vidjourn.core.errors import os_error

            from vidjourn.cli.common import print_error

            err = os_error(exc)
            print_error(err)
            json_error(err.key, getattr(err, "kwargs", {}), err.message(), err.exit_code)
            ctx.exit(err.exit_code)


_JSON_ASKED = False  # set by LazyGroup.main: --json on the command line


def json_error(key: str, args: dict, message: str, code: int) -> None:
    """With --json: the error as a JSON object on stdout (the human message went to stderr), so a script
    always reads JSON: {"schema", "ok": false, "exit_code", "error": {"key", "args", "message"}}."""
    if not _JSON_ASKED:
        return
    import json

    from vidjourn.pipeline.runner import JSON_SCHEMA

    click.echo(json.dumps({"schema": JSON_SCHEMA, "ok": False, "exit_code": code,
                           "error": {"key": key, "args": {k: str(v) for k, v in (args or {}).items()},
                                     "message": message}}, ensure_ascii=False, indent=2))


def _short(text: str, limit: int) -> str:
    """The first sentence of a help text, cut at a word to fit ``limit`` columns ("..." when cut)."""
    first = text.split(". ")[0].rstrip(".") + ("." if ". " in text or text.endswith(".") else "")
    if len(first) <= limit:
        return first
    cut = first[:max(limit - 3, 1)].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "..."


def _prescan_lang(argv: list[str]) -> None:
    """--lang must be known before help texts are built (the root's at import, a command's when its module
    is imported), so it is read from argv first: before the command name, and after it too (it is a root
    option in any position) except after ``captions``, where ``--lang`` names the language spoken."""
    i, command = 0, None
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            if argv[i + 1] in LANGS and command not in _OWN_LANG:
                set_lang(argv[i + 1])
            i += 2
            continue
        if arg.startswith("--lang=") and arg.split("=", 1)[1] in LANGS and command not in _OWN_LANG:
            set_lang(arg.split("=", 1)[1])
        elif command is None and not arg.startswith("-"):
            command = arg
        i += 1


def _setup_logging(verbose: int, quiet: bool) -> None:
    import logging

    logger = logging.getLogger("vidjourn")
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG if verbose else (logging.ERROR if quiet else logging.WARNING))


def _terminal_width() -> int:
    """The help's width as click would take it from ``shutil.get_terminal_size`` (COLUMNS, else the
    terminal, else 80), without importing shutil (with bz2 and lzma: ~1.5 ms of every ``--help``)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(min(columns, 80) - 2, 50)


@click.group(cls=LazyGroup, help=t("cli.root_help"),
             context_settings={"help_option_names": ["-h", "--help"], "terminal_width": _terminal_width()})
@click.version_option(__version__, "--version", prog_name="vidjourn")
@click.option("--lang", type=click.Choice(LANGS), default=None, help=t("cli.lang_help"))
@click.option("-v", "--verbose", count=True, help=t("cli.verbose_help"))
@click.option("-q", "--quiet", is_flag=True, help=t("cli.quiet_help"))
@click.pass_context
def cli(ctx: click.Context, lang: str | None, verbose: int, quiet: bool) -> None:
    _take_secrets()
    if lang:
        set_lang(lang)
    from vidjourn.cli.common import Settings

    ctx.obj = Settings(verbose=verbose, quiet=quiet)
    if not _HELP_ONLY:  # the command's own --help follows: no logging to set up (its import is not free)
        _setup_logging(verbose, quiet)


def _sigterm(signum, frame):  # pragma: no cover - exercised by subprocess tests
    from vidjourn.core import procguard

    procguard.note_interrupt()  # so an interrupt swallowed by an at-fork hook is raised again
    raise KeyboardInterrupt


def _localise_root() -> None:
    """The root group was built when this module was imported, before --lang was read: rebuild its
    texts (subcommands are imported after the prescan, so theirs are already right)."""
    cli.help = t("cli.root_help")
    texts = {"lang": "cli.lang_help", "verbose": "cli.verbose_help", "quiet": "cli.quiet_help",
             "help": "click.help", "version": "click.version"}
    for param in cli.params:
        if param.name in texts:
            param.help = t(texts[param.name])


# Root options a user may also write after the command name (`vidjourn shotlog -v`, `vidjourn run --lang id`).
_ROOT_FLAGS = {"-v", "-vv", "-vvv", "--verbose", "-q", "--quiet"}
# Commands where `--lang` after the command name keeps the meaning it had there before it became global:
# `vidjourn captions --lang en` names the language SPOKEN (its own name is --speech-lang). Unambiguous:
# the messages' language is then given before the command (`vidjourn --lang id captions --speech-lang en`).
_OWN_LANG = {"captions"}


def _flag_options(name: str) -> set[str]:
    """Options of command ``name`` and of its subcommands that take no value (so the token after them is
    not their value). Imports the command's module, which click is about to import anyway."""
    out = {"-h", "--help"}
    root = click.Context(cli, info_name="vidjourn")
    try:
        stack = [(cli.get_command(root, name), root, name)]
    except Exception:  # a broken command module: click reports it when it gets there
        return out
    while stack:
        cmd, parent, info = stack.pop()
        if cmd is None:
            continue
        for p in cmd.params:
            if isinstance(p, click.Option) and (p.is_flag or p.count):
                out.update(p.opts)
                out.update(p.secondary_opts)
        if isinstance(cmd, click.Group):
            ctx = click.Context(cmd, info_name=info, parent=parent)
            stack += [(cmd.get_command(ctx, n), ctx, n) for n in cmd.list_commands(ctx)]
    return out


def hoist_root_flags(args: list[str]) -> list[str]:
    """The root's options written anywhere become the root's: -v/-q and --lang after the command name
    move before it, --json before it moves after it (to the command, which owns it).

    Only whole tokens, never past ``--``, never an option's value (``--title -v`` keeps it: which options
    take a value is read from the command's own definition)."""
    cmd_at, i = None, 0
    while i < len(args):
        a = args[i]
        if a == "--":
            break
        if a == "--lang":
            i += 2
            continue
        if not a.startswith("-") or a == "-":
            cmd_at = i
            break
        i += 1
    if cmd_at is None:
        return args
    name = args[cmd_at]
    head = [a for a in args[:cmd_at] if a != "--json"]
    to_command = ["--json"] if len(head) < cmd_at else []
    flags = _flag_options(name)
    own_lang = name in _OWN_LANG
    moved: list[str] = []
    tail: list[str] = []
    rest: list[str] = []
    expect_value = False
    i = cmd_at + 1
    while i < len(args):
        a = args[i]
        if expect_value:
            tail.append(a)
            expect_value = False
        elif a == "--":
            rest = args[i:]
            break
        elif a in _ROOT_FLAGS:
            moved.append(a)
        elif a == "--lang" and not own_lang and i + 1 < len(args):
            moved += [a, args[i + 1]]
            i += 1
        elif a.startswith("--lang=") and not own_lang:
            moved.append(a)
        else:
            tail.append(a)
            # an option that takes a value, its value in the next token (not "--x=v", not "-pDIR")
            expect_value = a.startswith("-") and a not in flags and "=" not in a and \
                (a.startswith("--") or len(a) == 2)
        i += 1
    return head + moved + [name] + tail + to_command + rest


def _quiet_unraisable(unraisable) -> None:  # pragma: no cover - exercised by the bad-input corpus
    """Python prints "Exception ignored in ..." with a traceback when a finaliser fails (a ZipFile
    closed by the garbage collector on a full disk, logging's lock during Ctrl-C). The real error is
    reported by the command itself; that trace is for -v only.

    A Ctrl-C (or SIGTERM) that lands inside such a hook — e.g. logging's after-fork hook while
    ffmpeg is being started with a preexec_fn — would be swallowed there and the command would
    carry on to exit 0: it is delivered again to the main thread instead."""
    import logging

    logging.getLogger("vidjourn").debug("ignored in %r: %r", unraisable.object, unraisable.exc_value)
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        import _thread
        import threading
        import time

        def again() -> None:  # from another thread, once this hook has returned
            time.sleep(0.05)
            _thread.interrupt_main()

        threading.Thread(target=again, daemon=True).start()


_HELP_ONLY = False  # set by main(): the command line asks for a help text, nothing will run


def _asks_help(args: list[str]) -> bool:
    """-h/--help before any ``--``: click prints a help text and exits before the command runs."""
    for a in args:
        if a == "--":
            return False
        if a in ("-h", "--help"):
            return True
    return False


def _take_secrets() -> None:
    """The key passphrases leave os.environ before anything can start a child (issue 19): no ffmpeg,
    --jobs or Dask worker inherits them; the coordinator, which signs, keeps them in memory.
    provenance.keys is imported only when one is set: `vidjourn --help` stays cheap (issue 24)."""
    import os

    if not any(name in os.environ for name in SECRET_VARS):
        return
    from vidjourn.provenance.keys import take_env_secrets

    take_env_secrets()


# = vidjourn.provenance.keys.SECRET_VARS (tests/core/test_startup.py checks), named here so that a start
# without them imports nothing of provenance
SECRET_VARS = ("VIDJOURN_KEY_PASSPHRASE", "VIDJOURN_ROOT_PASSPHRASE")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _take_secrets()
    sys.unraisablehook = _quiet_unraisable
    args = list(sys.argv[1:] if argv is None else argv)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _sigterm)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _sigterm)  # Ctrl-C too: same KeyboardInterrupt, remembered
    cli.main(args=args, prog_name="vidjourn")


if __name__ == "__main__":  # pragma: no cover
    main()
