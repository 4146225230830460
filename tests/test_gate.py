"""The pipeline's one-scan gate: it may only skip a pass whose trigger would not match.

The gate translates each pass's ``regex`` trigger into an RE2 pattern matching a superset
(textfix/_gate.py).  These tests check the translation's building blocks against regex
over every code point, the translated triggers against the real ones on random and real
text, and the gated pipeline against a plain one that asks every pass in turn.
"""

from __future__ import annotations

import functools
import itertools
import sys

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textfix
from conftest import WMT22, need_shared
from strategies import texts
from textfix._gate import (
    CATEGORIES,
    STABLE_CATEGORIES,
    WHITESPACE_CLASS,
    WORD_SUBSET,
    Untranslatable,
    to_re2,
    translate,
)
from textfix.model import Applicability, Document, Pass
from textfix.passes import PASS_CLASSES
from textfix.pipeline import MAX_ROUNDS, Gating, _select_findings, apply_edits
from textfix.rules import RULES

re2 = pytest.importorskip("re2")

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Every code point that can be encoded as UTF-8 (RE2 reads UTF-8), in one string.
ALL_CHARS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


ALL_BYTES = ALL_CHARS.encode("utf-8")


def members(body: str, *, re2_engine: bool, negated: bool = False) -> set[str]:
    """The characters in the class ``[body]`` (or ``[^body]``), by deleting runs of the others."""
    drop = f"[{body}]+" if negated else f"[^{body}]+"
    if re2_engine:
        # RE2's wrapper maps byte offsets back to str offsets slowly; on bytes it need not.
        return set(re2.compile(drop.encode("utf-8")).sub(b"", ALL_BYTES).decode("utf-8"))
    return set(regex.compile(drop).sub("", ALL_CHARS))


def matched_by_translation(pattern: str) -> set[str]:
    """The characters that the RE2 form of the one-character ``regex`` pattern matches."""
    form = translate(regex.compile(pattern))[0]
    others = re2.compile(f"(?:{form})+".encode()).sub(b"", ALL_BYTES).decode("utf-8")
    return ALL_SET - set(others)


def matched_by_regex(pattern: str) -> set[str]:
    return set(regex.compile(pattern).findall(ALL_CHARS))


ALL_SET = set(ALL_CHARS)


def test_whitespace_class_is_regex_whitespace_exactly():
    assert members(WHITESPACE_CLASS, re2_engine=True) == members(r"\s", re2_engine=False)
    assert matched_by_translation(r"\s") == matched_by_regex(r"\s")
    assert matched_by_translation(r"\S") == matched_by_regex(r"\S")


@pytest.mark.parametrize("pattern", [r"\d", r"\D", r"\w", r"\W", r"[\p{L}x]", r"[^\p{L}x]", r"[\d_]", r"[^\d_]"])
def test_class_escapes_translate_to_supersets(pattern):
    """On the regex and google-re2 installed, whatever their Unicode versions."""
    assert matched_by_translation(pattern) >= matched_by_regex(pattern)


def test_word_subset_is_inside_regex_word():
    assert members(WORD_SUBSET, re2_engine=True) <= members(r"\w", re2_engine=False)


@pytest.mark.slow
@pytest.mark.parametrize("cat", sorted(STABLE_CATEGORIES))
def test_stable_categories_translate_to_supersets(cat):
    """Each category the gate translates exactly, and its negation, on the versions installed:
    the translation admits what RE2 leaves unassigned, so regex's newer tables cannot make the
    gate miss a text."""
    for pattern in (rf"\p{{{cat}}}", rf"\P{{{cat}}}", rf"[^\p{{{cat}}}]"):
        assert matched_by_translation(pattern) >= matched_by_regex(pattern), pattern


@pytest.mark.slow
def test_subcategories_widen_to_their_major_class():
    """Subcategories move between Unicode versions (U+0295 went from Ll to Lo), so a trigger
    naming one is widened; the widened form is still a superset."""
    assert CATEGORIES > STABLE_CATEGORIES
    assert translate(regex.compile(r"\p{Ll}"))[1] is False
    assert translate(regex.compile(r"\P{Lu}"))[0] == r"(?s:.)"
    for pattern in (r"\p{Ll}", r"\p{Lo}", r"\p{Sm}"):
        assert matched_by_translation(pattern) >= matched_by_regex(pattern), pattern


def test_every_builtin_trigger_translates_exactly():
    """The gate decides alone for every built-in pass: no trigger is widened or searched."""
    for cls in PASS_CLASSES:
        trig = _trigger_of(cls)
        if trig is None:
            continue
        assert translate(trig)[1] is True, cls.name
        assert to_re2(trig, exact=True) is not None, cls.name


