"""Every pass's trigger hides no finding, on the texts near its edge.

Triggers are narrowed for speed (the pipeline's gate skips a pass whose trigger does not
match), so each narrowing is a chance to hide a finding.  For each pass with a trigger, on its
golden cases, its rule examples, hand-made edge cases and WMT22 lines: the findings with the
trigger (skip the pass when it does not match, as the pipeline does, through the RE2 gate too)
equal the findings of calling ``check`` on every text.  The edge texts live beside each
family's cases, in corpora/<family>/trigger_edges.toml.
"""

from __future__ import annotations

import functools
import itertools
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textfix
from conftest import WMT22, need_shared
from strategies import texts
from textfix.model import Document
from textfix.passes import PASS_CLASSES
from textfix.passes.consistency import ConsistencyPass
from textfix.passes.entities import EntitiesPass
from textfix.passes.residue import _ASCII_NON_WORD_LOWER_BYTES, WORD_RE, ResiduePass, _lower_words
from textfix.rules import RULES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
# Every built-in pass with a trigger (bilingual and grammar have none: they ask per text).
PASSES = {cls.name: cls for cls in PASS_CLASSES if cls.trigger is not None}

# Texts near each trigger's edge, written for this test: corpora/<family>/trigger_edges.toml,
# beside the family's cases.  TOML holds no lone surrogate, so the few such texts stay here.
SURROGATE_EDGES = {
    "unicode": ["Ã©\ud800", "Smile \ud83d\ude00"],
}


def edges(family: str) -> list[str]:
    path = CORPORA / family / "trigger_edges.toml"
    texts = tomllib.loads(path.read_text(encoding="utf-8"))["edges"] if path.exists() else []
    return [*texts, *SURROGATE_EDGES.get(family, [])]


def test_edge_files_belong_to_passes_with_a_trigger():
    files = sorted(p.parent.name for p in CORPORA.glob("*/trigger_edges.toml"))
    assert files, "no trigger edge files found"
    for family in files:
        assert family in PASSES, f"corpora/{family}/trigger_edges.toml: no pass {family!r} with a trigger"
        assert edges(family), family
    assert sum(len(edges(f)) for f in files) > 350


