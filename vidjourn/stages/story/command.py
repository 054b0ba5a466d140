"""vidjourn story check | draft | quote | show | sheet | export-timeline | import"""

from __future__ import annotations

from pathlib import Path

import click

from vidjourn.cli.common import console, echo_json, json_option, project_option, settings
from vidjourn.core.i18n import t


@click.group(help=t("story.help"))
def story() -> None:
    pass


def _say(text: str, as_json: bool = False) -> None:
    if not settings().quiet:
        console(stderr=as_json).print(text, markup=False, highlight=False)


@story.command(help=t("story.check_help"))
@project_option
@json_option
def check(project: Path | None, as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.stages.story import model

    asg = Assignment.open(project)
    s = model.load(asg)
    if as_json:
        echo_json({"ok": True, "story": s.path, "segments": [x.to_dict() for x in s.segments],
                   "length": s.length()})
        return
    _say(t("story.check_ok", path=s.path, n=len(s.segments), length=f"{s.length():.2f}"))


def _pipeline(asg, step: str, **extra) -> list[str]:
    """Run one step of the real pipeline on the assignment; the problems' messages."""
    from vidjourn.pipeline.runner import execute
    from vidjourn.stages.base import PipelineOptions

    report = execute([(asg, PipelineOptions(steps=(step,), extra=extra))])
    problems = [e for _, r in report.items if r is not None for e in r.problems()]
    problems += [e for _, e in report.problems]
    return [e.message() for e in problems]


def _faces(asg, clips: list[str]) -> list[str]:
    """Face analysis (the redaction's, default settings) of clips that have none; problems."""
    from vidjourn.analysis import faces
    from vidjourn.core.errors import VidjournError
    from vidjourn.core.probe import MediaInfo, probe

    out = []
    for rec in asg.clips():
        if str(rec.get("id")) not in clips:
            continue
        if faces.cache_file(asg.work, rec["sha256"]).exists():  # another setting's (maybe approved): kept
            continue
        path = asg.clip_path(rec)
        try:
            try:
                info = MediaInfo.from_dict(rec["media"])
            except (KeyError, TypeError, ValueError):
                info = probe(path)
            faces.cached_analysis(asg.work, rec["sha256"], path, info)
        except VidjournError as exc:
            out.append(exc.message())
    return out


@story.command(help=t("story.draft_help"))
@project_option
@click.option("--length", "length", type=click.FloatRange(min=4, max=3600), default=60.0, show_default=True,
              help=t("story.draft_length_help"))
@click.option("--for", "platform", default=None, help=t("story.draft_for_help"))
@click.option("--analyze", is_flag=True, default=False, help=t("story.draft_analyze_help"))
@click.option("--force", is_flag=True, default=False, help=t("story.draft_force_help"))
@json_option
@click.pass_context
def draft(ctx: click.Context, project: Path | None, length: float, platform: str | None, analyze: bool,
          force: bool, as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import UsageError
    from vidjourn.core.fsutil import write_json_atomic
    from vidjourn.stages.story import draft as D
    from vidjourn.stages.story import model

    asg = Assignment.open(project)
    path = model.story_path(asg)
    if path.exists() and not force:
        raise UsageError("story.error.exists", path=path)
    if not asg.clips():
        raise UsageError("story.error.no_clips", path=asg.root)
    limit = D.platform_max(asg, platform)
    target = min(length, limit) if limit else length
    knowledge = D.gather(asg)
    if knowledge.missing_shots:  # cheap: one small decode per clip, and the shot log wants it anyway
        _say(t("story.draft_running", what="vidjourn shotlog"), as_json)
        for p in _pipeline(asg, "shotlog"):
            _say(p, as_json)
        knowledge = D.gather(asg)
    if analyze and (knowledge.missing_faces or knowledge.missing_speech):
        if knowledge.missing_faces:
            _say(t("story.draft_running", what="vidjourn redact analyze"), as_json)
            for p in _faces(asg, knowledge.missing_faces):
                _say(p, as_json)
        if knowledge.missing_speech:
            _say(t("story.draft_running", what="vidjourn captions"), as_json)
            for p in _pipeline(asg, "captions", captions={"enabled": True}):
                _say(p, as_json)
        knowledge = D.gather(asg)
    cards = D.cards_seconds(asg)
    result = D.propose(knowledge.shots, max(0.0, target - cards))
    if not result.picks:
        raise UsageError("story.error.nothing", path=asg.root, length=f"{target:g}")
    data = D.to_story(result, (t("story.placeholder_name"), t("story.placeholder_title")))
    header = t("story.draft_header", length=f"{target:g}", platform=platform or "-",
               missing=_missing(knowledge) or "-")
    if path.exists():
        import shutil

        shutil.copy2(path, path.with_name(path.name + ".bak"))
    model.write(asg, data, header)
    write_json_atomic(asg.shotlog / D.SUGGESTED_FILE, {"version": 1, "clips": D.suggestions(knowledge.shots, result)})
    total = result.length + cards
    if as_json:
        echo_json({"story": str(path), "segments": data["segments"], "length": round(total, 3), "target": target,
                   "cards": cards, "missing": {"shots": knowledge.missing_shots, "faces": knowledge.missing_faces,
                                               "speech": knowledge.missing_speech},
                   "transcripts": knowledge.transcripts, "skipped": list(result.skipped)})
        return
    for i, p in enumerate(result.picks):
        _say(t("story.draft_line", n=i + 1, role=t(f"story.role.{p.role}"), shot=p.shot.key, type=p.shot.type_label,
               start=f"{p.start:.2f}", end=f"{p.end:.2f}", length=f"{p.duration:.1f}"))
    _say(t("story.draft_written", path=path, n=len(result.picks), length=f"{total:.1f}", target=f"{target:g}",
           cards=f"{cards:g}"))
    if knowledge.missing_faces or knowledge.missing_speech:
        _say(t("story.draft_missing", missing=_missing(knowledge)))


def _missing(k) -> str:
    parts = []
    if k.missing_faces:
        parts.append(t("story.missing_faces", clips=", ".join(k.missing_faces[:6])))
    if k.missing_speech:
        parts.append(t("story.missing_speech", clips=", ".join(k.missing_speech[:6])))
    if k.missing_shots:
        parts.append(t("story.missing_shots", clips=", ".join(k.missing_shots[:6])))
    return "; ".join(parts)


@story.command("export-timeline", help=t("story.export_help"))
@project_option
@click.option("--out", "outs", multiple=True, type=click.Path(path_type=Path), help=t("story.export_out_help"))
@json_option
def export_timeline(project: Path | None, outs: tuple[Path, ...], as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.stages.story import interchange, model

    asg = Assignment.open(project)
    s = model.load(asg)
    slug = str(asg.story().get("slug") or asg.root.name)
    targets = list(outs) or [asg.out / "timeline" / f"{slug}{ext}" for ext in interchange.FORMATS]
    for p in targets:
        interchange._adapter(p)  # a wrong suffix is refused before anything is written
    written = []
    for p in targets:
        p.parent.mkdir(parents=True, exist_ok=True)
        written.append(str(interchange.export(asg, s, p, name=slug)))
        _say(t("story.export_written", path=p), as_json)
    if as_json:
        echo_json({"written": written, "segments": len(s.segments), "rate": interchange.story_rate(s)})


@story.command("import", help=t("story.import_help"))
@click.argument("file", type=click.Path(path_type=Path))
@project_option
@click.option("--rate", type=click.FloatRange(min=1, max=240), default=None, help=t("story.import_rate_help"))
@click.option("--force", is_flag=True, default=False, help=t("story.draft_force_help"))
@json_option
@click.pass_context
def import_(ctx: click.Context, file: Path, project: Path | None, rate: float | None, force: bool,
            as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import UsageError
    from vidjourn.stages.story import interchange, model

    asg = Assignment.open(project)
    path = model.story_path(asg)
    if path.exists() and not force:
        raise UsageError("story.error.exists", path=path)
    got = interchange.read(asg, file, rate)
    for name in got.unmapped:
        console(stderr=True).print(t("story.import_unmapped", name=name, file=file), markup=False)
    if not got.data["segments"]:
        raise UsageError("story.error.import_nothing", path=file)
    if path.exists():
        import shutil

        shutil.copy2(path, path.with_name(path.name + ".bak"))
    model.write(asg, got.data, t("story.import_header", file=file.name))
    if as_json:
        echo_json({"story": str(path), "segments": got.data["segments"], "mapped": [list(m) for m in got.mapped],
                   "unmapped": list(got.unmapped)})
    else:
        _say(t("story.import_written", path=path, n=len(got.data["segments"]), unmapped=len(got.unmapped)))
    ctx.exit(1 if got.unmapped else 0)


@story.command(help=t("story.quote_help"))
@click.argument("clip")
@click.argument("text")
@project_option
@click.option("--at", "position", type=click.IntRange(min=1), default=None, help=t("story.quote_at_help"))
@click.option("--lang", type=click.Choice(["id", "en"]), default=None, help=t("story.quote_lang_help"))
@json_option
def quote(clip: str, text: str, project: Path | None, position: int | None, lang: str | None,
          as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.core.errors import UsageError
    from vidjourn.stages.story import model
    from vidjourn.stages.story.quote import add

    asg = Assignment.open(project)
    rec, hits = model.find_clip(asg.clips(), clip)
    if rec is None:
        raise UsageError("story.error.quote_clip", name=clip, path=asg.manifest_file)
    cid = str(rec.get("id"))
    got = add(asg, rec, text, position=position, lang=lang)
    path, seg, where, state, q, words_note = (got["path"], got["segment"], got["position"] - 1, got["transcript"],
                                              got["quote"], got["words_note"])
    note = t(f"story.transcript_{state}")
    if as_json:
        echo_json({"story": str(path), "segment": seg, "position": where + 1, "transcript": state,
                   "words": q.text})
        return
    _say(t("story.quote_added", n=where + 1, clip=cid, start=f"{q.start:.2f}", end=f"{q.end:.2f}",
           words=words_note, transcript=note, path=path))


@story.command(help=t("story.show_help"))
@project_option
@json_option
def show(project: Path | None, as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.stages.story import views

    asg = Assignment.open(project)
    table = views.table(asg, None, *_contributions(asg))
    if as_json:
        echo_json(table)
        return
    for r in table["segments"]:
        _say(t("story.show_row", n=r["n"], clip=r["clip"], start=r["in"].removeprefix("00:"),
               end=r["out"].removeprefix("00:"), length=f"{r['length']:.1f}", audio=r["audio"] + r["join"],
               at=f"{r['story_at']:.1f}"))
        _say(t("story.show_detail", lt=r["lower_third"] or "-", platforms=r["platforms"], red=r["redaction"],
               cap=r["captions"]) + (t("story.show_blocked") if r["blocked"] else ""))
    for p in table["platforms"]:
        _say(t("story.show_length", platform=p["platform"], length=f"{p['length']:.1f}",
               cards=f"{p['cards']:g}", limit=p["limit"] if p["limit"] else "-",
               verdict=t("story.show_too_long") if p["too_long"] else "✓"))
    for b in table["blocking"]:
        console(stderr=True).print(t("story.show_blocking", clip=b["clip"], why=b["why"]), markup=False)
    if not table["blocking"]:
        _say(t("story.show_ready"))


def _contributions(asg) -> tuple[dict, str | None]:
    """Every room's contribution per clip (masks, captions, blocks), as export gets them."""
    from vidjourn.core.errors import VidjournError
    from vidjourn.pipeline.planner import contributions
    from vidjourn.stages.base import PipelineOptions

    try:
        return contributions(asg, PipelineOptions()), None
    except VidjournError as exc:
        return {}, exc.message()


@story.command(help=t("story.sheet_help"))
@project_option
@json_option
def sheet(project: Path | None, as_json: bool) -> None:
    from vidjourn.core.assignment import Assignment
    from vidjourn.stages.story import sheet as S
    from vidjourn.stages.story import views

    asg = Assignment.open(project)
    table = views.table(asg, None, *_contributions(asg))
    paths = S.write(asg, table, asg.shotlog)
    if as_json:
        echo_json({"written": [str(p) for p in paths], "segments": len(table["segments"])})
        return
    for p in paths:
        _say(t("story.export_written", path=p))
    _say(t("shotlog.open_hint", url=paths[0].resolve().as_uri()))