@pytest.mark.parametrize(
    ("pattern", "exact"),
    [
        (r"[ \t][,.;:!?]", True),
        (r"\d[ \u00a0]%", True),
        (r"(?<=\p{L})[,;](?=\p{L})", False),  # lookarounds dropped
        (r"\b(\p{L}+)[ \t]+(?i:\1)\b", False),  # backreference widened
        (r"\p{Latin}x", False),  # scripts differ between the engines: widened
        (r"(?x) a \  b  # comment", True),
        (r"[\ud800-\udfff]", True),
        (r"a++b", False),
    ],
)
def test_translation_exactness(pattern, exact):
    assert translate(regex.compile(pattern))[1] is exact


@pytest.mark.parametrize("pattern", [r"\Gfoo", r"(a)(?(1)b|c)", r"\N{EM DASH}", r"x(?R)?"])
def test_untranslatable_patterns_are_refused(pattern):
    with pytest.raises(Untranslatable):
        translate(regex.compile(pattern))


SAMPLES = [
    "It cost $ 369 million , he said.",
    "the the end",
    "Ähm,ja;nein",
    "x  y",
    "a—b -- c",
    "« Bonjour » she said 'hi' “there”",
    "quote\u2019 s",
    "(unbalanced [",
    "12 345 678 and 1,5 %",
    "Face\u200bbook",
    "Hello，world。",
    "line one\nline two\r\n",
    "",
]


@functools.cache
def _trigger_of(cls):
    return cls().trigger


def _gate_agrees(text: str, *, check_exact: bool = True) -> None:
    for cls in PASS_CLASSES:
        trig = _trigger_of(cls)  # entities and consistency build theirs from the gazetteer
        if trig is None:
            continue
        try:
            pattern, exact = translate(trig)
        except Untranslatable:
            continue
        gate = re2.compile(pattern)
        if trig.search(text) is not None:
            assert gate.search(text) is not None, (cls.name, text)
        elif exact and check_exact:
            assert gate.search(text) is None, (cls.name, text)


@pytest.mark.parametrize("text", SAMPLES)
def test_translated_triggers_never_miss_on_samples(text):
    _gate_agrees(text)


