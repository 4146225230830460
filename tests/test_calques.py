"""The calques pass: the built-in calque list (T101) and a user term base (T102)."""

from __future__ import annotations

import pickle

import pytest

import textfix
from conftest import SEED, need_shared
from textfix.config import parse_config
from textfix.model import Applicability, Document
from textfix.passes.calques import CalquesPass, builtin_entries

T = textfix.Pipeline(select=["T"])


def test_every_builtin_entry_has_a_note_and_compiles():
    entries = builtin_entries()
    assert len(entries) >= 8
    for e in entries:
        assert e.note


def test_telephone_interview_needs_two_leaders_and_no_journalist():
    bad = "Putin spoke with Macron. Macron said in a telephone interview that talks would go on."
    assert T.fix(bad, unsafe=True) == (
        "Putin spoke with Macron. Macron said in a telephone call that talks would go on."
    )
    # No second leader near: an interview it may well be.
    alone = "Macron said in a telephone interview that talks would go on."
    assert T.check(alone) == []
    # A newspaper in the sentence: a real interview.
    paper = "Putin spoke with Macron. Macron told the newspaper in a telephone interview that talks would go on."
    assert T.check(paper) == []


def test_readout_but_not_a_reading_of_the_bill():
    assert T.fix("according to a reading of the call released by the Kremlin", unsafe=True) == (
        "according to a readout of the call released by the Kremlin"
    )
    assert T.check("The Duma held a reading of the bill released on Monday.") == []


def test_findings_are_unsafe_and_plain_fix_changes_nothing():
    text = "The firm lost 3 milliards."
    [f] = T.check(text)
    assert (f.code, f.applicability) == ("T101", Applicability.UNSAFE)
    assert text[f.start : f.end] == "3 milliards"
    assert T.fix(text) == text


# --- the user term base -------------------------------------------------------------------


@pytest.fixture
def tsv(tmp_path):
    p = tmp_path / "terms.tsv"
    p.write_text(
        "wrong\tright\tcontext\tnote\n"
        "# house style\n"
        "Verkhovna Rada\tUkrainian parliament\t\tour readers do not know the name\n"
        "special operation\twar\t\\b(?:Ukraine|Kyiv)\\b\tonly about Ukraine\n"
        "tank truck\ttanker\t\t\n",
        encoding="utf-8",
    )
    return p


def pipe(path):
    return textfix.Pipeline(select=["T"], options={"calques": {"termbase": str(path)}})


def test_termbase_tsv(tsv):
    p = pipe(tsv)
    text = "The Verkhovna Rada met. A tank truck exploded. Tank truck drivers struck."
    found = p.check(text)
    assert [f.code for f in found] == ["T102", "T102", "T102"]
    assert "our readers do not know the name" in found[0].message
    assert all(f.applicability is Applicability.UNSAFE for f in found)
    assert p.fix(text) == text
    assert p.fix(text, unsafe=True) == "The Ukrainian parliament met. A tanker exploded. Tanker drivers struck."


def test_termbase_context_pattern(tsv):
    p = pipe(tsv)
    assert p.fix("Russia began the special operation in Ukraine.", unsafe=True) == ("Russia began the war in Ukraine.")
    # Context absent: the term is left alone.
    text = "The police ran a special operation in Leeds."
    assert p.check(text) == []


def test_termbase_whole_words_only(tsv):
    assert pipe(tsv).check("The tank trucks and the Verkhovna Radas") == []


def test_termbase_csv_with_quotes(tmp_path):
    p = tmp_path / "terms.csv"
    p.write_text('wrong,right,context,note\n"Kiev, Ukraine","Kyiv, Ukraine",,dateline\n', encoding="utf-8")
    assert pipe(p).fix("KIEV — Kiev, Ukraine, was calm.", unsafe=True) == "KIEV — Kyiv, Ukraine, was calm."


def test_termbase_from_configuration(tsv):
    settings = parse_config({"calques": {"termbase": str(tsv)}, "select": ["T"]})
    assert settings.pipeline().fix("The Verkhovna Rada met.", unsafe=True) == "The Ukrainian parliament met."


def test_termbase_errors_are_clear(tmp_path):
    with pytest.raises(ValueError, match="not found"):
        CalquesPass(termbase=str(tmp_path / "missing.tsv"))
    bad = tmp_path / "bad.tsv"
    bad.write_text("only-one-column\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:1"):
        CalquesPass(termbase=str(bad))
    regex_bad = tmp_path / "re.tsv"
    regex_bad.write_text("a term\tright\t(unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad pattern"):
        CalquesPass(termbase=str(regex_bad))


def test_termbase_pass_pickles_and_its_trigger_sees_the_terms(tsv):
    p = CalquesPass(termbase=str(tsv))
    q = pickle.loads(pickle.dumps(p))
    assert q == p
    text = "The Verkhovna Rada met."
    # The built-in gate alone would skip this text; the pass's own trigger must not.
    assert q.trigger.search(text)
    doc = Document(text, "en", frozenset({"T101", "T102"}))
    assert [f.code for f in q.check(doc)] == ["T102"]


def test_termbase_rule_examples(tsv):
    """T102's own registry examples, run with a term base that holds its entry."""
    from textfix.rules import get_rule

    r = get_rule("T102")
    p = textfix.Pipeline(select=["T102"], options={"calques": {"termbase": str(tsv)}})
    assert [f.code for f in p.check(r.bad)] == ["T102"]
    assert p.fix(r.bad, unsafe=True) == r.good
    for keep in r.keep:
        assert p.check(keep) == []


def test_seed_article():
    text = need_shared(SEED).read_text(encoding="utf-8")
    found = T.check(text)
    assert [text[f.start : f.end] for f in found] == ["in a telephone interview", "a reading of the call"]
    out = T.fix(text, unsafe=True)
    assert "“China is ready to continue to play a role in this,” Xi said in a telephone call." in out
    assert "Xi told Putin, according to a readout of the call released by state media." in out
    assert T.fix(text) == text
    # Must keep: the Washington Post piece was written, not a call; the rest is untouched.
    assert "Writing in the Washington Post in March, Chinese Ambassador Qin Gang" in out
    assert len(out) == len(text) - len("interview") + len("call") - len("reading") + len("readout")


def test_cli_uses_the_configured_termbase_and_reports_a_missing_one(tmp_path, monkeypatch):
    """Regression: a missing term base was a traceback; it is a configuration error (exit 2)."""
    import io

    from textfix.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "textfix.toml").write_text('[calques]\ntermbase = "terms.tsv"\n', encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("The Verkhovna Rada met.\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(doc)], out, err) == 2
    # The path named in textfix.toml, resolved against that file's folder.
    assert f"term base {str(tmp_path / 'terms.tsv')!r} not found" in err.getvalue()
    (tmp_path / "terms.tsv").write_text("Verkhovna Rada\tUkrainian parliament\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(doc)], out, err) == 1
    assert "T102" in out.getvalue()
    out = io.StringIO()
    assert main(["fix", "--unsafe-fixes", str(doc)], out, io.StringIO()) == 0
    assert out.getvalue() == "The Ukrainian parliament met.\n"
