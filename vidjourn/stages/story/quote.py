"""Quotes by text: find "first words … last words" in a clip's transcript and cut a SOT around it.

Matching is on letters only (case, punctuation and accents ignored), word by word, each word allowed the
captions glossary's small edit budget (one letter per six), so "tiga tersangka … terdekat" finds the words
even where Whisper wrote "tersangka," with a comma. Without an ellipsis (``…`` or ``...``) the whole text is
the quote. The first match of the opening words wins; the closing words are the first match after them.
The cut lies in the pauses around the words (:func:`draft.sot_span` over the whole clip: never inside a
word).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from typing import Any

from vidjourn.stages.story.draft import ShotInfo, W, sot_span


@dataclass(frozen=True)
class Quote:
    first: int  # index of the first word in the clip's words
    last: int
    start: float  # cut points
    end: float
    text: str


def _norm(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", s)


def _same(a: str, b: str) -> bool:
    from vidjourn.captions.transcript import allowed_edits, distance

    if a == b:
        return True
    limit = allowed_edits(max(len(a), len(b)))
    return limit > 0 and distance(a, b, limit) <= limit


def _find(tokens: list[str], words: list[str], start: int = 0) -> int | None:
    n = len(tokens)
    for i in range(start, len(words) - n + 1):
        if all(_same(tokens[k], words[i + k]) for k in range(n)):
            return i
    return None


def split(text: str) -> tuple[list[str], list[str]]:
    """("first words", "last words") tokens of a quote; the same list twice without an ellipsis."""
    parts = re.split(r"\s*(?:…|\.\.\.+)\s*", text.strip(), maxsplit=1)
    first = [x for x in (_norm(w) for w in parts[0].split()) if x]
    last = [x for x in (_norm(w) for w in parts[1].split()) if x] if len(parts) > 1 else []
    return first, last


def find(words: tuple[W, ...], text: str, clip_end: float) -> Quote | None:
    first, last = split(text)
    if not first:
        return None
    norm = [_norm(w.text) for w in words]
    # words that are only punctuation cannot be matched; keep the index map
    keep = [i for i, x in enumerate(norm) if x]
    flat = [norm[i] for i in keep]
    a = _find(first, flat)
    if a is None:
        return None
    if last:
        b = _find(last, flat, a + len(first))
        if b is None:
            return None
        j = keep[b + len(last) - 1]
    else:
        j = keep[a + len(first) - 1]
    return at(words, keep[a], j, clip_end)


def at(words: tuple[W, ...], i: int, j: int, clip_end: float) -> Quote | None:
    """The quote of words ``i``..``j`` (indices, as a page that shows the words picks them): cut in the pauses
    around them, as :func:`find` cuts a quote found by its text."""
    if not 0 <= i <= j < len(words):
        return None
    whole = ShotInfo("", "", 0, 0.0, clip_end, True, None, words)
    span = sot_span(whole, words[i], words[j], min_len=0.0)
    if span is None:
        return None
    return Quote(i, j, span[0], span[1], " ".join(w.text for w in words[i: j + 1]))


def transcript(asg: Any, cid: str, lang: str | None = None) -> tuple[tuple[W, ...], str]:
    """(words with times, "approved" | "draft" | "") of a clip in the captions language (``lang`` or
    vidjourn.yaml's), else in the first language that has a transcript."""
    from vidjourn.captions import files as cf
    from vidjourn.stages.story import draft as D

    try:
        lang = lang or cf.config(asg.story(), asg.story_file).lang
    except Exception:  # noqa: BLE001 - a wrong captions: setting is the captions command's to report
        lang = lang or "id"
    words, state = D.clip_words(asg.root, cid, lang)
    if not state:
        for alt in cf.LANGS:
            words, state = D.clip_words(asg.root, cid, alt)
            if state:
                break
    return words, state


def add(asg: Any, rec: dict[str, Any], text: str, *, position: int | None = None, lang: str | None = None,
        header: str = "", span: tuple[int, int] | None = None) -> dict[str, Any]:
    """Add the quote ``text`` of clip ``rec`` to story.yaml as a SOT segment (at ``position``, 1-based; the
    end when None), written by the story's own writer. What `vidjourn story quote` and the desk call.
    ``span``: the words' indices in :func:`transcript`'s words instead of finding ``text`` (a repeated phrase
    is then the one picked, not its first occurrence). Returns {"path", "segment", "position", "transcript",
    "words"}."""
    from vidjourn.core.errors import UsageError
    from vidjourn.core.i18n import t
    from vidjourn.graphics.lower_thirds import lower_thirds_for
    from vidjourn.stages.story import model

    cid = str(rec.get("id"))
    words, state = transcript(asg, cid, lang)
    if not state:
        raise UsageError("story.error.quote_no_transcript", clip=cid)
    dur = model._media(rec)[0] or (words[-1].end if words else 0.0)
    q = at(words, span[0], span[1], dur) if span is not None else find(words, text, dur)
    if q is None:
        raise UsageError("story.error.quote_not_found", text=text, clip=cid,
                         transcript=t(f"story.transcript_{state}"),
                         heard=" ".join(w.text for w in words[:40]) + (" …" if len(words) > 40 else ""))
    data, old_header = model.existing(asg)
    seg: dict = {"clip": cid, "from": q.start, "to": q.end, "audio": "sot"}
    lts = lower_thirds_for(asg.clip_path(rec), asg)
    lt = next((x for x in lts if x.name), None)
    if lt is not None:
        seg["lower_third"] = {"name": lt.name, "title": lt.title} if lt.title else {"name": lt.name}
    words_note = q.text if len(q.text) <= 200 else q.text[:197] + "…"
    seg["note"] = f"quote ({state}): {words_note}"
    segs = list(data.get("segments") or [])
    where = len(segs) if position is None else min(position - 1, len(segs))
    segs.insert(where, seg)
    data["segments"] = segs
    path = model.write(asg, data, old_header or header or t("story.quote_header"))
    return {"path": path, "segment": seg, "position": where + 1, "transcript": state, "words": q.text,
            "words_note": words_note, "quote": q}
