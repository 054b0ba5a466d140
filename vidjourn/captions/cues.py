"""Caption cues from word timestamps, laid out for reading in one output format (pure: no I/O).

The rules (the preset decides the line length per frame shape): at most 2 lines of at most
``max_chars`` characters, 0.8-7 s on screen, at most 17 characters a second; cues split at sentence
ends first, then at pauses, then after commas or before conjunctions, and never between a rank and the
name after it ("AKP | Budi") nor inside a glossary term. A dynamic programme picks the cue boundaries
with the lowest total cost. Each cue starts with its first word and may stay up until just before the
next cue's first word, so a cue's timing depends on its own words only and the costs are exact. Speech
faster than the reading limit cannot be shown verbatim within it: such a cue (the last resort of the
programme) keeps every word and is marked ``fast``, for the reviewer to shorten.

Also here: SRT/VTT writing and reading, and :func:`realign`, which gives the words of a reviewed
(edited) caption file back their times so the same reviewed text can be laid out for another format.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Iterable, Sequence

MAX_LINES = 2
MIN_DURATION = 0.8
MAX_DURATION = 7.0
MAX_CPS = 17.0
GAP = 0.04  # seconds kept free between two cues (one frame at 25 fps)
CHAIN = 0.5  # a gap shorter than this before the next cue is closed (no flicker)
PAUSE = 0.35  # a silence this long between two words is a pause
TOGETHER = 1.5  # a rank and a name said less than this apart are one unit

RANKS = frozenset(
    w.lower()
    for w in (
        # Polri ranks, officers to constables, as they are written before a name
        "Jenderal Komjen Irjen Brigjen Kombes Kombespol AKBP Kompol AKP Iptu Ipda Aiptu Aipda Bripka "
        "Brigpol Brigadir Briptu Bripda Abripda Abriptu Abrip Bharaka Bharatu Bharada Pol "
        # positions and forms of address
        "Kapolri Wakapolri Kapolda Wakapolda Kapolres Wakapolres Kapolresta Kapolrestabes Kapolsek "
        "Wakapolsek Kasat Kasatreskrim Kasatlantas Kasatnarkoba Kabid Kabag Kasubbag Kasi Kanit "
        "Bapak Pak Ibu Bu Saudara Sdr Dr Ir Prof H Hj "
        # English
        "General Colonel Major Captain Lieutenant Sergeant Constable Inspector Superintendent "
        "Commissioner Chief Detective Officer Commander Mr Mrs Ms Miss Sir"
    ).split()
)

CONJUNCTIONS = {
    "id": frozenset(
        "dan atau tetapi tapi namun karena sehingga yang bahwa ketika saat setelah sebelum jika kalau "
        "agar supaya serta sedangkan lalu kemudian maka walaupun meskipun hingga sampai untuk".split()
    ),
    "en": frozenset(
        "and or but so because which that who when while after before if although though until "
        "unless whereas then".split()
    ),
}

# Two words a cue must not part: fixed phrases ("salah | satu" read as a broken sentence) ...
FIXED = {
    "id": frozenset(tuple(x.split()) for x in (
        "salah satu", "salah seorang", "antara lain", "sama sekali", "oleh karena", "karena itu",
        "di mana", "di antara", "tidak ada", "lebih dari", "kurang dari", "sekitar pukul", "pukul",
        "selamat pagi", "selamat siang", "selamat sore", "selamat malam", "terima kasih")),
    "en": frozenset(tuple(x.split()) for x in (
        "one of", "such as", "as well", "more than", "less than", "thank you", "good morning")),
}
# ... nor a number from its unit ("99 | persen", "Rp | 5 juta", "dua | puluh").
NUMBER_WORDS = frozenset(
    "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas seratus seribu sejuta "
    "belas puluh ratus ribu juta miliar triliun setengah "
    "zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred thousand million billion".split())
UNITS = frozenset(
    "persen % orang unit buah ekor kali kg kilogram gram gr ton liter km kilometer meter m cm hektare ha "
    "tahun bulan minggu hari jam menit detik rupiah rp juta ribu miliar triliun ratus puluh belas lembar "
    "pucuk butir paket batang kendaraan personel percent people years months days hours minutes "
    "seconds dollars million thousand billion hundred".split())
NUMBER = re.compile(r"^(rp\.?)?\d[\d.,:]*%?$", re.IGNORECASE)
PAUSE_AS_SENTENCE = 0.5  # where the model wrote no punctuation at all, a pause this long ends a sentence
UNPUNCTUATED = 12  # ... "at all": no punctuation within this many words either side

SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)]*$")
CLAUSE_END = re.compile(r"[,;:–—]+[\"'”’)]*$")

# What a break (a new cue or a new line) after a word costs, by what is around it. Lower is better.
COST_SENTENCE = 0.0
COST_PAUSE = 2.0  # divided by up to 3 for longer pauses
COST_CLAUSE = 4.0
COST_CONJ = 5.0
COST_OTHER = 12.0
COST_NAME = 30.0  # between two capitalised words (inside a name), when no rank decides it
FORBIDDEN = 1e9  # between a rank and a name, inside a glossary term (finite: degenerate input still splits)
COST_CUE = 3.0  # each cue: fuller cues are preferred
COST_MIXED = 25.0  # a sentence end INSIDE a cue (the tail of one sentence with the head of the next)
COST_ACROSS = 1e6  # a cue across a pause of ACROSS or more: its later words would be shown before they are said
ACROSS = 0.8
COST_FAST = 1000.0  # a cue read faster than the limit: the last resort (plus 25x that per second missing)


@dataclass(frozen=True)
class Word:
    """One word as spoken, with its punctuation, and its times in seconds."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]
    words: tuple[Word, ...] = field(default=(), compare=False, repr=False)
    fast: bool = False  # read faster than the limit (or shorter than the minimum): shorten it in review

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def duration(self) -> float:
        return self.end - self.start

    @property
    def cps(self) -> float:
        return len(self.text) / self.duration if self.duration > 0 else math.inf


