"""Cleaning a raw transcript (pure: no I/O): known hallucinations, repeated-phrase loops, the glossary.

The glossary is what a unit writes down once — ranks, unit names, places, the speaker's name from the
lower third — in vidjourn.yaml or in the brand preset. It is given to Whisper as the initial prompt and
applied again afterwards as a correction table (:func:`correct`), because the base model often hears a
name right but writes it wrong ("Kumbas Pol Gu Di Santoso" for "Kombes Pol Budi Santoso").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from vidjourn.captions.cues import Word, is_rank, letters

# Whole segments that Whisper writes over silence, music or applause: lines from the subtitles of
# online videos it was trained on, never what a speaker at a press conference says.
HALLUCINATIONS = (
    "terima kasih telah menonton",
    "terima kasih sudah menonton",
    "terima kasih untuk menonton",
    "terima kasih karena telah menonton",
    "jangan lupa like dan subscribe",
    "jangan lupa subscribe",
    "sampai jumpa di video berikutnya",
    "sampai jumpa di video selanjutnya",
    "thanks for watching",
    "thank you for watching",
    "thank you so much for watching",
    "please subscribe",
    "please like and subscribe",
    "see you in the next video",
)
# Segments that START like this are credits of a subtitler, never speech.
CREDITS = ("subtitles by", "subtitle by", "terjemahan oleh", "diterjemahkan oleh", "subtitle oleh")


def _words_of(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def is_hallucination(text: str) -> bool:
    """A segment made only of known hallucinated phrases (once or repeated), or a subtitler's credit."""
    t = _words_of(text)
    if not t:
        return True
    if t.startswith(CREDITS):
        return True
    rest = t
    for h in HALLUCINATIONS:
        rest = rest.replace(h, " ")
    return rest.strip() == "" and rest != t


def drop_loops(words: Sequence[Word], keep: int = 2, longest: int = 8) -> list[Word]:
    """Remove a phrase of 1..``longest`` words repeated back to back more than ``keep`` times.

    Whisper's decoding loop ("dan dan dan dan", "Terima kasih. Terima kasih. Terima kasih.") keeps
    the first ``keep`` copies; a speaker rarely says the same phrase three times running.
    """
    out = list(words)
    keys = [letters(w.text) for w in out]
    changed = True
    while changed:
        changed = False
        for n in range(1, longest + 1):
            i = 0
            while i + n * (keep + 1) <= len(out):
                unit = keys[i : i + n]
                if not all(unit):
                    i += 1
                    continue
                reps = 1
                while keys[i + reps * n : i + (reps + 1) * n] == unit:
                    reps += 1
                if reps > keep:
                    del out[i + keep * n : i + reps * n]
                    del keys[i + keep * n : i + reps * n]
                    changed = True
                i += 1
    return out


@dataclass(frozen=True)
class Term:
    """A glossary entry: how it must be written, and spellings known to be wrong."""

    text: str
    variants: tuple[str, ...] = ()


def parse_glossary(entries: Iterable[Any]) -> list[Term]:
    """Entries as written in YAML: ``"AKBP Budi Santoso"`` or ``{"Kapolres": ["kapol res", "kapolris"]}``.

    Raises ``ValueError`` naming the entry for anything else (the caller says which file).
    """
    terms: list[Term] = []
    for n, e in enumerate(entries or (), 1):
        if isinstance(e, str):
            terms.append(Term(" ".join(e.split())))
        elif isinstance(e, dict):
            for k, v in e.items():
                vs = [v] if isinstance(v, str) else v
                if not isinstance(k, str) or not isinstance(vs, list) or not all(isinstance(x, str) for x in vs):
                    raise ValueError(f"{n}: {e!r}")
                terms.append(Term(" ".join(k.split()), tuple(" ".join(x.split()) for x in vs)))
        else:
            raise ValueError(f"{n}: {e!r}")
    seen: set[str] = set()
    out = []
    for term in terms:
        if term.text and term.text not in seen:
            seen.add(term.text)
            out.append(term)
    return out


def prompt(terms: Sequence[Term], lang: str) -> str | None:
    """The initial prompt: the glossary as a list, separated by ';' so that a copy of it is easy to spot."""
    if not terms:
        return None
    head = "Glosarium" if lang == "id" else "Glossary"
    return f"{head}: " + "; ".join(t.text for t in terms) + "."


def copied_prompt(text: str, terms: Sequence[Term]) -> bool:
    """A segment that repeats the prompt instead of the speech (Whisper base does this on short clips):
    the prompt's heading, or glossary terms in the prompt's ';'-separated form."""
    low = text.lower()
    if "glosarium" in low or "glossary" in low:
        return True
    if ";" in low and sum(1 for t in terms if t.text.lower() + ";" in low) >= 1:
        return True
    # The glossary as hotwords is a ', '-separated list: a segment that is that list (three terms or more
    # and fewer than three other words) is a copy, not speech. Two terms alone may be said that way
    # ("Kapolres Metro Jakarta Selatan, Kombes Pol Budi Santoso,"): kept.
    rest, found = " " + _words_of(text) + " ", 0
    for t in sorted(terms, key=lambda t: -len(t.text)):
        key = " " + _words_of(t.text) + " "
        if key.strip() and key in rest:
            found += 1
            rest = rest.replace(key, " ")
    return found >= 3 and len(rest.split()) < 3


