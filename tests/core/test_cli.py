"""CLI conventions: help with an example on every command (both languages), --version, -v/-q,
NO_COLOR, exit codes, README's command reference, fast start (nothing heavy imported)."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from vidjourn.cli import cli

REPO = Path(__file__).resolve().parents[2]
VJ = str(Path(sys.executable).parent / "vidjourn")


def _reference_script():
    """scripts/cli_reference.py, which owns the walk over every command path (docs/cli-reference.md)."""
    spec = importlib.util.spec_from_file_location("cli_reference", REPO / "scripts" / "cli_reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def available() -> list[str]:
    """Commands whose module exists (LazyGroup lists only those)."""
    return cli.list_commands(click.Context(cli, info_name="vidjourn"))


def command_paths() -> list[list[str]]:
    return _reference_script().commands()


def test_foundation_commands_exist():
    for name in ("probe", "init", "ingest", "verify", "doctor", "demo"):
        assert name in available()


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p))
def test_help_has_example_in_english(path):
    res = CliRunner().invoke(cli, [*path, "--help"])
    assert res.exit_code == 0, res.output
    assert "Usage: " in res.output
    assert re.search(r"\bExamples?:", res.output), f"vidjourn {' '.join(path)} --help has no example"
    assert re.search(r"^\s+vidjourn ", res.output.split("Example", 1)[1], re.M), "example must show a command"


def test_help_has_example_in_indonesian():
    """Help texts are built at import, so the Indonesian check runs the real program per command."""
    env = {**os.environ, "VIDJOURN_LANG": "id"}
    missing = []
    for path in command_paths():
        out = subprocess.run([VJ, *path, "--help"], env=env, capture_output=True, text=True)
        if out.returncode != 0 or "Contoh:" not in out.stdout:
            missing.append(f"vidjourn {' '.join(path)} --help: exit {out.returncode}, no 'Contoh:'")
    assert not missing, "\n".join(missing)


def test_root_help_lists_commands_and_exit_codes():
    res = CliRunner().invoke(cli, ["--help"])
    assert res.exit_code == 0
    for name in available():
        assert re.search(rf"^\s+{name}\s", res.output, re.M), name
    assert "Exit codes: 0 ok, 1 some item failed, 2 usage error" in res.output


def test_version():
    from vidjourn import __version__

    res = CliRunner().invoke(cli, ["--version"])
    assert res.exit_code == 0 and res.output.strip() == f"vidjourn, version {__version__}"


def test_usage_errors_exit_2():
    assert CliRunner().invoke(cli, ["no-such-command"]).exit_code == 2
    assert CliRunner().invoke(cli, ["probe"]).exit_code == 2  # missing FILE
    assert CliRunner().invoke(cli, ["--lang", "fr", "doctor"]).exit_code == 2


def test_verbose_shows_pasteable_ffmpeg_commands(tmp_path, clip_factory, ffmpeg_bin):
    from vidjourn.core.story import init_assignment

    asg = init_assignment("verbose", tmp_path)
    clip = clip_factory("v.mp4", duration=1.0)
    res = CliRunner().invoke(cli, ["-v", "ingest", str(clip), "-p", str(asg.root)])
    assert res.exit_code == 0, res.output
    lines = [line for line in res.stderr.splitlines() if line.startswith(ffmpeg_bin)]
    assert lines, res.stderr
    argv = shlex.split(lines[0])  # one line a user can paste into a shell
    assert argv[0] == ffmpeg_bin and "-nostdin" in argv and "ebur128=peak=true:framelog=quiet" in argv
    # it ran on the temp copy (since renamed into raw/): point it at the final file and run it
    argv[argv.index("-i") + 1] = str(asg.root / asg.clips()[0]["file"])
    rerun = subprocess.run(argv, capture_output=True, text=True)
    assert rerun.returncode == 0 and "Integrated loudness" in rerun.stderr


def test_quiet_prints_only_errors(tmp_path, clip_factory):
    from vidjourn.core.story import init_assignment

    asg = init_assignment("sunyi", tmp_path)
    (tmp_path / "kosong.mp4").write_bytes(b"")
    res = CliRunner().invoke(cli, ["-q", "ingest", str(clip_factory("q.mp4", duration=1.0)),
                                   str(tmp_path / "kosong.mp4"), "-p", str(asg.root)])
    assert res.exit_code == 1
    assert res.stdout == ""
    assert "kosong.mp4: the file is empty" in res.stderr
    assert "ingested" not in res.stderr and len(asg.clips()) == 1


COLOR_SGR = re.compile(r"\x1b\[[0-9;]*?(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m")


def test_no_color_is_respected():
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    base.update(FORCE_COLOR="1", TERM="xterm-256color", COLUMNS="120")
    colored = subprocess.run([VJ, "doctor"], env=base, capture_output=True, text=True)
    plain = subprocess.run([VJ, "doctor"], env={**base, "NO_COLOR": "1"}, capture_output=True, text=True)
    assert COLOR_SGR.search(colored.stdout), "the control run should be coloured"
    assert not COLOR_SGR.search(plain.stdout) and not COLOR_SGR.search(plain.stderr)
    assert "libx264" in plain.stdout


def test_cli_reference_is_generated_and_current():
    """docs/cli-reference.md is exactly what scripts/cli_reference.py makes from --help, and holds every
    command and each of its options (regenerate: `.venv/bin/python scripts/cli_reference.py`)."""
    ref = (REPO / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    # In a fresh interpreter: commands imported here by earlier tests keep the texts of the language they
    # were built in (click caches each command's help option), which made this test depend on the order.
    check = subprocess.run([sys.executable, str(REPO / "scripts" / "cli_reference.py"), "--check"],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr + "run .venv/bin/python scripts/cli_reference.py"
    sections = dict(re.findall(r"^## `vidjourn ?([^`]*)`\n(.*?)(?=^## |\Z)", ref, re.M | re.S))
    problems = []
    ctx = click.Context(cli, info_name="vidjourn")
    for path in command_paths():
        name = " ".join(path)
        if name not in sections:
            problems.append(f"docs/cli-reference.md lacks `vidjourn {name}`")
            continue
        cmd = cli.get_command(ctx, path[0])
        if len(path) == 2:
            cmd = cmd.get_command(click.Context(cmd, parent=ctx), path[1])
        for param in (p for p in cmd.params if not getattr(p, "hidden", False)):  # hidden: old names kept working
            for opt in getattr(param, "opts", []):
                if opt.startswith("-") and opt not in sections[name]:
                    problems.append(f"`vidjourn {name}`: option {opt} missing from docs/cli-reference.md")
    assert not problems, "\n".join(problems) + "\nrun: .venv/bin/python scripts/cli_reference.py"


def test_readme_is_a_short_guide():
    """README is the guide (<= 300 lines) and points to the reference, the feature guides and DESIGN."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 300
    for target in ("docs/cli-reference.md", "docs/DESIGN.md", "bench/README.md"):
        assert target in readme and (REPO / target).exists(), target


