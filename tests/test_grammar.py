"""The grammar pass against a real LanguageTool server (never a mock).

The server comes from TEXTFIX_LANGUAGETOOL_URL, or from `scripts/languagetool.sh url` (the
server `.ci/run` starts).  Without one these tests skip; with CI set, they fail.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import textfix
from textfix.passes.grammar import GrammarServerError, get_tool, utf16_to_codepoints

ROOT = Path(__file__).resolve().parent.parent


def _server_url() -> str | None:
    url = os.environ.get("TEXTFIX_LANGUAGETOOL_URL")
    if url:
        return url
    script = ROOT / "scripts" / "languagetool.sh"
    if script.exists():
        r = subprocess.run(["bash", str(script), "url"], capture_output=True, text=True, cwd=ROOT)
        if r.returncode == 0 and r.stdout.strip():
            return r.stdout.strip().splitlines()[-1]
    return None


@pytest.fixture(scope="module")
def lt_url() -> str:
    url = _server_url()
    if not url:
        msg = "no LanguageTool server (set TEXTFIX_LANGUAGETOOL_URL or run scripts/languagetool.sh start)"
        if os.environ.get("CI"):
            pytest.fail(msg + "; CI must provide one")
        pytest.skip(msg)
    return url


def _pipe(url: str, lang: str = "en", **opts):
    return textfix.Pipeline(lang=lang, select=["LT"], options={"grammar": {"url": url, **opts}})


def test_a_vs_an_span(lt_url):
    text = "This is a apple."
    fs = _pipe(lt_url).check(text)
    f = next(f for f in fs if f.detail == "EN_A_VS_AN")
    assert f.code == "LT101"
    assert text[f.start : f.end] == "a"
    assert f.edits[0].replacement == "an"
    assert f.applicability is textfix.Applicability.UNSAFE


def test_span_after_astral_characters(lt_url):
    # LanguageTool counts UTF-16 units: each emoji is two.  The span must still be "a".
    text = "😀🇺🇦 𝐀 This is a apple."
    fs = _pipe(lt_url).check(text)
    f = next(f for f in fs if f.detail == "EN_A_VS_AN")
    assert text[f.start : f.end] == "a"
    assert _pipe(lt_url).fix(text, unsafe=True).endswith("This is an apple.")


def test_span_in_second_paragraph(lt_url):
    text = "First paragraph 😀 is fine.\n\nThis is a apple."
    f = next(f for f in _pipe(lt_url).check(text) if f.detail == "EN_A_VS_AN")
    assert text[f.start : f.end] == "a"
    assert f.line == 3


def test_german_rule(lt_url):
    text = "Er gehen nach Hause. Das ist ein großer Haus."
    fs = _pipe(lt_url, lang="de").check(text)
    rules = {f.detail for f in fs}
    assert {"DE_VERBAGREEMENT", "DE_AGREEMENT"} <= rules, rules
    f = next(f for f in fs if f.detail == "DE_VERBAGREEMENT")
    assert text[f.start : f.end].startswith("Er gehen")


def test_unsafe_by_default_and_plain_fix_changes_nothing(lt_url):
    text = "This is a apple."
    assert _pipe(lt_url).fix(text) == text
    assert _pipe(lt_url).fix(text, unsafe=True) == "This is an apple."


def test_safe_typography_rule_is_applied_only_when_listed(lt_url):
    text = "It works.This too."
    (f,) = _pipe(lt_url).check(text)
    assert (f.code, f.detail) == ("LT103", "SENTENCE_WHITESPACE")
    assert text[f.start : f.end] == "This"
    # In the default safe list: applied without --unsafe-fixes.
    assert f.applicability is textfix.Applicability.SAFE
    assert _pipe(lt_url).fix(text) == "It works. This too."
    # Taken off the list it becomes an unsafe fix: plain fix leaves the text alone.
    assert _pipe(lt_url, safe_rules=[]).fix(text) == text
    assert _pipe(lt_url, safe_rules=[]).fix(text, unsafe=True) == "It works. This too."


@pytest.mark.parametrize(
    "keep",
    [
        # Must-not-change examples for the default safe rules (COMMA_PARENTHESIS_WHITESPACE,
        # SENTENCE_WHITESPACE): aligned columns, ellipses, decimals and URLs must never get a
        # safe whitespace edit.  WHITESPACE_RULE is not safe: it collapses aligned columns.
        "Name      Age\nAnna      34",
        "He paused ... then spoke.",
        "The rate was 3.5 percent.",
        "See https://example.com/a,b for details.",
        "She said (quietly) that it was over.",
    ],
)
def test_default_safe_rules_keep_correct_text(lt_url, keep):
    assert _pipe(lt_url).fix(keep) == keep


def test_no_double_reports_with_textfix_rules(lt_url):
    text = "Hamburg , Germany is big. He said the the end."
    p = textfix.Pipeline(select=["S101", "D101", "LT"], options={"grammar": {"url": lt_url}})
    fs = p.check(text)
    by_span: dict[tuple[int, int], list[str]] = {}
    for f in fs:
        by_span.setdefault((f.start, f.end), []).append(f.code)
    assert any(f.code == "S101" for f in fs) and any(f.code == "D101" for f in fs)
    for f in fs:
        if f.code.startswith("LT"):
            assert f.detail not in ("COMMA_PARENTHESIS_WHITESPACE", "ENGLISH_WORD_REPEAT_RULE"), f


def test_seed_article(lt_url, seed_text):
    fs = _pipe(lt_url).check(seed_text)
    for f in fs:
        assert 0 <= f.start < f.end <= len(seed_text)
        assert f.detail


def test_unreachable_server_is_a_clear_error():
    p = textfix.Pipeline(select=["LT"], options={"grammar": {"url": "http://127.0.0.1:9", "timeout": 5}})
    with pytest.raises(GrammarServerError) as e:
        p.check("This is a apple.")
    assert "127.0.0.1:9" in str(e.value)


def test_no_server_configured_message(monkeypatch):
    monkeypatch.delenv("TEXTFIX_LANGUAGETOOL_URL", raising=False)
    monkeypatch.setattr("textfix.passes.grammar._local_install", lambda: None)
    with pytest.raises(GrammarServerError) as e:
        get_tool(None, "en-US")
    # The message names what an installed textfix has: not the repository's scripts/.
    assert "TEXTFIX_LANGUAGETOOL_URL" in str(e.value) and "docs/grammar.md" in str(e.value)
    assert "scripts/" not in str(e.value)


def test_utf16_mapping():
    text = "a😀b"
    m = utf16_to_codepoints(text)
    assert m == [0, 1, 1, 2, 3]
    assert text[m[3]] == "b"


def test_grammar_off_by_default():
    assert not any(c.startswith("LT") for c in textfix.default_pipeline().enabled)


def test_long_document_is_batched_and_spans_stay_right(lt_url):
    from textfix.passes.grammar import BATCH_CHARS, _batches

    filler = "The weather was fine and nothing happened that day.\n" * (BATCH_CHARS // 40)
    text = filler + "😀 This is a apple.\n"
    batches = list(_batches(text))
    assert len(batches) > 1 and all(len(b) <= BATCH_CHARS for _, b in batches)
    assert all(text[s : s + len(b)] == b for s, b in batches)
    f = next(f for f in _pipe(lt_url).check(text) if f.detail == "EN_A_VS_AN")
    assert text[f.start : f.end] == "a"


def test_multi_paragraph_quotation_is_not_an_unpaired_quote(lt_url):
    # The journalistic convention: a quotation running over paragraphs leaves each open and
    # reopens the next.  LanguageTool calls the first “ unpaired; the quotes pass knows better.
    text = "“The first paragraph of the quote ends here.\n\n“And the second closes it,” she said."
    with_q = textfix.Pipeline(select=["LT", "Q"], options={"grammar": {"url": lt_url}}).check(text)
    assert not any(f.detail == "EN_UNPAIRED_QUOTES" for f in with_q)
