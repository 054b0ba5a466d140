"""A quote picked by its words' indices (the desk's selection) is that occurrence, cut in the pauses as a
quote found by its text: `quote.at` and `quote.find` agree on the first occurrence."""

from __future__ import annotations

from vidjourn.stages.story.draft import W
from vidjourn.stages.story.quote import at, find

WORDS = (W("Kami", 0.2, 0.5), W("siap.", 0.6, 1.0), W("Lalu", 1.6, 1.9), W("kami", 2.4, 2.7), W("siap.", 2.8, 3.2),
         W("Selesai.", 3.9, 4.4))


def test_span_picks_the_occurrence_selected():
    first = find(WORDS, "kami siap", 5.0)
    assert first is not None and (first.first, first.last) == (0, 1)
    assert at(WORDS, 0, 1, 5.0) == first
    second = at(WORDS, 3, 4, 5.0)
    assert second is not None and (second.first, second.last) == (3, 4) and second.text == "kami siap."
    assert 1.9 <= second.start <= 2.4 and 3.2 <= second.end <= 3.9, second  # in the pauses around the words


def test_span_outside_the_words_is_none():
    assert at(WORDS, 4, 3, 5.0) is None and at(WORDS, 0, 6, 5.0) is None and at(WORDS, -1, 0, 5.0) is None
