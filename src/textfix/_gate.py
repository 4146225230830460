"""Translate pass triggers (``regex`` patterns) into RE2 patterns that match a superset.

Why: the pipeline must decide cheaply which passes, and which of their rules, have anything
to do on a text.  RE2's ``Set`` matches many patterns in one linear scan and reports which
of them matched, far cheaper than searching the triggers one by one with ``regex``
(benchmarks/results/throughput.md).  RE2 lacks backreferences, lookaround, possessive
quantifiers and Unicode ``\\b``; so the translation is allowed to *widen* a trigger (drop a
lookaround, turn a backreference into "anything") but never to narrow it.  Every positive
class also admits what RE2's own tables call unassigned, so a character that a newer
``regex`` knows and the installed RE2 does not is still matched: the translation is a
superset on any pair of installed versions.  ``translate`` says whether the result is exact
(the built-in triggers are, and a test asserts it); a widened one only costs time.
Anything this translator does not understand makes it give up (``None``), and the pipeline
then searches the pass's own trigger.

Only what a trigger needs is handled: ``regex`` version-0 syntax, the flags i, m, s, x.
A widening is always safe for the pipeline's results: a pass whose trigger does not
match yields nothing, so calling it on a text its trigger would have skipped changes only
the time taken.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import regex

__all__ = [
    "UNASSIGNED",
    "WHITESPACE_CLASS",
    "RE2Set",
    "Untranslatable",
    "quick_search",
    "re2_options",
    "to_re2",
    "translate",
]


class Untranslatable(ValueError):
    pass


# regex's \s (Unicode White_Space), listed so RE2 (whose \s is ASCII) gets the same set.
# tests/test_gate.py checks this against regex over every code point.
WHITESPACE_CLASS = r"\x{9}-\x{d}\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
# A superset of regex's \w (Alphabetic, marks, decimal digits, connector punctuation, joiners).
WORD_SUPERSET = r"\pL\pM\pN\p{Pc}\p{So}\x{200c}\x{200d}"
# A subset of regex's \w, whose complement is a superset of \W.
WORD_SUBSET = r"\pL\p{Nd}_"
ANY = r"(?s:.)"

# What RE2 considers unassigned: the complement of every general category it knows.  regex
# ships newer Unicode tables than RE2, so a character regex puts in a category may be
# unassigned for RE2; every positive category (and \d, \w) also admits this class, which keeps
# the translation a superset whatever newer tables the installed regex has, with no list of
# code points tied to versions.  The other direction (RE2 newer than regex) would narrow a
# negated category; tests/test_gate.py checks, on the versions installed, that every category
# and its negation stay supersets.
UNASSIGNED = r"[^\pL\pM\pN\pP\pS\pZ\pC]"


def _or_unassigned(re2_class: str) -> str:
    return f"(?:{re2_class}|{UNASSIGNED})"


# General categories mean the same in both engines; scripts and binary properties may not
# (regex reads \p{Latin} as Script_Extensions), so those widen to "any character".
CATEGORIES = frozenset(
    "L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Co".split()
)
# Categories a character does not leave once assigned, in practice and in the versions tested:
# the major classes (a character moves within one, as U+0295 did from Ll to Lo) and Nd (decimal
# digits, stable by Unicode's policy).  Other subcategories widen to their major class.
STABLE_CATEGORIES = frozenset("L M N P S Z C Nd".split())
_SIMPLE_ESCAPES = {"n": r"\n", "t": r"\t", "r": r"\r", "f": r"\f", "v": r"\v", "a": r"\x{7}"}
_FLAG_LETTERS = {regex.IGNORECASE: "i", regex.MULTILINE: "m", regex.DOTALL: "s"}
_UNSUPPORTED_FLAGS = (
    regex.VERSION1
    | regex.FULLCASE
    | regex.WORD
    | regex.ASCII
    | regex.LOCALE
    | regex.REVERSE
    | (regex.BESTMATCH | regex.ENHANCEMATCH | regex.POSIX)
)


# Escapes outside a class with an exact RE2 form, and those whose RE2 form is wider.
_EXACT_ESCAPES = {
    "d": _or_unassigned(r"\p{Nd}"),
    "D": r"\P{Nd}",
    "s": f"[{WHITESPACE_CLASS}]",
    "S": f"[^{WHITESPACE_CLASS}]",
    "A": r"\A",
    "Z": r"\z",
    **_SIMPLE_ESCAPES,
}
_WIDENED_ESCAPES = {
    "w": _or_unassigned(f"[{WORD_SUPERSET}]"),
    "W": f"[^{WORD_SUBSET}]",
    # RE2's \b is ASCII-only; leaving the assertion out only widens.
    "b": "",
    "B": "",
}


def _hex(cp: int) -> str:
    return f"\\x{{{cp:x}}}"


def _is_surrogate(cp: int) -> bool:
    return 0xD800 <= cp <= 0xDFFF


class _Translator:
    def __init__(self, pattern: str, verbose: bool) -> None:
        self.p = pattern
        self.i = 0
        self.verbose = verbose
        self.exact = True

    # -- helpers -------------------------------------------------------------------------
    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.p[j] if j < len(self.p) else ""

    def widen(self) -> None:
        self.exact = False

    def skip_verbose(self) -> None:
        while self.verbose and self.i < len(self.p):
            ch = self.p[self.i]
            if ch.isspace():
                self.i += 1
            elif ch == "#":
                nl = self.p.find("\n", self.i)
                self.i = len(self.p) if nl < 0 else nl + 1
            else:
                break

    def read_codepoint_escape(self) -> int | None:
        """After a backslash at self.i: \\xhh, \\uhhhh, \\Uhhhhhhhh, \\N... -> code point."""
        ch = self.peek()
        widths = {"x": 2, "u": 4, "U": 8}
        if ch in widths:
            if ch == "x" and self.peek(1) == "{":
                end = self.p.find("}", self.i)
                digits = self.p[self.i + 2 : end]
                self.i = end + 1
            else:
                digits = self.p[self.i + 1 : self.i + 1 + widths[ch]]
                self.i += 1 + widths[ch]
            try:
                return int(digits, 16)
            except ValueError:
                raise Untranslatable(f"bad escape \\{ch}{digits}") from None
        if ch == "0":
            self.i += 1
            return 0
        return None

    # -- the grammar ---------------------------------------------------------------------
    def alternation(self, depth: int) -> str:
        parts = []
        out: list[str] = []
        while True:
            self.skip_verbose()
            if self.i >= len(self.p):
                if depth:
                    raise Untranslatable("unbalanced parenthesis")
                break
            ch = self.p[self.i]
            if ch == ")":
                if not depth:
                    raise Untranslatable("unbalanced parenthesis")
                break
            if ch == "|":
                self.i += 1
                parts.append("".join(out))
                out = []
                continue
            atom = self.atom(depth)
            if atom is None:
                continue
            self.skip_verbose()
            out.append(atom + self.quantifier())
        parts.append("".join(out))
        return "|".join(parts)

    def quantifier(self) -> str:
        ch = self.peek()
        q = ""
        if ch in "*+?":
            q = ch
            self.i += 1
        elif ch == "{":
            m = regex.compile(r"\{(\d*)(?:(,)(\d*))?\}").match(self.p, self.i)
            if not m or (not m.group(1) and not m.group(2)):
                return ""  # a literal brace, handled by the caller's next atom
            lo, comma, hi = m.group(1) or "0", m.group(2), m.group(3)
            if int(lo) > 1000 or (hi and int(hi) > 1000):
                raise Untranslatable("repeat count over RE2's limit")
            q = "{" + lo + ("," + hi if comma else "") + "}"
            self.i = m.end()
        else:
            return ""
        if self.peek() == "?":
            q += "?"
            self.i += 1
        elif self.peek() == "+":
            self.i += 1  # possessive: greedy matches at least as much
            self.widen()
        return q

    def atom(self, depth: int) -> str | None:
        ch = self.p[self.i]
        if ch == "(":
            return self.group(depth)
        if ch == "[":
            return self.char_class()
        if ch == "\\":
            self.i += 1
            return self.escape()
        self.i += 1
        if ch == ".":
            return "."
        if ch == "^":
            return "^"
        if ch == "$":
            # regex's $ also matches before a final newline; (?m:$) covers it.
            return "(?m:$)"
        if ch == "{":
            return r"\{"
        if ch in "*+?":
            raise Untranslatable("nothing to repeat")
        return self.literal(ord(ch))

    def literal(self, cp: int) -> str:
        if _is_surrogate(cp):
            # A text holding a surrogate cannot be encoded for RE2; the pipeline handles such
            # texts without the gate, so any character will do here.
            self.widen()
            return ANY
        ch = chr(cp)
        if ch.isascii() and not ch.isalnum():
            return "\\" + ch if ch.isprintable() and ch != " " else _hex(cp)
        return ch if ch.isprintable() else _hex(cp)

    def group(self, depth: int) -> str | None:
        p = self.p
        i = self.i + 1
        prefix = "(?:"
        verbose_before = self.verbose
        drop = False
        if p.startswith("?", i):
            rest = p[i + 1 :]
            if rest.startswith(":") or rest.startswith("|"):
                i += 2
            elif rest.startswith(("P<", "<")) and not rest.startswith(("<=", "<!")):
                i = p.index(">", i) + 1
            elif rest.startswith(("=", "!", "<=", "<!")):
                i += 2 if rest[0] in "=!" else 3
                drop = True  # lookaround: consumes nothing, so leaving it out only widens
                self.widen()
            elif rest.startswith(">"):
                i += 2  # atomic group: the plain group matches at least as much
                self.widen()
            elif rest.startswith("#"):
                self.i = p.index(")", i) + 1
                return None
            elif (g := regex.compile(r"\?[aimsux]+\)").match(p, i)) is not None:
                # A global flag: regex already put it in pattern.flags, which translate() reads.
                self.i = g.end()
                return None
            else:
                m = regex.compile(r"([imsx]*)(?:-([imsx]+))?:").match(p, i + 1)
                if not m:
                    raise Untranslatable(f"group {p[self.i : self.i + 6]!r}")
                on, off = m.group(1), m.group(2) or ""
                if "x" in on:
                    self.verbose = True
                if "x" in off:
                    self.verbose = False
                on, off = on.replace("x", ""), off.replace("x", "")
                prefix = "(?" + on + ("-" + off if off else "") + ":" if (on or off) else "(?:"
                i = m.end()
        self.i = i
        body = self.alternation(depth + 1)
        if self.peek() != ")":
            raise Untranslatable("unbalanced parenthesis")
        self.i += 1
        self.verbose = verbose_before
        if drop:
            return ""
        return prefix + body + ")"

    def escape(self) -> str:
        ch = self.peek()
        if not ch:
            raise Untranslatable("trailing backslash")
        cp = self.read_codepoint_escape()
        if cp is not None:
            return self.literal(cp)
        self.i += 1
        if ch in _EXACT_ESCAPES:
            return _EXACT_ESCAPES[ch]
        if ch in _WIDENED_ESCAPES:
            self.widen()
            return _WIDENED_ESCAPES[ch]
        if ch in "pP":
            try:
                prop = self.property(ch == "P", in_class=False)
                return prop if prop.startswith("\\P") or prop == ANY else _or_unassigned(prop)
            except _Widen:
                self.widen()
                return ANY
        if ch.isdigit() or ch == "g":
            if ch == "g":
                self.i = self.p.index(">", self.i) + 1
            else:
                while self.peek().isdigit():
                    self.i += 1
            self.widen()  # a backreference matches some text: "any text" is wider
            return r"(?s:.*)"
        if ch.isalnum():
            raise Untranslatable(f"escape \\{ch}")
        return self.literal(ord(ch))

    def property(self, negated: bool, *, in_class: bool) -> str:
        if self.peek() == "{":
            end = self.p.index("}", self.i)
            name = self.p[self.i + 1 : end]
            self.i = end + 1
        else:
            name = self.peek()
            self.i += 1
        if name.startswith("^"):
            negated, name = not negated, name[1:]
        key = name.replace("_", "").replace(" ", "")
        if "=" in key:
            prop, _, val = key.partition("=")
            key = val if prop.lower() in ("gc", "generalcategory") else ""
        if key in STABLE_CATEGORIES:
            return ("\\P" if negated else "\\p") + "{" + key + "}"
        if key in CATEGORIES and not in_class:
            # A subcategory: widen to its major class (or to anything, negated).
            self.widen()
            return ANY if negated else "\\p{" + key[0] + "}"
        raise _Widen()

    def char_class(self) -> str:
        """``[...]`` in regex version 0 (no nested sets)."""
        start = self.i
        self.i += 1
        negated = self.peek() == "^"
        if negated:
            self.i += 1
        items: list[str] = []
        widened = False
        first = True
        while True:
            ch = self.peek()
            if not ch:
                raise Untranslatable("unterminated character class")
            if ch == "]" and not first:
                self.i += 1
                break
            first = False
            if ch == "[" and self.peek(1) == ":":
                end = self.p.find(":]", self.i)
                if end < 0:
                    raise Untranslatable("bad POSIX class")
                self.i = end + 2
                widened = True
                continue
            try:
                lo = self.class_char()
            except _Widen:
                widened = True
                continue
            if isinstance(lo, str):
                items.append(lo)
                continue
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                items.extend(self.class_range(lo))
            elif not _is_surrogate(lo):
                items.append(_hex(lo))
        if widened:
            # Something in the class has no exact RE2 form: any character is wider.
            self.widen()
            return ANY
        if not items:
            # Only surrogates (or nothing): no encodable text matches a positive class.
            if negated:
                return ANY
            return r"[^\x{0}-\x{10ffff}]"
        del start
        out = "[" + ("^" if negated else "") + "".join(items) + "]"
        if not negated and any(item.startswith("\\p") for item in items):
            return _or_unassigned(out)  # see UNASSIGNED
        return out

    def class_range(self, lo: int) -> list[str]:
        """The RE2 items of the range from ``lo`` to the class character read here."""
        try:
            hi = self.class_char()
        except _Widen:
            raise Untranslatable("range to a property") from None
        if isinstance(hi, str):
            raise Untranslatable("range to a class escape")
        # Surrogates never reach RE2 (such texts skip the gate): leave them out.
        if lo < 0xD800 and hi > 0xDFFF:
            return [_hex(lo) + "-" + _hex(0xD7FF), _hex(0xE000) + "-" + _hex(hi)]
        if _is_surrogate(lo) and _is_surrogate(hi):
            return []
        lo = 0xE000 if _is_surrogate(lo) else lo
        hi = 0xD7FF if _is_surrogate(hi) else hi
        return [_hex(lo) + "-" + _hex(hi)] if lo <= hi else []

    def class_char(self) -> int | str:
        ch = self.p[self.i]
        if ch != "\\":
            self.i += 1
            return ord(ch)
        self.i += 1
        cp = self.read_codepoint_escape()
        if cp is not None:
            return cp
        ch = self.peek()
        self.i += 1
        if ch == "d":
            return r"\p{Nd}"
        if ch == "s":
            return WHITESPACE_CLASS
        if ch in "pP":
            return self.property(ch == "P", in_class=True)
        if ch in ("D", "S", "w", "W", "b"):
            raise _Widen()
        simple = {"n": 10, "t": 9, "r": 13, "f": 12, "v": 11, "a": 7}
        if ch in simple:
            return simple[ch]
        if ch.isalnum():
            raise Untranslatable(f"escape \\{ch} in a class")
        return ord(ch)


class _Widen(Exception):
    """Raised inside a class for an item with no exact RE2 form."""


def translate(pattern: regex.Pattern[str]) -> tuple[str, bool]:
    """An RE2 pattern matching at least every text ``pattern`` matches, and whether it is exact.

    Raises :class:`Untranslatable` when it cannot promise that.
    """
    if not isinstance(pattern, regex.Pattern) or not isinstance(pattern.pattern, str):
        raise Untranslatable("not a str regex pattern")
    if pattern.flags & _UNSUPPORTED_FLAGS:
        raise Untranslatable("unsupported flags")
    t = _Translator(pattern.pattern, bool(pattern.flags & regex.VERBOSE))
    try:
        body = t.alternation(0)
    except (IndexError, ValueError) as e:
        if isinstance(e, Untranslatable):
            raise
        raise Untranslatable(str(e)) from None
    flags = "".join(ch for f, ch in _FLAG_LETTERS.items() if pattern.flags & f)
    return (f"(?{flags}:{body})" if flags else body), t.exact


@functools.cache
def re2_options() -> Any:
    """The RE2 options every set here is compiled with: room for the automata of large
    alternations (gazetteers, keyword lists) without falling back to the slow engine."""
    import re2

    opts = re2.Options()
    opts.max_mem = 64 << 20
    return opts


class RE2Set:
    """Patterns (RE2 syntax) matched together in one linear scan: ``hits(text)`` says which
    of them match somewhere, by their index in ``patterns``.

    The one place that talks to RE2's set: a text RE2 cannot take (a lone surrogate does not
    encode to UTF-8) answers None, "unknown", and the caller asks its own patterns.
    """

    __slots__ = ("_match", "patterns")

    def __init__(self, patterns: Sequence[str]) -> None:
        import re2

        self.patterns = tuple(patterns)
        one_scan = re2.Set.SearchSet(re2_options())
        for k, pattern in enumerate(self.patterns):
            if one_scan.Add(pattern) != k:
                raise AssertionError("RE2 set numbering")  # pragma: no cover
        one_scan.Compile()
        # The compiled set inside the wrapper takes UTF-8 bytes and answers a list (empty for
        # no match); the wrapper's own Match encodes again and answers None for no match.
        inner = getattr(one_scan, "_set", None)
        if inner is not None and hasattr(inner, "Match"):
            self._match: Callable[[bytes], Any] = inner.Match
        else:  # pragma: no cover - another google-re2 layout
            outer = one_scan.Match
            self._match = lambda data: outer(data.decode("utf-8")) or ()

    def hits(self, text: str) -> Sequence[int] | None:
        """Indices of the patterns matching in ``text``; None when RE2 cannot read it."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None
        return self._match(data)


def to_re2(pattern: Any, *, exact: bool = False) -> str | None:
    """The RE2 form of a ``regex`` pattern (see :func:`translate`); None when it has none, when
    RE2 rejects it, or, with ``exact``, when the form is only a superset."""
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency; kept for odd platforms
        return None
    try:
        translated, is_exact = translate(pattern)
        re2.compile(translated, re2_options())
    except (Untranslatable, re2.error):
        return None
    return translated if is_exact or not exact else None


def quick_search(pattern: Any) -> Callable[[str], bool]:
    """Whether ``pattern`` matches somewhere in a text: with RE2 when its translation is
    exact (much cheaper than ``regex`` on a large alternation), else with ``pattern`` itself."""
    slow = pattern.search
    translated = to_re2(pattern, exact=True)
    if translated is None:
        return lambda text: slow(text) is not None
    one = RE2Set([translated])

    def search(text: str) -> bool:
        hits = one.hits(text)
        return bool(hits) if hits is not None else slow(text) is not None

    return search
