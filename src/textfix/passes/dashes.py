"""Hyphens and dashes: split compounds, hyphens standing in for dashes, ``--``, mixed dash styles.

Tokenizers cut hyphenated compounds into three tokens (``self @-@ assembly``); a detokenizer
that does not know the marker leaves ``self - assembly``.  Engines also render a source dash
as a bare hyphen glued to the next clause (``the universe-a series of images``), keep the
ASCII ``--`` of their training data, and mix em dashes, spaced en dashes and spaced hyphens in
one document.  A spaced hyphen is also an ordinary way to type a dash, so a spaced hyphen is
repaired into a compound only with evidence that the two words form one: the hand-built list
in ``corpora/dashes/compounds.txt`` or the joined form's frequency in wordfreq (a common
closed form; a rare one, ``star - let``, is reported without a fix).

>>> from textfix import check, fix
>>> fix("Molecular self - assembly is a long - term goal.")
'Molecular self-assembly is a long-term goal.'
>>> fix("He stayed silent - because nobody asked.")
'He stayed silent - because nobody asked.'
>>> [f.code for f in check("It was late -- too late.")]
['H103']

H103 is report only since its judged precision on WMT22 fell below its tier (docs/precision.md).

Never touched: real hyphenated words and prefixes (``e-mail``, ``anti-war``), suspended
hyphens (``pre- and post-war``), numbers on either side of a hyphen (ranges, scores, minus
signs, ``5 - 3``), list bullets and dialogue dashes at the start of a line, spaced hyphens a
document uses consistently as its dash, command-line options (``--help``, ``-Wl,--as-needed``:
any token that starts with a hyphen) and ``---`` rules.  A ``--`` after a comma or semicolon
(``peace", -- are``) is reported without a fix: the dash would follow the comma.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from textfix._lines import TitleLines
from textfix.data import read_corpus_text
from textfix.languages import hyphen_dash_languages, typography
from textfix.model import Applicability, Document, Edit, Finding, Pass, Severity
from textfix.options import Option
from textfix.rules import Rule, rule

FAMILY = "dashes"

SPLIT_COMPOUND = rule(
    "H101",
    "split-compound",
    family=FAMILY,
    summary="Hyphenated compound split by spaces",
    why="Tokenizers split compounds around the hyphen (`self @-@ assembly`); detokenizers that "
    "miss the marker leave `self - assembly`.  Repaired only when the compound list, a closed "
    "prefix or the joined word's frequency shows the two words form a compound; a joined form "
    "that is a rare word (`star - let`) is reported only.",
    bad="Molecular self - assembly needs long - term funding and a well - being study.",
    good="Molecular self-assembly needs long-term funding and a well-being study.",
    keep=[
        "He stayed silent - because nobody asked.",
        "It rained all day - the roads flooded.",
        "Add 5 - 3 and then subtract.",
        "pre- and post-war housing",
        "Well - for one thing, nobody asked.",
        "My old self - but wiser.",
    ],
    fix=Applicability.SAFE,
    languages=("en",),
)
HYPHEN_AS_DASH = rule(
    "H102",
    "hyphen-as-dash",
    family=FAMILY,
    summary="Hyphen used as a dash, glued to the next clause",
    why="Engines render a source dash as a bare hyphen, so a clause appears glued to the word "
    "before it (`the universe-a series`).  The evidence is in the words: a clause opener after "
    "the hyphen (`-which`, `-about the`, `-in fact,`), a function word after a closing bracket or "
    'quote (`"matter")-if you`), a participle followed by a determiner (`escape-leaving a`), '
    "and no compound in the list or in wordfreq.  Lines in title case are left alone.",
    bad="They photographed the universe-a series of deep images.",
    good="They photographed the universe—a series of deep images.",
    keep=[
        "a built-in check-in desk",
        "two-and-a-half years",
        "a Triple-A rating",
        "Post-it notes on the wall",
        "a stand-in and a hands-on approach",
        "a round-about route, a record-breaking year, up-to-the minute news",
        "World Bank Data-About The Income Of Nations",
    ],
    fix=Applicability.UNSAFE,
    languages=("en",),
)
DOUBLE_HYPHEN = rule(
    "H103",
    "double-hyphen-dash",
    family=FAMILY,
    summary="`--` used as a dash",
    why="`--` is the typewriter dash; MT training data is full of it and engines copy it.",
    bad="It was late -- too late -- for that.",
    good="It was late—too late—for that.",
    keep=[
        "Run the tool with --help for options.",
        "Link with -Wl,--as-needed here.",
        "<!-- a comment -->",
        "The score was 3--1.",
        "a line of dashes ---",
    ],
    # Safe again: after the command-line and quotation shapes were fixed, 50 of 50 judged
    # changes on WMT22 are right (docs/precision.md).
    fix=Applicability.SAFE,
)
DASH_CONSISTENCY = rule(
    "H104",
    "inconsistent-dash-style",
    family=FAMILY,
    summary="Dash style differs from the rest of the document",
    why="Segments translated one by one, or by different engines, mix em dashes, spaced en "
    "dashes and spaced hyphens in one document.",
    bad="Rain fell — hard. Wind rose — fast. Then it stopped - suddenly.",
    good="Rain fell — hard. Wind rose — fast. Then it stopped — suddenly.",
    keep=[
        "Rain fell - hard. Wind rose - fast. Then it stopped - suddenly.",
        "Rain fell — hard. Then it stopped - suddenly.",
        "Pages 10 – 12 — and more — were lost.",
        "— Who is there?\n— Me.\nHe left — slowly.",
    ],
    fix=Applicability.UNSAFE,
    severity=Severity.INFO,
    languages=("en",),
)

HS = r"[ \t\u00a0]"
# Word characters allowed around a compound hyphen: letters and apostrophes (``rock'n'roll``).
# The word before is matched backwards from the hyphen ((?r)): the greedy run backwards finds
# the same leftmost start as a forward search, without trying every position of the window.
WORD_BEFORE_RE = regex.compile(r"(?r)(?<![\p{L}\p{N}\-])\p{L}[\p{L}'’]*$")
WORD_AFTER_RE = regex.compile(r"\p{L}+(?![\p{N}])")
SPACED_HYPHEN_RE = regex.compile(rf"-(?<=\S{HS}+-){HS}+(?=\S)")
SPACED_EN_RE = regex.compile(rf"–(?<=\S{HS}+–){HS}+(?=\S)")
SPACED_HYPHEN_DASH = rule(
    "H201",
    "spaced-hyphen-dash",
    family=FAMILY,
    summary="Spaced hyphen used as a dash where the language has no spaced hyphen",
    why="Engines copy the typewriter ` - ` of their training data; Russian and Ukrainian set "
    "the dash (` — `) there, and a hyphen between two spaces is never right in them.",
    bad="Москва - столица России, - сказал он.",
    good="Москва — столица России, — сказал он.",
    keep=["Москва — столица России.", "счёт 2 - 1 в пользу", "- Кто там?", "красно-белый флаг"],
    fix=Applicability.SAFE,
    languages=hyphen_dash_languages(),
    lang="ru",
)
# A hyphen between blanks, after a word or the punctuation ending a clause or quotation and
# before a word or an opening quote (digits on either side are scores and ranges).
HYPHEN_DASH_RE = regex.compile(rf"(?<=[\p{{L}},.!?»“”\")]{HS}+)-(?={HS}+[\p{{L}}«„\"(])")
EM_RE = regex.compile(rf"—(?<={HS}*—){HS}*")
DOUBLE_HYPHEN_RE = regex.compile(
    rf"--(?<=(?<=[\p{{L}}\p{{N}}.,;:!?\"”’')\]]){HS}*(?<!-)--)(?!-){HS}*(?=[\p{{L}}\p{{N}}\"“‘'(])"
)
ANY_DOUBLE_HYPHEN_RE = regex.compile(r"--")

# Words that open a clause far more often than they end a compound; a hyphen glued before
# one of them is a dash (``species-at least``).  Particles that do end compounds (``built-in``,
# ``hands-on``, ``sign-up``) are deliberately absent.
CLAUSE_OPENERS = frozenset(
    "a an the at which who whom whose and but it he she they we this that these those there "
    "its his her their or nor not because while whether although though when where especially "
    "including namely even".split()
)
# First elements that make a glued function word part of a name or a fixed phrase.
GLUE_EXCEPTIONS = frozenset(
    "vitamin type grade class plan triple double single hepatitis category group section part "
    "one two three four five six seven eight nine ten first second third".split()
)
# Function words: never half of a split compound (``car - a``, ``in - the``).
FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet for of in on at to by with from as into onto than then
    that this these those there here which who whom whose what when where why how it its he
    she they we i you me him her us them my your his our their is are was were be
    am do does did have has had will would can could should may might must shall not no
    been nothing everyone everything someone something anyone anything nobody all some any each
    every both either neither if because while although though since until unless whether
    also even just only still too very instead especially including hence thus therefore
    however maybe perhaps now again already about after before over under up down out off
    like s t re ve ll d m""".split()
)
# Prefixes that stay a compound before a capitalised word (``anti - Russian``, ``post - Soviet``).
CAPITAL_PREFIXES = frozenset("anti non pro pre post ex neo pan trans mid".split())
STRONG_JOINED_ZIPF = 3.0
WEAK_JOINED_ZIPF = 1.5

