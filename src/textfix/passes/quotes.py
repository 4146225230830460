"""Quotation marks: misdirected, foreign-style, mixed, doubled, mis-spaced and unpaired quotes.

Translating from German, the German closing quote ``“`` lands in English, where it reads as
an *opening* quote; engines trained on tokenized text space quotes off their words; others
keep the source's ``„…“`` or ``«…»``, write every quote twice, or drop one half of a pair.
Every decision here is read from one :class:`~textfix.quotes_model.QuoteModel` of the whole
document, which gives each mark its role from context and pairing, so a mark is judged by
the quotation it belongs to, even when that quotation opened lines earlier.

>>> from textfix import check, fix
>>> fix("“It is a preparatory tournament,“ he said. “ The law should be decided.”")
'“It is a preparatory tournament,“ he said. “The law should be decided.”'
>>> [f.code for f in check("“It is a preparatory tournament,“ he said.")]
['Q101']

Q101 and Q104 are report only since their judged precision on WMT22 fell below their tier
(docs/precision.md); Q102 and Q106 are unsafe fixes.
>>> fix("a set of ”air hand washing devices.\\" and „constructive“ talks", unsafe=True)
'a set of “air hand washing devices.” and “constructive” talks'

Never touched: apostrophes and elisions (``don’t``, ``’90s``, ``students’``), nested and
multi-paragraph quotations, quotations spanning lines, logical punctuation (``“stable”.``),
inch and foot marks (``5' 10"``), quotes inside URLs and inline code, the blank between two
marks of one kind (``“ "``, ``." ”``: closed up, it makes an empty quotation), the blank after a
guillemet with no partner (a web page's arrow: ``All 12 pictures › The stadium``), a blank whose
mark faces a way only the model's guess says (reported only), and quotations cut
short (an unpaired mark is reported, not guessed at, unless exactly one reading explains it,
and then only as an unsafe fix).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import regex

from textfix.languages import Typography, language_base, tabled_languages, typography
from textfix.model import Applicability, Document, Edit, Finding, Pass, Severity
from textfix.quotes_model import (
    ALL_MARKS,
    CORNER_MARKS,
    DOUBLE_MARKS,
    MAX_CARRY_LINES,
    SENTENCE_END,
    SINGLE_MARKS,
    Mark,
    QuoteModel,
    Role,
    quote_style,
)
from textfix.rules import rule
from textfix.spans import marks_may_be_protected

FAMILY = "quotes"

MISDIRECTED_CLOSE = rule(
    "Q101",
    "misdirected-closing-quote",
    family=FAMILY,
    summary="Closing quotation mark written with an opening glyph",
    why="German closes quotations with “ (U+201C), which is the English opening mark; engines "
    "copy it into English, where the quotation then reads as never closed.",
    bad="“It is a preparatory tournament,“ he said.",
    good="“It is a preparatory tournament,” he said.",
    keep=["“It is a preparatory tournament,” he said.", "He called it “stable”.", "the “new” one"],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
)
MISDIRECTED_OPEN = rule(
    "Q102",
    "misdirected-opening-quote",
    family=FAMILY,
    summary="Opening quotation mark written with a closing glyph",
    why="Engines that see only straight quotes in training guess the direction of curly ones, "
    "and some emit ” at both ends.",
    bad="the so-called ”green corridor” opened",
    good="the so-called “green corridor” opened",
    keep=["the so-called “green corridor” opened", "in the ’90s", "rock ’n’ roll"],
    fix=Applicability.UNSAFE,  # below the safe tier on WMT22, at the unsafe one (docs/precision.md)
    extra={"moved_down_from": "safe"},
)
SPACE_INSIDE = rule(
    "Q103",
    "space-inside-quotes",
    family=FAMILY,
    summary="Space between a quotation mark and the text it quotes",
    why="Tokenized MT output separates quotation marks from words, and detokenizers do not "
    "know which way a quote faces, so they often leave the space on the inner side.",
    bad="He said: “ The law should be decided by parliament ”, not by decree.",
    good="He said: “The law should be decided by parliament”, not by decree.",
    keep=["He said: “The law should be decided”, not by decree.", "The “ ” marks", "a 5' 10\" man"],
    fix=Applicability.SAFE,
    not_languages=("fr",),
)
DETACHED_CLOSE = rule(
    "Q104",
    "detached-closing-quote",
    family=FAMILY,
    summary="Closing quote separated from the end of the quoted sentence",
    why="When a whole sentence is quoted, English puts the full stop inside the closing mark; "
    "MT systems detach the mark and put the stop after it (`countries ”.`).",
    bad="“Trade between the two countries is growing ”. Given that, prices fell.",
    good="“Trade between the two countries is growing.” Given that, prices fell.",
    keep=[
        "Ties have remained “stable”. Trade grew.",
        "“Trade is growing.” Given that, prices fell.",
        "a “new channel between the two countries”. “The Chinese side agrees.”",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    languages=("en",),
)
FOREIGN_STYLE = rule(
    "Q105",
    "foreign-quote-style",
    family=FAMILY,
    summary="Quotation marks in another language's style",
    why="Engines copy the source's quotation marks: „…“ from German, «…» from French, Russian "
    "or Ukrainian.  In German or French text it is the English style that is foreign.",
    bad="a „constructive“ meeting on the «green corridor»",
    good="a “constructive” meeting on the “green corridor”",
    keep=["a “constructive” meeting", "the Canadian “Oh, Canada”", "a „cut off quote"],
    fix=Applicability.SAFE,
)
MIXED_PAIR = rule(
    "Q106",
    "mixed-quote-pair",
    family=FAMILY,
    summary="Quotation opened with a curly mark and closed with a straight one, or the reverse",
    why="Engines that repair quote direction do it for one half of a pair only; the two halves "
    "then disagree.  The repair follows the document's own majority style; in English, a pair "
    "with one guillemet or „ and one straight mark takes the English style whole.",
    bad='a set of “air hand washing devices" at school',
    good="a set of “air hand washing devices” at school",
    keep=["a set of “air hand washing devices” at school", 'a set of "air devices" at school'],
    fix=Applicability.UNSAFE,  # below the safe tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    languages=("en", "de"),
)
DOUBLED_QUOTE = rule(
    "Q107",
    "doubled-quote-mark",
    family=FAMILY,
    summary="Quotation mark written twice",
    why='Some engines escape straight quotes CSV-style ("") in their output; the escaping survives into the text.',
    bad='there was no grin to say, ""I am laughing at everything.""',
    good='there was no grin to say, "I am laughing at everything."',
    keep=['set the field to "" to clear it', 'x = ""', '"""docstring"""'],
    fix=Applicability.SAFE,
)
STRAY_QUOTE = rule(
    "Q108",
    "stray-quote-mark",
    family=FAMILY,
    summary="Quotation mark that pairs with nothing, inside a sentence",
    why="Engines translate a quote mark that belonged to a phrase they reordered or dropped; "
    "a closer wedged between two lowercase words with no quotation open has no other reading.  "
    "On a text's first line the quotation may have opened in an earlier segment the text does "
    "not hold, so there it is reported without a fix.",
    bad="Talks resumed.\nThe report says that” the talks will continue.",
    good="Talks resumed.\nThe report says that the talks will continue.",
    keep=["He said “that” the talks will continue.", "The “talks will continue", "six 12” pipes"],
    fix=Applicability.UNSAFE,
)
UNPAIRED = rule(
    "Q109",
    "unpaired-quote",
    family=FAMILY,
    summary="Quotation mark with no partner in the document",
    why="A half of a pair was dropped, or the text was cut mid-quotation; which of the two is "
    "not knowable from the text, so this is reported, not repaired.",
    bad="He said “the talks will continue.",
    good="He said “the talks will continue.",
    keep=["He said “the talks will continue.”", "“First paragraph.\n“Second one.”", "don’t"],
    fix=None,
)
CLOSED_EARLY = rule(
    "Q110",
    "quotation-closed-early",
    family=FAMILY,
    summary="Quotation closed before an editorial insertion that continues it",
    why="When a quotation carries an editorial insertion ([and]), engines close the quotation "
    "before the bracket and leave the rest of the quoted sentence stranded after it.",
    bad="“We support sovereignty and security.” [and] closer coordination between us.”",
    good="“We support sovereignty and security [and] closer coordination between us.”",
    keep=[
        "“We support sovereignty.” [Reuters] Trade grew.",
        "“We support it [the plan] fully.”",
    ],
    fix=Applicability.UNSAFE,
    languages=("en",),
)

STRAIGHT_FOR_LANGUAGE = rule(
    "Q201",
    "straight-quotes-for-language",
    family=FAMILY,
    summary="Straight quotation marks in a language with a pair of its own",
    why="Engines trained on tokenized or ASCII-normalised text write typewriter quotes; the "
    "target language's translators set its own pair („…“ in Czech and German, «…» in Russian).",
    bad='Řekl, že "zůstáváme" a odešel.',
    good="Řekl, že „zůstáváme“ a odešel.",
    keep=["Řekl, že „zůstáváme“ a odešel.", 'Soubor "a.txt', "Vyska 5' 10\""],
    fix=Applicability.SAFE,
    languages=tabled_languages(but=("en",)),
    lang="cs",
)

GUILLEMET_SPACE = rule(
    "Q202",
    "missing-space-inside-guillemets",
    family=FAMILY,
    summary="Guillemets glued to the words they quote, in a language that spaces them",
    why="French sets a no-break space inside « »; engines that copy the guillemets from "
    "German or Russian, or learnt them from unspaced text, glue them to the words.",
    bad="Il a dit «\u00a0oui\u00a0» et «non».",
    good="Il a dit «\u00a0oui\u00a0» et «\u00a0non\u00a0».",
    keep=["Il a parlé d'un «\u00a0corridor vert\u00a0».", "Il a parlé d'un « corridor vert ».", "«Bonjour», she said."],
    fix=Applicability.SAFE,
    languages=("fr",),
    lang="fr",
)

HSPACE = " \t\u00a0\u202f"
# en: closing/opening glyphs that are wrong for the role, with their repair.
BAD_CLOSE = {"en": {"“": "”", "‘": "’", "„": "”", "‚": "’"}, "de": {"„": "“", "‚": "‘"}, "fr": {"«": "»"}}
BAD_OPEN = {"en": {"”": "“"}, "de": {"”": "„"}, "fr": {"»": "«"}}
FOREIGN_OPEN = {"en": "„‚«»‹›", "de": "“", "fr": "»“"}
NBSP = "\u00a0"
# Pairs that are some language's own quotation style (and so may be converted as a whole).
FOREIGN_PAIRS = frozenset(
    [
        ("«", "»"),
        ("»", "«"),
        ("„", "“"),
        ("„", "”"),
        ("„", '"'),
        ("‚", "‘"),
        ("‚", "’"),
        ("‹", "›"),
        ("›", "‹"),
        ("“", "”"),
    ]
)
EDITORIAL_RE = regex.compile(r"[ \t]*\[[^\[\]\n]{1,40}\][ \t]+(?=\p{Ll})")
APOSTROPHES = "'’‘"  # the marks quotes_model._is_apostrophe may take for apostrophes
OTHER_SINGLES = "".join(c for c in SINGLE_MARKS if c not in APOSTROPHES)
# Which texts the pass can have anything to say about: those with a mark the model may make an
# opener or a closer.  A ' ’ ‘ right after a letter or a digit is an apostrophe or a prime
# whatever follows it (don't, Ukraine's, students’, 5'), unless a single quotation is open
# (quotes_model._is_apostrophe); only a single mark this trigger matches can open one, so a
# text whose marks are all such apostrophes has no quotation at all.  The letters are those
# of U+0000-U+052F (Latin, Greek, Cyrillic), where regex's Unicode tables (this trigger's)
# and Python's str.isalpha (the model's) agree: a letter only the newer tables know must not
# make a mark look like an apostrophe here and a quote in the model.
TRIGGER = regex.compile(
    rf"[{regex.escape(DOUBLE_MARKS + OTHER_SINGLES + CORNER_MARKS)}]"  # every double, corner and other single mark
    r"|(?:^|[^\p{L}\p{Nd}]|[^\u0000-\u052F])['’‘]"  # ' ’ ‘ not after a letter or digit
)
# A plain quotation: a straight or curly English pair, the opener after a space (or at the
# start, or after a parenthesis) and glued to a word, the closer glued to a word or to the
# sentence's punctuation and followed by a space or punctuation.
PLAIN_CLOSE_OF = {'"': '"', "“": "”"}
PLAIN_BEFORE_OPEN = " ("
PLAIN_AFTER_CLOSE = " .,;:!?)"
PLAIN_END = ".,!?"
# Every mark QUOTE_RE finds, one character at a time: the stdlib scans a class of literals
# twice as fast (and four times as fast as the class with a lookbehind for apostrophes).
MARK_CHAR_RE = re.compile(f"[{re.escape(DOUBLE_MARKS + SINGLE_MARKS + CORNER_MARKS)}]")


def _arrow(mk: Mark) -> bool:
    """A guillemet with no partner: a web page's navigation arrow (``All 12 pictures › The new
    stadium``, ``Frankfurter Rundschau » Politics``, on WMT22), not a quotation mark."""
    return mk.glyph in "«»‹›" and mk.partner < 0


def _role_guessed(model: QuoteModel, mk: Mark, lang: str) -> bool:
    """True when nothing but the model's guess says which way ``mk`` faces; Q103 then reports
    the blank without a fix (issue 16: on WMT22 most such repairs were wrong):

    * a straight mark with blanks on both sides that the model paired with a mark on another
      line: which way a free-standing ``"`` faces is a guess, and carrying a quotation across
      segments to close it there is a second one (``Mandela, " Gjamccho``, ``said , " Let's``);
    * a curly mark with no partner whose glyph the language does not use in the role the
      model gave it (``referred to as “) Banking Information”)``: “ closing in English).
    """
    if mk.straight:
        if mk.space_before and mk.space_after and mk.partner >= 0:
            return model.marks[mk.partner].line != mk.line
        return False
    if mk.partner >= 0:
        return False
    style = quote_style(lang)
    return mk.glyph not in (style.ok_close if mk.role is Role.CLOSE else style.ok_open)


def _same_kind(mk: Mark, ch: str) -> bool:
    """True when ``ch`` is a quotation mark of ``mk``'s kind (double, single)."""
    if not ch:
        return False
    if mk.kind == "double":
        return ch in DOUBLE_MARKS
    return mk.kind == "single" and ch in SINGLE_MARKS


