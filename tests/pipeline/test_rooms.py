"""Rooms (issue 18): a stage is one package; the planner orders producers before consumers."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from vidjourn.core.story import init_assignment
from vidjourn.pipeline import planner
from vidjourn.pipeline.runner import Listener, execute
from vidjourn.stages import registry
from vidjourn.stages.base import PipelineOptions

TOY = {
    "__init__.py": """
        from vidjourn.stages.registry import Room

        ROOM = Room(name="toy", stage="vidjourn.stages.toy.stage:STAGE", produces=("toy",), consumes=("clips",),
                    commands={"toy": "vidjourn.stages.toy.command:toy"}, help={"toy": "toy.help"}, order=99)
        """,
    "stage.py": """
        from pathlib import Path

        from vidjourn.stages.base import Event, OutputRecord, Result, Task, task_key


        class ToyStage:
            name, default, coordinator = "toy", False, False

            def plan(self, asg, options, ctx=None):
                return [Task("toy", task_key("toy", asg.root), str(asg.root), fingerprint="toy-1")]

            def run(self, task, emit):
                out = Path(task.assignment) / "out" / "toy.txt"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text("toy\\n", encoding="utf-8")
                emit(Event("note", task.key, "toy.made", {"path": "out/toy.txt"}))
                return Result(task.key, True, outputs=(OutputRecord.of(Path(task.assignment), out),))


        STAGE = ToyStage()
        """,
    "command.py": """
        import click

        from vidjourn.core.i18n import t


        @click.command(help=t("toy.help"))
        def toy():
            click.echo(t("toy.hello"))
        """,
    "messages.py": """
        MESSAGES = {
            "toy.help": {"id": "Mainan: tahap contoh", "en": "Toy: an example stage"},
            "toy.hello": {"id": "halo dari mainan", "en": "hello from the toy"},
            "toy.made": {"id": "mainan membuat {path}", "en": "the toy made {path}"},
        }
        """,
}

# Run in a fresh interpreter: the toy's folder is added to vidjourn.stages.__path__ before anything
# reads the rooms or the message catalogue; nothing in the repository is touched.
SCRIPT = """
import contextlib, io, json, os, sys
import vidjourn.stages
vidjourn.stages.__path__.append(sys.argv[1])
from vidjourn.cli import main
os.environ.update({"VIDJOURN_LANG": "en", "NO_COLOR": "1", "COLUMNS": "200"})

def vj(*args):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        try:
            main(list(args))
        except SystemExit as exc:
            return exc.code or 0, buf.getvalue()
    return 0, buf.getvalue()

from vidjourn.pipeline import planner
out = {"order": [s.name for s in planner.stages()], "help_en": vj("--help")[1], "help_id": vj("--lang", "id", "--help")[1],
       "toy": vj("--lang", "id", "toy")[1],
       "runs": [vj("--lang", "en", "run", "-p", sys.argv[2], "--steps", "toy", "--json") for _ in range(2)]}
print("RESULT" + json.dumps(out))
"""


def test_a_toy_stage_is_one_package_planned_run_listed_and_translated(tmp_path):
    room = tmp_path / "extra" / "toy"
    room.mkdir(parents=True)
    for name, text in TOY.items():
        (room / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    asg = init_assignment("2026-12-08_mainan", tmp_path, title="Mainan")
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(room.parent), str(asg.root)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.split("RESULT", 1)[1])
    assert out["order"].index("ingest") < out["order"].index("toy")  # it consumes clips: after their maker
    assert "toy" in out["help_en"] and "Toy: an example stage" in out["help_en"]
    assert "Mainan: tahap contoh" in out["help_id"]
    assert out["toy"].strip() == "halo dari mainan"
    (code1, first), (code2, second) = out["runs"]
    assert code1 == 0 and json.loads(first)["done"] == 1, first
    assert (asg.root / "out" / "toy.txt").read_text(encoding="utf-8") == "toy\n"
    assert code2 == 0 and json.loads(second)["cached"] == 1, second  # the ledger holds it: not run again
    assert "toy" not in [r.name for r in registry.rooms()]  # this process never saw it


class _Order(Listener):
    def __init__(self) -> None:
        self.stages: list[str] = []

    def planned(self, stage: str, items: list) -> None:
        self.stages.append(stage)


def test_run_steps_redact_brand_plans_redact_first_and_captions_before_brand_and_export(tmp_path):
    assert [s.name for s in planner.selected(PipelineOptions(steps=("brand", "redact")))] == ["redact", "brand"]
    names = [s.name for s in planner.selected(PipelineOptions(steps=("export", "brand", "captions")))]
    assert names.index("captions") < names.index("brand") and names.index("captions") < names.index("export")
    asg = init_assignment("2026-12-08_urut", tmp_path, title="Urut")
    seen = _Order()
    execute([(asg, PipelineOptions(steps=("brand", "redact")))], listener=seen, dry_run=True)
    assert seen.stages == ["redact", "brand"]
