"""The quotation model and the quotes pass: the seed article, roles, properties, real data."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textfix
from conftest import SEED, WMT22, need_shared
from strategies import texts
from textfix.cli import main
from textfix.quotes_model import QuoteModel, Role

Q = textfix.Pipeline(select=["Q"])
QB = textfix.Pipeline(select=["Q", "B"])

# The seed's two misdirected closing quotes and the quotation closed too early around [and],
# spelled out by hand from the issue.
SEED_ATTACK = ("the price for the attack. “ With files", "the price for the attack.” With files")
SEED_COUNTRIES = ("between the two countries “. Given", "between the two countries.” Given")
SEED_AND = (
    "sovereignty and security.” [and] intensification",
    "sovereignty and security [and] intensification",
)


def roles(text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(m.char, m.role.value) for m in QuoteModel.build(text, lang).marks]


# -- the seed article -------------------------------------------------------------------------


def _seed_expected(*subs: tuple[str, str]) -> tuple[str, str]:
    seed = need_shared(SEED).read_text(encoding="utf-8")
    expected = seed
    for old, new in subs:
        assert seed.count(old) == 1, old
        expected = expected.replace(old, new)
    return seed, expected


def _cli_fix(path: Path, *flags: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["fix", "--isolated", "--select", "Q,B", *flags, str(path)], out, err) == 0, err.getvalue()
    return out.getvalue()


def test_seed_fix_repairs_the_two_misdirected_quotes_only(tmp_path):
    seed, expected = _seed_expected(SEED_ATTACK, SEED_COUNTRIES)
    p = tmp_path / "seed.txt"
    p.write_text(seed, encoding="utf-8")
    assert _cli_fix(p) == expected
    assert QB.fix(seed) == expected


def test_seed_unsafe_fix_also_merges_the_quotation_around_and(tmp_path):
    seed, expected = _seed_expected(SEED_ATTACK, SEED_COUNTRIES, SEED_AND)
    assert (
        "sovereignty and security [and] intensification of strategic coordination between the two countries.”"
        in expected
    )
    p = tmp_path / "seed.txt"
    p.write_text(seed, encoding="utf-8")
    assert _cli_fix(p, "--unsafe-fixes") == expected
    assert QB.fix(seed, unsafe=True) == expected


def test_seed_default_pipeline_keeps_every_correct_quote():
    """Whatever the other passes do, the quote marks come out as the quotes pass alone leaves them."""
    seed, expected = _seed_expected(SEED_ATTACK, SEED_COUNTRIES)
    marks = regex.compile(r"[“”‘’\"']")
    assert marks.findall(textfix.fix(seed)) == marks.findall(expected)


def test_seed_findings_are_where_the_issue_says():
    seed = need_shared(SEED).read_text(encoding="utf-8")
    found = {(f.code, seed[f.start : f.end]) for f in Q.check(seed)}
    assert ("Q101", "“") in found
    assert ("Q104", " “.") in found
    assert ("Q110", ".” [and] intensification of strategic coordination between the two countries “") in found
    # Every other quote of the seed is right: the findings sit at three places only.
    places = {seed.rfind(".", 0, f.start + 1) for f in Q.check(seed)}
    assert len(places) <= 3


# -- the model ---------------------------------------------------------------------------------


def test_apostrophes_elisions_and_primes():
    assert roles("don’t, ’90s, students’ books, O’Brien, rock ’n’ roll") == [
        ("’", "apostrophe"),
        ("’", "apostrophe"),
        ("’", "apostrophe"),
        ("’", "apostrophe"),
        ("’", "apostrophe"),
        ("’", "apostrophe"),
    ]
    assert roles("He is 5' 10\" tall.") == [("'", "prime"), ('"', "prime")]


def test_single_quotation_beside_apostrophes():
    m = QuoteModel.build("He said ‘the students’ books’ were lost, didn’t he?")
    got = [(x.char, x.role) for x in m.marks]
    assert got[0] == ("‘", Role.OPEN)
    assert got[1] == ("’", Role.CLOSE)  # pairs with the open ‘ first
    assert m.marks[0].partner == 1
    assert got[-1] == ("’", Role.APOSTROPHE)


def test_quotation_spanning_lines_is_one_quotation():
    text = "“We will win.\nThe season is long,“ he said."
    m = QuoteModel.build(text)
    assert [x.role for x in m.marks] == [Role.OPEN, Role.CLOSE]
    assert m.marks[0].partner == 1 and m.quotations[0].whole_sentence
    assert Q.fix(text) == "“We will win.\nThe season is long,” he said."


def test_multi_paragraph_convention_is_not_unpaired():
    text = "“First paragraph, left open.\n“Second paragraph, closed.”"
    m = QuoteModel.build(text)
    assert m.marks[0].continued and m.marks[1].reopens
    assert list(m.unpaired()) == []
    assert Q.check(text) == []


def test_stale_open_quote_stops_carrying_after_a_few_lines():
    text = "He said “that\n" + "plain line\n" * 8 + "the end. “ Next"
    m = QuoteModel.build(text)
    assert m.marks[-1].role is Role.OPEN  # not a closer for the opener eight lines up


def test_nested_and_mixed_kinds():
    m = QuoteModel.build("“He told me, ‘Wait here,’ and left,” she said.")
    assert [x.role for x in m.marks] == [Role.OPEN, Role.OPEN, Role.CLOSE, Role.CLOSE]
    assert (m.marks[0].partner, m.marks[1].partner) == (3, 2)


def test_quotes_in_urls_and_code_are_not_marks():
    assert roles('see https://x.org/?q="a" and `s = "b"` here') == []


def test_document_style_for_whole_sentence_quotations():
    inside = QuoteModel.build("“It grew.” Then “it fell.”")
    outside = QuoteModel.build("“It grew”. And “it fell”. “Yes”.")
    assert inside.punct_inside and not outside.punct_inside


def test_german_and_french_styles_give_no_findings():
    de = textfix.Pipeline(lang="de", select=["Q"])
    fr = textfix.Pipeline(lang="fr", select=["Q"])
    assert de.check("Er sagte: „Das ist ‚gut‘.“ Und »so« weiter, geht’s?") == []
    assert fr.check("Il a dit : « C’est “bon” », puis il est parti.") == []
    # English style is what gets reported there.
    assert [f.code for f in de.check("Er sagte “gut” dazu.")] == ["Q105"]


def test_cut_quotation_is_reported_not_guessed():
    text = "The report was cut: “The reforms will take years and"
    assert [f.code for f in Q.check(text)] == ["Q109"]
    assert Q.fix(text, unsafe=True) == text


def test_unpaired_report_carries_position():
    (f,) = Q.check("Line one.\nHe said “maybe.")
    assert (f.code, f.line, f.column) == ("Q109", 2, 9)


def test_doubled_quotes_in_a_whole_line():
    text = 'Mr. Sato: ""At first it felt like ""magic"".'
    assert Q.fix(text) == 'Mr. Sato: "At first it felt like "magic".'


def test_fix_composes_with_spacing():
    # Quotes remove the space inside the quote; spacing then removes the one before the comma.
    assert textfix.fix("“ We will win ” , he said .") == "“We will win,” he said."
    assert textfix.fix("It was “ stable ” .") == "It was “stable”."


def test_empty_strings_are_not_doubled_quotes():
    for text in ('name="" and id=""', 'x = ""', 'he typed "" twice'):
        assert Q.fix(text, unsafe=True) == text


# -- properties -----------------------------------------------------------------------------------

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKS_BRACKETS_SPACE = regex.compile(r"[\"'“”„‟«»‘’‚‛‹›「」『』〝〞＂()\[\]{}【】〔〕 \t\u00a0\u202f]")
LETTERS_DIGITS = regex.compile(r"[\p{L}\p{N}]")
QUOTE_TEXTS = texts | st.lists(
    st.sampled_from(
        [
            "“",
            "”",
            "„",
            "«",
            "»",
            "‘",
            "’",
            '"',
            "'",
            '""',
            "(",
            ")",
            "[",
            "]",
            "【",
            "】",
            " ",
            "\n",
            "word",
            "Word",
            ".",
            ",",
            "?",
            "5",
            "’90s",
            "don’t",
            "[and]",
            "said",
            "“ ",
            " ”",
            ". “ ",
        ]
    ),
    max_size=30,
).map("".join)


@PROFILE
@given(QUOTE_TEXTS)
def test_passes_never_raise_and_fix_is_idempotent(text):
    for unsafe in (False, True):
        once = QB.fix(text, unsafe=unsafe)
        assert QB.fix(once, unsafe=unsafe) == once
    for lang in ("de", "fr"):
        p = textfix.Pipeline(lang=lang, select=["Q", "B"])
        once = p.fix(text, unsafe=True)
        assert p.fix(once, unsafe=True) == once


@PROFILE
@given(QUOTE_TEXTS)
def test_safe_fixes_change_only_marks_brackets_and_spaces(text):
    """Safe fixes touch quote marks, brackets and the spaces beside them, plus the one
    full stop or comma that Q104 moves across a closing mark."""
    out = QB.fix(text)

    def rest(s: str) -> str:
        return MARKS_BRACKETS_SPACE.sub("", s)

    assert rest(out) == rest(text)
    assert LETTERS_DIGITS.findall(QB.fix(text, unsafe=True)) == LETTERS_DIGITS.findall(text)


# -- real data ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_reference_change_rate_and_misdirected_repair_rate():
    """Regression guard for the issue's targets on WMT22 (full figures:
    `python -m benchmarks families quotes`)."""
    need_shared(WMT22)
    from benchmarks import _data, families

    preset = families.PRESETS["quotes"]
    refs = [families.measure_file((preset, f, path)) for f in preset.references for path in _data.files(f)]
    total = sum(r.lines for r in refs)
    changed = sum(len(set().union(*r.changed.values())) for r in refs)
    assert total > 70000
    assert changed / total < 0.005, changed
    misdirected = regex.compile(preset.shape)
    bad = repaired = 0
    for folder in ("hyp", "ts-hyp"):
        for path in sorted((WMT22 / folder).glob("*.en")):
            text = path.read_text(encoding="utf-8")
            if not misdirected.search(text):
                continue
            out = QB.fix(text)
            for b, a in zip(text.split("\n"), out.split("\n"), strict=True):
                if misdirected.search(b):
                    bad += 1
                    repaired += not misdirected.search(a)
    assert bad >= 40
    assert repaired / bad > 0.95, (repaired, bad)


# -- regressions: false repairs once made on WMT22 references ------------------------------------


def test_slash_between_alternatives_keeps_both_marks():
    # ts-ref de-en B:13192 had its closing ” turned into “.
    text = "(I should know how that works”/”I interfere with his work”/”he must think)"
    out = Q.fix(text)
    assert out.startswith("(I should know how that works”/")


def test_spaced_closer_at_line_end_is_never_turned_into_an_opener():
    # zh-en A:762 had "one week. ”" turned into "one week. “".
    assert Q.fix("We will sign within one week. ”") == "We will sign within one week.”"


def test_guillemet_used_as_separator_is_not_a_quotation():
    text = "EXPRESS › News › Celebrity & Show"
    assert Q.fix(text, unsafe=True) == text


def test_french_opening_guillemet_after_a_cut_quotation_stays_an_opener():
    fr = textfix.Pipeline(lang="fr", select=["Q"])
    text = "« Il a dit que tout irait bien.\nIl n'a pas demandé pourquoi.\n« Mais la cause est ailleurs. »"
    assert [f.code for f in fr.check(text)] == []


# -- what the gate may skip, and the shortcut past the model ---------------------------------

# Texts on both sides of the trigger's edge and of the plain-quotation shortcut.
SHORTCUT_EDGES = [
    'He said "yes" today.',
    'He said "yes " today.',
    'He said " yes" today.',
    'He said "yes".',
    'He said "yes", and "no".',
    'He said "yes”',
    "the “new” one",
    "the “new“ one",
    "the ”new” one",
    '"Yes," he said.',
    '("yes")',
    'a "yes" b "no',
    '"yes" "no"',
    'x"yes" y',
    'said:"yes"',
    "in the ’90s",
    "rock ’n’ roll",
    "students’ union",
    "the students' union",
    "5' 10\" man",
    "‘Action’ is",
    "don't",
    "Ukraine's",
    "don't say \"can't\"",
    "“don't”",
    "'Yes,' he said",
    "he said 'yes' then",
    'visit http://x.com/"a" now "b"',
    'mail a"b"@x.com "c"',
    'see `x "y" z` "w"',
    'www.x"y"z.com and "v"',
    'WWW.x"y.com "v"',
    "“We support it.” [and] more.”",
    'he said "yes"\n"no" she said',
    '""yes""',
    'he said, "yes".',
    "x (“y”) z",
    'word"s',
    "Ⅻ' x",
    "½' x",
    "ǅ' x",
    "м'ясо",
    "α'",
    "中'文",
    "\U0001e5d0' x",
    "ǅ‘ x",
    "x ‘ y",
    "“yes”?",
    "“yes”/“no”",
    "“yes”—no",
    "„ja“ und ‚nein‘",
    "«oui» et « non »",
    '"yes"\t"no"',
    '"yes\u00a0"',
    'a"b"c',
]


def _findings(text: str, lang: str) -> list[tuple[str, int, int, tuple]]:
    from textfix.model import Document
    from textfix.passes.quotes import QuotesPass
    from textfix.rules import RULES

    doc = Document(text, lang, frozenset(RULES))
    return [(f.code, f.start, f.end, f.edits) for f in QuotesPass().check(doc)]


@pytest.mark.parametrize("lang", ["en", "de", "fr", "en-GB", "de-AT"])
def test_plain_quotation_shortcut_finds_what_the_model_finds(monkeypatch, lang):
    # Every quotes rule's examples and golden cases: a new rule the shortcut would hide fails here.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    cases = tomllib.loads(
        (Path(__file__).resolve().parent.parent / "corpora" / "quotes" / "cases.toml").read_text(encoding="utf-8")
    )["case"]
    rules = [r for r in textfix.rules.RULES.values() if r.family == "quotes"]
    texts = [
        *SHORTCUT_EDGES,
        *(r.bad for r in rules),
        *(k for r in rules for k in r.keep),
        *(c["input"] for c in cases),
    ]
    fast = {t: _findings(t, lang) for t in texts}
    _model_everything(monkeypatch)
    for t in texts:
        assert fast[t] == _findings(t, lang), (lang, t)


def _model_everything(monkeypatch) -> None:
    """Switch off the shortcuts: a one-line text is always modelled, and a text of many lines
    is modelled whole, every line of it."""
    from textfix.passes import quotes

    monkeypatch.setattr(quotes, "_only_plain_quotations", lambda _doc: False)
    monkeypatch.setattr(quotes, "_document_model", lambda doc: QuoteModel.build(doc.text, doc.lang, doc.is_protected))


# Lines for texts of many lines: plain ones, and the kinds that leave a quotation open, close
# one opened lines before, or reopen it (the multi-paragraph convention).
DOCUMENT_LINES = [
    *SHORTCUT_EDGES,
    "",
    "No quotation here.",
    "“The first paragraph of a long quotation.",
    "“The second paragraph goes on.",
    "“And the last one ends it.”",
    "He said “the talks will continue. “ With files",
    "the attack. “ With files and more",
    "between the two countries “. Given",
    "that” the talks will continue.",
    '"Yes." "No".',
    '"Yes". He left.',
    "“Yes.” “No”.",
    '"yes ," he said',
    "He said “yes” and 'no' and „ja“.",
    "The “new” one is the “old” one.",
    "It said: ‘don’t go’, twice.",
    "“ The law is clear",
    'The law is clear "',
    "x “y",
    "y” z",
    "see http://x.com/“a” and “b”",
    "the students’ union and 5' 10\" men",
    "“We support it.” [and] more.”",
    'said "yes" and "no"',
]


@given(st.lists(st.sampled_from(DOCUMENT_LINES), min_size=2, max_size=30))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_document_model_of_the_lines_that_need_it_finds_what_the_whole_model_finds(monkeypatch, lines):
    text = "\n".join(lines)
    fast = _findings(text, "en")
    with monkeypatch.context() as m:
        _model_everything(m)
        assert fast == _findings(text, "en"), text


def test_document_model_reads_only_the_lines_that_need_it():
    """Issue 15: a whole file costs its lines with quotation work, not every mark in it.  Of
    a thousand plain lines and one with a misdirected quote, the model holds the marks of that
    line and of the MAX_CARRY_LINES after it (a quotation it opens may close there)."""
    from textfix.model import Document
    from textfix.passes.quotes import _document_model
    from textfix.quotes_model import MAX_CARRY_LINES

    plain = "He said \"yes\", and “no”; Ukraine's 5' don't."
    lines = [plain] * 500 + ["the attack. “ With files"] + [plain] * 500
    model = _document_model(Document("\n".join(lines), "en", frozenset()))
    assert model is not None
    assert {m.line for m in model.marks} == set(range(500, 500 + MAX_CARRY_LINES + 1))
    # The plain lines' quotations still count in the document's habits: 1000 straight pairs
    # and 1000 curly ones outside the model, 6 of each inside it, against the one “ …“ pair.
    assert not model.prefers_straight
    assert _document_model(Document("\n".join([plain] * 100), "en", frozenset())) is None


def test_plain_quotation_shortcut_takes_the_common_texts():
    from textfix.model import Document
    from textfix.passes.quotes import _only_plain_quotations

    def plain(text: str) -> bool:
        return _only_plain_quotations(Document(text, "en", frozenset()))

    assert plain('He said "yes", and “no” (and "maybe"); Ukraine\'s 5\' don\'t.')
    assert not plain('He said "yes " today.')  # Q103
    assert not plain('He said "yes” today.')  # Q106
    assert not plain('a "yes" b "no')  # Q109
    assert not plain('go to http://x.com/"a" now')  # a mark in a URL is not in the model
    assert not plain("he said 'yes'")  # a single quotation may open: the model decides


def test_trigger_skips_only_apostrophes_after_letters_and_digits():
    from textfix.passes.quotes import TRIGGER

    assert TRIGGER.search("Ukraine's don’t students’ 5' Editor‘s м'ясо") is None
    for text in ["'yes", " ’90s", "x ‘", "中'", 'ǅ"', "“", "«", "‹", "「", "＂", "½'"]:
        assert TRIGGER.search(text) is not None, text
    # A mark the trigger skips follows a character Python (which the model reads) also takes
    # for a letter or a digit: regex's newer Unicode tables know letters Python does not.
    import sys as _sys

    for cp in range(_sys.maxunicode + 1):
        c = chr(cp)
        if 0xD800 <= cp <= 0xDFFF or TRIGGER.search(c + "'") is not None:
            continue
        assert c.isalpha() or c.isdigit(), hex(cp)
        assert [m.role for m in QuoteModel.build(c + "' x").marks] in ([Role.APOSTROPHE], [Role.PRIME]), hex(cp)


@pytest.mark.shared
@pytest.mark.slow
def test_plain_quotation_shortcut_on_wmt22(monkeypatch):
    folder = need_shared(WMT22) / "ts-hyp"
    marks = regex.compile("[\"'“”„‟«»‘’‚‛‹›]")
    lines = [
        line.rstrip("\n")
        for path in sorted(folder.iterdir())
        for line in path.read_text(encoding="utf-8").splitlines()[::7]
        if marks.search(line)
    ]
    assert len(lines) > 3000
    from textfix.passes import quotes

    fast = [_findings(t, "en") for t in lines]
    monkeypatch.setattr(quotes, "_only_plain_quotations", lambda _doc: False)
    assert fast == [_findings(t, "en") for t in lines]


@pytest.mark.shared
@pytest.mark.slow
def test_document_model_on_wmt22_whole_files(monkeypatch):
    """Each whole file of WMT22 system outputs (into English), as ``textfix fix FILE`` reads
    it: the model of the lines that need it finds what the model of every line finds."""
    paths = sorted((need_shared(WMT22) / "hyp").iterdir())[::4]
    assert len(paths) >= 5
    texts = [p.read_text(encoding="utf-8") for p in paths]
    fast = [_findings(t, "en") for t in texts]
    assert sum(map(len, fast)) > 50
    _model_everything(monkeypatch)
    assert fast == [_findings(t, "en") for t in texts]


PROTECTION_PIECES = [
    "a",
    "b",
    "1",
    ".",
    "-",
    "_",
    "/",
    "@",
    "`",
    "w",
    "W",
    ":",
    " ",
    '"',
    "“",
    "”",
    "'",
    "’",
    "«",
    "「",
    "com",
    "de",
    "www",
    "http",
    "://",
    "\n",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PROTECTION_PIECES), max_size=30).map("".join))
def test_no_mark_is_protected_where_the_cheap_test_says_none_can_be(text):
    from textfix.quotes_model import ALL_MARKS
    from textfix.spans import marks_may_be_protected, protected_spans

    if not marks_may_be_protected(text):
        spans = protected_spans(text)
        assert not any(spans.overlaps(i, i + 1) for i, c in enumerate(text) if c in ALL_MARKS), text
    assert marks_may_be_protected("see example.com/“a”") and marks_may_be_protected("WWW.x“y")
    assert not marks_may_be_protected("go to example.com “now”")


def test_plain_lines_remembered_are_of_ordinary_length():
    """The classification of a file's lines is remembered across the versions of a fix, but a
    long line is not kept: the memory held stays small whatever the input."""
    from textfix.passes.quotes import _REMEMBERED_ROW, _plain_row, _plain_row_remembered

    _plain_row_remembered.cache_clear()
    long = 'He said "yes". ' * (_REMEMBERED_ROW // 10)
    assert _plain_row(long) == ((0, 0, len(long) // 15, 0), False)
    assert _plain_row_remembered.cache_info().currsize == 0
    assert _plain_row('He said "yes".') == ((0, 0, 1, 0), False)
    assert _plain_row_remembered.cache_info().currsize == 1
