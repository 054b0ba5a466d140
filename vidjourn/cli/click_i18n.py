"""Click's own texts ("Usage:", "Options", "Show this message and exit.", usage errors) in the
user's language.

Click passes these through gettext (``_`` and ``ngettext`` imported into each click module); they
are routed to vidjourn's catalogue instead, so `--lang id` also covers "Galat: Opsi tidak dikenal".
Texts not listed here (click adds some between versions) stay in English rather than break.
"""

from __future__ import annotations

from vidjourn.core.i18n import t

# click's English msgid -> vidjourn message key (vidjourn/core/messages/core.py, "click.*")
CLICK_TEXTS = {
    "Usage:": "click.usage",
    "Options": "click.options",
    "Commands": "click.commands",
    "Positional arguments": "click.arguments",
    "Show this message and exit.": "click.help",
    "Show the version and exit.": "click.version",
    "Error: {message}": "click.error",
    "Try '{command} {option}' for help.": "click.try_help",
    "Invalid value: {message}": "click.invalid",
    "Invalid value for {param_hint}: {message}": "click.invalid_for",
    "Missing argument": "click.missing_argument",
    "Missing option": "click.missing_option",
    "Missing parameter": "click.missing_parameter",
    "Missing command.": "click.missing_command",
    "No such option {name!r}.": "click.no_such_option",
    "No such command {name!r}.": "click.no_such_command",
    "Did you mean {possibility}?": "click.did_you_mean",
    "(Did you mean one of: {possibilities}?)": "click.did_you_mean_many",
    "Got unexpected extra argument ({args})": "click.extra_args",
    "Got unexpected extra arguments ({args})": "click.extra_args",
    "Option {name!r} requires an argument.": "click.needs_value",
    "Option {name!r} requires {nargs} arguments.": "click.needs_values",
    "Option {name!r} does not take a value.": "click.takes_no_value",
    "{value!r} is not {choice}.": "click.not_choice",
    "{value!r} is not one of {choices}.": "click.not_choices",
    "{value!r} is not a valid {number_type}.": "click.not_number",
    "{value} is not in the range {range}.": "click.not_in_range",
    "{name} {filename!r} does not exist.": "click.path_missing",
    "{name} {filename!r} is a file.": "click.path_is_file",
    "{name} {filename!r} is a directory.": "click.path_is_dir",
    "file": "click.file",
    "directory": "click.directory",
    "path": "click.path",
    "default: {default}": "click.default",
    "Aborted!": "click.aborted",
}


def gettext(message: str) -> str:
    key = CLICK_TEXTS.get(message)
    return t(key) if key else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Point click's gettext at vidjourn's catalogue (idempotent; cheap: click is already loaded)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for mod in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(mod, "_"):
            mod._ = gettext
        if hasattr(mod, "ngettext"):
            mod.ngettext = ngettext
