"""Decoder residue: traces of the translation engine itself left in its output.

Finds repetition loops (a phrase the decoder emits again and again), runs of a script
foreign to the text's language (source words the engine copied instead of translating),
vocabulary tokens (``<unk>``, ``</s>``, SentencePiece ``▁``, BPE ``@@``), literal ``\\n``
escapes and HTML entities from the data pipeline, and anonymisation placeholders the
tokenizer split apart (``# PRS_ORG #``).  Neural decoders produce loops when attention stalls,
copy source tokens they cannot map, and emit special tokens when the vocabulary or the
post-processing does not match the model.

>>> from textfix import fix, check
>>> fix("Visit the #Product 1 # store and the black@@ board", select=["R"])
'Visit the #Product1# store and the blackboard'
>>> [f.code for f in check("the card card card card is new", select=["R"])]
['R101']
>>> [f.code for f in check("Official store 公式オンラインストア opens", select=["R"])]
['R102']

When the source text is given (``context={"source": ...}``), residue that the source
itself contains (a ``&amp;`` or ``#TAG#`` in the source) is left alone, a repetition the
source has too (onomatopoeia, a refrain) is not a loop, and an ``<unk>`` is replaced (unsafe)
by the one mark of the source that the target lacks.

Decisions (issue 16).  ``<unk>`` without a source that names its one candidate is reported and
never deleted: it stands for a word or character the model could not produce, and deleting it
would hide the gap from the post-editor who must fill it.  A literal ``\\n`` (R105) is reported
and never turned into a line break: that would change the number of lines, which no fix may
do (aligned files, line-numbered findings), and in code (``printf("done\\n")``) the escape is
the code's own, so R105 stays quiet on a line that looks like code.

Never touched: URLs, e-mail addresses and inline code; foreign words quoted or bracketed
beside a gloss (``kaizen (改善)``); emoji, symbols and mathematical letters; deliberate
repetition (``very, very``, ``no, no, no``, ``bye bye``, ``again and again``, ``come in,
come in, come in``: a phrase repeated with commas between the copies, refrains in quotes);
numbers, tables and lists; markup (no entity unescaping in text that has tags).
"""

from __future__ import annotations

import bisect
import html
import itertools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence

import regex

from textfix._chars import CharTable
from textfix.documents import source_evidence
from textfix.model import Applicability, Document, Edit, Finding, Pass, Severity, rules_screen, rules_trigger
from textfix.options import Option
from textfix.placeholders import (
    KNOWN_HASH_NAME_RE,
    SPLIT_HASH_GLUED_RE,
    SPLIT_HASH_RE,
    find_placeholders,
    repair_hash_placeholder,
)
from textfix.rules import rule

FAMILY = "residue"

# Blocks that hold no letter of the scripts SCRIPT_RUN_RE looks for: Latin, Greek, general
# punctuation, symbols, arrows, box drawing, dingbats, emoji (tests/test_residue.py checks
# every code point).  Curly quotes, dashes and accented Latin letters, the non-ASCII of most
# English text, then wake nothing.
NOT_SCRIPT_RANGES = (
    (0x0000, 0x03FF),
    (0x1E00, 0x1EFF),
    (0x2000, 0x27BF),
    (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF),
    (0xFE00, 0xFE0F),
    (0x1F300, 0x1FAFF),
)


def _loop_screen(text: str) -> bool:
    # A loop is the same phrase again, which no regular expression without backreferences
    # (so no trigger) can see: a cheap duplicate-word test (below) runs instead.
    return _may_loop(text)


