"""Decoder residue (R1xx): behaviour beyond the rules' own examples and the golden cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.placeholders import PlaceholderGrammar, find_placeholders, placeholder_counts, repair_hash_placeholder


def codes(text, **kw):
    return [f.code for f in textfix.check(text, select=["R"], **kw)]


def fix(text, **kw):
    return textfix.fix(text, select=["R"], **kw)


# --- loops -----------------------------------------------------------------------------


def test_loop_fix_keeps_one_copy_and_is_unsafe():
    text = "Buy the pocket lamp pocket lamp pocket lamp today."
    (f,) = textfix.check(text, select=["R101"])
    assert f.applicability is textfix.Applicability.UNSAFE
    assert f.severity is textfix.Severity.WARNING
    assert "repeated 3 times" in f.message
    assert fix(text) == text  # unsafe: not applied by default
    assert fix(text, unsafe=True) == "Buy the pocket lamp today."


def test_long_span_twice_only_inside_one_sentence():
    once = "the committee approved the new budget for the city"
    assert codes(f"Yesterday {once} {once} after a long debate.") == ["R101"]
    # The same sentence twice, as two sentences: a writer's repetition, not a loop.
    assert codes(f"Yesterday {once}. Yesterday {once}.") == []


def test_two_copies_of_a_short_phrase_are_not_a_loop():
    assert codes("She said thank you thank you to everyone.") == []


def test_the_loop_screen_works_out_its_condition_once_per_text(monkeypatch):
    """The gate asks the loop screen of every text a check sees and the pass asks it again of
    the same text: the loop condition is worked out once (on 100 KB of quote-bracket soup it
    cost 25 ms each time)."""
    from textfix.passes import residue

    asked = []
    real = residue._pairs
    monkeypatch.setattr(residue, "_pairs", lambda toks, k: asked.append(k) or real(toks, k))
    text = "Use a pocket magnifier magnifier magnifier for reading."
    assert residue._may_loop(text)
    assert residue._may_loop(text)
    assert asked == [1]
    assert [f.code for f in textfix.check(text, select=["R101"])] == ["R101"]


def test_the_loop_screen_answers_for_the_text_it_is_asked():
    from textfix.passes.residue import _may_loop

    loop = "the card card card card is new"
    clean = "the card is new and the price is low"
    assert _may_loop(loop)
    assert not _may_loop(clean)
    assert _may_loop(loop)
    assert not _may_loop("".join(["the card is new ", "and the price is low"]))
    assert _may_loop("".join(["the card card ", "card card is new"]))


def test_loops_do_not_cross_lines():
    assert codes("item\nitem\nitem\nitem") == []


@pytest.mark.parametrize(
    "text",
    [
        "It is very, very, very good.",
        "He ran and ran and ran.",
        "Step by step by step we got there.",
        '"Go, go, go!" they shouted.',
        "The choir sang “la la la” softly.",
        "Call 555 555 555 now.",
        "a\tb\ta\tb\ta\tb",
        "Ho ho ho, merry Christmas.",
    ],
)
def test_deliberate_repetition_is_left_alone(text):
    assert codes(text) == []
    assert fix(text, unsafe=True) == text


# --- untranslated runs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("The shop 新宿店 opens.", "Chinese (Han)"),
        ("Buy it at the オンラインストア now.", "Japanese"),
        ("The word машина was left.", "Cyrillic"),
        ("He wrote שלום on the wall.", "Hebrew"),
        ("The label said مرحبا only.", "Arabic"),
        ("The screen shows 안녕하세요 today.", "Korean (Hangul)"),
    ],
)
def test_untranslated_run_names_its_script(text, script):
    (f,) = textfix.check(text, select=["R102"])
    assert script in f.message
    assert not f.edits


def test_untranslated_knows_the_text_language():
    # Cyrillic in Russian text is the text itself.
    assert textfix.check("Москва и Киев", lang="ru", select=["R102"]) == []


def test_untranslated_run_copied_from_source_says_so():
    (f,) = textfix.check("Fresh 蟹 today", select=["R102"], source="新鮮な蟹")
    assert "copied from the source" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "Kaizen (Japanese: 改善) means improvement.",
        "The slogan «Слава Україні» (Glory to Ukraine) was painted.",
        "They wrote 「改善」, meaning improvement.",
        "Temperature fell to 5 °С overnight.",
    ],
)
def test_cited_foreign_words_are_not_flagged(text):
    assert codes(text) == []


# --- model tokens, joiners, escapes, entities ------------------------------------------


def test_unk_without_source_has_no_fix():
    (f,) = textfix.check("Thanks <unk>", select=["R103"])
    assert not f.edits


def test_unk_takes_the_one_mark_of_the_source():
    src = "Sie sagte »Ja« und ging."
    # Two candidates (» and «) in the source: not certain, so no fix.
    (f,) = textfix.check("She said <unk>Yes", select=["R103"], source=src)
    assert not f.edits
    (g,) = textfix.check("Thanks <unk>", select=["R103"], source="Danke ☺")
    assert g.edits and g.applicability is textfix.Applicability.UNSAFE
    assert fix("Thanks <unk>", unsafe=True, source="Danke ☺") == "Thanks ☺"


def test_url_token_with_one_source_url():
    src = "Infos: https://example.org/a und mehr"
    assert fix("Info: <url> and more", unsafe=True, source=src) == "Info: https://example.org/a and more"
    # Two URLs in the source: which one is not certain.
    two = "https://a.org und https://b.org"
    assert fix("<url> and <url>", unsafe=True, source=two) == "<url> and <url>"


def test_residue_also_in_the_source_stays():
    assert textfix.check("Use &amp; here", select=["R"], source="Nutze &amp; hier") == []
    assert textfix.check("the <unk> token", select=["R"], source="das <unk> Token") == []
    assert textfix.check("a \\n b", select=["R"], source="a \\n b") == []


def test_entities_are_kept_in_markup():
    assert codes("<span>A &amp; B</span>") == []
    # Model tokens are not markup: the entity beside one is still unescaped.
    assert fix("A &amp; B <unk>") == "A & B <unk>"


def test_double_escaped_entity_unescapes_in_rounds():
    assert fix("Tom &amp;amp; Jerry") == "Tom & Jerry"


def test_sentencepiece_marker():
    assert fix("▁The▁cat sat", unsafe=True) == "The cat sat"
    assert codes("levels ▁▂▃▄ rising") == []


# --- placeholders ------------------------------------------------------------------------


def test_placeholder_grammar_builtins():
    text = "{0} {name} {{ user }} %s %1$s $HOME ${path} <b>x</b> #NAME# 50%s 5 %d"
    found = [p.text for p in find_placeholders(text)]
    assert found == ["{0}", "{name}", "{{ user }}", "%s", "%1$s", "$HOME", "${path}", "<b>", "</b>", "#NAME#", "%d"]
    assert placeholder_counts("{{ a }} {{a}}")["{{a}}"] == 2
    assert [p.text for p in find_placeholders("costs $5 and <unk> and <Toraya>")] == []


def test_placeholder_grammar_takes_extra_patterns():
    g = PlaceholderGrammar([r"\[\[[a-z]+\]\]"])
    assert [(p.kind, p.text) for p in g.find("Hi [[user]] and {0}")] == [
        ("custom1", "[[user]]"),
        ("brace-index", "{0}"),
    ]


@pytest.mark.parametrize(
    ("damaged", "fixed"),
    [
        ("# PRS_ORG #", "#PRS_ORG#"),
        ("#Product 1 #", "#Product1#"),
        ("# PRS ORG #", "#PRS_ORG#"),
        ("#NUMBER #", "#NUMBER#"),
        ("#New idea #", None),  # not a known name: a hashtag
        ("#PRS_ORG#", None),  # intact
    ],
)
def test_repair_hash_placeholder(damaged, fixed):
    assert repair_hash_placeholder(damaged) == fixed


def test_configured_placeholder_names_are_repaired():
    p = textfix.Pipeline(select=["R107"], options={"residue": {"placeholder_names": ["CITY"]}})
    assert p.fix("Welcome to # CITY #!") == "Welcome to #CITY#!"
    assert textfix.fix("Welcome to # CITY #!", select=["R107"]) == "Welcome to # CITY #!"


def test_placeholder_name_known_from_the_source_or_the_text():
    assert fix("# Shop #", source="#Shop# hat offen") == "#Shop#"
    assert fix("#Shop# and # Shop #") == "#Shop# and #Shop#"


def test_source_keyword_equals_context():
    text, src = "Thanks <unk>", "Danke ☺"
    assert textfix.check(text, source=src) == textfix.check(text, context={"source": src})
    p = textfix.Pipeline(select=["R"])
    assert p.fix_and_explain(text, True, source=src)[0] == "Thanks ☺"
    with pytest.raises(TypeError):
        p.check(text, source=3)


def test_trigger_skips_only_blocks_without_a_script_letter():
    """The residue trigger ignores Latin, Greek, punctuation, symbols and emoji blocks; no code
    point there may be a letter of a script the untranslated-run rule looks for."""
    import regex

    from textfix.passes.residue import CJK, NOT_SCRIPT_RANGES, TRIGGER

    scripts = regex.compile(rf"[{CJK}\p{{Hangul}}\p{{Cyrillic}}\p{{Hebrew}}\p{{Arabic}}]")
    for a, b in NOT_SCRIPT_RANGES:
        assert not [hex(c) for c in range(a, b + 1) if scripts.match(chr(c))], (hex(a), hex(b))
    assert TRIGGER.search("Café “Zürich” — 5 € · naïve 😀 → ●") is None
    for woken in (
        "北海道",
        "ソ",
        "한",
        "Ж",
        "א",
        "ع",
        "ー",
        "a▁b",
        "a&amp;b",
        "#X#",
        "<unk>",
        "a\\nb",
        "x@@ y",
        "[UNK]",
    ):
        assert TRIGGER.search(woken), woken


def test_gloss_on_another_line_does_not_cite_a_foreign_run():
    """Regression: the gloss test read 60 characters across line ends, so in a document a
    Japanese run at the end of a line was taken as glossed by the next line's bracket, while
    the same line alone was reported: a line's findings must not depend on its neighbours."""
    alone = [f.code for f in textfix.check("#のカニ、解禁", select=["R102"])]
    assert alone == ["R102"]
    document = "#のカニ、解禁\n(Product 1) crab season opens"
    assert [f.code for f in textfix.check(document, select=["R102"])] == ["R102"]
    # A gloss on the same line still counts.
    assert textfix.check("The word 解禁 (the opening of the season) is on every sign.", select=["R102"]) == []