_BLANK_THEN_LOWER_RE = regex.compile(r"[ \t]+\p{Ll}")


def _checks_wanted(doc: Document, base: str) -> tuple[bool, bool, bool, bool, bool]:
    """Which of the pass's checks can find anything in ``doc`` (foreign pairs, glyphs,
    spacing, mixed pairs, quotations closed early), asked once rather than of every mark (a
    text may hold many thousands): each check returns at once without its rules."""
    table = base in (TABLE, NONE)
    return (
        table or base in ("de", "fr") or doc.wants(FOREIGN_STYLE),
        table or doc.wants(MISDIRECTED_CLOSE) or doc.wants(MISDIRECTED_OPEN),
        base == "fr" or doc.wants(SPACE_INSIDE) or doc.wants(DETACHED_CLOSE),
        base in ("en", "de") and doc.wants(MIXED_PAIR),
        doc.wants(CLOSED_EARLY) and doc.base_lang == "en",
    )


class QuotesPass(Pass):
    name = FAMILY
    joint = True  # a mark one rule claims, the others leave alone
    line_gated = True  # check() reads Document.lines_admitting
    rules = (
        MISDIRECTED_CLOSE,
        MISDIRECTED_OPEN,
        SPACE_INSIDE,
        DETACHED_CLOSE,
        FOREIGN_STYLE,
        MIXED_PAIR,
        DOUBLED_QUOTE,
        STRAY_QUOTE,
        UNPAIRED,
        CLOSED_EARLY,
        STRAIGHT_FOR_LANGUAGE,
        GUILLEMET_SPACE,
    )
    trigger = TRIGGER

    def check(self, doc: Document) -> Iterator[Finding]:
        found = self._check(doc)
        if doc.context and isinstance(doc.context.get("source"), str):
            found = _weigh_source(doc, found)
        yield from found

    def _check(self, doc: Document) -> Iterator[Finding]:  # noqa: C901  one loop over the marks, on a hot path: a split costs calls per mark
        typo = typography(doc.lang)
        base = _quote_base(doc.lang, typo)
        model = _model_for(doc, base)
        if model is None:
            return
        marks = model.marks
        foreign, glyphs, spacing, mixed, closed_early = _checks_wanted(doc, base)
        handled: set[int] = set()  # marks whose glyph a foreign-style pair repair already covers
        if foreign:
            yield from self._foreign_pairs(doc, model, base, handled)
        for i, mk in enumerate(marks):
            role = mk.role
            if role is not Role.OPEN and role is not Role.CLOSE:
                continue
            if mk.char == '""':
                f = self._doubled(doc, mk)
                if f is not None:
                    yield f
            # The checks of a mark find one thing at most, and return it: a generator per
            # check and mark cost more than the check on a text of many marks.
            if glyphs and i not in handled:
                f = self._glyph(doc, model, i, base)
                if f is not None:
                    yield f
            if spacing:
                if base == "fr":
                    yield from _guillemet_space(doc, model, i)
                # An opener with no space after it (or glued to the word before), a closer
                # with none before it: nothing to respace.
                elif mk.space_after or mk.misspaced if role is Role.OPEN else mk.space_before:
                    f = self._spacing(doc, model, i, base)
                    if f is not None:
                        yield f
            if mk.partner >= 0:
                if mixed and role is Role.OPEN and i not in handled:
                    f = self._mixed(doc, model, i, base)
                    if f is not None:
                        yield f
                if closed_early and role is Role.CLOSE:
                    f = self._closed_early(doc, model, i)
                    if f is not None:
                        yield f
            elif mk.unpaired:
                yield from self._unpaired(doc, model, i)

    def _foreign_pairs(self, doc: Document, model: QuoteModel, base: str, handled: set[int]) -> Iterator[Finding]:
        """The foreign-style pair repairs, each pair's marks added to ``handled``."""
        # Where no table repair applies (_foreign), a pair can only open with a foreign glyph:
        # the others are passed over here rather than asked one by one.
        openers = None if base in (TABLE, NONE, "de", "fr") else FOREIGN_OPEN[base]
        for i, mk in enumerate(model.marks):
            if openers is not None and mk.char[0] not in openers:
                continue
            if mk.role is Role.OPEN and mk.partner >= 0 and i not in handled:
                f = self._foreign(doc, model, i, base)
                if f is not None:
                    handled.update((i, mk.partner))
                    yield f

    # -- repairs -------------------------------------------------------------------------

    def _foreign(self, doc: Document, model: QuoteModel, i: int, base: str) -> Finding | None:
        if base in (TABLE, NONE) or _table_repairs(model, i, base):
            return _foreign_table(doc, model, i, base)
        if not doc.wants(FOREIGN_STYLE):
            return None
        marks = model.marks
        o = marks[i]
        c = marks[o.partner]
        text = doc.text
        og, cg = o.glyph, c.glyph
        if og not in FOREIGN_OPEN[base] or (og, cg) not in FOREIGN_PAIRS:
            return None  # "EXPRESS › News › Show": one glyph at both ends is a separator
        style = quote_style(base)
        grade = None
        if base == "de":
            if not (og == "“" and cg == "”"):
                return None
        elif base == "fr":
            if og == "“":
                if cg != "”" or model.inside_quotation(o.start):
                    return None  # “…” nested inside « » is right in French
                grade = Applicability.UNSAFE
            elif cg != "«":
                return None
        if o.kind == "single" and base != "en":
            return None
        if base == "fr":
            new_o, new_c = style.open2 + NBSP, NBSP + style.close2
        elif o.kind == "single":
            new_o, new_c = style.open1, style.close1
        else:
            new_o, new_c = style.open2, style.close2
        # Spaces inside guillemets belong to the foreign style, so they go with it.
        o_end = o.end + (o.space_after if og in "«»‹›" and base != "fr" else 0)
        c_start = c.start - (c.space_before if cg in "«»‹›" and base != "fr" else 0)
        if o_end > c_start:
            return None
        edits = [Edit(o.start, o_end, new_o), Edit(c_start, c.end, new_c)]
        if apply_noop(text, edits):
            return None
        return doc.finding(
            FOREIGN_STYLE,
            o.start,
            c.end,
            f"{og}…{cg} in {base} text: {new_o.strip()}…{new_c.strip()}",
            edits,
            applicability=grade,
        )

    def _glyph(self, doc: Document, model: QuoteModel, i: int, base: str) -> Finding | None:
        if base in (TABLE, NONE):
            if base == TABLE:
                return _glyph_table(doc, model, i)
            return None
        mk = model.marks[i]
        g = mk.glyph
        partner = model.marks[mk.partner] if mk.partner >= 0 else None
        if mk.role is Role.CLOSE and doc.wants(MISDIRECTED_CLOSE):
            new = BAD_CLOSE[base].get(g)
            if mk.shape != "close" and partner is None:
                new = None  # only its place in a pair makes an unshaped mark a closer
            if base == "de" and g == "”" and partner is not None and partner.glyph == "„":
                new = "“"
            if new is not None and mk.kind == "single" and partner is None:
                new = None  # a lone ‘ after a word is as likely a typo'd apostrophe
            if new is not None:
                return doc.finding(
                    MISDIRECTED_CLOSE,
                    mk.start,
                    mk.end,
                    f"{g} closes a quotation here: {new}",
                    [Edit(mk.start, mk.end, new)],
                )
        elif mk.role is Role.OPEN and doc.wants(MISDIRECTED_OPEN):
            new = BAD_OPEN[base].get(g)
            if mk.shape != "open":
                new = None  # "works”/”I": without a space before it, ” may as well close
            if base == "en" and g == "’" and partner is not None:
                new = "‘"
            if base == "de" and g == "“" and partner is not None and partner.glyph == "“":
                new = "„"
            if new is not None:
                return doc.finding(
                    MISDIRECTED_OPEN,
                    mk.start,
                    mk.end,
                    f"{g} opens a quotation here: {new}",
                    [Edit(mk.start, mk.end, new)],
                )
        return None

    def _spacing(self, doc: Document, model: QuoteModel, i: int, base: str) -> Finding | None:
        """The spacing finding of a mark outside French (``_guillemet_space``), if any."""
        mk = model.marks[i]
        if mk.role is Role.OPEN:
            return self._open_spacing(doc, model, mk, base)
        if mk.role is Role.CLOSE and mk.space_before:
            return self._close_spacing(doc, model, i, base)
        return None

    def _open_spacing(self, doc: Document, model: QuoteModel, mk: Mark, base: str) -> Finding | None:
        text = doc.text
        if mk.misspaced and doc.wants(SPACE_INSIDE):
            k = mk.end + mk.space_after
            return doc.finding(
                SPACE_INSIDE,
                mk.start,
                k,
                "opening quote spaced from its text and glued to the word before",
                [Edit(mk.start, mk.start, " "), Edit(mk.end, k, "")],
            )
        if mk.space_after and doc.wants(SPACE_INSIDE):
            k = mk.end + mk.space_after
            nxt = text[k : k + 1]
            if _same_kind(mk, nxt) or _arrow(mk):
                return None  # ``‘ ‘word``: two marks of one kind, see below
            if nxt and (nxt.isalnum() or nxt in "‘'(") and (mk.partner >= 0 or not mk.straight):
                if mk.glyph in "«»‹›" and mk.partner >= 0 and doc.wants(FOREIGN_STYLE) and base != TABLE:
                    return None  # the foreign-style repair takes the spaces with the glyphs
                if not doc.is_protected(mk.end, k):
                    edits = [] if _role_guessed(model, mk, doc.lang) else [Edit(mk.end, k, "")]
                    return doc.finding(SPACE_INSIDE, mk.start, k, "space after an opening quote", edits)
        return None

    def _close_spacing(self, doc: Document, model: QuoteModel, i: int, base: str) -> Finding | None:
        text = doc.text
        mk = model.marks[i]
        s0 = mk.start - mk.space_before
        prev = text[s0 - 1 : s0]
        if not prev or prev == "\n" or not (prev.isalnum() or prev in ".,;:!?…)]%’'\"”"):
            return None
        if not (mk.partner >= 0 or not mk.straight or prev == ","):
            return None
        if mk.glyph in "«»‹›" and mk.partner >= 0 and doc.wants(FOREIGN_STYLE) and base != TABLE:
            return None
        if doc.is_protected(s0, mk.start):
            return None
        pe = mk.end + mk.space_after  # "win ” , he said": the comma may be spaced off too
        after = text[pe : pe + 1]
        after2 = text[pe + 1 : pe + 2]
        if (
            base == "en"
            and doc.wants(DETACHED_CLOSE)
            and after in (".", ",")
            and (not after2 or after2.isspace() or after2 in '“”"')
            and prev.isalnum()
        ):
            q = model.quotation_of(i)
            whole = q.whole_sentence if q is not None else True
            if whole and model.punct_inside:
                return doc.finding(
                    DETACHED_CLOSE,
                    s0,
                    pe + 1,
                    f"{after!r} belongs inside the closing quote",
                    [Edit(s0, mk.start, after), Edit(mk.end, pe + 1, "")],
                )
        if doc.wants(SPACE_INSIDE):
            if _same_kind(mk, prev) or _arrow(mk):
                # ``“ "``, ``("  ")``, ``." ”``: closing the blank between two marks of one kind
                # makes an empty quotation or two closers in a row, never a repaired quotation
                # (nesting alternates the kinds: ``‘never’ ”`` does close up).
                return None
            edits = [] if _role_guessed(model, mk, doc.lang) else [Edit(s0, mk.start, "")]
            return doc.finding(SPACE_INSIDE, s0, mk.end, "space before a closing quote", edits)
        return None

    def _mixed(self, doc: Document, model: QuoteModel, i: int, base: str) -> Finding | None:
        if base not in ("en", "de") or not doc.wants(MIXED_PAIR):
            return None
        o = model.marks[i]
        c = model.marks[o.partner]
        if o.kind != "double" or o.straight == c.straight or '""' in (o.char, c.char) or o.line != c.line:
            return None
        if not doc.text[o.end : c.start].strip():
            return None  # ``“ "``: two marks with nothing between them quote nothing
        style = quote_style(base)
        if model.prefers_straight:
            odd = o if not o.straight else c
            new = '"'
        else:
            odd = o if o.straight else c
            new = style.open2 if odd is o else style.close2
        if base == "en" and (o.glyph in "«»‹›„" or c.glyph in "«»‹›„"):
            if model.prefers_straight or o.glyph not in '"«„' or c.glyph not in '"»“':
                return None
            # ``the "Cadet » movement``: one half foreign, the other straight.  Mending the
            # straight half alone gives ``“Cadet »``; the whole pair takes the English style,
            # and the foreign half's inner space goes with it, as Q105 does for ``« Cadet »``.
            return doc.finding(
                MIXED_PAIR,
                o.start,
                c.end,
                f"quotation opened with {o.glyph} and closed with {c.glyph}",
                [
                    Edit(o.start, o.end + o.space_after, style.open2),
                    Edit(c.start - c.space_before, c.end, style.close2),
                ],
            )
        return doc.finding(
            MIXED_PAIR,
            o.start,
            c.end,
            f"quotation opened with {o.glyph} and closed with {c.glyph}",
            [Edit(odd.start, odd.end, new)],
        )

    def _doubled(self, doc: Document, mk: Mark) -> Finding | None:
        if not doc.wants(DOUBLED_QUOTE) or mk.shape == "free":
            return None
        text = doc.text
        ls = mk.start - doc.line_col(mk.start)[1] + 1
        if text[mk.start - 1 : mk.start] in "=([{:" and mk.start > ls:
            return None
        if text[mk.start - 1 : mk.start] == '"' or text[mk.end : mk.end + 1] == '"':
            return None  # """docstring""" or CSV escaping: not prose
        return doc.finding(DOUBLED_QUOTE, mk.start, mk.end, None, [Edit(mk.start + 1, mk.end, "")])

    def _closed_early(self, doc: Document, model: QuoteModel, i: int) -> Finding | None:
        """``…security.” [and] intensification … countries.”``: one quotation, closed early."""
        if not doc.wants(CLOSED_EARLY) or doc.base_lang != "en":
            return None
        text = doc.text
        c1 = model.marks[i]
        if c1.kind != "double" or text[c1.start - 1 : c1.start] not in (".", ","):
            return None
        m = EDITORIAL_RE.match(text[c1.end : c1.end + 80])  # a slice: see quotes_model._is_apostrophe
        if m is None:
            return None
        for j in range(i + 1, len(model.marks)):
            mk = model.marks[j]
            if mk.line != c1.line or mk.kind != "double":
                if mk.line != c1.line:
                    return None
                continue
            if mk.role is Role.OPEN:
                return None
            if mk.role is Role.CLOSE and mk.unpaired:
                return doc.finding(
                    CLOSED_EARLY,
                    c1.start - 1,
                    mk.end,
                    "the quotation goes on after the bracketed insertion; close it once, at the end",
                    [Edit(c1.start - 1, c1.end, "")],
                )
        return None

    def _unpaired(self, doc: Document, model: QuoteModel, i: int) -> Iterator[Finding]:
        mk = model.marks[i]
        if mk.kind == "single" and mk.straight:
            return  # a lone ' is far more often an apostrophe or a prime than a quote
        text = doc.text
        if (
            mk.role is Role.CLOSE
            and mk.kind == "double"
            and mk.shape == "close"
            and text[mk.start - 1 : mk.start].islower()
            and text[mk.start - 1 : mk.start] != "s"  # Belarus" border: a mistyped possessive
            and _BLANK_THEN_LOWER_RE.match(text[mk.end : mk.end + 3])
            and doc.wants(STRAY_QUOTE)
            and model.double_marks_on_line(mk.line) == 1
            and not _opened_on_earlier_line(model, mk)
        ):
            # On the text's first line the quotation may have opened in an earlier segment
            # that this text does not hold: reported, not deleted.
            edits = [Edit(mk.start, mk.end, "")] if mk.line > 0 else []
            yield doc.finding(
                STRAY_QUOTE, mk.start, mk.end, f"{mk.glyph} pairs with nothing and sits inside a sentence", edits
            )
            return
        if doc.wants(UNPAIRED):
            what = "opening" if mk.role is Role.OPEN else "closing"
            yield doc.finding(
                UNPAIRED, mk.start, mk.end, f"{what} {mk.glyph} has no partner", severity=Severity.WARNING
            )