REPETITION_LOOP = rule(
    "R101",
    "repetition-loop",
    family=FAMILY,
    summary="Phrase repeated in a loop",
    why="A decoder whose attention stalls emits the same word or phrase again and again; a "
    "short phrase three times back to back, or a long one twice in one sentence, is almost "
    "never the writer's intent.",
    bad="Use a pocket magnifier magnifier magnifier for reading.",
    good="Use a pocket magnifier for reading.",
    keep=[
        "It was very, very cold.",
        '"No, no, no," she said.',
        "Bye bye, see you soon.",
        "I called again and again and again.",
        'The chant went "la la la la" all night.',
        "Codes 7 7 7 won.",
        "col | col | col",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "unsafe"},
    screen=_loop_screen,
)
UNTRANSLATED = rule(
    "R102",
    "untranslated-script-run",
    family=FAMILY,
    summary="Run of a script foreign to the text's language",
    why="Engines copy source words they cannot translate, so kana, Han characters or Cyrillic "
    "remain inside an English sentence.",
    bad="Fresh crab from 北海道 is on sale.",
    good="Fresh crab from Hokkaido is on sale.",
    keep=[
        "The word kaizen (改善) means improvement.",
        'The banner read "Слава Україні" ("Glory to Ukraine").',
        "Great job 👍 and 2 × 3 = 6",
        "Let 𝑥 be a real number, and α the angle.",
        "【Official】Mail order",
        "The WНO data",
    ],
    fix=None,
    languages=("en", "de", "fr", "es", "it", "pt", "nl", "cs", "pl", "sv", "da", "no", "fi", "et", "lv", "lt"),
    # Any character outside the blocks above: a superset of the scripts of untranslated runs
    # that RE2 reads exactly (script properties it would widen to any character).
    trigger="[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in NOT_SCRIPT_RANGES) + "]",
)
MODEL_TOKEN = rule(
    "R103",
    "model-token",
    family=FAMILY,
    summary="Decoder vocabulary token in the text",
    why="Special tokens (``<unk>``, ``<s>``, ``</s>``, ``<pad>``, ``<url>``) and SentencePiece's "
    "``▁`` word marker leak into the output when post-processing does not match the model.",
    bad="The shop is open today<pad>",
    good="The shop is open today",
    keep=["Use the <b>bold</b> tag.", "a chart ▁▂▃▅▇ of sales", "The less-than sign < is used."],
    fix=Applicability.UNSAFE,
    trigger=r"[<\[▁]",  # <unk>-style and [UNK]-style tokens, SentencePiece's word marker
)
BPE_JOINER = rule(
    "R104",
    "bpe-joiner",
    family=FAMILY,
    summary="BPE continuation marker ``@@`` left in a word",
    why="Subword-NMT marks split words with ``@@ ``; the marker stays when the output is not post-processed.",
    bad="a new black@@ board and chalk",
    good="a new blackboard and chalk",
    keep=["mail me at a@@b", "the @@ sign", "Ping @user now"],
    fix=Applicability.SAFE,
    trigger="@@",
)
ESCAPED_NEWLINE = rule(
    "R105",
    "escaped-newline",
    family=FAMILY,
    summary="Literal ``\\n`` escape in plain text (reported, never repaired)",
    why="Segments exported from JSON or code keep ``\\n`` as two characters when a pipeline "
    "forgets to unescape them.  Turning it into a line break would change the number of lines, "
    "which no fix may do: reported only.",
    bad="First line.\\nSecond line.",
    good="First line.\\nSecond line.",
    keep=["Open C:\\new\\file.txt", "Use `\\n` in code", "Type \\\\n to escape", 'Call printf("done\\n"); now'],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "unsafe"},
    trigger=r"\\",
)
HTML_ENTITY = rule(
    "R106",
    "html-entity",
    family=FAMILY,
    summary="HTML entity in plain text",
    why="Web-crawled training data and HTML pipelines leave ``&quot;``, ``&amp;`` and numeric "
    "entities in the output; in plain text they are certainly the escaped character.",
    bad="He said &quot;yes&quot; to AT&amp;T&#8217;s offer.",
    good='He said "yes" to AT&T’s offer.',
    keep=["Salt & pepper", "R&D; sales", "<p>Tom &amp; Jerry</p>", "See http://x.org/?a=1&amp;b=2"],
    fix=Applicability.SAFE,
    trigger="&",
)
BROKEN_PLACEHOLDER = rule(
    "R107",
    "broken-placeholder",
    family=FAMILY,
    summary="Placeholder split or respaced",
    why="Tokenizers split placeholders at punctuation and digits, and the detokenizer does not "
    "put them back: ``#PRS_ORG#`` comes out as ``# PRS_ORG #``.",
    bad="Buy # Product 1 # from #PRS_ORG # today.",
    good="Buy #Product1# from #PRS_ORG# today.",
    keep=["#New idea #Spray", "## # MBundestag greets", "#Product1# and #Product2#", "Room # 5 # 6"],
    fix=Applicability.SAFE,
    trigger="#",
)

# --- repetition loops -------------------------------------------------------------------

WORD_RE = regex.compile(r"[\p{L}\p{M}\p{N}_'’-]+")
MAX_SHORT = 8  # a phrase of 1..8 words repeated three times
MIN_LONG, MAX_LONG = 6, 40  # a span of 6..40 words repeated twice in one sentence
# Repetition people write on purpose: interjections, intensifiers, sounds, children's talk.
DELIBERATE = frozenset(
    """ha haha he hehe hi ho hoo la na no yes yeah yep oh ah aw bye very so really much more
    many blah tut knock tick tock chop boom bang wow hey yay woo hip hooray rah go run come
    please help never now next wait stop ok okay hello bravo encore cha choo ding dong tsk
    zzz baa moo meow woof buzz beep honk clap tap yum mm hmm um uh er sh shh""".split()
)
CONJUNCTIONS = frozenset({"and", "or", "by", "after", "to", "upon", "for", "und", "et", "y", "a"})
SENTENCE_END = regex.compile(r"[.!?。！？]")

# --- untranslated script runs -------------------------------------------------------------

