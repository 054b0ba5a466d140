"""One meaning per flag (issue 22): the root's --lang/-v/-q in any position for every command, --json
before the command, -p the assignment everywhere, the same names for the same things, platform aliases,
a clip by id, exit 2 for usage errors."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from vidjourn.cli import cli, hoist_root_flags

REPO = Path(__file__).resolve().parents[2]
VJ = str(Path(sys.executable).parent / "vidjourn")


def _paths() -> list[list[str]]:
    spec = importlib.util.spec_from_file_location("cli_reference", REPO / "scripts" / "cli_reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.commands()


def _command(path: list[str]) -> click.Command:
    ctx = click.Context(cli, info_name="vidjourn")
    cmd = cli.get_command(ctx, path[0])
    if len(path) == 2:
        cmd = cmd.get_command(click.Context(cmd, info_name=path[0], parent=ctx), path[1])
    return cmd


PATHS = _paths()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p))
@pytest.mark.parametrize("where", ["before", "after", "end"])
def test_root_options_in_every_position(path, where):
    opts = ["--lang", "en", "-v", "-q"]
    args = {"before": [*opts, *path, "--help"], "after": [*path, *opts, "--help"],
            "end": [*path, "--help", *opts]}[where]
    if path[0] == "captions" and where != "before":
        args = [a if a != "--lang" else "--lang=en" for a in args]  # captions' own --lang: see below
        args = [a for a in args if a not in ("--lang=en",)]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    assert "Usage: " in res.output


def test_hoisting_keeps_option_values_and_double_dash():
    assert hoist_root_flags(["run", "--lang", "id", "-v"]) == ["--lang", "id", "-v", "run"]
    assert hoist_root_flags(["--json", "redact", "analyze", "c1"]) == ["redact", "analyze", "c1", "--json"]
    # the value of an option that takes one stays with it; nothing past "--" moves
    assert hoist_root_flags(["init", "slug", "--title", "-v"]) == ["init", "slug", "--title", "-v"]
    assert hoist_root_flags(["shotlog", "--force", "-q", "--", "-v"]) == ["-q", "shotlog", "--force", "--", "-v"]
    # after captions, --lang is the language spoken (its own name: --speech-lang)
    assert hoist_root_flags(["captions", "--lang", "en", "-q"]) == ["-q", "captions", "--lang", "en"]


def test_lang_after_the_command_reaches_its_help_texts():
    env = {**os.environ, "VIDJOURN_LANG": "en"}
    out = subprocess.run([VJ, "run", "--help", "--lang", "id"], env=env, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("Penggunaan: vidjourn run"), out.stdout[:200]
    bad = subprocess.run([VJ, "ingest", "--bogus", "--lang", "id"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "Galat: Opsi '--bogus' tidak dikenal." in bad.stderr


def test_same_names_for_the_same_things():
    problems = []
    for path in PATHS:
        cmd = _command(path)
        opts = {o: p for p in cmd.params for o in getattr(p, "opts", [])}
        name = " ".join(path)
        if "-p" in opts and opts["-p"].name != "project":
            problems.append(f"{name}: -p is {opts['-p'].name}, not the assignment")
        for old in ("--platform", "--x264-preset", "--parent"):  # kept working, but not shown
            if old in opts and opts[old].opts[0] == old and not opts[old].hidden:
                problems.append(f"{name}: {old} is the option's main name")
        if "--speed" in opts:
            assert list(opts["--speed"].type.choices) == ["draft", "fast", "normal", "best"], name
    assert not problems, "\n".join(problems)
    for path in (["run"], ["export"], ["check"]):
        assert "--to" in {o for p in _command(path).params for o in getattr(p, "opts", [])}
    for path in (["run"], ["export"], ["ingest"], ["shotlog"], ["brand"], ["init"], ["captions", "make"],
                 ["captions", "approve"], ["redact", "analyze"], ["redact", "review"], ["redact", "approve"],
                 ["keys", "init"], ["presets", "new"]):
        assert "--dry-run" in {o for p in _command(path).params for o in getattr(p, "opts", [])}, path
    assert "--speed" in {o for p in _command(["brand"]).params for o in p.opts}
    assert "--speech-lang" in {o for p in _command(["captions", "make"]).params for o in p.opts}


def test_platform_aliases_and_did_you_mean(tmp_path):
    from vidjourn.settings import profiles

    for alias, name in (("wa", "whatsapp"), ("ig", "reels"), ("yt", "youtube"), ("fb", "facebook"),
                        ("tt", "tiktok"), ("WA", "whatsapp")):
        assert profiles.load(alias).name == name
    assert CliRunner().invoke(cli, ["init", "uji", "--in", str(tmp_path)]).exit_code == 0
    asg = tmp_path / "uji"
    for args in (["run", "-p", str(asg), "--to", "whatsap"], ["export", "-p", str(asg), "--to", "yuotube"],
                 ["check", str(tmp_path), "--to", "reelz"]):
        res = CliRunner().invoke(cli, args)
        assert res.exit_code == 2, (args, res.output)
    res = CliRunner().invoke(cli, ["run", "-p", str(asg), "--to", "whatsap", "--dry-run"])
    assert "whatsapp" in res.output
    res = CliRunner().invoke(cli, ["run", "-p", str(asg), "--to", "wa,ig", "--dry-run", "--json"])
    assert res.exit_code == 0, res.output


def test_dry_run_writes_nothing(tmp_path):
    res = CliRunner().invoke(cli, ["init", "uji", "--in", str(tmp_path), "--dry-run"])
    assert res.exit_code == 0 and not (tmp_path / "uji").exists()
    assert CliRunner().invoke(cli, ["init", "uji", "--in", str(tmp_path)]).exit_code == 0
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    for args in (["run"], ["shotlog"], ["export", "--to", "wa"]):
        res = CliRunner().invoke(cli, [*args, "-p", str(tmp_path / "uji"), "--dry-run"])
        assert res.exit_code == 0, (args, res.output)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_brand_takes_a_clip_id(clip_factory, tmp_path):
    """`brand CLIP_ID` like export/redact/captions: the id, the file name or the path."""
    import json

    assert CliRunner().invoke(cli, ["init", "uji", "--in", str(tmp_path)]).exit_code == 0
    asg = tmp_path / "uji"
    src = clip_factory("flags.mp4", duration=1.0, size=(160, 120))
    res = CliRunner().invoke(cli, ["ingest", str(src), "-p", str(asg), "--no-loudness"])
    assert res.exit_code == 0, res.output
    cid = json.loads((asg / "manifest.json").read_text())["clips"][0]["id"]
    for name in (cid, cid + ".mp4"):
        res = CliRunner().invoke(cli, ["brand", name, "-p", str(asg), "--dry-run", "--json"])
        assert res.exit_code == 0, res.output
        assert str(asg / "raw") in json.loads(res.output)["source"]


def test_dry_run_of_redact_and_keys_writes_nothing(tmp_path, clip_factory):
    import json

    assert CliRunner().invoke(cli, ["init", "uji", "--in", str(tmp_path)]).exit_code == 0
    asg = tmp_path / "uji"
    src = clip_factory("flags.mp4", duration=1.0, size=(160, 120))
    assert CliRunner().invoke(cli, ["ingest", str(src), "-p", str(asg), "--no-loudness"]).exit_code == 0
    cid = json.loads((asg / "manifest.json").read_text())["clips"][0]["id"]
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    for args in (["redact", "analyze", cid], ["redact", "review", cid], ["redact", "approve", cid],
                 ["captions", "approve", cid]):
        res = CliRunner().invoke(cli, [*args, "-p", str(asg), "--dry-run", "--json"])
        assert res.exit_code == 0, (args, res.output)
        assert json.loads(res.stdout)["clips"] == [cid]
    res = CliRunner().invoke(cli, ["keys", "init", "--unit", "Humas", "--dir", str(tmp_path / "keys"), "--dry-run"])
    assert res.exit_code == 0, res.output
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before

