"""The brackets pass: pairing, repairs, reports and what it leaves alone."""

from __future__ import annotations

import pytest

import textfix
from conftest import WMT22, need_shared
from textfix.passes.brackets import BracketsPass

B = textfix.Pipeline(select=["B"])


def codes(text: str) -> list[str]:
    return [f.code for f in B.check(text)]


def test_space_inside_pairs_only():
    assert B.fix("the ( Social Democrats ) won") == "the (Social Democrats) won"
    # A lone bracket has no known partner: its spaces are not ours to move.
    assert B.fix("the ( Social Democrats won") == "the ( Social Democrats won"


def test_nested_and_mixed_brackets_pair_by_kind():
    assert B.fix("a [ see ( b ) ] c") == "a [see (b)] c"
    assert codes("a (b [c) d]") == ["B101", "B101"]  # crossed pairs: the inner ones are lone


def test_unmatched_is_reported_with_position():
    (f,) = B.check("first line\nThe party (founded in 1990 won.")
    assert (f.code, f.line, f.column) == ("B101", 2, 11)
    assert f.edits == ()


def test_parenthesis_may_close_on_the_next_line():
    assert codes("so (or was it...\nstraws?).\nnext") == []
    # ... but not two lines later.
    assert codes("so (or was it...\nplates?\nstraws?).") == ["B101", "B101"]


def test_emoticons_list_markers_and_code_are_left_alone():
    for text in ("thanks :)", "see you )))", "sad (", "so good )", "1) a 2) b", "f() and a[i]", "if ( x == 1 ) {"):
        assert B.check(text) == [], text


def test_cjk_brackets_only_around_latin_text():
    assert B.fix("【Limited Quantity】 coats") == "[Limited Quantity] coats"
    assert B.fix("〔Note〕 text") == "[Note] text"
    assert B.fix("【公式】 store") == "【公式】 store"


def test_fullwidth_parentheses_are_the_unicode_pass_not_ours():
    assert B.check("sales（in May）rose") == []
    assert textfix.fix("sales（in May）rose") == "sales (in May) rose"


def test_empty_brackets_reported_and_removed_only_when_unsafe():
    text = "The new store () opens."
    assert codes(text) == ["B104"]
    assert B.fix(text) == text
    assert B.fix(text, unsafe=True) == "The new store opens."
    assert B.fix("() at the start", unsafe=True) == "at the start"


def test_missing_opening_bracket_is_unsafe():
    text = "Official] New online store"
    assert B.fix(text) == text
    assert B.fix(text, unsafe=True) == "[Official] New online store"
    assert codes("x] = 5") == ["B101"]


def test_garbled_insertion_after_closing_quote():
    text = "“We back security.” [and] closer coordination between us.”"
    assert codes(text) == ["B105"]
    assert codes("“We back security.” [Reuters] Markets rose.") == []
    assert codes("“We back it [the plan] fully.”") == []


def test_garbled_insertion_models_quotations_only_where_it_can_fire(monkeypatch):
    """B105 fires on a "[" after a closing double mark that follows a full stop or a comma;
    a quote mark without one before the "[" cannot give a finding, so no quotation model of
    the text is built for it (in a file, a model of every line)."""
    from textfix import quotes_model

    built = []
    real = quotes_model.QuoteModel.build
    monkeypatch.setattr(quotes_model.QuoteModel, "build", lambda *a, **k: built.append(1) or real(*a, **k))
    brackets_only = textfix.Pipeline([BracketsPass()], select=["B105"])
    lines = 'He said "yes" [sic] and left.\nThe “plan” [the new one] works.\n' * 50
    assert brackets_only.check(lines) == []
    assert built == []
    assert [f.code for f in brackets_only.check(lines + "“We back security.” [and] closer ties.”\n")] == ["B105"]
    assert built == [1]


def test_brackets_in_urls_are_not_reported():
    assert codes("see (www.example.de) and https://en.wikipedia.org/wiki/A_(b) now") == []