# -- the loop search in C-level passes (issue 15) -----------------------------------------------


def _reference_loop_periods(toks: list[str]) -> list[int]:
    """The word-by-word period count that _loops' C-level passes replaced (issue 15): pairs of equal
    words k apart, per k up to MAX_LONG, from each word's last positions."""
    from textfix.passes.residue import MAX_LONG, MAX_SHORT, MIN_LONG

    last: dict[str, list[int]] = {}
    pairs: dict[int, int] = {}
    for i, t in enumerate(toks):
        seen = last.setdefault(t, [])
        for p in reversed(seen):
            if i - p > MAX_LONG:
                break
            pairs[i - p] = pairs.get(i - p, 0) + 1
        seen.append(i)
    return sorted(k for k, c in pairs.items() if c >= (k if k >= MIN_LONG else 2 * k) and not MAX_SHORT < k < MIN_LONG)


def _reference_loops(toks: list[str], periods: list[int]) -> list[tuple[int, int, int]]:
    """The word-by-word run scan that _loops replaced (issue 15)."""
    from textfix.passes.residue import MIN_LONG

    n = len(toks)
    used = [False] * n
    found = []

    def mark(first: int, k: int, run: int) -> None:
        copies = run // k + 1
        for j in range(first, first + copies * k):
            used[j] = True
        found.append((first, k, copies))

    for k in periods:
        need = k if k >= MIN_LONG else 2 * k
        run = 0
        for i in range(n - k):
            if toks[i] == toks[i + k] and not used[i] and not used[i + k]:
                run += 1
                continue
            if run >= need:
                mark(i - run, k, run)
            run = 0
        if run >= need:
            mark(n - k - run, k, run)
    return found