STYLE_EM, STYLE_EM_SPACED, STYLE_EN, STYLE_HYPHEN = "—", " — ", " – ", " - "
DASH_STYLES = {"em": STYLE_EM, "em-spaced": STYLE_EM_SPACED, "en": STYLE_EN}

_OPENERS = "|".join(sorted(CLAUSE_OPENERS, key=len, reverse=True))
# Patterns begin with their rare literal (``-``, ``—``) so that the scan skips ahead quickly;
# the context is checked by lookbehinds placed after it.
# One branch per pattern a finding needs, its lookarounds spelt as the characters they look at,
# so that RE2 translates the trigger exactly (a lookbehind made the gate confirm every hit with
# a regex search).  An em dash alone is no finding: H104 needs a spaced hyphen or en dash to
# differ from the rest, and H102/H103 look at em dashes only to choose the replacement.
# H102, more evidence (issue 22).  Words that open an aside or a clause but also end a few
# compounds (``round-about``, ``what-if``): glued to a word, they count as a dash only when the
# pair is no compound (the list, or the joined form in wordfreq).
WEAK_OPENERS = frozenset("about if whereas unless so since whereby albeit".split())
# Phrases that open an aside: ``celestial bodies-in fact, they``.
ASIDE_PHRASES = (
    "in fact",
    "in other words",
    "in particular",
    "in short",
    "in turn",
    "for example",
    "for instance",
    "of course",
    "such as",
    "that is",
    "as well as",
    "at least",
    "as a result",
)
# After a closing bracket or quote a hyphen starts no compound with a function word:
# ``means "matter")-if you put``.
AFTER_CLOSE_OPENERS = CLAUSE_OPENERS | WEAK_OPENERS | frozenset("in for to with from as".split())
# A determiner after ``word-Xing``: the participle opens a clause (``escape-leaving a huge``),
# where a compound adjective (``record-breaking``) is followed by its noun.
DETERMINERS = "a|an|the|his|her|its|their|our|my|your|this|these|those"
_WEAK = "|".join(sorted(WEAK_OPENERS, key=len, reverse=True))
_PHRASES = "|".join(p.replace(" ", f"{HS}+") for p in sorted(ASIDE_PHRASES, key=len, reverse=True))
_AFTER_CLOSE = "|".join(sorted(AFTER_CLOSE_OPENERS, key=len, reverse=True))
CLOSERS = r')\]"”’'  # for a character class

