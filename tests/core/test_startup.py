"""Start-up (issue 24): `vidjourn --help`, `--version` and a command's `--help` import only click, the
message catalogue and the command table. Checked as the SET of vidjourn and third-party modules a fresh
interpreter holds afterwards (a list kept here), not as a time: it holds on a busy machine. The time
ratio against `python -c pass` is bench/startup's job."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# What every start holds besides the message catalogues and the rooms' cheap descriptors (added below).
ALWAYS = {"vidjourn", "vidjourn.cli", "vidjourn.cli.click_i18n", "vidjourn.core", "vidjourn.core.i18n",
          "vidjourn.core.textsafe",  # the catalogue's escaping of message arguments (stdlib only)
          "vidjourn.stages", "vidjourn.stages.registry"}
THIRD_PARTY = {"click"}
CHEAP = {"vidjourn.core.records"}  # stdlib-only helpers a command module may import at its top  # nothing else: no pydantic, numpy, av, PIL, rich, yaml

CASES = {
    "--help": set(),
    "--version": set(),
    "export --help": {"vidjourn.cli.common", "vidjourn.cli.choices", "vidjourn.stages.export.command"},
    "run --help": {"vidjourn.cli.common", "vidjourn.cli.choices", "vidjourn.cli.run_cmd"},
}

_PROBE = """
import json, sys
base = set(sys.modules)
from vidjourn.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(set(sys.modules) - base)))
"""


def _loaded(args: list[str]) -> tuple[set[str], set[str]]:
    """(vidjourn modules, third-party top-level packages) a fresh interpreter loads for ``args``."""
    out = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=60)
    mods = json.loads(out.stdout.strip().splitlines()[-1])
    ours = {m for m in mods if m == "vidjourn" or m.startswith("vidjourn.")}
    tops = {m.split(".")[0] for m in mods} - set(sys.stdlib_module_names) - {"vidjourn"}
    return ours, {m for m in tops if not m.startswith("_")}


def _baseline() -> set[str]:
    from vidjourn.core.i18n import catalogue_modules
    from vidjourn.stages.registry import rooms

    found = set(ALWAYS) | {f"vidjourn.stages.{r.name}" for r in rooms()}
    for name in catalogue_modules():  # each catalogue and the packages above it
        parts = name.split(".")
        found |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    return found


@pytest.mark.parametrize("args", list(CASES), ids=list(CASES))
def test_help_and_version_import_the_listed_modules_only(args):
    ours, third = _loaded(args.split())
    expected = _baseline() | CASES[args]
    assert third == THIRD_PARTY, f"vidjourn {args}: third-party modules {sorted(third - THIRD_PARTY)}"
    assert ours <= expected, f"vidjourn {args}: extra {sorted(ours - expected)} (update CASES if intended)"
    assert CASES[args] <= ours, f"vidjourn {args}: {sorted(CASES[args] - ours)} not loaded: is the probe right?"


def _paths() -> list[list[str]]:
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "cli_reference", Path(__file__).resolve().parents[2] / "scripts" / "cli_reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.commands()


@pytest.mark.parametrize("path", _paths(), ids=lambda p: " ".join(p))
def test_every_command_help_is_cheap(path):
    """Any command's --help: its own module and CLI helpers, nothing of the pipeline, settings models,
    stages or media libraries (those are imported inside the command's function body)."""
    from vidjourn.cli import all_commands

    own = all_commands()[path[0]][0].split(":")[0]
    ours, third = _loaded([*path, "--help"])
    extra = {m for m in ours - _baseline() if m != own and not m.startswith("vidjourn.cli.") and m not in CHEAP}
    assert third == THIRD_PARTY, f"vidjourn {' '.join(path)} --help: {sorted(third - THIRD_PARTY)}"
    assert not extra, f"vidjourn {' '.join(path)} --help imports {sorted(extra)}"


def test_cheap_choices_match_their_owners():
    from pathlib import Path

    from vidjourn.cli import choices
    from vidjourn.core.lookup import builtin_dir
    from vidjourn.settings.speeds import NAMES

    assert choices.SPEEDS == NAMES
    assert set(choices.PLATFORMS) == {p.stem for p in Path(builtin_dir("platforms")).glob("*.yaml")}


def test_secret_names_match_provenance():
    from vidjourn.cli import SECRET_VARS
    from vidjourn.provenance.keys import SECRET_VARS as OWNER

    assert set(SECRET_VARS) == set(OWNER)
    from vidjourn.core.secrets import PASSPHRASE_VARS

    assert set(PASSPHRASE_VARS) == set(OWNER)