# -- the source as evidence (issue 17) -----------------------------------------------------------
#
# A segment of a document may start inside a quotation opened segments earlier; its source
# then starts with a closing mark too (Chinese 」, ”, French or Russian », German “ in a
# source quoting „…“).  A target segment starting with a quote mark is judged by its source:
# a closer there means the mark closes a quotation the segment does not hold (not a misdirected
# opener, not stray, not unpaired); an opener there means it opens one.
SOURCE_CLOSERS = "」』”»"
SOURCE_OPENERS = "「『„«"
# Rules about the role of a mark, which the source's first mark decides.
_ROLE_RULES = ("Q102", "Q108", "Q109")


def _source_start_role(source: str) -> Role | None:
    """The role of the quote mark that starts ``source`` (after spaces), or None."""
    head = source.lstrip()[:1]
    if not head:
        return None
    if head in SOURCE_CLOSERS:
        return Role.CLOSE
    if head in SOURCE_OPENERS:
        return Role.OPEN
    if head == "“":
        return Role.CLOSE if "„" in source else Role.OPEN  # German quotes „…“
    return None


def _source_unpaired(source: str) -> frozenset[Role]:
    """The roles of the double quote marks of ``source`` (one segment's source) that pair with
    nothing in it: the quotation goes on from an earlier segment or into a later one."""
    if not any(c in ALL_MARKS for c in source):
        return frozenset()
    model = QuoteModel.build(source, "und")
    return frozenset(m.role for m in model.marks if m.unpaired and m.kind in ("double", "corner", "white-corner"))