def test_regression_parenthesis_closing_inside_a_bare_url():
    # de-fr ref A:1424: the ) after www.palast-orchester.de was taken for part of the URL.
    assert codes("et de ses musiciens (www.palast-orchester.de).") == []


PLAIN_EDGES = [
    "a (b) c",
    "a ( b) c",
    "a (b ) c",
    "a () c",
    "a [] c",
    "a ( ) c",
    "(a)(b)",
    "[a] b",
    "a] b",
    "Official] New",
    "“x.” [and] more.”",
    '"x." [and] more',
    "“x.”[and] more",
    "a\u00a0(b\u00a0) c",
    "a (b\t) c",
    "【A】 b",
    "〔A〕",
    "{a}",
    "(a\n)b",
    "(or was it\nStraws?).",
    "f(x)",
    "thanks :)",
    "1) a, 2) b",
    "(a [b] c)",
    "a (b c",
    "a b) c",
    "(a) [b] (c d) e",
    "x (y",
    ") x (",
    "a (b) c\nd [e] f",
    "(x)",
    "[x]",
    "(",
    "",
    "no brackets here",
    "(a]",
    "[a)",
    "(a)\n",
    "(a)\n(b",
    "(a)\n)b",
    "a\n(b)\nc",
    "\n)",
    "(\n",
    "x\n[ y]",
    "“x.” \n[and] y",
    "“x.” [and]\nmore”",
    "x (y) “z.” [and] w”",
]


def _found(text: str, lang: str = "en") -> list[tuple[str, int, int, tuple]]:
    from textfix.model import Document
    from textfix.passes.brackets import BracketsPass
    from textfix.rules import RULES

    doc = Document(text, lang, frozenset(RULES))
    return [(f.code, f.start, f.end, f.edits) for f in BracketsPass().check(doc)]


@pytest.mark.parametrize("lang", ["en", "de", "fr"])
def test_trigger_skips_nothing_with_a_finding(lang):
    from textfix.passes.brackets import TRIGGER
    from textfix.rules import RULES

    texts = PLAIN_EDGES + [t for r in RULES.values() if r.family == "brackets" for t in (r.bad, r.good, *r.keep)]
    for t in texts:
        if TRIGGER.search(t) is None:
            assert _found(t, lang) == [], t


def test_trigger_skips_lines_of_plain_pairs():
    from textfix.passes.brackets import TRIGGER

    for t in ["The party (founded in 1990) won [sic] the vote (again).", "no brackets", "a (b)\n[c] d", "f(x)"]:
        assert TRIGGER.search(t) is None, t
    for t in [
        "the ( Social Democrats) won",  # B102
        "the (Social Democrats ) won",
        "The party (founded in 1990 won",  # B101
        "founded in 1990) won",
        "a (b) c)",
        "a (b [c] d)",  # nested: paired by the pass, not by the trigger
        "a (b] c",
        "a () c",  # B104
        "【Limited】 offers",  # B103
        "{a}",
        "a “quote.” [and] more”",  # B105 needs the quotation model
        "(or was it\nStraws?).",  # a pair over two lines
    ]:
        assert TRIGGER.search(t) is not None, t


@pytest.mark.shared
@pytest.mark.slow
def test_trigger_skips_nothing_with_a_finding_on_wmt22():
    from textfix.passes import brackets

    folder = need_shared(WMT22) / "ts-hyp"
    lines = [
        line
        for path in sorted(folder.iterdir())
        for line in path.read_text(encoding="utf-8").splitlines()[::5]
        if brackets.BRACKET_RE.search(line)
    ]
    assert len(lines) > 3000
    skipped = [t for t in lines if brackets.TRIGGER.search(t) is None]
    assert len(skipped) > len(lines) / 2  # most brackets in MT output are plain pairs
    assert [t for t in skipped if _found(t)] == []