def allowed_edits(n: int) -> int:
    """Letter edits a heard run may differ by from a term of ``n`` letters: none up to 5 letters ('akbp'
    must be 'akbp'), then one per six letters — so 'Kumbas Pol Gu Di Santoso' becomes 'Kombes Pol Budi
    Santoso', but 'polres' (2 edits) does not become 'Kapolres' nor 'Hendra Wijaya' 'AKP Hendra Wijaya'."""
    return n // 6


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _trailing_punct(text: str) -> str:
    m = re.search(r"[^\w]+$", text)
    return m.group(0) if m else ""


def correct(words: Sequence[Word], terms: Sequence[Term]) -> tuple[list[Word], list[tuple[str, str]]]:
    """Apply the glossary as a correction table. Returns the words and the (heard, written) changes.

    For each term (longest first), a run of k-1..k+1 words (k = the term's word count; more only when
    the extra words are single letters, "a k b p") whose letters are a listed wrong spelling, or within
    :func:`allowed_edits` of the term's letters (with its short ranks heard exactly), becomes the term as the glossary writes it, keeping the
    run's trailing punctuation and spreading the run's time over the term's words. A corrected run is
    not touched again by a shorter term.

    Matches keep to word boundaries: of the runs at a word, the one with the fewest edits wins (then the
    term's own word count, then the shorter), and a run is not taken at all when the run starting one
    word later matches as well — so a short word said before or after the term ("ke", "di", "dan") is
    never absorbed: "ke polda metrojaya" becomes "ke Polda Metro Jaya" (issue 23), not "Polda Metro Jaya".
    """
    out = list(words)
    locked = [False] * len(out)
    changes: list[tuple[str, str]] = []
    for term in sorted(terms, key=lambda t: -len(letters(t.text))):
        target = term.text.split()
        form = letters(term.text)
        if not form:
            continue
        variants = {letters(v) for v in term.variants} - {""}
        limit = allowed_edits(len(form))
        k = len(target)
        # A short rank inside a longer term must be heard as it is: one letter-edit turns "and" into
        # "AKP", so "and Hendra Wijaya" must not become "AKP Hendra Wijaya".
        short_ranks = [letters(x) for x in target if is_rank(x) and len(letters(x)) <= 4] if k > 1 else []
        sizes = range(max(1, k - 1), k + 4)

        def score(i: int, size: int) -> int | None:
            """Letter edits between the run of ``size`` words at ``i`` and the term (None: no match)."""
            run = out[i : i + size]
            if len(run) < size or any(locked[i : i + size]):
                return None
            if size > k + 1 and sum(len(letters(w.text)) > 1 for w in run) > k:
                return None
            heard = letters(" ".join(w.text for w in run))
            if not heard:
                return None
            if heard in variants:
                return 0
            d = distance(heard, form, limit)
            if d > limit or any(r not in heard for r in short_ranks):
                return None
            return d

        def best(i: int) -> tuple[int, int] | None:
            """(edits, size) of the closest run starting at word ``i``: fewest edits, then the term's own
            word count, then fewer words (a neighbour is never taken in when the term matches without it)."""
            found = [(d, abs(size - k), size) for size in sizes if (d := score(i, size)) is not None]
            if not found:
                return None
            d, _, size = min(found)
            return d, size

        i = 0
        while i < len(out):
            b = best(i)
            if b is None:
                i += 1
                continue
            d, size = b
            # Word boundaries: when the run without its first word matches as well, that first word is a
            # separate word said before the term ("ke Polda Metro Jaya": "ke" stays "ke").
            nb = best(i + 1)
            if nb is not None and nb[0] <= d and i + 1 < len(out):
                i += 1
                continue
            run = out[i : i + size]
            was = " ".join(w.text for w in run)
            punct = _trailing_punct(run[-1].text)
            if punct == "." and re.search(r"\w\.\w", run[-1].text):
                punct = ""  # the dots of a spelled-out acronym (A.K.B.P.), not a full stop
            now = list(target)
            if punct and not now[-1].endswith(punct):
                now[-1] += punct
            if was != " ".join(now):
                t0, t1 = run[0].start, run[-1].end
                total = sum(len(x) for x in now)
                new: list[Word] = []
                t = t0
                for x in now:
                    dt = (t1 - t0) * len(x) / total
                    new.append(Word(x, round(t, 3), round(t + dt, 3)))
                    t += dt
                out[i : i + size] = new
                locked[i : i + size] = [True] * len(new)
                changes.append((was, " ".join(now)))
                i += len(new) - 1
            else:
                locked[i : i + size] = [True] * size
                i += size - 1
            i += 1
    return out, changes


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: (substitutions + deletions + insertions) / reference words, case and
    punctuation ignored. For measuring the model (tests, bench/captions_espeak; bench/captions normalises hyphens too)."""
    ref, hyp = _words_of(reference).split(), _words_of(hypothesis).split()
    if not ref:
        return 0.0 if not hyp else 1.0
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / len(ref)
