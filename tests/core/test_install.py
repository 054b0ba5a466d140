"""Packaging: a wheel ships presets and fonts; a plain (non-editable) install finds them; the installed
`vidjourn` works end to end as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VJ = str(Path(sys.executable).parent / "vidjourn")


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory) -> Path:
    """The repository's sources in a temp folder, so building never touches the working tree
    (in-tree builds write build/ and *.egg-info, which would race with other test runs)."""
    dst = tmp_path_factory.mktemp("src") / "vidjourn-src"
    shutil.copytree(REPO, dst, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "bench", "tests",
        "vidjourn-demo", "demo"))
    return dst


@pytest.fixture(scope="module")
def wheel(source_copy, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # -v: pip shows the build backend's warnings only then (setuptools' "absent from packages" ones)
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-v",
                          str(source_copy), "-w", str(out)], check=True, capture_output=True, text=True)
    (out / "build.log").write_text(res.stdout + res.stderr)
    [whl] = out.glob("vidjourn-*.whl")
    return whl


def test_build_prints_no_setuptools_warning(wheel):
    """Issue 22: data folders (fonts/, presets/brand/...) declared as package data, not taken for packages:
    `make demo` printed ~270 lines of "Package 'vidjourn.fonts' is absent from the packages configuration"."""
    log = (wheel.parent / "build.log").read_text()
    assert "absent from" not in log and "BuildBackendWarning" not in log and "SetuptoolsDeprecationWarning" not in log, \
        [line for line in log.splitlines() if "arning" in line][:10]


def test_readme_commands_work_in_windows_shells():
    """README's Windows lines: no `&&` (PowerShell 5.1 refuses it) and, anywhere, no single-quoted pip
    extras (cmd.exe passes the quotes on: pip install 'vidjourn[captions]' fails there)."""
    import re

    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    problems = []
    windows, fence = False, False
    for i, line in enumerate(lines, 1):
        if re.search(r"pip install[^\n]*'[^']*\[", line):
            problems.append(f"README.md:{i}: single-quoted extras: {line.strip()}")
        if line.startswith("```"):
            if not fence:  # a block is Windows' when the text just before it says so
                windows = any("windows" in x.lower() for x in lines[max(0, i - 4):i - 1])
            fence = not fence
            continue
        if fence and (windows or "\\Scripts\\" in line or line.startswith("py ")) and "&&" in line:
            problems.append(f"README.md:{i}: && in a Windows line: {line.strip()}")
    assert not problems, "\n".join(problems)


def test_wheel_contains_presets_fonts_and_all_modules(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    presets = {n for n in names if n.startswith("vidjourn/builtin_presets/")}
    repo_presets = {f"vidjourn/builtin_presets/{p.relative_to(REPO / 'presets').as_posix()}"
                    for p in (REPO / "presets").rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")}
    assert repo_presets and repo_presets <= presets, sorted(repo_presets - presets)
    assert any(n.startswith("vidjourn/builtin_presets/platforms/") and n.endswith(".yaml") for n in names)
    fonts = {n for n in names if n.startswith("vidjourn/fonts/") and n.endswith((".ttf", ".otf"))}
    assert fonts == {f"vidjourn/fonts/{p.name}" for p in (REPO / "vidjourn" / "fonts").glob("*")
                     if p.suffix in (".ttf", ".otf")}
    # every module of the package (a new subpackage missing from pyproject's list would vanish)
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "vidjourn").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert modules <= names, sorted(modules - names)
    entry = [n for n in names if n.endswith("entry_points.txt")]
    assert entry and "vidjourn = vidjourn.cli:main" in zipfile.ZipFile(wheel).read(entry[0]).decode()


def test_plain_install_finds_builtin_presets(source_copy, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-q",
                    "--target", str(target), str(source_copy)], check=True, capture_output=True)
    code = ("import json, vidjourn, vidjourn.core.lookup as L; "
            "print(json.dumps({'pkg': vidjourn.__file__, 'platforms': str(L.builtin_dir('platforms')), "
            "'brand': str(L.builtin_dir('brand')), "
            "'names': [f.name for f in L.list_all('platforms')]}))")
    env = {**os.environ, "PYTHONPATH": str(target), "VIDJOURN_CONFIG": str(tmp_path / "cfg")}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, check=True,
                         capture_output=True, text=True).stdout
    data = json.loads(out)
    assert Path(data["pkg"]).is_relative_to(target), "must import the installed copy, not the repo"
    platforms = Path(data["platforms"])
    assert platforms.is_relative_to(target) and platforms.is_dir()
    assert Path(data["brand"]).is_relative_to(target)
    expected = sorted(p.stem for p in (REPO / "presets" / "platforms").glob("*.yaml")
                      if not p.name.startswith(("_", ".")))
    assert expected and data["names"] == expected


def run(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "VIDJOURN_LANG": "en", "NO_COLOR": "1"}
    proc = subprocess.run([VJ, *args], cwd=cwd, env=env, capture_output=True, text=True)
    if check:
        assert proc.returncode == 0, f"vidjourn {' '.join(args)} -> {proc.returncode}\n{proc.stderr}"
    return proc


def test_installed_cli_end_to_end(tmp_path, clip_factory):
    """init -> ingest -> verify -> probe, as a user types it, through the console script."""
    card = tmp_path / "card"
    card.mkdir()
    shutil.copy(clip_factory("e2e.mp4", duration=1.5, creation_time="2026-11-12T02:00:00Z"), card / "VID 01.mp4")
    shutil.copy(clip_factory("e2e_rot.mp4", duration=1.0, rotate=-90), card / "VID 02.mov")
    assert run("--version", cwd=tmp_path).stdout.strip() == "vidjourn, version 0.1.0"
    run("init", "2026-11-12_uji-e2e", cwd=tmp_path)
    asg = tmp_path / "2026-11-12_uji-e2e"
    ing = run("ingest", str(card), "--json", cwd=asg)  # the assignment is found from the cwd
    data = json.loads(ing.stdout)
    assert len(data["ingested"]) == 2 and data["failed"] == []
    ver = run("verify", cwd=asg)
    assert "All 2 originals intact" in ver.stdout
    rec = next(r for r in json.loads((asg / "manifest.json").read_text())["clips"] if r["file"].endswith(".mov"))
    probe = json.loads(run("probe", str(asg / rec["file"]), "--json", cwd=tmp_path).stdout)
    assert (probe["display_width"], probe["display_height"]) == (240, 320)
    assert probe["streams"][0]["rotation"] == -90
    bad = run("probe", str(tmp_path / "nope.mp4"), cwd=tmp_path, check=False)
    assert bad.returncode == 1 and "nope.mp4: no such file or folder" in bad.stderr
    usage = run("ingest", "--no-such-option", cwd=tmp_path, check=False)
    assert usage.returncode == 2
