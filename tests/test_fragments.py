"""The fragments pass (F101): a dash that joins two parts of a broken clause."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from conftest import SEED, need_shared
from textfix.model import Severity
from textfix.passes.fragments import RUN_ON_STARTERS

F = textfix.Pipeline(select=["F"])


def test_information_without_a_fix():
    text = "It influences what – in their decisions."
    [f] = F.check(text)
    assert (f.code, f.severity, f.edits, f.applicability) == ("F101", Severity.INFO, (), None)
    assert text[f.start : f.end] == "what – "
    assert F.fix(text, unsafe=True) == text


def test_parenthetical_pairs_are_not_flagged_whichever_dash():
    for dash in ("–", "—", "-", "--"):
        text = f"The talks {dash} which lasted the whole night {dash} ended late."
        assert F.check(text) == [], dash
        text = f"It was one of the {dash} if not the {dash} best games."
        assert F.check(text) == [], dash


def test_second_dash_in_another_sentence_does_not_pair():
    text = "It influences what – in their decisions. The talks – long ones – ended."
    assert [f.code for f in F.check(text)] == ["F101"]


def test_seed_article():
    text = need_shared(SEED).read_text(encoding="utf-8")
    [f] = F.check(text)
    assert text[f.start : f.end] == "what – "
    assert text[f.start - 22 : f.end + 18] == "so that it influences what – in their decisions"
    assert F.fix(text, unsafe=True) == text


def test_seed_article_with_all_issue_4b_families():
    """Pronouns, calques, boilerplate and fragments together: exactly the four repairs."""
    text = need_shared(SEED).read_text(encoding="utf-8")
    p = textfix.Pipeline(select=["P", "T", "W", "F"])
    codes = sorted(f.code for f in p.check(text))
    assert codes == ["F101", "P101", "T101", "T101", "W101"]
    footer = (
        " Our Morning and Afternoon Newsletters are compiled by Globe editors, giving you a brief "
        "overview of the day’s most important headlines. Register today."
    )
    assert text.endswith(footer)
    expected = (
        text[: -len(footer)]
        .replace("Xi said in a telephone interview.", "Xi said in a telephone call.")
        .replace("according to a reading of the call released", "according to a readout of the call released")
        .replace("the support that he also needed", "the support that it also needed")
    )
    assert expected != text[: -len(footer)]
    assert p.fix(text, unsafe=True) == expected
    assert p.fix(text) == text


def test_trigger_is_exact_for_the_gate():
    from textfix._gate import translate
    from textfix.passes.fragments import TRIGGER

    assert translate(TRIGGER)[1]  # no regex search to confirm each gate hit
    assert TRIGGER.search("influences what – in their")
    assert TRIGGER.search("influences WHAT - Über")
    assert TRIGGER.search("somewhat – in their") is None
    assert TRIGGER.search("what – 5 of them") is None
    # F102's branch is case-sensitive inside an IGNORECASE-free trigger: a capitalised
    # starter after a lower-case word, and nothing for the same words in lower case.
    assert TRIGGER.search("earlier We combine")
    assert TRIGGER.search("earlier we combine") is None


# --- F102 run-on sentence (issue 22) ---------------------------------------------------------


def test_run_on_is_reported_without_a_fix():
    text = "This is the shadow I showed earlier We combine every image into one."
    found = textfix.Pipeline(select=["F102"]).check(text)
    assert [(f.code, text[f.start : f.end]) for f in found] == [("F102", "earlier We")]
    assert not found[0].edits and found[0].severity is Severity.INFO
    assert textfix.Pipeline(select=["F102"]).fix(text, unsafe=True) == text


def test_run_on_is_english_only():
    text = "This is the shadow I showed earlier We combine every image into one."
    assert textfix.Pipeline(lang="de", select=["F102"]).check(text) == []


def test_run_on_and_broken_clause_are_independent():
    # F101 alone must not be hidden by F102's early work, nor F102 by F101's gate.
    text = "It influences what – in their decisions, the shadow I drew We combine."
    codes = sorted(f.code for f in textfix.Pipeline(select=["F"]).check(text))
    assert codes == ["F101", "F102"]


# F102's pattern as one ``regex`` search, which run_on_matches replaced (issue 15).
_RUN_ON_REFERENCE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}'’\-@#/.])(?P<prev>\p{{Ll}}{{2,}})[ \t]+(?P<cap>{RUN_ON_STARTERS})[ \t]+(?=\p{{Ll}})"
)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "word",
                "ab",
                "x",
                "The",
                "These",
                "A",
                "An",
                "However",
                "It",
                "he",
                "Abc",
                "é",
                "ßa",
                "7",
                "'",
                "’",
                "-",
                "@",
                ".",
                "/",
                " ",
                "  ",
                "\t",
                "\n",
                "ʰ",
                "ª",
                "Ünï",
            ]
        ),
        max_size=16,
    )
)
def test_run_on_matches_are_the_single_pattern_matches(parts):
    from textfix.passes.fragments import run_on_matches

    text = "".join(parts)
    expected = [
        (m.start(), m.group("prev"), m.group("cap"), m.end("cap"), m.end()) for m in _RUN_ON_REFERENCE.finditer(text)
    ]
    assert list(run_on_matches(text)) == expected, text


def test_run_on_matches_by_hand():
    from textfix.passes.fragments import run_on_matches

    assert list(run_on_matches("the talks ended The minister left")) == [(10, "ended", "The", 19, 20)]
    # The word before must be all lower case, and stand alone: not after a capital, a digit or a dot.
    assert list(run_on_matches("eBay The minister, 3rd The man, x.ab The man, a/bc The man")) == []
    assert list(run_on_matches("ended The The man")) == []  # the next word must be lower case