# The script classes a text in a Latin-script language should not contain, with the name the
# message gives.  Kana go with Han: a Japanese run mixes them.
CJK = r"\p{Han}\p{Hiragana}\p{Katakana}ー々〆"
SCRIPT_RUN_RE = regex.compile(
    rf"(?P<cjk>[{CJK}](?:[{CJK}、・ 　]{{0,200}}[{CJK}])?)"
    r"|(?P<hangul>\p{Hangul}+(?:[ ]\p{Hangul}+)*)"
    r"|(?P<cyrillic>\p{Cyrillic}+(?:[ '’-]\p{Cyrillic}+)*)"
    r"|(?P<hebrew>\p{Hebrew}+(?:[ '-]\p{Hebrew}+)*)"
    r"|(?P<arabic>\p{Arabic}+(?:[ ]\p{Arabic}+)*)"
)
# Han characters used as punctuation in Chinese titles ("新闻丨标题").
HAN_PUNCT = frozenset("丨")
LATIN_OR_DIGIT = regex.compile(r"[\p{Latin}\p{N}]")
OPENERS = "([（［【〔\"“„«「『'‘"
CLOSERS = ")]）］】〕\"”»」』'’"
GLOSS_AFTER_RE = regex.compile(
    r"""^[\"”»」』'’]?\s{0,2}(?:[(\[（]\s{0,2}[\"“'‘]?\p{Latin}|[,—–:-]\s{0,2}(?:meaning|literally|i\.e\.|or|that is|"""
    r"""which means|translated|for|in English)\b|[,—–:-]\s{0,2}[\"“'‘]\p{Latin})""",
    regex.IGNORECASE,
)
# "(Japanese: ", "(Russian ", "(in Hebrew, ": a language label before the cited run.
LABEL_RE = regex.compile(r"(?:\s{0,2}\p{Latin}{1,20}[:,]?){1,3}$")

# --- model tokens, escapes, entities ------------------------------------------------------

MODEL_TOKEN_RE = regex.compile(
    r"<(?:unk|pad|/?s|url|mask|sep|cls|eos|bos)>|\[(?:UNK|PAD|MASK|SEP|CLS)\]", regex.IGNORECASE
)
SP_MARK_RE = regex.compile(r"▁+")
BLOCKS = regex.compile(r"[\u2580-\u259f]")
BPE_RE = regex.compile(r"(?<=[\p{L}\p{N}])@@ (?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}])@@$", regex.MULTILINE)
ESCAPE_RE = regex.compile(r"(?<!\\)(?:\\r)?\\n(?![a-z0-9])")
ENTITY_RE = regex.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31};|#[ ]?[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};)")
MARKUP_RE = regex.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,200})?/?>")
# What a <unk> may stand for: symbols and emoji, and quotation marks.  Commas, stops and
# brackets are not candidates: the target writes them in its own script's forms anyway.
MARKS = {"So", "Sm", "Sc", "Sk", "Pi", "Pf"}

# The pass's trigger is the union of its rules' branches; loops need no character of their
# own (R101 has its screen, and the union as its branch).
FAMILY_RULES = (
    REPETITION_LOOP,
    UNTRANSLATED,
    MODEL_TOKEN,
    BPE_JOINER,
    ESCAPED_NEWLINE,
    HTML_ENTITY,
    BROKEN_PLACEHOLDER,
)
TRIGGER = rules_trigger(*FAMILY_RULES)


# On ASCII, WORD_RE's class is exactly [A-Za-z0-9_'-]: every other ASCII character becomes a
# blank (and capitals small letters), and str.split finds WORD_RE's words, lowered.
_ASCII_NON_WORD_LOWER = str.maketrans(
    {
        **{c: " " for c in map(chr, range(128)) if not (c.isalnum() or c in "_'-")},
        **{c: c.lower() for c in map(chr, range(65, 91))},
    }
)


_ASCII_NON_WORD_LOWER_BYTES = bytes(ord(_ASCII_NON_WORD_LOWER.get(b, chr(b))) if b < 128 else b for b in range(256))


def _lower_words(line: str) -> list[str]:
    """The lower-cased words of WORD_RE.  On ASCII one translate() blanks the non-word
    characters and lowers the rest; otherwise one translate() blanks them, and one lower()
    runs over the joined words (no word holds a newline, and a newline ends the context of
    lower()'s final-sigma rule, so it equals lowering each word)."""
    if line.isascii():
        return line.translate(_ASCII_NON_WORD_LOWER).split()
    words = line.translate(_WORDS_KEPT).split()
    return "\n".join(words).lower().split("\n") if words else []


# A character of WORD_RE's class stays, any other becomes a blank (no word character is
# one): the text keeps its length, and its split is WORD_RE's words.
_WORDS_KEPT = CharTable(lambda ch: ch if WORD_RE.match(ch) else " ")
# A word character becomes its case fold, any other a blank.  Splitting the result gives
# WORD_RE's words case-folded: equal where their lower-case forms are equal (case folding is
# coarser than lowering, final sigma included), which is all the loop screen needs.
_CASEFOLD_WORDS = CharTable(lambda ch: ch.casefold() if WORD_RE.match(ch) else " ")


# The last text's words: the loop screen and doubled's D102 screen run on every text a check
# sees, and the pass asks the loop screen again when it runs.  One slot, replaced whole (safe
# across threads).
_LAST_WORDS: tuple[str, list[bytes] | list[str]] = ("", [])