def _examples(family: str) -> list[str]:
    texts: list[str] = edges(family)
    for r in RULES.values():
        if r.family == family:
            texts += [r.bad, r.good, *r.keep]
    for path in sorted((CORPORA / family).glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts += [c["input"] for c in data.get("case", [])]
    return texts


@functools.cache
def _compiled(pattern: str, flags: int) -> regex.Pattern[str]:
    return regex.compile(pattern, flags)


def _wmt22_lines(n: int) -> list[str]:
    folder = need_shared(WMT22) / "ts-hyp"
    lines: list[str] = []
    files = sorted(folder.iterdir())
    per_file = max(1, n // len(files))
    for path in files:
        with open(path, encoding="utf-8") as fh:
            lines.extend(line.rstrip("\n") for line in itertools.islice(fh, 0, 50 * per_file, 50))
    return lines


def _assert_trigger_hides_nothing(family: str, texts: list[str]) -> None:
    p = PASSES[family]()
    pipe = textfix.Pipeline(select=[r.code for r in p.rules])
    for text in texts:
        doc = Document(text, "en", frozenset(RULES))
        always = list(p.check(doc))
        gated = always if p.trigger.search(text) or (p.screen is not None and p.screen(text)) else []
        assert gated == always, (family, text)
        # A rule that declares its own gating (its branch of the trigger, its screen) admits
        # every text it has a finding on; a rule without a branch is gated by the pass's trigger.
        if any((r.trigger is not None or r.screen is not None) and r.family == p.name for r in p.rules):
            for f in always:
                r = RULES[f.code]
                branch = _compiled(r.trigger, p.trigger.flags) if r.trigger is not None else p.trigger
                assert branch.search(text) or (r.screen is not None and r.screen(text)), (family, f.code, text)
        # Through the pipeline's RE2 gate, against the pass called without any trigger.
        want = sorted((f for f in always if f.code in pipe.enabled), key=lambda f: (f.start, f.end, f.code))
        assert pipe.check(text) == want, (family, text)


@pytest.mark.parametrize("family", sorted(PASSES))
def test_trigger_hides_no_finding_on_examples(family):
    _assert_trigger_hides_nothing(family, _examples(family))


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("family", sorted(PASSES))
def test_trigger_hides_no_finding_on_wmt22(family):
    lines = _wmt22_lines(3000)
    assert len(lines) > 2000
    _assert_trigger_hides_nothing(family, lines)


def test_triggers_translate_exactly_for_the_gate():
    """An exact translation lets the RE2 gate decide alone, with no second regex search."""
    from textfix._gate import translate

    for name, cls in PASSES.items():
        p = cls()
        if p.trigger is None:
            continue
        assert translate(p.trigger)[1], name
        for r in p.rules:
            if r.trigger is not None:
                assert translate(_compiled(r.trigger, p.trigger.flags))[1], (name, r.code)


def test_loop_screen_passes_every_built_loop():
    """Loops of every period the rule knows, built inside other words, pass the screen."""
    from textfix.passes.residue import MAX_LONG, MAX_SHORT, REPETITION_LOOP, _may_loop

    pool = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron".split()
    doc_rules = frozenset(RULES)
    seen_found = 0
    for k in range(1, MAX_LONG + 1):
        for copies in (2, 3):
            phrase = [pool[j % len(pool)] + str(j // len(pool)) for j in range(k)]
            text = "The start of it . " + " ".join(phrase * copies) + " , and the end ."
            found = [f for f in ResiduePass().check(Document(text, "en", doc_rules)) if f.code == REPETITION_LOOP.code]
            if found:
                seen_found += 1
                assert _may_loop(text), (k, copies)
            if copies == 3 and k <= MAX_SHORT:
                assert found, (k, copies)  # the rule's own promise: three short copies
    assert seen_found > MAX_LONG
    # And it lets ordinary prose go, the point of having it: repeated words, no repeated run.
    assert not _may_loop("The cat sat on the mat and the dog sat on the rug, on the left.")
    assert not _may_loop("We will go to the shop, and then to the shop again, then home.")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "b",
                "c",
                "the",
                "The",
                "of",
                "x-y",
                "7",
                "it's",
                "ΣΑΣ",
                "σας",
                "İstanbul",
                "北海道",
                "naïve",
                "“card”",
            ]
        ),
        max_size=12,
    ),
    st.integers(1, 3),
    st.lists(st.sampled_from(["the", "a", "end", "b"]), max_size=6),
    st.lists(st.sampled_from(["z", "the", "a"]), max_size=6),
    st.sampled_from([" ", ", ", " - ", "\n", "|", "\t", "! ", " — ", "、"]),
)
def test_loop_screen_hides_no_built_loop(phrase, copies, before, after, sep):
    """The residue pass's extra trigger (run on every text) is False only where no loop is found:
    a phrase of mixed scripts, cases and separators, repeated inside other words."""
    from textfix.passes.residue import REPETITION_LOOP, _may_loop

    text = sep.join(before + phrase * copies + after)
    found = [f for f in ResiduePass().check(Document(text, "en", frozenset(RULES))) if f.code == REPETITION_LOOP.code]
    if found:
        assert _may_loop(text), text


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_loop_screen_words_are_as_coarse_as_the_detectors(text):
    """The screen's words are the detector's words, and equal wherever the detector's are."""
    from textfix.passes.residue import screen_words

    real = _lower_words(text)
    screen = [w.decode("ascii") if isinstance(w, bytes) else w for w in screen_words(text)]
    assert len(screen) == len(real)
    firsts: dict[str, str] = {}
    for r, w in zip(real, screen, strict=True):
        assert firsts.setdefault(r, w) == w, (r, w)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(["word", "Word", "wörd", "e\u0301", "_", "-", "’", "7", " ", "\t", ",", "x", "ΣΑΣ", "σας"]),
        max_size=12,
    )
)
def test_d102_screen_passes_every_pair(parts):
    """D102's screen (equal runs of lower-case letters) says True wherever its pattern matches."""
    from textfix.passes.doubled import CONTENT_DOUBLED_RE, _two_equal_words

    text = "".join(parts)
    if CONTENT_DOUBLED_RE.search(text):
        assert _two_equal_words(text), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_d102_screen_is_a_superset_on_any_text(text):
    from textfix.passes.doubled import CONTENT_DOUBLED_RE, _two_equal_words

    if CONTENT_DOUBLED_RE.search(text):
        assert _two_equal_words(text), text