TRIGGER = regex.compile(
    # H101 and H104: a hyphen or en dash with blanks on both sides, between non-blanks that
    # are not ASCII digits (H101 wants letters; H104 leaves ranges and scores alone)
    rf"[^\s0-9]{HS}+[-–]{HS}+[^\s0-9]"
    # H102: a clause opener glued by a hyphen to a word of three letters or more
    rf"|\p{{L}}{{3}}-(?:{_OPENERS}){HS}+[\p{{L}}\p{{N}}]"
    # H102 (issue 22): a weak opener or an aside phrase glued to a word; a function word
    # glued to a closing bracket or quote; a participle glued to a word and followed by a
    # determiner.  The chain ``two-dimensional-this chain`` is the first branch's.  (Any letter
    # where the rule wants lower case: a gate names only major categories, see _gate.py.)
    rf"|\p{{L}}{{3}}-(?:{_WEAK}){HS}+[\p{{L}}\p{{N}}]|\p{{L}}{{3}}-(?:{_PHRASES})(?:[^\p{{L}}\-]|$)"
    rf"|[{CLOSERS}]-(?:{_AFTER_CLOSE}){HS}+[\p{{L}}\p{{N}}]"
    rf"|\p{{L}}{{3}}-\p{{L}}{{2,}}ing{HS}+(?:{DETERMINERS}){HS}"
    # H103: ``--`` between a word (or closing punctuation) and a word (or opening mark)
    rf"|[\p{{L}}\p{{N}}.,;:!?\"”’')\]]{HS}*--{HS}*[\p{{L}}\p{{N}}\"“‘'(]"
)
GLUED_RE = regex.compile(rf"-(?<=(?<![\p{{L}}\p{{N}}\-])\p{{L}}{{3,}}-)(?P<w2>{_OPENERS})(?={HS}+[\p{{L}}\p{{N}}])")
WORD_END_RE = regex.compile(r"\p{L}+$")
# The new H102 evidence, each a named branch.  Every branch starts at the hyphen (a rare
# literal) and looks back for the word before it: starting at the word made the scan retry
# every position of a long word.
GLUED_MORE_RE = regex.compile(
    # a weak opener or an aside phrase after a word of three letters or more
    rf"-(?<=(?<!\p{{L}})(?P<w1>\p{{L}}{{3,}})-)(?:(?P<weak>{_WEAK})(?={HS}+[\p{{L}}\p{{N}}])"
    rf"|(?P<phrase>{_PHRASES})(?![\p{{L}}\-]))"
    # a clause opener after a hyphenated compound (``two-dimensional-this chain``)
    rf"|-(?<=[\p{{L}}\p{{N}}]-(?P<w1c>\p{{L}}{{3,}})-)(?P<chain>{_OPENERS})(?={HS}+[\p{{L}}\p{{N}}])"
    # a function word after a closing bracket or quote
    rf"|-(?<=[{CLOSERS}]-)(?P<after>{_AFTER_CLOSE})(?={HS}+[\p{{L}}\p{{N}}])"
    # a participle followed by a determiner, after a word of four letters or more (``mis-``,
    # ``pre-``, ``non-`` prefix participles)
    rf"|-(?<=(?<!\p{{L}})(?P<w1p>\p{{Ll}}{{4,}})-)(?P<part>\p{{Ll}}{{2,}}ing)(?={HS}+(?:{DETERMINERS}){HS})"
)
WORD_BEFORE_HYPHEN_RE = regex.compile(r"(?r)[\p{L}\p{N}]+-?$")
# The word and the closing marks before a hyphen: ``matter")``.
CLOSED_WORD_BEFORE_RE = regex.compile(rf"(?r)[\p{{L}}\p{{N}}]*[{CLOSERS}]+$")


