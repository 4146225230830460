"""Per-character ``str.translate`` tables worked out on first sight of each character.

A table over every code point would cost memory and start-up time for characters a run never
meets; a table that only grows would hold every character an adversarial text shows it (over a
million).  A :class:`CharTable` keeps the first ``limit`` characters it meets and works out any
other on each sight, which gives the same translation.
"""

from __future__ import annotations

from collections.abc import Callable


class CharTable(dict[int, str]):
    """A ``str.translate`` table: ``rule(ch)`` for the character at each code point, kept
    for at most ``limit`` characters."""

    __slots__ = ("_limit", "_rule")

    def __init__(self, rule: Callable[[str], str], limit: int = 1 << 16) -> None:
        super().__init__()
        self._rule = rule
        self._limit = limit

    def __missing__(self, code: int) -> str:
        out = self._rule(chr(code))
        if len(self) < self._limit:
            self[code] = out
        return out
