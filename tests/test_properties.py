"""Invariants checked with hypothesis over random Unicode and MT-like text."""

from __future__ import annotations

import itertools
import pickle

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
        if p.trigger is None or p.trigger.search(text) or p.extra_trigger(text):
            continue
        if any(r.extra.get("needs_service") for r in p.rules):
            continue
        assert list(p.check(doc)) == [], cls.name


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