def _weigh_source(doc: Document, found: Iterator[Finding]) -> Iterator[Finding]:
    """The findings about a mark's role, judged by the source of its line: a mark that starts
    the line by the source's first mark; a mark that pairs with nothing (Q108, Q109) by
    whether the source's quotation also runs on past the segment in the same direction."""
    from textfix.documents import source_evidence, source_line

    text = doc.text
    multi = "\n" in text
    unpaired: dict[int, frozenset[Role]] = {}
    for f in found:
        if f.code in _ROLE_RULES and text[f.start : f.start + 1] in ALL_MARKS:
            src = source_line(doc, f.line - 1) if multi else source_evidence(doc)
            if src is not None and f.code in ("Q108", "Q109"):
                if f.line not in unpaired:
                    unpaired[f.line] = _source_unpaired(src)
                # Q108 is a closer; Q109 says which in its message (QuotesPass._unpaired).
                own = Role.CLOSE if f.code == "Q108" or f.message.startswith("closing") else Role.OPEN
                if own in unpaired[f.line]:
                    continue  # the source's quotation spans segments too: not an artifact
            ls = text.rfind("\n", 0, f.start) + 1
            if not text[ls : f.start].strip():
                first = _source_start_role(src) if src is not None else None
                if first is Role.CLOSE:
                    continue  # closes a quotation opened before this segment: nothing to report
                if first is Role.OPEN:
                    if f.code == "Q108":
                        continue  # a quotation mark, not a stray one
                    if f.code == "Q102":
                        f = replace(f, message=f"{f.message} (the source opens a quotation here)")
        yield f