@PROFILE
@given(texts)
def test_translated_triggers_never_miss(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return  # the pipeline never sends such text to RE2
    # On arbitrary code points the two engines' Unicode tables may differ (regex and RE2 ship
    # different Unicode versions: \d on a newly assigned character), which can only make the
    # gate wider, costing time, never a finding.  Never-miss is the invariant here;
    # exactness is asserted on the samples and on real text.
    _gate_agrees(text, check_exact=False)


def plain_check(pipe: textfix.Pipeline, text: str) -> list:
    """The pipeline's check as it was before the gate: ask every pass in turn."""
    doc = Document(text, pipe.lang, pipe.enabled, {})
    out = []
    for p in pipe.passes:
        if p.applies_to(doc):
            out.extend(f for f in p.check(doc) if f.code in pipe.enabled and RULES[f.code].applies_to_lang(pipe.lang))
    out.sort(key=lambda f: (f.start, f.end, f.code))
    return out


def plain_fix(pipe: textfix.Pipeline, text: str, unsafe: bool) -> str:
    doc = Document(text, pipe.lang, pipe.enabled, {})
    for _ in range(MAX_ROUNDS):
        changed = False
        for p in pipe.passes:
            if not p.applies_to(doc):
                continue
            fs = [f for f in p.check(doc) if f.code in pipe.enabled and RULES[f.code].applies_to_lang(pipe.lang)]
            chosen = _select_findings(fs, unsafe)
            if not chosen:
                continue
            new = apply_edits(doc.text, [e for f in chosen for e in f.edits])
            if new != doc.text:
                doc = Document(new, doc.lang, doc.enabled, doc.context)
                changed = True
        if not changed:
            break
    return doc.text


DEFAULT = textfix.default_pipeline()
ALL_PIPE = textfix.Pipeline(select=["ALL"], ignore=[c for c, r in RULES.items() if r.extra.get("needs_service")])


@PROFILE
@given(texts)
def test_gated_pipeline_equals_plain_pipeline(text):
    assert DEFAULT.check(text) == plain_check(DEFAULT, text)
    assert DEFAULT.fix(text) == plain_fix(DEFAULT, text, False)
    assert ALL_PIPE.fix(text, unsafe=True) == plain_fix(ALL_PIPE, text, True)


@PROFILE
@given(st.lists(texts, min_size=2, max_size=8).map("\n".join))
def test_gated_pipeline_equals_plain_pipeline_on_texts_of_many_lines(text):
    """A text of many lines (a whole file): its line-local passes run on the lines that admit
    them, and after each repair only the lines it touched are asked again (issue 15)."""
    assert DEFAULT.check(text) == plain_check(DEFAULT, text)
    assert DEFAULT.fix(text) == plain_fix(DEFAULT, text, False)
    assert ALL_PIPE.fix(text, unsafe=True) == plain_fix(ALL_PIPE, text, True)


@pytest.mark.shared
@pytest.mark.slow
def test_gated_pipeline_equals_plain_pipeline_on_wmt22_whole_files():
    """Whole files, as ``textfix fix FILE`` reads them: the line table, the passes that read
    only the lines their trigger matches, and the quotation model of the lines that need it
    give what every pass on the whole text gives."""
    paths = sorted((need_shared(WMT22) / "hyp").iterdir())[::16]
    assert len(paths) >= 3
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert DEFAULT.check(text) == plain_check(DEFAULT, text), path.name
        assert DEFAULT.fix(text) == plain_fix(DEFAULT, text, False), path.name
        assert ALL_PIPE.fix(text, unsafe=True) == plain_fix(ALL_PIPE, text, True), path.name


def test_lines_after_a_repair_are_the_lines_of_the_new_text():
    """The line table carried across versions of a fix equals the one built anew from the
    repaired text: offsets moved by the repairs before them, the touched lines asked again."""
    from textfix.model import Edit
    from textfix.pipeline import _Lines

    plan = DEFAULT._plan_for(False)
    old = 'He said  "yes" .\n\nIt cost $ 5 .\nclean line\nx , y\n'
    at = old.index
    edits = [
        Edit(at("  "), at("  ") + 2, " "),
        Edit(at('" .'), at('" .') + 3, '".'),
        Edit(at("$ 5"), at("$ 5") + 3, "$5"),
        Edit(at(" , "), at(" , ") + 2, ","),
    ]
    new = apply_edits(old, edits)
    assert new == 'He said "yes".\n\nIt cost $5 .\nclean line\nx, y\n'
    moved = _Lines(plan, old, {}).after(old, new, edits)
    fresh = _Lines(plan, new, {})
    assert moved.starts == fresh.starts
    assert moved.admitting(plan.codes) == fresh.admitting(plan.codes)
    assert {k: v for k, v in moved.groups.items() if v} == fresh.groups


def test_gate_is_used_for_the_default_pipeline():
    gating = {p.name: g for p, g, _ in DEFAULT._plan.steps}
    assert DEFAULT.gating == {name: g.value for name, g in gating.items()}
    assert {g for name, g in gating.items() if _trigger_of(PASSES_BY_NAME[name]) is not None} == {Gating.RE2}
    assert DEFAULT.fix("Nothing to see here.") == "Nothing to see here."


PASSES_BY_NAME = {cls.name: cls for cls in PASS_CLASSES}


def test_lone_surrogate_text_bypasses_the_gate():
    text = "Smile \ud83d\ude00 and \ud800 , here"
    assert DEFAULT.fix(text) == plain_fix(DEFAULT, text, False)


@pytest.mark.shared
@pytest.mark.slow
def test_gated_pipeline_equals_plain_pipeline_on_wmt22():
    folder = need_shared(WMT22) / "ts-hyp"
    lines: list[str] = []
    for path in sorted(folder.iterdir())[::7]:
        with open(path, encoding="utf-8") as fh:
            lines.extend(line.rstrip("\n") for line in itertools.islice(fh, 0, 4000, 20))
    assert len(lines) > 1000
    from textfix.spans import protected_spans

    for line in lines:
        spans = protected_spans(line)
        assert list(zip(spans.starts, spans.ends, strict=True)) == _unguarded_spans(line), line
        assert DEFAULT.check(line) == plain_check(DEFAULT, line), line
        assert DEFAULT.fix(line) == plain_fix(DEFAULT, line, False), line


def test_plan_drops_passes_without_enabled_rules():
    """Only passes with an enabled rule run; the grammar pass (LanguageTool rules off by
    default, applies_to overridden) must not cost a Document per segment."""
    only_spacing = textfix.default_pipeline(select=["S"])
    assert [p.name for p, _, _ in only_spacing._plan.steps] == ["spacing"]
    plan = only_spacing._plan
    assert plan.decide("Nothing to see here.", None)[1] == ()
    assert "grammar" not in [p.name for p, _, _ in DEFAULT._plan.steps]


def test_gate_answers_empty_not_unknown_when_nothing_matches():
    """Regression: RE2's wrapper answers None when no trigger matches, which the pipeline took
    for "the gate could not scan this text" and searched every trigger one by one."""
    plan = DEFAULT._plan
    hits = plan.scan("a")
    assert hits is not None and not hits
    assert plan.scan("Smile \ud800") is None  # a lone surrogate: RE2 cannot read it


def test_source_aware_pass_runs_only_with_a_source():
    plan = DEFAULT._plan
    text = "Call 555 now."
    assert "bilingual" not in [p.name for _, p in plan.decide(text, None)[1]]
    assert "bilingual" not in [p.name for _, p in plan.decide(text, {"other": 1})[1]]
    assert "bilingual" in [p.name for _, p in plan.decide(text, {"source": "Zavolejte 555."})[1]]
    # The X rules still fire through the pipeline when a source is given.
    assert [f.code for f in DEFAULT.check("Call now.", source="Zavolejte 555 hned.")] == ["X101"]


class _EveryThirdWord(Pass):
    """A pass whose work no trigger can express: a text whose word count is a multiple of 3."""

    name = "thirds"
    rules = (RULES["D101"],)
    trigger = regex.compile("@")
    screen = staticmethod(lambda text: len(text.split()) % 3 == 0)

    def check(self, doc):
        if "@" in doc.text or len(doc.text.split()) % 3 == 0:
            yield doc.finding(RULES["D101"], 0, 1)


def test_screen_runs_a_pass_the_gate_skipped():
    pipe = textfix.Pipeline([_EveryThirdWord()], select=["D101"])
    assert [f.code for f in pipe.check("one two three")] == ["D101"]
    assert [f.code for f in pipe.check("one @ two three")] == ["D101"]
    assert pipe.check("one two") == []


def test_rebuilt_pipeline_reuses_the_compiled_gate():
    a = textfix.default_pipeline(ignore=["D"])
    b = textfix.default_pipeline(ignore=["D"])
    assert a._plan.gate is b._plan.gate


def _unguarded_spans(text: str) -> list[tuple[int, int]]:
    """protected_spans as it was written first: every pattern run over the whole text, with no
    hint and no anchors (the linear-time version must find exactly these spans)."""
    from textfix.spans import DOMAIN_RUN_RE, PATH_RE, PROTECTED_RE, TLD_RE, SpanSet

    spans = [m.span() for m in PROTECTED_RE.finditer(text)]
    covered = 0
    for run in DOMAIN_RUN_RE.finditer(text):
        start, end = run.span()
        if start < covered:
            continue
        last = None
        for last in TLD_RE.finditer(text, start, end):  # noqa: B007
            pass
        if last is None or last.start() == start:
            continue
        stop = last.end()
        if stop == end:
            path = PATH_RE.match(text, stop)
            stop = path.end() if path else stop
        spans.append((start, stop))
        covered = stop
    merged = SpanSet(spans)
    return list(zip(merged.starts, merged.ends, strict=True))


@PROFILE
@given(texts)
def test_protected_spans_hint_never_hides_a_span(text):
    from textfix.spans import protected_spans

    spans = protected_spans(text)
    assert list(zip(spans.starts, spans.ends, strict=True)) == _unguarded_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "see https://x.org/a",
        "WWW.EXAMPLE.COM now",
        "mail a.b@c.de",
        "run `ls -l` here",
        "sub.example.CO.UK x",
        "version 2.0 and e.g. this",
        "ftp://h/p",
        "no url here.",
        "xhttps://a.b `c@d.com` e`f",
        "a@b.com@c.org www.x.com/`y`",
        "mail.de.com/p q.ru r@s",
        "Https://A.COM and hTTp://b",
        "@@a@b.c",
        "x.com.com.com/a/b c.de",
        "`a` `b www.c.de` d@e.fr`",
        "-a.com --b.org a-.de",
        "ftp://x http://y",
    ],
)
def test_protected_spans_hint_on_samples(text):
    from textfix.spans import protected_spans

    spans = protected_spans(text)
    assert list(zip(spans.starts, spans.ends, strict=True)) == _unguarded_spans(text)


