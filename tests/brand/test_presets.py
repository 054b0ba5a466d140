"""Brand presets: strict validation (every mistake at once, with key paths), lookup order, the built-ins."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vidjourn.core import lookup
from vidjourn.cli import cli
from vidjourn.core.errors import PresetError, UsageError
from vidjourn.settings.presets import load, load_file

THREE_MISTAKES = """\
colors:
  primary: navy            # not #RRGGBB
logo:
  file: no-such-logo.png   # missing file
lower_third:
  animaton: slide          # typo: unknown key
"""


def test_builtins_and_template_validate():
    for name in ("humas", "netral"):
        p = load(name)
        assert p.name == name and p.source.endswith(f"{name}.yaml")
    humas = load("humas")
    assert Path(humas.logo.file).name == "logo-placeholder.png" and Path(humas.logo.file).is_file()
    assert humas.title_card.enabled and humas.end_card.enabled
    template = load_file(lookup.builtin_dir("brand") / "_template.yaml")
    assert template.lower_third.animation == "slide"
    assert "_template" not in [f.name for f in lookup.list_all("brand")]  # hidden from lists


def test_three_mistakes_reported_together_with_key_paths(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(THREE_MISTAKES, encoding="utf-8")
    with pytest.raises(PresetError) as err:
        load(str(bad))
    probs = err.value.problems
    assert len(probs) == 3, probs
    assert probs[0].startswith("colors.primary:") and "navy" in probs[0]
    assert probs[1].startswith("logo.file:") and "no-such-logo.png" in probs[1]
    assert probs[2] == "lower_third.animaton: unknown key (a typo?)"
    msg = err.value.message()
    assert str(bad) in msg and "vidjourn presets validate" in msg
    assert "preset branding berisi kesalahan" in err.value.message("id")  # Indonesian too


def test_wrong_types_are_errors_not_coerced(tmp_path):
    bad = tmp_path / "types.yaml"
    bad.write_text('logo: {opacity: "0.5"}\nlower_third: {max_lines: 2.5}\ntitle_card: {lines: [{size: 0.1}]}\n')
    with pytest.raises(PresetError) as err:
        load(str(bad))
    keys = sorted(p.split(":")[0] for p in err.value.problems)
    assert keys == ["logo.opacity", "lower_third.max_lines", "title_card.lines[0].text"]
    assert "logo.opacity: must be a number (got '0.5')" in err.value.problems
    assert "lower_third.max_lines: must be a whole number (got 2.5)" in err.value.problems


def test_lookup_order_assignment_beats_builtin(tmp_path, monkeypatch):
    monkeypatch.setenv("VIDJOURN_CONFIG", str(tmp_path / "config"))
    asg = tmp_path / "story"
    (asg / "presets" / "brand").mkdir(parents=True)
    (asg / "presets" / "brand" / "humas.yaml").write_text("label: Polres Contoh\nlogo: {file: null}\n")
    assert load("humas", asg).label == "Polres Contoh"
    assert load("humas").label.startswith("Humas")
    with pytest.raises(UsageError) as err:
        load("nope", asg)
    assert "humas" in err.value.message() and "netral" in err.value.message()


def test_presets_cli_list_show_validate(tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["presets", "list", "--json"])
    assert res.exit_code == 0, res.output
    assert {"humas", "netral"} <= {r["name"] for r in __import__("json").loads(res.output)}
    res = runner.invoke(cli, ["presets", "show", "netral"])
    assert res.exit_code == 0 and "animation: fade" in res.output
    res = runner.invoke(cli, ["presets", "validate"])
    assert res.exit_code == 0 and res.output.count(": OK") >= 2
    bad = tmp_path / "bad.yaml"
    bad.write_text(THREE_MISTAKES)
    res = runner.invoke(cli, ["presets", "validate", str(bad)])
    assert res.exit_code == 1
    for key in ("colors.primary", "logo.file", "lower_third.animaton"):
        assert key in res.output
    for args in (["presets", "--help"], ["presets", "validate", "--help"], ["brand", "--help"]):
        out = runner.invoke(cli, args).output
        assert "Example" in out
