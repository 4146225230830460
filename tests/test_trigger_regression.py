"""Every pass's trigger hides no finding, on the texts near its edge.

Triggers are narrowed for speed (the pipeline's gate skips a pass whose trigger does not
match), so each narrowing is a chance to hide a finding.  For each pass with a trigger, on its
golden cases, its rule examples, hand-made edge cases and WMT22 lines: the findings with the
trigger (skip the pass when it does not match, as the pipeline does, through the RE2 gate too)
equal the findings of calling ``check`` on every text.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import tomllib

import textfix
from conftest import WMT22, need_shared
from textfix.model import Document
from textfix.passes import PASS_CLASSES
from textfix.passes.consistency import ConsistencyPass
from textfix.passes.entities import EntitiesPass
from textfix.passes.residue import WORD_RE, _lower_words
from textfix.rules import RULES

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
# Every built-in pass with a trigger (bilingual and grammar have none: they ask per text).
PASSES = {cls.name: cls for cls in PASS_CLASSES if cls.trigger is not None}

# Texts near each trigger's edge, written for this test.
EDGES = {
    "entities": [
        "Chancellor Olaf Schulz said so.",
        "chancellor Olaf Schulz said so.",
        "Minister\tOlaf Schulz spoke",
        "Mr. Olaf Schulz",
        "talks in Moskau",
        "talks in Moskauer",
        "President Emmanuel Macrom arrived.",
        "Secretary of State Antony Blinkin said.",
        "Nothing listed here, said Mary Smith.",
        "Prime Minister Olaf",
    ],
    "consistency": [
        "Mr. Xi met Mr Putin; Mr Xi spoke.",
        "Mr.Xi and Mr Xi and Mr Xi",
        "Dr. Who met Dr Who and Dr Who",
        "The U.S. and the US and the US.",
        "U.S.-made, US-made and US-made",
        "co-operation, cooperation and cooperation",
        "Co-ordination, coordinated, coordinating",
        "organise, organize, organized",
        "ORGANISE and Organize and organizing",
        "Zelensky said, Zelensky added, and Zelenskyy left.",
        "Zelenskyy Zelensky",
        "Mr Xi and Ms Li",
    ],
    "residue": [
        "the the the",
        "a b a b a b",
        "go to the shop go to the shop go to the shop",
        "one two three four five six one two three four five six",
        "x - x - x -",
        "Ab ab AB",
        "ΣΑΣ σας ΣΑΣ",
        "İstanbul İstanbul İstanbul",
        "word",
        "It&amp;s <unk> ▁here",
        "Tom &amp; Jerry",
        "the pre@@ sident said",
        "one\\ntwo",
        "call <unk> now [UNK]",
        "visit #City# today",
        "a b c a b c a b c\nthe the the the",
    ],
    "doubled": [
        "He went to the the shop.",
        "He went to The the shop.",
        "The The played.",
        "in\tin the box",
        "logged in in the morning",
        "of  of",
        "the theory",
        "at the the",
    ],
    "unicode": [
    ],
    # --
    "quotes": [
        "Ukraine's don't students' 5' 10",
        "Ukraine’s don’t students’ Editor‘s",
        "'Yes,' he said",
        "in the ’90s, rock ’n’ roll",
        "x ‘ y ’ z",
        "м'ясо and Ukraine's",
        "中'文 ǅ' Ⅻ' ½'",
        "a\U0001e5d0' x",
        "He said \"yes\" today.",
        "He said \"yes \" today.",
        "the “new“ one",
        "a \"yes\" b \"no",
        "visit http://x.com/\"a\" now \"b\"",
        "“We support it.” [and] more.”",
        "x\n'y'",
    ],
    # --
    "spacing": [
    ],
    # --
    "brackets": [
        "a (b) c",
        "a ( b) c",
        "a () c",
        "a (b c",
        "Official] New store",
        "“x.” [and] more.”",
        "a (b) c\nd) e",
        "(or was it\nStraws?).",
        "【A】 b",
        "{a}",
        "a (b [c] d) e",
        "a (b] c",
        "a (b)\n[c ] d",
        "a (b)\n(c",
        "x “y.” [and] z”",
        "f(x) and g[y]",
    ],
    # --
    "dashes": [
    ],
    # --
    "numbers": [
    ],
    # --
    "calques": [
    ],
    # --
    "boilerplate": [
    ],
    # --
    "fragments": [
    ],
    # --
    "pronouns": [
        "Ukraine said he would come.",
        "Angela Merkel said he would come.",
        "He said it. The woman said he knew.",
        "Joe Biden met the press; his speech and hers.",
        "Kamala Harris said:he",
        "Olaf Scholz,himself",
        "Elisabeth Borne, theirs",
    ],
}


def _examples(family: str) -> list[str]:
    texts: list[str] = list(EDGES.get(family, []))
    for r in RULES.values():
        if r.family == family:
            texts += [r.bad, r.good, *r.keep]
    for path in sorted((CORPORA / family).glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts += [c["input"] for c in data.get("case", [])]
    return texts


def _wmt22_lines(n: int) -> list[str]:
    folder = need_shared(WMT22) / "ts-hyp"
    lines: list[str] = []
    files = sorted(folder.iterdir())
    per_file = max(1, n // len(files))
    for path in files:
        with open(path, encoding="utf-8") as fh:
            lines.extend(line.rstrip("\n") for line in itertools.islice(fh, 0, 50 * per_file, 50))
    return lines


def _assert_trigger_hides_nothing(family: str, texts: list[str]) -> None:
    p = PASSES[family]()
    pipe = textfix.Pipeline(select=[r.code for r in p.rules])
    for text in texts:
        doc = Document(text, "en", frozenset(RULES))
        always = list(p.check(doc))
        gated = always if p.trigger.search(text) else []
        assert gated == always, (family, text)
        # Through the pipeline's RE2 gate, against the pass called without any trigger.
        want = sorted(
            (f for f in always if f.code in pipe.enabled), key=lambda f: (f.start, f.end, f.code)
        )
        assert pipe.check(text) == want, (family, text)


@pytest.mark.parametrize("family", sorted(PASSES))
def test_trigger_hides_no_finding_on_examples(family):
    _assert_trigger_hides_nothing(family, _examples(family))


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("family", sorted(PASSES))
def test_trigger_hides_no_finding_on_wmt22(family):
    lines = _wmt22_lines(3000)
    assert len(lines) > 2000
    _assert_trigger_hides_nothing(family, lines)


def test_triggers_translate_exactly_for_the_gate():
    """An exact translation lets the RE2 gate decide alone, with no second regex search."""
    from textfix._gate import translate

    for name in ("entities", "consistency", "residue", "doubled", "pronouns"):
        assert translate(PASSES[name]().trigger)[1], name


def test_fast_word_split_equals_word_regex():
    texts = [*EDGES["residue"], "".join(map(chr, range(128))), "It's A co-op_1 (X)-y 'Z' 3.5", "ΣΑΣ ΟΔΟΣ.", "— «»", ""]
    for text in texts:
        assert _lower_words(text) == [w.lower() for w in WORD_RE.findall(text)], text
    assert _lower_words("It's A-b, c_D") == ["it's", "a-b", "c_d"]


def test_narrow_triggers_skip_clean_text():
    clean = "The minister said on Tuesday that the talks in Berlin would go on."
    assert EntitiesPass().trigger.search(clean) is None
    assert ConsistencyPass().trigger.search("The Chancellor said these cases were closed.") is None


def test_ise_hint_agrees_with_the_regex():
    from textfix.passes.consistency import ISE_HINT, _has_ise_stem

    for text in ["organise", "ORGANIZE", "organiſe", "recogni\u017fed", "nothing", "organ ise", "x\ud800organise"]:
        assert _has_ise_stem(text) == (ISE_HINT.search(text) is not None), text
    assert _has_ise_stem("they recognised it") and not _has_ise_stem("they saw it")
