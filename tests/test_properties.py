"""Invariants checked with hypothesis over random Unicode and MT-like text."""

from __future__ import annotations

import itertools
import pickle

import pytest
import regex
from hypothesis import HealthCheck, given, settings

import textfix
from strategies import texts
from textfix.model import Document
from textfix.passes import PASS_CLASSES
from textfix.pipeline import replay
from textfix.rules import RULES

PROFILE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALL_PIPE = textfix.Pipeline(select=["ALL"], ignore=[c for c, r in RULES.items() if r.extra.get("needs_service")])
DEFAULT = textfix.default_pipeline()
# Modifier letters are left out: U102 turns the C1 control \x88 into the modifier letter ˆ.
LETTERS_DIGITS = regex.compile(r"[\p{L}\p{N}--\p{Lm}]", regex.V1)
# Passes that work at the level of punctuation and spacing; they must keep every letter and
# digit in order.  The two encoding repairs (U101 mojibake, U102 C1 controls such as \x8a for
# Š) restore letters by design and are excluded, and so is U107, which swaps a letter for its
# look-alike of the other script.
PUNCT_LEVEL = [c for c, r in RULES.items() if r.family in ("spacing", "unicode") and c not in ("U101", "U102", "U107")]
PUNCT_PIPE = textfix.Pipeline(select=PUNCT_LEVEL)


def letters(s: str) -> list[str]:
    return LETTERS_DIGITS.findall(s)


@PROFILE
@given(texts)
def test_check_never_raises_and_spans_inside(text):
    for f in ALL_PIPE.check(text):
        assert 0 <= f.start <= f.end <= len(text)
        assert f.line >= 1 and f.column >= 1
        for e in f.edits:
            assert 0 <= e.start <= e.end <= len(text)


@PROFILE
@given(texts)
def test_fix_is_idempotent_default(text):
    once = DEFAULT.fix(text)
    assert DEFAULT.fix(once) == once


@PROFILE
@given(texts)
def test_fix_is_idempotent_unsafe_all(text):
    once = ALL_PIPE.fix(text, unsafe=True)
    assert ALL_PIPE.fix(once, unsafe=True) == once


@PROFILE
@given(texts)
def test_no_findings_means_identity(text):
    if not DEFAULT.check(text):
        assert DEFAULT.fix(text, unsafe=True) == text


@PROFILE
@given(texts)
def test_explain_log_replays(text):
    out, log = ALL_PIPE.fix_and_explain(text, unsafe=True)
    assert replay(text, log) == out
    for c in log:
        assert 0 <= c.orig_start <= c.orig_end <= len(text)


@PROFILE
@given(texts)
def test_applied_edits_never_overlap(text):
    from textfix.pipeline import _select_findings

    chosen = _select_findings(ALL_PIPE.check(text), unsafe=True)
    edits = sorted((e for f in chosen for e in f.edits), key=lambda e: (e.start, e.end))
    for a, b in itertools.pairwise(edits):
        assert not a.overlaps(b)


@PROFILE
@given(texts)
def test_punctuation_passes_keep_letters_and_digits(text):
    assert letters(PUNCT_PIPE.fix(text, unsafe=True)) == letters(text)


@PROFILE
@given(texts)
def test_trigger_never_hides_a_finding(text):
    """A pass's cheap gate may only skip texts on which the pass would find nothing."""
    doc = Document(text, "en", frozenset(RULES))
    for cls in PASS_CLASSES:
        p = cls()
        if p.trigger is None or p.trigger.search(text) or (p.screen is not None and p.screen(text)):
            continue
        if any(r.extra.get("needs_service") for r in p.rules):
            continue
        assert list(p.check(doc)) == [], cls.name