def test_help_imports_nothing_heavy():
    code = ("import sys; from vidjourn.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in ('av', 'numpy', 'PIL', 'moviepy', 'pydantic', 'yaml', 'rich', 'openpyxl',"
            " 'ffmpeg', 'imageio', 'scenedetect', 'cv2') if m in sys.modules)\n"
            "print('HEAVY', heavy, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in out.stderr, out.stderr


def test_lang_flag_covers_root_help_and_click_usage_errors():
    """--lang id must reach texts built before it was parsed (the root group) and click's own."""
    env = {**os.environ, "VIDJOURN_LANG": "en"}
    root = subprocess.run([VJ, "--lang", "id", "--help"], env=env, capture_output=True, text=True)
    assert root.returncode == 0
    assert root.stdout.startswith("Penggunaan: vidjourn") and "Kode keluar: 0 berhasil" in root.stdout
    assert "Opsi:" in root.stdout and "Tampilkan bantuan ini lalu keluar." in root.stdout
    bad = subprocess.run([VJ, "--lang", "id", "ingest", "--bogus"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2
    assert "Galat: Opsi '--bogus' tidak dikenal." in bad.stderr
    assert "Lihat 'vidjourn ingest --help' untuk bantuan." in bad.stderr
    missing = subprocess.run([VJ, "--lang", "id", "probe"], env=env, capture_output=True, text=True)
    assert missing.returncode == 2 and "Galat: Argumen belum diisi 'FILE'." in missing.stderr
    en = subprocess.run([VJ, "ingest", "--bogus"], env=env, capture_output=True, text=True)
    assert en.returncode == 2 and "Error: No such option '--bogus'." in en.stderr
