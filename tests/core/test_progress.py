"""Progress that tells the truth (issue 22 d): the progress events of a real run are recorded as the
screen would draw them: the whole-job bar never goes back, each export bar moves during the render
(ffmpeg's own -progress) instead of sitting at 0 %, and reaches 100 % only when its files are checked;
the demo's bars take export's events (they carry no message key); labels fit 80 columns."""

from __future__ import annotations

from click.testing import CliRunner

from vidjourn.cli import cli
from vidjourn.cli.common import ProgressView, fit_label
from vidjourn.cli.pipeline_view import ViewListener
from vidjourn.stages.export.stage import RENDER_SHARE


def test_recorded_progress_of_a_real_run(tmp_path, clip_factory):
    from vidjourn.core.assignment import Assignment
    from vidjourn.pipeline.runner import execute
    from vidjourn.stages.base import PipelineOptions

    assert CliRunner().invoke(cli, ["init", "uji", "--in", str(tmp_path)]).exit_code == 0
    asg = Assignment(tmp_path / "uji")
    src = clip_factory("progress.mp4", duration=20.0, size=(960, 540))
    assert CliRunner().invoke(cli, ["ingest", str(src), "-p", str(asg.root), "--no-loudness"]).exit_code == 0
    rec: list = []
    opts = PipelineOptions(steps=("export",), platforms=("whatsapp", "reels"), speed="draft", preset="none")
    with ProgressView(enabled=False, record=rec) as view:
        report = execute([(asg, opts)], listener=ViewListener(view, quiet=True))
    assert report.ok, report.to_dict()
    overall = [f for k, f, _ in rec if k == "overall"]
    assert overall == sorted(overall) and overall[-1] == 1.0
    tasks = {k for k, _, _ in rec if k != "overall"}
    assert tasks
    moved: list = []
    for key in tasks:
        series = [(f, at) for k, f, at in rec if k == key]
        fractions = [f for f, _ in series]
        assert fractions == sorted(fractions), (key, fractions)
        assert fractions[-1] == 1.0
        # a task that lasts, moves during its render (ffmpeg's own -progress, every 0.5 s), not only at
        # the render's end (0.9); a sub-second render has nothing to report in between
        start, end = series[0][1], series[-1][1]
        if end - start > 2.0:
            moved.append(key)
            assert any(0 < f < RENDER_SHARE for f in fractions), (key, fractions, end - start)
        # the longest wait at 0 %: from the first event to the first one above 0, a small part of the task
        first_move = next(at for f, at in series if f > 0)
        assert first_move - start <= max(0.5 * (end - start), 1.0), (key, series)
    assert moved, "no export task lasted 2 s: make the clip bigger so the test sees a render's progress"


def test_overall_bar_never_goes_back_and_a_new_item_restarts_the_clock():
    rec: list = []
    view = ProgressView(enabled=False, record=rec)
    for f in (0.2, 0.5, 0.3, 0.6):  # 0.3: more work was planned
        view.update("overall", "Semua", f)
    assert [f for _, f, _ in rec] == [0.2, 0.5, 0.5, 0.6]
    view.update("clip", "a", 0.9)
    view.update("clip", "b", 0.1)  # the next file: allowed to start again
    assert [f for k, f, _ in rec if k == "clip"] == [0.9, 0.1]


def test_labels_fit_80_columns():
    label = fit_label("Ekspor 20261112_operasi-zebra-lalu-lintas-jalan-raya-bekasi_001", 80 - 20 - 18)
    assert len(label) <= 42 and label.endswith("…")


def test_demo_bars_take_export_events():
    from types import SimpleNamespace

    from vidjourn.pipeline.demo import _DemoListener
    from vidjourn.stages.base import Event, Task

    seen = []
    ctx = SimpleNamespace(progress=lambda label, f: seen.append((label, f)), note=lambda text: None)
    listener = _DemoListener(ctx)
    task = Task("export", "export:a:c1", "/x/a", "c1")
    listener.planned("export", [SimpleNamespace(task=task)])
    listener.event(Event("progress", task.key, fraction=0.4))
    assert seen and seen[-1][1] == 0.4 and "c1" in seen[-1][0]
