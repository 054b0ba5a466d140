"""Say what happened (issue 22 c): the run table gives each task's reason, paths are never broken
mid-name (own lines under the table), many files are summarised per folder; validation errors and the
check table in the chosen language; no hardware-encoder noise without -v."""

from __future__ import annotations

import io

from rich.console import Console

from vidjourn.cli.pipeline_view import MANY_FILES, print_report
from vidjourn.core.i18n import set_lang
from vidjourn.pipeline.planner import Planned
from vidjourn.pipeline.runner import Report
from vidjourn.stages.base import ErrorInfo, OutputRecord, Result, Task

LONG = "out/whatsapp/20261112_operasi-zebra-lalu-lintas-jalan-raya-bekasi_001.mp4"


def _report(n_files: int = 1) -> Report:
    rep = Report()
    t1 = Task("export", "export:a:c1", "/x/a", "20261112_operasi_001", params={"platforms": ["whatsapp"]})
    outs = tuple(OutputRecord(LONG if i == 0 else f"out/reels/clip_{i:03d}.mp4", "0" * 64, 1, 1)
                 for i in range(n_files))
    rep.items.append((Planned(t1, "run", "run.reason.changed", {"parts": "lower_thirds"}), Result(t1.key, True, outs)))
    t2 = Task("export", "export:a:c2", "/x/a", "20261112_operasi_002")
    rep.items.append((Planned(t2, "cached"), Result(t2.key, True, cached=True)))
    t3 = Task("export", "export:a:c3", "/x/a", "20261112_operasi_003")
    rep.items.append((Planned(t3, "blocked", "run.reason.depends", {"task": "redact 003"}),
                      Result(t3.key, False, error=ErrorInfo("run.reason.depends", {"task": "redact 003"}))))
    return rep


def _print(rep: Report, width: int = 80) -> str:
    buf = io.StringIO()
    print_report(rep, Console(file=buf, width=width, no_color=True, highlight=False, soft_wrap=True))
    return buf.getvalue()


def test_reasons_shown_and_paths_whole_at_80_columns():
    text = _print(_report())
    assert "changed: lower_thirds" in text and "unchanged" in text and "waits for redact 003" in text
    assert "Export (whatsapp)" in text or "export (whatsapp)" in text.lower()
    assert f"→ {LONG}" in text.splitlines()  # one whole line, not folded in a cell
    set_lang("id")
    text = _print(_report())
    assert "berubah:" in text and "lower_thirds" in text and "selesai" in text
    assert max(len(line) for line in text.splitlines() if not line.startswith("→")) <= 80


def test_many_files_summarised_per_folder():
    text = _print(_report(MANY_FILES + 5))
    assert "out/reels/: " in text and "clip_003.mp4" not in text


def test_validation_and_check_words_in_indonesian():
    from typing import Annotated

    from pydantic import BaseModel, Field, ValidationError

    from vidjourn.analysis.check import _frame_want
    from vidjourn.core.validation import problems
    from vidjourn.settings import profiles

    set_lang("id")

    class M(BaseModel):
        a: Annotated[str, Field(max_length=3)]
        d: complex

    try:
        M(a="abcdef", d="zz")
    except ValidationError as exc:
        said = " ".join(problems(exc))
    assert "terlalu panjang" in said and "tidak sah" in said and "Input should" not in said
    assert "sisi panjang" in _frame_want(profiles.load("whatsapp"))


def test_encoder_fallback_detail_only_with_verbose():
    from vidjourn.core.i18n import t

    assert "libcuda" not in t("encoders.why_fallback_short")


def test_many_unchanged_tasks_counted_not_listed():
    rep = _report()
    for i in range(20):
        t = Task("sign", f"sign:a:c{i}", "/x/a", f"20261112_operasi_{i + 10:03d}")
        rep.items.append((Planned(t, "cached"), Result(t.key, True, cached=True)))
    text = _print(rep)
    assert "20 tasks" in text and "20261112_operasi_015" not in text
    assert "changed: lower_thirds" in text  # what did happen is still listed

