"""The consistency pass (C1xx): majority spelling inside one document."""

from __future__ import annotations

import textfix
from conftest import SEED, need_shared
from textfix.model import Applicability, Severity

C = textfix.Pipeline(select=["C"])


def test_seed_reports_mr_dot_and_us_dotted():
    seed = need_shared(SEED).read_text(encoding="utf-8")
    found = [(f.code, seed[f.start : f.end]) for f in C.check(seed)]
    assert found == [("C101", "Mr."), ("C102", "U.S.")]
    for f in C.check(seed):
        assert f.severity is Severity.INFO
        assert f.applicability is Applicability.UNSAFE


def test_seed_unsafe_fix_repairs_both_and_keeps_the_rest():
    seed = need_shared(SEED).read_text(encoding="utf-8")
    out = C.fix(seed, unsafe=True)
    assert "but Mr Xi has not yet spoken to Ukrainian President" in out
    assert "Mr." not in out
    assert "US officials said this was the case" in out
    assert "U.S." not in out
    # co-operation once, cooperation once: a tie changes nothing.
    assert "Economic and trade co-operation between" in out
    assert "bilateral pragmatic cooperation" in out
    assert "criticizing the West" in out
    # Plain fix applies no unsafe fix.
    assert C.fix(seed) == seed


def test_tie_changes_nothing():
    for text in ("Mr. Xi and Mr Putin.", "U.S. and US.", "co-operation and cooperation", "organise, organize"):
        assert C.check(text) == []


def test_a_single_form_is_never_reported():
    assert C.check("Mr. Xi, Mr. Li and Mr. Wang.") == []
    assert C.check("US troops, US ships.") == []


def test_sentence_final_abbreviation_keeps_its_full_stop():
    assert C.fix("They left the U.S. Then US and US firms followed.", unsafe=True) == (
        "They left the US. Then US and US firms followed."
    )
    assert C.fix("They left the US. Then U.S. and U.S. firms followed.", unsafe=True) == (
        "They left the U.S. Then U.S. and U.S. firms followed."
    )
    assert C.fix("The U.S. President and US and US firms.", unsafe=True) == "The US President and US and US firms."


def test_us_lookalikes_are_not_counted():
    text = "Tell us: the USA, USSR, US$5 and U.S.A. and the US and the U.S."
    assert C.check(text) == []


def test_fix_is_idempotent_on_mixed_text():
    text = (
        "Mr. A met Mr B and Mr C. U.S. and US and US. co-operate, cooperate, cooperate. organise, organize, organize."
    )
    once = C.fix(text, unsafe=True)
    assert (
        once
        == "Mr A met Mr B and Mr C. US and US and US. cooperate, cooperate, cooperate. organize, organize, organize."
    )
    assert C.fix(once, unsafe=True) == once


def test_case_of_ise_words_is_kept():
    assert C.fix("ORGANISED crime; they organized and organized.", unsafe=True) == (
        "ORGANIZED crime; they organized and organized."
    )


def test_name_clusters_come_from_the_gazetteer():
    from textfix.passes.consistency import name_clusters

    _, cluster_of = name_clusters()
    assert cluster_of["Zelensky"] == cluster_of["Zelenskyy"] == cluster_of["Zelenskiy"]
    assert cluster_of["Lukashenko"] == cluster_of["Lukashenka"]
    assert cluster_of["Zelensky"] != cluster_of["Lukashenko"]
    assert "Jokowi" not in cluster_of  # a nickname, not a spelling of Widodo


def test_abbreviation_full_stop_before_a_closing_quote_still_ends_the_sentence():
    # Regression: the full stop of a quoted sentence-final U.S. was dropped.
    text = 'He said: "We live in the U.S." He left. The US and the US.'
    assert C.fix(text, unsafe=True) == 'He said: "We live in the US." He left. The US and the US.'


def test_a_capitalized_sentence_start_after_us_is_not_taken_for_a_title():
    # Regression: "Officials" was in the noun-adjunct list, so the sentence's full stop was lost.
    text = "Sanctions hurt the U.S. Officials said US and US firms left."
    assert C.fix(text, unsafe=True) == "Sanctions hurt the US. Officials said US and US firms left."
    assert C.fix("the U.N. Security Council and the UN and the UN", unsafe=True) == (
        "the UN Security Council and the UN and the UN"
    )


def test_trigger_covers_words_glued_to_underscores_or_marks():
    # Regression: the -ise/-ize and co- patterns accepted a following "_" or combining mark
    # where the trigger's \b did not, so the trigger could hide a finding.
    from textfix.model import Document
    from textfix.passes.consistency import ConsistencyPass
    from textfix.rules import RULES

    p = ConsistencyPass()
    for text in ("organise_ organize_ organize_", "organise\u0301 organize\u0301 organize\u0301"):
        found = list(p.check(Document(text, "en", frozenset(RULES))))
        assert found == [] or p.trigger.search(text)


def test_trigger_skips_a_text_that_uses_one_style_throughout():
    from textfix._gate import translate
    from textfix.passes.consistency import ConsistencyPass

    trigger = ConsistencyPass().trigger
    assert translate(trigger)[1]
    for one_style in [
        "Mr. Xi met Mr. Li.",
        "The US and UNESCO",
        "US and UK",
        "cooperation and coordination",
        "they organized it",
        "Zelensky spoke.",
    ]:
        assert trigger.search(one_style) is None, one_style
        assert C.check(one_style) == []
    for mixed in ["Mr. Xi met Mr Li.", "U.S. and US", "co-operation", "organised", "Zelenskyy"]:
        assert trigger.search(mixed), mixed
