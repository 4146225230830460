"""The public API contract and the edit engine."""

from __future__ import annotations

import pytest

import textfix
from textfix import Edit, apply_edits, replay
from textfix.pipeline import _OffsetMap


def test_public_names():
    for name in ("fix", "check", "fix_and_explain", "Pipeline", "default_pipeline", "Finding", "Edit"):
        assert hasattr(textfix, name)


def test_fix_check_signatures():
    assert textfix.fix("a $ 5 , b", select=["S105"]) == "a $5 , b"
    assert textfix.fix("a $ 5 , b", ignore=["S105"]) == "a $ 5, b"
    assert textfix.fix("a $ 5 , b", ignore="S105") == "a $ 5, b"
    f = textfix.check("x\ny $ 5")[0]
    assert (f.code, f.line, f.column, f.start, f.end) == ("S105", 2, 3, 4, 6)
    assert f.pass_name == "spacing" and f.severity is textfix.Severity.WARNING


def test_apply_edits_and_overlap():
    assert apply_edits("abcdef", [Edit(4, 5, "E"), Edit(0, 1, "")]) == "bcdEf"
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit(0, 2, ""), Edit(1, 3, "")])
    assert Edit(2, 2, "x").overlaps(Edit(2, 2, "y"))
    assert not Edit(0, 2, "").overlaps(Edit(2, 3, ""))


def test_offset_map_back_to_original():
    m = _OffsetMap()
    # "a  b , c" -> "a b, c": delete one space at 1, delete space at 4
    m.add([Edit(1, 2, ""), Edit(4, 5, "")])
    assert m.to_original(2, is_end=False) == 3  # 'b'
    assert m.to_original(3, is_end=False) == 5  # ','
    m.add([Edit(0, 1, "AA")])
    assert m.to_original(4, is_end=False) == 5


def test_findings_against_original_offsets_after_earlier_passes():
    text = "Face\u200bbook , cafÃ© $ 5"
    out, log = textfix.fix_and_explain(text)
    assert out == "Facebook, café $5"
    assert replay(text, log) == out
    for c in log:
        assert text[c.orig_start : c.orig_end] == c.old or c.code == "U101"
    dollar = next(c for c in log if c.code == "S105")
    assert text[dollar.orig_start : dollar.orig_end] == " " and text[dollar.orig_start - 1] == "$"


def test_fix_converges_on_interacting_rules():
    # S101 fixes " ," then S102 would see nothing: one pass of each is enough, and a second
    # fix changes nothing.
    text = "prices rose sharply ,while wages fell ;others"
    out = textfix.fix(text, unsafe=True)  # before a semicolon the repair is unsafe
    assert out == "prices rose sharply, while wages fell; others"
    assert textfix.fix(out, unsafe=True) == out


def test_lang_switches_rules():
    assert textfix.fix("Quoi ? 5 %", lang="fr") == "Quoi ? 5 %"
    assert textfix.fix("What ? 5 %", unsafe=True) == "What? 5%"


def test_pipeline_with_custom_passes():
    from textfix.passes.spacing import SpacingPass

    p = textfix.Pipeline([SpacingPass()])
    assert p.fix("the the $ 5") == "the the $5"


def test_fix_reruns_only_the_passes_that_saw_an_older_text():
    """After a round that changed the text, the next round reruns the passes that ran before
    the change (they saw an older text) and skips those that already ran on the final text:
    passes are deterministic, so they would find the same again."""
    import regex as _regex

    from textfix.model import Edit, Pass
    from textfix.rules import RULES

    calls: list[tuple[str, str]] = []

    class Upper(Pass):
        name = "upper"
        rules = (RULES["S101"],)
        trigger = _regex.compile("[xX]")

        def check(self, doc):
            calls.append(("upper", doc.text))
            i = doc.text.find("x")
            if i >= 0:
                yield doc.finding(RULES["S101"], i, i + 1, edits=[Edit(i, i + 1, "X")])

    class Watch(Pass):
        name = "watch"
        rules = (RULES["S102"],)
        trigger = _regex.compile("[xX]")

        def check(self, doc):
            calls.append(("watch", doc.text))
            return iter(())

    pipe = textfix.Pipeline([Upper(), Watch()], select=["S101", "S102"])
    assert pipe.fix("a x b") == "a X b"
    # Round 1: upper changes the text, watch sees the new one.  Round 2: upper saw the old
    # text, so it runs again (and changes nothing); watch already saw "a X b": skipped.
    assert calls == [("upper", "a x b"), ("watch", "a X b"), ("upper", "a X b")]
