"""The unicode pass's trigger narrows mojibake to what ftfy itself would repair."""

from __future__ import annotations

import itertools
import random

import ftfy
import ftfy.badness
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import Pipeline
from textfix.model import Document
from textfix.passes.unicode import FTFY_CONFIG, MOJIBAKE_RE, TRIGGER, UnicodePass
from textfix.rules import RULES


def _mojibake_alphabet() -> list[str]:
    """Every character of ftfy's mojibake categories, plus the others its test names."""
    classes = regex.compile("[" + "".join(ftfy.badness.MOJIBAKE_CATEGORIES.values()) + "]")
    chars = {chr(c) for c in range(0x3000) if classes.match(chr(c))}
    chars |= set(ftfy.badness.BADNESS_RE.pattern) - {"\n"}
    chars |= set("azAZ_1 .,?!\t\x1c\x1f\xa0")
    return sorted(chars)


def test_mojibake_superset_matches_wherever_ftfy_sees_mojibake():
    alphabet = _mojibake_alphabet()
    assert len(alphabet) > 400
    rnd = random.Random(9)
    texts = ["".join(pair) for pair in itertools.product(alphabet, repeat=2)]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(3, 6))) for _ in range(30000)]
    bad = [t for t in texts if ftfy.badness.is_bad(t)]
    assert len(bad) > 10000
    assert [t for t in bad if not MOJIBAKE_RE.search(t)] == []


def test_the_gate_decides_alone_and_agrees_on_mojibake():
    pipe = Pipeline(select=["U"])
    assert pipe.gating["unicode"] == "re2"
    for text in ["Ã ", "xÃ y", "Ã\xa0la", "Œ!", "a\x1cÃ b", "вЂ”", "Ð¿Ñ€Ð¸", "The cafÃ© â€œopenâ€\x9d"]:
        assert TRIGGER.search(text), text
        direct = list(UnicodePass().check(Document(text, "en", frozenset(RULES))))
        assert pipe.check(text) == sorted(direct, key=lambda f: (f.start, f.end, f.code)), text
    assert [f.code for f in pipe.check("The cafÃ© owners")] == ["U101"]


def test_accented_names_skip_the_pass():
    for text in ["Zürich, São Paulo, Łódź and Ærøskøbing.", "The café’s “naïve” façade — résumé…", "Œuvre"]:
        assert TRIGGER.search(text) is None, text
        assert ftfy.fix_text(text, FTFY_CONFIG) == text


def test_ftfy_repairs_only_what_its_test_flags():
    # The reason the narrowing is exact: ftfy leaves a line its test does not flag alone.
    assert ftfy.fix_text("cafÃ© owners", FTFY_CONFIG) == "café owners"
    assert MOJIBAKE_RE.search("cafÃ© owners")
    assert not ftfy.badness.is_bad("Ça va, Zoë") and ftfy.fix_text("Ça va, Zoë", FTFY_CONFIG) == "Ça va, Zoë"


def test_an_ftfy_with_another_test_falls_back_to_the_wide_hint(monkeypatch):
    """An ftfy release whose mojibake test is shaped otherwise must not break the import."""
    import re

    import ftfy.badness

    from textfix.passes import unicode as unicode_pass

    monkeypatch.setattr(ftfy.badness, "BADNESS_RE", re.compile("[ÃÂ][\x80-\xbf]"))
    assert unicode_pass._badness_superset() == unicode_pass.MOJIBAKE_HINT_RE.pattern


def test_zero_width_context_stops_at_a_line_break():
    """Regression (the many-lines gate property): the pass is line-local, but a zero-width
    space at the end of a line took the Chinese of the next line for its context, so the pass
    on the whole text and on each line disagreed."""
    text = "\n\u200b\n⺀"
    whole = [f.code for f in UnicodePass().check(Document(text, "en", frozenset(RULES)))]
    assert whole.count("U104") == 1
    assert [f.code for f in UnicodePass().check(Document("ภาษา\u200bไทย", "en", frozenset(RULES)))] == []


# Latin and Cyrillic letters, a combining mark, and characters next to or inside the hint's
# ranges that are no word characters (× and ÷ lie in its Latin range).
_MIXED_ALPHABET = "aexéAбдеЖ\u0301×÷ 1-"


@given(st.text(alphabet=_MIXED_ALPHABET, max_size=60))
@settings(max_examples=500, deadline=None)
def test_hinted_words_are_the_words_holding_a_hint(text):
    """The mixed-script check reads the words around each hint (issue 15: a 4 MB line with
    one Cyrillic letter was read word by word); it must find every word the full scan does."""
    from textfix.passes.unicode import MIXED_HINT_RE, MIXED_WORD_RE, _hinted_words

    def hinted(words):
        return [m.span() for m in words if MIXED_HINT_RE.search(m.group())]

    assert hinted(_hinted_words(text)) == hinted(MIXED_WORD_RE.finditer(text))


def test_hinted_words_on_a_long_line_with_one_hint():
    from textfix.passes.unicode import _hinted_words

    text = "plain words " * 1000 + "Мoscow" + " more words" * 1000
    assert [m.group() for m in _hinted_words(text)] == ["Мoscow"]


def test_zero_width_in_thai_kept_in_a_text_dense_with_zero_width_marks():
    """Past a few dense marks the pass asks the whole text once whether any script keeps a
    zero-width character; the Thai one must still be kept, every Latin one reported."""
    text = "a\u200b" * 40 + " word ภาษา\u200bไทย"
    zw = [f.start for f in Pipeline().check(text) if f.code == "U104"]
    assert zw == [2 * k + 1 for k in range(40)]
    # With no script or emoji anywhere, a joiner is still judged by its neighbours: noise
    # between two Latin letters, kept between digits.
    text = "a\u200b" * 40 + " x\u200dy 5\u200d5"
    zw = [f.start for f in Pipeline().check(text) if f.code == "U104"]
    assert zw == [*(2 * k + 1 for k in range(40)), 82]
