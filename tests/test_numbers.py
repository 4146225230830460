"""The numbers pass (N101-N106): lists and dates around split groups, options, languages, WMT22."""

from __future__ import annotations

import pickle

import pytest
import regex

import textfix
from conftest import WMT22, need_shared
from textfix.model import Applicability
from textfix.passes.numbers import NumbersPass, group_thousands

N = ["N101", "N102", "N103", "N104", "N105"]


def pipe(select=N, lang="en", **options):
    return textfix.Pipeline(lang=lang, select=select, options={"numbers": options} if options else None)


@pytest.mark.parametrize(
    ("digits", "grouped"),
    [("10000", "10,000"), ("250000", "250,000"), ("1234567", "1,234,567"), ("999", "999")],
)
def test_group_thousands(digits, grouped):
    assert group_thousands(digits) == grouped


# --- N104 -----------------------------------------------------------------------------------


def test_split_group_chain_is_closed_up_in_one_go():
    assert pipe(["N104"]).fix("about 1, 250, 000 doses") == "about 1,250,000 doses"


def test_two_three_digit_numbers_are_reported_without_a_fix():
    (f,) = pipe(["N104"]).check("rackets at 500, 600 are fine")
    assert f.edits == () and f.applicability is None


@pytest.mark.parametrize(
    "text",
    [
        "On May 3, 410 people voted.",  # a date, then a count
        "On 3 May 2020, 410 people voted.",  # the year has four digits: not a group head
        "sizes 160, 180 and 190",
        "sizes 160, 180, 190",
        "pages 5, 600 and 601",
        "no. 12, 345",
        "It was 100 000, 871 per week.",
    ],
)
def test_split_group_leaves_lists_and_dates(text):
    assert pipe(["N104"]).fix(text, unsafe=True) == text


def test_split_group_after_introductory_year_is_repaired():
    # ``By 2030,`` is a year and a comma, not a list item: the 65, 000 after it is one number.
    assert pipe(["N104"]).fix("By 2030, 65, 000 buses") == "By 2030, 65,000 buses"


# --- N101 -----------------------------------------------------------------------------------


def test_grouping_follows_the_document_by_default():
    text = "She holds 250000 shares."
    assert pipe(["N101"]).check(text) == []
    assert pipe(["N101"]).check(text + " He holds 12,000.") != []


def test_grouping_always_groups_from_ten_thousand():
    p = pipe(["N101"], grouping="always")
    assert p.fix("She holds 250000 shares and 9500 options.", unsafe=True) == (
        "She holds 250,000 shares and 9500 options."
    )


def test_grouping_leaves_identifiers():
    p = pipe(["N101"], grouping="always")
    for text in ("Order #12345 arrived.", "Call 0123456789.", "model (74182)", "ID: 556677", "10115 Berlin"):
        assert p.check(text) == [], text


def test_bad_grouping_option_is_rejected():
    with pytest.raises(ValueError, match="grouping"):
        NumbersPass(grouping="sometimes")


# --- N102, N103, N105: English only ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "fr", "cs"])
def test_continental_formats_are_left_alone_outside_english(lang):
    text = "Es waren 5,3 % und 21.000 Einwohner, 5 000 Leute, 179 €."
    assert pipe(lang=lang).check(text) == []


def test_decimal_comma_needs_proof():
    p = pipe(["N102"])
    assert p.check("choose 2,5 or 7") == []
    (f,) = p.check("up 2,5 % on the year")
    assert f.applicability is Applicability.UNSAFE
    assert p.fix("up 2,5 % on the year") == "up 2,5 % on the year"


def test_dotted_thousands_fix_is_unsafe():
    p = pipe(["N103"])
    assert p.fix("some 21.000 inhabitants") == "some 21.000 inhabitants"
    assert p.fix("some 21.000 inhabitants", unsafe=True) == "some 21,000 inhabitants"


def test_currency_after_amount_with_decimals():
    assert pipe(["N105"]).fix("It costs 2.50 € or 1,299€.", unsafe=True) == "It costs €2.50 or €1,299."


# --- N106: off unless switched on -----------------------------------------------------------


def test_ranges_are_untouched_by_default():
    text = "In 2019-2020 see pages 10-12."
    assert textfix.Pipeline(lang="en").fix(text, unsafe=True) == text
    on = textfix.Pipeline(lang="en", extend_select=["N106"])
    assert on.fix(text) == "In 2019–2020 see pages 10–12."


def test_ranges_leave_scores_and_phone_numbers():
    on = textfix.Pipeline(lang="en", select=["N106"])
    for text in ("won 2-3 away", "call 555-1234", "dated 2021-12-03", "in 2020-2019 order"):
        assert on.check(text) == [], text


def test_pass_pickles_with_options():
    p = NumbersPass(grouping="always")
    assert pickle.loads(pickle.dumps(p)) == p


# --- real data ------------------------------------------------------------------------------


@pytest.mark.slow
def test_wmt22_split_groups_in_languagex_are_repaired():
    """The system that splits digit groups after the comma: every safe repair yields a
    well-formed grouped number, and the list ``500, 600`` elsewhere is never joined."""
    hyp = need_shared(WMT22 / "hyp")
    p = pipe(["N104"])
    text = (hyp / "generaltest2022.ja-en.hyp.LanguageX.en").read_text(encoding="utf-8")
    fixed, log = p.fix_and_explain(text)
    assert len(log) >= 5
    for c in log:
        assert c.old.startswith(",") and c.new == ","
    assert "700,000" in fixed and "9,680 yen" in fixed
    assert not regex.search(r"\d, \d{3}(?!\d)", fixed.replace("December 15, 2021", ""))
    for path in hyp.glob("generaltest2022.zh-en.*.en"):
        out = p.fix(path.read_text(encoding="utf-8"))
        assert "500,600" not in out, path.name


@pytest.mark.slow
def test_german_and_french_wmt22_text_is_left_alone():
    """Decimal commas and dotted or spaced thousands are right in German and French."""
    xx = need_shared(WMT22 / "xx")
    files = [p for p in sorted(xx.iterdir()) if p.suffix in (".de", ".fr")]
    assert len(files) >= 6
    for path in files:
        text = path.read_text(encoding="utf-8")
        p = textfix.Pipeline(lang=path.suffix[1:], select=["H", "N"])
        found = p.check(text)
        # Only numbers in the English form are reported (N201, issue 20: Online-G's en-de
        # output keeps its source's ``58,595,066``), never the language's own.
        assert {f.code for f in found} <= {"N201", "N202"}, path.name
        for f in found:
            assert regex.fullmatch(r"[1-9]\d{0,2}(?:,\d{3})+|\d{1,3}\.\d{1,2}", text[f.start : f.end]), path.name


# --- N107 (issue 22) ---------------------------------------------------------------------------


def test_ungrouped_prose_number_is_not_reported_twice_with_n101():
    # The document groups another large number, so N101 reports 35000; N107 must not add a
    # second finding on the same span.
    text = "The city has 1,200,000 residents; 35000 of them commute."
    codes = [f.code for f in pipe(["N101", "N107"]).check(text)]
    assert codes == ["N101"]
    # Without N101 selected, N107 reports it.
    assert [f.code for f in pipe(["N107"]).check(text)] == ["N107"]


def test_ungrouped_prose_number_keeps_value_and_digits():
    text = "Yunnan has developed a total of 448300 rural jobs and 1000000 more are planned."
    out = pipe(["N107"]).fix(text, unsafe=True)
    assert out == "Yunnan has developed a total of 448,300 rural jobs and 1,000,000 more are planned."
    assert out.replace(",", "") == text
