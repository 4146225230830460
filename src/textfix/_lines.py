"""Line-level facts that several passes ask about the line holding a match.

Asked once per match, a fact about "the whole line" costs the line's length each time, which
is quadratic on one long line full of matches; :class:`TitleLines` reads each line once.
"""

from __future__ import annotations

import regex

TITLE_WORD_RE = regex.compile(r"\p{L}[\p{L}'’\-]*")


def is_title_line(line: str) -> bool:
    """A headline or title in title case: of at least two words of four letters or more, at
    least 70% are capitalised (short function words are lower case in title case)."""
    long_words = [w for w in TITLE_WORD_RE.findall(line) if len(w) >= 4]
    return len(long_words) >= 2 and sum(w[0].isupper() for w in long_words) * 10 >= len(long_words) * 7


class TitleLines:
    """``is_title_line`` of the line holding an offset.

    Offsets are expected in increasing order (``finditer``); the current line is cached, and
    the search for the next line's start begins where the cached line ended, so every
    character is read a bounded number of times.  An offset before the cached line is still
    answered correctly, by a search from the start of the text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.start, self.end, self.title = 0, -1, False

    def at(self, i: int) -> bool:
        if self.start <= i <= self.end:
            return self.title
        text = self.text
        lo = self.end + 1 if i > self.end else 0
        k = text.rfind("\n", lo, i)
        self.start = k + 1 if k >= 0 else lo
        le = text.find("\n", i)
        self.end = le if le >= 0 else len(text)
        self.title = is_title_line(text[self.start : self.end])
        return self.title