def screen_words(text: str) -> list[bytes] | list[str]:
    """WORD_RE's words of ``text``, lowered (ASCII) or case-folded, in C-level calls."""
    global _LAST_WORDS
    last = _LAST_WORDS
    if last[0] is text:
        return last[1]
    if text.isascii():
        # bytes.translate with a 256-byte table is several times cheaper than str.translate.
        words: list[bytes] | list[str] = text.encode("ascii").translate(_ASCII_NON_WORD_LOWER_BYTES).split()
    else:
        words = text.translate(_CASEFOLD_WORDS).split()
    _LAST_WORDS = (text, words)
    return words


# The last text's repeats (below), in one slot like _LAST_WORDS.
_LAST_REPEATS: tuple[str, int, bool] = ("", 0, False)


def screen_repeats(text: str) -> tuple[int, bool]:
    """How many of the words of ``text`` (screen_words) repeat an earlier one, and whether a
    word follows itself: the first questions of both screens that run on every text (R101's
    here, doubled's D102), asked once."""
    global _LAST_REPEATS
    last = _LAST_REPEATS
    if last[0] is text:
        return last[1], last[2]
    toks = screen_words(text)
    dups = len(toks) - len(set(toks))
    adjacent = dups > 0 and any(map(operator.eq, toks, toks[1:]))
    _LAST_REPEATS = (text, dups, adjacent)
    return dups, adjacent


# The last text the loop condition was worked out for, and the answer, in one slot like
# _LAST_WORDS: the gate asks the screen of every text a check sees, and the pass asks it again
# of the same text when it runs.
_LAST_LOOP: tuple[str | None, bool] = (None, False)


def _may_loop(text: str) -> bool:
    """False when no line of ``text`` can hold a loop: the duplicate-word tests of
    :func:`_line_loops`, on the words of the whole text at once (a superset: words of
    different lines only add duplicates), in C-level calls.  Runs on every text."""
    global _LAST_LOOP
    dups, adjacent = screen_repeats(text)
    # Three copies of a word need two duplicates; of a longer phrase, four; two long copies, six.
    if dups < 2:
        return False
    last = _LAST_LOOP
    if last[0] is text:
        return last[1]
    toks = screen_words(text)
    n = len(toks)
    # A word follows itself (a loop of period 1), or four adjacent words occur twice (any longer
    # period: see _line_loops).  Running text seldom has either (benchmarks/results/prefilters.md).
    if not adjacent and (dups < 4 or len(set(zip(toks, toks[1:], toks[2:], toks[3:], strict=False))) == n - 3):
        return False
    # Those few are asked the loop rule's own condition, on the words of the whole text: a
    # period k < MIN_LONG needs 2k positions in a row with toks[i] == toks[i + k] (one C-level
    # comparison of the words with themselves shifted); a longer one repeats MIN_LONG words.
    answer = any(n - k >= 2 * k and b"\x01" * (2 * k) in _pairs(toks, k) for k in range(1, MIN_LONG)) or (
        dups >= MIN_LONG and _recurring_grams(toks) is not None
    )
    _LAST_LOOP = (text, answer)
    return answer


def _pairs(toks: Sequence[object], k: int) -> bytes:
    """One byte per position i < len(toks) - k: 1 where toks[i] == toks[i + k], else 0 (one
    C-level comparison of the words with themselves shifted)."""
    return bytes(map(operator.eq, toks, itertools.islice(toks, k, None)))


def _recurring_grams(toks: Sequence[object]) -> list[tuple[object, ...]] | None:
    """The runs of MIN_LONG consecutive words, in order, when one of them occurs twice (what
    a long loop holds); else None."""
    grams = list(zip(*(itertools.islice(toks, j, None) for j in range(MIN_LONG)), strict=False))
    return grams if len(set(grams)) < len(grams) else None


_KANA_RE = regex.compile(r"[\p{Hiragana}\p{Katakana}ー]")
_MODEL_TAG_RE = regex.compile(r"</?(?:unk|pad|s|url|mask|sep|cls|eos|bos)>", regex.IGNORECASE)


