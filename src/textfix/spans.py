"""Regions of a text that no pass may edit: URLs, e-mail addresses, code spans, command-line
options.

Shared so no pass writes its own URL pattern.  ``Document.protected`` uses these.
"""

from __future__ import annotations

import bisect

import regex

__all__ = ["PROTECTED_RE", "LineSpans", "SpanSet", "marks_may_be_protected", "protected_spans"]

# A URL runs to the next whitespace; trailing sentence punctuation is not part of it, but a
# pass must not edit inside it either way, so the span is kept generous.
PROTECTED_RE = regex.compile(
    r"""
    (?:https?|ftp)://\S+                      # URL with scheme
  | \bwww\.\S+                                # bare www. URL
  | (?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+  # e-mail address, tried only where its run starts
  | `[^`\n]+`                                 # inline code
  | (?<![^\s(\[])(?:                         # a command-line option, at a token's start:
        --[A-Za-z][\w.+-]*(?:=\S*)?              #   --help, --as-needed, --std=c++17
      | -[A-Za-z][\w.+]*(?:[,=]|--)\S*           #   -Wl,--as-needed, -DNAME=1, -fexternal--templates
    )
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
# Bare domains are found in two linear steps: a possessive scan for each run of dotted
# labels, tried only where a run starts, then the run's last ``.tld``.  One backtracking
# pattern (labels, then ``\.tld``) tried at every word start was quadratic on a long run
# such as ``a.a.a.a…``.
DOMAIN_RUN_RE = regex.compile(r"(?<![\w-])(?<![\w-]\.)-*+\b[\w-]++(?:\.[\w-]++)*+")
TLD_RE = regex.compile(r"\.(?:com|org|net|gov|edu|io|de|fr|uk|ru|cn|jp|cz|ua)\b", regex.IGNORECASE)
PATH_RE = regex.compile(r"/\S*")


class SpanSet:
    """Sorted, non-overlapping spans with a fast overlap test."""

    __slots__ = ("ends", "starts")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def __bool__(self) -> bool:
        return bool(self.starts)

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` touches the inside of any span."""
        if not self.starts:
            return False
        i = bisect.bisect_right(self.starts, max(start, end - 1)) - 1
        if i < 0:
            return False
        return self.ends[i] > start and self.starts[i] < max(end, start + 1)


# What every match of PROTECTED_RE or a domain run must contain, one alternative each: a text
# without any of these has no protected span.  Checking it first is ten times cheaper than
# running the patterns; almost no segment of running text holds one.  (Scoped (?i:...) groups
# behind a literal: with a top-level IGNORECASE alternation regex tries every position.)
WWW_RE = regex.compile(r"(?i:www)\.")
_TLD_HINT_RE = regex.compile(r"\.(?i:com|org|net|gov|edu|io|de|fr|uk|ru|cn|jp|cz|ua)")
# A hyphen that starts a token (after a blank, ``(`` or ``[``, or at the start) and is
# followed by a letter or a hyphen: where a command-line option can start.  The flag as in
# PROTECTED_RE (a case-insensitive ``[a-z]`` also takes the Kelvin sign).
OPTION_START_RE = regex.compile(r"-(?<![^\s(\[]-)[-a-z]", regex.IGNORECASE)
# An option without ``--`` anywhere in the text needs ``,`` or ``=`` in its token.
_OPTION_HINT_RE = regex.compile(r"-(?<![^\s(\[]-)[a-z][\w.+]*[,=]", regex.IGNORECASE)


def _may_be_protected(text: str) -> bool:
    """Whether ``text`` holds a mark that every protected span needs (a superset: the tests
    compare the spans found with and without asking this)."""
    return (
        "://" in text
        or "@" in text
        or "`" in text
        or "--" in text
        or WWW_RE.search(text) is not None
        or _TLD_HINT_RE.search(text) is not None
        or _OPTION_HINT_RE.search(text) is not None
    )


# Each alternative of PROTECTED_RE contains one of these, at a known distance from where its
# match starts: a scheme ends 3 to 5 characters before ``://``; ``www.`` and a backquote start
# their match; an e-mail address starts where the run of its local part before ``@`` starts;
# a command-line option starts at a hyphen that starts a token (OPTION_START_RE).
# Trying PROTECTED_RE only at those starts, in order, finds what ``finditer`` finds, in time
# linear in the text: ``finditer`` itself tries the e-mail alternative at every word start.
# The marks are found with str.find (and WWW_RE).
_LOCAL_PART_BEFORE = regex.compile(r"[\w.+-]+", regex.REVERSE)
# A run of DOMAIN_RUN_RE lies inside a stretch of these characters: only the stretches that
# hold a top-level domain need the run scan.
_STRETCH_BEFORE = regex.compile(r"[\w.-]*+", regex.REVERSE)
_STRETCH = regex.compile(r"[\w.-]*+")


_NONE = SpanSet([])  # shared: a SpanSet is not changed once made


def protected_spans(text: str) -> SpanSet:
    if not _may_be_protected(text):
        return _NONE
    spans = _pattern_spans(text)
    covered = 0
    done = 0
    for hit in TLD_RE.finditer(text):
        if hit.start() < done:
            continue  # its stretch was scanned
        a = _STRETCH_BEFORE.match(text, 0, hit.start()).start()
        done = _STRETCH.match(text, hit.start()).end()
        for run in DOMAIN_RUN_RE.finditer(text, a, done):
            start, end = run.span()
            if start < covered:
                continue  # inside the path of the domain before
            last = None
            for last in TLD_RE.finditer(text, start, end):  # noqa: B007  the last one is wanted
                pass
            if last is None or last.start() == start:
                continue
            stop = last.end()
            if stop == end:
                path = PATH_RE.match(text, stop)
                stop = path.end() if path else stop
            spans.append((start, stop))
            covered = stop
    return SpanSet(spans)


class LineSpans:
    """``protected_spans`` of a text of many lines, found line by line as they are asked.

    No protected span holds a line break (each alternative runs over non-blanks, or stops at
    one, and its look-behinds take a line break as they take the start of a text), so the
    spans of a line alone are the whole text's spans on that line.  A file's passes ask about
    a few of its lines: they then cost those lines, not a scan of the whole file per version
    of it (issue 15).  A question over many lines is answered from the spans of the whole."""

    __slots__ = ("_by_line", "_starts", "_text", "_whole")

    # A question over more lines than this scans the whole text once instead.
    MAX_LINES = 64

    def __init__(self, text: str, starts: list[int]) -> None:
        self._text = text
        self._starts = starts  # of each line (Document.line_col's)
        self._by_line: dict[int, SpanSet] = {}
        self._whole: SpanSet | None = None

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` touches the inside of any span (SpanSet.overlaps)."""
        if self._whole is not None:
            return self._whole.overlaps(start, end)
        starts = self._starts
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, max(start, end - 1)) - 1
        if last - first > self.MAX_LINES:
            self._whole = protected_spans(self._text)
            return self._whole.overlaps(start, end)
        text = self._text
        for n in range(first, last + 1):
            spans = self._by_line.get(n)
            if spans is None:
                ls = starts[n]
                le = text.find("\n", ls)
                line = text[ls : le if le >= 0 else len(text)]
                spans = protected_spans(line)
                if spans:
                    spans = SpanSet([(a + ls, b + ls) for a, b in zip(spans.starts, spans.ends, strict=True)])
                self._by_line[n] = spans
            if spans.overlaps(start, end):
                return True
        return False


def _pattern_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``PROTECTED_RE.finditer(text)``, trying the pattern only where a match
    can start (the marks named above)."""
    starts: set[int] = set()
    i = text.find("://")
    while i >= 0:
        starts.update(range(max(0, i - 5), max(0, i - 2)))
        i = text.find("://", i + 1)
    i = text.find("@")
    while i >= 0:
        run = _LOCAL_PART_BEFORE.match(text, 0, i)
        if run is not None:
            starts.add(run.start())
        i = text.find("@", i + 1)
    i = text.find("`")
    while i >= 0:
        starts.add(i)
        i = text.find("`", i + 1)
    starts.update(m.start() for m in WWW_RE.finditer(text))
    starts.update(m.start() for m in OPTION_START_RE.finditer(text))
    spans = []
    pos = 0
    for start in sorted(starts):
        if start < pos:
            continue
        m = PROTECTED_RE.match(text, start)
        if m is not None:
            spans.append(m.span())
            pos = m.end()
    return spans


def marks_may_be_protected(text: str) -> bool:
    """False when no quote mark or bracket of ``text`` can lie in a URL, e-mail address or
    code span.

    Each span of ``protected_spans`` that can hold such a mark needs one of these (keep this
    beside them): a URL has
    ``/`` (``://``) or ``www.``, an e-mail address ``@``, code a backquote; a bare domain is
    made of word characters, ``.`` and ``-`` only, unless a ``/path`` follows it.  Asking this
    costs a few ``in`` tests; finding the spans costs a regex scan of the text.
    """
    # A command-line option starts a token with ``--``, or with ``-x`` and holds ``=`` or
    # ``,``; a mark inside one (``--name="x"``, ``-DNAME='a'``) is found by those.
    return (
        "/" in text
        or "@" in text
        or "`" in text
        or "w." in text
        or "W." in text
        or "--" in text
        or ((" -" in text or "(-" in text or "[-" in text or text[:1] == "-") and ("=" in text or "," in text))
    )