# Texts made of the characters URLs, e-mail addresses, domains and code spans are built from,
# where the anchored search and the whole-text patterns could part ways.
url_soup = st.lists(
    st.sampled_from(
        [
            "a",
            "w",
            "W",
            "www.",
            ".",
            ":",
            "/",
            "://",
            "@",
            "`",
            "-",
            "+",
            " ",
            "\n",
            "http",
            "HTTPS",
            "ftp",
            ".com",
            ".de",
            ".uk",
            "é",
            "_",
            "1",
            "--",
            "=",
            ",",
            "(",
            "[",
            "-x",
            "\u212a",
        ]
    ),
    max_size=40,
).map("".join)


@PROFILE
@given(url_soup)
def test_protected_spans_equal_the_whole_text_patterns(text):
    from textfix.spans import protected_spans

    spans = protected_spans(text)
    assert list(zip(spans.starts, spans.ends, strict=True)) == _unguarded_spans(text)


@PROFILE
@given(
    st.sampled_from(["", "_", "x_", "\u0301", "(", "'", "-", "1"]),
    st.sampled_from(["interior", "reported", "straße", "ѕлово", "knitting", "ǆungla", "şehir"]),
    st.sampled_from([" ", "  ", "\t", " \t "]),
    st.sampled_from(["", "_", ".", ",", "\u0301", "'s", "-x", "ing"]),
    st.sampled_from(["", "The ", "a b c "]),
)
def test_doubled_screen_never_hides_a_d102_pair(before, word, gap, after, lead):
    """D102's screen reads residue's screen words (shared, read once per text): wherever the
    rule's pattern finds a pair, the screen must say yes, whatever sticks to the copies."""
    from textfix.passes.doubled import CONTENT_DOUBLED_RE, DoubledWordsPass

    text = f"{lead}{before}{word}{gap}{word}{after} end"
    if CONTENT_DOUBLED_RE.search(text):
        assert DoubledWordsPass.screen(text), text