def _opened_on_earlier_line(model: QuoteModel, mk: Mark) -> bool:
    """True when a double quotation opened on a line before ``mk``'s is still open."""
    # The first such line, found once per model (asked once per mark it was quadratic).
    first = model.__dict__.get("_q108_first_open_line")
    if first is None:
        first = min(
            (
                m.line
                for m in model.marks
                if m.kind == "double" and m.role is Role.OPEN and (m.partner < 0 or m.continued)
            ),
            default=-1,
        )
        model.__dict__["_q108_first_open_line"] = first
    return 0 <= first < mk.line


QUOTES_CODES = frozenset(r.code for r in QuotesPass.rules)


def _model_for(doc: Document, base: str) -> QuoteModel | None:
    """The model the pass reads, or None when the text has nothing for it: in English, the
    plain quotations of a line need no model, and a text of many lines is modelled over the
    lines that need it."""
    if base != "en":
        return QuoteModel.build(doc.text, doc.lang, doc.is_protected)
    if "\n" in doc.text:
        return _document_model(doc)
    if _only_plain_quotations(doc):
        return None
    return QuoteModel.build(doc.text, doc.lang, doc.is_protected)


def _only_plain_quotations(doc: Document) -> bool:
    """True when every mark of a one-line English text is an apostrophe or a prime, or belongs
    to a plain quotation (see PLAIN_CLOSE_OF) paired with the next mark: the model would give
    each pair an opener and its closer with the right glyphs and no space to move, and none
    of the rules has anything to say.  It decides without building the model, which costs
    ten times more, for most of the texts with quotations.
    """
    text = doc.text
    if "\n" in text or _plain_habits(text) is None:
        return False
    # A mark inside a URL, an e-mail address or code is left out of the model, which would
    # pair the others differently.
    return not (marks_may_be_protected(text) and doc.is_protected(0, len(text)))


