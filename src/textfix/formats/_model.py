"""What every format reader gives back: units, their protected markup, and a way to write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textfix.model import Finding

__all__ = ["FileFinding", "Parsed", "Unit"]


@dataclass(frozen=True)
class Unit:
    """One translatable segment of a file.

    ``id`` is the msgid (PO), the trans-unit/unit id (XLIFF), the tuid (TMX) or the cue
    number (subtitles); ``context`` is the msgctxt (PO) or the target language (TMX).
    ``target`` is the text textfix checks and repairs; inline markup in it is rendered as
    short tags (``<x id=1/>``, ``<g id=2>``...) whose spans are listed in ``protected``.
    ``states`` holds ``fuzzy``, ``obsolete``, ``untranslated``, ``needs-review`` or
    ``no-translate``; ``line`` is the 1-based line of the file where the target starts.
    """

    index: int
    id: str
    source: str | None
    target: str
    line: int
    context: str | None = None
    states: frozenset[str] = frozenset()
    protected: tuple[tuple[int, int], ...] = ()
    # False when the target's raw form holds something the writer will not touch (a comment
    # or CDATA inside an XLIFF target): such a unit is checked but never rewritten.
    writable: bool = True
    # (offset in target, file line) where each stretch of the target starts, when the file
    # spreads it over lines its own way (a PO string's quoted pieces); else lines count on
    # from ``line`` at each newline of the target.
    line_starts: tuple[tuple[int, int], ...] = ()
    # A plural form of a PO entry (msgstr[n]): it may name its count in words ("one hour").
    plural: bool = False

    def skipped(self, include_fuzzy: bool = False) -> str | None:
        """Why this unit is not checked (a state name), or None when it is."""
        for s in ("obsolete", "untranslated", "no-translate"):
            if s in self.states:
                return s
        if not include_fuzzy:
            for s in ("fuzzy", "needs-review"):
                if s in self.states:
                    return s
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "id": self.id,
            "context": self.context,
            "source": self.source,
            "target": self.target,
            "line": self.line,
            "states": sorted(self.states),
        }


@dataclass
class Parsed:
    """A parsed file: its units and the function that writes new targets back into it.

    ``write(new_targets)`` takes ``{unit index: new target}`` and returns the file's text
    with only those targets changed.  ``token_spans`` lists, per unit, the spans of the
    inline elements that split its target into the file's text runs (XML formats); the
    writer is then told where the fix guard found them afterwards.
    """

    format: str
    units: list[Unit]
    write: Callable[..., str] = field(repr=False)
    token_spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class FileFinding:
    """A finding in one unit of a file: the unit says where, the finding says what."""

    unit: Unit
    finding: Finding

    @property
    def line(self) -> int:
        """The file's line where the finding starts."""
        return self._line_of(self.finding.start, self.finding.line)

    def _line_of(self, offset: int, line_in_target: int) -> int:
        starts = self.unit.line_starts
        if starts:
            line = starts[0][1]
            for off, ln in starts:
                if off > offset:
                    break
                line = ln
            return line
        return self.unit.line + line_in_target - 1

    def to_dict(self) -> dict[str, Any]:
        """The finding's JSON form with ``line``/``end_line`` in the file; ``start``, ``end``,
        ``column`` and the edits count in the unit's target, which ``unit`` names."""
        d = self.finding.to_dict()
        d["line"] = self.line
        d["end_line"] = self._line_of(max(self.finding.end - 1, self.finding.start), self.finding.end_line)
        d["unit"] = {"index": self.unit.index, "id": self.unit.id, "context": self.unit.context}
        return d