def test_fix_plans_leave_out_rules_the_mode_cannot_apply():
    """A fix only needs the rules whose fix the mode applies: report-only families (doubled,
    entities, consistency...) cost nothing in ``fix``, and their findings never change its output."""
    safe, unsafe = DEFAULT._plan_for(False), DEFAULT._plan_for(True)
    assert all(RULES[c].fix is Applicability.SAFE for c in safe.codes)
    assert all(RULES[c].fix in (Applicability.SAFE, Applicability.UNSAFE) for c in unsafe.codes)
    names = [p.name for p, _, _ in safe.steps]
    assert "doubled" not in names and "consistency" not in names and "spacing" in names
    assert DEFAULT._plan_for(None) is DEFAULT._plan
    text = "to the the market , said Anthony Blinken"
    assert DEFAULT.fix(text) == "to the the market, said Anthony Blinken" == plain_fix(DEFAULT, text, False)


def test_each_rule_is_gated_by_its_own_branch():
    """Spacing's rules carry their own trigger branches: French S201 (a mark glued to a word)
    wakes nothing in English text, and in French it admits S201 alone."""
    text = "Il a dit: non"
    en = DEFAULT._plan
    assert not any(c.startswith("S") for c in en.admitted(text, en.scan(text)))
    fr = textfix.default_pipeline(lang="fr")._plan
    assert {c for c in fr.admitted(text, fr.scan(text)) if c.startswith("S")} == {"S201"}
    assert [f.code for f in textfix.default_pipeline(lang="fr").check(text)] == ["S201"]


def test_a_joint_pass_sees_all_its_rules_in_fix_mode():
    """Q104 (report only) claims the mark before a comma, so Q103 leaves it: a fix, which
    needs only Q103, must still enable Q104 in the quotes pass (a regression: without it the
    gated fix removed a space the plain pipeline keeps)."""
    text = '" conflict " " against on from ", with at "nor fish off'
    assert (
        DEFAULT.fix(text) == plain_fix(DEFAULT, text, False) == '"conflict" "against on from ", with at "nor fish off'
    )


def test_plans_follow_a_regraded_rule():
    """Plans are built per mode from the rules' grades; a rule regraded later (the tests'
    as_before_moved_down, benchmarks/precision.py) must not leave a pipeline on the old plan
    (a regression: a cached pipeline kept skipping a rule restored to safe)."""
    from textfix.rules import regrade

    pipe = textfix.default_pipeline()
    text = "to the the market"
    assert pipe.fix(text) == text  # D101 is report only
    d101 = RULES["D101"]
    was = d101.fix
    regrade(d101, Applicability.SAFE)
    try:
        assert pipe.fix(text) == "to the market"
    finally:
        regrade(d101, was)
    assert pipe.fix(text) == text


@PROFILE
@given(texts)
def test_only_fixable_check_is_the_fixable_part_of_a_check(text):
    """``check(only_fixable=True)`` skips the report-only rules and finds, of the rest, what a
    full check finds (the CLI counts hidden unsafe fixes with it)."""
    fixable = {c for c in DEFAULT._codes if RULES[c].fix is not None}
    assert DEFAULT.check(text, only_fixable=True) == [f for f in DEFAULT.check(text) if f.code in fixable]
