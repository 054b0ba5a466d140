"""Command-line interface. Parses, calls the core, prints. The core never imports click or rich.

Commands are loaded lazily (``COMMANDS``) so ``vidjourn --help`` imports nothing heavy.
"""

from __future__ import annotations

import importlib
import signal
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
            ctx.exit(err.exit_code)


def _short(text: str, limit: int) -> str:
    """The first sentence of a help text, cut at a word to fit ``limit`` columns ("..." when cut)."""
    first = text.split(". ")[0].rstrip(".") + ("." if ". " in text or text.endswith(".") else "")
    if len(first) <= limit:
        return first
    cut = first[:max(limit - 3, 1)].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "..."


def _prescan_lang(argv: list[str]) -> None:
    """--lang must be known before help texts are built, so it is read from argv first.

    Only the root's own options count (those before the command name): after it, ``--lang`` belongs to
    the command (``vidjourn captions --lang en`` names the language spoken, not the messages')."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--lang" and i + 1 < len(argv):
            if argv[i + 1] in LANGS:
                set_lang(argv[i + 1])
            i += 2
            continue
        if arg.startswith("--lang=") and arg.split("=", 1)[1] in LANGS:
            set_lang(arg.split("=", 1)[1])
        elif not arg.startswith("-"):
            break  # the command name
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


@click.group(cls=LazyGroup, help=t("cli.root_help"), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="vidjourn")
@click.option("--lang", type=click.Choice(LANGS), default=None, help=t("cli.lang_help"))
@click.option("-v", "--verbose", count=True, help=t("cli.verbose_help"))
@click.option("-q", "--quiet", is_flag=True, help=t("cli.quiet_help"))
@click.pass_context
def cli(ctx: click.Context, lang: str | None, verbose: int, quiet: bool) -> None:
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


# Root options a user may also write after the command name (`vidjourn shotlog -v`).
_ROOT_FLAGS = {"-v", "-vv", "-vvv", "--verbose", "-q", "--quiet"}


def hoist_root_flags(args: list[str]) -> list[str]:
    """Move -v/-q written after the command name to before it, where the root group reads them.

    Only whole tokens, and never past ``--`` or a value of another option (``--title -v`` keeps it)."""
    if not args:
        return args
    cmd_at = next((i for i, a in enumerate(args) if not a.startswith("-") and
                   (i == 0 or args[i - 1] != "--lang")), None)
    if cmd_at is None:
        return args
    head, moved, tail = args[:cmd_at + 1], [], []
    i = cmd_at + 1
    while i < len(args):
        a = args[i]
        if a == "--":
            tail += args[i:]
            break
        prev = args[i - 1]
        takes_value = prev.startswith("-") and prev not in _ROOT_FLAGS and "=" not in prev and \
            prev not in _FLAG_OPTIONS
        if a in _ROOT_FLAGS and not takes_value:
            moved.append(a)
        else:
            tail.append(a)
        i += 1
    return moved + head + tail if moved else args


# Options of the subcommands that take no value (so a -v after them is a flag, not their value).
_FLAG_OPTIONS = {"--json", "--force", "--no-cards", "--keep-metadata", "--no-loudness", "--refresh",
                 "-h", "--help"}


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


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    global _HELP_ONLY
    sys.unraisablehook = _quiet_unraisable
    args = hoist_root_flags(list(sys.argv[1:] if argv is None else argv))
    _HELP_ONLY = _asks_help(args)
    _prescan_lang(args)
    _localise_root()
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _sigterm)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _sigterm)  # Ctrl-C too: same KeyboardInterrupt, remembered
    cli.main(args=args, prog_name="vidjourn")


if __name__ == "__main__":  # pragma: no cover
    main()