def test_d102_screen_beyond_ascii_reads_marks_and_underscores():
    """Beyond ASCII the D102 screen reuses the loop screen's words unless a combining mark or
    ``_`` could glue onto a copy: those pairs are not two equal loop-screen words."""
    from textfix.passes.doubled import CONTENT_DOUBLED_RE, _two_equal_words

    for text in ["e\u0301word word", "“_word word”", "wörd wörd", "«word word»"]:
        assert CONTENT_DOUBLED_RE.search(text), text
        assert _two_equal_words(text), text
    assert not _two_equal_words("“one word” and “another word”")


def test_fast_word_split_equals_word_regex():
    texts = [*edges("residue"), "".join(map(chr, range(128))), "It's A co-op_1 (X)-y 'Z' 3.5", "ΣΑΣ ΟΔΟΣ.", "— «»", ""]
    for text in texts:
        assert _lower_words(text) == [w.lower() for w in WORD_RE.findall(text)], text
        if text.isascii():
            fast = text.encode("ascii").translate(_ASCII_NON_WORD_LOWER_BYTES).split()
            assert [w.decode("ascii") for w in fast] == _lower_words(text), text
    assert _lower_words("It's A-b, c_D") == ["it's", "a-b", "c_d"]


def test_narrow_triggers_skip_clean_text():
    clean = "The minister said on Tuesday that the talks in Berlin would go on."
    assert EntitiesPass().trigger.search(clean) is None
    assert ConsistencyPass().trigger.search("The Chancellor said these cases were closed.") is None


def test_ise_hint_agrees_with_the_regex():
    from textfix.passes.consistency import ISE_HINT, _has_ise_stem

    for text in ["organise", "ORGANIZE", "organiſe", "recogni\u017fed", "nothing", "organ ise", "x\ud800organise"]:
        assert _has_ise_stem(text) == (ISE_HINT.search(text) is not None), text
    assert _has_ise_stem("they recognised it") and not _has_ise_stem("they saw it")


# Patterns for "the word before this place", now searched backwards from the place (``(?r)``
# with pos and endpos) instead of forwards over a slice: the forward patterns they replaced,
# and the width of the slice each call site reads.
_BACKWARD_SEARCHES = [
    ("spacing", "_WORD_AT_END_RE", r"\p{L}+$", 30),
    ("entities", "WORD_BEFORE_RE", r"(\p{L}+)[ \t]+$", 20),
    ("entities", "CAPITALIZED_BEFORE_RE", r"(\p{Lu}[\p{L}\p{M}]*)[ \t]+$", 40),
    ("consistency", "WORD_BEFORE_RE", r"(\S+)[ \t]+$", 40),
    ("consistency", "STREET_BEFORE_RE", r"\p{Lu}\p{Ll}+[ \t]+$", 30),
]


@pytest.mark.parametrize(("module", "name", "forward", "width"), _BACKWARD_SEARCHES)
@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(
            ["Word", "word", "ab", "A", "É", "e\u0301", "Σ", " ", "\t", "\n", "  ", ".", "7", "’", "x-y", "中"]
        ),
        max_size=14,
    ),
    cut=st.integers(0, 60),
)
def test_backward_word_search_equals_the_forward_slice_search(module, name, forward, width, parts, cut):
    import importlib

    text = "".join(parts)
    s = min(cut, len(text))
    backward = getattr(importlib.import_module(f"textfix.passes.{module}"), name)
    old = regex.compile(forward).search(text[max(0, s - width) : s])
    new = backward.search(text, max(0, s - width), s)
    assert (old is None) == (new is None), (text, s)
    if old is not None and new is not None:
        lo = max(0, s - width)
        assert (old.start() + lo, old.end() + lo) == new.span(), (text, s)
        assert old.groups() == new.groups(), (text, s)