@dataclass(frozen=True)
class Rules:
    max_chars: int = 42
    max_lines: int = MAX_LINES
    min_duration: float = MIN_DURATION
    max_duration: float = MAX_DURATION
    max_cps: float = MAX_CPS
    lang: str = "id"


def letters(text: str) -> str:
    """Lower-case letters and digits only, accents dropped: 'A.K.B.P.' -> 'akbp'."""
    t = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in t.lower() if ch.isalnum() and not unicodedata.combining(ch))


def _bare(text: str) -> str:
    return re.sub(r"^[\W_]+|[\W_]+$", "", text)


def is_rank(text: str) -> bool:
    return _bare(text).lower() in RANKS


def capitalised(text: str) -> bool:
    b = _bare(text)
    return bool(b) and b[0].isupper()


def rank_name(a: Word, b: Word) -> bool:
    """``a`` is a rank or title said together with the name ``b`` ("AKP" "Budi"): never part them."""
    return (is_rank(a.text) and capitalised(b.text) and not CLAUSE_END.search(a.text)
            and not SENTENCE_END.search(a.text) and b.start - a.end < TOGETHER)


def _is_number(text: str) -> bool:
    b = _bare(text).lower()
    return bool(NUMBER.match(b)) or b in NUMBER_WORDS


def together(a: Word, b: Word, lang: str) -> bool:
    """A fixed phrase ("salah satu") or a number and its unit ("99 persen", "Rp 5", "dua puluh"):
    never parted by a cue or a line (unless punctuation or a long pause says they are apart)."""
    if CLAUSE_END.search(a.text) or SENTENCE_END.search(a.text) or b.start - a.end >= 1.0:
        return False
    x, y = _bare(a.text).lower(), _bare(b.text).lower()
    if (x, y) in FIXED.get(lang, frozenset()):
        return True
    if _is_number(a.text) and (y in UNITS or _is_number(b.text)):
        return True
    return x in ("rp", "rp.", "$", "usd") and _is_number(b.text)


