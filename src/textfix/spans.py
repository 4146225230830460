"""Regions of a text that no pass may edit: URLs, e-mail addresses, code spans, command-line
options.

Shared so no pass writes its own URL pattern.  ``Document.protected`` uses these.
"""

from __future__ import annotations

import bisect

import regex

__all__ = ["PROTECTED_RE", "SpanSet", "marks_may_be_protected", "protected_spans"]

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
# such as ``a.a.a.a…`` (100 KB took minutes).
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


# What every match of PROTECTED_RE must contain, one alternative each (same flags, so the
# same case folding): a text without any of these has no protected span.  Checking it
# first is ten times cheaper than running PROTECTED_RE, which tries its e-mail and domain
# alternatives at every letter; almost no segment of running text holds one.
PROTECTED_HINT_RE = regex.compile(
    r"://|www\.|@|`|--\p{L}|(?<![^\s(\[])-\p{L}[\w.+]*[,=]|\.(?:com|org|net|gov|edu|io|de|fr|uk|ru|cn|jp|cz|ua)", regex.IGNORECASE
)


def protected_spans(text: str) -> SpanSet:
    if PROTECTED_HINT_RE.search(text) is None:
        return SpanSet([])
    spans = [m.span() for m in PROTECTED_RE.finditer(text)]
    covered = 0
    for run in DOMAIN_RUN_RE.finditer(text):
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
    return "/" in text or "@" in text or "`" in text or "w." in text or "W." in text or "--" in text or (
        (" -" in text or "(-" in text or "[-" in text or text[:1] == "-") and ("=" in text or "," in text)
    )
