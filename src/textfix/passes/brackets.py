"""Brackets: unmatched, mis-spaced, empty, CJK-style and garbled brackets.

Tokenized MT output spaces brackets off their contents (``( Social Democrats )``); engines
translating from Chinese and Japanese keep ``【…】`` and ``〔…〕``; headers lose their opening
``[`` (``Official] New store``); an editorial insertion that belonged inside a quotation is
left stranded after it.  Brackets are paired per line (a paragraph, in the formats textfix
reads), and only a bracket whose partner is known is repaired.

>>> from textfix import fix
>>> fix("the ( Social Democrats ) and 【Limited Quantity】 offers")
'the (Social Democrats) and 【Limited Quantity】 offers'

B103 (``【…】`` around Latin text) is report only since its judged precision on WMT22 fell below its tier (docs/precision.md).

Never touched: editorial brackets (``[Siemens]``, ``[sic]``), emoticons (``:)``, ``)))``),
list markers (``1)``, ``a)``), function calls and code (``f()``, ``a[i]``, ``void init ();``,
``obj.reset ()``: an empty pair on a line of code or after an identifier), CJK brackets around
CJK text, URLs, a closing bracket spaced off the words before it at a line start (no header
label that lost its ``[``: reported as unmatched).  A CJK bracket pair is replaced whole: the Latin brackets get the spaces that
the CJK ones carried in their glyphs (``【Official】We`` -> ``[Official] We``).  Full-width （ ） belong to the unicode pass (U105).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import regex

from textfix.languages import cjk_languages
from textfix.model import Applicability, Document, Edit, Finding, Pass
from textfix.quotes_model import DOUBLE_MARKS
from textfix.rules import rule
from textfix.spans import marks_may_be_protected

FAMILY = "brackets"

UNMATCHED = rule(
    "B101",
    "unmatched-bracket",
    family=FAMILY,
    summary="Bracket with no partner in its paragraph",
    why="Engines drop one half of a bracket pair when they reorder or shorten a clause.",
    bad="The party (founded in 1990 won the vote.",
    good="The party (founded in 1990 won the vote.",
    keep=["The party (founded in 1990) won.", "1) first, 2) second", "thanks :)", "see you )))"],
    fix=None,
)
SPACE_INSIDE = rule(
    "B102",
    "space-inside-brackets",
    family=FAMILY,
    summary="Space between a bracket and its contents",
    why="Tokenizers split brackets from words and detokenizers miss the inner side.",
    bad="the ( Social Democrats ) won [ in 2021 ]",
    good="the (Social Democrats) won [in 2021]",
    keep=["the (Social Democrats) won", "an empty ( ) pair", "if ( x == 1 ) {"],
    fix=Applicability.SAFE,
)
CJK_BRACKET = rule(
    "B103",
    "cjk-bracket",
    family=FAMILY,
    summary="CJK lenticular or tortoise-shell brackets around Latin-script text",
    why="Engines translating Chinese or Japanese headlines keep the source's 【…】 and 〔…〕.",
    bad="【Limited Quantity】Free shipping",
    good="[Limited Quantity] Free shipping",
    keep=["【公式】 Online Store", "【速報】東京"],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    # 【…】 around a Latin word is ordinary in Chinese and Japanese headlines.
    not_languages=cjk_languages(),
)
EMPTY = rule(
    "B104",
    "empty-brackets",
    family=FAMILY,
    summary="Empty brackets",
    why="A placeholder, tag or untranslatable token was deleted and its brackets were left.",
    bad="The new store () opens on Monday.",
    good="The new store opens on Monday.",
    keep=["call f() first", "an array a[] here", "a (small) store", "void init ();", "call obj.reset () now"],
    fix=Applicability.UNSAFE,
)
GARBLED_INSERTION = rule(
    "B105",
    "garbled-editorial-insertion",
    family=FAMILY,
    summary="Editorial insertion stranded after a closing quote",
    why="An insertion such as [and] belongs inside the quotation it completes; engines close "
    "the quotation first and leave the insertion and the rest of the sentence outside.",
    bad="“We support sovereignty and security.” [and] closer coordination”.",
    good="“We support sovereignty and security.” [and] closer coordination”.",
    keep=["“We support it [the plan] fully.”", "“It works.” [Reuters] Trade grew."],
    fix=None,
)
MISSING_OPEN = rule(
    "B106",
    "missing-opening-bracket",
    family=FAMILY,
    summary="Line starts with a word and a closing bracket: the opening bracket was dropped",
    why="Headers like [Official] or [Photo] lose their opening bracket when an engine treats it as markup.",
    bad="Official] New online store",
    good="[Official] New online store",
    keep=["[Official] New online store", "a) first item", "x] = 5 in code"],
    fix=Applicability.UNSAFE,
)

OPEN_OF = {")": "(", "]": "[", "}": "{", "】": "【", "〕": "〔"}
OPENERS = frozenset(OPEN_OF.values())
BRACKET_RE = regex.compile(r"[()\[\]{}【】〔〕]")
# The texts with something to report: those with a bracket that is not in a plain pair.  A
# plain pair is ( or [ closed, on its line, by its own closer before any other bracket, with
# something other than a space just inside each end: it is neither lone (B101, B106, and then
# no pairing across lines either), empty (B104), spaced (B102) nor CJK (B103).  So on a line
# of plain pairs only B105 is possible, and it needs a quote mark and spaces before a "[".
# Each branch below is one way for a line to hold something else; none joins two runs with
# ".*", and each "[^...]*" run stops at the next bracket, so the scan stays linear.
_NOT_B = r"[^()\[\]\n]*"  # the rest of the line up to its next bracket
TRIGGER = regex.compile(
    r"[{}【】〔〕]"  # braces and CJK brackets: never plain
    rf"|(?:^|\n){_NOT_B}[)\]]"  # a line's first bracket closes
    rf"|[(\[]{_NOT_B}(?:[(\[]|\n|\Z)"  # an opener followed by another opener, or by nothing
    rf"|[)\]]{_NOT_B}[)\]]"  # two closers in a row
    rf"|\({_NOT_B}\]|\[{_NOT_B}\)"  # an opener closed by the other kind
    r"|[(\[][ \t\u00a0)\]]|[ \t\u00a0][)\]]"  # an empty pair, or a space just inside one end
    rf"|[{regex.escape(DOUBLE_MARKS)}][ \t\u00a0]+\["  # an [insertion] after a quotation (B105)
)
CJK_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
LATIN_RE = regex.compile(r"\p{Latin}")
CODE_RE = regex.compile(r"[=;{}<>|\\]|==|\+\+")
EMOTICON_BEFORE = ":;=8xX-^"
LIST_MARKER_RE = regex.compile(r"(?:^|(?<=[\s,;:]))(?:\p{N}{1,3}|\p{L}|[ivxIVX]{1,4})\)$", regex.MULTILINE)
# The label touches its "]" (``Official]``): a closing bracket spaced off the words before it
# (``2017.date 2015 ] Teams``, word salad) is no header's, and is reported as unmatched.
MISSING_OPEN_RE = regex.compile(
    r"[ \t]*([\p{L}\p{N}](?:[\p{L}\p{N} .&'’-]{0,28}[\p{L}\p{N}.&'’-])?)\](?=[ \t]*[\p{L}\p{N}#@$€£¥])"
)
HS = " \t\u00a0"
INSERTION_RE = regex.compile(r"\[[^\[\]\n]{1,40}\][ \t]+(?=\p{Ll})")
# B105 needs a full stop or a comma, a double quotation mark (one character), then spaces,
# right before the "[" of the insertion (_garbled): without them no quotation model is built,
# and a file with one "[" after a quote mark anywhere cost a model of all its lines.
GARBLED_HINT_RE = re.compile(rf"[.,][{re.escape(DOUBLE_MARKS)}][{HS}]+\[")
# BRACKET_RE for the stdlib, whose scan of a class of literals is twice as fast.
BRACKET_SCAN = re.compile(BRACKET_RE.pattern)


# An identifier as code writes it: a member access, a scope, an underscore or an inner capital
# (``obj.reset``, ``std::move``, ``init_all``, ``getValue``).
IDENTIFIER_BEFORE_RE = regex.compile(
    r"(?:[\p{L}\p{N}_]+(?:\.|::|->))+[\p{L}_][\p{L}\p{N}_]*|\p{L}*_[\p{L}\p{N}_]*|\p{Ll}+\p{Lu}[\p{L}\p{N}]*"
)


# CODE_RE without ``;``: prose has semicolons, so on the line it takes one of these.
CODE_LINE_RE = regex.compile(r"[={}<>|\\]|\+\+")


_CODE_AFTER_CLOSE_RE = regex.compile(r"[ \t]*(?:[;{]|\.\p{L}|->)")


def _looks_like_code(text: str, o: int, c: int) -> bool:
    """An empty pair ``text[o:c + 1]`` that is a call or a declaration (``void init ();``,
    ``obj.reset ()``): its line holds code punctuation, the word before it is an identifier,
    or a statement or a member access follows it."""
    # The line around the pair, up to 80 characters each way: a whole line per pair was
    # quadratic on one long line of pairs.
    ls = text.rfind("\n", max(0, o - 80), o) + 1 or max(0, o - 80)
    le = text.find("\n", c, c + 80)
    le = min(len(text), c + 80) if le < 0 else le
    if CODE_LINE_RE.search(text, ls, le):
        return True
    head = text[ls:o].rstrip(HS)
    word = head[head.rfind(" ") + 1 :]
    if IDENTIFIER_BEFORE_RE.fullmatch(word):
        return True
    # A statement's end after a tight pair (``init();``); ``( );`` in prose is a lost word.
    return c == o + 1 and _CODE_AFTER_CLOSE_RE.match(text[c + 1 : c + 8]) is not None


class _Shifted:
    """A match in a slice, with offsets moved back into the whole text."""

    __slots__ = ("m", "off")

    def __init__(self, m: regex.Match[str], off: int) -> None:
        self.m, self.off = m, off

    def start(self) -> int:
        return self.m.start() + self.off

    def end(self) -> int:
        return self.m.end() + self.off

    def group(self) -> str:
        return self.m.group()


class BracketsPass(Pass):
    name = FAMILY
    line_gated = True  # check() reads Document.lines_admitting
    rules = (UNMATCHED, SPACE_INSIDE, CJK_BRACKET, EMPTY, GARBLED_INSERTION, MISSING_OPEN)
    trigger = TRIGGER

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        # A line the trigger does not match has no finding and no lone bracket to pair with
        # the next line's: in a file whose lines the gate has read, only the others are read.
        rows = doc.lines_admitting(self.codes)
        lines = self._lines(text) if rows is None else self._rows(text, rows)
        # A parenthesis may open in one segment and close in the next ("(or was it…\nStraws?)."):
        # the last lone opener of a line and the first lone closer of the next one are a pair.
        for (_, le0, _, lone0), (ls1, _, _, lone1) in itertools.pairwise(lines):
            if lone0 and lone1 and text.count("\n", le0, ls1) == 1:
                o, c = lone0[-1], lone1[0]
                if text[o] in OPENERS and OPEN_OF.get(text[c]) == text[o]:
                    lone0.pop()
                    lone1.pop(0)
        quote_model = None
        may_protect = None  # asked of the whole text once: asked per line, a file cost lines x length
        for ls, le, pairs, lone in lines:
            for o, c in pairs:
                yield from self._pair(doc, o, c)
            if lone:
                if may_protect is None:
                    may_protect = marks_may_be_protected(text)
                for i in lone:
                    if not (may_protect and doc.is_protected(i, i + 1)):
                        yield from self._lone(doc, i, ls, le)
            # The quotation model costs more than the rest: only for a "[" after a quote mark.
            if doc.wants(GARBLED_INSERTION) and GARBLED_HINT_RE.search(text, ls, le) is not None:
                if quote_model is None:
                    from textfix.quotes_model import QuoteModel

                    quote_model = QuoteModel.build(text, doc.lang, doc.is_protected)
                yield from self._garbled(doc, quote_model, ls, le)

    @classmethod
    def _lines(cls, text: str) -> list[tuple[int, int, list[tuple[int, int]], list[int]]]:
        """(start, end, pairs, lone brackets) of each line that has brackets."""
        n = len(text)
        lines: list[tuple[int, int, list[tuple[int, int]], list[int]]] = []
        # One regex scan over the whole text; brackets are grouped by line as they come.
        line_marks: list[int] = []
        ls = le = -1
        for m in BRACKET_SCAN.finditer(text):
            i = m.start()
            if i > le:
                if line_marks:
                    lines.append((ls, le, *cls._pair_line(text, line_marks)))
                ls = text.rfind("\n", max(le, 0), i) + 1
                le = text.find("\n", i)
                if le < 0:
                    le = n
                line_marks = []
            line_marks.append(i)
        if line_marks:
            lines.append((ls, le, *cls._pair_line(text, line_marks)))
        return lines

    @classmethod
    def _rows(
        cls, text: str, rows: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, list[tuple[int, int]], list[int]]]:
        """``_lines`` of the given lines only: (offset, index, line) each."""
        out = []
        for ls, _, row in rows:
            marks = [ls + m.start() for m in BRACKET_SCAN.finditer(row)]
            if marks:
                out.append((ls, ls + len(row), *cls._pair_line(text, marks)))
        return out

    @staticmethod
    def _pair_line(text: str, positions: list[int]) -> tuple[list[tuple[int, int]], list[int]]:
        """Pairs (opener, closer) and lone brackets of one line, by a stack."""
        stack: list[int] = []
        pairs: list[tuple[int, int]] = []
        lone: list[int] = []
        # How many openers of each kind the stack holds: a closer with no opener of its kind
        # is lone at once, instead of a walk down a stack of other kinds (quadratic on a line
        # of "(" followed by "]").  A walk that finds its opener removes what it passed.
        open_count: dict[str, int] = {}
        for i in positions:
            ch = text[i]
            if ch in OPENERS:
                stack.append(i)
                open_count[ch] = open_count.get(ch, 0) + 1
                continue
            want = OPEN_OF[ch]
            if not open_count.get(want):
                lone.append(i)
                continue
            j = len(stack) - 1
            while text[stack[j]] != want:
                j -= 1
            lone.extend(stack[j + 1 :])
            pairs.append((stack[j], i))
            for k in stack[j:]:
                open_count[text[k]] -= 1
            del stack[j:]
        lone.extend(stack)
        lone.sort()
        return pairs, lone

    def _pair(self, doc: Document, o: int, c: int) -> Iterator[Finding]:
        text = doc.text
        inner = text[o + 1 : c]
        oc = text[o]
        if not inner.strip(HS):
            if oc in "([" and doc.wants(EMPTY):
                before = text[o - 1 : o]
                if (
                    (not before or before.isspace())
                    and not doc.is_protected(o, c + 1)
                    and not _looks_like_code(text, o, c)
                ):
                    s = o
                    while s > 0 and text[s - 1] in HS:
                        s -= 1
                    end = c + 1
                    if s == o or text[s - 1 : s] == "\n":
                        s = o
                        while end < len(text) and text[end] in HS:
                            end += 1
                    yield doc.finding(EMPTY, o, c + 1, f"empty {text[o : c + 1]}", [Edit(s, end, "")])
            return
        if oc in "【〔":
            if doc.wants(CJK_BRACKET) and LATIN_RE.search(inner) and not CJK_RE.search(inner):
                # A CJK bracket carries its own spacing; the Latin one needs a space where the
                # pair touches a word, or ``【Official】We`` would become ``[Official]We``.
                glued_before = o > 0 and (text[o - 1].isalnum() or text[o - 1] in ".,;:!?")
                glued_after = c + 1 < len(text) and text[c + 1].isalnum()
                yield doc.finding(
                    CJK_BRACKET,
                    o,
                    c + 1,
                    f"{oc}…{text[c]} around Latin-script text: […]",
                    [Edit(o, o + 1, " [" if glued_before else "["), Edit(c, c + 1, "] " if glued_after else "]")],
                )
            return
        if oc == "{" or not doc.wants(SPACE_INSIDE) or CODE_RE.search(inner):
            return
        lead = len(inner) - len(inner.lstrip(HS))
        trail = len(inner) - len(inner.rstrip(HS))
        edits = []
        if lead and inner[lead] not in "\n":
            edits.append(Edit(o + 1, o + 1 + lead, ""))
        if trail:
            edits.append(Edit(c - trail, c, ""))
        if edits and not doc.is_protected(o, c + 1):
            yield doc.finding(SPACE_INSIDE, o, c + 1, f"space inside {oc}…{text[c]}", edits)

    def _lone(self, doc: Document, i: int, ls: int, le: int) -> Iterator[Finding]:
        text = doc.text
        ch = text[i]
        if ch == "]" and doc.wants(MISSING_OPEN):
            # Slices, not match(text, pos): see quotes_model._is_apostrophe.
            m = MISSING_OPEN_RE.match(text[ls : min(le, ls + 80)])
            if m is not None and ls + m.end() - 1 == i and not CODE_RE.search(m.group(1)):
                start = ls + (len(m.group()) - len(m.group().lstrip(HS)))
                yield doc.finding(
                    MISSING_OPEN,
                    start,
                    i + 1,
                    f"{m.group(1)!r}] has lost its opening bracket",
                    [Edit(start, start, "[")],
                )
                return
        if not doc.wants(UNMATCHED):
            return
        # pos/endpos, not a slice: a slice of the line for every brace was quadratic.
        if ch in "{}" and CODE_RE.search(text, ls, le):
            return  # a brace in a line of code opens or closes a block elsewhere
        if ch in "()":
            # Emoticons and the Russian-style smiley: ":)", ")))", "great )", "sad ("
            prev = text[i - 1 : i]
            nxt = text[i + 1 : i + 2]
            if (prev in EMOTICON_BEFORE and prev) or nxt == ch or (prev == ch and prev):
                return
            if ch == ")" and (prev in HS or prev == ""):
                return
            if ch == "(" and (nxt in HS or nxt in ("", "\n")):
                return
            if ch == ")" and LIST_MARKER_RE.search(text[max(ls, i - 6) : i + 1]):
                return  # "1) first, 2) second", "a) item"
        yield doc.finding(UNMATCHED, i, i + 1, f"unmatched {ch!r}")

    def _garbled(self, doc: Document, model, ls: int, le: int) -> Iterator[Finding]:
        from textfix.quotes_model import Role

        text = doc.text
        for m0 in INSERTION_RE.finditer(text[ls:le]):
            m = _Shifted(m0, ls)
            j = m.start()
            while j > ls and text[j - 1] in HS:
                j -= 1
            if j == m.start() or j == ls:
                continue
            mk = model.mark_at(j - 1)
            if mk is None or mk.role is not Role.CLOSE or mk.kind != "double":
                continue
            if text[mk.start - 1 : mk.start] not in (".", ","):
                continue
            yield doc.finding(
                GARBLED_INSERTION,
                m.start(),
                m.end(),
                f"{m.group().strip()} continues the quotation closed just before it",
            )