# --- invariants of every fix (issue 16) ------------------------------------------------
# Every pass, both modes.  Rules that delete or rewrite whole tokens by design are left out of
# the digit invariant: R101 drops the extra copies of a looped phrase (digits and all), R106
# decodes numeric entities (``&#8217;`` -> ``’``), U101 and U102 restore characters.
DIGIT_KEEPING = textfix.Pipeline(
    select=[
        c for c, r in RULES.items() if not r.extra.get("needs_service") and c not in ("R101", "R106", "U101", "U102")
    ]
)
DIGIT_RE = regex.compile(r"\p{Nd}")
# Numbers whose reading is unambiguous, so no fix may change them (their digits, their
# separators, their decimal point):
# - an English decimal whose fraction is not three digits long (``0.25``, ``3.14159``): no
#   language groups thousands in ones, twos or fours;
# - a decimal before a magnitude word (``46.256 million``): English writes a decimal there;
# - an English grouped number (``250,000``): commas every three digits, no decimal comma
#   (that takes one or two digits after it), so only its spacing around it may change.
# Regrouping a number whose reading is a matter of evidence (``21.000 inhabitants``, ``5 000
# people``, ``8, 900 jobs``) is what the number rules are for, and stays allowed.
UNAMBIGUOUS_NUMBER_RE = regex.compile(
    r"(?<![\p{N}.,])(?:"
    r"\d+\.(?:\d{1,2}|\d{4,})"
    r"|\d{1,3}\.\d{3}(?=[ \u00a0]+(?:thousand|million|billion|trillion|bn|mn)\b)"
    r"|\d{1,3}(?:,\d{3})+"
    r")(?![\p{N}]|[.,]\p{N})"
)


def line_count(s: str) -> int:
    """Lines as files are read: a line feed, or a carriage return not before one."""
    return s.count("\n") + len(regex.findall(r"\r(?!\n)", s))


@PROFILE
@given(texts)
def test_no_fix_changes_the_line_count(text):
    n = line_count(text)
    assert line_count(DEFAULT.fix(text)) == n
    assert line_count(ALL_PIPE.fix(text)) == n
    assert line_count(ALL_PIPE.fix(text, unsafe=True)) == n


@PROFILE
@given(texts)
def test_no_fix_adds_drops_or_reorders_a_digit(text):
    digits = DIGIT_RE.findall(text)
    assert DIGIT_RE.findall(DIGIT_KEEPING.fix(text)) == digits
    assert DIGIT_RE.findall(DIGIT_KEEPING.fix(text, unsafe=True)) == digits


@PROFILE
@given(texts)
def test_no_fix_changes_a_number_whose_reading_is_unambiguous(text):
    wanted = set(UNAMBIGUOUS_NUMBER_RE.findall(text))
    for out in (DEFAULT.fix(text), ALL_PIPE.fix(text, unsafe=True)):
        # The number may lose a space before it or gain a currency sign, never its own form.
        found = set(regex.findall(r"\d[\d.,]*\d|\d", out))
        assert wanted <= found, sorted(wanted - found)


@pytest.mark.parametrize(
    "text",
    [
        "Exports reached 46.256 million tonnes and 15.841 billion yuan; 250000 and 250,000.",
        'Then call printf("done\\n"); and exit.\nNext line.',
        "First line.\\nSecond line.",
        "Products meet GB/T 13000 and cost 25,000 yuan.",
        "The region has 6, 607, 500 inhabitants and 0.25 of them.",
    ],
)
def test_invariants_on_reported_shapes(text):
    for out in (DEFAULT.fix(text), ALL_PIPE.fix(text, unsafe=True)):
        assert line_count(out) == line_count(text)
        assert set(UNAMBIGUOUS_NUMBER_RE.findall(text)) <= set(regex.findall(r"\d[\d.,]*\d|\d", out))
    assert DIGIT_RE.findall(DIGIT_KEEPING.fix(text, unsafe=True)) == DIGIT_RE.findall(text)


def test_pipeline_pickles_and_gives_same_results():
    p = textfix.default_pipeline(lang="en", ignore=["D"])
    q = pickle.loads(pickle.dumps(p))
    text = "the the $ 5 , it’ s"
    assert q.fix(text) == p.fix(text) == "the the $5, it’s"
    assert q.enabled == p.enabled


def test_non_string_is_type_error():
    import pytest

    for bad in (None, b"bytes", 5):
        with pytest.raises(TypeError):
            textfix.fix(bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            textfix.check(bad)  # type: ignore[arg-type]