def _plain_habits(line: str) -> tuple[int, int, int, int] | None:
    """None unless every mark of ``line`` (one line) is an apostrophe or a prime, or belongs
    to a plain quotation paired with the next mark (see :func:`_only_plain_quotations`; marks
    in protected spans are the caller's to rule out).  Else what its quotations add to the
    document's habits (``QuoteModel.build``'s ``habits``): whole-sentence quotations with the
    punctuation inside and outside the closer, straight and curly pairs."""
    # An editorial [insertion] (Q110); a doubled "" (Q107).
    if "[" in line or '""' in line:
        return None
    inside = outside = straight = curly = 0
    want = ""  # the closer the open quotation waits for; "" when none is open
    whole = False  # the open quotation starts a sentence
    for m in MARK_CHAR_RE.finditer(line):
        s = m.start()
        g = line[s]
        prev = line[s - 1] if s else ""
        if g in APOSTROPHES:
            # An apostrophe or a prime, since no single quotation is open (quotes_model._is_apostrophe).
            if prev.isalpha() or prev.isdigit():
                continue
            return None
        nxt = line[s + 1 : s + 2]
        if not want:
            want = PLAIN_CLOSE_OF.get(g, "")
            if not want or prev not in PLAIN_BEFORE_OPEN or not nxt.isalnum():
                return None
            # quotes_model._sentence_start, the model's test of a whole-sentence quotation.
            j = s
            while j > 0 and line[j - 1] in " \t\u00a0\u202f":
                j -= 1
            whole = j == 0 or line[j - 1] in SENTENCE_END or (line[j - 1] in ALL_MARKS and j < s)
        elif g == want and (prev.isalnum() or prev in PLAIN_END) and nxt in PLAIN_AFTER_CLOSE:
            want = ""
            if g == '"':
                straight += 1
            else:
                curly += 1
            if whole:
                if prev in ".,!?":
                    inside += 1
                elif nxt in (".", ","):
                    outside += 1
        else:
            return None
    if want:
        return None
    return inside, outside, straight, curly


def _plain_row(row: str) -> tuple[tuple[int, int, int, int] | None, bool]:
    """``_plain_habits(row)``, and whether a mark of it may be protected: asked again of the
    same lines in each version of a file a fix makes, so remembered for lines of ordinary
    length (the memory it holds stays small whatever the input)."""
    if len(row) > _REMEMBERED_ROW:
        return _plain_habits(row), marks_may_be_protected(row)
    return _plain_row_remembered(row)