def break_cost(words: Sequence[Word], i: int, lang: str) -> float:
    """What a break between ``words[i]`` and ``words[i + 1]`` costs (``FORBIDDEN``: never)."""
    if i >= len(words) - 1:
        return COST_SENTENCE
    a, b = words[i], words[i + 1]
    if SENTENCE_END.search(a.text):
        return COST_SENTENCE
    if rank_name(a, b):
        return FORBIDDEN
    if together(a, b, lang):
        return FORBIDDEN
    gap = b.start - a.end
    if gap >= PAUSE:
        return COST_PAUSE / min(gap / PAUSE, 3.0)
    if CLAUSE_END.search(a.text):
        return COST_CLAUSE
    if _bare(b.text).lower() in CONJUNCTIONS.get(lang, frozenset()):
        return COST_CONJ
    if capitalised(a.text) and capitalised(b.text):
        return COST_NAME
    return COST_OTHER


def _inside_terms(words: Sequence[Word], terms: Sequence[str]) -> dict[int, int]:
    """{i: letters of the term} for every break i (after words[i]) that falls inside a glossary term."""
    keys = [letters(w.text) for w in words]
    out: dict[int, int] = {}
    for term in terms:
        parts = [letters(p) for p in term.split()]
        parts = [p for p in parts if p]
        k = len(parts)
        if k < 2:
            continue
        for i in range(len(words) - k + 1):
            if keys[i : i + k] == parts:
                for j in range(i, i + k - 1):
                    out[j] = max(out.get(j, 0), len(term))
    return out


def _wrap(words: Sequence[Word], costs: Sequence[float], max_chars: int, max_lines: int
          ) -> tuple[str, ...] | None:
    """The best layout of ``words`` in 1 or 2 lines of ``max_chars``, or None if none fits.

    ``costs[k]``: what a line break after ``words[k]`` costs.
    """
    texts = [w.text for w in words]
    one = " ".join(texts)
    if len(one) <= max_chars:
        return (one,)
    if max_lines < 2:
        return None
    best: tuple[float, tuple[str, str]] | None = None
    for k in range(1, len(words)):
        c = costs[k - 1]
        if c >= FORBIDDEN:
            continue
        top, bottom = " ".join(texts[:k]), " ".join(texts[k:])
        if len(top) > max_chars or len(bottom) > max_chars:
            continue
        # Balanced lines read best; a top line much longer than the bottom one reads worst.
        c += abs(len(top) - len(bottom)) / 4 + (2 if len(top) > len(bottom) + 6 else 0)
        if best is None or c < best[0]:
            best = (c, (top, bottom))
    return best[1] if best else None


def _room(words: Sequence[Word], i: int, j: int, rules: Rules, until: float | None = None
          ) -> tuple[float, float]:
    """The time a cue of ``words[i..j]`` owns: from its first word to just before the next cue's (the
    last cue: up to ``until``, or the maximum duration)."""
    s = words[i].start
    if j + 1 < len(words):
        limit = words[j + 1].start - GAP
    else:
        limit = until if until is not None else words[j].end + rules.max_duration
    return s, min(limit, s + rules.max_duration)


def _need(chars: int, rules: Rules) -> float:
    return max(rules.min_duration, chars / rules.max_cps)


def tidy(words: Iterable[Word]) -> list[Word]:
    """Non-empty words with single spaces, whose times never go back and never end before they start."""
    out: list[Word] = []
    t = 0.0
    for w in words:
        text = " ".join(str(w.text).split())
        if not text:
            continue
        start = max(float(w.start), t, 0.0)
        out.append(Word(text, start, max(float(w.end), start)))
        t = start
    return out


LEAD = 0.6  # the first word after a pause starts at the speech's onset when Whisper has it up to this late


