"""The doubled-words pass: the words before a doubled preposition, found backwards."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import Pipeline
from textfix.passes.doubled import _words_before

# The pattern _words_before replaced, searched forwards from every start in its window.
FORWARD = regex.compile(r"(?:(\p{L}+)[ \t]+)?(?:(\p{L}+)[ \t]+)?(\p{L}+)[ \t]*$")


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "bc", "É", "я", "中", " ", "\t", "  ", ",", "1", "\u00a0", "'", "-"]), max_size=30
    ).map("".join),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_words_before_groups_as_the_forward_pattern(text, lo, width):
    hi = min(len(text), lo + width)
    lo = min(lo, hi)
    m = FORWARD.search(text, lo, hi)
    assert _words_before(text, lo, hi) == (m.groups() if m else None), (text, lo, hi)


def test_a_long_line_of_doubled_prepositions():
    """100 KB of ``in in on on `` on one line (a hostile unit of python -m benchmarks hostile,
    where it cost a second: one backtracking search per doubled word over every start of its
    60-character window; the figures are in benchmarks/results/hostile.md): each pair is
    still reported."""
    text = "in in on on " * 8333
    found = [f.start for f in Pipeline().check(text) if f.code == "D101"]
    assert found == list(range(0, len(text), 6))


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "in", "É", "я", " ", "\t", ",", "1", "\u00a0", "-"]), max_size=20).map("".join),
    st.integers(0, 30),
    st.integers(0, 30),
)
def test_last_word_backwards_is_the_forward_search_of_the_slice(text, lo, width):
    from textfix.passes.doubled import LAST_WORD_RE

    hi = min(len(text), lo + width)
    lo = min(lo, hi)
    forward = regex.search(r"(\p{L}+)[ \t]*$", text[lo:hi])
    backward = LAST_WORD_RE.search(text, lo, hi)
    assert (forward and forward.group(1)) == (backward and backward.group(1)), (text, lo, hi)
