"""Caption segmentation and the transcript clean-up: rules that must hold on every cue (property tests
over generated transcripts), and the glossary's correction table."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vidjourn.captions.cues import (GAP, Cue, Rules, Word, break_cost, parse, rank_name, realign, relayout,
                                   segment, to_srt, to_vtt)
from vidjourn.captions.transcript import (copied_prompt, correct, drop_loops, is_hallucination, parse_glossary,
                                      prompt)

VOCAB = ["dan", "yang", "polisi", "tersangka", "ditangkap", "pasar", "motor", "uang", "the", "police",
         "suspects", "arrested", "market", "cash", "Jakarta", "Budi", "Santoso", "Selatan", "kemarin",
         "penyelidikan", "berlanjut", "masyarakat", "x", "di", "ke", "informasi", "karena", "and", "but",
         "Kepolisian"]
RANKS = ["AKP", "AKBP", "Kompol", "Kapolres", "Iptu", "Inspector", "Pak", "Kombes"]
NAMES = ["Budi", "Siti", "Wayan", "Hendra", "Andi", "Made"]
TERMS = ["Kepolisian Resor Metropolitan", "Pasar Minggu"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def transcripts(draw, max_rate: float | None = None):
    """Words with times as Whisper gives them. ``max_rate``: each word with its following silence takes
    at least (letters + 1) / max_rate seconds (speech a reader can follow at 17 cps)."""
    n = draw(st.integers(1, 70))
    t = draw(st.floats(0, 3))
    words: list[Word] = []
    while len(words) < n:
        pick = draw(st.integers(0, 11))
        if pick == 0:
            toks = [draw(st.sampled_from(RANKS)), draw(st.sampled_from(NAMES))]
        elif pick == 1:
            toks = draw(st.sampled_from(TERMS)).split()
        else:
            toks = [draw(st.sampled_from(VOCAB))]
        for k, tok in enumerate(toks):
            last = k == len(toks) - 1
            text = tok + (draw(st.sampled_from(["", "", "", "", ",", ".", "?"])) if last else "")
            if max_rate:
                dur = draw(st.floats((len(text) + 1) / max_rate, 1.5))
                gap = draw(st.sampled_from([0.0, 0.0, 0.05, 0.4, 1.2, 9.0])) if last else 0.0
            else:
                dur = draw(st.floats(0.0, 1.5))
                gap = draw(st.sampled_from([0.0, 0.0, 0.02, 0.3, 1.0, 8.0])) if last else 0.0
            words.append(Word(text, round(t, 3), round(t + dur, 3)))
            t += dur + gap
    return words


def check_rules(words: list[Word], rules: Rules) -> list[Cue]:
    cues = segment(words, rules, TERMS)
    # Every word once, in order, nothing added.
    assert [w.text for c in cues for w in c.words] == [w.text for w in words]
    assert " ".join(c.text for c in cues) == " ".join(w.text for w in words)
    prev_end = None
    for c in cues:
        assert 1 <= len(c.lines) <= rules.max_lines
        for line in c.lines:
            assert len(line) <= rules.max_chars or " " not in line, line
        assert c.end > c.start
        assert c.duration <= rules.max_duration + 1e-3
        if prev_end is not None:
            assert c.start >= prev_end + GAP - 2e-3  # in order, never overlapping
        # A cue starts with its first word (unless words share one time stamp and the previous cue holds it).
        assert c.start <= c.words[0].start + 1e-3 or abs(c.start - (prev_end or 0) - GAP) < 2e-3
        # "fast" is exactly: shorter than the minimum or read faster than the limit.
        assert c.fast == (c.duration + 1e-6 < max(rules.min_duration, len(c.text) / rules.max_cps)), c
        prev_end = c.end
    # Never between a rank and the name said with it: neither a new cue nor a new line.
    for a, b in zip(cues, cues[1:]):
        assert not rank_name(a.words[-1], b.words[0]), (a, b)
    for c in cues:
        if len(c.lines) == 2:
            k = len(c.lines[0].split(" "))
            assert not rank_name(c.words[k - 1], c.words[k]), c
    # Never a new cue inside a glossary term.
    for a, b in zip(cues, cues[1:]):
        joined = f"{a.words[-1].text} {b.words[0].text}"
        assert joined not in ("Kepolisian Resor", "Resor Metropolitan", "Pasar Minggu"), (a, b)
    return cues


@SETTINGS
@given(transcripts(), st.sampled_from([24, 32, 42]), st.sampled_from(["id", "en"]))
def test_rules_hold_on_every_cue(words, max_chars, lang):
    check_rules(words, Rules(max_chars=max_chars, lang=lang))


@SETTINGS
@given(transcripts(max_rate=14.0), st.sampled_from([24, 42]))
def test_followable_speech_gives_no_fast_cue(words, max_chars):
    cues = check_rules(words, Rules(max_chars=max_chars))
    assert [c for c in cues if c.fast] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts(max_rate=14.0))
def test_the_same_transcript_gives_cues_for_each_format(words):
    wide = check_rules(words, Rules(max_chars=42))
    tall = check_rules(words, Rules(max_chars=24))
    assert max(len(x) for c in tall for x in c.lines) <= 24
    assert " ".join(c.text for c in tall) == " ".join(c.text for c in wide)


def _words(text: str, start: float = 0.0, step: float = 0.55) -> list[Word]:
    return [Word(x, round(start + i * step, 3), round(start + i * step + step * 0.8, 3))
            for i, x in enumerate(text.split())]


def test_split_prefers_sentence_end_then_pause_then_comma():
    # 50 characters: too long for one cue line of 42, fits two lines; a sentence end in the middle.
    words = _words("Tiga tersangka ditangkap kemarin. Polisi masih mencari dua orang lagi di pasar.")
    cues = segment(words, Rules(max_chars=42))
    assert cues[0].text == "Tiga tersangka ditangkap kemarin."
    # A pause beats a plain word boundary.
    words = _words("Tiga tersangka ditangkap kemarin di pasar pusat") + _words(
        "polisi masih mencari dua orang lagi di sekitar lokasi kejadian", start=4.0)
    cues = segment(words, Rules(max_chars=24))
    assert any(c.text.endswith("pusat") for c in cues)
    # A comma beats a plain boundary for the line break.
    cues = segment(_words("Menurut keterangan Kapolres, tiga tersangka ditangkap"), Rules(max_chars=42))
    assert cues[0].lines == ("Menurut keterangan Kapolres,", "tiga tersangka ditangkap")


def test_never_between_rank_and_name():
    words = _words("Keterangan ini disampaikan oleh AKBP Budi Santoso kepada wartawan di lokasi")
    for n in (18, 24, 30, 42):
        for c in segment(words, Rules(max_chars=n)):
            for line in c.lines:
                assert not line.endswith("AKBP"), (n, c.lines)
            assert c.words[-1].text != "AKBP"


def test_srt_vtt_round_trip():
    cues = segment(_words("Selamat pagi. Tiga tersangka ditangkap di Pasar Minggu, Jakarta Selatan, kemarin."),
                   Rules(max_chars=24))
    for text in (to_srt(cues), to_vtt(cues)):
        back = parse(text)
        assert [c.lines for c in back] == [c.lines for c in cues]
        assert [(c.start, c.end) for c in back] == [(c.start, c.end) for c in cues]
    assert to_srt(cues).startswith("1\n00:00:00,000 --> ")


def test_reviewed_text_keeps_its_times_in_another_format():
    spoken = _words("tiga tersangka di tangkap di pasar minggu kemarin sore oleh petugas polsek")
    draft = segment(spoken, Rules(max_chars=42))
    # The officer fixes the text: joins "di tangkap", capitalises the place, adds a word.
    fixed = [Cue(c.start, c.end, tuple(x.replace("di tangkap", "ditangkap").replace("pasar minggu", "Pasar Minggu")
                                       .replace("petugas", "petugas gabungan") for x in c.lines)) for c in draft]
    words = realign(fixed, spoken)
    assert " ".join(w.text for w in words) == " ".join(c.text for c in fixed)
    by_text = {w.text: w for w in words}
    assert by_text["kemarin"].start == spoken[7].start  # a kept word keeps its spoken time
    for w in words:  # every word inside its reviewed cue
        assert any(c.start - 1e-3 <= w.start and w.end <= c.end + 1e-3 for c in fixed)
    tall = relayout(fixed, spoken, Rules(max_chars=24))
    assert " ".join(c.text for c in tall) == " ".join(c.text for c in fixed)
    assert all(len(x) <= 24 for c in tall for x in c.lines)


def test_glossary_fixes_a_misspelt_rank_and_name():
    terms = parse_glossary(["Kombes Pol Budi Santoso", "AKBP", {"Kapolres": ["kapol res", "kapolris"]}, "Humas"])
    heard = _words("kata Kumbas Pol Gu Di Santoso, a k b p Hendra dan kapol res Metro serta kapolris baru")
    fixed, changes = correct(heard, terms)
    text = " ".join(w.text for w in fixed)
    assert text == "kata Kombes Pol Budi Santoso, AKBP Hendra dan Kapolres Metro serta Kapolres baru"
    assert ("Kumbas Pol Gu Di Santoso,", "Kombes Pol Budi Santoso,") in changes
    # Times stay within what was heard.
    assert fixed[1].start == heard[1].start and fixed[4].end == heard[5].end


def test_glossary_leaves_near_words_alone():
    terms = parse_glossary(["Humas", "Kapolres", "AKP Hendra Wijaya"])
    heard = _words("the human resources of the polres and Hendra Wijaya said")
    fixed, changes = correct(heard, terms)
    assert changes == [] and [w.text for w in fixed] == [w.text for w in heard]


def test_hallucinations_and_loops():
    assert is_hallucination("Terima kasih telah menonton!")
    assert is_hallucination("Thanks for watching. Thanks for watching.")
    assert is_hallucination("Subtitles by the Amara.org community")
    assert not is_hallucination("Terima kasih.")  # a speaker does say this
    assert not is_hallucination("Terima kasih telah menonton, kata Kapolres, tapi ini bukan film.")
    words = _words("dan dan dan dan dan saya terima kasih. terima kasih. terima kasih. terima kasih. ya")
    assert " ".join(w.text for w in drop_loops(words)) == "dan dan saya terima kasih. terima kasih. ya"


def test_prompt_and_its_copies():
    terms = parse_glossary(["AKP Hendra Wijaya", "Pasar Minggu"])
    p = prompt(terms, "id")
    assert p == "Glosarium: AKP Hendra Wijaya; Pasar Minggu."
    assert copied_prompt("AKP Hendra Wijaya; Pasar Minggu.", terms)
    assert not copied_prompt("AKP Hendra Wijaya memimpin penyelidikan di Pasar Minggu.", terms)


def test_glossary_keeps_a_short_word_before_the_term():
    terms = parse_glossary(["Polda Metro Jaya", "Brigjen Chaerul Rasyidi"])
    heard = _words("dibawa ke polda metrojaya oleh brigjen chaerul rasidi di jakarta")
    fixed, changes = correct(heard, terms)
    assert " ".join(w.text for w in fixed) == "dibawa ke Polda Metro Jaya oleh Brigjen Chaerul Rasyidi di jakarta"


SHORT = ["ke", "di", "dan", "oleh", "yang", "dari", "pak", "bu", "ini", "itu", "ya", "a"]
GLOSSARY_TERMS = ["Polda Metro Jaya", "Kombes Pol Budi Santoso", "Kapolres Metro Jakarta Selatan",
                  "Brigjen Chaerul Rasyidi", "Pasar Minggu", "Kapolda Aceh"]


@st.composite
def sentences_with_terms(draw):
    """(heard words, expected words): prose with glossary terms said after short words, each term heard
    lower-cased, with two of its words run together, or with one letter wrong in a long word."""
    heard: list[str] = []
    want: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        prose = draw(st.lists(st.sampled_from(SHORT + ["polisi", "tersangka", "ditangkap", "kemarin",
                                                       "menjelaskan", "kejadian"]), max_size=4))
        short = draw(st.sampled_from(SHORT))
        term = draw(st.sampled_from(GLOSSARY_TERMS))
        parts = term.lower().split()
        how = draw(st.sampled_from(["lower", "join", "typo"]))
        if how == "join" and len(parts) > 1:
            j = draw(st.integers(0, len(parts) - 2))
            parts[j : j + 2] = [parts[j] + parts[j + 1]]
        elif how == "typo":
            long = [n for n, p in enumerate(parts) if len(p) >= 6]
            if long:
                n = draw(st.sampled_from(long))
                k = draw(st.integers(1, len(parts[n]) - 2))
                parts[n] = parts[n][:k] + ("a" if parts[n][k] != "a" else "e") + parts[n][k + 1 :]
        heard += prose + [short] + parts
        want += prose + [short] + term.split()
    tail = draw(st.lists(st.sampled_from(SHORT), max_size=2))
    return heard + tail, want + tail


@given(sentences_with_terms())
@SETTINGS
def test_glossary_never_absorbs_a_separate_word(case):
    heard, want = case
    words = [Word(t, i * 0.4, i * 0.4 + 0.3) for i, t in enumerate(heard)]
    fixed, _ = correct(words, parse_glossary(GLOSSARY_TERMS))
    assert [w.text for w in fixed] == want


def test_words_are_joined_as_the_model_spaced_them():
    from vidjourn.analysis.speech import join_tokens

    tokens = [(" Vote", 0.0, 0.3), (" melalui", 0.3, 0.7), (" beli", 0.7, 0.9), ("-beli", 0.9, 1.1),
              (".com", 1.1, 1.4), (" dan", 1.5, 1.6), (" Jakarta", 1.6, 2.0), ("-Pusat.", 2.0, 2.4), (" ", 2.4, 2.5)]
    words = join_tokens(tokens)
    assert [w.text for w in words] == ["Vote", "melalui", "beli-beli.com", "dan", "Jakarta-Pusat."]
    assert (words[2].start, words[2].end) == (0.7, 1.4)


def test_snap_puts_words_on_the_speech():
    from vidjourn.captions.cues import snap

    spans = [(0.5, 2.0), (2.1, 3.0), (5.0, 6.5)]
    words = [Word("Selamat", 0.2, 0.9), Word("pagi.", 0.9, 2.9),  # first word started in the silence
             Word("Foto", 3.0, 5.4),  # spans the 2-s pause: said after it (the pause was absorbed)
             Word("bersama", 5.4, 6.2), Word("Kapolres.", 6.2, 7.4),  # ends in the silence after
             Word("hening", 8.0, 8.5)]  # no speech under it: kept
    out = snap(words, spans)
    assert [(w.start, w.end) for w in out] == [(0.5, 0.9), (0.9, 2.9), (5.0, 5.4), (5.4, 6.2), (6.2, 6.5),
                                               (8.0, 8.5)]
    assert snap(words, []) == words
    # The first word after a pause, started late by Whisper, starts where the speech does.
    late = snap([Word("Presiden", 10.35, 10.8), Word("Jokowi", 10.8, 11.2)], [(10.04, 12.0)])
    assert [(w.start, w.end) for w in late] == [(10.04, 10.8), (10.8, 11.2)]


def test_no_cue_across_a_long_pause_and_fixed_phrases_stay_together():
    w = _words("kata salah satu saksi dari 99 persen warga", step=0.3)
    costs = [break_cost(w, i, "id") for i in range(len(w) - 1)]
    assert costs[1] >= 1e9 and costs[5] >= 1e9  # salah|satu, 99|persen
    # A sentence, a 1.4-s pause, a fast sentence: the fast one is marked, not glued to the pause.
    first = _words("Kita tidak mau kacau lagi sudah cukup.", start=35.0, step=0.27)
    fast = _words("Suasana menjadi mencekam ketika terdengar bunyi lirik lagu butet dan sungai ular.",
                  start=first[-1].end + 1.4, step=0.3)
    cues = segment(first + fast, Rules(max_chars=42))
    for c in cues:
        gaps = [b.start - a.end for a, b in zip(c.words, c.words[1:])]
        assert not gaps or max(gaps) < 0.8, c


def test_sentence_ends_from_pauses_where_the_model_wrote_no_punctuation():
    a = _words("saat ini kita sedang berada di kantor polisi wilayah jakarta pusat bersama", step=0.3)
    b = _words("menyatakan bahwa tersangka sudah ditangkap tadi pagi oleh petugas", start=a[-1].end + 0.6, step=0.3)
    cues = segment(a + b, Rules(max_chars=42))
    assert any(c.words[-1].text == "bersama" for c in cues), [c.text for c in cues]


def test_a_hotword_list_copied_instead_of_speech_is_spotted():
    terms = parse_glossary(["AKP Hendra Wijaya", "Pasar Minggu", "Kombes Pol Budi Santoso"])
    assert copied_prompt("AKP Hendra Wijaya, Pasar Minggu, Kombes Pol Budi Santoso.", terms)
    assert not copied_prompt("AKP Hendra Wijaya, Pasar Minggu,", terms)  # may be said so
    # Speech that names two terms is speech.
    assert not copied_prompt("AKP Hendra Wijaya memimpin penyelidikan di Pasar Minggu kemarin.", terms)
    assert not copied_prompt("Pasar Minggu.", terms)
