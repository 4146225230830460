"""One model of the quotation structure of a whole document.

Every quotation mark in the text is found with one regex scan, given a *role* (opener,
closer, apostrophe, prime or unknown) from its context and from the pairing state, and paired
with its partner.  Passes read the model instead of matching quote characters line by line,
so that they agree on what each mark is:

* the context of a mark is what touches it: a mark glued to the word after it and spaced from
  the word before opens (``say “yes``); glued to the word before and spaced after, it closes
  (``yes” he``); a mark free on both sides, or wedged between punctuation and a word, takes its
  role from the pairing state (it closes when a quotation of its kind is open);
* the glyph does not decide the role: a German closing ``“`` glued to the end of an English
  sentence is a *closer* written with the wrong glyph, which is exactly what the quotes pass
  repairs;
* ``'`` and ``’`` between letters, after a plural ``s`` with no single quotation open, and
  before elided words (``’90s``, ``’em``) are apostrophes; after a digit they are primes
  (``5' 10"``);
* a quotation may run over several lines (WMT segments split one quotation into sentences),
  and by the journalistic convention a quotation running over several paragraphs leaves each
  paragraph open and reopens the next: an opener at a sentence start while a quotation of its
  kind is still open *continues* it rather than nesting.

>>> m = QuoteModel.build("He said “no. “Never,” and left, didn’t he?")
>>> [(q.char, q.role.value) for q in m.marks]
[('“', 'opener'), ('“', 'opener'), ('”', 'closer'), ('’', 'apostrophe')]
>>> m.marks[0].continued, m.marks[1].reopens
(True, True)
>>> m = QuoteModel.build("“Russia paid the price for the attack. “ With files")
>>> m.marks[1].role.value
'closer'
>>> m = QuoteModel.build("He said. “ With files")
>>> m.marks[0].role.value
'opener'
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from textfix.languages import language_base
from textfix.spans import marks_may_be_protected, protected_spans

__all__ = [
    "DOUBLE_MARKS",
    "QUOTE_RE",
    "SINGLE_MARKS",
    "Mark",
    "Quotation",
    "QuoteModel",
    "Role",
    "Style",
    "quote_style",
]

DOUBLE_MARKS = '"“”„‟«»〝〞＂'
SINGLE_MARKS = "'‘’‚‛‹›"
CORNER_MARKS = "「」『』"
STRAIGHT = "\"'"
# ``""`` is one mark written twice (some engines double every quote); it is scanned as one
# token so that it pairs as one quote.
QUOTE_RE = regex.compile(rf'""|[{regex.escape(DOUBLE_MARKS + SINGLE_MARKS + CORNER_MARKS)}]')
ALL_MARKS = frozenset(DOUBLE_MARKS + SINGLE_MARKS + CORNER_MARKS)
MARK_RUN_RE = regex.compile(rf"[{regex.escape(DOUBLE_MARKS + SINGLE_MARKS + CORNER_MARKS)}]+")
# QUOTE_RE for the stdlib, which scans it twice as fast (a literal and a class of literals
# mean the same in both).
QUOTE_SCAN = re.compile(QUOTE_RE.pattern)

# Words written with a leading apostrophe: ’90s, ’em, ’tis, rock ’n’ roll.
DECADE_RE = regex.compile(r"\d\ds\b")  # ‘90s
ELISION_RE = regex.compile(
    r"(?:\d\d(?:s|er|ers)?|tis|twas|em|n|cause|cos|til|till|bout|round|nuff|scuse|sup|ere)(?![\p{L}\p{N}])",
    regex.IGNORECASE,
)
SENTENCE_END = ".!?:…"
# Characters that may stand right before an opening mark without making it a closer.
OPENING_PUNCT = "([{—–-‐«„‚¿¡"
CLOSING_PUNCT = ".,;:!?…"
CLOSING_BRACKETS = ")]}"
# How many lines a quotation may stay open waiting for its closer (WMT splits paragraphs
# into sentences, one per line).  Beyond that the opener is reported as unpaired, so that a
# stray mark cannot colour the reading of the rest of a long file.
MAX_CARRY_LINES = 6


class Role(str, enum.Enum):
    OPEN = "opener"
    CLOSE = "closer"
    APOSTROPHE = "apostrophe"
    PRIME = "prime"
    UNKNOWN = "unknown"


@dataclass(slots=True)
class Mark:
    """One quotation mark (or apostrophe, or prime) and what the model decided about it."""

    start: int
    end: int
    char: str  # the glyph; ``""`` for a doubled straight mark
    kind: str  # "double", "single", "corner", "white-corner"
    line: int  # 0-based
    shape: str  # "open", "close", "inner", "free" (spaced on both sides)
    space_before: int  # horizontal spaces between the mark and the previous character
    space_after: int
    role: Role = Role.UNKNOWN
    partner: int = -1  # index of the paired mark in QuoteModel.marks
    continued: bool = False  # opener whose quotation runs on into the next paragraph
    reopens: bool = False  # opener that reopens a quotation continued from before
    misspaced: bool = False  # opener glued to the word before it and spaced from its text

    @property
    def glyph(self) -> str:
        return self.char[0]

    @property
    def straight(self) -> bool:
        return self.char[0] in STRAIGHT

    @property
    def unpaired(self) -> bool:
        if self.role is Role.OPEN:
            return self.partner < 0 and not self.continued
        if self.role is Role.CLOSE:
            return self.partner < 0
        return False


@dataclass(frozen=True, slots=True)
class Quotation:
    opener: int  # index into marks
    closer: int
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark
    whole_sentence: bool  # the opener starts a sentence (or follows a colon)


@dataclass(frozen=True, slots=True)
class Style:
    """The quotation marks a language expects."""

    open2: str
    close2: str
    open1: str
    close1: str
    # Glyphs that are right in this language whichever role they play.
    ok_open: str
    ok_close: str
    spaced: bool = False  # French: no-break spaces inside « »


STYLES = {
    "en": Style("“", "”", "‘", "’", ok_open="“‘\"'", ok_close="”’\"'"),
    "de": Style("„", "“", "‚", "‘", ok_open="„‚»›«‹\"'", ok_close="“‘«‹»›\"'"),
    "fr": Style("«", "»", "“", "”", ok_open="«‹“‘\"'", ok_close="»›”’\"'", spaced=True),
}


def quote_style(lang: str) -> Style:
    key = language_base(lang)
    if key in STYLES:
        return STYLES[key]
    return _table_style(lang)


@lru_cache(maxsize=64)
def _table_style(lang: str) -> Style:
    """The style of a language known only from its typography table (textfix.languages)."""
    from textfix.languages import typography

    t = typography(lang)
    if t is None:
        return STYLES["en"]  # roles only: the quotes pass repairs no glyph in an unknown language
    openers = "".join(o for o, _ in sorted(t.pairs))
    closers = "".join(c for _, c in sorted(t.pairs))
    return Style(*t.quotes, *t.inner, ok_open=openers + "\"'", ok_close=closers + "\"'", spaced=bool(t.quote_space))


def _cls(ch: str) -> str:
    """Context class of a neighbouring character: S(pace/edge), W(ord), P(unct), C(lose
    bracket), O(pening punctuation), X (other)."""
    if not ch or ch.isspace():
        return "S"
    if ch.isalnum() or ch in "%$€£¥#@&*+":
        return "W"
    if ch in CLOSING_PUNCT:
        return "P"
    if ch in CLOSING_BRACKETS:
        return "C"
    if ch in OPENING_PUNCT:
        return "O"
    return "X"


class _Classes(dict[str, str]):
    """``_cls`` of each character, worked out on first sight: _scan asks it twice per mark.
    It keeps at most a few thousand characters, whatever the input."""

    def __missing__(self, ch: str) -> str:
        c = _cls(ch)
        if len(self) < 4096:
            self[ch] = c
        return c


_CLASSES = _Classes()
# The kind of each mark's first character.
_KINDS = {
    **dict.fromkeys(DOUBLE_MARKS, "double"),
    **dict.fromkeys(SINGLE_MARKS, "single"),
    **dict.fromkeys("「」", "corner"),
    **dict.fromkeys("『』", "white-corner"),
}


@dataclass
class QuoteModel:
    text: str
    lang: str
    marks: list[Mark]
    quotations: list[Quotation]
    # Document habits, learnt from the document's own well-formed quotations.
    punct_inside: bool  # whole-sentence quotations end "…end.”" rather than "…end”."
    prefers_straight: bool  # more straight pairs than curly ones
    _starts: list[int] = field(default_factory=list, repr=False)
    _q_starts: list[int] = field(default_factory=list, repr=False)
    _q_max_end: list[int] = field(default_factory=list, repr=False)
    _doubles_per_line: dict[int, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._starts = [m.start for m in self.marks]
        self._q_starts = [q.start for q in self.quotations]
        best = -1
        for q in self.quotations:
            best = max(best, q.end)
            self._q_max_end.append(best)
        for m in self.marks:
            if m.kind == "double":
                self._doubles_per_line[m.line] = self._doubles_per_line.get(m.line, 0) + 1

    @classmethod
    def build(
        cls,
        text: str,
        lang: str = "en",
        is_protected: Callable[[int, int], bool] | None = None,
        *,
        regions: Sequence[tuple[int, int, int]] | None = None,
        habits: tuple[int, int, int, int] = (0, 0, 0, 0),
    ) -> QuoteModel:
        """Model ``text``.  ``is_protected(start, end)`` says which marks lie in URLs or code
        (``Document.is_protected``, whose spans are cached per document); by default the
        shared :func:`textfix.spans.protected_spans` is used.

        ``regions`` (start, end, line of start), in order and apart, limits the marks to those
        spans of whole lines; the caller vouches that the rest of the text holds only
        quotations that pair within their line and leave the pairing state as they found it
        (the quotes pass's plain lines), and gives their ``habits``: how many whole-sentence
        quotations end with the punctuation inside and outside, and how many double pairs
        are straight and curly, which the document's habits count with the modelled ones."""
        if is_protected is None:
            is_protected = protected_spans(text).overlaps
        marks = _scan(text, is_protected, regions)
        _assign_roles(text, marks, lang)
        quotations = _quotations(text, marks)
        inside, outside, straight, curly = habits
        for q in quotations:
            o, c = marks[q.opener], marks[q.closer]
            if o.kind == "double":
                if o.straight and c.straight:
                    straight += 1
                elif not o.straight and not c.straight:
                    curly += 1
            if q.whole_sentence and c.space_before == 0:
                before = text[c.start - 1 : c.start]
                after = text[c.end : c.end + 1]
                if before in ".,!?":
                    inside += 1
                elif after in (".", ","):
                    outside += 1
        return cls(
            text=text,
            lang=lang,
            marks=marks,
            quotations=quotations,
            punct_inside=inside >= outside,
            prefers_straight=straight > curly,
        )

    def unpaired(self) -> Iterable[Mark]:
        return (m for m in self.marks if m.unpaired)

    def mark_at(self, offset: int) -> Mark | None:
        i = bisect.bisect_left(self._starts, offset)
        if i < len(self.marks) and self.marks[i].start == offset:
            return self.marks[i]
        return None

    def quotation_of(self, mark_index: int) -> Quotation | None:
        m = self.marks[mark_index]
        if m.partner < 0:
            return None
        o = mark_index if m.role is Role.OPEN else m.partner
        i = bisect.bisect_left(self._q_starts, self.marks[o].start)
        if i < len(self.quotations) and self.quotations[i].opener == o:
            return self.quotations[i]
        return None

    def inside_quotation(self, offset: int) -> bool:
        """True when ``offset`` lies between a paired opener and its closer."""
        i = bisect.bisect_left(self._q_starts, offset)  # quotations opening before offset
        return i > 0 and self._q_max_end[i - 1] > offset

    def double_marks_on_line(self, line: int) -> int:
        return self._doubles_per_line.get(line, 0)


def _scan(
    text: str, is_protected: Callable[[int, int], bool], regions: Sequence[tuple[int, int, int]] | None = None
) -> list[Mark]:
    marks: list[Mark] = []
    n = len(text)
    # Runs of adjacent marks, so each mark finds the ends of its run by bisection: walking
    # the run from every mark in it was quadratic on a long run of quotes.  Found only when a
    # mark touches another: most texts have none.
    # Of the region being scanned (a run holds no line break, so none crosses a region's end).
    runs: list[tuple[int, int]] = []
    run_starts: list[int] = []
    span = (0, n)

    def run_of(pos: int) -> tuple[int, int]:
        if not runs:
            runs.extend(r.span() for r in MARK_RUN_RE.finditer(text, *span))
            run_starts.extend(a for a, _ in runs)
        return runs[bisect.bisect_right(run_starts, pos) - 1]

    for start, end, line in regions if regions is not None else ((0, n, 0),):
        if runs:
            runs.clear()
            run_starts.clear()
        span = (start, end)
        # Most texts have nothing protected: one question (often none) then spares one per mark.
        any_protected = marks_may_be_protected(text[start:end] if regions else text) and is_protected(start, end)
        next_nl = text.find("\n", start)
        for m in QUOTE_SCAN.finditer(text, start, end):
            s, e = m.span()
            while 0 <= next_nl < s:
                line += 1
                next_nl = text.find("\n", next_nl + 1)
            if any_protected and is_protected(s, e):
                continue
            ch = m.group()
            kind = _KINDS[ch[0]]
            # Horizontal spaces on each side; a neighbouring quote mark is looked through, so
            # nested marks (”’, “‘) take the context of the word they touch.
            i = s
            while i > 0 and text[i - 1] in " \t\u00a0\u202f":
                i -= 1
            sb = s - i
            j = i
            if j > 0 and text[j - 1] in ALL_MARKS and sb == 0:
                j = run_of(j - 1)[0]
            prev = text[j - 1] if j > 0 else ""
            if sb:
                prev = " "
            k = e
            while k < n and text[k] in " \t\u00a0\u202f":
                k += 1
            sa = k - e
            k2 = k
            if k2 < n and text[k2] in ALL_MARKS and sa == 0:
                k2 = run_of(k2)[1]
            nxt = " " if sa else (text[k2] if k2 < n else "")
            L, R = _CLASSES[prev], _CLASSES[nxt]
            # A slash joins alternatives ("yes”/”no"): it ends what precedes and starts what follows.
            if prev == "/":
                L = "O"
            if nxt == "/":
                R = "P"
            marks.append(Mark(s, e, ch, kind, line, _SHAPES[L, R, prev == ":"], sb, sa))
    return marks


def _shape(L: str, R: str, after_colon: bool) -> str:
    """A mark's shape from the classes (_cls) of the characters before and after it."""
    if L in "SO":
        return "free" if R == "S" else "close" if R in "PC" else "open"
    if L in "WC" or (L == "P" and not after_colon):
        return "close" if R in "SPC" else "inner"
    if L == "P":  # after a colon: "said:“Yes" opens, "said:” " closes
        return "close" if R in "SPC" else "open"
    return "inner"


# Every shape _scan can ask for, computed once: a lookup per mark instead of the branches.
_SHAPES = {(L, R, c): _shape(L, R, c) for L in "SWPCOX" for R in "SWPCOX" for c in (False, True)}


def _is_apostrophe(text: str, mk: Mark, single_open: bool) -> Role | None:
    """Apostrophe or prime reading of a single mark, or None when it is a quote."""
    g = mk.glyph
    s, e = mk.start, mk.end
    prev = text[s - 1 : s]
    nxt = text[e : e + 1]
    if g in "'’‘":
        if prev.isalnum() and nxt.isalnum():
            return Role.APOSTROPHE  # don’t, O’Brien, rock'n'roll, and the mistyped Editor‘s
        if g == "‘" and prev.isalpha() and not nxt.isalnum() and not single_open:
            return Role.APOSTROPHE  # Students‘ Organisation
        if prev.isdigit() and not single_open:
            return Role.PRIME  # 5' 10", 45'
        if prev.isalpha() and not nxt.isalnum() and not single_open:
            return Role.APOSTROPHE  # students’, goin’
        # A slice, not match(text, pos): the regex module's match at a position costs time in
        # proportion to the whole string, which goes quadratic over a long document.
        if (not prev or not prev.isalnum()) and ELISION_RE.match(text[e : e + 8]) and not single_open:
            return Role.APOSTROPHE  # ’90s, ’em
    if g == "‘" and (not prev or prev.isspace()) and DECADE_RE.match(text[e : e + 4]):
        return Role.APOSTROPHE  # ‘90s typed with the wrong glyph: not a quotation either
    return None


def _line_start(text: str, i: int) -> bool:
    j = i
    while j > 0 and text[j - 1] in " \t\u00a0\u202f":
        j -= 1
    return j == 0 or text[j - 1] == "\n"


def _sentence_start(text: str, i: int) -> bool:
    """True when the mark at ``i`` begins a line or follows the end of a sentence."""
    j = i
    while j > 0 and text[j - 1] in " \t\u00a0\u202f":
        j -= 1
    if j == 0 or text[j - 1] == "\n":
        return True
    return text[j - 1] in SENTENCE_END or (text[j - 1] in ALL_MARKS and j < i)


def _assign_roles(text: str, marks: list[Mark], lang: str) -> None:  # noqa: C901  one ordered decision list per quote mark, on a hot path: a split costs calls per mark
    style = quote_style(lang)
    closing_only = set(style.ok_close) - set(style.ok_open)
    opening_only = set(style.ok_open) - set(style.ok_close)
    n = len(text)
    stack: list[int] = []  # indices of open marks
    cur_line = 0
    for idx, mk in enumerate(marks):
        if mk.line != cur_line:
            cur_line = mk.line
            # Single quotations do not run over lines; double ones wait MAX_CARRY_LINES.
            stack = [o for o in stack if marks[o].kind == "double" and cur_line - marks[o].line <= MAX_CARRY_LINES]
        kind = mk.kind
        open_of_kind = -1
        for o in reversed(stack):
            if marks[o].kind == kind:
                open_of_kind = o
                break
        g = mk.glyph
        if kind == "corner" or kind == "white-corner":
            role = Role.OPEN if g in "「『" else Role.CLOSE
        elif mk.char == '""' and mk.shape not in ("open", "close"):
            role = Role.UNKNOWN  # an empty string (name="", x = ""), not a doubled quote
        else:
            role = None
            if kind == "single":
                role = _is_apostrophe(text, mk, open_of_kind >= 0)
            elif g == '"' and mk.end - mk.start == 1 and open_of_kind < 0:
                prev = text[mk.start - 1 : mk.start]
                if prev.isdigit() and not text[mk.end : mk.end + 1].isalpha():
                    role = Role.PRIME  # 10" pipe, 5' 10"
            if role is None:
                if mk.shape == "open":
                    role = Role.OPEN
                elif mk.shape == "close":
                    role = Role.CLOSE
                    if (
                        open_of_kind < 0
                        and g in opening_only
                        and mk.space_after
                        and text[mk.start - 1 : mk.start].isalnum()
                        and _closer_follows(marks, idx, closing_only)
                    ):
                        # "the“ water-fish-bird”": an opener whose space went to the wrong side.
                        role = Role.OPEN
                        mk.misspaced = True
                elif mk.shape == "free" and _line_start(text, mk.start):
                    role = Role.OPEN  # "“ The law…" at the start of a line opens (or reopens)
                elif style.spaced and mk.shape == "free" and g in opening_only:
                    role = Role.OPEN  # French spaces every guillemet: the glyph tells
                elif style.spaced and mk.shape == "free" and g in closing_only:
                    role = Role.CLOSE
                elif open_of_kind >= 0:
                    role = Role.CLOSE
                elif mk.shape == "free" and _comma_then_lower(text, mk):
                    role = Role.CLOSE  # ‘…in this regard, " said her lawyers’
                elif mk.shape == "free" and (mk.end + mk.space_after >= n or text[mk.end + mk.space_after] == "\n"):
                    role = Role.CLOSE  # nothing follows on the line: it cannot open anything
                elif mk.shape == "free" and g in closing_only:
                    role = Role.CLOSE  # a spaced ” with nothing open: its glyph is the only clue
                else:
                    role = Role.OPEN
        mk.role = role if role is not None else Role.UNKNOWN
        if role is Role.OPEN:
            if kind == "double" and open_of_kind >= 0 and stack[-1] == open_of_kind and _sentence_start(text, mk.start):
                # Multi-paragraph convention: the open quotation is left open and this
                # opener takes it up again.
                marks[open_of_kind].continued = True
                mk.reopens = True
                stack.pop()
            stack.append(idx)
        elif role is Role.CLOSE and open_of_kind >= 0:
            while stack and stack[-1] != open_of_kind:
                stack.pop()
            stack.pop()
            mk.partner = open_of_kind
            marks[open_of_kind].partner = idx
            marks[open_of_kind].continued = False


def _closer_follows(marks: list[Mark], idx: int, closing_only: set[str]) -> bool:
    """The next mark of the same kind, on the same line, is a closing glyph shaped as a closer."""
    mk = marks[idx]
    for j in range(idx + 1, len(marks)):
        nx = marks[j]
        if nx.line != mk.line:
            return False
        if nx.kind == mk.kind:
            return nx.glyph in closing_only and nx.shape == "close"
    return False


def _comma_then_lower(text: str, mk: Mark) -> bool:
    j = mk.start - mk.space_before
    if text[j - 1 : j] != ",":
        return False
    k = mk.end + mk.space_after
    return text[k : k + 1].islower()


def _quotations(text: str, marks: list[Mark]) -> list[Quotation]:
    out = []
    for i, mk in enumerate(marks):
        if mk.role is Role.OPEN and mk.partner >= 0:
            c = marks[mk.partner]
            whole = mk.reopens or _sentence_start(text, mk.start)
            out.append(Quotation(i, mk.partner, mk.start, c.end, whole))
    return out