def snap(words: Sequence[Word], spans: Sequence[tuple[float, float]], gap: float = PAUSE) -> list[Word]:
    """Word times moved onto the speech found in the audio (``spans``: (onset, offset) seconds, in order).

    Whisper times words back to back, so the first word of a sentence often absorbs the pause before it
    (issue 23: cues shown 0.9-2.6 s before the words are said). Spans closer than ``gap`` form one
    stretch of speech; a word is put on the stretch it overlaps most (a word across a pause is said on
    one side of it), its start moved forward to speech where it lies in a pause, its end back likewise;
    the first word of a stretch starts at the stretch's onset when Whisper has it starting up to
    ``LEAD`` later. Words with no speech under them keep their times.
    """
    if not spans:
        return list(words)
    groups: list[list[tuple[float, float]]] = []
    for a, b in spans:
        if groups and a - groups[-1][-1][1] < gap:
            groups[-1].append((a, b))
        else:
            groups.append([(a, b)])
    bounds = [(g[0][0], g[-1][1]) for g in groups]
    out: list[Word] = []
    k0 = 0
    prev_group = -1
    for w in words:
        s, e = w.start, w.end
        while k0 < len(bounds) and bounds[k0][1] <= s:
            k0 += 1
        best, share = -1, 0.0
        k = k0
        while k < len(bounds) and bounds[k][0] < e:
            ov = min(e, bounds[k][1]) - max(s, bounds[k][0])
            if ov > share:
                best, share = k, ov
            k += 1
        if best < 0:
            out.append(w)
            continue
        inside = groups[best]
        ns = max(s, next(a for a, b in inside if b > s) if any(b > s for a, b in inside) else inside[-1][0])
        if best != prev_group and 0 < ns - inside[0][0] <= LEAD:  # the first word of a stretch of speech
            ns = inside[0][0]  # starts where the speech does (Whisper often starts it a little late)
        prev_group = best
        ends = [b for a, b in inside if a < e]
        ne = min(e, ends[-1]) if ends else e
        if ne <= ns:
            ne = ns + min(0.05, max(e - ns, 0.0)) if e > ns else ns + 0.05
        out.append(Word(w.text, round(ns, 3), round(ne, 3)))
    return out


def segment(words: Sequence[Word], rules: Rules = Rules(), terms: Sequence[str] = (), until: float | None = None
            ) -> list[Cue]:
    """The cues for ``words`` (in time order) under ``rules``; ``terms``: glossary terms kept whole;
    ``until``: the time the last cue must end by (default: up to the maximum duration after it)."""
    words = tidy(words)
    if not words:
        return []
    n = len(words)
    cue_cost = [break_cost(words, i, rules.lang) for i in range(n)]
    # A stretch the model wrote without any punctuation (it happens to a whole 30-s window): a long
    # pause there is where a sentence ended.
    marks = [i for i, w in enumerate(words) if SENTENCE_END.search(w.text) or CLAUSE_END.search(w.text)]

    for i in range(n - 1):
        if cue_cost[i] >= FORBIDDEN or words[i + 1].start - words[i].end < PAUSE_AS_SENTENCE:
            continue
        k = bisect.bisect_left(marks, i - UNPUNCTUATED)
        if k < len(marks) and marks[k] <= i + UNPUNCTUATED:
            continue
        cue_cost[i] = COST_SENTENCE
    line_cost = list(cue_cost)
    for i, length in _inside_terms(words, terms).items():
        cue_cost[i] = FORBIDDEN
        # A term longer than a line may wrap (a cue break inside it is still never made).
        line_cost[i] = FORBIDDEN if length <= rules.max_chars else max(line_cost[i], COST_NAME)
    cap = rules.max_chars * rules.max_lines
    best = [math.inf] * (n + 1)
    back = [0] * (n + 1)
    layout: dict[tuple[int, int], tuple[str, ...]] = {}
    best[0] = 0.0
    for j in range(1, n + 1):  # a cue of words[i:j]
        chars = -1
        widest = 0.0  # the longest pause inside the cue
        for i in range(j - 1, -1, -1):
            chars += len(words[i].text) + 1
            if i < j - 1:
                widest = max(widest, words[i + 1].start - words[i].end)
            if i < j - 1 and (chars > cap or words[j - 1].end - words[i].start > rules.max_duration):
                break
            lines = _wrap(words[i:j], line_cost[i:j], rules.max_chars, rules.max_lines)
            if lines is None:
                if i < j - 1:
                    continue
                lines = (words[i].text,)  # one word longer than a line stands alone
            c = best[i] + cue_cost[j - 1] + COST_CUE
            c += sum(COST_MIXED for k in range(i, j - 1) if cue_cost[k] == COST_SENTENCE)
            if widest >= ACROSS:  # rather a cue read fast (marked for the reviewer) than words shown early
                c += COST_ACROSS * widest
            s, limit = _room(words, i, j - 1, rules, until)
            short = _need(chars, rules) - (limit - s)
            if short > 1e-9:
                c += COST_FAST * (1 + 25 * short)
            if c < best[j]:
                best[j], back[j], layout[(i, j)] = c, i, lines
    groups: list[tuple[int, int]] = []
    j = n
    while j > 0:
        groups.append((back[j], j))
        j = back[j]
    cues: list[Cue] = []
    for i, j in reversed(groups):
        lines = layout[(i, j)]
        need = _need(len(" ".join(lines)), rules)
        s, limit = _room(words, i, j - 1, rules, until)
        if cues and s < cues[-1].end + GAP:  # words with one time stamp (it happens): keep the order
            s = cues[-1].end + GAP
            limit = max(limit, s)
        s = round(s, 3)
        e = max(words[j - 1].end, math.ceil((s + need) * 1000 - 1e-6) / 1000)  # whole ms, never short
        if limit - e < CHAIN:  # a short gap before the next cue only flickers: close it
            e = limit
        e = round(max(min(e, limit), s + 0.001), 3)
        cues.append(Cue(s, e, lines, tuple(words[i:j]), (e - s) + 1e-6 < need))
    return cues