_REMEMBERED_ROW = 2000


@functools.lru_cache(maxsize=1 << 15)
def _plain_row_remembered(row: str) -> tuple[tuple[int, int, int, int] | None, bool]:
    return _plain_habits(row), marks_may_be_protected(row)


def _document_model(doc: Document) -> QuoteModel | None:
    """The model of an English text of many lines, built over the lines that need it; None
    when no line does.

    A line whose marks are all plain (:func:`_plain_habits`), or all apostrophes, gets no
    finding, and, with no quotation open when it starts, leaves none open: its marks are left
    out, its quotations only counted in the document's habits.  The other lines are modelled;
    and a quotation one of them leaves open stays open at most MAX_CARRY_LINES lines, so the
    lines after such a line are modelled too.  Which lines leave one open, the model says:
    up to the first line that does, the model of the other lines agrees with the model of
    all, so it sees that line; with its next lines added, it agrees up to the next one.  So
    the lines are modelled again while a new one shows up (seldom more than twice), and the
    lines outside start with nothing open.  A whole file then costs the lines with real
    quotation work, not every apostrophe of it (issue 15)."""
    text = doc.text
    starts = doc.line_starts()
    count = len(starts) - (starts[-1] > len(text))  # the pipeline's starts end one past the text
    plain: list[tuple[int, tuple[int, int, int, int]]] = []  # (line, habits) of the plain lines
    needy: list[int] = []  # the other lines with marks
    for ls, k, row in _lines_with_quotation_marks(doc):
        found, may_protect = _plain_row(row)
        if found is not None and not (may_protect and doc.is_protected(ls, ls + len(row))):
            if found != (0, 0, 0, 0):
                plain.append((k, found))
        else:
            needy.append(k)
    if not needy:
        return None
    carried: set[int] = set()  # lines whose next MAX_CARRY_LINES lines are modelled
    while True:
        spans = [(k, k) for k in needy] + [(k + 1, min(k + MAX_CARRY_LINES, count - 1)) for k in carried]
        spans.sort()
        merged: list[list[int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        regions = [(starts[a], starts[b + 1] - 1 if b + 1 < count else len(text), a) for a, b in merged]
        firsts = [a for a, _ in merged]
        # The plain lines outside the regions: their quotations are counted here.
        outside_habits = [
            found for k, found in plain if (i := bisect.bisect_right(firsts, k) - 1) < 0 or k > merged[i][1]
        ]
        inside, outside, straight, curly = (sum(col) for col in zip((0, 0, 0, 0), *outside_habits, strict=True))
        model = QuoteModel.build(
            text, doc.lang, doc.is_protected, regions=regions, habits=(inside, outside, straight, curly)
        )
        marks = model.marks
        left_open = {
            m.line
            for m in marks
            if m.kind == "double" and m.role is Role.OPEN and (m.partner < 0 or marks[m.partner].line > m.line)
        }
        if left_open <= carried:
            return model
        carried |= left_open


def _lines_with_quotation_marks(doc: Document) -> Iterator[tuple[int, int, str]]:
    """(offset, index, line) of each line of ``doc`` with a mark other than an apostrophe or a
    prime after a letter or a digit, in order (and maybe some lines with none).

    Such a mark has its role whatever follows it, as no single quotation is open: none runs on
    from an earlier line, and the line opens none before it, or the line would have been
    taken.  A line of only such marks pairs nothing.  The pipeline's gate has asked TRIGGER
    (which skips just those marks) of each line already: then its answers are read."""
    rows = doc.lines_admitting(QUOTES_CODES)
    if rows is not None:
        yield from rows
        return
    text = doc.text
    line = 0  # the index of the line starting at ``counted``
    counted = 0
    pos = 0
    for m in MARK_CHAR_RE.finditer(text):
        s = m.start()
        if s < pos:
            continue  # a line already taken
        if text[s] in APOSTROPHES:
            prev = text[s - 1 : s]
            if prev.isalpha() or prev.isdigit():
                continue
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", s)
        if le < 0:
            le = len(text)
        pos = le + 1
        line += text.count("\n", counted, ls)
        counted = ls
        yield ls, line, text[ls:le]


def apply_noop(text: str, edits: list[Edit]) -> bool:
    return all(text[e.start : e.end] == e.replacement for e in edits)


# -- languages known from their typography table (textfix.languages) ------------------------
#
# English, German and French keep the hand-tuned repairs above.  Every other language with a
# table (and German as written in Switzerland) is repaired from its table alone: a pair is
# right when it is one of the language's own pairs, and a repair only ever makes a pair one of
# them.  A language with no table gets no glyph repair at all (NONE): no rule may impose
# English quotation marks on it.
TABLE = "table"
NONE = "none"
_HAND_TUNED = {"en": "en", "de": "de", "fr": "fr", "fr-ca": "fr"}


def _quote_base(lang: str, typo: Typography | None) -> str:
    if typo is None:
        return "en" if language_base(lang) == "en" else NONE
    return _HAND_TUNED.get(typo.tag, TABLE)


def _guillemet_space(doc: Document, model: QuoteModel, i: int) -> Iterator[Finding]:
    """French «mot» in a document that spaces its other guillemets: the space it sets there
    (plain, U+00A0 or U+202F), on the inner side of each paired guillemet that has none.  A
    document with no spaced pair gives no evidence that its guillemets are French ones (a
    French word quoted in English text, «Bonjour», is set as the English text's): left alone."""
    typo = typography(doc.lang)
    mk = model.marks[i]
    if typo is None or not typo.quote_space or mk.partner < 0 or not doc.wants(GUILLEMET_SPACE):
        return
    if mk.glyph not in "«»" or model.marks[mk.partner].glyph not in "«»":
        return
    text = doc.text
    space = model.__dict__.get("_guillemet_space")
    if space is None:
        habit = Counter(
            text[m.end] if m.glyph == "«" else text[m.start - 1]
            for m in model.marks
            if m.glyph in "«»" and m.partner >= 0 and (m.space_after if m.glyph == "«" else m.space_before)
        )
        space = model.__dict__["_guillemet_space"] = habit.most_common(1)[0][0] if habit else ""
    if not space:
        return
    if mk.role is Role.OPEN and mk.glyph == "«" and not mk.space_after and text[mk.end : mk.end + 1].isalnum():
        yield doc.finding(GUILLEMET_SPACE, mk.start, mk.end, "no space after «", [Edit(mk.end, mk.end, space)])
    elif mk.role is Role.CLOSE and mk.glyph == "»" and not mk.space_before and mk.start > 0:
        if text[mk.start - 1].isalnum() or text[mk.start - 1] in ".!?…":
            yield doc.finding(GUILLEMET_SPACE, mk.start, mk.end, "no space before »", [Edit(mk.start, mk.start, space)])


def _table_repairs(model: QuoteModel, i: int, base: str) -> bool:
    """The pairs the table repairs in German and French too: straight quotes, and in German
    the guillemets «…» that are right only in Switzerland (``de-CH``)."""
    if base not in ("de", "fr"):
        return False
    o = model.marks[i]
    c = model.marks[o.partner]
    if o.char == c.char == '"':
        return True
    return base == "de" and (o.glyph, c.glyph) == ("«", "»")


def _straight_is_odd(model: QuoteModel) -> bool:
    """Whether the document says its straight quotations are the odd ones: it has no curly
    ones (then the language's table is the only evidence, and no language with a table quotes
    with straight marks), or at least twice as many curly ones.  A document torn between the
    two has no clear habit, and converting its straight quotations is only offered."""
    counts = model.__dict__.get("_straight_curly")
    if counts is None:
        straight = curly = 0
        for q in model.quotations:
            o, c = model.marks[q.opener], model.marks[q.closer]
            if o.kind == "double":
                straight += o.straight and c.straight
                curly += not o.straight and not c.straight
        counts = model.__dict__["_straight_curly"] = (straight, curly)
    straight, curly = counts
    return curly == 0 or curly >= 2 * straight


def _document_pair(model: QuoteModel, typo: Typography) -> tuple[str, str]:
    counts: dict[tuple[str, str], int] = {}
    for q in model.quotations:
        pair = (model.marks[q.opener].glyph, model.marks[q.closer].glyph)
        if pair in typo.pairs and pair != typo.inner and not model.inside_quotation(q.start):
            counts[pair] = counts.get(pair, 0) + 1
    best = typo.quotes
    for pair, n in counts.items():
        if n > counts.get(best, 0):
            best = pair
    return best


def _target_pair(model: QuoteModel, o: Mark, typo: Typography) -> tuple[str, str]:
    if o.kind == "single" or model.inside_quotation(o.start):
        return typo.inner
    # One target pair for the whole document: the one of the language's own pairs its
    # well-formed quotations already use most, else the table's.  Kept on the model, which
    # lives for one check, so the pass itself holds no state.
    pair = model.__dict__.get("_target_pair")
    if pair is None:
        pair = model.__dict__["_target_pair"] = _document_pair(model, typo)
    return pair


def _foreign_table(doc: Document, model: QuoteModel, i: int, base: str) -> Finding | None:
    """Another language's pair (“…” in Czech, „…“ in Russian, «…» in German-German text) or
    straight quotes, turned into the language's own pair."""
    typo = typography(doc.lang)
    if base == NONE or typo is None:
        return None
    marks = model.marks
    o = marks[i]
    c = marks[o.partner]
    og, cg = o.glyph, c.glyph
    if (og, cg) in typo.pairs or o.line != c.line:
        return None
    straight = o.char == c.char == '"'
    if straight:
        # Both marks must say which way they face: "… "x" …" glued to its words on the inside.
        # Chinese and Japanese put no spaces around a quotation, so there the marks must be
        # the only two on their line instead.
        if not doc.wants(STRAIGHT_FOR_LANGUAGE):
            return None
        if typo.cjk:
            if model.double_marks_on_line(o.line) != 2:
                return None
        elif o.shape != "open" or c.shape != "close":
            return None
        rule_ = STRAIGHT_FOR_LANGUAGE
        grade = None if _straight_is_odd(model) else Applicability.UNSAFE
    else:
        if not doc.wants(FOREIGN_STYLE) or (og, cg) not in FOREIGN_PAIRS or o.kind != c.kind:
            return None
        rule_ = FOREIGN_STYLE
        grade = None
    new_o, new_c = _target_pair(model, o, typo)
    space = typo.quote_space if new_o in "«»" else ""
    # Spaces inside guillemets belong to the style that set them, so they go with it.
    o_end = o.end + (o.space_after if og in "«»‹›" and not space else 0)
    c_start = c.start - (c.space_before if cg in "«»‹›" and not space else 0)
    if o_end > c_start:
        return None
    edits = [Edit(o.start, o_end, new_o + space), Edit(c_start, c.end, space + new_c)]
    if apply_noop(doc.text, edits):
        return None
    return doc.finding(
        rule_, o.start, c.end, f"{og}…{cg} in {typo.tag} text: {new_o}…{new_c}", edits, applicability=grade
    )


def _glyph_table(doc: Document, model: QuoteModel, i: int) -> Finding | None:
    """One half of a pair written with the wrong glyph (``„ano„``, ``«да«``, ``„ano"``): the
    repair changes that half only, and only when exactly one glyph makes the pair the
    language's own."""
    typo = typography(doc.lang)
    mk = model.marks[i]
    if typo is None or mk.partner < 0:
        return None
    other = model.marks[mk.partner]
    if mk.role is Role.CLOSE:
        rule_, opener = MISDIRECTED_CLOSE, other.glyph
        options = {c for o, c in typo.pairs if o == opener}
    elif mk.role is Role.OPEN:
        if other.char == '"' and mk.char != '"':
            return None  # the closer is the odd one out: its own turn
        rule_, closer = MISDIRECTED_OPEN, other.glyph
        options = {o for o, c in typo.pairs if c == closer}
    else:
        return None
    if not doc.wants(rule_) or mk.line != other.line or mk.glyph in options or len(options) != 1:
        return None
    if mk.role is Role.CLOSE and mk.char == '"' and other.char != '"':
        pass  # „ano": a straight closer to a curly opener takes the opener's partner
    elif mk.kind != other.kind or mk.straight or other.straight:
        return None
    pair = (mk.glyph, other.glyph) if mk.role is Role.OPEN else (other.glyph, mk.glyph)
    if pair in typo.pairs:
        return None
    new = options.pop()
    return doc.finding(
        rule_,
        mk.start,
        mk.end,
        f"{mk.glyph} {mk.role.value}s a quotation in {typo.tag} text: {new}",
        [Edit(mk.start, mk.end, new)],
    )