PUNCT_BEFORE_DASH_RE = regex.compile(r"[,;:][\"”’')]?$")


def _in_option(text: str, i: int) -> bool:
    """True when the ``--`` at ``i`` sits in a blank-delimited token that starts with a hyphen
    or a slash, or holds ``=``: a command-line option, never prose."""
    s = i
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    e = i
    while e < len(text) and not text[e].isspace():
        e += 1
    tok = text[s:e]
    return tok != "--" and (tok[:1] in "-/" or "=" in tok)


ORDINAL_BEFORE_RE = regex.compile(r"\d(?:st|nd|rd|th)$")


@dataclass(frozen=True)
class Lexicon:
    compounds: frozenset[str]
    prefixes: frozenset[str]
    suffixes: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The compound list in ``corpora/dashes/compounds.txt``."""
    compounds, prefixes, suffixes = set(), set(), set()
    for raw in read_corpus_text("dashes", "compounds.txt").splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if not line:
            continue
        if line.startswith("prefix:"):
            prefixes.add(line[7:])
        elif line.startswith("suffix:"):
            suffixes.add(line[7:])
        else:
            compounds.add(line)
    return Lexicon(frozenset(compounds), frozenset(prefixes), frozenset(suffixes))


@lru_cache(maxsize=65536)
def joined_zipf(word: str) -> float:
    """How common ``word`` written closed is (wordfreq's Zipf scale; 0 for unseen words).

    wordfreq splits hyphenated words when it tokenizes, so it cannot rate ``long-term``
    itself; the closed form (``longterm``, ``wellbeing``) is what shows that writers treat the
    two words as one.
    """
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en", wordlist="large")


@lru_cache(maxsize=65536)
def compound_evidence(w1: str, w2: str) -> str | None:
    """``"strong"``, ``"weak"`` or None: how sure we are that ``w1 - w2`` is one compound."""
    a, b = w1.lower(), w2.lower()
    if not (w1[1:].islower() or len(w1) == 1):
        return None  # ``COVID - word``, ``McDonald - ...``: names and acronyms, not ours
    lex = load_lexicon()
    if f"{a}-{b}" in lex.compounds and (w2.islower() or len(w2) == 1):
        return "strong"  # listed compounds may hold a function word: ``in - depth``, ``set - up``
    if a in FUNCTION_WORDS or b in FUNCTION_WORDS:
        return None
    if not w2.islower():
        return "strong" if a in lex.prefixes and a in CAPITAL_PREFIXES else None
    if a in lex.prefixes:
        return "strong"
    if len(a) >= 2 and len(b) >= 2:
        z = joined_zipf(a + b)
        if z >= STRONG_JOINED_ZIPF:
            return "strong"
        if z >= WEAK_JOINED_ZIPF:
            return "weak"
    if b in lex.suffixes and w1.islower():
        return "weak"
    return None


PREPOSITION_AFTER_RE = regex.compile(rf"{HS}+(?:on|in|at|by|with|for|to|from|of)\b")


def _span(text: str, m: regex.Match[str]) -> tuple[int, int]:
    """The match widened to the spaces before it (patterns start at the dash, for speed)."""
    s = m.start()
    while s > 0 and text[s - 1] in " \t\u00a0":
        s -= 1
    return s, m.end()


def _at_line_start(text: str, i: int) -> bool:
    # Walks back over blanks only: looking at the whole line before ``i`` was quadratic on
    # one long line full of dashes.
    j = i
    while j > 0 and text[j - 1] != "\n" and text[j - 1].isspace():
        j -= 1
    return j == 0 or text[j - 1] == "\n"


def _evidence_at(text: str, s: int, e: int) -> tuple[regex.Match[str], regex.Match[str], str] | None:
    """The words around the spaced hyphen ``text[s:e]`` and the compound evidence for them."""
    before = WORD_BEFORE_RE.search(text, max(0, s - 40), s)
    after = WORD_AFTER_RE.match(text, e)
    if before is None or after is None or _at_line_start(text, before.start()):
        return None
    ev = compound_evidence(before.group(), after.group()) or ""
    if ev == "weak" and PREPOSITION_AFTER_RE.match(text, after.end()):
        ev = ""  # ``calls - based on the model -``: a parenthesis opening with a participle
    return before, after, ev


def _split_compounds(text: str) -> Iterator[tuple[int, int, str, str, str]]:
    """Spaced hyphens between two words: (start, end, w1, w2, evidence-or-'')."""
    for m in SPACED_HYPHEN_RE.finditer(text):
        found = _evidence_at(text, *_span(text, m))
        if found is not None:
            before, after, ev = found
            yield before.start(), after.end(), before.group(), after.group(), ev


# The H102 kinds of ``_check_glued_more`` whose judged precision reaches the unsafe tier
# (docs/precision.md, benchmarks/results/recall_rules.md); the rest are reported without a fix.
GLUED_MORE_FIX = frozenset({"weak", "phrase", "chain", "after", "part"})


@dataclass(frozen=True)
class _Dash:
    start: int
    end: int
    style: str  # "em", "en", "hyphen"
    spaced: bool


def _dashes(text: str) -> list[_Dash]:
    """Parenthetical dashes in ``text``: em dashes, spaced en dashes, spaced hyphens."""
    out = []
    for m in EM_RE.finditer(text):
        s, e = _span(text, m)
        if _at_line_start(text, s) or e >= len(text) or text[e] == "\n":
            continue  # dialogue dash or bullet, or a dash ending a line
        out.append(_Dash(s, e, "em", e - s > 1))
    for pat, style in ((SPACED_EN_RE, "en"), (SPACED_HYPHEN_RE, "hyphen")):
        for m in pat.finditer(text):
            s, e = _span(text, m)
            if text[s - 1].isdigit() or text[e].isdigit() or ORDINAL_BEFORE_RE.search(text, max(0, s - 8), s):
                continue  # a range (``U6 – U18``, ``17th – 18th``), a score, arithmetic
            if _at_line_start(text, s):
                continue
            if style == "hyphen":
                found = _evidence_at(text, s, e)
                if found is not None and found[2]:
                    continue  # a split compound, H101's business
            out.append(_Dash(s, e, style, True))
    out.sort(key=lambda d: d.start)
    return out


def _majority(dashes: list[_Dash]) -> str | None:
    counts = Counter(d.style for d in dashes)
    if not counts:
        return None
    (top, n), *rest = counts.most_common()
    if rest and rest[0][1] == n:
        return None
    return top


def _form(style: str, dashes: list[_Dash]) -> str:
    if style == "em":
        spaced = sum(d.spaced for d in dashes if d.style == "em")
        closed = sum(not d.spaced for d in dashes if d.style == "em")
        return STYLE_EM_SPACED if spaced > closed else STYLE_EM
    return STYLE_EN if style == "en" else STYLE_HYPHEN


class DashesPass(Pass):
    """Options: ``dash_style`` — the dash written when the document has none of its own:
    ``"em"`` (``word—word``, the default), ``"em-spaced"`` or ``"en"`` (``word – word``)."""

    name = FAMILY
    rules = (SPLIT_COMPOUND, HYPHEN_AS_DASH, DOUBLE_HYPHEN, DASH_CONSISTENCY, SPACED_HYPHEN_DASH)
    trigger = TRIGGER
    option_specs = (
        Option(
            "dash_style",
            str,
            "em",
            "the dash a hyphen-as-dash is repaired to when the document shows none of its own",
            choices=tuple(DASH_STYLES),
        ),
    )

    def _dash_of(self, found: list[_Dash], lang: str = "en") -> str:
        # Spaced hyphens do not count: a document that types its dashes as hyphens still gets
        # a real dash where a glued hyphen or ``--`` is repaired.
        dashes = [d for d in found if d.style != "hyphen"]
        top = _majority(dashes)
        if top is None:
            typo = typography(lang)
            if "dash_style" not in self.options and typo is not None and typo.base != "en":
                return typo.dash.replace(" ", "") if not typo.dash.startswith(" ") else typo.dash
            return DASH_STYLES[self.option("dash_style")]
        return _form(top, dashes)

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        lang = doc.lang

        def want(r: Rule) -> bool:
            return doc.wants(r)

        if "-" in text and want(SPLIT_COMPOUND):  # an en dash alone is H104's only
            yield from self._check_compounds(doc)
        # Listing the document's dashes is most of this pass's cost, and most texts with a
        # spaced hyphen need no list: the dash style is wanted only to replace a glued hyphen or
        # a ``--``, and an inconsistent style needs three dashes (two alike and one other).
        glued = (
            "-" in text
            and want(HYPHEN_AS_DASH)
            and (GLUED_RE.search(text) is not None or GLUED_MORE_RE.search(text) is not None)
        )
        double = "--" in text and want(DOUBLE_HYPHEN)
        mixed = text.count("-") + text.count("–") + text.count("—") >= 3 and want(DASH_CONSISTENCY)
        dashes = _dashes(text) if glued or double or mixed else []
        if glued or double:
            dash = self._dash_of(dashes, lang)
            if glued:
                yield from self._check_glued(doc, dash)
                yield from self._check_glued_more(doc, dash)
            if double:
                yield from self._check_double(doc, dash)
        if mixed:
            yield from self._check_consistency(doc, dashes)
        if " -" in text and want(SPACED_HYPHEN_DASH):
            yield from self._check_spaced_hyphen(doc)

    def _check_spaced_hyphen(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        typo = typography(doc.lang)
        dash = typo.dash.strip() if typo is not None else "—"
        for m in HYPHEN_DASH_RE.finditer(text):
            s = m.start()
            if doc.is_protected(s - 1, s + 2):
                continue
            yield doc.finding(SPACED_HYPHEN_DASH, s, s + 1, f"hyphen used as a dash: {dash}", [Edit(s, s + 1, dash)])

    def _check_compounds(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for s, e, w1, w2, ev in _split_compounds(text):
            if not ev or doc.is_protected(s, e):
                continue
            # Weak evidence (a rare closed form, or the suffix list alone) is reported without a
            # fix: on WMT22 its every repair was wrong (``a star - let me back in`` became
            # ``star-let``; docs/precision.md), and a rare word that happens to join two words
            # says little about a dash between clauses.
            edits = [Edit(s + len(w1), e - len(w2), "-")] if ev == "strong" else []
            yield doc.finding(SPLIT_COMPOUND, s, e, f"split compound: {w1}-{w2}", edits, detail=ev)

    def _check_glued(self, doc: Document, dash: str) -> Iterator[Finding]:
        text = doc.text
        compounds = load_lexicon().compounds
        for m in GLUED_RE.finditer(text):
            hy = m.start()
            w1m = WORD_END_RE.search(text, max(0, hy - 60), hy)
            if w1m is None:
                continue
            w1, w2 = w1m.group(), m.group("w2")
            start, end = w1m.start(), m.end()
            if w1.lower() in GLUE_EXCEPTIONS or f"{w1.lower()}-{w2}" in compounds or doc.is_protected(start, end):
                continue
            yield doc.finding(
                HYPHEN_AS_DASH,
                start,
                end,
                f"hyphen used as a dash in {text[start:end]!r}",
                [Edit(hy, hy + 1, dash)],
            )

    def _check_glued_more(self, doc: Document, dash: str) -> Iterator[Finding]:
        """H102 on the evidence issue 22 added (WMT22 zh-en spans raters marked): a weak opener
        or an aside phrase, a chain of hyphens ending in a clause opener, a function word after
        a closing bracket or quote, a participle before a determiner.  Each kind is graded by
        its measured precision (benchmarks/results/recall_rules.md): ``GLUED_MORE_FIX`` holds
        the kinds that carry an (unsafe) fix; the others are reported only."""
        text = doc.text
        lex = load_lexicon()
        # A hyphen the first H102 pattern matched is its business alone (``species-at least``).
        taken = {m.start() for m in GLUED_RE.finditer(text)}
        lines = TitleLines(text)
        for m in GLUED_MORE_RE.finditer(text):
            kind = next(k for k in ("weak", "phrase", "chain", "after", "part") if m.group(k))
            hy = m.start()
            if hy in taken:
                continue
            w2 = m.group(kind)
            w1_group = {"weak": "w1", "phrase": "w1", "chain": "w1c", "part": "w1p"}.get(kind)
            w1 = m.group(w1_group) if w1_group else ""
            end = m.end()
            if w1_group:
                start = m.start(w1_group)
            else:
                wb = CLOSED_WORD_BEFORE_RE.search(text, max(0, hy - 60), hy)
                start = wb.start() if wb else hy - 1
            if w1:
                lw1 = w1.lower()
                if not w1[1:].islower() or lw1 in FUNCTION_WORDS or lw1 in GLUE_EXCEPTIONS:
                    continue  # ``COVID-so``, ``two-and-a half``, ``type-if``: no evidence
                first = w2.split()[0].lower()
                if f"{lw1}-{first}" in lex.compounds or lw1 in lex.prefixes:
                    continue
                if joined_zipf(lw1 + first) >= WEAK_JOINED_ZIPF:
                    continue  # ``round-about``: the joined word is common
                if kind == "chain":
                    # ``up-to-the minute``: the chain before is a compound of function words
                    left = WORD_BEFORE_HYPHEN_RE.search(text, max(0, start - 60), start - 1)
                    if left is not None and left.group().rstrip("-").lower() in FUNCTION_WORDS:
                        continue
            if lines.at(hy) or doc.is_protected(start, end):
                continue
            edits = [Edit(hy, hy + 1, dash)] if kind in GLUED_MORE_FIX else []
            yield doc.finding(
                HYPHEN_AS_DASH,
                start,
                end,
                f"hyphen used as a dash in {text[start:end]!r}",
                edits,
                detail=kind,
            )

    def _check_double(self, doc: Document, dash: str) -> Iterator[Finding]:
        text = doc.text
        hits = []
        for m in DOUBLE_HYPHEN_RE.finditer(text):
            s, e = _span(text, m)
            core = m.start()
            left, right = core - s, e - core - 2
            if (left == 0) != (right == 0):
                continue  # ``word --option``: a command line, not a dash
            if doc.is_protected(s, e):
                continue
            if text[s - 1].isdigit() and text[e].isdigit():
                continue  # ``3--1``: a score or range typed with two hyphens
            if _in_option(text, core):
                continue  # ``-Wl,--as-needed``, ``-fexternal--templates``: a command line
            hits.append((s, e))
        # Safe only when every ``--`` in the document is one of these prose dashes.
        others = sum(1 for _ in ANY_DOUBLE_HYPHEN_RE.finditer(text)) - len(hits)
        grade = Applicability.SAFE if others == 0 else Applicability.UNSAFE
        for s, e in hits:
            # After a comma or a semicolon (``peace", -- are``) the dash would follow the comma
            # (``",—are``); which of the two the writer meant is not ours to choose.
            edits = [] if PUNCT_BEFORE_DASH_RE.search(text, max(0, s - 3), s) else [Edit(s, e, dash)]
            yield doc.finding(DOUBLE_HYPHEN, s, e, "`--` used as a dash", edits, applicability=grade)

    def _check_consistency(self, doc: Document, dashes: list[_Dash]) -> Iterator[Finding]:
        top = _majority(dashes)
        if top is None:
            return
        form = _form(top, dashes)
        majority = sum(d.style == top for d in dashes)
        if majority < 2:
            return
        for d in dashes:
            if d.style == top or doc.is_protected(d.start, d.end):
                continue
            # Turning a real dash into a spaced hyphen would trade typography for uniformity:
            # reported, but no fix offered.
            edits = [] if top == "hyphen" else [Edit(d.start, d.end, form)]
            yield doc.finding(
                DASH_CONSISTENCY,
                d.start,
                d.end,
                f"{d.style} dash in a document whose dashes are mostly {top} ({majority})",
                edits,
            )
