"""Per-language typography (textfix.languages) and the rules that read it.

Every expected output here was written by hand from the language's own convention, not
copied from the code.
"""

from __future__ import annotations

import pytest

import textfix
from textfix.languages import known_languages, typography
from textfix.rules import RULES


# -- issue 20: the reported failures, each reproduced first -------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Он сказал: «Мы остаёмся».", "ru"),
        ("Сказав: «Ми залишаємось».", "uk"),
        ("Řekl: „Zůstáváme.“", "cs"),
        ("Er sagte: „Wir bleiben.“", "de"),
        ("Il a dit : « Nous restons. »", "fr"),
        ("他说：“我们会留下来。”", "zh"),
        ("彼は「残ります」と言った。", "ja"),
        ("Rekao je: „Ostajemo.”", "hr"),
    ],
)
def test_own_quotes_are_left_alone(text, lang):
    assert textfix.fix(text, lang=lang) == text
    assert textfix.check(text, lang=lang) == []


@pytest.mark.parametrize("lang", ["zh", "ja"])
def test_cjk_full_stop_after_a_hashtag_stays(lang):
    text = "我们支持#Ukraine。" if lang == "zh" else "私たちは#Ukraineを支持します。#Peace。"
    assert textfix.fix(text, lang=lang) == text


def test_chinese_comma_gets_no_space():
    out = textfix.fix("他说,我们会留下来.", lang="zh")
    assert " " not in out


def test_french_space_before_comma_and_full_stop_is_removed():
    assert textfix.fix("Bonjour , monde .", lang="fr") == "Bonjour, monde."


def test_french_space_before_question_mark_stays():
    text = "Vraiment\u00a0? Oui\u00a0!"
    assert textfix.fix(text, lang="fr") == text


def test_no_english_rule_for_an_unknown_language():
    # Swedish writes ”…” at both ends; textfix has no table for it and must not impose “…”.
    text = "Han sa: ”Vi stannar.”"
    assert textfix.fix(text, lang="sv") == text


# -- the table ----------------------------------------------------------------------------


def test_bcp47_tags():
    assert typography("de-CH").quotes == ("«", "»")
    assert typography("de_AT").quotes == ("„", "“")
    assert typography("pt-BR").quotes == ("“", "”")
    assert typography("pt-PT").quotes == ("«", "»")
    assert typography("zh-TW").quotes == ("「", "」")
    assert typography("zh-Hans-CN").quotes == ("“", "”")
    assert typography("xx") is None


def test_known_languages_cover_the_issue():
    assert {"cs", "de", "fr", "hr", "ru", "uk", "zh", "ja", "pl", "sk", "es", "it", "pt"} <= known_languages()