class ResiduePass(Pass):
    name = FAMILY
    line_local = True
    rules = FAMILY_RULES
    trigger = TRIGGER
    option_specs = (
        Option("placeholder_names", list, (), "extra `#NAME#` placeholder names a split marker may be repaired to"),
    )

    # The pass's screen is its rules' (R101's loop screen), for callers that ask the pass.
    screen = staticmethod(rules_screen(*FAMILY_RULES))

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.wants(REPETITION_LOOP) and _may_loop(doc.text):
            yield from self._loops(doc)
        source = doc.context.get("source")
        source = source if isinstance(source, str) else None
        if doc.wants(UNTRANSLATED) and not doc.text.isascii():
            yield from self._untranslated(doc, source)
        if doc.wants(MODEL_TOKEN):
            yield from self._model_tokens(doc, source)
        if doc.wants(BPE_JOINER) and "@@" in doc.text and (source is None or "@@" not in source):
            for m in BPE_RE.finditer(doc.text):
                if not doc.is_protected(m.start(), m.end()):
                    yield doc.finding(BPE_JOINER, m.start(), m.end(), edits=[Edit(m.start(), m.end(), "")])
        if doc.wants(ESCAPED_NEWLINE) and "\\" in doc.text and (source is None or "\\n" not in source):
            for m in ESCAPE_RE.finditer(doc.text):
                if not doc.is_protected(m.start(), m.end()) and not _code_line(doc.text, m.start()):
                    yield doc.finding(ESCAPED_NEWLINE, m.start(), m.end())
        if doc.wants(HTML_ENTITY) and "&" in doc.text:
            yield from self._entities(doc, source)
        if doc.wants(BROKEN_PLACEHOLDER) and "#" in doc.text:
            yield from self._placeholders(doc, source)

    # -- loops --------------------------------------------------------------------------

    def _loops(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if "\n" not in text:  # one line, most texts: no slicing
            if "|" not in text and "\t" not in text:
                yield from _line_loops(doc, 0, text)
            return
        start = 0
        for line_end in _line_ends(text):
            line = text[start:line_end]
            if "|" not in line and "\t" not in line:
                yield from _line_loops(doc, start, line)
            start = line_end + 1

    # -- untranslated runs ----------------------------------------------------------------

    def _untranslated(self, doc: Document, source: str | None) -> Iterator[Finding]:
        text = doc.text
        for m in SCRIPT_RUN_RE.finditer(text):
            kind = m.lastgroup or ""
            s, e = m.span()
            run = m.group()
            if kind == "cjk":
                if all(c in HAN_PUNCT for c in run):
                    continue
                script = "Japanese" if _KANA_RE.search(run) else "Chinese (Han)"
            else:
                # A lone letter, or letters glued to Latin letters or digits (WНO, 105х195),
                # are look-alike characters, not copied words: the unicode family's business.
                if sum(1 for c in run if c.isalpha()) < 2:
                    continue
                if (s > 0 and LATIN_OR_DIGIT.match(text[s - 1])) or (e < len(text) and LATIN_OR_DIGIT.match(text[e])):
                    continue
                script = {"hangul": "Korean (Hangul)", "cyrillic": "Cyrillic", "hebrew": "Hebrew", "arabic": "Arabic"}[
                    kind
                ]
            if doc.is_protected(s, e) or _is_cited(text, s, e):
                continue
            copied = source is not None and run in source
            msg = f"{script} text left untranslated" + (" (copied from the source)" if copied else "")
            yield doc.finding(UNTRANSLATED, s, e, msg)

    # -- model tokens ---------------------------------------------------------------------

    def _model_tokens(self, doc: Document, source: str | None) -> Iterator[Finding]:
        text = doc.text
        if "<" in text or "[" in text:
            unk_fill = _unk_candidate(text, source) if source is not None else None
            source_urls = _urls(source) if source is not None else []
            for m in MODEL_TOKEN_RE.finditer(text):
                tok = m.group()
                low = tok.lower()
                if source is not None and tok in source:
                    continue  # the source has the same token: not the engine's doing
                if doc.is_protected(m.start(), m.end()):
                    continue
                edits: list[Edit] = []
                msg = f"decoder token {tok} in the text"
                if low in ("<unk>", "[unk]"):
                    msg = "unknown-word token <unk>: a character or word the model could not produce"
                    if unk_fill is not None:
                        edits = [Edit(m.start(), m.end(), unk_fill)]
                        msg += f" (the source has {unk_fill!r})"
                elif low == "<url>":
                    if len(source_urls) == 1:
                        edits = [Edit(m.start(), m.end(), source_urls[0])]
                else:
                    edits = [_delete_token(text, m.start(), m.end())]
                yield doc.finding(MODEL_TOKEN, m.start(), m.end(), msg, edits)
        if "▁" in text and (source is None or "▁" not in source):
            for m in SP_MARK_RE.finditer(text):
                s, e = m.span()
                before = text[s - 1] if s else ""
                after = text[e] if e < len(text) else ""
                # Block elements beside it: a bar chart, not a word marker.
                if BLOCKS.match(before or " ") or BLOCKS.match(after or " "):
                    continue
                if not after.isalnum() or doc.is_protected(s, e):
                    continue
                repl = "" if (not before or before.isspace()) else " "
                yield doc.finding(MODEL_TOKEN, s, e, "SentencePiece word marker ▁ in the text", [Edit(s, e, repl)])

    # -- entities -------------------------------------------------------------------------

    def _entities(self, doc: Document, source: str | None) -> Iterator[Finding]:
        text = doc.text
        # Markup keeps its entities: unescaping &lt; in HTML would create a tag.
        if any(not _MODEL_TAG_RE.fullmatch(t.group()) for t in MARKUP_RE.finditer(text)):
            return
        for m in ENTITY_RE.finditer(text):
            ent = m.group()
            if source is not None and ent in source:
                continue
            if doc.is_protected(m.start(), m.end()):
                continue
            char = html.unescape(ent.replace("# ", "#"))
            if char == ent or not char:
                continue  # not an entity HTML knows
            yield doc.finding(
                HTML_ENTITY,
                m.start(),
                m.end(),
                f"HTML entity {ent} for {char!r}",
                [Edit(m.start(), m.end(), char)],
            )

    # -- placeholders ---------------------------------------------------------------------

    def _placeholders(self, doc: Document, source: str | None) -> Iterator[Finding]:
        text = doc.text
        known = {p.text.strip("#") for p in find_placeholders(text) if p.kind == "hash"}
        known.update(self.option("placeholder_names"))
        src_marks = set()
        if source is not None:
            src_marks = {p.text for p in find_placeholders(source) if p.kind == "hash"}
            known.update(p.strip("#") for p in src_marks)
        matches = list(SPLIT_HASH_RE.finditer(text))
        if src_marks:
            matches += SPLIT_HASH_GLUED_RE.finditer(text)
        for m in matches:
            damaged = m.group()
            if source is not None and damaged in source:
                continue
            fixed = repair_hash_placeholder(damaged, known)
            if fixed is None or doc.is_protected(m.start(), m.end()):
                continue
            if src_marks and fixed not in src_marks and not KNOWN_HASH_NAME_RE.fullmatch(fixed.strip("#")):
                continue
            if m.re is SPLIT_HASH_GLUED_RE and fixed not in src_marks:
                continue
            yield doc.finding(
                BROKEN_PLACEHOLDER,
                m.start(),
                m.end(),
                f"placeholder {fixed} split as {damaged!r}",
                [Edit(m.start(), m.end(), fixed)],
            )


# Code around an escape: a string literal in a call or an assignment, a statement's end.
CODE_LINE_RE = regex.compile(r"""[=;{}<>|]|\(["']|["']\)""")


def _code_line(text: str, i: int) -> bool:
    """Code punctuation on the line around ``i``, up to 80 characters each way (the whole line
    per escape was quadratic on one long line)."""
    ls = text.rfind("\n", max(0, i - 80), i) + 1 or max(0, i - 80)
    le = text.find("\n", i, i + 80)
    return CODE_LINE_RE.search(text, ls, min(len(text), i + 80) if le < 0 else le) is not None


# A repetition in the source: one to twelve characters (a word, a syllable, a character)
# three times or more in a row, with blanks or commas between.
SOURCE_REPEAT_RE = regex.compile(r"(\S{1,12}?)(?:[\s,，、]*\1){2,}")


def _line_ends(text: str) -> Iterator[int]:
    i = text.find("\n")
    while i >= 0:
        yield i
        i = text.find("\n", i + 1)
    yield len(text)


def _line_loops(doc: Document, base: int, line: str) -> Iterator[Finding]:
    """Loops inside one line: O(MAX_LONG * words), no backtracking."""
    # Clean lines (nearly all) leave at the duplicate counts below, found with C-level calls.
    toks = _lower_words(line)
    n = len(toks)
    if n < 3:
        return
    # Three short copies need a word three times; two long ones, six words twice each.
    # Either way at least two words are duplicates.
    if n - len(set(toks)) < 2:
        return
    # A loop of period k is a run of positions i with toks[i] == toks[i + k]: at least 2k
    # long for three short copies, k for two long ones (k >= MIN_LONG).  So either a word
    # follows itself (k = 1) or some four adjacent words occur twice (k >= 2: run >= 4);
    # running text seldom has either.
    four_grams = set(zip(toks, toks[1:], toks[2:], toks[3:], strict=False))
    if len(four_grams) == n - 3 and not any(map(operator.eq, toks, toks[1:])):
        return
    counts = Counter(toks)
    repeated = [c for c in counts.values() if c > 1]
    if not repeated or (max(repeated) < 3 and len(repeated) < MIN_LONG):
        return
    # Only a line past the screens above (a few) costs the calls below.
    found = _loops(toks)
    if not found:
        return
    starts, ends = _word_spans(line)
    words = list(zip(starts, ends, toks, strict=True))
    quotes = _QuoteIndex(line)
    for first, k, copies in found:
        f = _loop_finding(doc, base, line, words, first, k, copies, quotes)
        if f is not None:
            yield f


def _word_spans(line: str) -> tuple[list[int], list[int]]:
    """The starts and the ends of WORD_RE's words in ``line``, in C-level calls: a loop on a
    long line needs the place of every word, and a match object per word cost more than the
    search for the loop."""
    # Split at each blank (no word holds one), the pieces are the words and empty strings,
    # and the piece j ends at (the sum of len + 1 over the pieces 0..j) - 1.
    if line.isascii():
        pieces: list[bytes] | list[str] = line.encode("ascii").translate(_ASCII_NON_WORD_LOWER_BYTES).split(b" ")
    else:
        pieces = line.translate(_WORDS_KEPT).split(" ")
    lengths = list(map(len, pieces))
    after = itertools.accumulate(map(operator.add, lengths, itertools.repeat(1)))
    ends = list(itertools.compress(map(operator.sub, after, itertools.repeat(1)), lengths))
    starts = list(map(operator.sub, ends, filter(None, lengths)))
    return starts, ends


_PAIR_RUN_RE = re.compile(rb"\x01+")


def _loops(toks: list[str]) -> list[tuple[int, int, int]]:
    """(first word, period, copies) of each loop, the shorter periods first; a word belongs
    to one loop at most.

    A loop of period k is a run of pairs (i, i + k) of equal words: at least 2k pairs for
    three short copies (k < MIN_LONG), k for two long ones.  Each period costs C-level passes
    over the words, not a step per word, so a hostile line of one word repeated stays cheap;
    and only the long periods at which some MIN_LONG words recur are looked at."""
    n = len(toks)
    used = bytearray(n)
    found: list[tuple[int, int, int]] = []
    periods = itertools.chain(range(1, MIN_LONG), _long_periods(toks))
    for k in periods:
        need = k if k >= MIN_LONG else 2 * k
        if n - k < need:
            continue  # fewer pairs than a loop of this period needs
        # pairs[i] = 1 where toks[i] == toks[i + k] and neither word is in a loop yet: the
        # runs of ones are the candidate loops.
        pairs = _pairs(toks, k)
        if b"\x01" * need not in pairs:
            continue
        if found:
            # Masked as big integers, one byte per word: taken = used[:n - k] | used[k:].
            rest, bits = n - k, int.from_bytes(used, "big")
            taken = (bits >> (8 * k)) | (bits & ((1 << (8 * rest)) - 1))
            pairs = (int.from_bytes(pairs, "big") & ~taken).to_bytes(rest, "big")
        # The words this period's loops took so far: [.., done).  A later pair (i, i + k)
        # touches one of them exactly when i < done, so a run starts past them.
        done = 0
        for m in _PAIR_RUN_RE.finditer(pairs):
            first, end = max(m.start(), done), m.end()
            if end - first >= need:
                copies = (end - first) // k + 1
                done = first + copies * k
                used[first:done] = b"\x01" * (done - first)
                found.append((first, k, copies))
        if found and 0 not in used:
            break  # every word is in a loop: no period can add one
    return found


def _long_periods(toks: list[str]) -> Iterator[int]:
    """In order, the periods k from MIN_LONG to MAX_LONG at which some MIN_LONG consecutive
    words recur (the words at i and at i + k): a long loop's run of k equal pairs holds
    such a recurrence, and running text seldom has one, so most lines have no long period
    to scan.  Lazily, one C-level comparison per period: a loop that takes every word ends
    the search."""
    grams = _recurring_grams(toks)
    if grams is None:
        return
    for k in range(MIN_LONG, MAX_LONG + 1):
        if any(map(operator.eq, grams, itertools.islice(grams, k, None))):
            yield k


def _loop_finding(
    doc: Document,
    base: int,
    line: str,
    words: list[tuple[int, int, str]],
    first: int,
    k: int,
    copies: int,
    quotes: _QuoteIndex | None = None,
) -> Finding | None:
    quotes = quotes or _QuoteIndex(line)
    if copies < 3 and k < MIN_LONG:
        return None
    phrase = [w for _, _, w in words[first : first + k]]
    if all(not any(c.isalpha() for c in w) for w in phrase):
        return None  # numbers, codes
    span_start = words[first][0]
    first_end = words[first + k - 1][1]
    last_end = words[first + copies * k - 1][1]
    seps = [line[words[first + c * k - 1][1] : words[first + c * k][0]] for c in range(1, copies)]
    if not all(any(ch.isspace() for ch in sep) for sep in seps):
        return None  # "a.a.a", "x-x-x": tokens joined without a space are codes, not a loop
    if copies == 2 or k > MAX_SHORT:
        # A long span twice: only inside one sentence.
        if any(SENTENCE_END.search(s) for s in seps):
            return None
    if k == 1 and (phrase[0] in DELIBERATE or any("," in s or "!" in s for s in seps)):
        return None  # "never, never, never!", "ha ha ha"
    if k == 2 and (phrase[1] in CONJUNCTIONS or phrase[0] in CONJUNCTIONS):
        return None  # "again and again and again", "step by step by step"
    if k <= 3 and all(w in DELIBERATE for w in phrase):
        return None
    if k <= 3 and any("," in s for s in seps) and quotes.inside(span_start, last_end):
        return None  # chants and refrains in quoted speech
    if k <= 3 and copies <= 3 and all("," in s or "!" in s for s in seps):
        return None  # ``come in, come in, come in``: three copies with commas are a writer's
    # The source of this line when it is known (a segment of a document: textfix.documents).
    source = source_evidence(doc) if doc.context.get("source") is not None else None
    if isinstance(source, str) and SOURCE_REPEAT_RE.search(source[:2000]) is not None:
        return None  # the source repeats too: onomatopoeia, a refrain, a chant
    if k <= 3 and quotes.inside(span_start, last_end) and all(w in DELIBERATE or len(w) <= 3 for w in phrase):
        return None
    s, e = base + span_start, base + last_end
    if doc.is_protected(s, e):
        return None
    shown = line[span_start:first_end]
    return doc.finding(
        REPETITION_LOOP,
        s,
        e,
        f"{shown!r} repeated {copies} times in a row",
        [Edit(base + first_end, e, "")],
    )


_INDEXED_QUOTE_RE = re.compile(r'[“„«「『”»」』"]')


class _QuoteIndex:
    """Prefix counts of quotation marks in a line, so each "inside quotes?" is O(log n).
    Counted on the first question: most loops never ask one."""

    __slots__ = ("_line", "curly", "straight", "total_straight")

    def __init__(self, line: str) -> None:
        self._line: str | None = line

    def _count(self, line: str) -> None:
        # Positions of marks, and the running depth / parity after each.
        self.curly: list[tuple[int, int]] = []
        self.straight: list[int] = []
        depth = 0
        for m in _INDEXED_QUOTE_RE.finditer(line):  # the marks only, not every character
            i, c = m.start(), m.group()
            if c in "“„«「『":
                depth += 1
                self.curly.append((i, depth))
            elif c in "”»」』":
                depth -= 1
                self.curly.append((i, depth))
            else:
                self.straight.append(i)
        self.total_straight = len(self.straight)

    def inside(self, s: int, e: int) -> bool:
        if self._line is not None:
            self._count(self._line)
            self._line = None
        j = bisect.bisect_left(self.curly, (s, -(10**9))) - 1
        if j >= 0 and self.curly[j][1] > 0:
            return True
        before = bisect.bisect_left(self.straight, s)
        after = self.total_straight - bisect.bisect_left(self.straight, e)
        return before % 2 == 1 and after > 0


_CLOSES_SOON_RE = regex.compile(r"^[^()\[\]（）\n]{0,40}[)\]）]")
_LATIN_OR_DIGIT_RE = regex.compile(r"[\p{Latin}\p{N}]")


def _is_cited(text: str, s: int, e: int) -> bool:
    """A foreign run quoted or bracketed with a Latin-script gloss beside it.

    A citation sits inside a sentence and is short: a run that starts a line (``代码生成选项
    (Code Generation Option)``, the source's heading kept beside its translation) or a
    bracketed run of five characters or more (``The shop manager (増岡幸樹店長)``, a name and a
    title left untranslated) is not one."""
    # Within the run's line: a gloss is written beside the run, never on another line.
    left = text[max(0, s - 60, text.rfind("\n", 0, s) + 1) : s]
    line_end = text.find("\n", e)
    right = text[e : e + 60 if line_end < 0 else min(e + 60, line_end)]
    if not left.strip(" \t　"):
        return False
    if e - s >= 5 and left.rstrip(" 　").endswith(("(", "[", "（")):
        return False
    # Gloss after: 改善 (improvement), "Слава" ("Glory"), 「改善」, meaning ...
    if GLOSS_AFTER_RE.match(right):
        return True
    # Gloss before: kaizen (改善), improvement (Japanese: 改善), "Glory" («Слава»)
    stripped = left.rstrip(" 　\"“„«「『'‘")
    label = LABEL_RE.search(stripped)
    if label is not None and label.start() < len(stripped):
        head = stripped[: label.start()].rstrip()
        if head.endswith(("(", "[", "（")):
            stripped = head
    if stripped.endswith(("(", "[", "（")):
        before = stripped[:-1].rstrip(" \"”'’")
        closes = _CLOSES_SOON_RE.match(right)
        if before and _LATIN_OR_DIGIT_RE.match(before[-1]) and closes:
            return True
    return False


def _unk_candidate(text: str, source: str) -> str | None:
    """The one mark in the source that the target lacks, if there is exactly one."""
    present = set(text)
    cands = {
        c
        for c in set(source)
        if unicodedata.category(c) in MARKS and c not in present and c not in ".,;:!?-'\"()[]{}%/&*#@_+=<>"
    }
    # Emoji variation selectors travel with their emoji and do not count as a candidate.
    cands.discard("\ufe0f")
    return cands.pop() if len(cands) == 1 else None


URL_RE = regex.compile(r"(?:https?|ftp)://[^\s<>\"“”]+|\bwww\.[^\s<>\"“”]+")


def _urls(text: str) -> list[str]:
    return sorted({m.group().rstrip(".,;:!?)]}") for m in URL_RE.finditer(text)})


def _delete_token(text: str, s: int, e: int) -> Edit:
    # Take one neighbouring space with the token so no double space is left behind.
    if s > 0 and text[s - 1] == " " and (e == len(text) or text[e] in " \n.,;:!?"):
        return Edit(s - 1, e, "")
    if e < len(text) and text[e] == " " and (s == 0 or text[s - 1] in " \n"):
        return Edit(s, e + 1, "")
    return Edit(s, e, "")


__all__ = ["FAMILY", "ResiduePass", "Severity"]