# --- files -------------------------------------------------------------------------------------------

def _ts(t: float, sep: str) -> str:
    ms = int(round(max(t, 0.0) * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: Iterable[Cue]) -> str:
    return "".join(
        f"{n}\n{_ts(c.start, ',')} --> {_ts(c.end, ',')}\n" + "\n".join(c.lines) + "\n\n"
        for n, c in enumerate(cues, 1)
    )


def to_vtt(cues: Iterable[Cue]) -> str:
    return "WEBVTT\n\n" + "".join(
        f"{_ts(c.start, '.')} --> {_ts(c.end, '.')}\n" + "\n".join(c.lines) + "\n\n" for c in cues
    )


_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[,.](\d{1,3})")
_ARROW = re.compile(rf"^\s*({_TIME.pattern})\s*-->\s*({_TIME.pattern})")


def _secs(m: re.Match, k: int) -> float:
    h, mi, s, ms = (m.group(k + n) for n in range(4))
    return round(int(h or 0) * 3600 + int(mi) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000, 3)


class CueFileError(ValueError):
    """A caption file that cannot be read as SRT or VTT (``line``: where)."""

    def __init__(self, line: int, reason: str) -> None:
        self.line, self.reason = line, reason
        super().__init__(f"line {line}: {reason}")


# Bounds of a caption file (issue 19): every caption file is read through parse(), at approve and at
# export alike, so what approve accepts export can render. A real cue is two lines of ~42 characters;
# a clip's SRT is a few KB. One 1 MB cue was approved and then held ffmpeg's subtitle renderer at
# 560 MB for over 400 s.
MAX_FILE_CHARS = 1_000_000
MAX_CUES = 20_000
MAX_CUE_CHARS = 400
MAX_CUE_LINES = 6
MAX_TIME = 24 * 3600.0  # a cue time beyond a day is a typo, not a clip position


def _control(line: str) -> str | None:
    """The first control character of a line (NUL, ESC, ...), shown escaped; None when clean."""
    for ch in line:
        if ch != "\t" and (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0):
            return repr(ch)[1:-1]
    return None


def parse(text: str) -> list[Cue]:
    """The cues of an SRT or WebVTT text (cue numbers, VTT settings and tags like <i> are dropped).

    Bounded: size, number of cues, characters and lines per cue, times; control characters (NUL, ESC)
    are refused with their line, never carried into a burned picture or a sidecar."""
    if len(text) > MAX_FILE_CHARS:
        raise CueFileError(1, f"more than {MAX_FILE_CHARS:,} characters; a clip's captions are a few KB")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cues: list[Cue] = []
    lines = text.split("\n")
    for n, line in enumerate(lines, 1):
        bad = _control(line)
        if bad is not None:
            raise CueFileError(n, f"control character {bad} in the text; delete it")
    i = 0
    while i < len(lines):
        m = _ARROW.match(lines[i])
        if not m:
            if "-->" in lines[i]:
                raise CueFileError(i + 1, lines[i].strip())
            i += 1
            continue
        start, end = _secs(m, 2), _secs(m, 7)
        if end <= start:
            raise CueFileError(i + 1, lines[i].strip())
        if end > MAX_TIME:
            raise CueFileError(i + 1, f"{lines[i].strip()}: a time past 24:00:00")
        at = i + 1
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip():
            body.append(" ".join(re.sub(r"<[^>]*>", "", lines[i]).split()))
            i += 1
        body = [b for b in body if b]
        if len(body) > MAX_CUE_LINES or sum(len(b) for b in body) > MAX_CUE_CHARS:
            raise CueFileError(at, f"a cue of {sum(len(b) for b in body):,} characters in {len(body)} lines "
                                   f"(at most {MAX_CUE_CHARS} in {MAX_CUE_LINES}); split it")
        if body:
            cues.append(Cue(start, end, tuple(body)))
            if len(cues) > MAX_CUES:
                raise CueFileError(at, f"more than {MAX_CUES:,} cues")
    return cues


# --- reviewed text back onto the spoken words -----------------------------------------------------

def realign(reviewed: Sequence[Cue], words: Sequence[Word]) -> list[Word]:
    """The words of ``reviewed`` cues with times: a word the reviewer kept takes the spoken word's times,
    a word they added or changed is placed between its neighbours in proportion to its letters.

    Every word stays inside its reviewed cue's time, so laying the result out for another format never
    moves text across the reviewer's cue boundaries by more than the cue's own length.
    """
    spoken = tidy(words)
    out: list[Word] = []
    for cue in reviewed:
        tokens = cue.text.split()
        if not tokens:
            continue
        inside = [w for w in spoken if cue.start - 0.05 <= (w.start + w.end) / 2 <= cue.end + 0.05]
        times: list[tuple[float, float] | None] = [None] * len(tokens)
        sm = SequenceMatcher(None, [letters(x) for x in tokens], [letters(w.text) for w in inside],
                             autojunk=False)
        for a, b, size in sm.get_matching_blocks():
            for k in range(size):
                w = inside[b + k]
                times[a + k] = (max(w.start, cue.start), min(max(w.end, w.start), cue.end))
        # Fill the gaps: spread unknown words over the time between their known neighbours.
        k = 0
        while k < len(tokens):
            if times[k] is not None:
                k += 1
                continue
            m = k
            while m < len(tokens) and times[m] is None:
                m += 1
            before = times[k - 1] if k > 0 else None
            after = times[m] if m < len(tokens) else None
            lo = before[1] if before else cue.start
            hi = max(after[0] if after else cue.end, lo)
            weights = [len(x) + 1 for x in tokens[k:m]]
            total = sum(weights)
            t = lo
            for n, wgt in enumerate(weights):
                dt = (hi - lo) * wgt / total
                times[k + n] = (t, t + dt)
                t += dt
            k = m
        for tok, tm in zip(tokens, times):
            assert tm is not None
            out.append(Word(tok, round(tm[0], 3), round(tm[1], 3)))
    return tidy(out)


def fits(cue: Cue, rules: Rules) -> bool:
    return len(cue.lines) <= rules.max_lines and all(len(x) <= rules.max_chars for x in cue.lines)


def relayout(reviewed: Sequence[Cue], words: Sequence[Word], rules: Rules, terms: Sequence[str] = ()
             ) -> list[Cue]:
    """The reviewed cues laid out under ``rules`` (another format's line length).

    A reviewed cue whose lines fit stays exactly as approved; one that does not is split inside its own
    time (never across the reviewer's cue boundaries), its words timed from the speech.
    """
    out: list[Cue] = []
    for cue in reviewed:
        if fits(cue, rules):
            out.append(cue)
            continue
        mine = realign([cue], words)
        if not mine:
            continue
        parts = segment(mine, rules, terms, until=cue.end)
        if parts and parts[0].start < cue.start:  # keep the approved start exactly
            parts[0] = Cue(cue.start, parts[0].end, parts[0].lines, parts[0].words, parts[0].fast)
        out.extend(parts)
    return out
