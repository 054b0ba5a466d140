"""Scripts (issue 22 g): one JSON shape for run and batch (schema 1, docs/json.md), and every error with
--json a JSON object on stdout with the usual exit code."""

from __future__ import annotations

import json

from click.testing import CliRunner

from vidjourn.cli import cli

TASK_KEYS = {"task", "stage", "assignment", "clip", "status", "reason", "outputs", "errors", "host"}


def _json(res) -> dict:
    return json.loads(res.stdout)


def test_run_and_batch_share_the_schema(tmp_path):
    assert CliRunner().invoke(cli, ["init", "uji", "--in", str(tmp_path)]).exit_code == 0
    run = _json(CliRunner().invoke(cli, ["run", "-p", str(tmp_path / "uji"), "--json"]))
    job = tmp_path / "jobs.yaml"
    job.write_text("version: 1\nitems: [uji]\ndefaults: {steps: [shotlog]}\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["batch", "run", str(job), "--json"])
    assert res.exit_code == 0, res.output
    batch = _json(res)
    for data in (run, batch):
        assert data["schema"] == 1 and data["ok"] is True and data["exit_code"] == 0
        assert set(data["totals"]) == {"done", "cached", "failed", "blocked", "todo"}
    rows = run["tasks"] + [r for it in batch["items"] for r in it["tasks"]]
    assert rows and all(set(r) == TASK_KEYS for r in rows)
    assert all(set(r["reason"]) == {"key", "args", "text"} for r in rows)


def test_every_error_with_json_is_json_on_stdout(tmp_path):
    cases = [(["batch", "run", str(tmp_path / "nope.yaml"), "--json"], 2),
             (["run", "--bogus", "--json"], 2),
             (["--json", "run", "-p", str(tmp_path / "nowhere")], 2),
             (["export", "--to", "nope", "--json", "x.mp4"], 2)]
    for args, code in cases:
        res = CliRunner().invoke(cli, args)
        assert res.exit_code == code, (args, res.output)
        data = _json(res)
        assert data["ok"] is False and data["exit_code"] == code and data["error"]["key"], args
        assert data["error"]["message"]