# Few distinct words, so that loops of every period, overlapping loops and long runs are common:
# random words, and runs of short phrases repeated back to back.
_loop_words = st.lists(st.sampled_from("abcd"), max_size=120)
_repeated_phrases = st.lists(
    st.tuples(st.lists(st.sampled_from("abc"), min_size=1, max_size=7), st.integers(1, 5)), max_size=12
).map(lambda runs: [w for phrase, times in runs for w in phrase * times])


@given(toks=st.one_of(_loop_words, _repeated_phrases))
@settings(max_examples=400, deadline=None)
def test_loop_search_equals_the_word_by_word_scan(toks):
    from textfix.passes.residue import _loops

    assert _loops(toks) == _reference_loops(toks, _reference_loop_periods(toks))


def test_loop_search_splits_a_run_at_the_words_an_earlier_loop_took():
    from textfix.passes.residue import _loops

    # Period 1 takes a a a a; the period-2 pairs that touch those words are no longer pairs.
    toks = list("aaaabababab")
    assert _loops(toks) == _reference_loops(toks, [1, 2]) == [(0, 1, 4), (4, 2, 3)]
    # A run of one period starts past the words that period's last loop took: "b c b c b c"
    # after the loop "a b a b a b" shares its first b, so only three pairs are left.
    toks = list("abababcbcbc")
    assert _loops(toks) == _reference_loops(toks, [2]) == [(0, 2, 3)]


def test_loop_search_takes_long_periods_up_to_max_long():
    from textfix.passes.residue import MAX_LONG, MIN_LONG, _loops

    for k in (MIN_LONG, MAX_LONG, MAX_LONG + 1):
        toks = [f"w{j}" for j in range(k)] * 2
        expected = [(0, k, 2)] if k <= MAX_LONG else []
        assert _loops(toks) == _reference_loops(toks, _reference_loop_periods(toks)) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["word", "Ünï", "e\u0301", "_x", "it's", "’", "-", "7", " ", "\t", ",", "“", "«", "中文", "\ud800", "a"]
        ),
        max_size=20,
    )
)
def test_word_spans_are_the_word_regex_spans(parts):
    """The loop finding's word places (one translate and a split) are WORD_RE's matches."""
    from textfix.passes.residue import WORD_RE, _word_spans

    line = "".join(parts)
    starts, ends = _word_spans(line)
    assert list(zip(starts, ends, strict=True)) == [m.span() for m in WORD_RE.finditer(line)]


def test_loop_finding_asks_the_quote_index_only_when_it_reads_it():
    """The quote index of a line is counted on its first question; what it answers is the same."""
    from textfix.passes.residue import _QuoteIndex

    line = 'He said “go, go, go” and "stop"'
    index = _QuoteIndex(line)
    assert not hasattr(index, "curly")
    assert index.inside(9, 19) and index.inside(26, 30)
    assert not index.inside(0, 7) and not index.inside(21, 24)
