"""Spacing residue: the whitespace that tokenizers put in and detokenizers forgot to take out.

MT systems work on tokenized text (``Hamburg , Germany .``, ``do n't``, ``$ 369``) and
detokenize afterwards; whatever the detokenizer misses stays in the output.

>>> from textfix import fix
>>> fix("Tübingen , Germany . It cost $ 369 million , or 5.3 % more.")
'Tübingen, Germany. It cost $369 million, or 5.3 % more.'
>>> fix("up 5.3 % on the year", unsafe=True)
'up 5.3% on the year'
>>> fix("it’ s what we ’re told: do n't")
"it’s what we’re told: don't"

Never touched: decimals, times (10:30), ratios (3:1), scores (2-0), ellipses, emoticons,
URLs and e-mail addresses (the space between a link and the punctuation after it too; a bare
domain is a word: ``iz.ru .`` becomes ``iz.ru.``), a ``?`` or ``!`` named as a noun after a
number or a determiner (``three ? in a row``), a full stop before a lowercase word (``in . to``,
reported only: no sentence ends there as the text stands), number-unit spacing (``40 °C``, ``5 km``), leading indentation,
two spaces after a full stop, and the spaces a language's typography wants (French puts a
no-break space before ``; : ! ?``: see textfix.languages).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from textfix.languages import typography
from textfix.model import Applicability, Document, Edit, Finding, Pass, Severity, rules_trigger
from textfix.rules import rule

FAMILY = "spacing"

HSPACE = r"[ \t\u00a0]"
_ENDS_WORD = r"(?:[^\p{L}\p{N}'’]|$)"

SPACE_BEFORE_PUNCT = rule(
    "S101",
    "space-before-punctuation",
    family=FAMILY,
    summary="Space before punctuation",
    why="Tokenized MT output separates punctuation from words; a detokenizer that misses a "
    "case leaves the space in.  Before a comma, a full stop or `!` the repair is safe; before a "
    "colon, a semicolon or `?` it is unsafe (those are also separators: `Stuttgart : Dortmund`), "
    "and colons spaced alike more than once on a line (a path) are only reported.",
    bad="Hamburg , Germany . It rose sharply ,while wages fell .",
    good="Hamburg, Germany. It rose sharply, while wages fell.",
    keep=[
        "He paused ... then spoke.",
        "Version 2 . 0 is out",
        "Visit https://example.com , then",
        "He typed three ? in a row",
        "Meet at 10 : 30",
        "Nice :) really",
        "then ;o) see you",
    ],
    fix=Applicability.SAFE,
    # A blank between a word (or a closing mark) and punctuation that ends there, or a comma
    # or semicolon glued to the next word (SPACE_BEFORE_PUNCT_RE, lookarounds spelt out).
    trigger=rf"[\p{{L}}\p{{N}})\]”’\"'%]{HSPACE}+(?:[,.;:!?](?:[ \t\r\n”’\"»]|$)|[,;]\p{{L}})",
)
MISSING_SPACE = rule(
    "S102",
    "missing-space-after-comma",
    family=FAMILY,
    summary="Missing space after a comma or semicolon between words",
    why="Detokenizers that glue punctuation to the left sometimes glue the next word too.",
    bad="prices rose sharply,while wages fell;others",
    good="prices rose sharply, while wages fell; others",
    keep=["1,000 people", "2,3-dimethyl", "see a,b and x,y", "mail ab,cd@x.org", "他说,我们", "choose yes,no,maybe"],
    fix=Applicability.SAFE,
    trigger=r"\p{L}\p{L}[,;]\p{L}\p{L}",  # a comma or semicolon between two letters on each side
)
SPLIT_CONTRACTION = rule(
    "S103",
    "split-contraction",
    family=FAMILY,
    summary="Contraction split by a space",
    why="Moses-style tokenization splits contractions (``do n't``, ``it 's``) and some "
    "detokenizers rejoin only half of them.",
    bad="it’ s clear we ’re late and they don' t know; I do n't",
    good="it’s clear we’re late and they don't know; I don't",
    keep=["the students’ books", "He said ’tis so", "the word 'sic' here", "rock 'n' roll"],
    fix=Applicability.SAFE,
    languages=("en",),
    # An apostrophe split from a contraction suffix (``n't`` needs the n), then Moses' ``do n't``.
    trigger=rf"\p{{L}}(?:[ \t]+['’][ \t]*|['’][ \t]+)(?:s|re|ve|ll|d|m){_ENDS_WORD}"
    rf"|[nN](?:[ \t]+['’][ \t]*|['’][ \t]+)t{_ENDS_WORD}"
    r"|\p{L}[ \t]+n['’]t",
)
MULTIPLE_SPACES = rule(
    "S104",
    "multiple-spaces",
    family=FAMILY,
    summary="Run of spaces inside a line",
    why="Deleted tokens (tags, unknown words) leave their surrounding spaces behind.",
    bad="The  talks ended   late.",
    good="The talks ended late.",
    keep=["  indented line", "End.  Next sentence.", "trailing  "],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    severity=Severity.INFO,
    trigger=r"\S {2,}\S",  # two or more spaces between non-blanks
)
CURRENCY_SPACE = rule(
    "S105",
    "space-after-currency-symbol",
    family=FAMILY,
    summary="Space between a currency symbol and its amount",
    why="Tokenizers split currency symbols from numbers (``$ 369``); English writes them closed up.",
    bad="the $ 369 million bridge and € 2.4 billion, US $ 35",
    good="the $369 million bridge and €2.4 billion, US $35",
    keep=["costs $369", "the $ sign", "$ (dollar)", "I have$ 50"],
    fix=Applicability.SAFE,
    languages=("en",),
    trigger=rf"[$€£¥₹₽₩]{HSPACE}+\d",  # a blank after a currency sign before a digit
)
PERCENT_SPACE = rule(
    "S106",
    "space-before-percent",
    family=FAMILY,
    summary="Space before a percent sign",
    why="Tokenizers split ``%`` from its number, and engines trained on German or French copy the spaced form.",
    bad="up 5.3 % on the year",
    good="up 5.3% on the year",
    keep=["up 5.3% on the year", "format 5 %s here", "40 °C and 5 km"],
    fix=Applicability.UNSAFE,  # below the safe tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    languages=("en",),
    trigger=rf"\d{HSPACE}+%(?:[^A-Za-z]|$)",  # a blank between a digit and %
)

MISSING_LANGUAGE_SPACE = rule(
    "S201",
    "missing-space-before-punctuation",
    family=FAMILY,
    summary="No space before a mark the language spaces (French ; : ! ?)",
    why="Engines trained mostly on English glue French ; : ! ? to the word before; French sets a no-break space there.",
    bad="Vraiment? Oui! Il a dit: non; jamais.",
    good="Vraiment\u00a0? Oui\u00a0! Il a dit\u00a0: non\u00a0; jamais.",
    keep=[
        "Vraiment\u00a0? Oui\u202f!",
        "à 10:30",
        "voir https://exemple.fr?a=1",
        "Bien :)",
        "Quoi ?!",
        "l’en-tête « Referrer-Policy: no-referrer »",
        "la clé maxAge: 3600",
    ],
    fix=Applicability.SAFE,
    languages=("fr",),
    lang="fr",
    trigger=r"[\p{L}»)][;:!?]",  # ; : ! ? glued to a letter, a closing guillemet or a parenthesis
)

# Space(s) then punctuation, then either a boundary (whitespace, closing quote, end) or, for
# a comma or semicolon only, a letter: ``sharply ,while``.  The lookbehind keeps leading
# punctuation of a line alone.  Runs of dots are ellipses and stay.
SPACE_BEFORE_PUNCT_RE = regex.compile(
    rf"(?<=[\p{{L}}\p{{N}}\)\]”’\"'%]){HSPACE}+"
    r"(?:(?P<p>[,.;:!?])(?=[ \t\r\n”’\"»]|$)|(?P<c>[,;])(?=\p{L}))"
)
MISSING_SPACE_RE = regex.compile(r"(?<=\p{L}\p{L})[,;](?=\p{L}\p{L})")
SPLIT_CONTRACTION_RE = regex.compile(
    r"""
    (?<=\p{L})
    (?:
        (?P<sp1>[ \t]+)(?P<q1>['’])(?P<sp2>[ \t]*)      # "we ’re", "don ' t"
      | (?P<q2>['’])(?P<sp3>[ \t]+)                     # "it’ s", "don' t"
    )
    (?P<suffix>s|re|ve|ll|d|m|t)(?![\p{L}\p{N}'’])
    """,
    regex.VERBOSE,
)
MOSES_NT_RE = regex.compile(r"(?<=\b\p{L}+)[ \t]+(?=n['’]t\b)")
# Han and kana: text in which punctuation is full-width and takes no space.
CJK_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
# S201: ; : ! ? glued to a word (or a closing guillemet) and followed by a blank, the end, or a
# closing mark; and the spaces a text already sets before them.
GLUED_MARK_RE = regex.compile(r"(?<=[\p{L}»)])(?P<p>[;:!?])(?=[ \t\n»”\"!?]|$)")
SPACED_MARK_RE = regex.compile(r"(?<=\S)([ \u00a0\u202f])[;:!?]")
MULTI_SPACE_RE = regex.compile(r"(?<=\S) {2,}(?=\S)")
SPACED_DIGIT_RE = regex.compile(rf"{HSPACE}*\d")
# A URL or an e-mail address right before a blank: a link ends at the blank, and closing the
# punctuation up to it would pull the mark into the link where text is auto-linked.
LINK_BEFORE_RE = regex.compile(r"(?:(?:https?|ftp)://|www\.|@)\S*$", regex.IGNORECASE)
# A number or a determiner right before a spaced ``?`` or ``!``: the mark is a noun.
MARK_AS_NOUN_RE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:\d+|a|an|the|one|two|three|four|five|six|seven|eight|nine|ten|single|double|triple|many|several|more)$",
    regex.IGNORECASE,
)
LOWER_WORD_AFTER_RE = regex.compile(rf"{HSPACE}+\p{{Ll}}")
SENTENCE_END_RE = regex.compile(r"[.!?:][\"”’)\]]?$")
CURRENCY_RE = regex.compile(rf"[$€£¥₹₽₩]{HSPACE}+(?=\d)")
EMOTICON_NOSE_RE = regex.compile(r"[o^'][)(DPp](?!\p{L})")
PERCENT_RE = regex.compile(rf"(?<=\d){HSPACE}+%(?![A-Za-z])")
# The pass's trigger is the union of its rules' branches (each its rule's pattern with the
# lookarounds spelt as characters, or dropped, which only widens, so RE2 reads it exactly).  A
# blank before a digit or an apostrophe alone is no finding: most text with numbers or quotes
# has one.
FAMILY_RULES = (
    SPACE_BEFORE_PUNCT,
    MISSING_SPACE,
    SPLIT_CONTRACTION,
    MULTIPLE_SPACES,
    CURRENCY_SPACE,
    PERCENT_SPACE,
    MISSING_LANGUAGE_SPACE,
)
TRIGGER = rules_trigger(*FAMILY_RULES)


# Capitalised words joined by hyphens, or a CamelCase or dotted identifier, right before a colon:
# the name of an HTTP header or a configuration field (``Content-Type:``, ``maxAge:``), which keeps
# the code's own spelling in any language.
FIELD_NAME_BEFORE_RE = regex.compile(
    r"(?:(?<![\p{L}\p{N}])\p{Lu}\p{Ll}*(?:-\p{Lu}\p{Ll}*)+|\p{Ll}+\p{Lu}[\p{L}\p{N}]*|[\p{L}\p{N}]+\.[\p{L}\p{N}.]+)$"
)


def _spaced_colons_on_line(text: str, i: int) -> int:
    """How many colons with a blank on each side the line around offset ``i`` holds."""
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    return text.count(" : ", start, len(text) if end < 0 else end)


_CODE_CHAR_RE = regex.compile(r"[\d/=_\\<>{}|@#]")
_BLANK_THEN_LOWER_RE = regex.compile(r"[ \t]+\p{Ll}")
# Searched backwards from its end (``(?r)``): a forward search tries every start before it.
_WORD_AT_END_RE = regex.compile(r"(?r)\p{L}+$")


class SpacingPass(Pass):
    name = FAMILY
    line_local = True
    rules = FAMILY_RULES
    trigger = TRIGGER

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if doc.wants(SPACE_BEFORE_PUNCT):
            yield from self._space_before(doc)
        if doc.wants(MISSING_SPACE):
            yield from self._missing_space(doc)
        if doc.wants(SPLIT_CONTRACTION):
            yield from self._contractions(doc)
        if doc.wants(MULTIPLE_SPACES):
            yield from self._multi_spaces(doc)
        if doc.wants(CURRENCY_SPACE):
            for m in CURRENCY_RE.finditer(text):
                if doc.is_protected(m.start(), m.end()):
                    continue
                if m.start() and text[m.start() - 1].islower():
                    # ``have$ 50``: the sign is glued to the word before, so closing up the
                    # amount alone would leave the text no better (``US$ 35`` is a prefix).
                    continue
                yield doc.finding(
                    CURRENCY_SPACE,
                    m.start(),
                    m.end(),
                    f"space after currency symbol {text[m.start()]!r}",
                    [Edit(m.start() + 1, m.end(), "")],
                )
        if doc.wants(MISSING_LANGUAGE_SPACE):
            yield from self._language_space(doc)
        if doc.wants(PERCENT_SPACE):
            for m in PERCENT_RE.finditer(text):
                if doc.is_protected(m.start(), m.end()):
                    continue
                yield doc.finding(PERCENT_SPACE, m.start(), m.end(), None, [Edit(m.start(), m.end() - 1, "")])

    def _missing_space(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in MISSING_SPACE_RE.finditer(text):
            if doc.is_protected(m.start(), m.end()) or self._in_token(text, m.start()):
                continue
            if CJK_RE.match(text, m.start() - 1) or CJK_RE.match(text, m.end()):
                continue  # Chinese and Japanese put no space after a comma (U201 widens it)
            yield doc.finding(
                MISSING_SPACE,
                m.start(),
                m.end(),
                f"missing space after {m.group()!r}",
                [Edit(m.end(), m.end(), " ")],
            )

    @staticmethod
    def _in_token(text: str, i: int) -> bool:
        """A comma inside a longer non-space token with digits, slashes or ``=`` is data, and so
        is a token of three or more items glued by commas or semicolons (``yes,no,maybe``, a
        machine-read list of choices: prose puts a space after each)."""
        s = i
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        e = i
        while e < len(text) and not text[e].isspace():
            e += 1
        tok = text[s:e]
        return tok.count(",") + tok.count(";") >= 2 or bool(_CODE_CHAR_RE.search(tok))

    def _space_before(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        typo = typography(doc.lang)
        for m in SPACE_BEFORE_PUNCT_RE.finditer(text):
            s, e = m.span()
            if doc.is_protected(s, e + 1):
                continue
            if doc.is_protected(s - 1, s) and LINK_BEFORE_RE.search(text, max(0, s - 300), s):
                continue  # after a URL or an e-mail address, a bare domain (``iz.ru .``) is a word
            p = m.group("p") or m.group("c")
            if typo is not None and typo.space_needed(p):
                continue  # French « Vraiment ? »: the language wants this space (S201 types it)
            nxt = text[e : e + 1]
            prev = text[s - 1]
            if p == "." and (text[e : e + 1] == "." or text[s - 1 : s] == "."):
                continue  # ellipsis
            if p in ":;" and ((nxt and nxt in ")(-DPp") or EMOTICON_NOSE_RE.match(text, e)):
                continue  # emoticon, with or without a nose: ``;)``, ``;o)``
            if p == ":" and prev.isdigit() and SPACED_DIGIT_RE.match(text, e):
                continue  # time or ratio typed with spaces: not ours to judge
            if p == "." and prev.isdigit() and SPACED_DIGIT_RE.match(text, e):
                continue  # a spaced-out decimal or version number
            if (
                p in "?!"
                and MARK_AS_NOUN_RE.search(text, max(0, s - 12), s)
                and _BLANK_THEN_LOWER_RE.match(text[e : e + 3])
            ):
                continue  # ``three ? in a row``, ``a ! at the end``: the mark named, not used
            if p == "." and LOWER_WORD_AFTER_RE.match(text, e):
                # ``in . to``, ``or more . purchase . free shipping``: a full stop before a
                # lowercase word ends no sentence as the text stands.  It is a stray mark (word
                # salad, a separator standing in for the source's ``・``) or a sentence whose
                # successor lost its capital; closing the space repairs neither, and on WMT22
                # half these repairs were wrong (docs/precision.md).  Reported only.
                yield doc.finding(SPACE_BEFORE_PUNCT, s, e, "space before '.' (a lowercase word follows)")
                continue
            if p == ":" and _spaced_colons_on_line(text, s) >= 2:
                # ``Catalog : Esotericism : Meditation``: colons spaced alike on both sides, more
                # than once on a line, are a path's or a menu's separators, not a label's colon;
                # closing one leaves the path uneven (WMT22, docs/precision.md).  Reported only.
                yield doc.finding(SPACE_BEFORE_PUNCT, s, e, "space before ':' (a separator repeated on the line)")
                continue
            rep = p + (" " if m.group("c") else "")
            # A comma or a full stop after a blank is a detokenizer's leftover; a colon, a
            # semicolon or a question mark after one is also a separator often enough (a
            # fixture ``Stuttgart : Dortmund``, ``200 ;mm`` left from ``&nbsp;``, a ``?`` for a
            # glyph the engine could not write) that the repair is unsafe (docs/precision.md).
            grade = Applicability.UNSAFE if p in ":;?" else None
            yield doc.finding(SPACE_BEFORE_PUNCT, s, e, f"space before {p!r}", [Edit(s, e, rep)], applicability=grade)

    def _language_space(self, doc: Document) -> Iterator[Finding]:
        """``mot?`` in French: the space the document already sets before these marks (its
        translators' choice of plain, no-break or narrow no-break), else the table's."""
        typo = typography(doc.lang)
        if typo is None:
            return
        text = doc.text
        habit = Counter(m.group(1) for m in SPACED_MARK_RE.finditer(text))
        for m in GLUED_MARK_RE.finditer(text):
            p = m.group("p")
            want = typo.space_needed(p)
            if not want:
                continue
            s = m.start("p")
            if doc.is_protected(s - 1, s + 1) or (p == ":" and text[s + 1 : s + 2].isdigit()):
                continue
            if p == ":" and FIELD_NAME_BEFORE_RE.search(text, max(0, s - 40), s):
                continue  # ``Referrer-Policy: no-referrer``: a header or field name quoted from code
            space = habit.most_common(1)[0][0] if habit else want
            yield doc.finding(MISSING_LANGUAGE_SPACE, s, s + 1, f"no space before {p!r}", [Edit(s, s, space)])

    def _contractions(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in SPLIT_CONTRACTION_RE.finditer(text):
            s, e = m.span()
            suffix = m.group("suffix")
            q = m.group("q1") or m.group("q2")
            word_before = _WORD_AT_END_RE.search(text, max(0, s - 30), s)
            wb = word_before.group() if word_before else ""
            if suffix == "t" and not wb.lower().endswith("n"):
                continue
            if m.group("q1") and not m.group("sp2") and suffix in ("d", "m", "t", "s"):
                # "word 'd..." with the quote glued to the suffix: an opening quote is as
                # likely as a contraction unless the suffix stands alone.
                after = text[e : e + 1]
                if after and not after.isspace() and after not in ".,;:!?":
                    continue
                if suffix in ("d", "m") and text[e : e + 1] in ("'", "’"):
                    continue
            if doc.is_protected(s, e):
                continue
            yield doc.finding(
                SPLIT_CONTRACTION,
                s - len(wb),
                e,
                f"split contraction {text[s - len(wb) : e]!r}",
                [Edit(s, e, q + suffix)],
            )
        for m in MOSES_NT_RE.finditer(text):
            s, e = m.span()
            yield doc.finding(SPLIT_CONTRACTION, s, e + 3, "split contraction n't", [Edit(s, e, "")])

    def _multi_spaces(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        # Whether a line is a table is decided once per line: deciding it again for every
        # run of spaces made one long line quadratic.
        columns: dict[int, bool] = {}
        ls = prev = 0
        for m in MULTI_SPACE_RE.finditer(text):
            s, e = m.span()
            # The sentence-end pattern is anchored at the end and spans two characters.
            if SENTENCE_END_RE.search(text, max(0, s - 2), s):
                continue  # two spaces after a full stop is a house style, not damage
            ls = text.rfind("\n", prev, s) + 1 or ls  # only the stretch since the last match
            prev = s
            if ls not in columns:
                le = text.find("\n", e)
                runs = MULTI_SPACE_RE.findall(text, ls, len(text) if le < 0 else le)
                columns[ls] = sum(len(r) >= 3 for r in runs) >= 2
            if columns[ls]:
                continue  # aligned columns: the spaces are the layout
            yield doc.finding(MULTIPLE_SPACES, s, e, f"{e - s} spaces", [Edit(s, e, " ")])
