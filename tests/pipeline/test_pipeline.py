"""The stage protocol, the ledger and `vidjourn run` (real ffmpeg, real footage)."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from vidjourn.cli import cli
from vidjourn.core.assignment import Assignment
from vidjourn.core.i18n import catalogue
from vidjourn.core.ledger import Ledger
from vidjourn.pipeline import planner
from vidjourn.pipeline.runner import Listener, execute
from vidjourn.stages import registry
from vidjourn.stages.base import Event, PipelineOptions, Result, Stage, Task


def _init(tmp_path: Path, slug: str = "2026-11-12_apel") -> Assignment:
    from vidjourn.core.story import init_assignment

    return init_assignment(slug, tmp_path, title="Apel pagi")


def _set_story(asg: Assignment, **changes) -> None:
    import yaml

    story = asg.story()
    story.update(changes)
    asg.story_file.write_text(yaml.safe_dump(story, allow_unicode=True), encoding="utf-8")


def _mtimes(root: Path) -> dict[str, int]:
    # Every file but the writer lock, whose content says who holds it (core/locks.py): it is no output.
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")
            if p.is_file() and p.name != ".vidjourn.lock"}


class Recorder(Listener):
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.results: list[Result] = []

    def event(self, ev: Event) -> None:
        self.events.append(ev)

    def finished(self, item, result) -> None:
        self.results.append(result)


def test_stages_are_found_in_order_and_follow_the_protocol():
    names = [s.name for s in planner.stages()]
    assert {"ingest", "brand", "export", "shotlog"} <= set(names)
    rooms = {r.name: r for r in registry.rooms()}
    for s in planner.stages():
        assert isinstance(s, Stage), s
        assert not hasattr(s, "after"), s  # the order is the rooms' produces/consumes, nothing else
        for other in names:  # whoever makes what this stage consumes comes first
            if set(rooms[other].produces) & set(rooms[s.name].consumes) and other != s.name:
                assert names.index(other) < names.index(s.name), (other, s.name)
    assert [s.name for s in planner.selected(PipelineOptions())][:1] == ["ingest"]
    assert "brand" not in [s.name for s in planner.selected(PipelineOptions())]  # only when named


def test_unknown_step_is_a_usage_error():
    from vidjourn.core.errors import UsageError

    with pytest.raises(UsageError) as err:
        planner.selected(PipelineOptions(steps=("exprot",)))
    assert "exprot" in err.value.message() and "export" in err.value.message()


def test_every_stage_plans_picklable_tasks_and_emits_message_keys(clip_factory, tmp_path):
    asg = _init(tmp_path)
    clip = clip_factory("a.mp4", duration=1.2)
    opts = PipelineOptions(steps=("ingest", "brand", "export", "shotlog"), sources=(str(clip),),
                           platforms=("whatsapp",), speed="draft", preset="netral")
    rec = Recorder()
    report = execute([(asg, opts)], listener=rec)
    assert report.ok, report.to_dict()
    stages_run = {r.task.split(":")[0] for r in rec.results}
    assert stages_run == {"ingest", "brand", "export", "shotlog"}
    for task in (p.task for p, _ in report.items):  # a task crosses process and machine boundaries as data
        again = pickle.loads(pickle.dumps(task))
        assert again.key == task.key and again.fingerprint == task.fingerprint
        json.dumps(task.to_dict())  # and as JSON, for --dry-run and the batch summary
    keys = catalogue()
    assert rec.events
    for ev in rec.events:  # text is translated only where it is printed: events carry keys
        assert ev.key is None or ev.key in keys, ev.key
        pickle.dumps(ev)
    ledger = Ledger(asg.root)
    for e in ledger.outputs.values():
        out = asg.root / e["output"]
        assert out.stat().st_size == e["size"]
        assert e["source_sha256"] in {c["sha256"] for c in asg.clips()} or e["stage"] == "shotlog"
        assert re.fullmatch(r"[0-9a-f]{64}", e["fingerprint"]) and e["host"] and e["ffmpeg"]


@pytest.mark.footage
def test_run_end_to_end_then_noop_then_one_lower_third(footage, tmp_path, ffmpeg_bin):
    card = tmp_path / "card"
    card.mkdir()
    for name in ("fire2.mp4", "asl_again.mkv"):
        footage(name).rename(card / name)
    asg = _init(tmp_path)
    _set_story(asg, brand="netral", platforms=["whatsapp", "feed"])
    runner = CliRunner()
    res = runner.invoke(cli, ["run", str(card), "-p", str(asg.root), "--speed", "draft", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["ok"] and data["failed"] == 0
    by_stage = {}
    for row in data["tasks"]:
        by_stage.setdefault(row["stage"], []).append(row)
    assert [r["status"] for r in by_stage["ingest"]] == ["done"]
    # First file first: each clip's WhatsApp task, then each clip's feed task (whatsapp is named first);
    # a task is keyed by the platforms it makes (issue 19).
    assert [r["task"].rsplit("@", 1)[1] for r in by_stage["export"]] == ["whatsapp", "whatsapp", "feed", "feed"]
    assert all(r["status"] == "done" for r in by_stage["export"])
    assert by_stage["shotlog"][0]["status"] == "done"
    outs = sorted(o for r in by_stage["export"] for o in r["outputs"])
    assert len(outs) == 4 and {o.split("/")[1] for o in outs} == {"whatsapp", "feed"}
    from vidjourn.core.probe import probe

    for o in outs:  # real, playable files of the right shape
        info = probe(asg.root / o)
        assert info.video is not None and info.has_audio and info.duration > 1

    # 2. Nothing changed: nothing is rewritten, no file's mtime moves, and it is calm.
    before = _mtimes(asg.root)
    res = runner.invoke(cli, ["run", str(card), "-p", str(asg.root), "--speed", "draft", "--json"])
    assert res.exit_code == 0, res.output
    again = json.loads(res.stdout)
    assert again["done"] == 1 and again["cached"] == 5  # ingest walks the card (skips both); the rest cached
    assert _mtimes(asg.root) == before
    res = runner.invoke(cli, ["run", "-p", str(asg.root), "--speed", "draft"])
    assert res.exit_code == 0 and "unchanged" in res.output and "already exists" not in res.output

    # 3. A lower third for one clip: only that clip's outputs (and the shot log) are made again.
    asl = next(c for c in asg.clips() if c["source"].endswith("asl_again.mkv"))
    _set_story(asg, lower_thirds=[{"clip": asl["id"], "name": "AKP Budi", "title": "Kasubbag Humas",
                                   "start": 0.2, "end": 1.5}])
    res = runner.invoke(cli, ["run", "-p", str(asg.root), "--speed", "draft", "--json"])
    assert res.exit_code == 0, res.output
    third = json.loads(res.stdout)
    status = {(r["stage"], r["clip"]): r["status"] for r in third["tasks"]}
    assert status[("export", asl["id"])] == "done"
    other = next(c["id"] for c in asg.clips() if c["id"] != asl["id"])
    assert status[("export", other)] == "cached"
    reason = next(r["reason"] for r in third["tasks"] if r["clip"] == asl["id"])
    assert reason["key"] == "run.reason.changed" and "lower_thirds" in reason["args"]["parts"]
    after = _mtimes(asg.root)
    for path, mtime in before.items():
        if path.startswith("out/") and other in path:
            assert after[path] == mtime, path
    changed = [p for p in before if p.startswith("out/") and asl["id"] in p]
    assert changed and all(after[p] != before[p] for p in changed)


def test_run_refuses_files_it_did_not_make_and_force_redoes(clip_factory, tmp_path):
    asg = _init(tmp_path)
    clip = clip_factory("a.mp4", duration=1.0)
    runner = CliRunner()
    res = runner.invoke(cli, ["run", str(clip), "-p", str(asg.root), "--to", "whatsapp", "--speed", "draft",
                              "--preset", "none", "--steps", "ingest"])
    assert res.exit_code == 0, res.output
    cid = asg.clips()[0]["id"]
    stranger = asg.root / "out" / "whatsapp" / f"{cid}.mp4"
    stranger.parent.mkdir(parents=True)
    stranger.write_bytes(b"somebody's own file")
    res = runner.invoke(cli, ["run", "-p", str(asg.root), "--to", "whatsapp", "--speed", "draft", "--preset", "none",
                              "--steps", "export"])
    assert res.exit_code == 1 and "--force" in res.output
    assert stranger.read_bytes() == b"somebody's own file"
    res = runner.invoke(cli, ["run", "-p", str(asg.root), "--to", "whatsapp", "--speed", "draft", "--preset", "none",
                              "--steps", "export", "--force"])
    assert res.exit_code == 0, res.output
    assert stranger.stat().st_size > 1000


def test_a_bad_clip_fails_alone_and_the_batch_carries_on(clip_factory, tmp_path):
    asg = _init(tmp_path)
    good = clip_factory("good.mp4", duration=1.0)
    opts = PipelineOptions(steps=("ingest", "export"), sources=(str(good),), platforms=("whatsapp",),
                           speed="draft", preset="none")
    assert execute([(asg, opts)]).ok
    # The original is damaged after ingest (a disk error): its export fails, with the file named.
    manifest = asg.manifest()
    manifest["clips"].append(dict(manifest["clips"][0], id="broken", file="raw/broken.mp4", sha256="0" * 64))
    asg.write_manifest(manifest)
    (asg.root / "raw" / "broken.mp4").write_bytes(b"junk" * 100)
    report = execute([(asg, PipelineOptions(steps=("export",), platforms=("whatsapp",), speed="draft",
                                            preset="none"))])
    rows = {r["clip"]: r for r in report.to_dict()["tasks"]}
    assert rows["broken"]["status"] == "failed" and "broken.mp4" in rows["broken"]["errors"][0]["message"]
    assert rows[manifest["clips"][0]["id"]]["status"] == "cached"


def test_task_refingerprint_changes_only_that_part():
    t = Task("shotlog", "shotlog:a:*", "/x", fingerprint="f", fingerprint_parts={"notes": "1", "story": "2"})
    t2 = t.refingerprinted({"notes": "new"})
    assert t2.fingerprint_parts["story"] == "2" and t2.fingerprint_parts["notes"] != "1"
    assert t2.fingerprint != t.fingerprint


def test_a_run_cut_short_after_a_file_landed_still_owns_that_file(clip_factory, tmp_path):
    """Ctrl-C between an output landing in out/ and its ledger entry: the re-run replaces it, calmly."""
    asg = _init(tmp_path)
    clip = clip_factory("a.mp4", duration=1.0)
    opts = dict(platforms=("whatsapp",), speed="fast", preset="none")
    assert execute([(asg, PipelineOptions(steps=("ingest",), sources=(str(clip),)))]).ok
    (task,) = planner.stage("export").plan(asg, PipelineOptions(**opts))
    ledger = Ledger(asg.root)
    ledger.start([task.key])  # what the runner writes before handing tasks out
    # The cut-short run: the file landed, then the process died before the ledger heard of it.
    out = asg.root / "out" / "whatsapp" / f"{task.clip}.mp4"
    out.parent.mkdir(parents=True)
    out.write_bytes(b"half a run's file")
    report = execute([(asg, PipelineOptions(steps=("export",), **opts))])
    assert report.ok, report.to_dict()
    assert out.stat().st_size > 1000 and Ledger(asg.root).pending == {}
    # A file nobody started a task for is still refused (test_run_refuses_files_it_did_not_make...).


def test_run_without_platforms_is_a_usage_error_naming_the_choices(tmp_path, clip_factory):
    asg = _init(tmp_path)
    _set_story(asg, platforms=[])
    clip = clip_factory("a.mp4", duration=1.0)
    res = CliRunner().invoke(cli, ["run", str(clip), "-p", str(asg.root), "--steps", "ingest"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["run", "-p", str(asg.root), "--steps", "export"])
    assert res.exit_code == 2 and "whatsapp" in res.output and "Traceback" not in res.output
